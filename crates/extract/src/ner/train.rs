//! Training the NER tagger.
//!
//! In: CoNLL documents, the gazetteer and word clusters. Out: a [`Model`].
//! Rule: averaged structured perceptron (Collins 2002) with Viterbi decoding, a fixed number
//! of epochs over the sentences in a deterministic shuffled order (seeded LCG), features seen
//! fewer than `min_count` times dropped, weights quantised to i16. Same data and options give
//! the same model bytes.

use super::conll::Document;
use super::features::{sentence_features, Clusters, DocContext, Resources};
use super::{viterbi, Label, Model, LABELS};
use crate::gazetteer::Gazetteer;
use rustc_hash::FxHashMap;

#[derive(Clone, Debug)]
pub struct Options {
    pub epochs: usize,
    pub min_count: u32,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options { epochs: 12, min_count: 1, seed: 0x5eed }
    }
}

struct Example {
    /// Dense feature ids per word: `feats[offsets[i]..offsets[i+1]]`.
    feats: Vec<u32>,
    offsets: Vec<u32>,
    gold: Vec<Label>,
}

/// Averaged weights: `w` current, `u` time-weighted sum of updates; average = w - u / t.
struct Averaged {
    w: Vec<[f32; LABELS]>,
    u: Vec<[f64; LABELS]>,
}

impl Averaged {
    fn new(n: usize) -> Averaged {
        Averaged { w: vec![[0.0; LABELS]; n], u: vec![[0.0; LABELS]; n] }
    }
    fn update(&mut self, f: usize, l: Label, d: f32, t: f64) {
        self.w[f][l as usize] += d;
        self.u[f][l as usize] += t * d as f64;
    }
    fn average(&self, t: f64) -> Vec<[f32; LABELS]> {
        self.w
            .iter()
            .zip(&self.u)
            .map(|(w, u)| std::array::from_fn(|k| (w[k] as f64 - u[k] / t) as f32))
            .collect()
    }
}

/// Trains a model; `progress` is called after each epoch with (epoch, training errors).
pub fn train(
    docs: &[Document],
    gaz: &Gazetteer,
    clusters: Clusters,
    opts: &Options,
    mut progress: impl FnMut(usize, usize),
) -> Model {
    let res = Resources { gazetteer: gaz, clusters: &clusters };
    // 1. Features of every training sentence, hashed, then mapped to dense ids.
    let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
    let mut raw: Vec<(Vec<u64>, Vec<u32>, Vec<Label>)> = Vec::new();
    let (mut fb, mut ob) = (Vec::new(), Vec::new());
    for d in docs {
        let ctx = DocContext::new(d.sentences.iter().flat_map(|s| s.words.iter().map(String::as_str)));
        for s in &d.sentences {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            sentence_features(&words, &ctx, &res, &mut fb, &mut ob);
            for &f in &fb {
                *counts.entry(f).or_default() += 1;
            }
            raw.push((fb.clone(), ob.clone(), s.labels.clone()));
        }
    }
    let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
    let mut keys: Vec<u64> = counts.iter().filter(|(_, &c)| c >= opts.min_count).map(|(&k, _)| k).collect();
    keys.sort_unstable();
    for (i, &k) in keys.iter().enumerate() {
        ids.insert(k, i as u32);
    }
    let examples: Vec<Example> = raw
        .into_iter()
        .map(|(f, o, gold)| {
            let mut feats = Vec::with_capacity(f.len());
            let mut offsets = Vec::with_capacity(o.len());
            for w in o.windows(2) {
                offsets.push(feats.len() as u32);
                feats.extend(f[w[0] as usize..w[1] as usize].iter().filter_map(|h| ids.get(h).copied()));
            }
            offsets.push(feats.len() as u32);
            Example { feats, offsets, gold }
        })
        .collect();

    // 2. Perceptron epochs.
    let mut emit_w = Averaged::new(keys.len());
    let mut trans_w = Averaged::new(LABELS + 1);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = opts.seed | 1;
    let mut t = 1.0f64;
    let mut emit = Vec::new();
    for epoch in 0..opts.epochs {
        for i in (1..order.len()).rev() {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, ((rng >> 33) as usize) % (i + 1));
        }
        let mut errors = 0;
        for &ei in &order {
            let ex = &examples[ei];
            emit.clear();
            for w in ex.offsets.windows(2) {
                let mut s = [0f32; LABELS];
                for &f in &ex.feats[w[0] as usize..w[1] as usize] {
                    for (a, b) in s.iter_mut().zip(&emit_w.w[f as usize]) {
                        *a += b;
                    }
                }
                emit.push(s.map(|v| (v * 1024.0) as i64));
            }
            let tw = &trans_w.w;
            let pred = viterbi(&emit, |p, c| (tw[p.map_or(LABELS, |p| p as usize)][c as usize] * 1024.0) as i64);
            if pred != ex.gold {
                errors += 1;
                for (k, w) in ex.offsets.windows(2).enumerate() {
                    let (g, p) = (ex.gold[k], pred[k]);
                    if g != p {
                        for &f in &ex.feats[w[0] as usize..w[1] as usize] {
                            emit_w.update(f as usize, g, 1.0, t);
                            emit_w.update(f as usize, p, -1.0, t);
                        }
                    }
                    let (gp, pp) = if k == 0 { (LABELS, LABELS) } else { (ex.gold[k - 1] as usize, pred[k - 1] as usize) };
                    if (gp, g) != (pp, p) {
                        trans_w.update(gp, g, 1.0, t);
                        trans_w.update(pp, p, -1.0, t);
                    }
                }
            }
            t += 1.0;
        }
        progress(epoch + 1, errors);
    }

    // 3. Average, quantise, drop all-zero rows.
    let avg = emit_w.average(t);
    let tavg = trans_w.average(t);
    let max = avg.iter().chain(&tavg).flat_map(|r| r.iter()).fold(0f32, |m, v| m.max(v.abs())).max(1e-6);
    let scale = 32767.0 / max;
    let q = |v: f32| (v * scale).round().clamp(-32767.0, 32767.0) as i16;
    let mut weights = FxHashMap::default();
    for (k, row) in keys.iter().zip(&avg) {
        let r = row.map(q);
        if r.iter().any(|&v| v != 0) {
            weights.insert(*k, r);
        }
    }
    let mut trans = [[0i32; LABELS]; LABELS + 1];
    for (p, row) in tavg.iter().enumerate() {
        for c in 0..LABELS {
            trans[p][c] = q(row[c]) as i32;
        }
    }
    Model::from_parts(weights, trans, clusters)
}
