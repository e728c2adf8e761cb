//! Data-driven tests of the amounts stage: `tests/data/amounts/cases.jsonl`, one case per line:
//! `{"text": …, "expect": [{"text", "kind", "value", "currency"?, "usd"?, "qualifier"?, "object"?,
//! "unit"?}], "not"?: [strings no amount may contain], "exact"?: true (no other amounts)}`.
//! A field absent from an expectation is not checked; `null` means the field must be empty.

use dateline_extract::{extract, Article, Models};
use serde_json::Value;

const CASES: &str = include_str!("../../../../tests/data/amounts/cases.jsonl");

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Checks one case; returns the list of problems found.
fn check(case: &Value) -> Vec<String> {
    let text = case["text"].as_str().unwrap_or_default();
    let models = Models::embedded().expect("embedded models load");
    let article = Article { id: "case".into(), text: text.to_string(), ..Article::default() };
    let x = extract(&article, models);
    let got: Vec<String> = x.amounts.iter().map(|a| a.span.of(text).to_string()).collect();
    let mut errs = Vec::new();
    let expect = case["expect"].as_array().cloned().unwrap_or_default();
    for e in &expect {
        let want = e["text"].as_str().unwrap_or_default();
        let Some(a) = x.amounts.iter().find(|a| a.span.of(text) == want) else {
            errs.push(format!("missing {want:?}; got {got:?}"));
            continue;
        };
        let mut field = |name: &str, ok: bool, have: String| {
            if !ok {
                errs.push(format!("{want:?}: {name} is {have}, expected {}", e[name]));
            }
        };
        if let Some(k) = e.get("kind") {
            field("kind", k.as_str() == Some(a.kind.as_str()), a.kind.as_str().to_string());
        }
        if let Some(v) = e.get("value").and_then(Value::as_f64) {
            field("value", close(v, a.value), a.value.to_string());
        }
        let opt_str = |name: &str, have: Option<String>| match e.get(name) {
            None => true,
            Some(Value::Null) => have.is_none(),
            Some(v) => v.as_str() == have.as_deref(),
        };
        let currency = a.currency.map(str::to_string);
        field("currency", opt_str("currency", currency.clone()), format!("{currency:?}"));
        field("unit", opt_str("unit", a.unit.clone()), format!("{:?}", a.unit));
        field("qualifier", opt_str("qualifier", a.qualifier.clone()), format!("{:?}", a.qualifier));
        let object = a.object.map(|o| o.of(text).to_string());
        field("object", opt_str("object", object.clone()), format!("{object:?}"));
        match e.get("usd") {
            None => {}
            Some(Value::Null) => field("usd", a.usd.is_none(), format!("{:?}", a.usd)),
            Some(v) => field("usd", a.usd.zip(v.as_f64()).is_some_and(|(h, w)| close(h, w)), format!("{:?}", a.usd)),
        }
    }
    for n in case.get("not").and_then(Value::as_array).into_iter().flatten() {
        let n = n.as_str().unwrap_or_default();
        if let Some(bad) = got.iter().find(|g| g.contains(n)) {
            errs.push(format!("{bad:?} must not be an amount"));
        }
    }
    if case.get("exact").and_then(Value::as_bool) == Some(true) && got.len() != expect.len() {
        errs.push(format!("expected exactly {} amounts, got {got:?}", expect.len()));
    }
    errs
}

#[test]
fn cases() {
    let mut failures = Vec::new();
    let mut n = 0;
    for (i, line) in CASES.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        n += 1;
        for e in check(&case) {
            failures.push(format!("line {}: {e}\n    text: {}", i + 1, case["text"]));
        }
    }
    assert!(n >= 40, "only {n} cases");
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}

/// The example article: its required amounts and none of its must-not amounts.
#[test]
fn example_article() {
    let text = include_str!("../../../../examples/reuters-nato-kyiv.txt");
    let case = serde_json::json!({
        "text": text,
        "expect": [
            {"text": "more than 40 Shahed drones", "kind": "count", "value": 40, "qualifier": "more than", "object": "Shahed drones"},
            {"text": "2.4 billion euros", "kind": "money", "value": 2.4e9, "currency": "EUR", "usd": 2.53e9},
            {"text": "$2.53 billion", "kind": "money", "value": 2.53e9, "currency": "USD", "usd": 2.53e9},
            {"text": "1 billion euros", "kind": "money", "value": 1e9, "currency": "EUR", "usd": 1053851828.4329222, "object": "firm orders"}
        ],
        "not": ["3rd", "metre", "0.9489", "2023"],
        "exact": true
    });
    let errs = check(&case);
    assert!(errs.is_empty(), "{}", errs.join("\n"));
}
