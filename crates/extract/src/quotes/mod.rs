//! Quotes: who said what.
//!
//! In: the text, structure and tokens (as a [`Frame`], built once), the entities, the cue
//! lexicon and the first-name genders. Out: [`Quote`]s, and for the entity stage the speakers
//! no entity covers ([`speaker_candidates`]).
//! Rule, in order:
//! 1. Quoted regions come from [`marks`] (pairing, nesting, multi-paragraph quotations).
//! 2. A region is *direct* when nothing but a cue clause stands beside it in its sentence
//!    (left: nothing, `:`, or a cue in the last two tokens; right: nothing, or the quote ends in
//!    `,.?!`, or a cue within the next 8 tokens); otherwise it is *partial*. Its cue is the
//!    nearest cue word ([`cues`]) outside quotes in its sentence(s): after the quote first for
//!    direct quotes, before it first for partial ones. A quoted sentence (capitalised, ending
//!    in `,.?!`) with its cue right after it is direct whatever precedes it. Partial quotes
//!    without a cue are scare quotes and are dropped, and so are names given to things after
//!    `called`/`dubbed` (`an app called "X"`, passives), nicknames between names
//!    (`Riefian “Ifan” Fajarsyah`) and lines that are one cue-less quotation without closing
//!    punctuation (section headings echoing a quote).
//! 3. An *indirect* quote is a cue outside quotes with a subject (see [`speakers`]) and a
//!    reported clause of 3+ words: after the cue (`said (on Thursday) (that) …`, skipping the
//!    object of `told` up to a `that` within 20 words), before it (`…, X said.`, `…, said the
//!    report.`, `…, according to X.`), up to the sentence end, `;` or a comma before another
//!    cue. A clause that is one quoted region is direct instead. Lines that link to another
//!    story (`READ MORE: X says …`) hold no quotes; a cue that is also a noun after a
//!    determiner (`the report said`) is no cue.
//! 4. Speakers: the subject of the cue ([`speakers::subject`]), resolved to an entity: names by
//!    mention, pronouns by gender and salience (a person earlier in the sentence outside an
//!    introductory phrase, else the main-clause subject of the previous sentence, the previous
//!    speaker, other persons by recency; captions skipped), `it`/`they` to the previous
//!    sentence's subject when an ORG (or group), else the last ORG (or group) within 3
//!    sentences, else an ORG speaker within 8; nominals by role word or ORG name (organisation
//!    heads such as `the bank` only by ORG: the ORG subject of this or the 2 previous sentences,
//!    else the last ORG), a described person (`the affable proprietor`, `the Kentucky
//!    Republican`) as the most salient person, documents (`the suit`, `the white paper`) by their
//!    issuer when the article names one (`a report by X`, `X's report`, `… on X's website`),
//!    else unresolved; a bare plural opening its clause (`refugee advocates say`) is a group.
//!    Unnamed sources (`a union representative`, `prosecutors`) and names the tagger missed
//!    are entities of their own, added by the entity stage through [`speaker_candidates`].
//!    Before `, said`, appositions are skipped to the name (`Role, Name, said`, `Name of
//!    Place, the …, said`, `Role, Montana Sen. Name, said`, the first of `Name and Name`; never
//!    a role the tagger took for a name, `Name, Yellowhead MP, said`). After an inverted cue,
//!    modifiers are skipped to a person (`said Rockets general manager Name`), and a possessive
//!    gives the name in apposition (`says Campbell’s partner, Name`), or the author of a document
//!    (`according to Foster’s book`); an organisation before a document or agency noun speaks
//!    (`The RCMP statement said`), and so does the issuer of `a statement released by X`. A
//!    participle or coordinated cue with no earlier cue in its sentence takes the main clause's
//!    subject (`X protested …, saying`, `X praised … and said`). Public bodies (`the military`,
//!    `the Canadian government`) and `his office` resolve only by an organisation's name, else
//!    become entities of their own; plural nominals never resolve to one person. Pronouns skip
//!    persons after a preposition (`porters like Grizzle`) or set off before them (`Schumer, he
//!    said`), and with nobody in reach take the last speaker of their gender within 15
//!    sentences. `they` first takes a group of people named last in its sentence or the previous
//!    one (a plural human nominal opening a clause, `Republican senators are …, and they say`, is
//!    a group entity), or the first of two coordinated persons who were the previous sentence's
//!    subject (`X and Y said …` — `“…,” they said`). A participle after a named object
//!    (`quotes Lincoln saying`) or after a quote with words before it (`X said that “…,”
//!    alluding`) takes the main clause's subject. A subject before a participial phrase is the
//!    noun before it (`An expert cited in the report … said`, `The board decision allowing his
//!    release said`); a partitive names the person (`Another member of the public`, `one of the
//!    players`). An organisation name the tagger split is the whole capitalised phrase with
//!    `of`, `and`, `'s` or a listing comma and an organisation word (`the Meteorology,
//!    Climatology and Geophysics Agency`, `released by the Prime Minister's Office`); an acronym
//!    after `the` is the organisation it spells; a document whose modifiers hold an
//!    organisation noun is that organisation's (`the parole board decision`); a single unknown
//!    capitalised word after `according to` is an organisation. Persons in a comparison
//!    (`who like Montalban was born`) are no antecedents. The channel after a cue is no part of the clause (`said in a statement`, `said
//!    by text message`); after a cue that also takes a plain object (`denied the reports`) the
//!    words must contain a finite verb. A direct quote with no cue continues the last resolved speaker
//!    (within 6 sentences), else the subject of one of the 2 previous sentences; the pieces of a multi-paragraph quotation share their speaker; a
//!    quoted word or two with no cue (a list item, a scare quote) is dropped.

pub mod cues;
pub mod eval;
pub mod marks;
pub mod speakers;

use crate::entities::Entity;
use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteKind {
    Direct,
    Partial,
    Indirect,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Speaker {
    /// Index into the entities slice given to [`attribute`].
    pub entity: Option<usize>,
    /// The mention that attributes the quote in its sentence (may be a pronoun).
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    pub kind: QuoteKind,
    /// What was said (for direct quotes, the quoted words; marks may be included).
    pub span: Span,
    pub speaker: Option<Speaker>,
    pub cue: Option<Span>,
}

pub use speakers::{Frame, Genders};

/// Speaker mentions the entity stage should add: see [`speakers::Context::candidates`].
pub fn speaker_candidates(frame: &Frame, ents: &[Entity], cues: &cues::Lexicon, genders: &Genders) -> Vec<(Span, crate::entities::EntityType, String)> {
    speakers::Context::new(frame, ents, cues, genders).candidates()
}

/// The quotes of an article, with their speakers among its (final) entities.
pub fn attribute(frame: &Frame, ents: &[Entity], cues: &cues::Lexicon, genders: &Genders) -> Vec<Quote> {
    speakers::Context::new(frame, ents, cues, genders).attribute()
}
