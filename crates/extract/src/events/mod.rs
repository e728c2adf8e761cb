//! Event coding: who did what to whom (CAMEO codes, PLOVER types), one sentence at a time.
//!
//! In: the text, its sentences and tokens, the resolved entities, the dates, the publication
//! date and a compiled [`dict::Dict`] (`models/cameo.bin`, in [`crate::Models`]). Out: [`Event`]s with
//! source/target actor codes (linked to entity indexes), CAMEO code, PLOVER type and mode,
//! QuadClass, Goldstein score, the sentence span, the date, the location and the
//! negated/hypothetical flags.
//! Rule: a shallow parse of our own (see [`parse`]): actor noun-phrase groups from the actor
//! and agent dictionaries (and from entity mentions whose first dictionary-coded mention gave
//! them a code), verbs from the verb dictionary (a verb after a determiner, possessive,
//! nationality adjective or lower-case `-ary`/`-ic`/`-ical` adjective is a noun: `military
//! support`), the verb's block patterns matched over the words after
//! (and before) it, the source as the nearest actor group before the verb in its clause (or
//! after `by`, else `from`, in a passive), the target as the first actor group after it (or
//! the pattern's `+`); a verb right after `and` (`… on Thursday and promised aid to Y`)
//! shares the previous verb's subject. A passive (`was attacked by X`, also past adverbs:
//! `was fiercely opposed by X`) takes its source from `by` and has none without it (no event);
//! its subject is the verb's object, also for the patterns (`civilians … were released by X`
//! matches `RELEASE * &PEOPLE` → 0841), and may then be a country-less agent. Agents take their country from an `of`/`from`/`in`
//! phrase (`soldiers from Gondor` → GONMIL), from a conjoined demonym (`US and British
//! activists` → USAOPP), or from the actor before their modifiers (`Turkey's former security
//! officials` → TURCOP); an international organisation takes an agent too (`UN troops` →
//! IGOUNOMIL). PETRARCH's verb rules: a reported attack is an accusation of the
//! attacker by the sayer (`~ a (b . ATTACK) SAY = a b 112`) or, with a pronoun subject, a claim
//! (015; a planned one replaces the attack); an appeal/intent verb followed by `[X] to` +
//! cooperative verb is combined (`asking Obama to help Iran` → 023); a conflictual verb governs
//! the verb it introduces, and reaches through it for its object when it has none
//! (`threatened to cut off electricity to X` → 13x on X); `…, killing X` shares the main
//! subject. A dictionary code with a reverse part (`[042:043]`: X visits Y, Y hosts X;
//! `[:173]` the reverse only) codes both events; without one, `meet` (031) and talks `with`
//! (046) are coded both ways. A compound subject right before its verb and with no object
//! acts on itself, each conjunct on the others (`Brazil and the United States are seeking to
//! deepen a partnership` → 031 both ways; not for uses of force, passives, or the objects of
//! an earlier verb). An event noun is dropped when a verb codes the same pair.
//! Refinements (only where no dictionary pattern decided the code): a use of force (190) with
//! drones, missiles or air strikes nearby is aerial (195), with artillery, mortars or shelling
//! artillery (194); an appeal (020) `for` aid names the aid (`need for more air defence` →
//! 0233 military, 0234 humanitarian, 0231 economic). An appeal with no addressee in its
//! sentence is addressed to the requester's interlocutor (the other side of the article's
//! latest 04 event with an actor of the requester's country), else dropped. A participle
//! right after a common noun and without an object (`a member jailed over a year ago`) is a
//! reduced relative (also after a country-less agent: `victims killed by`): its source only
//! from `by`. A passive's `by` is looked for up to 8 words
//! on. A finite `said` reporting someone else's attack replaces it by the accusation (112); a
//! `, saying …` participle keeps both; never across `after`/`before`/`since`/`when`.
//! `wants to help` (nobody asked in between) is an intent (03x), `asks X to help` an appeal
//! (02x). Receiving or hosting (043) codes the visit (042) back. A negated cooperation is a
//! refusal, not negated: 04 → 125, 05/06/07 → 121, 08 → 124. Targets must have a country or
//! organisation (no `---PPL` people; the accused of a reported attack may be an agent alone),
//! codes only letters and digits.
//! Actor codes: [`Actor::code`] is the compact analyst form (NATO `IGONAT`, see
//! [`compact_code`]), [`Actor::dictionary_code`] the Phoenix dictionaries' own (`IGOWSTNAT`);
//! the record carries both (`code`, `dictionary_code`), evaluation compares the latter.
//! PLOVER type: the code's (CAMEO2PLOVER), except that a hypothetical (promised, planned)
//! cooperation is AGREE and a hypothetical material conflict THREATEN.
//! Discards (PETRARCH's list, see [`dict::Discard`]): a sentence holding a discard phrase
//! (`baseball`, `months later`) is not coded; a story-level one (`typhoon`, `World Golf
//! Championships`) leaves the whole article uncoded.
//! Body sentences only; both actors required; no event of an actor on itself. A
//! verb under `not`/`no`/`never`/`denied`/`no evidence` is `negated`; one under
//! `will`/`would`/`could`/`may`/`might`/`plans to`/`threatened to`/`if` is `hypothetical`.
//! The date is the sentence's first resolved day-precision date, else the publication date;
//! the location the nearest PLACE entity after `in`/`at`/`to`/`near` in the sentence.


pub mod dict;
pub mod eval;
pub mod parse;

use crate::dates::{DateMention, Precision};
use crate::entities::{Entity, EntityType};
use crate::span::Span;
use crate::structure::ZoneKind;
use crate::text::Tokens;
use crate::{Diagnostic, Stage};
use dict::Dict;
use jiff::civil::Date;

#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    /// CAMEO actor code in the compact analyst style (`UKRGOV`, `IGONAT`): see [`compact_code`].
    pub code: String,
    /// The code as the dictionaries give it (`IGOWSTNAT`); evaluation against PETRARCH gold
    /// compares these.
    pub dictionary_code: String,
    /// Index into the entities, when an entity mention lies in the actor's words.
    pub entity: Option<usize>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub cameo: String,
    /// PLOVER type (empty for CAMEO 01 statements, which PLOVER does not code).
    pub plover: String,
    pub mode: String,
    pub quad_class: u8,
    pub goldstein: f64,
    pub source: Actor,
    pub target: Actor,
    /// The sentence coded.
    pub span: Span,
    /// The verb (or event noun) that triggered the event.
    pub trigger: Span,
    pub date: Option<Date>,
    /// Entity index of the location (a PLACE).
    pub location: Option<usize>,
    pub negated: bool,
    pub hypothetical: bool,
}

/// CAMEO QuadClass: 1 verbal cooperation (01–05), 2 material cooperation (06–09), 3 verbal
/// conflict (10–14), 4 material conflict (15–20).
pub fn quad_class(code: &str) -> u8 {
    match code.get(..2).and_then(|r| r.parse::<u8>().ok()) {
        Some(1..=5) => 1,
        Some(6..=9) => 2,
        Some(10..=14) => 3,
        Some(15..=20) => 4,
        _ => 0,
    }
}

/// CAMEO regions that the Phoenix dictionaries put between an organisation type and its
/// own code (`IGO` + `WST` + `NAT`).
const REGIONS: &[&str] = &[
    "WST", "EUR", "EEU", "CEU", "AFR", "EAF", "WAF", "SAF", "NAF", "CFR", "ASA", "SAS", "SEA", "CAS", "MEA", "PGS", "MDT", "SAM", "LAM",
    "NMR", "CRB", "BLK", "CAU", "SCN", "EIN",
];

/// The compact analyst form of a dictionary actor code: an international organisation's
/// region segment is dropped when the organisation's own code follows it (`IGOWSTNAT` →
/// `IGONAT`, `IGOEUREEC` → `IGOEEC`, `NGOAFRHRI` → `NGOHRI`, `IMGSEAMUS` → `IMGMUS`). Country
/// codes, `IGOUNO…` and bare `IGOEUR` are unchanged.
pub fn compact_code(code: &str) -> String {
    let (Some(head), Some(region)) = (code.get(..3), code.get(3..6)) else { return code.to_string() };
    if matches!(head, "IGO" | "NGO" | "IMG") && code.len() >= 9 && REGIONS.contains(&region) {
        return format!("{head}{}", code.get(6..).unwrap_or(""));
    }
    code.to_string()
}

/// Codes the sentences of an article (the body's only, with `body_only`). What the discard
/// list kept from being coded is said in `diagnostics`.
#[allow(clippy::too_many_arguments)]
pub fn code(
    text: &str,
    toks: &Tokens,
    entities: &[Entity],
    dates: &[DateMention],
    published: Option<Date>,
    dict: &Dict,
    body_only: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Event> {
    let first_note = diagnostics.len();
    let day = published.map(|d| d.year() as u32 * 10000 + d.month() as u32 * 100 + d.day() as u32).unwrap_or(u32::MAX);
    let doc = parse::Doc::new(text, toks, entities, dict, day);
    // PETRARCH's discard list: sentences (or, for a story-level phrase, whole articles) about
    // sports, weather, history are not coded. Looked for once the article has an event.
    let mut discarded: Option<Vec<Option<bool>>> = None;
    let mut out = Vec::new();
    for (si, s) in toks.sentences.iter().enumerate() {
        if body_only && s.zone != ZoneKind::Body {
            continue;
        }
        let coded = parse::code_sentence(&doc, si);
        if coded.is_empty() {
            continue;
        }
        let discards = discarded.get_or_insert_with(|| {
            toks.sentences
                .iter()
                .map(|s| {
                    let words = doc.words.get(..s.tokens.end).unwrap_or(&doc.words);
                    s.tokens.clone().filter_map(|i| dict.discard_at(words, i)).reduce(|x, y| x || y)
                })
                .collect()
        });
        if let Some(at) = discards.iter().position(|d| *d == Some(true)) {
            let why = format!("no events coded: sentence {} holds a story-level discard phrase (PETRARCH discard list)", at + 1);
            diagnostics.truncate(first_note);
            diagnostics.push(Diagnostic { stage: Stage::Events, message: why });
            return Vec::new();
        }
        if discards.get(si).copied().flatten().is_some() {
            let why = format!("sentence {} not coded ({} event(s)): it holds a discard phrase (PETRARCH discard list)", si + 1, coded.len());
            diagnostics.push(Diagnostic { stage: Stage::Events, message: why });
            continue;
        }
        for mut c in coded {
            if c.default_target {
                match interlocutor(&out, &c.source) {
                    Some(t) if !parse::same_actor(&t.dictionary_code, &c.source.dictionary_code) => c.target = t,
                    _ => continue,
                }
            }
            refusal(&mut c);
            let info = dict.code_info(&c.code);
            let date = dates
                .iter()
                .filter(|d| s.span.contains(d.span) && d.precision == Precision::Day)
                .find_map(|d| d.value)
                .or(published);
            let location = location(text, toks, entities, &doc, si, &c);
            let plover = plover_type(info.map(|i| i.plover.as_str()).unwrap_or(""), &c);
            let (mut source, mut target) = (c.source, c.target);
            source.code = compact_code(&source.dictionary_code);
            target.code = compact_code(&target.dictionary_code);
            out.push(Event {
                cameo: c.code.clone(),
                plover,
                mode: info.map(|i| i.mode.clone()).unwrap_or_default(),
                quad_class: quad_class(&c.code),
                goldstein: info.map_or(0.0, |i| i.goldstein),
                source,
                target,
                span: s.span,
                trigger: c.trigger,
                date,
                location,
                negated: c.negated,
                hypothetical: c.hypothetical,
            });
        }
    }
    out
}

/// A negated cooperation is a refusal (CAMEO 12): `would not provide support` (050) is 121,
/// `not meet` (04) 125, `not give permission` (08) 124. The refusal itself is not negated.
fn refusal(c: &mut parse::Coded) {
    if !c.negated {
        return;
    }
    let to = match c.code.get(..2) {
        Some("04") => "125",
        Some("05" | "06" | "07") => "121",
        Some("08") => "124",
        _ => return,
    };
    c.code = to.to_string();
    c.negated = false;
}

/// The PLOVER type of a coded event: the code's type, except that a promised or planned
/// event (`will support`, `plans to attack`) is, in PLOVER, an AGREE (cooperation) or a
/// THREATEN (material conflict), as the PLOVER manual codes commitments and threats.
fn plover_type(of_code: &str, c: &parse::Coded) -> String {
    if c.hypothetical && !c.negated && !of_code.is_empty() {
        match quad_class(&c.code) {
            1 | 2 => return "AGREE".into(),
            4 => return "THREATEN".into(),
            _ => {}
        }
    }
    of_code.to_string()
}

/// The party the actor last met or consulted in the article (the other side of the latest
/// CAMEO 04 event with an actor of the same country): the addressee of an appeal that names
/// none.
fn interlocutor(events: &[Event], who: &Actor) -> Option<Actor> {
    let country = who.dictionary_code.get(..3)?;
    let of = |a: &Actor| a.dictionary_code.get(..3) == Some(country);
    events.iter().rev().filter(|e| e.cameo.starts_with("04")).find_map(|e| {
        if of(&e.target) && !of(&e.source) {
            Some(e.source.clone())
        } else if of(&e.source) && !of(&e.target) {
            Some(e.target.clone())
        } else {
            None
        }
    })
}

/// The PLACE entity mentioned after a locative preposition in the sentence, nearest to the
/// trigger (`a visit to Kyiv`: Kyiv is both the target's country and the location).
fn location(text: &str, toks: &Tokens, entities: &[Entity], doc: &parse::Doc, si: usize, c: &parse::Coded) -> Option<usize> {
    let s = toks.sentences.get(si)?;
    let mut best: Option<(usize, usize)> = None;
    for ti in s.tokens.clone() {
        let Some(e) = doc.token_entity.get(ti).copied().flatten() else { continue };
        if entities.get(e).map(|x| x.ty) != Some(EntityType::Place) {
            continue;
        }
        let t = toks.tokens[ti].span;
        let prev = ti.checked_sub(1).filter(|&p| p >= s.tokens.start).map(|p| toks.tokens[p].span.of(text).to_ascii_lowercase());
        if !matches!(prev.as_deref(), Some("in" | "at" | "to" | "near" | "into" | "outside" | "from")) {
            continue;
        }
        let d = t.start.abs_diff(c.trigger.start);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, e));
        }
    }
    best.map(|(_, e)| e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_codes() {
        assert_eq!(compact_code("IGOWSTNAT"), "IGONAT");
        assert_eq!(compact_code("IGOEUREEC"), "IGOEEC");
        assert_eq!(compact_code("IGOUNO"), "IGOUNO");
        assert_eq!(compact_code("IGOEUR"), "IGOEUR");
        assert_eq!(compact_code("UKRGOV"), "UKRGOV");
        assert_eq!(compact_code("---MIL"), "---MIL");
        assert_eq!(compact_code("IGOWSTNATMIL"), "IGONATMIL");
        assert_eq!(compact_code("ÄÖÜ"), "ÄÖÜ");
    }
}
