//! The dateline corpus store: extracted articles in one embedded SQLite file.
//!
//! In: articles with their output records (`dateline_extract::record::Record`). Out: a database
//! (WAL mode, FTS5) that answers searches, article look-ups, entity profiles and exports.
//! Rule: writes happen in batches, one transaction each, so a crash (even `kill -9`) leaves whole
//! batches only; an id is stored once; identical texts under different ids are all kept and
//! linked as copies. Nothing here panics on stored or queried data: every failure is an
//! [`Error`], and a malformed full-text query is [`Error::BadQuery`] (a 400, not a 500).
//!
//! Modules: [`schema`] (tables, migrations), `write` (ingest), [`query`] (search, article,
//! entity profile, stats), [`export`] (JSON Lines, CSV and — with the `parquet` feature —
//! Parquet).

pub mod export;
pub mod query;
pub mod schema;
mod write;

pub use query::{
    AmountHit, ArticleHit, CoEntity, DayCount, EntityHit, Hit, Kind, Profile, QuoteHit, Search, SearchResults, Speaker, Stats,
    StoredArticle,
};
pub use write::{text_hash, BatchOutcome, NewArticle};

use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{path}: cannot open the database: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A malformed search query (FTS5 syntax) or filter value: the caller's mistake.
    #[error("invalid query: {0}")]
    BadQuery(String),
    #[error("{0}")]
    Invalid(String),
    #[error("the database has schema version {found}, newer than this program's {supported}: upgrade dateline")]
    TooNew { found: i64, supported: i64 },
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
    #[cfg(feature = "parquet")]
    #[error("Parquet error: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[cfg(feature = "parquet")]
    #[error("Arrow error: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An open store. One `Store` is one SQLite connection: use one per thread (a server opens a
/// few read-only ones; WAL lets them read while an ingest writes).
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating it if needed) a store for reading and writing, and migrates it.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let conn = Connection::open(path).map_err(|source| Error::Open { path: path.display().to_string(), source })?;
        Store::init(conn, false)
    }

    /// Opens an existing store read-only (for servers and queries); fails if it does not exist.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| Error::Open { path: path.display().to_string(), source })?;
        Store::init(conn, true)
    }

    /// A private in-memory store (tests).
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?, false)
    }

    fn init(mut conn: Connection, read_only: bool) -> Result<Store> {
        schema::configure(&conn, read_only)?;
        if read_only {
            schema::check(&conn)?;
        } else {
            schema::migrate(&mut conn)?;
        }
        Ok(Store { conn })
    }

    /// The underlying connection, for queries this API does not cover (read them, don't write).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Checks the database file and the full-text indexes; returns the problems found (empty
    /// when all is well).
    pub fn check_integrity(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for r in rows {
            let r = r?;
            if r != "ok" {
                problems.push(r);
            }
        }
        for t in ["articles_fts", "quotes_fts", "entities_fts", "amounts_fts"] {
            if let Err(e) = self.conn.execute(&format!("INSERT INTO {t}({t}, rank) VALUES ('integrity-check', 1)"), []) {
                problems.push(format!("{t}: {e}"));
            }
        }
        Ok(problems)
    }
}

#[cfg(test)]
mod tests;
