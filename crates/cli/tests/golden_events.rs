//! Golden check of the example article's events: every event of `events.required` in
//! `tests/data/reuters-nato-kyiv.expected.json` must be in the output of `dateline extract`.
//!
//! An expected event names its sentence by its opening words (`where`) and its actors as
//! `Name (CODE)`; the record's compact actor `code` must equal CODE. `cameo`, `plover`, and,
//! when given, `mode`, `date` and `location` (the location entity's name) must be equal.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `NATO (IGONAT)` → `IGONAT`.
fn code_of(s: &str) -> &str {
    match (s.rfind('('), s.rfind(')')) {
        (Some(a), Some(b)) if a < b => &s[a + 1..b],
        _ => s,
    }
}

/// The text of a code-point span.
fn cut(text: &str, span: &Value) -> String {
    let (a, b) = (span[0].as_u64().unwrap_or(0) as usize, span[1].as_u64().unwrap_or(0) as usize);
    text.chars().skip(a).take(b.saturating_sub(a)).collect()
}

#[test]
fn example_has_the_required_events() {
    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["extract", "--published", "2023-09-28", "examples/reuters-nato-kyiv.txt"])
        .current_dir(root())
        .output()
        .expect("run dateline");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rec: Value = serde_json::from_slice(&out.stdout).expect("one JSON record");
    let text = std::fs::read_to_string(root().join("examples/reuters-nato-kyiv.txt")).unwrap();
    let exp: Value = serde_json::from_str(&std::fs::read_to_string(root().join("tests/data/reuters-nato-kyiv.expected.json")).unwrap()).unwrap();
    let events = rec["events"].as_array().cloned().unwrap_or_default();
    let entity_name = |id: &Value| rec["entities"].as_array().and_then(|es| es.iter().find(|e| &e["id"] == id)).map(|e| e["name"].clone());
    let have: Vec<String> = events
        .iter()
        .map(|e| format!("{} {} {}->{} {} in {:?}", e["cameo"], e["mode"], e["source"]["code"], e["target"]["code"], e["date"], cut(&text, &e["span"]).get(..40)))
        .collect();
    for want in exp["events"]["required"].as_array().unwrap() {
        let found = events.iter().any(|e| {
            let same = |k: &str| want.get(k).is_none_or(|w| &e[k] == w);
            cut(&text, &e["span"]).starts_with(want["where"].as_str().unwrap_or(""))
                && same("cameo")
                && same("plover")
                && same("mode")
                && same("date")
                && e["source"]["code"] == code_of(want["source"].as_str().unwrap_or(""))
                && e["target"]["code"] == code_of(want["target"].as_str().unwrap_or(""))
                && want.get("location").is_none_or(|l| entity_name(&e["location"]).as_ref() == Some(l))
        });
        assert!(found, "required event {want} missing; have:\n{}", have.join("\n"));
    }
    // The negated sentence about Romania gives no un-negated event against Romania.
    assert!(!events.iter().any(|e| e["target"]["code"] == "ROU" && e["negated"] == false), "{}", have.join("\n"));
}
