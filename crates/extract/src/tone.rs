//! Tone: how positive or negative the article's words are, reported like GDELT's V2Tone.
//!
//! In: the text, its tokens (and sentences' zones), the quotes and the VADER [`Lexicon`]
//! (`models/vader.tsv`, in `Models`). Out: a [`Tone`] for the body and one per quote.
//! Rule: VADER lexicon lookup (`models/vader.tsv`, built by `dateline train vader` from the
//! VADER lexicon of Hutto & Gilbert, MIT) on lower-cased tokens. Only body sentences count for
//! the article (not the headline, caption, dateline, credits or FX notes); a quote counts the
//! tokens inside its span. A word's valence is flipped and damped (×−0.74, VADER's `N_SCALAR`)
//! when one of the three words before it is a negation (`not`, `n't`, `never`, `no`,
//! `without`…), and raised or lowered by VADER's booster words (`very` +0.293, `slightly`
//! −0.293, decaying ×0.95 and ×0.9 with distance). Then:
//! - `positive` / `negative`: % of the words whose final valence is > 0 / < 0;
//! - `score` = positive − negative (GDELT's "Tone", per 100 words), `polarity` = positive +
//!   negative; `words`: tokens holding a letter or digit, clitics (`n't`, `'s`) excepted;
//! - `compound`: VADER's normalised sum of valences, `s / sqrt(s² + 15)`, in [−1, 1].
//!
//! `no` is a negation, not a sentiment word; `like` is skipped (in news it is a preposition).

use crate::hash::lower_hash;
use crate::quotes::Quote;
use crate::span::Span;
use crate::structure::ZoneKind;
use crate::text::Tokens;
use rustc_hash::FxHashMap;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tone {
    /// positive − negative.
    pub score: f64,
    /// % of words with a positive valence.
    pub positive: f64,
    /// % of words with a negative valence.
    pub negative: f64,
    /// positive + negative.
    pub polarity: f64,
    pub words: u32,
    /// VADER compound score of the summed valences, in [−1, 1].
    pub compound: f64,
}

/// Words that negate the next three words (VADER's `NEGATE`, as our tokenizer splits them).
const NEGATE: &[&str] = &[
    "not", "n't", "n’t", "no", "never", "none", "nope", "nor", "neither", "nothing", "nowhere", "without", "cannot",
    "rarely", "seldom", "despite", "aint", "arent", "cant", "couldnt", "didnt", "doesnt", "dont", "hadnt", "hasnt",
    "havent", "isnt", "mightnt", "mustnt", "neednt", "oughtnt", "shant", "shouldnt", "wasnt", "werent", "wont", "wouldnt",
];

const BOOST_UP: &[&str] = &[
    "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly", "deeply",
    "enormous", "enormously", "entirely", "especially", "exceptional", "exceptionally", "extreme", "extremely",
    "fabulously", "fully", "greatly", "highly", "hugely", "incredible", "incredibly", "intensely", "major", "majorly",
    "more", "most", "particularly", "purely", "quite", "really", "remarkably", "so", "substantially", "thoroughly",
    "total", "totally", "tremendous", "tremendously", "unbelievably", "unusually", "utter", "utterly", "very",
];

const BOOST_DOWN: &[&str] = &[
    "almost", "barely", "hardly", "kinda", "less", "little", "marginal", "marginally", "occasional", "occasionally",
    "partly", "scarce", "scarcely", "slight", "slightly", "somewhat", "sorta",
];

/// Lexicon entries that are not sentiment in news prose.
const SKIP: &[&str] = &["like", "no"];

const B_INCR: f32 = 0.293;
const N_SCALAR: f32 = -0.74;

#[derive(Clone, Copy, Default)]
struct Entry {
    valence: f32,
    boost: f32,
    negate: bool,
}

/// The VADER lexicon (`models/vader.tsv`) with VADER's negations and boosters.
pub struct Lexicon {
    words: FxHashMap<u64, Entry>,
}

impl Lexicon {
    /// Reads `models/vader.tsv` (`token TAB mean valence`; `#` lines are comments). A malformed
    /// line is an error naming it.
    pub fn parse(tsv: &str) -> Result<Lexicon, crate::Error> {
        let mut words: FxHashMap<u64, Entry> = FxHashMap::default();
        let mut entries = 0usize;
        for (i, line) in tsv.lines().enumerate().filter(|(_, l)| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let bad = || crate::Error::BadModel(format!("vader.tsv line {}: want `token TAB valence`", i + 1));
            let (Some(w), Some(v)) = (cols.next(), cols.next()) else { return Err(bad()) };
            let Ok(v) = v.trim().parse::<f32>() else { return Err(bad()) };
            entries += 1;
            if SKIP.contains(&w) {
                continue;
            }
            words.entry(lower_hash(w)).or_default().valence = v;
        }
        for w in NEGATE {
            words.entry(lower_hash(w)).or_default().negate = true;
        }
        for w in BOOST_UP {
            words.entry(lower_hash(w)).or_default().boost = B_INCR;
        }
        for w in BOOST_DOWN {
            words.entry(lower_hash(w)).or_default().boost = -B_INCR;
        }
        if entries == 0 {
            return Err(crate::Error::NoModel("vader"));
        }
        Ok(Lexicon { words })
    }
}

/// The article's tone (body sentences only) and one tone per quote.
pub fn analyse(text: &str, toks: &Tokens, quotes: &[Quote], lex: &Lexicon) -> (Tone, Vec<Tone>) {
    let mut acc = Acc::default();
    let mut spans: Vec<Span> = Vec::new();
    for s in toks.sentences.iter().filter(|s| s.zone == ZoneKind::Body) {
        let range = s.tokens.start.min(toks.tokens.len())..s.tokens.end.min(toks.tokens.len());
        spans.clear();
        spans.extend(toks.tokens[range].iter().map(|t| t.span));
        acc.add(text, &spans, lex);
    }
    let quote_tones = quotes.iter().map(|q| span_tone(text, toks, q.span, lex)).collect();
    (acc.finish(), quote_tones)
}

/// The tone of the tokens inside one span.
pub fn span_tone(text: &str, toks: &Tokens, span: Span, lex: &Lexicon) -> Tone {
    let a = toks.tokens.partition_point(|t| t.span.start < span.start);
    let b = toks.tokens.partition_point(|t| t.span.start < span.end);
    let spans: Vec<Span> = toks.tokens.get(a..b).unwrap_or(&[]).iter().map(|t| t.span).filter(|t| t.end <= span.end).collect();
    let mut acc = Acc::default();
    acc.add(text, &spans, lex);
    acc.finish()
}

#[derive(Default)]
struct Acc {
    words: u32,
    pos: u32,
    neg: u32,
    sum: f64,
}

impl Acc {
    /// Scores one run of tokens (a sentence): the negation/booster window never crosses it.
    fn add(&mut self, text: &str, toks: &[Span], lex: &Lexicon) {
        let entries: Vec<Option<Entry>> = toks.iter().map(|t| lex.words.get(&lower_hash(t.of(text))).copied()).collect();
        for (i, t) in toks.iter().enumerate() {
            let w = t.of(text);
            // Clitics split off by the tokenizer (`n't`, `'s`) are part of the word before.
            let clitic = w.starts_with(['\'', '’']) || w.eq_ignore_ascii_case("n't") || w == "n’t";
            if !clitic && w.chars().any(char::is_alphanumeric) {
                self.words += 1;
            }
            let Some(e) = entries[i] else { continue };
            if e.valence == 0.0 {
                continue;
            }
            let mut v = e.valence;
            let mut negated = false;
            for (k, decay) in (1..=3).zip([1.0f32, 0.95, 0.9]) {
                let Some(Some(p)) = i.checked_sub(k).map(|j| entries[j]) else { continue };
                // A booster raises (or a dampener lowers) the magnitude, whatever the sign.
                if p.boost != 0.0 {
                    let s = if e.valence < 0.0 { -p.boost } else { p.boost };
                    v += s * decay;
                }
                negated |= p.negate;
            }
            if negated {
                v *= N_SCALAR;
            }
            if v > 0.0 {
                self.pos += 1;
            } else if v < 0.0 {
                self.neg += 1;
            }
            self.sum += v as f64;
        }
    }

    fn finish(&self) -> Tone {
        if self.words == 0 {
            return Tone::default();
        }
        let pct = |n: u32| round3(100.0 * n as f64 / self.words as f64);
        let (positive, negative) = (pct(self.pos), pct(self.neg));
        Tone {
            score: round3(positive - negative),
            positive,
            negative,
            polarity: round3(positive + negative),
            words: self.words,
            compound: round3(self.sum / (self.sum * self.sum + 15.0).sqrt()),
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// `models/vader.tsv` from the raw VADER lexicon (`TOKEN<TAB>MEAN<TAB>STD<TAB>[ratings]`):
/// token and mean valence, sorted, with a header naming the source (for `dateline train vader`).
pub fn vader_tsv(raw: &str) -> String {
    let mut rows: Vec<(&str, &str)> = raw
        .lines()
        .filter_map(|l| {
            let mut c = l.split('\t');
            let w = c.next()?.trim();
            let v = c.next()?.trim();
            (!w.is_empty() && v.parse::<f32>().is_ok()).then_some((w, v))
        })
        .collect();
    rows.sort();
    rows.dedup_by(|a, b| a.0 == b.0);
    let mut out = String::from("# VADER sentiment lexicon (C.J. Hutto and E. Gilbert, ICWSM 2014), MIT licence; from vaderSentiment 3.3.2.\n# token\tmean valence (-4..4). Generated by `dateline train vader`; do not edit.\n");
    for (w, v) in rows {
        out.push_str(w);
        out.push('\t');
        out.push_str(v);
        out.push('\n');
    }
    out
}
