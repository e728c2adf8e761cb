//! The one record type reads back what it writes: every output record of the golden files
//! (`tests/data/records/`, compact as `extract` prints and the store keeps them, and
//! `tests/data/golden/`, pretty) deserialises into `record::Record` and serialises again to
//! exactly the same bytes. The store, the server's pages and the exports rely on it.

use dateline_extract::record::Record;

fn data(rel: &str) -> String {
    std::fs::read_to_string(format!("{}/../../tests/data/{rel}", env!("CARGO_MANIFEST_DIR"))).expect(rel)
}

#[test]
fn compact_records_round_trip_byte_for_byte() {
    for file in ["records/reuters-nato-kyiv.record.json", "records/news.records.jsonl"] {
        let text = data(file);
        let mut n = 0;
        for line in text.lines() {
            let rec: Record = serde_json::from_str(line).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(serde_json::to_string(&rec).unwrap(), line, "{file}: record {}", rec.id);
            n += 1;
        }
        assert!(n > 0, "{file} holds no record");
    }
}

#[test]
fn pretty_records_round_trip_byte_for_byte() {
    for file in ["golden/reuters-nato-kyiv.json", "golden/news.out.json"] {
        let text = data(file);
        let mut out = String::new();
        for rec in serde_json::Deserializer::from_str(&text).into_iter::<Record>() {
            let rec = rec.unwrap_or_else(|e| panic!("{file}: {e}"));
            out.push_str(&serde_json::to_string_pretty(&rec).unwrap());
            out.push('\n');
        }
        assert_eq!(out, text, "{file}");
    }
}

#[test]
fn other_systems_records_read_leniently() {
    let rec: Record = serde_json::from_str(r#"{"id": 17, "quotes": [{"kind": "direct", "span": [0, 4], "speaker": {"name": "X"}}]}"#).unwrap();
    assert_eq!(rec.id, "17");
    assert_eq!(rec.quotes[0].span, [0, 4]);
    assert_eq!(rec.quotes[0].speaker.as_ref().map(|s| s.name.as_str()), Some("X"));
    assert!(rec.entities.is_empty() && rec.headline.is_none());
}
