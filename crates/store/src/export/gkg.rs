//! `dateline export --format gkg`: the store as GDELT Global Knowledge Graph 2.1 rows, so that
//! tools built for GDELT's GKG files read our output.
//!
//! In: a [`Store`] (every stored article with its output record, read typed through
//! [`Store::for_each_article`], in storage order). Out: one
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
//! | V1COUNTS / V2.1COUNTS | `count` amounts whose words nearby say what happened ([`dateline_extract::amounts::count_type`]: KILL, WOUND, ARREST, KIDNAP, PROTEST, SEIZE, AFFECT; others are left out), located at the nearest geocoded place mention; V2.1 adds the offset |
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
//! | V2EXTRASXML | `<PAGE_TITLE>headline</PAGE_TITLE>` (XML-escaped by `html_escape`) |
//! | the other columns | empty |
//!
//! Locations: type 1 country, 2 US state, 3 US city, 4 world city, 5 world state (an ADM1
//! outside the US). Country codes are FIPS 10-4 as in GDELT (mapped from our ISO 3166 codes with
//! GeoNames' country table, `models/fips.tsv` made by `dateline train fips`; an ISO code without
//! a FIPS code is kept as it is). ADM1 is FIPS
//! country + state for US states, the FIPS country code otherwise (we do not know the ADM1 of a
//! city). FeatureID is the FIPS code for a country, the state code for a US state and the
//! GeoNames id otherwise (GDELT uses GNS/GNIS ids there: also numeric, but another gazetteer).
//! Full names are "Name" for a country and "Name, Country" otherwise. Rows are written by the
//! `csv` crate (tab delimiter, no quoting: every value is cleaned first); the URL's host is read
//! by the `url` crate; offsets are mapped by [`CharIndex`].

use crate::{Error, Result, Store, StoredArticle};
use dateline_extract::record::{Geo, Record};
use dateline_extract::span::CharIndex;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;
use std::sync::OnceLock;

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

/// What [`write_gkg`] wrote: rows, and how many stored records could not be read (their rows
/// carry only the article's metadata).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub rows: u64,
    pub unreadable: u64,
}

/// Writes every article of the store as one GKG 2.1 row, in storage order.
pub fn write_gkg(store: &Store, w: &mut dyn Write) -> Result<Written> {
    let places = places()?;
    let mut out = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .quote_style(csv::QuoteStyle::Never)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    let mut written = Written::default();
    store.for_each_article(&mut |a| {
        written.rows += 1;
        let record = a.record().ok();
        if record.is_none() {
            written.unreadable += 1;
        }
        out.write_record(row(written.rows, &a, record.as_ref(), places)).map_err(super::csv_error)
    })?;
    out.flush()?;
    Ok(written)
}

// ---------------------------------------------------------------------------------------------
// One row.

/// The 27 fields of the GKG row of the `n`-th article; without its `record` (unreadable), the
/// row carries only the article's metadata.
pub fn row(n: u64, a: &StoredArticle, record: Option<&Record>, places: &Places) -> Vec<String> {
    let empty = Record::default();
    let rec = record.unwrap_or(&empty);
    let ci = CharIndex::new(&a.text);
    // The text of a code-point span, if it lies in the text.
    let slice = |s: usize, e: usize| ci.byte_span([s, e]).map(|b| b.of(&a.text));
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
        let loc = Location::of(&e.name, g, places);
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
        let Some(v) = Some(am.value).filter(|v| v.is_finite() && *v >= 0.0) else { continue };
        let kind = ci.byte_span(am.span).and_then(|b| dateline_extract::amounts::count_type(&a.text, b, am.object.as_deref()));
        let Some(kind) = kind else { continue };
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
    let t = rec.tone.clone().unwrap_or_default();
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
        let words = slice(s, e).unwrap_or(&q.text);
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
        let Some(v) = Some(am.value).filter(|v| v.is_finite()) else { continue };
        let object = am.object.as_deref().or(am.currency.as_deref()).or(am.unit.as_deref()).unwrap_or("");
        amounts.push((am.span[0], format!("{},{},{}", num(v), clean(object, ";,"), am.span[0])));
    }
    f[24] = join_sorted(amounts, ";");

    // Extras: the page title.
    let title = rec.headline.as_ref().map(|h| h.text.as_str()).or(a.title.as_deref()).unwrap_or("");
    if !title.trim().is_empty() {
        f[26] = format!("<PAGE_TITLE>{}</PAGE_TITLE>", html_escape::encode_text(&clean(title, "")));
    }
    // Every field is built from cleaned parts; this is the last guard for the row.
    f.into_iter().map(|v| if v.contains(['\t', '\n', '\r']) { v.replace(['\t', '\n', '\r'], " ") } else { v }).collect()
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

/// The host of a URL, without `www.` (`https://www.reuters.com/world/…` → `reuters.com`); a URL
/// without a scheme is read as `http://…`.
fn host(u: &str) -> Option<String> {
    let parsed = url::Url::parse(u).or_else(|_| url::Url::parse(&format!("http://{u}"))).ok()?;
    let h = parsed.host_str()?.to_ascii_lowercase();
    let h = h.strip_prefix("www.").map(str::to_string).unwrap_or(h);
    (!h.is_empty()).then_some(h)
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
    fn of(name: &str, g: &Geo, places: &Places) -> Location {
        let iso = g.country.trim().to_ascii_uppercase();
        let (fips, country_name) = match places.countries.get(&iso) {
            Some((f, n)) if !f.is_empty() => (f.clone(), n.as_str()),
            Some((_, n)) => (iso.clone(), n.as_str()),
            None => (iso.clone(), ""),
        };
        let name = name.trim();
        let with_country = |n: &str| if country_name.is_empty() || n == country_name { n.to_string() } else { format!("{n}, {country_name}") };
        let us = iso == "US";
        let (ty, full_name, adm1, feature) = match g.precision.as_str() {
            "country" => (1, if country_name.is_empty() { name.to_string() } else { country_name.to_string() }, fips.clone(), fips.clone()),
            "adm1" if us => match places.states.get(&g.geonames_id) {
                Some(code) => (2, with_country(name), format!("US{code}"), code.clone()),
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

/// The place codes of `models/fips.tsv` (see `dateline train fips`): ISO 3166 country code →
/// (FIPS 10-4 code, empty when there is none; name), and US state GeoNames id → postal code.
#[derive(Debug, Default)]
pub struct Places {
    countries: HashMap<String, (String, String)>,
    states: HashMap<u32, String>,
}

impl Places {
    /// Reads `models/fips.tsv`; a malformed line is an error naming it.
    pub fn parse(tsv: &str) -> Result<Places> {
        let mut p = Places::default();
        for (i, line) in tsv.lines().enumerate().filter(|(_, l)| !l.starts_with('#')) {
            let bad = || Error::Invalid(format!("models/fips.tsv line {}: {line:?}", i + 1));
            let f: Vec<&str> = line.split('\t').collect();
            match f.as_slice() {
                ["country", iso, fips, name] => {
                    p.countries.insert(iso.to_string(), (fips.to_string(), name.to_string()));
                }
                ["state", id, code] => {
                    p.states.insert(id.parse().map_err(|_| bad())?, code.to_string());
                }
                _ => return Err(bad()),
            }
        }
        if p.countries.is_empty() {
            return Err(Error::Invalid("models/fips.tsv holds no countries: rebuild it with `dateline train fips`".into()));
        }
        Ok(p)
    }
}

/// The embedded place codes, read on first use.
fn places() -> Result<&'static Places> {
    static PLACES: OnceLock<std::result::Result<Places, String>> = OnceLock::new();
    PLACES
        .get_or_init(|| Places::parse(include_str!("../../../../models/fips.tsv")).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| Error::Invalid(e.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The row as one line, and whether its record was read.
    fn line(n: u64, a: &StoredArticle) -> (String, bool) {
        let rec = a.record().ok();
        (row(n, a, rec.as_ref(), places().expect("models/fips.tsv")).join("\t") + "\n", rec.is_some())
    }

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
        let (line, ok) = line(7, &stored(rec, text));
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
        let (line, ok) = line(1, &a);
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
        let g = |country: &str, id: u32, precision: &str| Geo { lat: 1.0, lon: -2.5, country: country.into(), geonames_id: id, precision: precision.into() };
        let p = places().expect("models/fips.tsv");
        assert_eq!(Location::of("Ukraine", &g("UA", 690791, "country"), p).v1(), "1#Ukraine#UP#UP#1#-2.5#UP");
        assert_eq!(Location::of("Texas", &g("US", 4736286, "adm1"), p).v1(), "2#Texas, United States#US#USTX#1#-2.5#TX");
        assert_eq!(Location::of("Dallas", &g("US", 4684888, "city"), p).v1(), "3#Dallas, United States#US#US#1#-2.5#4684888");
        assert_eq!(Location::of("Scotland", &g("GB", 2638360, "adm1"), p).v2(5), "5#Scotland, United Kingdom#UK#UK##1#-2.5#2638360#5");
        assert_eq!(clean("a;b#c\nd", ";#"), "a b c d");
    }
}
