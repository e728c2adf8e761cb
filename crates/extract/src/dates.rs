//! Dates: absolute and relative date expressions, resolved to calendar dates; and
//! [`parse_date`], the one parser of date strings (metadata, flags, gold files).
//!
//! In: the text, structure, tokens and the publication date. Out: [`DateMention`]s in text order.
//! Rule: one left-to-right pass over the tokens of every sentence outside FX and credits zones
//! (captions and headlines included), matching small token patterns at "head" tokens and
//! extending backwards over modifiers (`last`, `the previous`, `earlier this`, `early`):
//! - Absolute: `September 7, 2023`, `Sept. 7th`, `Feb 26`, `7 September [2023]`,
//!   `7th of September`, `2023-09-07`, `March 3-5` (with `end`), `September 2023`, a month or a
//!   year alone only after a cue (`in May`, `since March`, `early 1987`, `mid-March`), and the
//!   Reuters-21578 dateline date (`SALVADOR, Feb 26 -`). A weekday glued to a date
//!   (`Thursday, Sept. 7`) joins it. Slashed forms (`9/7/2023`) are skipped as ambiguous.
//!   A missing year is the latest one that puts the date no more than 6 months after
//!   publication (`Dec 30` published Jan 2 is last year), except that a past verb just before
//!   (`the season began September 1`) keeps it on or before publication unless it is a deadline
//!   (`by May 15`); no publication date → `value: None`. Tense is read from a few words around
//!   the expression (future markers, present-tense verbs, past forms and `-ed` verbs).
//! - Relative, resolved only against the publication date (never a date in the text):
//!   `today`, `yesterday`, `tomorrow`, `tonight`, `overnight`, `last night`, `the previous
//!   night`, `this morning`, weekdays (`on Thursday` → the nearest one on or before publication,
//!   or on or after when the clause is future: `will`, `would`, `is due to`, `plans`,
//!   `scheduled`, …; `last`/`next Thursday` → strictly before/after), `Thursday night`,
//!   `this|last|next week|weekend|month|year` (optionally after `earlier`/`later`/`early`/`late`),
//!   `last May`, `two days ago`, `a year ago`, and `in two weeks` (only in a future clause).
//! - Frequency (`every night`, `every Monday`, `each year`): `value: None`.
//! - Captions are searched (the photo date is a mention) but no date of the text ever anchors
//!   another: relative dates use the publication date only.
//!
//! `value` is the first day of the period for coarser expressions: a month (`September 2023`,
//! `last month`, `earlier this month` → the 1st), a week (`last week` → its Monday; weeks start
//! on Monday), a weekend (its Saturday), a year (`last year` → January 1); `precision` says
//! which. Not dates: `may` the modal (a month needs a day, a year or a cue), `a march`, `the Sun`,
//! `Mar 20.4` in tables (a decimal is no day), durations (`for three days`, `a 10-year plan`),
//! ages, amounts (`1,500 tonnes`), `Sunday Times`, `Black Monday`, `the overnight rate`.

use crate::lexicon;
use crate::span::Span;
use crate::structure::{Structure, ZoneKind};
use crate::text::{Token, Tokens};
use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateKind {
    Absolute,
    Relative,
    /// `every night`, `every Monday`: no single date.
    Frequency,
}

impl DateKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DateKind::Absolute => "absolute",
            DateKind::Relative => "relative",
            DateKind::Frequency => "frequency",
        }
    }
}

/// How much of `value` is meant: the day itself, or the period it opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    Day,
    /// `value` is the Monday of the week (or the Saturday of a weekend).
    Week,
    /// `value` is the first day of the month.
    Month,
    /// `value` is January 1.
    Year,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
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
    pub precision: Precision,
    /// The last day of a range (`March 3-5` → March 5), when the text gives one.
    pub end: Option<Date>,
}

/// Finds the date expressions of the text (see the module doc).
pub fn find(text: &str, st: &Structure, toks: &Tokens, published: Option<Date>) -> Vec<DateMention> {
    let mut out: Vec<DateMention> = Vec::new();
    // The Reuters-21578 dateline date (`SALVADOR, Feb 26 -`).
    if let Some(span) = st.dateline.as_ref().and_then(|d| d.date) {
        let mut words = span.of(text).split_whitespace();
        if let (Some(m), Some(d), None) = (words.next(), words.next(), words.next()) {
            if let (Some(m), Some((d, _))) = (month_of(m), day_of(d)) {
                if valid_md(m, d) {
                    out.push(DateMention { span, kind: DateKind::Absolute, value: infer_year(published, m, d), precision: Precision::Day, end: None });
                }
            }
        }
    }
    let fixed = out.len();
    for s in &toks.sentences {
        if matches!(s.zone, ZoneKind::Fx | ZoneKind::Credits) {
            continue;
        }
        let Some(words) = toks.tokens.get(s.tokens.clone()) else { continue };
        let cx = Cx { text, words, published };
        let mut i = 0;
        let mut free = 0; // first token not inside an earlier mention
        while i < words.len() {
            match cx.at(i, free) {
                Some((from, to, kind, value, precision, end)) => {
                    let span = Span::new(words[from].span.start, words[to - 1].span.end);
                    if !out[..fixed].iter().any(|m| m.span.overlaps(span)) {
                        out.push(DateMention { span, kind, value, precision, end });
                    }
                    i = to;
                    free = to;
                }
                None => i += 1,
            }
        }
    }
    out.sort_by_key(|m| m.span.start);
    out
}

/// A match: token range `[from, to)`, kind, value, precision, range end.
type Hit = (usize, usize, DateKind, Option<Date>, Precision, Option<Date>);

/// One sentence's tokens.
struct Cx<'a> {
    text: &'a str,
    words: &'a [Token],
    published: Option<Date>,
}

fn is(w: &str, set: &[&str]) -> bool {
    set.iter().any(|s| w.eq_ignore_ascii_case(s))
}

/// `September`, `Sept.`, `Sep`, `SEPT`: a capitalised month name or abbreviation.
fn month_of(w: &str) -> Option<i8> {
    let w = w.strip_suffix('.').unwrap_or(w);
    if w.len() < 3 || !w.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let rest = w.get(1..).unwrap_or("");
    if !(rest.chars().all(|c| c.is_ascii_lowercase()) || rest.chars().all(|c| c.is_ascii_uppercase())) {
        return None;
    }
    lexicon::month(w).or_else(|| lexicon::month_abbreviation(w))
}

/// `Monday` or `MONDAY` (not `monday`).
fn weekday_of(w: &str) -> Option<Weekday> {
    let i = lexicon::weekday(w)?;
    let b = w.as_bytes();
    let capitalised = b.first().is_some_and(u8::is_ascii_uppercase) && b.iter().skip(1).all(u8::is_ascii_lowercase);
    if !(capitalised || b.iter().all(u8::is_ascii_uppercase)) {
        return None;
    }
    Weekday::from_monday_one_offset(i as i8 + 1).ok()
}

/// `7`, `07`, `7th`, `21st`, and `3-5` (a range): the day and, for a range, its last day.
fn day_of(w: &str) -> Option<(i8, Option<i8>)> {
    if let Some((a, b)) = w.split_once('-') {
        let (a, _) = day_of(a)?;
        let (b, _) = day_of(b)?;
        return (b > a).then_some((a, Some(b)));
    }
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    let (num, suffix) = w.split_at(digits);
    if !(1..=2).contains(&digits) || !(suffix.is_empty() || is(suffix, &["st", "nd", "rd", "th"])) {
        return None;
    }
    let d: i8 = num.parse().ok()?;
    (1..=31).contains(&d).then_some((d, None))
}

/// A four-digit year from 1800 to 2199.
fn year_of(w: &str) -> Option<i16> {
    if w.len() != 4 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i16 = w.parse().ok()?;
    (1800..=2199).contains(&y).then_some(y)
}

/// `one` … `twelve`, `a`, `an` or a small number.
fn count_of(w: &str) -> Option<i64> {
    if w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("an") {
        return Some(1);
    }
    if let Some(n) = lexicon::number(w).filter(|n| (1..=12).contains(n)) {
        return Some(i64::from(n));
    }
    if (1..=3).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit()) {
        return w.parse().ok().filter(|&n| n > 0);
    }
    None
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// `w` in ASCII lower case in `buf`, or `""` when it is longer or not ASCII (no allocation).
fn lower<'b>(w: &str, buf: &'b mut [u8; 12]) -> &'b str {
    match buf.get_mut(..w.len()) {
        Some(b) if w.is_ascii() => {
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            std::str::from_utf8(b).unwrap_or("")
        }
        _ => "",
    }
}

fn unit_of(w: &str) -> Option<Unit> {
    let w = w.strip_suffix('s').unwrap_or(w);
    let mut buf = [0u8; 12];
    Some(match lower(w, &mut buf) {
        "day" => Unit::Day,
        "week" => Unit::Week,
        "month" => Unit::Month,
        "year" => Unit::Year,
        _ => return None,
    })
}

fn valid_md(m: i8, d: i8) -> bool {
    Date::new(2000, m, d).is_ok()
}

/// The date `m`/`d` in the latest year that puts it no more than 6 months after `published`.
fn infer_year(published: Option<Date>, m: i8, d: i8) -> Option<Date> {
    let p = published?;
    let limit = p.checked_add(6.months()).ok()?;
    (p.year() - 4..=p.year() + 1).rev().filter_map(|y| Date::new(y, m, d).ok()).find(|&x| x <= limit)
}

/// Adds `n` units (negative: subtracts) to `d`.
fn shift(d: Date, n: i64, unit: Unit) -> Option<Date> {
    let span = match unit {
        Unit::Day => n.days(),
        Unit::Week => n.weeks(),
        Unit::Month => n.months(),
        Unit::Year => n.years(),
    };
    d.checked_add(span).ok()
}

/// The Monday of the week of `d`.
fn monday(d: Date) -> Option<Date> {
    d.tomorrow().ok()?.nth_weekday(-1, Weekday::Monday).ok()
}

fn precision(unit: Unit) -> Precision {
    match unit {
        Unit::Day => Precision::Day,
        Unit::Week => Precision::Week,
        Unit::Month => Precision::Month,
        Unit::Year => Precision::Year,
    }
}

/// Words before a month or a year alone that make it a date (`in May`, `since 1986`).
const CUES: [&str; 16] = [
    "in", "since", "until", "till", "through", "throughout", "during", "by", "before", "after", "from", "of", "early",
    "late", "mid", "end",
];
/// Words that make a clause future (checked back to the verb before a weekday).
const FUTURE: [&str; 20] = [
    "will", "'ll", "shall", "would", "due", "scheduled", "plans", "plan", "planned", "planning", "expected", "expects",
    "going", "intends", "aims", "should", "next", "upcoming", "tonight", "tomorrow",
];
/// Past-tense verbs and auxiliaries (besides words in `-ed`): the clause is past.
const PAST: [&str; 50] = [
    "said", "says", "told", "announced", "reported", "was", "were", "had", "did", "that", ";", "met", "began", "begun", "rose", "fell", "took",
    "came", "went", "made", "held", "paid", "sold", "bought", "ran", "grew", "won", "lost", "left", "saw", "gave", "got",
    "became", "broke", "struck", "spoke", "wrote", "drew", "fought", "led", "shot", "stood", "sought", "brought",
    "thought", "felt", "kept", "spent", "sent", "built",
];
/// Words after which a word in `-ed` is still a verb (`reported a loss`, `signed on Friday`).
const FUNCTION: [&str; 40] = [
    "a", "an", "the", "its", "their", "his", "her", "our", "this", "that", "these", "those", "in", "on", "at", "by", "to",
    "for", "from", "with", "into", "over", "after", "before", "since", "until", "last", "earlier", "late", "early", "up",
    "down", "out", "off", "about", "it", "them", "him", "and", "as",
];
/// Present-tense verbs that make a weekday right after them future (`the council meets on Thursday`).
const PRESENT: [&str; 20] = [
    "is", "are", "meets", "meet", "begins", "opens", "starts", "holds", "resumes", "closes", "expires", "ends", "votes",
    "arrives", "leaves", "returns", "convenes", "travels", "goes", "visits",
];
/// Words before `in N years` that make it a span of the past (`the first in six years`).
const SINCE: [&str; 14] = [
    "first", "second", "third", "time", "worst", "best", "highest", "lowest", "largest", "biggest", "ever", "once",
    "twice", "times",
];
/// Units and quantities: a number before them is no day or year.
const UNITS: [&str; 18] = [
    "%", "pct", "percent", "per", "mln", "million", "billion", "bln", "thousand", "tonnes", "tons", "dlrs", "dollars",
    "shares", "barrels", "points", "cts", "years",
];

impl<'a> Cx<'a> {
    /// The text of token `i`, or `""` outside the sentence.
    fn w(&self, i: usize) -> &'a str {
        self.words.get(i).map_or("", |t| t.span.of(self.text))
    }

    /// Token `i - k`, or `""` before the start (or before `free`).
    fn back(&self, i: usize, k: usize, free: usize) -> &'a str {
        if i >= free + k {
            self.w(i - k)
        } else {
            ""
        }
    }

    /// Whether token `k` is a verb in the past: a listed past form, or a word in `-ed` that is
    /// neither a participle after `be`/`is`/`to` (`will be reviewed`) nor an adjective before a
    /// noun (`preferred shares`: followed by a lower-case word other than a function word).
    fn past_at(&self, k: usize) -> bool {
        let w = self.w(k);
        if is(w, &PAST) {
            return true;
        }
        if !(w.ends_with("ed") && w.len() > 4) || is(self.w(k.wrapping_sub(1)), &["be", "been", "being", "is", "are", "to"]) {
            return false;
        }
        let next = self.w(k + 1);
        !next.starts_with(|c: char| c.is_ascii_lowercase()) || is(next, &FUNCTION)
    }

    /// The tense of the clause before token `i`, scanning back to its verb: `Some(true)` for
    /// future (a future marker, or a present-tense verb: `when he arrives on Wednesday`),
    /// `Some(false)` for past; and whether the scan reached the start of the clause without
    /// finding either.
    fn tense_back(&self, i: usize, reach: usize) -> (Option<bool>, bool) {
        let lo = i.saturating_sub(reach);
        for k in (lo..i).rev() {
            let w = self.w(k);
            if is(w, &FUTURE) || is(w, &PRESENT) {
                return (Some(true), false);
            }
            if self.past_at(k) {
                return (Some(false), false);
            }
            if w == "," && k + 2 < i {
                return (None, true);
            }
        }
        (None, lo == 0)
    }

    /// The tense of the clause of the expression `[i, to)`: its verb before `i`, or, only if the
    /// expression opens its clause (`In December, Japan Line asked …`) and `forward`, after `to`.
    fn tense(&self, i: usize, to: usize, forward: bool, reach: usize) -> Option<bool> {
        match self.tense_back(i, reach) {
            (Some(f), _) => return Some(f),
            (None, opens) if !(forward && opens) => return None,
            _ => {}
        }
        for k in to..(to + 8).min(self.words.len()) {
            let w = self.w(k);
            if is(w, &FUTURE) || is(w, &PRESENT) {
                return Some(true);
            }
            if self.past_at(k) {
                return Some(false);
            }
            if w == "," && k > to + 1 {
                return None;
            }
        }
        None
    }

    fn future(&self, i: usize, to: usize, forward: bool) -> bool {
        self.tense(i, to, forward, 10) == Some(true)
    }

    /// `m`/`d` without a year for the expression `[i, to)`: [`infer_year`], but a date after
    /// publication in a past clause (`the season began September 1`: a past verb at most 5
    /// words before) is last year's, unless it is a deadline (`by May 15`).
    fn year_for(&self, i: usize, to: usize, m: i8, d: i8) -> Option<Date> {
        let p = self.published?;
        let v = infer_year(Some(p), m, d)?;
        let deadline = is(self.w(i.wrapping_sub(1)), &["by", "until", "till", "before", "through", "beyond", "from", "to"]);
        if v > p && !deadline && self.tense(i, to, true, 5) == Some(false) {
            return Date::new(v.year() - 1, m, d).ok();
        }
        Some(v)
    }

    fn at(&self, i: usize, free: usize) -> Option<Hit> {
        let w = self.w(i);
        let first = w.as_bytes().first().copied().unwrap_or(0);
        if first.is_ascii_digit() {
            return self.numeric(i);
        }
        if first.is_ascii_uppercase() {
            if let Some(m) = month_of(w) {
                return self.month(i, m, free);
            }
            if let Some(wd) = weekday_of(w) {
                return self.weekday(i, wd, free);
            }
        }
        if let Some(hit) = self.prefixed(i, w) {
            return Some(hit);
        }
        let mut buf = [0u8; 12];
        let lower = lower(w, &mut buf);
        let p = self.published;
        let rel = |from, to, value: Option<Date>, prec| Some((from, to, DateKind::Relative, value, prec, None));
        // `Today`/`Yesterday` capitalised only open a sentence or a quote (not `Radio 4's Today`).
        let sentence_initial = i == 0 || matches!(self.w(i - 1), "\"" | "“" | "‘" | "(" | "-" | "--" | ":" | "``");
        let lower_ok = w.starts_with(|c: char| c.is_ascii_lowercase()) || sentence_initial;
        match lower {
            "every" | "each" => {
                let n = self.w(i + 1);
                let ok = weekday_of(n).is_some()
                    || is(n, &["night", "day", "morning", "evening", "afternoon", "week", "weekend", "month", "year", "summer", "winter", "spring"]);
                ok.then_some((i, i + 2, DateKind::Frequency, None, Precision::Day, None))
            }
            "today" | "tonight" | "yesterday" | "tomorrow" if lower_ok => {
                let off = match lower {
                    "yesterday" => -1,
                    "tomorrow" => 1,
                    _ => 0,
                };
                let to = if lower != "tonight" && is(self.w(i + 1), &["morning", "afternoon", "evening", "night"]) { i + 2 } else { i + 1 };
                rel(i, to, p.and_then(|p| shift(p, off, Unit::Day)), Precision::Day)
            }
            "overnight" if lower_ok => {
                // An adverb of time, not `the overnight rate`, `offers of overnight at 10`,
                // `not consummated overnight`.
                let next = self.w(i + 1);
                let prev = self.back(i, 1, 0);
                let adverb = matches!(next, "" | "," | "." | ";" | ")" | "\"" | "”")
                    || is(next, &["in", "on", "near", "after", "when", "while", "as", "amid", "killing", "leaving", "from", "against", "across", "into", "but", "for"]);
                let negated = (i.saturating_sub(5)..i).any(|k| is(self.w(k), &["not", "n't", "never", "no"]));
                let noun = is(prev, &["the", "an", "a", "its", "their", "with", "of", "and", "or", "includes", "include", "including", "for", "on"]);
                if adverb && !negated && !noun { rel(i, i + 1, p.and_then(|p| p.yesterday().ok()), Precision::Day) } else { None }
            }
            "morning" | "afternoon" | "evening" | "night" => {
                let prev = self.back(i, 1, free);
                if is(prev, &["this"]) && lower != "night" {
                    rel(i - 1, i + 1, p, Precision::Day)
                } else if is(prev, &["last"]) && matches!(lower, "night" | "evening") {
                    rel(i - 1, i + 1, p.and_then(|p| p.yesterday().ok()), Precision::Day)
                } else if is(prev, &["previous"]) && is(self.back(i, 2, free), &["the"]) {
                    rel(i - 2, i + 1, p.and_then(|p| p.yesterday().ok()), Precision::Day)
                } else {
                    None
                }
            }
            "day" if is(self.back(i, 1, free), &["previous"]) && is(self.back(i, 2, free), &["the"]) => {
                rel(i - 2, i + 1, p.and_then(|p| p.yesterday().ok()), Precision::Day)
            }
            "week" | "weekend" | "month" | "year" => self.this_last_next(i, lower, free),
            "ago" => {
                let unit = unit_of(self.back(i, 1, free))?;
                let n = count_of(self.back(i, 2, free))?;
                rel(i - 2, i + 1, p.and_then(|p| shift(p, -n, unit)), precision(unit))
            }
            "days" | "weeks" | "months" | "years" if is(self.back(i, 2, free), &["in"]) && !is(self.w(i + 1), &["ago", "old", "of"]) => {
                let n = count_of(self.back(i, 1, free))?;
                let before = self.back(i, 3, 0);
                if !self.future(i - 2, i + 1, false) || is(before, &SINCE) || before.ends_with("est") {
                    return None;
                }
                let unit = unit_of(w)?;
                rel(i - 2, i + 1, p.and_then(|p| shift(p, n, unit)), precision(unit))
            }
            _ => None,
        }
    }

    /// `this|last|next week|weekend|month|year`, optionally after `earlier|later|early|late`.
    fn this_last_next(&self, i: usize, unit: &str, free: usize) -> Option<Hit> {
        let mut buf = [0u8; 12];
        let m = lower(self.back(i, 1, free), &mut buf);
        let off = match m {
            "this" => 0,
            "last" | "past" if unit != "weekend" || m == "last" => -1,
            "next" | "coming" => 1,
            _ => return None,
        };
        if m == "past" {
            return None; // `the past year` is a duration
        }
        let from = if is(self.back(i, 2, free), &["earlier", "later", "early", "late"]) { i - 2 } else { i - 1 };
        let value = self.published.and_then(|p| {
            Some(match unit {
                "week" => shift(monday(p)?, off, Unit::Week)?,
                "weekend" => shift(monday(p)?, off * 7 + 5, Unit::Day)?,
                "month" => shift(p.first_of_month(), off, Unit::Month)?,
                _ => shift(p.first_of_year(), off, Unit::Year)?,
            })
        });
        let prec = match unit {
            "week" | "weekend" => Precision::Week,
            "month" => Precision::Month,
            _ => Precision::Year,
        };
        Some((from, i + 1, DateKind::Relative, value, prec, None))
    }

    /// Starting at a digit: `2023-09-07`, `7 September [2023]`, `7th of September`, a year after a cue.
    fn numeric(&self, i: usize) -> Option<Hit> {
        let w = self.w(i);
        let b = w.as_bytes();
        if b.len() >= 10 && (b.len() == 10 || b[10] == b'T') && b[4] == b'-' && b[7] == b'-' {
            let num = |r: std::ops::Range<usize>| w.get(r).filter(|s| s.bytes().all(|c| c.is_ascii_digit())).and_then(|s| s.parse::<i16>().ok());
            let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
            let date = Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()?;
            // `2023-09-07T10:00Z` is one token: the mention keeps its time.
            return Some((i, i + 1, DateKind::Absolute, Some(date), Precision::Day, None));
        }
        if let Some((d, end)) = day_of(w) {
            let ordinal = w.ends_with(|c: char| c.is_ascii_alphabetic());
            let mut j = i + 1;
            if ordinal && is(self.w(j), &["of"]) {
                j += 1;
            }
            if let Some(m) = month_of(self.w(j)) {
                if !valid_md(m, d) {
                    return None;
                }
                let (to, value) = match (year_of(self.w(j + 1)), self.w(j + 1), year_of(self.w(j + 2))) {
                    (Some(y), _, _) => (j + 2, Date::new(y, m, d).ok()),
                    (None, ",", Some(y)) => (j + 3, Date::new(y, m, d).ok()),
                    _ => (j + 1, self.year_for(i, j + 1, m, d)),
                };
                let end = end.and_then(|e| value.and_then(|v| Date::new(v.year(), m, e).ok()));
                return Some((i, to, DateKind::Absolute, value, Precision::Day, end));
            }
            return None;
        }
        let y = year_of(w).filter(|y| (1900..=2100).contains(y))?;
        let clock = is(self.w(i + 1), &["GMT", "EDT", "EST", "CDT", "CST", "PDT", "PST", "BST", "CET", "hours", "hrs", "local", "IST", "JST"]);
        if clock || !is(self.back(i, 1, 0), &CUES) || is(self.w(i + 1), &UNITS) || self.w(i + 1).starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let from = if is(self.back(i, 1, 0), &["early", "late", "mid", "end"]) { i - 1 } else { i };
        Some((from, i + 1, DateKind::Absolute, Date::new(y, 1, 1).ok(), Precision::Year, None))
    }

    /// At a month name: `September 7[, 2023]`, `Sept. 7th`, `March 3-5`, `September 2023`,
    /// `in May`, `last May`.
    fn month(&self, i: usize, m: i8, free: usize) -> Option<Hit> {
        let next = self.w(i + 1);
        // In tables (`NOV     30  1404  up`) a month labels a row of figures.
        let gap = match (self.words.get(i), self.words.get(i + 1)) {
            (Some(a), Some(b)) => self.text.get(a.span.end..b.span.start).unwrap_or(""),
            _ => "",
        };
        let tabular = gap.contains("  ") || gap.contains('\t')
            || self.w(i + 2).starts_with(|c: char| c.is_ascii_digit()) && year_of(self.w(i + 2)).is_none();
        if let Some((d, end)) = day_of(next).filter(|_| !tabular) {
            if !is(self.w(i + 2), &UNITS) && valid_md(m, d) {
                let (to, value) = if let Some(y) = year_of(self.w(i + 2)) {
                    (i + 3, Date::new(y, m, d).ok())
                } else if let (",", Some(y)) = (self.w(i + 2), year_of(self.w(i + 3))) {
                    (i + 4, Date::new(y, m, d).ok())
                } else {
                    (i + 2, self.year_for(i, i + 2, m, d))
                };
                let end = end.and_then(|e| value.and_then(|v| Date::new(v.year(), m, e).ok()));
                // `Thursday, Sept. 7`: the weekday joins the date.
                let from = match (self.back(i, 1, free), self.back(i, 2, free)) {
                    (p, _) if weekday_of(p).is_some() => i - 1,
                    (",", p) if weekday_of(p).is_some() => i - 2,
                    _ => i,
                };
                return Some((from, to, DateKind::Absolute, value, Precision::Day, end));
            }
        }
        let from = if is(self.back(i, 1, free), &["early", "late", "mid"]) { i - 1 } else { i };
        if let Some(y) = year_of(next) {
            return Some((from, i + 2, DateKind::Absolute, Date::new(y, m, 1).ok(), Precision::Month, None));
        }
        if let (",", Some(y)) = (next, year_of(self.w(i + 2))) {
            if is(self.back(i, 1, free), &CUES) {
                return Some((from, i + 3, DateKind::Absolute, Date::new(y, m, 1).ok(), Precision::Month, None));
            }
        }
        let prev = self.back(i, 1, free);
        let p = self.published;
        let first = |p: Date| Date::new(p.year(), m, 1).ok();
        if is(prev, &["last", "next", "this"]) {
            let value = p.and_then(|p| {
                let here = first(p)?;
                let this = p.first_of_month();
                let mut buf = [0u8; 12];
                match lower(prev, &mut buf) {
                    "last" if here < this => Some(here),
                    "last" => shift(here, -1, Unit::Year),
                    "next" if here > this => Some(here),
                    "next" => shift(here, 1, Unit::Year),
                    _ => Some(here),
                }
            });
            return Some((i - 1, i + 1, DateKind::Relative, value, Precision::Month, None));
        }
        if !is(prev, &CUES) || (m == 5 && next.starts_with(|c: char| c.is_ascii_lowercase()) && !is(next, &["and", "or", "to", "when", "after", "as"])) {
            return None;
        }
        let value = self.year_for(from, i + 1, m, 1);
        Some((from, i + 1, DateKind::Absolute, value, Precision::Month, None))
    }

    /// At a weekday: `Thursday`, `last Thursday`, `next Tuesday`, `Thursday night`, `Thursday, Sept. 7`.
    fn weekday(&self, i: usize, wd: Weekday, free: usize) -> Option<Hit> {
        let prev = self.back(i, 1, free);
        let next = self.w(i + 1);
        // `Sunday Times`, `Mail on Sunday`, `Black Monday`, `Good Friday`.
        let named = is(next, &[
            "Times", "Telegraph", "Mirror", "Express", "Mail", "Post", "Herald", "Independent", "Tribune", "Sport", "People",
            "Star", "Journal", "Mass", "School", "Club", "Show", "Business", "Night", "Observer", "Record",
        ]) && next.starts_with(|c: char| c.is_ascii_uppercase())
            || is(prev, &["Black", "Good", "Super", "Ash", "Easter", "Bloody", "Cyber", "Holy", "Maundy", "Palm", "Manic", "Blue"])
                && prev.starts_with(|c: char| c.is_ascii_uppercase())
            || prev == "on" && self.back(i, 2, 0) == "Mail"
            // `on a Friday or Saturday night`: any Friday.
            || is(prev, &["a", "any"])
            || is(prev, &["or", "and"]) && weekday_of(self.back(i, 2, 0)).is_some() && is(self.back(i, 3, 0), &["a", "any"]);
        if named {
            return None;
        }
        // `Thursday, Sept. 7` / `Thursday 7 September`: an absolute date follows.
        let j = if next == "," { i + 2 } else { i + 1 };
        let hit = if month_of(self.w(j)).is_some() {
            self.month(j, month_of(self.w(j))?, j).filter(|h| h.4 == Precision::Day)
        } else if self.w(j).starts_with(|c: char| c.is_ascii_digit()) {
            self.numeric(j).filter(|h| h.4 == Precision::Day)
        } else {
            None
        };
        if let Some(h) = hit {
            return Some((i, h.1, h.2, h.3, h.4, h.5));
        }
        let to = if is(next, &["morning", "afternoon", "evening", "night"]) { i + 2 } else { i + 1 };
        let mut buf = [0u8; 12];
        let modifier = lower(prev, &mut buf);
        let from = if matches!(modifier, "last" | "next" | "this" | "coming") { i - 1 } else { i };
        let value = self.published.and_then(|p| match modifier {
            "last" => p.nth_weekday(-1, wd).ok(),
            "next" | "coming" => p.nth_weekday(1, wd).ok(),
            _ if p.weekday() == wd => Some(p),
            _ if modifier == "this" || self.future(from, to, true) => p.nth_weekday(1, wd).ok(),
            _ => p.nth_weekday(-1, wd).ok(),
        });
        Some((from, to, DateKind::Relative, value, Precision::Day, None))
    }

    /// `mid-March`, `end-1986`, `early-May`: a prefixed month or year in one token.
    fn prefixed(&self, i: usize, w: &str) -> Option<Hit> {
        let (pre, rest) = w.split_once('-')?;
        if !is(pre, &["mid", "end", "early", "late"]) {
            return None;
        }
        if let Some(y) = year_of(rest) {
            return Some((i, i + 1, DateKind::Absolute, Date::new(y, 1, 1).ok(), Precision::Year, None));
        }
        let m = month_of(rest)?;
        let (to, value) = match year_of(self.w(i + 1)) {
            Some(y) => (i + 2, Date::new(y, m, 1).ok()),
            None => (i + 1, self.year_for(i, i + 1, m, 1)),
        };
        Some((i, to, DateKind::Absolute, value, Precision::Month, None))
    }
}

// ---------------------------------------------------------------- date strings

/// A month named by a word that starts with its three-letter abbreviation (`Sep`, `Sept.`,
/// `September`, `FEB`).
fn month_prefix(s: &str) -> Option<i8> {
    let s = s.trim_end_matches('.').to_ascii_lowercase();
    if s.len() < 3 {
        return None;
    }
    let i = lexicon::MONTHS.iter().position(|m| m.get(..3).is_some_and(|a| s.starts_with(a)))?;
    Some(i as i8 + 1)
}

/// Reads a date string given as metadata (an input's `published`, a page's
/// `article:published_time`, `--published`): ISO (`2023-09-28`), RFC 3339 / ISO date-times,
/// `2023/09/28`, `26-FEB-1987 15:01:01.79`, `September 28, 2023`, `28 Sep 2023`,
/// `Thu, 28 Sep 2023 10:00:00 GMT`. The one parser of date strings: the readers, the command
/// line, the store and the gold readers use it. (Dates in running text are the dates stage's
/// business: [`find`].)
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let ymd = |y: &str, m: &str, d: &str| -> Option<Date> { Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok() };
    // ISO date or date-time prefix.
    if let Some(head) = s.get(..10) {
        let parts: Vec<&str> = head.split(['-', '/']).collect();
        if parts.len() == 3 && parts[0].len() == 4 {
            return ymd(parts[0], parts[1], parts[2]);
        }
    }
    let words: Vec<&str> = s.split(|c: char| c.is_whitespace() || c == ',' || c == '-').filter(|w| !w.is_empty()).collect();
    let year = |w: &str| w.parse::<i16>().ok().filter(|y| (1000..=9999).contains(y));
    let day = |w: &str| w.trim_end_matches(|c: char| c.is_ascii_alphabetic()).parse::<i8>().ok();
    for win in words.windows(3) {
        let date = match (month_prefix(win[0]), month_prefix(win[1])) {
            (Some(m), _) => day(win[1]).zip(year(win[2])).map(|(d, y)| (y, m, d)),
            (None, Some(m)) => day(win[0]).zip(year(win[2])).map(|(d, y)| (y, m, d)),
            _ => None,
        };
        if let Some((y, m, d)) = date {
            return Date::new(y, m, d).ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_strings_in_common_forms() {
        let d = jiff::civil::date(2023, 9, 28);
        for s in ["2023-09-28", "2023-09-28T10:00:00Z", "September 28, 2023", "28 Sep 2023", "Thu, 28 Sep 2023 10:00:00 GMT", "2023/09/28"] {
            assert_eq!(parse_date(s), Some(d), "{s}");
        }
        assert_eq!(parse_date("26-FEB-1987 15:01:01.79"), Some(jiff::civil::date(1987, 2, 26)));
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("2023-13-45"), None);
        assert_eq!(parse_date("2023-02-31"), None);
    }

    fn run(text: &str, published: Option<Date>) -> Vec<(String, &'static str, Option<String>)> {
        let st = crate::structure::analyse(text);
        let toks = crate::text::segment(text, &st);
        find(text, &st, &toks, published)
            .into_iter()
            .map(|m| (m.span.of(text).to_string(), m.kind.as_str(), m.value.map(|v| v.to_string())))
            .collect()
    }

    #[test]
    fn tokens_of_date_forms() {
        let text = "On Sept. 7th, Jan. 5 and Feb 26 2023-09-07 and mid-March 3-5 May I.";
        let st = crate::structure::analyse(text);
        let toks = crate::text::segment(text, &st);
        let words: Vec<&str> = toks.tokens.iter().map(|t| t.span.of(text)).collect();
        assert_eq!(words, ["On", "Sept.", "7th", ",", "Jan.", "5", "and", "Feb", "26", "2023-09-07", "and", "mid-March", "3-5", "May", "I."]);
    }

    #[test]
    fn year_inference() {
        let d = |y, m, d| jiff::civil::date(y, m, d);
        assert_eq!(infer_year(Some(d(1988, 1, 2)), 12, 30), Some(d(1987, 12, 30)));
        assert_eq!(infer_year(Some(d(1987, 3, 3)), 2, 26), Some(d(1987, 2, 26)));
        assert_eq!(infer_year(Some(d(1987, 3, 3)), 8, 1), Some(d(1987, 8, 1)));
        assert_eq!(infer_year(Some(d(1987, 3, 3)), 10, 1), Some(d(1986, 10, 1)));
        assert_eq!(infer_year(Some(d(2023, 9, 28)), 2, 29), Some(d(2024, 2, 29)));
        assert_eq!(infer_year(Some(d(2023, 1, 10)), 2, 29), Some(d(2020, 2, 29)));
        assert_eq!(infer_year(None, 2, 26), None);
        assert_eq!(month_of("Sept."), Some(9));
        assert_eq!(month_of("MAR"), Some(3));
        assert_eq!(month_of("may"), None);
        assert_eq!(month_of("Ma"), None);
        assert_eq!(day_of("31st"), Some((31, None)));
        assert_eq!(day_of("32"), None);
        assert_eq!(day_of("20.4"), None);
    }

    #[test]
    fn odd_input_never_panics() {
        let p = Some(jiff::civil::date(2023, 9, 28));
        for t in ["", "May", "on", "in 2023-99-99 ago", "Feb 30, 2023 and 31 Feb", "é Thursday’s ‘today’ 9999-12-31 and -0001-01-01", "last", "every", "a ago", "in 999 years will"] {
            let _ = run(t, p);
            let _ = run(t, Some(jiff::civil::date(9999, 12, 31)));
            let _ = run(t, None);
        }
    }

    #[test]
    fn example_forms() {
        let p = Some(jiff::civil::date(2023, 9, 28));
        let got = run("Stoltenberg said on Thursday that forces gained ground near Bakhmut, Ukraine September 7, 2023, and drones hit the previous night.", p);
        assert_eq!(got, [
            ("Thursday".to_string(), "relative", Some("2023-09-28".to_string())),
            ("September 7, 2023".to_string(), "absolute", Some("2023-09-07".to_string())),
            ("the previous night".to_string(), "relative", Some("2023-09-27".to_string())),
        ]);
    }
}
