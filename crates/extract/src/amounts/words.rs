//! Word lists of the amounts stage: qualifiers, units, currencies beyond the structure table,
//! and the words that end a counted noun phrase. All comparisons are ASCII case-insensitive.

use crate::lexicon;

/// Qualifier phrases before an amount, as token sequences; the longest match wins.
pub(crate) const QUALIFIERS: &[&[&str]] = &[
    &["more", "than"], &["over"], &["at", "least"], &["about"], &["around"], &["nearly"], &["almost"],
    &["up", "to"], &["some"], &["roughly"], &["approximately"], &["approx."], &["fewer", "than"], &["less", "than"],
    &["as", "many", "as"], &["as", "much", "as"], &["as", "few", "as"], &["as", "little", "as"], &["just", "over"],
    &["just", "under"], &["well", "over"], &["close", "to"], &["upwards", "of"], &["in", "excess", "of"],
    &["at", "most"], &["under"], &["below"], &["above"], &["an", "estimated"], &["estimated"], &["only"],
    &["no", "more", "than"], &["no", "fewer", "than"], &["no", "less", "than"], &["exactly"], &["barely"],
    &["just"],
];

/// Currency words the structure table lacks (Reuters-21578 abbreviations, pre-euro currencies,
/// sub-units): (token sequence, ISO 4217, factor to the main unit).
pub(crate) const EXTRA_CURRENCIES: &[(&[&str], &str, f64)] = &[
    (&["stg"], "GBP", 1.0),
    (&["cents"], "USD", 0.01),
    (&["cent"], "USD", 0.01),
    (&["cts"], "USD", 0.01),
    (&["ct"], "USD", 0.01),
    (&["euro", "cents"], "EUR", 0.01),
    (&["pence"], "GBP", 0.01),
    (&["marks"], "DEM", 1.0),
    (&["mark"], "DEM", 1.0),
    (&["german", "marks"], "DEM", 1.0),
    (&["deutsche", "marks"], "DEM", 1.0),
    (&["guilders"], "NLG", 1.0),
    (&["lire"], "ITL", 1.0),
    (&["pesetas"], "ESP", 1.0),
    (&["french", "francs"], "FRF", 1.0),
    (&["belgian", "francs"], "BEF", 1.0),
    (&["swiss", "francs"], "CHF", 1.0),
    (&["schillings"], "ATS", 1.0),
    (&["ecus"], "XEU", 1.0),
    (&["ecu"], "XEU", 1.0),
    (&["european", "currency", "units"], "XEU", 1.0),
    (&["bolivars"], "VEB", 1.0),
    (&["escudos"], "PTE", 1.0),
    (&["drachmas"], "GRD", 1.0),
    (&["irish", "punts"], "IEP", 1.0),
    (&["punts"], "IEP", 1.0),
    (&["n.z.", "dlrs"], "NZD", 1.0),
    (&["n.z.", "dollars"], "NZD", 1.0),
    (&["h.k.", "dlrs"], "HKD", 1.0),
    (&["h.k.", "dollars"], "HKD", 1.0),
];

/// Currency words that name one currency whatever adjective precedes them (`Saudi riyals`).
pub(crate) const UNAMBIGUOUS_CURRENCIES: &[&str] = &[
    "riyals", "riyal", "dirhams", "dirham", "yen", "yuan", "ringgit", "baht", "rupiah", "naira", "shekels", "shekel",
    "zlotys", "zloty", "forints", "forint", "roubles", "rouble", "rubles", "ruble", "hryvnias", "hryvnia", "euros",
    "euro", "reais",
];

/// Words after a rate unit that make it a time reference instead (`14 mln bushels a week ago`).
pub(crate) const AGO: &[&str] = &["ago", "earlier", "before", "later", "previously", "prior"];

/// Quantity units after a number (lower case; plural forms listed).
pub(crate) const UNITS: &[&str] = &[
    "tonnes", "tonne", "tons", "ton", "barrels", "barrel", "bbl", "bpd", "b/d", "km", "kilometres", "kilometers",
    "kilometre", "kilometer", "miles", "mile", "metres", "meters", "metre", "meter", "feet", "foot", "ft", "inches",
    "inch", "cm", "mm", "kg", "kilograms", "kilogram", "kilos", "kilo", "grams", "gram", "lbs", "lb", "pounds", "ounces",
    "ounce", "oz", "megawatts", "megawatt", "mw", "gigawatts", "gigawatt", "gw", "kilowatts", "kilowatt", "kw",
    "kwh", "mwh", "gwh", "twh", "acres", "acre", "hectares", "hectare", "litres", "liters", "litre", "liter",
    "gallons", "gallon", "bushels", "bushel", "bales", "mph", "knots", "degrees", "carats", "megatons", "kilotons",
    "points", "point", "head", "bps", "teu", "sq", "mcf", "bcf", "tcf", "mmbtu", "btu", "kph",
];

/// Words that make a unit of two tokens with the unit after them (`metric tons`, `cubic feet`).
pub(crate) const UNIT_MODIFIERS: &[&str] =
    &["metric", "cubic", "square", "sq", "short", "long", "troy", "nautical", "basis", "percentage", "light"];

/// Time words after `per`/`a` that make a rate unit (`barrels per day`).
pub(crate) const RATE_TIMES: &[&str] = &["day", "year", "hour", "month", "week", "annum", "second", "minute"];

/// Nouns that `a`/`an` turn into a price unit after money (`$80 a barrel`); after `per` any noun.
pub(crate) const PRICE_NOUNS: &[&str] = &[
    "share", "barrel", "tonne", "ton", "ounce", "gallon", "litre", "liter", "hour", "day", "week", "month", "year",
    "head", "person", "kilo", "kilogram", "kg", "pound", "lb", "bushel", "unit", "piece", "ticket", "night", "dose",
    "bag", "box", "kwh", "mwh", "seat", "bottle", "meal", "pack", "game", "episode", "visit", "mile", "acre",
];

/// Counted nouns that are durations or frequencies: a count of them is no amount.
pub(crate) const TIME_WORDS: &[&str] = &[
    "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes",
    "second", "seconds", "decade", "decades", "century", "centuries", "times", "time", "quarter", "quarters",
    "o'clock", "nights", "night", "weekend", "weekends", "term", "terms", "period", "half", "season", "seasons",
    "yr", "yrs", "mths", "mth", "wks", "am", "pm", "yesterday", "today", "tomorrow", "tonight", "morning",
    "afternoon", "evening", "overnight",
];

/// Words after a number that mark a time of day.
pub(crate) const TIME_MARKERS: &[&str] =
    &["a.m.", "p.m.", "am", "pm", "gmt", "est", "edt", "bst", "cet", "cest", "et", "pt", "pst", "pdt", "utc", "hrs", "local"];

/// Words that end (or never start) the noun phrase of a count.
const STOP: &[&str] = &[
    // determiners, pronouns
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my", "your", "he",
    "she", "it", "they", "we", "i", "you", "them", "him", "us", "me", "one", "ones", "who", "whom", "whose",
    "which", "what", "there", "here", "each", "all", "both", "other", "others", "another", "such", "any", "none",
    // prepositions, conjunctions
    "of", "in", "on", "at", "to", "for", "from", "with", "by", "about", "over", "under", "into", "onto", "against",
    "between", "during", "after", "before", "since", "until", "than", "as", "per", "via", "across", "through",
    "including", "near", "around", "among", "within", "without", "toward", "towards", "behind", "amid", "and", "or",
    "but", "nor", "while", "when", "where", "if", "because", "so", "vs", "vs.", "versus", "v", "v.", "plus", "minus",
    "up", "down", "out", "off", "away", "back", "ago", "later", "earlier", "apiece", "each", "like", "unlike",
    "compared", "following", "above", "below", "beyond", "upon", "despite", "except", "whether", "though",
    // verbs and auxiliaries
    "is", "are", "was", "were", "be", "been", "being", "am", "have", "has", "had", "do", "does", "did", "will",
    "would", "shall", "should", "can", "could", "may", "might", "must", "said", "says", "say", "told", "tell",
    "according", "went", "came", "got", "get", "made", "make", "took", "take", "died", "die", "remain", "remained",
    "remains", "fell", "fall", "falls", "rose", "rise", "rises", "gained", "lost", "lose", "left", "won", "win",
    "wins", "beat", "scored", "score", "became", "become", "becomes", "saw", "see", "sees", "seen", "set", "put",
    "let", "gave", "give", "gives", "given", "expected", "reported", "added",
    "used", "use", "uses", "included", "includes", "include", "received", "paid", "pay", "pays",
    "cost", "costs", "worth", "totalled", "totaled", "total", "totals", "amounted", "reached", "reach", "hit",
    "need", "needs", "needed", "want", "wants", "seemed", "seems", "appear", "appeared", "went",
    // adverbs and quantifiers
    "more", "less", "fewer", "most", "least", "much", "many", "few", "not", "no", "also", "only", "just", "still",
    "yet", "even", "already", "again", "then", "now", "too", "very", "so", "percent", "pct", "cent", "times",
    "last", "next", "first", "second", "third", "fourth", "fifth", "previous", "same", "new", "old", "ended",
    "ending", "year-on-year", "year-earlier", "respectively", "overall", "alone", "together", "instead", "either",
    "neither", "whereas", "thus", "however", "therefore", "nil", "unch", "thirds", "third", "quarters", "halves",
    "half", "fifths", "tenths",
];

/// Case-insensitive membership of an ASCII word list.
pub(crate) fn is_in(list: &[&str], w: &str) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

pub(crate) fn is_month(w: &str) -> bool {
    let w = w.strip_suffix('.').unwrap_or(w);
    // `May` and `March` only when capitalised (the verbs are not months).
    w.starts_with(|c: char| c.is_ascii_uppercase()) && (lexicon::month(w).is_some() || lexicon::month_abbreviation(w).is_some())
}

/// Whether `w` may be a word of a counted noun phrase.
pub(crate) fn np_word(w: &str) -> bool {
    let letters = w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’');
    letters
        && w.starts_with(char::is_alphabetic)
        && !w.ends_with(['-', '\'', '’'])
        && !is_in(STOP, w)
        && lexicon::weekday(w).is_none()
        && !is_month(w)
        && super::number::word(w).is_none()
        && super::number::scale(w).is_none()
        && !(w.len() > 4 && w.ends_with("ly"))
}
