//! Text layer: sentences and tokens.
//!
//! In: the text and its [`Structure`] zones. Out: [`Tokens`]: tokens and sentences as byte spans.
//! Rule: tokens follow the CoNLL/Penn convention: punctuation is split off, `'s`/`'ll`/`n't`
//! are their own tokens, numbers (`2.4`, `1,000`), hyphenated words, URLs and emails stay
//! whole, `$`/`%` and a dash glued to a word start (`-NATO`) are split, and a word keeps its
//! period only if it is an abbreviation (`U.S.`, `Gen.`, `Inc.`, `Sept.`, initials). Sentences
//! never cross a zone or a paragraph break (blank line, or a new line indented by 4 spaces or a
//! tab; a single hard wrap is no break). Within a paragraph a sentence ends at `.`, `?`, `!` or
//! `。` (with the closing quotes and brackets glued to it) unless the next token starts in
//! lower case or with continuing punctuation; after an ellipsis or an abbreviation other than a
//! title it ends only before a common sentence-initial word (`The`, `He`, `But`, …); after a
//! title (`Mr.`, `Gen.`, `St.`, `No. 5`) it never ends.

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

/// Splits every zone of `structure` into sentences and tokens. Zones that are out of range or
/// overlap an earlier zone are clamped, so the output invariants hold for any input.
pub fn segment(text: &str, structure: &Structure) -> Tokens {
    let mut out = Tokens::default();
    let mut done = 0;
    for zone in &structure.zones {
        let end = zone.span.end.min(text.len());
        let Some(start) = (zone.span.start.max(done)..end).find(|&k| text.is_char_boundary(k)) else { continue };
        let Some(end) = (start + 1..=end).rev().find(|&k| text.is_char_boundary(k)) else { continue };
        done = end;
        let first = out.tokens.len();
        tokenize(text, start, end, &mut out.tokens);
        split_sentences(text, first, zone.kind, &mut out);
    }
    out
}

// ---------------------------------------------------------------- tokens

/// What a char is to the tokenizer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    /// Letter or digit (or a mark of a script we do not know): part of a word.
    Word,
    /// Combining mark, joiner, variation selector: continues whatever token it follows.
    Ext,
    /// Punctuation or symbol: a token of its own.
    Sym,
}

fn class(c: char) -> Class {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | '_' => Class::Word,
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' => Class::Space,
        _ if c.is_whitespace() || c.is_control() => Class::Space,
        _ if c.is_ascii() => Class::Sym,
        '\u{AD}' | '\u{200C}' | '\u{200D}' | '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0000}'..='\u{E01EF}' => Class::Ext,
        _ if c.is_alphanumeric() => Class::Word,
        '\u{A1}'..='\u{BF}' | '\u{D7}' | '\u{F7}' | '\u{2000}'..='\u{2BFF}' | '\u{3000}'..='\u{303F}'
        | '\u{FE10}'..='\u{FE6F}' | '\u{FF00}'..='\u{FF65}' | '\u{1F000}'..='\u{1FAFF}' | '\u{60C}'
        | '\u{61B}' | '\u{61F}' | '\u{6D4}' | '\u{964}' | '\u{965}' => Class::Sym,
        _ => Class::Word,
    }
}

fn is_word(c: char) -> bool {
    matches!(class(c), Class::Word | Class::Ext)
}

/// The char at byte `i`, or `'\0'` at or past `end` (never panics).
fn char_at(text: &str, i: usize, end: usize) -> char {
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 && i < end => b as char,
        _ => text.get(i..end).and_then(|s| s.chars().next()).unwrap_or('\0'),
    }
}

/// Whether the byte before `i` leaves a following `-5` or `.5` free to be a number.
fn loose_before(b: &[u8], i: usize) -> bool {
    i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r' | b'(' | b'[' | b'$')
}

fn tokenize(text: &str, mut i: usize, end: usize, out: &mut Vec<Token>) {
    let b = text.as_bytes();
    while i < end {
        let c = char_at(text, i, end);
        let n = i + c.len_utf8();
        let j = match c {
            '\'' | '’' => apostrophe(text, i, n, end),
            '.' | '-' => {
                let mut j = n;
                while j < end && b[j] == b[i] {
                    j += 1;
                }
                if j == n && char_at(text, n, end).is_ascii_digit() && loose_before(b, i) {
                    word_end(text, i, n, end) // `-5`, `.5`
                } else {
                    j // `.`, `...`, `-`, `--`
                }
            }
            _ => match class(c) {
                Class::Space => {
                    i = n;
                    continue;
                }
                Class::Word | Class::Ext => word(text, i, end),
                Class::Sym => symbol_end(text, n, end),
            },
        };
        out.push(Token { span: Span::new(i, j) });
        i = j;
    }
}

/// A token starting at an apostrophe: a clitic (`'s`), a year (`'90s`) or a quote mark.
fn apostrophe(text: &str, i: usize, n: usize, end: usize) -> usize {
    match clitic_len(text, n, end) {
        0 if char_at(text, n, end).is_ascii_digit() => word_end(text, i, n, end),
        0 => n,
        k => n + k,
    }
}

/// Length of `s`, `m`, `d`, `ll`, `re` or `ve` (any case) at `n` when a word boundary follows.
fn clitic_len(text: &str, n: usize, end: usize) -> usize {
    let b = text.as_bytes();
    let lower = |k: usize| if n + k < end { b[n + k].to_ascii_lowercase() } else { 0 };
    let k = match (lower(0), lower(1)) {
        (b'l', b'l') | (b'r', b'e') | (b'v', b'e') => 2,
        (b's' | b'm' | b'd', _) => 1,
        _ => return 0,
    };
    if is_word(char_at(text, n + k, end)) { 0 } else { k }
}

/// Whether `'t` or `’t` ends a word at `n` (the byte after an `n`).
fn is_nt(text: &str, n: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let t = match b.get(n..end) {
        Some([b'\'', ..]) => n + 1,
        Some([0xE2, 0x80, 0x99, ..]) => n + 3,
        _ => return false,
    };
    t < end && b[t].eq_ignore_ascii_case(&b't') && !is_word(char_at(text, t + 1, end))
}

/// A word token starting at `i`, with its period if it is an abbreviation.
fn word(text: &str, i: usize, end: usize) -> usize {
    let b = text.as_bytes();
    if let Some(j) = url_end(b, i, end) {
        return j;
    }
    let j = word_end(text, i, i, end);
    if j < end && b[j] == b'.' && b.get(j + 1) != Some(&b'.') {
        let abbr = abbrev(text.get(i..j).unwrap_or(""));
        let rest = text.get(j + 1..end).unwrap_or("");
        let digit_next = || rest.trim_start().starts_with(|c: char| c.is_ascii_digit());
        if abbr == Some(Abbr::Number) && digit_next() || abbr.is_some_and(|a| a != Abbr::Number) {
            return j + 1;
        }
    }
    j
}

/// End of the word whose token starts at `start`; scanning resumes at `i`.
fn word_end(text: &str, start: usize, mut i: usize, end: usize) -> usize {
    let b = text.as_bytes();
    let mut seg = i; // start of the current part between periods, for `U.S`, `Ph.D`
    let mut prev = '\0';
    while i < end {
        let c = char_at(text, i, end);
        let n = i + c.len_utf8();
        if is_word(c) {
            if matches!(c, 'n' | 'N') && i > start && is_nt(text, n, end) {
                return i; // `do|n't`
            }
            prev = c;
            i = n;
            continue;
        }
        let next = char_at(text, n, end);
        let short = || match &b[seg..i] {
            [x] => x.is_ascii_alphabetic(),
            [x, y] => x.is_ascii_uppercase() && y.is_ascii_alphabetic(),
            _ => false,
        };
        let joins = match c {
            '-' | '‐' | '‑' | '/' | '&' | '@' => is_word(next),
            '\'' | '’' => is_word(next) && clitic_len(text, n, end) == 0,
            ',' | ':' => prev.is_ascii_digit() && next.is_ascii_digit(),
            '.' if next == '-' => short() && is_word(char_at(text, n + 1, end)), // `U.S.-based`
            '.' => is_word(next) && (!next.is_uppercase() || short()),
            _ => false,
        };
        if !joins {
            return i;
        }
        if c == '.' {
            seg = n;
        }
        prev = c;
        i = n;
    }
    i
}

/// End of a URL starting at `i` (`http://`, `https://`, `www.`), trailing punctuation left out.
fn url_end(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let s = b.get(i..end).filter(|s| matches!(s.first(), Some(b'h' | b'H' | b'w' | b'W')))?;
    let heads = [&b"http://"[..], &b"https://"[..], &b"www."[..]];
    let head = heads.into_iter().find(|h| s.len() > h.len() && s[..h.len()].eq_ignore_ascii_case(h))?;
    let mut j = s.iter().position(|&c| c <= b' ' || c >= 0x80 || matches!(c, b'"' | b'<' | b'>')).unwrap_or(s.len());
    while j > 0 && matches!(s[j - 1], b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'}' | b'\'') {
        j -= 1;
    }
    (j > head.len()).then_some(i + j)
}

/// End of a punctuation or symbol token whose first char ends at `i`: marks, variation
/// selectors, emoji ZWJ sequences and regional-indicator pairs (flags) stay with it.
fn symbol_end(text: &str, mut i: usize, end: usize) -> usize {
    let is_ri = |c: char| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
    let first = text.get(..i).and_then(|s| s.chars().next_back()).unwrap_or('\0');
    let c = char_at(text, i, end);
    if is_ri(first) && is_ri(c) {
        i += c.len_utf8();
    }
    while i < end {
        let c = char_at(text, i, end);
        if class(c) != Class::Ext {
            break;
        }
        i += c.len_utf8();
        let d = char_at(text, i, end);
        if c == '\u{200D}' && !d.is_ascii() && class(d) == Class::Sym {
            i += d.len_utf8();
        }
    }
    i
}

// ---------------------------------------------------------------- sentences

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Abbr {
    /// Comes before a name or number, so never ends a sentence: `Mr.`, `Gen.`, `St.`.
    Title,
    /// `No.`/`Nos.`: an abbreviation only before a digit, then a title.
    Number,
    /// Can end a sentence: `Inc.`, `Jr.`, `Sept.`, `U.S.`, `a.m.`, `etc.`, initials.
    Other,
}

/// `Xxx`: an upper-case ASCII letter, then lower-case ones.
fn is_capitalised(w: &str) -> bool {
    let b = w.as_bytes();
    b.first().is_some_and(u8::is_ascii_uppercase) && b.iter().skip(1).all(u8::is_ascii_lowercase)
}

/// What kind of abbreviation `w` (the word without its period) is, if any.
fn abbrev(w: &str) -> Option<Abbr> {
    let mut cs = w.chars();
    let initial = matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase());
    let part = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic());
    let dotted = || w.contains('.') && w.split('.').all(part);
    Some(match w {
        "Mr" | "Mrs" | "Ms" | "Messrs" | "Dr" | "Prof" | "Gen" | "Sen" | "Rep" | "Gov" | "Lt" | "Col"
        | "Capt" | "Sgt" | "Maj" | "Cmdr" | "Adm" | "Brig" | "Cpl" | "Pvt" | "Rev" | "Hon" | "Pres"
        | "Supt" | "Insp" | "Det" | "Fr" | "St" | "Mt" | "Ft" | "vs" | "v" => Abbr::Title,
        "No" | "Nos" => Abbr::Number,
        "Inc" | "Corp" | "Ltd" | "Co" | "Cos" | "Bros" | "Jr" | "Sr" | "Dept" | "Univ"
        | "Assn" | "Ave" | "Blvd" | "Rd" | "etc" | "al" | "approx" | "Ala" | "Ariz" | "Ark"
        | "Calif" | "Colo" | "Conn" | "Del" | "Fla" | "Ga" | "Ill" | "Ind" | "Kan" | "Ky" | "La"
        | "Md" | "Mass" | "Mich" | "Minn" | "Miss" | "Mo" | "Mont" | "Neb" | "Nev" | "Okla" | "Ore"
        | "Pa" | "Tenn" | "Tex" | "Va" | "Vt" | "Wash" | "Wis" | "Wyo" => Abbr::Other,
        // A month's capitalised abbreviation (`Jan`, `Sept`; `May` is a whole word).
        _ if w != "May" && crate::lexicon::month_abbreviation(w).is_some() && is_capitalised(w) => Abbr::Other,
        _ if initial || dotted() => Abbr::Other, // `J.`, `U.S.`, `a.m.`, `Ph.D.`
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stop {
    Never,
    /// Ends a sentence before a token that does not continue it (see [`continues`]).
    Strong,
    /// Ends a sentence only before a common sentence-initial word.
    Weak,
}

fn stop_kind(tok: &str) -> Stop {
    match tok {
        "." | "?" | "!" | "‼" | "⁇" | "⁈" | "⁉" | "。" | "｡" | "！" | "？" | "؟" | "۔" | "।" | "॥" => {
            Stop::Strong
        }
        "…" => Stop::Weak,
        _ if tok.len() > 1 && tok.bytes().all(|b| b == b'.') => Stop::Weak,
        _ => match tok.strip_suffix('.').and_then(abbrev) {
            Some(Abbr::Other) => Stop::Weak,
            _ => Stop::Never,
        },
    }
}

fn is_closer(tok: &str) -> bool {
    matches!(tok, "\"" | "'" | "”" | "’" | ")" | "]" | "}" | "»" | "›" | "」" | "』" | "）")
}

fn is_opener(tok: &str) -> bool {
    matches!(tok, "\"" | "'" | "“" | "‘" | "(" | "[" | "«" | "„" | "「" | "『" | "（")
}

/// Whether a token after a full stop continues the sentence (`"Why?" he asked`, `etc.,`).
fn continues(tok: &str) -> bool {
    tok.starts_with(|c: char| c.is_lowercase() || ",;:)]}%….?!-–—/&".contains(c))
}

/// Common sentence-initial words: after `U.S.` or an ellipsis only these start a sentence.
fn is_starter(tok: &str) -> bool {
    // Not "And", "Or", "For": Reuters-21578 capitalises the word after `U.S.` ("the U.S. And Japan").
    const STARTERS: &[&str] = &[
        "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "His", "Her", "Its", "Their",
        "Our", "My", "This", "These", "Those", "There", "Then", "But", "So", "Yet", "In", "On", "At",
        "As", "If", "When", "While", "After", "Before", "Since", "Although", "Though", "However",
        "Meanwhile", "Still", "Also", "Some", "Many", "Most", "Both", "All", "Each", "Such", "What",
        "Why", "How", "Who", "Where", "Earlier", "Later",
    ];
    tok.starts_with(|c: char| c.is_ascii_uppercase()) && STARTERS.iter().any(|s| s.eq_ignore_ascii_case(tok))
}

/// Whether the whitespace between two tokens is a paragraph break: a blank line, or a new
/// line indented by 4 spaces or a tab, or a Unicode paragraph separator.
fn para_break(text: &str, a: usize, b: usize) -> bool {
    let gap = text.as_bytes().get(a..b).unwrap_or(&[]);
    let (mut lines, mut indent) = (0, 0);
    for (k, &c) in gap.iter().enumerate() {
        match c {
            b'\n' => (lines, indent) = (lines + 1, 0),
            b'\r' if gap.get(k + 1) != Some(&b'\n') => (lines, indent) = (lines + 1, 0),
            b' ' => indent += 1,
            b'\t' => indent += 4,
            0xE2 if gap.get(k + 1..k + 3) == Some(&[0x80, 0xA9]) => return true,
            0xE2 if gap.get(k + 1..k + 3) == Some(&[0x80, 0xA8]) => (lines, indent) = (lines + 1, 0),
            _ => {}
        }
    }
    lines >= 2 || lines == 1 && indent >= 4
}

/// Cuts the tokens of one zone, `out.tokens[first..]`, into sentences.
fn split_sentences(text: &str, first: usize, zone: ZoneKind, out: &mut Tokens) {
    let Tokens { tokens, sentences } = out;
    let n = tokens.len();
    let word = |k: usize| tokens[k].span.of(text);
    let (mut s, mut k) = (first, first);
    while k < n {
        let stop = stop_kind(word(k));
        let mut e = k;
        if stop != Stop::Never {
            while e + 1 < n && tokens[e + 1].span.start == tokens[e].span.end && is_closer(word(e + 1)) {
                e += 1;
            }
        }
        let ends = e + 1 == n
            || para_break(text, tokens[e].span.end, tokens[e + 1].span.start)
            || match stop {
                Stop::Never => false,
                Stop::Strong => !continues(word(e + 1)),
                Stop::Weak => (e + 1..n).find(|&m| !is_opener(word(m))).is_some_and(|m| is_starter(word(m))),
            };
        if ends {
            let span = Span::new(tokens[s].span.start, tokens[e].span.end);
            sentences.push(Sentence { span, tokens: s..e + 1, zone });
            s = e + 1;
        }
        k = e + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::Zone;

    fn body(text: &str) -> Structure {
        let span = Span::new(0, text.len());
        Structure { body: span, zones: vec![Zone { kind: ZoneKind::Body, span }], ..Default::default() }
    }

    /// Segments `text` with `st` and checks every invariant of the output.
    fn check(text: &str, st: &Structure) -> Tokens {
        let out = segment(text, st);
        let (mut next_tok, mut last_end) = (0, 0);
        for s in &out.sentences {
            assert!(s.tokens.start == next_tok && s.tokens.start < s.tokens.end, "contiguous, non-empty");
            next_tok = s.tokens.end;
            assert!(st.zones.iter().any(|z| z.kind == s.zone && z.span.contains(s.span)), "{s:?} in a zone");
            assert_eq!(s.span, Span::new(out.tokens[s.tokens.start].span.start, out.tokens[s.tokens.end - 1].span.end));
            for t in &out.tokens[s.tokens.clone()] {
                assert!(t.span.start >= last_end && !t.span.is_empty(), "tokens ordered, non-overlapping");
                last_end = t.span.end;
                let w = text.get(t.span.range()).expect("token on char boundaries");
                assert!(!w.contains(char::is_whitespace), "whitespace in token {w:?}");
            }
        }
        assert_eq!(next_tok, out.tokens.len(), "every token in a sentence");
        out
    }

    fn words(text: &str) -> Vec<&str> {
        check(text, &body(text)).tokens.iter().map(|t| t.span.of(text)).collect()
    }

    fn sents(text: &str) -> Vec<&str> {
        check(text, &body(text)).sentences.iter().map(|s| s.span.of(text)).collect()
    }

    #[test]
    fn example_article() {
        let text = include_str!("../../../examples/reuters-nato-kyiv.txt");
        let (mut zones, mut at) = (Vec::new(), 0);
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let kind = [ZoneKind::Headline, ZoneKind::Caption].get(i).copied().unwrap_or(ZoneKind::Body);
            zones.push(Zone { kind, span: Span::new(at, at + line.len()).trim(text) });
            at += line.len();
        }
        let st = Structure { zones, ..Default::default() };
        let out = check(text, &st);
        let count = |z: &Zone| out.sentences.iter().filter(|s| z.span.contains(s.span)).count();
        assert_eq!(st.zones.iter().map(count).collect::<Vec<_>>(), [1, 2, 1, 1, 2, 1, 2, 1, 1, 1, 2, 1, 1]);
        let sent = |w: &str| out.sentences.iter().map(|s| s.span.of(text)).find(|s| s.contains(w)).unwrap();
        assert_eq!(sent("imperial"), "\"Moscow is fighting for imperial delusions.\"");
        assert!(sent("stark").ends_with("freedom,\" he added."));
        let toks: Vec<&str> = out.tokens.iter().map(|t| t.span.of(text)).collect();
        for seq in [
            &["KYIV", "(", "Reuters", ")", "-", "NATO", "Secretary"][..],
            &["of", "Ukraine", "'s", "3rd"],
            &["2.4", "billion", "euros", "(", "$", "2.53", "billion", ")"],
            &["NATO", "now", "had", "over-arching"],
            &["ports", "-", "which"],
            &["(", "$", "1", "=", "0.9489", "euros", ")"],
            &["\"", "reckless", "\"", "and", "\"", "destabilising", "\"", "."],
            &["September", "7", ",", "2023", ".", "REUTERS/Stringer"],
        ] {
            assert!(toks.windows(seq.len()).any(|w| w == seq), "{seq:?}");
        }
    }

    #[test]
    fn abbreviations() {
        let t = "Gen. Mark Milley met Mr. Smith of Acme Inc. in the U.S. on Sept. 5 at 10 a.m. local \
                 time. John F. Kennedy Jr. was there.";
        assert_eq!(sents(t).len(), 2);
        let w = words(t);
        for a in ["Gen.", "Mr.", "Inc.", "U.S.", "Sept.", "a.m.", "F.", "Jr."] {
            assert!(w.contains(&a), "{a} in {w:?}");
        }
        assert_eq!(w.last(), Some(&"."));
        assert_eq!(sents("He came to the U.S. Then he left."), ["He came to the U.S.", "Then he left."]);
        for (t, n) in [
            ("Exports to the U.S. Trade Representative rose.", 1),
            ("It went to the U.S. And Japan said so.", 1), // Reuters-21578 capitalises after `U.S.`
            ("Apples, pears, etc. The rest went.", 2),
            ("He lives at No. 10 Downing St. near Dr. Who.", 1),
            ("Rates rose 2.5 pct in Jan. 1987 figures show. Prices fell 1.5%.", 2),
            ("He waited... Then he left. Wait... what?", 3),
        ] {
            assert_eq!(sents(t).len(), n, "{t}");
        }
        assert_eq!(words("He said no. No one came."), ["He", "said", "no", ".", "No", "one", "came", "."]);
        assert_eq!(words("U.S.-based, e.g. Ph.D. holders"), ["U.S.-based", ",", "e.g.", "Ph.D.", "holders"]);
    }

    #[test]
    fn quotes_closing_after_the_period() {
        let cases: &[(&str, &[&str])] = &[
            (
                "\"We fight for freedom,\" he added. \"Moscow is fighting for imperial delusions.\" Next one.",
                &["\"We fight for freedom,\" he added.", "\"Moscow is fighting for imperial delusions.\"", "Next one."],
            ),
            ("\"Why?\" he asked. \"Because!\" She left.", &["\"Why?\" he asked.", "\"Because!\"", "She left."]),
            ("“It is over.” He left (at 5.) Then 2024 came.", &["“It is over.”", "He left (at 5.)", "Then 2024 came."]),
            ("He said 'no.' Then left.", &["He said 'no.'", "Then left."]),
        ];
        for (t, want) in cases {
            assert_eq!(&sents(t), want);
        }
    }

    #[test]
    fn reuters_21578_hard_wraps_and_indents() {
        let t = "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought \
                 since early\nJanuary, Comissaria Smith said.\n    The dry period means the temporao will be \
                 late this year.\n    Arrivals were 155,221 bags\nof 60 kilos, 5.93\nmln against 5.81\n    \
                 Shr 12 cts vs 15 cts\n\nNet profit";
        let s = sents(t);
        assert_eq!(s.len(), 5, "{s:?}");
        assert!(s[0].starts_with("Showers") && s[0].ends_with("said."));
        assert_eq!(s[2], "Arrivals were 155,221 bags\nof 60 kilos, 5.93\nmln against 5.81");
        assert_eq!(s[4], "Net profit");
        assert!(words(t).contains(&"155,221"));
    }

    #[test]
    fn penn_tokens() {
        let cases: &[(&str, &[&str])] = &[
            ("Ukraine's and Ukraine’s", &["Ukraine", "'s", "and", "Ukraine", "’s"]),
            ("don't can't WON'T we'll I'm", &["do", "n't", "ca", "n't", "WO", "N'T", "we", "'ll", "I", "'m"]),
            ("the companies' O'Neill '90s", &["the", "companies", "'", "O'Neill", "'90s"]),
            ("$2.53 billion, 40% of 1,000.", &["$", "2.53", "billion", ",", "40", "%", "of", "1,000", "."]),
            ("(Reuters) -NATO counter-offensive", &["(", "Reuters", ")", "-", "NATO", "counter-offensive"]),
            ("fell -5.2 -- x - y", &["fell", "-5.2", "--", "x", "-", "y"]),
            ("see https://x.com/a?b=1. or me@x.com;", &["see", "https://x.com/a?b=1", ".", "or", "me@x.com", ";"]),
            ("end.Next at 10:30...wait", &["end", ".", "Next", "at", "10:30", "...", "wait"]),
            ("AT&T 24/7 1980s", &["AT&T", "24/7", "1980s"]),
        ];
        for (t, want) in cases {
            assert_eq!(&words(t), want);
        }
    }

    #[test]
    fn multibyte_text() {
        let t = "Zelenskiy — “we will win,” he said. 🇺🇦👍🏽 Great! Cafe\u{301} au lait…";
        let want = ["Zelenskiy", "—", "“", "we", "will", "win", ",", "”", "he", "said", ".", "🇺🇦", "👍🏽", "Great", "!"];
        assert_eq!(words(t)[..15], want);
        assert_eq!(words(t)[15..], ["Cafe\u{301}", "au", "lait", "…"]);
        assert_eq!(sents(t).len(), 3);
        assert_eq!(words("Zelenskiy—“No”"), ["Zelenskiy", "—", "“", "No", "”"]);
        assert_eq!(sents("東京で会議が開かれた。首相が出席した。"), ["東京で会議が開かれた。", "首相が出席した。"]);
        assert_eq!(words("👨‍👩‍👧 family\u{A0}time"), ["👨‍👩‍👧", "family", "time"]);
    }

    #[test]
    fn empty_and_odd_zones() {
        assert_eq!(check("", &body("")), Tokens::default());
        assert_eq!(check(" \n\t ", &body(" \n\t ")), Tokens::default());
        assert_eq!(segment("abc", &Structure::default()), Tokens::default());
        let z = |kind, a: usize, b: usize| Zone { kind, span: Span::new(a, b) };
        let t = "Ukraine gains ground\nKYIV (Reuters) - It said.";
        let zones = vec![z(ZoneKind::Headline, 0, 20), z(ZoneKind::Body, 21, t.len())];
        let out = check(t, &Structure { zones, ..Default::default() });
        assert_eq!(out.sentences.iter().map(|s| s.zone).collect::<Vec<_>>(), [ZoneKind::Headline, ZoneKind::Body]);
        // Zones out of range, inside a char or overlapping: no panic, clamped.
        let t = "é—x";
        let zones = vec![z(ZoneKind::Body, 1, 4), z(ZoneKind::Body, 0, 99), z(ZoneKind::Fx, 50, 60)];
        let out = segment(t, &Structure { zones, ..Default::default() });
        assert!(out.tokens.iter().all(|tk| t.get(tk.span.range()).is_some()));
    }

    #[test]
    fn pseudo_random_strings_keep_invariants() {
        const ALPHABET: &[&str] = &[
            "a", "B", "n", "t", "s", "U", ".", ",", "'", "’", "\"", "“", "”", "-", "—", " ", " ", "\n", "\n    ",
            "\r\n", "é", "東", "👍", "\u{301}", "\u{200D}", "\u{FE0F}", "$", "1", "%", "(", ")", "?", "!", "…", "Mr",
            "U.S.", "http://x.y", "n't", "'s", ":", "/", "@", "&", "\u{A0}", "🇺", "\t", "。",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut rand = |m: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % m
        };
        for _ in 0..400 {
            let len = rand(40);
            let mut text = String::new();
            for _ in 0..len {
                match rand(8) {
                    0 => text.push(char::from_u32(rand(0x30000) as u32).unwrap_or('x')), // any code point
                    _ => text.push_str(ALPHABET[rand(ALPHABET.len())]),
                }
            }
            check(&text, &body(&text));
            // Random zones in text order, at char boundaries.
            let cuts: Vec<usize> =
                text.char_indices().map(|(b, _)| b).filter(|_| rand(4) == 0).chain([text.len()]).collect();
            let zones = cuts.windows(2).map(|w| Span::new(w[0], w[1]).trim(&text)).filter(|s| !s.is_empty());
            let zones = zones.map(|span| Zone { kind: ZoneKind::Body, span }).collect();
            check(&text, &Structure { zones, ..Default::default() });
            // Arbitrary zones (off boundaries, overlapping): never panics.
            let zones = (0..3).map(|_| Span::new(rand(3 * len + 1), rand(3 * len + 1)));
            let zones = zones.map(|span| Zone { kind: ZoneKind::Body, span }).collect();
            segment(&text, &Structure { zones, ..Default::default() });
        }
    }
}
