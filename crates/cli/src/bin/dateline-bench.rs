//! Throughput benchmark of the whole extraction pipeline on one thread.
//!
//! `cargo run --release --bin dateline-bench -- [FILES.jsonl ...] [--limit N]`
//! (default: the Reuters-21578 and BBC news in `../shared/data/news_raw/`). Reads every article
//! first, then runs each stage on each article in turn and prints articles/s, words/s, MB/s,
//! the time of each stage, the tagger's tokens/s and the peak resident memory.

use anyhow::{bail, Context, Result};
use dateline::input::{self, Source};
use dateline_extract::{entities, ner, record, structure, text, Article, Models};
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
        paths = ["../shared/data/news_raw/reuters21578.jsonl", "../shared/data/news_raw/bbc_news.jsonl"].map(PathBuf::from).to_vec();
    }
    let opts = input::Options { published: None, max_bytes: input::DEFAULT_MAX_BYTES };
    let mut articles: Vec<Article> = Vec::new();
    for p in &paths {
        input::read(&Source::File(p.clone()), &opts, &mut |r| {
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
    // Load the event dictionaries before timing, like the other models.
    let _ = dateline_extract::events::embedded();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let words: usize = articles.iter().map(|a| a.text.split_whitespace().count()).sum();

    let mut t = [Duration::ZERO; 12];
    let mut tokens = 0usize;
    let mut out_bytes = 0usize;
    let start = Instant::now();
    for a in &articles {
        let text = a.text.as_str();
        let t0 = Instant::now();
        let st = structure::analyse(text);
        let t1 = Instant::now();
        let toks = text::segment(text, &st);
        let t2 = Instant::now();
        let mentions = ner::recognise(text, &toks, &models.ner, &models.gazetteer);
        let t3 = Instant::now();
        let ents = entities::resolve(text, &st, &toks, &mentions, &models.gazetteer);
        let t4 = Instant::now();
        let quotes = dateline_extract::quotes::attribute(text, &st, &toks, &mentions, &ents);
        let t5 = Instant::now();
        let amounts = dateline_extract::amounts::find(text, &st, &toks, &ents);
        let t6 = Instant::now();
        let dates = dateline_extract::dates::find(text, &st, &toks, a.published);
        let t7 = Instant::now();
        let geo = dateline_extract::geo::resolve(text, &st, &toks, &ents, &models.gazetteer);
        let t8 = Instant::now();
        let (tone, quote_tones) = dateline_extract::tone::analyse(text, &toks, &quotes);
        let t9 = Instant::now();
        let themes = dateline_extract::themes::find(text, &toks);
        let t10 = Instant::now();
        let d_themes = t10 - t9;
        let events = dateline_extract::events::embedded()
            .map(|d| dateline_extract::events::code(text, &toks, &ents, &dates, a.published, d, true))
            .unwrap_or_default();
        let t10 = {
            t[11] += t10.elapsed();
            Instant::now()
        };
        let x = dateline_extract::Extraction { structure: st, tokens: toks, mentions, entities: ents, quotes, amounts, dates, geo, tone, quote_tones, themes, events, diagnostics: Vec::new() };
        out_bytes += format!("{:?}", record::build(a, &x).entities.len()).len();
        let t11 = Instant::now();
        tokens += x.tokens.tokens.len();
        for (slot, d) in t.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6, t8 - t7, t9 - t8, d_themes, t11 - t10]) {
            *slot += d;
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
    for (name, d) in ["structure", "text", "ner", "entities", "quotes", "amounts", "dates", "geo", "tone", "themes", "record", "events"].iter().zip(t) {
        println!("stage {name:<10}{:>8.3} s", d.as_secs_f64());
    }
    println!("ner tokens/s    {:.0}", tokens as f64 / t[2].as_secs_f64());
    println!("peak RSS        {} MB", peak_rss_kb() / 1024);
    std::hint::black_box(out_bytes);
    Ok(())
}

/// Peak resident set size of this process (VmHWM), in kB; 0 where /proc is missing.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}
