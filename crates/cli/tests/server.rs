//! `dateline serve` end to end: the real binary on a free port of 127.0.0.1, spoken to over a
//! plain TCP socket. Covers escaping of hostile articles (XSS), the bearer token of
//! `POST /api/articles`, malformed queries (400, never 500), the body limit (413), unknown ids
//! (404), the OpenAPI document, pagination, and the article page's highlights.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/reuters-nato-kyiv.txt")
}

const HOSTILE_ID: &str = "evil\"><script>alert(0)</script>";

/// An article that tries every injection we know, in every field.
fn hostile() -> serde_json::Value {
    serde_json::json!({
        "id": HOSTILE_ID,
        "title": "<script>alert(1)</script> Title \"><img src=x onerror=alert(1)>",
        "url": "javascript:alert(1)",
        "outlet": "<b onmouseover=alert(1)>Outlet</b>",
        "published": "2023-09-29",
        "text": "BRUSSELS, Sept 29 (Reuters) - <script>alert(1)</script> NATO Secretary General Jens Stoltenberg said on Friday that \
\"><img src=x onerror=alert(1)> was a hostile string.\n\n\"We will <script>alert(2)</script> keep helping Ukraine as long as it takes,\" \
Stoltenberg told reporters. The <Evil\"Corp> plan is worth 2 billion euros ($2.1 billion).\n\n(Reporting by <i>Mallory</i>)"
    })
}

/// Thirty similar articles (pagination) with one word in common.
fn filler(i: usize) -> serde_json::Value {
    serde_json::json!({
        "id": format!("filler-{i:02}"),
        "published": format!("2023-08-{:02}", 1 + i % 28),
        "text": format!("WARSAW, Aug {} (Reuters) - Polish Defence Minister Mariusz Blaszczak said on Monday that the zebrafinch programme \
would cost {} million zlotys. \"We are ready,\" Blaszczak told reporters in story {i}.", 1 + i % 28, 100 + i),
    })
}

/// The shared database: the example article, the hostile one and the fillers.
fn fixture_db() -> &'static Path {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = tempdir("fixture");
        let jsonl = dir.join("articles.jsonl");
        let mut lines = vec![hostile().to_string()];
        lines.extend((0..30).map(|i| filler(i).to_string()));
        std::fs::write(&jsonl, lines.join("\n") + "\n").unwrap();
        let db = dir.join("fixture.db");
        let out = bin().args(["ingest", "-q", "--db"]).arg(&db).arg(example()).arg(&jsonl).output().unwrap();
        assert!(out.status.success(), "ingest failed: {}", String::from_utf8_lossy(&out.stderr));
        db
    })
}

fn tempdir(name: &str) -> PathBuf {
    // Under target/tmp: removed and remade by each run.
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("dateline-server-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A running `dateline serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(db: &Path, token: Option<&str>, extra: &[&str]) -> Server {
    let mut cmd = bin();
    cmd.args(["serve", "--addr", "127.0.0.1:0", "--db"]).arg(db).args(extra).env_remove("DATELINE_TOKEN");
    if let Some(t) = token {
        // Through the environment variable: --token is the same field.
        cmd.env("DATELINE_TOKEN", t);
    }
    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        if err.read_line(&mut line).unwrap() == 0 {
            let _ = child.wait();
            panic!("dateline serve exited before listening");
        }
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // Keep draining stderr so the server never blocks on it.
    std::thread::spawn(move || {
        let mut sink = String::new();
        let _ = err.read_to_string(&mut sink);
    });
    Server { child, addr }
}

struct Resp {
    status: u16,
    headers: HashMap<String, String>,
    body: String,
}

impl Resp {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

fn request(s: &Server, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n", s.addr, body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // Write the body from another thread: the server may answer (413) before reading it all.
    let mut w = stream.try_clone().unwrap();
    let body = body.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = w.write_all(&body);
    });
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let _ = writer.join();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no HTTP response to {method} {path}: {text:?}"));
    let mut lines = head.lines();
    let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: HashMap<String, String> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string())).collect();
    let body = if headers.get("transfer-encoding").is_some_and(|t| t.contains("chunked")) { unchunk(rest) } else { rest.to_string() };
    Resp { status, headers, body }
}

fn unchunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n..].trim_start_matches("\r\n");
    }
    out
}

fn get(s: &Server, path: &str) -> Resp {
    request(s, "GET", path, &[], b"")
}

fn pct(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// Nothing of a hostile string may reach the page as markup: every tag of the page is one we
/// write (no script, img, b, i or unknown element), no attribute is an event handler, and no
/// link goes to a `javascript:` URL.
fn assert_inert(page: &str, what: &str) {
    const OURS: [&str; 45] = [
        "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "header", "nav", "a", "main", "h1", "h2", "p", "div", "span", "form",
        "label", "input", "select", "option", "button", "ol", "ul", "li", "strong", "code", "mark", "blockquote", "article", "aside",
        "section", "svg", "line", "text", "rect", "table", "tr", "td", "th", "thead", "tbody", "em", "small", "br",
    ];
    let mut rest = page;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let tag = rest.trim_start_matches('/');
        let name: String = tag.chars().take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/').collect();
        assert!(OURS.contains(&name.as_str()), "{what}: unexpected element <{name}> in:\n{page}");
        // The attributes, up to the closing '>' outside quotes.
        let mut in_quote = false;
        let mut end = tag.len();
        for (j, c) in tag.char_indices() {
            match c {
                '"' => in_quote = !in_quote,
                '>' if !in_quote => {
                    end = j;
                    break;
                }
                _ => {}
            }
        }
        let attrs = &tag[name.len()..end];
        let mut in_quote = false;
        let mut word = String::new();
        for c in attrs.chars() {
            match c {
                '"' => in_quote = !in_quote,
                '=' if !in_quote => {
                    let n = word.trim().to_ascii_lowercase();
                    assert!(!n.starts_with("on"), "{what}: event handler attribute {n} in <{name}{attrs}>");
                    word.clear();
                }
                c if c.is_whitespace() && !in_quote => word.clear(),
                c if !in_quote => word.push(c),
                _ => {}
            }
        }
        assert!(!attrs.to_ascii_lowercase().contains("javascript:"), "{what}: javascript: URL in <{name}{attrs}>");
    }
}

#[test]
fn hostile_article_renders_as_text() {
    let s = serve(fixture_db(), None, &[]);
    let page = get(&s, &format!("/articles/{}", pct(HOSTILE_ID)));
    assert_eq!(page.status, 200, "{}", page.body);
    assert_inert(&page.body, "article page");
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the text is shown, escaped");
    assert!(page.body.contains("&lt;") && page.body.contains("Evil&quot;Corp"), "the name with a quote mark is escaped in text and attributes");
    assert!(page.body.contains("&lt;b onmouseover=alert(1)&gt;Outlet&lt;/b&gt;"));
    assert!(page.headers.get("content-security-policy").is_some_and(|c| c.contains("default-src 'none'")));
    // Search results, reflected query, entity and quote pages.
    for path in [
        "/?q=hostile".to_string(),
        format!("/?q={}", pct("<script>alert(1)</script>")),
        format!("/?q=x&speaker={}", pct("\"><img src=x onerror=alert(1)>")),
        "/?kind=quotes&q=helping".to_string(),
        "/quotes?speaker=Stoltenberg".to_string(),
        "/entities/Stoltenberg".to_string(),
        "/?kind=amounts&q=euros".to_string(),
    ] {
        let r = get(&s, &path);
        assert!(r.status == 200 || r.status == 400, "{path}: {}", r.status);
        assert_inert(&r.body, &path);
    }
    let r = get(&s, &format!("/?q={}", pct("<script>alert(1)</script>")));
    assert!(r.body.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""), "the query is echoed escaped");
    // The JSON API returns the strings as they are (JSON, not HTML).
    let rec = get(&s, &format!("/api/articles/{}", pct(HOSTILE_ID))).json();
    assert_eq!(rec["id"], HOSTILE_ID);
}

#[test]
fn post_needs_the_bearer_token() {
    let dir = tempdir("token");
    let db = dir.join("t.db");
    std::fs::copy(fixture_db(), &db).unwrap();
    let article = serde_json::json!({"id": "posted-1", "published": "2023-10-02",
        "text": "KYIV, Oct 2 (Reuters) - Ukrainian President Volodymyr Zelenskiy said the quokkaberry initiative would start soon. \"It is ready,\" Zelenskiy said."});
    let body = article.to_string();
    // A read-only server refuses.
    {
        let s = serve(&db, None, &[]);
        let r = request(&s, "POST", "/api/articles", &[("Authorization", "Bearer anything")], body.as_bytes());
        assert_eq!(r.status, 401, "{}", r.body);
        assert!(r.json()["error"].as_str().unwrap().contains("disabled"));
    }
    let s = serve(&db, Some("s3cret-token"), &[]);
    let r = request(&s, "POST", "/api/articles", &[], body.as_bytes());
    assert_eq!(r.status, 401, "no token: {}", r.body);
    assert_eq!(r.headers.get("www-authenticate").map(String::as_str), Some("Bearer"));
    let r = request(&s, "POST", "/api/articles", &[("Authorization", "Bearer s3cret-tokeN")], body.as_bytes());
    assert_eq!(r.status, 401, "wrong token: {}", r.body);
    let r = request(&s, "POST", "/api/articles", &[("Authorization", "Basic s3cret-token")], body.as_bytes());
    assert_eq!(r.status, 401, "wrong scheme: {}", r.body);
    assert_eq!(get(&s, "/api/search?q=quokkaberry").json()["total"], 0);
    let auth = [("Authorization", "Bearer s3cret-token"), ("Content-Type", "application/json")];
    let r = request(&s, "POST", "/api/articles", &auth, body.as_bytes());
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.json()["stored"], true);
    assert_eq!(r.headers.get("location").map(String::as_str), Some("/api/articles/posted-1"));
    // Searchable at once, and its record served.
    let found = get(&s, "/api/search?q=quokkaberry").json();
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["results"][0]["id"], "posted-1");
    assert_eq!(get(&s, "/api/articles/posted-1").json()["id"], "posted-1");
    let quotes = get(&s, "/api/quotes?speaker=Zelenskiy&q=ready").json();
    assert!(quotes["total"].as_u64().unwrap() >= 1, "{quotes}");
    // Again: nothing added. Same id with another text: conflict. Bad bodies: 400.
    let r = request(&s, "POST", "/api/articles", &auth, body.as_bytes());
    assert_eq!((r.status, r.json()["duplicate"].clone()), (200, serde_json::json!(true)));
    let other = serde_json::json!({"id": "posted-1", "text": "Another text entirely."}).to_string();
    assert_eq!(request(&s, "POST", "/api/articles", &auth, other.as_bytes()).status, 409);
    for bad in ["not json", "[1,2]", "{\"text\": \"no id\"}", "{\"id\": \"x\"}", "{\"id\": \"x\", \"text\": \"   \"}"] {
        let r = request(&s, "POST", "/api/articles", &auth, bad.as_bytes());
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
        assert!(r.json()["error"].is_string());
    }
    assert_eq!(get(&s, "/api/search?q=quokkaberry").json()["total"], 1);
}

#[test]
fn body_limit_is_413() {
    let dir = tempdir("limit");
    let db = dir.join("t.db");
    std::fs::copy(fixture_db(), &db).unwrap();
    let s = serve(&db, Some("tok"), &["--max-body", "20000"]);
    let big = serde_json::json!({"id": "big", "text": "word ".repeat(10_000)}).to_string();
    let r = request(&s, "POST", "/api/articles", &[("Authorization", "Bearer tok")], big.as_bytes());
    assert_eq!(r.status, 413, "{}", r.body);
    assert!(r.json()["error"].is_string());
    // The default limit (2 MB) too.
    let s = serve(&db, Some("tok"), &[]);
    let huge = serde_json::json!({"id": "huge", "text": "word ".repeat(500_000)}).to_string();
    assert_eq!(request(&s, "POST", "/api/articles", &[("Authorization", "Bearer tok")], huge.as_bytes()).status, 413);
    assert_eq!(get(&s, "/api/articles/huge").status, 404);
}

#[test]
fn malformed_queries_are_400_never_500() {
    let s = serve(fixture_db(), None, &[]);
    let long = "a".repeat(1001);
    for q in [
        "q=%22unterminated",
        "q=AND",
        "q=NEAR(",
        "q=a%20OR",
        "q=%2A",
        "q=(((",
        "q=x&from=yesterday",
        "q=x&to=13-2023",
        "q=x&type=ROBOT",
        "q=x&kind=poems",
        "q=x&limit=many",
        "q=x&offset=-1",
        &format!("q={long}"),
    ] {
        let r = get(&s, &format!("/api/search?{q}"));
        assert_eq!(r.status, 400, "{q}: {}", r.body);
        assert!(r.json()["error"].as_str().is_some_and(|m| !m.is_empty()), "{q}");
        let page = get(&s, &format!("/?{q}"));
        assert_eq!(page.status, 400, "page {q}");
        assert!(page.body.contains("class=\"error\""), "page {q} shows the message");
    }
    // Odd but valid queries are fine.
    for q in ["q=%22a%20phrase%22", "q=NATO%20AND%20Kyiv", "q=sanction%2A", "q=%22%3Cscript%3E%22", "q=", "q=%F0%9F%98%80"] {
        let r = get(&s, &format!("/api/search?{q}"));
        assert_eq!(r.status, 200, "{q}: {}", r.body);
    }
    assert_eq!(get(&s, "/api/events?cameo=0%27%3B").status, 400);
    assert_eq!(get(&s, &format!("/api/search?q={}", "a".repeat(5000))).status, 414);
    // Invalid UTF-8 in the query is decoded lossily: no match, no error.
    assert_eq!(get(&s, "/api/search?q=%FF").status, 200);
}

#[test]
fn unknown_ids_are_404() {
    let s = serve(fixture_db(), None, &[]);
    for p in ["/api/articles/no-such-article", "/api/entities/99999999", "/api/entities/Nobody%20Whatsoever", "/api/nope"] {
        let r = get(&s, p);
        assert_eq!(r.status, 404, "{p}");
        assert!(r.json()["error"].is_string());
    }
    for p in ["/articles/no-such-article", "/entities/99999999", "/nope"] {
        let r = get(&s, p);
        assert_eq!(r.status, 404, "{p}");
        assert!(r.headers.get("content-type").is_some_and(|c| c.starts_with("text/html")));
    }
}

#[test]
fn openapi_lists_every_route() {
    let s = serve(fixture_db(), None, &[]);
    let doc = get(&s, "/api/openapi.json").json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for (p, m) in [
        ("/api/search", "get"),
        ("/api/articles", "post"),
        ("/api/articles/{id}", "get"),
        ("/api/entities/{id}", "get"),
        ("/api/quotes", "get"),
        ("/api/amounts", "get"),
        ("/api/events", "get"),
        ("/api/stats", "get"),
        ("/api/openapi.json", "get"),
        ("/", "get"),
        ("/articles/{id}", "get"),
        ("/entities/{id}", "get"),
        ("/quotes", "get"),
    ] {
        assert!(paths.get(p).and_then(|x| x.get(m)).is_some(), "{m} {p} missing from the OpenAPI document");
    }
    // Every $ref points at something that exists.
    let text = doc.to_string();
    for r in text.split("\"$ref\":\"#/").skip(1) {
        let target = r.split('"').next().unwrap();
        let mut v = &doc;
        for part in target.split('/') {
            v = &v[part];
        }
        assert!(!v.is_null(), "dangling $ref {target}");
    }
}

#[test]
fn pagination() {
    let s = serve(fixture_db(), None, &[]);
    let first = get(&s, "/api/search?q=zebrafinch&limit=7").json();
    assert_eq!(first["total"], 30);
    assert_eq!(first["limit"], 7);
    let mut seen = std::collections::BTreeSet::new();
    for off in (0..30).step_by(7) {
        let page = get(&s, &format!("/api/search?q=zebrafinch&limit=7&offset={off}")).json();
        assert_eq!(page["total"], 30);
        for h in page["results"].as_array().unwrap() {
            assert!(seen.insert(h["id"].as_str().unwrap().to_string()), "{h} twice");
        }
    }
    assert_eq!(seen.len(), 30);
    assert_eq!(get(&s, "/api/search?q=zebrafinch&offset=30").json()["results"].as_array().unwrap().len(), 0);
    let capped = get(&s, "/api/search?q=zebrafinch&limit=100000").json();
    assert_eq!(capped["limit"], 100);
    assert_eq!(capped["results"].as_array().unwrap().len(), 30);
    // Paginated lists of the other endpoints.
    let q = get(&s, "/api/quotes?speaker=Blaszczak&limit=4").json();
    assert!(q["total"].as_u64().unwrap() >= 20, "{q}");
    assert_eq!(q["results"].as_array().unwrap().len(), 4);
    let a = get(&s, "/api/amounts?entity=Blaszczak&limit=5&offset=5").json();
    assert!(a["total"].as_u64().unwrap() >= 10, "{a}");
    assert_eq!(a["offset"], 5);
    let e = get(&s, "/api/events?limit=2").json();
    assert!(e["total"].is_u64() && e["results"].is_array(), "{e}");
    // The HTML pager.
    let page = get(&s, "/?q=zebrafinch");
    assert!(page.body.contains("1–20 of 30"), "{}", page.body);
    assert!(page.body.contains("href=\"/?q=zebrafinch&amp;offset=20\""));
    let page2 = get(&s, "/?q=zebrafinch&offset=20");
    assert!(page2.body.contains("21–30 of 30"));
    assert!(page2.body.contains("rel=\"prev\""));
}

#[test]
fn article_page_and_api_match_the_record() {
    let s = serve(fixture_db(), None, &[]);
    // The API serves exactly what `extract` prints.
    let out = bin().arg("extract").arg(example()).output().unwrap();
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let served = get(&s, "/api/articles/reuters-nato-kyiv");
    assert_eq!(served.headers.get("content-type").map(String::as_str), Some("application/json"));
    assert_eq!(served.json(), printed);
    // The page marks entities, quotes (speaker on hover), amounts and dates.
    let page = get(&s, "/articles/reuters-nato-kyiv").body;
    for want in ["class=\"ent t-PERSON\"", "class=\"ent t-ORG\"", "class=\"ent t-PLACE\"", "class=\"quote q-direct\"", "data-speaker=\"Jens Stoltenberg\"", "<mark class=\"amt\"", "<mark class=\"date\""] {
        assert!(page.contains(want), "article page lacks {want}");
    }
    // Follow the first person link to the entity page; it has a timeline and quotes.
    let href = page.split("class=\"ent t-PERSON\" href=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    assert!(href.starts_with("/entities/"));
    let ent = get(&s, &href);
    assert_eq!(ent.status, 200);
    assert!(ent.body.contains("<svg"));
    let stol = get(&s, "/entities/Jens%20Stoltenberg").body;
    assert!(stol.contains("class=\"quote-hit\""), "Stoltenberg's quotes are listed");
    let api = get(&s, "/api/entities/Jens%20Stoltenberg").json();
    assert!(api["quotes_total"].as_u64().unwrap() >= 2, "{api}");
    let key = api["entity"]["key"].as_i64().unwrap();
    assert_eq!(get(&s, &format!("/api/entities/{key}")).json()["entity"]["name"], "Jens Stoltenberg");
    let explorer = get(&s, "/quotes?speaker=Stoltenberg").body;
    assert!(explorer.contains("class=\"quote-hit\""));
    let stats = get(&s, "/api/stats").json();
    assert_eq!(stats["articles"], 32);
}
