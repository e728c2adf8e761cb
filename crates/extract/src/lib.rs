//! dateline's extraction pipeline: one news article in, structured facts with evidence spans out.
//!
//! The pipeline is plain data flowing through stages, each a module whose `//!` doc states its
//! input, output and rule:
//!
//! `structure` → `text` → `entities` (`ner` + merging) → `quotes` → `amounts` → `dates` → `geo`
//! → `tone` → `themes` → events
//!
//! This crate does no I/O: models come in as bytes ([`Models::from_bytes`] or the embedded
//! defaults of [`Models::embedded`]), articles as [`Article`] values, and the result is an
//! [`Extraction`] whose spans are byte offsets into the article text. [`record`] turns it into
//! the contract's output record (code-point offsets).

pub mod amounts;
pub mod dates;
pub mod entities;
pub mod events;
pub mod gazetteer;
pub mod geo;
pub mod hash;
pub mod ner;
pub mod quotes;
pub mod record;
pub mod span;
pub mod structure;
pub mod text;
pub mod themes;
pub mod tone;

pub use span::Span;

use std::sync::OnceLock;

/// One input article.
#[derive(Clone, Debug, Default)]
pub struct Article {
    pub id: String,
    pub text: String,
    /// A headline given as metadata (JSON `title`), not found in the text.
    pub title: Option<String>,
    pub published: Option<jiff::civil::Date>,
    pub url: Option<String>,
    pub outlet: Option<String>,
}

/// Errors of this crate: only model loading can fail; extraction never does.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("model data is invalid: {0}")]
    BadModel(String),
    #[error("the embedded {0} model is missing: rebuild it with `dateline train {0}`")]
    NoModel(&'static str),
}

/// Every model and dictionary the pipeline needs, loaded once.
pub struct Models {
    pub ner: ner::Model,
    pub gazetteer: gazetteer::Gazetteer,
}

static NER_BYTES: &[u8] = include_bytes!("../../../models/ner.bin");
static GAZETTEER_BYTES: &[u8] = include_bytes!("../../../models/gazetteer.bin");

impl Models {
    /// Loads models from their serialised bytes.
    pub fn from_bytes(ner: &[u8], gazetteer: &[u8]) -> Result<Models, Error> {
        let gazetteer = if gazetteer.is_empty() {
            gazetteer::Gazetteer::default()
        } else {
            gazetteer::Gazetteer::from_bytes(gazetteer)?
        };
        if ner.is_empty() {
            return Err(Error::NoModel("ner"));
        }
        Ok(Models { ner: ner::Model::from_bytes(ner)?, gazetteer })
    }

    /// The models committed under `models/` and embedded in the binary, loaded on first use.
    pub fn embedded() -> Result<&'static Models, &'static Error> {
        static MODELS: OnceLock<Result<Models, Error>> = OnceLock::new();
        MODELS.get_or_init(|| Models::from_bytes(NER_BYTES, GAZETTEER_BYTES)).as_ref()
    }

    /// The embedded gazetteer alone (for training, before a NER model exists).
    pub fn embedded_gazetteer_bytes() -> &'static [u8] {
        GAZETTEER_BYTES
    }
}

/// A non-fatal remark about one article (the pipeline never fails on input).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
}

/// Everything extracted from one article. Spans are byte offsets into `article.text`.
pub struct Extraction {
    pub structure: structure::Structure,
    pub tokens: text::Tokens,
    pub mentions: Vec<ner::Mention>,
    pub entities: Vec<entities::Entity>,
    pub quotes: Vec<quotes::Quote>,
    pub amounts: Vec<amounts::Amount>,
    pub dates: Vec<dates::DateMention>,
    /// One slot per entity (same order): the resolved place of a PLACE entity.
    pub geo: Vec<Option<geo::Geo>>,
    /// Tone of the body.
    pub tone: tone::Tone,
    /// One tone per quote (same order as `quotes`).
    pub quote_tones: Vec<tone::Tone>,
    pub themes: Vec<themes::Theme>,
    /// Coded events (CAMEO/PLOVER), body sentences in text order.
    pub events: Vec<events::Event>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Extraction {
    /// Every byte span this extraction holds, for invariant checks.
    pub fn byte_spans(&self) -> Vec<Span> {
        let st = &self.structure;
        let mut out: Vec<Span> = Vec::new();
        out.extend(st.headline);
        out.push(st.body);
        if let Some(c) = &st.caption {
            out.extend([c.span, c.text]);
            out.extend(c.credit);
        }
        if let Some(d) = &st.dateline {
            out.extend([d.span, d.place]);
            out.extend(d.agency);
            out.extend(d.date);
        }
        out.extend(st.credits.iter().map(|c| c.name));
        out.extend(st.fx.iter().map(|f| f.span));
        out.extend(st.zones.iter().map(|z| z.span));
        out.extend(self.tokens.tokens.iter().map(|t| t.span));
        out.extend(self.tokens.sentences.iter().map(|s| s.span));
        out.extend(self.mentions.iter().map(|m| m.span));
        out.extend(self.entities.iter().flat_map(|e| e.mentions.iter().copied()));
        for q in &self.quotes {
            out.push(q.span);
            out.extend(q.speaker.as_ref().map(|s| s.span));
            out.extend(q.cue);
        }
        for a in &self.amounts {
            out.push(a.span);
            out.extend(a.object);
        }
        out.extend(self.dates.iter().map(|d| d.span));
        for e in &self.events {
            out.extend([e.span, e.trigger, e.source.span, e.target.span]);
        }
        out.extend(self.themes.iter().flat_map(|t| t.spans.iter().copied()));
        out
    }
}

/// Runs the whole pipeline on one article.
pub fn extract(article: &Article, models: &Models) -> Extraction {
    let text = article.text.as_str();
    let structure = structure::analyse(text);
    let tokens = text::segment(text, &structure);
    let mentions = ner::recognise(text, &tokens, &models.ner, &models.gazetteer);
    let entities = entities::resolve(text, &structure, &tokens, &mentions, &models.gazetteer);
    let quotes = quotes::attribute(text, &structure, &tokens, &mentions, &entities);
    let amounts = amounts::find(text, &structure, &tokens, &entities);
    let dates = dates::find(text, &structure, &tokens, article.published);
    let geo = geo::resolve(text, &structure, &tokens, &entities, &models.gazetteer);
    let (tone, quote_tones) = tone::analyse(text, &tokens, &quotes);
    let themes = themes::find(text, &tokens);
    let events = events::embedded()
        .map(|d| events::code(text, &tokens, &entities, &dates, article.published, d, true))
        .unwrap_or_default();
    Extraction { structure, tokens, mentions, entities, quotes, amounts, dates, geo, tone, quote_tones, themes, events, diagnostics: Vec::new() }
}
