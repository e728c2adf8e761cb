//! The corpus commands: `ingest`, `stats`, `search`, `entity` and `export`, over the store of
//! `dateline-store`.
//!
//! In: parsed options (the clap `Args` structs below, flattened into `main.rs`'s commands).
//! Out: the store written (`ingest`), or JSON / tables / files on stdout and `--out`.
//! Rule: glue only — extraction is `dateline_extract`, storage and queries are
//! `dateline_store`. Progress and summaries go to stderr; stdout carries only results.
//! `search` and `entity` print a readable table when stdout is a terminal and JSON Lines (one
//! hit per line; `entity`: one JSON object) when it is not, or with `--json`.

use anyhow::{anyhow, bail, Context, Result};
use dateline_extract::record;
use dateline_input::Entry;
use dateline_store::export::{self, Format, Table};
use dateline_store::{Hit, Kind, NewArticle, Search, Store};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub const DEFAULT_DB: &str = "dateline.db";

#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    /// Files or directories to read (same inputs as `extract`); none or `-` reads stdin.
    pub paths: Vec<PathBuf>,
    /// The database file (created if missing).
    #[arg(long, default_value = DEFAULT_DB)]
    pub db: PathBuf,
    /// Publication date (YYYY-MM-DD) for inputs that carry none.
    #[arg(long, value_parser = crate::parse_published)]
    pub published: Option<jiff::civil::Date>,
    /// Worker threads for extraction (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Articles per transaction: a crash loses at most the batch being written.
    #[arg(long, default_value_t = 500)]
    pub batch_size: usize,
    /// Skip articles larger than this many bytes.
    #[arg(long, default_value_t = dateline_input::DEFAULT_MAX_BYTES)]
    pub max_bytes: usize,
    /// No progress output (the closing summary is still printed).
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(clap::Args, Debug)]
pub struct StatsArgs {
    #[arg(long, default_value = DEFAULT_DB)]
    pub db: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// Full-text query (FTS5: words, "a phrase", AND, OR, NOT, prefix*, NEAR(a b)). Empty or
    /// absent: filters only.
    pub query: Option<String>,
    #[arg(long, default_value = DEFAULT_DB)]
    pub db: PathBuf,
    /// What to list: quotes, articles, entities or amounts.
    #[arg(long, default_value = "articles", value_parser = parse_kind)]
    pub kind: Kind,
    /// Quotes said by this entity (articles/amounts: of articles quoting it).
    #[arg(long)]
    pub speaker: Option<String>,
    /// Articles naming this entity; quotes whose words name it; entities co-occurring with it.
    #[arg(long)]
    pub entity: Option<String>,
    /// Entity type (PERSON, ORG, PLACE, NORP, MISC) narrowing --speaker/--entity, the listed
    /// entities, or (quotes without --speaker) the speaker's type.
    #[arg(long = "type")]
    pub ty: Option<String>,
    /// First publication date, inclusive (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    pub from: Option<String>,
    /// Last publication date, inclusive (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// JSON Lines (one hit per line) even on a terminal.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct EntityArgs {
    /// Canonical name, or words of it ("Zelenskiy" finds "Volodymyr Zelenskiy").
    pub name: String,
    #[arg(long, default_value = DEFAULT_DB)]
    pub db: PathBuf,
    /// Entity type (PERSON, ORG, PLACE, NORP, MISC).
    #[arg(long = "type")]
    pub ty: Option<String>,
    /// How many quotes, speakers and co-occurring entities to show.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// One JSON object even on a terminal.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// jsonl, csv, parquet, or gkg: GDELT Global Knowledge Graph 2.1 rows (27 tab-separated
    /// columns, no header, one row per article; offsets are code points into the article text).
    #[arg(long)]
    pub format: String,
    /// articles, entities, quotes, amounts or events. Required for jsonl, csv and parquet;
    /// ignored by gkg (a GKG row holds a whole article).
    #[arg(long)]
    pub table: Option<String>,
    #[arg(long, default_value = DEFAULT_DB)]
    pub db: PathBuf,
    /// Output file (default: stdout). Written to a temporary file and renamed when complete.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s).ok_or_else(|| format!("{s:?}: want quotes, articles, entities or amounts"))
}

fn open_existing(db: &Path) -> Result<Store> {
    if !db.exists() {
        bail!("{}: no such database (create it with `dateline ingest --db {} PATH...`)", db.display(), db.display());
    }
    Store::open_read_only(db).map_err(|e| anyhow!("{e}"))
}

// ---------------------------------------------------------------------------------------------
// ingest

/// Progress on stderr: a bar on a terminal, a plain line every few seconds otherwise.
enum Progress {
    Bar(indicatif::ProgressBar),
    Plain { total: Option<u64>, start: Instant, last: Instant },
    Quiet,
}

impl Progress {
    fn new(total: Option<u64>, quiet: bool) -> Progress {
        if quiet {
            return Progress::Quiet;
        }
        if std::io::stderr().is_terminal() {
            let bar = match total {
                Some(n) => indicatif::ProgressBar::new(n),
                None => indicatif::ProgressBar::new_spinner(),
            };
            let tpl = if total.is_some() {
                "{spinner} {elapsed_precise} [{wide_bar}] {human_pos}/{human_len} records · {per_sec} · ETA {eta} · {msg}"
            } else {
                "{spinner} {elapsed_precise} {human_pos} records · {per_sec} · {msg}"
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(tpl) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            Progress::Bar(bar)
        } else {
            let now = Instant::now();
            Progress::Plain { total, start: now, last: now }
        }
    }

    fn update(&mut self, done: u64, c: &Counts) {
        match self {
            Progress::Bar(b) => {
                b.set_position(done);
                b.set_message(format!("{} stored, {} duplicates, {} bad", c.inserted, c.duplicates, c.bad));
            }
            Progress::Plain { total, start, last } => {
                if last.elapsed() < Duration::from_secs(5) {
                    return;
                }
                *last = Instant::now();
                let secs = start.elapsed().as_secs_f64().max(1e-9);
                let rate = done as f64 / secs;
                let eta = match total {
                    Some(t) if rate > 0.0 && *t >= done => format!(", ETA {:.0}s", (*t - done) as f64 / rate),
                    _ => String::new(),
                };
                let of = total.map(|t| format!("/{t}")).unwrap_or_default();
                eprintln!(
                    "dateline ingest: {done}{of} records, {rate:.0}/s{eta}; {} stored, {} duplicates, {} bad",
                    c.inserted, c.duplicates, c.bad
                );
            }
            Progress::Quiet => {}
        }
    }

    fn println(&self, msg: &str) {
        match self {
            Progress::Bar(b) => b.suspend(|| eprintln!("{msg}")),
            _ => eprintln!("{msg}"),
        }
    }

    fn finish(&self) {
        if let Progress::Bar(b) = self {
            b.finish_and_clear();
        }
    }
}

#[derive(Default)]
struct Counts {
    inserted: u64,
    copies: u64,
    duplicates: u64,
    conflicts: u64,
    bad: u64,
    /// Bad records by reason (the reason up to its first detail).
    reasons: BTreeMap<String, u64>,
}

/// The kind of a skip reason, without its details ("invalid JSON: expected … at line 1" →
/// "invalid JSON").
fn reason_kind(r: &str) -> String {
    let cut = r.find([':', '(']).unwrap_or(r.len());
    r.get(..cut).unwrap_or(r).trim().to_string()
}


pub fn ingest(args: &IngestArgs) -> Result<ExitCode> {
    let models = crate::models()?;
    let opts = dateline_input::Options { published: args.published, max_bytes: args.max_bytes };
    let sources = dateline_input::sources(&args.paths)?;
    let mut store = Store::open(&args.db).map_err(|e| anyhow!("{e}"))?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.unwrap_or(0)).build()?;
    let batch_size = args.batch_size.max(1);
    let total = dateline_input::source::count(&sources);
    let mut progress = Progress::new(total, args.quiet);
    let start = Instant::now();
    let mut c = Counts::default();
    let mut done = 0u64;
    let mut failed_sources = 0u64;

    let mut process = |batch: &mut Vec<Entry>, c: &mut Counts, progress: &mut Progress, done: &mut u64| -> Result<()> {
        let n = batch.len() as u64;
        let mut articles = Vec::with_capacity(batch.len());
        for r in batch.drain(..) {
            match r {
                Ok(a) => articles.push(a),
                Err(skip) => {
                    progress.println(&format!("dateline: {skip}"));
                    c.bad += 1;
                    *c.reasons.entry(reason_kind(&skip.reason)).or_default() += 1;
                }
            }
        }
        // Ids already stored are not extracted again.
        let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        let stored = store.stored_hashes(&ids).map_err(|e| anyhow!("{e}"))?;
        let mut todo = Vec::with_capacity(articles.len());
        for a in articles {
            match stored.get(&a.id) {
                Some(h) if *h == dateline_store::text_hash(&a.text) => c.duplicates += 1,
                Some(_) => {
                    c.conflicts += 1;
                    progress.println(&format!("dateline: {}: id already stored with a different text; kept the stored one", a.id));
                }
                None => todo.push(a),
            }
        }
        let records: Vec<Result<record::Record, String>> = pool.install(|| todo.par_iter()
                .map(|a| dateline_extract::extract_record(a, models).map_err(|_| "internal error in extraction (please report this article)".to_string()))
                .collect());
        let mut items = Vec::with_capacity(todo.len());
        for (a, r) in todo.iter().zip(&records) {
            match r {
                Ok(rec) => items.push(NewArticle { article: a, record: rec }),
                Err(msg) => {
                    progress.println(&format!("dateline: {}: skipped: {msg}", a.id));
                    c.bad += 1;
                    *c.reasons.entry(msg.clone()).or_default() += 1;
                }
            }
        }
        let o = store.insert_batch(&items).map_err(|e| anyhow!("writing to {}: {e}", args.db.display()))?;
        c.inserted += o.inserted as u64;
        c.copies += o.copies as u64;
        c.duplicates += o.duplicates.len() as u64;
        c.conflicts += o.conflicts.len() as u64;
        for id in &o.conflicts {
            progress.println(&format!("dateline: {id}: id already stored with a different text; kept the stored one"));
        }
        *done += n;
        progress.update(*done, c);
        Ok(())
    };

    let res = dateline_input::in_batches(&sources, &opts, batch_size, &mut |b| match b {
        dateline_input::Batch::Records(batch) => process(batch, &mut c, &mut progress, &mut done),
        dateline_input::Batch::Unreadable(src, e) => {
            progress.println(&format!("dateline: {}: skipped: cannot read: {e}", src.name()));
            failed_sources += 1;
            Ok(())
        }
    });
    if let Err(e) = res {
        progress.finish();
        return Err(e);
    }
    progress.finish();
    let secs = start.elapsed().as_secs_f64();
    let mut summary = format!(
        "dateline ingest: {} articles stored in {} ({:.1}s, {:.0} articles/s); {} of them copies of stored texts (linked); {} duplicates skipped (id already stored); {} id conflicts (same id, other text: not stored); {} bad records",
        c.inserted,
        args.db.display(),
        secs,
        c.inserted as f64 / secs.max(1e-9),
        c.copies,
        c.duplicates,
        c.conflicts,
        c.bad
    );
    if failed_sources > 0 {
        summary.push_str(&format!("; {failed_sources} unreadable sources"));
    }
    eprintln!("{summary}");
    let mut reasons: Vec<(&String, &u64)> = c.reasons.iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    for (reason, n) in reasons {
        eprintln!("  {n:>7}  {reason}");
    }
    Ok(if c.bad + failed_sources > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

// ---------------------------------------------------------------------------------------------
// stats

pub fn stats(args: &StatsArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let st = store.stats().map_err(|e| anyhow!("{e}"))?;
    let mut v = serde_json::to_value(&st)?;
    let bytes: u64 = ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", args.db.display())).ok())
        .map(|m| m.len())
        .sum();
    if let Some(o) = v.as_object_mut() {
        o.insert("db".into(), args.db.display().to_string().into());
        o.insert("db_bytes".into(), bytes.into());
    }
    println!("{v}");
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------------
// search and entity

fn width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|&w| w >= 40).unwrap_or(120)
}

/// At most `n` characters of `s` on one line (newlines become spaces; "…" marks a cut).
fn clip(s: &str, n: usize) -> String {
    let flat: String = s.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        flat
    } else {
        let mut out: String = flat.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

fn pad(s: &str, n: usize) -> String {
    let c = clip(s, n);
    let len = c.chars().count();
    format!("{c}{}", " ".repeat(n.saturating_sub(len)))
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

fn fmt_num(x: Option<f64>) -> String {
    match x {
        Some(v) if v.abs() >= 1e9 => format!("{:.2}bn", v / 1e9),
        Some(v) if v.abs() >= 1e6 => format!("{:.2}m", v / 1e6),
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v}"),
        None => String::new(),
    }
}

pub fn search(args: &SearchArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let q = Search {
        text: args.query.clone().unwrap_or_default(),
        kind: args.kind,
        speaker: args.speaker.clone(),
        entity: args.entity.clone(),
        ty: args.ty.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        limit: args.limit,
        offset: args.offset,
        mark: if args.json || !std::io::stdout().is_terminal() { ("«".into(), "»".into()) } else { ("\x1b[1m".into(), "\x1b[0m".into()) },
    };
    let res = store.search(&q).map_err(|e| anyhow!("{e}"))?;
    let stdout = std::io::stdout();
    let json = args.json || !stdout.is_terminal();
    let mut out = BufWriter::new(stdout.lock());
    if json {
        for h in &res.results {
            serde_json::to_writer(&mut out, h)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let w = width();
    for h in &res.results {
        match h {
            Hit::Article(a) => {
                writeln!(out, "{}  {}  {}", pad(opt(&a.published), 10), pad(&a.id, 18), clip(opt(&a.headline), w.saturating_sub(32)))?;
                if let Some(s) = &a.snippet {
                    writeln!(out, "            {}", clip(s, w.saturating_sub(12) + 16))?;
                }
                if let Some(o) = &a.copy_of {
                    writeln!(out, "            (copy of {o})")?;
                }
            }
            Hit::Quote(qh) => {
                let who = qh.speaker.as_ref().map(|s| s.name.as_str()).unwrap_or("(unknown)");
                let words = qh.snippet.as_deref().unwrap_or(&qh.text);
                writeln!(out, "{}  {}  {}  {}", pad(opt(&qh.published), 10), pad(who, 22), pad(&qh.kind, 8), pad(&qh.article, 16))?;
                writeln!(out, "            {}", clip(words, w.saturating_sub(12) + 16))?;
            }
            Hit::Entity(e) => {
                writeln!(out, "{}  {:>8} articles  {:>8} mentions  {}", pad(&e.ty, 6), e.articles, e.mentions, clip(&e.name, w.saturating_sub(48)))?;
            }
            Hit::Amount(a) => {
                let val = match (&a.currency, &a.unit) {
                    (Some(c), _) => format!("{} {c}", fmt_num(a.value)),
                    (None, Some(u)) => format!("{} {u}", fmt_num(a.value)),
                    _ => fmt_num(a.value),
                };
                writeln!(
                    out,
                    "{}  {}  {}  {}  {}  {}",
                    pad(opt(&a.published), 10),
                    pad(&a.kind, 8),
                    pad(&val, 16),
                    pad(&a.text, 28),
                    pad(opt(&a.object), 28),
                    clip(&a.article, 20)
                )?;
            }
        }
    }
    let shown = res.results.len();
    if shown == 0 {
        writeln!(out, "no results")?;
    } else {
        let more = if (res.offset + shown) < res.total as usize { format!(" (next page: --offset {})", res.offset + shown) } else { String::new() };
        writeln!(out, "{}–{} of {}{more}", res.offset + 1, res.offset + shown, res.total)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn entity(args: &EntityArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let Some(p) = store.entity_profile(&args.name, args.ty.as_deref(), args.limit).map_err(|e| anyhow!("{e}"))? else {
        eprintln!("dateline: no entity matches {:?}", args.name);
        return Ok(ExitCode::from(1));
    };
    let stdout = std::io::stdout();
    let json = args.json || !stdout.is_terminal();
    let mut out = BufWriter::new(stdout.lock());
    if json {
        serde_json::to_writer(&mut out, &p)?;
        out.write_all(b"\n")?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let w = width();
    let e = &p.entity;
    writeln!(out, "{} ({})  {} articles, {} mentions, {}–{}", e.name, e.ty, e.articles, e.mentions, opt(&p.first_seen), opt(&p.last_seen))?;
    if !p.roles.is_empty() {
        let roles: Vec<String> = p.roles.iter().take(5).map(|(r, n)| format!("{r} ({n})")).collect();
        writeln!(out, "roles: {}", roles.join(", "))?;
    }
    if !p.other_matches.is_empty() {
        let others: Vec<String> = p.other_matches.iter().map(|o| format!("{} ({}, {})", o.name, o.ty, o.articles)).collect();
        writeln!(out, "also matched: {}", clip(&others.join("; "), w.saturating_sub(14)))?;
    }
    // Mentions per day, or per month when there are many days.
    let mut series: Vec<(String, u64)> = p.per_day.iter().map(|d| (d.date.clone(), d.mentions)).collect();
    let mut unit = "day";
    if series.len() > 40 {
        let mut months: BTreeMap<String, u64> = BTreeMap::new();
        for (d, n) in &series {
            *months.entry(d.get(..7).unwrap_or(d).to_string()).or_default() += n;
        }
        series = months.into_iter().collect();
        unit = "month";
    }
    if !series.is_empty() {
        writeln!(out, "\nmentions per {unit}:")?;
        let max = series.iter().map(|s| s.1).max().unwrap_or(1).max(1);
        for (d, n) in series.iter().rev().take(40).rev() {
            let bar = "█".repeat(((n * 40).div_ceil(max)) as usize);
            writeln!(out, "  {}  {bar} {n}", pad(d, 10))?;
        }
    }
    writeln!(out, "\nquotes ({} in all):", p.quotes_total)?;
    for q in &p.quotes {
        writeln!(out, "  {}  {}  {}", pad(opt(&q.published), 10), pad(&q.article, 14), clip(&q.text, w.saturating_sub(32)))?;
    }
    if !p.quoted_by.is_empty() {
        writeln!(out, "\nquoted on it by:")?;
        for (s, n) in &p.quoted_by {
            writeln!(out, "  {n:>5}  {}", s.name)?;
        }
    }
    if !p.co_occurring.is_empty() {
        writeln!(out, "\nnamed with:")?;
        for c in &p.co_occurring {
            writeln!(out, "  {:>5}  {} ({})", c.articles, c.name, c.ty)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------------
// export

pub fn export(args: &ExportArgs) -> Result<ExitCode> {
    // What to write: a table in one of the store's formats, or GKG rows (whole articles).
    let format = Format::parse(&args.format).map_err(|e| anyhow!("{e}"))?;
    let table = match (&args.table, format.takes_table()) {
        (Some(t), false) => {
            eprintln!("dateline export: --table {t} is ignored by --format gkg (one row per article)");
            None
        }
        (None, false) => None,
        (Some(t), true) => Some(Table::parse(t).ok_or_else(|| anyhow!("unknown table {t:?}; want articles, entities, quotes, amounts or events"))?),
        (None, true) => bail!("--table is required for --format {}: articles, entities, quotes, amounts or events", args.format),
    };
    let what = table.map_or("gkg", |t| t.name());
    let store = open_existing(&args.db)?;
    let write = |w: &mut (dyn Write + Send)| -> Result<u64> {
        let n = match (format, table) {
            (Format::Gkg, _) | (_, None) => {
                let written = export::gkg::write_gkg(&store, w).map_err(|e| anyhow!("{e}"))?;
                if written.unreadable > 0 {
                    eprintln!("dateline export: {} stored records could not be read; their rows carry only the article's metadata", written.unreadable);
                }
                return Ok(written.rows);
            }
            (Format::Jsonl, Some(t)) => export::write_jsonl(&store, t, w),
            (Format::Csv, Some(t)) => export::write_csv(&store, t, w),
            (Format::Parquet, Some(t)) => export::write_parquet(&store, t, w),
        };
        n.map_err(|e| anyhow!("{e}"))
    };
    match &args.out {
        Some(path) => {
            let tmp = PathBuf::from(format!("{}.tmp-{}", path.display(), std::process::id()));
            let res = (|| -> Result<u64> {
                let f = std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
                let mut w = BufWriter::with_capacity(1 << 20, f);
                let n = write(&mut w)?;
                w.flush()?;
                w.get_ref().sync_all()?;
                Ok(n)
            })();
            match res {
                Ok(n) => {
                    std::fs::rename(&tmp, path).with_context(|| format!("renaming {} to {}", tmp.display(), path.display()))?;
                    eprintln!("dateline export: {n} {what} rows to {}", path.display());
                }
                Err(e) => {
                    let _ = std::fs::remove_file(&tmp);
                    return Err(e);
                }
            }
        }
        None => {
            let stdout = std::io::stdout();
            if format == Format::Parquet && stdout.is_terminal() {
                bail!("Parquet is binary: give --out FILE (or redirect stdout)");
            }
            let mut w = BufWriter::with_capacity(1 << 20, stdout);
            write(&mut w)?;
            w.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
