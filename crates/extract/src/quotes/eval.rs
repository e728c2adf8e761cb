//! Scoring quotes against gold (GGT and PolNeAR). Pure functions; the CLI reads the files.
//!
//! In: articles with gold quotes (GGT) or PolNeAR `(text, ann)` pairs, and the models.
//! Out: a printable [`Report`].
//! Rule: spans are compared after trimming quotation marks, whitespace and punctuation from
//! both ends; overlap is IoU of byte ranges; matching is one-to-one, greedy by IoU. On GGT the
//! predicted units are direct and indirect quotes plus partial quotes that lie outside every
//! predicted indirect quote (GGT annotates the reported clause, not fragments inside it).
//! Speaker rule: predicted canonical name and gold `speaker_resolved` compared
//! case-insensitively; a match if equal, or if the words of one are a subset of the words of
//! the other (`Green` ~ `Damon Green`). A quote without a predicted speaker counts as wrong.
//! GGT kinds follow the GGT heuristic: gold starting with a quote mark is direct; predicted
//! direct and partial count as direct.

use super::QuoteKind;
use crate::span::Span;
use crate::{extract, Article, Models};

/// One gold quote: byte span into the article text, and the resolved speaker name.
#[derive(Clone, Debug)]
pub struct GoldQuote {
    pub span: Span,
    pub speaker: Option<String>,
    pub cue: Option<Span>,
}

/// A scored run, printable as the report `dateline eval quotes` shows.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub lines: Vec<String>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for l in &self.lines {
            writeln!(f, "{l}")?;
        }
        Ok(())
    }
}

fn is_edge(c: char) -> bool {
    c.is_whitespace() || !c.is_alphanumeric()
}

/// The span without quotation marks, whitespace and punctuation at its ends.
pub fn core(text: &str, s: Span) -> Span {
    let t = s.of(text);
    let lead = t.len() - t.trim_start_matches(is_edge).len();
    let body = t.trim_matches(is_edge);
    Span::new(s.start + lead, s.start + lead + body.len())
}

pub fn iou(a: Span, b: Span) -> f64 {
    let inter = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    let union = a.end.max(b.end) - a.start.min(b.start);
    if union == 0 { 0.0 } else { inter as f64 / union as f64 }
}

/// Greedy one-to-one matching by IoU: `(pred, gold)` pairs with IoU ≥ `min`.
pub fn greedy(pred: &[Span], gold: &[Span], min: f64) -> Vec<(usize, usize)> {
    let mut cand: Vec<(f64, usize, usize)> = Vec::new();
    for (i, p) in pred.iter().enumerate() {
        for (j, g) in gold.iter().enumerate() {
            let v = iou(*p, *g);
            if v >= min && v > 0.0 {
                cand.push((v, i, j));
            }
        }
    }
    cand.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut up, mut ug) = (vec![false; pred.len()], vec![false; gold.len()]);
    let mut out = Vec::new();
    for (_, i, j) in cand {
        if !up[i] && !ug[j] {
            up[i] = true;
            ug[j] = true;
            out.push((i, j));
        }
    }
    out
}

/// Whether a predicted speaker name matches a gold name (see the module doc).
pub fn same_speaker(pred: &str, gold: &str) -> bool {
    let p: Vec<String> = pred.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).filter(|w| !w.is_empty()).collect();
    let g: Vec<String> = gold.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).filter(|w| !w.is_empty()).collect();
    if p.is_empty() || g.is_empty() {
        return false;
    }
    p == g || p.iter().all(|w| g.contains(w)) || g.iter().all(|w| p.contains(w))
}

#[derive(Clone, Copy, Default)]
struct Prf {
    tp: usize,
    pred: usize,
    gold: usize,
}

impl Prf {
    fn line(&self, name: &str) -> String {
        let p = if self.pred == 0 { 0.0 } else { self.tp as f64 / self.pred as f64 };
        let r = if self.gold == 0 { 0.0 } else { self.tp as f64 / self.gold as f64 };
        let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        format!("{name:<28} P {:>6.2}  R {:>6.2}  F1 {:>6.2}   (tp {}, pred {}, gold {})", 100.0 * p, 100.0 * r, 100.0 * f, self.tp, self.pred, self.gold)
    }
}

/// One predicted quote of any system, for scoring: byte span, kind, speaker's name.
#[derive(Clone, Debug)]
pub struct Predicted {
    pub span: Span,
    pub kind: QuoteKind,
    pub speaker: Option<String>,
}

/// dateline's own predictions for one article.
pub fn predict(art: &Article, models: &Models) -> Vec<Predicted> {
    let x = extract(art, models);
    x.quotes
        .iter()
        .map(|q| Predicted {
            span: q.span,
            kind: q.kind,
            speaker: q.speaker.as_ref().and_then(|s| s.entity).and_then(|e| x.entities.get(e)).map(|e| e.name.clone()),
        })
        .collect()
}

/// Scores extraction on GGT-style gold: articles with their gold quotes.
pub fn evaluate(gold: &[(Article, Vec<GoldQuote>)], models: &Models) -> Report {
    let preds: Vec<Vec<Predicted>> = gold.iter().map(|(a, _)| predict(a, models)).collect();
    score(gold, &preds)
}

/// Scores any system's predictions (`preds[i]` for `gold[i]`) on GGT-style gold. Partial
/// quotes inside a predicted indirect quote are not scored separately (GGT annotates the
/// whole clause), whatever the system.
pub fn score(gold: &[(Article, Vec<GoldQuote>)], all_preds: &[Vec<Predicted>]) -> Report {
    let mut lines = Vec::new();
    // [all, direct, indirect] x [iou .3, iou .8]; speaker counts; end-to-end.
    let mut m = [[Prf::default(); 2]; 3];
    let (mut spk_ok, mut spk_n) = ([0usize; 3], [0usize; 3]);
    let mut e2e = [Prf::default(); 3];
    for ((art, gq), preds) in gold.iter().zip(all_preds) {
        let text = art.text.as_str();
        let indirect: Vec<Span> = preds.iter().filter(|q| q.kind == QuoteKind::Indirect).map(|q| q.span).collect();
        let preds: Vec<&Predicted> =
            preds.iter().filter(|q| q.kind != QuoteKind::Partial || !indirect.iter().any(|s| s.contains(q.span))).collect();
        let pspan: Vec<Span> = preds.iter().map(|q| core(text, q.span)).collect();
        let gspan: Vec<Span> = gq.iter().map(|q| core(text, q.span)).collect();
        let pk: Vec<usize> = preds.iter().map(|q| if q.kind == QuoteKind::Indirect { 2 } else { 1 }).collect();
        let gk: Vec<usize> = gq.iter().map(|q| if is_direct_gold(q.span.of(text)) { 1 } else { 2 }).collect();
        let name = |i: usize| preds[i].speaker.as_deref();
        for (t, min) in [0.3, 0.8].into_iter().enumerate() {
            let pairs = greedy(&pspan, &gspan, min);
            for kind in 0..3 {
                let inp = |k: usize| kind == 0 || k == kind;
                m[kind][t].pred += pk.iter().filter(|&&k| inp(k)).count();
                m[kind][t].gold += gk.iter().filter(|&&k| inp(k)).count();
                if t == 0 {
                    e2e[kind].pred += pk.iter().filter(|&&k| inp(k)).count();
                    e2e[kind].gold += gk.iter().filter(|&&k| inp(k)).count();
                }
            }
            for &(i, j) in &pairs {
                let ok = match (name(i), gq[j].speaker.as_deref()) {
                    (Some(p), Some(g)) => same_speaker(p, g),
                    _ => false,
                };
                for kind in 0..3 {
                    // Precision counts by predicted kind, recall by gold kind: count a match
                    // for the kind row when the gold is of that kind (the usual per-kind recall).
                    if kind == 0 || gk[j] == kind {
                        m[kind][t].tp += 1;
                        if t == 0 {
                            spk_n[kind] += 1;
                            spk_ok[kind] += ok as usize;
                            e2e[kind].tp += ok as usize;
                        }
                    }
                }
            }
        }
    }
    lines.push(format!("GGT: {} articles, {} gold quotes", gold.len(), m[0][0].gold));
    for (kind, kname) in [(0, "all"), (1, "direct"), (2, "indirect")] {
        lines.push(m[kind][0].line(&format!("quotes {kname} IoU>=0.3")));
        lines.push(m[kind][1].line(&format!("quotes {kname} IoU>=0.8")));
        let acc = if spk_n[kind] == 0 { 0.0 } else { 100.0 * spk_ok[kind] as f64 / spk_n[kind] as f64 };
        lines.push(format!("speaker accuracy {kname:<11} {acc:>6.2}%  ({} of {} matched quotes)", spk_ok[kind], spk_n[kind]));
        lines.push(e2e[kind].line(&format!("end-to-end {kname} (0.3+spk)")));
    }
    lines.push("(per-kind rows: gold kind by the GGT heuristic; pred direct = direct + partial; a match counts in the gold kind's row)".into());
    Report { lines }
}

fn is_direct_gold(s: &str) -> bool {
    s.trim_start().starts_with(['"', '“', '”', '\'', '‘', '’', '«', '»'])
}

/// Gold attribution parts from one brat `.ann` file: `(content, cue, source)` byte spans.
pub fn parse_ann(text: &str, ann: &str) -> (Vec<Span>, Vec<Span>, Vec<Span>) {
    // Code point → byte offsets (past the end: the end).
    let ci = crate::span::CharIndex::new(text);
    let at = |cp: usize| ci.to_byte(cp).unwrap_or(text.len());
    let (mut content, mut cue, mut source) = (Vec::new(), Vec::new(), Vec::new());
    for line in ann.lines() {
        let mut f = line.split('\t');
        let (Some(id), Some(head)) = (f.next(), f.next()) else { continue };
        if !id.starts_with('T') {
            continue;
        }
        let Some((ty, ranges)) = head.split_once(' ') else { continue };
        let (mut lo, mut hi) = (usize::MAX, 0);
        for r in ranges.split(';') {
            let mut p = r.split_whitespace().filter_map(|x| x.parse::<usize>().ok());
            if let (Some(a), Some(b)) = (p.next(), p.next()) {
                lo = lo.min(a);
                hi = hi.max(b);
            }
        }
        if lo >= hi {
            continue;
        }
        let s = Span::new(at(lo), at(hi));
        match ty {
            "Content" => content.push(s),
            "Cue" => cue.push(s),
            "Source" => source.push(s),
            _ => {}
        }
    }
    (content, cue, source)
}

/// Scores attribution on PolNeAR: `(text, ann)` file contents (brat standoff, code-point offsets).
pub fn evaluate_polnear(docs: &[(String, String)], models: &Models) -> Report {
    let mut content = [Prf::default(); 2];
    let mut cue = Prf::default();
    let mut source = Prf::default();
    for (text, ann) in docs {
        let art = Article { text: text.clone(), ..Article::default() };
        let x = extract(&art, models);
        let (gc, gq, gs) = parse_ann(text, ann);
        let pc: Vec<Span> = x.quotes.iter().map(|q| core(text, q.span)).collect();
        let gcc: Vec<Span> = gc.iter().map(|&s| core(text, s)).collect();
        for (t, min) in [0.3, 0.8].into_iter().enumerate() {
            content[t].tp += greedy(&pc, &gcc, min).len();
            content[t].pred += pc.len();
            content[t].gold += gcc.len();
        }
        let mut pq: Vec<Span> = x.quotes.iter().filter_map(|q| q.cue).collect();
        pq.sort();
        pq.dedup();
        cue.tp += greedy(&pq, &gq, 1e-9).len();
        cue.pred += pq.len();
        cue.gold += gq.len();
        let mut ps: Vec<Span> = x.quotes.iter().filter_map(|q| q.speaker.as_ref().map(|s| s.span)).collect();
        ps.sort();
        ps.dedup();
        let mut gs = gs;
        gs.sort();
        gs.dedup();
        source.tp += greedy(&ps, &gs, 1e-9).len();
        source.pred += ps.len();
        source.gold += gs.len();
    }
    let lines = vec![
        format!("PolNeAR: {} articles ({} attributions, incl. beliefs and pronoun sources)", docs.len(), content[0].gold),
        content[0].line("content IoU>=0.3"),
        content[1].line("content IoU>=0.8"),
        cue.line("cue (any overlap)"),
        source.line("source (any overlap)"),
    ];
    Report { lines }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_rule() {
        assert!(same_speaker("Damon Green", "Green"));
        assert!(same_speaker("jens stoltenberg", "Jens Stoltenberg"));
        assert!(!same_speaker("Jens Stoltenberg", "Volodymyr Zelenskiy"));
        assert!(!same_speaker("", "X"));
    }

    #[test]
    fn core_and_iou() {
        let t = "He said “yes, we will,” today.";
        let a = t.find('“').unwrap_or(0);
        let b = t.find(" today").unwrap_or(0);
        assert_eq!(core(t, Span::new(a, b)).of(t), "yes, we will");
        assert!((iou(Span::new(0, 10), Span::new(5, 10)) - 0.5).abs() < 1e-9);
        assert_eq!(greedy(&[Span::new(0, 10), Span::new(0, 9)], &[Span::new(0, 10)], 0.3), vec![(0, 0)]);
    }
}
