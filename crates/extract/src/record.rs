//! The output record of the contract (`../shared/CONTRACT.md`, "Output record").
//!
//! In: an [`Article`] and its [`Extraction`]. Out: a [`Record`], serialisable with serde.
//! Rule: every field is always present (`null` or `[]` when a stage found nothing); byte spans
//! become `[start, end)` offsets in Unicode code points here and nowhere else.
//!
//! This is the one record type: `extract` writes it, the store keeps it (as the JSON text it
//! serialises to) and reads it back with `Deserialize`, the server's pages and every export
//! (tables, GDELT GKG) read it typed. Its fields are owned, so a record read back is the same
//! value; serialising it again gives the same bytes. Reading is lenient where other systems'
//! records differ (`eval quotes --system`): a missing field takes its default, a numeric `id`
//! is read as its decimal text.

use crate::entities::EntityType;
use crate::span::{CharIndex, Span};
use crate::{Article, Extraction};
use serde::{Deserialize, Deserializer, Serialize};

pub type CpSpan = [usize; 2];

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct Record {
    #[serde(deserialize_with = "text_or_number")]
    pub id: String,
    pub published: Option<String>,
    pub headline: Option<Headline>,
    pub dateline: Option<DatelineRec>,
    pub caption: Option<CaptionRec>,
    pub credits: Vec<CreditRec>,
    pub fx: Vec<FxRec>,
    pub entities: Vec<EntityRec>,
    pub quotes: Vec<QuoteRec>,
    pub amounts: Vec<AmountRec>,
    pub dates: Vec<DateRec>,
    pub events: Vec<EventRec>,
    pub tone: Option<Tone>,
    /// Theme names, ordered by first trigger.
    pub themes: Vec<String>,
    /// The same themes with the spans of the words that triggered them.
    pub theme_spans: Vec<ThemeRec>,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct ThemeRec {
    pub theme: String,
    pub spans: Vec<CpSpan>,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct Headline {
    pub text: String,
    pub span: Option<CpSpan>,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct DatelineRec {
    pub place: String,
    pub agency: Option<String>,
    pub date: Option<String>,
    pub span: CpSpan,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct CaptionRec {
    pub text: String,
    pub credit: Option<String>,
    pub date: Option<String>,
    pub span: CpSpan,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct CreditRec {
    pub role: String,
    pub name: String,
    pub span: CpSpan,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct FxRec {
    pub base: String,
    pub quote: String,
    #[serde(deserialize_with = "number_or_null")]
    pub rate: f64,
    pub span: CpSpan,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct EntityRec {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub roles: Vec<String>,
    pub credit: bool,
    pub mentions: Vec<MentionRec>,
    pub geo: Option<Geo>,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct MentionRec {
    pub text: String,
    pub span: CpSpan,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct Geo {
    #[serde(deserialize_with = "number_or_null")]
    pub lat: f64,
    #[serde(deserialize_with = "number_or_null")]
    pub lon: f64,
    pub country: String,
    pub geonames_id: u32,
    pub precision: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct SpeakerRec {
    pub entity: Option<String>,
    pub name: String,
    pub span: CpSpan,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct CueRec {
    pub text: String,
    pub span: CpSpan,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct QuoteRec {
    pub kind: String,
    pub text: String,
    pub span: CpSpan,
    pub speaker: Option<SpeakerRec>,
    pub cue: Option<CueRec>,
    /// Tone of the quoted words (null when the quote has no words).
    pub tone: Option<Tone>,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct AmountRec {
    pub kind: String,
    pub text: String,
    pub span: CpSpan,
    #[serde(deserialize_with = "number_or_null")]
    pub value: f64,
    /// Upper bound of a range (`$5-6 million`); `value` is the lower bound.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    pub currency: Option<String>,
    pub unit: Option<String>,
    pub qualifier: Option<String>,
    pub object: Option<String>,
    pub usd: Option<f64>,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct DateRec {
    pub text: String,
    pub span: CpSpan,
    pub kind: String,
    pub value: Option<String>,
    /// `day`, `week`, `month` or `year`: how much of the calendar the expression names.
    pub precision: String,
    /// Last day of a range (`March 3-5`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct ActorRec {
    pub entity: Option<String>,
    /// Compact CAMEO actor code (`IGONAT`).
    pub code: String,
    /// The code as the CAMEO dictionaries give it (`IGOWSTNAT`).
    pub dictionary_code: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct EventRec {
    pub cameo: String,
    pub plover: String,
    pub quad_class: u8,
    #[serde(deserialize_with = "number_or_null")]
    pub goldstein: f64,
    pub source: Option<ActorRec>,
    pub target: Option<ActorRec>,
    pub span: CpSpan,
    pub date: Option<String>,
    pub location: Option<String>,
    pub negated: bool,
    /// Planned, threatened or conditional (`will`, `plans to`, `could`, `if`…): not (yet) a fact.
    pub hypothetical: bool,
    /// PLOVER mode (`aerial`, `visit`, …), empty when none.
    pub mode: String,
    /// The verb or event noun that was coded.
    pub trigger: CpSpan,
}

/// GDELT-style tone (see `crate::tone`): percentages of words.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct Tone {
    #[serde(deserialize_with = "number_or_null")]
    pub score: f64,
    #[serde(deserialize_with = "number_or_null")]
    pub positive: f64,
    #[serde(deserialize_with = "number_or_null")]
    pub negative: f64,
    #[serde(deserialize_with = "number_or_null")]
    pub polarity: f64,
    pub words: u32,
    #[serde(deserialize_with = "number_or_null")]
    pub compound: f64,
}

impl Tone {
    fn of(t: &crate::tone::Tone) -> Option<Tone> {
        (t.words > 0).then(|| Tone { score: t.score, positive: t.positive, negative: t.negative, polarity: t.polarity, words: t.words, compound: t.compound })
    }
}

/// A number that JSON may hold as `null`: serde_json writes a NaN or an infinity (an amount
/// too large for `f64`) as `null`, read back as NaN, which writes `null` again.
fn number_or_null<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// An `id` given as a string or as a number (other systems' records use numbers).
fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Int(i64),
        Uint(u64),
        Float(f64),
    }
    Ok(match Id::deserialize(d)? {
        Id::Text(s) => s,
        Id::Int(n) => n.to_string(),
        Id::Uint(n) => n.to_string(),
        Id::Float(x) => x.to_string(),
    })
}

pub fn entity_type_name(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "PERSON",
        EntityType::Org => "ORG",
        EntityType::Place => "PLACE",
        EntityType::Norp => "NORP",
        EntityType::Misc => "MISC",
    }
}

/// Builds the output record of one article.
pub fn build(article: &Article, x: &Extraction) -> Record {
    let text = article.text.as_str();
    let ci = CharIndex::new(text);
    let sp = |s: Span| ci.span(s);
    let st = &x.structure;
    let headline = match (st.headline, &article.title) {
        (Some(h), _) => Some(Headline { text: h.of(text).to_string(), span: Some(sp(h)) }),
        (None, Some(t)) => Some(Headline { text: t.clone(), span: None }),
        (None, None) => None,
    };
    Record {
        id: article.id.clone(),
        published: article.published.map(|d| d.to_string()),
        headline,
        dateline: st.dateline.as_ref().map(|d| DatelineRec {
            place: d.place.of(text).to_string(),
            agency: d.agency.map(|a| a.of(text).to_string()),
            date: d.date.map(|a| a.of(text).to_string()),
            span: sp(d.span),
        }),
        caption: st.caption.as_ref().map(|c| CaptionRec {
            text: c.text.of(text).to_string(),
            credit: c.credit.map(|a| a.of(text).to_string()),
            date: c.date.map(|d| d.to_string()),
            span: sp(c.span),
        }),
        credits: st
            .credits
            .iter()
            .map(|c| CreditRec { role: c.role.as_str().to_string(), name: c.name.of(text).to_string(), span: sp(c.name) })
            .collect(),
        fx: st.fx.iter().map(|f| FxRec { base: f.base.to_string(), quote: f.quote.to_string(), rate: f.rate, span: sp(f.span) }).collect(),
        entities: x
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| EntityRec {
                id: format!("E{}", i + 1),
                name: e.name.clone(),
                ty: entity_type_name(e.ty).to_string(),
                roles: e.roles.clone(),
                credit: e.credit,
                mentions: e.mentions.iter().map(|&m| MentionRec { text: m.of(text).to_string(), span: sp(m) }).collect(),
                geo: x.geo.get(i).and_then(Option::as_ref).map(|g| Geo {
                    lat: g.lat,
                    lon: g.lon,
                    country: g.country.clone(),
                    geonames_id: g.geonames_id,
                    precision: g.precision.as_str().to_string(),
                }),
            })
            .collect(),
        quotes: x
            .quotes
            .iter()
            .enumerate()
            .map(|(qi, q)| QuoteRec {
                kind: q.kind.as_str().to_string(),
                text: q.span.of(text).to_string(),
                span: sp(q.span),
                speaker: q.speaker.as_ref().and_then(|s| {
                    // The canonical name of the speaker entity, never a pronoun.
                    let e = s.entity.and_then(|i| x.entities.get(i))?;
                    Some(SpeakerRec { entity: s.entity.map(|i| format!("E{}", i + 1)), name: e.name.clone(), span: sp(s.span) })
                }),
                cue: q.cue.map(|c| CueRec { text: c.of(text).to_string(), span: sp(c) }),
                tone: x.quote_tones.get(qi).and_then(Tone::of),
            })
            .collect(),
        amounts: x
            .amounts
            .iter()
            .map(|a| AmountRec {
                kind: a.kind.as_str().to_string(),
                text: a.span.of(text).to_string(),
                span: sp(a.span),
                value: a.value,
                high: a.high,
                currency: a.currency.map(str::to_string),
                unit: a.unit.clone(),
                qualifier: a.qualifier.clone(),
                object: a.object.map(|o| o.of(text).to_string()),
                usd: a.usd,
            })
            .collect(),
        dates: x
            .dates
            .iter()
            .map(|d| DateRec {
                text: d.span.of(text).to_string(),
                span: sp(d.span),
                kind: d.kind.as_str().to_string(),
                value: d.value.map(|v| v.to_string()),
                precision: d.precision.as_str().to_string(),
                end: d.end.map(|v| v.to_string()),
            })
            .collect(),
        events: x
            .events
            .iter()
            .map(|e| {
                let actor = |a: &crate::events::Actor| ActorRec { entity: a.entity.map(|i| format!("E{}", i + 1)), code: a.code.clone(), dictionary_code: a.dictionary_code.clone() };
                EventRec {
                    cameo: e.cameo.clone(),
                    plover: e.plover.clone(),
                    quad_class: e.quad_class,
                    goldstein: e.goldstein,
                    source: Some(actor(&e.source)),
                    target: Some(actor(&e.target)),
                    span: sp(e.span),
                    date: e.date.map(|d| d.to_string()),
                    location: e.location.map(|i| format!("E{}", i + 1)),
                    negated: e.negated,
                    hypothetical: e.hypothetical,
                    mode: e.mode.clone(),
                    trigger: sp(e.trigger),
                }
            })
            .collect(),
        tone: Tone::of(&x.tone),
        themes: x.themes.iter().map(|t| t.name.to_string()).collect(),
        theme_spans: x.themes.iter().map(|t| ThemeRec { theme: t.name.to_string(), spans: t.spans.iter().map(|&s| sp(s)).collect() }).collect(),
    }
}

/// Every span of a record (for checks: each must lie inside the text).
pub fn spans(r: &Record) -> Vec<CpSpan> {
    let mut out: Vec<CpSpan> = Vec::new();
    out.extend(r.headline.as_ref().and_then(|h| h.span));
    out.extend(r.dateline.as_ref().map(|d| d.span));
    out.extend(r.caption.as_ref().map(|c| c.span));
    out.extend(r.credits.iter().map(|c| c.span));
    out.extend(r.fx.iter().map(|f| f.span));
    for e in &r.entities {
        out.extend(e.mentions.iter().map(|m| m.span));
    }
    for q in &r.quotes {
        out.push(q.span);
        out.extend(q.speaker.as_ref().map(|s| s.span));
        out.extend(q.cue.as_ref().map(|c| c.span));
    }
    out.extend(r.amounts.iter().map(|a| a.span));
    out.extend(r.dates.iter().map(|d| d.span));
    out.extend(r.events.iter().map(|e| e.span));
    out.extend(r.events.iter().map(|e| e.trigger));
    for t in &r.theme_spans {
        out.extend(t.spans.iter().copied());
    }
    out
}
