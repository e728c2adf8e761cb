//! CoNLL-2003 files and entity-level scoring.
//!
//! In: the text of a CoNLL file (`WORD … TAG` per line, blank line between sentences,
//! `-DOCSTART-` between documents; tags in BIO or IOB1). Out: documents of tagged sentences,
//! and exact-match precision/recall/F1 per class, as `conlleval` computes them.

use super::{chunks, is_inside, label_class, parse_label, Class, Label};

#[derive(Clone, Debug, Default)]
pub struct Sentence {
    pub words: Vec<String>,
    /// Gold labels, normalised to BIO.
    pub labels: Vec<Label>,
    /// Line number (1-based) of each word in the file.
    pub lines: Vec<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct Document {
    pub sentences: Vec<Sentence>,
}

#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

/// Parses a CoNLL file; IOB1 starts (`I-X` not after `X`) become `B-X`.
pub fn parse(text: &str) -> Result<Vec<Document>, ParseError> {
    let mut docs = vec![Document::default()];
    let mut sent = Sentence::default();
    let flush = |docs: &mut Vec<Document>, sent: &mut Sentence| {
        if !sent.words.is_empty() {
            let mut s = std::mem::take(sent);
            to_bio(&mut s.labels);
            if let Some(d) = docs.last_mut() {
                d.sentences.push(s);
            }
        }
    };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() {
            flush(&mut docs, &mut sent);
            continue;
        }
        let mut cols = line.split_whitespace();
        let word = cols.next().unwrap_or_default();
        let tag = line.split_whitespace().last().unwrap_or_default();
        if word == "-DOCSTART-" {
            flush(&mut docs, &mut sent);
            if docs.last().is_some_and(|d| !d.sentences.is_empty()) {
                docs.push(Document::default());
            }
            continue;
        }
        let label = parse_label(tag).ok_or_else(|| ParseError { line: i + 1, message: format!("unknown tag {tag:?}") })?;
        sent.words.push(word.to_string());
        sent.labels.push(label);
        sent.lines.push(i + 1);
    }
    flush(&mut docs, &mut sent);
    docs.retain(|d| !d.sentences.is_empty());
    Ok(docs)
}

/// Rewrites IOB1 into BIO in place.
pub fn to_bio(labels: &mut [Label]) {
    let mut prev: Label = 0;
    for l in labels.iter_mut() {
        if is_inside(*l) && (prev == 0 || label_class(prev) != label_class(*l)) {
            *l -= 1;
        }
        prev = *l;
    }
}

/// Counts of one class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    pub fn add(&mut self, o: Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.correct += o.correct;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Per-class and overall counts of exact entity matches.
#[derive(Clone, Debug, Default)]
pub struct Score {
    pub per_class: [Counts; 4],
}

impl Score {
    pub fn add(&mut self, gold: &[Label], predicted: &[Label]) {
        let g = chunks(gold);
        let p = chunks(predicted);
        for &(_, _, c) in &g {
            self.per_class[c as usize].gold += 1;
        }
        for chunk in &p {
            self.per_class[chunk.2 as usize].predicted += 1;
            if g.contains(chunk) {
                self.per_class[chunk.2 as usize].correct += 1;
            }
        }
    }
    pub fn overall(&self) -> Counts {
        let mut t = Counts::default();
        self.per_class.iter().for_each(|c| t.add(*c));
        t
    }
    pub fn class(&self, c: Class) -> Counts {
        self.per_class[c as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_docs_and_iob1() {
        let t = "-DOCSTART- -X- O O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- O O\n\nX NN O O\n";
        let d = parse(t).unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].sentences[0].labels, vec![3, 0]);
        assert_eq!(d[0].sentences[1].lines, vec![6, 7]);
        assert!(parse("a b c Q-FOO\n").is_err());
    }

    #[test]
    fn scores_exact_matches() {
        let mut s = Score::default();
        s.add(&[1, 2, 0, 5], &[1, 0, 0, 5]);
        let o = s.overall();
        assert_eq!((o.gold, o.predicted, o.correct), (2, 2, 1));
        assert!((o.f1() - 0.5).abs() < 1e-9);
    }
}
