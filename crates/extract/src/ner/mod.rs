//! Named-entity recognition.
//!
//! In: the text and its tokens/sentences (from `text`). Out: [`Mention`]s: span + CoNLL class.
//! Rule: a first-order structured perceptron (averaged, Collins 2002) over BIO tags of
//! PER/ORG/LOC/MISC, decoded by Viterbi with the BIO constraint (no `I-X` after anything but
//! `B-X`/`I-X`), over the features of [`features`]. The model is trained by [`train`] from
//! CoNLL-2003 (`dateline train ner`) and stored as feature-hash → quantised weights.

pub mod clusters;
pub mod conll;
pub mod features;
pub mod train;

use crate::gazetteer::{Reader, Writer};
use crate::gazetteer::Gazetteer;
use crate::span::Span;
use crate::text::Tokens;
use features::{Clusters, DocContext, DocStats, NonLocal, Resources};
use rustc_hash::FxHashMap;

/// The CoNLL entity classes the tagger predicts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    Per,
    Org,
    Loc,
    Misc,
}

impl Class {
    pub const ALL: [Class; 4] = [Class::Per, Class::Org, Class::Loc, Class::Misc];
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Per => "PER",
            Class::Org => "ORG",
            Class::Loc => "LOC",
            Class::Misc => "MISC",
        }
    }
    pub fn parse(s: &str) -> Option<Class> {
        Some(match s {
            "PER" => Class::Per,
            "ORG" => Class::Org,
            "LOC" => Class::Loc,
            "MISC" => Class::Misc,
            _ => return None,
        })
    }
}

/// Number of BIO labels: O, then B/I for each class.
pub const LABELS: usize = 9;

/// A BIO label as an index: 0 = O, 1 + 2k = B-class k, 2 + 2k = I-class k.
pub type Label = u8;

pub fn label_class(l: Label) -> Option<Class> {
    if l == 0 || l as usize >= LABELS {
        None
    } else {
        Some(Class::ALL[(l as usize - 1) / 2])
    }
}

pub fn is_inside(l: Label) -> bool {
    l != 0 && l % 2 == 0
}

pub fn label_name(l: Label) -> String {
    match label_class(l) {
        None => "O".into(),
        Some(c) => format!("{}-{}", if is_inside(l) { "I" } else { "B" }, c.as_str()),
    }
}

/// Parses `B-PER`, `I-ORG`, `O` (IOB1 and BIO alike; the caller fixes IOB1 starts).
pub fn parse_label(s: &str) -> Option<Label> {
    if s == "O" {
        return Some(0);
    }
    let (bi, class) = s.split_once('-')?;
    let k = Class::ALL.iter().position(|&c| Some(c) == Class::parse(class))? as u8;
    match bi {
        "B" => Some(1 + 2 * k),
        "I" => Some(2 + 2 * k),
        _ => None,
    }
}

/// Whether `cur` may follow `prev` (BIO constraint).
pub fn allowed(prev: Option<Label>, cur: Label) -> bool {
    if !is_inside(cur) {
        return true;
    }
    match prev {
        None => false,
        Some(p) => p != 0 && label_class(p) == label_class(cur),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    pub span: Span,
    pub class: Class,
    /// Token index range `[first_token, end_token)`.
    pub first_token: usize,
    pub end_token: usize,
}

/// One linear sequence tagger: feature weights and transition weights, quantised to integers.
pub struct Tagger {
    weights: FxHashMap<u64, [i16; LABELS]>,
    /// `trans[prev][cur]`, with `prev == LABELS` for the sentence start.
    trans: [[i32; LABELS]; LABELS + 1],
}

impl Tagger {
    pub fn new(weights: FxHashMap<u64, [i16; LABELS]>, trans: [[i32; LABELS]; LABELS + 1]) -> Tagger {
        Tagger { weights, trans }
    }

    /// Scores every label of every word from its features.
    fn emissions(&self, feats: &[u64], offsets: &[u32], out: &mut Vec<[i32; LABELS]>) {
        out.clear();
        for w in offsets.windows(2) {
            let mut s = [0i32; LABELS];
            for f in &feats[w[0] as usize..w[1] as usize] {
                if let Some(row) = self.weights.get(f) {
                    for (a, &b) in s.iter_mut().zip(row) {
                        *a += b as i32;
                    }
                }
            }
            out.push(s);
        }
    }

    /// Best labels for words whose features are `feats[offsets[i]..offsets[i+1]]`.
    pub fn decode(&self, feats: &[u64], offsets: &[u32], emit: &mut Vec<[i32; LABELS]>) -> Vec<Label> {
        self.emissions(feats, offsets, emit);
        viterbi(emit, |p, c| self.trans[p.map_or(LABELS, |p| p as usize)][c as usize] as i64)
    }

    fn write(&self, w: &mut Writer) {
        for row in &self.trans {
            row.iter().for_each(|&v| w.u32(v as u32));
        }
        let mut ws: Vec<_> = self.weights.iter().collect();
        ws.sort_by_key(|(k, _)| **k);
        w.u32(ws.len() as u32);
        for (k, row) in ws {
            w.u64(*k);
            row.iter().for_each(|&v| w.0.extend_from_slice(&v.to_le_bytes()));
        }
    }

    fn read(r: &mut Reader) -> Result<Tagger, crate::Error> {
        let mut trans = [[0i32; LABELS]; LABELS + 1];
        for row in trans.iter_mut() {
            for v in row.iter_mut() {
                *v = r.u32()? as i32;
            }
        }
        let n = r.u32()? as usize;
        let mut weights = FxHashMap::default();
        weights.reserve(n.min(1 << 24));
        for _ in 0..n {
            let k = r.u64()?;
            let b = r.take(2 * LABELS)?;
            let mut row = [0i16; LABELS];
            for (i, v) in row.iter_mut().enumerate() {
                *v = i16::from_le_bytes([b[2 * i], b[2 * i + 1]]);
            }
            weights.insert(k, row);
        }
        Ok(Tagger { weights, trans })
    }
}

/// The NER model: a first-stage tagger over local features and, optionally, a second stage
/// that also sees what the first stage said about the same words elsewhere in the document.
pub struct Model {
    pub stage1: Tagger,
    pub stage2: Option<Tagger>,
    pub clusters: Clusters,
}

const MAGIC: &[u8; 8] = b"DLNER002";

impl Model {
    pub fn feature_count(&self) -> usize {
        self.stage1.weights.len() + self.stage2.as_ref().map_or(0, |t| t.weights.len())
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::new());
        w.0.extend_from_slice(MAGIC);
        let mut cl: Vec<_> = self.clusters.iter().collect();
        cl.sort_by_key(|(k, _)| **k);
        w.u32(cl.len() as u32);
        for (k, c) in cl {
            w.u64(*k);
            c.iter().for_each(|&v| w.0.extend_from_slice(&v.to_le_bytes()));
        }
        self.stage1.write(&mut w);
        w.u32(self.stage2.is_some() as u32);
        if let Some(t) = &self.stage2 {
            t.write(&mut w);
        }
        w.0
    }

    pub fn from_bytes(b: &[u8]) -> Result<Model, crate::Error> {
        let mut r = Reader { b, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(crate::Error::BadModel("ner: wrong magic (not a dateline NER model of this version)".into()));
        }
        let n = r.u32()? as usize;
        let mut clusters = Clusters::default();
        clusters.reserve(n.min(1 << 22));
        for _ in 0..n {
            let k = r.u64()?;
            let b = r.take(6)?;
            clusters.insert(k, [0, 1, 2].map(|i| u16::from_le_bytes([b[2 * i], b[2 * i + 1]])));
        }
        let stage1 = Tagger::read(&mut r)?;
        let stage2 = if r.u32()? == 1 { Some(Tagger::read(&mut r)?) } else { None };
        Ok(Model { stage1, stage2, clusters })
    }

    /// Tags every sentence of one document (both stages).
    pub fn tag_document(&self, sentences: &[&[&str]], gaz: &Gazetteer, scratch: &mut Scratch) -> Vec<Vec<Label>> {
        let ctx = DocContext::new(sentences.iter().flat_map(|s| s.iter().copied()));
        let res = Resources { gazetteer: gaz, clusters: &self.clusters };
        let mut labels: Vec<Vec<Label>> = sentences
            .iter()
            .map(|words| {
                features::sentence_features(words, &ctx, &res, None, &mut scratch.feats, &mut scratch.offsets);
                self.stage1.decode(&scratch.feats, &scratch.offsets, &mut scratch.emit)
            })
            .collect();
        if let Some(stage2) = &self.stage2 {
            let stats = DocStats::new(sentences.iter().copied().zip(labels.iter().map(Vec::as_slice)));
            for (words, l) in sentences.iter().zip(labels.iter_mut()) {
                let nl = NonLocal { labels: l, stats: &stats };
                features::sentence_features(words, &ctx, &res, Some(&nl), &mut scratch.feats, &mut scratch.offsets);
                *l = stage2.decode(&scratch.feats, &scratch.offsets, &mut scratch.emit);
            }
        }
        labels
    }
}

/// Reusable buffers for tagging.
#[derive(Default)]
pub struct Scratch {
    feats: Vec<u64>,
    offsets: Vec<u32>,
    emit: Vec<[i32; LABELS]>,
}

/// Best BIO-valid label sequence for per-word scores `emit` and transition scores `trans`.
pub fn viterbi<E: Copy + Into<i64>>(emit: &[[E; LABELS]], trans: impl Fn(Option<Label>, Label) -> i64) -> Vec<Label> {
    let n = emit.len();
    if n == 0 {
        return Vec::new();
    }
    const NEG: i64 = i64::MIN / 4;
    let mut score = vec![[NEG; LABELS]; n];
    let mut back = vec![[0u8; LABELS]; n];
    for c in 0..LABELS as Label {
        if allowed(None, c) {
            score[0][c as usize] = emit[0][c as usize].into() + trans(None, c);
        }
    }
    for t in 1..n {
        for c in 0..LABELS as Label {
            let mut best = NEG;
            let mut arg = 0;
            for p in 0..LABELS as Label {
                if score[t - 1][p as usize] == NEG || !allowed(Some(p), c) {
                    continue;
                }
                let s = score[t - 1][p as usize] + trans(Some(p), c);
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            if best > NEG {
                score[t][c as usize] = best + emit[t][c as usize].into();
                back[t][c as usize] = arg;
            }
        }
    }
    let mut last = 0u8;
    for c in 0..LABELS {
        if score[n - 1][c] > score[n - 1][last as usize] {
            last = c as u8;
        }
    }
    let mut out = vec![0u8; n];
    out[n - 1] = last;
    for t in (1..n).rev() {
        out[t - 1] = back[t][out[t] as usize];
    }
    out
}

/// Groups BIO labels into `(start, end, class)` word ranges (an `I-` without a `B-` starts one).
pub fn chunks(labels: &[Label]) -> Vec<(usize, usize, Class)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, Class)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let class = label_class(l);
        let continues = is_inside(l) && cur.map(|(_, c)| Some(c)) == Some(class);
        if !continues {
            if let Some((s, c)) = cur.take() {
                out.push((s, i, c));
            }
            if let Some(c) = class {
                cur = Some((i, c));
            }
        }
    }
    if let Some((s, c)) = cur {
        out.push((s, labels.len(), c));
    }
    out
}

/// Recognises entity mentions in every sentence of a document.
pub fn recognise(text: &str, tokens: &Tokens, model: &Model, gaz: &Gazetteer) -> Vec<Mention> {
    let words: Vec<&str> = tokens.tokens.iter().map(|t| t.span.of(text)).collect();
    let sentences: Vec<&[&str]> = tokens.sentences.iter().map(|s| words.get(s.tokens.clone()).unwrap_or(&[])).collect();
    let labels = model.tag_document(&sentences, gaz, &mut Scratch::default());
    let mut out = Vec::new();
    for (s, labels) in tokens.sentences.iter().zip(&labels) {
        for (a, b, class) in chunks(labels) {
            let (first, end) = (s.tokens.start + a, s.tokens.start + b);
            let span = Span::new(tokens.tokens[first].span.start, tokens.tokens[end - 1].span.end);
            out.push(Mention { span, class, first_token: first, end_token: end });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip() {
        for l in 0..LABELS as Label {
            assert_eq!(parse_label(&label_name(l)), Some(l));
        }
        assert_eq!(parse_label("X-PER"), None);
    }

    #[test]
    fn viterbi_respects_bio() {
        // I-PER scores best everywhere but may not start a sentence or follow O.
        let mut e = [[0i32; LABELS]; 3];
        for row in e.iter_mut() {
            row[2] = 10;
            row[1] = 5;
        }
        let l = viterbi(&e, |_, _| 0);
        assert_eq!(l, vec![1, 2, 2]);
        assert_eq!(chunks(&l), vec![(0, 3, Class::Per)]);
    }

    #[test]
    fn chunks_split_on_class_change() {
        // B-PER I-PER I-ORG O B-LOC
        assert_eq!(chunks(&[1, 2, 4, 0, 5]), vec![(0, 2, Class::Per), (2, 3, Class::Org), (4, 5, Class::Loc)]);
    }
}
