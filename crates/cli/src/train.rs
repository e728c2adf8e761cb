//! `dateline train …`: rebuilds the committed models from `../shared/data`.
//!
//! - `train gazetteer`: GeoNames (continents, countries, US states, cities ≥ 15,000) and the
//!   mledoze country names and demonyms → `models/gazetteer.bin`.
//! - `train clusters`: word clusters from raw news (exchange clustering) → `models/clusters.tsv`.
//! - `train names`: person and organisation name lists from the MIT PETRARCH2/Phoenix actor
//!   dictionaries → `models/names.tsv`.
//! - `train ner`: the perceptron tagger from CoNLL-2003 train, with the gazetteer, clusters
//!   and name lists → `models/ner.bin`.
//!
//! Each is deterministic: the same data gives the same bytes.

use anyhow::{bail, Context, Result};
use dateline_extract::gazetteer::{Gazetteer, Place, PlaceKind};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// An alias worth matching in English text: Latin letters, not a short code, not all caps.
fn good_alias(a: &str) -> bool {
    let a = a.trim();
    a.len() >= 3
        && a.split_whitespace().count() <= 5
        && a.chars().next().is_some_and(|c| c.is_uppercase())
        && a.chars().all(|c| c.is_alphabetic() && (c.is_ascii() || ('\u{c0}'..='\u{24f}').contains(&c)) || " .'-".contains(c))
        && !a.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
}

/// Builds the gazetteer from the GeoNames and mledoze files in `dir`.
pub fn gazetteer(dir: &Path) -> Result<Gazetteer> {
    let mut places: Vec<Place> = Vec::new();
    let mut aliases: Vec<(String, u32)> = Vec::new();
    let mut demonyms: Vec<(String, u32)> = Vec::new();
    let f = |v: &Value| v.as_f64().or_else(|| v.as_str().and_then(|s| s.parse().ok())).unwrap_or(0.0);
    let u = |v: &Value| v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok())).unwrap_or(0);

    // Continents.
    let cont = read_json(&dir.join("geonames_continents.json"))?;
    for (_, c) in cont.as_object().context("continents: not an object")? {
        let i = places.len() as u32;
        let name = c["asciiName"].as_str().or(c["name"].as_str()).unwrap_or_default().to_string();
        places.push(Place { name: name.clone(), kind: PlaceKind::Continent, country: String::new(), lat: f(&c["lat"]) as f32, lon: f(&c["lng"]) as f32, population: u(&c["population"]), geonames_id: u(&c["geonameId"]) as u32 });
        aliases.push((name, i));
        for a in c["alternateNames"].as_array().into_iter().flatten() {
            if a["lang"] == "en" {
                if let Some(n) = a["name"].as_str().filter(|n| good_alias(n)) {
                    aliases.push((n.to_string(), i));
                }
            }
        }
    }

    // Countries: GeoNames for ids, mledoze for coordinates, names and demonyms.
    let mled = read_json(&dir.join("mledoze_countries.json"))?;
    let mled: BTreeMap<String, &Value> =
        mled.as_array().context("mledoze: not an array")?.iter().filter_map(|c| Some((c["cca2"].as_str()?.to_string(), c))).collect();
    let countries = read_json(&dir.join("geonames_countries.json"))?;
    let mut country_index: BTreeMap<String, u32> = BTreeMap::new();
    for (iso, c) in countries.as_object().context("countries: not an object")? {
        let i = places.len() as u32;
        let m = mled.get(iso);
        let latlng = m.and_then(|m| m["latlng"].as_array()).cloned().unwrap_or_default();
        let name = m.and_then(|m| m["name"]["common"].as_str()).or(c["name"].as_str()).unwrap_or_default().to_string();
        places.push(Place {
            name: name.clone(),
            kind: PlaceKind::Country,
            country: iso.clone(),
            lat: latlng.first().map(f).unwrap_or(0.0) as f32,
            lon: latlng.get(1).map(f).unwrap_or(0.0) as f32,
            population: u(&c["population"]),
            geonames_id: u(&c["geonameid"]) as u32,
        });
        country_index.insert(iso.clone(), i);
        aliases.push((name, i));
        if let Some(n) = c["name"].as_str() {
            aliases.push((n.to_string(), i));
        }
        if let Some(m) = m {
            if let Some(n) = m["name"]["official"].as_str().filter(|n| good_alias(n)) {
                aliases.push((n.to_string(), i));
            }
            for a in m["altSpellings"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                if good_alias(a) {
                    aliases.push((a.to_string(), i));
                }
            }
            for g in ["m", "f"] {
                if let Some(d) = m["demonyms"]["eng"][g].as_str() {
                    for d in d.split([',', '/']).flat_map(|d| d.split(" or ")) {
                        add_demonym(&mut demonyms, d.trim(), i);
                    }
                }
            }
        }
    }
    // Forms news uses that the sources lack.
    for (alias, iso) in [("U.S.", "US"), ("U.S.A.", "US"), ("USA", "US"), ("America", "US"), ("United States of America", "US"), ("U.K.", "GB"), ("UK", "GB"), ("Britain", "GB"), ("Great Britain", "GB"), ("Russia", "RU"), ("South Korea", "KR"), ("North Korea", "KP"), ("Syria", "SY"), ("Iran", "IR"), ("Vietnam", "VN"), ("Taiwan", "TW"), ("Holland", "NL"), ("Ivory Coast", "CI"), ("Burma", "MM"), ("UAE", "AE"), ("Congo", "CD"), ("West Germany", "DE"), ("East Germany", "DE"), ("Soviet Union", "RU"), ("USSR", "RU")] {
        if let Some(&i) = country_index.get(iso) {
            aliases.push((alias.to_string(), i));
        }
    }
    for (d, iso) in [("American", "US"), ("Americans", "US"), ("British", "GB"), ("Briton", "GB"), ("Britons", "GB"), ("Soviet", "RU"), ("Dutch", "NL"), ("Swiss", "CH"), ("French", "FR"), ("Chinese", "CN"), ("Japanese", "JP"), ("Israeli", "IL"), ("Palestinian", "PS"), ("Kurdish", "IQ"), ("European", "")] {
        if let Some(&i) = country_index.get(iso) {
            add_demonym(&mut demonyms, d, i);
        }
    }
    if let Ok(text) = std::fs::read_to_string(dir.join("demonyms_from_mledoze.tsv")) {
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            if let (Some(d), Some(&i)) = (cols.first(), cols.get(2).and_then(|c| country_index.get(*c))) {
                add_demonym(&mut demonyms, d, i);
            }
        }
    }

    // US states, placed at the population-weighted centre of their cities.
    let cities = read_json(&dir.join("geonames_cities15000.json"))?;
    let cities = cities.as_object().context("cities: not an object")?;
    let mut centre: BTreeMap<String, (f64, f64, f64)> = BTreeMap::new();
    for c in cities.values() {
        if c["countrycode"] == "US" {
            let e = centre.entry(c["admin1code"].as_str().unwrap_or_default().to_string()).or_default();
            let w = u(&c["population"]) as f64;
            e.0 += w * f(&c["latitude"]);
            e.1 += w * f(&c["longitude"]);
            e.2 += w;
        }
    }
    let states = read_json(&dir.join("geonames_us_states.json"))?;
    for (code, s) in states.as_object().context("states: not an object")? {
        let i = places.len() as u32;
        let (la, lo, w) = centre.get(code).copied().unwrap_or((0.0, 0.0, 1.0));
        let name = s["name"].as_str().unwrap_or_default().to_string();
        places.push(Place { name: name.clone(), kind: PlaceKind::Adm1, country: "US".into(), lat: (la / w.max(1.0)) as f32, lon: (lo / w.max(1.0)) as f32, population: w as u64, geonames_id: u(&s["geonameid"]) as u32 });
        aliases.push((name, i));
    }

    // Cities, in id order for determinism.
    let mut ids: Vec<&String> = cities.keys().collect();
    ids.sort_by_key(|k| k.parse::<u64>().unwrap_or(u64::MAX));
    for id in ids {
        let c = &cities[id];
        let i = places.len() as u32;
        let name = c["name"].as_str().unwrap_or_default().to_string();
        places.push(Place {
            name: name.clone(),
            kind: PlaceKind::City,
            country: c["countrycode"].as_str().unwrap_or_default().to_string(),
            lat: f(&c["latitude"]) as f32,
            lon: f(&c["longitude"]) as f32,
            population: u(&c["population"]),
            geonames_id: u(&c["geonameid"]) as u32,
        });
        aliases.push((name, i));
        for a in c["alternatenames"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if good_alias(a) {
                aliases.push((a.to_string(), i));
            }
        }
    }
    if places.is_empty() {
        bail!("no places read from {}", dir.display());
    }
    Ok(Gazetteer::build(places, &aliases, &demonyms))
}

fn add_demonym(out: &mut Vec<(String, u32)>, d: &str, place: u32) {
    if d.is_empty() {
        return;
    }
    out.push((d.to_string(), place));
    // Plural people-forms: Ukrainian → Ukrainians, Israeli → Israelis.
    if d.ends_with("an") || d.ends_with('i') || d.ends_with("er") {
        out.push((format!("{d}s"), place));
    }
}

/// Reads word clusters (`word<TAB>c1<TAB>c2<TAB>c3` per line) into the model's form.
pub fn read_clusters(path: &Path) -> Result<dateline_extract::ner::features::Clusters> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = dateline_extract::ner::features::Clusters::default();
    for (n, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 4 {
            bail!("{}:{}: want 4 tab-separated columns", path.display(), n + 1);
        }
        let c = |i: usize| cols[i].parse::<u16>().with_context(|| format!("{}:{}: bad cluster id", path.display(), n + 1));
        out.insert(dateline_extract::hash::lower_hash(cols[0]), [c(1)?, c(2)?, c(3)?]);
    }
    Ok(out)
}

/// Learns word clusters from raw news (`*.jsonl` with `body`/`text`) plus CoNLL training text,
/// at the granularities `sizes`, and writes them as `word<TAB>c1<TAB>c2<TAB>c3`.
pub fn clusters(news: &[std::path::PathBuf], conll: &Path, sizes: [usize; 3], passes: usize, min_count: u64, out: &Path) -> Result<()> {
    use dateline_extract::{structure, text};
    let mut sentences: Vec<Vec<String>> = Vec::new();
    for p in news {
        let f = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
        for (i, line) in f.lines().enumerate() {
            let v: Value = serde_json::from_str(line).with_context(|| format!("{}:{}", p.display(), i + 1))?;
            let Some(body) = ["body", "text"].iter().find_map(|k| v[*k].as_str()) else { continue };
            let st = structure::analyse(body);
            let toks = text::segment(body, &st);
            for s in &toks.sentences {
                sentences.push(toks.tokens[s.tokens.clone()].iter().map(|t| t.span.of(body).to_string()).collect());
            }
        }
    }
    let text = std::fs::read_to_string(conll).with_context(|| format!("reading {}", conll.display()))?;
    for d in dateline_extract::ner::conll::parse(&text)? {
        sentences.extend(d.sentences.into_iter().map(|s| s.words));
    }
    let words: usize = sentences.iter().map(Vec::len).sum();
    eprintln!("{} sentences, {} words", sentences.len(), words);
    let corpus = dateline_extract::ner::clusters::Corpus::build(sentences.iter().map(|s| s.iter().map(String::as_str).collect()), min_count);
    eprintln!("vocabulary: {} words seen at least {min_count} times", corpus.words.len());
    let mut classes = Vec::new();
    for k in sizes {
        let t0 = std::time::Instant::now();
        classes.push(dateline_extract::ner::clusters::exchange(&corpus, k, passes));
        eprintln!("{k} classes in {:.1}s", t0.elapsed().as_secs_f64());
    }
    let mut w = String::new();
    for (i, word) in corpus.words.iter().enumerate() {
        if word.contains(['\t', '\n']) {
            continue;
        }
        w.push_str(&format!("{word}\t{}\t{}\t{}\n", classes[0][i] + 1, classes[1][i] + 1, classes[2][i] + 1));
    }
    std::fs::write(out, w).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("wrote {}", out.display());
    Ok(())
}

/// Words that open a Phoenix actor name but are titles, not names ("SIR_MILO_BUTLER_").
const TITLES: &[&str] = &["sir", "dame", "president", "president-elect", "acting", "minister", "prime", "king", "queen", "general", "gen.", "dr.", "mr.", "mrs.", "the", "former", "senator", "secretary"];

/// Person and organisation names from the MIT-licensed PETRARCH2/Phoenix actor dictionaries
/// (`Phoenix.{Countries,International,MilNonState}.actors.txt` in `dir`), as NER name-list bits:
/// writes `phrase<TAB>bits` lines (lower-case, sorted), bits as in `ner::features::NAME_*`.
///
/// An entry (`NAME_WITH_UNDERSCORES_ [CODE]`, `+SYNONYM_` lines, indented `[CODE dates]` lines)
/// is a person when its comment names CountryInfo.txt or IGOrulers.txt or a code is an elite
/// (`…ELI`); country entries (three-letter codes) are skipped; the rest are organisations.
/// A person's first and last words also go in as first-name and last-name entries.
pub fn names(dir: &Path, out: &Path) -> Result<()> {
    use dateline_extract::ner::features::{NAME_FIRST, NAME_LAST, NAME_ORG, NAME_PER};
    let mut bits: BTreeMap<String, u8> = BTreeMap::new();
    let mut first_count: BTreeMap<String, u32> = BTreeMap::new();
    for file in ["Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"] {
        let path = dir.join(file);
        let text = String::from_utf8_lossy(&std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?).into_owned();
        // (names, codes, comment text) of the entry being read.
        let mut entries: Vec<(Vec<String>, Vec<String>, String)> = Vec::new();
        for line in text.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (body, comment) = line.split_once('#').unwrap_or((line, ""));
            let codes = body.split('[').skip(1).filter_map(|c| c.split([']', ' ']).next()).map(str::to_string);
            let name = body.split('[').next().unwrap_or_default().trim().replace('_', " ");
            if line.starts_with([' ', '\t']) || line.starts_with('+') {
                if let Some(e) = entries.last_mut() {
                    e.1.extend(codes);
                    e.2.push_str(comment);
                    if line.starts_with('+') {
                        e.0.push(name.trim_start_matches('+').to_string());
                    }
                }
            } else {
                entries.push((vec![name], codes.collect(), comment.to_string()));
            }
        }
        for (names, codes, comment) in entries {
            let country = file.starts_with("Phoenix.Countries") && codes.iter().any(|c| c.len() == 3 && c.chars().all(|c| c.is_ascii_uppercase()));
            if country {
                continue;
            }
            let person = comment.contains("CountryInfo") || comment.contains("IGOrulers") || codes.iter().any(|c| c.ends_with("ELI"));
            for name in names {
                let mut words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
                if person {
                    while words.len() > 2 && TITLES.contains(&words[0].as_str()) {
                        words.remove(0);
                    }
                }
                let phrase = words.join(" ");
                if phrase.len() < 3 || words.len() > 5 {
                    continue;
                }
                *bits.entry(phrase).or_default() |= if person { NAME_PER } else { NAME_ORG };
                if person && words.len() >= 2 {
                    *first_count.entry(words[0].clone()).or_default() += 1;
                    let last = words[words.len() - 1].clone();
                    if last.len() >= 3 && !TITLES.contains(&last.as_str()) {
                        *bits.entry(last).or_default() |= NAME_LAST;
                    }
                }
            }
        }
    }
    for (w, n) in first_count {
        if n >= 2 && w.len() >= 2 && !TITLES.contains(&w.as_str()) {
            *bits.entry(w).or_default() |= NAME_FIRST;
        }
    }
    let mut w = String::new();
    for (phrase, b) in &bits {
        w.push_str(&format!("{phrase}\t{b}\n"));
    }
    std::fs::write(out, w).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("wrote {} ({} names)", out.display(), bits.len());
    Ok(())
}

/// Reads name-list bits (`phrase<TAB>bits` per line, from `train names`) into the model's form.
pub fn read_names(path: &Path) -> Result<dateline_extract::ner::features::Names> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = dateline_extract::ner::features::Names::default();
    for (n, line) in text.lines().enumerate() {
        let (phrase, b) = line.split_once('\t').with_context(|| format!("{}:{}: want phrase TAB bits", path.display(), n + 1))?;
        let b: u8 = b.parse().with_context(|| format!("{}:{}: bad bits", path.display(), n + 1))?;
        *out.entry(dateline_extract::hash::phrase_hash(phrase.split(' '))).or_default() |= b;
    }
    Ok(out)
}
