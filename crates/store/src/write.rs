//! Writing extracted articles.
//!
//! In: batches of (article, output record). Out: rows in every table, one transaction per batch.
//! Rule: an article whose id is already stored adds nothing (it is counted as a duplicate, or as
//! a conflict when its text differs); an article whose exact text is already stored under
//! another id is kept and linked (`copy_of`) to the first one. A batch is all or nothing, so a
//! crash leaves whole batches only, and re-running the same input completes the store.

use crate::{Error, Result, Store};
use dateline_extract::record::Record;
use dateline_extract::Article;
use rusqlite::{params, OptionalExtension, Transaction};
use std::collections::HashMap;

/// One article to store, with the record `extract` built for it.
pub struct NewArticle<'a> {
    pub article: &'a Article,
    pub record: &'a Record,
}

/// What one batch did.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct BatchOutcome {
    /// Articles stored.
    pub inserted: usize,
    /// Of those, how many have the exact text of an article stored before (syndicated copies).
    pub copies: usize,
    /// Ids already stored with the same text: nothing added.
    pub duplicates: Vec<String>,
    /// Ids already stored with a different text: nothing added, the stored article is kept.
    pub conflicts: Vec<String>,
}

impl BatchOutcome {
    pub fn absorb(&mut self, o: BatchOutcome) {
        self.inserted += o.inserted;
        self.copies += o.copies;
        self.duplicates.extend(o.duplicates);
        self.conflicts.extend(o.conflicts);
    }
}

/// A stable 128-bit hash of a text (two FNV-1a-64 lanes with different bases), as 32 hex digits.
/// Stable across platforms and versions: it is stored.
pub fn text_hash(text: &str) -> String {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x6c62_272e_07bb_0142;
    for &byte in text.as_bytes() {
        a = (a ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        b = (b ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(5);
    }
    // Final avalanche so that near-identical texts differ in many bits.
    let mix = |mut x: u64| {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    };
    format!("{:016x}{:016x}", mix(a ^ text.len() as u64), mix(b))
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Store {
    /// Which of these ids are already stored.
    pub fn existing_ids(&self, ids: &[&str]) -> Result<std::collections::HashSet<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?;
        let mut out = std::collections::HashSet::new();
        for id in ids {
            if stmt.exists([id])? {
                out.insert((*id).to_string());
            }
        }
        Ok(out)
    }

    /// The text hashes (see [`text_hash`]) of those of these ids that are already stored: an id
    /// with the same hash is a duplicate, with another hash a conflict.
    pub fn stored_hashes(&self, ids: &[&str]) -> Result<HashMap<String, String>> {
        let mut stmt = self.conn.prepare_cached("SELECT text_hash FROM articles WHERE id = ?1")?;
        let mut out = HashMap::new();
        for id in ids {
            if let Some(h) = stmt.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                out.insert((*id).to_string(), h);
            }
        }
        Ok(out)
    }

    /// Stores a batch of articles in one transaction (see the module doc for duplicates and
    /// copies). Either the whole batch is stored or, on error, none of it.
    pub fn insert_batch(&mut self, batch: &[NewArticle<'_>]) -> Result<BatchOutcome> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut out = BatchOutcome::default();
        for a in batch {
            insert_one(&tx, a, &mut out)?;
        }
        tx.commit()?;
        Ok(out)
    }
}

fn insert_one(tx: &Transaction<'_>, new: &NewArticle<'_>, out: &mut BatchOutcome) -> Result<()> {
    let (art, rec) = (new.article, new.record);
    if art.id != rec.id {
        return Err(Error::Invalid(format!("record id {:?} does not match article id {:?}", rec.id, art.id)));
    }
    let hash = text_hash(&art.text);
    let stored: Option<String> =
        tx.prepare_cached("SELECT text_hash FROM articles WHERE id = ?1")?.query_row([&art.id], |r| r.get(0)).optional()?;
    if let Some(h) = stored {
        if h == hash {
            out.duplicates.push(art.id.clone());
        } else {
            out.conflicts.push(art.id.clone());
        }
        return Ok(());
    }
    // The first stored article with exactly this text, if any.
    let original: Option<i64> = tx
        .prepare_cached("SELECT coalesce(copy_of, rowid) FROM articles WHERE text_hash = ?1 AND text = ?2 ORDER BY rowid LIMIT 1")?
        .query_row(params![hash, art.text], |r| r.get(0))
        .optional()?;
    let headline = rec.headline.as_ref().map(|h| h.text.as_str()).or(art.title.as_deref());
    let record_json = serde_json::to_string(rec)?;
    let published = rec.published.clone().or_else(|| art.published.map(|d| d.to_string()));
    tx.prepare_cached(
        "INSERT INTO articles (id, text, title, headline, published, url, outlet, text_hash, copy_of, chars, tone, themes, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        art.id,
        art.text,
        art.title,
        headline,
        published,
        art.url,
        art.outlet,
        hash,
        original,
        to_i64(art.text.chars().count()),
        rec.tone.as_ref().and_then(|t| finite(t.score)),
        serde_json::to_string(&rec.themes)?,
        record_json
    ])?;
    let aid = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO articles_fts (rowid, headline, text) VALUES (?1, ?2, ?3)")?.execute(params![aid, headline, art.text])?;

    // Entities: the global row (created on first sight), then the per-article row and mentions.
    let mut local: HashMap<&str, i64> = HashMap::new();
    for e in &rec.entities {
        let found: Option<i64> =
            tx.prepare_cached("SELECT eid FROM entities WHERE name = ?1 AND type = ?2")?.query_row(params![e.name, e.ty], |r| r.get(0)).optional()?;
        let eid = match found {
            Some(eid) => eid,
            None => {
                tx.prepare_cached("INSERT INTO entities (name, type) VALUES (?1, ?2)")?.execute(params![e.name, e.ty])?;
                let eid = tx.last_insert_rowid();
                tx.prepare_cached("INSERT INTO entities_fts (rowid, name) VALUES (?1, ?2)")?.execute(params![eid, e.name])?;
                eid
            }
        };
        local.insert(e.id.as_str(), eid);
        tx.prepare_cached(
            "INSERT OR IGNORE INTO article_entities (article, local_id, entity, roles, credit, mentions, lat, lon, country, geonames_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            aid,
            e.id,
            eid,
            serde_json::to_string(&e.roles)?,
            e.credit,
            to_i64(e.mentions.len()),
            e.geo.as_ref().and_then(|g| finite(g.lat)),
            e.geo.as_ref().and_then(|g| finite(g.lon)),
            e.geo.as_ref().map(|g| &g.country),
            e.geo.as_ref().map(|g| g.geonames_id),
        ])?;
        let mut ins = tx.prepare_cached("INSERT INTO mentions (article, entity, local_id, text, start, end) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        for m in &e.mentions {
            ins.execute(params![aid, eid, e.id, m.text, to_i64(m.span[0]), to_i64(m.span[1])])?;
        }
    }
    let eid_of = |l: Option<&String>| l.and_then(|l| local.get(l.as_str()).copied());

    for q in &rec.quotes {
        let sp = q.speaker.as_ref();
        tx.prepare_cached(
            "INSERT INTO quotes (article, kind, text, start, end, speaker, speaker_local, speaker_name, speaker_start, speaker_end, cue, cue_start, cue_end, tone)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(params![
            aid,
            q.kind,
            q.text,
            to_i64(q.span[0]),
            to_i64(q.span[1]),
            eid_of(sp.and_then(|s| s.entity.as_ref())),
            sp.and_then(|s| s.entity.as_ref()),
            sp.map(|s| &s.name),
            sp.map(|s| to_i64(s.span[0])),
            sp.map(|s| to_i64(s.span[1])),
            q.cue.as_ref().map(|c| &c.text),
            q.cue.as_ref().map(|c| to_i64(c.span[0])),
            q.cue.as_ref().map(|c| to_i64(c.span[1])),
            q.tone.as_ref().and_then(|t| finite(t.score)),
        ])?;
        let qid = tx.last_insert_rowid();
        tx.prepare_cached("INSERT INTO quotes_fts (rowid, text) VALUES (?1, ?2)")?.execute(params![qid, q.text])?;
    }
    for a in &rec.amounts {
        tx.prepare_cached(
            "INSERT INTO amounts (article, kind, text, start, end, value, high, currency, unit, qualifier, object, usd)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            aid,
            a.kind,
            a.text,
            to_i64(a.span[0]),
            to_i64(a.span[1]),
            finite(a.value),
            a.high.and_then(finite),
            a.currency,
            a.unit,
            a.qualifier,
            a.object,
            a.usd.and_then(finite)
        ])?;
        let id = tx.last_insert_rowid();
        tx.prepare_cached("INSERT INTO amounts_fts (rowid, text, object) VALUES (?1, ?2, ?3)")?.execute(params![id, a.text, a.object])?;
    }
    for d in &rec.dates {
        tx.prepare_cached("INSERT INTO dates (article, text, start, end, kind, value, precision, end_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?
            .execute(params![aid, d.text, to_i64(d.span[0]), to_i64(d.span[1]), d.kind, d.value, d.precision, d.end])?;
    }
    for ev in &rec.events {
        let (s, t) = (ev.source.as_ref(), ev.target.as_ref());
        tx.prepare_cached(
            "INSERT INTO events (article, cameo, plover, quad_class, goldstein, source, source_local, source_code, target, target_local, target_code, start, end, date, location, negated)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )?
        .execute(params![
            aid,
            ev.cameo,
            ev.plover,
            ev.quad_class,
            finite(ev.goldstein).unwrap_or(0.0),
            eid_of(s.and_then(|s| s.entity.as_ref())),
            s.and_then(|s| s.entity.as_ref()),
            s.map(|s| &s.code),
            eid_of(t.and_then(|t| t.entity.as_ref())),
            t.and_then(|t| t.entity.as_ref()),
            t.map(|t| &t.code),
            to_i64(ev.span[0]),
            to_i64(ev.span[1]),
            ev.date,
            ev.location,
            ev.negated
        ])?;
    }
    out.inserted += 1;
    if original.is_some() {
        out.copies += 1;
    }
    Ok(())
}

/// SQLite stores NaN as NULL anyway; make it explicit (and drop infinities).
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}
