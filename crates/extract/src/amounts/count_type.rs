//! What happened to what a count counted, in GDELT's count types (`KILL`, `WOUND`, `ARREST`,
//! `KIDNAP`, `PROTEST`, `SEIZE`, `AFFECT`): for the GKG export's COUNTS columns.
//!
//! In: the article text, a count's byte span and its counted object. Out: a type, or `None`.
//! Rule (a rule of thumb): the type of a noun of [`COUNT_WORDS`] in the object (`56,000
//! deaths`), else of the nearest verb of [`COUNT_WORDS`] among the [`AFTER_WORDS`] words after
//! the count and the [`BEFORE_WORDS`] words before it (`300 fans protested`, `killed more than
//! 30,000`), never across a sentence end (`.`, `!`, `?` before a space), a `;` or a line break;
//! nothing when no word says what was counted (such counts are left out, as GDELT's counts all
//! have a type). Words are looked for within 60 characters before and 100 after the count.

use crate::span::Span;

/// GDELT count types, the verbs (and participles) that say what happened to what was counted,
/// and the nouns that say it as the counted object (`56,000 deaths`).
pub const COUNT_WORDS: &[(&str, &[&str], &[&str])] = &[
    ("KILL", &["killed", "killing", "kill", "dead", "died", "die", "slain", "murdered", "perished"], &["deaths", "dead", "fatalities"]),
    ("WOUND", &["wounded", "wounding", "injured", "injuring", "hurt"], &["injuries", "wounded", "injured"]),
    ("ARREST", &["arrested", "arresting", "detained", "detaining", "jailed", "rounded"], &["arrests", "detainees"]),
    ("KIDNAP", &["kidnapped", "kidnapping", "abducted", "abducting"], &["hostages", "abductees"]),
    ("PROTEST", &["protested", "protesting", "marched", "rallied", "demonstrated"], &["protesters", "protestors", "demonstrators", "marchers"]),
    ("SEIZE", &["seized", "seizing", "confiscated"], &[]),
    ("AFFECT", &["displaced", "evacuated", "stranded", "fled", "homeless"], &["refugees", "evacuees"]),
];

/// Words after a count that may say what happened to it, and words before it.
pub const AFTER_WORDS: usize = 5;
pub const BEFORE_WORDS: usize = 3;

/// The GDELT count type of the count at byte span `span` of `text` whose counted object is
/// `object` (see the module doc).
pub fn count_type(text: &str, span: Span, object: Option<&str>) -> Option<&'static str> {
    let (s, e) = (span.start, span.end);
    if s > e || text.get(s..e).is_none() {
        return None;
    }
    let words = |s: &str| -> Vec<String> { s.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect() };
    for w in &words(object.unwrap_or("")) {
        if let Some((k, _, _)) = COUNT_WORDS.iter().find(|(_, _, nouns)| nouns.contains(&w.as_str())) {
            return Some(k);
        }
    }
    let verb = |w: &str| COUNT_WORDS.iter().find(|(_, verbs, _)| verbs.contains(&w)).map(|(k, _, _)| *k);
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n' | ';');
    // 60 characters before the count, 100 after it.
    let from = text.get(..s).unwrap_or("").char_indices().rev().nth(59).map_or(0, |(i, _)| i);
    let to = text.get(e..).unwrap_or("").char_indices().nth(100).map_or(text.len(), |(i, _)| e + i);
    let before = text.get(from..s).unwrap_or("");
    let before = before.rfind(is_end).and_then(|i| before.get(i + 1..)).unwrap_or(before);
    let after = text.get(e..to).unwrap_or("");
    // A sentence end: `.`, `!` or `?` before a space or the end (not the point of `2.5`).
    let cut = after
        .char_indices()
        .find(|&(i, c)| c == '\n' || c == ';' || (is_end(c) && after.get(i + 1..).is_none_or(|r| r.is_empty() || r.starts_with(char::is_whitespace))))
        .map_or(after.len(), |(i, _)| i);
    let after = words(after.get(..cut).unwrap_or(after));
    let mut before = words(before);
    before.reverse();
    let fwd = after.iter().take(AFTER_WORDS).position(|w| verb(w).is_some());
    let bwd = before.iter().take(BEFORE_WORDS).position(|w| verb(w).is_some());
    match (fwd, bwd) {
        (Some(i), Some(j)) if j < i => verb(&before[j]),
        (Some(i), _) => verb(&after[i]),
        (None, Some(j)) => verb(&before[j]),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, what: &str) -> Span {
        let s = text.find(what).unwrap_or(0);
        Span::new(s, s + what.len())
    }

    #[test]
    fn types_by_object_then_nearby_verbs() {
        let t = "Five people were killed in Kyiv. Police detained three. 56,000 deaths were counted.";
        assert_eq!(count_type(t, at(t, "Five people"), Some("people")), Some("KILL"));
        assert_eq!(count_type(t, at(t, "three"), None), Some("ARREST"));
        assert_eq!(count_type(t, at(t, "56,000 deaths"), Some("deaths")), Some("KILL"));
        let t = "Some 300 fans protested. The deal is worth 2.5 billion. €7 met.";
        assert_eq!(count_type(t, at(t, "300 fans"), Some("fans")), Some("PROTEST"));
        assert_eq!(count_type(t, at(t, "2.5 billion"), None), None);
        assert_eq!(count_type(t, Span::new(5, 2), None), None);
    }
}
