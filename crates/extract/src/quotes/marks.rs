//! Quotation marks: pairing opening and closing marks into quoted regions.
//!
//! In: the text and its structure zones. Out: [`Region`]s in text order.
//! Rule: one left-to-right scan per run of zones of one kind (consecutive body zones are one
//! run). Double marks (`"` `“` `”` `„` `«` `»`) pair at the top level; single marks (`'` `‘`
//! `’` `‹` `›`) pair only at the top level too (inside a double quote they are nested quotes and
//! stay part of its text); a single mark between two letters is an apostrophe; two single
//! closing marks (`’’`, `''`) close an open double quote. A straight mark
//! opens when what precedes it is a line start, space or opening bracket, and closes otherwise.
//! While a quote is open, an opening mark at the start of a line continues it (the wire
//! convention of a quotation over several paragraphs: the pieces become regions of one group);
//! an opening mark in mid-line, a blank line, or the end of the run drops the open quote (an
//! unpaired mark degrades that one quote, never the article).

use crate::span::Span;
use crate::structure::{Structure, ZoneKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    /// From the opening mark to the closing mark, both included (for a piece of a
    /// multi-paragraph quote that is not the last, to the end of its paragraph).
    pub outer: Span,
    /// Between the marks, trimmed of whitespace.
    pub inner: Span,
    /// Regions of one multi-paragraph quotation share a group number.
    pub group: usize,
    pub double: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    /// A straight mark: opens or closes by context.
    Either,
}

/// `(is_double, kind)` of a quotation mark char.
fn mark_of(c: char) -> Option<(bool, Mark)> {
    Some(match c {
        '"' => (true, Mark::Either),
        '“' | '„' | '«' => (true, Mark::Open),
        '”' | '»' => (true, Mark::Close),
        '\'' => (false, Mark::Either),
        '‘' | '‹' => (false, Mark::Open),
        '’' | '›' => (false, Mark::Close),
        _ => return None,
    })
}

fn opener_context(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | '“' | '‘' | '"' | '\''),
    }
}

struct Open {
    at: usize,
    len: usize,
    double: bool,
    /// Start of the current piece's text (after its opening mark).
    piece_from: usize,
    piece_outer: usize,
    group: usize,
}

/// Finds the quoted regions of every zone run.
pub fn regions(text: &str, st: &Structure) -> Vec<Region> {
    let mut out = Vec::new();
    let mut group = 0usize;
    let mut i = 0;
    let zones = &st.zones;
    while i < zones.len() {
        let kind = zones[i].kind;
        let mut j = i + 1;
        while j < zones.len() && kind == ZoneKind::Body && zones[j].kind == kind {
            j += 1;
        }
        let start = zones[i].span.start.min(text.len());
        let end = zones[j - 1].span.end.min(text.len()).max(start);
        if matches!(kind, ZoneKind::Body | ZoneKind::Headline | ZoneKind::Caption) {
            scan(text, start, end, &mut group, &mut out);
        }
        i = j;
    }
    out
}

fn scan(text: &str, start: usize, end: usize, group: &mut usize, out: &mut Vec<Region>) {
    let Some(s) = text.get(start..end) else { return };
    let mut open: Option<Open> = None;
    let mut prev: Option<char> = None;
    // Whether only whitespace has been seen since the last newline, and the number of
    // newlines in the current whitespace run.
    let mut line_start = true;
    let mut newlines = 0usize;
    let mut last_line_end = start;
    let mut it = s.char_indices().peekable();
    while let Some((k, c)) = it.next() {
        let at = start + k;
        let next = it.peek().map(|&(_, n)| n);
        if c == '\n' || c == '\u{2029}' {
            if !line_start || newlines == 0 {
                last_line_end = at;
            }
            newlines += 1;
            line_start = true;
            prev = Some(c);
            continue;
        }
        if c.is_whitespace() {
            prev = Some(c);
            continue;
        }
        let at_line_start = line_start;
        let blank_before = line_start && newlines >= 2;
        line_start = false;
        newlines = 0;
        if blank_before && open.is_some() && mark_of(c).is_none_or(|(_, m)| m == Mark::Close) {
            open = None; // an unclosed quote does not run over a blank line
        }
        let Some((double, mark)) = mark_of(c) else {
            prev = Some(c);
            continue;
        };
        // Two single closing marks (`’’`, `''`) close an open double quote.
        if !double && matches!(c, '’' | '\'') && next == Some(c) && !prev.is_some_and(char::is_whitespace) {
            if let Some(o) = open.as_ref().filter(|o| o.double) {
                let len = 2 * c.len_utf8();
                push(text, out, Span::new(o.piece_outer, at + len), Span::new(o.piece_from, at), o.group, true);
                open = None;
                it.next();
                prev = Some(c);
                continue;
            }
        }
        let alnum_before = prev.is_some_and(char::is_alphanumeric);
        let alnum_after = next.is_some_and(char::is_alphanumeric);
        if !double && alnum_before && alnum_after {
            prev = Some(c);
            continue; // apostrophe: it's, Johnson’s
        }
        let opens = match mark {
            Mark::Open => true,
            Mark::Close => false,
            Mark::Either => {
                let ctx = opener_context(prev);
                if ctx && next.is_some_and(|n| !n.is_whitespace()) {
                    true
                } else if !ctx {
                    false
                } else {
                    // Between spaces: toggles.
                    open.as_ref().is_none_or(|o| o.double != double)
                }
            }
        };
        let len = c.len_utf8();
        match open.as_mut() {
            None => {
                if opens && (double || !alnum_before) && !(!double && next.is_some_and(|n| n.is_ascii_digit())) {
                    *group += 1;
                    open = Some(Open { at, len, double, piece_from: at + len, piece_outer: at, group: *group });
                }
            }
            Some(o) if o.double == double && !opens => {
                if !double && next.is_some_and(char::is_alphanumeric) {
                    // ’ before a letter inside a single quote: an apostrophe.
                } else {
                    push(text, out, Span::new(o.piece_outer, at + len), Span::new(o.piece_from, at), o.group, double);
                    open = None;
                }
            }
            Some(o) if o.double == double => {
                // An opening mark while the same kind is open.
                if at_line_start && !blank_before || at_line_start && double {
                    // A new paragraph of the same quotation.
                    let piece_end = last_line_end.max(o.piece_from);
                    push(text, out, Span::new(o.piece_outer, piece_end), Span::new(o.piece_from, piece_end), o.group, double);
                    o.piece_from = at + len;
                    o.piece_outer = at;
                    let _ = o.at;
                    o.len = len;
                } else {
                    *group += 1;
                    open = Some(Open { at, len, double, piece_from: at + len, piece_outer: at, group: *group });
                }
            }
            Some(o) => {
                if double && !o.double {
                    // A double mark while a single quote is open: the single one was not a quote.
                    open = None;
                    if opens {
                        *group += 1;
                        open = Some(Open { at, len, double, piece_from: at + len, piece_outer: at, group: *group });
                    }
                }
                // A single mark inside a double quote: nested, part of the text.
            }
        }
        prev = Some(c);
    }
}

fn push(text: &str, out: &mut Vec<Region>, outer: Span, inner: Span, group: usize, double: bool) {
    let inner = inner.trim(text);
    if inner.is_empty() || !inner.of(text).chars().any(char::is_alphanumeric) {
        return;
    }
    out.push(Region { outer, inner, group, double });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<String> {
        let st = crate::structure::analyse(t);
        regions(t, &st).iter().map(|r| r.inner.of(t).to_string()).collect()
    }

    #[test]
    fn pairs_marks() {
        assert_eq!(texts("He said \"yes, really,\" and left. It's Bob's."), vec!["yes, really,"]);
        assert_eq!(texts("He said “no ‘way’ at all” today."), vec!["no ‘way’ at all"]);
        assert_eq!(texts("Forces 'gaining ground', chief says"), vec!["gaining ground"]);
        assert_eq!(texts("The players’ union said ‘never’."), vec!["never"]);
        assert_eq!(texts("“We sell comics,’’ says the owner. “Yes.”"), vec!["We sell comics,", "Yes."]);
    }

    #[test]
    fn multi_paragraph_and_unpaired() {
        let t = "He said: “First part.\n\n“Second part,” he added.\n\nThen “broken and\n\nfine “ok” end.";
        assert_eq!(texts(t), vec!["First part.", "Second part,", "ok"]);
    }
}
