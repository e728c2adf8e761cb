//! `dateline export --format gkg`: the store as GDELT Global Knowledge Graph 2.1 rows, so that
//! tools built for GDELT's GKG files read our output.
//!
//! In: a [`Store`] (every stored article with its output record, in storage order). Out: one
//! tab-separated line per article with the 27 columns of the GKG 2.1 codebook, no header (GKG
//! files have none), no quoting; returns the number of rows.
//! Rule: a plain mapping of the output record, filled with empty strings where we have nothing
//! (images, embeds, translation info, ADM2 codes). Every value is sanitised so that a row never
//! breaks: tabs, line breaks and other control characters become spaces everywhere, and the
//! separators of the field a value sits in (`;` between blocks, `#`, `,` or `|` between the
//! fields of a block) become spaces inside the value — one character for one, so lengths are
//! kept. Offsets are the record's: Unicode code points into the article text (GDELT's are
//! "approximate character offsets" into its own copy of the document).
//!
//! | column | from |
//! |---|---|
//! | GKGRECORDID | `V2.1DATE` (or `00000000000000`) + `-` + row number (1, 2, … in export order) |
//! | V2.1DATE | `published` as `YYYYMMDDHHMMSS` (time `000000` when only a date is known); `0` when unknown (the codebook's "not known") |
//! | V2SOURCECOLLECTIONIDENTIFIER | `1` (WEB) with a URL, else `2` (CITATIONONLY) |
//! | V2SOURCECOMMONNAME | the URL's host without `www.`, else `outlet`, else the dateline's agency |
//! | V2DOCUMENTIDENTIFIER | the URL, else the article id |
//! | V1COUNTS / V2.1COUNTS | `count` amounts whose words nearby say what happened (KILL, WOUND, ARREST, KIDNAP, PROTEST, SEIZE, AFFECT; others are left out), located at the nearest geocoded place mention; V2.1 adds the offset |
//! | V1THEMES / V2ENHANCEDTHEMES | `themes` / `theme_spans` (one `THEME,offset` per trigger), names mapped by [`gdelt_theme`] |
//! | V1LOCATIONS / V2ENHANCEDLOCATIONS | geocoded PLACE entities (one block each) / their mentions (one block each, ADM2 empty, offset last) |
//! | V1PERSONS / V2ENHANCEDPERSONS | PERSON entities that are not credits: lower-cased names / `Name,offset` per mention |
//! | V1ORGANIZATIONS / V2ENHANCEDORGANIZATIONS | ORG entities, the same way |
//! | V1.5TONE | `tone.score, positive, negative, polarity, 0, 0, words` (the two reference densities are not computed) |
//! | V2.1ENHANCEDDATES | resolved dates: `resolution#month#day#year#offset` (3 day or week, 2 month with day 0, 1 year with month and day 0) |
//! | V2GCAM | `wc:<words>` (word count only) |
//! | V2.1QUOTATIONS | direct and partial quotes: `offset|length|verb|quote`, blocks separated by `#` (indirect speech is not a quotation) |
//! | V2.1ALLNAMES | every mention of every entity: `Name,offset` |
//! | V2.1AMOUNTS | every amount: `value,object,offset` (object: its object, else currency, else unit) |
//! | V2EXTRASXML | `<PAGE_TITLE>headline</PAGE_TITLE>` (XML-escaped) |
//! | the other columns | empty |
//!
//! Locations: type 1 country, 2 US state, 3 US city, 4 world city, 5 world state (an ADM1
//! outside the US). Country codes are FIPS 10-4 as in GDELT (mapped from our ISO 3166 codes with
//! GeoNames' country table; an ISO code without a FIPS code is kept as it is). ADM1 is FIPS
//! country + state for US states, the FIPS country code otherwise (we do not know the ADM1 of a
//! city). FeatureID is the FIPS code for a country, the state code for a US state and the
//! GeoNames id otherwise (GDELT uses GNS/GNIS ids there: also numeric, but another gazetteer).
//! Full names are "Name" for a country and "Name, Country" otherwise.

use anyhow::Result;
use dateline_store::{Store, StoredArticle};
use serde::Deserialize;
use std::fmt::Write as _;
use std::io::Write;

/// The 27 column names of the GKG 2.1 codebook, in order.
pub const COLUMNS: [&str; 27] = [
    "GKGRECORDID",
    "V2.1DATE",
    "V2SOURCECOLLECTIONIDENTIFIER",
    "V2SOURCECOMMONNAME",
    "V2DOCUMENTIDENTIFIER",
    "V1COUNTS",
    "V2.1COUNTS",
    "V1THEMES",
    "V2ENHANCEDTHEMES",
    "V1LOCATIONS",
    "V2ENHANCEDLOCATIONS",
    "V1PERSONS",
    "V2ENHANCEDPERSONS",
    "V1ORGANIZATIONS",
    "V2ENHANCEDORGANIZATIONS",
    "V1.5TONE",
    "V2.1ENHANCEDDATES",
    "V2GCAM",
    "V2.1SHARINGIMAGE",
    "V2.1RELATEDIMAGES",
    "V2.1SOCIALIMAGEEMBEDS",
    "V2.1SOCIALVIDEOEMBEDS",
    "V2.1QUOTATIONS",
    "V2.1ALLNAMES",
    "V2.1AMOUNTS",
    "V2.1TRANSLATIONINFO",
    "V2EXTRASXML",
];

/// Writes every article of the store as one GKG 2.1 row, in storage order. Returns the rows.
pub fn write_gkg(store: &Store, w: &mut dyn Write) -> Result<u64> {
    let mut stmt = store
        .connection()
        .prepare("SELECT id, text, published, url, outlet, title, record FROM articles ORDER BY rowid")?;
    let mut rows = stmt.query([])?;
    let mut n = 0u64;
    let mut bad = 0u64;
    while let Some(r) = rows.next()? {
        let a = StoredArticle {
            id: r.get(0)?,
            text: r.get(1)?,
            published: r.get(2)?,
            url: r.get(3)?,
            outlet: r.get(4)?,
            title: r.get(5)?,
            record_json: r.get(6)?,
            headline: None,
            copy_of: None,
            copies: Vec::new(),
        };
        n += 1;
        let (line, ok) = row(n, &a);
        if !ok {
            bad += 1;
        }
        w.write_all(line.as_bytes())?;
    }
    if bad > 0 {
        eprintln!("dateline export: {bad} stored records could not be read; their rows carry only the article's metadata");
    }
    Ok(n)
}

// ---------------------------------------------------------------------------------------------
// The parts of the output record we read.

#[derive(Deserialize, Default)]
#[serde(default)]
struct Rec {
    published: Option<String>,
    headline: Option<Headline>,
    dateline: Option<Dateline>,
    entities: Vec<Ent>,
    quotes: Vec<Quote>,
    amounts: Vec<Amount>,
    dates: Vec<DateRec>,
    tone: Option<Tone>,
    themes: Vec<String>,
    theme_spans: Vec<ThemeSpans>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Headline {
    text: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Dateline {
    agency: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Ent {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    credit: bool,
    mentions: Vec<Mention>,
    geo: Option<Geo>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Mention {
    span: [usize; 2],
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Geo {
    lat: f64,
    lon: f64,
    country: String,
    geonames_id: u64,
    precision: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Quote {
    kind: String,
    text: String,
    span: [usize; 2],
    cue: Option<Cue>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Cue {
    text: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Amount {
    kind: String,
    span: [usize; 2],
    value: Option<f64>,
    currency: Option<String>,
    unit: Option<String>,
    object: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DateRec {
    span: [usize; 2],
    value: Option<String>,
    precision: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Tone {
    score: f64,
    positive: f64,
    negative: f64,
    polarity: f64,
    words: u64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ThemeSpans {
    theme: String,
    spans: Vec<[usize; 2]>,
}

// ---------------------------------------------------------------------------------------------
// One row.

/// The GKG line (with its `\n`) of the `n`-th article; `false` when its record could not be read
/// (the row then carries only the article's metadata).
pub fn row(n: u64, a: &StoredArticle) -> (String, bool) {
    let (rec, ok) = match serde_json::from_str::<Rec>(&a.record_json) {
        Ok(r) => (r, true),
        Err(_) => (Rec::default(), false),
    };
    let text = Text::new(&a.text);
    let published = a.published.as_deref().or(rec.published.as_deref());
    let date = published.and_then(date14);
    let mut f: Vec<String> = vec![String::new(); COLUMNS.len()];

    f[0] = format!("{}-{n}", date.as_deref().unwrap_or("00000000000000"));
    f[1] = date.unwrap_or_else(|| "0".into());
    let url = a.url.as_deref().map(str::trim).filter(|u| !u.is_empty());
    f[2] = if url.is_some() { "1" } else { "2" }.into();
    let source = url
        .and_then(host)
        .or_else(|| a.outlet.clone().filter(|o| !o.trim().is_empty()))
        .or_else(|| rec.dateline.as_ref().and_then(|d| d.agency.clone()))
        .unwrap_or_default();
    f[3] = clean(&source, "");
    f[4] = clean(url.unwrap_or(&a.id), "");

    // Places: every geocoded PLACE entity, and every mention of one.
    let mut v1_locs: Vec<String> = Vec::new();
    let mut v2_locs: Vec<(usize, String)> = Vec::new();
    let mut pins: Vec<(usize, String)> = Vec::new(); // (offset, V1 location block) for counts
    for e in rec.entities.iter().filter(|e| e.ty == "PLACE") {
        let Some(g) = &e.geo else { continue };
        let loc = Location::of(&e.name, g);
        let v1 = loc.v1();
        if !v1_locs.contains(&v1) {
            v1_locs.push(v1.clone());
        }
        for m in &e.mentions {
            v2_locs.push((m.span[0], loc.v2(m.span[0])));
            pins.push((m.span[0], v1.clone()));
        }
    }
    v2_locs.sort_by_key(|x| x.0);
    f[9] = v1_locs.join(";");
    f[10] = join_sorted(v2_locs, ";");

    // Counts.
    let mut v1_counts: Vec<String> = Vec::new();
    let mut v21_counts: Vec<(usize, String)> = Vec::new();
    for am in rec.amounts.iter().filter(|a| a.kind == "count") {
        let Some(v) = am.value.filter(|v| v.is_finite() && *v >= 0.0) else { continue };
        let Some(kind) = count_type(&text, am) else { continue };
        let object = clean(am.object.as_deref().unwrap_or(""), ";#");
        let loc = pins
            .iter()
            .min_by_key(|(o, _)| o.abs_diff(am.span[0]))
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| "0######".into());
        let block = format!("{kind}#{}#{object}#{loc}", v.round() as u64);
        v21_counts.push((am.span[0], format!("{block}#{}", am.span[0])));
        if !v1_counts.contains(&block) {
            v1_counts.push(block);
        }
    }
    f[5] = v1_counts.join(";");
    f[6] = join_sorted(v21_counts, ";");

    // Themes.
    let mut v1_themes: Vec<String> = Vec::new();
    for t in &rec.themes {
        let g = theme_name(t);
        if !v1_themes.contains(&g) {
            v1_themes.push(g);
        }
    }
    f[7] = v1_themes.join(";");
    let mut v2_themes: Vec<(usize, String)> = Vec::new();
    for ts in &rec.theme_spans {
        let g = theme_name(&ts.theme);
        for s in &ts.spans {
            v2_themes.push((s[0], format!("{g},{}", s[0])));
        }
    }
    f[8] = join_sorted(v2_themes, ";");

    // People, organisations, all names.
    let names = |ty: &str| -> (String, String) {
        let mut v1: Vec<String> = Vec::new();
        let mut v2: Vec<(usize, String)> = Vec::new();
        for e in rec.entities.iter().filter(|e| e.ty == ty && !e.credit) {
            let name = clean(&e.name, ";,");
            if name.trim().is_empty() {
                continue;
            }
            let lower = name.to_lowercase();
            if !v1.contains(&lower) {
                v1.push(lower);
            }
            for m in &e.mentions {
                v2.push((m.span[0], format!("{name},{}", m.span[0])));
            }
        }
        (v1.join(";"), join_sorted(v2, ";"))
    };
    (f[11], f[12]) = names("PERSON");
    (f[13], f[14]) = names("ORG");
    let mut all: Vec<(usize, String)> = Vec::new();
    for e in &rec.entities {
        let name = clean(&e.name, ";,");
        if name.trim().is_empty() {
            continue;
        }
        for m in &e.mentions {
            all.push((m.span[0], format!("{name},{}", m.span[0])));
        }
    }
    f[23] = join_sorted(all, ";");

    // Tone and word count.
    let t = rec.tone.unwrap_or_default();
    f[15] = format!("{},{},{},{},0,0,{}", num(t.score), num(t.positive), num(t.negative), num(t.polarity), t.words);
    if t.words > 0 {
        f[17] = format!("wc:{}", t.words);
    }

    // Dates.
    let mut dates: Vec<(usize, String)> = Vec::new();
    for d in &rec.dates {
        let Some((y, m, day)) = d.value.as_deref().and_then(ymd) else { continue };
        let block = match d.precision.as_str() {
            "year" => format!("1#0#0#{y}"),
            "month" => format!("2#{m}#0#{y}"),
            _ => format!("3#{m}#{day}#{y}"),
        };
        dates.push((d.span[0], format!("{block}#{}", d.span[0])));
    }
    f[16] = join_sorted(dates, ";");

    // Quotations: direct and partial quotes, the quoted words as they stand in the text.
    let mut quotes: Vec<(usize, String)> = Vec::new();
    for q in rec.quotes.iter().filter(|q| q.kind == "direct" || q.kind == "partial") {
        let [s, e] = q.span;
        let words = text.slice(s, e).unwrap_or(&q.text);
        if words.trim().is_empty() {
            continue;
        }
        let verb = clean(q.cue.as_ref().map(|c| c.text.as_str()).unwrap_or(""), "#|");
        quotes.push((s, format!("{s}|{}|{verb}|{}", words.chars().count(), clean(words, "#|"))));
    }
    f[22] = join_sorted(quotes, "#");

    // Amounts.
    let mut amounts: Vec<(usize, String)> = Vec::new();
    for am in &rec.amounts {
        let Some(v) = am.value.filter(|v| v.is_finite()) else { continue };
        let object = am.object.as_deref().or(am.currency.as_deref()).or(am.unit.as_deref()).unwrap_or("");
        amounts.push((am.span[0], format!("{},{},{}", num(v), clean(object, ";,"), am.span[0])));
    }
    f[24] = join_sorted(amounts, ";");

    // Extras: the page title.
    let title = rec.headline.as_ref().map(|h| h.text.as_str()).or(a.title.as_deref()).unwrap_or("");
    if !title.trim().is_empty() {
        f[26] = format!("<PAGE_TITLE>{}</PAGE_TITLE>", xml_escape(&clean(title, "")));
    }

    let mut line = String::with_capacity(f.iter().map(|s| s.len() + 1).sum());
    for (i, v) in f.iter().enumerate() {
        if i > 0 {
            line.push('\t');
        }
        // Every field is built from cleaned parts; this is the last guard for the row.
        line.extend(v.chars().map(|c| if c == '\t' || c == '\n' || c == '\r' { ' ' } else { c }));
    }
    line.push('\n');
    (line, ok)
}

/// `value` with control characters and the characters of `seps` replaced by spaces (one for
/// one, so code-point lengths are kept).
pub fn clean(value: &str, seps: &str) -> String {
    value.chars().map(|c| if c.is_control() || seps.contains(c) { ' ' } else { c }).collect()
}

/// Blocks in offset order (stable: equal offsets keep their order), joined by `sep`.
fn join_sorted(mut blocks: Vec<(usize, String)>, sep: &str) -> String {
    blocks.sort_by_key(|b| b.0);
    let parts: Vec<String> = blocks.into_iter().map(|b| b.1).collect();
    parts.join(sep)
}

/// A number as GDELT writes it: no exponent, no trailing `.0`.
fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    format!("{x}")
}

/// `YYYYMMDDHHMMSS` of a `YYYY-MM-DD` date or an RFC 3339 date-time (`2023-09-28T14:05:00Z`:
/// the time as written, no zone conversion); time `000000` when only a date is given.
pub fn date14(s: &str) -> Option<String> {
    let s = s.trim();
    let date: jiff::civil::Date = s.get(..10)?.parse().ok()?;
    let time = match s.as_bytes().get(10) {
        Some(b'T' | b't' | b' ') => s.get(11..19).and_then(|t| t.parse::<jiff::civil::Time>().ok()),
        _ => None,
    };
    Some(format!("{}{}", date.strftime("%Y%m%d"), time.unwrap_or(jiff::civil::Time::midnight()).strftime("%H%M%S")))
}

/// (year, month, day) of a `YYYY-MM-DD` date.
fn ymd(s: &str) -> Option<(i16, i8, i8)> {
    if s.len() != 10 {
        return None;
    }
    let d: jiff::civil::Date = s.parse().ok()?;
    Some((d.year(), d.month(), d.day()))
}

/// The host of a URL, without `www.` (`https://www.reuters.com/world/…` → `reuters.com`).
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let h = authority.split(':').next()?.trim().to_ascii_lowercase();
    let h = h.strip_prefix("www.").map(str::to_string).unwrap_or(h);
    (!h.is_empty()).then_some(h)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Our theme names → the GDELT GKG theme of the same meaning (from GDELT's category list) where
/// there is one; our own name otherwise (ECONOMY, ENERGY, SPORT, TECHNOLOGY, ENTERTAINMENT, and
/// those GDELT spells as we do: AGRICULTURE, CORRUPTION, EDUCATION, FOOD_SECURITY, PROTEST,
/// SANCTIONS).
pub fn gdelt_theme(ours: &str) -> &str {
    match ours {
        "ARMED_CONFLICT" => "ARMEDCONFLICT",
        "CLIMATE" => "ENV_CLIMATECHANGE",
        "CRIME" => "SOC_GENERALCRIME",
        "DIPLOMACY" => "SOC_DIPLOMCOOP",
        "DISASTER" => "NATURAL_DISASTER",
        "ELECTIONS" => "ELECTION",
        "GOVERNMENT" => "GENERAL_GOVERNMENT",
        "HEALTH" => "GENERAL_HEALTH",
        "HUMAN_RIGHTS" => "SELF_IDENTIFIED_HUMAN_RIGHTS",
        "MIGRATION" => "IMMIGRATION",
        "MILITARY_AID" => "MILITARY_COOPERATION",
        "NUCLEAR" => "WMD",
        "TERRORISM" => "TERROR",
        other => other,
    }
}

/// A theme name fit for a GKG field: mapped, upper case, `[A-Z0-9_]` only.
fn theme_name(ours: &str) -> String {
    gdelt_theme(ours).chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect()
}

// ---------------------------------------------------------------------------------------------
// Text by code points.

/// The article text with the byte offset of every code point, for code-point spans.
struct Text<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Text<'a> {
    fn new(text: &'a str) -> Text<'a> {
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        Text { text, starts }
    }

    fn chars(&self) -> usize {
        self.starts.len() - 1
    }

    /// Code points `[s, e)`, if in range.
    fn slice(&self, s: usize, e: usize) -> Option<&'a str> {
        if s > e {
            return None;
        }
        self.text.get(*self.starts.get(s)?..*self.starts.get(e)?)
    }
}

// ---------------------------------------------------------------------------------------------
// Counts.

/// GDELT count types, the verbs (and participles) that say what happened to what was counted,
/// and the nouns that say it as the counted object (`56,000 deaths`).
const COUNT_WORDS: &[(&str, &[&str], &[&str])] = &[
    ("KILL", &["killed", "killing", "kill", "dead", "died", "die", "slain", "murdered", "perished"], &["deaths", "dead", "fatalities"]),
    ("WOUND", &["wounded", "wounding", "injured", "injuring", "hurt"], &["injuries", "wounded", "injured"]),
    ("ARREST", &["arrested", "arresting", "detained", "detaining", "jailed", "rounded"], &["arrests", "detainees"]),
    ("KIDNAP", &["kidnapped", "kidnapping", "abducted", "abducting"], &["hostages", "abductees"]),
    ("PROTEST", &["protested", "protesting", "marched", "rallied", "demonstrated"], &["protesters", "protestors", "demonstrators", "marchers"]),
    ("SEIZE", &["seized", "seizing", "confiscated"], &[]),
    ("AFFECT", &["displaced", "evacuated", "stranded", "fled", "homeless"], &["refugees", "evacuees"]),
];

/// Words after a count that may say what happened to it (`300 fans protested`, `23,000 people
/// have been killed`), and before it (`killed more than 30,000`, `detained three`).
const AFTER_WORDS: usize = 5;
const BEFORE_WORDS: usize = 3;

/// The GDELT count type of a count amount, by a rule of thumb: the kind of a noun of
/// [`COUNT_WORDS`] in its object, else of the nearest verb of [`COUNT_WORDS`] among the
/// [`AFTER_WORDS`] words after it and the [`BEFORE_WORDS`] words before it (never across a
/// sentence end or a line break); `None` when nothing says what was counted (such counts are left
/// out, as GDELT's counts all have a type).
fn count_type(text: &Text<'_>, am: &Amount) -> Option<&'static str> {
    let [s, e] = am.span;
    let n = text.chars();
    if s > e || e > n {
        return None;
    }
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    };
    let object = words(am.object.as_deref().unwrap_or(""));
    for w in &object {
        if let Some((k, _, _)) = COUNT_WORDS.iter().find(|(_, _, nouns)| nouns.contains(&w.as_str())) {
            return Some(k);
        }
    }
    let verb = |w: &str| COUNT_WORDS.iter().find(|(_, verbs, _)| verbs.contains(&w)).map(|(k, _, _)| *k);
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n' | ';');
    let before = text.slice(s.saturating_sub(60), s).unwrap_or("");
    let before = before.rfind(is_end).and_then(|i| before.get(i + 1..)).unwrap_or(before);
    let after = text.slice(e, (e + 100).min(n)).unwrap_or("");
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

// ---------------------------------------------------------------------------------------------
// Locations.

struct Location {
    ty: u8,
    full_name: String,
    country: String,
    adm1: String,
    lat: f64,
    lon: f64,
    feature: String,
}

impl Location {
    fn of(name: &str, g: &Geo) -> Location {
        let iso = g.country.trim().to_ascii_uppercase();
        let (fips, country_name) = match COUNTRIES.iter().find(|c| c.0 == iso) {
            Some(&(_, f, n)) if !f.is_empty() => (f.to_string(), n),
            Some(&(_, _, n)) => (iso.clone(), n),
            None => (iso.clone(), ""),
        };
        let name = name.trim();
        let with_country = |n: &str| if country_name.is_empty() || n == country_name { n.to_string() } else { format!("{n}, {country_name}") };
        let us = iso == "US";
        let (ty, full_name, adm1, feature) = match g.precision.as_str() {
            "country" => (1, if country_name.is_empty() { name.to_string() } else { country_name.to_string() }, fips.clone(), fips.clone()),
            "adm1" if us => match US_STATES.iter().find(|s| s.0 == g.geonames_id) {
                Some(&(_, code)) => (2, with_country(name), format!("US{code}"), code.to_string()),
                None => (2, with_country(name), fips.clone(), g.geonames_id.to_string()),
            },
            "adm1" => (5, with_country(name), fips.clone(), g.geonames_id.to_string()),
            _ if us => (3, with_country(name), fips.clone(), g.geonames_id.to_string()),
            _ => (4, with_country(name), fips.clone(), g.geonames_id.to_string()),
        };
        Location { ty, full_name: clean(&full_name, ";#"), country: clean(&fips, ";#"), adm1: clean(&adm1, ";#"), lat: g.lat, lon: g.lon, feature }
    }

    /// `Type#FullName#CountryCode#ADM1Code#Lat#Long#FeatureID`.
    fn v1(&self) -> String {
        format!("{}#{}#{}#{}#{}#{}#{}", self.ty, self.full_name, self.country, self.adm1, num(self.lat), num(self.lon), self.feature)
    }

    /// `Type#FullName#CountryCode#ADM1Code#ADM2Code#Lat#Long#FeatureID#Offset` (ADM2 empty).
    fn v2(&self, offset: usize) -> String {
        let mut s = String::new();
        let _ = write!(
            s,
            "{}#{}#{}#{}##{}#{}#{}#{offset}",
            self.ty,
            self.full_name,
            self.country,
            self.adm1,
            num(self.lat),
            num(self.lon),
            self.feature
        );
        s
    }
}

/// US states: GeoNames id → postal code (GDELT's ADM1 for US states), from GeoNames.
const US_STATES: &[(u64, &str)] = &[
    (4099753, "AR"), (4138106, "DC"), (4142224, "DE"), (4155751, "FL"), (4197000, "GA"), (4273857, "KS"),
    (4331987, "LA"), (4361885, "MD"), (4398678, "MO"), (4436296, "MS"), (4482348, "NC"), (4544379, "OK"),
    (4597040, "SC"), (4662168, "TN"), (4736286, "TX"), (4826850, "WV"), (4829764, "AL"), (4831725, "CT"),
    (4862182, "IA"), (4896861, "IL"), (4921868, "IN"), (4971068, "ME"), (5001836, "MI"), (5037779, "MN"),
    (5073708, "NE"), (5090174, "NH"), (5101760, "NJ"), (5128638, "NY"), (5165418, "OH"), (5224323, "RI"),
    (5242283, "VT"), (5279468, "WI"), (5332921, "CA"), (5417618, "CO"), (5481136, "NM"), (5509151, "NV"),
    (5549030, "UT"), (5551752, "AZ"), (5596512, "ID"), (5667009, "MT"), (5690763, "ND"), (5744337, "OR"),
    (5769223, "SD"), (5815135, "WA"), (5843591, "WY"), (5855797, "HI"), (5879092, "AK"), (6254925, "KY"),
    (6254926, "MA"), (6254927, "PA"), (6254928, "VA"),
];

/// Countries: ISO 3166-1 alpha-2, FIPS 10-4 (empty when GeoNames gives none), name — from
/// GeoNames' country table (countryInfo.txt).
const COUNTRIES: &[(&str, &str, &str)] = &[
    ("AD", "AN", "Andorra"), ("AE", "AE", "United Arab Emirates"), ("AF", "AF", "Afghanistan"),
    ("AG", "AC", "Antigua and Barbuda"), ("AI", "AV", "Anguilla"), ("AL", "AL", "Albania"), ("AM", "AM", "Armenia"),
    ("AN", "NT", "Netherlands Antilles"), ("AO", "AO", "Angola"), ("AQ", "AY", "Antarctica"),
    ("AR", "AR", "Argentina"), ("AS", "AQ", "American Samoa"), ("AT", "AU", "Austria"), ("AU", "AS", "Australia"),
    ("AW", "AA", "Aruba"), ("AX", "", "Aland Islands"), ("AZ", "AJ", "Azerbaijan"),
    ("BA", "BK", "Bosnia and Herzegovina"), ("BB", "BB", "Barbados"), ("BD", "BG", "Bangladesh"),
    ("BE", "BE", "Belgium"), ("BF", "UV", "Burkina Faso"), ("BG", "BU", "Bulgaria"), ("BH", "BA", "Bahrain"),
    ("BI", "BY", "Burundi"), ("BJ", "BN", "Benin"), ("BL", "TB", "Saint Barthelemy"), ("BM", "BD", "Bermuda"),
    ("BN", "BX", "Brunei"), ("BO", "BL", "Bolivia"), ("BQ", "", "Bonaire, Saint Eustatius and Saba "),
    ("BR", "BR", "Brazil"), ("BS", "BF", "Bahamas"), ("BT", "BT", "Bhutan"), ("BV", "BV", "Bouvet Island"),
    ("BW", "BC", "Botswana"), ("BY", "BO", "Belarus"), ("BZ", "BH", "Belize"), ("CA", "CA", "Canada"),
    ("CC", "CK", "Cocos Islands"), ("CD", "CG", "Democratic Republic of the Congo"),
    ("CF", "CT", "Central African Republic"), ("CG", "CF", "Republic of the Congo"), ("CH", "SZ", "Switzerland"),
    ("CI", "IV", "Ivory Coast"), ("CK", "CW", "Cook Islands"), ("CL", "CI", "Chile"), ("CM", "CM", "Cameroon"),
    ("CN", "CH", "China"), ("CO", "CO", "Colombia"), ("CR", "CS", "Costa Rica"),
    ("CS", "YI", "Serbia and Montenegro"), ("CU", "CU", "Cuba"), ("CV", "CV", "Cabo Verde"), ("CW", "UC", "Curacao"),
    ("CX", "KT", "Christmas Island"), ("CY", "CY", "Cyprus"), ("CZ", "EZ", "Czechia"), ("DE", "GM", "Germany"),
    ("DJ", "DJ", "Djibouti"), ("DK", "DA", "Denmark"), ("DM", "DO", "Dominica"), ("DO", "DR", "Dominican Republic"),
    ("DZ", "AG", "Algeria"), ("EC", "EC", "Ecuador"), ("EE", "EN", "Estonia"), ("EG", "EG", "Egypt"),
    ("EH", "WI", "Western Sahara"), ("ER", "ER", "Eritrea"), ("ES", "SP", "Spain"), ("ET", "ET", "Ethiopia"),
    ("FI", "FI", "Finland"), ("FJ", "FJ", "Fiji"), ("FK", "FK", "Falkland Islands"), ("FM", "FM", "Micronesia"),
    ("FO", "FO", "Faroe Islands"), ("FR", "FR", "France"), ("GA", "GB", "Gabon"), ("GB", "UK", "United Kingdom"),
    ("GD", "GJ", "Grenada"), ("GE", "GG", "Georgia"), ("GF", "FG", "French Guiana"), ("GG", "GK", "Guernsey"),
    ("GH", "GH", "Ghana"), ("GI", "GI", "Gibraltar"), ("GL", "GL", "Greenland"), ("GM", "GA", "Gambia"),
    ("GN", "GV", "Guinea"), ("GP", "GP", "Guadeloupe"), ("GQ", "EK", "Equatorial Guinea"), ("GR", "GR", "Greece"),
    ("GS", "SX", "South Georgia and the South Sandwich Islands"), ("GT", "GT", "Guatemala"), ("GU", "GQ", "Guam"),
    ("GW", "PU", "Guinea-Bissau"), ("GY", "GY", "Guyana"), ("HK", "HK", "Hong Kong"),
    ("HM", "HM", "Heard Island and McDonald Islands"), ("HN", "HO", "Honduras"), ("HR", "HR", "Croatia"),
    ("HT", "HA", "Haiti"), ("HU", "HU", "Hungary"), ("ID", "ID", "Indonesia"), ("IE", "EI", "Ireland"),
    ("IL", "IS", "Israel"), ("IM", "IM", "Isle of Man"), ("IN", "IN", "India"),
    ("IO", "IO", "British Indian Ocean Territory"), ("IQ", "IZ", "Iraq"), ("IR", "IR", "Iran"),
    ("IS", "IC", "Iceland"), ("IT", "IT", "Italy"), ("JE", "JE", "Jersey"), ("JM", "JM", "Jamaica"),
    ("JO", "JO", "Jordan"), ("JP", "JA", "Japan"), ("KE", "KE", "Kenya"), ("KG", "KG", "Kyrgyzstan"),
    ("KH", "CB", "Cambodia"), ("KI", "KR", "Kiribati"), ("KM", "CN", "Comoros"),
    ("KN", "SC", "Saint Kitts and Nevis"), ("KP", "KN", "North Korea"), ("KR", "KS", "South Korea"),
    ("KW", "KU", "Kuwait"), ("KY", "CJ", "Cayman Islands"), ("KZ", "KZ", "Kazakhstan"), ("LA", "LA", "Laos"),
    ("LB", "LE", "Lebanon"), ("LC", "ST", "Saint Lucia"), ("LI", "LS", "Liechtenstein"), ("LK", "CE", "Sri Lanka"),
    ("LR", "LI", "Liberia"), ("LS", "LT", "Lesotho"), ("LT", "LH", "Lithuania"), ("LU", "LU", "Luxembourg"),
    ("LV", "LG", "Latvia"), ("LY", "LY", "Libya"), ("MA", "MO", "Morocco"), ("MC", "MN", "Monaco"),
    ("MD", "MD", "Moldova"), ("ME", "MJ", "Montenegro"), ("MF", "RN", "Saint Martin"), ("MG", "MA", "Madagascar"),
    ("MH", "RM", "Marshall Islands"), ("MK", "MK", "North Macedonia"), ("ML", "ML", "Mali"), ("MM", "BM", "Myanmar"),
    ("MN", "MG", "Mongolia"), ("MO", "MC", "Macao"), ("MP", "CQ", "Northern Mariana Islands"),
    ("MQ", "MB", "Martinique"), ("MR", "MR", "Mauritania"), ("MS", "MH", "Montserrat"), ("MT", "MT", "Malta"),
    ("MU", "MP", "Mauritius"), ("MV", "MV", "Maldives"), ("MW", "MI", "Malawi"), ("MX", "MX", "Mexico"),
    ("MY", "MY", "Malaysia"), ("MZ", "MZ", "Mozambique"), ("NA", "WA", "Namibia"), ("NC", "NC", "New Caledonia"),
    ("NE", "NG", "Niger"), ("NF", "NF", "Norfolk Island"), ("NG", "NI", "Nigeria"), ("NI", "NU", "Nicaragua"),
    ("NL", "NL", "The Netherlands"), ("NO", "NO", "Norway"), ("NP", "NP", "Nepal"), ("NR", "NR", "Nauru"),
    ("NU", "NE", "Niue"), ("NZ", "NZ", "New Zealand"), ("OM", "MU", "Oman"), ("PA", "PM", "Panama"),
    ("PE", "PE", "Peru"), ("PF", "FP", "French Polynesia"), ("PG", "PP", "Papua New Guinea"),
    ("PH", "RP", "Philippines"), ("PK", "PK", "Pakistan"), ("PL", "PL", "Poland"),
    ("PM", "SB", "Saint Pierre and Miquelon"), ("PN", "PC", "Pitcairn"), ("PR", "RQ", "Puerto Rico"),
    ("PS", "WE", "Palestinian Territory"), ("PT", "PO", "Portugal"), ("PW", "PS", "Palau"), ("PY", "PA", "Paraguay"),
    ("QA", "QA", "Qatar"), ("RE", "RE", "Reunion"), ("RO", "RO", "Romania"), ("RS", "RI", "Serbia"),
    ("RU", "RS", "Russia"), ("RW", "RW", "Rwanda"), ("SA", "SA", "Saudi Arabia"), ("SB", "BP", "Solomon Islands"),
    ("SC", "SE", "Seychelles"), ("SD", "SU", "Sudan"), ("SE", "SW", "Sweden"), ("SG", "SN", "Singapore"),
    ("SH", "SH", "Saint Helena"), ("SI", "SI", "Slovenia"), ("SJ", "SV", "Svalbard and Jan Mayen"),
    ("SK", "LO", "Slovakia"), ("SL", "SL", "Sierra Leone"), ("SM", "SM", "San Marino"), ("SN", "SG", "Senegal"),
    ("SO", "SO", "Somalia"), ("SR", "NS", "Suriname"), ("SS", "OD", "South Sudan"),
    ("ST", "TP", "Sao Tome and Principe"), ("SV", "ES", "El Salvador"), ("SX", "NN", "Sint Maarten"),
    ("SY", "SY", "Syria"), ("SZ", "WZ", "Eswatini"), ("TC", "TK", "Turks and Caicos Islands"), ("TD", "CD", "Chad"),
    ("TF", "FS", "French Southern Territories"), ("TG", "TO", "Togo"), ("TH", "TH", "Thailand"),
    ("TJ", "TI", "Tajikistan"), ("TK", "TL", "Tokelau"), ("TL", "TT", "Timor Leste"), ("TM", "TX", "Turkmenistan"),
    ("TN", "TS", "Tunisia"), ("TO", "TN", "Tonga"), ("TR", "TU", "Turkey"), ("TT", "TD", "Trinidad and Tobago"),
    ("TV", "TV", "Tuvalu"), ("TW", "TW", "Taiwan"), ("TZ", "TZ", "Tanzania"), ("UA", "UP", "Ukraine"),
    ("UG", "UG", "Uganda"), ("UM", "", "United States Minor Outlying Islands"), ("US", "US", "United States"),
    ("UY", "UY", "Uruguay"), ("UZ", "UZ", "Uzbekistan"), ("VA", "VT", "Vatican"),
    ("VC", "VC", "Saint Vincent and the Grenadines"), ("VE", "VE", "Venezuela"),
    ("VG", "VI", "British Virgin Islands"), ("VI", "VQ", "U.S. Virgin Islands"), ("VN", "VM", "Vietnam"),
    ("VU", "NH", "Vanuatu"), ("WF", "WF", "Wallis and Futuna"), ("WS", "WS", "Samoa"), ("XK", "KV", "Kosovo"),
    ("YE", "YM", "Yemen"), ("YT", "MF", "Mayotte"), ("ZA", "SF", "South Africa"), ("ZM", "ZA", "Zambia"),
    ("ZW", "ZI", "Zimbabwe"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(record: serde_json::Value, text: &str) -> StoredArticle {
        StoredArticle {
            id: "a1".into(),
            text: text.into(),
            published: Some("2023-09-28".into()),
            url: Some("https://www.reuters.com/world/x?y=1".into()),
            outlet: None,
            title: None,
            record_json: record.to_string(),
            headline: None,
            copy_of: None,
            copies: Vec::new(),
        }
    }

    #[test]
    fn a_row_has_27_fields_and_the_mapped_values() {
        let text = "KYIV, Sept 28 (Reuters) - Jens Stoltenberg said \"we\tstand # firm | now\". Five people were killed in Kyiv.";
        let cp = |s: &str| text[..text.find(s).unwrap()].chars().count();
        let q0 = cp("we\tstand");
        let q1 = q0 + "we\tstand # firm | now".chars().count();
        let kyiv = cp("Kyiv.");
        let five = cp("Five");
        let rec = serde_json::json!({
            "id": "a1", "published": "2023-09-28",
            "headline": {"text": "NATO <chief> & Kyiv", "span": null},
            "dateline": {"place": "KYIV", "agency": "Reuters", "span": [0, 13]},
            "entities": [
                {"id": "E1", "name": "Jens Stoltenberg", "type": "PERSON", "roles": [], "credit": false,
                 "mentions": [{"text": "Jens Stoltenberg", "span": [26, 42]}], "geo": null},
                {"id": "E2", "name": "Kyiv", "type": "PLACE", "roles": [], "credit": false,
                 "mentions": [{"text": "KYIV", "span": [0, 4]}, {"text": "Kyiv", "span": [kyiv, kyiv + 4]}],
                 "geo": {"lat": 50.4547, "lon": 30.5238, "country": "UA", "geonames_id": 703448, "precision": "city"}},
                {"id": "E3", "name": "Andrew Gray", "type": "PERSON", "roles": [], "credit": true, "mentions": [], "geo": null}
            ],
            "quotes": [{"kind": "direct", "text": "we stand", "span": [q0, q1], "speaker": null, "cue": {"text": "said", "span": [43, 47]}},
                       {"kind": "indirect", "text": "x", "span": [0, 1], "speaker": null, "cue": null}],
            "amounts": [{"kind": "count", "text": "Five people", "span": [five, five + 11], "value": 5.0, "object": "people"}],
            "dates": [{"text": "Sept 28", "span": [6, 13], "kind": "absolute", "value": "2023-09-28", "precision": "day"},
                      {"text": "2023", "span": [0, 0], "kind": "absolute", "value": "2023-01-01", "precision": "year"}],
            "tone": {"score": -1.5, "positive": 2.0, "negative": 3.5, "polarity": 5.5, "words": 17, "compound": -0.2},
            "themes": ["ARMED_CONFLICT", "ECONOMY"],
            "theme_spans": [{"theme": "ARMED_CONFLICT", "spans": [[five + 17, five + 23]]}]
        });
        let (line, ok) = row(7, &stored(rec, text));
        assert!(ok);
        assert!(line.ends_with('\n'));
        let f: Vec<&str> = line.trim_end_matches('\n').split('\t').collect();
        assert_eq!(f.len(), 27, "{line}");
        assert_eq!(f[0], "20230928000000-7");
        assert_eq!(f[1], "20230928000000");
        assert_eq!(f[2], "1");
        assert_eq!(f[3], "reuters.com");
        assert_eq!(f[5], "KILL#5#people#4#Kyiv, Ukraine#UP#UP#50.4547#30.5238#703448");
        assert_eq!(f[6], format!("KILL#5#people#4#Kyiv, Ukraine#UP#UP#50.4547#30.5238#703448#{five}"));
        assert_eq!(f[7], "ARMEDCONFLICT;ECONOMY");
        assert_eq!(f[8], format!("ARMEDCONFLICT,{}", five + 17));
        assert_eq!(f[9], "4#Kyiv, Ukraine#UP#UP#50.4547#30.5238#703448");
        assert_eq!(f[10], format!("4#Kyiv, Ukraine#UP#UP##50.4547#30.5238#703448#0;4#Kyiv, Ukraine#UP#UP##50.4547#30.5238#703448#{kyiv}"));
        assert_eq!(f[11], "jens stoltenberg");
        assert_eq!(f[12], "Jens Stoltenberg,26");
        assert_eq!(f[15], "-1.5,2,3.5,5.5,0,0,17");
        assert_eq!(f[16], "1#0#0#2023#0;3#9#28#2023#6");
        assert_eq!(f[17], "wc:17");
        // Tab, `#` and `|` inside the quote become spaces; the length is the span's.
        assert_eq!(f[22], format!("{q0}|{}|said|we stand   firm   now", q1 - q0));
        assert_eq!(f[24], format!("5,people,{five}"));
        assert_eq!(f[26], "<PAGE_TITLE>NATO &lt;chief&gt; &amp; Kyiv</PAGE_TITLE>");
        for i in [18, 19, 20, 21, 25] {
            assert_eq!(f[i], "", "{}", COLUMNS[i]);
        }
    }

    #[test]
    fn a_bad_record_still_gives_a_whole_row() {
        let mut a = stored(serde_json::json!({}), "x");
        a.record_json = "{not json".into();
        a.published = None;
        a.url = None;
        a.id = "id\twith\ttabs".into();
        let (line, ok) = row(1, &a);
        assert!(!ok);
        let f: Vec<&str> = line.trim_end_matches('\n').split('\t').collect();
        assert_eq!(f.len(), 27);
        assert_eq!(f[0], "00000000000000-1");
        assert_eq!(f[1], "0");
        assert_eq!(f[2], "2");
        assert_eq!(f[4], "id with tabs");
        assert_eq!(f[15], "0,0,0,0,0,0,0");
    }

    #[test]
    fn dates_hosts_and_locations() {
        assert_eq!(date14("2023-09-28").as_deref(), Some("20230928000000"));
        assert_eq!(date14("2023-09-28T14:05:09Z").as_deref(), Some("20230928140509"));
        assert_eq!(date14("2023-9-28"), None);
        assert_eq!(date14("Thursday"), None);
        assert_eq!(host("http://user@News.Example.co.uk:8080/a").as_deref(), Some("news.example.co.uk"));
        let g = |country: &str, id: u64, precision: &str| Geo { lat: 1.0, lon: -2.5, country: country.into(), geonames_id: id, precision: precision.into() };
        assert_eq!(Location::of("Ukraine", &g("UA", 690791, "country")).v1(), "1#Ukraine#UP#UP#1#-2.5#UP");
        assert_eq!(Location::of("Texas", &g("US", 4736286, "adm1")).v1(), "2#Texas, United States#US#USTX#1#-2.5#TX");
        assert_eq!(Location::of("Dallas", &g("US", 4684888, "city")).v1(), "3#Dallas, United States#US#US#1#-2.5#4684888");
        assert_eq!(Location::of("Scotland", &g("GB", 2638360, "adm1")).v2(5), "5#Scotland, United Kingdom#UK#UK##1#-2.5#2638360#5");
        assert_eq!(clean("a;b#c\nd", ";#"), "a b c d");
    }
}
