//! NER features.
//!
//! In: the words of one sentence, the document context and the lexical resources.
//! Out: for every word, a list of 64-bit feature hashes (template id mixed with a value).
//! Rule: the feature set of Ratinov & Roth (2009) for a linear tagger.
//! - Local ([`local_features`], both stages): the word and its neighbours (±2), bigrams,
//!   prefixes (1–4 chars) and suffixes (1–5 chars), word shapes, word clusters learnt from raw
//!   news, gazetteer matches (GeoNames places, demonyms), name-list matches (persons and
//!   organisations from the PETRARCH2/Phoenix actor dictionaries: full names, first and last
//!   names), and document-level case evidence.
//! - Non-local ([`nonlocal_features`], second stage only): the first stage's labels of the word
//!   and its neighbours; for a capitalised word, the classes stage 1 gave its other occurrences
//!   in the document, and the class and role (single, first, last, middle word) of the stage-1
//!   entities it is part of elsewhere ("Stoltenberg" inside "Jens Stoltenberg"); for a word in a
//!   stage-1 entity, the class stage 1 gave most often to the same phrase elsewhere.
//!
//! Nothing is allocated per word for ASCII text; hashes are stable (see `crate::hash`).

use crate::gazetteer::{Gazetteer, PlaceKind};
use crate::hash::{combine, fnv_step, mix, phrase_hash, FNV_OFFSET, PHRASE_SEED};
use super::{chunks, label_class, Label};
use rustc_hash::{FxHashMap, FxHashSet};

/// Word clusters at several granularities (coarse to fine), keyed by the lower-case word hash.
pub type Clusters = FxHashMap<u64, [u16; 3]>;

/// Name lists: phrase hash ([`phrase_hash`] of the lower-case words) → `NAME_*` bits.
pub type Names = FxHashMap<u64, u8>;

/// A person's full name (in the name lists).
pub const NAME_PER: u8 = 1;
/// An organisation's full name.
pub const NAME_ORG: u8 = 2;
/// The first word of at least two persons' names.
pub const NAME_FIRST: u8 = 4;
/// The last word of a person's name.
pub const NAME_LAST: u8 = 8;
/// On a word: not the first word of a multi-word full-name match.
const NAME_INSIDE: u8 = 16;

/// Per-word attributes computed once and shared by all templates.
#[derive(Clone, Copy, Default)]
struct Attrs {
    lower: u64,
    exact: u64,
    shape: u64,
    pre: [u64; 4],
    suf: [u64; 5],
    clusters: [u16; 3],
    /// Gazetteer bits, see `GAZ_*`.
    gaz: u32,
    /// Name-list bits, see `NAME_*`.
    names: u8,
    cap: bool,
    /// A capitalised word whose lower-case form also occurs lower-case in the document.
    lower_in_doc: bool,
}

const GAZ_B: u32 = 1; // begins a multi-word match
const GAZ_I: u32 = 2; // inside one
const GAZ_COUNTRY: u32 = 4;
const GAZ_CITY: u32 = 8;
const GAZ_ADM1: u32 = 16;
const GAZ_CONTINENT: u32 = 32;
const GAZ_DEMONYM: u32 = 64;
const GAZ_BIGCITY: u32 = 128;

/// Lower-case forms that occur lower-case somewhere in a document.
#[derive(Default)]
pub struct DocContext {
    lower_seen: FxHashSet<u64>,
}

impl DocContext {
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> DocContext {
        let mut lower_seen = FxHashSet::default();
        for w in words {
            if w.chars().next().is_some_and(char::is_lowercase) {
                lower_seen.insert(crate::hash::lower_hash(w));
            }
        }
        DocContext { lower_seen }
    }
}

/// Everything the features read besides the words.
pub struct Resources<'a> {
    pub gazetteer: &'a Gazetteer,
    pub clusters: &'a Clusters,
    pub names: &'a Names,
}

/// Maps typographic variants to the ASCII forms CoNLL uses.
pub fn normalise(w: &str) -> &str {
    match w {
        "“" | "”" | "„" | "«" | "»" | "''" | "``" => "\"",
        "‘" | "’" | "‚" => "'",
        "’s" | "’S" => "'s",
        "—" | "–" | "--" => "-",
        "n’t" => "n't",
        _ => w,
    }
}

fn attrs(word: &str, ctx: &DocContext, res: &Resources) -> Attrs {
    let word = normalise(word);
    let mut a = Attrs::default();
    let mut exact = FNV_OFFSET;
    let mut lower = FNV_OFFSET;
    let mut shape = FNV_OFFSET;
    let mut last_shape = 0u8;
    let mut shape_len = 0;
    let mut n = 0;
    let mut buf = [0u8; 4];
    if word.is_ascii() {
        // The same hashes as the general loop below, byte by byte (most news words).
        let bytes = word.as_bytes();
        for (k, &b) in bytes.iter().enumerate() {
            let sc = match b {
                b'A'..=b'Z' => b'X',
                b'a'..=b'z' => b'x',
                b'0'..=b'9' => b'd',
                _ => b,
            };
            shape_char(&mut a, &mut shape, &mut last_shape, &mut shape_len, k, sc);
            exact = fnv_step(exact, b);
            lower = fnv_step(lower, b.to_ascii_lowercase());
            if k < 4 {
                a.pre[k] = lower;
            }
        }
        n = bytes.len();
        let mut h = FNV_OFFSET;
        for (k, &b) in bytes.iter().rev().take(5).enumerate() {
            h = fnv_step(h, b.to_ascii_lowercase());
            a.suf[k] = h;
        }
        return finish_attrs(a, lower, exact, shape, n, ctx, res);
    }
    for c in word.chars() {
        let sc = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_ascii_digit() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'?'
        };
        shape_char(&mut a, &mut shape, &mut last_shape, &mut shape_len, n, sc);
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            exact = fnv_step(exact, b);
        }
        for lc in c.to_lowercase() {
            for &b in lc.encode_utf8(&mut buf).as_bytes() {
                lower = fnv_step(lower, b);
            }
        }
        if n < 4 {
            a.pre[n] = lower;
        }
        n += 1;
    }
    // Suffixes: hash the last 1..5 chars from the end.
    let mut h = FNV_OFFSET;
    for (k, c) in word.chars().rev().take(5).enumerate() {
        for lc in c.to_lowercase() {
            for &b in lc.encode_utf8(&mut buf).as_bytes() {
                h = fnv_step(h, b);
            }
        }
        a.suf[k] = h;
    }
    finish_attrs(a, lower, exact, shape, n, ctx, res)
}

/// Adds character class `sc` of the word's `k`-th character to its shape: runs collapse, at most
/// 8 classes; the first decides `cap`.
#[inline]
fn shape_char(a: &mut Attrs, shape: &mut u64, last: &mut u8, len: &mut usize, k: usize, sc: u8) {
    if k == 0 {
        a.cap = sc == b'X';
    }
    if sc != *last && *len < 8 {
        *shape = fnv_step(*shape, sc);
        *len += 1;
        *last = sc;
    }
}

/// The word-level hashes and lookups shared by both paths of [`attrs`].
#[inline]
fn finish_attrs(mut a: Attrs, lower: u64, exact: u64, shape: u64, n: usize, ctx: &DocContext, res: &Resources) -> Attrs {
    a.lower = mix(lower);
    a.exact = mix(exact);
    a.shape = mix(shape ^ (n.min(4) as u64));
    if let Some(c) = res.clusters.get(&a.lower) {
        a.clusters = *c;
    }
    a.lower_in_doc = a.cap && ctx.lower_seen.contains(&a.lower);
    a
}

/// Marks gazetteer matches (longest first) on the words of a sentence.
fn gazetteer_bits(words: &[&str], attrs: &mut [Attrs], gaz: &Gazetteer) {
    let max = gaz.max_words.clamp(1, 6);
    let mut i = 0;
    while i < words.len() {
        let mut matched = 0;
        // `phrase_hash` of the (normalised) words i..i+n, from their lower-case hashes
        // (`Attrs::lower` is `lower_hash` of the normalised word).
        let mut prefix = [0u64; 7];
        let longest = max.min(words.len() - i);
        let mut h = PHRASE_SEED;
        for n in 1..=longest {
            h = combine(h, attrs[i + n - 1].lower);
            prefix[n] = h;
        }
        for n in (1..=longest).rev() {
            if let Some(&p) = gaz.places_for_hash(prefix[n]).first() {
                let place = &gaz.places[p as usize];
                let kind = match place.kind {
                    PlaceKind::Country => GAZ_COUNTRY,
                    PlaceKind::City if place.population >= 1_000_000 => GAZ_CITY | GAZ_BIGCITY,
                    PlaceKind::City => GAZ_CITY,
                    PlaceKind::Adm1 => GAZ_ADM1,
                    PlaceKind::Continent => GAZ_CONTINENT,
                };
                for (k, a) in attrs[i..i + n].iter_mut().enumerate() {
                    a.gaz |= kind | if k == 0 { GAZ_B } else { GAZ_I };
                }
                matched = n;
                break;
            }
        }
        if matched == 0 {
            if gaz.demonym_hash(prefix[1]).is_some() {
                attrs[i].gaz |= GAZ_DEMONYM;
            }
            i += 1;
        } else {
            i += matched;
        }
    }
}

/// Marks name-list matches on the capitalised words of a sentence: first/last-name bits of
/// single words, and the longest full person/organisation name (up to 4 words) starting at each.
fn name_bits(attrs: &mut [Attrs], names: &Names) {
    if names.is_empty() {
        return;
    }
    let mut i = 0;
    while i < attrs.len() {
        if !attrs[i].cap {
            i += 1;
            continue;
        }
        let mut h = PHRASE_SEED;
        let mut best = (1, 0);
        for n in 1..=4.min(attrs.len() - i) {
            h = combine(h, attrs[i + n - 1].lower);
            if let Some(&b) = names.get(&h) {
                if n == 1 {
                    attrs[i].names |= b & (NAME_FIRST | NAME_LAST);
                }
                if b & (NAME_PER | NAME_ORG) != 0 {
                    best = (n, b & (NAME_PER | NAME_ORG));
                }
            }
        }
        for (k, a) in attrs[i..i + best.0].iter_mut().enumerate() {
            a.names |= best.1 | if k > 0 { NAME_INSIDE } else { 0 };
        }
        i += if best.1 != 0 { best.0 } else { 1 };
    }
}

/// What the first-stage tagger said about a document, for the second stage's non-local
/// features (Ratinov & Roth 2009, "extended prediction history" over the whole document).
#[derive(Default)]
pub struct DocStats {
    /// Lower-case word → how often stage 1 tagged a capitalised occurrence O/PER/ORG/LOC/MISC.
    classes: FxHashMap<u64, [u16; 5]>,
    /// Lower-case capitalised word → how often it was in a stage-1 entity of each class in each
    /// role (`4 * class + role`, role: single word, first, last, middle of a longer one).
    roles: FxHashMap<u64, [u16; 16]>,
    /// Lower-case phrase of a stage-1 entity → how often stage 1 gave each class to it.
    phrases: FxHashMap<u64, [u16; 4]>,
}

/// Role of word `k` in the entity `a..b`: 0 single, 1 first, 2 last, 3 middle.
fn role(a: usize, b: usize, k: usize) -> usize {
    if b - a == 1 {
        0
    } else if k == a {
        1
    } else if k + 1 == b {
        2
    } else {
        3
    }
}

fn class_slot(l: Label) -> usize {
    label_class(l).map_or(0, |c| c as usize + 1)
}

impl DocStats {
    pub fn new<'a>(sentences: impl IntoIterator<Item = (&'a [&'a str], &'a [Label])>) -> DocStats {
        let mut classes: FxHashMap<u64, [u16; 5]> = FxHashMap::default();
        let mut roles: FxHashMap<u64, [u16; 16]> = FxHashMap::default();
        let mut phrases: FxHashMap<u64, [u16; 4]> = FxHashMap::default();
        for (words, labels) in sentences {
            for (w, &l) in words.iter().zip(labels) {
                if w.chars().next().is_some_and(char::is_uppercase) {
                    let e = classes.entry(crate::hash::lower_hash(w)).or_default();
                    e[class_slot(l)] = e[class_slot(l)].saturating_add(1);
                }
            }
            for (a, b, class) in chunks(labels) {
                let e = phrases.entry(phrase_hash(words[a..b].iter().copied())).or_default();
                e[class as usize] = e[class as usize].saturating_add(1);
                for (k, w) in words.iter().enumerate().take(b).skip(a) {
                    if w.chars().next().is_some_and(char::is_uppercase) {
                        let e = roles.entry(crate::hash::lower_hash(w)).or_default();
                        let slot = 4 * class as usize + role(a, b, k);
                        e[slot] = e[slot].saturating_add(1);
                    }
                }
            }
        }
        DocStats { classes, roles, phrases }
    }
}

/// Stage-1 labels of one sentence and the document's statistics.
pub struct NonLocal<'a> {
    pub labels: &'a [Label],
    pub stats: &'a DocStats,
}

/// Appends the local (first-stage) feature hashes of every word of a sentence to `out`, and
/// `words.len() + 1` offsets to `offsets`: word i's features are `out[offsets[k+i]..offsets[k+i+1]]`
/// for the `k = offsets.len()` on entry.
/// What the second stage needs of a word's local attributes (kept from the first pass so that
/// they are computed once per word).
#[derive(Clone, Copy, Debug, Default)]
pub struct WordKey {
    lower: u64,
    shape: u64,
    cap: bool,
}

/// Local features of a sentence; also appends each word's [`WordKey`] to `keys`.
pub fn local_features(words: &[&str], ctx: &DocContext, res: &Resources, out: &mut Vec<u64>, offsets: &mut Vec<u32>, keys: &mut Vec<WordKey>) {
    let mut at: Vec<Attrs> = words.iter().map(|w| attrs(w, ctx, res)).collect();
    keys.extend(at.iter().map(|a| WordKey { lower: a.lower, shape: a.shape, cap: a.cap }));
    gazetteer_bits(words, &mut at, res.gazetteer);
    name_bits(&mut at, res.names);
    // An all-caps sentence (a headline) makes case evidence unreliable.
    let letters_upper = words.iter().all(|w| !w.chars().any(char::is_lowercase));
    let none = Attrs { lower: 0xdead, exact: 0xdead, shape: 0xbeef, ..Attrs::default() };
    let get = |i: isize| if i < 0 { &none } else { at.get(i as usize).unwrap_or(&none) };
    out.reserve(at.len() * 56);
    for i in 0..at.len() {
        offsets.push(out.len() as u32);
        let ii = i as isize;
        let (p2, p1, c, n1, n2) = (get(ii - 2), get(ii - 1), &at[i], get(ii + 1), get(ii + 2));
        let mut f = |t: u64, v: u64| out.push(combine(t, v));
        f(1, 0);
        f(2, c.lower);
        f(3, c.exact);
        f(4, p1.lower);
        f(5, n1.lower);
        f(6, p2.lower);
        f(7, n2.lower);
        f(8, c.shape);
        f(9, p1.shape);
        f(10, n1.shape);
        f(11, combine(p1.shape, c.shape));
        f(12, combine(c.shape, n1.shape));
        f(13, combine(p1.lower, c.lower));
        f(14, combine(c.lower, n1.lower));
        f(15, combine(p1.shape, combine(c.shape, n1.shape)));
        for k in 0..4 {
            if c.pre[k] != 0 {
                f(20 + k as u64, c.pre[k]);
            }
            if c.suf[k] != 0 {
                f(24 + k as u64, c.suf[k]);
            }
        }
        if c.suf[4] != 0 {
            f(28, c.suf[4]);
        }
        for k in 0..3 {
            f(30 + k as u64, c.clusters[k] as u64);
            f(33 + k as u64, p1.clusters[k] as u64);
            f(36 + k as u64, n1.clusters[k] as u64);
        }
        f(39, combine(p1.clusters[1] as u64, c.clusters[1] as u64));
        f(40, combine(c.clusters[1] as u64, n1.clusters[1] as u64));
        f(41, c.gaz as u64);
        f(42, p1.gaz as u64);
        f(43, n1.gaz as u64);
        f(44, combine(c.gaz as u64, c.shape));
        f(45, (i == 0) as u64 | (letters_upper as u64) << 1 | (c.cap as u64) << 2);
        if letters_upper {
            f(46, c.lower);
        }
        f(47, c.lower_in_doc as u64 | (i == 0) as u64 * 2);
        f(48, combine(p1.lower, c.shape));
        f(49, combine(c.shape, n1.lower));
        f(50, combine(c.exact, n1.shape));
        if c.names | p1.names | n1.names != 0 {
            f(51, combine(c.names as u64, c.cap as u64));
            f(52, combine(p1.names as u64, n1.names as u64));
        }
    }
    offsets.push(out.len() as u32);
}

/// Appends the second stage's non-local feature hashes of every word of a sentence, laid out as
/// by [`local_features`]; the second stage scores both lists.
/// `keys` are the sentence's words' keys from [`local_features`].
pub fn nonlocal_features(words: &[&str], keys: &[WordKey], nl: &NonLocal, out: &mut Vec<u64>, offsets: &mut Vec<u32>) {
    // Each word's stage-1 entity: (class, role, phrase hash of the entity).
    let mut own_entity: Vec<Option<(usize, usize, u64)>> = vec![None; words.len()];
    for (a, b, class) in chunks(nl.labels) {
        let h = phrase_hash(words[a..b].iter().copied());
        for (k, e) in own_entity.iter_mut().enumerate().take(b).skip(a) {
            *e = Some((class as usize, role(a, b, k), h));
        }
    }
    for i in 0..words.len() {
        offsets.push(out.len() as u32);
        let ii = i as isize;
        let c = keys.get(i).copied().unwrap_or_default();
        let mut f = |t: u64, v: u64| out.push(combine(t, v));
        let own = nl.labels.get(i).copied().unwrap_or(0);
        let lab = |j: isize| if j < 0 { 99 } else { nl.labels.get(j as usize).map_or(99, |&l| l as u64) };
        f(60, own as u64);
        f(61, lab(ii - 1));
        f(62, lab(ii + 1));
        f(63, combine(own as u64, c.shape));
        if c.cap {
            if let Some(counts) = nl.stats.classes.get(&c.lower) {
                let mut others = *counts;
                let slot = class_slot(own);
                others[slot] = others[slot].saturating_sub(1);
                let mut best = 0;
                for k in 0..5 {
                    if others[k] > 0 {
                        f(64 + k as u64, 1);
                    }
                    if others[k] > others[best] {
                        best = k;
                    }
                }
                if others.iter().any(|&v| v > 0) {
                    f(70, best as u64);
                    f(71, combine(best as u64, own as u64));
                }
            }
            if let Some(counts) = nl.stats.roles.get(&c.lower) {
                let mut others = *counts;
                if let Some((cl, r, _)) = own_entity[i] {
                    others[4 * cl + r] = others[4 * cl + r].saturating_sub(1);
                }
                for (k, &v) in others.iter().enumerate() {
                    if v > 0 {
                        f(72, k as u64);
                    }
                }
            }
        }
        if let Some((cl, r, h)) = own_entity[i] {
            if let Some(counts) = nl.stats.phrases.get(&h) {
                let mut others = *counts;
                others[cl] = others[cl].saturating_sub(1);
                let best = (0..4).max_by_key(|&k| (others[k], 4 - k)).unwrap_or(0);
                if others[best] > 0 {
                    f(73, combine(best as u64, combine(cl as u64, r as u64)));
                }
            }
        }
    }
    offsets.push(out.len() as u32);
}

/// All feature hashes of every word of a sentence (local, then non-local ones if `nonlocal` is
/// given): `out[offsets[i]..offsets[i+1]]` are word i's. For training; tagging keeps the two
/// lists apart so that the second stage reuses the first stage's local features.
pub fn sentence_features(
    words: &[&str],
    ctx: &DocContext,
    res: &Resources,
    nonlocal: Option<&NonLocal>,
    out: &mut Vec<u64>,
    offsets: &mut Vec<u32>,
) {
    out.clear();
    offsets.clear();
    let mut keys = Vec::with_capacity(words.len());
    local_features(words, ctx, res, out, offsets, &mut keys);
    if let Some(nl) = nonlocal {
        let (mut nf, mut no) = (Vec::new(), Vec::new());
        nonlocal_features(words, &keys, nl, &mut nf, &mut no);
        let (lf, lo) = (std::mem::take(out), std::mem::take(offsets));
        for i in 0..words.len() {
            offsets.push(out.len() as u32);
            out.extend_from_slice(&lf[lo[i] as usize..lo[i + 1] as usize]);
            out.extend_from_slice(&nf[no[i] as usize..no[i + 1] as usize]);
        }
        offsets.push(out.len() as u32);
    }
}
