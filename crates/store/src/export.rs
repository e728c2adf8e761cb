//! Exports of the store: flat tables as JSON Lines, CSV and (feature `parquet`) Parquet, and
//! whole articles as GDELT GKG 2.1 rows ([`gkg`]).
//!
//! In: a [`Store`] and a [`Table`]. Out: one row per article / article entity / quote / amount /
//! event, with the same columns in every format (see [`columns`]).
//! Rule: columns are typed (string, integer, float, boolean, date, JSON) and nullable; spans are
//! `start`/`end` columns in code points; dates are `YYYY-MM-DD` strings in JSON Lines and CSV
//! and Parquet `DATE` (days since 1970-01-01, by `jiff`; a stored text that is no calendar date
//! is null) in Parquet; JSON columns (roles) are arrays in JSON Lines and JSON text elsewhere.
//! Rows come in storage order (articles in ingest order). JSON Lines are written by
//! `serde_json`, CSV by the `csv` crate (RFC 4180 quoting, `\n` line ends).

pub mod gkg;

use crate::{Error, Result, Store};
use rusqlite::types::ValueRef;
use serde::ser::{SerializeMap, Serializer};
use std::io::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Articles,
    Entities,
    Quotes,
    Amounts,
    Events,
}

impl Table {
    pub const ALL: [Table; 5] = [Table::Articles, Table::Entities, Table::Quotes, Table::Amounts, Table::Events];

    pub fn parse(s: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == s.to_ascii_lowercase())
    }

    pub fn name(self) -> &'static str {
        match self {
            Table::Articles => "articles",
            Table::Entities => "entities",
            Table::Quotes => "quotes",
            Table::Amounts => "amounts",
            Table::Events => "events",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColType {
    Str,
    Int,
    Float,
    Bool,
    /// `YYYY-MM-DD`.
    Date,
    /// JSON text (an array or object).
    Json,
}

#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub ty: ColType,
}

const fn c(name: &'static str, ty: ColType) -> Column {
    Column { name, ty }
}

use ColType::*;

const ARTICLES: &[Column] = &[
    c("id", Str),
    c("published", Date),
    c("headline", Str),
    c("title", Str),
    c("url", Str),
    c("outlet", Str),
    c("text_hash", Str),
    c("copy_of", Str),
    c("chars", Int),
    c("entities", Int),
    c("quotes", Int),
    c("amounts", Int),
    c("tone", Float),
    c("themes", Json),
    c("text", Str),
];
const ENTITIES: &[Column] = &[
    c("article_id", Str),
    c("published", Date),
    c("entity", Str),
    c("entity_key", Int),
    c("name", Str),
    c("type", Str),
    c("roles", Json),
    c("credit", Bool),
    c("mentions", Int),
    c("lat", Float),
    c("lon", Float),
    c("country", Str),
    c("geonames_id", Int),
];
const QUOTES: &[Column] = &[
    c("article_id", Str),
    c("published", Date),
    c("kind", Str),
    c("text", Str),
    c("start", Int),
    c("end", Int),
    c("speaker_entity", Str),
    c("speaker_key", Int),
    c("speaker_name", Str),
    c("speaker_start", Int),
    c("speaker_end", Int),
    c("cue", Str),
    c("cue_start", Int),
    c("cue_end", Int),
    c("tone", Float),
];
const AMOUNTS: &[Column] = &[
    c("article_id", Str),
    c("published", Date),
    c("kind", Str),
    c("text", Str),
    c("start", Int),
    c("end", Int),
    c("value", Float),
    c("high", Float),
    c("currency", Str),
    c("unit", Str),
    c("qualifier", Str),
    c("object", Str),
    c("usd", Float),
];
const EVENTS: &[Column] = &[
    c("article_id", Str),
    c("published", Date),
    c("cameo", Str),
    c("plover", Str),
    c("quad_class", Int),
    c("goldstein", Float),
    c("source_entity", Str),
    c("source_code", Str),
    c("target_entity", Str),
    c("target_code", Str),
    c("start", Int),
    c("end", Int),
    c("date", Date),
    c("location", Str),
    c("negated", Bool),
];

/// The columns of a table, in order.
pub fn columns(t: Table) -> &'static [Column] {
    match t {
        Table::Articles => ARTICLES,
        Table::Entities => ENTITIES,
        Table::Quotes => QUOTES,
        Table::Amounts => AMOUNTS,
        Table::Events => EVENTS,
    }
}

fn sql(t: Table) -> &'static str {
    match t {
        Table::Articles => {
            "SELECT a.id, a.published, a.headline, a.title, a.url, a.outlet, a.text_hash, o.id, a.chars,
                (SELECT count(*) FROM article_entities x WHERE x.article = a.rowid),
                (SELECT count(*) FROM quotes x WHERE x.article = a.rowid),
                (SELECT count(*) FROM amounts x WHERE x.article = a.rowid), a.tone, a.themes, a.text
             FROM articles a LEFT JOIN articles o ON o.rowid = a.copy_of ORDER BY a.rowid"
        }
        Table::Entities => {
            "SELECT a.id, a.published, ae.local_id, ae.entity, e.name, e.type, ae.roles, ae.credit, ae.mentions, ae.lat, ae.lon, ae.country, ae.geonames_id
             FROM article_entities ae JOIN articles a ON a.rowid = ae.article JOIN entities e ON e.eid = ae.entity
             ORDER BY ae.article, length(ae.local_id), ae.local_id"
        }
        Table::Quotes => {
            "SELECT a.id, a.published, q.kind, q.text, q.start, q.end, q.speaker_local, q.speaker, q.speaker_name,
                q.speaker_start, q.speaker_end, q.cue, q.cue_start, q.cue_end, q.tone
             FROM quotes q JOIN articles a ON a.rowid = q.article ORDER BY q.qid"
        }
        Table::Amounts => {
            "SELECT a.id, a.published, x.kind, x.text, x.start, x.end, x.value, x.high, x.currency, x.unit, x.qualifier, x.object, x.usd
             FROM amounts x JOIN articles a ON a.rowid = x.article ORDER BY x.aid"
        }
        Table::Events => {
            "SELECT a.id, a.published, v.cameo, v.plover, v.quad_class, v.goldstein, v.source_local, v.source_code,
                v.target_local, v.target_code, v.start, v.end, v.date, v.location, v.negated
             FROM events v JOIN articles a ON a.rowid = v.article ORDER BY v.rowid"
        }
    }
}

/// One value of a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

fn cell(v: ValueRef<'_>, ty: ColType) -> Cell {
    match (v, ty) {
        (ValueRef::Null, _) => Cell::Null,
        (ValueRef::Integer(i), Bool) => Cell::Bool(i != 0),
        (ValueRef::Integer(i), Float) => Cell::Float(i as f64),
        (ValueRef::Integer(i), _) => Cell::Int(i),
        (ValueRef::Real(f), Int) => Cell::Int(f as i64),
        (ValueRef::Real(f), _) => Cell::Float(f),
        (ValueRef::Text(t) | ValueRef::Blob(t), _) => Cell::Str(String::from_utf8_lossy(t).into_owned()),
    }
}

impl Store {
    /// Calls `f` with every row of a table, in order; stops at the first error of `f`.
    pub fn for_each_row(&self, t: Table, f: &mut dyn FnMut(&[Cell]) -> Result<()>) -> Result<u64> {
        let cols = columns(t);
        let mut stmt = self.conn.prepare(sql(t))?;
        let mut rows = stmt.query([])?;
        let mut row_buf: Vec<Cell> = Vec::with_capacity(cols.len());
        let mut n = 0u64;
        while let Some(r) = rows.next()? {
            row_buf.clear();
            for (i, col) in cols.iter().enumerate() {
                row_buf.push(cell(r.get_ref(i)?, col.ty));
            }
            f(&row_buf)?;
            n += 1;
        }
        Ok(n)
    }
}

/// One row as a JSON object, keys in column order (JSON columns as their JSON value).
struct JsonRow<'a>(&'a [Column], &'a [Cell]);

impl serde::Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = ser.serialize_map(Some(self.0.len()))?;
        for (col, v) in self.0.iter().zip(self.1) {
            match v {
                Cell::Null => m.serialize_entry(col.name, &())?,
                Cell::Str(s) if col.ty == Json => match serde_json::from_str::<serde_json::Value>(s) {
                    Ok(j) => m.serialize_entry(col.name, &j)?,
                    Err(_) => m.serialize_entry(col.name, s)?,
                },
                Cell::Str(s) => m.serialize_entry(col.name, s)?,
                Cell::Int(x) => m.serialize_entry(col.name, x)?,
                Cell::Float(x) => m.serialize_entry(col.name, x)?,
                Cell::Bool(b) => m.serialize_entry(col.name, b)?,
            }
        }
        m.end()
    }
}

/// Writes a table as JSON Lines (one object per row, keys in column order). Returns the rows.
pub fn write_jsonl(store: &Store, t: Table, w: &mut dyn Write) -> Result<u64> {
    let cols = columns(t);
    let mut line = Vec::with_capacity(256);
    store.for_each_row(t, &mut |row| {
        line.clear();
        serde_json::to_writer(&mut line, &JsonRow(cols, row))?;
        line.push(b'\n');
        w.write_all(&line)?;
        Ok(())
    })
}

/// Writes a table as CSV (RFC 4180: a header line, `,` separators, `"` quoting where needed,
/// `\n` line ends; null is an empty field). Returns the rows.
pub fn write_csv(store: &Store, t: Table, w: &mut dyn Write) -> Result<u64> {
    let cols = columns(t);
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(w);
    out.write_record(cols.iter().map(|c| c.name)).map_err(csv_error)?;
    let mut fields: Vec<String> = Vec::with_capacity(cols.len());
    let n = store.for_each_row(t, &mut |row| {
        fields.clear();
        fields.extend(row.iter().map(|v| match v {
            Cell::Null => String::new(),
            Cell::Str(s) => s.clone(),
            Cell::Int(x) => x.to_string(),
            Cell::Float(x) => x.to_string(),
            Cell::Bool(b) => b.to_string(),
        }));
        out.write_record(&fields).map_err(csv_error)
    })?;
    out.flush()?;
    Ok(n)
}

pub(crate) fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::Io(e),
        other => Error::Invalid(format!("CSV: {other:?}")),
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, if it is one (a date that is not in the
/// calendar, such as `2023-02-31`, is none).
pub fn epoch_days(s: &str) -> Option<i32> {
    if s.len() != 10 {
        return None;
    }
    let d: jiff::civil::Date = s.parse().ok()?;
    let days = d.since(jiff::civil::date(1970, 1, 1)).ok()?.get_days();
    Some(days)
}

/// Writes a table as one Parquet file (zstd-compressed, row groups of up to 64k rows).
#[cfg(feature = "parquet")]
pub fn write_parquet<W: Write + Send>(store: &Store, t: Table, w: W) -> Result<u64> {
    use arrow_array::builder::{BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder};
    use arrow_array::{ArrayRef, RecordBatch};
    use arrow_schema::{DataType, Field, Schema};
    use parquet::arrow::ArrowWriter;
    use parquet::basic::{Compression, ZstdLevel};
    use parquet::file::properties::WriterProperties;
    use std::sync::Arc;

    enum B {
        S(StringBuilder),
        I(Int64Builder),
        F(Float64Builder),
        Bo(BooleanBuilder),
        D(Date32Builder),
    }
    let cols = columns(t);
    let fields: Vec<Field> = cols
        .iter()
        .map(|c| {
            let dt = match c.ty {
                Str | Json => DataType::Utf8,
                Int => DataType::Int64,
                Float => DataType::Float64,
                Bool => DataType::Boolean,
                Date => DataType::Date32,
            };
            Field::new(c.name, dt, true)
        })
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let props = WriterProperties::builder().set_compression(Compression::ZSTD(ZstdLevel::try_new(3)?)).set_max_row_group_row_count(Some(65_536)).build();
    let mut writer = ArrowWriter::try_new(w, schema.clone(), Some(props))?;
    let new_builders = || -> Vec<B> {
        cols.iter()
            .map(|c| match c.ty {
                Str | Json => B::S(StringBuilder::new()),
                Int => B::I(Int64Builder::new()),
                Float => B::F(Float64Builder::new()),
                Bool => B::Bo(BooleanBuilder::new()),
                Date => B::D(Date32Builder::new()),
            })
            .collect()
    };
    let finish = |bs: &mut Vec<B>| -> Result<RecordBatch> {
        let arrays: Vec<ArrayRef> = bs
            .iter_mut()
            .map(|b| -> ArrayRef {
                match b {
                    B::S(x) => Arc::new(x.finish()),
                    B::I(x) => Arc::new(x.finish()),
                    B::F(x) => Arc::new(x.finish()),
                    B::Bo(x) => Arc::new(x.finish()),
                    B::D(x) => Arc::new(x.finish()),
                }
            })
            .collect();
        Ok(RecordBatch::try_new(schema.clone(), arrays)?)
    };
    let mut builders = new_builders();
    let mut pending = 0usize;
    const CHUNK: usize = 8192;
    let n = store.for_each_row(t, &mut |row| {
        for (b, v) in builders.iter_mut().zip(row) {
            match (b, v) {
                (B::S(x), Cell::Str(s)) => x.append_value(s),
                (B::S(x), Cell::Int(i)) => x.append_value(i.to_string()),
                (B::S(x), Cell::Float(f)) => x.append_value(f.to_string()),
                (B::S(x), Cell::Bool(v)) => x.append_value(v.to_string()),
                (B::S(x), Cell::Null) => x.append_null(),
                (B::I(x), Cell::Int(i)) => x.append_value(*i),
                (B::I(x), _) => x.append_null(),
                (B::F(x), Cell::Float(f)) => x.append_value(*f),
                (B::F(x), Cell::Int(i)) => x.append_value(*i as f64),
                (B::F(x), _) => x.append_null(),
                (B::Bo(x), Cell::Bool(v)) => x.append_value(*v),
                (B::Bo(x), Cell::Int(i)) => x.append_value(*i != 0),
                (B::Bo(x), _) => x.append_null(),
                (B::D(x), Cell::Str(s)) => x.append_option(epoch_days(s)),
                (B::D(x), _) => x.append_null(),
            }
        }
        pending += 1;
        if pending >= CHUNK {
            let batch = finish(&mut builders)?;
            writer.write(&batch)?;
            pending = 0;
        }
        Ok(())
    })?;
    if pending > 0 || n == 0 {
        let batch = finish(&mut builders)?;
        writer.write(&batch)?;
    }
    writer.close()?;
    Ok(n)
}

/// Export formats: three of a [`Table`], and GDELT GKG rows of whole articles ([`gkg`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    Parquet,
    Gkg,
}

impl Format {
    pub fn parse(s: &str) -> Result<Format> {
        match s.to_ascii_lowercase().as_str() {
            "jsonl" | "json" | "ndjson" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "parquet" => Ok(Format::Parquet),
            "gkg" => Ok(Format::Gkg),
            other => Err(Error::Invalid(format!("unknown export format {other:?}; want jsonl, csv, parquet or gkg"))),
        }
    }

    /// Whether the format writes a table (GKG rows are whole articles).
    pub fn takes_table(self) -> bool {
        self != Format::Gkg
    }
}
