use anyhow::{anyhow, bail, Context, Result};
use clap::{Parser, Subcommand};
use dateline::input::{self, Batch, Record};
use dateline_extract::{ner, Models};
use rayon::prelude::*;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// dateline: reads news articles and tells what they say, as structured facts with evidence spans.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract facts from articles and print one JSON object per article (JSON Lines).
    ///
    /// Inputs: `.txt` files (one article each; the file name is the id), `.jsonl`/`.ndjson`
    /// (one article per line: id, text|body|content|article, title, published|date, url,
    /// outlet), directories (read recursively) and stdin (no PATH, or `-`). Bad records are
    /// reported on stderr with file and line and skipped; the exit code is then 1.
    Extract {
        /// Files or directories to read; none or `-` reads stdin.
        paths: Vec<PathBuf>,
        /// Publication date (YYYY-MM-DD) for inputs that carry none.
        #[arg(long, value_parser = parse_published)]
        published: Option<jiff::civil::Date>,
        /// Indented JSON, one object after another, for people.
        #[arg(long)]
        pretty: bool,
        /// Worker threads (default: all cores). Output order is input order whatever N is.
        #[arg(long)]
        threads: Option<usize>,
        /// Skip articles larger than this many bytes.
        #[arg(long, default_value_t = input::DEFAULT_MAX_BYTES)]
        max_bytes: usize,
    },
    /// Rebuild a model from the training data (deterministic).
    Train {
        #[command(subcommand)]
        what: TrainWhat,
    },
    /// Score the pipeline against gold data.
    Eval {
        #[command(subcommand)]
        what: EvalWhat,
    },
    /// Extract articles and store them in the corpus database (default ./dateline.db).
    Ingest(dateline::corpus::IngestArgs),
    /// Print counts of the corpus database as one JSON object.
    Stats(dateline::corpus::StatsArgs),
    /// Full-text search of the corpus (articles, quotes, entities, amounts) with filters.
    Search(dateline::corpus::SearchArgs),
    /// An entity's profile: mentions per day, its quotes, who quotes it, co-occurring entities.
    Entity(dateline::corpus::EntityArgs),
    /// Export a table of the corpus as JSON Lines, CSV or Parquet, or the whole corpus as GDELT GKG 2.1 rows.
    Export(dateline::corpus::ExportArgs),
    /// Serve the corpus: a JSON API (OpenAPI at /api/openapi.json) and web pages (search, article
    /// highlights, entities, quotes). Read-only unless a token is given (--token or DATELINE_TOKEN).
    Serve(dateline_server::ServeArgs),
    /// Extract articles from a NATS JetStream stream and publish the records (a durable pull
    /// consumer; several workers share it; acks only after the record is safely published).
    Worker(dateline::worker::WorkerArgs),
}

#[derive(Subcommand)]
enum TrainWhat {
    /// Compile the CAMEO verb/actor/agent dictionaries, PLOVER and Goldstein tables into models/cameo.bin.
    Events {
        #[arg(long, default_value = "../shared/data/cameo_dictionaries/petrarch2")]
        data: PathBuf,
        #[arg(long, default_value = "../shared/data/plover/CAMEO2PLOVER-2021.txt")]
        plover: PathBuf,
        #[arg(long, default_value = "models/goldstein.tsv")]
        goldstein: PathBuf,
        #[arg(long, default_value = "models/cameo.bin")]
        out: PathBuf,
    },
    /// Build models/gazetteer.bin from the GeoNames and mledoze files.
    Gazetteer {
        #[arg(long, default_value = "../shared/data/gazetteer")]
        data: PathBuf,
        #[arg(long, default_value = "models/gazetteer.bin")]
        out: PathBuf,
    },
    /// Learn word clusters from raw news (exchange clustering) for the NER features.
    Clusters {
        /// Raw news as JSON Lines with a `body` or `text` field.
        #[arg(long, default_values = ["../shared/data/news_raw/reuters21578.jsonl", "../shared/data/news_raw/bbc_news.jsonl"])]
        news: Vec<PathBuf>,
        /// CoNLL training text, added to the raw news (its labels are not used).
        #[arg(long, default_value = "../shared/data/conll2003/eng.train.bio.txt")]
        conll: PathBuf,
        #[arg(long, default_value = "models/clusters.tsv")]
        out: PathBuf,
        #[arg(long, default_value_t = 6)]
        passes: usize,
        #[arg(long, default_value_t = 3)]
        min_count: u64,
        /// Numbers of classes of the three granularities, coarse to fine.
        #[arg(long, num_args = 3, default_values_t = [64, 256, 1024])]
        sizes: Vec<usize>,
    },
    /// First-name → gender counts (he vs she in the next sentences) from raw news, for the quotes stage.
    Gender {
        #[arg(long, default_values = ["../shared/data/news_raw/reuters21578.jsonl", "../shared/data/news_raw/bbc_news.jsonl"])]
        news: Vec<PathBuf>,
        #[arg(long, default_value_t = 4)]
        min: u32,
        #[arg(long, default_value = "models/gender.tsv")]
        out: PathBuf,
    },
    /// Person and organisation name lists from the MIT PETRARCH2/Phoenix actor dictionaries.
    Names {
        #[arg(long, default_value = "../shared/data/cameo_dictionaries/petrarch2")]
        data: PathBuf,
        #[arg(long, default_value = "models/names.tsv")]
        out: PathBuf,
    },
    /// Train the NER tagger on CoNLL-2003 train (uses the embedded gazetteer).
    Ner {
        #[arg(long, default_value = "../shared/data/conll2003/eng.train.bio.txt")]
        data: PathBuf,
        /// Word clusters (word TAB c1 TAB c2 TAB c3), from `train clusters`.
        #[arg(long, default_value = "models/clusters.tsv")]
        clusters: PathBuf,
        /// Name lists (phrase TAB bits), from `train names`.
        #[arg(long, default_value = "models/names.tsv")]
        names: PathBuf,
        #[arg(long, default_value = "models/ner.bin")]
        out: PathBuf,
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        /// Train only the first (local) stage.
        #[arg(long)]
        one_stage: bool,
        /// Drop the features none of whose weights (quantised, ±32767, relative to tag O's)
        /// reaches this magnitude: half the features at 1500, for -0.02 F1 on dev and a table
        /// half the size that tagging reads faster. 0 keeps every feature.
        #[arg(long, default_value_t = 1500)]
        prune: i32,
        /// Also score the final model on this CoNLL file (for tuning; never trained on).
        #[arg(long)]
        dev: Option<PathBuf>,
        /// With --dev: write the dev lines with the predicted tag appended (for error analysis).
        #[arg(long)]
        dev_predictions: Option<PathBuf>,
    },
    /// Learn the quote-cue lexicon (models/cues.tsv) from PolNeAR train Cue spans.
    Cues {
        #[arg(long, default_value = "../shared/data/polnear/train")]
        data: PathBuf,
        #[arg(long, default_value = "models/cues.tsv")]
        out: PathBuf,
    },
    /// Build the tone lexicon (models/vader.tsv: token, mean valence) from the VADER lexicon.
    Vader {
        #[arg(long, default_value = "../shared/data/lexicons/vader_lexicon.txt")]
        data: PathBuf,
        #[arg(long, default_value = "models/vader.tsv")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum EvalWhat {
    /// Code PETRARCH validation records (XML) or the PLOVER GSR (JSON) and print P/R/F1.
    Events {
        gold: PathBuf,
        /// Dictionaries: `real` (embedded), `validate` (PETR.Validate.*), or a folder; default: by file.
        #[arg(long)]
        dict: Option<String>,
    },
    /// Score quotes and speakers: GGT JSON Lines (`quotes_ggt/ggt_quotes.dev.jsonl`), or a
    /// PolNeAR split directory (with `text/` and `attributions/`) for source/cue/content.
    Quotes {
        gold: PathBuf,
        /// Score another system's output records (JSON Lines with `id` and `quotes`, spans in
        /// code points, `speaker.name`) instead of running dateline (GGT gold only).
        #[arg(long)]
        system: Option<PathBuf>,
    },
    /// Tag a CoNLL file and print precision, recall and F1 per type and overall.
    Ner {
        gold: PathBuf,
        /// Write the input lines with one more column: the predicted BIO tag.
        #[arg(long)]
        predictions: Option<PathBuf>,
    },
}

fn parse_published(s: &str) -> Result<jiff::civil::Date, String> {
    input::parse_date(s).ok_or_else(|| format!("{s:?} is not a date (want YYYY-MM-DD)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dateline: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Extract { paths, published, pretty, threads, max_bytes } => {
            extract(&paths, input::Options { published, max_bytes }, pretty, threads)
        }
        Command::Train { what } => train(what).map(|()| ExitCode::SUCCESS),
        Command::Ingest(a) => dateline::corpus::ingest(&a),
        Command::Stats(a) => dateline::corpus::stats(&a),
        Command::Search(a) => dateline::corpus::search(&a),
        Command::Entity(a) => dateline::corpus::entity(&a),
        Command::Export(a) => dateline::corpus::export(&a),
        Command::Serve(a) => dateline_server::run(&a, std::sync::Arc::new(dateline::corpus::posted_article)),
        Command::Worker(a) => dateline::worker::run(&a),
        Command::Eval { what: EvalWhat::Events { gold, dict } } => dateline::events_gold::run(&gold, dict.as_deref(), models()?).map(|()| ExitCode::SUCCESS),
        Command::Eval { what: EvalWhat::Ner { gold, predictions } } => eval_ner(&gold, predictions.as_deref()).map(|()| ExitCode::SUCCESS),
        Command::Eval { what: EvalWhat::Quotes { gold, system } } => {
            let report = if gold.is_dir() {
                if system.is_some() {
                    bail!("--system is for GGT gold files, not PolNeAR folders");
                }
                dateline::gold::polnear(&gold, models()?)?
            } else {
                dateline::gold::ggt(&gold, models()?, system.as_deref())?
            };
            print!("{report}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn models() -> Result<&'static Models> {
    Models::embedded().map_err(|e| anyhow!("{e}"))
}

fn extract(paths: &[PathBuf], opts: input::Options, pretty: bool, threads: Option<usize>) -> Result<ExitCode> {
    let models = models()?;
    let sources = input::sources(paths)?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads.unwrap_or(0)).build()?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut skipped = 0usize;
    let mut failed_sources = 0usize;
    const BATCH: usize = 256;
    let flush = |batch: &mut Vec<Record>, out: &mut BufWriter<_>, skipped: &mut usize| -> Result<()> {
        let rendered: Vec<Result<Vec<u8>, String>> = pool.install(|| {
            batch
                .par_iter()
                .map(|r| match r {
                    Ok(a) => {
                        let rec = dateline_extract::extract_record(a, models).map_err(|e| e.to_string())?;
                        let mut buf = Vec::with_capacity(4096);
                        let res = if pretty { serde_json::to_writer_pretty(&mut buf, &rec) } else { serde_json::to_writer(&mut buf, &rec) };
                        res.map(|()| buf).map_err(|e| format!("{}: cannot serialise: {e}", a.id))
                    }
                    Err(s) => Err(s.to_string()),
                })
                .collect()
        });
        for r in rendered {
            match r {
                Ok(buf) => {
                    out.write_all(&buf)?;
                    out.write_all(b"\n")?;
                }
                Err(msg) => {
                    *skipped += 1;
                    eprintln!("dateline: {msg}");
                }
            }
        }
        out.flush()?;
        batch.clear();
        Ok(())
    };
    input::in_batches(&sources, &opts, BATCH, &mut |b| match b {
        Batch::Records(batch) => flush(batch, &mut out, &mut skipped),
        Batch::Unreadable(src, e) => {
            eprintln!("dateline: {}: skipped: cannot read: {e}", src.name());
            failed_sources += 1;
            Ok(())
        }
    })?;
    out.flush()?;
    if skipped + failed_sources > 0 {
        eprintln!("dateline: {skipped} record(s) and {failed_sources} source(s) skipped");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn train(what: TrainWhat) -> Result<()> {
    match what {
        TrainWhat::Gazetteer { data, out } => {
            let g = dateline::train::gazetteer(&data)?;
            let bytes = g.to_bytes();
            std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
            eprintln!("wrote {} ({} places, {} bytes)", out.display(), g.places.len(), bytes.len());
        }
        TrainWhat::Events { data, plover, goldstein, out } => dateline::events_data::train(&data, false, &plover, &goldstein, &out)?,
        TrainWhat::Vader { data, out } => {
            let raw = std::fs::read_to_string(&data).with_context(|| format!("reading {}", data.display()))?;
            let tsv = dateline_extract::tone::vader_tsv(&raw);
            std::fs::write(&out, &tsv).with_context(|| format!("writing {}", out.display()))?;
            eprintln!("wrote {} ({} entries)", out.display(), tsv.lines().filter(|l| !l.starts_with('#')).count());
        }
        TrainWhat::Cues { data, out } => {
            let tsv = dateline_extract::quotes::cues::learn(&dateline::gold::read_polnear(&data)?);
            std::fs::write(&out, &tsv).with_context(|| format!("writing {}", out.display()))?;
            eprintln!("wrote {} ({} cues)", out.display(), tsv.lines().count() - 1);
        }
        TrainWhat::Clusters { news, conll, out, passes, min_count, sizes } => {
            let sizes: [usize; 3] = sizes.try_into().map_err(|_| anyhow!("--sizes wants three numbers"))?;
            dateline::train::clusters(&news, &conll, sizes, passes, min_count, &out)?;
        }
        TrainWhat::Names { data, out } => dateline::train::names(&data, &out)?,
        TrainWhat::Gender { news, min, out } => dateline::gender::train(&news, min, &out)?,
        TrainWhat::Ner { data, clusters, names, out, epochs, one_stage, prune, dev, dev_predictions } => {
            let text = std::fs::read_to_string(&data).with_context(|| format!("reading {}", data.display()))?;
            let docs = ner::conll::parse(&text).with_context(|| format!("parsing {}", data.display()))?;
            let gaz_bytes = Models::embedded_gazetteer_bytes();
            if gaz_bytes.is_empty() {
                bail!("the embedded gazetteer is empty: run `dateline train gazetteer` and rebuild first");
            }
            let gaz = dateline_extract::gazetteer::Gazetteer::from_bytes(gaz_bytes)?;
            let clusters = if clusters.exists() { dateline::train::read_clusters(&clusters)? } else {
                eprintln!("note: {} not found; training without word clusters", clusters.display());
                Default::default()
            };
            let names = if names.exists() { dateline::train::read_names(&names)? } else {
                eprintln!("note: {} not found; training without name lists", names.display());
                Default::default()
            };
            let dev_docs = match &dev {
                Some(p) => Some(ner::conll::parse(&std::fs::read_to_string(p)?)?),
                None => None,
            };
            let opts = ner::train::Options { epochs, two_stage: !one_stage, ..Default::default() };
            let t0 = std::time::Instant::now();
            let model = ner::train::train(&docs, &gaz, clusters, names, &opts, &mut |stage, e, errs| {
                eprintln!("{stage} epoch {e}: {errs} sentences wrong ({:.1}s)", t0.elapsed().as_secs_f64());
            });
            let before = model.feature_count();
            let model = model.pruned(prune);
            eprintln!("pruned: {} of {before} feature rows kept (--prune {prune})", model.feature_count());
            if let (Some(dd), Some(path)) = (&dev_docs, &dev) {
                let mut pred = Vec::new();
                let t1 = std::time::Instant::now();
                let s = score(&model, &gaz, dd, dev_predictions.is_some().then_some(&mut pred))?;
                let secs = t1.elapsed().as_secs_f64();
                let tokens: usize = dd.iter().flat_map(|d| &d.sentences).map(|s| s.words.len()).sum();
                let per: Vec<String> = ner::Class::ALL.iter().map(|&c| format!("{} {:.2}", c.as_str(), 100.0 * s.class(c).f1())).collect();
                eprintln!("dev F1 {:.2} ({}; {:.0}k tokens/s)", 100.0 * s.overall().f1(), per.join(", "), tokens as f64 / secs / 1e3);
                if let Some(p) = &dev_predictions {
                    write_predictions(&std::fs::read_to_string(path)?, pred, p)?;
                }
            }
            let bytes = model.to_bytes();
            std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
            eprintln!("wrote {} ({} features, {} bytes)", out.display(), model.feature_count(), bytes.len());
        }
    }
    Ok(())
}

/// Tags every sentence of `docs` and scores it against the gold labels.
fn score(
    model: &ner::Model,
    gaz: &dateline_extract::gazetteer::Gazetteer,
    docs: &[ner::conll::Document],
    mut predicted: Option<&mut Vec<(usize, ner::Label)>>,
) -> Result<ner::conll::Score> {
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
    Ok(score)
}

fn eval_ner(gold: &PathBuf, predictions: Option<&std::path::Path>) -> Result<()> {
    let text = std::fs::read_to_string(gold).with_context(|| format!("reading {}", gold.display()))?;
    let docs = ner::conll::parse(&text).with_context(|| format!("parsing {}", gold.display()))?;
    let models = models()?;
    let mut pred = Vec::new();
    let t0 = std::time::Instant::now();
    let s = score(&models.ner, &models.gazetteer, &docs, predictions.is_some().then_some(&mut pred))?;
    let secs = t0.elapsed().as_secs_f64();
    println!("{:<8} {:>9} {:>9} {:>9} {:>7} {:>7}", "type", "precision", "recall", "F1", "gold", "pred");
    let row = |name: &str, c: ner::conll::Counts| {
        println!("{:<8} {:>9.2} {:>9.2} {:>9.2} {:>7} {:>7}", name, 100.0 * c.precision(), 100.0 * c.recall(), 100.0 * c.f1(), c.gold, c.predicted);
    };
    for c in ner::Class::ALL {
        row(c.as_str(), s.class(c));
    }
    row("overall", s.overall());
    let tokens: usize = docs.iter().flat_map(|d| &d.sentences).map(|s| s.words.len()).sum();
    eprintln!("{tokens} tokens in {secs:.3}s ({:.0}k tokens/s)", tokens as f64 / secs / 1e3);
    if let Some(p) = predictions {
        write_predictions(&text, pred, p)?;
    }
    Ok(())
}

/// Writes the lines of a CoNLL file with the predicted BIO tag appended to each word line.
fn write_predictions(text: &str, pred: Vec<(usize, ner::Label)>, p: &std::path::Path) -> Result<()> {
    let tags: std::collections::HashMap<usize, ner::Label> = pred.into_iter().collect();
    let mut w = BufWriter::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?);
    for (i, line) in text.lines().enumerate() {
        match tags.get(&(i + 1)) {
            Some(&l) => writeln!(w, "{} {}", line.trim_end(), ner::label_name(l))?,
            None => writeln!(w, "{line}")?,
        }
    }
    w.flush()?;
    Ok(())
}
