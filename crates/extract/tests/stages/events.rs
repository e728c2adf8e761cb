//! Data-driven event-coding cases: `tests/data/events/cases.jsonl`, one JSON object a line:
//! `{"text", "published", "expect": [{"cameo"?, "plover"?, "source"?, "target"?, "negated"?, "hypothetical"?}]}`.
//! Every expected event must be produced (the listed fields equal); an empty `expect` means
//! no event at all. Plus the example article's required events.

use dateline_extract::{extract, record, Article, Models};
use serde_json::Value;

fn run(text: &str, published: &str) -> Value {
    let models = Models::embedded().expect("embedded models");
    let a = Article { id: "t".into(), text: text.into(), published: published.parse().ok(), ..Article::default() };
    let x = extract(&a, models);
    serde_json::to_value(record::build(&a, &x)).expect("serialise")
}

fn found(events: &[Value], want: &Value) -> bool {
    events.iter().any(|e| {
        want.as_object().is_some_and(|w| {
            w.iter().all(|(k, v)| match k.as_str() {
                "source" | "target" => e[k]["code"] == *v,
                _ => e[k] == *v,
            })
        })
    })
}

#[test]
fn cases() {
    let data = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/events/cases.jsonl")).expect("cases");
    let mut failures = Vec::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let c: Value = serde_json::from_str(line).expect("case json");
        let r = run(c["text"].as_str().unwrap_or(""), c["published"].as_str().unwrap_or(""));
        let events = r["events"].as_array().cloned().unwrap_or_default();
        let expect = c["expect"].as_array().cloned().unwrap_or_default();
        if expect.is_empty() && !events.is_empty() {
            failures.push(format!("{}: expected no events, got {events:?}", c["text"]));
        }
        for w in &expect {
            if !found(&events, w) {
                failures.push(format!("{}: missing {w}, got {events:?}", c["text"]));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn example_article() {
    // The repository's copy of `../shared/examples/reuters-nato-kyiv.txt` (the same bytes).
    let text = include_str!("../../../../examples/reuters-nato-kyiv.txt");
    let r = run(text, "2023-09-28");
    let events = r["events"].as_array().cloned().unwrap_or_default();
    let codes = |e: &Value| (e["cameo"].as_str().unwrap_or("").to_string(), e["source"]["code"].as_str().unwrap_or("").to_string(), e["target"]["code"].as_str().unwrap_or("").to_string());
    let all: Vec<_> = events.iter().map(codes).collect();
    // The visit, the condemnation of Russian strikes, and the drone strikes of the previous night.
    assert!(events.iter().any(|e| e["cameo"] == "042" && e["target"]["code"] == "UKR"), "{all:?}");
    assert!(events.iter().any(|e| e["cameo"] == "111" && e["plover"] == "ACCUSE" && e["target"]["code"] == "RUS"), "{all:?}");
    assert!(events.iter().any(|e| e["plover"] == "FIGHT" && e["source"]["code"] == "RUS" && e["date"] == "2023-09-27"), "{all:?}");
    // Nothing (un-negated) against Romania.
    assert!(!events.iter().any(|e| e["target"]["code"] == "ROU" && e["negated"] == false), "{all:?}");
}
