//! Data-driven tests of the dates stage: every case of `tests/data/dates/cases.jsonl`
//! (`{"text", "published": "YYYY-MM-DD" | null, "expect": [{"text", "kind", "value"}]}`) runs
//! through the public pipeline, and the dates found must be exactly the expected ones, in order.

use dateline_extract::{extract, Article, Models};
use serde_json::Value;

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/dates/cases.jsonl");

type Row = (String, String, Option<String>);

fn found(text: &str, published: Option<jiff::civil::Date>) -> Vec<Row> {
    let models = Models::embedded().expect("embedded models load");
    let article = Article { id: "t".into(), text: text.to_string(), published, ..Article::default() };
    extract(&article, models)
        .dates
        .iter()
        .map(|d| (d.span.of(text).to_string(), d.kind.as_str().to_string(), d.value.map(|v| v.to_string())))
        .collect()
}

#[test]
fn cases() {
    let data = std::fs::read_to_string(CASES).expect("cases file");
    let mut failures = Vec::new();
    let mut n = 0;
    for (line_no, line) in data.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", line_no + 1));
        let text = case["text"].as_str().expect("text");
        let published = case["published"].as_str().map(|s| s.parse::<jiff::civil::Date>().expect("published date"));
        let expect: Vec<Row> = case["expect"]
            .as_array()
            .expect("expect")
            .iter()
            .map(|e| {
                let s = |k: &str| e[k].as_str().map(str::to_string);
                (s("text").expect("text"), s("kind").expect("kind"), s("value"))
            })
            .collect();
        let got = found(text, published);
        if got != expect {
            failures.push(format!("line {}: {text:?}\n  expected {expect:?}\n  got      {got:?}", line_no + 1));
        }
        n += 1;
    }
    assert!(n >= 40, "only {n} cases");
    assert!(failures.is_empty(), "{} of {n} cases fail:\n{}", failures.len(), failures.join("\n"));
}

/// A relative date is never anchored on another date of the text (the caption's photo date).
#[test]
fn no_anchor_without_publication_date() {
    let text = "PHOTO CAPTION: Soldiers near Bakhmut, Ukraine September 7, 2023. REUTERS/Stringer\n\
                KYIV (Reuters) - Stoltenberg said on Thursday that forces gained ground yesterday.";
    let got = found(text, None);
    assert!(got.iter().any(|r| r.0 == "September 7, 2023" && r.2.as_deref() == Some("2023-09-07")), "{got:?}");
    for r in got.iter().filter(|r| r.1 == "relative") {
        assert_eq!(r.2, None, "{r:?}");
    }
}
