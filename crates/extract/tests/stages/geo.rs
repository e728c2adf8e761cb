//! Data-driven tests of the geo stage: `tests/data/geo/cases.jsonl`, one case per line:
//! `{"text": …, "expect": [{"name", "country"?, "precision"?, "lat"?, "lon"?}], "note"?: …}`.
//! `name` is matched against the PLACE entities' names and mention texts (case-insensitive);
//! `lat`/`lon` must be within 0.3°; `"country": null` means the place must stay unresolved;
//! `"absent_country"`: no entity may resolve to that country.
//! Also checks the example article's required locations.

use dateline_extract::{extract, record, Article, Models};
use serde_json::Value;

const CASES: &str = include_str!("../../../../tests/data/geo/cases.jsonl");
const EXAMPLE: &str = include_str!("../../../../examples/reuters-nato-kyiv.txt");
const EXAMPLE_EXPECTED: &str = include_str!("../../../../tests/data/reuters-nato-kyiv.expected.json");

fn run(text: &str) -> record::Record {
    let models = Models::embedded().expect("embedded models load");
    let article = Article { id: "case".into(), text: text.to_string(), ..Article::default() };
    record::build(&article, &extract(&article, models))
}

/// Checks expectations against a record; returns the problems found.
fn check(r: &record::Record, expect: &[Value]) -> Vec<String> {
    let mut errs = Vec::new();
    let places: Vec<&record::EntityRec> = r.entities.iter().filter(|e| e.ty == "PLACE").collect();
    let names: Vec<String> = places.iter().map(|e| format!("{} {:?}", e.name, e.geo.as_ref().map(|g| (&g.country, &g.precision)))).collect();
    for e in expect {
        let want = e["name"].as_str().unwrap_or_default();
        let found = places.iter().find(|p| p.name.eq_ignore_ascii_case(want) || p.mentions.iter().any(|m| m.text.eq_ignore_ascii_case(want)));
        let Some(p) = found else {
            errs.push(format!("no PLACE entity {want:?}; places: {names:?}"));
            continue;
        };
        match (&p.geo, e.get("country")) {
            (None, Some(Value::Null)) => {}
            (Some(g), Some(Value::Null)) => errs.push(format!("{want:?}: expected no geo, got {} {}", g.country, g.precision)),
            (None, _) => errs.push(format!("{want:?}: unresolved")),
            (Some(g), c) => {
                if let Some(c) = c.and_then(Value::as_str) {
                    if g.country != c {
                        errs.push(format!("{want:?}: country {} ({}, {}), expected {c}", g.country, g.lat, g.lon));
                    }
                }
                if let Some(pr) = e.get("precision").and_then(Value::as_str) {
                    if g.precision != pr {
                        errs.push(format!("{want:?}: precision {}, expected {pr}", g.precision));
                    }
                }
                for (k, have) in [("lat", g.lat), ("lon", g.lon)] {
                    let tol = e.get("tolerance_deg").and_then(Value::as_f64).unwrap_or(0.3);
                    if let Some(w) = e.get(k).and_then(Value::as_f64) {
                        if (w - have).abs() > tol {
                            errs.push(format!("{want:?}: {k} {have}, expected {w}"));
                        }
                    }
                }
            }
        }
    }
    errs
}

#[test]
fn geo_cases() {
    let mut failures = Vec::new();
    let mut n = 0;
    for (i, line) in CASES.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        let text = case["text"].as_str().unwrap_or_default();
        let r = run(text);
        let expect = case["expect"].as_array().cloned().unwrap_or_default();
        n += expect.len();
        let mut errs = check(&r, &expect);
        if let Some(bad) = case.get("absent_country").and_then(Value::as_str) {
            for e in r.entities.iter().filter(|e| e.geo.as_ref().is_some_and(|g| g.country == bad)) {
                errs.push(format!("{:?} must not resolve to {bad}", e.name));
            }
        }
        for err in errs {
            failures.push(format!("line {}: {err}\n    text: {text}", i + 1));
        }
    }
    assert!(n >= 20, "only {n} expectations");
    assert!(failures.is_empty(), "{} of {n} expectations failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn example_locations() {
    let expected: Value = serde_json::from_str(EXAMPLE_EXPECTED).expect("expected json");
    let req = expected["locations"]["required"].as_array().cloned().unwrap_or_default();
    assert!(!req.is_empty());
    let r = run(EXAMPLE);
    let errs = check(&r, &req);
    assert!(errs.is_empty(), "{}", errs.join("\n"));
}

#[test]
fn one_unknown_place_does_not_stop_the_rest() {
    let r = run("Troops withdrew from Zzyzxville and Qwertania and moved to Kharkiv, Ukraine's second city.");
    let kharkiv = r.entities.iter().find(|e| e.name == "Kharkiv").and_then(|e| e.geo.as_ref());
    assert_eq!(kharkiv.map(|g| g.country.as_str()), Some("UA"));
}
