//! Unit tests of the store on in-memory and temporary databases, with hand-built records (so
//! they do not depend on extraction quality) and one real extraction.

use crate::export::{self, Table};
use crate::{Error, Kind, NewArticle, Search, Store};
use dateline_extract::record::{AmountRec, CueRec, EntityRec, Headline, MentionRec, QuoteRec, Record, SpeakerRec};
use dateline_extract::Article;

/// Code-point span of the first occurrence of `needle` in `text`.
fn cp(text: &str, needle: &str) -> [usize; 2] {
    let b = text.find(needle).expect("needle in text");
    let s = text[..b].chars().count();
    [s, s + needle.chars().count()]
}

/// A record with every field the pipeline fills for `text` (so that fields added to the record
/// later need no change here), the facts tests care about cleared.
fn base_record(id: &str, text: &str) -> Record {
    let models = dateline_extract::Models::embedded().expect("embedded models");
    let art = Article { id: id.into(), text: text.into(), ..Article::default() };
    let mut r = dateline_extract::record::build(&art, &dateline_extract::extract(&art, models));
    r.entities.clear();
    r.quotes.clear();
    r.amounts.clear();
    r.dates.clear();
    r.events.clear();
    r
}

fn entity(id: &str, name: &str, ty: &'static str, text: &str, mentions: &[&str]) -> EntityRec {
    EntityRec {
        id: id.into(),
        name: name.into(),
        ty: ty.into(),
        roles: vec![],
        credit: false,
        mentions: mentions.iter().map(|m| MentionRec { text: (*m).into(), span: cp(text, m) }).collect(),
        geo: None,
    }
}

/// An article where `speaker` says something about `about`, with an amount.
fn sample(id: &str, date: &str, speaker: &str, surname: &str, about: &str, words: &str) -> (Article, Record) {
    let quote = format!("\u{201c}{words} in {about}\u{201d}");
    let text = format!("Talks on {about} — a headline\n\n{speaker} said on Monday: {quote} The deal is worth 2.4 billion euros, {surname} said.");
    let mut r = base_record(id, &text);
    r.published = Some(date.into());
    r.headline = Some(Headline { text: format!("Talks on {about} — a headline"), span: Some(cp(&text, &format!("Talks on {about} — a headline"))) });
    let mut e1 = entity("E1", speaker, "PERSON", &text, &[speaker]);
    e1.mentions.push(MentionRec { text: surname.into(), span: {
        let b = text.rfind(surname).expect("surname");
        let s = text[..b].chars().count();
        [s, s + surname.chars().count()]
    } });
    e1.roles = vec!["Minister".into()];
    let mut e2 = entity("E2", about, "PLACE", &text, &[about]);
    // And its mention inside the quote.
    let b = text.rfind(about).expect("about");
    let st = text[..b].chars().count();
    e2.mentions.push(MentionRec { text: about.into(), span: [st, st + about.chars().count()] });
    r.entities = vec![e1, e2];
    r.quotes = vec![QuoteRec {
        kind: "direct".into(),
        text: quote.clone(),
        span: cp(&text, &quote),
        speaker: Some(SpeakerRec { entity: Some("E1".into()), name: speaker.into(), span: cp(&text, speaker) }),
        cue: Some(CueRec { text: "said".into(), span: cp(&text, "said") }),
        tone: None,
    }];
    r.amounts = vec![AmountRec {
        kind: "money".into(),
        text: "2.4 billion euros".into(),
        span: cp(&text, "2.4 billion euros"),
        value: 2.4e9,
        high: None,
        currency: Some("EUR".into()),
        unit: None,
        qualifier: None,
        object: Some("deal".into()),
        usd: None,
    }];
    let art = Article { id: id.into(), text, published: jiff::civil::Date::strptime("%Y-%m-%d", date).ok(), ..Article::default() };
    (art, r)
}

fn store_with(items: &[(Article, Record)]) -> Store {
    let mut s = Store::open_in_memory().expect("open");
    let batch: Vec<NewArticle<'_>> = items.iter().map(|(a, r)| NewArticle { article: a, record: r }).collect();
    s.insert_batch(&batch).expect("insert");
    s
}

fn corpus() -> Vec<(Article, Record)> {
    vec![
        sample("a1", "2023-09-01", "Jens Stoltenberg", "Stoltenberg", "Romania", "air defence matters"),
        sample("a2", "2023-09-15", "Volodymyr Zelenskiy", "Zelenskiy", "Romania", "we need air defence"),
        sample("a3", "2023-10-02", "Volodymyr Zelenskiy", "Zelenskiy", "Poland", "grain must move"),
    ]
}

#[test]
fn insert_stats_and_duplicates() {
    let c = corpus();
    let mut s = store_with(&c);
    let st = s.stats().unwrap();
    assert_eq!((st.articles, st.entities, st.quotes, st.amounts), (3, 4, 3, 3));
    assert_eq!(st.mentions, 12);
    assert_eq!(st.schema_version, crate::schema::VERSION);
    // Same ids again: nothing added.
    let batch: Vec<NewArticle<'_>> = c.iter().map(|(a, r)| NewArticle { article: a, record: r }).collect();
    let o = s.insert_batch(&batch).unwrap();
    assert_eq!((o.inserted, o.duplicates.len(), o.conflicts.len()), (0, 3, 0));
    assert_eq!(s.stats().unwrap().articles, 3);
    // Same id, other text: a conflict, the stored one is kept.
    let (mut a, r) = sample("a1", "2023-09-01", "X Y", "Y", "Z", "w");
    a.text.push_str(" more");
    let o = s.insert_batch(&[NewArticle { article: &a, record: &r }]).unwrap();
    assert_eq!(o.conflicts, vec!["a1".to_string()]);
    assert!(s.article("a1").unwrap().unwrap().text.contains("Stoltenberg"));
    assert!(s.check_integrity().unwrap().is_empty());
}

#[test]
fn copies_are_kept_and_linked() {
    let (a, r) = sample("orig", "2023-09-01", "Jens Stoltenberg", "Stoltenberg", "Romania", "air defence matters");
    let mut b = a.clone();
    b.id = "copy1".into();
    let mut rb = sample("copy1", "2023-09-01", "Jens Stoltenberg", "Stoltenberg", "Romania", "air defence matters").1;
    rb.id = "copy1".into();
    let mut c2 = a.clone();
    c2.id = "copy2".into();
    let mut rc = sample("copy2", "2023-09-01", "Jens Stoltenberg", "Stoltenberg", "Romania", "air defence matters").1;
    rc.id = "copy2".into();
    let s = store_with(&[(a, r), (b, rb), (c2, rc)]);
    let st = s.stats().unwrap();
    assert_eq!((st.articles, st.copies), (3, 2));
    let copy = s.article("copy2").unwrap().unwrap();
    assert_eq!(copy.copy_of.as_deref(), Some("orig"));
    assert_eq!(copy.copies, vec!["orig".to_string(), "copy1".to_string()]);
    let orig = s.article("orig").unwrap().unwrap();
    assert_eq!(orig.copy_of, None);
    assert_eq!(orig.copies, vec!["copy1".to_string(), "copy2".to_string()]);
    // The stored record is the record.
    let v: serde_json::Value = serde_json::from_str(&orig.record_json).unwrap();
    assert_eq!(v["id"], "orig");
    assert!(s.article("nope").unwrap().is_none());
}

#[test]
fn search_articles_quotes_entities_amounts() {
    let s = store_with(&corpus());
    let q = |text: &str, kind: Kind| Search { text: text.into(), kind, ..Search::default() };
    let r = s.search(&q("romania", Kind::Articles)).unwrap();
    assert_eq!(r.total, 2);
    let r = s.search(&q("\"air defence\"", Kind::Quotes)).unwrap();
    assert_eq!(r.total, 2);
    let mut sp = q("air", Kind::Quotes);
    sp.speaker = Some("zelenskiy".into());
    let r = s.search(&sp).unwrap();
    assert_eq!(r.total, 1, "{r:?}");
    match &r.results[0] {
        crate::Hit::Quote(h) => {
            assert_eq!(h.article, "a2");
            assert_eq!(h.speaker.as_ref().unwrap().name, "Volodymyr Zelenskiy");
            assert!(h.snippet.as_deref().unwrap().contains("«air»"));
        }
        h => panic!("{h:?}"),
    }
    // Quotes about Romania (the entity is named inside the quote), by date.
    let mut about = q("", Kind::Quotes);
    about.entity = Some("Romania".into());
    assert_eq!(s.search(&about).unwrap().total, 2);
    about.from = Some("2023-09-10".into());
    assert_eq!(s.search(&about).unwrap().total, 1);
    about.to = Some("2023-09".into());
    assert_eq!(s.search(&about).unwrap().total, 1);
    about.from = Some("2023-10".into());
    about.to = None;
    assert_eq!(s.search(&about).unwrap().total, 0);
    // Entities by name and type; no match gives nothing, not everything.
    let mut e = q("zelenskiy", Kind::Entities);
    let r = s.search(&e).unwrap();
    assert_eq!(r.total, 1);
    e.ty = Some("place".into());
    assert_eq!(s.search(&e).unwrap().total, 0);
    let mut none = q("", Kind::Articles);
    none.entity = Some("Nobody Atall".into());
    assert_eq!(s.search(&none).unwrap().total, 0);
    // Amounts of articles naming Poland; amounts by their words.
    let mut am = q("", Kind::Amounts);
    am.entity = Some("Poland".into());
    assert_eq!(s.search(&am).unwrap().total, 1);
    assert_eq!(s.search(&q("euros", Kind::Amounts)).unwrap().total, 3);
    assert_eq!(s.amounts(None, 10, 0).unwrap().total, 3);
    // Pagination.
    let mut p = q("", Kind::Articles);
    p.limit = 2;
    let r1 = s.search(&p).unwrap();
    p.offset = 2;
    let r2 = s.search(&p).unwrap();
    assert_eq!((r1.total, r1.results.len(), r2.results.len()), (3, 2, 1));
}

#[test]
fn malformed_queries_are_bad_query_errors() {
    let s = store_with(&corpus());
    for bad in ["\"unterminated", "AND", "foo:bar", "(a OR", "NEAR(", "*", "a NOT", "^^^"] {
        for kind in [Kind::Articles, Kind::Quotes, Kind::Entities, Kind::Amounts] {
            match s.search(&Search { text: bad.into(), kind, ..Search::default() }) {
                Err(Error::BadQuery(_)) | Ok(_) => {}
                Err(e) => panic!("{bad:?} {kind:?}: {e}"),
            }
        }
    }
    assert!(matches!(s.search(&Search { text: "\"open".into(), ..Search::default() }), Err(Error::BadQuery(_))));
    assert!(matches!(s.search(&Search { from: Some("last week".into()), ..Search::default() }), Err(Error::BadQuery(_))));
    assert!(matches!(s.search(&Search { ty: Some("ANIMAL".into()), ..Search::default() }), Err(Error::BadQuery(_))));
}

#[test]
fn entity_profile() {
    let s = store_with(&corpus());
    let p = s.entity_profile("Zelenskiy", None, 10).unwrap().unwrap();
    assert_eq!(p.entity.name, "Volodymyr Zelenskiy");
    assert_eq!((p.entity.articles, p.quotes_total), (2, 2));
    assert_eq!(p.per_day.len(), 2);
    assert_eq!(p.roles, vec![("Minister".to_string(), 2)]);
    assert_eq!(p.first_seen.as_deref(), Some("2023-09-15"));
    let names: Vec<&str> = p.co_occurring.iter().map(|c| c.name.as_str()).collect();
    assert!(names.contains(&"Romania") && names.contains(&"Poland"), "{names:?}");
    // Who quotes Romania: both speakers.
    let r = s.entity_profile("romania", Some("PLACE"), 10).unwrap().unwrap();
    let who: Vec<&str> = r.quoted_by.iter().map(|(s, _)| s.name.as_str()).collect();
    assert_eq!(who.len(), 2, "{who:?}");
    let by_key = s.entity_profile_by_key(r.entity.key, 10).unwrap().unwrap();
    assert_eq!(by_key.entity.name, "Romania");
    assert!(s.entity_profile("Nobody", None, 10).unwrap().is_none());
    assert_eq!(s.quotes_by_speaker("Stoltenberg", 10, 0).unwrap().total, 1);
}

#[test]
fn exports_have_one_row_per_item() {
    let s = store_with(&corpus());
    for (t, n) in [(Table::Articles, 3), (Table::Entities, 6), (Table::Quotes, 3), (Table::Amounts, 3), (Table::Events, 0)] {
        let mut out = Vec::new();
        assert_eq!(export::write_jsonl(&s, t, &mut out).unwrap(), n);
        let text = String::from_utf8(out).unwrap();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(v.is_object());
        }
        let mut csv = Vec::new();
        assert_eq!(export::write_csv(&s, t, &mut csv).unwrap(), n);
        assert!(String::from_utf8(csv).unwrap().starts_with(export::columns(t)[0].name));
    }
    let mut out = Vec::new();
    export::write_jsonl(&s, Table::Entities, &mut out).unwrap();
    let first: serde_json::Value = serde_json::from_str(String::from_utf8(out).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(first["roles"], serde_json::json!(["Minister"]));
    assert_eq!(first["published"], "2023-09-01");
    assert_eq!(export::epoch_days("1970-01-01"), Some(0));
    assert_eq!(export::epoch_days("2023-09-28"), Some(19628));
    assert_eq!(export::epoch_days("2023-9-28"), None);
    assert_eq!(export::epoch_days("2023-02-31"), None, "not a calendar date");
    assert_eq!(export::epoch_days("1969-12-31"), Some(-1));
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_export_writes_a_file() {
    let s = store_with(&corpus());
    let mut buf = Vec::new();
    assert_eq!(export::write_parquet(&s, Table::Quotes, &mut buf).unwrap(), 3);
    assert_eq!(&buf[..4], b"PAR1");
    let mut empty = Vec::new();
    assert_eq!(export::write_parquet(&s, Table::Events, &mut empty).unwrap(), 0);
}

#[test]
fn file_store_reopens_and_refuses_newer_schema() {
    let dir = std::env::temp_dir().join(format!("dateline-store-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.db");
    {
        let mut s = Store::open(&path).unwrap();
        let c = corpus();
        let batch: Vec<NewArticle<'_>> = c.iter().map(|(a, r)| NewArticle { article: a, record: r }).collect();
        s.insert_batch(&batch).unwrap();
        let mode: String = s.connection().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.stats().unwrap().articles, 3);
    let migrations: i64 = s.connection().query_row("SELECT count(*) FROM migrations", [], |r| r.get(0)).unwrap();
    assert_eq!(migrations, crate::schema::MIGRATIONS.len() as i64);
    let ro = Store::open_read_only(&path).unwrap();
    assert_eq!(ro.stats().unwrap().quotes, 3);
    s.connection().execute_batch("PRAGMA user_version = 99").unwrap();
    drop(s);
    drop(ro);
    assert!(matches!(Store::open(&path), Err(Error::TooNew { found: 99, .. })));
    assert!(Store::open_read_only(dir.join("missing.db")).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn real_extraction_round_trips() {
    let models = dateline_extract::Models::embedded().expect("embedded models");
    let text = "KYIV, Sept 28 (Reuters) - NATO Secretary General Jens Stoltenberg said on Thursday the alliance \
                would keep helping Ukraine. \"We must stay the course,\" Stoltenberg told reporters. \
                The contracts are worth 2.4 billion euros.\n\n(Reporting by Andrew Gray; Editing by Alex Richardson)";
    let art = Article { id: "kyiv".into(), text: text.into(), ..Article::default() };
    let x = dateline_extract::extract(&art, models);
    let rec = dateline_extract::record::build(&art, &x);
    let s = store_with(&[(art, rec)]);
    let st = s.stats().unwrap();
    assert_eq!(st.articles, 1);
    assert!(st.entities >= 2, "{st:?}");
    let stored = s.article("kyiv").unwrap().unwrap();
    assert_eq!(stored.text, text);
    let v: serde_json::Value = serde_json::from_str(&stored.record_json).unwrap();
    assert_eq!(v["entities"].as_array().map(Vec::len), Some(st.article_entities as usize));
}
