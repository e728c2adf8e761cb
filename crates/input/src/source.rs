//! Sources of articles and the reader of each: paths expanded (directories recursively, in
//! sorted order; `-` and no path at all are stdin), each file dispatched by its name to
//! [`crate::jsonl`] (`.jsonl`, `.ndjson`), [`crate::warc`] (`.warc`, `.warc.gz`),
//! [`crate::html`] (`.html`, `.htm`) or [`crate::text`] (anything else); stdin is JSON Lines
//! when its first non-blank byte is `{`, else one plain-text article.
//!
//! In: paths and [`Options`]. Out: [`Entry`]s in input order, alone ([`read`]) or in batches
//! ([`in_batches`]).
//! Rule: a bad record (invalid UTF-8, invalid JSON, no text, empty, binary, too large) names
//! its file and line and never stops the others; a source that cannot be read at all is
//! reported as such and the others go on.

use crate::types::{over_limit, skip, Entry, Options};
use crate::{html, jsonl, text, warc};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Where articles come from.
#[derive(Debug, Clone)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    /// How messages name this source.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// What [`in_batches`] hands on: a batch of records, or a source that could not be read.
pub enum Batch<'a> {
    Records(&'a mut Vec<Entry>),
    Unreadable(&'a Source, io::Error),
}

/// Reads every source in order and hands its records to `process` in batches of at most `size`
/// (the last batch may be smaller; no batch is empty), clearing each batch after it. A source
/// that cannot be read at all is handed on as [`Batch::Unreadable`] and the others go on. Stops
/// at the first error `process` returns.
pub fn in_batches<E>(sources: &[Source], opts: &Options, size: usize, process: &mut dyn FnMut(Batch) -> Result<(), E>) -> Result<(), E> {
    let mut batch: Vec<Entry> = Vec::with_capacity(size.min(1 << 16));
    for src in sources {
        let mut err = None;
        let res = read(src, opts, &mut |r| {
            if err.is_some() {
                return;
            }
            batch.push(r);
            if batch.len() >= size.max(1) {
                err = process(Batch::Records(&mut batch)).err();
                batch.clear();
            }
        });
        if let Some(e) = err {
            return Err(e);
        }
        if let Err(e) = res {
            process(Batch::Unreadable(src, e))?;
        }
    }
    if !batch.is_empty() {
        process(Batch::Records(&mut batch))?;
    }
    Ok(())
}

/// Expands paths (directories recursively, sorted; `-` is stdin). Unreadable paths are errors.
pub fn sources(paths: &[PathBuf]) -> io::Result<Vec<Source>> {
    if paths.is_empty() {
        return Ok(vec![Source::Stdin]);
    }
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Source::Stdin);
        } else {
            let md = std::fs::metadata(p).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
            if md.is_dir() {
                walk(p, &mut out)?;
            } else {
                out.push(Source::File(p.clone()));
            }
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<Source>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            out.push(Source::File(p));
        }
    }
    Ok(())
}

fn is_jsonl(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(), Some("jsonl" | "ndjson"))
}

fn is_html(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(), Some("html" | "htm"))
}

/// Reads every record of one source and hands it to `sink`, in order. Fails only when the
/// source cannot be opened or read at all.
pub fn read(source: &Source, opts: &Options, sink: &mut dyn FnMut(Entry)) -> io::Result<()> {
    match source {
        Source::Stdin => {
            let mut r = BufReader::new(io::stdin().lock());
            // JSON Lines if the first non-blank byte is `{`.
            let first = loop {
                let buf = r.fill_buf()?;
                match buf.iter().position(|b| !b.is_ascii_whitespace()) {
                    Some(i) => break Some(buf[i]),
                    None if buf.is_empty() => break None,
                    None => {
                        let n = buf.len();
                        r.consume(n);
                    }
                }
            };
            if first == Some(b'{') {
                jsonl::read(r, "<stdin>", opts, sink)
            } else {
                let mut bytes = Vec::new();
                r.take(opts.max_bytes as u64 + 1).read_to_end(&mut bytes)?;
                sink(text::plain(bytes, "<stdin>", "stdin", opts));
                Ok(())
            }
        }
        Source::File(p) => {
            let name = p.display().to_string();
            let f = File::open(p).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?;
            if is_jsonl(p) {
                jsonl::read(BufReader::with_capacity(1 << 16, f), &name, opts, sink)
            } else if warc::is_warc_path(p) {
                let counts = warc::read(f, &name, opts, sink);
                eprintln!("dateline: {name}: {counts}");
                Ok(())
            } else if is_html(p) {
                let id = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| name.clone());
                let mut bytes = Vec::new();
                f.take(opts.max_bytes as u64 + 1).read_to_end(&mut bytes).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?;
                sink(html::article(&bytes, None, id, None, opts).map_err(|r| skip(&name, None, r)));
                Ok(())
            } else {
                let id = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| name.clone());
                let mut bytes = Vec::new();
                f.take(opts.max_bytes as u64 + 1).read_to_end(&mut bytes).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?;
                sink(text::plain(bytes, &name, &id, opts));
                Ok(())
            }
        }
    }
}

/// How many records the sources hold (non-blank lines of JSON Lines files, one per other file),
/// for a progress bar; `None` when reading stdin. Unreadable files count nothing.
pub fn count(sources: &[Source]) -> Option<u64> {
    let mut n = 0u64;
    for s in sources {
        match s {
            Source::Stdin => return None,
            Source::File(p) if is_jsonl(p) => {
                let Ok(f) = File::open(p) else { continue };
                let mut r = BufReader::with_capacity(1 << 16, f);
                let mut line = Vec::new();
                while let Ok(k) = r.read_until(b'\n', &mut line) {
                    if k == 0 {
                        break;
                    }
                    if !line.iter().all(u8::is_ascii_whitespace) {
                        n += 1;
                    }
                    line.clear();
                }
            }
            Source::File(_) => n += 1,
        }
    }
    Some(n)
}

/// Reads records from bytes already in memory (as a `.jsonl` file when `jsonl`, else as one
/// plain-text article named `name`). Used by tests and fuzzing.
pub fn read_slice(bytes: &[u8], name: &str, is_jsonl: bool, opts: &Options, sink: &mut dyn FnMut(Entry)) {
    if is_jsonl {
        // Reading from a slice cannot fail.
        let _ = jsonl::read(bytes, name, opts, sink);
    } else if bytes.len() > opts.max_bytes {
        sink(Err(skip(name, None, over_limit(opts.max_bytes))));
    } else {
        sink(text::plain(bytes.to_vec(), name, name, opts));
    }
}

