//! Named-entity recognition.
//!
//! In: the text and its tokens/sentences (from `text`). Out: [`Mention`]s: span + CoNLL class.
//! Rule: a first-order structured perceptron (averaged, Collins 2002) over BIO tags of
//! PER/ORG/LOC/MISC, decoded by Viterbi with the BIO constraint (no `I-X` after anything but
//! `B-X`/`I-X`), over the features of [`features`]. The model is trained by [`train`] from
//! CoNLL-2003 (`dateline train ner`) and stored as feature-hash → quantised weights.

pub mod conll;
pub mod features;
pub mod train;

use crate::gazetteer::{Reader, Writer};
use crate::gazetteer::Gazetteer;
use crate::span::Span;
use crate::text::Tokens;
use features::{Clusters, DocContext, Resources};
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

/// A trained tagger: feature weights, transition weights and the word clusters it was trained with.
pub struct Model {
    weights: FxHashMap<u64, [i16; LABELS]>,
    /// `trans[prev][cur]`, with `prev == LABELS` for the sentence start.
    trans: [[i32; LABELS]; LABELS + 1],
    pub clusters: Clusters,
}

const MAGIC: &[u8; 8] = b"DLNER001";

impl Model {
    pub fn from_parts(weights: FxHashMap<u64, [i16; LABELS]>, trans: [[i32; LABELS]; LABELS + 1], clusters: Clusters) -> Model {
        Model { weights, trans, clusters }
    }

    pub fn feature_count(&self) -> usize {
        self.weights.len()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::new());
        w.0.extend_from_slice(MAGIC);
        for row in &self.trans {
            row.iter().for_each(|&v| w.u32(v as u32));
        }
        let mut cl: Vec<_> = self.clusters.iter().collect();
        cl.sort_by_key(|(k, _)| **k);
        w.u32(cl.len() as u32);
        for (k, c) in cl {
            w.u64(*k);
            c.iter().for_each(|&v| w.0.extend_from_slice(&v.to_le_bytes()));
        }
        let mut ws: Vec<_> = self.weights.iter().collect();
        ws.sort_by_key(|(k, _)| **k);
        w.u32(ws.len() as u32);
        for (k, row) in ws {
            w.u64(*k);
            row.iter().for_each(|&v| w.0.extend_from_slice(&v.to_le_bytes()));
        }
        w.0
    }

    pub fn from_bytes(b: &[u8]) -> Result<Model, crate::Error> {
        let mut r = Reader { b, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(crate::Error::BadModel("ner: wrong magic (not a dateline NER model)".into()));
        }
        let mut trans = [[0i32; LABELS]; LABELS + 1];
        for row in trans.iter_mut() {
            for v in row.iter_mut() {
                *v = r.u32()? as i32;
            }
        }
        let n = r.u32()? as usize;
        let mut clusters = Clusters::default();
        clusters.reserve(n.min(1 << 22));
        for _ in 0..n {
            let k = r.u64()?;
            let b = r.take(6)?;
            clusters.insert(k, [0, 1, 2].map(|i| u16::from_le_bytes([b[2 * i], b[2 * i + 1]])));
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
        Ok(Model { weights, trans, clusters })
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

    /// Tags the words of one sentence.
    pub fn tag(&self, words: &[&str], ctx: &DocContext, gaz: &Gazetteer, scratch: &mut Scratch) -> Vec<Label> {
        let res = Resources { gazetteer: gaz, clusters: &self.clusters };
        features::sentence_features(words, ctx, &res, &mut scratch.feats, &mut scratch.offsets);
        self.emissions(&scratch.feats, &scratch.offsets, &mut scratch.emit);
        viterbi(&scratch.emit, |p, c| self.trans[p.map_or(LABELS, |p| p as usize)][c as usize] as i64)
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
    let ctx = DocContext::new(words.iter().copied());
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    for s in &tokens.sentences {
        let Some(ws) = words.get(s.tokens.clone()) else { continue };
        let labels = model.tag(ws, &ctx, gaz, &mut scratch);
        for (a, b, class) in chunks(&labels) {
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
