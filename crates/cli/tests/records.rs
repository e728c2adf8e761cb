//! The contract's JSON, byte for byte: `dateline extract` (compact, as stored and served) on the
//! example article and on seven real news articles (four BBC, three Reuters-21578, copied from
//! `../shared/data/news_raw/` into `tests/data/records/news.jsonl`) must print exactly the bytes
//! of `tests/data/records/*.record*.json*`. Those files were written by the program before the
//! record type was made `Deserialize` and the pipeline reorganised (issue 11); a refactor must
//! leave them alone. A change of extraction that alters them is rewritten with
//! `UPDATE_EXPECT=1` and reviewed, like the golden snapshots.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn extract(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_dateline")).arg("extract").args(args).current_dir(root()).output().expect("run dateline");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn check(name: &str, got: &[u8]) {
    let path = root().join("tests/data/records").join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read(&path).unwrap_or_default();
    if want != got {
        let (w, g) = (String::from_utf8_lossy(&want), String::from_utf8_lossy(got));
        let at = w.bytes().zip(g.bytes()).position(|(a, b)| a != b).unwrap_or(w.len().min(g.len()));
        let around = |s: &str| s.get(at.saturating_sub(80)..(at + 80).min(s.len())).unwrap_or("").to_string();
        panic!("{name} differs at byte {at}:\n want: …{}…\n  got: …{}…", around(&w), around(&g));
    }
}

#[test]
fn example_record_bytes_are_unchanged() {
    check("reuters-nato-kyiv.record.json", &extract(&["--published", "2023-09-28", "examples/reuters-nato-kyiv.txt"]));
}

#[test]
fn news_record_bytes_are_unchanged() {
    check("news.records.jsonl", &extract(&["tests/data/records/news.jsonl"]));
}
