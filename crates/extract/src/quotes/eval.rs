//! Scoring quotes against gold (GGT and PolNeAR). Pure functions; the CLI reads the files.

use crate::span::Span;
use crate::Article;
use crate::Models;

/// One gold quote: byte span into the article text, and the resolved speaker name.
#[derive(Clone, Debug)]
pub struct GoldQuote {
    pub span: Span,
    pub speaker: Option<String>,
    pub cue: Option<Span>,
}

/// A scored run, printable as the report `dateline eval quotes` shows.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub lines: Vec<String>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for l in &self.lines {
            writeln!(f, "{l}")?;
        }
        Ok(())
    }
}

/// Scores extraction on GGT-style gold: articles with their gold quotes.
pub fn evaluate(_gold: &[(Article, Vec<GoldQuote>)], _models: &Models) -> Report {
    Report { lines: vec!["not implemented".into()] }
}

/// Scores attribution on PolNeAR: `(text, ann)` file contents (brat standoff, code-point offsets).
pub fn evaluate_polnear(_docs: &[(String, String)], _models: &Models) -> Report {
    Report { lines: vec!["not implemented".into()] }
}
