//! `dateline train gazetteer`: GeoNames (continents, countries, US states, cities ≥ 15,000)
//! and the mledoze country names and demonyms → `models/gazetteer.bin`.
//!
//! In: the folder `../shared/data/gazetteer`. Out: a [`Gazetteer`] (the caller writes its
//! bytes). Rule: places in a fixed order (continents, countries by ISO code, US states, cities by
//! GeoNames id), English aliases that look like names in English text, demonyms with their
//! plural people-forms; deterministic (the same files give the same bytes).

use crate::{data_error, read_to_string, Result};
use dateline_extract::gazetteer::{Gazetteer, Place, PlaceKind};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn read_json(path: &Path) -> Result<Value> {
    serde_json::from_str(&read_to_string(path)?).map_err(|e| data_error(format!("{}: {e}", path.display())))
}

/// `what` of a JSON document, or an error naming the file.
fn expect<T>(v: Option<T>, what: &str) -> Result<T> {
    v.ok_or_else(|| data_error(what.to_string()))
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
    for (_, c) in expect(cont.as_object(), "geonames_continents.json: not an object")? {
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
        expect(mled.as_array(), "mledoze_countries.json: not an array")?.iter().filter_map(|c| Some((c["cca2"].as_str()?.to_string(), c))).collect();
    let countries = read_json(&dir.join("geonames_countries.json"))?;
    let mut country_index: BTreeMap<String, u32> = BTreeMap::new();
    for (iso, c) in expect(countries.as_object(), "geonames_countries.json: not an object")? {
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
    let cities = expect(cities.as_object(), "geonames_cities15000.json: not an object")?;
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
    for (code, s) in expect(states.as_object(), "geonames_us_states.json: not an object")? {
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
        return Err(data_error(format!("no places read from {}", dir.display())));
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


/// `train fips` → `models/fips.tsv`: the place codes of the GDELT GKG export, from the GeoNames
/// files in `dir`: `country TAB ISO TAB FIPS TAB name` (sorted by ISO code; FIPS empty where
/// GeoNames gives none) and `state TAB GeoNames id TAB postal code` (sorted by id).
pub fn fips(dir: &Path) -> Result<String> {
    let countries = read_json(&dir.join("geonames_countries.json"))?;
    let countries = expect(countries.as_object(), "geonames_countries.json: not an object")?;
    let states = read_json(&dir.join("geonames_us_states.json"))?;
    let states = expect(states.as_object(), "geonames_us_states.json: not an object")?;
    let mut out = String::from(
        "# GDELT GKG place codes, from GeoNames (geonames_countries.json, geonames_us_states.json; CC BY 4.0).\n\
         # country TAB ISO 3166-1 TAB FIPS 10-4 (empty: none) TAB name; state TAB GeoNames id TAB postal code.\n\
         # Generated by `dateline train fips`; do not edit.\n",
    );
    let sorted: BTreeMap<&String, &Value> = countries.iter().collect();
    for (iso, c) in sorted {
        let fips = c["fips"].as_str().unwrap_or("");
        let name = expect(c["name"].as_str(), &format!("geonames_countries.json: {iso} has no name"))?;
        out.push_str(&format!("country\t{iso}\t{fips}\t{name}\n"));
    }
    let mut by_id: Vec<(u64, &String)> = Vec::new();
    for (code, s) in states {
        by_id.push((expect(s["geonameid"].as_u64(), &format!("geonames_us_states.json: {code} has no geonameid"))?, code));
    }
    by_id.sort();
    for (id, code) in by_id {
        out.push_str(&format!("state\t{id}\t{code}\n"));
    }
    Ok(out)
}
