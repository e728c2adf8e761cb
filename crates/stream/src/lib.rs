//! dateline on NATS JetStream: the worker behind `dateline worker`, a publisher of articles and
//! a deduplicating collector of output records.
//!
//! In: a NATS URL and names (input stream and subject, output stream and subject, durable
//! consumer); for the worker, a `Process` function (article bytes → `(id, record bytes)`) that
//! the CLI provides, so this crate knows nothing of extraction.
//! Out: output records published on the output subject, each with the header `Nats-Msg-Id` =
//! article id; the output stream is created with a duplicate window, so JetStream itself drops a
//! record published twice within it.
//! Rule (delivery semantics): a worker acks an input message only after JetStream has
//! acknowledged the publish of its output record (or, for an article that cannot be read,
//! terminates it with `AckKind::Term` after reporting it on stderr). A worker that dies before
//! acking leaves its messages to be redelivered to another worker after `ack_wait`, so nothing
//! is lost: delivery is at-least-once. Duplicates (a worker that published but died before its
//! ack reached the server) carry the same `Nats-Msg-Id`: the output stream drops those within
//! its duplicate window, and `collect` (the consumer side) keeps the first record per id, which
//! makes the result exactly-once per article id. Several workers may share one durable consumer;
//! JetStream hands each message to one of them.

use async_nats::jetstream::{self, consumer::pull, consumer::AckPolicy, AckKind};
use futures_util::StreamExt;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T> = std::result::Result<T, Error>;

/// Turns the payload of one input message (and its stream sequence, for articles without an
/// id) into `(article id, output record)`, or a reason why the article is skipped.
pub type Process = Arc<dyn Fn(&[u8], u64) -> std::result::Result<(String, Vec<u8>), String> + Send + Sync>;

/// Names and knobs shared by the worker, the publisher and the collector.
#[derive(Clone, Debug)]
pub struct Config {
    pub url: String,
    /// Input stream (created if missing, capturing `subject_in`).
    pub stream: String,
    pub subject_in: String,
    /// Output stream (created if missing, capturing `subject_out`, with a duplicate window).
    pub stream_out: String,
    pub subject_out: String,
    /// Durable pull consumer shared by the workers.
    pub consumer: String,
    /// Messages fetched per pull.
    pub batch: usize,
    /// How long the server waits for an ack before redelivering.
    pub ack_wait: Duration,
    /// Window in which the output stream drops a second record with the same id.
    pub duplicate_window: Duration,
    /// The worker exits after this long without messages (default: never).
    pub idle_exit: Option<Duration>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            url: "nats://127.0.0.1:4222".into(),
            stream: "ARTICLES".into(),
            subject_in: "dateline.articles".into(),
            stream_out: "FACTS".into(),
            subject_out: "dateline.facts".into(),
            consumer: "dateline".into(),
            batch: 64,
            ack_wait: Duration::from_secs(30),
            duplicate_window: Duration::from_secs(600),
            idle_exit: None,
        }
    }
}

/// What a worker did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub processed: usize,
    pub skipped: usize,
    /// Publishes that JetStream reported as duplicates (already in the output stream).
    pub duplicates: usize,
}

/// What `collect` saw: the first record per id, in arrival order, and how many later copies.
#[derive(Debug, Default)]
pub struct Collected {
    pub records: Vec<(String, Vec<u8>)>,
    pub duplicates: usize,
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread().enable_all().build()?)
}

async fn connect(cfg: &Config) -> Result<jetstream::Context> {
    let client = async_nats::ConnectOptions::new().name("dateline").connect(cfg.url.as_str()).await?;
    Ok(jetstream::new(client))
}

/// Creates the input and output streams when they do not exist.
async fn ensure_streams(js: &jetstream::Context, cfg: &Config) -> Result<()> {
    js.get_or_create_stream(jetstream::stream::Config { name: cfg.stream.clone(), subjects: vec![cfg.subject_in.clone()], ..Default::default() }).await?;
    js.get_or_create_stream(jetstream::stream::Config {
        name: cfg.stream_out.clone(),
        subjects: vec![cfg.subject_out.clone()],
        duplicate_window: cfg.duplicate_window,
        ..Default::default()
    })
    .await?;
    Ok(())
}

/// Runs a worker until it fails or, with `idle_exit`, until no message came for that long.
pub fn run_worker(cfg: &Config, process: Process) -> Result<Stats> {
    runtime()?.block_on(worker(cfg, process))
}

async fn worker(cfg: &Config, process: Process) -> Result<Stats> {
    let js = connect(cfg).await?;
    ensure_streams(&js, cfg).await?;
    let stream = js.get_stream(&cfg.stream).await?;
    let consumer: jetstream::consumer::PullConsumer = stream
        .get_or_create_consumer(
            &cfg.consumer,
            pull::Config {
                durable_name: Some(cfg.consumer.clone()),
                ack_policy: AckPolicy::Explicit,
                ack_wait: cfg.ack_wait,
                max_ack_pending: 20_000,
                ..Default::default()
            },
        )
        .await?;
    let mut stats = Stats::default();
    let mut idle_since = Instant::now();
    loop {
        let mut batch = consumer.fetch().max_messages(cfg.batch.max(1)).expires(Duration::from_millis(500)).messages().await?;
        let mut msgs = Vec::new();
        while let Some(m) = batch.next().await {
            msgs.push(m?);
        }
        if msgs.is_empty() {
            if cfg.idle_exit.is_some_and(|d| idle_since.elapsed() >= d) {
                return Ok(stats);
            }
            continue;
        }
        idle_since = Instant::now();
        // Extraction is CPU work: off the async thread.
        let inputs: Vec<(bytes::Bytes, u64)> = msgs.iter().map(|m| (m.payload.clone(), m.info().map(|i| i.stream_sequence).unwrap_or(0))).collect();
        let p = process.clone();
        let outs = tokio::task::spawn_blocking(move || inputs.iter().map(|(b, seq)| p(b, *seq)).collect::<Vec<_>>()).await?;
        // Publish every record, then wait for JetStream's acknowledgements, then ack the inputs.
        let mut pending = Vec::with_capacity(msgs.len());
        for out in outs {
            match out {
                Ok((id, record)) => {
                    let mut headers = async_nats::HeaderMap::new();
                    headers.insert(async_nats::header::NATS_MESSAGE_ID, id.as_str());
                    pending.push(Ok(js.publish_with_headers(cfg.subject_out.clone(), headers, record.into()).await));
                }
                Err(reason) => pending.push(Err(reason)),
            }
        }
        for (m, p) in msgs.iter().zip(pending) {
            match p {
                Ok(Ok(ack)) => match ack.await {
                    Ok(a) => {
                        stats.processed += 1;
                        stats.duplicates += usize::from(a.duplicate);
                        m.ack().await?;
                    }
                    Err(e) => {
                        // Not safely out: let it be redelivered.
                        eprintln!("dateline worker: publish not acknowledged ({e}); the article will be redelivered");
                        let _ = m.ack_with(AckKind::Nak(Some(Duration::from_secs(1)))).await;
                    }
                },
                Ok(Err(e)) => {
                    eprintln!("dateline worker: cannot publish ({e}); the article will be redelivered");
                    let _ = m.ack_with(AckKind::Nak(Some(Duration::from_secs(1)))).await;
                }
                Err(reason) => {
                    stats.skipped += 1;
                    let seq = m.info().map(|i| i.stream_sequence).unwrap_or(0);
                    eprintln!("dateline worker: {}#{seq}: skipped: {reason}", cfg.stream);
                    m.ack_with(AckKind::Term).await?;
                }
            }
        }
    }
}

/// Publishes payloads (one article each) to the input subject, waiting for every ack.
pub fn publish(cfg: &Config, payloads: Vec<Vec<u8>>) -> Result<usize> {
    runtime()?.block_on(async {
        let js = connect(cfg).await?;
        ensure_streams(&js, cfg).await?;
        let mut n = 0;
        for chunk in payloads.chunks(512) {
            let mut acks = Vec::with_capacity(chunk.len());
            for p in chunk {
                acks.push(js.publish(cfg.subject_in.clone(), p.clone().into()).await?);
            }
            for a in acks {
                a.await?;
                n += 1;
            }
        }
        Ok(n)
    })
}

/// Reads the output stream from its start until `want` distinct article ids arrived or
/// `timeout` passed; keeps the first record per id and counts the other copies.
pub fn collect(cfg: &Config, want: usize, timeout: Duration) -> Result<Collected> {
    runtime()?.block_on(async {
        let js = connect(cfg).await?;
        ensure_streams(&js, cfg).await?;
        let stream = js.get_stream(&cfg.stream_out).await?;
        let consumer: jetstream::consumer::PullConsumer = stream
            .create_consumer(pull::Config { ack_policy: AckPolicy::None, inactive_threshold: Duration::from_secs(60), ..Default::default() })
            .await?;
        let deadline = Instant::now() + timeout;
        let mut seen = HashSet::new();
        let mut out = Collected::default();
        while seen.len() < want && Instant::now() < deadline {
            let mut b = consumer.fetch().max_messages(1000).expires(Duration::from_millis(500)).messages().await?;
            while let Some(m) = b.next().await {
                let m = m?;
                let id = m
                    .headers
                    .as_ref()
                    .and_then(|h| h.get(async_nats::header::NATS_MESSAGE_ID))
                    .map(|v| v.as_str().to_string())
                    .unwrap_or_default();
                if seen.insert(id.clone()) {
                    out.records.push((id, m.payload.to_vec()));
                } else {
                    out.duplicates += 1;
                }
            }
        }
        Ok(out)
    })
}
