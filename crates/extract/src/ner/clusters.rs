//! Word clusters learnt from raw text, for the tagger's features.
//!
//! In: tokenised sentences of raw news (lower-cased words). Out: for each frequent word, a class
//! id at each requested granularity (e.g. 64, 256, 1024 classes).
//! Rule: exchange clustering (Kneser & Ney 1993; Martin, Liermann & Ney 1998): words start in
//! classes by frequency rank, then each word in turn moves to the class that most increases the
//! class-bigram log-likelihood `Σ N(c,d) log N(c,d) − 2 Σ N(c) log N(c)`, for a fixed number of
//! passes. Ties go to the lowest class id, so the result is deterministic.

use rustc_hash::FxHashMap;

/// Bigram statistics of a vocabulary: word ids are frequency ranks (0 = most frequent).
pub struct Corpus {
    pub words: Vec<String>,
    pub counts: Vec<u64>,
    /// For each word, `(next word, count)` and `(previous word, count)`.
    next: Vec<Vec<(u32, u32)>>,
    prev: Vec<Vec<(u32, u32)>>,
}

impl Corpus {
    /// Counts words and bigrams; keeps words seen at least `min_count` times.
    pub fn build<'a>(sentences: impl Iterator<Item = Vec<&'a str>> + Clone, min_count: u64) -> Corpus {
        let mut freq: FxHashMap<String, u64> = FxHashMap::default();
        for s in sentences.clone() {
            for w in s {
                *freq.entry(w.to_lowercase()).or_default() += 1;
            }
        }
        let mut vocab: Vec<(String, u64)> = freq.into_iter().filter(|(_, c)| *c >= min_count).collect();
        vocab.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let ids: FxHashMap<&str, u32> = vocab.iter().enumerate().map(|(i, (w, _))| (w.as_str(), i as u32)).collect();
        let mut bigrams: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut lower = Vec::new();
        for s in sentences {
            lower.clear();
            lower.extend(s.iter().map(|w| ids.get(w.to_lowercase().as_str()).copied()));
            for pair in lower.windows(2) {
                if let (Some(a), Some(b)) = (pair[0], pair[1]) {
                    *bigrams.entry((a, b)).or_default() += 1;
                }
            }
        }
        let n = vocab.len();
        let mut next = vec![Vec::new(); n];
        let mut prev = vec![Vec::new(); n];
        let mut pairs: Vec<((u32, u32), u32)> = bigrams.into_iter().collect();
        pairs.sort_unstable();
        for ((a, b), c) in pairs {
            next[a as usize].push((b, c));
            prev[b as usize].push((a, c));
        }
        let (words, counts) = vocab.into_iter().unzip();
        Corpus { words, counts, next, prev }
    }
}

fn xlogx(x: f64) -> f64 {
    if x <= 0.0 { 0.0 } else { x * x.ln() }
}

/// Clusters the vocabulary of `corpus` into `k` classes with `passes` exchange passes.
pub fn exchange(corpus: &Corpus, k: usize, passes: usize) -> Vec<u16> {
    let n = corpus.words.len();
    let k = k.clamp(1, u16::MAX as usize);
    let mut class: Vec<u16> = (0..n).map(|i| (i % k) as u16).collect();
    let mut big = vec![0f64; k * k];
    let mut uni = vec![0f64; k];
    for w in 0..n {
        uni[class[w] as usize] += corpus.counts[w] as f64;
        for &(u, c) in &corpus.next[w] {
            big[class[w] as usize * k + class[u as usize] as usize] += c as f64;
        }
    }
    let mut left = vec![0f64; k];
    let mut right = vec![0f64; k];
    let mut touched_l: Vec<usize> = Vec::new();
    let mut touched_r: Vec<usize> = Vec::new();
    for _ in 0..passes {
        for w in 0..n {
            // Context class counts, excluding the self-bigram.
            let mut selfc = 0f64;
            for &(u, c) in &corpus.next[w] {
                if u as usize == w {
                    selfc += c as f64;
                    continue;
                }
                let cu = class[u as usize] as usize;
                if right[cu] == 0.0 {
                    touched_r.push(cu);
                }
                right[cu] += c as f64;
            }
            for &(v, c) in &corpus.prev[w] {
                if v as usize == w {
                    continue;
                }
                let cv = class[v as usize] as usize;
                if left[cv] == 0.0 {
                    touched_l.push(cv);
                }
                left[cv] += c as f64;
            }
            let nw = corpus.counts[w] as f64;
            // Take w out of its class.
            let a = class[w] as usize;
            apply(&mut big, &mut uni, k, a, &left, &right, &touched_l, &touched_r, selfc, nw, -1.0);
            // Best class to put it in.
            let mut best = (f64::NEG_INFINITY, a);
            for b in 0..k {
                let mut d = 0.0;
                for &c in &touched_l {
                    if c != b {
                        let x = big[c * k + b];
                        d += xlogx(x + left[c]) - xlogx(x);
                    }
                }
                for &c in &touched_r {
                    if c != b {
                        let x = big[b * k + c];
                        d += xlogx(x + right[c]) - xlogx(x);
                    }
                }
                let x = big[b * k + b];
                d += xlogx(x + left[b] + right[b] + selfc) - xlogx(x);
                d -= 2.0 * (xlogx(uni[b] + nw) - xlogx(uni[b]));
                if d > best.0 + 1e-9 {
                    best = (d, b);
                }
            }
            let b = best.1;
            apply(&mut big, &mut uni, k, b, &left, &right, &touched_l, &touched_r, selfc, nw, 1.0);
            class[w] = b as u16;
            for &c in &touched_l {
                left[c] = 0.0;
            }
            for &c in &touched_r {
                right[c] = 0.0;
            }
            touched_l.clear();
            touched_r.clear();
        }
    }
    class
}

#[allow(clippy::too_many_arguments)]
fn apply(big: &mut [f64], uni: &mut [f64], k: usize, b: usize, left: &[f64], right: &[f64], tl: &[usize], tr: &[usize], selfc: f64, nw: f64, sign: f64) {
    for &c in tl {
        big[c * k + b] += sign * left[c];
    }
    for &c in tr {
        big[b * k + c] += sign * right[c];
    }
    big[b * k + b] += sign * selfc;
    uni[b] += sign * nw;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_distributionally_different_words() {
        // Two word families that occur in different contexts.
        let mut sents: Vec<Vec<&str>> = Vec::new();
        for _ in 0..50 {
            for n in ["paris", "london", "berlin"] {
                sents.push(vec!["in", n, "today"]);
            }
            for v in ["said", "added", "stressed"] {
                sents.push(vec!["he", v, "that"]);
            }
        }
        let corpus = Corpus::build(sents.iter().cloned(), 1);
        let class = exchange(&corpus, 4, 5);
        let id = |w: &str| class[corpus.words.iter().position(|x| x == w).unwrap()];
        assert_eq!(id("paris"), id("london"));
        assert_eq!(id("said"), id("added"));
        assert_ne!(id("paris"), id("said"));
        assert_eq!(class, exchange(&corpus, 4, 5), "deterministic");
    }
}
