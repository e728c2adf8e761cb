//! Amounts: money, counts, percentages and quantities.
//!
//! In: the text, structure (FX notes), tokens and entities. Out: [`Amount`]s.
//! Rule: (to be written by the implementation).

use crate::entities::Entity;
use crate::span::Span;
use crate::structure::Structure;
use crate::text::Tokens;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountKind {
    Money,
    Count,
    Percent,
    Quantity,
}

impl AmountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AmountKind::Money => "money",
            AmountKind::Count => "count",
            AmountKind::Percent => "percent",
            AmountKind::Quantity => "quantity",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Amount {
    pub kind: AmountKind,
    /// The whole amount as written: `2.4 billion euros`, `more than 40 Shahed drones`.
    pub span: Span,
    pub value: f64,
    /// ISO 4217 for money.
    pub currency: Option<&'static str>,
    /// Unit of a quantity (`tonnes`, `km`) or per-unit of money (`per barrel`).
    pub unit: Option<String>,
    /// `more than`, `at least`, `about`, `up to`, …
    pub qualifier: Option<String>,
    /// What is counted or paid for (`Shahed drones`, `firm orders`).
    pub object: Option<Span>,
    /// US-dollar value: stated equivalent first, else from an FX note; never guessed.
    pub usd: Option<f64>,
}

pub fn find(_text: &str, _st: &Structure, _toks: &Tokens, _ents: &[Entity]) -> Vec<Amount> {
    Vec::new()
}
