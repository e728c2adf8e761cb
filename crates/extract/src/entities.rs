//! Entities: mentions merged into article-level entities with canonical names, roles and the
//! credit flag.
//!
//! In: the text, its structure, tokens, NER mentions and the gazetteer. Out: [`Entity`]s in
//! order of first mention; each mention a span into the text.
//! Rules, in order:
//! 1. Mentions inside credits, FX notes and the caption's photo credit are dropped; the
//!    structure's credit names become PERSON entities with `credit: true`, the dateline place
//!    and agency become PLACE and ORG mentions.
//! 2. Words that are never entities (weekdays, months, credit roles, `PHOTO`) and mentions
//!    made only of web-page furniture words (`Article Continued Below`) are dropped;
//!    an ordinal before an ORG joins it (`3rd Separate Assault Brigade`).
//! 3. Types: PER→PERSON, ORG→ORG, LOC→PLACE, MISC→NORP when it is a nationality word
//!    (gazetteer demonyms), else MISC.
//! 4. A name typed ORG, MISC or (unknown to the gazetteer) PLACE that is a PERSON's full name
//!    or its last word becomes that PERSON's mention; PERSON names lose `Mr.`/`Ms.`/`Dr.`.
//!    Canonical names: the longest PERSON mention that ends (or starts) with a one-word
//!    mention names it (`Stoltenberg` → `Jens Stoltenberg`); an all-caps place takes its
//!    gazetteer name (`KYIV` → `Kyiv`); otherwise the mention's own text, whitespace-normalised.
//!    Mentions with the same type and canonical name are one entity. An all-caps ORG name
//!    (`EDC`) joins the one ORG whose capitalised words' initials spell it.
//! 5. Roles: title words before a person (`NATO Secretary General Jens Stoltenberg`,
//!    `Ukrainian President Volodymyr Zelenskiy`) and appositions after one
//!    (`Maria Lopez, the mayor`). A nominal `<ORG> head|chief|leader…` joins the one person
//!    whose role names that organisation (`NATO head` → Jens Stoltenberg).
//! 6. Speakers no mention covers ([`crate::quotes::speaker_candidates`], added by
//!    [`add_speakers`] once the orchestrator has them): an unnamed source
//!    that is the subject of a speech cue and resolves to no named entity becomes an entity
//!    named by its words without the article (singular → PERSON `union representative`,
//!    plural → MISC `South Korean officials`, `refugee advocates`, `police` → ORG); a capitalised 2-4 word name
//!    the tagger missed in that position becomes a PERSON; an organisation name the tagger split
//!    (`Prime Minister's Office`) or missed after `according to` an ORG; the group a `they`
//!    speaker refers to (`Republican senators`) a MISC.

use crate::gazetteer::Gazetteer;
use crate::ner::{Class, Mention};
use crate::span::Span;
use crate::structure::{Structure, ZoneKind};
use crate::text::Tokens;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntityType {
    Person,
    Org,
    Place,
    Norp,
    Misc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub name: String,
    pub ty: EntityType,
    pub roles: Vec<String>,
    /// Named only in bylines, sign-offs or photo credits: not a news actor.
    pub credit: bool,
    /// Mention spans, in text order.
    pub mentions: Vec<Span>,
    /// Gazetteer place index, for PLACE entities that matched.
    pub place: Option<u32>,
}

/// Words that are never entities on their own, besides calendar words ([`never_an_entity`]).
const NEVER: &[&str] = &["photo", "caption", "photo caption", "writing", "editing", "reporting", "additional reporting", "reuters/stringer", "file photo"];

/// A lower-case mention that is no entity: a weekday or month, full or abbreviated (but `may`,
/// as much a name and a modal as a month), or a word of [`NEVER`].
fn never_an_entity(w: &str) -> bool {
    (w != "may" && crate::lexicon::is_calendar_word(w)) || NEVER.contains(&w)
}

/// Words of titles and offices, for roles.
const TITLES: &[&str] = &[
    "president", "vice", "prime", "minister", "secretary", "general", "chancellor", "chief", "executive", "director",
    "spokesman", "spokeswoman", "spokesperson", "senator", "sen.", "rep.", "representative", "gov.", "governor",
    "king", "queen", "prince", "princess", "pope", "chairman", "chairwoman", "chair", "ceo", "mayor", "ambassador",
    "commander", "gen.", "general", "col.", "colonel", "lt.", "lieutenant", "major", "maj.", "capt.", "captain",
    "judge", "justice", "leader", "head", "envoy", "deputy", "foreign", "defence", "defense", "finance", "interior",
    "economy", "trade", "health", "justice", "attorney", "officer", "adviser", "advisor", "analyst", "economist",
    "coach", "manager", "founder", "owner", "editor", "correspondent", "professor", "prof.", "dr.", "premier",
    "speaker", "commissioner", "governor", "treasurer", "admiral", "adm.", "sergeant", "sgt.", "bishop", "archbishop",
    "cardinal", "sheikh", "emir", "sultan", "crown", "first", "lady", "secretary-general", "president-elect",
    "chief executive", "cfo", "coo", "cto", "official", "lawmaker", "mp", "congressman", "congresswoman", "delegate",
    "negotiator", "inspector", "superintendent", "constable", "detective", "marshal", "field",
];

/// Head nouns that make `<ORG> head` a nominal mention of the organisation's leader.
const LEADER_NOUNS: &[&str] = &["head", "chief", "leader", "boss", "secretary general", "secretary-general", "chairman", "president"];

fn is_title(w: &str) -> bool {
    let l = w.to_lowercase();
    TITLES.contains(&l.as_str())
}

struct Draft {
    span: Span,
    ty: EntityType,
    credit: bool,
    name: String,
    place: Option<u32>,
}

/// Rules 1–5: mentions into entities (in the order they were built; [`add_speakers`] adds
/// rule 6 and puts them in order).
pub fn resolve(text: &str, st: &Structure, toks: &Tokens, mentions: &[Mention], gaz: &Gazetteer) -> Vec<Entity> {
    let excluded: Vec<Span> = st
        .zones
        .iter()
        .filter(|z| matches!(z.kind, ZoneKind::Credits | ZoneKind::Fx))
        .map(|z| z.span)
        .chain(st.caption.as_ref().and_then(|c| c.credit))
        .chain(st.dateline.as_ref().map(|d| d.span))
        .collect();
    let mut drafts: Vec<Draft> = Vec::new();

    // 1. Structure-given mentions.
    for c in &st.credits {
        drafts.push(Draft { span: c.name, ty: EntityType::Person, credit: true, name: normalise_ws(c.name.of(text)), place: None });
    }
    if let Some(d) = &st.dateline {
        let place = d.place.trim(text);
        let (name, idx) = place_name(place.of(text), gaz);
        drafts.push(Draft { span: place, ty: EntityType::Place, credit: false, name, place: idx });
        if let Some(a) = d.agency {
            drafts.push(Draft { span: a, ty: EntityType::Org, credit: false, name: normalise_ws(a.of(text)), place: None });
        }
    }

    // 2-3. NER mentions.
    for m in mentions {
        if excluded.iter().any(|x| x.overlaps(m.span)) {
            continue;
        }
        let mut span = m.span;
        let surface = span.of(text);
        if never_an_entity(surface.to_lowercase().trim_end_matches('.')) || !surface.chars().any(char::is_alphabetic) {
            continue;
        }
        // An ordinal right before an ORG belongs to it ("3rd Separate Assault Brigade").
        if m.class == Class::Org && m.first_token > 0 {
            let prev = toks.tokens[m.first_token - 1].span;
            let pw = prev.of(text);
            if is_ordinal(pw) && text.get(prev.end..span.start).is_some_and(|g| g.trim().is_empty()) {
                span = Span::new(prev.start, span.end);
            }
        }
        let surface = span.of(text);
        if is_boilerplate(surface) {
            continue;
        }
        let (ty, name, place) = match m.class {
            Class::Per => (EntityType::Person, normalise_ws(strip_honorific(strip_possessive(surface))), None),
            Class::Org => (EntityType::Org, normalise_ws(strip_possessive(surface)), None),
            Class::Loc => {
                let (n, p) = place_name(strip_possessive(surface), gaz);
                (EntityType::Place, n, p)
            }
            Class::Misc => {
                let ty = if gaz.demonym(surface).is_some() { EntityType::Norp } else { EntityType::Misc };
                (ty, normalise_ws(surface), None)
            }
        };
        drafts.push(Draft { span, ty, credit: false, name, place });
    }
    drafts.sort_by_key(|d| (d.span.start, d.span.end));
    drafts.dedup_by(|a, b| a.span == b.span && a.ty == b.ty);

    // A name the tagger typed ORG, MISC or (a place the gazetteer lacks) PLACE is the person's
    // when the article names a person with it: the full name itself, or its last word
    // (`Damon Green` … `Green quipped`, with `Green` tagged ORG).
    let person_names: Vec<String> =
        drafts.iter().filter(|d| d.ty == EntityType::Person && !d.credit && d.name.contains(' ')).map(|d| d.name.clone()).collect();
    for d in drafts.iter_mut().filter(|d| !d.credit && matches!(d.ty, EntityType::Org | EntityType::Misc | EntityType::Place)) {
        if d.ty == EntityType::Place && d.place.is_some() {
            continue;
        }
        let surname = !d.name.contains(' ')
            && d.name.chars().next().is_some_and(char::is_uppercase)
            && d.name.chars().any(char::is_lowercase)
            && person_names.iter().any(|f| f.rsplit(' ').next() == Some(d.name.as_str()));
        if surname || person_names.contains(&d.name) {
            d.ty = EntityType::Person;
            d.place = None;
        }
    }

    // 4. Canonical person names: a shorter mention takes the full name (in the news text, not
    //    the credits) that ends or starts with it; when several do (`Dorie Greenspan`,
    //    `Michael Greenspan`), the one mentioned most recently before it, else the next one.
    let full: Vec<(usize, String)> = drafts
        .iter()
        .filter(|d| d.ty == EntityType::Person && !d.credit && d.name.contains(' '))
        .map(|d| (d.span.start, d.name.clone()))
        .collect();
    for d in drafts.iter_mut().filter(|d| d.ty == EntityType::Person && !d.credit) {
        let fits = |f: &String| f.len() > d.name.len() && (f.ends_with(&format!(" {}", d.name)) || f.starts_with(&format!("{} ", d.name)));
        let before = full.iter().filter(|(at, f)| *at < d.span.start && fits(f)).last();
        let after = full.iter().find(|(at, f)| *at > d.span.start && fits(f));
        if let Some((_, name)) = before.or(after) {
            // Prefer the longest form of that same person (`Jens Stoltenberg` over `Jens`).
            let longest = full.iter().map(|(_, f)| f).filter(|f| f.ends_with(name.as_str()) || f.starts_with(name.as_str())).max_by_key(|f| f.len());
            d.name = longest.unwrap_or(name).clone();
        }
    }

    // One name, one type: where the tagger gave the same name different types in one article,
    // the type of most of its mentions wins (ties: the first mention's).
    let mut votes: Vec<(String, EntityType, usize, usize)> = Vec::new();
    for (i, d) in drafts.iter().enumerate().filter(|(_, d)| !d.credit) {
        let key = d.name.to_lowercase();
        match votes.iter_mut().find(|v| v.0 == key && v.1 == d.ty) {
            Some(v) => v.2 += 1,
            None => votes.push((key, d.ty, 1, i)),
        }
    }
    for d in drafts.iter_mut().filter(|d| !d.credit && matches!(d.ty, EntityType::Person | EntityType::Org | EntityType::Place)) {
        let key = d.name.to_lowercase();
        let best = votes
            .iter()
            .filter(|v| v.0 == key && matches!(v.1, EntityType::Person | EntityType::Org | EntityType::Place))
            .max_by(|a, b| a.2.cmp(&b.2).then(b.3.cmp(&a.3)));
        if let Some(b) = best {
            d.ty = b.1;
        }
    }

    // Group by (type, canonical name, credit).
    let mut entities: Vec<Entity> = Vec::new();
    for d in drafts {
        let key = d.name.to_lowercase();
        match entities.iter_mut().find(|e| e.ty == d.ty && e.name.to_lowercase() == key) {
            Some(e) => {
                e.mentions.push(d.span);
                e.credit &= d.credit;
                e.place = e.place.or(d.place);
            }
            None => entities.push(Entity { name: d.name, ty: d.ty, roles: Vec::new(), credit: d.credit, mentions: vec![d.span], place: d.place }),
        }
    }

    merge_acronyms(&mut entities);

    // 5. Roles and nominal mentions.
    for e in entities.iter_mut().filter(|e| e.ty == EntityType::Person && !e.credit) {
        for &m in &e.mentions.clone() {
            for r in roles_around(text, toks, m) {
                if !e.roles.iter().any(|x| x.eq_ignore_ascii_case(&r)) {
                    e.roles.push(r);
                }
            }
        }
    }
    attach_nominals(text, toks, &mut entities);
    entities
}

/// Rule 6, and the order of the result: speakers the tagger missed — unnamed sources and names
/// that are the subject of a speech cue, found by the quotes stage's subject rules
/// ([`crate::quotes::speaker_candidates`] over the entities of [`resolve`]) — become mentions
/// of their own; then every entity's mentions are put in text order and the entities in order
/// of first mention.
pub fn add_speakers(mut entities: Vec<Entity>, speakers: Vec<(Span, EntityType, String)>) -> Vec<Entity> {
    for (span, ty, name) in speakers {
        if is_boilerplate(&name) {
            continue;
        }
        let key = name.to_lowercase();
        match entities.iter_mut().find(|e| e.ty == ty && !e.credit && e.name.to_lowercase() == key) {
            Some(e) => e.mentions.push(span),
            None => entities.push(Entity { name, ty, roles: Vec::new(), credit: false, mentions: vec![span], place: None }),
        }
    }
    for e in &mut entities {
        e.mentions.sort();
        e.mentions.dedup();
    }
    entities.sort_by_key(|e| e.mentions.first().map(|s| s.start));
    entities
}

/// The initials of an organisation's name (`Export Development Canada` → `EDC`, `Society of
/// Motor Manufacturers and Traders` → `SMMT`): the first letter of each capitalised word.
pub(crate) fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| w.starts_with(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// An all-caps ORG name (`EDC`) joins the one ORG whose initials spell it.
fn merge_acronyms(entities: &mut Vec<Entity>) {
    let mut i = 0;
    while i < entities.len() {
        let e = &entities[i];
        let n = e.name.trim_start_matches("the ").replace('.', "");
        let acronym = e.ty == EntityType::Org
            && !e.credit
            && (2..=6).contains(&n.len())
            && n.chars().all(|c| c.is_ascii_uppercase());
        if acronym {
            let full: Vec<usize> = (0..entities.len())
                .filter(|&j| j != i && entities[j].ty == EntityType::Org && !entities[j].credit && entities[j].name.contains(' ') && initials(&entities[j].name) == n)
                .collect();
            if let [j] = full[..] {
                let ms = std::mem::take(&mut entities[i].mentions);
                entities[j].mentions.extend(ms);
                entities[j].mentions.sort();
                entities.remove(i);
                continue;
            }
        }
        i += 1;
    }
}

/// Words of web-page furniture (`Article Continued Below`, `Read More`, `Share this`).
const BOILERPLATE: &[&str] = &[
    "article", "continued", "continues", "below", "above", "read", "more", "advertisement", "advertising", "share",
    "comments", "comment", "photo", "photos", "video", "videos", "story", "related", "click", "here", "subscribe",
    "sign", "up", "newsletter", "sponsored", "content", "watch", "listen", "image", "images", "gallery", "next",
    "previous", "top", "stories", "latest", "news", "this", "the", "page", "email", "print", "follow", "us", "on",
];

/// A mention made only of page-furniture words is no entity.
fn is_boilerplate(surface: &str) -> bool {
    let mut n = 0;
    for w in surface.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if !BOILERPLATE.iter().any(|b| b.eq_ignore_ascii_case(w)) {
            return false;
        }
        n += 1;
    }
    n >= 2
}

fn normalise_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_possessive(s: &str) -> &str {
    s.strip_suffix("'s").or_else(|| s.strip_suffix("’s")).unwrap_or(s).trim_end()
}

/// A person's name without a leading courtesy title (`Mr. Scheer` → `Scheer`), so that it
/// joins the full name.
fn strip_honorific(s: &str) -> &str {
    for h in ["Mr. ", "Mrs. ", "Ms. ", "Mr ", "Mrs ", "Ms ", "Dr. ", "Miss "] {
        if let Some(rest) = s.strip_prefix(h) {
            if rest.starts_with(char::is_uppercase) {
                return rest.trim_start();
            }
        }
    }
    s
}

fn is_ordinal(w: &str) -> bool {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && matches!(&w[digits.len()..], "st" | "nd" | "rd" | "th")
}

/// The gazetteer's name for a place mention, with title case for all-caps forms it lacks.
fn place_name(surface: &str, gaz: &Gazetteer) -> (String, Option<u32>) {
    let words: Vec<&str> = surface.split_whitespace().collect();
    if let Some(&i) = gaz.places_for(words.iter().copied()).first() {
        let p = &gaz.places[i as usize];
        // Keep the article's own spelling unless it is all caps.
        let all_caps = !surface.chars().any(char::is_lowercase);
        let name = if all_caps { p.name.clone() } else { normalise_ws(surface) };
        return (name, Some(i));
    }
    if !surface.chars().any(char::is_lowercase) && surface.chars().filter(|c| c.is_alphabetic()).count() > 3 {
        return (title_case(surface), None);
    }
    (normalise_ws(surface), None)
}

fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Token index of the token starting at byte `start`, if any.
fn token_at(toks: &Tokens, start: usize) -> Option<usize> {
    toks.tokens.binary_search_by_key(&start, |t| t.span.start).ok()
}

fn sentence_of(toks: &Tokens, tok: usize) -> Option<std::ops::Range<usize>> {
    toks.sentences.iter().find(|s| s.tokens.contains(&tok)).map(|s| s.tokens.clone())
}

/// Roles written before (`Ukrainian President Volodymyr Zelenskiy`) or after
/// (`Maria Lopez, the mayor,`) a person mention.
fn roles_around(text: &str, toks: &Tokens, m: Span) -> Vec<String> {
    let mut out = Vec::new();
    let Some(first) = token_at(toks, m.start) else { return out };
    let Some(sent) = sentence_of(toks, first) else { return out };
    // Before: a run of capitalised words or title words, containing a title word.
    let mut i = first;
    let mut has_title = false;
    while i > sent.start {
        let w = toks.tokens[i - 1].span.of(text);
        let title = is_title(w);
        let cap = w.chars().next().is_some_and(char::is_uppercase);
        if !(title || cap || w == "'s" || w == "’s") || first - (i - 1) > 6 {
            break;
        }
        has_title |= title;
        i -= 1;
    }
    // Drop leading words that are not part of the title run (e.g. a sentence-initial "The").
    while i < first && matches!(toks.tokens[i].span.of(text), "The" | "the" | "A" | "An" | "'s" | "’s") {
        i += 1;
    }
    if has_title && i < first {
        let span = Span::new(toks.tokens[i].span.start, toks.tokens[first - 1].span.end);
        let role = normalise_ws(span.of(text));
        if role.split_whitespace().any(is_title) {
            out.push(role);
        }
    }
    // After: ", [the|a] <up to 6 words with a title word> [,|.]".
    let Some(last) = toks.tokens.iter().position(|t| t.span.end == m.end) else { return out };
    if last + 2 < sent.end && toks.tokens[last + 1].span.of(text) == "," {
        let mut j = last + 2;
        if matches!(toks.tokens[j].span.of(text), "the" | "a" | "an") {
            j += 1;
        }
        let start = j;
        while j < sent.end && j - start < 7 && !matches!(toks.tokens[j].span.of(text), "," | "." | ";" | "said" | "says") {
            j += 1;
        }
        if j > start && j < sent.end + 1 && j - start < 7 {
            let words: Vec<&str> = toks.tokens[start..j].iter().map(|t| t.span.of(text)).collect();
            let ends_in_title = words.last().is_some_and(|w| is_title(w));
            if ends_in_title && words.iter().all(|w| !w.chars().all(|c| c.is_ascii_digit())) {
                let span = Span::new(toks.tokens[start].span.start, toks.tokens[j - 1].span.end);
                out.push(normalise_ws(span.of(text)));
            }
        }
    }
    out
}

/// `<ORG> head|chief|…` becomes a mention of the one person whose role names that ORG.
fn attach_nominals(text: &str, toks: &Tokens, entities: &mut [Entity]) {
    let orgs: Vec<(String, Vec<Span>)> =
        entities.iter().filter(|e| e.ty == EntityType::Org).map(|e| (e.name.clone(), e.mentions.clone())).collect();
    for (org, spans) in orgs {
        let holders: Vec<usize> = entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.ty == EntityType::Person && !e.credit && e.roles.iter().any(|r| r.split_whitespace().any(|w| w.trim_end_matches("'s") == org)))
            .map(|(i, _)| i)
            .collect();
        let [holder] = holders[..] else { continue };
        for s in spans {
            let Some(t) = toks.tokens.iter().position(|t| t.span.end == s.end) else { continue };
            for noun in LEADER_NOUNS {
                let n = noun.split_whitespace().count();
                if t + n >= toks.tokens.len() {
                    continue;
                }
                let words: Vec<&str> = toks.tokens[t + 1..=t + n].iter().map(|x| x.span.of(text)).collect();
                if words.join(" ").eq_ignore_ascii_case(noun) && words[0].chars().next().is_some_and(char::is_lowercase) {
                    let span = Span::new(s.start, toks.tokens[t + n].span.end);
                    entities[holder].mentions.push(span);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_and_title_case() {
        assert!(is_ordinal("3rd") && is_ordinal("82nd") && !is_ordinal("3") && !is_ordinal("rd"));
        assert_eq!(title_case("NEW YORK"), "New York");
        assert_eq!(strip_possessive("Ukraine's"), "Ukraine");
        assert_eq!(strip_honorific("Mr. Scheer"), "Scheer");
        assert_eq!(strip_honorific("Mr."), "Mr.");
        assert!(is_boilerplate("Article Continued Below") && is_boilerplate("READ MORE"));
        assert!(!is_boilerplate("Story") && !is_boilerplate("Read Smith"));
        assert_eq!(initials("Society of Motor Manufacturers and Traders"), "SMMT");
        assert_eq!(initials("Export Development Canada"), "EDC");
    }
}
