//! Scoring of event codings against gold (pure).
//!
//! In: per record, the gold and the system items (e.g. `(source, target, code)` triples, or the
//! code alone). Out: precision, recall, F1. Rule: items are matched as multisets per record.

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn add<T: PartialEq>(&mut self, gold: &[T], sys: &[T]) {
        let mut used = vec![false; gold.len()];
        for s in sys {
            match gold.iter().enumerate().position(|(i, g)| !used[i] && g == s) {
                Some(i) => {
                    used[i] = true;
                    self.tp += 1;
                }
                None => self.fp += 1,
            }
        }
        self.fn_ += used.iter().filter(|u| !**u).count();
    }
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 { 0.0 } else { self.tp as f64 / (self.tp + self.fp) as f64 }
    }
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 { 0.0 } else { self.tp as f64 / (self.tp + self.fn_) as f64 }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    pub fn line(&self, name: &str) -> String {
        format!(
            "{name:<10} P {:5.1}  R {:5.1}  F1 {:5.1}   (tp {}, fp {}, fn {})\n",
            100.0 * self.precision(),
            100.0 * self.recall(),
            100.0 * self.f1(),
            self.tp,
            self.fp,
            self.fn_
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiset() {
        let mut p = Prf::default();
        p.add(&["a", "a", "b"], &["a", "c"]);
        assert_eq!(p, Prf { tp: 1, fp: 1, fn_: 2 });
        assert!((p.f1() - 0.4).abs() < 1e-9);
    }
}
