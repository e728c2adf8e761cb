//! JSON articles: `.jsonl`/`.ndjson` files and stdin that starts with `{` (one article per
//! line), the body of `POST /api/articles` (one article, pretty-printed or not) and the
//! messages of the NATS worker (one article each).
//!
//! In: bytes. Out: [`Entry`]s, in order; a line that is not a usable article is a [`Skip`]
//! with its line number.
//! Rule (the contract's input format): an object with `id` (string or number; missing: the
//! line number), `text` or else `body`, `content`, `article` (a non-blank string, at most
//! `max_bytes`), `title` or `headline`, `published` or `date` (any form
//! [`dateline_extract::dates::parse_date`] reads; an unreadable one is warned about and left
//! empty), `url`, `outlet`; other keys are ignored. A line longer than `max_bytes` is never
//! held in memory whole. A file with no record at all is one skip.

use crate::types::{over_limit, skip, Entry, Options, Skip};
use dateline_extract::Article;
use serde_json::Value;
use std::io::{self, BufRead};

/// Reads every line of a JSON Lines stream and hands its records to `sink`.
pub fn read(mut r: impl BufRead, source: &str, opts: &Options, sink: &mut dyn FnMut(Entry)) -> io::Result<()> {
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
            let (chunk, done) = match memchr::memchr(b'\n', avail) {
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
            sink(Err(skip(source, Some(line_no), format!("record {}", over_limit(opts.max_bytes)))));
            continue;
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        seen_any = true;
        sink(record(&buf, source, line_no, opts));
    }
    if !seen_any {
        sink(Err(skip(source, None, "empty (no records)")));
    }
    Ok(())
}

/// One article from one JSON object (`line_no` names it, and is its id when it has none).
pub fn record(line: &[u8], source: &str, line_no: usize, opts: &Options) -> Entry {
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
        Some(d) => match dateline_extract::dates::parse_date(&d) {
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

/// The body of `POST /api/articles`: one input JSON article (pretty-printed JSON is fine),
/// which must carry an `id`.
pub fn posted_article(body: &[u8]) -> Result<Article, String> {
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("invalid JSON: {e}"))?;
    let Some(o) = v.as_object() else { return Err("the body must be one JSON object (an input article)".into()) };
    match o.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => {}
        Some(Value::Number(_)) => {}
        _ => return Err("the article needs an `id` (a non-empty string or a number)".into()),
    }
    record(body, "request body", 1, &Options::default()).map_err(|s: Skip| s.reason)
}

/// The article of one worker message (one input JSON article): an article without `id` is
/// named `seq-N` by its input stream sequence `seq` (its line number would be 1 for all).
pub fn message(payload: &[u8], seq: u64, opts: &Options) -> Result<Article, String> {
    if payload.iter().all(u8::is_ascii_whitespace) {
        return Err("empty (no records)".into());
    }
    let mut article = record(payload, "message", 1, opts).map_err(|s| s.reason)?;
    let has_id = serde_json::from_slice::<serde_json::Map<String, Value>>(payload).is_ok_and(|o| o.contains_key("id"));
    if !has_id {
        article.id = format!("seq-{seq}");
    }
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options { published: None, max_bytes: 1000 }
    }

    fn collect(data: &[u8]) -> Vec<Entry> {
        let mut out = Vec::new();
        read(data, "t.jsonl", &opts(), &mut |r| out.push(r)).unwrap();
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
    fn posted_articles_and_messages() {
        let pretty = b"{\n  \"id\": \"p1\",\n  \"text\": \"Hello there.\"\n}\n";
        assert_eq!(posted_article(pretty).unwrap().id, "p1");
        for bad in [&b"not json"[..], b"[1,2]", b"{\"text\": \"no id\"}", b"{\"id\": \"x\"}", b"{\"id\": \"x\", \"text\": \"   \"}", b"{\"id\": \" \", \"text\": \"a\"}"] {
            assert!(posted_article(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        assert_eq!(message(b"{\"text\": \"a\"}", 42, &opts()).unwrap().id, "seq-42");
        assert_eq!(message(b"{\"id\": 1, \"text\": \"a\"}", 42, &opts()).unwrap().id, "1");
        assert!(message(b"", 1, &opts()).is_err());
        assert!(message(b"{\"id\": 1}", 1, &opts()).unwrap_err().contains("no `text`"));
    }
}
