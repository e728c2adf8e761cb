//! The types every reader shares (the bottom module of the crate: it imports no other).
//!
//! In: nothing. Out: [`Options`] of a read, a [`Skip`] (a record that was not read, where it
//! was and why) and [`Entry`], what a reader hands on for each record.
//! Rule: a reader never stops on a bad record; it hands on a `Skip` naming its source, its line
//! (or record number) and the reason, and goes on.

use dateline_extract::Article;
use std::fmt;

/// Articles larger than this are skipped (the largest real news article is well under 1 MB).
pub const DEFAULT_MAX_BYTES: usize = 8 << 20;

/// How to read: the publication date of inputs that carry none, and the largest article.
#[derive(Clone, Debug)]
pub struct Options {
    pub published: Option<jiff::civil::Date>,
    pub max_bytes: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options { published: None, max_bytes: DEFAULT_MAX_BYTES }
    }
}

/// A record that was skipped, with where it was and why.
#[derive(Debug, Clone)]
pub struct Skip {
    pub source: String,
    pub line: Option<usize>,
    pub reason: String,
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: skipped: {}", self.source, l, self.reason),
            None => write!(f, "{}: skipped: {}", self.source, self.reason),
        }
    }
}

/// One record of an input: an article, or why it was skipped.
pub type Entry = Result<Article, Skip>;

pub(crate) fn skip(source: &str, line: Option<usize>, reason: impl Into<String>) -> Skip {
    Skip { source: source.to_string(), line, reason: reason.into() }
}

/// Why something over the size limit is skipped: `larger than the limit of N bytes (…)`.
pub(crate) fn over_limit(max_bytes: usize) -> String {
    format!("larger than the limit of {max_bytes} bytes (see --max-bytes)")
}
