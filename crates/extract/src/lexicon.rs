//! Calendar and number words of English: the one list of each, shared by the stages and by the
//! date parser of [`crate::dates::parse_date`].
//!
//! In: nothing. Out: the word lists (lower case) and case-insensitive look-ups over them.
//! Rule: one list per kind of word. A stage that wants a subset or a stricter form says so
//! where it uses the list (the entity stage never drops `may`, a name and a modal as much as a
//! month; the dates stage wants months capitalised; the tokenizer knows `Jan.` but not `May.`
//! as an abbreviation).

/// Month names, January first: the month's number is the index + 1.
pub const MONTHS: [&str; 12] = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
];

/// Weekday names, Monday first (ISO 8601 order).
pub const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// `zero` … `nineteen`: the value of a word is its index.
pub const NUMBERS: [&str; 20] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
];

/// `twenty` … `ninety`: the value of a word is 20 + 10 × its index.
pub const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// The abbreviation of a name: its first three letters (`jan`, `sep`, `mon`).
fn abbreviation(name: &'static str) -> &'static str {
    name.get(..3).unwrap_or(name)
}

/// The number (1–12) of a month named in full, any case (`September`, `MAY`).
pub fn month(w: &str) -> Option<i8> {
    MONTHS.iter().position(|m| m.eq_ignore_ascii_case(w)).map(|i| i as i8 + 1)
}

/// The number (1–12) of a month's three-letter abbreviation (`Jan`, `SEP`), or of `Sept`.
pub fn month_abbreviation(w: &str) -> Option<i8> {
    if w.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    MONTHS.iter().position(|m| abbreviation(m).eq_ignore_ascii_case(w)).map(|i| i as i8 + 1)
}

/// The index (0 = Monday) of a weekday named in full, any case.
pub fn weekday(w: &str) -> Option<usize> {
    WEEKDAYS.iter().position(|d| d.eq_ignore_ascii_case(w))
}

/// A weekday or a month named in full, any case.
pub fn is_weekday_or_month(w: &str) -> bool {
    weekday(w).is_some() || month(w).is_some()
}

/// A calendar word, full or abbreviated: a weekday (`Monday`, `Mon`), a month (`March`,
/// `Mar`, `Sept`), any case.
pub fn is_calendar_word(w: &str) -> bool {
    is_weekday_or_month(w) || month_abbreviation(w).is_some() || WEEKDAYS.iter().any(|d| abbreviation(d).eq_ignore_ascii_case(w))
}

/// The value of a number word below 20 (`three`, `Eleven`).
pub fn number(w: &str) -> Option<u32> {
    NUMBERS.iter().position(|n| n.eq_ignore_ascii_case(w)).map(|i| i as u32)
}

/// The value of a tens word (`forty` → 40).
pub fn tens(w: &str) -> Option<u32> {
    TENS.iter().position(|t| t.eq_ignore_ascii_case(w)).map(|i| 20 + 10 * i as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_ups() {
        assert_eq!(month("SEPTEMBER"), Some(9));
        assert_eq!(month("Sept"), None);
        assert_eq!(month_abbreviation("Sept"), Some(9));
        assert_eq!(month_abbreviation("dec"), Some(12));
        assert_eq!(month_abbreviation("Dece"), None);
        assert_eq!(weekday("thursday"), Some(3));
        assert!(is_calendar_word("wed") && is_calendar_word("May") && is_calendar_word("sept") && !is_calendar_word("week"));
        assert_eq!((number("Eleven"), tens("ninety"), number("twenty")), (Some(11), Some(90), None));
    }
}
