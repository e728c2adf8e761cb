//! The `dateline` command: flags, progress and calls into the libraries, nothing else.
//!
//! In: the command line. Out: what the command writes, and an exit code: 0 all good, 1 some
//! records or sources skipped, 2 the run failed (with a message naming the input and the
//! problem). Rule: no extraction, reading, storage, training or scoring logic lives here:
//! `dateline_extract` extracts, `dateline_input` reads, `dateline_store` stores and exports,
//! `dateline_train` trains and evaluates, `dateline_server` serves, `dateline_stream` streams.

mod corpus;
mod eval;
mod train;
mod worker;

use anyhow::{anyhow, Result};
use clap::{Parser, Subcommand};
use dateline_extract::Models;
use dateline_input::{Batch, Entry, Options};
use rayon::prelude::*;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// dateline: reads news articles and tells what they say, as structured facts with evidence spans.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    /// The shared data folder (with `data/`), for `train`, `eval events` and defaults naming
    /// `../shared` (default: DATELINE_SHARED, else `../shared` beside the repository this
    /// program was built from).
    #[arg(long, global = true)]
    shared: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract facts from articles and print one JSON object per article (JSON Lines).
    ///
    /// Inputs: `.txt` files (one article each; the file name is the id), `.jsonl`/`.ndjson`
    /// (one article per line: id, text|body|content|article, title, published|date, url,
    /// outlet), `.html` pages and `.warc`/`.warc.gz` archives, directories (read recursively)
    /// and stdin (no PATH, or `-`). Bad records are reported on stderr with file and line and
    /// skipped; the exit code is then 1.
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
        #[arg(long, default_value_t = dateline_input::DEFAULT_MAX_BYTES)]
        max_bytes: usize,
        /// Also say on stderr what the stages skipped in each article, and why.
        #[arg(long)]
        diagnostics: bool,
    },
    /// Rebuild a model from the training data (deterministic).
    Train {
        #[command(subcommand)]
        what: train::TrainWhat,
    },
    /// Score the pipeline against gold data.
    Eval {
        #[command(subcommand)]
        what: eval::EvalWhat,
    },
    /// Extract articles and store them in the corpus database (default ./dateline.db).
    Ingest(corpus::IngestArgs),
    /// Print counts of the corpus database as one JSON object.
    Stats(corpus::StatsArgs),
    /// Full-text search of the corpus (articles, quotes, entities, amounts) with filters.
    Search(corpus::SearchArgs),
    /// An entity's profile: mentions per day, its quotes, who quotes it, co-occurring entities.
    Entity(corpus::EntityArgs),
    /// Export a table of the corpus as JSON Lines, CSV or Parquet, or the whole corpus as GDELT GKG 2.1 rows.
    Export(corpus::ExportArgs),
    /// Serve the corpus: a JSON API (OpenAPI at /api/openapi.json) and web pages (search, article
    /// highlights, entities, quotes). Read-only unless a token is given (--token or DATELINE_TOKEN).
    Serve(dateline_server::ServeArgs),
    /// Extract articles from a NATS JetStream stream and publish the records (a durable pull
    /// consumer; several workers share it; acks only after the record is safely published).
    Worker(worker::WorkerArgs),
}

/// `--published` and the like: a date in any form the readers accept.
pub(crate) fn parse_published(s: &str) -> Result<jiff::civil::Date, String> {
    dateline_extract::dates::parse_date(s).ok_or_else(|| format!("{s:?} is not a date (want YYYY-MM-DD)"))
}

/// The embedded models (loaded once), or why they do not load.
pub(crate) fn models() -> Result<&'static Models> {
    Models::embedded().map_err(|e| anyhow!("{e}"))
}

/// The shared data folder: `--shared`, else DATELINE_SHARED, else `../shared` of the repository.
pub(crate) fn shared(given: &Option<PathBuf>) -> Result<PathBuf> {
    let env = std::env::var_os("DATELINE_SHARED").map(PathBuf::from);
    Ok(dateline_train::paths::shared(given.as_deref().or(env.as_deref()))?)
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
        Command::Extract { paths, published, pretty, threads, max_bytes, diagnostics } => {
            extract(&paths, Options { published, max_bytes }, pretty, threads, diagnostics)
        }
        Command::Train { what } => train::run(what, &cli.shared),
        Command::Eval { what } => eval::run(what, &cli.shared),
        Command::Ingest(a) => corpus::ingest(&a),
        Command::Stats(a) => corpus::stats(&a),
        Command::Search(a) => corpus::search(&a),
        Command::Entity(a) => corpus::entity(&a),
        Command::Export(a) => corpus::export(&a),
        Command::Serve(a) => dateline_server::run(&a),
        Command::Worker(a) => worker::run(&a),
    }
}

/// `dateline extract`: records in input order, extracted on a pool of `threads`.
fn extract(paths: &[PathBuf], opts: Options, pretty: bool, threads: Option<usize>, diagnostics: bool) -> Result<ExitCode> {
    let models = models()?;
    let sources = dateline_input::sources(paths)?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads.unwrap_or(0)).build()?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut skipped = 0usize;
    let mut failed_sources = 0usize;
    const BATCH: usize = 256;
    let x_opts = dateline_extract::Options::default();
    let flush = |batch: &mut Vec<Entry>, out: &mut BufWriter<_>, skipped: &mut usize| -> Result<()> {
        // Each record as JSON bytes with its diagnostics, or why it was skipped.
        type Rendered = Result<(Vec<u8>, Vec<String>), String>;
        let rendered: Vec<Rendered> = pool.install(|| {
            batch
                .par_iter()
                .map(|r| {
                    let a = r.as_ref().map_err(|s| s.to_string())?;
                    let (rec, notes) = dateline_extract::extract_record_with(a, models, &x_opts, &mut |_| {}).map_err(|e| e.to_string())?;
                    let mut buf = Vec::with_capacity(4096);
                    let res = if pretty { serde_json::to_writer_pretty(&mut buf, &rec) } else { serde_json::to_writer(&mut buf, &rec) };
                    res.map_err(|e| format!("{}: cannot serialise: {e}", a.id))?;
                    Ok((buf, notes.iter().map(|d| format!("{}: {d}", a.id)).collect()))
                })
                .collect()
        });
        for r in rendered {
            match r {
                Ok((buf, notes)) => {
                    out.write_all(&buf)?;
                    out.write_all(b"\n")?;
                    if diagnostics {
                        for n in notes {
                            eprintln!("dateline: {n}");
                        }
                    }
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
    dateline_input::in_batches(&sources, &opts, BATCH, &mut |b| match b {
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
