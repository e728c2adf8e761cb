//! Data-driven tests of the tone stage: `tests/data/tone/cases.jsonl`, one case per line:
//! `{"text": …, "expect": {"words"?, "positive"?, "negative"?, "score"?, "polarity"?, "sign"?},
//! "quotes"?: [{"text_contains", "sign"}]}`. Percentages are compared to 0.01; `sign` is
//! `positive` (score > 0), `negative` (score < 0) or `neutral`.

use dateline_extract::tone::Tone;
use dateline_extract::{extract, record, Article, Models};
use serde_json::Value;

const CASES: &str = include_str!("../../../../tests/data/tone/cases.jsonl");

fn sign_ok(sign: &str, score: f64) -> bool {
    match sign {
        "positive" => score > 0.0,
        "negative" => score < 0.0,
        _ => score == 0.0,
    }
}

fn check_tone(t: &Tone, e: &Value, errs: &mut Vec<String>) {
    for (k, have) in [("positive", t.positive), ("negative", t.negative), ("score", t.score), ("polarity", t.polarity)] {
        if let Some(w) = e.get(k).and_then(Value::as_f64) {
            if (w - have).abs() > 0.01 {
                errs.push(format!("{k} {have}, expected {w} ({t:?})"));
            }
        }
    }
    if let Some(w) = e.get("words").and_then(Value::as_u64) {
        if w != t.words as u64 {
            errs.push(format!("words {}, expected {w}", t.words));
        }
    }
    if let Some(s) = e.get("sign").and_then(Value::as_str) {
        if !sign_ok(s, t.score) {
            errs.push(format!("score {} is not {s} ({t:?})", t.score));
        }
    }
}

#[test]
fn tone_cases() {
    let models = Models::embedded().expect("embedded models load");
    let mut failures = Vec::new();
    for (i, line) in CASES.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        let text = case["text"].as_str().unwrap_or_default();
        let article = Article { id: "case".into(), text: text.to_string(), ..Article::default() };
        let x = extract(&article, models);
        let mut errs = Vec::new();
        check_tone(&x.tone, &case["expect"], &mut errs);
        for q in case.get("quotes").and_then(Value::as_array).into_iter().flatten() {
            let want = q["text_contains"].as_str().unwrap_or_default();
            match x.quotes.iter().position(|qq| qq.span.of(text).contains(want)) {
                Some(k) => check_tone(&x.quote_tones[k], q, &mut errs),
                None => errs.push(format!("no quote containing {want:?}")),
            }
        }
        let r = record::build(&article, &x);
        if x.tone.words == 0 && r.tone.is_some() {
            errs.push("a tone with no words must be null".into());
        }
        for err in errs {
            failures.push(format!("line {}: {err}\n    text: {text}", i + 1));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn boosters_raise_the_compound_score() {
    let models = Models::embedded().expect("embedded models load");
    let tone = |t: &str| extract(&Article { text: t.into(), ..Article::default() }, models).tone;
    let (plain, boosted, damped) = (tone("The plan is good."), tone("The plan is very good."), tone("The plan is slightly good."));
    assert!(boosted.compound > plain.compound && plain.compound > damped.compound, "{plain:?} {boosted:?} {damped:?}");
    assert!(plain.compound > 0.0 && plain.compound < 1.0);
}

#[test]
fn example_tone_is_body_only_and_per_quote() {
    let text = include_str!("../../../../examples/reuters-nato-kyiv.txt");
    let models = Models::embedded().expect("embedded models load");
    let article = Article { id: "ex".into(), text: text.into(), ..Article::default() };
    let x = extract(&article, models);
    let body_words = x.structure.body.of(text).split_whitespace().count() as u32;
    // Body only: fewer words than the whole text, about as many as the body.
    assert!(x.tone.words > 0 && x.tone.words < text.split_whitespace().count() as u32);
    assert!(x.tone.words.abs_diff(body_words) * 5 < body_words, "{} vs {body_words}", x.tone.words);
    assert_eq!(x.quote_tones.len(), x.quotes.len());
    println!("tone {:?}", x.tone);
    for (q, t) in x.quotes.iter().zip(&x.quote_tones) {
        println!("{:>7.2} {:?}", t.score, q.span.of(text));
    }
}
