//! Throughput benchmark of the whole extraction pipeline on one thread.
//!
//! `cargo run --release --bin dateline-bench -- [FILES.jsonl ...] [--limit N]`
//! (default: the Reuters-21578 and BBC news in `data/news_raw/` of `../shared`, or of
//! DATELINE_SHARED). Reads every article first, then runs the pipeline on each article —
//! `dateline_extract::extract_record_with`, the same function every command uses, timed stage
//! by stage through its hook — and prints articles/s, words/s, MB/s, the time of each stage,
//! the tagger's tokens/s and the peak resident memory.

use anyhow::{bail, Context, Result};
use dateline_input::{Options as Reading, Source};
use dateline_extract::{Article, Models, Options, Stage};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() -> Result<()> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut limit = usize::MAX;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--limit" => limit = args.next().context("--limit needs a number")?.parse()?,
            "-h" | "--help" => {
                println!("usage: dateline-bench [FILES.jsonl ...] [--limit N]");
                return Ok(());
            }
            _ => paths.push(a.into()),
        }
    }
    if paths.is_empty() {
        let env = std::env::var_os("DATELINE_SHARED").map(PathBuf::from);
        let shared = dateline_train::paths::shared(env.as_deref())?;
        paths = ["reuters21578.jsonl", "bbc_news.jsonl"].map(|f| shared.join("data/news_raw").join(f)).to_vec();
    }
    let opts = Reading::default();
    let mut articles: Vec<Article> = Vec::new();
    for p in &paths {
        dateline_input::read(&Source::File(p.clone()), &opts, &mut |r| {
            if let Ok(a) = r {
                if articles.len() < limit {
                    articles.push(a);
                }
            }
        })
        .with_context(|| format!("reading {}", p.display()))?;
    }
    if articles.is_empty() {
        bail!("no articles read from {paths:?}");
    }
    let models = Models::embedded().map_err(|e| anyhow::anyhow!("{e}"))?;
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let words: usize = articles.iter().map(|a| a.text.split_whitespace().count()).sum();

    // The pipeline itself (`extract_record_with`), timed stage by stage through its hook.
    let mut t = [Duration::ZERO; Stage::ALL.len()];
    // Tokens (for the tagger's rate), counted before the timed run.
    let tokens: usize = articles
        .iter()
        .map(|a| dateline_extract::text::segment(&a.text, &dateline_extract::structure::analyse(&a.text)).tokens.len())
        .sum();
    let mut entities = 0usize;
    let mut failed = 0usize;
    let opts = Options::default();
    let start = Instant::now();
    for a in &articles {
        let mut last = Instant::now();
        let mut stage_done = |s: Stage| {
            let now = Instant::now();
            if let Some(i) = Stage::ALL.iter().position(|x| *x == s) {
                t[i] += now - last;
            }
            last = now;
        };
        match dateline_extract::extract_record_with(a, models, &opts, &mut stage_done) {
            Ok((rec, _)) => entities += std::hint::black_box(rec).entities.len(),
            Err(_) => failed += 1,
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("articles        {}", articles.len());
    println!("words           {words}");
    println!("MB              {:.1}", bytes as f64 / 1e6);
    println!("seconds         {secs:.3} (one thread)");
    println!("articles/s      {:.0}", articles.len() as f64 / secs);
    println!("words/s         {:.0}", words as f64 / secs);
    println!("MB/s            {:.2}", bytes as f64 / 1e6 / secs);
    for (s, d) in Stage::ALL.iter().zip(t) {
        println!("stage {:<10}{:>8.3} s", s.name(), d.as_secs_f64());
    }
    println!("ner tokens/s    {:.0}", tokens as f64 / t[2].as_secs_f64());
    println!("peak RSS        {} MB", peak_rss_kb() / 1024);
    std::hint::black_box(entities);
    if failed > 0 {
        bail!("{failed} article(s) failed (internal errors)");
    }
    Ok(())
}

/// Peak resident set size of this process (VmHWM), in kB; 0 where /proc is missing.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}
