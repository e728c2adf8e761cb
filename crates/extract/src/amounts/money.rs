//! Money: currency markers around a number, price units, stated equivalents and FX notes.
//!
//! In: the token window of one sentence; the FX notes of the structure. Out: currencies and US-dollar
//! values for [`Amount`]s.
//! Rule: a currency is a symbol before the number (`$`, `£`, `US$`, `C$`), an ISO code or `Rs`
//! before it (`EUR 300 mln`), or a currency word after it, up to three tokens (`euros`,
//! `Canadian dollars`, `U.S. dlrs`, `stg`, `cents`); the words come from the structure stage's
//! table ([`crate::structure::currency`]) plus [`super::words::EXTRA_CURRENCIES`]. Sub-units scale
//! the value (`5 cents` = 0.05 USD). A money amount directly followed by another in parentheses
//! (`2.4 billion euros ($2.53 billion)`) is linked to it: when one of the two is in US dollars,
//! the other's `usd` is that value. Otherwise `usd` is the value for USD amounts, or the value
//! converted by an FX note whose base or quote is the amount's currency and whose other side is
//! USD; never a guess.

use super::words::{is_in, AGO, EXTRA_CURRENCIES, PRICE_NOUNS, UNAMBIGUOUS_CURRENCIES};
use super::{Amount, AmountKind, Sc};
use crate::structure::{currency, FxNote, SYMBOLS};

/// A currency marker before a number at token `i`: (ISO code, first token of the marker, index of
/// the token after the marker).
pub(crate) fn prefix(sc: &Sc, i: usize) -> Option<(&'static str, usize, usize)> {
    let s = sc.s(i);
    if let Some(&(_, iso)) = SYMBOLS.iter().find(|(sym, _)| *sym == s) {
        // `US$`, `C$`, `HK$`: a glued prefix token makes the symbol longer.
        if i > sc.lo && sc.glued(i) {
            let p = sc.s(i - 1);
            let joined = SYMBOLS.iter().find(|(sym, _)| sym.len() == p.len() + s.len() && sym.starts_with(p) && sym.ends_with(s));
            if let Some(&(_, iso)) = joined {
                return Some((iso, i - 1, i + 1));
            }
        }
        return Some((iso, i, i + 1));
    }
    if s == "Rs" || s == "Rs." {
        return Some(("INR", i, i + 1));
    }
    let code = s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase());
    code.then(|| currency(s)).flatten().filter(|&iso| iso == s).map(|iso| (iso, i, i + 1))
}

/// A currency word after a number at token `k`: (ISO code, factor, index after the word).
/// Some words are currencies only after a scale word (`5 mln marks`, not `two real problems`);
/// `pounds of` is a weight.
pub(crate) fn suffix(sc: &Sc, k: usize, scaled: bool, scratch: &mut String) -> Option<(&'static str, f64, usize)> {
    const AMBIGUOUS: &[&str] = &["real", "won", "rand", "crown", "crowns", "mark", "franc", "lira"];
    let w = sc.s(k);
    let weight = is_in(&["pound", "pounds"], w) && sc.s(k + 1).eq_ignore_ascii_case("of");
    let zone = is_in(&["euro", "dollar"], w) && is_in(&["zone", "area", "bloc"], sc.s(k + 1));
    if !scaled && is_in(AMBIGUOUS, w) || weight || zone {
        return None;
    }
    for n in (1..=3).rev() {
        if k + n > sc.hi {
            continue;
        }
        if let Some(&(_, iso, f)) = EXTRA_CURRENCIES
            .iter()
            .find(|(ws, _, _)| ws.len() == n && ws.iter().enumerate().all(|(d, w)| sc.s(k + d).eq_ignore_ascii_case(w)))
        {
            return Some((iso, f, k + n));
        }
        scratch.clear();
        for d in 0..n {
            let w = sc.s(k + d);
            if !w.starts_with(char::is_alphabetic) || w.len() > 12 {
                scratch.clear();
                break;
            }
            if d > 0 {
                scratch.push(' ');
            }
            match w {
                _ if w.eq_ignore_ascii_case("dlrs") => scratch.push_str("dollars"),
                _ if w.eq_ignore_ascii_case("dlr") => scratch.push_str("dollar"),
                _ => scratch.push_str(w),
            }
        }
        if let Some(iso) = (!scratch.is_empty()).then(|| currency(scratch)).flatten() {
            return Some((iso, 1.0, k + n));
        }
    }
    // `Saudi riyals`: a capitalised adjective before a currency word that names one currency.
    let (adj, cur) = (sc.s(k), sc.s(k + 1));
    if adj.starts_with(char::is_uppercase) && adj.chars().all(char::is_alphabetic) && is_in(UNAMBIGUOUS_CURRENCIES, cur) {
        return currency(cur).map(|iso| (iso, 1.0, k + 2));
    }
    None
}

/// A price unit after money at token `k`: `a barrel`, `per share` → ("per barrel", index after).
pub(crate) fn per_unit(sc: &Sc, k: usize) -> Option<(String, usize)> {
    let (w, n) = (sc.s(k), sc.s(k + 1));
    let listed = is_in(PRICE_NOUNS, n);
    let ok = if w.eq_ignore_ascii_case("per") {
        listed || super::words::np_word(n) && n.starts_with(char::is_lowercase)
    } else {
        (w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("an")) && listed
    } && !is_in(AGO, sc.s(k + 2));
    ok.then(|| (format!("per {}", n.to_lowercase()), k + 2))
}

/// Sets `usd` on money amounts: stated equivalents, then USD values, then FX notes.
/// `pairs` holds (primary, parenthetical) index pairs into `out`.
pub(crate) fn dollars(out: &mut [Amount], pairs: &[(usize, usize)], fx: &[FxNote]) {
    for a in out.iter_mut().filter(|a| a.kind == AmountKind::Money) {
        a.usd = match a.currency {
            Some("USD") => Some(a.value),
            Some(c) => fx.iter().find_map(|n| match (n.base, n.quote) {
                ("USD", q) if q == c => Some(a.value / n.rate),
                (b, "USD") if b == c => Some(a.value * n.rate),
                _ => None,
            }),
            None => None,
        };
    }
    // A group is a primary amount and its equivalents; its US-dollar member prices the others.
    let mut g = 0;
    while g < pairs.len() {
        let p = pairs[g].0;
        let n = pairs[g..].iter().take_while(|x| x.0 == p).count();
        let members = std::iter::once(p).chain(pairs[g..g + n].iter().map(|x| x.1));
        let dollar = members.clone().find_map(|m| out.get(m).filter(|a| a.currency == Some("USD")).map(|a| a.value));
        if let Some(v) = dollar {
            for m in members {
                if let Some(a) = out.get_mut(m).filter(|a| a.currency != Some("USD")) {
                    a.usd = Some(v);
                }
            }
        }
        g += n;
    }
}
