//! Amounts: money, counts, percentages and quantities.
//!
//! In: the text, structure (zones, caption credit, FX notes), tokens and entities.
//! Out: [`Amount`]s in text order, each with its whole span (qualifier and counted noun phrase
//! included), value, currency (ISO 4217), unit, qualifier, object span and US-dollar value.
//! Rule: one left-to-right pass over the tokens of each sentence (FX, credits and dateline zones,
//! the caption credit and entity names are skipped). At each token a *core* is tried:
//! `[currency marker] number [range] [scale…] [currency word | % | unit] [per-unit]`
//! (see [`number`], [`money`], [`counts`]). Its kind is money when a currency was found, percent
//! for `%`/`percent`/`per cent`/`pct`, quantity for a unit (`tonnes`, `bpd`, `km`), else count. A
//! count needs a counted noun phrase after it (`40 Shahed drones`) or a scale word
//! (`1.2 million`); bare numbers that look like years, dates, times, ages, list markers, section
//! numbers, scores or pronoun `one` are not amounts. A qualifier phrase before the core
//! (`more than`, `about`, `up to`…) is kept and widens the span. Ranges (`$5-6 million`, `5 to 6
//! percent`, `between 2 and 3 billion euros`) take the LOWER bound as `value`, the upper one as
//! `high`, and qualifier `range` (or `between`). Vague quantities (`dozens of`, `thousands`) are
//! skipped; `a dozen`/`two dozen` are 12/24. Money's object is the noun phrase after a following
//! `in`/`for`/`of` (after any parenthetical equivalent): `1 billion euros in firm orders` →
//! `firm orders`. US-dollar values come from stated equivalents, USD itself, or FX notes (see
//! [`money::dollars`]); never from outside data.

mod count_type;
mod counts;
mod money;
mod number;
mod words;

pub use count_type::{count_type, COUNT_WORDS};

use crate::entities::Entity;
use crate::span::Span;
use crate::structure::{Structure, ZoneKind};
use crate::text::{Token, Tokens};

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
    /// The value in the main unit (`5 cents` = 0.05 USD); for a range, the lower bound.
    pub value: f64,
    /// The upper bound of a range (`$5-6 million` → 6e6), else `None`.
    pub high: Option<f64>,
    /// ISO 4217 for money.
    pub currency: Option<&'static str>,
    /// Unit of a quantity (`tonnes`, `km`) or per-unit of money (`per barrel`).
    pub unit: Option<String>,
    /// `more than`, `at least`, `about`, `up to`, `range`, `between`…
    pub qualifier: Option<String>,
    /// What is counted or paid for (`Shahed drones`, `firm orders`).
    pub object: Option<Span>,
    /// US-dollar value: stated equivalent first, else from an FX note; never guessed.
    pub usd: Option<f64>,
}

/// The token window of one sentence: every lookup outside `lo..hi` reads as `""`.
pub(crate) struct Sc<'a> {
    text: &'a str,
    toks: &'a [Token],
    lo: usize,
    hi: usize,
}

impl<'a> Sc<'a> {
    /// The text of token `i`, or `""` outside the sentence.
    pub(crate) fn s(&self, i: usize) -> &'a str {
        if (self.lo..self.hi).contains(&i) {
            self.toks.get(i).map_or("", |t| t.span.of(self.text))
        } else {
            ""
        }
    }
    fn span(&self, i: usize) -> Span {
        self.toks.get(i).map_or(Span::default(), |t| t.span)
    }
    /// Whether token `i` starts right where token `i - 1` ends.
    pub(crate) fn glued(&self, i: usize) -> bool {
        i > self.lo && i < self.hi && self.span(i - 1).end == self.span(i).start
    }
    /// Whether a line break separates token `i` from token `i - 1`.
    pub(crate) fn newline_before(&self, i: usize) -> bool {
        i > self.lo && Span::new(self.span(i - 1).end, self.span(i).start).of(self.text).contains('\n')
    }
    /// Token `i` as a lookup key one before `i` (`None` at the sentence start).
    pub(crate) fn prev(&self, i: usize) -> &'a str {
        if i > self.lo {
            self.s(i - 1)
        } else {
            ""
        }
    }
}

/// Spans no amount may start in: entity names, the caption credit, FX notes; sorted by start,
/// with the running maximum of their ends for an O(log n) overlap test.
struct Blocked {
    spans: Vec<Span>,
    max_end: Vec<usize>,
}

impl Blocked {
    fn new(st: &Structure, ents: &[Entity]) -> Blocked {
        let mut spans: Vec<Span> = ents.iter().flat_map(|e| e.mentions.iter().copied()).collect();
        spans.extend(st.caption.as_ref().and_then(|c| c.credit));
        spans.extend(st.fx.iter().map(|f| f.span));
        spans.sort_unstable();
        let mut m = 0;
        let max_end = spans.iter().map(|s| {
            m = m.max(s.end);
            m
        });
        let max_end = max_end.collect();
        Blocked { spans, max_end }
    }
    fn hits(&self, s: Span) -> bool {
        let k = self.spans.partition_point(|b| b.start < s.end);
        k > 0 && self.max_end.get(k - 1).is_some_and(|&e| e > s.start)
    }
}

/// Finds every amount in `text`.
pub fn find(text: &str, st: &Structure, toks: &Tokens, ents: &[Entity]) -> Vec<Amount> {
    let blocked = Blocked::new(st, ents);
    let mut out: Vec<Amount> = Vec::new();
    let mut at: Vec<(usize, usize)> = Vec::new(); // token range of each amount
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut scratch = String::new();
    for sent in &toks.sentences {
        if matches!(sent.zone, ZoneKind::Fx | ZoneKind::Credits | ZoneKind::Dateline) {
            continue;
        }
        let hi = sent.tokens.end.min(toks.tokens.len());
        let sc = Sc { text, toks: &toks.tokens, lo: sent.tokens.start.min(hi), hi };
        let first = out.len();
        let mut i = sc.lo;
        while i < sc.hi {
            match counts::amount_at(&sc, i, &blocked, &mut scratch) {
                Some((a, start, end)) => {
                    out.push(a);
                    at.push((start, end));
                    i = end.max(i + 1);
                }
                None => i += 1,
            }
        }
        money_objects(&sc, &mut out, &at, first, &mut pairs);
    }
    money::dollars(&mut out, &pairs, &st.fx);
    out
}

/// Links parenthetical equivalents and finds money objects (`in`/`for`/`of` + noun phrase) for
/// the amounts `first..` of one sentence. An equivalent is a money amount right after `(`, or
/// after `;`/`,` following another equivalent, inside the same parentheses:
/// `25bn rupees ($250m; £135m)`.
fn money_objects(sc: &Sc, out: &mut [Amount], at: &[(usize, usize)], first: usize, pairs: &mut Vec<(usize, usize)>) {
    let mut p = first;
    while p < out.len() {
        let Some(&(_, mut end)) = at.get(p).filter(|_| out[p].kind == AmountKind::Money) else {
            p += 1;
            continue;
        };
        let mut q = p + 1;
        if sc.s(end) == "(" {
            let mut open = end;
            while let (Some(b), Some(&(bs, be))) = (out.get(q), at.get(q)) {
                if b.kind != AmountKind::Money || bs != open + 1 || !matches!(sc.s(be), ")" | ";" | ",") {
                    break;
                }
                pairs.push((p, q));
                q += 1;
                open = be;
                if sc.s(be) == ")" {
                    end = be + 1;
                    break;
                }
            }
        }
        if words::is_in(&["in", "for", "of"], sc.s(end)) && out[p].object.is_none() {
            out[p].object = counts::noun_phrase(sc, end + 1, false, true).map(|(s, _)| s);
        }
        p = q;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, kind, value, currency, qualifier, object text, usd)
    type Row = (String, AmountKind, f64, Option<&'static str>, Option<String>, Option<String>, Option<f64>);

    fn run(t: &str) -> Vec<Row> {
        let st = crate::structure::analyse(t);
        let toks = crate::text::segment(t, &st);
        find(t, &st, &toks, &[])
            .into_iter()
            .map(|a| {
                (a.span.of(t).to_string(), a.kind, a.value, a.currency, a.qualifier, a.object.map(|o| o.of(t).to_string()), a.usd)
            })
            .collect()
    }

    #[test]
    fn example_sentences() {
        let t = "KYIV (Reuters) - Moscow had used more than 40 Shahed drones in strikes. NATO had contracts worth \
                 2.4 billion euros ($2.53 billion) for ammunition, including 1 billion euros in firm orders.\n\
                 ($1 = 0.9489 euros)";
        let r = run(t);
        assert_eq!(r.len(), 4, "{r:#?}");
        assert_eq!(r[0].0, "more than 40 Shahed drones");
        assert_eq!((r[0].1, r[0].2, r[0].4.as_deref(), r[0].5.as_deref()), (AmountKind::Count, 40.0, Some("more than"), Some("Shahed drones")));
        assert_eq!((r[1].0.as_str(), r[1].3, r[1].6), ("2.4 billion euros", Some("EUR"), Some(2.53e9)));
        assert_eq!((r[2].0.as_str(), r[2].3, r[2].6), ("$2.53 billion", Some("USD"), Some(2.53e9)));
        assert_eq!((r[3].0.as_str(), r[3].5.as_deref()), ("1 billion euros", Some("firm orders")));
        assert!((r[3].6.unwrap_or(0.0) - 1053851828.4329222).abs() < 1e-3);
    }

    #[test]
    fn no_amounts() {
        for t in [
            "He was the 3rd in line on September 7, 2023 and in 1987 at 10:30.",
            "Every metre counts, one said. One of the men left.",
            "Green, 58, said the team won 4-2 on Feb 26.",
            "",
            "$",
            "between and",
        ] {
            assert_eq!(run(t), vec![], "{t}");
        }
    }
}
