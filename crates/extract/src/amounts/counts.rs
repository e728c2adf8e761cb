//! The core of an amount at one token, its kind, qualifier and counted noun phrase.
//!
//! In: the token window of one sentence and a start token. Out: one [`Amount`] and its token range.
//! Rule: see the module doc of [`super`]: `[currency] number [range] [scale…] [currency | % |
//! unit] [per-unit]`, a qualifier looked up just before it, and for counts the noun phrase after
//! it (1-4 words: adjectives and nouns, capitalised words allowed, ending after a plural noun,
//! stopping at a preposition, known verb, pronoun, number, punctuation or table gap; a trailing
//! `-ed` word is dropped). A day number right after a month name is never an amount. Bare numbers that are years, dates, times, ages, list
//! markers, section or model numbers, scores or the pronoun `one` are rejected.

use super::number::{self, Glued};
use super::words::{self, is_in, is_month, np_word};
use super::{money, Amount, AmountKind, Blocked, Sc};
use crate::span::Span;

/// A number at token `j`: (low, high, glued, next token, from `a`/`an`/`one`, hyphen range).
fn number_at(sc: &Sc, j: usize) -> Option<(f64, Option<f64>, Glued, usize, bool, bool)> {
    let s = sc.s(j);
    if let Some((v, g)) = number::parse(s) {
        return Some((v, None, g, j + 1, false, false));
    }
    if let Some((a, b, g)) = number::parse_range(s) {
        return Some((a, Some(b), g, j + 1, false, true));
    }
    if let Some(v) = number::word(s) {
        return Some((v, None, Glued::None, j + 1, v == 1.0, false));
    }
    let a = s.eq_ignore_ascii_case("a") || s.eq_ignore_ascii_case("an");
    (a && number::scale(sc.s(j + 1)).is_some()).then_some((1.0, None, Glued::None, j + 1, true, false))
}

/// What follows the number.
struct Core {
    start: usize,
    num: usize,
    end: usize,
    value: f64,
    high: Option<f64>,
    currency: Option<&'static str>,
    percent: bool,
    unit: Option<String>,
    scaled: bool,
    hyphen: bool,
    weak_one: bool,
    between: bool,
}

/// `v` in the main unit for a sub-unit factor `f` (0.01): divides, so `69 cts` is exactly 0.69.
fn sub(v: f64, f: f64) -> f64 {
    if f < 1.0 { v / (1.0 / f).round() } else { v * f }
}

fn core_at(sc: &Sc, i: usize, scratch: &mut String) -> Option<Core> {
    let (mut currency, start, j) = match money::prefix(sc, i) {
        Some((iso, st, nx)) => (Some(iso), st, nx),
        None => (None, i, i),
    };
    let (mut value, mut high, mut glued, mut k, weak_one, hyphen) = number_at(sc, j)?;
    let mut between = false;
    // Ranges: `5 to 6`, `5–6`, `between 2 and 3`.
    if high.is_none() && glued == Glued::None {
        let dash = matches!(sc.s(k), "-" | "–" | "—") || sc.s(k).eq_ignore_ascii_case("to") && !sc.prev(start).eq_ignore_ascii_case("from");
        let and = sc.s(k).eq_ignore_ascii_case("and") && sc.prev(start).eq_ignore_ascii_case("between");
        if dash || and {
            if let Some((v2, None, g2, k2, false, false)) = number_at(sc, k + 1) {
                if v2 > value {
                    (high, glued, k, between) = (Some(v2), g2, k2, and);
                }
            }
        }
    }
    // `60m hurdles`: a glued `m` before a race is metres, not millions.
    const RACES: &[&str] = &["hurdles", "sprint", "race", "freestyle", "champion", "title", "final", "record", "relay", "dash", "butterfly", "backstroke", "breaststroke", "medley", "indoor", "outdoor"];
    if glued == Glued::Scale(1e6) && currency.is_none() && sc.s(j).ends_with('m') && is_in(RACES, sc.s(k)) {
        return None;
    }
    let mut scaled = false;
    if let (Glued::Money(iso, f), None) = (glued, currency) {
        (currency, value, high) = (Some(iso), sub(value, f), high.map(|h| sub(h, f)));
    }
    if let Glued::Scale(f) = glued {
        (value, high, scaled) = (value * f, high.map(|h| h * f), true);
    } else if glued == Glued::None {
        while let Some(f) = number::scale(sc.s(k)) {
            (value, high, scaled, k) = (value * f, high.map(|h| h * f), true, k + 1);
        }
    }
    if weak_one && !scaled && currency.is_none() {
        // `one` and `a` alone are pronouns and articles; `one dollar` and `a million` are not.
        money::suffix(sc, k, scaled, scratch)?;
    }
    let mut percent = glued == Glued::Pct;
    let mut unit: Option<String> = None;
    if let Glued::Unit(u) = glued {
        unit = Some(u.to_string());
    }
    if currency.is_none() && !percent && unit.is_none() {
        let decimal = sc.s(j).contains('.');
        if let Some((iso, f, k2)) = money::suffix(sc, k, scaled || decimal, scratch) {
            (currency, value, high, k) = (Some(iso), sub(value, f), high.map(|h| sub(h, f)), k2);
        }
    }
    let w = sc.s(k);
    if currency.is_none() && !percent && unit.is_none() {
        if w == "%" || is_in(&["percent", "pct"], w) {
            (percent, k) = (true, k + 1);
        } else if w.eq_ignore_ascii_case("per") && sc.s(k + 1).eq_ignore_ascii_case("cent") {
            (percent, k) = (true, k + 2);
        } else if w.eq_ignore_ascii_case("percentage") && is_in(&["point", "points"], sc.s(k + 1)) {
            (percent, unit, k) = (true, Some("percentage points".to_string()), k + 2);
        }
        if percent && unit.is_none() && is_in(&["point", "points"], sc.s(k)) {
            (unit, k) = (Some("percentage points".to_string()), k + 1);
        }
    }
    let w = sc.s(k);
    if currency.is_none() && !percent && unit.is_none() {
        if is_in(words::UNIT_MODIFIERS, w) && is_in(words::UNITS, sc.s(k + 1)) {
            (unit, k) = (Some(format!("{} {}", w, sc.s(k + 1))), k + 2);
        } else if is_in(words::UNITS, w) {
            (unit, k) = (Some(w.to_string()), k + 1);
        }
    }
    if let Some(u) = unit.as_mut().filter(|_| !percent) {
        let per = is_in(&["per", "a", "an", "/"], sc.s(k));
        if per && is_in(words::RATE_TIMES, sc.s(k + 1)) && !is_in(words::AGO, sc.s(k + 2)) {
            u.push_str(" per ");
            u.push_str(&sc.s(k + 1).to_lowercase());
            k += 2;
        }
    }
    if currency.is_some() {
        if let Some((u, k2)) = money::per_unit(sc, k) {
            (unit, k) = (Some(u), k2);
        }
    }
    Some(Core { start, num: j, end: k, value, high, currency, percent, unit, scaled, hyphen, weak_one, between })
}

/// Whether a bare number (no currency, percent or unit) is something other than an amount.
fn not_an_amount(sc: &Sc, c: &Core) -> bool {
    let (s, prev, next) = (sc.s(c.num), sc.prev(c.num), sc.s(c.num + 1));
    let lower = |w: &str| w.starts_with(|ch: char| ch.is_lowercase());
    let capitalised = |w: &str| w.starts_with(char::is_uppercase) && w.chars().all(|ch| ch.is_alphanumeric() || ch == '.' || ch == '-');
    let year = !c.scaled && s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) && (s.starts_with('1') || s.starts_with('2'));
    let date = !c.scaled && (is_month(prev) || is_month(next));
    let time = is_in(words::TIME_MARKERS, next);
    let age = prev == "," && capitalised(sc.prev(c.num.saturating_sub(1))) && matches!(next, "," | "." | ";" | ")")
        || is_in(&["aged", "age", "ages"], prev);
    let numbered = is_in(&["no.", "no", "#", "number", "nos.", "nr", "nr."], prev);
    // `Article 5`, `Boeing 737`, `Flight 17`: a capitalised word (not opening the sentence, not a
    // qualifier or determiner) right before the number names it.
    let opener = c.num == sc.lo + 1 && (lower(sc.s(c.num + 1)) || is_in(&["The", "These", "Those", "All", "Another", "Some", "Only", "About", "Over", "Nearly", "Almost", "Around", "Just", "At", "By"], prev));
    let named = capitalised(prev) && !opener && qualifier(sc, c.start).is_none();
    // `Boeing's 777 plane`: a model number after a possessive name.
    let model = matches!(prev, "'s" | "’s") && !c.scaled && s.len() >= 3 && s.bytes().all(|b| b.is_ascii_digit());
    let marker = c.start == sc.lo && matches!(next, "." | ")");
    let bracketed = prev == "(" && next == ")";
    c.hyphen || (c.weak_one && !c.scaled) || year || date || time || age || numbered || named || model || marker || bracketed
}

/// The qualifier phrase ending right before token `start`: (first token, phrase).
fn qualifier(sc: &Sc, start: usize) -> Option<(usize, String)> {
    let best = words::QUALIFIERS
        .iter()
        .filter(|q| start >= sc.lo + q.len() && q.iter().enumerate().all(|(d, w)| sc.s(start - q.len() + d).eq_ignore_ascii_case(w)))
        .max_by_key(|q| q.len())?;
    Some((start - best.len(), best.join(" ")))
}

/// The noun phrase starting at token `k` (after an optional determiner when `skip_det`): up to
/// four words, capitalised ones only when `caps`, ending after a plural noun; a lone `-ed`
/// word (`40 wounded`) is no phrase.
pub(crate) fn noun_phrase(sc: &Sc, k: usize, caps: bool, skip_det: bool) -> Option<(Span, usize)> {
    const DET: &[&str] = &["the", "a", "an", "its", "their", "his", "her", "our", "these", "those", "this", "that"];
    let first = if skip_det && is_in(DET, sc.s(k)) { k + 1 } else { k };
    let mut i = first;
    while i < sc.hi && i < first + 4 {
        let w = sc.s(i);
        let cap = w.starts_with(char::is_uppercase);
        let cap_ok = caps && !(i > first && sc.newline_before(i));
        // Tables: columns are set apart by runs of spaces.
        let gap = if i > sc.lo { Span::new(sc.span(i - 1).end, sc.span(i).start).of(sc.text) } else { "" };
        let column = gap.contains('\t') || gap.contains("  ");
        // A plural noun ends the phrase (`two teams play`, `Mexicans live`, `drones launched`).
        let after_plural = i > first && plural(sc.s(i - 1));
        if !np_word(w) || (cap && !cap_ok) || column || after_plural {
            break;
        }
        i += 1;
    }
    // A participle that ends the phrase is a verb (`40 police watched`).
    while i > first + 1 && sc.s(i - 1).len() > 4 && sc.s(i - 1).ends_with("ed") {
        i -= 1;
    }
    let time = (first..i).any(|t| is_in(words::TIME_WORDS, sc.s(t)));
    let possessive = matches!(sc.s(i), "'s" | "’s" | "'" | "’");
    if i == first || (i == first + 1 && sc.s(first).len() > 4 && sc.s(first).ends_with("ed")) || time || possessive {
        return None;
    }
    Some((Span::new(sc.span(first).start, sc.span(i - 1).end), i))
}

fn plural(w: &str) -> bool {
    w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") && !w.eq_ignore_ascii_case("news")
}

/// A day number next to a month name (`April 1 to …`, `APRIL 7 - 42 PCT`), whatever follows.
fn day_of_month(sc: &Sc, c: &Core) -> bool {
    let s = sc.s(c.num);
    c.start == c.num
        && (1..=2).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_digit())
        && is_month(sc.prev(c.num))
}

/// The amount whose core starts at token `i`: (amount, first token, end token).
pub(crate) fn amount_at(sc: &Sc, i: usize, blocked: &Blocked, scratch: &mut String) -> Option<(Amount, usize, usize)> {
    let c = core_at(sc, i, scratch)?;
    if blocked.hits(sc.span(c.num)) || day_of_month(sc, &c) {
        return None;
    }
    let bare = c.currency.is_none() && !c.percent && c.unit.is_none();
    if bare && not_an_amount(sc, &c) {
        return None;
    }
    let (mut qstart, mut qual) = match qualifier(sc, c.start) {
        Some((s, q)) => (s, Some(q)),
        None => (c.start, None),
    };
    if c.between {
        (qstart, qual) = (c.start.saturating_sub(1).max(sc.lo), Some("between".to_string()));
    } else if c.high.is_some() && qual.is_none() {
        qual = Some("range".to_string());
    }
    let kind = match () {
        _ if c.currency.is_some() => AmountKind::Money,
        _ if c.percent => AmountKind::Percent,
        _ if c.unit.is_some() => AmountKind::Quantity,
        _ => AmountKind::Count,
    };
    let mut end = c.end;
    let mut object = None;
    match kind {
        AmountKind::Count => {
            match noun_phrase(sc, c.end, true, false) {
                Some((np, e)) => {
                    if is_in(words::TIME_WORDS, sc.s(c.end)) {
                        return None;
                    }
                    (object, end) = (Some(np), e);
                }
                None if c.scaled && !is_in(words::TIME_WORDS, sc.s(c.end)) => {}
                None => return None,
            }
        }
        AmountKind::Percent | AmountKind::Quantity if sc.s(c.end).eq_ignore_ascii_case("of") => {
            object = noun_phrase(sc, c.end + 1, true, true).map(|(s, _)| s);
        }
        _ => {}
    }
    let span = Span::new(sc.span(qstart).start, sc.span(end.saturating_sub(1)).end);
    let a = Amount {
        kind,
        span,
        value: c.value,
        high: c.high,
        currency: c.currency,
        unit: c.unit,
        qualifier: qual,
        object,
        usd: None,
    };
    Some((a, qstart, end))
}
