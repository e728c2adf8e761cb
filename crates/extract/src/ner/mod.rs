//! Named-entity recognition.
//!
//! In: the text and its tokens/sentences (from `text`). Out: [`Mention`]s: span + CoNLL class.
//! Rule: a first-order structured perceptron (averaged, Collins 2002) over BILOU tags of
//! PER/ORG/LOC/MISC (Begin, Inside, Last, Unit-length; Ratinov & Roth 2009 found them better
//! than BIO), decoded by Viterbi with the BILOU constraints, over the features of [`features`].
//! Tags are internal: the tagger's input and output are BIO [`Label`]s. The model is trained
//! by [`train`] from CoNLL-2003 (`dateline train ner`) and stored as feature-hash → quantised
//! weights, with the word clusters and name lists its features read.

pub mod clusters;
pub mod conll;
pub mod features;
pub mod train;

use crate::gazetteer::{Reader, Writer};
use crate::gazetteer::Gazetteer;
use crate::span::Span;
use crate::text::Tokens;
use features::{Clusters, DocContext, DocStats, Names, NonLocal, Resources};
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

/// Number of BILOU tags the tagger scores: O, then B/I/L/U for each class.
pub const TAGS: usize = 17;

/// A BILOU tag as an index: 0 = O, 1 + 4k + {0 B, 1 I, 2 L, 3 U} for class k.
pub type Tag = u8;

/// Whether tag `cur` may follow `prev` (`None`: the sentence start): inside an entity (after B or
/// I) only I or L of its class; elsewhere only O, B or U.
pub const fn tag_allowed(prev: Option<Tag>, cur: Tag) -> bool {
    match prev {
        Some(p) if p != 0 && (p - 1) % 4 < 2 => cur != 0 && (cur - 1) / 4 == (p - 1) / 4 && matches!((cur - 1) % 4, 1 | 2),
        _ => cur == 0 || matches!((cur - 1) % 4, 0 | 3),
    }
}

/// For each tag, the tags that may precede it (`PREV[c][..PREV_LEN[c]]`), for Viterbi.
const PREV: ([[Tag; TAGS]; TAGS], [usize; TAGS]) = {
    let mut prev = [[0; TAGS]; TAGS];
    let mut len = [0; TAGS];
    let mut c = 0;
    while c < TAGS {
        let mut p = 0;
        while p < TAGS {
            if tag_allowed(Some(p as Tag), c as Tag) {
                prev[c][len[c]] = p as Tag;
                len[c] += 1;
            }
            p += 1;
        }
        c += 1;
    }
    (prev, len)
};

/// Whether a sentence may end with tag `t` (not inside an open entity).
fn tag_can_end(t: Tag) -> bool {
    t == 0 || (t - 1) % 4 >= 2
}

/// BIO labels → BILOU tags.
pub fn to_tags(labels: &[Label]) -> Vec<Tag> {
    let mut out = vec![0; labels.len()];
    for (a, b, class) in chunks(labels) {
        let base = 1 + 4 * class as u8;
        if b - a == 1 {
            out[a] = base + 3;
        } else {
            out[a] = base;
            out[a + 1..b - 1].fill(base + 1);
            out[b - 1] = base + 2;
        }
    }
    out
}

/// BILOU tags → BIO labels.
pub fn to_labels(tags: &[Tag]) -> Vec<Label> {
    tags.iter().map(|&t| if t == 0 { 0 } else { 1 + 2 * ((t - 1) / 4) + ((t - 1) % 4 == 1 || (t - 1) % 4 == 2) as u8 }).collect()
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

/// One linear sequence tagger over BILOU tags: feature weights and transition weights,
/// quantised to integers.
pub struct Tagger {
    weights: FxHashMap<u64, [i16; TAGS]>,
    /// `trans[prev][cur]`, with `prev == TAGS` for the sentence start.
    trans: [[i32; TAGS]; TAGS + 1],
    /// `from_outside[cur][j] = trans[OUTSIDE[j]][cur]`, for Viterbi.
    from_outside: [[i64; OUTSIDE.len()]; TAGS],
}

/// The tags after which an entity may start or O follow: O, and L and U of every class.
const OUTSIDE: [usize; 9] = [0, 3, 4, 7, 8, 11, 12, 15, 16];

impl Tagger {
    pub fn new(weights: FxHashMap<u64, [i16; TAGS]>, trans: [[i32; TAGS]; TAGS + 1]) -> Tagger {
        let from_outside = std::array::from_fn(|c| OUTSIDE.map(|p| trans[p][c] as i64));
        Tagger { weights, trans, from_outside }
    }

    /// Adds the scores of every tag of every word from its features to `out` (one row per word).
    fn add_emissions(&self, feats: &[u64], offsets: &[u32], out: &mut [[i32; TAGS]]) {
        for (w, s) in offsets.windows(2).zip(out.iter_mut()) {
            for f in &feats[w[0] as usize..w[1] as usize] {
                if let Some(row) = self.weights.get(f) {
                    for (a, &b) in s.iter_mut().zip(row) {
                        *a += b as i32;
                    }
                }
            }
        }
    }

    /// Best BIO labels for words whose features are `feats[offsets[i]..offsets[i+1]]`.
    pub fn decode(&self, feats: &[u64], offsets: &[u32], emit: &mut Vec<[i32; TAGS]>) -> Vec<Label> {
        emit.clear();
        emit.resize(offsets.len().saturating_sub(1), [0; TAGS]);
        self.add_emissions(feats, offsets, emit);
        self.best(emit, &mut Lattice::default())
    }

    /// Best BIO labels for the tag scores `emit` of the words. Same result as [`viterbi`] with
    /// this tagger's transitions, without closures or allocation per sentence (the hot path).
    fn best(&self, emit: &[[i32; TAGS]], bufs: &mut Lattice) -> Vec<Label> {
        const NEG: i64 = i64::MIN / 4;
        let n = emit.len();
        if n == 0 {
            return Vec::new();
        }
        let Lattice { score, back, tags } = bufs;
        score.clear();
        back.clear();
        score.resize(n, [NEG; TAGS]);
        back.resize(n, [0; TAGS]);
        for c in 0..TAGS {
            if tag_allowed(None, c as Tag) {
                score[0][c] = emit[0][c] as i64 + self.trans[TAGS][c] as i64;
            }
        }
        let trans = &self.trans;
        for t in 1..n {
            let prev = score[t - 1];
            // The tags that close or have no entity: the only ones an O, B or U may follow.
            let out_prev = OUTSIDE.map(|p| prev[p]);
            let mut row = [NEG; TAGS];
            let mut arg_row = [0u8; TAGS];
            for c in 0..TAGS {
                // First best predecessor, as `viterbi` picks it. An unreachable predecessor
                // (NEG) plus a transition stays far below any real path, so it never wins
                // over a reachable one; a tag with no reachable predecessor stays NEG.
                let (best, arg) = if c == 0 || matches!((c - 1) % 4, 0 | 3) {
                    let tr = &self.from_outside[c];
                    let (mut best, mut arg) = (out_prev[0] + tr[0], 0);
                    for j in 1..OUTSIDE.len() {
                        let v = out_prev[j] + tr[j];
                        if v > best {
                            best = v;
                            arg = j;
                        }
                    }
                    (best, OUTSIDE[arg])
                } else {
                    // I or L of class k follows only B or I of class k.
                    let (b, i) = (c - (c - 1) % 4, c - (c - 1) % 4 + 1);
                    let (vb, vi) = (prev[b] + trans[b][c] as i64, prev[i] + trans[i][c] as i64);
                    if vi > vb { (vi, i) } else { (vb, b) }
                };
                if best > NEG {
                    row[c] = best + emit[t][c] as i64;
                    arg_row[c] = arg as u8;
                }
            }
            score[t] = row;
            back[t] = arg_row;
        }
        let mut last = 0usize;
        for c in 0..TAGS {
            if tag_can_end(c as Tag) && score[n - 1][c] > score[n - 1][last] {
                last = c;
            }
        }
        tags.clear();
        tags.resize(n, 0);
        tags[n - 1] = last as Tag;
        for t in (1..n).rev() {
            tags[t - 1] = back[t][tags[t] as usize];
        }
        to_labels(tags)
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
        let mut trans = [[0i32; TAGS]; TAGS + 1];
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
            let b = r.take(2 * TAGS)?;
            let mut row = [0i16; TAGS];
            for (i, v) in row.iter_mut().enumerate() {
                *v = i16::from_le_bytes([b[2 * i], b[2 * i + 1]]);
            }
            weights.insert(k, row);
        }
        Ok(Tagger::new(weights, trans))
    }
}

/// The NER model: a first-stage tagger over local features and, optionally, a second stage
/// that also sees what the first stage said about the same words elsewhere in the document.
pub struct Model {
    pub stage1: Tagger,
    pub stage2: Option<Tagger>,
    pub clusters: Clusters,
    pub names: Names,
    /// Both stages' weights of every feature of either, packed for tagging (built from `stage1`
    /// and `stage2`; tagging speed is memory-bound).
    table: PackedWeights,
}

/// Emission weights of both stages packed so that one feature costs one cache line.
///
/// A feature's weight row may be shifted by a constant without changing any decision: every tag
/// of a word gains the same amount, so every path of the lattice does too. Each row is shifted so
/// that tag O weighs 0; the 16 other tags of both stages then fill exactly 64 bytes (`Row`).
/// Rows sit in an open-addressed table indexed by the feature hash's top bits (keys are hashes
/// already) with a 32-bit fingerprint per slot (a 1 MB array that stays mostly in cache), in
/// front of which a 512 KB presence filter rejects most features, which have no weight at all,
/// without touching either array. A fingerprint match of an absent feature needs two hashes to
/// agree on 54 bits; with about 10^8 lookups per GB of news that does not occur in practice.
struct PackedWeights {
    present: Vec<u64>,
    fingerprints: Vec<u32>,
    rows: Vec<Row>,
    shift: u32,
    /// The few rows whose shifted weights do not fit in i16, exactly, by slot (their slot's
    /// fingerprint carries [`OVERFLOW`]).
    overflow: FxHashMap<u64, Row32>,
}

/// A row as [`Row`], unpacked; the form the scores are summed in.
type Row32 = [i32; 2 * (TAGS - 1)];

/// Fingerprint bit marking a slot whose row lives in `overflow`.
const OVERFLOW: u32 = 2;

/// Weights of tags 1..17 of stage 1, then of stage 2 (tag O is 0 after the shift).
#[derive(Clone, Copy, Default)]
#[repr(align(64))]
struct Row([i16; 2 * (TAGS - 1)]);

/// The weights of tags 1..17 relative to tag O's (see [`PackedWeights`]).
fn shifted(w: &[i16; TAGS]) -> [i32; TAGS - 1] {
    std::array::from_fn(|t| w[t + 1] as i32 - w[0] as i32)
}

const PRESENT_BITS: u32 = 22;

fn present_bit(key: u64) -> (usize, u64) {
    let b = key >> (64 - PRESENT_BITS);
    ((b >> 6) as usize, 1u64 << (b & 63))
}

/// A slot's fingerprint: never 0 (0 marks an empty slot); bit [`OVERFLOW`] is left clear.
fn fingerprint(key: u64) -> u32 {
    (key as u32 & !OVERFLOW) | 1
}

impl PackedWeights {
    fn new(stage1: &Tagger, stage2: Option<&Tagger>) -> PackedWeights {
        let mut keys: Vec<u64> = stage1.weights.keys().chain(stage2.iter().flat_map(|t| t.weights.keys())).copied().collect();
        keys.sort_unstable();
        keys.dedup();
        let bits = (2 * keys.len().max(1)).next_power_of_two().trailing_zeros().max(4);
        let shift = 64 - bits;
        let mut fingerprints = vec![0u32; 1 << bits];
        let mut rows = vec![Row::default(); 1 << bits];
        let mut present = vec![0u64; 1 << (PRESENT_BITS - 6)];
        let mask = (1usize << bits) - 1;
        let mut overflow = FxHashMap::default();
        for k in keys {
            let (w, bit) = present_bit(k);
            present[w] |= bit;
            let mut i = (k >> shift) as usize;
            while fingerprints[i] != 0 {
                i = (i + 1) & mask;
            }
            let mut row: Row32 = [0; 2 * (TAGS - 1)];
            for (half, tagger) in [Some(stage1), stage2].into_iter().enumerate() {
                if let Some(w) = tagger.and_then(|t| t.weights.get(&k)) {
                    row[half * (TAGS - 1)..(half + 1) * (TAGS - 1)].copy_from_slice(&shifted(w));
                }
            }
            fingerprints[i] = fingerprint(k);
            if row.iter().all(|&v| i16::try_from(v).is_ok()) {
                rows[i].0 = row.map(|v| v as i16);
            } else {
                fingerprints[i] |= OVERFLOW;
                overflow.insert(i as u64, row);
            }
        }
        PackedWeights { present, fingerprints, rows, shift, overflow }
    }

    /// Replaces each feature of `feats` by the slot of its row, dropping the features that have
    /// none, and moves `offsets` (word `i`'s features are `feats[offsets[i]..offsets[i+1]]`)
    /// accordingly. Done for a whole sentence before any row is read, so that the row loads that
    /// follow depend on nothing and overlap in the memory system instead of queuing behind probes.
    fn resolve(&self, feats: &mut Vec<u64>, offsets: &mut [u32]) {
        let mask = self.fingerprints.len() - 1;
        let mut out = 0usize;
        let mut read = offsets.first().map_or(0, |&o| o as usize);
        for w in 0..offsets.len().saturating_sub(1) {
            let end = offsets[w + 1] as usize;
            offsets[w] = out as u32;
            for r in read..end {
                let key = feats[r];
                let (pw, bit) = present_bit(key);
                if self.present.get(pw).is_none_or(|&x| x & bit == 0) {
                    continue;
                }
                let fp = fingerprint(key);
                let mut i = (key >> self.shift) as usize;
                while let Some(&f) = self.fingerprints.get(i) {
                    if f & !OVERFLOW == fp {
                        feats[out] = i as u64 | if f & OVERFLOW != 0 { OVERFLOW_SLOT } else { 0 };
                        out += 1;
                        break;
                    }
                    if f == 0 {
                        break;
                    }
                    i = (i + 1) & mask;
                }
            }
            read = end;
        }
        if let Some(last) = offsets.last_mut() {
            *last = out as u32;
        }
        feats.truncate(out);
    }

    /// Adds the rows of the resolved `slots` (from [`PackedWeights::resolve`]) to the tag
    /// scores: stage 1's half to `s1` if given, stage 2's to `s2`. Tag O's weight is 0.
    #[inline]
    fn add(&self, slots: &[u64], s1: Option<&mut [i32; TAGS]>, s2: &mut [i32; TAGS]) {
        // Summed in a local row first: a fixed-width loop the compiler keeps in vector registers.
        let mut acc: Row32 = [0; 2 * (TAGS - 1)];
        for &slot in slots {
            if slot & OVERFLOW_SLOT == 0 {
                if let Some(Row(r)) = self.rows.get(slot as usize) {
                    for (a, &v) in acc.iter_mut().zip(r) {
                        *a += v as i32;
                    }
                }
            } else if let Some(r) = self.overflow.get(&(slot & !OVERFLOW_SLOT)) {
                for (a, &v) in acc.iter_mut().zip(r) {
                    *a += v;
                }
            }
        }
        let (a1, a2) = acc.split_at(TAGS - 1);
        if let Some(s1) = s1 {
            for (s, &v) in s1[1..].iter_mut().zip(a1) {
                *s += v;
            }
        }
        for (s, &v) in s2[1..].iter_mut().zip(a2) {
            *s += v;
        }
    }
}

/// Flag of a resolved slot whose row lives in `overflow`.
const OVERFLOW_SLOT: u64 = 1 << 63;

const MAGIC: &[u8; 8] = b"DLNER003";

impl Model {
    pub fn new(stage1: Tagger, stage2: Option<Tagger>, clusters: Clusters, names: Names) -> Model {
        let table = PackedWeights::new(&stage1, stage2.as_ref());
        Model { stage1, stage2, clusters, names, table }
    }

    /// The model without the features whose weights are all small: a feature is dropped from
    /// both stages when none of its weights, shifted so that tag O's is 0 (the form in which
    /// tagging sums them, see [`PackedWeights`]), reaches `threshold` in magnitude. Small weights
    /// rarely change a decision; half the features weigh under 1500 (of ±32767) and dropping
    /// them halves the table that tagging reads from memory (`dateline train ner --prune`).
    pub fn pruned(self, threshold: i32) -> Model {
        let Model { mut stage1, mut stage2, clusters, names, .. } = self;
        let magnitude = |w: &[i16; TAGS]| shifted(w).iter().map(|v| v.abs()).max().unwrap_or(0);
        let mut strong: FxHashMap<u64, i32> = FxHashMap::default();
        for tagger in std::iter::once(&stage1).chain(stage2.as_ref()) {
            for (k, w) in &tagger.weights {
                let m = strong.entry(*k).or_default();
                *m = (*m).max(magnitude(w));
            }
        }
        for tagger in std::iter::once(&mut stage1).chain(stage2.as_mut()) {
            tagger.weights.retain(|k, _| strong.get(k).is_some_and(|&m| m >= threshold));
        }
        Model::new(stage1, stage2, clusters, names)
    }

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
        let mut names: Vec<_> = self.names.iter().collect();
        names.sort_by_key(|(k, _)| **k);
        w.u32(names.len() as u32);
        for (k, b) in names {
            w.u64(*k);
            w.0.push(*b);
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
        let n = r.u32()? as usize;
        let mut names = Names::default();
        names.reserve(n.min(1 << 22));
        for _ in 0..n {
            let k = r.u64()?;
            names.insert(k, r.take(1)?[0]);
        }
        let stage1 = Tagger::read(&mut r)?;
        let stage2 = if r.u32()? == 1 { Some(Tagger::read(&mut r)?) } else { None };
        Ok(Model::new(stage1, stage2, clusters, names))
    }

    /// Tags every sentence of one document (both stages). Each local feature is looked up once
    /// for both stages; the second stage adds the scores of its non-local features.
    pub fn tag_document(&self, sentences: &[&[&str]], gaz: &Gazetteer, scratch: &mut Scratch) -> Vec<Vec<Label>> {
        let ctx = DocContext::new(sentences.iter().flat_map(|s| s.iter().copied()));
        let res = Resources { gazetteer: gaz, clusters: &self.clusters, names: &self.names };
        let Scratch { lattice, feats, offsets, emit, emit2, keys } = scratch;
        emit2.clear();
        keys.clear();
        let mut labels: Vec<Vec<Label>> = sentences
            .iter()
            .map(|words| {
                feats.clear();
                offsets.clear();
                features::local_features(words, &ctx, &res, feats, offsets, keys);
                emit.clear();
                self.table.resolve(feats, offsets);
                for w in offsets.windows(2) {
                    let (mut s1, mut s2) = ([0i32; TAGS], [0i32; TAGS]);
                    self.table.add(&feats[w[0] as usize..w[1] as usize], Some(&mut s1), &mut s2);
                    emit.push(s1);
                    emit2.push(s2);
                }
                self.stage1.best(emit, lattice)
            })
            .collect();
        if let Some(stage2) = &self.stage2 {
            let stats = DocStats::new(sentences.iter().copied().zip(labels.iter().map(Vec::as_slice)));
            let mut start = 0;
            for (words, l) in sentences.iter().zip(labels.iter_mut()) {
                let nl = NonLocal { labels: l, stats: &stats };
                feats.clear();
                offsets.clear();
                features::nonlocal_features(words, keys.get(start..start + words.len()).unwrap_or(&[]), &nl, feats, offsets);
                emit.clear();
                emit.extend_from_slice(&emit2[start..start + words.len()]);
                start += words.len();
                self.table.resolve(feats, offsets);
                for (w, s) in offsets.windows(2).zip(emit.iter_mut()) {
                    self.table.add(&feats[w[0] as usize..w[1] as usize], None, s);
                }
                *l = stage2.best(emit, lattice);
            }
        }
        labels
    }
}

/// Reusable Viterbi buffers.
#[derive(Default)]
pub struct Lattice {
    score: Vec<[i64; TAGS]>,
    back: Vec<[u8; TAGS]>,
    tags: Vec<Tag>,
}

/// Reusable buffers for tagging.
#[derive(Default)]
pub struct Scratch {
    lattice: Lattice,
    keys: Vec<features::WordKey>,
    feats: Vec<u64>,
    offsets: Vec<u32>,
    emit: Vec<[i32; TAGS]>,
    /// The second stage's scores of every word of the document from its local features.
    emit2: Vec<[i32; TAGS]>,
}

/// Best BILOU-valid tag sequence for per-word scores `emit` and transition scores `trans`.
pub fn viterbi<E: Copy + Into<i64>>(emit: &[[E; TAGS]], trans: impl Fn(Option<Tag>, Tag) -> i64) -> Vec<Tag> {
    let n = emit.len();
    if n == 0 {
        return Vec::new();
    }
    const NEG: i64 = i64::MIN / 4;
    let mut score = vec![[NEG; TAGS]; n];
    let mut back = vec![[0u8; TAGS]; n];
    for c in 0..TAGS as Tag {
        if tag_allowed(None, c) {
            score[0][c as usize] = emit[0][c as usize].into() + trans(None, c);
        }
    }
    for t in 1..n {
        for c in 0..TAGS as Tag {
            let mut best = NEG;
            let mut arg = 0;
            for &p in &PREV.0[c as usize][..PREV.1[c as usize]] {
                if score[t - 1][p as usize] == NEG {
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
    for c in 0..TAGS {
        if tag_can_end(c as Tag) && score[n - 1][c] > score[n - 1][last as usize] {
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
    thread_local! {
        // Tagging buffers, kept between documents so that they stop allocating once grown.
        static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
    }
    let labels = SCRATCH.with(|s| match s.try_borrow_mut() {
        Ok(mut scratch) => model.tag_document(&sentences, gaz, &mut scratch),
        Err(_) => model.tag_document(&sentences, gaz, &mut Scratch::default()),
    });
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
    fn viterbi_respects_bilou() {
        // I-PER scores best everywhere but may not start or end a sentence or follow O.
        let mut e = [[0i32; TAGS]; 3];
        for row in e.iter_mut() {
            row[2] = 10;
            row[1] = 5;
            row[3] = 4;
        }
        let t = viterbi(&e, |_, _| 0);
        assert_eq!(t, vec![1, 2, 3]);
        assert_eq!(to_labels(&t), vec![1, 2, 2]);
        assert_eq!(chunks(&to_labels(&t)), vec![(0, 3, Class::Per)]);
    }

    #[test]
    fn fast_viterbi_agrees_with_reference() {
        // Pseudo-random emissions and transitions, with many ties (small ranges).
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |m: i64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m as u64) as i64 - m / 2
        };
        for round in 0..300 {
            let range = if round % 2 == 0 { 5 } else { 10_000 };
            let mut trans = [[0i32; TAGS]; TAGS + 1];
            trans.iter_mut().flatten().for_each(|v| *v = next(range) as i32);
            let tagger = Tagger::new(FxHashMap::default(), trans);
            let n = 1 + (round % 23);
            let emit: Vec<[i32; TAGS]> = (0..n).map(|_| std::array::from_fn(|_| next(range) as i32)).collect();
            let reference = viterbi(&emit, |p, c| trans[p.map_or(TAGS, |p| p as usize)][c as usize] as i64);
            assert_eq!(tagger.best(&emit, &mut Lattice::default()), to_labels(&reference), "round {round}");
        }
    }

    #[test]
    fn bilou_round_trip() {
        // B-PER I-PER O B-LOC B-LOC I-ORG(start) O
        let l = [1, 2, 0, 5, 5, 4, 0];
        let t = to_tags(&l);
        assert_eq!(t, vec![1, 3, 0, 12, 12, 8, 0]);
        assert_eq!(to_labels(&t), vec![1, 2, 0, 5, 5, 3, 0]);
        for p in (0..TAGS as Tag).map(Some).chain([None]) {
            for c in 0..TAGS as Tag {
                let ok = [p.unwrap_or(0), c] == [1, 2] || [p.unwrap_or(0), c] == [1, 3];
                if p == Some(1) {
                    assert_eq!(tag_allowed(p, c), ok, "{p:?} {c}");
                }
            }
        }
    }

    #[test]
    fn chunks_split_on_class_change() {
        // B-PER I-PER I-ORG O B-LOC
        assert_eq!(chunks(&[1, 2, 4, 0, 5]), vec![(0, 2, Class::Per), (2, 3, Class::Org), (4, 5, Class::Loc)]);
    }
}
