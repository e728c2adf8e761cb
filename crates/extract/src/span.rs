//! Spans: half-open byte ranges `[start, end)` into the original article text.
//!
//! In: nothing. Out: the `Span` type every stage uses.
//! Rule: a span always lies on `char` boundaries of the text it points into; stages never
//! copy or shift text. Conversion to Unicode code points happens once, at serialisation
//! (see [`crate::record`]).

use std::ops::Range;

/// A half-open byte range into the article text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    pub fn len(self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
    /// The text under this span, or `""` if it does not fit `text` (never panics).
    pub fn of(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// This span shrunk so that it holds no leading or trailing whitespace.
    pub fn trim(self, text: &str) -> Span {
        let s = self.of(text);
        let lead = s.len() - s.trim_start().len();
        let t = s.trim();
        Span::new(self.start + lead, self.start + lead + t.len())
    }
    /// This span shrunk by the given characters on both sides.
    pub fn trim_matches(self, text: &str, pat: &[char]) -> Span {
        let s = self.of(text);
        let lead = s.len() - s.trim_start_matches(pat).len();
        let t = s.trim_matches(pat);
        Span::new(self.start + lead, self.start + lead + t.len())
    }
}

/// Maps offsets of one text between bytes and Unicode code points, both ways, in O(log n) per
/// look-up. The one place code-point offsets are computed (the record, the exports, the server's
/// highlighting, the gold readers all go through it).
pub struct CharIndex {
    /// Byte offset just after every non-ASCII char, with the extra bytes (beyond one per char)
    /// up to there; empty for ASCII text.
    wide: Vec<(usize, usize)>,
    /// Length of the text in bytes and in code points.
    bytes: usize,
    chars: usize,
}

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        let mut wide = Vec::new();
        let mut extra = 0usize;
        for (b, c) in text.char_indices() {
            let l = c.len_utf8();
            if l > 1 {
                extra += l - 1;
                wide.push((b + l, extra));
            }
        }
        CharIndex { wide, bytes: text.len(), chars: text.len() - extra }
    }

    /// The code-point offset of byte offset `byte` (which must be a char boundary).
    pub fn to_chars(&self, byte: usize) -> usize {
        let i = self.wide.partition_point(|&(b, _)| b <= byte);
        if i == 0 {
            byte
        } else {
            byte - self.wide[i - 1].1
        }
    }

    /// The byte offset of code-point offset `cp`; `None` past the end of the text.
    pub fn to_byte(&self, cp: usize) -> Option<usize> {
        if cp > self.chars {
            return None;
        }
        // `b - extra` is the code-point offset just after each wide char.
        let i = self.wide.partition_point(|&(b, extra)| b - extra <= cp);
        Some(if i == 0 { cp } else { cp + self.wide[i - 1].1 })
    }

    /// `[start, end)` in code points of a byte span.
    pub fn span(&self, s: Span) -> [usize; 2] {
        [self.to_chars(s.start), self.to_chars(s.end)]
    }

    /// The byte span of `[start, end)` in code points; `None` when reversed or past the end.
    pub fn byte_span(&self, [start, end]: [usize; 2]) -> Option<Span> {
        (start <= end).then_some(())?;
        Some(Span::new(self.to_byte(start)?, self.to_byte(end)?))
    }

    /// Length of the text in code points.
    pub fn chars(&self) -> usize {
        self.chars
    }

    /// Length of the text in bytes.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_counts_code_points() {
        let t = "a€b—c";
        let ci = CharIndex::new(t);
        let b = t.find('b').unwrap();
        assert_eq!(ci.to_chars(b), 2);
        assert_eq!(ci.to_chars(t.len()), 5);
        assert_eq!(ci.to_chars(0), 0);
    }

    #[test]
    fn char_index_maps_code_points_back_to_bytes() {
        for t in ["", "plain ascii", "a€b—c", "€€", "Zoë said «oui» — 😀 ok", "\u{10ffff}x"] {
            let ci = CharIndex::new(t);
            let bounds: Vec<usize> = t.char_indices().map(|(b, _)| b).chain([t.len()]).collect();
            assert_eq!(ci.chars(), bounds.len() - 1);
            for (cp, &b) in bounds.iter().enumerate() {
                assert_eq!(ci.to_byte(cp), Some(b), "{t:?} cp {cp}");
                assert_eq!(ci.to_chars(b), cp, "{t:?} byte {b}");
            }
            assert_eq!(ci.to_byte(bounds.len()), None);
        }
        let t = "a€b";
        let ci = CharIndex::new(t);
        assert_eq!(ci.byte_span([1, 2]).map(|s| s.of(t)), Some("€"));
        assert_eq!(ci.byte_span([2, 1]), None);
        assert_eq!(ci.byte_span([0, 9]), None);
    }

    #[test]
    fn trim_keeps_offsets() {
        let t = "  hello  ";
        assert_eq!(Span::new(0, t.len()).trim(t), Span::new(2, 7));
        assert_eq!(Span::new(3, 2).of(t), "");
    }
}
