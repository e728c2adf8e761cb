//! `deploy/spark/local-cluster` end to end: a standalone Spark cluster on 127.0.0.1 (master and
//! two workers) runs deploy/spark/job.py over ~200 articles (JSON Lines and a gzip WARC file)
//! and the output must equal `dateline extract` on the same input: the same records, line for
//! line, and Parquet tables holding the same article ids, quotes and entities.
//!
//! External (about 1.5 minutes): needs Java 17+, pyspark in deploy/spark/.venv (`./test`
//! installs it from PyPI) and `../shared/data/news_raw`. Run it alone with
//! `cargo test --release -p dateline --test spark -- --include-ignored`.

mod support;

use serde_json::Value;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut v = format!("WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", block.len()).into_bytes();
    v.extend_from_slice(block);
    v.extend_from_slice(b"\r\n\r\n");
    v
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// 150 JSON Lines articles (Reuters, no ids: line numbers) and a WARC file of 50 BBC pages.
fn sample(dir: &Path, data: &Path) {
    let data = data.join("news_raw");
    let reuters = std::fs::File::open(data.join("reuters21578.jsonl")).expect("news_raw data");
    let lines: Vec<String> = std::io::BufReader::new(reuters).lines().skip(300).take(150).map(Result::unwrap).collect();
    std::fs::write(dir.join("reuters.jsonl"), lines.join("\n") + "\n").unwrap();
    let bbc = std::fs::File::open(data.join("bbc_news.jsonl")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for (i, line) in std::io::BufReader::new(bbc).lines().take(50).enumerate() {
        let v: Value = serde_json::from_str(&line.unwrap()).unwrap();
        let paras: String = v["body"].as_str().unwrap().split("\n\n").map(|p| format!("<p>{}</p>\n", escape(p))).collect();
        let html = format!(
            "<html><head><title>{t}</title><meta property=\"article:published_time\" content=\"2005-03-{d:02}T08:00:00Z\"></head>\
             <body><nav><a href=\"/\">Home</a></nav><article><h1>{t}</h1>{paras}</article><footer>(c) BBC</footer></body></html>",
            t = escape(v["title"].as_str().unwrap()),
            d = 1 + i % 28
        );
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
        let uri = format!("https://news.example.org/{}", v["id"].as_str().unwrap());
        gz.write_all(&warc_record("response", &uri, "application/http; msgtype=response", http.as_bytes())).unwrap();
    }
    std::fs::write(dir.join("bbc.warc.gz"), gz.finish().unwrap()).unwrap();
}

fn keys(records: &[Value]) -> (Vec<String>, Vec<Value>, Vec<Value>) {
    let mut ids = Vec::new();
    let mut quotes = Vec::new();
    let mut entities = Vec::new();
    for r in records {
        let id = r["id"].as_str().unwrap().to_string();
        for q in r["quotes"].as_array().unwrap() {
            let name = q["speaker"]["name"].as_str().unwrap_or("");
            quotes.push(serde_json::json!([id, q["text"], q["span"][0], q["span"][1], name]));
        }
        for e in r["entities"].as_array().unwrap() {
            entities.push(serde_json::json!([id, e["id"], e["name"], e["type"]]));
        }
        ids.push(id);
    }
    ids.sort();
    let sort = |v: &mut Vec<Value>| v.sort_by_key(|x| x.to_string());
    sort(&mut quotes);
    sort(&mut entities);
    (ids, quotes, entities)
}

#[test]
#[ignore = "external: needs Java, pyspark (deploy/spark/.venv) and ../shared/data/news_raw (run ./test)"]
fn spark_job_equals_single_machine() {
    let test = "spark_job_equals_single_machine";
    let Some(data) = support::shared_data(test) else { return };
    if support::program(test, &["java"], &["-version"], "apt-get install -y openjdk-17-jre-headless").is_none() {
        return;
    }
    let venv_python = root().join("deploy/spark/.venv/bin/python");
    if !support::runs(&venv_python, &["-c", "import pyspark"]) {
        return support::missing(test, "pyspark is not installed in deploy/spark/.venv; install it with: python3 -m venv deploy/spark/.venv && deploy/spark/.venv/bin/pip install 'pyspark==4.*' (./test does)");
    }
    let tmp = std::env::temp_dir().join(format!("dateline-spark-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let input = tmp.join("in");
    std::fs::create_dir_all(&input).unwrap();
    sample(&input, &data);
    // One copy of the binary for both runs (others may rebuild target/ meanwhile).
    let bin = tmp.join("dateline");
    std::fs::copy(env!("CARGO_BIN_EXE_dateline"), &bin).unwrap();

    let single = Command::new(&bin).arg("extract").arg(&input).output().unwrap();
    assert!(single.status.success(), "{}", String::from_utf8_lossy(&single.stderr));
    let mut want: Vec<String> = String::from_utf8(single.stdout).unwrap().lines().map(str::to_string).collect();
    assert_eq!(want.len(), 200);

    let out = tmp.join("out");
    let status = Command::new(root().join("deploy/spark/local-cluster"))
        .arg(&input)
        .arg(&out)
        .env("DATELINE_BIN", &bin)
        .status()
        .expect("run deploy/spark/local-cluster");
    assert!(status.success(), "local-cluster failed: {status}");

    // Records: the same lines (part files hold them in partition order).
    let mut got = Vec::new();
    let mut parts: Vec<PathBuf> = std::fs::read_dir(out.join("records")).unwrap().map(|e| e.unwrap().path()).collect();
    parts.sort();
    for p in parts.iter().filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("part-")) {
        got.extend(std::fs::read_to_string(p).unwrap().lines().map(str::to_string));
    }
    want.sort();
    got.sort();
    assert_eq!(got.len(), want.len());
    assert!(got == want, "Spark records differ from `dateline extract`");

    // Tables: read back by the job into summary.json.
    let summary: Value = serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let records: Vec<Value> = want.iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    let (ids, quotes, entities) = keys(&records);
    let mut s_quotes = summary["quote_keys"].as_array().unwrap().clone();
    let mut s_entities = summary["entity_keys"].as_array().unwrap().clone();
    s_quotes.sort_by_key(|x| x.to_string());
    s_entities.sort_by_key(|x| x.to_string());
    let s_ids: Vec<String> = summary["article_ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    assert_eq!(s_ids, ids);
    assert_eq!(s_quotes, quotes);
    assert_eq!(s_entities, entities);
    let amounts: usize = records.iter().map(|r| r["amounts"].as_array().unwrap().len()).sum();
    let events: usize = records.iter().map(|r| r["events"].as_array().unwrap().len()).sum();
    assert_eq!(summary["amounts"].as_u64(), Some(amounts as u64));
    assert_eq!(summary["events"].as_u64(), Some(events as u64));
    // Partitioned by publication date.
    assert!(out.join("tables/articles/published=2005-03-01").is_dir());
    let _ = std::fs::remove_dir_all(&tmp);
}
