//! The database schema and its migrations.
//!
//! In: an open SQLite connection. Out: the connection at [`VERSION`], every migration recorded
//! in `migrations` and `PRAGMA user_version` set.
//! Rule: a migration is applied once, in order, inside one transaction; a database written by a
//! newer program (higher version) is refused, never altered. Migrations are append-only: a
//! released one is never edited, a change of layout is a new entry of [`MIGRATIONS`].
//!
//! All spans (`start`, `end` columns) are `[start, end)` offsets in Unicode code points into the
//! article's `text`, exactly as in the output record of the contract.

use crate::{Error, Result};
use rusqlite::Connection;

/// One schema change: its version (1, 2, …), what it does, and the SQL.
pub struct Migration {
    pub version: i64,
    pub description: &'static str,
    pub sql: &'static str,
}

/// The schema version this program writes and reads.
pub const VERSION: i64 = 1;

pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    description: "articles, entities, mentions, quotes, amounts, dates, events; FTS5 over article, quote, entity and amount text",
    sql: r#"
CREATE TABLE articles (
    rowid     INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,          -- the article id of the input (and of the record)
    text      TEXT NOT NULL,
    title     TEXT,                          -- headline given as metadata (input `title`)
    headline  TEXT,                          -- the record's headline (from the text, else title)
    published TEXT,                          -- YYYY-MM-DD or NULL
    url       TEXT,
    outlet    TEXT,
    text_hash TEXT NOT NULL,                 -- 128-bit hash of the exact text (hex)
    copy_of   INTEGER REFERENCES articles(rowid), -- first stored article with identical text
    chars     INTEGER NOT NULL,              -- length of text in code points
    tone      REAL,                          -- the record's tone.score
    themes    TEXT NOT NULL DEFAULT '[]',    -- JSON array of theme names
    record    TEXT NOT NULL,                 -- the output record (JSON), as `extract` prints it
    ingested  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX articles_text_hash ON articles(text_hash);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_copy_of ON articles(copy_of) WHERE copy_of IS NOT NULL;

-- One row per distinct (canonical name, type) across the corpus.
CREATE TABLE entities (
    eid  INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,                      -- PERSON | ORG | PLACE | NORP | MISC
    UNIQUE (name, type)
);
CREATE INDEX entities_name_nocase ON entities(name COLLATE NOCASE);

-- One row per entity of one article's record (`E1`, `E2`, …).
CREATE TABLE article_entities (
    article  INTEGER NOT NULL REFERENCES articles(rowid),
    local_id TEXT NOT NULL,                  -- the record's entity id, e.g. "E1"
    entity   INTEGER NOT NULL REFERENCES entities(eid),
    roles    TEXT NOT NULL,                  -- JSON array of strings
    credit   INTEGER NOT NULL,               -- 1: named in a byline or credit, not a news actor
    mentions INTEGER NOT NULL,
    lat      REAL,                           -- geo of a resolved place
    lon      REAL,
    country  TEXT,
    geonames_id INTEGER,
    PRIMARY KEY (article, local_id)
) WITHOUT ROWID;
CREATE INDEX article_entities_entity ON article_entities(entity, article);

CREATE TABLE mentions (
    article  INTEGER NOT NULL REFERENCES articles(rowid),
    entity   INTEGER NOT NULL REFERENCES entities(eid),
    local_id TEXT NOT NULL,
    text     TEXT NOT NULL,
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL
);
CREATE INDEX mentions_article ON mentions(article, start);
CREATE INDEX mentions_entity ON mentions(entity, article);

CREATE TABLE quotes (
    qid           INTEGER PRIMARY KEY,
    article       INTEGER NOT NULL REFERENCES articles(rowid),
    kind          TEXT NOT NULL,             -- direct | partial | indirect
    text          TEXT NOT NULL,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    speaker       INTEGER REFERENCES entities(eid),
    speaker_local TEXT,                      -- the record's entity id of the speaker
    speaker_name  TEXT,
    speaker_start INTEGER,
    speaker_end   INTEGER,
    cue           TEXT,
    cue_start     INTEGER,
    cue_end       INTEGER,
    tone          REAL                       -- tone.score of the quoted words
);
CREATE INDEX quotes_article ON quotes(article);
CREATE INDEX quotes_speaker ON quotes(speaker);

CREATE TABLE amounts (
    aid       INTEGER PRIMARY KEY,
    article   INTEGER NOT NULL REFERENCES articles(rowid),
    kind      TEXT NOT NULL,                 -- money | count | percent | quantity
    text      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    value     REAL,
    high      REAL,
    currency  TEXT,
    unit      TEXT,
    qualifier TEXT,
    object    TEXT,
    usd       REAL
);
CREATE INDEX amounts_article ON amounts(article);

CREATE TABLE dates (
    article   INTEGER NOT NULL REFERENCES articles(rowid),
    text      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    kind      TEXT NOT NULL,                 -- absolute | relative
    value     TEXT,                          -- YYYY-MM-DD or NULL
    precision TEXT NOT NULL,
    end_value TEXT                           -- last day of a range
);
CREATE INDEX dates_article ON dates(article);
CREATE INDEX dates_value ON dates(value);

CREATE TABLE events (
    article       INTEGER NOT NULL REFERENCES articles(rowid),
    cameo         TEXT NOT NULL,
    plover        TEXT NOT NULL,
    quad_class    INTEGER NOT NULL,
    goldstein     REAL NOT NULL,
    source        INTEGER REFERENCES entities(eid),
    source_local  TEXT,
    source_code   TEXT,
    target        INTEGER REFERENCES entities(eid),
    target_local  TEXT,
    target_code   TEXT,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    date          TEXT,
    location      TEXT,
    negated       INTEGER NOT NULL
);
CREATE INDEX events_article ON events(article);

-- Full-text indexes (external content: the text lives once, in the table above).
CREATE VIRTUAL TABLE articles_fts USING fts5(headline, text, content='articles', content_rowid='rowid');
CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='qid');
CREATE VIRTUAL TABLE entities_fts USING fts5(name, content='entities', content_rowid='eid');
CREATE VIRTUAL TABLE amounts_fts USING fts5(text, object, content='amounts', content_rowid='aid');
"#,
}];

/// Sets the connection options every store uses (WAL, foreign keys, busy timeout).
pub(crate) fn configure(conn: &Connection, read_only: bool) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    if !read_only {
        // WAL: readers never block the writer; a crash loses at most the open transaction.
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            return Err(Error::Invalid(format!("cannot switch the database to WAL mode (got {mode})")));
        }
        // NORMAL in WAL mode: durable across process crashes (kill -9); only an OS crash or power
        // loss may drop the last transactions, never corrupt the file.
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
    }
    conn.execute_batch("PRAGMA cache_size = -32000; PRAGMA temp_store = MEMORY;")?;
    Ok(())
}

/// The schema version of a database (0 for a new, empty one).
pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the database to [`VERSION`], applying each missing migration in its own transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let found = version(conn)?;
    if found > VERSION {
        return Err(Error::TooNew { found, supported: VERSION });
    }
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS migrations (
            version     INTEGER PRIMARY KEY,
            description TEXT NOT NULL,
            applied     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );",
    )?;
    for m in MIGRATIONS.iter().filter(|m| m.version > found) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the write lock.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now >= m.version {
            continue;
        }
        tx.execute_batch(m.sql)?;
        tx.execute("INSERT INTO migrations (version, description) VALUES (?1, ?2)", rusqlite::params![m.version, m.description])?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", m.version))?;
        tx.commit()?;
    }
    Ok(())
}

/// Checks that a database opened read-only is at the version this program reads.
pub(crate) fn check(conn: &Connection) -> Result<()> {
    let found = version(conn)?;
    if found > VERSION {
        return Err(Error::TooNew { found, supported: VERSION });
    }
    if found < VERSION {
        return Err(Error::Invalid(format!(
            "the database is at schema version {found}, this program needs {VERSION}: open it once for writing (e.g. `dateline ingest --db FILE`) to migrate it"
        )));
    }
    Ok(())
}
