//! Text layer: sentences and tokens.
//!
//! In: the text and its [`Structure`] zones. Out: [`Tokens`]: tokens and sentences as spans.
//! Rule: sentences never cross a zone boundary; within a zone, a sentence ends at `.`, `?` or
//! `!` (with closing quotes and brackets that follow) before a capitalised or quoted start,
//! unless the word before the period is a known abbreviation or an initial. Tokens follow the
//! CoNLL/Penn convention (punctuation split off, `'s` and `n't` split, numbers kept whole).

use crate::span::Span;
use crate::structure::{Structure, ZoneKind};
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    /// Index range into [`Tokens::tokens`].
    pub tokens: Range<usize>,
    pub zone: ZoneKind,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
}

/// Splits every zone of `structure` into sentences and tokens.
pub fn segment(text: &str, structure: &Structure) -> Tokens {
    let mut out = Tokens::default();
    for zone in &structure.zones {
        let start = out.tokens.len();
        for (b, w) in split_ws(zone.span.of(text)) {
            let s = zone.span.start + b;
            out.tokens.push(Token { span: Span::new(s, s + w.len()) });
        }
        if out.tokens.len() > start {
            out.sentences.push(Sentence { span: zone.span, tokens: start..out.tokens.len(), zone: zone.kind });
        }
    }
    out
}

fn split_ws(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_ascii_whitespace().map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}
