//! Cues, subjects and speakers: the token-level work of the quotes stage.
//!
//! In: a [`Frame`] (text, tokens, quoted regions, built once per article), the entities, the
//! cue lexicon and the first-name [`Genders`]. Out: [`Quote`]s, and speaker candidates for the
//! entity stage.
//! Rule: see the module doc of [`crate::quotes`]. Subjects are found by a bounded scan of the
//! tokens beside a cue (left: over adverbs, auxiliaries and one comma-delimited apposition;
//! right, for inverted `said Green`), never across a quote. Genders come from honorifics
//! (`Mr`, `Ms`), subject pronouns (`he`, `she`: the first of a sentence) that follow the person
//! when it is the only person in reach outside an introductory phrase, a short first-name
//! list, and the first-name table `models/gender.tsv` (he/she counts from raw news, built by
//! `dateline train gender`), in that order. A main-clause subject skips title modifiers
//! (`Chinese Foreign Ministry spokesperson Lu Kang`); a speaker inside an introductory or
//! subordinate clause is not the sentence's subject. Salience ranks pronoun antecedents: a person earlier in the sentence
//! (not in an introductory phrase), the main-clause subject of the previous sentence(s), the
//! previous speaker, then other persons by recency (not modifiers or possessives), each tier
//! first with a known matching gender (the previous sentence's subject also with an unknown one); photo and video captions (structure Caption zones and
//! body lines ending in a photo credit or a duration) are never in view.

use super::cues::Lexicon;
use super::marks::Region;
use super::{Quote, QuoteKind, Speaker};
use crate::entities::{Entity, EntityType};
use crate::lexicon::is_weekday_or_month;
use crate::span::Span;
use crate::structure::{Structure, ZoneKind};
use crate::text::Tokens;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gender {
    Unknown,
    Male,
    Female,
}

/// What a sentence puts in view for later pronouns.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Sal {
    /// Its first quote's speaker, else its first person.
    ent: Option<usize>,
    /// The subject of its main clause (a quote's speaker, a name, or a resolved pronoun).
    subj: Option<usize>,
    /// The speaker of its last quote.
    speaker: Option<usize>,
}

/// What stands in the subject position of a cue.
#[derive(Clone, Copy, Debug)]
enum Subj {
    Entity(usize),
    Pronoun(Gender),
    /// A nominal (`the minister`, `police`): its head token.
    Nominal(usize),
    /// `it`: an organisation. `they`: an organisation or a group.
    It,
    They,
    Unresolved,
}

/// What the quotes stage knows of an article before its entities are final: the quoted
/// regions, the sentence and region of every token, and the caption and link sentences. Built
/// once by the orchestrator and shared by [`Context`]s over the entities as they grow (speaker
/// candidates for the entity stage, then attribution).
pub struct Frame<'a> {
    text: &'a str,
    toks: &'a Tokens,
    regions: Vec<Region>,
    /// Sentence index of every token.
    sent_of: Vec<u32>,
    /// Region index + 1 of every token inside a region's outer span (0: none).
    region_of: Vec<u32>,
    /// Sentences inside photo captions or links: never in view for pronouns.
    caption: Vec<bool>,
    /// Sentences in a link to another story (`READ MORE: X says …`): no quotes.
    link: Vec<bool>,
}

impl<'a> Frame<'a> {
    pub fn new(text: &'a str, st: &Structure, toks: &'a Tokens) -> Frame<'a> {
        let regions = super::marks::regions(text, st);
        let n = toks.tokens.len();
        let mut sent_of = vec![0u32; n];
        for (si, s) in toks.sentences.iter().enumerate() {
            for k in s.tokens.clone() {
                if let Some(x) = sent_of.get_mut(k) {
                    *x = si as u32;
                }
            }
        }
        let mut region_of = vec![0u32; n];
        let mut r = 0;
        for (k, t) in toks.tokens.iter().enumerate() {
            while r < regions.len() && regions[r].outer.end <= t.span.start {
                r += 1;
            }
            if r < regions.len() && regions[r].outer.contains(t.span) {
                region_of[k] = r as u32 + 1;
            }
        }
        let link: Vec<bool> = toks.sentences.iter().map(|x| link_line(text, x.span.start)).collect();
        let caption = toks
            .sentences
            .iter()
            .zip(&link)
            .map(|(x, &l)| {
                l || st.zones.iter().any(|z| z.kind == ZoneKind::Caption && z.span.contains(Span::new(x.span.start, x.span.start)))
                    || caption_line(text, x.span.start)
            })
            .collect();
        Frame { text, toks, regions, sent_of, region_of, caption, link }
    }
}

/// The first-name table of `models/gender.tsv`: `name TAB he-count TAB she-count` per line
/// (he vs she counts from raw news, see `dateline train gender`).
#[derive(Debug, Default)]
pub struct Genders {
    names: rustc_hash::FxHashMap<String, (u32, u32)>,
}

impl Genders {
    /// Reads the table; `#` lines are comments. A malformed line is an error naming it.
    pub fn parse(tsv: &str) -> Result<Genders, crate::Error> {
        let mut names = rustc_hash::FxHashMap::default();
        for (i, l) in tsv.lines().enumerate().filter(|(_, l)| !l.starts_with('#')) {
            let bad = || crate::Error::BadModel(format!("gender.tsv line {}: want `name TAB he-count TAB she-count`", i + 1));
            let mut f = l.split('\t');
            let (Some(n), Some(m), Some(w)) = (f.next(), f.next(), f.next()) else { return Err(bad()) };
            let (Ok(m), Ok(w)) = (m.trim().parse(), w.trim().parse()) else { return Err(bad()) };
            names.insert(n.to_string(), (m, w));
        }
        if names.is_empty() {
            return Err(crate::Error::NoModel("gender"));
        }
        Ok(Genders { names })
    }

    /// The gender of a first name: one with at least 4 pronouns, 80% of them of one gender.
    fn of(&self, first: &str) -> Gender {
        match self.names.get(&first.to_lowercase()) {
            Some(&(m, f)) if m + f >= 4 && m >= 4 * f => Gender::Male,
            Some(&(m, f)) if m + f >= 4 && f >= 4 * m => Gender::Female,
            _ => Gender::Unknown,
        }
    }
}

/// A [`Frame`] with the article's entities: what finding subjects and resolving speakers reads.
pub struct Context<'a> {
    text: &'a str,
    toks: &'a Tokens,
    ents: &'a [Entity],
    regions: &'a [Region],
    lex: &'a Lexicon,
    names: &'a Genders,
    /// Sentence index of every token.
    sent_of: &'a [u32],
    /// Region index + 1 of every token inside a region's outer span (0: none).
    region_of: &'a [u32],
    /// Non-credit entity mentions `(span, entity)`, by start and by end.
    by_start: Vec<(Span, usize)>,
    by_end: Vec<(Span, usize)>,
    gender: Vec<Gender>,
    /// Sentences inside photo captions or links: never in view for pronouns.
    caption: &'a [bool],
    /// Sentences in a link to another story (`READ MORE: X says …`): no quotes.
    link: &'a [bool],
}

const PRONOUNS_M: &[&str] = &["he", "him", "his", "himself"];
const PRONOUNS_F: &[&str] = &["she", "her", "hers", "herself"];

const SKIP_LEFT: &[&str] = &[
    "also", "has", "have", "had", "will", "would", "could", "did", "does", "do", "later", "then", "again", "further",
    "previously", "once", "earlier", "today", "yesterday", "recently", "had", "may", "might", "has", "is", "was", "not",
    "never", "always", "often", "first", "last", "week", "night", "on", "just", "already", "still", "however", "too",
    "both", "all", "himself", "herself", "themselves",
];

/// A word of [`SKIP_LEFT`] or a weekday (`said on Monday`).
fn skip_left(w: &str) -> bool {
    lower_eq(w, SKIP_LEFT) || crate::lexicon::weekday(w).is_some()
}

/// Words that never sit between a determiner and its head noun.
const STOP_NP: &[&str] = &[
    "on", "of", "in", "to", "at", "by", "for", "with", "from", "and", "but", "or", "was", "were", "is", "are", "be",
    "had", "has", "have", "not", "that", "which", "who", "than", "as", "into", "about", "after", "before",
];

const DETERMINERS: &[&str] = &["the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "one", "another"];

/// Plural or mass nouns that are subjects without a determiner.
const BARE_NOMINALS: &[&str] = &[
    "police", "officials", "authorities", "prosecutors", "analysts", "experts", "residents", "witnesses", "critics",
    "investigators", "officers", "sources", "doctors", "researchers", "scientists", "economists", "lawmakers",
    "organizers", "organisers", "protesters", "activists", "students", "parents", "voters", "diplomats", "spokesman",
    "spokeswoman", "spokesperson", "mps",
];

/// Heads of nominals that name an organisation.
const ORG_NOUNS: &[&str] = &[
    "company", "firm", "agency", "ministry", "department", "government", "union", "group", "organization",
    "organisation", "council", "board", "military", "army", "court", "bank", "party", "committee", "commission",
    "association", "club", "university", "hospital", "airline", "league", "office", "service", "authority",
    "institute", "foundation", "network", "retailer", "carmaker", "automaker", "startup", "lender", "insurer",
    "team", "school", "railway", "railroad", "diocese", "church", "administration", "newspaper", "broadcaster",
    "regulator", "watchdog", "manufacturer", "producer", "operator", "utility", "charity", "coalition", "alliance",
];

/// Organisation heads that name a public body (`the military`, `the Canadian government`):
/// resolved only by an organisation's name, else an entity of their own.
const PUBLIC_BODIES: &[&str] = &["government", "military", "army", "administration", "police", "navy", "court", "legislature", "parliament", "cabinet", "prosecution"];

/// Documents that "say" things: their speaker is whoever issued them.
const DOC_NOUNS: &[&str] = &[
    "report", "paper", "document", "suit", "lawsuit", "complaint", "claim", "filing", "study", "survey", "memo",
    "letter", "statement", "release", "indictment", "affidavit", "ruling", "judgment", "decision", "analysis",
    "audit", "review", "petition", "motion", "brief", "notice", "warrant", "application", "submission", "plan",
    "book", "memoir", "website", "article", "column", "findings", "tweet", "blog",
];

fn is_doc(w: &str) -> bool {
    lower_eq(w, DOC_NOUNS) || lower_eq(&singular(w), DOC_NOUNS)
}

/// Auxiliaries and common finite verbs: the sign of a clause.
const FINITE: &[&str] = &[
    "is", "was", "were", "are", "am", "be", "been", "will", "would", "could", "can", "may", "might", "should", "must",
    "has", "have", "had", "do", "does", "did", "won't", "can't", "didn't", "doesn't", "isn't", "wasn't", "aren't",
    "weren't", "hasn't", "haven't", "wouldn't", "couldn't", "shouldn't", "'s", "’s", "wo", "ca", "n't", "’ll", "'ll",
    "need", "needs", "wants", "want", "plans", "remains", "remain", "seems", "makes", "goes", "gets", "takes",
];

/// Channels of a statement (`said in a statement`, `told reporters by text message`).
const CHANNELS: &[&str] = &[
    "statement", "interview", "email", "e-mail", "message", "speech", "release", "letter", "post", "tweet",
    "conference", "briefing", "call", "note", "address", "video", "memo", "broadcast", "phone", "telephone",
    "text", "podcast", "filing", "testimony", "remarks", "comments", "session", "hearing", "appearance", "op-ed",
    "column", "blog", "announcement", "newsletter", "report",
];

/// Speech verbs that report a clause without `that` (`said Moscow had used…`).
const CORE_CUES: &[&str] = &[
    "said", "says", "say", "saying", "told", "tells", "telling", "added", "adds", "adding", "noted", "notes", "noting",
    "wrote", "writes", "explained", "explains", "stressed", "stresses", "stressing", "argued", "argues", "insisted",
    "insists", "insisting", "warned", "warns", "announced", "claimed", "claims", "stated", "suggested", "acknowledged",
    "admitted", "reported", "tweeted", "condemned", "emphasized", "emphasised", "reiterated", "confirmed", "predicted",
    "recalled", "replied", "responded", "asserted", "conceded", "declared", "maintained", "maintains", "alleged",
    "complained", "observed", "remarked", "denied", "explain", "report", "alleges", "allege", "admits", "acknowledges",
    "concedes", "insist", "argue", "warn", "note", "stress", "recalls", "predicts", "announces", "confirms", "advises",
    "advised", "contends", "contend", "contended", "cautioned", "cautions", "recounted", "recounts",
];

/// Kinship and partnership nouns (`Wise’s dad, Darrin`).
const KIN: &[&str] = &[
    "dad", "father", "mother", "mom", "mum", "son", "daughter", "wife", "husband", "partner", "brother", "sister",
    "aunt", "uncle", "cousin", "grandmother", "grandfather", "niece", "nephew", "fiancé", "fiancée", "girlfriend",
    "boyfriend", "widow", "widower", "stepfather", "stepmother", "coach", "agent", "boss", "friend",
];

const PERSON_NOUNS: &[&str] = &["person", "spokesman", "spokeswoman", "spokesperson", "official", "officials", "source", "sources"];

const FIRST_M: &[&str] = &[
    "james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles", "daniel", "matthew",
    "anthony", "mark", "donald", "steven", "paul", "andrew", "joshua", "kenneth", "kevin", "brian", "george", "edward",
    "ronald", "timothy", "jason", "jeffrey", "ryan", "jacob", "gary", "eric", "stephen", "jonathan", "justin", "scott",
    "brandon", "benjamin", "samuel", "frank", "peter", "patrick", "jack", "dennis", "jerry", "tyler", "aaron", "henry",
    "adam", "douglas", "nathan", "zach", "zachary", "kyle", "walter", "harold", "jeremy", "ethan", "carl", "keith",
    "roger", "gerald", "christian", "terry", "sean", "arthur", "austin", "noah", "lawrence", "jesse", "joe", "bryan",
    "billy", "jordan", "albert", "dylan", "bruce", "gabriel", "alan", "juan", "wayne", "roy", "ralph", "randy", "eugene",
    "vincent", "russell", "louis", "philip", "bobby", "johnny", "bradley", "mike", "jim", "tom", "bill", "bob", "steve",
    "dan", "ben", "tim", "jens", "volodymyr", "vladimir", "emmanuel", "olaf", "boris", "rishi", "justin", "doug",
    "xi", "narendra", "recep", "sergei", "dmitry", "dmitri", "mohammed", "muhammad", "ahmed", "ali", "omar", "hassan",
    "jean", "pierre", "francois", "hans", "klaus", "karl", "fritz", "giuseppe", "marco", "luca", "carlos", "jose",
    "luis", "miguel", "pedro", "antonio", "manuel", "ivan", "igor", "oleksiy", "andriy", "yuriy", "denys", "elon",
    "jeff", "tim", "satya", "sundar", "warren", "barack", "chuck", "mitch", "damon", "ollie",
    "guenther", "stephane", "gilles", "jagmeet", "andrew", "pierre", "jason", "craig", "greg", "ian", "neil", "simon",
    "martin", "graham", "colin", "stuart", "alex", "max", "leo", "hugo", "felix", "oscar", "theo",
];

const FIRST_F: &[&str] = &[
    "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah", "karen", "nancy", "lisa",
    "betty", "margaret", "sandra", "ashley", "kimberly", "emily", "donna", "michelle", "dorothy", "carol", "amanda",
    "melissa", "deborah", "stephanie", "rebecca", "sharon", "laura", "cynthia", "kathleen", "amy", "shirley", "angela",
    "helen", "anna", "brenda", "pamela", "nicole", "emma", "samantha", "katherine", "christine", "debra", "rachel",
    "catherine", "carolyn", "janet", "ruth", "maria", "heather", "diane", "virginia", "julie", "joyce", "victoria",
    "olivia", "kelly", "christina", "lauren", "joan", "evelyn", "judith", "megan", "cheryl", "andrea", "hannah",
    "martha", "jacqueline", "frances", "gloria", "ann", "teresa", "kathryn", "sara", "janice", "jean", "alice",
    "madison", "doris", "abigail", "julia", "judy", "grace", "denise", "amber", "marilyn", "beverly", "danielle",
    "theresa", "sophia", "marie", "diana", "brittany", "natalie", "isabella", "charlotte", "rose", "alexis", "kayla",
    "ursula", "angela", "kamala", "hillary", "theresa", "jacinda", "giorgia", "annalena", "christine", "kristalina",
    "chrystia", "melanie", "catherine", "jane", "kate", "claire", "fiona", "sophie", "chloe", "lucy", "ella", "mia",
    "yuliia", "olena", "iryna", "natalia", "tatiana", "svetlana", "elena", "irina", "ana", "carmen", "lucia", "sofia",
    "fatima", "aisha", "priya", "mei", "yuki", "elizabeth", "liz", "kristi", "nikki", "marjorie", "alexandria", "ilhan",
];

const HON_M: &[&str] = &["mr", "mr.", "sir", "lord", "king", "prince", "father", "brother", "monsieur", "herr"];
const HON_F: &[&str] = &["ms", "ms.", "mrs", "mrs.", "miss", "lady", "dame", "queen", "princess", "sister", "madam", "madame"];

fn lower_eq(w: &str, list: &[&str]) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

fn is_punct(w: &str) -> bool {
    !w.chars().any(char::is_alphanumeric)
}

fn is_quote_mark(w: &str) -> bool {
    matches!(w, "\"" | "“" | "”" | "'" | "‘" | "’" | "«" | "»" | "„")
}

impl<'a> Context<'a> {
    pub fn new(frame: &'a Frame<'a>, ents: &'a [Entity], lex: &'a Lexicon, names: &'a Genders) -> Context<'a> {
        let mut by_start: Vec<(Span, usize)> = ents
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.credit)
            .flat_map(|(i, e)| e.mentions.iter().map(move |&m| (m, i)))
            .collect();
        by_start.sort_by_key(|&(s, i)| (s.start, std::cmp::Reverse(s.end), i));
        let mut by_end = by_start.clone();
        by_end.sort_by_key(|&(s, i)| (s.end, s.start, i));
        let mut c = Context {
            text: frame.text,
            toks: frame.toks,
            ents,
            regions: &frame.regions,
            lex,
            names,
            sent_of: &frame.sent_of,
            region_of: &frame.region_of,
            by_start,
            by_end,
            gender: Vec::new(),
            caption: &frame.caption,
            link: &frame.link,
        };
        c.gender = c.genders();
        c
    }

    fn w(&self, k: usize) -> &'a str {
        self.toks.tokens.get(k).map_or("", |t| t.span.of(self.text))
    }

    fn span(&self, k: usize) -> Span {
        self.toks.tokens.get(k).map_or(Span::default(), |t| t.span)
    }

    fn sent_range(&self, k: usize) -> std::ops::Range<usize> {
        let s = self.sent_of.get(k).copied().unwrap_or(0) as usize;
        self.toks.sentences.get(s).map_or(k..k + 1, |s| s.tokens.clone())
    }

    fn in_quote(&self, k: usize) -> bool {
        self.region_of.get(k).is_some_and(|&r| r != 0)
    }

    fn is_cue(&self, k: usize) -> bool {
        let w = self.w(k);
        if lower_eq(w, &["points", "pointed"]) && self.w(k + 1).eq_ignore_ascii_case("out") {
            // `points out the laid-back Cambridge resident`, `Foster points out that …`
            return k == 0 || !lower_eq(self.w(k - 1), DETERMINERS);
        }
        if !self.lex.contains(w) {
            return false;
        }
        if w.eq_ignore_ascii_case("according") {
            return self.w(k + 1).eq_ignore_ascii_case("to");
        }
        // A noun before the real cue: `the report said`, `a statement says`.
        if lower_eq(self.w(k + 1), &["said", "says", "say", "stated", "states", "added", "adds", "noted", "notes"]) {
            return false;
        }
        // A cue that is also a noun, after a determiner: `the winter railroading report`.
        let after_plural = k > 0 && self.w(k - 1).len() > 3 && self.w(k - 1).ends_with('s') && !self.w(k - 1).ends_with("ss");
        if !after_plural && lower_eq(w, &["report", "reports", "claim", "claims", "notes", "calls", "warning", "tweets", "complaints", "comments", "remarks"]) {
            let lo = k.saturating_sub(4).max(self.sent_range(k).start);
            if let Some(d) = (lo..k).rev().find(|&d| is_punct(self.w(d)) || lower_eq(self.w(d), DETERMINERS) || lower_eq(self.w(d), STOP_NP)) {
                if lower_eq(self.w(d), DETERMINERS) {
                    return false;
                }
            }
        }
        // Passive or infinitive uses: `is said to`, `was called`, `to say`.
        let p = if k > 0 { self.w(k - 1) } else { "" };
        !lower_eq(p, &["is", "was", "be", "been", "are", "were", "being", "the", "so-called", "when", "if", "to"])
    }

    /// The entity mention ending exactly at byte `end` (the longest).
    fn mention_ending(&self, end: usize) -> Option<(Span, usize)> {
        let i = self.by_end.partition_point(|&(s, _)| s.end < end);
        self.by_end[i..].iter().take_while(|&&(s, _)| s.end == end).min_by_key(|&&(s, e)| (self.type_rank(e), s.start)).copied()
    }

    fn mention_starting(&self, start: usize) -> Option<(Span, usize)> {
        let i = self.by_start.partition_point(|&(s, _)| s.start < start);
        self.by_start[i..].iter().take_while(|&&(s, _)| s.start == start).min_by_key(|&&(s, e)| (self.type_rank(e), std::cmp::Reverse(s.end))).copied()
    }

    fn type_rank(&self, e: usize) -> u8 {
        match self.ents.get(e).map(|x| x.ty) {
            Some(EntityType::Person) => 0,
            Some(EntityType::Org) => 1,
            _ => 2,
        }
    }

    fn token_starting(&self, byte: usize) -> usize {
        self.toks.tokens.partition_point(|t| t.span.start < byte)
    }

    fn token_ending(&self, byte: usize) -> usize {
        self.toks.tokens.partition_point(|t| t.span.end <= byte)
    }

    // ------------------------------------------------------------------ genders

    fn genders(&self) -> Vec<Gender> {
        let mut votes = vec![(0i32, 0i32); self.ents.len()];
        let mut weak = vec![(0i32, 0i32); self.ents.len()];
        let mut hon = vec![Gender::Unknown; self.ents.len()];
        for &(m, e) in &self.by_start {
            if self.ents[e].ty != EntityType::Person {
                continue;
            }
            let k = self.token_starting(m.start);
            if k > 0 {
                let p = self.w(k - 1);
                if lower_eq(p, HON_M) {
                    hon[e] = Gender::Male;
                } else if lower_eq(p, HON_F) {
                    hon[e] = Gender::Female;
                }
            }
        }
        // Pronoun votes: the first gendered pronoun of a sentence, outside quotes, when it is a
        // subject (`he`, `she`), goes to the only person in its sentence before it (a strong
        // vote), or else to the only person of the previous sentence (a weak vote, used when
        // the strong ones tie).
        let mut last_sent = usize::MAX;
        let mut cur: Vec<usize> = Vec::new();
        let mut prev: Vec<usize> = Vec::new();
        // A pronoun before any person in the sentence: later pronouns follow it, not a person.
        let mut pron_first = false;
        let mut mi = 0;
        for k in 0..self.toks.tokens.len() {
            let s = self.sent_of[k] as usize;
            if s != last_sent {
                prev = std::mem::take(&mut cur);
                last_sent = s;
                pron_first = false;
            }
            let t = self.span(k);
            while mi < self.by_start.len() && self.by_start[mi].0.start < t.start {
                mi += 1;
            }
            if let Some(&(m, e)) = self.by_start.get(mi) {
                if m.start == t.start && self.ents[e].ty == EntityType::Person && !self.in_quote(k) && !self.in_intro(k) && !cur.contains(&e) {
                    cur.push(e);
                }
            }
            if self.in_quote(k) {
                continue;
            }
            let w = self.w(k);
            let g = if lower_eq(w, PRONOUNS_M) {
                Gender::Male
            } else if lower_eq(w, PRONOUNS_F) {
                Gender::Female
            } else {
                continue;
            };
            if pron_first {
                continue;
            }
            // Only the sentence's first gendered pronoun votes, and only a subject (`he`, `she`).
            pron_first = true;
            if !lower_eq(w, &["he", "she"]) {
                continue;
            }
            match (cur.as_slice(), prev.as_slice()) {
                ([e], _) => {
                    if g == Gender::Male { votes[*e].0 += 1 } else { votes[*e].1 += 1 }
                }
                ([], [e]) => {
                    if g == Gender::Male { weak[*e].0 += 1 } else { weak[*e].1 += 1 }
                }
                _ => {}
            }
        }
        (0..self.ents.len())
            .map(|e| {
                if hon[e] != Gender::Unknown {
                    return hon[e];
                }
                let (m, f) = if votes[e] != (0, 0) && votes[e].0 != votes[e].1 { votes[e] } else { weak[e] };
                if m > f {
                    return Gender::Male;
                }
                if f > m {
                    return Gender::Female;
                }
                let first = self.ents[e].name.split_whitespace().next().unwrap_or("");
                if self.ents[e].name.contains(' ') && lower_eq(first, FIRST_M) {
                    Gender::Male
                } else if self.ents[e].name.contains(' ') && lower_eq(first, FIRST_F) {
                    Gender::Female
                } else if self.ents[e].name.contains(' ') {
                    self.names.of(first)
                } else {
                    Gender::Unknown
                }
            })
            .collect()
    }

    // ------------------------------------------------------------------ subjects

    /// The subject of the cue at token `k`: its span and what it is.
    fn subject(&self, k: usize, right_first: bool) -> Option<(Span, Subj)> {
        if self.w(k).eq_ignore_ascii_case("according") {
            return self.subject_right(k + 2);
        }
        if right_first {
            self.subject_right(k + 1).or_else(|| self.subject_left(k))
        } else {
            // A subject after the cue only when the clause ends there (`…, said the minister.`).
            self.subject_left(k).or_else(|| {
                self.subject_right(k + 1).filter(|(sp, _)| {
                    let after = self.token_starting(sp.end);
                    let x = self.w(after);
                    after >= self.sent_range(k).end || is_punct(x) || lower_eq(x, &["who", "on", "in", "at"])
                })
            })
        }
    }

    fn subject_left(&self, k: usize) -> Option<(Span, Subj)> {
        let sent = self.sent_range(k);
        let mut j = k;
        let mut appositions = 0;
        loop {
            if j <= sent.start {
                return None;
            }
            j -= 1;
            if self.in_quote(j) {
                return None;
            }
            let w = self.w(j);
            let lw = w.len() > 2 && w.ends_with("ly") && w.starts_with(|c: char| c.is_lowercase());
            // `Elizabeth May has said`: a name is never skipped as a modal.
            let name = w.starts_with(char::is_uppercase) && self.mention_ending(self.span(j).end).is_some();
            if skip_left(w) && !name || lw {
                continue;
            }
            if w == ")" {
                // `Richard Shelby (R-Ala.) said`: skip the parenthesis.
                let lo = j.saturating_sub(12).max(sent.start);
                match (lo..j).rev().find(|&p| self.w(p) == "(") {
                    Some(p) => {
                        j = p;
                        continue;
                    }
                    None => return None,
                }
            }
            if w == "," && appositions == 0 {
                if let Some(x) = self.apposed_subject(j, sent.start) {
                    return Some(x);
                }
                // `Guenther Schuh, e.GO’s founder and …, said`: skip back to the previous comma.
                let lo = j.saturating_sub(25).max(sent.start);
                let Some(p) = (lo..j).rev().find(|&p| self.w(p) == "," || self.in_quote(p) || self.is_cue(p)) else { return None };
                if self.w(p) != "," || p == 0 {
                    return None;
                }
                appositions += 1;
                j = p;
                continue;
            }
            let np = self.np_ending(j, sent.start);
            // `The parole board decision allowing his release said`: the noun phrase before a
            // participial phrase is the subject.
            // So is the noun before `cited in the report` (`An expert cited in the report, …,
            // said`, `people arrested at the camp alleged`).
            if let Some((sp, _)) = np {
                let a = self.token_starting(sp.start);
                let prep = a > sent.start && lower_eq(self.w(a - 1), &["in", "at", "by", "for", "from", "with", "on"]);
                // (`quoted in the survey`: a cue too, but not a cue of this subject.)
                let participle = |p: usize| {
                    let x = self.w(p);
                    x.len() > 4 && (x.ends_with("ing") || x.ends_with("ed")) && x.starts_with(char::is_lowercase) && (prep || !self.is_cue(p)) && !self.in_quote(p)
                };
                let p = if prep { a.saturating_sub(2) } else { a.saturating_sub(1) };
                let ok = p > sent.start && participle(p) && (prep || self.w(p).ends_with("ing"));
                let noun = if ok { self.w(p - 1) } else { "" };
                if ok && noun.starts_with(char::is_lowercase) && !lower_eq(noun, STOP_NP) && !skip_left(noun) && !is_punct(noun) && !self.in_quote(p - 1) {
                    let nominal = |x: &(Span, Subj)| {
                        let d = self.token_starting(x.0.start);
                        matches!(x.1, Subj::Entity(_)) || lower_eq(self.w(d), DETERMINERS) || is_human_plural(self.w(p - 1)) || lower_eq(self.w(p - 1), BARE_NOMINALS)
                    };
                    if let Some(x) = self.np_ending(p - 1, sent.start).filter(nominal) {
                        return Some(x);
                    }
                }
            }
            return np;
        }
    }

    /// The subject of a cue that follows the comma at token `c`, when appositions stand
    /// between them: `Schellenberg's aunt, Lauri Nelson-Jones, said` (the name right before the
    /// comma, itself set off by a comma), or `Sen. Richard Shelby of Alabama, the chairman of
    /// …, said` / `Will Young, a mechanic based in Kansas City, Mo., and …, said` (a person or
    /// organisation opening the clause and followed by `,` or `of`). The clause opens at the
    /// sentence start, a quote, `;`, `:` or a dash, at most 45 tokens back.
    fn apposed_subject(&self, c: usize, floor: usize) -> Option<(Span, Subj)> {
        if c == 0 || c <= floor {
            return None;
        }
        // A person mention filling the segment before the comma, after titles and place
        // modifiers (`One red-state Democrat, Montana Sen. Jon Tester, said`); the first of two
        // (`His defence attorneys, Charles Glynn and Richard Jones, have said`). Not a role
        // the tagger took for a name (`Jim Eglinski, Yellowhead MP, said`).
        if let Some((m, e)) = self.mention_ending(self.span(c - 1).end) {
            let mut a = self.token_starting(m.start);
            let mut m = (m, e);
            if a > floor + 2 && self.w(a - 1).eq_ignore_ascii_case("and") {
                if let Some((m0, e0)) = self.mention_ending(self.span(a - 2).end).filter(|&(_, e0)| self.ents[e0].ty == EntityType::Person) {
                    m = (m0, e0);
                    a = self.token_starting(m0.start);
                }
            }
            let mut b = a;
            while b > floor && a - b < 3 && (is_title_word(self.w(b - 1)) || is_name_word(self.w(b - 1)) && self.mention_ending(self.span(b - 1).end).is_some()) {
                b -= 1;
            }
            let role = m.0.of(self.text).rsplit(' ').next().is_some_and(|l| is_title_word(l) || is_human_noun(l) || l.len() >= 2 && l.chars().all(|c| c.is_ascii_uppercase()));
            if self.ents[m.1].ty == EntityType::Person && !role && b > floor && self.w(b - 1) == "," && !self.in_quote(b - 1) {
                return Some((m.0, Subj::Entity(m.1)));
            }
        }
        let lo = c.saturating_sub(45).max(floor);
        let mut start = lo;
        for p in (lo..c).rev() {
            let x = self.w(p);
            if self.in_quote(p) || matches!(x, ";" | ":" | "—" | "–") || self.is_cue(p) {
                start = p + 1;
                break;
            }
        }
        if start == lo && lo > floor {
            return None;
        }
        let mut a = start;
        while a < c && (is_title_word(self.w(a)) || lower_eq(self.w(a), &["the"])) && a < start + 4 {
            a += 1;
        }
        let (m, e) = self.mention_starting(self.span(a).start)?;
        let after = self.token_ending(m.end);
        if after >= c || !matches!(self.ents[e].ty, EntityType::Person | EntityType::Org) {
            return None;
        }
        let next = self.w(after);
        let ok = next == "," || self.ents[e].ty == EntityType::Person && lower_eq(next, &["of", "from"]);
        ok.then_some((m, Subj::Entity(e)))
    }

    /// A capitalised head after `the` and capitalised modifiers (`the Kentucky Republican`).
    fn the_description(&self, j: usize, floor: usize) -> Option<(Span, Subj)> {
        let d = (j.saturating_sub(3).max(floor)..j)
            .rev()
            .find(|&d| self.w(d).eq_ignore_ascii_case("the") && (d + 1..j).all(|x| self.w(x).starts_with(char::is_uppercase)))?;
        Some((Span::new(self.span(d).start, self.span(j).end), Subj::Nominal(j)))
    }

    /// A noun phrase whose last token is `j`.
    fn np_ending(&self, j: usize, floor: usize) -> Option<(Span, Subj)> {
        let w = self.w(j);
        let t = self.span(j);
        if let Some((m, e)) = self.mention_ending(t.end) {
            // `the founder of Studiocomix Press`, `Richard Shelby of Alabama`: the head is
            // before the preposition.
            let a = self.token_starting(m.start);
            if a > floor + 1 && lower_eq(self.w(a - 1), &["of", "for", "at", "from", "in", "with"]) && !self.in_quote(a - 2) {
                if let Some(x) = self.np_ending(a - 2, floor) {
                    return Some(x);
                }
            }
            let subj = self.as_subj(e);
            if matches!(subj, Subj::Unresolved) && a == j {
                // `the Kentucky Republican`: a one-word NORP/MISC name described after `the`.
                if let Some(x) = self.the_description(j, floor) {
                    return Some(x);
                }
            }
            return Some((m, subj));
        }
        if let Some(g) = pronoun(w) {
            return Some((t, g));
        }
        if is_punct(w) {
            return None;
        }
        let first = w.chars().next().unwrap_or(' ');
        if first.is_uppercase() {
            // A name the tagger missed: the surname of a known person.
            let e = self.surname(w);
            if e.is_none() && (is_human_plural(&w.to_lowercase()) || lower_eq(w, BARE_NOMINALS)) {
                // A sentence-initial group: `Prosecutors say …`.
                return Some((t, Subj::Nominal(j)));
            }
            if e.is_none() {
                if let Some(x) = self.the_description(j, floor) {
                    return Some(x);
                }
            }
            return Some((t, e.map_or(Subj::Unresolved, |e| self.as_subj(e))));
        }
        if first.is_lowercase() {
            if w.eq_ignore_ascii_case("who") && j > floor + 1 && !self.in_quote(j - 1) {
                // `a growing list of veteran MPs who say …`; `Nunes, the ferocious brawler who
                // calls herself …`: the name the description stands in apposition to.
                let np = self.np_ending(j - 1, floor);
                if let Some((sp, Subj::Nominal(_))) = np {
                    let d = self.token_starting(sp.start);
                    if d > floor + 1 && self.w(d).eq_ignore_ascii_case("the") && self.w(d - 1) == "," {
                        if let Some((m, e)) = self.mention_ending(self.span(d - 2).end).filter(|&(_, e)| self.ents[e].ty == EntityType::Person) {
                            return Some((m, Subj::Entity(e)));
                        }
                    }
                }
                return np;
            }
            if lower_eq(w, BARE_NOMINALS) || is_human_plural(w) {
                let s = if j > floor && lower_eq(self.w(j - 1), DETERMINERS) { self.span(j - 1).start } else { t.start };
                return Some((Span::new(s, t.end), Subj::Nominal(j)));
            }
            // `the (lanky, bespectacled) minister`, `the NATO chief`, `Johnson’s team`
            let lo = j.saturating_sub(5).max(floor);
            for d in (lo..j).rev() {
                let x = self.w(d);
                if matches!(x, "'s" | "’s") && d > floor {
                    let owner = self.mention_ending(self.span(d - 1).end);
                    if let Some((m, e)) = owner.filter(|_| d + 1 == j && is_doc(w)) {
                        // `Foster’s book says`: its author.
                        return Some((m, self.as_subj(e)));
                    }
                    let st = owner.map_or(self.span(d - 1).start, |(m, _)| m.start);
                    return Some((Span::new(st, t.end), Subj::Nominal(j)));
                }
                if let Some((m, e)) = self.mention_ending(self.span(d).end).filter(|&(_, e)| self.ents[e].ty == EntityType::Org) {
                    // `The RCMP statement said`, `KCNA news agency said`: the organisation.
                    if (is_doc(w) || lower_eq(w, ORG_NOUNS) || w.eq_ignore_ascii_case("agency")) && !is_punct(x) {
                        return Some((Span::new(m.start, t.end), Subj::Entity(e)));
                    }
                }
                if lower_eq(x, DETERMINERS) {
                    // `Another member of the public`: the person the partitive names.
                    if d > floor + 1 && self.w(d - 1).eq_ignore_ascii_case("of") && !self.in_quote(d - 2) {
                        let owner = self.w(d - 2);
                        if owner.starts_with(char::is_lowercase) && (is_human_noun(owner) || lower_eq(owner, &["one", "some", "many", "several"])) {
                            if let Some(x) = self.np_ending(d - 2, floor) {
                                return Some(x);
                            }
                        }
                    }
                    return Some((Span::new(self.span(d).start, t.end), Subj::Nominal(j)));
                }
                // `the lanky, bespectacled professor`: a comma between two adjectives.
                let adj_comma = x == "," && d > floor && d + 1 < j && self.w(d - 1).starts_with(char::is_lowercase) && self.w(d + 1).starts_with(char::is_lowercase) && !self.in_quote(d - 1);
                if self.in_quote(d) || self.is_cue(d) || is_punct(x) && x != "-" && !adj_comma || lower_eq(x, STOP_NP) {
                    break;
                }
            }
            // A bare plural opening its clause (`However, refugee advocates say`, `Rights
            // organizations said`): modifiers back to the sentence start or a `,` `;` `:`.
            if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("ous") && !lower_eq(w, STOP_NP) {
                let mut a = j;
                while a > floor && j - a < 4 {
                    let x = self.w(a - 1);
                    if self.in_quote(a - 1) || is_punct(x) || lower_eq(x, STOP_NP) || self.is_cue(a - 1) || pronoun(x).is_some() || skip_left(x) || x.ends_with("ly") {
                        break;
                    }
                    a -= 1;
                }
                let open = a == floor || matches!(self.w(a - 1), "," | ";" | ":" | "—" | "–") || self.in_quote(a - 1);
                if open && (a..j).all(|d| !lower_eq(self.w(d), &["the", "a", "an"]) || d == a) {
                    return Some((Span::new(self.span(a).start, t.end), Subj::Nominal(j)));
                }
            }
        }
        None
    }

    fn subject_right(&self, k: usize) -> Option<(Span, Subj)> {
        let sent = self.sent_range(k.saturating_sub(1));
        if k >= sent.end || self.in_quote(k) {
            return None;
        }
        if k > 0 && self.w(k).eq_ignore_ascii_case("out") && lower_eq(self.w(k - 1), &["points", "pointed"]) {
            return self.subject_right(k + 1);
        }
        if let Some(x) = self.org_subject(k) {
            return Some(x);
        }
        let t = self.span(k);
        if let Some((m, e)) = self.mention_starting(t.start) {
            let after = self.token_ending(m.end);
            let txt = m.of(self.text);
            if txt.ends_with("'s") || txt.ends_with("’s") || matches!(self.w(after), "'s" | "’s") {
                // `says Campbell’s partner, Jason Louth`: the name in apposition, else the
                // described person (`said Johnson’s spokesman`), never the possessor.
                let a = if matches!(self.w(after), "'s" | "’s") { after + 1 } else { after };
                let mut h = a;
                while h < sent.end && h < a + 4 && !self.in_quote(h) && self.w(h).starts_with(char::is_lowercase) && !lower_eq(self.w(h), STOP_NP) {
                    h += 1;
                }
                if h > a {
                    if self.w(h) == "," && (is_human_noun(self.w(h - 1)) || lower_eq(self.w(h - 1), KIN)) {
                        if let Some((m2, e2)) = self.mention_starting(self.span(h + 1).start) {
                            let end = self.token_ending(m2.end);
                            let one_name = self.ents[e2].ty == EntityType::Person || end == h + 2 && is_name_word(self.w(h + 1));
                            if one_name && (end >= sent.end || is_punct(self.w(end))) {
                                return Some((m2, Subj::Entity(e2)));
                            }
                        }
                    }
                    if is_doc(self.w(h - 1)) && h == a + 1 {
                        // `according to Foster’s book`: its author.
                        return Some((m, self.as_subj(e)));
                    }
                    return Some((Span::new(t.start, self.span(h - 1).end), Subj::Nominal(h - 1)));
                }
            }
            if self.ents[e].ty != EntityType::Person {
                // `said Rockets general manager Bruce Hamilton`: a name after the modifiers.
                if let Some(x) = self.person_after(after, sent.end) {
                    return Some(x);
                }
            }
            return Some((m, self.as_subj(e)));
        }
        let w = self.w(k);
        if let Some(g) = pronoun(w) {
            return matches!(g, Subj::Pronoun(_) | Subj::It | Subj::They).then_some((t, g));
        }
        if k > 0 && w.eq_ignore_ascii_case("that") && self.is_cue(k - 1) {
            return None; // `said that …`: a complementiser
        }
        // `said oil and gas worker Mike Wipf`: a person within a few words, no punctuation between.
        if let Some(x) = self.person_after(k + 1, sent.end) {
            return Some(x);
        }
        if lower_eq(w, DETERMINERS) || lower_eq(w, BARE_NOMINALS) || is_human_plural(w) {
            // The head: the last word before `,`, `.`, `who`, `of`, `in`, `on`, `at`.
            let mut h = k;
            let mut j = k + 1;
            while j < sent.end && j < k + 7 && !self.in_quote(j) {
                let x = self.w(j);
                if is_punct(x) || lower_eq(x, &["who", "of", "in", "on", "at", "and", "for", "that", "to", "from", "with", "familiar", "close", "briefed", "speaking", "by", "released", "issued", "sent", "published"]) {
                    break;
                }
                if let Some((m, e)) = self.mention_starting(self.span(j).start) {
                    if self.ents[e].ty == EntityType::Person {
                        return Some((m, Subj::Entity(e)));
                    }
                }
                h = j;
                j += 1;
            }
            if lower_eq(w, BARE_NOMINALS) || is_human_plural(w) {
                h = k;
            }
            if lower_eq(w, &["one", "another"]) && self.w(k + 1).eq_ignore_ascii_case("of") {
                // `says one of the players`: one of a group, named by the whole phrase.
                let p = (k + 2..(k + 5).min(sent.end)).take_while(|&p| !self.in_quote(p) && !is_punct(self.w(p))).find(|&p| is_human_plural(self.w(p)));
                if let Some(p) = p {
                    return Some((Span::new(t.start, self.span(p).end), Subj::Nominal(p)));
                }
            }
            if is_doc(self.w(h)) {
                // `said a statement released by the Prime Minister's Office`: its issuer.
                let by = (j..(j + 2).min(sent.end)).find(|&b| lower_eq(self.w(b), &["by", "from"]));
                let x = by.map_or(j, |b| b + 1);
                if by.is_some() {
                    if let Some(o) = self.org_subject(x) {
                        return Some(o);
                    }
                }
                let x = if lower_eq(self.w(x), &["the"]) { x + 1 } else { x };
                if by.is_some() || lower_eq(self.w(j), &["released", "issued", "sent", "published", "posted"]) {
                    if let Some((m, e)) = self.mention_starting(self.span(x).start).filter(|&(_, e)| matches!(self.ents[e].ty, EntityType::Org | EntityType::Person)) {
                        if by.is_some() {
                            return Some((m, Subj::Entity(e)));
                        }
                    }
                }
            }
            return Some((Span::new(t.start, self.span(h).end), Subj::Nominal(h)));
        }
        if w.starts_with(|c: char| c.is_uppercase()) && !is_punct(w) && !is_weekday_or_month(w) {
            let e = self.surname(w);
            return Some((t, e.map_or(Subj::Unresolved, |e| self.as_subj(e))));
        }
        None
    }

    /// A person mention starting within 6 tokens from `from`, with no punctuation, quote or
    /// clause word before it.
    fn person_after(&self, from: usize, end: usize) -> Option<(Span, Subj)> {
        for j in from..(from + 6).min(end) {
            if self.in_quote(j) || is_punct(self.w(j)) && self.w(j) != "-" || lower_eq(self.w(j), &["who", "that", "to", "was", "is"]) {
                break;
            }
            if let Some((m, e)) = self.mention_starting(self.span(j).start) {
                if self.ents[e].ty == EntityType::Person {
                    return Some((m, Subj::Entity(e)));
                }
            }
        }
        None
    }

    fn as_subj(&self, e: usize) -> Subj {
        match self.ents.get(e).map(|x| x.ty) {
            Some(EntityType::Person | EntityType::Org) => Subj::Entity(e),
            Some(EntityType::Misc) if self.ents[e].name.starts_with(char::is_lowercase) || is_group_name(&self.ents[e].name) => Subj::Entity(e),
            _ => Subj::Unresolved,
        }
    }

    /// The entity mentioned last in bytes `from..before`, outside quotes, that passes `ok`.
    fn last_named(&self, from: usize, before: usize, ok: impl Fn(usize) -> bool) -> Option<usize> {
        let i = self.by_start.partition_point(|&(m, _)| m.start < before);
        self.by_start[..i]
            .iter()
            .rev()
            .take_while(|&&(m, _)| m.start >= from)
            .filter(|&&(m, _)| !self.in_quote(self.token_starting(m.start)))
            .find(|&&(_, e)| ok(e))
            .map(|&(_, e)| e)
    }

    /// Whether entity `e` is a group of people (`Republican senators`, `auto-industry executives`).
    fn is_people(&self, e: usize) -> bool {
        let x = &self.ents[e];
        !x.credit && x.ty == EntityType::Misc && is_group_name(&x.name) && x.name.rsplit(' ').next().is_some_and(|h| h.starts_with(char::is_lowercase) && is_human_noun(h))
    }

    /// Whether the person `e` is named in sentence `s` coordinated with another person
    /// (`Tore Sohlberg and Lehla Abreder`).
    fn coordinated_in(&self, s: usize, e: usize) -> bool {
        if self.ents.get(e).is_none_or(|x| x.ty != EntityType::Person) {
            return false;
        }
        let r = self.toks.sentences.get(s).map_or(Span::default(), |x| x.span);
        let person = |m: Option<(Span, usize)>| m.is_some_and(|(_, o)| o != e && self.ents[o].ty == EntityType::Person);
        self.ents[e].mentions.iter().filter(|m| r.contains(**m)).any(|m| {
            let (a, b) = (self.token_starting(m.start), self.token_ending(m.end));
            self.w(b).eq_ignore_ascii_case("and") && person(self.mention_starting(self.span(b + 1).start))
                || a >= 2 && self.w(a - 1).eq_ignore_ascii_case("and") && person(self.mention_ending(self.span(a - 2).end))
        })
    }

    /// The one person entity whose name ends with the word `w`.
    fn surname(&self, w: &str) -> Option<usize> {
        let mut found = None;
        for (i, e) in self.ents.iter().enumerate() {
            if e.ty == EntityType::Person && !e.credit && e.name.rsplit(' ').next().is_some_and(|l| l.eq_ignore_ascii_case(w)) {
                if found.is_some() {
                    return None;
                }
                found = Some(i);
            }
        }
        found
    }

    // ------------------------------------------------------------------ resolution

    fn compatible(&self, e: usize, g: Gender) -> bool {
        let x = self.ents.get(e);
        x.is_some_and(|x| x.ty == EntityType::Person && !x.credit)
            && (g == Gender::Unknown || self.gender[e] == Gender::Unknown || self.gender[e] == g)
    }

    /// Person mentions `(token, entity)` of sentence `s` outside quotes, before byte `before`.
    fn persons_in(&self, s: usize, before: usize) -> impl Iterator<Item = usize> + '_ {
        let r = self.toks.sentences.get(s).map_or(Span::default(), |x| x.span);
        let i = self.by_start.partition_point(|&(m, _)| m.start < r.start);
        self.by_start[i..]
            .iter()
            .take_while(move |&&(m, _)| m.start < r.end.min(before))
            .filter(|&&(m, e)| {
                self.ents[e].ty == EntityType::Person && !self.in_quote(self.token_starting(m.start))
            })
            .map(|&(_, e)| e)
    }

    /// Persons of sentence `s` that can be antecedents: outside quotes, not a modifier
    /// (`the Closs residence`), a possessive (`Patterson's sneakers`) or a comparison (`who
    /// like Montalban was born in Mexico`).
    fn actors_in(&self, s: usize) -> impl Iterator<Item = usize> + '_ {
        let r = self.toks.sentences.get(s).map_or(Span::default(), |x| x.span);
        let i = self.by_start.partition_point(|&(m, _)| m.start < r.start);
        self.by_start[i..]
            .iter()
            .take_while(move |&&(m, _)| m.start < r.end)
            .filter(|&&(m, e)| {
                let k = self.token_starting(m.start);
                let after = self.token_ending(m.end);
                let txt = m.of(self.text);
                self.ents[e].ty == EntityType::Person
                    && !self.in_quote(k)
                    && !(k > 0 && lower_eq(self.w(k - 1), &["the", "like", "unlike", "than"]))
                    && !txt.ends_with("'s")
                    && !txt.ends_with("’s")
                    && !matches!(self.w(after), "'s" | "’s")
            })
            .map(|&(_, e)| e)
    }

    fn resolve(&self, subj: Subj, at: Span, salience: &[Sal]) -> Option<usize> {
        match subj {
            Subj::Entity(e) => Some(e),
            Subj::Unresolved => None,
            Subj::It | Subj::They => {
                let k = self.token_starting(at.start);
                let s = self.sent_of.get(k).copied().unwrap_or(0) as usize;
                let they = matches!(subj, Subj::They);
                let fits = |e: usize| {
                    let x = &self.ents[e];
                    !x.credit && (x.ty == EntityType::Org || they && x.ty == EntityType::Misc && is_group_name(&x.name))
                };
                let prevs: Vec<usize> = (0..s).rev().filter(|&p| !self.caption.get(p).copied().unwrap_or(false)).take(4).collect();
                if they {
                    // A group of people named last in this sentence or the previous one
                    // (`Republican senators are eager …, and they say`), outside quotes.
                    let from = prevs.first().and_then(|&p| self.toks.sentences.get(p)).map_or(0, |x| x.span.start);
                    let group = self.last_named(from, at.start, |e| self.is_people(e));
                    if group.is_some() {
                        return group;
                    }
                    // `Owners Tore Sohlberg and Lehla Abreder said …`: the first of two persons
                    // that were the previous sentence's subject.
                    if let Some(&p) = prevs.first() {
                        if let Some(e) = salience.get(p).and_then(|x| x.subj).filter(|&e| self.coordinated_in(p, e)) {
                            return Some(e);
                        }
                    }
                }
                // The subject of the previous sentence's main clause, when it fits.
                if let Some(e) = prevs.iter().take(1).find_map(|&p| salience.get(p).and_then(|x| x.subj)) {
                    if fits(e) {
                        return Some(e);
                    }
                }
                // The organisation (or, for `they`, the group) named last before it, within
                // the sentence and the 3 before it, outside quotes.
                let from = self.toks.sentences.get(s.saturating_sub(3)).map_or(0, |x| x.span.start);
                let last = self.last_named(from, at.start, fits);
                // Else an earlier speaker that fits, within 8 sentences.
                last.or_else(|| (s.saturating_sub(8)..s).rev().find_map(|p| salience.get(p).and_then(|x| x.speaker).filter(|&e| fits(e))))
            }
            Subj::Pronoun(g) => {
                let k = self.token_starting(at.start);
                let s = self.sent_of.get(k).copied().unwrap_or(0) as usize;
                // 1. A person earlier in the sentence, outside prepositional phrases.
                let r = self.toks.sentences.get(s).map_or(Span::default(), |x| x.span);
                let i = self.by_start.partition_point(|&(m, _)| m.start < r.start);
                let pk = self.token_starting(at.start);
                let same = self.by_start[i..].iter().take_while(|&&(m, _)| m.start < at.start).find(|&&(m, e)| {
                    let t = self.token_starting(m.start);
                    let after = self.token_ending(m.end);
                    // Not the object of a preposition (`porters like Grizzle recognized …, he
                    // writes`), nor a topic set off before the pronoun (`Schumer, he said, …`).
                    let prep = t > 0 && lower_eq(self.w(t - 1), &["like", "of", "with", "for", "to", "by", "from", "about", "against", "than", "including", "unlike"]);
                    let topic = self.w(after) == "," && after + 1 == pk;
                    self.compatible(e, g) && !self.in_quote(t) && !self.in_intro(t) && !prep && !topic
                });
                if let Some(&(_, e)) = same {
                    return Some(e);
                }
                let prevs: Vec<usize> = (0..s).rev().filter(|&p| !self.caption.get(p).copied().unwrap_or(false)).take(4).collect();
                // Tiers 2-4, first with a known matching gender, then allowing an unknown one.
                for strict in [true, false] {
                    let ok = |e: usize| self.compatible(e, g) && (!strict || g == Gender::Unknown || self.gender[e] == g);
                    // 2. The subject of the previous sentence's main clause (a person of unknown
                    // gender too, when it is the very previous sentence's).
                    let mut subj2 = prevs.iter().take(2).map(|&p| salience.get(p).and_then(|x| x.subj));
                    let first = subj2.next().flatten();
                    if let Some(e) = first.or_else(|| subj2.flatten().next()) {
                        let unknown_person = first == Some(e) && self.ents[e].ty == EntityType::Person && self.gender[e] == Gender::Unknown;
                        if ok(e) || strict && unknown_person && self.compatible(e, g) {
                            return Some(e);
                        }
                    }
                    // 3. The previous speaker.
                    if let Some(e) = prevs.iter().find_map(|&p| salience.get(p).and_then(|x| x.speaker)) {
                        if ok(e) {
                            return Some(e);
                        }
                    }
                    // 4. Other persons, the most recent first.
                    for &p in &prevs {
                        let v: Vec<usize> = self.actors_in(p).collect();
                        if let Some(&e) = v.iter().rev().find(|&&e| ok(e)) {
                            return Some(e);
                        }
                    }
                }
                // 5. Nobody in reach: the last speaker of that gender within 15 sentences, else
                // one of unknown gender.
                if g != Gender::Unknown {
                    let speakers = || (s.saturating_sub(15)..s).rev().filter_map(|p| salience.get(p).and_then(|x| x.speaker));
                    return speakers().find(|&e| self.compatible(e, g) && self.gender[e] == g).or_else(|| speakers().find(|&e| self.compatible(e, g)));
                }
                None
            }
            Subj::Nominal(h) => {
                let raw = self.w(h);
                if raw.len() >= 2 && raw.len() <= 6 && raw.chars().all(|c| c.is_ascii_uppercase()) {
                    // `according to the SMMT`: the organisation those initials spell, else no one.
                    let spelled: Vec<usize> = (0..self.ents.len())
                        .filter(|&e| self.ents[e].ty == EntityType::Org && !self.ents[e].credit && crate::entities::initials(&self.ents[e].name) == raw)
                        .collect();
                    return if let [e] = spelled[..] { Some(e) } else { None };
                }
                let head = raw.to_lowercase();
                if lower_eq(&head, PERSON_NOUNS) {
                    return None;
                }
                if is_doc(&head) {
                    // `The parole board decision said`: the organisation the modifiers name.
                    let a = self.token_starting(at.start);
                    if let Some(e) = (a..h).filter(|&m| lower_eq(self.w(m), ORG_NOUNS)).find_map(|m| self.org_named_by(self.w(m), at)) {
                        return Some(e);
                    }
                }
                let head_s = head.trim_end_matches('s');
                let word_match = |x: &str| x.split_whitespace().any(|t| {
                    let t = t.to_lowercase();
                    t == head || t.trim_end_matches('s') == head_s
                });
                // `the bank`, `the team`: an organisation, never a person whose role names one;
                // nor `executives`, a group.
                let org_head = lower_eq(&head, ORG_NOUNS);
                let plural = (head.len() > 3 || head == "mps") && head.ends_with('s') && !head.ends_with("ss") && singular(&head) != head && is_human_noun(&head);
                let mut best: Option<(usize, usize)> = None;
                for (i, e) in self.ents.iter().enumerate() {
                    if e.credit || e.mentions.first().is_none_or(|m| m.start >= at.end) {
                        continue;
                    }
                    let ok = match e.ty {
                        EntityType::Person => !org_head && !plural && e.roles.iter().any(|r| word_match(r)),
                        EntityType::Org => word_match(&e.name),
                        _ => false,
                    };
                    if ok {
                        let last = e.mentions.iter().filter(|m| m.start <= at.start).map(|m| m.start).max().unwrap_or(0);
                        if best.is_none_or(|(_, l)| last > l) {
                            best = Some((i, last));
                        }
                    }
                }
                if best.is_some() {
                    return best.map(|(i, _)| i);
                }
                if lower_eq(&head, DOC_NOUNS) {
                    // `the white paper`, `the suit`: whoever the article says issued it, else no one.
                    return self.issuer(at, salience);
                }
                // `the lanky, bespectacled professor`: a described person is the salient one.
                let k = self.token_starting(at.start);
                // The article may stand before modifiers the subject span left out (`the Kentucky Republican`).
                let det = (k.saturating_sub(3)..k)
                    .rev()
                    .take_while(|&j| self.sent_of.get(j) == self.sent_of.get(k))
                    .find(|&j| self.w(j).eq_ignore_ascii_case("the") && (j + 1..k).all(|x| self.w(x).starts_with(char::is_uppercase)))
                    .map_or(self.w(k), |j| self.w(j));
                if det.eq_ignore_ascii_case("the") && !lower_eq(&head, ORG_NOUNS) && !lower_eq(&head, BARE_NOMINALS) && !head.ends_with('s') {
                    return self.resolve(Subj::Pronoun(Gender::Unknown), at, salience);
                }
                if lower_eq(&head, ORG_NOUNS) {
                    // `the company`: the main subject of this or one of the 2 previous
                    // sentences when an ORG (the topic), else the ORG mentioned last before it.
                    let s = self.sent_of.get(k).copied().unwrap_or(0) as usize;
                    let topic = (s.saturating_sub(2)..=s).rev().filter(|&p| !self.caption.get(p).copied().unwrap_or(false)).find_map(|p| salience.get(p).and_then(|x| x.subj));
                    if let Some(e) = topic.filter(|&e| self.ents[e].ty == EntityType::Org && !self.ents[e].credit) {
                        return Some(e);
                    }
                    let i = self.by_start.partition_point(|&(m, _)| m.start < at.start);
                    let owner = lower_eq(self.w(k), &["his", "her", "their"]);
                    if lower_eq(&head, PUBLIC_BODIES) || owner {
                        // `the military`, `the Canadian government`: a body of its own, not the
                        // last company named.
                        return None;
                    }
                    return self.by_start[..i]
                        .iter()
                        .rev()
                        .take(40)
                        .find(|&&(m, e)| self.ents[e].ty == EntityType::Org && !self.in_quote(self.token_starting(m.start)))
                        .map(|&(_, e)| e);
                }
                None
            }
        }
    }

    /// A capitalised organisation name from token `k` the tagger split or missed: capitalised
    /// words joined by `of`, `for`, `and`, `&`, `'s` or a comma before a later `and` (`Meteorology,
    /// Climatology and Geophysics Agency`, `Prime Minister's Office`, `Department of Community
    /// Services`), with an organisation word in it, at most 10 tokens, no quote in it.
    fn org_phrase(&self, k: usize) -> Option<Span> {
        let sent = self.sent_range(k);
        let cap = |j: usize| {
            let x = self.w(j);
            x.starts_with(char::is_uppercase) && x.chars().any(char::is_lowercase) && !is_punct(x) && !self.in_quote(j) && !is_weekday_or_month(x)
        };
        if !cap(k) || lower_eq(self.w(k), DETERMINERS) {
            return None;
        }
        let mut last = k;
        let mut j = k + 1;
        while j < sent.end && j < k + 10 && !self.in_quote(j) {
            let x = self.w(j);
            if cap(j) {
                last = j;
            } else if !(lower_eq(x, &["of", "for", "and", "&", "'s", "’s", ","]) || x == "the" && self.w(j - 1) == "of") {
                break;
            }
            j += 1;
        }
        let toks = k..last + 1;
        if toks.len() < 2 {
            return None;
        }
        // A comma only in a list closed by `and` (`A, B and C Agency`).
        if let Some(c) = toks.clone().rev().find(|&t| self.w(t) == ",") {
            if !(c..last).any(|t| self.w(t) == "and") {
                return None;
            }
        }
        const ORG_WORDS: &[&str] = &[
            "agency", "office", "board", "department", "ministry", "commission", "council", "society", "association",
            "institute", "bureau", "authority", "service", "services", "centre", "center", "committee", "foundation",
            "organization", "organisation", "administration", "corporation", "company", "union", "federation",
        ];
        if !toks.clone().any(|t| lower_eq(self.w(t), ORG_WORDS)) {
            return None;
        }
        Some(Span::new(self.span(k).start, self.span(last).end))
    }

    /// Whether an entity mention covers the span `sp`.
    fn covered(&self, sp: Span) -> bool {
        self.by_start.iter().any(|&(m, _)| m.contains(sp))
    }

    /// An organisation name from token `k` ([`Self::org_phrase`]): the entity the entity stage
    /// made of it, else its span, unresolved (a speaker candidate).
    fn org_subject(&self, k: usize) -> Option<(Span, Subj)> {
        let k = if self.w(k).eq_ignore_ascii_case("the") { k + 1 } else { k };
        let sp = self.org_phrase(k)?;
        if let Some(&(m, e)) = self.by_start.iter().find(|&&(m, e)| m == sp && self.ents[e].ty == EntityType::Org) {
            return Some((m, Subj::Entity(e)));
        }
        (!self.covered(sp)).then_some((sp, Subj::Unresolved))
    }

    /// The organisation named before byte `at` whose name has the word `w` (`board` → `Parole
    /// Board of Canada`), mentioned most recently.
    fn org_named_by(&self, w: &str, at: Span) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for (i, e) in self.ents.iter().enumerate().filter(|(_, e)| e.ty == EntityType::Org && !e.credit) {
            if !e.name.split_whitespace().any(|t| t.eq_ignore_ascii_case(w)) {
                continue;
            }
            let Some(last) = e.mentions.iter().filter(|m| m.start < at.start).map(|m| m.start).max() else { continue };
            if best.is_none_or(|(_, l)| last > l) {
                best = Some((i, last));
            }
        }
        best.map(|(i, _)| i)
    }

    /// The issuer of a document named before byte `at`: the latest `<doc> by X`, `X's <doc>`
    /// or `<doc> … on X's website` (X a named person or organisation, or an organisation
    /// nominal such as `the railway company`).
    fn issuer(&self, at: Span, salience: &[Sal]) -> Option<usize> {
        let end = self.token_starting(at.start);
        let mut found = None;
        for d in 0..end {
            if self.in_quote(d) || !lower_eq(&singular(self.w(d)), DOC_NOUNS) && !lower_eq(self.w(d), DOC_NOUNS) {
                continue;
            }
            let named = |j: usize| -> Option<usize> {
                if let Some((_, e)) = self.mention_starting(self.span(j).start) {
                    return matches!(self.ents[e].ty, EntityType::Person | EntityType::Org).then_some(e);
                }
                if lower_eq(self.w(j), &["the"]) {
                    let h = (j + 1..(j + 4).min(end)).find(|&h| lower_eq(self.w(h), ORG_NOUNS))?;
                    return self.resolve(Subj::Nominal(h), Span::new(self.span(j).start, self.span(h).end), salience);
                }
                None
            };
            if self.w(d + 1).eq_ignore_ascii_case("by") {
                // Not `a lawsuit by Canadian Hockey League players`: the name is a modifier there.
                let modifier = self.mention_starting(self.span(d + 2).start).is_some_and(|(m, _)| {
                    let x = self.w(self.token_ending(m.end));
                    x.starts_with(char::is_lowercase) && !lower_eq(x, STOP_NP)
                });
                if let Some(e) = named(d + 2).filter(|_| !modifier) {
                    found = Some(e);
                    continue;
                }
            }
            if d >= 2 && matches!(self.w(d - 1), "'s" | "’s") {
                if let Some((_, e)) = self.mention_ending(self.span(d - 2).end).filter(|&(_, e)| self.ents[e].ty == EntityType::Org) {
                    found = Some(e);
                    continue;
                }
            }
            let sent = self.sent_range(d);
            if let Some(w) = (d + 1..sent.end.min(end)).find(|&w| lower_eq(self.w(w), &["website", "site"])) {
                if w >= 3 && matches!(self.w(w - 1), "'s" | "’s") && lower_eq(self.w(w - 3), &["on", "at"]) || w >= 2 && self.w(w - 2).ends_with("'s") {
                    if let Some((_, e)) = self.mention_ending(self.span(w - 2).end).or_else(|| self.mention_ending(self.span(w - 1).start)) {
                        found = Some(e);
                    }
                }
            }
        }
        found
    }

    // ------------------------------------------------------------------ candidates

    /// Speaker mentions no entity covers: the subjects of speech cues that are human nominals
    /// resolving to no named entity (`a senior Democratic aide`, `protesters`, `South Korean
    /// officials`), and capitalised names of 2-4 words the tagger missed. Each is
    /// `(span, type, canonical name)`: a singular nominal or a name is a PERSON, `police` an
    /// ORG, a plural nominal a MISC group; the name drops a leading article.
    pub fn candidates(&self) -> Vec<(Span, EntityType, String)> {
        let mut out = Vec::new();
        for k in 0..self.toks.tokens.len() {
            if self.in_quote(k) || !self.is_cue(k) {
                continue;
            }
            let right_first = k > 0 && (self.in_quote(k - 1) || self.w(k - 1) == "," && k >= 2 && self.in_quote(k - 2));
            let Some((sp, subj)) = self.subject(k, right_first) else { continue };
            match subj {
                Subj::Nominal(h) => {
                    let head = self.w(h);
                    // A group named by a plural (`refugee advocates`, `Rights organizations`).
                    // Only as the subject of a speech verb proper, and not a counted set (`19 countries agreed`).
                    let group = head.len() > 3
                        && head.ends_with('s')
                        && head.starts_with(char::is_lowercase)
                        && !head.ends_with("ss")
                        && lower_eq(self.w(k), CORE_CUES)
                        && !sp.of(self.text).contains(|c: char| c.is_ascii_digit());
                    let a0 = self.token_starting(sp.start);
                    let owned = lower_eq(self.w(a0), &["his", "her", "their"]) && a0 + 1 == h;
                    let body = (lower_eq(head, PUBLIC_BODIES) || owned) && lower_eq(head, ORG_NOUNS);
                    if !(is_human_noun(head) || group || body) || self.resolve(subj, sp, &[]).is_some() {
                        continue;
                    }
                    // Capitalised modifiers before a bare plural: `South Korean officials`.
                    let mut a = self.token_starting(sp.start);
                    if a == h {
                        let sent = self.sent_range(h);
                        while a > sent.start && a + 3 > h && self.w(a - 1).starts_with(char::is_uppercase) && !self.in_quote(a - 1) && !is_punct(self.w(a - 1)) && !lower_eq(self.w(a - 1), DETERMINERS) {
                            a -= 1;
                        }
                        if a < h && a == sent.start {
                            // A sentence-initial capital may be any word: keep only names.
                            if self.mention_starting(self.span(a).start).is_none() {
                                a += 1;
                            }
                        }
                    }
                    while a < h && (lower_eq(self.w(a), &["a", "an", "the"]) || owned) {
                        a += 1;
                    }
                    let span = Span::new(self.span(a).start, sp.end.max(self.span(h).end));
                    let one_of = lower_eq(self.w(a), &["one", "another"]) && self.w(a + 1).eq_ignore_ascii_case("of");
                    let plural = !one_of && (head.ends_with('s') && !lower_eq(head, &["spokesperson", "witness", "boss"]) || lower_eq(head, &["people", "police", "staff"]));
                    let ty = if head.eq_ignore_ascii_case("police") || body {
                        EntityType::Org
                    } else if plural {
                        EntityType::Misc
                    } else {
                        EntityType::Person
                    };
                    let name = span.of(self.text).split_whitespace().collect::<Vec<_>>().join(" ");
                    out.push((span, ty, name));
                }
                Subj::They => {
                    // `Republican senators are eager …, and they say`: the group that opens
                    // this clause's sentence or the previous one.
                    let s = self.sent_of.get(k).copied().unwrap_or(0) as usize;
                    let g = self.group_subject(s, self.token_starting(sp.start)).or_else(|| {
                        let p = (0..s).rev().find(|&p| !self.caption.get(p).copied().unwrap_or(false))?;
                        self.group_subject(p, usize::MAX)
                    });
                    if let Some(span) = g {
                        let name = span.of(self.text).split_whitespace().collect::<Vec<_>>().join(" ");
                        out.push((span, EntityType::Misc, name));
                    }
                }
                Subj::Unresolved => {
                    let a = self.token_starting(sp.start);
                    if self.org_phrase(a) == Some(sp) && !self.covered(sp) {
                        let name = sp.of(self.text).split_whitespace().collect::<Vec<_>>().join(" ");
                        out.push((sp, EntityType::Org, name));
                        continue;
                    }
                    let w = self.w(a);
                    if self.token_ending(sp.end) != a + 1 || !is_name_word(w) {
                        continue;
                    }
                    let sent = self.sent_range(a);
                    let (mut lo, mut hi) = (a, a + 1);
                    while lo > sent.start && hi - lo < 4 && is_name_word(self.w(lo - 1)) && !self.in_quote(lo - 1) {
                        lo -= 1;
                    }
                    while hi < sent.end && hi - lo < 4 && is_name_word(self.w(hi)) && !self.in_quote(hi) {
                        hi += 1;
                    }
                    if hi - lo == 1 && self.w(k).eq_ignore_ascii_case("according") && a == k + 2 && self.surname(w).is_none() {
                        // `according to Merriam-Webster`: a source the tagger missed, an organisation.
                        let name = sp.of(self.text).to_string();
                        out.push((sp, EntityType::Org, name));
                        continue;
                    }
                    if hi - lo < 2 || (lo..hi).any(|t| self.mention_starting(self.span(t).start).is_some() && t != lo) {
                        continue;
                    }
                    let span = Span::new(self.span(lo).start, self.span(hi - 1).end);
                    let name = span.of(self.text).split_whitespace().collect::<Vec<_>>().join(" ");
                    out.push((span, EntityType::Person, name));
                }
                _ => {}
            }
        }
        out
    }

    /// A plural human nominal opening sentence `s`'s main clause before token `before`, with
    /// no named entity covering it: `Republican senators are …`, `Several auto-industry
    /// executives have …`. Its span drops leading determiners and quantifiers.
    fn group_subject(&self, s: usize, before: usize) -> Option<Span> {
        let c = self.clause_start(s)?;
        let end = self.toks.sentences.get(s)?.tokens.end.min(before);
        let mut a = c;
        while a < end && lower_eq(self.w(a), &["the", "some", "several", "many", "most", "all", "both", "other", "these", "those", "a", "few"]) {
            a += 1;
        }
        let h = (a..(a + 4).min(end)).find(|&h| is_human_plural(self.w(h)))?;
        let next = self.w(h + 1);
        if h + 1 >= end || !next.starts_with(char::is_lowercase) || lower_eq(next, &["of", "in", "at", "from", "for", "with", "who", "that", "and", "or", "to", "by"]) {
            return None;
        }
        let ok = (a..h).all(|t| {
            let x = self.w(t);
            !self.in_quote(t) && !is_punct(x) && !lower_eq(x, STOP_NP) && !self.is_cue(t) && pronoun(x).is_none()
        });
        let covered = self.by_start.iter().any(|&(m, _)| m.start <= self.span(h).start && self.span(h).end <= m.end);
        (ok && !covered).then(|| Span::new(self.span(a).start, self.span(h).end))
    }

    // ------------------------------------------------------------------ the stage

    pub fn attribute(&self) -> Vec<Quote> {
        let nsent = self.toks.sentences.len();
        let mut salience: Vec<Sal> = vec![Sal::default(); nsent];
        let mut out: Vec<(Quote, usize)> = Vec::new(); // quote, sentence
        let mut used_cue: Vec<usize> = Vec::new();
        let mut group_speaker: Vec<(usize, Option<Speaker>)> = Vec::new();

        // Items in text order: regions and cue tokens, processed sentence by sentence.
        let mut ri = 0;
        for s in 0..nsent {
            let sent = self.toks.sentences[s].tokens.clone();
            let link = self.link.get(s).copied().unwrap_or(false);
            // Regions (at their opening mark) and cue tokens, in text order.
            for k in sent.clone() {
                while ri < self.regions.len() && self.token_starting(self.regions[ri].outer.start) <= k {
                    let r = self.regions[ri];
                    ri += 1;
                    if link {
                        continue;
                    }
                    if let Some(q) = self.region_quote(r, &salience, &out, &mut used_cue, &mut group_speaker) {
                        let had = salience[s].subj;
                        note(&mut salience[s], &q);
                        if had.is_none() && q.speaker.as_ref().is_some_and(|x| self.in_intro(self.token_starting(x.span.start))) {
                            salience[s].subj = None;
                        }
                        out.push((q, s));
                    }
                }
                if link || self.in_quote(k) || used_cue.contains(&k) || !self.is_cue(k) {
                    continue;
                }
                if let Some(q) = self.indirect(k, &salience, &out) {
                    // A speaker inside an introductory clause (`Although Trump has tweeted …, its
                    // inclusion …`) is not the sentence's subject.
                    let had = salience[s].subj;
                    note(&mut salience[s], &q);
                    if had.is_none() && q.speaker.as_ref().is_some_and(|x| self.in_intro(self.token_starting(x.span.start))) {
                        salience[s].subj = None;
                    }
                    out.push((q, s));
                }
            }
            if salience[s].ent.is_none() {
                salience[s].ent = self.persons_in(s, usize::MAX).next();
            }
            if salience[s].subj.is_none() {
                salience[s].subj = self.main_subject(s, &salience);
            }
        }
        // Pieces of a multi-paragraph quotation take the speaker found on any piece.
        for (q, _) in out.iter_mut() {
            if q.speaker.is_none() && q.kind == QuoteKind::Direct {
                let g = self.regions.iter().find(|r| r.inner == q.span).map(|r| r.group);
                if let Some(sp) = g.and_then(|g| group_speaker.iter().find(|x| x.0 == g)).and_then(|x| x.1.clone()) {
                    q.speaker = Some(sp);
                }
            }
        }
        let mut v: Vec<Quote> = out.into_iter().map(|(q, _)| q).collect();
        v.sort_by_key(|q| (q.span.start, q.span.end));
        v
    }

    /// The first token of sentence `s`'s main clause: after leading conjunctions and an
    /// introductory phrase up to a comma (`In Halifax, …`, `Unlike Al Mnajer, he …`).
    fn clause_start(&self, s: usize) -> Option<usize> {
        let r = self.toks.sentences.get(s)?.tokens.clone();
        let mut k = r.start;
        while k < r.end && lower_eq(self.w(k), &["but", "and", "so", "yet", "still", "now", "then", "also"]) {
            k += 1;
        }
        if lower_eq(self.w(k), INTRO) {
            // A subordinate clause (`As Covington Catholic reopened …, McConnell blamed`) may run longer.
            let reach = if lower_eq(self.w(k), SUBORDINATORS) { 30 } else { 15 };
            let c = (k..(k + reach).min(r.end)).find(|&j| self.w(j) == "," && !self.in_quote(j))?;
            k = c + 1;
        }
        Some(k)
    }

    /// Whether token `k` lies in its sentence's introductory phrase.
    fn in_intro(&self, k: usize) -> bool {
        let s = self.sent_of.get(k).copied().unwrap_or(0) as usize;
        match self.clause_start(s) {
            Some(c) => k < c,
            // A subordinate clause whose end was not found: its speaker is no main subject.
            None => self.toks.sentences.get(s).is_some_and(|x| lower_eq(self.w(x.tokens.start), SUBORDINATORS) && self.w(x.tokens.start) != "As"),
        }
    }

    /// The subject of sentence `s`'s main clause when it opens the sentence (after an
    /// introductory phrase up to a comma; see [`Self::clause_subject`]): a person or
    /// organisation, a pronoun or nominal resolved in turn; else a person named just before
    /// the sentence's last verb (`…, Foster believes.`).
    fn main_subject(&self, s: usize, salience: &[Sal]) -> Option<usize> {
        let r = self.toks.sentences.get(s)?.tokens.clone();
        if let Some((sp, subj)) = self.clause_subject_in(s, r.end) {
            let e = match subj {
                Subj::Entity(e) => Some(e).filter(|&e| matches!(self.ents[e].ty, EntityType::Person | EntityType::Org)),
                Subj::Unresolved => None,
                _ => self.resolve(subj, sp, salience),
            };
            if e.is_some() {
                return e;
            }
        }
        let mut end = r.end;
        while end > r.start && is_punct(self.w(end - 1)) && !self.in_quote(end - 1) {
            end -= 1;
        }
        if end >= r.start + 3 && end < r.end && self.w(end - 1).starts_with(char::is_lowercase) {
            let (m, e) = self.mention_ending(self.span(end - 2).end)?;
            let a = self.token_starting(m.start);
            return (a > r.start && self.w(a - 1) == "," && self.ents[e].ty == EntityType::Person).then_some(e);
        }
        None
    }

    /// How the mention `m` sits in its clause (`end`: the sentence end): the token after it,
    /// whether it is a possessive (`Stella's Cafe employees`), and whether it modifies a title
    /// or name (`Chinese Foreign Ministry spokesperson Lu Kang`).
    fn mention_role(&self, m: Span, end: usize) -> (usize, bool, bool) {
        let after = self.token_ending(m.end);
        let poss = m.of(self.text).ends_with("'s") || m.of(self.text).ends_with("’s") || matches!(self.w(after), "'s" | "’s" | "'" | "’");
        let next = self.w(after);
        let modifier = !poss
            && after < end
            && (is_title_word(next)
                || is_human_noun(next)
                || self.mention_starting(self.span(after).start).is_some()
                || next.starts_with(char::is_uppercase) && !is_weekday_or_month(next));
        (after, poss, modifier)
    }

    /// The subject of the main clause before the cue at token `k` (`Roy Graf protested …,
    /// saying`, `The diocese issued …, saying`, `Mike Pompeo praised … and said`): the first
    /// person or organisation of the clause that is not a modifier, a pronoun opening it, or a
    /// noun phrase after a determiner up to its verb.
    fn clause_subject(&self, k: usize) -> Option<(Span, Subj)> {
        let s = self.sent_of.get(k).copied().unwrap_or(0) as usize;
        self.clause_subject_in(s, k)
    }

    /// The subject of sentence `s`'s main clause, looked for before token `k`.
    fn clause_subject_in(&self, s: usize, k: usize) -> Option<(Span, Subj)> {
        let c = self.clause_start(s)?;
        let mut j = c;
        while j < (c + 8).min(k) {
            if self.in_quote(j) || self.is_cue(j) {
                return None;
            }
            if let Some((m, e)) = self.mention_starting(self.span(j).start) {
                let (after, poss, modifier) = self.mention_role(m, k);
                if modifier || !poss && !matches!(self.ents[e].ty, EntityType::Person | EntityType::Org) && j == c {
                    j = after;
                    continue;
                }
                if poss {
                    return None;
                }
                return Some((m, self.as_subj(e)));
            }
            let w = self.w(j);
            if j == c {
                if let Some(p) = pronoun(w) {
                    return Some((self.span(j), p));
                }
            }
            if lower_eq(w, DETERMINERS) && j == c {
                // `The diocese issued …`: the noun phrase ends before its verb.
                let v = (j + 2..(j + 7).min(k)).find(|&v| {
                    let x = self.w(v);
                    x.starts_with(char::is_lowercase) && (x.ends_with("ed") || skip_left(x) || self.is_cue(v))
                })?;
                if (j + 1..v).any(|t| is_punct(self.w(t)) || lower_eq(self.w(t), STOP_NP)) {
                    return None;
                }
                return self.np_ending(v - 1, c);
            }
            // Modifiers of a title (`Chinese foreign ministry spokeswoman`, `Secretary of State`),
            // not a verb or a clause.
            let of_title = w.eq_ignore_ascii_case("of") && self.w(j + 1).starts_with(char::is_uppercase);
            let verbal = w.ends_with("ed") || skip_left(w) || lower_eq(w, STOP_NP) || is_punct(w) && w != "-";
            if verbal && !of_title {
                return None;
            }
            j += 1;
        }
        None
    }

    fn region_quote(
        &self,
        r: Region,
        salience: &[Sal],
        prev: &[(Quote, usize)],
        used_cue: &mut Vec<usize>,
        groups: &mut Vec<(usize, Option<Speaker>)>,
    ) -> Option<Quote> {
        let a = self.token_starting(r.outer.start);
        let b = self.token_ending(r.outer.end);
        if a >= self.toks.tokens.len() || b == 0 {
            return None;
        }
        let b = b - 1; // last token of the region
        let sa = self.sent_range(a);
        let sb = self.sent_range(b);
        // Left context: from the sentence start to the mark, stopping at another quote.
        let mut l = a;
        while l > sa.start && !self.in_quote(l - 1) {
            l -= 1;
        }
        let mut rr = b + 1;
        while rr < sb.end && !self.in_quote(rr) {
            rr += 1;
        }
        let left = l..a;
        let right = b + 1..rr;
        let words = |rg: std::ops::Range<usize>| rg.filter(|&k| !is_punct(self.w(k))).count();
        let inner = r.inner.of(self.text);
        let ends_clause = inner.ends_with([',', '.', '?', '!', '…', '—', ';']);
        let left_ok = words(left.clone()) == 0
            || a > 0 && self.w(a - 1) == ":"
            || (left.start.max(a.saturating_sub(2))..a).any(|k| self.is_cue(k));
        let right_cue = right.clone().take(30).find(|&k| self.is_cue(k));
        let right_ok = words(right.clone()) == 0 || ends_clause || right_cue.is_some();
        // `The minimum is … “One!” says the proprietor`: a whole sentence quoted, its cue right
        // after it, is direct whatever leads up to it.
        let left_ok = left_ok || ends_clause && inner.starts_with(char::is_uppercase) && right_cue == Some(b + 1);
        let kind = if left_ok && right_ok { QuoteKind::Direct } else { QuoteKind::Partial };
        let left_cue = (sa.start..a).rev().find(|&k| !self.in_quote(k) && self.is_cue(k));
        let cue = match kind {
            QuoteKind::Direct => right_cue.or(left_cue),
            _ => left_cue.or(right_cue),
        };
        let mut speaker = None;
        if let Some(c) = cue {
            let right_first = c > b || c > 0 && (self.w(c - 1) == "," && c >= 2 && self.in_quote(c - 2));
            let right_first = right_first && (c == b + 1 || c > b + 1 && is_quote_mark(self.w(b)) && self.w(b + 1) == ",");
            let coordinated = c > 0 && lower_eq(self.w(c - 1), &["but", "and"]);
            // `…, calling it a “global takeover.”`: the participle's subject is the clause's.
            let ing = self.w(c).ends_with("ing") && !self.w(c).eq_ignore_ascii_case("according");
            // `Wang said that “…,” alluding to …`: after the quote too, when words lead up to it.
            let participle = c > 0 && ing && (self.w(c - 1) == "," && c < a || c == b + 1 && inner.ends_with(',') && words(left.clone()) > 0) || self.after_object(c);
            let inherited = if coordinated || participle { self.inherit(c, prev) } else { None };
            // `…, asks Policy Options editor Jennifer Ditchburn, “has anyone …?”`: the subject
            // between the cue and the quote.
            let between = if c + 2 < a && self.w(a - 1) == "," {
                self.subject_right(c + 1).filter(|(sp, _)| self.token_ending(sp.end) + 1 == a)
            } else {
                None
            };
            let inherited = inherited.or(between);
            if let Some((sp, subj)) = inherited.or_else(|| self.subject(c, right_first || c == b + 1)) {
                let e = self.resolve(subj, sp, salience);
                speaker = Some(Speaker { entity: e, span: sp });
            }
            if kind == QuoteKind::Direct {
                used_cue.push(c);
            }
        }
        // The pieces of a multi-paragraph quotation share their speaker.
        let gs = groups.iter().position(|g| g.0 == r.group);
        if speaker.is_none() {
            if let Some(g) = gs {
                speaker = groups[g].1.clone();
            }
        }
        // A quoted word or two with no cue of its own is a list item or a scare quote
        // (`"grapple," "optics," "yeet,"`), not something said.
        if cue.is_none() && inner.split_whitespace().count() < 3 && gs.is_none() {
            return None;
        }
        // A line that is one quotation with no cue and no closing punctuation is a section
        // heading echoing a quote (`'Just listen to us'`).
        if cue.is_none() && !ends_clause && line_around(self.text, r.outer.start).is_some_and(|l| l == r.outer.of(self.text).trim()) {
            return None;
        }
        // A nickname between a first and a last name (`Riefian “Ifan” Fajarsyah`).
        let cap = |k: usize| self.w(k).starts_with(char::is_uppercase) && !is_punct(self.w(k));
        if a > 0 && cap(a - 1) && cap(b + 1) && !inner.contains(' ') && inner.starts_with(char::is_uppercase) {
            return None;
        }
        // A name given to a thing (`an app called "Screenwise Meter"`, `were more
        // appropriately called “sleepy car porters”`), not words said.
        if let Some(c) = cue.filter(|&c| kind == QuoteKind::Partial && c < a && lower_eq(self.w(c), &["called", "dubbed", "named", "titled", "nicknamed", "labelled", "labeled"])) {
            let passive = (c.saturating_sub(3)..c).any(|j| lower_eq(self.w(j), &["is", "was", "were", "are", "be", "been", "being"]));
            let p = if c > 0 { self.w(c - 1) } else { "" };
            let after_noun = p.starts_with(char::is_lowercase) && pronoun(p).is_none() && !is_human_noun(p) && !p.ends_with("ly") && !lower_eq(p, &["who", "and", "but", "also", "has", "have", "had", "publicly"]);
            if passive || after_noun && c + 1 == a {
                return None;
            }
        }
        if cue.is_none() && speaker.is_none() {
            if kind == QuoteKind::Partial {
                return None;
            }
            // A quote continuing an earlier one keeps its speaker: the last quote with a
            // resolved speaker within 6 sentences, else the subject of a previous sentence.
            let s = self.sent_of[a] as usize;
            speaker = prev
                .iter()
                .rev()
                .take_while(|(_, ps)| *ps + 6 >= s)
                .find_map(|(q, _)| q.speaker.clone().filter(|x| x.entity.is_some()));
            if speaker.is_none() {
                let e = (s.saturating_sub(2)..s).rev().find_map(|p| salience.get(p).and_then(|x| x.subj));
                speaker = e.and_then(|e| self.ents[e].mentions.iter().rev().find(|m| m.start < r.outer.start).map(|&m| Speaker { entity: Some(e), span: m }));
            }
        }
        match gs {
            Some(g) => {
                if groups[g].1.is_none() {
                    groups[g].1 = speaker.clone();
                }
            }
            None => groups.push((r.group, speaker.clone())),
        }
        Some(Quote { kind, span: r.inner, speaker, cue: cue.map(|c| self.span(c)) })
    }

    /// The subject of an earlier cue in the sentence of token `k` (`…, saying`, `… but branded`),
    /// else of its main clause ([`Self::clause_subject`]).
    fn inherit(&self, k: usize, prev: &[(Quote, usize)]) -> Option<(Span, Subj)> {
        let from = self.span(self.sent_range(k).start).start;
        let at = self.span(k).start;
        let q = prev.iter().rev().find(|(q, _)| q.cue.is_some_and(|c| c.start >= from && c.start < at) && q.speaker.is_some());
        match q.and_then(|q| q.0.speaker.clone()) {
            Some(sp) => Some((sp.span, sp.entity.map_or(Subj::Unresolved, Subj::Entity))),
            None => self.clause_subject(k),
        }
    }

    /// Whether the participle cue at `k` follows a name that is the object of the main clause
    /// (`Pelosi often quotes Abraham Lincoln saying …`, `reports by … CNBC saying …`): it then
    /// takes the main clause's subject.
    fn after_object(&self, k: usize) -> bool {
        let w = self.w(k);
        if k == 0 || !w.ends_with("ing") || w.eq_ignore_ascii_case("according") {
            return false;
        }
        let s = self.sent_of.get(k).copied().unwrap_or(0) as usize;
        let Some((m, _)) = self.mention_ending(self.span(k - 1).end) else { return false };
        let a = self.token_starting(m.start);
        self.clause_start(s).is_some_and(|c| a > c + 1) && !self.in_quote(a) && self.w(a - 1) != ","
    }

    fn indirect(&self, k: usize, salience: &[Sal], prev: &[(Quote, usize)]) -> Option<Quote> {
        let sent = self.sent_range(k);
        let cue_w = self.w(k).to_lowercase();
        let according = cue_w == "according";
        let participle = cue_w.ends_with("ing") && !according;
        let after_comma = k > sent.start && self.w(k - 1) == ",";
        let coordinated = k > sent.start && lower_eq(self.w(k - 1), &["but", "and"]);
        let (sp, subj) = if participle && after_comma || coordinated || self.after_object(k) {
            // `…, saying …`: the subject of the main clause (an earlier speaker in the sentence).
            self.inherit(k, prev)?
        } else {
            // `…, said the winter railroading report.`: an inverted subject that ends the sentence.
            let inverted = if after_comma && !according {
                self.subject_right(k + 1).filter(|(sp, _)| {
                    let after = self.token_starting(sp.end);
                    let np = self.token_starting(sp.start)..after;
                    // A noun phrase, not a clause: `said the river had never been so high`.
                    let clause = np.clone().any(|j| lower_eq(self.w(j), STOP_NP) || lower_eq(self.w(j), &["will", "would", "could", "can", "may", "might", "never", "did", "does"]));
                    // `…, said Sutopo Purwo Nugroho, a spokesman for …`: an apposition may follow.
                    let apposition = self.w(after) == ","
                        && lower_eq(self.w(after + 1), &["a", "an", "the", "who", "its", "his", "her"])
                        && (after + 1..sent.end).all(|j| !self.in_quote(j) && !self.is_cue(j));
                    !clause && np.len() <= 6 && (after >= sent.end || matches!(self.w(after), "." | "!" | "?" | ";") || apposition)
                })
            } else {
                None
            };
            match inverted {
                Some(x) => x,
                None => self.subject(k, according || after_comma && k >= 2 && is_quote_mark(self.w(k - 2)))?,
            }
        };
        let subj_tok = self.token_starting(sp.start);
        // Where the clause is.
        let stop = |j: usize| -> bool {
            let x = self.w(j);
            if x == ";" {
                return true;
            }
            x == "," && (self.is_cue(j + 1) || self.is_cue(j + 2) || self.is_cue(j + 3) && !is_punct(self.w(j + 1)) && !is_punct(self.w(j + 2)))
        };
        let (from, to) = if according {
            if subj_tok > k {
                // `According to X, …` or `…, according to X.`
                let before = (sent.start..k).filter(|&j| !is_punct(self.w(j))).count();
                if before == 0 {
                    let c = (k..sent.end).find(|&j| self.w(j) == ",")?;
                    (c + 1, sent.end)
                } else {
                    (sent.start, k)
                }
            } else {
                return None;
            }
        } else if subj_tok > k {
            // `…, said X.` / `…, X said.`
            let c = if subj_tok > k { k } else { subj_tok };
            (sent.start, c)
        } else {
            // `X said (on Thursday) (that) …`
            let mut j = k + 1;
            if lower_eq(&cue_w, &["told", "tells", "telling", "asked", "urged", "warned", "reminded", "assured"]) {
                // The object runs to `that` (`told a crowd of … in Burnaby that …`) when no
                // punctuation, quote or other cue stands between.
                let that = (j..(j + 20).min(sent.end))
                    .take_while(|&t| !(is_punct(self.w(t)) && self.w(t) != "-" || self.in_quote(t) || self.is_cue(t)))
                    .find(|&t| self.w(t).eq_ignore_ascii_case("that"));
                if let Some(t) = that {
                    j = t;
                } else if let Some((m, _)) = self.mention_starting(self.span(j).start) {
                    j = self.token_ending(m.end);
                } else if lower_eq(self.w(j), DETERMINERS) {
                    j += 2;
                } else {
                    j += 1;
                }
            }
            // `said in a statement (that) …`, `said by text message …`, `said in his New Year's
            // speech …`: the channel is no part of the clause.
            if lower_eq(self.w(j), &["in", "by", "via", "during", "through", "on", "at", "over"]) {
                let n = (j + 1..(j + 7).min(sent.end))
                    .take_while(|&n| !(is_punct(self.w(n)) && !matches!(self.w(n), "'s" | "’s" | "-") || self.in_quote(n) || lower_eq(self.w(n), &["that", "and"])))
                    .find(|&n| lower_eq(self.w(n), CHANNELS) || lower_eq(&singular(self.w(n)), CHANNELS));
                if let Some(n) = n {
                    j = n + 1;
                    // `by text message`, `at a news conference`, `on Tuesday`.
                    while j < sent.end && (is_weekday_or_month(self.w(j)) || lower_eq(self.w(j), CHANNELS)) {
                        j += 1;
                    }
                }
            }
            if let Some(t) = (j..(j + 8).min(sent.end)).find(|&t| self.w(t).eq_ignore_ascii_case("that") || self.w(t) == "," || self.in_quote(t)) {
                let x = self.w(t);
                if x.eq_ignore_ascii_case("that") {
                    j = t + 1;
                } else if x == "," && lower_eq(self.w(j), &["on", "in", "at", "during", "after", "late", "earlier", "last", "this"]) {
                    j = t + 1;
                }
            }
            // Cues outside the core speech verbs report a clause only with `that`.
            if !lower_eq(&cue_w, CORE_CUES) && !(j > k + 1 && self.w(j - 1).eq_ignore_ascii_case("that")) {
                return None;
            }
            let with_that = j > k + 1 && self.w(j - 1).eq_ignore_ascii_case("that");
            if !with_that && lower_eq(self.w(j), &["for", "with", "in", "on", "of", "to", "about", "at", "by", "from", "as", "off", "up", "out"]) {
                return None;
            }
            if j < sent.end && matches!(self.w(j), "," | "." | ":" | "!" | "?") {
                if self.w(j) == ":" {
                    return None;
                }
                // `…, X said.`
                let c = (sent.start..subj_tok).rev().find(|&t| self.w(t) == ",")?;
                (sent.start, c)
            } else {
                let mut e = j;
                while e < sent.end && !stop(e) {
                    e += 1;
                }
                // After a verb that also takes a plain object (`denied the reports`,
                // `confirmed the move`, `warned about …`), the words must make a clause: a
                // finite verb (an auxiliary, a past form, or a quoted clause).
                let says = lower_eq(&cue_w, &["said", "says", "say", "saying", "told", "tells", "telling", "added", "adds", "adding", "wrote", "writes"]);
                if !with_that && !says && !(j..e).any(|t| self.in_quote(t) || lower_eq(self.w(t), FINITE) || self.w(t).len() > 3 && self.w(t).ends_with("ed") && self.w(t).starts_with(char::is_lowercase)) {
                    return None;
                }
                (j, e)
            }
        };
        // Trim punctuation (not quote marks) at both ends.
        let (mut from, mut to) = (from, to);
        while from < to && is_punct(self.w(from)) && !is_quote_mark(self.w(from)) {
            from += 1;
        }
        while to > from && is_punct(self.w(to - 1)) && !is_quote_mark(self.w(to - 1)) {
            to -= 1;
        }
        let nwords = (from..to).filter(|&j| !is_punct(self.w(j))).count();
        if nwords < 3 {
            return None;
        }
        // A clause that is one quoted region is a direct quote, found already.
        if (from..to).all(|j| self.in_quote(j) || is_punct(self.w(j))) {
            return None;
        }
        let span = Span::new(self.span(from).start, self.span(to - 1).end);
        if span.is_empty() || span.overlaps(sp) && !according {
            return None;
        }
        let e = self.resolve(subj, sp, salience);
        Some(Quote { kind: QuoteKind::Indirect, span, speaker: Some(Speaker { entity: e, span: sp }), cue: Some(self.span(k)) })
    }
}

/// Nouns for people that speak in the news as unnamed sources (singular; plurals by `s`,
/// `es`, `ies`).
const HUMAN_NOUNS: &[&str] = &[
    "person", "people", "official", "spokesperson", "spokesman", "spokeswoman", "representative", "aide", "adviser",
    "advisor", "source", "friend", "neighbour", "neighbor", "resident", "witness", "expert", "analyst", "economist",
    "lawyer", "attorney", "prosecutor", "investigator", "officer", "police", "authorities", "protester", "protestor",
    "demonstrator", "activist", "critic", "supporter", "defender", "opponent", "student", "parent", "teacher", "doctor",
    "nurse", "researcher", "scientist", "engineer", "worker", "employee", "executive", "member", "player", "fan",
    "voter", "lawmaker", "legislator", "senator", "judge", "columnist", "journalist", "reporter", "writer", "citizen",
    "customer", "passenger", "victim", "survivor", "relative", "farmer", "owner", "manager", "director", "organizer",
    "organiser", "volunteer", "elder", "trader", "investor", "observer", "insider", "diplomat", "soldier", "mechanic",
    "driver", "pilot", "user", "tenant", "landlord", "homeowner", "strategist", "pollster", "historian", "professor",
    "specialist", "consultant", "staffer", "staff", "colleague", "neighbours", "chiefs", "leaders", "bystander",
    "official", "mourner", "rescuer", "firefighter", "paramedic", "villager", "shopper", "commuter", "miner", "union",
    "mp",
];

fn singular(w: &str) -> String {
    let l = w.to_lowercase();
    if let Some(x) = l.strip_suffix("ies") {
        return format!("{x}y");
    }
    if let Some(x) = l.strip_suffix("sses").or_else(|| l.strip_suffix("shes")) {
        return format!("{x}{}", &l[x.len()..x.len() + 2]);
    }
    l.strip_suffix('s').map_or(l.clone(), str::to_string)
}

fn is_human_noun(w: &str) -> bool {
    !w.eq_ignore_ascii_case("union") && (lower_eq(w, HUMAN_NOUNS) || lower_eq(&singular(w), HUMAN_NOUNS))
}

/// A lowercase plural of a human noun (`prosecutors`, `senators`): a subject without article.
fn is_human_plural(w: &str) -> bool {
    w.starts_with(char::is_lowercase) && w.len() > 3 && (w.ends_with('s') || w == "people" || w == "police") && is_human_noun(w)
}

/// A group entity's name: a plural human nominal (`protesters`, `South Korean officials`).
fn is_group_name(name: &str) -> bool {
    name.rsplit(' ').next().is_some_and(|h| {
        (h.len() > 3 || h == "MPs") && h.ends_with('s') && (is_human_noun(h) || name.contains(' ') && h.starts_with(char::is_lowercase) && !h.ends_with("ss"))
            || h.eq_ignore_ascii_case("people")
    })
}

/// A word of a personal name: capitalised, with lowercase letters, not a title or calendar word.
fn is_name_word(w: &str) -> bool {
    let mut c = w.chars();
    c.next().is_some_and(char::is_uppercase)
        && w.chars().any(char::is_lowercase)
        && w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        && !is_weekday_or_month(w)
        && !lower_eq(w, DETERMINERS)
        && !is_title_word(w)
        && !lower_eq(w, &["but", "and", "in", "on", "at", "for", "after", "before", "when", "while", "as", "if", "he", "she", "they", "it", "we", "i", "you", "there", "this", "those", "these", "some", "many", "most", "other", "others", "meanwhile", "still", "now", "then", "also"])
}

/// Titles that may open a clause before a name (`Sen.`, `Dr.`, `Prime Minister`).
fn is_title_word(w: &str) -> bool {
    lower_eq(w, &["sen.", "sen", "rep.", "gov.", "dr.", "dr", "mr.", "mr", "ms.", "ms", "mrs.", "mrs", "prof.", "gen.", "col.", "lt.", "capt.", "sgt.", "president", "prime", "minister", "premier", "mayor", "senator", "judge", "chief", "coach", "rev."])
}

/// Words opening a subordinate clause.
const SUBORDINATORS: &[&str] = &["as", "although", "though", "while", "when", "if", "because", "since", "after", "before", "despite", "unless", "once", "until", "whereas"];

/// Words opening an introductory phrase that ends at a comma (`In Halifax, …`).
const INTRO: &[&str] = &[
    "in", "on", "at", "after", "before", "when", "while", "unlike", "like", "as", "for", "with", "during", "since",
    "despite", "although", "though", "if", "because", "meanwhile", "however", "by", "from", "under", "over", "according",
    "last", "earlier", "later", "once", "until", "within", "without", "instead", "besides", "following", "to",
    "asked", "speaking", "responding", "referring",
];

/// The line (paragraph) of `text` around byte `at`, trimmed.
fn line_around(text: &str, at: usize) -> Option<&str> {
    let at = at.min(text.len());
    let (before, after) = (text.get(..at)?, text.get(at..)?);
    let a = before.rfind('\n').map_or(0, |i| i + 1);
    let b = at + after.find('\n').unwrap_or(after.len());
    Some(text.get(a..b)?.trim())
}

/// Whether the paragraph (line) around byte `at` is a photo or video caption the structure
/// stage left in the body: it ends with a parenthesised photo credit (`( THE CANADIAN PRESS
/// FILE PHOTO )`) or a video duration (`… concerns. 2:43`).
fn caption_line(text: &str, at: usize) -> bool {
    let Some(line) = line_around(text, at) else { return false };
    if let Some(inner) = line.strip_suffix(')') {
        if let Some(open) = inner.rfind('(') {
            let paren = inner.get(open + 1..).unwrap_or("");
            return paren.to_lowercase().contains("photo");
        }
    }
    let last = line.rsplit(' ').next().unwrap_or("");
    let dur = last.split_once(':').is_some_and(|(m, s)| {
        !m.is_empty() && m.len() <= 2 && s.len() == 2 && m.bytes().all(|c| c.is_ascii_digit()) && s.bytes().all(|c| c.is_ascii_digit())
    });
    dur && line.len() > last.len() && line[..line.len() - last.len()].trim_end().ends_with(['.', '!', '?'])
}

/// Labels that open a line linking to another story (`READ MORE: …`, `Watch: …`).
const LINK_LABELS: &[&str] = &["read more", "watch", "watch below", "related", "more", "look", "listen", "video", "also read", "see also", "read also", "recommended", "trending"];

/// Whether the line around byte `at` links to another story: a label from [`LINK_LABELS`]
/// and a colon, then a headline without final punctuation.
fn link_line(text: &str, at: usize) -> bool {
    let Some(line) = line_around(text, at) else { return false };
    let Some((label, rest)) = line.split_once(':') else { return false };
    LINK_LABELS.iter().any(|l| l.eq_ignore_ascii_case(label.trim())) && !rest.trim_end().ends_with(['.', '!', '?', '"', '”'])
}

/// Records a quote's speaker in its sentence's salience.
fn note(sal: &mut Sal, q: &Quote) {
    let e = q.speaker.as_ref().and_then(|x| x.entity);
    if sal.ent.is_none() {
        sal.ent = e;
    }
    if sal.subj.is_none() {
        sal.subj = e;
    }
    if e.is_some() {
        sal.speaker = e;
    }
}

fn pronoun(w: &str) -> Option<Subj> {
    if w.eq_ignore_ascii_case("he") {
        Some(Subj::Pronoun(Gender::Male))
    } else if w.eq_ignore_ascii_case("she") {
        Some(Subj::Pronoun(Gender::Female))
    } else if w.eq_ignore_ascii_case("it") {
        Some(Subj::It)
    } else if w.eq_ignore_ascii_case("they") {
        Some(Subj::They)
    } else if lower_eq(w, &["we", "i", "you"]) {
        Some(Subj::Unresolved)
    } else {
        None
    }
}
