//! `dateline worker`: extraction on a NATS JetStream stream (see `dateline-stream` for the
//! delivery semantics).
//!
//! In: a NATS URL and stream/subject/consumer names; input messages are one JSON article each
//! (the `.jsonl` line format of the contract). Out: one output record per article on the output
//! subject (header `Nats-Msg-Id` = article id; an article without `id` gets `seq-N`, N its
//! input stream sequence). Two helper modes share the names: `--publish FILE.jsonl` sends the
//! articles of a file to the input subject, and `--collect N` prints the first output record per
//! article id (JSON Lines) once N ids arrived, with the count of duplicates seen on stderr.
//! Rule: an input message is acked only after its output record's publish was acknowledged;
//! unreadable articles are reported on stderr and terminated (never redelivered).

use anyhow::{anyhow, Result};
use dateline_input::Options;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct WorkerArgs {
    /// NATS server URL.
    #[arg(long, default_value = "nats://127.0.0.1:4222")]
    pub nats: String,
    /// Input stream (created if missing).
    #[arg(long, default_value = "ARTICLES")]
    pub stream: String,
    /// Subject the input stream captures (one JSON article per message).
    #[arg(long, default_value = "dateline.articles")]
    pub subject_in: String,
    /// Output stream (created if missing, with a duplicate window).
    #[arg(long, default_value = "FACTS")]
    pub stream_out: String,
    /// Subject the output records are published to.
    #[arg(long, default_value = "dateline.facts")]
    pub subject_out: String,
    /// Durable pull consumer; workers with the same name share the work.
    #[arg(long, default_value = "dateline")]
    pub consumer: String,
    /// Messages per pull.
    #[arg(long, default_value_t = 64)]
    pub batch: usize,
    /// Seconds before an unacknowledged message is redelivered.
    #[arg(long, default_value_t = 30)]
    pub ack_wait: u64,
    /// Exit after this many seconds without messages (default: run until killed).
    #[arg(long)]
    pub idle_exit: Option<u64>,
    /// Publication date for articles that carry none.
    #[arg(long, value_parser = crate::parse_published)]
    pub published: Option<jiff::civil::Date>,
    /// Instead of working: publish the articles of this JSON Lines file to the input subject.
    #[arg(long, conflicts_with = "collect")]
    pub publish: Option<PathBuf>,
    /// Instead of working: print the first output record of each article id (JSON Lines) once
    /// this many ids arrived (or --timeout passed).
    #[arg(long)]
    pub collect: Option<usize>,
    /// Seconds --collect waits at most.
    #[arg(long, default_value_t = 120)]
    pub timeout: u64,
}

fn config(a: &WorkerArgs) -> dateline_stream::Config {
    dateline_stream::Config {
        url: a.nats.clone(),
        stream: a.stream.clone(),
        subject_in: a.subject_in.clone(),
        stream_out: a.stream_out.clone(),
        subject_out: a.subject_out.clone(),
        consumer: a.consumer.clone(),
        batch: a.batch,
        ack_wait: Duration::from_secs(a.ack_wait.max(1)),
        idle_exit: a.idle_exit.map(Duration::from_secs),
        ..Default::default()
    }
}

/// The record of one input message: `(id, JSON bytes)`.
fn process(payload: &[u8], seq: u64, opts: &Options, models: &dateline_extract::Models) -> std::result::Result<(String, Vec<u8>), String> {
    let article = dateline_input::message(payload, seq, opts)?;
    let rec = dateline_extract::extract_record(&article, models).map_err(|e| e.to_string())?;
    let bytes = serde_json::to_vec(&rec).map_err(|e| format!("cannot serialise: {e}"))?;
    Ok((article.id, bytes))
}

pub fn run(a: &WorkerArgs) -> Result<ExitCode> {
    let cfg = config(a);
    if let Some(path) = &a.publish {
        let text = std::fs::read(path).map_err(|e| anyhow!("{}: {e}", path.display()))?;
        let lines: Vec<Vec<u8>> = text.split(|&b| b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace)).map(<[u8]>::to_vec).collect();
        let n = dateline_stream::publish(&cfg, lines).map_err(|e| anyhow!("publishing to {}: {e}", cfg.url))?;
        eprintln!("dateline worker: published {n} articles to {}", cfg.subject_in);
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(want) = a.collect {
        let got = dateline_stream::collect(&cfg, want, Duration::from_secs(a.timeout)).map_err(|e| anyhow!("collecting from {}: {e}", cfg.url))?;
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        for (_, rec) in &got.records {
            out.write_all(rec)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
        eprintln!("dateline worker: collected {} articles, {} duplicates dropped", got.records.len(), got.duplicates);
        return Ok(if got.records.len() >= want { ExitCode::SUCCESS } else { ExitCode::from(1) });
    }
    let models = crate::models()?;
    let opts = Options { published: a.published, ..Options::default() };
    let f: dateline_stream::Process = Arc::new(move |payload, seq| process(payload, seq, &opts, models));
    let stats = dateline_stream::run_worker(&cfg, f).map_err(|e| anyhow!("worker on {}: {e}", cfg.url))?;
    eprintln!("dateline worker: {} articles processed, {} skipped, {} duplicate publishes", stats.processed, stats.skipped, stats.duplicates);
    Ok(if stats.skipped > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
