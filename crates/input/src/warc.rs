//! WARC input (`.warc`, `.warc.gz`: the format of Common Crawl and CC-NEWS).
//!
//! In: the bytes of a WARC file, plain or gzip (detected by its magic bytes, so a misnamed file
//! still reads; multi-member gzip as written by crawlers: one member per record).
//! Out: one `Entry` per HTTP `response` (or HTML `resource`) record: an `Article` made by
//! `html::article` (URL = `WARC-Target-URI` is the id), or a `Skip` naming the file, the record
//! number (1-based, counted over `WARC/` headers) and why. Other record types (`warcinfo`,
//! `request`, `metadata`, `revisit`, …) are not articles: they are counted, not reported, and
//! the counts are printed on stderr when the file ends.
//! Rule: a bad record never stops the file when the reader can find the next record: garbage
//! between records is skipped up to the next `WARC/` line (and reported); a block that is not
//! followed by CRLF CRLF (wrong `Content-Length`) is reported and the reader resynchronises on
//! the next `WARC/` line, looking inside an over-long block first. Corrupt or truncated gzip
//! ends the file (deflate cannot resynchronise) after reporting it. Nothing here panics on input.
//!
//! Why our own reader rather than a crate: the `warc` crate stops at the first record whose
//! `Content-Length` is wrong, where this one reports it and resynchronises on the next `WARC/`
//! line; and the HTTP head of a response is read by hand because `httparse` rejects status lines
//! other than `HTTP/1.0` and `HTTP/1.1` (crawls record `HTTP/2 200`). Byte search is `memchr`.

use crate::html;
use crate::types::{over_limit, Entry, Options, Skip};
use memchr::memmem::find;
use std::io::{self, Read};

/// Longest header line accepted (WARC and HTTP headers).
const MAX_LINE: usize = 64 << 10;
/// Most header lines accepted in one WARC header.
const MAX_HEADERS: usize = 1000;

/// One WARC record: its header fields (in order, names as written) and its block.
#[derive(Debug, Clone, Default)]
pub struct WarcRecord {
    /// 1-based number of the record in its file.
    pub number: usize,
    pub version: String,
    pub headers: Vec<(String, String)>,
    pub block: Vec<u8>,
}

impl WarcRecord {
    /// The first header of that name (case-insensitive), trimmed.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim())
    }
}

/// What the record reader yields: a well-framed record, or a problem at record `number`.
#[derive(Debug)]
pub enum Item {
    Record(WarcRecord),
    Bad { number: usize, reason: String },
}

/// Counts of one file, printed when the file ends.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub records: usize,
    pub articles: usize,
    pub bad: usize,
    /// Records that are not articles by type (`request`, `warcinfo`, …), sorted by type.
    pub other: Vec<(String, usize)>,
}

impl Counts {
    fn other(&mut self, kind: &str) {
        match self.other.iter_mut().find(|(k, _)| k == kind) {
            Some((_, n)) => *n += 1,
            None => self.other.push((kind.to_string(), 1)),
        }
    }
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut other = self.other.clone();
        other.sort();
        let n_other: usize = other.iter().map(|(_, n)| n).sum();
        write!(f, "{} WARC records: {} articles, {} bad, {} not articles", self.records, self.articles, self.bad, n_other)?;
        if !other.is_empty() {
            let parts: Vec<String> = other.iter().map(|(k, n)| format!("{k} {n}")).collect();
            write!(f, " ({})", parts.join(", "))?;
        }
        Ok(())
    }
}

/// True when a path names a WARC file (`.warc`, `.warc.gz`, `.arc.gz` is not supported).
pub fn is_warc_path(p: &std::path::Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// Reads every record of a WARC file and hands articles and skips to `sink`; returns the counts.
pub fn read(r: impl Read, source: &str, opts: &Options, sink: &mut dyn FnMut(Entry)) -> Counts {
    let mut counts = Counts::default();
    records(r, opts.max_bytes, &mut |item| match item {
        Item::Bad { number, reason } => {
            counts.bad += 1;
            sink(Err(skip(source, number, None, reason)));
        }
        Item::Record(rec) => {
            counts.records += 1;
            match to_article(&rec, source, opts) {
                Some(Ok(a)) => {
                    counts.articles += 1;
                    sink(Ok(a));
                }
                Some(Err(s)) => {
                    counts.bad += 1;
                    sink(Err(s));
                }
                None => counts.other(rec.header("WARC-Type").unwrap_or("(no WARC-Type)")),
            }
        }
    });
    counts
}

fn skip(source: &str, number: usize, uri: Option<&str>, reason: impl Into<String>) -> Skip {
    let at = match uri {
        Some(u) => format!("record {number} ({u}): "),
        None => format!("record {number}: "),
    };
    Skip { source: source.to_string(), line: None, reason: at + &reason.into() }
}

/// Turns one record into an article: `None` for record types that are never articles.
pub fn to_article(rec: &WarcRecord, source: &str, opts: &Options) -> Option<Entry> {
    let kind = rec.header("WARC-Type").unwrap_or("").to_ascii_lowercase();
    let uri = rec.header("WARC-Target-URI").map(|u| u.trim_start_matches('<').trim_end_matches('>'));
    let bad = |reason: String| Some(Err(skip(source, rec.number, uri, reason)));
    let (content_type, body) = match kind.as_str() {
        "response" => {
            let ct = rec.header("Content-Type").unwrap_or("").to_ascii_lowercase();
            if !ct.starts_with("application/http") {
                // A response that is not an HTTP message (e.g. dns:, or a raw resource).
                return bad(format!("response record is not an HTTP message (Content-Type {ct:?})"));
            }
            match http_response(&rec.block) {
                Ok(x) => x,
                Err(e) => return bad(e),
            }
        }
        "resource" => (rec.header("Content-Type").map(str::to_string), rec.block.clone()),
        _ => return None,
    };
    let Some(uri) = uri else {
        return bad("no WARC-Target-URI".into());
    };
    if let Err(e) = html::check_html(content_type.as_deref(), &body) {
        return bad(e);
    }
    let charset = content_type.as_deref().and_then(html::charset_param);
    Some(html::article(&body, charset.as_deref(), uri.to_string(), Some(uri), opts).map_err(|e| skip(source, rec.number, Some(uri), e)))
}

/// Splits an HTTP response into its Content-Type and its decoded body (chunked transfer and
/// gzip/deflate content encodings are undone). Non-2xx statuses are errors.
pub fn http_response(block: &[u8]) -> Result<(Option<String>, Vec<u8>), String> {
    let head_end = find(block, b"\r\n\r\n").map(|i| (i, i + 4)).or_else(|| find(block, b"\n\n").map(|i| (i, i + 2)));
    let Some((head_len, body_start)) = head_end else {
        return Err("HTTP response without end of headers".into());
    };
    let head = String::from_utf8_lossy(&block[..head_len]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let mut parts = status_line.split_whitespace();
    if !parts.next().is_some_and(|p| p.starts_with("HTTP/")) {
        return Err(format!("not an HTTP status line: {:?}", truncate(status_line, 60)));
    }
    let status: u16 = parts.next().and_then(|s| s.parse().ok()).ok_or_else(|| format!("bad HTTP status line: {:?}", truncate(status_line, 60)))?;
    if !(200..300).contains(&status) {
        return Err(format!("HTTP status {status}, not a page"));
    }
    let mut content_type = None;
    let mut chunked = false;
    let mut encoding = None;
    for l in lines {
        let Some((n, v)) = l.split_once(':') else { continue };
        let (n, v) = (n.trim(), v.trim());
        if n.eq_ignore_ascii_case("content-type") {
            content_type = Some(v.to_string());
        } else if n.eq_ignore_ascii_case("transfer-encoding") {
            chunked = v.to_ascii_lowercase().contains("chunked");
        } else if n.eq_ignore_ascii_case("content-encoding") {
            encoding = Some(v.to_ascii_lowercase());
        }
    }
    let mut body = block[body_start..].to_vec();
    if chunked {
        // Common Crawl keeps the header but stores the body de-chunked; de-chunk only when the
        // body really starts with a chunk size line.
        if let Some(b) = dechunk(&body) {
            body = b;
        }
    }
    match encoding.as_deref() {
        None | Some("identity") | Some("") => {}
        Some(e @ ("gzip" | "x-gzip" | "deflate")) => {
            // Like chunking, the crawler may have stored it decoded already.
            let looks_encoded = if e == "deflate" { !body.first().is_some_and(|&b| b == b'<' || b.is_ascii_whitespace()) } else { body.starts_with(&[0x1f, 0x8b]) };
            if looks_encoded {
                let mut out = Vec::new();
                let res = if e == "deflate" {
                    flate2::read::ZlibDecoder::new(&body[..]).take(64 << 20).read_to_end(&mut out)
                } else {
                    flate2::read::MultiGzDecoder::new(&body[..]).take(64 << 20).read_to_end(&mut out)
                };
                res.map_err(|err| format!("HTTP body with Content-Encoding {e} does not decode: {err}"))?;
                body = out;
            }
        }
        Some(e) => {
            let b = body.iter().position(|b| !b.is_ascii_whitespace()).and_then(|i| body.get(i));
            if b != Some(&b'<') {
                return Err(format!("HTTP body with unsupported Content-Encoding {e}"));
            }
        }
    }
    Ok((content_type, body))
}

fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let nl = find(body.get(i..)?, b"\r\n")?;
        let line = std::str::from_utf8(&body[i..i + nl]).ok()?;
        let size = usize::from_str_radix(line.split(';').next()?.trim(), 16).ok()?;
        i += nl + 2;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(i..i.checked_add(size)?)?);
        i += size;
        if body.get(i..i + 2) == Some(b"\r\n") {
            i += 2;
        }
    }
}

fn truncate(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A buffered reader that can take bytes back (for resynchronising after a wrong length).
struct Input<R> {
    r: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    /// An error of the underlying reader (e.g. corrupt gzip), kept to report once.
    err: Option<io::Error>,
}

impl<R: Read> Input<R> {
    fn new(r: R) -> Self {
        Input { r, buf: Vec::with_capacity(1 << 16), pos: 0, eof: false, err: None }
    }

    /// Makes sure at least one byte is buffered unless at the end; false at the end.
    fn fill(&mut self) -> bool {
        if self.pos < self.buf.len() {
            return true;
        }
        if self.eof {
            return false;
        }
        self.buf.clear();
        self.pos = 0;
        self.buf.resize(1 << 16, 0);
        loop {
            match self.r.read(&mut self.buf) {
                Ok(0) => {
                    self.buf.clear();
                    self.eof = true;
                    return false;
                }
                Ok(n) => {
                    self.buf.truncate(n);
                    return true;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.clear();
                    self.eof = true;
                    self.err = Some(e);
                    return false;
                }
            }
        }
    }

    /// One line without its LF (and CR); `None` at the end. Lines longer than `MAX_LINE` are
    /// cut (the rest is consumed) and flagged.
    fn line(&mut self) -> Option<(Vec<u8>, bool)> {
        let mut out = Vec::new();
        let mut long = false;
        let mut any = false;
        while self.fill() {
            any = true;
            let avail = &self.buf[self.pos..];
            let (chunk, done) = match avail.iter().position(|&b| b == b'\n') {
                Some(i) => (&avail[..i], Some(i + 1)),
                None => (avail, None),
            };
            if out.len() + chunk.len() <= MAX_LINE {
                out.extend_from_slice(chunk);
            } else {
                long = true;
            }
            match done {
                Some(n) => {
                    self.pos += n;
                    break;
                }
                None => self.pos = self.buf.len(),
            }
        }
        if !any {
            return None;
        }
        if out.last() == Some(&b'\r') {
            out.pop();
        }
        Some((out, long))
    }

    /// Up to `n` bytes (fewer only at the end of the input).
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n.min(1 << 20));
        while out.len() < n && self.fill() {
            let take = (n - out.len()).min(self.buf.len() - self.pos);
            out.extend_from_slice(&self.buf[self.pos..self.pos + take]);
            self.pos += take;
        }
        out
    }

    /// Skips `n` bytes; returns how many were skipped.
    fn discard(&mut self, n: u64) -> u64 {
        let mut left = n;
        while left > 0 && self.fill() {
            let take = (left.min((self.buf.len() - self.pos) as u64)) as usize;
            self.pos += take;
            left -= take as u64;
        }
        n - left
    }

    /// Puts bytes back in front of the input.
    fn unread(&mut self, bytes: &[u8]) {
        let mut rest = bytes.to_vec();
        rest.extend_from_slice(&self.buf[self.pos..]);
        self.buf = rest;
        self.pos = 0;
    }
}

/// Reads the records of a WARC stream (plain or gzip, by magic) and hands each to `sink`.
pub fn records(r: impl Read, max_bytes: usize, sink: &mut dyn FnMut(Item)) {
    let mut head = Input::new(r);
    let gz = head.fill() && head.buf[head.pos..].starts_with(&[0x1f, 0x8b]);
    if gz {
        // Hand the already-buffered bytes and the rest of the stream to the decoder.
        let first = head.buf[head.pos..].to_vec();
        let rest = head.r;
        let dec = flate2::read::MultiGzDecoder::new(io::Cursor::new(first).chain(rest));
        frame(Input::new(dec), max_bytes, true, sink);
    } else {
        frame(head, max_bytes, false, sink);
    }
}

fn frame<R: Read>(mut inp: Input<R>, max_bytes: usize, gz: bool, sink: &mut dyn FnMut(Item)) {
    let mut number = 0usize;
    // After a wrong length, the bytes up to the next record belong to the bad record.
    let mut resync = false;
    loop {
        // Find the next `WARC/` line, skipping blank lines and reporting anything else.
        let mut garbage = 0usize;
        let version = loop {
            match inp.line() {
                None => break None,
                Some((l, long)) => {
                    if !long && l.starts_with(b"WARC/") && l.len() < 32 {
                        break Some(String::from_utf8_lossy(&l).into_owned());
                    }
                    if !l.iter().all(u8::is_ascii_whitespace) || long {
                        garbage += l.len() + 1;
                    }
                }
            }
        };
        let after_bad_length = std::mem::take(&mut resync);
        if garbage > 0 && !after_bad_length {
            let reason = match version {
                Some(_) => format!("{garbage} bytes that are not WARC skipped before this record"),
                None => format!("{garbage} bytes that are not WARC at the end of the file"),
            };
            sink(Item::Bad { number: number + 1, reason });
        }
        let Some(version) = version else { break };
        number += 1;
        // Header fields up to the blank line.
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut problem = None;
        loop {
            match inp.line() {
                None => {
                    problem = Some("file ends inside the WARC header".to_string());
                    break;
                }
                Some((_, true)) => {
                    problem = Some("WARC header line too long".to_string());
                    break;
                }
                Some((l, false)) => {
                    if l.is_empty() {
                        break;
                    }
                    if headers.len() >= MAX_HEADERS {
                        problem = Some("too many WARC header lines".to_string());
                        break;
                    }
                    let l = String::from_utf8_lossy(&l).into_owned();
                    if l.starts_with([' ', '\t']) {
                        if let Some(last) = headers.last_mut() {
                            last.1.push(' ');
                            last.1.push_str(l.trim());
                            continue;
                        }
                    }
                    match l.split_once(':') {
                        Some((n, v)) => headers.push((n.trim().to_string(), v.trim().to_string())),
                        None => {
                            problem = Some(format!("bad WARC header line {:?}", truncate(&l, 60)));
                            break;
                        }
                    }
                }
            }
        }
        if let Some(reason) = problem {
            sink(Item::Bad { number, reason: with_gz_error(&mut inp, gz, reason) });
            continue;
        }
        let len = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("Content-Length")).map(|(_, v)| v.trim().parse::<u64>());
        let len = match len {
            Some(Ok(n)) => n,
            Some(Err(_)) => {
                sink(Item::Bad { number, reason: "Content-Length is not a number".into() });
                continue;
            }
            None => {
                sink(Item::Bad { number, reason: "no Content-Length".into() });
                continue;
            }
        };
        if len > max_bytes as u64 {
            let got = inp.discard(len);
            let mut reason = format!("block of {len} bytes is {}", over_limit(max_bytes));
            if got < len {
                reason = with_gz_error(&mut inp, gz, format!("{reason}; file ends inside the block"));
            } else {
                expect_end(&mut inp);
            }
            sink(Item::Bad { number, reason });
            continue;
        }
        let block = inp.bytes(len as usize);
        if (block.len() as u64) < len {
            let reason = format!("file ends inside the block ({} of {len} bytes)", block.len());
            sink(Item::Bad { number, reason: with_gz_error(&mut inp, gz, reason) });
            break;
        }
        if !expect_end(&mut inp) {
            // Wrong Content-Length. If the block runs into the next record, give that back.
            if let Some(i) = find(&block, b"\r\n\r\nWARC/") {
                inp.unread(&block[i + 4..]);
            }
            let reason = with_gz_error(&mut inp, gz, "block not followed by CRLF CRLF: wrong Content-Length".into());
            sink(Item::Bad { number, reason });
            resync = true;
            continue;
        }
        sink(Item::Record(WarcRecord { number, version, headers, block }));
    }
    if let Some(e) = inp.err.take() {
        sink(Item::Bad { number: number + 1, reason: gz_reason(gz, &e) });
    }
}

/// Consumes the CRLF CRLF after a block; false (consuming nothing) when it is not there.
/// A lone LF LF or CRLF at the end of the file is accepted.
fn expect_end<R: Read>(inp: &mut Input<R>) -> bool {
    let got = inp.bytes(4);
    if got == b"\r\n\r\n" || got == b"\n\n" || got == b"\r\n" || got.is_empty() {
        return true;
    }
    if got.starts_with(b"\n\n") {
        inp.unread(&got[2..]);
        return true;
    }
    inp.unread(&got);
    false
}

fn gz_reason(gz: bool, e: &io::Error) -> String {
    if gz {
        format!("gzip data truncated or corrupt ({e}); the rest of the file is skipped")
    } else {
        format!("read error ({e}); the rest of the file is skipped")
    }
}

/// Adds the reader error (if any) to a reason, so that a truncated gzip is named as such.
fn with_gz_error<R: Read>(inp: &mut Input<R>, gz: bool, reason: String) -> String {
    match inp.err.take() {
        Some(e) => format!("{reason}: {}", gz_reason(gz, &e)),
        None => reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(kind: &str, block: &[u8]) -> Vec<u8> {
        let mut v = format!("WARC/1.0\r\nWARC-Type: {kind}\r\nContent-Length: {}\r\n\r\n", block.len()).into_bytes();
        v.extend_from_slice(block);
        v.extend_from_slice(b"\r\n\r\n");
        v
    }

    fn all(data: &[u8]) -> Vec<Item> {
        let mut out = Vec::new();
        records(data, 1 << 20, &mut |i| out.push(i));
        out
    }

    #[test]
    fn frames_records_and_resyncs() {
        let mut data = rec("warcinfo", b"software: x");
        data.extend_from_slice(b"garbage line\r\n");
        data.extend(rec("request", b"GET / HTTP/1.1\r\n\r\n"));
        // Wrong (short) length: the block is longer than declared.
        data.extend_from_slice(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 3\r\n\r\nabcdef\r\n\r\n");
        data.extend(rec("metadata", b"m"));
        // Wrong (long) length: runs into the next record, which must still be read.
        data.extend_from_slice(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\nab\r\n\r\n");
        data.extend(rec("metadata", b"0123456789"));
        data.extend(rec("metadata", b"last"));
        let items = all(&data);
        let desc: Vec<String> = items
            .iter()
            .map(|i| match i {
                Item::Record(r) => format!("{} {}", r.number, r.header("warc-type").unwrap_or("")),
                Item::Bad { number, .. } => format!("{number} bad"),
            })
            .collect();
        assert_eq!(desc, ["1 warcinfo", "2 bad", "2 request", "3 bad", "4 metadata", "5 bad", "6 metadata", "7 metadata"]);
    }

    #[test]
    fn truncated_and_empty() {
        let mut data = rec("metadata", b"m");
        data.extend_from_slice(b"WARC/1.0\r\nContent-Length: 100\r\n\r\nshort");
        let items = all(&data);
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[1], Item::Bad { number: 2, reason } if reason.contains("ends inside")));
        assert!(all(b"").is_empty());
        assert!(matches!(&all(b"WARC/1.0\r\nContent-Length: x\r\n\r\n")[0], Item::Bad { .. }));
    }

    #[test]
    fn gzip_members_and_truncation() {
        use std::io::Write;
        let mut gz = Vec::new();
        for i in 0..3 {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&rec("metadata", format!("m{i}").as_bytes())).unwrap();
            gz.extend(e.finish().unwrap());
        }
        let items = all(&gz);
        assert_eq!(items.len(), 3);
        assert!(items.iter().all(|i| matches!(i, Item::Record(_))));
        let cut = &gz[..gz.len() - 10];
        let items = all(cut);
        assert!(matches!(items.last(), Some(Item::Bad { reason, .. }) if reason.contains("gzip")), "{items:?}");
    }

    #[test]
    fn http_parsing() {
        let (ct, body) = http_response(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>hi\r\n4\r\n</p>\r\n0\r\n\r\n").unwrap();
        assert_eq!(ct.as_deref(), Some("text/html; charset=utf-8"));
        assert_eq!(body, b"<p>hi</p>");
        assert!(http_response(b"HTTP/1.1 404 Not Found\r\n\r\nx").unwrap_err().contains("404"));
        assert!(http_response(b"junk").is_err());
    }

    #[test]
    fn every_truncation_and_flip_is_survived() {
        use std::io::Write;
        let page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><article><p>Two ships collided on Thursday, officials said.</p></article></body></html>";
        let mut w = rec("warcinfo", b"x");
        let mut r = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://e.x/a\r\nContent-Type: application/http; msgtype=response\r\n".to_vec();
        r.extend(format!("Content-Length: {}\r\n\r\n", page.len()).bytes());
        r.extend_from_slice(page);
        r.extend_from_slice(b"\r\n\r\n");
        w.extend_from_slice(&r);
        w.extend_from_slice(&r);
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(&w).unwrap();
        let gz = e.finish().unwrap();
        let opts = Options { published: None, max_bytes: 1 << 20 };
        let full = read(&w[..], "t", &opts, &mut |_| {});
        assert_eq!((full.records, full.articles, full.bad), (3, 2, 0));
        for data in [&w, &gz] {
            for cut in 0..data.len() {
                read(&data[..cut], "t", &opts, &mut |_| {});
            }
            for i in (0..data.len()).step_by(3) {
                let mut d = data.to_vec();
                d[i] ^= 0xa5;
                read(&d[..], "t", &opts, &mut |_| {});
            }
        }
    }
}
