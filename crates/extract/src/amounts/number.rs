//! Numbers as written in news copy.
//!
//! In: one token's text. Out: its value and what is glued to it.
//! Rule: digits with thousands commas (groups of three) and one decimal point (`1,000`, `2.4`,
//! `.5`, `-3`), optionally glued to a scale (`1.13bn`, `639m`, `5k`), `pct` or a unit (`40km`);
//! a hyphenated range of two such numbers (`5-6`, `5-6bn`); English number words up to ninety-nine
//! (`forty`, `twenty-five`); scale words (`million`, `mln`, `bn`, `crore`). Anything else — `3rd`,
//! `1990s`, `A320`, `10:30`, `1986/87` — is not a number.

use crate::lexicon;

/// What is glued to the end of a number token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Glued {
    None,
    Scale(f64),
    Pct,
    Unit(&'static str),
    /// A currency sub-unit glued to the number: `458.5p` (pence).
    Money(&'static str, f64),
}

/// Units that may be glued to a number (`40km`, `5kg`), lower case.
const GLUED_UNITS: [&str; 14] = ["km", "kg", "mm", "cm", "mw", "gw", "kw", "kwh", "mph", "ft", "lb", "lbs", "oz", "bpd"];

/// A plain number at the start of `s`: (value, bytes used). Thousands commas must group by three.
fn digits(s: &str) -> Option<(f64, usize)> {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let int_start = i;
    let mut group = 0usize; // digits since the last comma
    let mut commas = false;
    while i < b.len() {
        match b[i] {
            b'0'..=b'9' => group += 1,
            b',' if group > 0 && (commas && group == 3 || !commas && group <= 3) && b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                commas = true;
                group = 0;
            }
            _ => break,
        }
        i += 1;
    }
    if commas && group != 3 {
        return None;
    }
    let int_end = i;
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if i == int_start || (int_end == int_start && i == int_end) {
        return None;
    }
    let mut buf = [0u8; 40];
    let mut n = 0;
    for &c in &b[..i] {
        if c != b',' {
            *buf.get_mut(n)? = c;
            n += 1;
        }
    }
    let v: f64 = std::str::from_utf8(&buf[..n]).ok()?.parse().ok()?;
    v.is_finite().then_some((v, i))
}

/// What a glued suffix means, if anything known.
fn glued(suffix: &str) -> Option<Glued> {
    if suffix.is_empty() {
        return Some(Glued::None);
    }
    if !suffix.is_ascii() || suffix.len() > 4 {
        return None;
    }
    let l = |w: &str| suffix.eq_ignore_ascii_case(w);
    Some(match () {
        _ if l("bn") || l("b") || l("bln") => Glued::Scale(1e9),
        _ if l("m") || l("mn") || l("mln") => Glued::Scale(1e6),
        _ if l("k") => Glued::Scale(1e3),
        _ if l("tn") || l("trn") => Glued::Scale(1e12),
        _ if l("pct") => Glued::Pct,
        _ if suffix == "p" => Glued::Money("GBP", 0.01),
        _ => Glued::Unit(GLUED_UNITS.iter().find(|u| l(u))?),
    })
}

/// A number token: `2.4`, `1,000`, `1.13bn`, `4.5pct`, `9-1/4` (Reuters-21578 fractions).
pub(crate) fn parse(s: &str) -> Option<(f64, Glued)> {
    let (v, used) = digits(s)?;
    let rest = s.get(used..)?;
    if let Some(frac) = rest.strip_prefix('-').filter(|_| !s.contains('.') && !s.contains(',')) {
        let (a, b) = frac.split_once('/')?;
        let small = |x: &str| (1..=2).contains(&x.len()) && x.bytes().all(|c| c.is_ascii_digit());
        let (a, b): (f64, f64) = if small(a) && small(b) { (a.parse().ok()?, b.parse().ok()?) } else { return None };
        return (a < b && v >= 0.0).then_some((v + a / b, Glued::None));
    }
    Some((v, glued(rest)?))
}

/// A hyphenated range token: `5-6`, `5-6bn` → (low, high, glued).
pub(crate) fn parse_range(s: &str) -> Option<(f64, f64, Glued)> {
    let k = s.get(1..)?.find('-')? + 1;
    let (lo, hi) = (s.get(..k)?, s.get(k + 1..)?);
    let (a, g) = parse(lo)?;
    let (b, g2) = parse(hi)?;
    (g == Glued::None && !hi.starts_with('-') && a < b).then_some((a, b, g2))
}

fn word_below_100(w: &str) -> Option<f64> {
    if let Some(v) = lexicon::number(w).or_else(|| lexicon::tens(w)) {
        return Some(f64::from(v));
    }
    let (t, u) = w.split_once('-')?;
    let t = lexicon::tens(t)?;
    let u = lexicon::number(u).filter(|u| (1..10).contains(u))?;
    Some(f64::from(t + u))
}

/// An English number word: `forty`, `twenty-five`, `Three`.
pub(crate) fn word(w: &str) -> Option<f64> {
    word_below_100(w)
}

/// A scale word after a number: `million`, `mln`, `bn`, `crore`, `dozen`.
pub(crate) fn scale(w: &str) -> Option<f64> {
    if w.len() > 9 || !w.is_ascii() {
        return None;
    }
    let l = |x: &str| w.eq_ignore_ascii_case(x);
    Some(match () {
        _ if l("hundred") => 1e2,
        _ if l("thousand") => 1e3,
        _ if l("million") || l("mln") || l("mn") || l("mlns") => 1e6,
        _ if l("billion") || l("bln") || l("bn") || l("blns") => 1e9,
        _ if l("trillion") || l("tn") || l("trln") => 1e12,
        _ if l("crore") || l("crores") => 1e7,
        _ if l("lakh") || l("lakhs") => 1e5,
        _ if l("dozen") => 12.0,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse("2.4"), Some((2.4, Glued::None)));
        assert_eq!(parse("1,000"), Some((1000.0, Glued::None)));
        assert_eq!(parse("155,221"), Some((155221.0, Glued::None)));
        assert_eq!(parse("1,234,567.5"), Some((1234567.5, Glued::None)));
        assert_eq!(parse(".5"), Some((0.5, Glued::None)));
        assert_eq!(parse("-3"), Some((-3.0, Glued::None)));
        assert_eq!(parse("1.13bn"), Some((1.13, Glued::Scale(1e9))));
        assert_eq!(parse("639m"), Some((639.0, Glued::Scale(1e6))));
        assert_eq!(parse("4.5pct"), Some((4.5, Glued::Pct)));
        assert_eq!(parse("40km"), Some((40.0, Glued::Unit("km"))));
        for bad in ["3rd", "1990s", "A320", "10:30", "1986/87", "1,00", "12,34", "", "-", ".", "1.", "G7", "x1", "1,0000"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert_eq!(parse("9-1/4"), Some((9.25, Glued::None)));
        assert_eq!(parse("458.5p"), Some((458.5, Glued::Money("GBP", 0.01))));
        assert_eq!(parse("9-1/44"), Some((9.0 + 1.0 / 44.0, Glued::None)));
        assert_eq!(parse("9-3/2"), None);
        assert_eq!(parse_range("5-6"), Some((5.0, 6.0, Glued::None)));
        assert_eq!(parse_range("5-6bn"), Some((5.0, 6.0, Glued::Scale(1e9))));
        assert_eq!(parse_range("4-2"), None);
        assert_eq!(parse_range("555-1234-12"), None);
        assert_eq!(word("forty"), Some(40.0));
        assert_eq!(word("Twenty-five"), Some(25.0));
        assert_eq!(word("twenty-zero"), None);
        assert_eq!(scale("mln"), Some(1e6));
    }
}
