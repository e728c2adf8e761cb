//! Geo: PLACE entities resolved to GeoNames places (a pin on the map).
//!
//! In: the text, its tokens, the [`Entity`]s and the [`Gazetteer`]. Out: one `Option<Geo>` per
//! entity (same order): `Some` for a PLACE entity the gazetteer knows, `None` otherwise. One
//! place that cannot be resolved never affects the others.
//! Rule: the candidates of an entity are the gazetteer places named by any of its mentions
//! (possessive `'s` dropped; `PORTLAND, Maine` in a dateline splits at the comma). Each
//! candidate is scored, in log10 units:
//! - prior: `log10(population + 10)`; a US state counts a tenth (`Washington`, `New York`
//!   mean the city unless told otherwise); a continent −3 (and a continent gets no pin:
//!   `geo` is null, since the contract's precisions are country, adm1 and city);
//! - name: +0.7 when the mention is the place's own name (accents folded, `City`/`City of`
//!   optional: `New York`, `Westminster`), 0 for a spelling variant (`Kiev`/`Kyiv`,
//!   `Odessa`/`Odesa`: edit distance ≤ 2, a prefix or one of its words), −1.5 when it is only
//!   an unrelated alternate name (`Victoria` is an alternate name of Hong Kong); such a
//!   candidate is dropped altogether unless the mention is one word and the place has a
//!   million people (`Bombay` → Mumbai stays; `Twickenham` → Huntsville, Alabama and `White
//!   House` → Casablanca go); a lone AP state abbreviation (`Pa.`) is the state;
//! - focus: `log10(1 + n / 0.3)` where `n` counts the article's evidence for the candidate's
//!   country: mentions of confidently resolved places (a country, a state, an unambiguous
//!   city; the dateline place counts 3 more) and of nationality words (NORP entities,
//!   `Russian` → RU); an entity's own mentions never count for itself. So Moscow stays in
//!   Russia in an article about America (Idaho would need some 125 US mentions), while
//!   Birmingham goes to Alabama after two.
//! - explicit context restricts the candidates when it can: `Paris, Texas`, `Portland, Maine`,
//!   `Portland, Ore.`, `Santiago, Cuba` (a comma and a US state — name, AP abbreviation or
//!   postal code — or a country: same country, and for a state the candidate nearest to it);
//!   `Atlanta, Georgia` (a state or country right after a city it contains); `Washington
//!   state`, `the state of Georgia`, `Georgia Governor` (the US state).
//!
//! A mention the gazetteer does not know is retried as the other form of an initialism (`US`
//! ↔ `U.S.`); England, Scotland, Wales and Northern Ireland, missing from the gazetteer, come
//! from a small table of their GeoNames ids (precision adm1, country GB).
//!
//! The best-scoring candidate wins; ties go to the gazetteer's order (country first, then
//! population). Precision follows the candidate's kind: country, adm1 (US states), city.

use crate::entities::{Entity, EntityType};
use crate::gazetteer::{Gazetteer, Place, PlaceKind};
use crate::span::Span;
use crate::structure::Structure;
use crate::text::Tokens;
use rustc_hash::FxHashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    Country,
    Adm1,
    City,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Country => "country",
            Precision::Adm1 => "adm1",
            Precision::City => "city",
        }
    }
}

/// A resolved place.
#[derive(Clone, Debug, PartialEq)]
pub struct Geo {
    /// Index into [`Gazetteer::places`]; `u32::MAX` for the UK nations, which it lacks.
    pub place: u32,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub geonames_id: u32,
    pub precision: Precision,
}

/// AP-style and postal abbreviations of US states → state name.
const US_STATE_ABBR: &[(&str, &str)] = &[
    ("ala", "Alabama"), ("al", "Alabama"), ("alaska", "Alaska"), ("ak", "Alaska"), ("ariz", "Arizona"), ("az", "Arizona"),
    ("ark", "Arkansas"), ("ar", "Arkansas"), ("calif", "California"), ("cal", "California"), ("ca", "California"),
    ("colo", "Colorado"), ("co", "Colorado"), ("conn", "Connecticut"), ("ct", "Connecticut"), ("del", "Delaware"),
    ("de", "Delaware"), ("d.c", "District of Columbia"), ("dc", "District of Columbia"), ("fla", "Florida"), ("fl", "Florida"),
    ("ga", "Georgia"), ("hi", "Hawaii"), ("ida", "Idaho"), ("id", "Idaho"), ("ill", "Illinois"), ("il", "Illinois"),
    ("ind", "Indiana"), ("in", "Indiana"), ("ia", "Iowa"), ("kan", "Kansas"), ("kans", "Kansas"), ("ks", "Kansas"),
    ("ky", "Kentucky"), ("la", "Louisiana"), ("me", "Maine"), ("md", "Maryland"), ("mass", "Massachusetts"),
    ("ma", "Massachusetts"), ("mich", "Michigan"), ("mi", "Michigan"), ("minn", "Minnesota"), ("mn", "Minnesota"),
    ("miss", "Mississippi"), ("ms", "Mississippi"), ("mo", "Missouri"), ("mont", "Montana"), ("mt", "Montana"),
    ("neb", "Nebraska"), ("nebr", "Nebraska"), ("ne", "Nebraska"), ("nev", "Nevada"), ("nv", "Nevada"),
    ("n.h", "New Hampshire"), ("nh", "New Hampshire"), ("n.j", "New Jersey"), ("nj", "New Jersey"), ("n.m", "New Mexico"),
    ("nm", "New Mexico"), ("n.y", "New York"), ("ny", "New York"), ("n.c", "North Carolina"), ("nc", "North Carolina"),
    ("n.d", "North Dakota"), ("nd", "North Dakota"), ("oh", "Ohio"), ("okla", "Oklahoma"), ("ok", "Oklahoma"),
    ("ore", "Oregon"), ("or", "Oregon"), ("pa", "Pennsylvania"), ("r.i", "Rhode Island"), ("ri", "Rhode Island"),
    ("s.c", "South Carolina"), ("sc", "South Carolina"), ("s.d", "South Dakota"), ("sd", "South Dakota"),
    ("tenn", "Tennessee"), ("tn", "Tennessee"), ("tex", "Texas"), ("tx", "Texas"), ("ut", "Utah"), ("vt", "Vermont"),
    ("va", "Virginia"), ("wash", "Washington"), ("wa", "Washington"), ("w.va", "West Virginia"), ("wv", "West Virginia"),
    ("wis", "Wisconsin"), ("wi", "Wisconsin"), ("wyo", "Wyoming"), ("wy", "Wyoming"),
];

/// Words right after a place name that make it a US state (`Washington state`, `Georgia Governor`).
const STATE_AFTER: &[&str] = &["state", "governor", "gov.", "legislature", "statehouse"];

const OWN_NAME: f64 = 0.7;
const UNRELATED_NAME: f64 = -1.5;
/// A place named only by an unrelated alternate name must be this big to be believed
/// (`Bombay` → Mumbai yes, `Twickenham` → Huntsville, Alabama no).
const UNRELATED_MIN_POPULATION: u64 = 1_000_000;

/// Smoothing of the focus evidence: one mention of a country is worth `log10(1 + 1/0.3)` ≈ 0.64.
const FOCUS_ALPHA: f64 = 0.3;
/// Mentions of the dateline place count this much more.
const DATELINE_WEIGHT: f64 = 3.0;
/// A resolution counts as evidence of its country when it beats every other country by this.
const CONFIDENT_MARGIN: f64 = 0.5;
/// A city is "in" a US state when it is the state's nearest candidate and within this distance
/// of the state's (population-weighted) centre.
const STATE_RADIUS_KM: f64 = 900.0;

/// What the context of one entity's mentions says about which candidates are meant.
#[derive(Default)]
struct Context {
    /// Candidates allowed by an explicit qualifier (`Paris, Texas`); empty = no qualifier.
    qualified: Vec<u32>,
    /// The mention is itself a qualifier or carries a state cue: prefer states/countries.
    prefer_region: Vec<u32>,
}

struct Cand {
    entity: usize,
    places: Vec<u32>,
    /// Prior score of each place (same order as `places`).
    prior: Vec<f64>,
    ctx: Context,
    /// What this entity adds to the focus evidence (not used for itself).
    own: Option<(String, f64)>,
    /// A place outside the gazetteer (the UK nations), resolved directly.
    fixed: Option<Geo>,
}

/// Resolves every PLACE entity. The result has one slot per entity.
pub fn resolve(text: &str, st: &Structure, toks: &Tokens, entities: &[Entity], gaz: &Gazetteer) -> Vec<Option<Geo>> {
    let mut out: Vec<Option<Geo>> = vec![None; entities.len()];
    if gaz.places.is_empty() {
        return out;
    }
    let mut cands: Vec<Cand> = Vec::new();
    let mut fixed_focus: Vec<(String, f64)> = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        if e.ty != EntityType::Place || e.credit {
            continue;
        }
        let mut c = candidates(text, toks, i, e, gaz);
        if let Some(g) = c.fixed.take() {
            fixed_focus.push((g.country.clone(), e.mentions.len() as f64));
            out[i] = Some(g);
        } else if !c.places.is_empty() {
            cands.push(c);
        }
    }
    if cands.is_empty() {
        return out;
    }

    // Focus: evidence per country from confident resolutions and nationality words.
    let dateline = st.dateline.as_ref().map(|d| d.place);
    let dateline_entity = entities.iter().position(|e| e.ty == EntityType::Place && dateline.is_some_and(|d| e.mentions.iter().any(|m| m.overlaps(d))));
    for c in cands.iter_mut() {
        let Some(best) = pick(c, gaz, &FxHashMap::default()) else { continue };
        let country = gaz.places[best as usize].country.as_str();
        if country.is_empty() {
            continue;
        }
        let bs = c.places.iter().position(|&q| q == best).map(|k| c.prior[k]).unwrap_or(0.0);
        let confident =
            c.places.iter().zip(&c.prior).all(|(&p, &s)| gaz.places[p as usize].country == country || bs - s >= CONFIDENT_MARGIN);
        if confident || !c.ctx.qualified.is_empty() {
            let mut w = entities[c.entity].mentions.len() as f64;
            if Some(c.entity) == dateline_entity {
                w += DATELINE_WEIGHT;
            }
            c.own = Some((country.to_string(), w));
        }
    }
    let mut focus: FxHashMap<&str, f64> = FxHashMap::default();
    for (country, w) in &fixed_focus {
        *focus.entry(country.as_str()).or_default() += w;
    }
    for c in &cands {
        if let Some((country, w)) = &c.own {
            *focus.entry(country.as_str()).or_default() += w;
        }
    }
    for e in entities.iter().filter(|e| e.ty == EntityType::Norp) {
        let d = gaz.demonym(&e.name).or_else(|| e.name.strip_suffix('s').and_then(|n| gaz.demonym(n)));
        if let Some(p) = d.and_then(|d| gaz.places.get(d.place as usize)) {
            if !p.country.is_empty() {
                *focus.entry(p.country.as_str()).or_default() += e.mentions.len() as f64;
            }
        }
    }

    for c in &cands {
        let Some(best) = pick(c, gaz, &focus) else { continue };
        let Some(p) = gaz.places.get(best as usize) else { continue };
        let precision = match p.kind {
            PlaceKind::Country => Precision::Country,
            PlaceKind::Adm1 => Precision::Adm1,
            PlaceKind::City => Precision::City,
            PlaceKind::Continent => continue,
        };
        if p.country.is_empty() {
            continue;
        }
        out[c.entity] = Some(Geo {
            place: best,
            lat: round4(p.lat),
            lon: round4(p.lon),
            country: p.country.clone(),
            geonames_id: p.geonames_id,
            precision,
        });
    }
    out
}

fn round4(x: f32) -> f64 {
    (x as f64 * 1e4).round() / 1e4
}

/// The best candidate of one entity given the focus evidence.
fn pick(c: &Cand, gaz: &Gazetteer, focus: &FxHashMap<&str, f64>) -> Option<u32> {
    let pool: Vec<usize> = if !c.ctx.qualified.is_empty() {
        (0..c.places.len()).filter(|&k| c.ctx.qualified.contains(&c.places[k])).collect()
    } else if !c.ctx.prefer_region.is_empty() {
        (0..c.places.len()).filter(|&k| c.ctx.prefer_region.contains(&c.places[k])).collect()
    } else {
        (0..c.places.len()).collect()
    };
    let pool = if pool.is_empty() { (0..c.places.len()).collect() } else { pool };
    let mut best: Option<(usize, f64)> = None;
    for k in pool {
        let p = &gaz.places[c.places[k] as usize];
        let mut n = focus.get(p.country.as_str()).copied().unwrap_or(0.0);
        if let Some((own, w)) = &c.own {
            if *own == p.country {
                n -= w;
            }
        }
        let s = c.prior[k] + (1.0 + n / FOCUS_ALPHA).log10();
        // Strictly greater: ties keep the gazetteer's order.
        if best.is_none_or(|(_, b)| s > b + 1e-9) {
            best = Some((k, s));
        }
    }
    best.map(|(k, _)| c.places[k])
}

/// Candidates, priors and context of one PLACE entity.
fn candidates(text: &str, toks: &Tokens, entity: usize, e: &Entity, gaz: &Gazetteer) -> Cand {
    let mut places: Vec<u32> = Vec::new();
    // Best name match per place (+0.7 own name, 0 variant, −1.5 unrelated alias).
    let mut name_bonus: FxHashMap<u32, f64> = FxHashMap::default();
    let mut ctx = Context::default();
    let mut uk: Option<Geo> = None;
    for &m in &e.mentions {
        let (head, qualifier) = split_mention(text, m);
        let words: Vec<&str> = head.split_whitespace().collect();
        // A state's AP abbreviation on its own (`Pa.`, `Minn.`) is that state.
        let abbr = match (words.as_slice(), m.of(text).trim_end().ends_with('.')) {
            ([w], true) => state_abbreviation(gaz, w),
            _ => Vec::new(),
        };
        let mut found = if abbr.is_empty() { gaz.places_for(words.iter().copied()) } else { &abbr[..] };
        if found.is_empty() {
            if let [w] = words[..] {
                found = gaz.places_for([dotted_variant(w).as_str()]);
            }
        }
        if found.is_empty() {
            if let Some(g) = uk_nation(&words) {
                uk.get_or_insert(g);
                continue;
            }
        }
        let surface = fold(&words.join(" "));
        for &p in found {
            if !places.contains(&p) {
                places.push(p);
            }
            let b = if abbr.is_empty() { name_match(&surface, &gaz.places[p as usize]) } else { 0.0 };
            let slot = name_bonus.entry(p).or_insert(f64::MIN);
            *slot = slot.max(b);
        }
        if found.is_empty() {
            continue;
        }
        // Explicit qualifier inside the mention (`PORTLAND, Maine` as one dateline place) or
        // right after it (`Paris, Texas`).
        let q = match qualifier {
            Some(q) => qualifier_regions(gaz, q.split_whitespace().collect::<Vec<_>>().as_slice()),
            None => following_qualifier(text, toks, m, gaz),
        };
        if !q.is_empty() {
            for p in compatible(gaz, found, &q) {
                if !ctx.qualified.contains(&p) {
                    ctx.qualified.push(p);
                }
            }
        }
        // The mention qualifies a city before it (`Atlanta, Georgia`), or a state cue.
        let cities = preceding_cities(text, toks, m, gaz);
        if !cities.is_empty() {
            for &p in found {
                let pl = &gaz.places[p as usize];
                if matches!(pl.kind, PlaceKind::Country | PlaceKind::Adm1) && !compatible(gaz, &cities, &[p]).is_empty() && !ctx.prefer_region.contains(&p) {
                    ctx.prefer_region.push(p);
                }
            }
        }
        if state_cue(text, toks, m) {
            for &p in found {
                if gaz.places[p as usize].kind == PlaceKind::Adm1 && !ctx.prefer_region.contains(&p) {
                    ctx.prefer_region.push(p);
                }
            }
        }
    }
    if places.is_empty() {
        if let Some(p) = e.place.filter(|&p| (p as usize) < gaz.places.len()) {
            places.push(p);
            name_bonus.insert(p, 0.0);
        }
    }
    let one_word = e.mentions.iter().all(|&m| !split_mention(text, m).0.contains(char::is_whitespace));
    places.retain(|p| {
        name_bonus.get(p).is_none_or(|&b| b > UNRELATED_NAME) || (one_word && gaz.places[*p as usize].population >= UNRELATED_MIN_POPULATION)
    });
    let places_empty = places.is_empty();
    let prior = places
        .iter()
        .map(|&p| {
            let pl = &gaz.places[p as usize];
            let kind = match pl.kind {
                PlaceKind::Continent => -3.0,
                PlaceKind::Adm1 => -1.0,
                PlaceKind::Country | PlaceKind::City => 0.0,
            };
            (pl.population as f64 + 10.0).log10() + kind + name_bonus.get(&p).copied().filter(|b| *b > f64::MIN).unwrap_or(0.0)
        })
        .collect();
    Cand { entity, places, prior, ctx, own: None, fixed: if places_empty { uk } else { None } }
}

/// The mention's place words without a possessive, and a qualifier after a comma inside it.
fn split_mention(text: &str, m: Span) -> (&str, Option<&str>) {
    let s = m.of(text).trim();
    let s = s.strip_suffix("'s").or_else(|| s.strip_suffix("’s")).unwrap_or(s).trim_end_matches(['.', ',', ' ']);
    match s.split_once(',') {
        Some((h, q)) if !q.trim().is_empty() => (h.trim(), Some(q.trim())),
        _ => (s, None),
    }
}

/// `US` → `U.S.`, `U.S.` → `US`: the other way of writing an initialism.
fn dotted_variant(w: &str) -> String {
    if w.contains('.') {
        w.chars().filter(|&c| c != '.').collect()
    } else if (2..=4).contains(&w.len()) && w.chars().all(|c| c.is_ascii_uppercase()) {
        w.chars().flat_map(|c| [c, '.']).collect()
    } else {
        String::new()
    }
}

/// The nations of the United Kingdom, which the shared gazetteer (countries, US states,
/// cities) lacks: GeoNames first-order divisions of GB.
const UK_NATIONS: &[(&str, u32, f64, f64)] = &[
    ("england", 6269131, 52.16, -0.70),
    ("scotland", 2638360, 56.5, -4.0),
    ("wales", 2634895, 52.5, -3.5),
    ("northern ireland", 2641364, 54.6, -6.7),
];

fn uk_nation(words: &[&str]) -> Option<Geo> {
    let key = words.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>().join(" ");
    let &(_, id, lat, lon) = UK_NATIONS.iter().find(|(n, ..)| *n == key)?;
    Some(Geo { place: u32::MAX, lat, lon, country: "GB".into(), geonames_id: id, precision: Precision::Adm1 })
}

/// Index of the first token starting at or after byte `at`.
fn token_from(toks: &Tokens, at: usize) -> usize {
    toks.tokens.partition_point(|t| t.span.start < at)
}

/// Country or US-state places named by `words` (a name, or a state abbreviation).
fn qualifier_regions(gaz: &Gazetteer, words: &[&str]) -> Vec<u32> {
    let regions = |ws: &[&str]| -> Vec<u32> {
        gaz.places_for(ws.iter().copied())
            .iter()
            .copied()
            .filter(|&p| matches!(gaz.places[p as usize].kind, PlaceKind::Country | PlaceKind::Adm1))
            .collect()
    };
    let r = regions(words);
    if !r.is_empty() {
        return r;
    }
    if let [w] = words {
        let key = w.trim_end_matches('.');
        // Two letters: an AP abbreviation with its period (`Ga.`) or a postal code in capitals
        // (`TX`), never a word (`in`, `me`).
        let postal_ok = key.len() != 2 || w.ends_with('.') || key.chars().all(|c| c.is_ascii_uppercase());
        if postal_ok {
            return state_abbreviation(gaz, key);
        }
    }
    Vec::new()
}

/// The US state a (period-less) abbreviation names: `Calif` → California.
fn state_abbreviation(gaz: &Gazetteer, w: &str) -> Vec<u32> {
    let key = w.trim_end_matches('.').to_ascii_lowercase();
    match US_STATE_ABBR.iter().find(|(a, _)| *a == key) {
        Some((_, name)) => gaz.places_for(name.split_whitespace()).iter().copied().filter(|&p| gaz.places[p as usize].kind == PlaceKind::Adm1).collect(),
        None => Vec::new(),
    }
}

/// `, <state or country>` right after the mention.
fn following_qualifier(text: &str, toks: &Tokens, m: Span, gaz: &Gazetteer) -> Vec<u32> {
    let i = token_from(toks, m.end);
    if toks.tokens.get(i).map(|t| t.span.of(text)) != Some(",") {
        return Vec::new();
    }
    let words: Vec<&str> = toks.tokens.iter().skip(i + 1).take(3).map(|t| t.span.of(text)).collect();
    // Longest capitalised run first (`New Hampshire`, `United States`).
    for n in (1..=words.len()).rev() {
        let ws = &words[..n];
        if !ws.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase)) {
            continue;
        }
        // `Ore .` may be split from its period: try the words as they are.
        let r = qualifier_regions(gaz, ws);
        if !r.is_empty() {
            return r;
        }
    }
    Vec::new()
}

/// City candidates of a place name right before `<name> ,` the mention.
fn preceding_cities(text: &str, toks: &Tokens, m: Span, gaz: &Gazetteer) -> Vec<u32> {
    let i = token_from(toks, m.start);
    if i < 2 || toks.tokens.get(i - 1).map(|t| t.span.of(text)) != Some(",") {
        return Vec::new();
    }
    let end = i - 1;
    for n in (1..=3.min(end)).rev() {
        let ws: Vec<&str> = toks.tokens[end - n..end].iter().map(|t| t.span.of(text)).collect();
        if !ws.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase)) {
            continue;
        }
        let c: Vec<u32> = gaz.places_for(ws.iter().copied()).iter().copied().filter(|&p| gaz.places[p as usize].kind == PlaceKind::City).collect();
        if !c.is_empty() {
            return c;
        }
    }
    Vec::new()
}

/// `Washington state`, `Georgia Governor`, `the state of Georgia`.
fn state_cue(text: &str, toks: &Tokens, m: Span) -> bool {
    let i = token_from(toks, m.end);
    if let Some(t) = toks.tokens.get(i) {
        let w = t.span.of(text);
        if STATE_AFTER.iter().any(|s| s.eq_ignore_ascii_case(w)) && text.get(m.end..t.span.start).is_some_and(|g| g.trim().is_empty()) {
            return true;
        }
    }
    let j = token_from(toks, m.start);
    j >= 2 && toks.tokens[j - 1].span.of(text) == "of" && toks.tokens[j - 2].span.of(text).eq_ignore_ascii_case("state")
}

/// The candidates among `found` that lie in one of the `regions`: same country for a country,
/// and for a US state the candidate of that country nearest to the state, if close enough.
fn compatible(gaz: &Gazetteer, found: &[u32], regions: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    for &r in regions {
        let rp = &gaz.places[r as usize];
        let same: Vec<u32> = found.iter().copied().filter(|&p| p != r && gaz.places[p as usize].country == rp.country).collect();
        match rp.kind {
            PlaceKind::Country => out.extend(same),
            PlaceKind::Adm1 => {
                let near = same
                    .iter()
                    .copied()
                    .filter(|&p| gaz.places[p as usize].kind == PlaceKind::City)
                    .map(|p| (p, km(&gaz.places[p as usize], rp)))
                    .filter(|(_, d)| *d <= STATE_RADIUS_KM)
                    .min_by(|a, b| a.1.total_cmp(&b.1));
                out.extend(near.map(|(p, _)| p));
            }
            _ => {}
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Equirectangular distance in km (good enough at the scale of a state).
fn km(a: &Place, b: &Place) -> f64 {
    let (la1, la2) = ((a.lat as f64).to_radians(), (b.lat as f64).to_radians());
    let dlon = (b.lon as f64 - a.lon as f64).to_radians() * ((la1 + la2) / 2.0).cos();
    let dlat = la2 - la1;
    6371.0 * (dlat * dlat + dlon * dlon).sqrt()
}

/// How well a mention names a place: its own name, a spelling variant, or an unrelated alias.
fn name_match(surface: &str, p: &Place) -> f64 {
    let name = fold(&p.name);
    // A trailing ` city` is optional (`New York`, `Kuwait`); a country of that name still wins.
    if name == surface || name.strip_suffix(" city") == Some(surface) || name.strip_prefix("city of ") == Some(surface) {
        OWN_NAME
    } else if name.starts_with(surface) || surface.starts_with(&name) || name.split(' ').any(|w| w == surface) || edit_distance(&name, surface) <= 2 {
        0.0
    } else {
        UNRELATED_NAME
    }
}

/// Lower case with common Latin accents removed (`Córdoba` → `cordoba`).
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
            'ç' | 'ć' | 'č' => 'c',
            'ñ' | 'ń' => 'n',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            'ý' | 'ÿ' => 'y',
            '’' => '\'',
            c => c,
        })
        .collect()
}

/// Levenshtein distance (the `strsim` crate's), capped work: strings longer than 40 chars
/// count as far apart.
fn edit_distance(a: &str, b: &str) -> usize {
    if a.chars().count() > 40 || b.chars().count() > 40 {
        return usize::MAX;
    }
    strsim::levenshtein(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_distance() {
        assert_eq!(fold("Córdoba"), "cordoba");
        assert_eq!(edit_distance("kyiv", "kiev"), 2);
        assert_eq!(edit_distance("odesa", "odessa"), 1);
        assert!(edit_distance("victoria", "hong kong") > 2);
    }

    #[test]
    fn mention_split() {
        let t = "PORTLAND, Maine (Reuters)";
        assert_eq!(split_mention(t, Span::new(0, 15)), ("PORTLAND", Some("Maine")));
        assert_eq!(split_mention("Ukraine's", Span::new(0, 9)), ("Ukraine", None));
    }
}
