//! Data-driven quote tests: `tests/data/quotes/cases.jsonl` (hard cases) and the example
//! article's required quotes (`tests/data/reuters-nato-kyiv.expected.json`).

use dateline_extract::{extract, record, Article, Models};
use serde_json::Value;

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(text: &str) -> Value {
    let models = Models::embedded().expect("embedded models load");
    let published = jiff::civil::Date::new(2023, 9, 28).ok();
    let article = Article { id: "t".into(), text: text.to_string(), published, ..Article::default() };
    let x = extract(&article, models);
    serde_json::to_value(record::build(&article, &x)).expect("record serialises")
}

/// Whether quote `q` of the record satisfies expectation `e` (kind, text or text_starts /
/// text_ends, speaker name, cue text; absent fields are not checked).
fn satisfies(q: &Value, e: &Value) -> bool {
    let text = q["text"].as_str().unwrap_or_default();
    let s = |k: &str| e.get(k).and_then(Value::as_str);
    s("kind").is_none_or(|k| q["kind"] == k)
        && s("text").is_none_or(|t| text == t)
        && s("text_starts").is_none_or(|t| text.starts_with(t))
        && s("text_ends").is_none_or(|t| text.ends_with(t))
        && s("speaker").is_none_or(|n| q["speaker"]["name"] == n)
        && s("cue").is_none_or(|c| q["cue"]["text"] == c)
}

fn describe(rec: &Value) -> String {
    rec["quotes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|q| format!("  {} {:?} speaker={} cue={}\n", q["kind"], q["text"], q["speaker"]["name"], q["cue"]["text"]))
        .collect()
}

#[test]
fn cases() {
    let data = std::fs::read_to_string(root().join("tests/data/quotes/cases.jsonl")).expect("cases.jsonl");
    let mut failures = Vec::new();
    let mut n = 0;
    for (i, line) in data.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("valid JSON");
        let text = case["text"].as_str().expect("text");
        let rec = run(text);
        let quotes = rec["quotes"].as_array().cloned().unwrap_or_default();
        n += 1;
        for e in case["expect"].as_array().into_iter().flatten() {
            if !quotes.iter().any(|q| satisfies(q, e)) {
                failures.push(format!("case {} ({}): missing {e}\n got:\n{}", i + 1, case["note"], describe(&rec)));
            }
        }
        for a in case["absent"].as_array().into_iter().flatten() {
            if quotes.iter().any(|q| q["text"] == *a) {
                failures.push(format!("case {} ({}): unexpected quote {a}", i + 1, case["note"]));
            }
        }
    }
    assert!(n >= 30, "only {n} cases");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn example_article_required_quotes() {
    let text = std::fs::read_to_string(root().join("examples/reuters-nato-kyiv.txt")).expect("example");
    let exp: Value = serde_json::from_str(&std::fs::read_to_string(root().join("tests/data/reuters-nato-kyiv.expected.json")).expect("expected"))
        .expect("expected JSON");
    let rec = run(&text);
    let quotes = rec["quotes"].as_array().cloned().unwrap_or_default();
    let required = exp["quotes"]["required"].as_array().cloned().unwrap_or_default();
    assert!(required.len() >= 15);
    let mut used = vec![false; quotes.len()];
    for e in &required {
        let hit = quotes.iter().enumerate().position(|(i, q)| !used[i] && satisfies(q, e));
        match hit {
            Some(i) => used[i] = true,
            None => panic!("missing required quote {e}\n got:\n{}", describe(&rec)),
        }
    }
}

#[test]
fn never_panics_on_odd_marks() {
    for t in ["\"", "“", "”", "'", "‘’", "\"\"\"", "“a\n\n”b", "said \"", "« »", "He said '", "\"x,\" he said \"", "’s ’’ ‘‘ said said"] {
        let _ = run(t);
    }
}


