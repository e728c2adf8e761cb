//! The shallow parse behind event coding: actor groups, verbs, pattern matching, source and
//! target. See the rule in the parent module's doc.

use super::dict::{self, Dict, Elem, Pattern};
use super::Actor;
use crate::entities::Entity;
use crate::span::Span;
use crate::text::Tokens;

/// Article-wide state: upper-cased words, the entity of each token, and the actor code each
/// entity got from its first dictionary-coded mention.
pub struct Doc<'a> {
    pub text: &'a str,
    pub toks: &'a Tokens,
    pub dict: &'a Dict,
    /// The date for date-restricted actor codes, YYYYMMDD (`u32::MAX`: unknown).
    pub day: u32,
    pub words: Vec<String>,
    pub token_entity: Vec<Option<usize>>,
    pub entity_code: Vec<Option<String>>,
    /// Dictionary actor groups of each sentence.
    sent_groups: Vec<Vec<Group>>,
}

/// An actor noun phrase: tokens `start..end`.
#[derive(Clone, Debug)]
pub struct Group {
    pub start: usize,
    pub end: usize,
    pub code: String,
    pub entity: Option<usize>,
    /// Followed by `'s` (a possessor, not an object).
    pub possessive: bool,
    /// Inside a prepositional phrase (`visit to Kyiv`).
    pub in_pp: bool,
}

/// One coded event of a sentence, before the tables are applied.
#[derive(Clone, Debug)]
pub struct Coded {
    pub code: String,
    pub source: Actor,
    pub target: Actor,
    pub trigger: Span,
    pub negated: bool,
    pub hypothetical: bool,
    /// An appeal with no addressee in its sentence: the target is filled in by the caller
    /// (the requester's interlocutor), or the event dropped.
    pub default_target: bool,
}

const DETS: &[&str] = &[
    "THE", "A", "AN", "ITS", "THEIR", "HIS", "HER", "OUR", "MY", "YOUR", "THIS", "THAT", "THESE", "THOSE", "SUCH", "SOME", "ANY",
    "MORE", "MANY", "SEVERAL", "EVERY", "EACH", "NO", "'S", "FURTHER", "NEW", "FRESH", "DELIBERATE", "LATEST", "FIRST", "OTHER",
];
const PREPS: &[&str] =
    &["IN", "ON", "AT", "TO", "FROM", "WITH", "AGAINST", "NEAR", "OF", "FOR", "BY", "INTO", "OVER", "ABOUT", "AMONG", "BETWEEN"];
const AUX: &[&str] = &["IS", "ARE", "WAS", "WERE", "BE", "BEEN", "BEING"];
const MODALS: &[&str] = &["WILL", "WOULD", "COULD", "MAY", "MIGHT", "SHOULD", "'LL", "CAN", "SHALL"];
const INTENT: &[&str] = &["PLAN", "THREAT", "INTEND", "SEEK", "SOUGHT", "WANT", "AIM", "VOW", "PROMIS", "PLEDG", "HOPE", "EXPECT", "PREPAR", "READY", "WILLING", "PROPOS", "OFFER"];
const NEG: &[&str] = &["NOT", "N'T", "NEVER", "NO"];
/// Words that are never part of an actor name: weekdays, months, subject pronouns.
fn time_word(w: &str) -> bool {
    crate::lexicon::is_weekday_or_month(w) || matches!(w, "I" | "HE" | "SHE" | "WE" | "THEY" | "IT")
}

fn upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    let mut u = s.to_uppercase();
    // Typographic apostrophes as in the dictionaries.
    if u.contains('\u{2019}') {
        u = u.replace('\u{2019}', "'");
    }
    u
}

fn is_cap(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str, toks: &'a Tokens, entities: &[Entity], dict: &'a Dict, day: u32) -> Doc<'a> {
        let words: Vec<String> = toks.tokens.iter().map(|t| upper(t.span.of(text))).collect();
        let mut token_entity = vec![None; toks.tokens.len()];
        let mut ms: Vec<(Span, usize)> = entities.iter().enumerate().filter(|(_, e)| !e.credit).flat_map(|(i, e)| e.mentions.iter().map(move |&m| (m, i))).collect();
        ms.sort_by_key(|(m, _)| m.start);
        let mut k = 0;
        for (ti, t) in toks.tokens.iter().enumerate() {
            while k < ms.len() && ms[k].0.end <= t.span.start {
                k += 1;
            }
            if let Some((m, e)) = ms.get(k) {
                if m.contains(t.span) {
                    token_entity[ti] = Some(*e);
                }
            }
        }
        let mut doc = Doc { text, toks, dict, day, words, token_entity, entity_code: vec![None; entities.len()], sent_groups: Vec::new() };
        doc.sent_groups = (0..toks.sentences.len()).map(|si| doc.dict_groups(si)).collect();
        for gs in &doc.sent_groups {
            for g in gs {
                for ti in g.start..g.end {
                    if let Some(e) = doc.token_entity[ti] {
                        if doc.entity_code[e].is_none() {
                            doc.entity_code[e] = Some(g.code.clone());
                        }
                    }
                }
            }
        }
        doc
    }

    fn word(&self, i: usize) -> &str {
        self.words.get(i).map(String::as_str).unwrap_or("")
    }

    fn raw(&self, i: usize) -> &str {
        self.toks.tokens.get(i).map(|t| t.span.of(self.text)).unwrap_or("")
    }

    fn span(&self, a: usize, b: usize) -> Span {
        let s = self.toks.tokens.get(a).map(|t| t.span.start).unwrap_or(0);
        let e = b.checked_sub(1).and_then(|k| self.toks.tokens.get(k)).map(|t| t.span.end).unwrap_or(s);
        Span::new(s, e.max(s))
    }

    fn actor_code(&self, codes: &[(String, u32, u32)]) -> Option<String> {
        let day = self.day;
        codes
            .iter()
            .filter(|(_, lo, hi)| *lo <= day && day <= *hi)
            .min_by_key(|(_, lo, hi)| hi - lo)
            .or_else(|| codes.iter().find(|(_, lo, hi)| *lo == 0 && *hi == u32::MAX))
            .map(|(c, _, _)| c.clone())
    }

    /// Actor groups of sentence `si` from the dictionaries alone.
    fn dict_groups(&self, si: usize) -> Vec<Group> {
        let Some(s) = self.toks.sentences.get(si) else { return Vec::new() };
        let (a, b) = (s.tokens.start, s.tokens.end.min(self.words.len()));
        // Longest dictionary matches, left to right: (start, end, actor code or agent code).
        let mut ms: Vec<(usize, usize, Option<String>, Option<&str>)> = Vec::new();
        let mut i = a;
        while i < b {
            let w = &self.words[i];
            let fits = |ws: &[String]| i + ws.len() <= b && ws.iter().enumerate().all(|(k, x)| self.words[i + k] == *x);
            let mut best: Option<(usize, Option<String>, Option<&str>)> = None;
            let first = self.raw(i).chars().next();
            if !first.is_some_and(char::is_alphanumeric) {
                i += 1;
                continue;
            }
            // Any capital counts (`iSrael`); all-lower-case words are not names.
            let cap = self.raw(i).chars().any(char::is_uppercase);
            if let Some(list) = self.dict.actor_index.get(w).filter(|_| cap) {
                for &ai in list {
                    let act = &self.dict.actors[ai as usize];
                    if fits(&act.words) {
                        if let Some(c) = self.actor_code(&act.codes) {
                            best = Some((act.words.len(), Some(c), None));
                            break;
                        }
                    }
                }
            }
            if let Some(list) = self.dict.agent_index.get(w) {
                for &gi in list {
                    let ag = &self.dict.agents[gi as usize];
                    if fits(&ag.words) {
                        if best.as_ref().is_none_or(|(n, _, _)| ag.words.len() > *n) {
                            best = Some((ag.words.len(), None, Some(ag.code.as_str())));
                        }
                        break;
                    }
                }
            }
            // A lower-case word is an actor only as an agent (`forces`) or a demonym.
            match best {
                Some((n, act, ag)) if act.is_none() || cap => {
                    ms.push((i, i + n, act, ag));
                    i += n;
                }
                _ => i += 1,
            }
        }
        // Merge matches separated only by names and glue words into groups.
        let mut groups: Vec<Group> = Vec::new();
        let mut cur: Option<(usize, usize, Vec<String>, Vec<&str>)> = None;
        for (s0, e0, act, ag) in ms {
            if let Some((_, ce, acts, ags)) = cur.as_mut() {
                let glue = (*ce..s0).all(|k| {
                    let w = self.word(k);
                    (is_cap(self.raw(k)) && !time_word(w)) || matches!(w, "'S" | "OF" | "THE" | "-")
                });
                // `Arnor former security officials`, `Russia's new defence minister`: an agent
                // after modifiers still belongs to the actor before it.
                let modifiers = act.is_none()
                    && ag.is_some()
                    && (*ce..s0).all(|k| {
                        let (w, r) = (self.word(k), self.raw(k));
                        w == "'S" || (r.chars().all(|c| c.is_ascii_lowercase()) && !PREPS.contains(&w) && !matches!(w, "AND" | "OR" | "BUT" | "THE" | "A" | "AN") && !self.dict.verb_index.contains_key(w))
                    });
                if (glue || modifiers) && s0 - *ce <= 4 {
                    *ce = e0;
                    acts.extend(act);
                    ags.extend(ag);
                    continue;
                }
            }
            if let Some(c) = cur.take() {
                groups.extend(self.finish_group(c, a, b));
            }
            cur = Some((s0, e0, act.into_iter().collect(), ag.into_iter().collect()));
        }
        if let Some(c) = cur.take() {
            groups.extend(self.finish_group(c, a, b));
        }
        self.merge_agent_of(&mut groups);
        // The agent of an `of`/`from` phrase is shared over its list: `the ambassadors of
        // Arnor, Osgiliath and Gondor` (ARNGOV, OSGGOV, GONGOV).
        let mut k = 0;
        while k < groups.len() {
            let g = &groups[k];
            let suffix = g.code.get(3..).filter(|x| !x.is_empty() && g.code.len() == 6).map(str::to_string);
            let agent_of = (g.start..g.end).any(|q| matches!(self.word(q), "OF" | "FROM")) && !g.code.starts_with('-');
            k += 1;
            let Some(suffix) = suffix.filter(|_| agent_of) else { continue };
            while k < groups.len() {
                let between: Vec<&str> = (groups[k - 1].end..groups[k].start).map(|q| self.word(q)).collect();
                let bare = groups[k].code.len() == 3 && groups[k].code.chars().all(|x| x.is_ascii_alphabetic());
                if !bare || !matches!(between.as_slice(), [","] | ["AND"] | [",", "AND"]) {
                    break;
                }
                groups[k].code.push_str(&suffix);
                k += 1;
            }
        }
        // `US and British activists`: the agent of the last conjunct is shared.
        for k in (0..groups.len().saturating_sub(1)).rev() {
            let (g, h) = (&groups[k], &groups[k + 1]);
            let between: Vec<&str> = (g.end..h.start).map(|q| self.word(q)).collect();
            let demonym = |q: usize| {
                let r = self.raw(q);
                r.ends_with("an") || r.ends_with("ish") || r.ends_with("ese") || r.ends_with("ch") || r.ends_with('i') || r.chars().all(|c| c.is_ascii_uppercase())
            };
            if matches!(between.as_slice(), ["AND"] | [","]) && g.end == g.start + 1 && g.code.len() == 3 && h.code.len() > 3 && !h.code.starts_with('-') && demonym(g.start) && demonym(h.start) && !h.possessive {
                let suffix = h.code.get(3..).unwrap_or("").to_string();
                groups[k].code.push_str(&suffix);
            }
        }
        groups
    }

    /// An agent without a country takes the country of the actor it belongs to:
    /// `soldiers from Gondor` (GONMIL), `the mayor of the northern West Bank city` (PSEGOV),
    /// `activists in Arnor` (ARNOPP). The `of`/`from`/`in` phrase joins the group.
    fn merge_agent_of(&self, groups: &mut Vec<Group>) {
        let mut k = 0;
        while k + 1 < groups.len() {
            let (g, h) = (&groups[k], &groups[k + 1]);
            let agent_only = g.code.starts_with("---") && g.code.len() > 3;
            let country = h.code.get(..3).filter(|c| !c.starts_with('-') && c.chars().all(|x| x.is_ascii_alphabetic()));
            let linked = h.start > g.end && matches!(self.word(g.end), "OF" | "FROM" | "IN") && h.start - g.end <= 4 && (g.end + 1..h.start).all(|q| {
                let w = self.word(q);
                DETS.contains(&w) || (!is_cap(self.raw(q)) && w.chars().all(|c| c.is_ascii_alphabetic()) && !PREPS.contains(&w) && w != "AND")
            });
            match country {
                Some(c) if agent_only && linked && !g.possessive => {
                    let code = format!("{c}{}", g.code.get(3..).unwrap_or(""));
                    let (end, ent, poss) = (h.end, g.entity.or(h.entity), h.possessive);
                    let g = &mut groups[k];
                    g.code = code;
                    g.end = end;
                    g.entity = ent;
                    g.possessive = poss;
                    groups.remove(k + 1);
                }
                _ => k += 1,
            }
        }
    }

    fn finish_group(&self, (s0, mut e0, acts, ags): (usize, usize, Vec<String>, Vec<&str>), a: usize, b: usize) -> Option<Group> {
        // Extend over following names (`President Volodymyr Zelenskiy`).
        while e0 < b && is_cap(self.raw(e0)) && self.raw(e0).chars().all(|c| c.is_alphabetic() || c == '-' || c == '.') && !time_word(self.word(e0)) {
            e0 += 1;
        }
        let mut code = acts.first().cloned().unwrap_or_default();
        if let Some(ag) = ags.first() {
            if let Some(suffix) = ag.strip_prefix('~') {
                // An agent without a country is coded `---AGENT`, as PETRARCH does.
                if code.is_empty() {
                    code.push_str("---");
                }
                // A country takes the agent (`Gondor soldiers` GONMIL), so does an
                // international organisation (`UN troops` IGOUNOMIL).
                let organisation = matches!(code.get(..3), Some("IGO" | "NGO" | "IMG")) && !code.ends_with(suffix);
                if code.len() == 3 || organisation {
                    code.push_str(suffix);
                }
            } else if let Some(prefix) = ag.strip_suffix('~') {
                code = format!("{prefix}{code}");
            }
        }
        if code.is_empty() {
            return None;
        }
        let entity = (s0..e0).find_map(|k| self.token_entity[k]);
        let in_pp = s0 > a && {
            let mut k = s0 - 1;
            while k > a && (DETS.contains(&self.word(k)) || self.word(k).ends_with("ERN")) {
                k -= 1;
            }
            PREPS.contains(&self.word(k))
        };
        Some(Group { start: s0, end: e0, code, entity, possessive: self.word(e0) == "'S", in_pp })
    }

    /// All actor groups of a sentence: dictionary groups plus mentions of entities coded earlier.
    fn groups(&self, si: usize) -> Vec<Group> {
        let mut gs = self.sent_groups.get(si).cloned().unwrap_or_default();
        let Some(s) = self.toks.sentences.get(si) else { return gs };
        let (a, b) = (s.tokens.start, s.tokens.end.min(self.words.len()));
        let mut i = a;
        while i < b {
            let Some(e) = self.token_entity[i] else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            while j < b && self.token_entity[j] == Some(e) {
                j += 1;
            }
            if let Some(code) = self.entity_code.get(e).cloned().flatten() {
                if !gs.iter().any(|g| g.start < j && i < g.end) {
                    let in_pp = i > a && PREPS.contains(&self.word(i - 1));
                    gs.push(Group { start: i, end: j, code, entity: Some(e), possessive: self.word(j) == "'S", in_pp });
                }
            }
            i = j;
        }
        gs.sort_by_key(|g| g.start);
        gs
    }

    fn actor(&self, g: &Group) -> Actor {
        Actor { code: g.code.clone(), dictionary_code: g.code.clone(), entity: g.entity, span: self.span(g.start, g.end) }
    }
}

fn word_match(dictw: &str, w: &str) -> bool {
    // Fast reject on the first byte: most pattern words fail here.
    if dictw.as_bytes().first() != w.as_bytes().first() || w.len() < dictw.len() {
        return false;
    }
    w == dictw
        || (w.len() == dictw.len() + 1 && w.ends_with('S') && w.starts_with(dictw))
        || (w.len() == dictw.len() + 2 && w.ends_with("ES") && w.starts_with(dictw))
        || (dictw.len() >= 5 && w.starts_with(dictw))
}

/// Does phrase `alt` match at token `p` (within `..b`)?
fn phrase_at(doc: &Doc, alt: &[String], p: usize, b: usize) -> bool {
    !alt.is_empty() && p + alt.len() <= b && alt.iter().enumerate().all(|(k, w)| word_match(w, doc.word(p + k)))
}

/// First bytes of the words at `lo..hi` (at most 8 positions; 0 past the end).
fn first_bytes(doc: &Doc, lo: usize, hi: usize) -> [u8; 8] {
    let mut f = [0u8; 8];
    for (k, q) in (lo..hi).take(8).enumerate() {
        f[k] = doc.word(q).as_bytes().first().copied().unwrap_or(0);
    }
    f
}

/// The earliest position in `lo..hi` where one of the phrases matches (within `..b`), with
/// the first such phrase's length. The same answer as trying every phrase at each position
/// in turn, but each phrase is read once (first-byte filter on a local copy of the words).
fn first_phrase(doc: &Doc, alts: &[Vec<String>], lo: usize, hi: usize, b: usize) -> Option<(usize, usize)> {
    let hi = hi.min(lo + 8);
    let f = first_bytes(doc, lo, hi);
    let mut best: Option<(usize, usize)> = None;
    for alt in alts {
        let Some(&c) = alt.first().and_then(|w| w.as_bytes().first()) else { continue };
        let upto = best.map_or(hi, |(bq, _)| bq);
        if let Some(q) = (lo..upto).find(|&q| f[q - lo] == c && phrase_at(doc, alt, q, b)) {
            best = Some((q, alt.len()));
        }
    }
    best
}

/// The latest position in `lo..cur` where one of the phrases matches and ends by `cur`.
fn last_phrase(doc: &Doc, alts: &[Vec<String>], lo: usize, cur: usize) -> Option<(usize, usize)> {
    let lo = lo.max(cur.saturating_sub(8));
    let f = first_bytes(doc, lo, cur);
    let mut best: Option<(usize, usize)> = None;
    for alt in alts {
        let Some(&c) = alt.first().and_then(|w| w.as_bytes().first()) else { continue };
        let from = best.map_or(lo, |(bq, _)| bq + 1);
        if let Some(q) = (from..cur).rev().find(|&q| f[q - lo] == c && q + alt.len() <= cur && phrase_at(doc, alt, q, cur)) {
            best = Some((q, alt.len()));
        }
    }
    best
}

/// Matches a pattern around the verb tokens `v0..v1`; returns (score, target group, source group).
/// `masks`: the first-byte sets of the pattern's elements (`pre`, `post`), see [`Dict`].
fn match_pattern(doc: &Doc, p: &Pattern, masks: Option<&(Vec<[u64; 4]>, Vec<[u64; 4]>)>, v0: usize, v1: usize, a: usize, b: usize, groups: &[Group]) -> Option<(usize, Option<usize>, Option<usize>)> {
    const GAP: usize = 6;
    // Any phrase of the element can start at a position only if its first byte is in the set.
    let may = |m: Option<&[u64; 4]>, lo: usize, hi: usize| {
        m.is_none_or(|m| (lo..hi).any(|q| doc.word(q).as_bytes().first().is_some_and(|&c| m[(c >> 6) as usize] >> (c & 63) & 1 == 1)))
    };
    let mut score = 0;
    let mut tgt = None;
    let mut src = None;
    let mut cur = v1;
    for (ei, e) in p.post.iter().enumerate() {
        match e {
            Elem::Skip => {}
            Elem::Words(alts) => {
                if !may(masks.and_then(|m| m.1.get(ei)), cur, (cur + GAP).min(b)) {
                    return None;
                }
                let (q, n) = first_phrase(doc, alts, cur, (cur + GAP).min(b), b)?;
                score += n;
                cur = q + n;
            }
            Elem::Target | Elem::Source => {
                let gi = groups.iter().position(|g| g.start >= cur && g.start < cur + GAP)?;
                if matches!(e, Elem::Target) { tgt = Some(gi) } else { src = Some(gi) }
                score += 1;
                cur = groups[gi].end;
            }
        }
    }
    let mut cur = v0;
    for (ei, e) in p.pre.iter().enumerate().rev() {
        match e {
            Elem::Skip => {}
            Elem::Words(alts) => {
                let lo = cur.saturating_sub(GAP).max(a);
                if !may(masks.and_then(|m| m.0.get(ei)), lo, cur) {
                    return None;
                }
                let (q, n) = last_phrase(doc, alts, lo, cur)?;
                score += n;
                cur = q;
            }
            Elem::Target | Elem::Source => {
                let gi = groups.iter().rposition(|g| g.end <= cur && g.end + GAP > cur)?;
                if matches!(e, Elem::Target) { tgt = Some(gi) } else { src = Some(gi) }
                score += 1;
                cur = groups[gi].start;
            }
        }
    }
    Some((score, tgt, src))
}

/// The previous verb of a sentence, for verb combinations.
struct Prev {
    end: usize,
    code: String,
    sources: Vec<usize>,
    targets: Vec<usize>,
    /// `out.len()` before its events.
    out_len: usize,
    negated: bool,
    hypothetical: bool,
}

/// The subject ending with group `g` and the groups conjoined before it (`Brazil and the
/// United States`, `Mordor, Rohan, Fornost and Bree`).
fn compound_left(doc: &Doc, groups: &[Group], left: &[usize], g: usize) -> Vec<usize> {
    // An acronym in parentheses repeats the actor before it: `the European Union (EU)`.
    let g = match left.iter().rev().find(|&&x| groups[x].end < groups[g].start) {
        Some(&pg) if doc.word(groups[g].start - 1) == "(" && groups[pg].end + 1 == groups[g].start && same_actor(&groups[pg].code, &groups[g].code) => pg,
        _ => g,
    };
    let mut out = vec![g];
    let mut cur = g;
    while let Some(&pg) = left.iter().rev().find(|&&x| groups[x].end <= groups[cur].start) {
        let between: Vec<&str> = (groups[pg].end..groups[cur].start).map(|k| doc.word(k)).collect();
        if matches!(between.as_slice(), ["AND"] | ["AND", "THE"] | [","] | [",", "THE"]) {
            out.push(pg);
            cur = pg;
        } else {
            break;
        }
    }
    out
}

/// Is the verb at `v0` the second of a coordination of verb phrases (`… and promised`,
/// `… and later promised`)?
fn coordinated(doc: &Doc, a: usize, v0: usize) -> bool {
    let mut k = v0;
    while k > a && (doc.word(k - 1).ends_with("LY") || matches!(doc.word(k - 1), "ALSO" | "THEN" | "LATER")) {
        k -= 1;
    }
    k > a && doc.word(k - 1) == "AND"
}

pub(crate) fn same_actor(a: &str, b: &str) -> bool {
    a == b || (a.len() >= 3 && b.len() >= 3 && (a.starts_with(b) || b.starts_with(a)) && a.len().min(b.len()) == 3)
}

/// Words of aerial and artillery attack (CAMEO 195, 194), matched as prefixes.
const AERIAL: &[&str] = &["DRONE", "AIRSTRIKE", "AIR-STRIKE", "AIR-RAID", "MISSILE", "ROCKET", "WARPLANE", "BOMBER", "AIRCRAFT", "HELICOPTER", "FIGHTER-BOMBER"];
const ARTILLERY: &[&str] = &["ARTILLERY", "SHELLING", "SHELLED", "MORTAR", "HOWITZER", "CANNON"];

/// The aid an appeal asks for (`need for more air defence`): CAMEO 0233 military, 0234
/// humanitarian, 0231 economic, 023 unspecified.
fn aid_kind(doc: &Doc, k: usize, b: usize) -> Option<&'static str> {
    let w = doc.word(k);
    let next = if k + 1 < b { doc.word(k + 1) } else { "" };
    Some(match w {
        "AIR" if next.starts_with("DEFEN") || next == "SHIELD" => "0233",
        "MILITARY" | "WEAPONS" | "WEAPON" | "ARMS" | "AMMUNITION" | "MUNITIONS" | "TANKS" | "ARTILLERY" | "MISSILES" | "JETS" | "WARPLANES" => "0233",
        "HUMANITARIAN" | "FOOD" | "MEDICINE" | "MEDICINES" | "MEDICAL" | "RELIEF" => "0234",
        "ECONOMIC" | "FINANCIAL" | "FUNDING" | "FUNDS" | "LOANS" | "LOAN" | "MONEY" | "CASH" | "CREDIT" | "CREDITS" => "0231",
        "AID" | "ASSISTANCE" | "HELP" | "SUPPORT" => "023",
        _ => return None,
    })
}

/// Sharper codes from the words around a verb: a use of force with drones, missiles or
/// air strikes is aerial (195), with artillery, mortars or shelling is artillery (194); an
/// appeal `for` aid is an appeal for that aid (023x).
fn refine(doc: &Doc, code: &str, v0: usize, v1: usize, a: usize, b: usize) -> String {
    if code == "190" {
        let (lo, hi) = (v0.saturating_sub(6).max(a), (v1 + 5).min(b));
        let starts = |k: usize, list: &[&str]| list.iter().any(|p| doc.word(k).starts_with(p));
        let air_strike = |k: usize| doc.word(k) == "AIR" && k + 1 < b && matches!(doc.word(k + 1).get(..4), Some("STRI" | "RAID"));
        if (lo..hi).any(|k| starts(k, AERIAL) || air_strike(k)) {
            return "195".into();
        }
        if (lo..hi).any(|k| starts(k, ARTILLERY)) {
            return "194".into();
        }
    }
    if code == "020" || code == "023" {
        let hi = (v1 + 8).min(b);
        if let Some(f) = (v1..hi).find(|&k| doc.word(k) == "FOR") {
            if let Some(c) = (f + 1..(f + 5).min(b)).find_map(|k| aid_kind(doc, k, b)) {
                return c.into();
            }
        }
    }
    code.to_string()
}

/// Events of every source on every target (not on itself, not on an agent without a country).
fn push_pairs(out: &mut Vec<Coded>, doc: &Doc, groups: &[Group], (srcs, tgs): (&[usize], &[usize]), code: &str, trigger: Span, (negated, hypothetical): (bool, bool)) {
    for &sg in srcs {
        for &tg in tgs {
            let (sgr, tgr) = (&groups[sg], &groups[tg]);
            if !same_actor(&sgr.code, &tgr.code) && !tgr.code.starts_with("---") {
                out.push(Coded { code: code.to_string(), source: doc.actor(sgr), target: doc.actor(tgr), trigger, negated, hypothetical, default_target: false });
            }
        }
    }
}

/// Codes one sentence.
pub fn code_sentence(doc: &Doc, si: usize) -> Vec<Coded> {
    let Some(s) = doc.toks.sentences.get(si) else { return Vec::new() };
    let (a, b) = (s.tokens.start, s.tokens.end.min(doc.words.len()));
    let groups = doc.groups(si);
    if groups.len() < 2 {
        return Vec::new();
    }
    let in_group = |i: usize| groups.iter().any(|g| g.start <= i && i < g.end);
    // Verb candidates: (v0, v1, form index, nominal).
    let mut verbs: Vec<(usize, usize, u32, bool)> = Vec::new();
    let mut i = a;
    while i < b {
        if in_group(i) {
            i += 1;
            continue;
        }
        let Some(list) = doc.dict.verb_index.get(doc.word(i)) else {
            i += 1;
            continue;
        };
        let mut found = None;
        for &fi in list {
            let f = &doc.dict.verbs[fi as usize];
            let h = f.head as usize;
            if i < a + h {
                continue;
            }
            let st = i - h;
            if st + f.words.len() <= b && f.words.iter().enumerate().all(|(k, w)| doc.word(st + k) == w) {
                found = Some((st, st + f.words.len(), fi));
                break;
            }
        }
        let Some((v0, v1, fi)) = found else {
            i += 1;
            continue;
        };
        let raw = doc.raw(i);
        if is_cap(raw) && i > a {
            i += 1;
            continue;
        }
        let prev = if v0 > a { doc.word(v0 - 1) } else { "" };
        let adj_prev = v0 > a && in_group(v0 - 1) && {
            let p = doc.raw(v0 - 1);
            p.ends_with("an") || p.ends_with("ese") || p.ends_with("ish") || p.ends_with('i') || p.ends_with("ch")
        };
        // `enjoyed support`: a bare word right after a past-tense verb is its object.
        // `will supply arms`, `held talks`: an `-s` form right after a verb is its object.
        let vw = doc.word(v0);
        let after_past = (prev.len() > 4 && prev.ends_with("ED") && doc.dict.verb_index.contains_key(prev) && !vw.ends_with("ED") && !vw.ends_with("ING"))
            || (vw.ends_with('S') && !vw.ends_with("SS") && v1 == v0 + 1 && verbs.last().is_some_and(|&(_, e, _, nominal)| e == v0 && !nominal));
        // `military support`, `financial aid`: a lower-case adjective makes the verb a noun.
        // (Not a past tense: `the French military helped`.)
        let adjective = v0 > a && !doc.word(v0).ends_with("ED") && {
            let p = doc.raw(v0 - 1);
            p.chars().all(|c| c.is_ascii_lowercase()) && p.len() > 4 && (p.ends_with("ary") || p.ends_with("ic") || p.ends_with("ical") || p.ends_with("ancial"))
        };
        let mut noun = DETS.contains(&prev) || adj_prev || adjective || (PREPS.contains(&prev) && prev != "TO") || after_past;
        if !noun && v0 > a + 1 && DETS.contains(&doc.word(v0 - 2)) && !in_group(v0 - 1) && !is_cap(doc.raw(v0 - 1)) && !AUX.contains(&prev) && !MODALS.contains(&prev) && prev != "TO" && !NEG.contains(&prev) {
            noun = true; // `a deliberate attack`, `an unannounced visit`
        }
        if noun {
            // A nominal event only in `on a (…) visit to X`, `in strikes on X`.
            // (`on` needs its determiner: `bans on travel to Canada` is no trip.)
            let on = (v0.saturating_sub(3).max(a)..v0).any(|k| doc.word(k) == "ON" && DETS.contains(&doc.word(k + 1))) || prev == "IN";
            if on && matches!(doc.word(v1), "TO" | "IN" | "ON" | "AGAINST") {
                verbs.push((v0, v1, fi, true));
            }
        } else {
            verbs.push((v0, v1, fi, false));
        }
        i = v1;
    }
    // Verbs of saying only introduce the reported event; they are not coded themselves.
    let say_blocks: Vec<u32> = ["SAID", "REPORTED"]
        .iter()
        .filter_map(|w| doc.dict.verb_index.get(*w))
        .flat_map(|l| l.iter().map(|&f| doc.dict.verbs[f as usize].block))
        .collect();
    let mut out: Vec<Coded> = Vec::new();
    // The latest verb of saying: (its first token, the sayers' groups).
    let mut say: Option<(usize, Vec<usize>)> = None;
    // The sources of the latest verb coded (for `…, killing X`), and which events are nominal.
    let mut last_sources: Vec<usize> = Vec::new();
    let mut nominal_out: Vec<bool> = Vec::new();
    let mut prev: Option<Prev> = None;
    for (vi, &(v0, v1, fi, nominal)) in verbs.iter().enumerate() {
        let form = &doc.dict.verbs[fi as usize];
        if say_blocks.contains(&form.block) {
            let left: Vec<usize> = (0..groups.len()).filter(|&g| groups[g].end <= v0 && !groups[g].in_pp).collect();
            say = left.last().map(|&g| (v0, compound_left(doc, &groups, &left, g)));
            continue;
        }
        let limit = verbs.get(vi + 1).map(|v| v.0).unwrap_or(b).max(v1);
        // Passive: `was attacked by X`, `was fiercely opposed by X`, `was heavily and
        // unjustly criticized`.
        let mut aux = v0;
        while aux > a + 1 && (doc.word(aux - 1).ends_with("LY") || (doc.word(aux - 1) == "AND" && doc.word(aux - 2).ends_with("LY"))) && !in_group(aux - 1) {
            aux -= 1;
        }
        let passive = !nominal && aux > a && AUX.contains(&doc.word(aux - 1)) && {
            let w = doc.word(v0);
            w.ends_with("ED") || w.ends_with('N') || w.ends_with('T')
        };
        // Patterns of the verb's block.
        let mut best: Option<(usize, &dict::Pattern, Option<usize>, Option<usize>)> = None;
        if !nominal {
            let masks = doc.dict.masks.get(form.block as usize);
            let pats = doc.dict.blocks.get(form.block as usize).map(Vec::as_slice).unwrap_or(&[]);
            for (pi, p) in pats.iter().enumerate() {
                if let Some((sc, t, s)) = match_pattern(doc, p, masks.and_then(|m| m.get(pi)), v0, v1, a, b, &groups) {
                    if sc > 0 && best.as_ref().is_none_or(|(bs, ..)| sc > *bs) {
                        best = Some((sc, p, t, s));
                    }
                }
            }
            // A passive's subject is the verb's object: `the civilians … were released` matches
            // `RELEASE * &PEOPLE` (object words only, looked for in the words before the verb).
            if best.is_none() && passive {
                let lo = aux.saturating_sub(8).max(a);
                // First bytes of the words before the verb, against each pattern's first-byte set.
                let mut here = [0u64; 4];
                for q in lo..aux {
                    if let Some(&c) = doc.word(q).as_bytes().first() {
                        here[(c >> 6) as usize] |= 1u64 << (c & 63);
                    }
                }
                let block_masks = masks.map(Vec::as_slice).unwrap_or(&[]);
                let can = |pi: usize| block_masks.get(pi).and_then(|m| m.1.first()).is_none_or(|m| m.iter().zip(here.iter()).any(|(x, y)| x & y != 0));
                best = pats
                    .iter()
                    .enumerate()
                    .filter(|&(pi, p)| p.pre.is_empty() && !p.code.is_empty() && p.post.len() == 1 && can(pi))
                    .map(|(_, p)| p)
                    .filter_map(|p| match p.post.as_slice() {
                        [Elem::Words(alts)] => first_phrase(doc, alts, lo, aux, aux).map(|(q, n)| (q, n, p)),
                        _ => None,
                    })
                    .min_by_key(|&(q, n, _)| (q, std::cmp::Reverse(n)))
                    .map(|(_, n, p)| (n, p, None, None));
            }
        }
        let patterned = best.is_some();
        let (code, back, ptgt, psrc) = match best {
            Some((_, p, t, s)) => (p.code.as_str(), p.back.as_str(), t, s),
            None => (form.code.as_str(), form.back.as_str(), None, None),
        };
        let back = if back.bytes().all(|c| c.is_ascii_alphanumeric()) { back } else { "" };
        // `[:173]`: only the reverse event (target on source) is coded.
        let only_back = code.is_empty() && !back.is_empty();
        let code = if only_back { back } else { code };
        if code.is_empty() || code == "010" || !code.bytes().all(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        // The dictionary's own patterns win over the refinements (except the bare appeal 020).
        let refined = if patterned && code != "020" { code.to_string() } else { refine(doc, code, v0, v1, a, b) };
        let code = refined.as_str();
        // A participle right after a common noun and without an object is a reduced relative
        // clause, passive (`a member of Hamas jailed over a year ago`, `a trip aimed at`):
        // its subject can only come from `by`.
        let reduced = !nominal && !passive && v0 > a + 1 && doc.word(v0).ends_with("ED") && v1 == v0 + 1 && {
            let p = v0 - 1;
            let pw = doc.word(p);
            // (A common noun may be an agent without a country: `victims killed by`.)
            let agent_noun = groups.iter().any(|g| g.start <= p && p < g.end && g.code.starts_with("---"));
            let noun = (!in_group(p) || agent_noun)
                && doc.raw(p).chars().all(|c| c.is_ascii_lowercase())
                && pw.len() > 2
                && !pw.ends_with("LY")
                && !matches!(pw, "AND" | "OR" | "BUT" | "WHO" | "WHICH" | "THAT" | "ALSO" | "THEN" | "LATER" | "NOW" | "HAVE" | "HAS" | "HAD" | "YET" | "STILL" | "ALREADY" | "EARLIER" | "TODAY" | "YESTERDAY" | "TONIGHT" | "SOON" | "ONCE" | "THEY" | "WHEN" | "AGO" | "NEVER" | "NOT" | "AGAIN" | "EVER" | "JUST" | "EVEN" | "ONLY" | "TOO" | "INSTEAD" | "THUS" | "HENCE" | "HERE" | "THERE")
                && !PREPS.contains(&pw)
                && !DETS.contains(&pw);
            let nw = doc.word(v1);
            let object = nw == "TO" || DETS.contains(&nw) || groups.iter().any(|g| g.start == v1) || matches!(nw, "HIM" | "HER" | "THEM" | "IT" | "US" | "ME") || nw.chars().next().is_some_and(|c| c.is_ascii_digit());
            noun && !object
        };
        let passive = passive || reduced;
        let left: Vec<usize> = (0..groups.len()).filter(|&g| groups[g].end <= v0 && !groups[g].in_pp).collect();
        let mut sources: Vec<usize> = Vec::new();
        let mut targets: Vec<usize> = Vec::new();
        let by_group = if passive {
            (v1..limit.min(v1 + 8))
                .take_while(|&k| doc.word(k) != ",")
                .find(|&k| doc.word(k) == "BY")
                .and_then(|k| groups.iter().position(|g| g.start > k && g.start <= k + 3))
                // `a bomb was fired at it from the Gaza Strip`
                .or_else(|| (v1..limit.min(v1 + 6)).find(|&k| doc.word(k) == "FROM").and_then(|k| groups.iter().position(|g| g.start > k && g.start <= k + 3)))
        } else {
            None
        };
        if let Some(s) = psrc {
            sources.push(s);
        } else if let Some(bg) = by_group {
            sources.push(bg);
        } else if passive {
            // A passive without its agent (`The Philippines was criticized over …`): the
            // subject is the one acted on, the actor is unknown (reduced relatives likewise).
        } else if !nominal && v0 > a && doc.word(v0 - 1) == "," && doc.word(v0).ends_with("ING") {
            // A participle clause (`bombarded Aleppo, killing eight`) shares the main subject.
            sources = last_sources.clone();
        } else if !nominal && coordinated(doc, a, v0) && !last_sources.is_empty() {
            // A verb coordinated with the previous one shares its subject (`condemned an attack
            // by X in south Ithilen and promised aid to Y`).
            sources = last_sources.clone();
        } else if let Some(&g) = left.last() {
            sources = compound_left(doc, &groups, &left, g);
        } else if let Some(g) = (0..groups.len()).rev().find(|&g| groups[g].end <= v0 && groups[g].in_pp && groups[g].start > a && v0 - groups[g].end <= 2) {
            // The actor inside a subject's modifier: `a report released in the Rwandan capital alleged`.
            sources.push(g);
        }
        let src_codes: Vec<&str> = sources.iter().map(|&g| groups[g].code.as_str()).collect();
        if passive && by_group.is_some() {
            if let Some(&g) = left.last() {
                targets.push(g);
            }
        } else if let Some(t) = ptgt {
            targets.push(t);
        } else {
            // A conflictual verb reaches through the infinitive it governs (`threatened to cut
            // off electricity to Nakhichevan`, `refused to meet X`): its object is that verb's.
            let limit = match verbs.get(vi + 1) {
                Some(&(n0, n1, _, false)) if super::quad_class(code) >= 3 && n0 > v1 && (v1..n0).all(|k| doc.word(k) == "TO") => {
                    verbs.get(vi + 2).map(|v| v.0).unwrap_or(b).max(n1)
                }
                _ => limit,
            };
            let after = groups.iter().enumerate().filter(|(_, g)| g.start >= v1 && g.start < limit.max(v1 + 1) && g.start < v1 + 15);
            for (gi, g) in after {
                if g.possessive || src_codes.iter().any(|c| same_actor(c, &g.code)) {
                    continue;
                }
                // `help against Y`: Y is not the one helped.
                let cooperative = matches!(super::quad_class(code), 1 | 2);
                if cooperative && g.start > 0 && doc.word(g.start - 1) == "AGAINST" {
                    continue;
                }
                targets.push(gi);
                // Compound object: `with Mordor, Rohan, Fornost and Bree` (a comma joins only
                // a list that ends with `and`).
                let mut cur = gi;
                let mut pending: Vec<usize> = Vec::new();
                while let Some(ng) = groups.get(cur + 1) {
                    let between: Vec<&str> = (groups[cur].end..ng.start).map(|k| doc.word(k)).collect();
                    if ng.start >= limit {
                        break;
                    }
                    if matches!(between.as_slice(), ["AND"] | ["AND", "THE"] | [",", "AND"]) {
                        targets.append(&mut pending);
                        targets.push(cur + 1);
                        cur += 1;
                    } else if matches!(between.as_slice(), [","] | [",", "THE"]) {
                        pending.push(cur + 1);
                        cur += 1;
                    } else {
                        break;
                    }
                }
                break;
            }
        }
        // Verb combinations (PETRARCH's `A will [help B]`): `asking Obama to help Iran`
        // (appeal 02 + aid 07 → 023), `wants to meet` (intent 03 + meet 04 → 036). A conflictual
        // verb governs the verb it introduces (`pressured by Congress to help Iran`: 170 only).
        if let Some(pv) = prev.as_ref().filter(|p| {
            !nominal
                && p.end <= v0
                && v0 - p.end <= 5
                && (p.end..v0).any(|k| doc.word(k) == "TO")
                && (p.end..v0).all(|k| matches!(doc.word(k), "TO" | "BY") || DETS.contains(&doc.word(k)) || groups.iter().any(|g| g.start <= k && k < g.end))
        }) {
            let upper = pv.code.get(..2).unwrap_or("");
            let sub = match code.get(..2) {
                Some("06") => Some('1'),
                Some("05") => Some('2'),
                Some("07") => Some('3'),
                Some("08") => Some('5'),
                Some("04") => Some('6'),
                _ => None,
            };
            match (upper, sub) {
                ("02" | "03", Some(d)) => {
                    // `wants to help` (no one asked in between) is an intent, not an appeal.
                    let asked = (pv.end..v0).any(|k| groups.iter().any(|g| g.start <= k && k < g.end));
                    let upper = if upper == "02" && !asked { "03" } else { upper };
                    let combined = format!("{upper}{d}");
                    let tgs = if upper == "02" && !pv.targets.is_empty() { pv.targets.clone() } else { targets.clone() };
                    let srcs = pv.sources.clone();
                    // A compound subject with no object: each conjunct on the others.
                    let tgs = if tgs.is_empty() && srcs.len() >= 2 { srcs.clone() } else { tgs };
                    out.truncate(pv.out_len);
                    nominal_out.truncate(pv.out_len);
                    push_pairs(&mut out, doc, &groups, (&srcs, &tgs), &combined, doc.span(v0, v1), (pv.negated, pv.hypothetical));
                    prev = None;
                    continue;
                }
                (u, _) if u.parse::<u8>().is_ok_and(|x| x >= 10) => {
                    // The governing verb takes the object of the verb it governs when it has
                    // none of its own (`threatened to cut off electricity to Nakhichevan`: 13x).
                    if pv.targets.is_empty() && !targets.is_empty() {
                        let (pcode, srcs, neg, hyp) = (pv.code.clone(), pv.sources.clone(), pv.negated, pv.hypothetical);
                        out.truncate(pv.out_len);
                        nominal_out.truncate(pv.out_len);
                        push_pairs(&mut out, doc, &groups, (&srcs, &targets), &pcode, doc.span(v0, v1), (neg, hyp));
                        prev = None;
                    }
                    continue;
                }
                _ => {}
            }
        }
        {
            let lo = sources.iter().map(|&g| groups[g].end).max().unwrap_or(a).min(v0);
            let negated = (lo..v0).rev().take(5).any(|k| NEG.contains(&doc.word(k)));
            let hypothetical = (lo..v0).rev().take(4).any(|k| MODALS.contains(&doc.word(k)));
            prev = Some(Prev { end: v1, code: code.to_string(), sources: sources.clone(), targets: targets.clone(), out_len: out.len(), negated, hypothetical });
        }
        // PETRARCH's transformations of a reported attack (`~ a (b . ATTACK) SAY = a b 112`,
        // `~ a (a b ATTACK) SAY = a b 015`): a sayer reporting someone else's attack accuses
        // them; a sayer announcing its own attack claims it. The reported attack itself is kept
        // unless it is only planned.
        let mut replaced = false;
        // (Not across a time clause: `said, two weeks after rebels kidnapped…`.)
        let reported = |sv: usize| !(sv + 1..v0).any(|k| matches!(doc.word(k), "AFTER" | "BEFORE" | "SINCE" | "UNTIL" | "WHILE" | "WHEN"));
        if let Some((sv, sayers)) = say.as_ref().filter(|(sv, _)| *sv < v0 && reported(*sv)) {
            let attack = code.get(..2).and_then(|c| c.parse::<u8>().ok()).is_some_and(|c| (18..=20).contains(&c));
            // The reported clause's subject is the sayer when it is a pronoun (`said they will`).
            let pron = (*sv + 1..(*sv + 3).min(v0)).any(|k| matches!(doc.word(k), "IT" | "THEY" | "HE" | "SHE" | "WE"));
            let own = pron && !sources.is_empty() && sources.iter().all(|&g| groups[g].end <= *sv);
            let hyp = (v0.saturating_sub(4).max(*sv)..v0).any(|k| MODALS.contains(&doc.word(k)));
            let add = |s: usize, t: usize, c: &str, out: &mut Vec<Coded>| {
                let (sg, tg) = (&groups[s], &groups[t]);
                if !same_actor(&sg.code, &tg.code) && !out.iter().any(|x| x.code == c && x.source.code == sg.code && x.target.code == tg.code) {
                    out.push(Coded { code: c.to_string(), source: doc.actor(sg), target: doc.actor(tg), trigger: doc.span(v0, v1), negated: false, hypothetical: false, default_target: false });
                }
            };
            if attack && own {
                for &a0 in sayers {
                    for &t in &targets {
                        add(a0, t, "015", &mut out);
                    }
                }
                replaced = hyp;
            } else if attack && !sources.is_empty() {
                for &a0 in sayers {
                    for &s0 in &sources {
                        add(a0, s0, "112", &mut out);
                    }
                }
                // A finite `said` turns the reported attack into the accusation; a participle
                // (`…, saying Moscow had used drones in strikes on Ukraine`) keeps both.
                let participle = *sv > a && doc.word(*sv - 1) == "," && doc.word(*sv).ends_with("ING");
                replaced = !participle;
            }
        }
        if !nominal && !sources.is_empty() {
            last_sources = sources.clone();
        }
        if targets.is_empty() && !replaced && code.starts_with("02") {
            // An appeal without an addressee in the sentence (`stressed the need for more air
            // defence`): addressed to the requester's interlocutor, found by the caller.
            for &sg in &sources {
                let g = &groups[sg];
                out.push(Coded { code: code.to_string(), source: doc.actor(g), target: doc.actor(g), trigger: doc.span(v0, v1), negated: false, hypothetical: false, default_target: true });
            }
        }
        // A compound subject with no object acts on itself, each conjunct on the others
        // (`Brazil and the United States are seeking to deepen a partnership`, `Gondor and
        // Osgiliath have postponed their meeting`); not for a use of force (`US and British
        // jets bombed`).
        // (Not the objects of an earlier verb: `will visit Mauritania and Senegal to mediate`.)
        let first = sources.iter().map(|&g| groups[g].start).min().unwrap_or(a);
        let object = verbs[..vi].iter().any(|&(_, e, _, _)| e <= first && (e..first).all(|k| matches!(doc.word(k), "THE" | "A" | "AN")));
        let subject_next = !object && sources.iter().map(|&g| groups[g].end).max().is_some_and(|e| {
            e <= v0 && v0 - e <= 6 && !(e..v0).any(|k| matches!(doc.word(k), "THAT" | "WHICH" | "WHO" | "," | "WHEN" | "IF" | "AFTER" | "BEFORE"))
        });
        if targets.is_empty() && sources.len() >= 2 && subject_next && !passive && !nominal && !replaced && super::quad_class(code) != 4 {
            targets = sources.clone();
        }
        if replaced || sources.is_empty() || targets.is_empty() {
            continue;
        }
        // Negation and modality before the verb.
        let lo = sources.iter().map(|&g| groups[g].end).max().unwrap_or(a).min(v0);
        let before: Vec<&str> = (lo..v0).map(|k| doc.word(k)).collect();
        let sent_before: Vec<&str> = (a..v0).map(|k| doc.word(k)).collect();
        let negated = before.iter().rev().take(5).any(|w| NEG.contains(w))
            || sent_before.windows(2).any(|w| w[0] == "NO" && w[1] == "EVIDENCE")
            || sent_before.iter().any(|w| w.starts_with("DENI") || *w == "DENY");
        let hypothetical = before.iter().rev().take(4).any(|w| MODALS.contains(w))
            || before.windows(2).any(|w| w[1] == "TO" && INTENT.iter().any(|p| w[0].starts_with(p)))
            || sent_before.contains(&"IF");
        let trigger = doc.span(v0, v1);
        for &sg in &sources {
            for &tg in &targets {
                let (sgr, tgr) = (&groups[sg], &groups[tg]);
                // An agent without a country (`people`, `the government`) is no target, unless
                // it is the subject of a passive with its agent (`civilians were released by X`).
                let named_patient = passive && by_group.is_some();
                if same_actor(&sgr.code, &tgr.code) || (tgr.code.starts_with("---") && !named_patient) {
                    continue;
                }
                if out.iter().any(|c| c.code == code && c.source.code == sgr.code && c.target.code == tgr.code) {
                    continue;
                }
                if !only_back {
                    out.push(Coded { code: code.to_string(), source: doc.actor(sgr), target: doc.actor(tgr), trigger, negated, hypothetical, default_target: false });
                    nominal_out.resize(out.len() - 1, false);
                    nominal_out.push(nominal);
                }
                // Reciprocal events: the dictionary's reverse code (`[042:043]`: a visit is
                // hosted), else meeting (031 `meet`) and talks `with` someone (046) go both ways.
                let vw = doc.word(v0);
                let with = tgr.start > 0 && (tgr.start.saturating_sub(3)..tgr.start).any(|k| doc.word(k) == "WITH");
                let back = if only_back {
                    Some(code)
                } else if !back.is_empty() {
                    Some(back)
                } else {
                    match code {
                        "031" if vw.starts_with("MEET") || vw == "MET" => Some(code),
                        "046" if with => Some(code),
                        // Receiving or hosting a visitor (043) is being visited (042) the other way.
                        "043" if vw.starts_with("RECEIV") || vw.starts_with("HOST") || vw.starts_with("WELCOM") => Some("042"),
                        _ => None,
                    }
                };
                if let Some(bc) = back.filter(|_| !sgr.code.starts_with("---")) {
                    if !out.iter().any(|c| c.code == bc && c.source.code == tgr.code && c.target.code == sgr.code) {
                        out.push(Coded { code: bc.to_string(), source: doc.actor(tgr), target: doc.actor(sgr), trigger, negated, hypothetical, default_target: false });
                        nominal_out.resize(out.len() - 1, false);
                        nominal_out.push(nominal);
                    }
                }
            }
        }
    }
    // An event noun (`during a visit to X`) is dropped when a verb of the sentence already
    // codes the same pair of actors.
    nominal_out.resize(out.len(), false);
    let keep: Vec<bool> = (0..out.len())
        .map(|i| {
            !nominal_out[i]
                || !(0..out.len()).any(|j| !nominal_out[j] && out[j].source.code == out[i].source.code && out[j].target.code == out[i].target.code)
        })
        .collect();
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        keep[k - 1]
    });
    out
}
