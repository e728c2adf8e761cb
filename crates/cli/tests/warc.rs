//! WARC and HTML input end to end: the test writes its own WARC files (plain and gzip, with its
//! own tiny writer) from real articles wrapped in simple HTML pages, then checks that `dateline
//! extract` gives the same records as for the same articles given as JSON Lines (45 articles of
//! `../shared/data/news_raw/`: external), and that malformed files (garbage, wrong lengths,
//! non-HTML, truncated gzip, bad charsets) are reported with file and record number, skipped,
//! and exit 1 (the seven news_raw articles copied into `tests/data/records/news.jsonl`).

mod support;

use flate2::write::GzEncoder;
use serde_json::{json, Value};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&Path]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dateline"));
    c.current_dir(root()).arg("extract");
    for a in args {
        c.arg(a);
    }
    c.output().expect("run dateline")
}

/// A temporary directory, removed when the test ends.
struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempdir(name: &str) -> TempDir {
    let d = std::env::temp_dir().join(format!("dateline-warc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    TempDir(d)
}

/// A test article: what goes into the page and what must come out.
struct Art {
    url: String,
    title: String,
    date: String,
    paragraphs: Vec<String>,
}

impl Art {
    fn text(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Splits wire copy into paragraphs (blank lines or indented lines start one), with runs of
/// white space collapsed, as the HTML reader gives them back.
fn paragraphs(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for line in body.lines() {
        let starts = line.trim().is_empty() || line.starts_with(char::is_whitespace);
        if starts && !cur.trim().is_empty() {
            out.push(cur.split_whitespace().collect::<Vec<_>>().join(" "));
            cur.clear();
        }
        cur.push(' ');
        cur.push_str(line);
    }
    if !cur.trim().is_empty() {
        out.push(cur.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    out
}

/// Up to `n` articles of at least 600 bytes from the raw news (Reuters and BBC alternately), or
/// `None` (reported) without the shared data.
fn news_raw_articles(n: usize) -> Option<Vec<Art>> {
    let data = support::shared_data("warc_articles_match_jsonl")?.join("news_raw");
    Some(articles_of(&[(data.join("reuters21578.jsonl"), n - n / 3), (data.join("bbc_news.jsonl"), n / 3)]))
}

/// The first `n` of the real articles kept in the repository (news_raw lines: `title`, `body`).
fn articles(n: usize) -> Vec<Art> {
    let arts = articles_of(&[(root().join("tests/data/records/news.jsonl"), n)]);
    assert_eq!(arts.len(), n, "tests/data/records/news.jsonl holds too few articles");
    arts
}

/// Up to `take` articles of at least 600 bytes with a title from each JSON Lines file.
fn articles_of(files: &[(PathBuf, usize)]) -> Vec<Art> {
    let mut out = Vec::new();
    for (path, take) in files {
        let (path, take) = (path, *take);
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let f = std::fs::File::open(path).expect("news data");
        let mut got = 0;
        for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
            if got >= take {
                break;
            }
            let v: Value = serde_json::from_str(&line.unwrap()).unwrap();
            let body = v["body"].as_str().unwrap_or("");
            let title = v["title"].as_str().unwrap_or("");
            if body.len() < 600 || title.is_empty() {
                continue;
            }
            got += 1;
            let day = 1 + (i % 28);
            out.push(Art {
                url: format!("https://news.example.com/{}/{i}.html", file.trim_end_matches(".jsonl")),
                title: title.split_whitespace().collect::<Vec<_>>().join(" "),
                date: format!("2021-05-{day:02}"),
                paragraphs: paragraphs(body),
            });
        }
    }
    out
}

/// A simple news page; the date is given in one of three ways by `style`.
fn page(a: &Art, style: usize) -> String {
    let mut head = format!("<title>{} | Example News</title>\n<meta property=\"og:site_name\" content=\"Example News\">\n", escape(&a.title));
    let mut time = String::new();
    match style % 3 {
        0 => head.push_str(&format!("<meta property=\"article:published_time\" content=\"{}T09:30:00Z\">\n", a.date)),
        1 => head.push_str(&format!(
            "<script type=\"application/ld+json\">{}</script>\n",
            json!({"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title, "datePublished": format!("{}T09:30:00+00:00", a.date)})
        )),
        _ => time = format!("<p class=\"meta\"><time datetime=\"{}\"></time></p>", a.date),
    }
    let body: String = a.paragraphs.iter().map(|p| format!("<p>{}</p>\n", escape(p))).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n{head}</head>\n<body>\n\
         <nav class=\"menu\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li><li><a href=\"/business\">Business</a></li></ul></nav>\n\
         <article><h1>{}</h1>{time}\n{body}</article>\n\
         <aside class=\"related\"><h2>Related</h2><ul><li><a href=\"/x\">Other story</a></li></ul></aside>\n\
         <footer><p>Copyright Example News. All rights reserved.</p></footer>\n</body></html>\n",
        escape(&a.title)
    )
}

/// The test's own WARC writer: one record.
fn warc_record(kind: &str, uri: Option<&str>, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut h = format!("WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: 2021-06-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:{:032x}>\r\n", block.len());
    if let Some(u) = uri {
        h.push_str(&format!("WARC-Target-URI: {u}\r\n"));
    }
    h.push_str(&format!("Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", block.len()));
    let mut v = h.into_bytes();
    v.extend_from_slice(block);
    v.extend_from_slice(b"\r\n\r\n");
    v
}

fn http(content_type: &str, status: &str, body: &[u8]) -> Vec<u8> {
    let mut v = format!("HTTP/1.1 {status}\r\nServer: test\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", body.len()).into_bytes();
    v.extend_from_slice(body);
    v
}

fn response(uri: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    warc_record("response", Some(uri), "application/http; msgtype=response", &http(content_type, "200 OK", body))
}

fn request(uri: &str) -> Vec<u8> {
    let req = format!("GET {uri} HTTP/1.1\r\nHost: news.example.com\r\n\r\n");
    warc_record("request", Some(uri), "application/http; msgtype=request", req.as_bytes())
}

fn gzip(parts: &[Vec<u8>]) -> Vec<u8> {
    // One gzip member per record, as Common Crawl writes them.
    let mut out = Vec::new();
    for p in parts {
        let mut e = GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(p).unwrap();
        out.extend(e.finish().unwrap());
    }
    out
}

fn records(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout).lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect()
}

fn warc_of(arts: &[Art]) -> Vec<Vec<u8>> {
    let mut parts = vec![warc_record("warcinfo", None, "application/warc-fields", b"software: dateline-test\r\nformat: WARC File Format 1.0\r\n")];
    for (i, a) in arts.iter().enumerate() {
        parts.push(request(&a.url));
        parts.push(response(&a.url, "text/html; charset=UTF-8", page(a, i).as_bytes()));
    }
    parts
}

// The same articles as WARC (plain and gzip) and as JSON Lines give the same records: same
// ids (the URL), text, title, publication date, and therefore the same facts.
#[test]
#[ignore = "external: needs ../shared/data/news_raw (run ./test)"]
fn warc_articles_match_jsonl() {
    let d = tempdir("match");
    let Some(arts) = news_raw_articles(45) else { return };
    assert!(arts.len() >= 40);
    let parts = warc_of(&arts);
    std::fs::write(d.join("news.warc"), parts.concat()).unwrap();
    std::fs::write(d.join("news.warc.gz"), gzip(&parts)).unwrap();
    let mut jsonl = String::new();
    for a in &arts {
        let v = json!({"id": a.url, "text": a.text(), "title": a.title, "published": a.date, "url": a.url, "outlet": "Example News"});
        jsonl.push_str(&v.to_string());
        jsonl.push('\n');
    }
    std::fs::write(d.join("same.jsonl"), jsonl).unwrap();

    let plain = run(&[&d.join("news.warc")]);
    let err = String::from_utf8_lossy(&plain.stderr);
    assert!(plain.status.success(), "{err}");
    assert!(err.contains(&format!("{} WARC records: {} articles, 0 bad, {} not articles (request {}, warcinfo 1)", 2 * arts.len() + 1, arts.len(), arts.len() + 1, arts.len())), "{err}");
    let gz = run(&[&d.join("news.warc.gz")]);
    assert!(gz.status.success(), "{}", String::from_utf8_lossy(&gz.stderr));
    assert_eq!(plain.stdout, gz.stdout, "plain and gzip WARC differ");

    let recs = records(&plain.stdout);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let want: Vec<&str> = arts.iter().map(|a| a.url.as_str()).collect();
    assert_eq!(ids, want);
    for (r, a) in recs.iter().zip(&arts) {
        assert_eq!(r["published"], json!(a.date), "{}", a.url);
    }

    // Same text, title and date as the JSON Lines twin, hence the same facts.
    let from_json = records(&run(&[&d.join("same.jsonl")]).stdout);
    assert_eq!(from_json.len(), recs.len());
    for (r, j) in recs.iter().zip(&from_json) {
        assert_eq!(r, j, "WARC and JSON Lines records of {} differ", r["id"]);
    }
}

// Malformed records are reported with file and record number and skipped; good records in
// between still come out; the exit code is 1.
#[test]
fn malformed_records_are_reported_and_skipped() {
    let d = tempdir("bad");
    let arts = articles(6);
    let mut data = Vec::new();
    data.extend(warc_record("warcinfo", None, "application/warc-fields", b"software: t\r\n")); // 1
    data.extend(response(&arts[0].url, "text/html", page(&arts[0], 0).as_bytes())); // 2 good
    data.extend(response("https://x.example/doc.pdf", "application/pdf", b"%PDF-1.4 binary")); // 3 not HTML
    data.extend(request(&arts[1].url)); // 4 request: counted, not reported
    data.extend_from_slice(b"this is not WARC\r\nnor is this\r\n"); // garbage before 5
    // 5: wrong (short) Content-Length: the block goes on after the declared 200 bytes.
    let block = http("text/html", "200 OK", page(&arts[1], 1).as_bytes());
    let mut short = format!("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: 200\r\n\r\n", arts[1].url).into_bytes();
    short.extend_from_slice(&block);
    short.extend_from_slice(b"\r\n\r\n");
    data.extend(short);
    // 6: HTTP 404
    data.extend(warc_record("response", Some("https://x.example/gone"), "application/http; msgtype=response", &http("text/html", "404 Not Found", b"<html>gone</html>")));
    // 7: Latin-1 page, declared: decoded
    let latin: Vec<u8> = page(&arts[2], 0).replace("utf-8", "iso-8859-1").replace("<article>", "<article><p>Caf\u{e9} society.</p>").chars().map(|c| c as u32 as u8).collect();
    data.extend(response(&arts[2].url, "text/html; charset=ISO-8859-1", &latin));
    // 8: Latin-1 bytes declared as UTF-8: reported
    data.extend(response("https://x.example/mislabelled", "text/html; charset=utf-8", &latin));
    // 9: unknown charset
    data.extend(response("https://x.example/klingon", "text/html; charset=x-klingon", b"<html><body><p>Qapla</p></body></html>"));
    // 10: good
    data.extend(response(&arts[3].url, "text/html", page(&arts[3], 2).as_bytes()));
    // 11: truncated at the end of the file
    let mut last = response(&arts[4].url, "text/html", page(&arts[4], 0).as_bytes());
    last.truncate(last.len() / 2);
    data.extend(last);
    let f = d.join("bad.warc");
    std::fs::write(&f, &data).unwrap();

    let out = run(&[&f]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let ids: Vec<String> = records(&out.stdout).iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, [arts[0].url.clone(), arts[2].url.clone(), arts[3].url.clone()], "{err}");
    let fname = f.display().to_string();
    for (n, what) in [(3, "not HTML"), (5, "not WARC"), (5, "wrong Content-Length"), (6, "404"), (8, "UTF-8"), (9, "unknown charset"), (11, "ends inside")] {
        let needle = format!("{fname}: skipped: record {n}");
        assert!(err.lines().any(|l| l.contains(&needle) && l.contains(what)), "no report of record {n} ({what}) in:\n{err}");
    }
    assert!(!err.contains("record 4"), "the request record must not be reported:\n{err}");
    let latin_rec = &records(&out.stdout)[1];
    assert!(latin_rec["id"] == json!(arts[2].url));
}

// Truncated and corrupt gzip: the records before the damage come out, the damage is reported.
#[test]
fn truncated_gzip_is_reported() {
    let d = tempdir("gz");
    let arts = articles(5);
    let parts = warc_of(&arts);
    let gz = gzip(&parts);
    let cut = d.join("cut.warc.gz");
    // Cut in the middle of the 4th response (part index 8).
    let keep = gzip(&parts[..8]).len() + 200;
    std::fs::write(&cut, &gz[..keep]).unwrap();
    let out = run(&[&cut]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let n = records(&out.stdout).len();
    assert_eq!(n, 3, "{err}");
    assert!(err.contains("gzip"), "{err}");

    // Flipped bytes inside a member: a corrupt deflate stream.
    let mut bad = gz.clone();
    let at = gzip(&parts[..4]).len() + 40;
    for b in &mut bad[at..at + 16] {
        *b ^= 0x5a;
    }
    let f = d.join("corrupt.warc.gz");
    std::fs::write(&f, &bad).unwrap();
    let out = run(&[&f]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("skipped"));
    assert!(records(&out.stdout).len() >= 1);
}

// A plain `.html` file is an article whose id is the file name.
#[test]
fn html_file_is_an_article() {
    let d = tempdir("html");
    let arts = articles(2);
    std::fs::write(d.join("story-one.html"), page(&arts[0], 1)).unwrap();
    std::fs::write(d.join("not-really.htm"), b"\x00\x01\x02binary").unwrap();
    let out = run(&[&*d]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["id"], json!("story-one"));
    assert_eq!(recs[0]["published"], json!(arts[0].date));
    assert!(err.contains("not-really.htm"), "{err}");
}
