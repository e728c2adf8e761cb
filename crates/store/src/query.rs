//! Reading the store: statistics, articles by id, full-text search with filters and
//! pagination, entity look-up and profiles.
//!
//! In: a [`Store`] and a [`Search`] (or a name, an id). Out: plain serialisable structs, the same
//! for the command line and a server.
//! Rule: the query text is FTS5 syntax (words, "phrases", AND/OR/NOT, prefix*, NEAR); an empty
//! query means "no text condition". Names given as filters (`speaker`, `entity`) match the
//! canonical names of entities, case-insensitively: the exact name and every name containing
//! all the words given, as words ("Blair" → "Blair", "Tony Blair"). A malformed query is [`Error::BadQuery`], never a panic.

use crate::{Error, Result, Store};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};
use serde::Serialize;

/// What a search returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Articles,
    Quotes,
    Entities,
    Amounts,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s.to_ascii_lowercase().as_str() {
            "articles" | "article" => Some(Kind::Articles),
            "quotes" | "quote" => Some(Kind::Quotes),
            "entities" | "entity" => Some(Kind::Entities),
            "amounts" | "amount" => Some(Kind::Amounts),
            _ => None,
        }
    }
}

/// A search: full-text query plus filters, with pagination.
#[derive(Clone, Debug)]
pub struct Search {
    /// FTS5 query; empty: no text condition (filters only).
    pub text: String,
    pub kind: Kind,
    /// Quotes said by this entity (quotes); articles quoting it (articles).
    pub speaker: Option<String>,
    /// Articles or amounts of articles that mention it; quotes whose words mention it; entities
    /// that co-occur with it.
    pub entity: Option<String>,
    /// PERSON | ORG | PLACE | NORP | MISC: narrows `speaker` and `entity`; filters the entities
    /// listed (entities); the speaker's type when no speaker is given (quotes).
    pub ty: Option<String>,
    /// Publication dates, inclusive, YYYY-MM-DD (a prefix such as 2023-09 works too).
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: usize,
    pub offset: usize,
    /// Markers put around the matched words in snippets.
    pub mark: (String, String),
}

impl Default for Search {
    fn default() -> Search {
        Search {
            text: String::new(),
            kind: Kind::Articles,
            speaker: None,
            entity: None,
            ty: None,
            from: None,
            to: None,
            limit: 20,
            offset: 0,
            mark: ("«".into(), "»".into()),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct SearchResults {
    /// How many results match in all (not only this page).
    pub total: u64,
    pub offset: usize,
    pub limit: usize,
    pub results: Vec<Hit>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "hit", rename_all = "lowercase")]
pub enum Hit {
    Article(ArticleHit),
    Quote(QuoteHit),
    Entity(EntityHit),
    Amount(AmountHit),
}

#[derive(Clone, Debug, Serialize)]
pub struct ArticleHit {
    pub id: String,
    pub published: Option<String>,
    pub headline: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// Id of the first stored article with the same text, when this one is a copy.
    pub copy_of: Option<String>,
    pub snippet: Option<String>,
    /// bm25 rank (lower is better); null without a text query.
    pub score: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Speaker {
    /// Global entity key (see [`EntityHit::key`]); null when the speaker is no entity.
    pub key: Option<i64>,
    pub name: String,
    #[serde(rename = "type")]
    pub ty: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct QuoteHit {
    pub article: String,
    pub published: Option<String>,
    pub kind: String,
    pub text: String,
    pub span: [i64; 2],
    pub speaker: Option<Speaker>,
    pub cue: Option<String>,
    pub snippet: Option<String>,
    pub score: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct EntityHit {
    /// Global key of the entity in this store (stable for the life of the database).
    pub key: i64,
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    /// Articles that name it (within the date filter, if any).
    pub articles: u64,
    pub mentions: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct AmountHit {
    pub article: String,
    pub published: Option<String>,
    pub kind: String,
    pub text: String,
    pub span: [i64; 2],
    pub value: Option<f64>,
    pub high: Option<f64>,
    pub currency: Option<String>,
    pub unit: Option<String>,
    pub qualifier: Option<String>,
    pub object: Option<String>,
    pub usd: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Stats {
    pub articles: u64,
    /// Distinct entities across the corpus (canonical name + type).
    pub entities: u64,
    pub quotes: u64,
    pub article_entities: u64,
    pub mentions: u64,
    pub amounts: u64,
    pub dates: u64,
    pub events: u64,
    /// Articles whose text is a copy of another stored article's.
    pub copies: u64,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    pub schema_version: i64,
}

/// One stored article with its output record.
#[derive(Clone, Debug, Serialize)]
pub struct StoredArticle {
    pub id: String,
    pub text: String,
    pub title: Option<String>,
    pub headline: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub copy_of: Option<String>,
    /// Ids of the other stored articles with the same text.
    pub copies: Vec<String>,
    /// The output record, as JSON text (exactly what `extract` printed).
    #[serde(skip)]
    pub record_json: String,
}

/// The columns [`stored_article`] reads, first in a query over `articles a` joined with the
/// article it is a copy of, `o`.
const ARTICLE_COLUMNS: &str = "a.id, a.text, a.title, a.headline, a.published, a.url, a.outlet, o.id, a.record";

/// A [`StoredArticle`] (without its copies) from a row that starts with [`ARTICLE_COLUMNS`].
fn stored_article(r: &Row<'_>) -> rusqlite::Result<StoredArticle> {
    Ok(StoredArticle {
        id: r.get(0)?,
        text: r.get(1)?,
        title: r.get(2)?,
        headline: r.get(3)?,
        published: r.get(4)?,
        url: r.get(5)?,
        outlet: r.get(6)?,
        copy_of: r.get(7)?,
        record_json: r.get(8)?,
        copies: Vec::new(),
    })
}

impl StoredArticle {
    /// The output record, read typed (the one record type of `dateline_extract::record`).
    pub fn record(&self) -> Result<dateline_extract::record::Record> {
        Ok(serde_json::from_str(&self.record_json)?)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct DayCount {
    pub date: String,
    pub articles: u64,
    pub mentions: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct CoEntity {
    pub key: i64,
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    /// Articles that name both.
    pub articles: u64,
}

/// An entity's profile.
#[derive(Clone, Debug, Serialize)]
pub struct Profile {
    pub entity: EntityHit,
    /// Roles given to it, most frequent first ("NATO Secretary General").
    pub roles: Vec<(String, u64)>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// Articles and mentions per publication day (days with none are left out), oldest first.
    pub per_day: Vec<DayCount>,
    /// Quotes it said, newest first (up to the limit).
    pub quotes: Vec<QuoteHit>,
    pub quotes_total: u64,
    /// Speakers of quotes whose words mention it, most quotes first.
    pub quoted_by: Vec<(Speaker, u64)>,
    /// Entities named in the same articles, most shared articles first (credits left out).
    pub co_occurring: Vec<CoEntity>,
    /// Other entities whose names matched too (when looked up by name).
    pub other_matches: Vec<EntityHit>,
}

const TYPES: [&str; 5] = ["PERSON", "ORG", "PLACE", "NORP", "MISC"];

/// Normalises an entity type given by a user (`person`, `PER`, `LOC`, `GPE` are understood).
pub fn parse_type(s: &str) -> Result<&'static str> {
    let u = s.trim().to_ascii_uppercase();
    let t = match u.as_str() {
        "PER" | "PERSON" => "PERSON",
        "ORG" | "ORGANIZATION" | "ORGANISATION" => "ORG",
        "LOC" | "PLACE" | "GPE" => "PLACE",
        "NORP" => "NORP",
        "MISC" => "MISC",
        _ => return Err(Error::BadQuery(format!("unknown entity type {s:?}; want one of {}", TYPES.join(", ")))),
    };
    Ok(t)
}

/// Checks a date filter: YYYY, YYYY-MM or YYYY-MM-DD. Returns the inclusive lower / upper bound
/// as a string comparable with stored `YYYY-MM-DD` dates.
fn date_bound(s: &str, upper: bool) -> Result<String> {
    let s = s.trim();
    let ok = match s.len() {
        4 => s.bytes().all(|b| b.is_ascii_digit()),
        7 => s.as_bytes().get(4) == Some(&b'-') && s.bytes().enumerate().all(|(i, b)| i == 4 || b.is_ascii_digit()),
        10 => {
            let b = s.as_bytes();
            b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-') && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        }
        _ => false,
    };
    if !ok {
        return Err(Error::BadQuery(format!("{s:?} is not a date (want YYYY-MM-DD, YYYY-MM or YYYY)")));
    }
    // "2023-09" as an upper bound means the whole month: compare against "2023-09\u{10ffff}".
    Ok(if upper && s.len() < 10 { format!("{s}\u{10ffff}") } else { s.to_string() })
}

/// Turns SQLite errors caused by the query text into [`Error::BadQuery`].
fn classify(e: rusqlite::Error) -> Error {
    let msg = e.to_string();
    let m = msg.to_ascii_lowercase();
    if m.contains("fts5") || m.contains("no such column") || m.contains("unterminated string") || m.contains("unknown special query") {
        Error::BadQuery(format!("{msg} (full-text syntax: words, \"a phrase\", AND, OR, NOT, prefix*, NEAR(a b); quote words with symbols)"))
    } else {
        Error::Sqlite(e)
    }
}

/// A WHERE clause under construction.
#[derive(Default)]
struct Where {
    conds: Vec<String>,
    args: Vec<Value>,
}

impl Where {
    /// Adds a condition whose `?` placeholders take `args`, in order.
    fn add(&mut self, cond: &str, args: impl IntoIterator<Item = Value>) {
        let mut c = String::with_capacity(cond.len() + 8);
        let mut n = self.args.len();
        for ch in cond.chars() {
            if ch == '?' {
                n += 1;
                c.push_str(&format!("?{n}"));
            } else {
                c.push(ch);
            }
        }
        self.conds.push(c);
        self.args.extend(args);
    }
    fn sql(&self) -> String {
        if self.conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.conds.join(" AND "))
        }
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn ids_sql(ids: &[i64]) -> String {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("({})", list.join(","))
}

fn u(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Store {
    pub fn stats(&self) -> Result<Stats> {
        let c = &self.conn;
        let count = |t: &str| -> Result<u64> { Ok(u(c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?)) };
        let (first, last): (Option<String>, Option<String>) =
            c.query_row("SELECT min(published), max(published) FROM articles", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(Stats {
            articles: count("articles")?,
            entities: count("entities")?,
            quotes: count("quotes")?,
            article_entities: count("article_entities")?,
            mentions: count("mentions")?,
            amounts: count("amounts")?,
            dates: count("dates")?,
            events: count("events")?,
            copies: count("articles WHERE copy_of IS NOT NULL")?,
            first_published: first,
            last_published: last,
            schema_version: crate::schema::version(c)?,
        })
    }

    /// Calls `f` with every stored article and its record, in storage (ingest) order; stops at
    /// the first error of `f`. (`copies` is left empty.) Returns how many articles it read.
    pub fn for_each_article(&self, f: &mut dyn FnMut(StoredArticle) -> Result<()>) -> Result<u64> {
        let mut stmt = self.conn.prepare(&format!("SELECT {ARTICLE_COLUMNS} FROM articles a LEFT JOIN articles o ON o.rowid = a.copy_of ORDER BY a.rowid"))?;
        let mut rows = stmt.query([])?;
        let mut n = 0u64;
        while let Some(r) = rows.next()? {
            f(stored_article(r)?)?;
            n += 1;
        }
        Ok(n)
    }

    /// One article by id, with its record; `None` if no such id.
    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>> {
        let row = self
            .conn
            .query_row(
                &format!(
                    "SELECT {ARTICLE_COLUMNS}, a.rowid, coalesce(a.copy_of, a.rowid)
                     FROM articles a LEFT JOIN articles o ON o.rowid = a.copy_of WHERE a.id = ?1"
                ),
                [id],
                |r| Ok((r.get::<_, i64>(9)?, stored_article(r)?, r.get::<_, i64>(10)?)),
            )
            .optional()?;
        let Some((rowid, mut art, original)) = row else { return Ok(None) };
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM articles WHERE (rowid = ?1 OR copy_of = ?1) AND rowid <> ?2 ORDER BY rowid",
        )?;
        art.copies = stmt.query_map(params![original, rowid], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(Some(art))
    }

    /// Entities whose canonical name matches `name` (see the module doc), most articles first.
    pub fn find_entities(&self, name: &str, ty: Option<&str>, limit: usize) -> Result<Vec<EntityHit>> {
        let ids = self.resolve(name, ty)?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT e.eid, e.name, e.type, count(DISTINCT ae.article), coalesce(sum(ae.mentions), 0)
             FROM entities e LEFT JOIN article_entities ae ON ae.entity = e.eid
             WHERE e.eid IN {} GROUP BY e.eid ORDER BY 4 DESC, e.name LIMIT ?1",
            ids_sql(&ids)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([limit as i64], entity_hit)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Keys of the entities a user's name designates: the exact name (case-insensitive) and
    /// every name containing all its words as words ("Blair" → "Blair", "Tony Blair"). At most
    /// 2000.
    fn resolve(&self, name: &str, ty: Option<&str>) -> Result<Vec<i64>> {
        let name = name.trim();
        if name.is_empty() {
            return Ok(Vec::new());
        }
        let ty = ty.map(parse_type).transpose()?;
        // Each word as an FTS5 string (implicit AND); words without letters or digits are left
        // out (they would be no token).
        let words: Vec<String> = name
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
            .collect();
        let tyc = if ty.is_some() { " AND e.type = ?3" } else { "" };
        let mut sql = format!("SELECT e.eid FROM entities e WHERE e.name = ?1 COLLATE NOCASE{tyc}");
        if !words.is_empty() {
            sql.push_str(&format!(
                " UNION SELECT e.eid FROM entities_fts JOIN entities e ON e.eid = entities_fts.rowid WHERE entities_fts MATCH ?2{tyc}"
            ));
        }
        sql.push_str(" LIMIT 2000");
        let args = [text(name), text(&words.join(" ")), text(ty.unwrap_or(""))];
        let mut stmt = self.conn.prepare(&sql).map_err(classify)?;
        let n = if ty.is_some() { 3 } else if words.is_empty() { 1 } else { 2 };
        let out = stmt.query_map(params_from_iter(args[..n].iter()), |r| r.get(0)).map_err(classify)?.collect::<rusqlite::Result<_>>().map_err(classify)?;
        Ok(out)
    }

    /// Full-text search with filters; see [`Search`].
    pub fn search(&self, s: &Search) -> Result<SearchResults> {
        let ty = s.ty.as_deref().map(parse_type).transpose()?;
        let from = s.from.as_deref().map(|d| date_bound(d, false)).transpose()?;
        let to = s.to.as_deref().map(|d| date_bound(d, true)).transpose()?;
        let q = s.text.trim();
        // A name filter that matches nothing gives no results (not everything).
        let empty = |total| SearchResults { total, offset: s.offset, limit: s.limit, results: Vec::new() };
        let speaker = match &s.speaker {
            Some(n) => {
                let ids = self.resolve(n, ty)?;
                if ids.is_empty() {
                    return Ok(empty(0));
                }
                Some(ids)
            }
            None => None,
        };
        let entity = match &s.entity {
            Some(n) => {
                let ids = self.resolve(n, if s.speaker.is_some() { None } else { ty })?;
                if ids.is_empty() {
                    return Ok(empty(0));
                }
                Some(ids)
            }
            None => None,
        };
        let mut w = Where::default();
        if let Some(f) = from {
            w.add("a.published >= ?", [Value::Text(f)]);
        }
        if let Some(t) = to {
            w.add("a.published <= ?", [Value::Text(t)]);
        }
        let (m0, m1) = (text(&s.mark.0), text(&s.mark.1));
        let limit = s.limit.min(10_000) as i64;
        let offset = s.offset.min(i64::MAX as usize) as i64;
        let (from_sql, select, order) = match s.kind {
            Kind::Articles => {
                if let Some(ids) = &entity {
                    w.add(&format!("a.rowid IN (SELECT ae.article FROM article_entities ae WHERE ae.entity IN {})", ids_sql(ids)), []);
                }
                if let Some(ids) = &speaker {
                    w.add(&format!("a.rowid IN (SELECT q.article FROM quotes q WHERE q.speaker IN {})", ids_sql(ids)), []);
                }
                if q.is_empty() {
                    ("articles a".to_string(), "a.id, a.published, a.headline, a.outlet, a.url, o.id, NULL, NULL".to_string(), "a.published DESC, a.rowid")
                } else {
                    w.add("articles_fts MATCH ?", [text(q)]);
                    let base = w.args.len();
                    w.args.push(m0);
                    w.args.push(m1);
                    (
                        "articles_fts JOIN articles a ON a.rowid = articles_fts.rowid".to_string(),
                        format!("a.id, a.published, a.headline, a.outlet, a.url, o.id, snippet(articles_fts, 1, ?{}, ?{}, '…', 16), bm25(articles_fts, 5.0, 1.0)", base + 1, base + 2),
                        "bm25(articles_fts, 5.0, 1.0), a.rowid"
                    )
                }
            }
            Kind::Quotes => {
                if let Some(ids) = &speaker {
                    w.add(&format!("q.speaker IN {}", ids_sql(ids)), []);
                } else if let Some(t) = ty {
                    w.add("se.type = ?", [text(t)]);
                }
                if let Some(ids) = &entity {
                    // The entity is named inside the quoted words.
                    w.add(
                        &format!(
                            "q.article IN (SELECT m.article FROM mentions m WHERE m.entity IN {ids}) AND EXISTS (SELECT 1 FROM mentions m WHERE m.article = q.article AND m.entity IN {ids} AND m.start >= q.start AND m.end <= q.end)",
                            ids = ids_sql(ids)
                        ),
                        [],
                    );
                }
                let sel = "a.id, a.published, q.kind, q.text, q.start, q.end, q.speaker, q.speaker_name, se.type, q.cue";
                if q.is_empty() {
                    (
                        "quotes q JOIN articles a ON a.rowid = q.article LEFT JOIN entities se ON se.eid = q.speaker".to_string(),
                        format!("{sel}, NULL, NULL"),
                        "a.published DESC, q.qid",
                    )
                } else {
                    w.add("quotes_fts MATCH ?", [text(q)]);
                    let base = w.args.len();
                    w.args.push(m0);
                    w.args.push(m1);
                    (
                        "quotes_fts JOIN quotes q ON q.qid = quotes_fts.rowid JOIN articles a ON a.rowid = q.article LEFT JOIN entities se ON se.eid = q.speaker"
                            .to_string(),
                        format!("{sel}, snippet(quotes_fts, 0, ?{}, ?{}, '…', 24), bm25(quotes_fts)", base + 1, base + 2),
                        "bm25(quotes_fts), q.qid"
                    )
                }
            }
            Kind::Amounts => {
                if let Some(ids) = &entity {
                    w.add(&format!("a.rowid IN (SELECT ae.article FROM article_entities ae WHERE ae.entity IN {})", ids_sql(ids)), []);
                }
                if let Some(ids) = &speaker {
                    w.add(&format!("a.rowid IN (SELECT q.article FROM quotes q WHERE q.speaker IN {})", ids_sql(ids)), []);
                }
                let sel = "a.id, a.published, x.kind, x.text, x.start, x.end, x.value, x.high, x.currency, x.unit, x.qualifier, x.object, x.usd";
                if q.is_empty() {
                    ("amounts x JOIN articles a ON a.rowid = x.article".to_string(), sel.to_string(), "a.published DESC, x.aid")
                } else {
                    w.add("amounts_fts MATCH ?", [text(q)]);
                    (
                        "amounts_fts JOIN amounts x ON x.aid = amounts_fts.rowid JOIN articles a ON a.rowid = x.article".to_string(),
                        sel.to_string(),
                        "bm25(amounts_fts), x.aid"
                    )
                }
            }
            Kind::Entities => return self.search_entities(s, q, ty, entity.as_deref(), w),
        };
        let join_copy = if s.kind == Kind::Articles { " LEFT JOIN articles o ON o.rowid = a.copy_of" } else { "" };
        // Count with the filters only (the snippet markers are the last two args, if any).
        let n_filter_args = match (s.kind, q.is_empty()) {
            (Kind::Articles | Kind::Quotes, false) => w.args.len() - 2,
            _ => w.args.len(),
        };
        let count_sql = format!("SELECT count(*) FROM {from_sql} {}", w.sql());
        let total: i64 = self
            .conn
            .prepare(&count_sql)
            .map_err(classify)?
            .query_row(params_from_iter(w.args[..n_filter_args].iter()), |r| r.get(0))
            .map_err(classify)?;
        let n = w.args.len();
        let sql = format!("SELECT {select} FROM {from_sql}{join_copy} {} ORDER BY {order} LIMIT ?{} OFFSET ?{}", w.sql(), n + 1, n + 2);
        let mut args = w.args;
        args.push(Value::Integer(limit));
        args.push(Value::Integer(offset));
        let mut stmt = self.conn.prepare(&sql).map_err(classify)?;
        let kind = s.kind;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), |r| match kind {
                Kind::Articles => Ok(Hit::Article(ArticleHit {
                    id: r.get(0)?,
                    published: r.get(1)?,
                    headline: r.get(2)?,
                    outlet: r.get(3)?,
                    url: r.get(4)?,
                    copy_of: r.get(5)?,
                    snippet: r.get(6)?,
                    score: r.get(7)?,
                })),
                Kind::Quotes => quote_hit(r).map(Hit::Quote),
                _ => amount_hit(r).map(Hit::Amount),
            })
            .map_err(classify)?;
        let results = rows.collect::<rusqlite::Result<Vec<Hit>>>().map_err(classify)?;
        Ok(SearchResults { total: u(total), offset: s.offset, limit: s.limit, results })
    }

    fn search_entities(&self, s: &Search, q: &str, ty: Option<&str>, with: Option<&[i64]>, mut w: Where) -> Result<SearchResults> {
        if let Some(t) = ty {
            w.add("e.type = ?", [text(t)]);
        }
        if let Some(ids) = with {
            // Entities named in the same articles as the --entity ones (not those themselves).
            w.add(
                &format!(
                    "e.eid NOT IN {ids} AND ae.article IN (SELECT w.article FROM article_entities w WHERE w.entity IN {ids})",
                    ids = ids_sql(ids)
                ),
                [],
            );
        }
        if let Some(sp) = &s.speaker {
            let _ = sp; // speakers make no sense for listing entities; ignored (documented).
        }
        let from_sql = if q.is_empty() {
            "entities e JOIN article_entities ae ON ae.entity = e.eid JOIN articles a ON a.rowid = ae.article".to_string()
        } else {
            w.add("entities_fts MATCH ?", [text(q)]);
            "entities_fts JOIN entities e ON e.eid = entities_fts.rowid JOIN article_entities ae ON ae.entity = e.eid JOIN articles a ON a.rowid = ae.article"
                .to_string()
        };
        let total: i64 = self
            .conn
            .prepare(&format!("SELECT count(DISTINCT e.eid) FROM {from_sql} {}", w.sql()))
            .map_err(classify)?
            .query_row(params_from_iter(w.args.iter()), |r| r.get(0))
            .map_err(classify)?;
        let n = w.args.len();
        let sql = format!(
            "SELECT e.eid, e.name, e.type, count(DISTINCT ae.article), sum(ae.mentions) FROM {from_sql} {} GROUP BY e.eid ORDER BY 4 DESC, 5 DESC, e.name LIMIT ?{} OFFSET ?{}",
            w.sql(),
            n + 1,
            n + 2
        );
        let mut args = w.args;
        args.push(Value::Integer(s.limit.min(10_000) as i64));
        args.push(Value::Integer(s.offset.min(i64::MAX as usize) as i64));
        let mut stmt = self.conn.prepare(&sql).map_err(classify)?;
        let rows = stmt.query_map(params_from_iter(args.iter()), |r| entity_hit(r).map(Hit::Entity)).map_err(classify)?;
        let results = rows.collect::<rusqlite::Result<Vec<Hit>>>().map_err(classify)?;
        Ok(SearchResults { total: u(total), offset: s.offset, limit: s.limit, results })
    }

    /// The profile of the entity that best matches `name` (most articles), or `None`.
    pub fn entity_profile(&self, name: &str, ty: Option<&str>, limit: usize) -> Result<Option<Profile>> {
        let mut found = self.find_entities(name, ty, 11)?;
        if found.is_empty() {
            return Ok(None);
        }
        let best = found.remove(0);
        let mut p = self.profile_of(best, limit)?;
        p.other_matches = found;
        Ok(Some(p))
    }

    /// The profile of the entity with this key (see [`EntityHit::key`]), or `None`.
    pub fn entity_profile_by_key(&self, key: i64, limit: usize) -> Result<Option<Profile>> {
        let hit = self
            .conn
            .query_row(
                "SELECT e.eid, e.name, e.type, count(DISTINCT ae.article), coalesce(sum(ae.mentions), 0)
                 FROM entities e LEFT JOIN article_entities ae ON ae.entity = e.eid WHERE e.eid = ?1 GROUP BY e.eid",
                [key],
                entity_hit,
            )
            .optional()?;
        match hit {
            Some(h) => Ok(Some(self.profile_of(h, limit)?)),
            None => Ok(None),
        }
    }

    fn profile_of(&self, entity: EntityHit, limit: usize) -> Result<Profile> {
        let c = &self.conn;
        let key = entity.key;
        let lim = limit.min(10_000) as i64;
        let mut roles: std::collections::BTreeMap<String, u64> = Default::default();
        let mut stmt = c.prepare_cached("SELECT roles FROM article_entities WHERE entity = ?1 AND roles <> '[]'")?;
        for r in stmt.query_map([key], |r| r.get::<_, String>(0))? {
            // Stored by us as a JSON array; a bad row is skipped, not fatal.
            if let Ok(list) = serde_json::from_str::<Vec<String>>(&r?) {
                for role in list {
                    *roles.entry(role).or_default() += 1;
                }
            }
        }
        let mut roles: Vec<(String, u64)> = roles.into_iter().collect();
        roles.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        roles.truncate(20);

        let mut stmt = c.prepare_cached(
            "SELECT a.published, count(*), sum(ae.mentions) FROM article_entities ae JOIN articles a ON a.rowid = ae.article
             WHERE ae.entity = ?1 AND a.published IS NOT NULL GROUP BY a.published ORDER BY a.published",
        )?;
        let per_day: Vec<DayCount> = stmt
            .query_map([key], |r| Ok(DayCount { date: r.get(0)?, articles: u(r.get(1)?), mentions: u(r.get(2)?) }))?
            .collect::<rusqlite::Result<_>>()?;

        let mut stmt = c.prepare_cached(
            "SELECT a.id, a.published, q.kind, q.text, q.start, q.end, q.speaker, q.speaker_name, se.type, q.cue, NULL, NULL
             FROM quotes q JOIN articles a ON a.rowid = q.article LEFT JOIN entities se ON se.eid = q.speaker
             WHERE q.speaker = ?1 ORDER BY a.published DESC, q.qid LIMIT ?2",
        )?;
        let quotes: Vec<QuoteHit> = stmt.query_map(params![key, lim], quote_hit)?.collect::<rusqlite::Result<_>>()?;
        let quotes_total: i64 = c.query_row("SELECT count(*) FROM quotes WHERE speaker = ?1", [key], |r| r.get(0))?;

        let mut stmt = c.prepare_cached(
            "SELECT q.speaker, coalesce(se.name, q.speaker_name), se.type, count(DISTINCT q.qid) FROM mentions m
             JOIN quotes q ON q.article = m.article AND m.start >= q.start AND m.end <= q.end
             LEFT JOIN entities se ON se.eid = q.speaker
             WHERE m.entity = ?1 AND q.speaker_name IS NOT NULL AND (q.speaker IS NULL OR q.speaker <> ?1)
             GROUP BY coalesce(q.speaker, q.speaker_name) ORDER BY 4 DESC, 2 LIMIT ?2",
        )?;
        let quoted_by: Vec<(Speaker, u64)> = stmt
            .query_map(params![key, lim], |r| Ok((Speaker { key: r.get(0)?, name: r.get(1)?, ty: r.get(2)? }, u(r.get(3)?))))?
            .collect::<rusqlite::Result<_>>()?;

        let mut stmt = c.prepare_cached(
            "SELECT e.eid, e.name, e.type, count(DISTINCT o.article) FROM article_entities me
             JOIN article_entities o ON o.article = me.article AND o.entity <> me.entity AND o.credit = 0
             JOIN entities e ON e.eid = o.entity
             WHERE me.entity = ?1 GROUP BY e.eid ORDER BY 4 DESC, e.name LIMIT ?2",
        )?;
        let co_occurring: Vec<CoEntity> = stmt
            .query_map(params![key, lim], |r| Ok(CoEntity { key: r.get(0)?, name: r.get(1)?, ty: r.get(2)?, articles: u(r.get(3)?) }))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Profile {
            entity,
            roles,
            first_seen: per_day.first().map(|d| d.date.clone()),
            last_seen: per_day.last().map(|d| d.date.clone()),
            per_day,
            quotes,
            quotes_total: u(quotes_total),
            quoted_by,
            co_occurring,
            other_matches: Vec::new(),
        })
    }

    /// Quotes said by the entities matching `speaker`, newest first (a convenience over
    /// [`Store::search`] for servers).
    pub fn quotes_by_speaker(&self, speaker: &str, limit: usize, offset: usize) -> Result<SearchResults> {
        self.search(&Search { kind: Kind::Quotes, speaker: Some(speaker.to_string()), limit, offset, ..Search::default() })
    }

    /// Amounts of the articles naming `entity` (all amounts when `None`), newest first.
    pub fn amounts(&self, entity: Option<&str>, limit: usize, offset: usize) -> Result<SearchResults> {
        self.search(&Search { kind: Kind::Amounts, entity: entity.map(str::to_string), limit, offset, ..Search::default() })
    }
}

fn entity_hit(r: &Row<'_>) -> rusqlite::Result<EntityHit> {
    Ok(EntityHit { key: r.get(0)?, name: r.get(1)?, ty: r.get(2)?, articles: u(r.get(3)?), mentions: u(r.get::<_, Option<i64>>(4)?.unwrap_or(0)) })
}

/// Columns: article id, published, kind, text, start, end, speaker key, speaker name, speaker
/// type, cue, snippet, score.
fn quote_hit(r: &Row<'_>) -> rusqlite::Result<QuoteHit> {
    let key: Option<i64> = r.get(6)?;
    let name: Option<String> = r.get(7)?;
    Ok(QuoteHit {
        article: r.get(0)?,
        published: r.get(1)?,
        kind: r.get(2)?,
        text: r.get(3)?,
        span: [r.get(4)?, r.get(5)?],
        speaker: match name {
            Some(name) => Some(Speaker { key, name, ty: r.get(8)? }),
            None => None,
        },
        cue: r.get(9)?,
        snippet: r.get(10)?,
        score: r.get(11)?,
    })
}

/// Columns: article id, published, kind, text, start, end, value, high, currency, unit,
/// qualifier, object, usd.
fn amount_hit(r: &Row<'_>) -> rusqlite::Result<AmountHit> {
    Ok(AmountHit {
        article: r.get(0)?,
        published: r.get(1)?,
        kind: r.get(2)?,
        text: r.get(3)?,
        span: [r.get(4)?, r.get(5)?],
        value: r.get(6)?,
        high: r.get(7)?,
        currency: r.get(8)?,
        unit: r.get(9)?,
        qualifier: r.get(10)?,
        object: r.get(11)?,
        usd: r.get(12)?,
    })
}

// ---------------------------------------------------------------------------------------------
// Events and article entity keys (for the server).

/// Filters of [`Store::events`].
#[derive(Clone, Debug, Default)]
pub struct EventQuery {
    /// Events whose source or target is an entity matching this name (see the module doc).
    pub entity: Option<String>,
    /// CAMEO code prefix ("04" for all CONSULT codes, "042" exactly).
    pub cameo: Option<String>,
    /// PLOVER category, case-insensitive ("CONSULT").
    pub plover: Option<String>,
    /// Publication dates of the articles, inclusive (YYYY-MM-DD, YYYY-MM or YYYY).
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// One side of an event.
#[derive(Clone, Debug, Serialize)]
pub struct EventActor {
    /// Global entity key; null when the actor is no stored entity.
    pub key: Option<i64>,
    pub name: Option<String>,
    pub code: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct EventHit {
    pub article: String,
    pub published: Option<String>,
    pub cameo: String,
    pub plover: String,
    pub quad_class: i64,
    pub goldstein: f64,
    pub source: EventActor,
    pub target: EventActor,
    pub span: [i64; 2],
    /// The words of the span (the sentence coded).
    pub text: String,
    pub date: Option<String>,
    pub negated: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct EventResults {
    pub total: u64,
    pub offset: usize,
    pub limit: usize,
    pub results: Vec<EventHit>,
}

impl Store {
    /// Coded events with filters, newest article first.
    pub fn events(&self, f: &EventQuery) -> Result<EventResults> {
        let from = f.from.as_deref().map(|d| date_bound(d, false)).transpose()?;
        let to = f.to.as_deref().map(|d| date_bound(d, true)).transpose()?;
        let mut w = Where::default();
        if let Some(n) = &f.entity {
            let ids = self.resolve(n, None)?;
            if ids.is_empty() {
                return Ok(EventResults { total: 0, offset: f.offset, limit: f.limit, results: Vec::new() });
            }
            let list = ids_sql(&ids);
            w.add(&format!("(ev.source IN {list} OR ev.target IN {list})"), []);
        }
        if let Some(c) = f.cameo.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            if !c.bytes().all(|b| b.is_ascii_alphanumeric()) || c.len() > 8 {
                return Err(Error::BadQuery(format!("{c:?} is not a CAMEO code (digits, e.g. 042)")));
            }
            w.add("ev.cameo LIKE ?", [Value::Text(format!("{c}%"))]);
        }
        if let Some(p) = f.plover.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            w.add("ev.plover = ? COLLATE NOCASE", [text(p)]);
        }
        if let Some(d) = from {
            w.add("a.published >= ?", [Value::Text(d)]);
        }
        if let Some(d) = to {
            w.add("a.published <= ?", [Value::Text(d)]);
        }
        let from_sql = "events ev JOIN articles a ON a.rowid = ev.article";
        let total: i64 = self
            .conn
            .prepare(&format!("SELECT count(*) FROM {from_sql} {}", w.sql()))
            .map_err(classify)?
            .query_row(params_from_iter(w.args.iter()), |r| r.get(0))
            .map_err(classify)?;
        let n = w.args.len();
        let sql = format!(
            "SELECT a.id, a.published, ev.cameo, ev.plover, ev.quad_class, ev.goldstein, ev.source, se.name, ev.source_code,
                    ev.target, te.name, ev.target_code, ev.start, ev.end, substr(a.text, ev.start + 1, ev.end - ev.start), ev.date, ev.negated
             FROM {from_sql} LEFT JOIN entities se ON se.eid = ev.source LEFT JOIN entities te ON te.eid = ev.target {}
             ORDER BY a.published DESC, ev.article, ev.start LIMIT ?{} OFFSET ?{}",
            w.sql(),
            n + 1,
            n + 2
        );
        let mut args = w.args;
        args.push(Value::Integer(f.limit.min(10_000) as i64));
        args.push(Value::Integer(f.offset.min(i64::MAX as usize) as i64));
        let mut stmt = self.conn.prepare(&sql).map_err(classify)?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(EventHit {
                    article: r.get(0)?,
                    published: r.get(1)?,
                    cameo: r.get(2)?,
                    plover: r.get(3)?,
                    quad_class: r.get(4)?,
                    goldstein: r.get(5)?,
                    source: EventActor { key: r.get(6)?, name: r.get(7)?, code: r.get(8)? },
                    target: EventActor { key: r.get(9)?, name: r.get(10)?, code: r.get(11)? },
                    span: [r.get(12)?, r.get(13)?],
                    text: r.get::<_, Option<String>>(14)?.unwrap_or_default(),
                    date: r.get(15)?,
                    negated: r.get::<_, i64>(16)? != 0,
                })
            })
            .map_err(classify)?;
        let results = rows.collect::<rusqlite::Result<Vec<_>>>().map_err(classify)?;
        Ok(EventResults { total: u(total), offset: f.offset, limit: f.limit, results })
    }

    /// The global entity keys of one article's record entities: (record id such as "E1", key).
    pub fn article_entity_keys(&self, id: &str) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT ae.local_id, ae.entity FROM article_entities ae JOIN articles a ON a.rowid = ae.article WHERE a.id = ?1",
        )?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
