//! Quotes: who said what.
//!
//! In: the text, structure, tokens, NER mentions and entities. Out: [`Quote`]s.
//! Rule: (to be written by the implementation).

pub mod eval;

use crate::entities::Entity;
use crate::ner::Mention;
use crate::span::Span;
use crate::structure::Structure;
use crate::text::Tokens;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteKind {
    Direct,
    Partial,
    Indirect,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Speaker {
    /// Index into the entities slice given to [`attribute`].
    pub entity: Option<usize>,
    /// The mention that attributes the quote in its sentence (may be a pronoun).
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    pub kind: QuoteKind,
    /// What was said (for direct quotes, the quoted words; marks may be included).
    pub span: Span,
    pub speaker: Option<Speaker>,
    pub cue: Option<Span>,
}

pub fn attribute(_text: &str, _st: &Structure, _toks: &Tokens, _mentions: &[Mention], _ents: &[Entity]) -> Vec<Quote> {
    Vec::new()
}
