//! The NER model's training data and training: word clusters (`train clusters`), name lists
//! (`train names`), the tagger itself (`train ner`), and its scoring (`eval ner`).
//!
//! In: CoNLL files, raw news, the PETRARCH2/Phoenix actor dictionaries, the embedded
//! gazetteer. Out: `models/clusters.tsv`, `models/names.tsv`, `models/ner.bin`; scores per type.
//! Rule: deterministic (the same data and options give the same bytes); the tagger is
//! `dateline_extract::ner::train` (averaged perceptron, two stages), this module reads and
//! writes its files. Progress goes to the caller's `log`.

use crate::{data_error, read_to_string, write, Result};
use dateline_extract::{gazetteer::Gazetteer, ner, Models};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Reads word clusters (`word<TAB>c1<TAB>c2<TAB>c3` per line) into the model's form.
pub fn read_clusters(path: &Path) -> Result<ner::features::Clusters> {
    let text = read_to_string(path)?;
    let mut out = ner::features::Clusters::default();
    for (n, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 4 {
            return Err(data_error(format!("{}:{}: want 4 tab-separated columns", path.display(), n + 1)));
        }
        let c = |i: usize| cols[i].parse::<u16>().map_err(|_| data_error(format!("{}:{}: bad cluster id", path.display(), n + 1)));
        out.insert(dateline_extract::hash::lower_hash(cols[0]), [c(1)?, c(2)?, c(3)?]);
    }
    Ok(out)
}

/// Learns word clusters from raw news (`*.jsonl` with `body`/`text`) plus CoNLL training text,
/// at the granularities `sizes`, and writes them as `word<TAB>c1<TAB>c2<TAB>c3`.
pub fn clusters(news: &[PathBuf], conll: &Path, sizes: [usize; 3], passes: usize, min_count: u64, out: &Path, log: &mut dyn FnMut(String)) -> Result<()> {
    use dateline_extract::{structure, text};
    let mut sentences: Vec<Vec<String>> = Vec::new();
    for p in news {
        let f = read_to_string(p)?;
        for (i, line) in f.lines().enumerate() {
            let v: Value = serde_json::from_str(line).map_err(|e| data_error(format!("{}:{}: {e}", p.display(), i + 1)))?;
            let Some(body) = ["body", "text"].iter().find_map(|k| v[*k].as_str()) else { continue };
            let st = structure::analyse(body);
            let toks = text::segment(body, &st);
            for s in &toks.sentences {
                sentences.push(toks.tokens[s.tokens.clone()].iter().map(|t| t.span.of(body).to_string()).collect());
            }
        }
    }
    let text = read_to_string(conll)?;
    for d in ner::conll::parse(&text).map_err(|e| data_error(format!("{}: {e}", conll.display())))? {
        sentences.extend(d.sentences.into_iter().map(|s| s.words));
    }
    let words: usize = sentences.iter().map(Vec::len).sum();
    log(format!("{} sentences, {} words", sentences.len(), words));
    let corpus = ner::clusters::Corpus::build(sentences.iter().map(|s| s.iter().map(String::as_str).collect()), min_count);
    log(format!("vocabulary: {} words seen at least {min_count} times", corpus.words.len()));
    let mut classes = Vec::new();
    for k in sizes {
        let t0 = std::time::Instant::now();
        classes.push(ner::clusters::exchange(&corpus, k, passes));
        log(format!("{k} classes in {:.1}s", t0.elapsed().as_secs_f64()));
    }
    let mut w = String::new();
    for (i, word) in corpus.words.iter().enumerate() {
        if word.contains(['\t', '\n']) {
            continue;
        }
        w.push_str(&format!("{word}\t{}\t{}\t{}\n", classes[0][i] + 1, classes[1][i] + 1, classes[2][i] + 1));
    }
    write(out, w)?;
    log(format!("wrote {}", out.display()));
    Ok(())
}

/// Words that open a Phoenix actor name but are titles, not names ("SIR_MILO_BUTLER_").
const TITLES: &[&str] = &["sir", "dame", "president", "president-elect", "acting", "minister", "prime", "king", "queen", "general", "gen.", "dr.", "mr.", "mrs.", "the", "former", "senator", "secretary"];

/// Person and organisation names from the MIT-licensed PETRARCH2/Phoenix actor dictionaries
/// (`Phoenix.{Countries,International,MilNonState}.actors.txt` in `dir`), as NER name-list bits:
/// writes `phrase<TAB>bits` lines (lower-case, sorted), bits as in `ner::features::NAME_*`.
///
/// An entry (`NAME_WITH_UNDERSCORES_ [CODE]`, `+SYNONYM_` lines, indented `[CODE dates]` lines)
/// is a person when its comment names CountryInfo.txt or IGOrulers.txt or a code is an elite
/// (`…ELI`); country entries (three-letter codes) are skipped; the rest are organisations.
/// A person's first and last words also go in as first-name and last-name entries.
pub fn names(dir: &Path, out: &Path) -> Result<String> {
    use ner::features::{NAME_FIRST, NAME_LAST, NAME_ORG, NAME_PER};
    let mut bits: BTreeMap<String, u8> = BTreeMap::new();
    let mut first_count: BTreeMap<String, u32> = BTreeMap::new();
    for file in ["Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"] {
        let path = dir.join(file);
        let text = String::from_utf8_lossy(&crate::read_bytes(&path)?).into_owned();
        // (names, codes, comment text) of the entry being read.
        let mut entries: Vec<(Vec<String>, Vec<String>, String)> = Vec::new();
        for line in text.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (body, comment) = line.split_once('#').unwrap_or((line, ""));
            let codes = body.split('[').skip(1).filter_map(|c| c.split([']', ' ']).next()).map(str::to_string);
            let name = body.split('[').next().unwrap_or_default().trim().replace('_', " ");
            if line.starts_with([' ', '\t']) || line.starts_with('+') {
                if let Some(e) = entries.last_mut() {
                    e.1.extend(codes);
                    e.2.push_str(comment);
                    if line.starts_with('+') {
                        e.0.push(name.trim_start_matches('+').to_string());
                    }
                }
            } else {
                entries.push((vec![name], codes.collect(), comment.to_string()));
            }
        }
        for (names, codes, comment) in entries {
            let country = file.starts_with("Phoenix.Countries") && codes.iter().any(|c| c.len() == 3 && c.chars().all(|c| c.is_ascii_uppercase()));
            if country {
                continue;
            }
            let person = comment.contains("CountryInfo") || comment.contains("IGOrulers") || codes.iter().any(|c| c.ends_with("ELI"));
            for name in names {
                let mut words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
                if person {
                    while words.len() > 2 && TITLES.contains(&words[0].as_str()) {
                        words.remove(0);
                    }
                }
                let phrase = words.join(" ");
                if phrase.len() < 3 || words.len() > 5 {
                    continue;
                }
                *bits.entry(phrase).or_default() |= if person { NAME_PER } else { NAME_ORG };
                if person && words.len() >= 2 {
                    *first_count.entry(words[0].clone()).or_default() += 1;
                    let last = words[words.len() - 1].clone();
                    if last.len() >= 3 && !TITLES.contains(&last.as_str()) {
                        *bits.entry(last).or_default() |= NAME_LAST;
                    }
                }
            }
        }
    }
    for (w, n) in first_count {
        if n >= 2 && w.len() >= 2 && !TITLES.contains(&w.as_str()) {
            *bits.entry(w).or_default() |= NAME_FIRST;
        }
    }
    let mut w = String::new();
    for (phrase, b) in &bits {
        w.push_str(&format!("{phrase}\t{b}\n"));
    }
    write(out, w)?;
    Ok(format!("wrote {} ({} names)", out.display(), bits.len()))
}

/// Reads name-list bits (`phrase<TAB>bits` per line, from `train names`) into the model's form.
pub fn read_names(path: &Path) -> Result<ner::features::Names> {
    let text = read_to_string(path)?;
    let mut out = ner::features::Names::default();
    for (n, line) in text.lines().enumerate() {
        let (phrase, b) = line.split_once('\t').ok_or_else(|| data_error(format!("{}:{}: want phrase TAB bits", path.display(), n + 1)))?;
        let b: u8 = b.parse().map_err(|_| data_error(format!("{}:{}: bad bits", path.display(), n + 1)))?;
        *out.entry(dateline_extract::hash::phrase_hash(phrase.split(' '))).or_default() |= b;
    }
    Ok(out)
}

/// What `train ner` reads and writes.
pub struct NerTraining {
    /// CoNLL training file.
    pub data: PathBuf,
    /// Word clusters (`word TAB c1 TAB c2 TAB c3`), from `train clusters`; trained without when missing.
    pub clusters: PathBuf,
    /// Name lists (`phrase TAB bits`), from `train names`; trained without when missing.
    pub names: PathBuf,
    pub out: PathBuf,
    pub epochs: usize,
    /// Train only the first (local) stage.
    pub one_stage: bool,
    /// Drop the features none of whose weights reaches this magnitude (0 keeps every feature).
    pub prune: i32,
    /// Also score the final model on this CoNLL file (for tuning; never trained on).
    pub dev: Option<PathBuf>,
    /// With `dev`: write the dev lines with the predicted tag appended.
    pub dev_predictions: Option<PathBuf>,
}

fn read_conll(path: &Path) -> Result<(String, Vec<ner::conll::Document>)> {
    let text = read_to_string(path)?;
    let docs = ner::conll::parse(&text).map_err(|e| data_error(format!("{}: {e}", path.display())))?;
    Ok((text, docs))
}

/// `train ner`: the tagger from CoNLL, with the embedded gazetteer, written to `t.out`.
pub fn train_ner(t: &NerTraining, log: &mut dyn FnMut(String)) -> Result<()> {
    let (_, docs) = read_conll(&t.data)?;
    let gaz_bytes = Models::embedded_gazetteer_bytes();
    if gaz_bytes.is_empty() {
        return Err(data_error("the embedded gazetteer is empty: run `dateline train gazetteer` and rebuild first"));
    }
    let gaz = Gazetteer::from_bytes(gaz_bytes)?;
    let clusters = if t.clusters.exists() {
        read_clusters(&t.clusters)?
    } else {
        log(format!("note: {} not found; training without word clusters", t.clusters.display()));
        Default::default()
    };
    let names = if t.names.exists() {
        read_names(&t.names)?
    } else {
        log(format!("note: {} not found; training without name lists", t.names.display()));
        Default::default()
    };
    let dev = match &t.dev {
        Some(p) => Some(read_conll(p)?),
        None => None,
    };
    let opts = ner::train::Options { epochs: t.epochs, two_stage: !t.one_stage, ..Default::default() };
    let t0 = std::time::Instant::now();
    let model = ner::train::train(&docs, &gaz, clusters, names, &opts, &mut |stage, e, errs| {
        log(format!("{stage} epoch {e}: {errs} sentences wrong ({:.1}s)", t0.elapsed().as_secs_f64()));
    });
    let before = model.feature_count();
    let model = model.pruned(t.prune);
    log(format!("pruned: {} of {before} feature rows kept (--prune {})", model.feature_count(), t.prune));
    if let Some((text, dd)) = &dev {
        let mut pred = Vec::new();
        let t1 = std::time::Instant::now();
        let s = score(&model, &gaz, dd, t.dev_predictions.is_some().then_some(&mut pred));
        let secs = t1.elapsed().as_secs_f64();
        let tokens: usize = dd.iter().flat_map(|d| &d.sentences).map(|s| s.words.len()).sum();
        let per: Vec<String> = ner::Class::ALL.iter().map(|&c| format!("{} {:.2}", c.as_str(), 100.0 * s.class(c).f1())).collect();
        log(format!("dev F1 {:.2} ({}; {:.0}k tokens/s)", 100.0 * s.overall().f1(), per.join(", "), tokens as f64 / secs / 1e3));
        if let Some(p) = &t.dev_predictions {
            write_predictions(text, pred, p)?;
        }
    }
    let bytes = model.to_bytes();
    write(&t.out, &bytes)?;
    log(format!("wrote {} ({} features, {} bytes)", t.out.display(), model.feature_count(), bytes.len()));
    Ok(())
}

/// Tags every sentence of `docs` and scores it against the gold labels; with `predicted`,
/// collects `(line number, predicted label)` of every word.
pub fn score(model: &ner::Model, gaz: &Gazetteer, docs: &[ner::conll::Document], mut predicted: Option<&mut Vec<(usize, ner::Label)>>) -> ner::conll::Score {
    let mut score = ner::conll::Score::default();
    let mut scratch = ner::Scratch::default();
    for d in docs {
        let words: Vec<Vec<&str>> = d.sentences.iter().map(|s| s.words.iter().map(String::as_str).collect()).collect();
        let sents: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        let tagged = model.tag_document(&sents, gaz, &mut scratch);
        for (s, labels) in d.sentences.iter().zip(tagged) {
            score.add(&s.labels, &labels);
            if let Some(p) = predicted.as_deref_mut() {
                p.extend(s.lines.iter().copied().zip(labels));
            }
        }
    }
    score
}

/// What `eval ner` prints: precision, recall and F1 per type and overall (`Display`), and the
/// tagging speed.
pub struct NerEval {
    pub score: ner::conll::Score,
    pub tokens: usize,
    pub seconds: f64,
}

impl std::fmt::Display for NerEval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{:<8} {:>9} {:>9} {:>9} {:>7} {:>7}", "type", "precision", "recall", "F1", "gold", "pred")?;
        let row = |f: &mut std::fmt::Formatter<'_>, name: &str, c: ner::conll::Counts| {
            writeln!(f, "{:<8} {:>9.2} {:>9.2} {:>9.2} {:>7} {:>7}", name, 100.0 * c.precision(), 100.0 * c.recall(), 100.0 * c.f1(), c.gold, c.predicted)
        };
        for c in ner::Class::ALL {
            row(f, c.as_str(), self.score.class(c))?;
        }
        row(f, "overall", self.score.overall())
    }
}

/// `eval ner`: tags a CoNLL file with the models' tagger and scores it; with `predictions`,
/// writes the input lines with the predicted BIO tag appended.
pub fn eval_ner(gold: &Path, predictions: Option<&Path>, models: &Models) -> Result<NerEval> {
    let (text, docs) = read_conll(gold)?;
    let mut pred = Vec::new();
    let t0 = std::time::Instant::now();
    let score = score(&models.ner, &models.gazetteer, &docs, predictions.is_some().then_some(&mut pred));
    let seconds = t0.elapsed().as_secs_f64();
    let tokens: usize = docs.iter().flat_map(|d| &d.sentences).map(|s| s.words.len()).sum();
    if let Some(p) = predictions {
        write_predictions(&text, pred, p)?;
    }
    Ok(NerEval { score, tokens, seconds })
}

/// Writes the lines of a CoNLL file with the predicted BIO tag appended to each word line.
fn write_predictions(text: &str, pred: Vec<(usize, ner::Label)>, p: &Path) -> Result<()> {
    let tags: std::collections::HashMap<usize, ner::Label> = pred.into_iter().collect();
    let mut w = Vec::with_capacity(text.len() + text.len() / 4);
    for (i, line) in text.lines().enumerate() {
        // Writing to a Vec cannot fail.
        let _ = match tags.get(&(i + 1)) {
            Some(&l) => writeln!(w, "{} {}", line.trim_end(), ner::label_name(l)),
            None => writeln!(w, "{line}"),
        };
    }
    write(p, w)
}
