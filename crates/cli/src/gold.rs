//! Readers for gold quote data: the Gender Gap Tracker JSON Lines and PolNeAR brat folders.
//! Scoring itself lives in `dateline_extract::quotes::eval`.

use anyhow::{bail, Context, Result};
use dateline_extract::quotes::eval::{self, GoldQuote, Report};
use dateline_extract::quotes::QuoteKind;
use dateline_extract::{Article, Models, Span};
use serde_json::Value;
use std::path::Path;

/// Byte offset of code-point offset `cp` in `text` (clamped to the text).
fn byte_at(text: &str, cp: usize) -> usize {
    text.char_indices().nth(cp).map_or(text.len(), |(b, _)| b)
}

fn cp_span(text: &str, v: &Value) -> Option<Span> {
    let a = v.get(0)?.as_u64()? as usize;
    let b = v.get(1)?.as_u64()? as usize;
    (a <= b).then(|| Span::new(byte_at(text, a), byte_at(text, b)))
}

/// Reads GGT gold (`ggt_quotes.*.jsonl`) and scores the pipeline on it, or, with `system`,
/// the quotes of another system's output records (JSON Lines in the contract's shape, matched
/// by `id`; spans in code points).
pub fn ggt(path: &Path, models: &Models, system: Option<&Path>) -> Result<Report> {
    let data = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut gold = Vec::new();
    for (i, line) in data.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).with_context(|| format!("{}:{}: invalid JSON", path.display(), i + 1))?;
        let Some(text) = v["text"].as_str() else { bail!("{}:{}: no `text`", path.display(), i + 1) };
        let article = Article { id: v["id"].as_str().unwrap_or_default().to_string(), text: text.to_string(), ..Article::default() };
        let quotes = v["quotes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|q| {
                Some(GoldQuote {
                    span: cp_span(text, &q["quote_span"])?,
                    speaker: q["speaker_resolved"].as_str().filter(|s| !s.trim().is_empty()).map(str::to_string),
                    cue: cp_span(text, &q["verb_span"]),
                })
            })
            .collect();
        gold.push((article, quotes));
    }
    let Some(system) = system else { return Ok(eval::evaluate(&gold, models)) };
    let data = std::fs::read_to_string(system).with_context(|| format!("reading {}", system.display()))?;
    let mut by_id: std::collections::HashMap<String, Value> = std::collections::HashMap::new();
    for (i, line) in data.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).with_context(|| format!("{}:{}: invalid JSON", system.display(), i + 1))?;
        let id = match &v["id"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        by_id.insert(id, v);
    }
    let preds: Vec<Vec<eval::Predicted>> = gold
        .iter()
        .map(|(a, _)| {
            let quotes = by_id.get(&a.id).and_then(|r| r["quotes"].as_array()).cloned().unwrap_or_default();
            quotes
                .iter()
                .filter_map(|q| {
                    let kind = match q["kind"].as_str() {
                        Some("indirect") => QuoteKind::Indirect,
                        Some("partial") => QuoteKind::Partial,
                        _ => QuoteKind::Direct,
                    };
                    let speaker = q["speaker"]["name"].as_str().map(str::to_string);
                    Some(eval::Predicted { span: cp_span(&a.text, &q["span"])?, kind, speaker })
                })
                .collect()
        })
        .collect();
    let missing = gold.iter().filter(|(a, _)| !by_id.contains_key(&a.id)).count();
    if missing > 0 {
        eprintln!("note: {missing} gold article(s) have no record in {} (scored as no quotes)", system.display());
    }
    Ok(eval::score(&gold, &preds))
}

/// Reads a PolNeAR split folder (`text/*.txt`, `attributions/*_<annotator>.ann`; the first
/// annotator file of each article in sorted order) and scores attribution on it.
pub fn polnear(dir: &Path, models: &Models) -> Result<Report> {
    Ok(eval::evaluate_polnear(&read_polnear(dir)?, models))
}

/// Reads a PolNeAR split folder into `(text, ann)` pairs, one per article.
pub fn read_polnear(dir: &Path) -> Result<Vec<(String, String)>> {
    let ann_dir = dir.join("attributions");
    let mut anns: Vec<_> = std::fs::read_dir(&ann_dir)
        .with_context(|| format!("reading {}", ann_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    let mut docs = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for ann in anns {
        let stem = ann.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let article = stem.rsplit_once('_').map_or(stem, |(a, _)| a);
        if !seen.insert(article.to_string()) {
            continue;
        }
        let txt = dir.join("text").join(format!("{article}.txt"));
        let text = std::fs::read_to_string(&txt).with_context(|| format!("reading {}", txt.display()))?;
        let a = std::fs::read_to_string(&ann).with_context(|| format!("reading {}", ann.display()))?;
        docs.push((text, a));
    }
    if docs.is_empty() {
        bail!("no .ann files under {}", ann_dir.display());
    }
    Ok(docs)
}
