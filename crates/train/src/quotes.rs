//! Quote gold data: the Gender Gap Tracker JSON Lines and PolNeAR brat folders, read for
//! `eval quotes` (scoring lives in `dateline_extract::quotes::eval`) and for `train cues`.
//!
//! In: a GGT file (`{"id", "text", "quotes": [{"quote_span", "verb_span", "speaker_resolved"}]}`,
//! spans in code points), optionally another system's output records (the contract's record,
//! matched by `id`), or a PolNeAR split folder (`text/*.txt`, `attributions/*_<annotator>.ann`).
//! Out: articles with gold quotes, a scored [`Report`], or the cue lexicon's TSV.
//! Rule: code points become bytes through [`CharIndex`]; a span past the text or reversed is
//! dropped; a system record that is missing scores as no quotes (and is counted in a note).

use crate::{data_error, read_to_string, Result};
use dateline_extract::quotes::eval::{self, GoldQuote, Report};
use dateline_extract::quotes::QuoteKind;
use dateline_extract::record::Record;
use dateline_extract::span::CharIndex;
use dateline_extract::{Article, Models, Span};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// A `[start, end]` code-point span of JSON, as a byte span of `text` (positions past the end
/// are clamped to it, as the annotators' tools do).
fn cp_span(ci: &CharIndex, v: &Value) -> Option<Span> {
    let a = v.get(0)?.as_u64()? as usize;
    let b = v.get(1)?.as_u64()? as usize;
    let at = |cp: usize| ci.to_byte(cp).unwrap_or(ci.bytes());
    (a <= b).then(|| Span::new(at(a), at(b)))
}

/// Reads GGT gold (`ggt_quotes.*.jsonl`): each article with its gold quotes.
pub fn read_ggt(path: &Path) -> Result<Vec<(Article, Vec<GoldQuote>)>> {
    let data = read_to_string(path)?;
    let mut gold = Vec::new();
    for (i, line) in data.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).map_err(|e| data_error(format!("{}:{}: invalid JSON: {e}", path.display(), i + 1)))?;
        let Some(text) = v["text"].as_str() else { return Err(data_error(format!("{}:{}: no `text`", path.display(), i + 1))) };
        let ci = CharIndex::new(text);
        let article = Article { id: v["id"].as_str().unwrap_or_default().to_string(), text: text.to_string(), ..Article::default() };
        let quotes = v["quotes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|q| {
                Some(GoldQuote {
                    span: cp_span(&ci, &q["quote_span"])?,
                    speaker: q["speaker_resolved"].as_str().filter(|s| !s.trim().is_empty()).map(str::to_string),
                    cue: cp_span(&ci, &q["verb_span"]),
                })
            })
            .collect();
        gold.push((article, quotes));
    }
    Ok(gold)
}

/// Scores the pipeline on GGT gold, or, with `system`, the quotes of another system's output
/// records (JSON Lines in the contract's shape, matched by `id`; spans in code points). Returns
/// the report and, for `system`, a note on gold articles without a record.
pub fn ggt(path: &Path, models: &Models, system: Option<&Path>) -> Result<(Report, Option<String>)> {
    let gold = read_ggt(path)?;
    let Some(system) = system else { return Ok((eval::evaluate(&gold, models), None)) };
    let data = read_to_string(system)?;
    let mut by_id: HashMap<String, Record> = HashMap::new();
    for (i, line) in data.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let r: Record = serde_json::from_str(line).map_err(|e| data_error(format!("{}:{}: not a record: {e}", system.display(), i + 1)))?;
        by_id.insert(r.id.clone(), r);
    }
    let preds: Vec<Vec<eval::Predicted>> = gold
        .iter()
        .map(|(a, _)| {
            let ci = CharIndex::new(&a.text);
            let quotes = by_id.get(&a.id).map(|r| r.quotes.as_slice()).unwrap_or(&[]);
            quotes
                .iter()
                .filter_map(|q| {
                    let kind = match q.kind.as_str() {
                        "indirect" => QuoteKind::Indirect,
                        "partial" => QuoteKind::Partial,
                        _ => QuoteKind::Direct,
                    };
                    let speaker = q.speaker.as_ref().map(|s| s.name.clone());
                    let [s, e] = q.span;
                    let at = |cp: usize| ci.to_byte(cp).unwrap_or(ci.bytes());
                    (s <= e).then(|| eval::Predicted { span: Span::new(at(s), at(e)), kind, speaker })
                })
                .collect()
        })
        .collect();
    let missing = gold.iter().filter(|(a, _)| !by_id.contains_key(&a.id)).count();
    let note = (missing > 0).then(|| format!("note: {missing} gold article(s) have no record in {} (scored as no quotes)", system.display()));
    Ok((eval::score(&gold, &preds), note))
}

/// Reads a PolNeAR split folder (`text/*.txt`, `attributions/*_<annotator>.ann`; the first
/// annotator file of each article in sorted order) and scores attribution on it.
pub fn polnear(dir: &Path, models: &Models) -> Result<Report> {
    Ok(eval::evaluate_polnear(&read_polnear(dir)?, models))
}

/// Reads a PolNeAR split folder into `(text, ann)` pairs, one per article.
pub fn read_polnear(dir: &Path) -> Result<Vec<(String, String)>> {
    let ann_dir = dir.join("attributions");
    let entries = std::fs::read_dir(&ann_dir).map_err(|source| crate::Error::Io { path: ann_dir.clone(), source })?;
    let mut anns: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "ann")).collect();
    anns.sort();
    let mut docs = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for ann in anns {
        let stem = ann.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let article = stem.rsplit_once('_').map_or(stem, |(a, _)| a);
        if !seen.insert(article.to_string()) {
            continue;
        }
        let text = read_to_string(&dir.join("text").join(format!("{article}.txt")))?;
        docs.push((text, read_to_string(&ann)?));
    }
    if docs.is_empty() {
        return Err(data_error(format!("no .ann files under {}", ann_dir.display())));
    }
    Ok(docs)
}

/// `train cues`: the cue lexicon learnt from a PolNeAR split, written to `out`.
pub fn train_cues(dir: &Path, out: &Path) -> Result<String> {
    let tsv = dateline_extract::quotes::cues::learn(&read_polnear(dir)?);
    crate::write(out, &tsv)?;
    Ok(format!("wrote {} ({} cues)", out.display(), tsv.lines().count().saturating_sub(1)))
}
