//! Dates: absolute and relative date expressions, resolved to calendar dates.
//!
//! In: the text, structure, tokens and the publication date. Out: [`DateMention`]s.
//! Rule: (to be written by the implementation).

use crate::span::Span;
use crate::structure::Structure;
use crate::text::Tokens;
use jiff::civil::Date;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateKind {
    Absolute,
    Relative,
}

impl DateKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DateKind::Absolute => "absolute",
            DateKind::Relative => "relative",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct DateMention {
    pub span: Span,
    pub kind: DateKind,
    /// The resolved date; `None` when it cannot be resolved (a relative date without a
    /// publication date is never anchored on another date in the text).
    pub value: Option<Date>,
}

pub fn find(_text: &str, _st: &Structure, _toks: &Tokens, _published: Option<Date>) -> Vec<DateMention> {
    Vec::new()
}
