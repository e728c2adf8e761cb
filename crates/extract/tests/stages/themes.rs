//! Data-driven tests of the themes stage: `tests/data/themes/cases.jsonl`, one case per line:
//! `{"text": …, "expect": [themes that must be found], "absent"?: [themes that must not],
//! "exact"?: true (no other themes), "order"?: true (`expect` is in first-trigger order),
//! "spans"?: {"THEME": [texts each of which must be one of the theme's trigger spans]}}`.
//! Also checks the example article's themes.

use dateline_extract::{extract, Article, Models};
use serde_json::Value;

const CASES: &str = include_str!("../../../../tests/data/themes/cases.jsonl");

fn strs(v: &Value) -> Vec<String> {
    v.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect()
}

#[test]
fn theme_cases() {
    let models = Models::embedded().expect("embedded models load");
    let mut failures = Vec::new();
    for (i, line) in CASES.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        let text = case["text"].as_str().unwrap_or_default();
        let x = extract(&Article { id: "case".into(), text: text.into(), ..Article::default() }, models);
        let got: Vec<&str> = x.themes.iter().map(|t| t.name).collect();
        let mut errs = Vec::new();
        let expect = strs(&case["expect"]);
        for e in &expect {
            if !got.contains(&e.as_str()) {
                errs.push(format!("missing {e}"));
            }
        }
        for a in strs(&case["absent"]) {
            if got.contains(&a.as_str()) {
                errs.push(format!("unexpected {a}"));
            }
        }
        if case["exact"].as_bool() == Some(true) && got.len() != expect.len() {
            errs.push("other themes found".into());
        }
        if case["order"].as_bool() == Some(true) {
            let pos: Vec<Option<usize>> = expect.iter().map(|e| got.iter().position(|g| g == e)).collect();
            if pos.windows(2).any(|w| w[0] >= w[1]) {
                errs.push("wrong order".into());
            }
        }
        if let Some(spans) = case.get("spans").and_then(Value::as_object) {
            for (theme, want) in spans {
                let have: Vec<&str> = x.themes.iter().filter(|t| t.name == theme).flat_map(|t| t.spans.iter().map(|s| s.of(text))).collect();
                for w in strs(want) {
                    if !have.contains(&w.as_str()) {
                        errs.push(format!("{theme}: no span {w:?}; spans {have:?}"));
                    }
                }
            }
        }
        for err in errs {
            failures.push(format!("line {}: {err}; themes {got:?}\n    text: {text}", i + 1));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn example_themes() {
    let text = include_str!("../../../../examples/reuters-nato-kyiv.txt");
    let models = Models::embedded().expect("embedded models load");
    let x = extract(&Article { id: "ex".into(), text: text.into(), ..Article::default() }, models);
    let got: Vec<&str> = x.themes.iter().map(|t| t.name).collect();
    for t in &x.themes {
        println!("{} {:?}", t.name, t.spans.iter().map(|s| s.of(text)).collect::<Vec<_>>());
    }
    for want in ["ARMED_CONFLICT", "MILITARY_AID", "DIPLOMACY", "FOOD_SECURITY"] {
        assert!(got.contains(&want), "{want} missing from {got:?}");
    }
    for t in &x.themes {
        assert!(t.spans.windows(2).all(|w| w[0].start < w[1].start), "spans in text order");
    }
    assert!(x.themes.windows(2).all(|w| w[0].spans[0].start <= w[1].spans[0].start), "themes ordered by first trigger");
}
