//! Readers for the inputs of the contract: `.txt` files, `.jsonl`/`.ndjson` files, stdin and
//! directories (recursively, in sorted order); `.warc`/`.warc.gz` (see `warc.rs`) and
//! `.html`/`.htm` (see `html.rs`) are dispatched by extension.
//!
//! Every record comes out as `Ok(Article)` or `Err(Skip)`: a bad record (invalid UTF-8, invalid
//! JSON, no text, empty, binary, too large) names its file and line and never stops the others.

use dateline_extract::Article;
use serde_json::Value;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Articles larger than this are skipped (the largest real news article is well under 1 MB).
pub const DEFAULT_MAX_BYTES: usize = 8 << 20;

/// A record that was skipped, with where it was and why.
#[derive(Debug, Clone)]
pub struct Skip {
    pub source: String,
    pub line: Option<usize>,
    pub reason: String,
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: skipped: {}", self.source, l, self.reason),
            None => write!(f, "{}: skipped: {}", self.source, self.reason),
        }
    }
}

pub type Record = Result<Article, Skip>;

/// Where articles come from.
#[derive(Debug, Clone)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

#[derive(Clone, Debug)]
pub struct Options {
    pub published: Option<jiff::civil::Date>,
    pub max_bytes: usize,
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
    Records(&'a mut Vec<Record>),
    Unreadable(&'a Source, io::Error),
}

/// Reads every source in order and hands its records to `process` in batches of at most `size`
/// (the last batch may be smaller; no batch is empty), clearing each batch after it. A source
/// that cannot be read at all is handed on as [`Batch::Unreadable`] and the others go on. Stops
/// at the first error `process` returns.
pub fn in_batches<E>(sources: &[Source], opts: &Options, size: usize, process: &mut dyn FnMut(Batch) -> Result<(), E>) -> Result<(), E> {
    let mut batch: Vec<Record> = Vec::with_capacity(size.min(1 << 16));
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
pub fn read(source: &Source, opts: &Options, sink: &mut dyn FnMut(Record)) -> io::Result<()> {
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
                read_jsonl(r, "<stdin>", opts, sink)
            } else {
                let mut bytes = Vec::new();
                r.take(opts.max_bytes as u64 + 1).read_to_end(&mut bytes)?;
                sink(plain(bytes, "<stdin>", "stdin", opts));
                Ok(())
            }
        }
        Source::File(p) => {
            let name = p.display().to_string();
            let f = File::open(p).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?;
            if is_jsonl(p) {
                read_jsonl(BufReader::with_capacity(1 << 16, f), &name, opts, sink)
            } else if crate::warc::is_warc_path(p) {
                let counts = crate::warc::read(f, &name, opts, sink);
                eprintln!("dateline: {name}: {counts}");
                Ok(())
            } else if is_html(p) {
                let id = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| name.clone());
                let mut bytes = Vec::new();
                f.take(opts.max_bytes as u64 + 1).read_to_end(&mut bytes).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?;
                sink(crate::html::article(&bytes, None, id, None, opts).map_err(|r| skip(&name, None, r)));
                Ok(())
            } else {
                let id = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| name.clone());
                let mut bytes = Vec::new();
                f.take(opts.max_bytes as u64 + 1).read_to_end(&mut bytes).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?;
                sink(plain(bytes, &name, &id, opts));
                Ok(())
            }
        }
    }
}

/// Reads records from bytes already in memory (as a `.jsonl` file when `jsonl`, else as one
/// plain-text article named `name`). Used by tests and fuzzing.
pub fn read_slice(bytes: &[u8], name: &str, jsonl: bool, opts: &Options, sink: &mut dyn FnMut(Record)) {
    if jsonl {
        // Reading from a slice cannot fail.
        let _ = read_jsonl(bytes, name, opts, sink);
    } else if bytes.len() > opts.max_bytes {
        sink(Err(skip(name, None, format!("larger than the limit of {} bytes (see --max-bytes)", opts.max_bytes))));
    } else {
        sink(plain(bytes.to_vec(), name, name, opts));
    }
}

fn skip(source: &str, line: Option<usize>, reason: impl Into<String>) -> Skip {
    Skip { source: source.to_string(), line, reason: reason.into() }
}

/// One plain-text article from the bytes of a whole file.
fn plain(bytes: Vec<u8>, source: &str, id: &str, opts: &Options) -> Record {
    if bytes.len() > opts.max_bytes {
        return Err(skip(source, None, format!("larger than the limit of {} bytes (see --max-bytes)", opts.max_bytes)));
    }
    let text = checked_text(bytes).map_err(|r| skip(source, None, r))?;
    Ok(Article { id: id.to_string(), text, published: opts.published, ..Article::default() })
}

/// Checks that bytes are a usable article text.
fn checked_text(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty (no text)".into());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        if e.as_bytes().contains(&0) {
            "binary data, not text".to_string()
        } else {
            format!("not valid UTF-8 (first bad byte at offset {at}); convert it to UTF-8 first")
        }
    })?;
    if looks_binary(&text) {
        return Err("binary data, not text".into());
    }
    Ok(text)
}

fn looks_binary(s: &str) -> bool {
    let control = s.chars().take(4096).filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    control > 8 || s.contains('\0')
}

fn read_jsonl(mut r: impl BufRead, source: &str, opts: &Options, sink: &mut dyn FnMut(Record)) -> io::Result<()> {
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    let mut seen_any = false;
    loop {
        buf.clear();
        // Read one line, but never hold more than max_bytes of it.
        let mut too_long = false;
        loop {
            let avail = r.fill_buf().map_err(|e| io::Error::new(e.kind(), format!("{source}: {e}")))?;
            if avail.is_empty() {
                break;
            }
            let (chunk, done) = match avail.iter().position(|&b| b == b'\n') {
                Some(i) => (&avail[..=i], true),
                None => (avail, false),
            };
            if buf.len() + chunk.len() <= opts.max_bytes + 1 {
                buf.extend_from_slice(chunk);
            } else {
                too_long = true;
            }
            let n = chunk.len();
            r.consume(n);
            if done {
                break;
            }
        }
        if buf.is_empty() && !too_long {
            break;
        }
        line_no += 1;
        if too_long {
            seen_any = true;
            sink(Err(skip(source, Some(line_no), format!("record larger than the limit of {} bytes (see --max-bytes)", opts.max_bytes))));
            continue;
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        seen_any = true;
        sink(json_record(&buf, source, line_no, opts));
    }
    if !seen_any {
        sink(Err(skip(source, None, "empty (no records)")));
    }
    Ok(())
}

fn json_record(line: &[u8], source: &str, line_no: usize, opts: &Options) -> Record {
    let err = |m: String| skip(source, Some(line_no), m);
    let line = std::str::from_utf8(line).map_err(|e| err(format!("not valid UTF-8 (byte {} of the line)", e.valid_up_to())))?;
    let v: Value = serde_json::from_str(line).map_err(|e| err(format!("invalid JSON: {e}")))?;
    let Value::Object(o) = v else {
        return Err(err("not a JSON object".into()));
    };
    let get_str = |keys: &[&str]| keys.iter().find_map(|k| o.get(*k).and_then(Value::as_str)).map(str::to_string);
    let text = ["text", "body", "content", "article"]
        .iter()
        .find_map(|k| o.get(*k).and_then(Value::as_str))
        .ok_or_else(|| err("no `text` (nor `body`, `content`, `article`) string field".into()))?;
    if text.len() > opts.max_bytes {
        return Err(err(format!("text larger than the limit of {} bytes", opts.max_bytes)));
    }
    if text.trim().is_empty() {
        return Err(err("empty `text`".into()));
    }
    let id = match o.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => line_no.to_string(),
    };
    let published = match get_str(&["published", "date"]) {
        Some(d) => match parse_date(&d) {
            Some(d) => Some(d),
            None => {
                eprintln!("{source}:{line_no}: warning: cannot read the date {d:?}; `published` left empty");
                opts.published
            }
        },
        None => opts.published,
    };
    Ok(Article {
        id,
        text: text.to_string(),
        title: get_str(&["title", "headline"]),
        published,
        url: get_str(&["url"]),
        outlet: get_str(&["outlet"]),
    })
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

fn month(s: &str) -> Option<i8> {
    let s = s.trim_end_matches('.').to_ascii_lowercase();
    if s.len() < 3 {
        return None;
    }
    let i = MONTHS.iter().position(|m| s.starts_with(m))?;
    Some(i as i8 + 1)
}

/// Reads the common forms of a publication date: ISO (`2023-09-28`), RFC 3339 / ISO date-times,
/// `26-FEB-1987 15:01:01.79`, `September 28, 2023`, `28 Sep 2023`, `2023/09/28`.
pub fn parse_date(s: &str) -> Option<jiff::civil::Date> {
    let s = s.trim();
    let ymd = |y: &str, m: &str, d: &str| -> Option<jiff::civil::Date> {
        jiff::civil::Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
    };
    // ISO date or date-time prefix.
    if let Some(head) = s.get(..10) {
        let parts: Vec<&str> = head.split(['-', '/']).collect();
        if parts.len() == 3 && parts[0].len() == 4 {
            return ymd(parts[0], parts[1], parts[2]);
        }
    }
    let words: Vec<&str> = s.split(|c: char| c.is_whitespace() || c == ',' || c == '-').filter(|w| !w.is_empty()).collect();
    let year = |w: &str| w.parse::<i16>().ok().filter(|y| (1000..=9999).contains(y));
    let day = |w: &str| w.trim_end_matches(|c: char| c.is_ascii_alphabetic()).parse::<i8>().ok();
    for win in words.windows(3) {
        let date = match (month(win[0]), month(win[1])) {
            (Some(m), _) => day(win[1]).zip(year(win[2])).map(|(d, y)| (y, m, d)),
            (None, Some(m)) => day(win[0]).zip(year(win[2])).map(|(d, y)| (y, m, d)),
            _ => None,
        };
        if let Some((y, m, d)) = date {
            return jiff::civil::Date::new(y, m, d).ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_forms() {
        let d = jiff::civil::date(2023, 9, 28);
        for s in ["2023-09-28", "2023-09-28T10:00:00Z", "September 28, 2023", "28 Sep 2023", "Thu, 28 Sep 2023 10:00:00 GMT", "2023/09/28"] {
            assert_eq!(parse_date(s), Some(d), "{s}");
        }
        assert_eq!(parse_date("26-FEB-1987 15:01:01.79"), Some(jiff::civil::date(1987, 2, 26)));
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("2023-13-45"), None);
    }

    fn opts() -> Options {
        Options { published: None, max_bytes: 1000 }
    }

    fn collect(data: &[u8]) -> Vec<Record> {
        let mut out = Vec::new();
        read_jsonl(data, "t.jsonl", &opts(), &mut |r| out.push(r)).unwrap();
        out
    }

    #[test]
    fn jsonl_bad_records_are_skipped_with_line() {
        let data = b"{\"id\": 1, \"text\": \"a\"}\n{\"id\": \n\xff\xfe\n{\"title\": \"x\"}\n[1]\n\n{\"body\": \"b\", \"date\": \"2023-01-02\"}\n";
        let r = collect(data);
        assert_eq!(r.len(), 6);
        assert_eq!(r[0].as_ref().unwrap().id, "1");
        let lines: Vec<Option<usize>> = r.iter().filter_map(|x| x.as_ref().err()).map(|s| s.line).collect();
        assert_eq!(lines, vec![Some(2), Some(3), Some(4), Some(5)]);
        let last = r[5].as_ref().unwrap();
        assert_eq!(last.id, "7");
        assert_eq!(last.published, Some(jiff::civil::date(2023, 1, 2)));
    }

    #[test]
    fn oversized_line_and_empty_file() {
        let mut data = b"{\"text\": \"".to_vec();
        data.extend(std::iter::repeat(b'a').take(5000));
        data.extend_from_slice(b"\"}\n{\"text\": \"ok\"}\n");
        let r = collect(&data);
        assert!(r[0].as_ref().unwrap_err().reason.contains("limit"));
        assert_eq!(r[1].as_ref().unwrap().text, "ok");
        assert!(collect(b"\n\n")[0].is_err());
    }

    #[test]
    fn plain_text_checks() {
        assert!(plain(b"".to_vec(), "e", "e", &opts()).is_err());
        assert!(plain(vec![0u8, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "b", "b", &opts()).is_err());
        assert!(plain(b"caf\xe9".to_vec(), "l", "l", &opts()).unwrap_err().reason.contains("UTF-8"));
        assert!(plain(vec![b'a'; 2000], "big", "big", &opts()).unwrap_err().reason.contains("limit"));
        assert_eq!(plain(b"Hello.".to_vec(), "h", "h", &opts()).unwrap().id, "h");
    }
}
