//! Gazetteer: places (GeoNames: continents, countries, US states, cities ≥ 15,000 people) and
//! nationality words (demonyms, from mledoze/countries), with a phrase index.
//!
//! In: the serialised gazetteer (`models/gazetteer.bin`, built by `dateline train gazetteer`).
//! Out: lookups from a lower-cased word sequence to candidate places or to a country (demonym).
//! Rule: a name matches when its whitespace-separated words equal the tokens, case-insensitively;
//! candidates are ordered by kind (country first) then population, for later disambiguation.

use crate::hash::phrase_hash;
use rustc_hash::FxHashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum PlaceKind {
    Continent = 0,
    Country = 1,
    Adm1 = 2,
    City = 3,
}

impl PlaceKind {
    fn from_u8(b: u8) -> Option<PlaceKind> {
        Some(match b {
            0 => PlaceKind::Continent,
            1 => PlaceKind::Country,
            2 => PlaceKind::Adm1,
            3 => PlaceKind::City,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub name: String,
    pub kind: PlaceKind,
    /// ISO 3166-1 alpha-2, `""` for continents.
    pub country: String,
    pub lat: f32,
    pub lon: f32,
    pub population: u64,
    pub geonames_id: u32,
}

/// What a demonym points to: the country's place index and whether the form is plural/people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Demonym {
    pub place: u32,
}

#[derive(Default)]
pub struct Gazetteer {
    pub places: Vec<Place>,
    /// phrase hash of an alias → place indices, best candidate first.
    names: FxHashMap<u64, Vec<u32>>,
    demonyms: FxHashMap<u64, Demonym>,
    /// The longest alias, in words.
    pub max_words: usize,
}

const MAGIC: &[u8; 8] = b"DLGAZ001";

impl Gazetteer {
    /// Builds a gazetteer from places, `(alias, place index)` pairs and `(demonym, place index)` pairs.
    pub fn build(places: Vec<Place>, aliases: &[(String, u32)], demonyms: &[(String, u32)]) -> Gazetteer {
        let mut g = Gazetteer { places, ..Gazetteer::default() };
        for (a, p) in aliases {
            g.add_alias(a, *p);
        }
        for (d, p) in demonyms {
            g.demonyms.insert(phrase_hash(d.split_whitespace()), Demonym { place: *p });
        }
        let places = &g.places;
        for v in g.names.values_mut() {
            v.sort_by(|&a, &b| {
                let (pa, pb) = (&places[a as usize], &places[b as usize]);
                pa.kind.cmp(&pb.kind).then(pb.population.cmp(&pa.population)).then(a.cmp(&b))
            });
            v.dedup();
        }
        g
    }

    fn add_alias(&mut self, alias: &str, place: u32) {
        let words = alias.split_whitespace().count();
        if words == 0 {
            return;
        }
        self.max_words = self.max_words.max(words);
        self.names.entry(phrase_hash(alias.split_whitespace())).or_default().push(place);
    }

    /// Candidate places for a word sequence, best first.
    pub fn places_for<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> &[u32] {
        self.names.get(&phrase_hash(words)).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn places_for_hash(&self, h: u64) -> &[u32] {
        self.names.get(&h).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn demonym(&self, word: &str) -> Option<Demonym> {
        self.demonyms.get(&phrase_hash([word])).copied()
    }

    pub fn demonym_hash(&self, h: u64) -> Option<Demonym> {
        self.demonyms.get(&h).copied()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::new());
        w.0.extend_from_slice(MAGIC);
        w.u32(self.places.len() as u32);
        for p in &self.places {
            w.str(&p.name);
            w.0.push(p.kind as u8);
            w.str(&p.country);
            w.f32(p.lat);
            w.f32(p.lon);
            w.u64(p.population);
            w.u32(p.geonames_id);
        }
        let mut names: Vec<_> = self.names.iter().collect();
        names.sort_by_key(|(k, _)| **k);
        w.u32(names.len() as u32);
        for (k, v) in names {
            w.u64(*k);
            w.u32(v.len() as u32);
            v.iter().for_each(|&i| w.u32(i));
        }
        let mut dem: Vec<_> = self.demonyms.iter().collect();
        dem.sort_by_key(|(k, _)| **k);
        w.u32(dem.len() as u32);
        for (k, d) in dem {
            w.u64(*k);
            w.u32(d.place);
        }
        w.u32(self.max_words as u32);
        w.0
    }

    pub fn from_bytes(b: &[u8]) -> Result<Gazetteer, crate::Error> {
        let bad = |m: &str| crate::Error::BadModel(format!("gazetteer: {m}"));
        let mut r = Reader { b, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(bad("wrong magic"));
        }
        let n = r.u32()? as usize;
        let mut places = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let name = r.str()?;
            let kind = PlaceKind::from_u8(r.take(1)?[0]).ok_or_else(|| bad("place kind"))?;
            places.push(Place {
                name,
                kind,
                country: r.str()?,
                lat: r.f32()?,
                lon: r.f32()?,
                population: r.u64()?,
                geonames_id: r.u32()?,
            });
        }
        let mut names = FxHashMap::default();
        for _ in 0..r.u32()? {
            let k = r.u64()?;
            let m = r.u32()? as usize;
            let mut v = Vec::with_capacity(m.min(1024));
            for _ in 0..m {
                let i = r.u32()?;
                if i as usize >= places.len() {
                    return Err(bad("place index out of range"));
                }
                v.push(i);
            }
            names.insert(k, v);
        }
        let mut demonyms = FxHashMap::default();
        for _ in 0..r.u32()? {
            let k = r.u64()?;
            let place = r.u32()?;
            if place as usize >= places.len() {
                return Err(bad("demonym index out of range"));
            }
            demonyms.insert(k, Demonym { place });
        }
        let max_words = r.u32()? as usize;
        Ok(Gazetteer { places, names, demonyms, max_words })
    }
}

/// Little-endian writer for the model files of this crate.
pub(crate) struct Writer(pub Vec<u8>);

impl Writer {
    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
}

/// Bounds-checked little-endian reader: truncated or corrupt data is an error, never a panic.
pub(crate) struct Reader<'a> {
    pub b: &'a [u8],
    pub pos: usize,
}

impl<'a> Reader<'a> {
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], crate::Error> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.b.len());
        let end = end.ok_or_else(|| crate::Error::BadModel("truncated model data".into()))?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    pub fn u32(&mut self) -> Result<u32, crate::Error> {
        let mut a = [0u8; 4];
        a.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(a))
    }
    pub fn u64(&mut self) -> Result<u64, crate::Error> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }
    pub fn f32(&mut self) -> Result<f32, crate::Error> {
        Ok(f32::from_bits(self.u32()?))
    }
    pub fn str(&mut self) -> Result<String, crate::Error> {
        let n = self.u32()? as usize;
        let s = self.take(n)?;
        String::from_utf8(s.to_vec()).map_err(|_| crate::Error::BadModel("invalid UTF-8 in model".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_lookup() {
        let places = vec![
            Place { name: "Paris".into(), kind: PlaceKind::City, country: "FR".into(), lat: 48.85, lon: 2.35, population: 2_000_000, geonames_id: 1 },
            Place { name: "Paris".into(), kind: PlaceKind::City, country: "US".into(), lat: 33.6, lon: -95.5, population: 25_000, geonames_id: 2 },
            Place { name: "France".into(), kind: PlaceKind::Country, country: "FR".into(), lat: 46.0, lon: 2.0, population: 60_000_000, geonames_id: 3 },
        ];
        let g = Gazetteer::build(places, &[("Paris".into(), 1), ("Paris".into(), 0), ("France".into(), 2)], &[("French".into(), 2)]);
        let g = Gazetteer::from_bytes(&g.to_bytes()).unwrap();
        assert_eq!(g.places_for(["PARIS"]), &[0, 1]);
        assert_eq!(g.demonym("french").map(|d| d.place), Some(2));
        assert!(g.places_for(["Lyon"]).is_empty());
        assert!(Gazetteer::from_bytes(b"DLGAZ001\xff\xff").is_err());
    }
}
