//! HTML pages as articles (`.html`/`.htm` files and the HTML responses of WARC files).
//!
//! In: the bytes of an HTML page, the charset its HTTP header declared (if any), an id and the
//! page's URL. Out: an `Article` whose `text` is the page's main content (dom_smoothie's
//! readability port; when it finds nothing, the text of `<article>`, `<main>` or `<body>` minus
//! scripts, navigation, headers, footers and asides), paragraphs separated by blank lines;
//! `title` from the page (readability's cleaned title, else `<title>`); `published` from the
//! page's metadata, first found of: `article:published_time` (and similar `<meta>`s), JSON-LD
//! `datePublished`, `<time itemprop=datePublished>`, the first `<time datetime>`, else
//! `--published`; `outlet` from `og:site_name`; `url` from the caller or `<link rel=canonical>`.
//! Rule: the bytes are decoded with the HTTP charset, else a BOM, else a `<meta charset>` in
//! the first 2 KB, else UTF-8; bytes that are not valid in that charset, unknown charsets,
//! non-HTML bodies and pages without text are errors (the caller reports and skips them).

use crate::types::{over_limit, Options};
use dateline_extract::dates::parse_date;
use dateline_extract::Article;

/// The `charset=` parameter of a Content-Type value, lower-cased.
pub fn charset_param(content_type: &str) -> Option<String> {
    let lower = content_type.to_ascii_lowercase();
    let i = lower.find("charset=")?;
    let v = lower[i + 8..].trim_start().trim_start_matches(['"', '\'']);
    let end = v.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))).unwrap_or(v.len());
    let v = &v[..end];
    (!v.is_empty()).then(|| v.to_string())
}

/// Checks that a body is HTML: by its Content-Type when there is one, else by sniffing.
pub fn check_html(content_type: Option<&str>, body: &[u8]) -> Result<(), String> {
    if let Some(ct) = content_type {
        let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if mime == "text/html" || mime == "application/xhtml+xml" {
            return Ok(());
        }
        if !(mime.is_empty() || mime == "text/plain" || mime == "application/octet-stream") {
            return Err(format!("not HTML (Content-Type {mime})"));
        }
    }
    if sniff_html(body) {
        Ok(())
    } else {
        Err("not HTML (no <html>, <head>, <body> or doctype near the start)".into())
    }
}

fn sniff_html(body: &[u8]) -> bool {
    let start = &body[..body.len().min(1024)];
    let lower: Vec<u8> = start.iter().map(u8::to_ascii_lowercase).collect();
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body", b"<p>", b"<article"].iter().any(|n| memchr::memmem::find(&lower, n).is_some())
}

/// The charset named by a `<meta charset=…>` or `<meta http-equiv … content="…charset=…">`
/// in the first 2 KB.
fn meta_charset(body: &[u8]) -> Option<String> {
    let start = &body[..body.len().min(2048)];
    let lower: String = start.iter().map(|&b| if b.is_ascii() { b.to_ascii_lowercase() as char } else { ' ' }).collect();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<meta") {
        let tag_start = from + i;
        let tag_end = lower[tag_start..].find('>').map_or(lower.len(), |j| tag_start + j);
        if let Some(cs) = charset_param(&lower[tag_start..tag_end]) {
            return Some(cs);
        }
        from = tag_end;
    }
    None
}

/// Decodes the bytes of a page to text (see the module doc for the order of evidence).
pub fn decode(body: &[u8], declared: Option<&str>) -> Result<String, String> {
    let (label, body) = if let Some(l) = declared {
        (Some(l.to_string()), body)
    } else if let Some(rest) = body.strip_prefix(b"\xef\xbb\xbf") {
        (Some("utf-8".to_string()), rest)
    } else if body.starts_with(b"\xff\xfe") || body.starts_with(b"\xfe\xff") {
        (Some(if body[0] == 0xff { "utf-16le" } else { "utf-16be" }.to_string()), &body[2..])
    } else {
        (meta_charset(body), body)
    };
    let enc = match &label {
        Some(l) => encoding_rs::Encoding::for_label(l.as_bytes()).ok_or_else(|| format!("unknown charset {l:?}"))?,
        None => encoding_rs::UTF_8,
    };
    if enc == encoding_rs::UTF_8 {
        let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
        return std::str::from_utf8(body).map(str::to_string).map_err(|e| match &label {
            Some(_) => format!("not valid UTF-8 although declared so (first bad byte at offset {})", e.valid_up_to()),
            None => format!("no charset declared and not valid UTF-8 (first bad byte at offset {})", e.valid_up_to()),
        });
    }
    enc.decode_without_bom_handling_and_without_replacement(body)
        .map(|c| c.into_owned())
        .ok_or_else(|| format!("not valid {} (the declared charset)", enc.name()))
}

/// Makes an article of an HTML page.
pub fn article(body: &[u8], charset: Option<&str>, id: String, url: Option<&str>, opts: &Options) -> Result<Article, String> {
    if body.len() > opts.max_bytes {
        return Err(format!("page {}", over_limit(opts.max_bytes)));
    }
    let html = decode(body, charset)?;
    if html.contains('\0') {
        return Err("binary data, not HTML".into());
    }
    let doc = dom_query::Document::from(html.as_str());
    let meta = Meta::of(&doc);
    let url = url.map(str::to_string).or_else(|| meta.canonical.clone());
    let abs_url = url.as_deref().filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let cfg = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Formatted, ..Default::default() };
    let parsed = dom_smoothie::Readability::with_document(doc, abs_url, Some(cfg)).ok().and_then(|mut r| r.parse().ok());
    let (mut text, mut title, mut outlet, mut smoothie_date) = (String::new(), None, None, None);
    if let Some(a) = parsed {
        text = paragraphs(&a.text_content);
        title = Some(a.title.trim().to_string()).filter(|t| !t.is_empty());
        outlet = a.site_name.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        smoothie_date = a.published_time;
    }
    if text.is_empty() {
        // Readability found nothing it liked (e.g. a short page): fall back to the page text.
        let doc = dom_query::Document::from(html.as_str());
        doc.select("script, style, noscript, template, nav, header, footer, aside, form, iframe, svg").remove();
        for sel in ["article", "main", "[role=main]", "body"] {
            let s = doc.select(sel).first();
            if s.exists() {
                text = paragraphs(&s.formatted_text());
                if !text.is_empty() {
                    break;
                }
            }
        }
    }
    if text.is_empty() {
        return Err("no text in the page".into());
    }
    let published = meta
        .published
        .iter()
        .chain(smoothie_date.iter())
        .find_map(|d| parse_date(d))
        .or(opts.published);
    // A page title is often "Headline | Site": the first <h1>, when the title contains it, is
    // the headline alone.
    let title = title.or(meta.title).map(|t| match &meta.h1 {
        Some(h) if h.len() >= 8 && h.len() < t.len() && t.contains(h.as_str()) => h.clone(),
        _ => t,
    });
    Ok(Article {
        id,
        text,
        title,
        published,
        url,
        outlet: outlet.or(meta.site_name),
    })
}

/// Normalises extracted text: trims lines, collapses runs of spaces, and separates paragraphs
/// (non-empty lines) by one blank line.
fn paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut words = line.split_whitespace().peekable();
        if words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        for (i, w) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// Page metadata read before readability rewrites the document.
#[derive(Default, Debug)]
struct Meta {
    /// Candidate publication dates, best first.
    published: Vec<String>,
    title: Option<String>,
    /// The first `<h1>`, collapsed.
    h1: Option<String>,
    site_name: Option<String>,
    canonical: Option<String>,
}

impl Meta {
    fn of(doc: &dom_query::Document) -> Meta {
        let mut m = Meta::default();
        let attr = |sel: &str, name: &str| doc.select(sel).first().attr(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        for key in ["article:published_time", "og:published_time", "datePublished"] {
            for a in ["property", "name", "itemprop"] {
                if let Some(v) = attr(&format!("meta[{a}=\"{key}\"]"), "content") {
                    m.published.push(v);
                }
            }
        }
        for s in doc.select("script[type=\"application/ld+json\"]").iter() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&s.text()) {
                json_ld_date(&v, 0, &mut m.published);
            }
        }
        for key in ["pubdate", "publishdate", "publish-date", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "dcterms.issued", "dcterms.created", "date"] {
            if let Some(v) = attr(&format!("meta[name=\"{key}\"]"), "content") {
                m.published.push(v);
            }
        }
        if let Some(v) = attr("time[itemprop=\"datePublished\"]", "datetime") {
            m.published.push(v);
        }
        if let Some(v) = attr("time[datetime]", "datetime") {
            m.published.push(v);
        }
        m.title = Some(doc.select("title").first().text().trim().to_string()).filter(|t| !t.is_empty());
        m.h1 = Some(doc.select("h1").first().text().split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty());
        m.site_name = attr("meta[property=\"og:site_name\"]", "content");
        m.canonical = attr("link[rel=\"canonical\"]", "href").or_else(|| attr("meta[property=\"og:url\"]", "content"));
        m
    }
}

/// Collects `datePublished` values of a JSON-LD value (objects, arrays, `@graph`), depth-bounded.
fn json_ld_date(v: &serde_json::Value, depth: usize, out: &mut Vec<String>) {
    if depth > 8 {
        return;
    }
    match v {
        serde_json::Value::Object(o) => {
            if let Some(d) = o.get("datePublished").and_then(|d| d.as_str()) {
                out.push(d.to_string());
            }
            for (_, x) in o {
                if x.is_object() || x.is_array() {
                    json_ld_date(x, depth + 1, out);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_ld_date(x, depth + 1, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options { published: None, max_bytes: 1 << 20 }
    }

    #[test]
    fn charsets() {
        assert_eq!(charset_param("text/html; charset=\"ISO-8859-1\"").as_deref(), Some("iso-8859-1"));
        assert_eq!(decode(b"caf\xe9", Some("iso-8859-1")).unwrap(), "caf\u{e9}");
        assert_eq!(decode(b"<meta charset=\"windows-1252\">caf\xe9", None).unwrap(), "<meta charset=\"windows-1252\">caf\u{e9}");
        assert!(decode(b"caf\xe9", None).unwrap_err().contains("UTF-8"));
        assert!(decode(b"x", Some("klingon")).unwrap_err().contains("unknown"));
        assert!(decode(b"\x82\xa0", Some("shift_jis")).is_ok());
    }

    #[test]
    fn page_to_article() {
        let page = r#"<html><head><title>Ships collide - Example News</title>
<meta property="og:site_name" content="Example News">
<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2021-03-04T10:00:00Z"}]}</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ships collide</h1><p>Two ships collided off the coast of Norway on Thursday, the coast guard said.</p>
<p>"Nobody was hurt," said Anna Berg, a spokeswoman.</p></article><footer>Copyright</footer></body></html>"#;
        let a = article(page.as_bytes(), None, "x".into(), Some("https://example.com/a"), &opts()).unwrap();
        assert!(a.text.contains("Two ships collided"), "{:?}", a.text);
        assert!(a.text.contains("\n\n\"Nobody was hurt"), "{:?}", a.text);
        assert!(!a.text.contains("Copyright") && !a.text.contains("Home"), "{:?}", a.text);
        assert_eq!(a.published, Some(jiff::civil::date(2021, 3, 4)));
        assert_eq!(a.outlet.as_deref(), Some("Example News"));
        assert_eq!(a.title.as_deref(), Some("Ships collide"));
        assert!(article(b"<html><body>  </body></html>", None, "e".into(), None, &opts()).is_err());
    }

    #[test]
    fn time_element_date() {
        let page = "<html><body><article><time datetime=\"2020-01-02\">Jan 2</time><p>Some words here.</p></article></body></html>";
        let a = article(page.as_bytes(), None, "t".into(), None, &opts()).unwrap();
        assert_eq!(a.published, Some(jiff::civil::date(2020, 1, 2)));
    }
}
