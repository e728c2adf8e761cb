//! dateline's extraction pipeline: one news article in, structured facts with evidence spans out.
//!
//! The pipeline is plain data flowing through stages, each a module whose `//!` doc states its
//! input, output and rule, called in order by one orchestrator, [`extract_with`]:
//!
//! `structure` → `text` → `ner` → `entities` (with the speakers the quotes stage finds) →
//! `quotes` → `amounts` → `dates` → `geo` → `tone` → `themes` → `events` → [`record`]
//!
//! Shared intermediate results are computed once and handed to the stages that need them (the
//! quotes stage's [`quotes::Frame`] serves both the entity stage's speakers and attribution).
//! Every caller that wants the contract's record — the command line, ingest, the server, the
//! worker, the Spark job through the command line — goes through [`extract_record`], which has
//! the one panic policy. The benchmark times the stages through the hook of [`extract_with`].
//!
//! This crate does no I/O: models come in as bytes ([`Models::load`] from [`ModelBytes`], or
//! the embedded defaults of [`Models::embedded`]), articles as [`Article`] values, and the result
//! is an [`Extraction`] whose spans are byte offsets into the article text. [`record`] turns it
//! into the contract's output record (code-point offsets).

pub mod amounts;
pub mod dates;
pub mod entities;
pub mod events;
pub mod gazetteer;
pub mod geo;
pub mod hash;
pub mod lexicon;
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

/// Errors of this crate: loading a model, and (never expected) a panic inside the pipeline,
/// which [`extract_record`] turns into an error naming the article.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("model data is invalid: {0}")]
    BadModel(String),
    #[error("the embedded {0} model is missing: rebuild it with `dateline train {0}`")]
    NoModel(&'static str),
    #[error("{id}: internal error in extraction (please report this article): {message}")]
    Internal { id: String, message: String },
}

/// Every model and dictionary the pipeline needs, loaded once and handed to the stages.
///
/// A model that only some commands need may be added as an `Option` or as a `OnceLock` field
/// loaded on first use (its accessor returning the load error), so that loading stays the one
/// thing that can fail, and fails loudly.
pub struct Models {
    /// The NER tagger (`models/ner.bin`).
    pub ner: ner::Model,
    /// Places and demonyms (`models/gazetteer.bin`).
    pub gazetteer: gazetteer::Gazetteer,
    /// Speech cues of the quotes stage (`models/cues.tsv`).
    pub cues: quotes::cues::Lexicon,
    /// First-name genders of the quotes stage (`models/gender.tsv`).
    pub genders: quotes::Genders,
    /// The VADER lexicon of the tone stage (`models/vader.tsv`).
    pub vader: tone::Lexicon,
    /// The theme taxonomy, compiled for matching (built from `themes.rs`).
    pub themes: themes::Matcher,
    /// The CAMEO/PLOVER coding dictionaries of the events stage (`models/cameo.bin`).
    pub events: events::dict::Dict,
}

/// The serialised models, as committed under `models/`.
#[derive(Clone, Copy)]
pub struct ModelBytes<'a> {
    pub ner: &'a [u8],
    pub gazetteer: &'a [u8],
    pub cues: &'a str,
    pub gender: &'a str,
    pub vader: &'a str,
    pub cameo: &'a [u8],
}

impl ModelBytes<'static> {
    /// The models committed under `models/`, embedded in the binary.
    pub fn embedded() -> ModelBytes<'static> {
        ModelBytes {
            ner: include_bytes!("../../../models/ner.bin"),
            gazetteer: include_bytes!("../../../models/gazetteer.bin"),
            cues: include_str!("../../../models/cues.tsv"),
            gender: include_str!("../../../models/gender.tsv"),
            vader: include_str!("../../../models/vader.tsv"),
            cameo: include_bytes!("../../../models/cameo.bin"),
        }
    }
}

impl Models {
    /// Loads every model; the first that is missing or invalid is the error, naming it.
    pub fn load(b: &ModelBytes<'_>) -> Result<Models, Error> {
        let named = |what: &'static str| move |e: Error| match e {
            Error::BadModel(m) => Error::BadModel(format!("{what}: {m}")),
            other => other,
        };
        let nonempty = |bytes: &[u8], name: &'static str| if bytes.is_empty() { Err(Error::NoModel(name)) } else { Ok(()) };
        nonempty(b.ner, "ner")?;
        nonempty(b.gazetteer, "gazetteer")?;
        nonempty(b.cameo, "events")?;
        Ok(Models {
            ner: ner::Model::from_bytes(b.ner).map_err(named("models/ner.bin"))?,
            gazetteer: gazetteer::Gazetteer::from_bytes(b.gazetteer).map_err(named("models/gazetteer.bin"))?,
            cues: quotes::cues::Lexicon::parse(b.cues).map_err(named("models/cues.tsv"))?,
            genders: quotes::Genders::parse(b.gender).map_err(named("models/gender.tsv"))?,
            vader: tone::Lexicon::parse(b.vader).map_err(named("models/vader.tsv"))?,
            themes: themes::Matcher::new(),
            events: events::dict::Dict::from_bytes(b.cameo).map_err(named("models/cameo.bin"))?,
        })
    }

    /// The embedded models, loaded on first use and shared (a load error is returned on
    /// every call).
    pub fn embedded() -> Result<&'static Models, &'static Error> {
        static MODELS: OnceLock<Result<Models, Error>> = OnceLock::new();
        MODELS.get_or_init(|| Models::load(&ModelBytes::embedded())).as_ref()
    }

    /// The embedded gazetteer alone (for training, before a NER model exists).
    pub fn embedded_gazetteer_bytes() -> &'static [u8] {
        ModelBytes::embedded().gazetteer
    }
}

/// The stages, in the order [`extract_with`] runs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    Structure,
    Text,
    Ner,
    Entities,
    Quotes,
    Amounts,
    Dates,
    Geo,
    Tone,
    Themes,
    Events,
    /// [`record::build`], timed by [`extract_record_with`].
    Record,
}

impl Stage {
    pub const ALL: [Stage; 12] = [
        Stage::Structure,
        Stage::Text,
        Stage::Ner,
        Stage::Entities,
        Stage::Quotes,
        Stage::Amounts,
        Stage::Dates,
        Stage::Geo,
        Stage::Tone,
        Stage::Themes,
        Stage::Events,
        Stage::Record,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Structure => "structure",
            Stage::Text => "text",
            Stage::Ner => "ner",
            Stage::Entities => "entities",
            Stage::Quotes => "quotes",
            Stage::Amounts => "amounts",
            Stage::Dates => "dates",
            Stage::Geo => "geo",
            Stage::Tone => "tone",
            Stage::Themes => "themes",
            Stage::Events => "events",
            Stage::Record => "record",
        }
    }
}

/// A non-fatal remark about one article (the pipeline never fails on input): something a stage
/// skipped, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub stage: Stage,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.stage.name(), self.message)
    }
}

/// How to run the pipeline; the default is what `extract` does.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Code events in every sentence, not only in body sentences (for gold data made of single
    /// sentences, which the structure stage may take for a headline).
    pub events_in_every_zone: bool,
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
    /// What the stages skipped, and why (e.g. sentences the events' discard list left uncoded).
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
    extract_with(article, models, &Options::default(), &mut |_| {})
}

/// Runs the whole pipeline on one article: the one place the stages are called, in order.
/// `stage_done` is called as each stage ends (the benchmark times them with it).
pub fn extract_with(article: &Article, models: &Models, opts: &Options, stage_done: &mut dyn FnMut(Stage)) -> Extraction {
    let text = article.text.as_str();
    let mut diagnostics = Vec::new();
    let structure = structure::analyse(text);
    stage_done(Stage::Structure);
    let tokens = text::segment(text, &structure);
    stage_done(Stage::Text);
    let mentions = ner::recognise(text, &tokens, &models.ner, &models.gazetteer);
    stage_done(Stage::Ner);
    let (entities, quotes) = {
        // What the quotes stage knows before the entities are final, built once for both uses.
        let frame = quotes::Frame::new(text, &structure, &tokens);
        let named = entities::resolve(text, &structure, &tokens, &mentions, &models.gazetteer);
        let speakers = quotes::speaker_candidates(&frame, &named, &models.cues, &models.genders);
        let entities = entities::add_speakers(named, speakers);
        stage_done(Stage::Entities);
        let quotes = quotes::attribute(&frame, &entities, &models.cues, &models.genders);
        stage_done(Stage::Quotes);
        (entities, quotes)
    };
    let amounts = amounts::find(text, &structure, &tokens, &entities);
    stage_done(Stage::Amounts);
    let dates = dates::find(text, &structure, &tokens, article.published);
    stage_done(Stage::Dates);
    let geo = geo::resolve(text, &structure, &tokens, &entities, &models.gazetteer);
    stage_done(Stage::Geo);
    let (tone, quote_tones) = tone::analyse(text, &tokens, &quotes, &models.vader);
    stage_done(Stage::Tone);
    let themes = themes::find(text, &tokens, &models.themes);
    stage_done(Stage::Themes);
    let body_only = !opts.events_in_every_zone;
    let events = events::code(text, &tokens, &entities, &dates, article.published, &models.events, body_only, &mut diagnostics);
    stage_done(Stage::Events);
    Extraction { structure, tokens, mentions, entities, quotes, amounts, dates, geo, tone, quote_tones, themes, events, diagnostics }
}

/// The output record of one article: [`extract`], then [`record::build`].
pub fn extract_record(article: &Article, models: &Models) -> Result<record::Record, Error> {
    extract_record_with(article, models, &Options::default(), &mut |_| {}).map(|(r, _)| r)
}

/// [`extract_with`], then [`record::build`] (reported to `stage_done` as [`Stage::Record`]),
/// with the pipeline's one panic policy: a panic (a bug: nothing here may panic on input) is
/// caught and returned as [`Error::Internal`] naming the article, so that one bad article never
/// stops a batch, a server or a worker. Returns the diagnostics with the record.
pub fn extract_record_with(
    article: &Article,
    models: &Models,
    opts: &Options,
    stage_done: &mut dyn FnMut(Stage),
) -> Result<(record::Record, Vec<Diagnostic>), Error> {
    let run = std::panic::AssertUnwindSafe(|| {
        let x = extract_with(article, models, opts, stage_done);
        let rec = record::build(article, &x);
        stage_done(Stage::Record);
        (rec, x.diagnostics)
    });
    std::panic::catch_unwind(run).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        Error::Internal { id: article.id.clone(), message }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_corrupt_model_is_an_error_naming_it() {
        let good = ModelBytes::embedded();
        let half = &good.cameo[..good.cameo.len() / 2];
        let e = Models::load(&ModelBytes { cameo: half, ..good }).err().expect("a cut cameo.bin does not load");
        assert!(e.to_string().contains("models/cameo.bin"), "{e}");
        let e = Models::load(&ModelBytes { cameo: &[], ..good }).err().expect("no cameo.bin");
        assert!(e.to_string().contains("dateline train events"), "{e}");
        let e = Models::load(&ModelBytes { vader: "# header\ngood\t1.5\nbad line\n", ..good }).err().expect("a bad vader line");
        assert!(e.to_string().contains("vader.tsv line 3"), "{e}");
        let e = Models::load(&ModelBytes { gender: "anna\t1\n", ..good }).err().expect("a bad gender line");
        assert!(e.to_string().contains("gender.tsv line 1"), "{e}");
        assert!(Models::load(&ModelBytes { cues: "# only a comment\n", ..good }).is_err());
        assert!(Models::load(&good).is_ok());
    }

    #[test]
    fn stages_are_reported_in_order_and_discards_are_diagnosed() {
        let models = Models::embedded().expect("embedded models");
        let text = "The United States accused China of spying on Monday.\n\nChina criticised the United States in a baseball dispute.";
        let article = Article { id: "d".into(), text: text.into(), ..Article::default() };
        let mut seen = Vec::new();
        let (rec, diagnostics) = extract_record_with(&article, models, &Options::default(), &mut |s| seen.push(s)).expect("no panic");
        assert_eq!(seen, Stage::ALL);
        assert_eq!(rec.id, "d");
        assert!(diagnostics.iter().any(|d| d.stage == Stage::Events && d.message.contains("discard")), "{diagnostics:?}");
        // A story-level discard phrase leaves the whole article uncoded, and says so.
        let story = Article { text: format!("{text}\n\nManchester United lost."), ..article };
        let x = extract(&story, models);
        assert!(x.events.is_empty());
        assert!(x.diagnostics.iter().any(|d| d.message.contains("story-level")), "{:?}", x.diagnostics);
    }
}
