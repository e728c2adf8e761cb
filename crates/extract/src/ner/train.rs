//! Training the NER tagger.
//!
//! In: CoNLL documents, the gazetteer and word clusters. Out: a [`Model`].
//! Rule: averaged structured perceptron (Collins 2002) over BILOU tags with Viterbi decoding, a fixed number
//! of epochs over the sentences in a deterministic shuffled order (seeded LCG), weights
//! quantised to i16. With `two_stage`, the second stage is trained on first-stage labels
//! obtained by k-fold jackknifing over documents, so that it learns how far to trust them.
//! Same data and options give the same model bytes.

use super::conll::Document;
use super::features::{sentence_features, Clusters, DocContext, DocStats, Names, NonLocal, Resources};
use super::{to_tags, viterbi, Label, Model, Tag, Tagger, TAGS};
use crate::gazetteer::Gazetteer;
use rustc_hash::FxHashMap;

#[derive(Clone, Debug)]
pub struct Options {
    pub epochs: usize,
    pub seed: u64,
    pub two_stage: bool,
    pub folds: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options { epochs: 12, seed: 0x5eed, two_stage: true, folds: 5 }
    }
}

/// One training sentence: hashed features per word and gold BILOU tags.
struct Example {
    feats: Vec<u64>,
    offsets: Vec<u32>,
    gold: Vec<Tag>,
}

/// Averaged weights: `w` current, `u` time-weighted sum of updates; average = w - u / t.
struct Averaged {
    w: Vec<[f32; TAGS]>,
    u: Vec<[f64; TAGS]>,
}

impl Averaged {
    fn new(n: usize) -> Averaged {
        Averaged { w: vec![[0.0; TAGS]; n], u: vec![[0.0; TAGS]; n] }
    }
    fn update(&mut self, f: usize, l: Tag, d: f32, t: f64) {
        self.w[f][l as usize] += d;
        self.u[f][l as usize] += t * d as f64;
    }
    fn average(&self, t: f64) -> Vec<[f32; TAGS]> {
        self.w.iter().zip(&self.u).map(|(w, u)| std::array::from_fn(|k| (w[k] as f64 - u[k] / t) as f32)).collect()
    }
}

/// Features of every sentence of every document (`stage1` gives first-stage labels per doc).
fn examples(docs: &[&Document], res: &Resources, stage1: Option<&[Vec<Vec<Label>>]>) -> Vec<Vec<Example>> {
    let (mut fb, mut ob) = (Vec::new(), Vec::new());
    docs.iter()
        .enumerate()
        .map(|(di, d)| {
            let words: Vec<Vec<&str>> = d.sentences.iter().map(|s| s.words.iter().map(String::as_str).collect()).collect();
            let ctx = DocContext::new(words.iter().flatten().copied());
            let labels = stage1.map(|s| &s[di]);
            let stats = labels.map(|l| DocStats::new(words.iter().map(Vec::as_slice).zip(l.iter().map(Vec::as_slice))));
            d.sentences
                .iter()
                .enumerate()
                .map(|(si, s)| {
                    let nl = labels.zip(stats.as_ref()).map(|(l, st)| NonLocal { labels: &l[si], stats: st });
                    sentence_features(&words[si], &ctx, res, nl.as_ref(), &mut fb, &mut ob);
                    Example { feats: fb.clone(), offsets: ob.clone(), gold: to_tags(&s.labels) }
                })
                .collect()
        })
        .collect()
}

/// Trains one tagger on the given examples.
fn fit(examples: &[&Example], opts: &Options, progress: &mut dyn FnMut(usize, usize)) -> Tagger {
    // Dense ids for the features, in hash order (deterministic).
    let mut keys: Vec<u64> = examples.iter().flat_map(|e| e.feats.iter().copied()).collect();
    keys.sort_unstable();
    keys.dedup();
    let ids: FxHashMap<u64, u32> = keys.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
    let dense: Vec<Vec<u32>> = examples.iter().map(|e| e.feats.iter().map(|h| ids[h]).collect()).collect();

    let mut emit_w = Averaged::new(keys.len());
    let mut trans_w = Averaged::new(TAGS + 1);
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
            let (ex, feats) = (examples[ei], &dense[ei]);
            emit.clear();
            for w in ex.offsets.windows(2) {
                let mut s = [0f32; TAGS];
                for &f in &feats[w[0] as usize..w[1] as usize] {
                    for (a, b) in s.iter_mut().zip(&emit_w.w[f as usize]) {
                        *a += b;
                    }
                }
                emit.push(s.map(|v| (v * 1024.0) as i64));
            }
            let tw = &trans_w.w;
            let pred = viterbi(&emit, |p, c| (tw[p.map_or(TAGS, |p| p as usize)][c as usize] * 1024.0) as i64);
            if pred != ex.gold {
                errors += 1;
                for (k, w) in ex.offsets.windows(2).enumerate() {
                    let (g, p) = (ex.gold[k], pred[k]);
                    if g != p {
                        for &f in &feats[w[0] as usize..w[1] as usize] {
                            emit_w.update(f as usize, g, 1.0, t);
                            emit_w.update(f as usize, p, -1.0, t);
                        }
                    }
                    let (gp, pp) = if k == 0 { (TAGS, TAGS) } else { (ex.gold[k - 1] as usize, pred[k - 1] as usize) };
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

    // Average, quantise, drop all-zero rows.
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
    let mut trans = [[0i32; TAGS]; TAGS + 1];
    for (p, row) in tavg.iter().enumerate() {
        for c in 0..TAGS {
            trans[p][c] = q(row[c]) as i32;
        }
    }
    Tagger::new(weights, trans)
}

/// Trains a model; `progress` is told (stage name, epoch, sentences wrong) after each epoch.
pub fn train(docs: &[Document], gaz: &Gazetteer, clusters: Clusters, names: Names, opts: &Options, progress: &mut dyn FnMut(&str, usize, usize)) -> Model {
    let res = Resources { gazetteer: gaz, clusters: &clusters, names: &names };
    let all: Vec<&Document> = docs.iter().collect();
    let local = examples(&all, &res, None);
    let flat: Vec<&Example> = local.iter().flatten().collect();
    let stage1 = fit(&flat, opts, &mut |e, n| progress("stage 1", e, n));
    let stage2 = opts.two_stage.then(|| {
        // First-stage labels for every training document from a model that did not see it.
        let folds = opts.folds.max(2);
        let mut labels: Vec<Vec<Vec<Label>>> = vec![Vec::new(); docs.len()];
        for k in 0..folds {
            let train: Vec<&Example> = local.iter().enumerate().filter(|(d, _)| d % folds != k).flat_map(|(_, e)| e).collect();
            let tagger = fit(&train, opts, &mut |_, _| {});
            let mut emit = Vec::new();
            for (d, exs) in local.iter().enumerate().filter(|(d, _)| d % folds == k) {
                labels[d] = exs.iter().map(|e| tagger.decode(&e.feats, &e.offsets, &mut emit)).collect();
            }
            progress(&format!("fold {}/{folds}", k + 1), opts.epochs, 0);
        }
        let second = examples(&all, &res, Some(&labels));
        let flat: Vec<&Example> = second.iter().flatten().collect();
        fit(&flat, opts, &mut |e, n| progress("stage 2", e, n))
    });
    Model::new(stage1, stage2, clusters, names)
}
