//! The HTML pages: search (`/`), article (`/articles/{id}`), entity (`/entities/{id}`) and the
//! quote explorer (`/quotes`).
//!
//! In: the same query parameters as the JSON API. Out: whole HTML documents, rendered with maud
//! (which escapes every interpolated value) plus [`crate::highlight`] for the annotated text.
//! Rule: no stored string reaches the page unescaped; links to outside URLs are made only for
//! `http:`/`https:` URLs; ids in links are percent-encoded. No JavaScript: forms use GET, so
//! every page is a bookmarkable URL. Errors are HTML pages with the right status.

use crate::api::{path_id, with_store, ApiError, Params};
use crate::highlight;
use crate::{pct, App};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use dateline_store::{DayCount, Hit, Kind, QuoteHit, SearchResults};
use dateline_extract::record::{EntityRec, Record};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use std::collections::HashMap;

type Q = Result<Query<HashMap<String, String>>, QueryRejection>;

/// Snippet markers (private-use characters, turned into `<mark>` after escaping).
const M0: &str = "\u{E000}";
const M1: &str = "\u{E001}";

const CSS: &str = r#"
:root{--fg:#1d2330;--muted:#5d6675;--line:#e3e6ec;--accent:#1f5fbf;--bg:#fbfbfd}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header.top{display:flex;align-items:center;gap:2rem;padding:.7rem 1.5rem;background:#1d2330;color:#fff}
header.top a{color:#fff;text-decoration:none}
.brand{font-weight:700;letter-spacing:.02em;font-size:1.15rem}
nav a{margin-right:1.2rem;opacity:.85}
nav a:hover{opacity:1}
main{max-width:70rem;margin:0 auto;padding:1.2rem 1.5rem 3rem}
h1{font-size:1.6rem;line-height:1.25;margin:.6rem 0}
h2{font-size:1.15rem;margin:1.6rem 0 .6rem}
a{color:var(--accent)}
.muted{color:var(--muted)}
.small{font-size:.85rem}
form.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;background:#fff;border:1px solid var(--line);padding:.8rem;border-radius:8px}
form.search label{display:flex;flex-direction:column;font-size:.75rem;color:var(--muted)}
form.search input,form.search select{font:inherit;padding:.35rem .5rem;border:1px solid #c9ced8;border-radius:5px;min-width:7rem}
form.search input[name=q]{min-width:22rem}
button{font:inherit;padding:.4rem 1rem;border:0;border-radius:5px;background:var(--accent);color:#fff;cursor:pointer}
.error{background:#fdecea;border:1px solid #f5c2bd;color:#8a1f11;padding:.6rem .8rem;border-radius:6px;margin:.8rem 0}
ol.results{list-style:none;padding:0}
ol.results li{background:#fff;border:1px solid var(--line);border-radius:8px;padding:.7rem .9rem;margin:.6rem 0}
.snippet{margin:.3rem 0 0}
mark.hit{background:#ffe58a;padding:0 .1em;border-radius:2px}
.pager{display:flex;gap:1rem;align-items:center;margin:1rem 0}
.badge{display:inline-block;font-size:.7rem;font-weight:600;padding:.05rem .4rem;border-radius:4px;background:#eef0f4;color:#333;vertical-align:middle}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 19rem;gap:1.5rem}
@media (max-width:900px){.layout{grid-template-columns:1fr}}
.doc{white-space:pre-wrap;background:#fff;border:1px solid var(--line);border-radius:8px;padding:1.2rem 1.4rem;line-height:2.1;font-size:1.02rem}
aside section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:.6rem .9rem;margin-bottom:1rem}
aside h2{margin:.2rem 0 .5rem;font-size:1rem}
aside ul{margin:0;padding-left:1.1rem}
.legend span,.legend mark{margin-right:.4rem}
.ent,mark.amt,mark.date{padding:.12em .3em;border-radius:.35em;color:inherit;text-decoration:none;line-height:1}
.ent::after,mark.amt::after,mark.date::after{content:attr(data-type);font-size:.58em;font-weight:700;margin-left:.35em;vertical-align:middle;opacity:.7;letter-spacing:.03em}
a.ent:hover{outline:2px solid #0003}
.t-PERSON{background:#d8cffd}.t-ORG{background:#aef2f2}.t-PLACE{background:#fedd9e}.t-NORP{background:#e2c4fc}.t-MISC{background:#e4e4e4}
.ent.credit{background:#eee;opacity:.75}
mark.amt{background:#e4e7a8}
mark.date{background:#bfe1d9}
.quote{text-decoration:underline;text-decoration-color:#d6336c;text-decoration-thickness:2px;text-underline-offset:.3em;background:#fff0f5;position:relative;cursor:help}
.quote.q-indirect{text-decoration-style:dashed;background:#f7f3ff}
.quote:hover{background:#ffdbe8}
.quote:target{background:#ffd0e0}
table{border-collapse:collapse;width:100%;background:#fff}
td,th{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.92rem}
blockquote{margin:.4rem 0;padding:.2rem .8rem;border-left:3px solid #d6336c;background:#fff}
.chart{background:#fff;border:1px solid var(--line);border-radius:8px;padding:.6rem}
.chart rect.bar{fill:#4c7dd6}.chart rect.bar:hover{fill:#d6336c}
.chart text{font-size:11px;fill:#5d6675}
"#;

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · dateline" }
                style { (PreEscaped(CSS)) }
            }
            body {
                header.top {
                    a.brand href="/" { "dateline" }
                    nav {
                        a href="/" { "Search" }
                        a href="/quotes" { "Quotes" }
                        a href="/api/openapi.json" { "API" }
                    }
                }
                main { (body) }
            }
        }
    }
}

fn respond(status: StatusCode, m: Markup) -> Response {
    (status, Html(m.into_string())).into_response()
}

pub(crate) fn error_page(status: StatusCode, message: &str) -> Response {
    let title = status.canonical_reason().unwrap_or("Error");
    respond(
        status,
        layout(
            title,
            html! {
                h1 { (status.as_u16()) " " (title) }
                p.error { (message) }
                p { a href="/" { "Back to search" } }
            },
        ),
    )
}

fn err(e: ApiError) -> Response {
    error_page(e.status, &e.message)
}

/// A snippet with `M0`/`M1` markers: escaped, markers as balanced `<mark>` tags.
fn marked(s: &str) -> Markup {
    let mut out = String::with_capacity(s.len() + 32);
    let mut open = false;
    let mut rest = s;
    loop {
        let next = [M0, M1].iter().filter_map(|m| rest.find(m).map(|i| (i, *m))).min();
        match next {
            Some((i, m)) => {
                highlight::escape_into(&mut out, &rest[..i]);
                if m == M0 && !open {
                    out.push_str("<mark class=\"hit\">");
                    open = true;
                } else if m == M1 && open {
                    out.push_str("</mark>");
                    open = false;
                }
                rest = &rest[i + m.len()..];
            }
            None => {
                highlight::escape_into(&mut out, rest);
                break;
            }
        }
    }
    if open {
        out.push_str("</mark>");
    }
    PreEscaped(out)
}

/// `?k=v&...` from the non-empty pairs.
fn qs(pairs: &[(&str, String)]) -> String {
    let parts: Vec<String> = pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", pct(v))).collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

fn article_href(id: &str) -> String {
    format!("/articles/{}", pct(id))
}

fn quote_href(q: &QuoteHit) -> String {
    format!("/articles/{}#q-{}", pct(&q.article), q.span[0])
}

fn safe_url(u: &str) -> bool {
    let l = u.trim_start().to_ascii_lowercase();
    l.starts_with("https://") || l.starts_with("http://")
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

/// Previous/next links and "a–b of n".
fn pager(path: &str, pairs: &[(&str, String)], res_total: u64, offset: usize, limit: usize, shown: usize) -> Markup {
    let with_offset = |o: usize| {
        let mut p: Vec<(&str, String)> = pairs.iter().filter(|(k, _)| *k != "offset").cloned().collect();
        if o > 0 {
            p.push(("offset", o.to_string()));
        }
        format!("{path}{}", qs(&p))
    };
    html! {
        div.pager {
            @if offset > 0 {
                a rel="prev" href=(with_offset(offset.saturating_sub(limit))) { "← Previous" }
            }
            span.muted {
                @if shown == 0 { "No results" } @else { (offset + 1) "–" (offset + shown) " of " (res_total) }
            }
            @if ((offset + shown) as u64) < res_total {
                a rel="next" href=(with_offset(offset + limit)) { "Next →" }
            }
        }
    }
}

fn speaker_link(q: &QuoteHit) -> Markup {
    html! {
        @match &q.speaker {
            Some(s) => {
                @match s.key {
                    Some(k) => a href=(format!("/entities/{k}")) { (s.name) },
                    None => span { (s.name) },
                }
            },
            None => span.muted { "unknown speaker" },
        }
    }
}

fn quote_item(q: &QuoteHit) -> Markup {
    html! {
        li.quote-hit {
            div { strong { (speaker_link(q)) } " " span.badge { (q.kind) } " " span.muted.small { (opt(&q.published)) } }
            blockquote {
                @match &q.snippet { Some(s) => (marked(s)), None => (q.text) }
            }
            div.small { a href=(quote_href(q)) { "in " (q.article) } }
        }
    }
}

fn results_list(res: &SearchResults) -> Markup {
    html! {
        ol.results {
            @for h in &res.results {
                @match h {
                    Hit::Article(a) => li.article-hit {
                        a href=(article_href(&a.id)) { strong { (a.headline.as_deref().unwrap_or(&a.id)) } }
                        div.muted.small {
                            (opt(&a.published))
                            @if let Some(o) = &a.outlet { " · " (o) }
                            " · " (a.id)
                            @if let Some(c) = &a.copy_of { " · copy of " a href=(article_href(c)) { (c) } }
                        }
                        @if let Some(s) = &a.snippet { p.snippet { (marked(s)) } }
                    },
                    Hit::Quote(q) => (quote_item(q)),
                    Hit::Entity(e) => li.entity-hit {
                        a href=(format!("/entities/{}", e.key)) { strong { (e.name) } }
                        " " span.badge { (e.ty) }
                        span.muted.small { " " (e.articles) " articles, " (e.mentions) " mentions" }
                    },
                    Hit::Amount(x) => li.amount-hit {
                        strong { (x.text) } " " span.badge { (x.kind) }
                        @if let Some(o) = &x.object { " " span { "— " (o) } }
                        div.muted.small {
                            @if let Some(v) = x.value { "value " (v) }
                            @if let Some(c) = &x.currency { " " (c) }
                            @if let Some(u) = &x.unit { " " (u) }
                            @if let Some(u) = x.usd { " (≈ " (u) " USD)" }
                            " · " (opt(&x.published)) " · "
                            a href=(format!("{}", article_href(&x.article))) { (x.article) }
                        }
                    },
                }
            }
        }
    }
}

fn field(p: &Params<'_>, k: &str) -> String {
    p.text(k).ok().flatten().unwrap_or_default()
}

/// `GET /`: the search form and results.
pub(crate) async fn search(State(app): State<App>, q: Q) -> Response {
    let p = match Params::new(q, &app.cfg) {
        Ok(p) => p,
        Err(e) => return err(e),
    };
    let keys = ["q", "kind", "speaker", "entity", "type", "from", "to"];
    let values: Vec<(&str, String)> = keys.iter().map(|k| (*k, field(&p, k))).collect();
    let v = |k: &str| values.iter().find(|(x, _)| *x == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let outcome = match p.kind(Kind::Articles).and_then(|kind| p.search(kind, (M0, M1))) {
        Ok(s) => with_store(&app, move |st| st.search(&s)).await,
        Err(e) => Err(e),
    };
    let kind_v = v("kind");
    let searching = values.iter().any(|(k, v)| *k != "kind" && !v.is_empty());
    let (status, body) = match &outcome {
        Ok(res) => (StatusCode::OK, {
            let mut pairs = values.clone();
            pairs.push(("limit", if res.limit == 20 { String::new() } else { res.limit.to_string() }));
            html! {
                @if !searching { h2 { "Latest" } }
                (pager("/", &pairs, res.total, res.offset, res.limit, res.results.len()))
                (results_list(res))
                @if res.results.len() > 5 { (pager("/", &pairs, res.total, res.offset, res.limit, res.results.len())) }
            }
        }),
        Err(e) => (e.status, html! { div.error role="alert" { strong { "Cannot search: " } (e.message) } }),
    };
    let page = html! {
        h1 { "Search the corpus" }
        form.search method="get" action="/" {
            label { "Words" input type="search" name="q" value=(v("q")) placeholder="air defence, \"grain deal\", NATO AND Kyiv, sanction*" autofocus; }
            label { "Kind"
                select name="kind" {
                    @for (val, name) in [("articles", "Articles"), ("quotes", "Quotes"), ("entities", "Entities"), ("amounts", "Amounts")] {
                        option value=(val) selected[kind_v == val] { (name) }
                    }
                }
            }
            label { "Speaker" input name="speaker" value=(v("speaker")) placeholder="Zelenskiy"; }
            label { "Entity" input name="entity" value=(v("entity")) placeholder="Romania"; }
            label { "Type"
                select name="type" {
                    option value="" { "any" }
                    @for t in ["PERSON", "ORG", "PLACE", "NORP", "MISC"] { option value=(t) selected[v("type") == t] { (t) } }
                }
            }
            label { "From" input name="from" value=(v("from")) placeholder="2023-09" size="10"; }
            label { "To" input name="to" value=(v("to")) placeholder="2023-09-30" size="10"; }
            button type="submit" { "Search" }
        }
        p.muted.small { "Full-text syntax: words, \"a phrase\", AND, OR, NOT, prefix*, NEAR(a b). Dates: YYYY, YYYY-MM or YYYY-MM-DD." }
        (body)
    };
    let title = if v("q").is_empty() { "Search".to_string() } else { format!("{} — search", v("q")) };
    respond(status, layout(&title, page))
}

/// `GET /articles/{id}`: the text with its highlights, and the record's lists beside it.
pub(crate) async fn article(State(app): State<App>, id: Result<Path<String>, PathRejection>) -> Response {
    let id = match path_id(id) {
        Ok(id) => id,
        Err(e) => return err(e),
    };
    let key = id.clone();
    let found = with_store(&app, move |st| match st.article(&key)? {
        Some(a) => Ok(Some((a, st.article_entity_keys(&key)?))),
        None => Ok(None),
    })
    .await;
    let (a, keys) = match found {
        Ok(Some(x)) => x,
        Ok(None) => return error_page(StatusCode::NOT_FOUND, &format!("No article with id “{id}”.")),
        Err(e) => return err(e),
    };
    // A stored record that cannot be read shows as the plain text.
    let rec: Record = a.record().unwrap_or_default();
    let keys: HashMap<String, i64> = keys.into_iter().collect();
    let (text_html, counts) = highlight::render(&a.text, &rec, &keys);
    let headline = rec
        .headline
        .as_ref()
        .map(|h| h.text.clone())
        .or_else(|| a.headline.clone())
        .or_else(|| a.title.clone())
        .unwrap_or_else(|| a.id.clone());
    let mut by_type: Vec<(&str, Vec<&EntityRec>)> = Vec::new();
    for t in ["PERSON", "ORG", "PLACE", "NORP", "MISC"] {
        let list: Vec<&EntityRec> = rec.entities.iter().filter(|e| e.ty == t && !e.credit).collect();
        if !list.is_empty() {
            by_type.push((t, list));
        }
    }
    let (quotes, amounts, themes) = (&rec.quotes, &rec.amounts, &rec.themes);
    let dateline = rec.dateline.as_ref();
    let page = html! {
        h1 { (headline) }
        p.muted {
            @if let Some(p) = &a.published { (p) " · " }
            @if let Some(d) = dateline { (d.place) @if let Some(ag) = d.agency.as_deref().filter(|ag| !ag.is_empty()) { " (" (ag) ")" } " · " }
            @if let Some(o) = &a.outlet { (o) " · " }
            "id " code { (a.id) }
            @if let Some(u) = &a.url { @if safe_url(u) { " · " a href=(u) rel="noopener noreferrer nofollow" { "source" } } }
            " · " a href=(format!("/api/articles/{}", pct(&a.id))) { "JSON record" }
        }
        @if !a.copies.is_empty() {
            p.small { "Same text also stored as: "
                @for (i, c) in a.copies.iter().enumerate() { @if i > 0 { ", " } a href=(article_href(c)) { (c) } }
            }
        }
        p.legend.small {
            span.ent.t-PERSON data-type="PERSON" { "person" } span.ent.t-ORG data-type="ORG" { "organisation" }
            span.ent.t-PLACE data-type="PLACE" { "place" } span.ent.t-NORP data-type="NORP" { "group" }
            mark.amt data-type="MONEY" { "amount" } mark.date data-type="DATE" { "date" }
            span.quote title="Quotes show their speaker on hover" { "quote (hover for the speaker)" }
            span.muted { " — " (counts.entities) " mentions, " (counts.quotes) " quotes, " (counts.amounts) " amounts, " (counts.dates) " dates" }
        }
        div.layout {
            article.doc #text { (PreEscaped(text_html)) }
            aside {
                @if !quotes.is_empty() {
                    section.quotes {
                        h2 { "Quotes" }
                        @for q in quotes {
                            div.small {
                                strong { @match &q.speaker { Some(v) => (v.name), None => "unknown speaker" } }
                                " (" (q.kind) "): "
                                a href=(format!("#q-{}", q.span[0])) { (q.text) }
                            }
                        }
                    }
                }
                @for (t, list) in &by_type {
                    section.entities {
                        h2 { (t) }
                        ul {
                            @for e in list {
                                li {
                                    @match keys.get(&e.id) {
                                        Some(k) => a.entity-link href=(format!("/entities/{k}")) { (e.name) },
                                        None => span { (e.name) },
                                    }
                                    span.muted.small { " ×" (e.mentions.len()) }
                                    @if !e.roles.is_empty() {
                                        div.muted.small { @for (i, r) in e.roles.iter().enumerate() { @if i > 0 { "; " } (r) } }
                                    }
                                }
                            }
                        }
                    }
                }
                @if !amounts.is_empty() {
                    section.amounts {
                        h2 { "Amounts" }
                        ul {
                            @for x in amounts {
                                li.small { strong { (x.text) } @if let Some(o) = x.object.as_deref().filter(|o| !o.is_empty()) { " — " (o) } }
                            }
                        }
                    }
                }
                @if !themes.is_empty() {
                    section.themes {
                        h2 { "Themes" }
                        p.small { @for (i, t) in themes.iter().enumerate() { @if i > 0 { ", " } (t) } }
                    }
                }
            }
        }
    };
    respond(StatusCode::OK, layout(&headline, page))
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (by `jiff`; not a calendar date: `None`).
fn day_number(d: &str) -> Option<i64> {
    let date: jiff::civil::Date = d.get(..10).filter(|_| d.len() == 10)?.parse().ok()?;
    Some(i64::from(date.since(jiff::civil::date(1970, 1, 1)).ok()?.get_days()))
}

/// The date of a day number (inverse of [`day_number`]).
fn day_date(n: i64) -> Option<jiff::civil::Date> {
    jiff::civil::date(1970, 1, 1).checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

/// `YYYY-MM-DD` of a day number.
fn day_label(n: i64) -> String {
    day_date(n).map_or_else(|| "?".to_string(), |d| d.to_string())
}

/// Mentions over time as an SVG bar chart: per day for up to 120 days, else per month (up to
/// 20 years), else per year; empty periods are shown as gaps.
fn timeline(per_day: &[DayCount]) -> Markup {
    let days: Vec<(i64, &DayCount)> = per_day.iter().filter_map(|d| day_number(&d.date).map(|n| (n, d))).collect();
    let (Some(first), Some(last)) = (days.iter().map(|d| d.0).min(), days.iter().map(|d| d.0).max()) else {
        return html! { p.muted { "No dated mentions." } };
    };
    // Bucket of a day number, and its label.
    let month = |n: i64| {
        let d = day_date(n).unwrap_or(jiff::civil::date(1970, 1, 1));
        i64::from(d.year()) * 12 + i64::from(d.month()) - 1
    };
    type Key = Box<dyn Fn(i64) -> i64>;
    type Label = Box<dyn Fn(i64) -> String>;
    let (unit, key, label): (&str, Key, Label) = if last - first <= 120 {
        ("day", Box::new(|n| n), Box::new(day_label))
    } else if month(last) - month(first) <= 240 {
        ("month", Box::new(month), Box::new(|k| format!("{:04}-{:02}", k.div_euclid(12), k.rem_euclid(12) + 1)))
    } else {
        ("year", Box::new(move |n| month(n).div_euclid(12)), Box::new(|k| format!("{k:04}")))
    };
    let (k0, k1) = (key(first), key(last));
    let n = usize::try_from(k1 - k0 + 1).unwrap_or(1).max(1);
    let mut buckets = vec![(0u64, 0u64); n];
    for (d, c) in &days {
        if let Some(b) = usize::try_from(key(*d) - k0).ok().and_then(|i| buckets.get_mut(i)) {
            b.0 += c.mentions;
            b.1 += c.articles;
        }
    }
    let max = buckets.iter().map(|b| b.0).max().unwrap_or(1).max(1);
    let (w, h, left, bottom, top) = (760.0f64, 190.0f64, 40.0f64, 22.0f64, 10.0f64);
    let pw = w - left - 8.0;
    let ph = h - bottom - top;
    let bw = pw / n as f64;
    let total: u64 = buckets.iter().map(|b| b.0).sum();
    html! {
        div.chart {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {w} {h}")) width="100%" role="img"
                aria-label=(format!("Mentions per {unit}: {total} in all, at most {max} in one {unit}")) {
                line x1=(left) y1=(top + ph) x2=(left + pw) y2=(top + ph) stroke="#c9ced8" {}
                line x1=(left) y1=(top) x2=(left) y2=(top + ph) stroke="#c9ced8" {}
                text x=(left - 6.0) y=(top + 9.0) text-anchor="end" { (max) }
                text x=(left - 6.0) y=(top + ph) text-anchor="end" { "0" }
                @for (i, b) in buckets.iter().enumerate() {
                    @if b.0 > 0 {
                        @let bh = (b.0 as f64 / max as f64 * ph).max(1.0);
                        rect.bar x=(format!("{:.2}", left + i as f64 * bw + bw * 0.1)) y=(format!("{:.2}", top + ph - bh))
                            width=(format!("{:.2}", (bw * 0.8).max(0.8))) height=(format!("{bh:.2}")) {
                            title { (label(k0 + i as i64)) ": " (b.0) " mentions in " (b.1) " articles" }
                        }
                    }
                }
                text x=(left) y=(h - 6.0) { (label(k0)) }
                text x=(left + pw) y=(h - 6.0) text-anchor="end" { (label(k1)) }
            }
            p.muted.small { "Mentions per " (unit) " (hover a bar for its count)." }
        }
    }
}

/// `GET /entities/{id}`: profile, timeline and quotes of an entity (by key, or by name).
pub(crate) async fn entity(State(app): State<App>, id: Result<Path<String>, PathRejection>) -> Response {
    let id = match path_id(id) {
        Ok(id) => id,
        Err(e) => return err(e),
    };
    let key = id.clone();
    let found = with_store(&app, move |st| match key.parse::<i64>() {
        Ok(k) => st.entity_profile_by_key(k, 50),
        Err(_) => st.entity_profile(&key, None, 50),
    })
    .await;
    let p = match found {
        Ok(Some(p)) => p,
        Ok(None) => return error_page(StatusCode::NOT_FOUND, &format!("No entity “{id}”.")),
        Err(e) => return err(e),
    };
    let e = &p.entity;
    let page = html! {
        h1 { (e.name) " " span.badge { (e.ty) } }
        p.muted {
            (e.articles) " articles, " (e.mentions) " mentions"
            @if let (Some(a), Some(b)) = (&p.first_seen, &p.last_seen) { ", " (a) " – " (b) }
            " · " a href=(format!("/?kind=articles&entity={}", pct(&e.name))) { "articles" }
            " · " a href=(format!("/api/entities/{}", e.key)) { "JSON" }
        }
        @if !p.roles.is_empty() {
            p { "Roles: " @for (i, (r, n)) in p.roles.iter().take(8).enumerate() { @if i > 0 { "; " } (r) span.muted.small { " ×" (n) } } }
        }
        @if !p.other_matches.is_empty() {
            p.small.muted { "Also matched: "
                @for (i, o) in p.other_matches.iter().enumerate() { @if i > 0 { ", " } a href=(format!("/entities/{}", o.key)) { (o.name) } " (" (o.ty) ")" }
            }
        }
        h2 { "Mentions over time" }
        (timeline(&p.per_day))
        div.layout {
            section {
                h2 { "Quotes " span.muted.small { "(" (p.quotes.len()) " of " (p.quotes_total) ")" } }
                @if p.quotes.is_empty() { p.muted { "No quotes attributed to " (e.name) "." } }
                @else {
                    ol.results { @for q in &p.quotes { (quote_item(q)) } }
                    @if p.quotes_total > p.quotes.len() as u64 {
                        p { a href=(format!("/quotes{}", qs(&[("speaker", e.name.clone())]))) { "All quotes by " (e.name) " →" } }
                    }
                }
            }
            aside {
                @if !p.quoted_by.is_empty() {
                    section { h2 { "Quoted on it by" }
                        ul { @for (sp, n) in &p.quoted_by { li {
                            @match sp.key { Some(k) => a href=(format!("/entities/{k}")) { (sp.name) }, None => span { (sp.name) } }
                            span.muted.small { " ×" (n) }
                        } } }
                    }
                }
                @if !p.co_occurring.is_empty() {
                    section { h2 { "Named with" }
                        ul { @for c in p.co_occurring.iter().take(25) { li {
                            a href=(format!("/entities/{}", c.key)) { (c.name) } " " span.badge { (c.ty) }
                            span.muted.small { " " (c.articles) " articles" }
                        } } }
                    }
                }
            }
        }
    };
    respond(StatusCode::OK, layout(&e.name, page))
}

/// `GET /quotes?speaker=NAME`: the quote explorer.
pub(crate) async fn quotes(State(app): State<App>, q: Q) -> Response {
    let p = match Params::new(q, &app.cfg) {
        Ok(p) => p,
        Err(e) => return err(e),
    };
    let keys = ["speaker", "q", "entity", "from", "to"];
    let values: Vec<(&str, String)> = keys.iter().map(|k| (*k, field(&p, k))).collect();
    let v = |k: &str| values.iter().find(|(x, _)| *x == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let speaker = v("speaker");
    let outcome = match p.search(Kind::Quotes, (M0, M1)) {
        Ok(s) => {
            with_store(&app, move |st| {
                let matched = match &s.speaker {
                    Some(n) => st.find_entities(n, None, 12)?,
                    None => Vec::new(),
                };
                Ok((st.search(&s)?, matched))
            })
            .await
        }
        Err(e) => Err(e),
    };
    let (status, body) = match &outcome {
        Ok((res, matched)) => (
            StatusCode::OK,
            html! {
                @if !matched.is_empty() {
                    p.small { "Speakers matching “" (speaker) "”: "
                        @for (i, m) in matched.iter().enumerate() { @if i > 0 { ", " } a href=(format!("/entities/{}", m.key)) { (m.name) } " (" (m.ty) ")" }
                    }
                }
                (pager("/quotes", &values, res.total, res.offset, res.limit, res.results.len()))
                (results_list(res))
                @if res.results.len() > 5 { (pager("/quotes", &values, res.total, res.offset, res.limit, res.results.len())) }
            },
        ),
        Err(e) => (e.status, html! { div.error role="alert" { strong { "Cannot search: " } (e.message) } }),
    };
    let page = html! {
        h1 { "Quotes" @if !speaker.is_empty() { " by " (speaker) } }
        form.search method="get" action="/quotes" {
            label { "Speaker" input name="speaker" value=(speaker) placeholder="Stoltenberg" autofocus; }
            label { "Words" input type="search" name="q" value=(v("q")) placeholder="air defence"; }
            label { "Mentioning" input name="entity" value=(v("entity")) placeholder="Romania"; }
            label { "From" input name="from" value=(v("from")) size="10"; }
            label { "To" input name="to" value=(v("to")) size="10"; }
            button type="submit" { "Find quotes" }
        }
        (body)
    };
    respond(status, layout(if speaker.is_empty() { "Quotes" } else { &speaker }, page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for d in ["1970-01-01", "2023-09-28", "2000-02-29", "1987-03-01", "2100-12-31"] {
            assert_eq!(day_label(day_number(d).unwrap()), d);
        }
        assert_eq!(day_number("2023-09-28").unwrap() - day_number("2023-08-31").unwrap(), 28);
        assert_eq!(day_number("2023-13-01"), None);
        assert_eq!(day_number("20"), None);
    }

    #[test]
    fn snippets_marks_are_balanced_and_escaped() {
        let s = format!("a{M0}<b>{M1}{M1} c{M0}{M0}d");
        assert_eq!(marked(&s).into_string(), "a<mark class=\"hit\">&lt;b&gt;</mark> c<mark class=\"hit\">d</mark>");
    }

    #[test]
    fn timeline_handles_any_range() {
        let d = |date: &str, n| DayCount { date: date.into(), articles: n, mentions: n };
        for series in [vec![], vec![d("2023-09-28", 3)], vec![d("1987-01-01", 1), d("2023-09-28", 2)], vec![d("bad", 1), d("2023-01-01", 1), d("2023-09-28", 5)]] {
            let svg = timeline(&series).into_string();
            assert!(svg.contains("<svg") || svg.contains("No dated"));
        }
    }
}
