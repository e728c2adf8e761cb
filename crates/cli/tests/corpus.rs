//! The corpus commands end to end: `ingest` killed with SIGKILL in the middle and run again
//! (nothing lost, nothing doubled), `stats`, `search` (bad query → exit 2), and `export` to
//! JSON Lines, CSV and Parquet, the Parquet files read back by an independent reader (pyarrow:
//! external, a venv `./test` makes).

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dateline-corpus-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const PEOPLE: [(&str, &str, &str); 6] = [
    ("Jens Stoltenberg", "Stoltenberg", "NATO Secretary General"),
    ("Volodymyr Zelenskiy", "Zelenskiy", "Ukrainian President"),
    ("Klaus Iohannis", "Iohannis", "Romanian President"),
    ("Christine Lagarde", "Lagarde", "ECB President"),
    ("Olaf Scholz", "Scholz", "German Chancellor"),
    ("Ursula von der Leyen", "von der Leyen", "European Commission President"),
];
const PLACES: [&str; 6] = ["KYIV", "BRUSSELS", "BUCHAREST", "FRANKFURT", "BERLIN", "WARSAW"];
const TOPICS: [&str; 5] = ["air defence", "grain exports", "interest rates", "energy prices", "border security"];

/// A wire story made from the index: people, places, a quote, an amount, a date.
fn article(i: usize) -> String {
    let (name, surname, role) = PEOPLE[i % PEOPLE.len()];
    let (other, other_s, _) = PEOPLE[(i / 7 + 1) % PEOPLE.len()];
    let place = PLACES[(i / 3) % PLACES.len()];
    let topic = TOPICS[(i / 11) % TOPICS.len()];
    let day = 1 + i % 28;
    format!(
        "{place}, Sept {day} (Reuters) - {role} {name} said on Thursday that talks on {topic} would continue, \
         a day after meeting {other} in {place_t}.\n\n\
         \"We will keep working on {topic} for as long as it takes,\" {surname} told reporters in story {i}.\n\n\
         The plan is worth {amount} million euros, officials said. {other_s} said the deal was a good start.\n\n\
         (Reporting by Andrew Gray; Editing by Alex Richardson)",
        place_t = title_case(place),
        amount = 10 + i % 490,
    )
}

fn title_case(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_string() + &c.as_str().to_lowercase(),
        None => String::new(),
    }
}

/// Writes `n` articles as JSON Lines: every 10th repeats the text of the one 5 before (a
/// syndicated copy under another id), two ids appear twice, two lines are bad.
/// Returns (path, distinct ids, copies, bad lines).
fn write_input(dir: &Path, n: usize) -> (PathBuf, usize, usize, usize) {
    let p = dir.join("in.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
    let mut copies = 0;
    for i in 0..n {
        let text = if i % 10 == 9 {
            copies += 1;
            article(i - 5)
        } else {
            article(i)
        };
        let v = serde_json::json!({"id": format!("a{i:05}"), "text": text, "published": format!("2023-09-{:02}", 1 + i % 28)});
        writeln!(f, "{v}").unwrap();
        if i == 100 || i == n / 2 {
            // The same id again, same text: a duplicate.
            writeln!(f, "{v}").unwrap();
        }
        if i == 200 || i == n - 3 {
            writeln!(f, "{{\"id\": \"broken-{i}\", \"text\": ").unwrap();
        }
    }
    f.flush().unwrap();
    (p, n, copies, 2)
}

fn counts(db: &Path) -> serde_json::Value {
    let out = bin().args(["stats", "--db"]).arg(db).output().unwrap();
    assert!(out.status.success(), "stats: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Per-article digest: id, number of entity rows, mentions, quotes, amounts, dates, copy_of.
fn digest(db: &Path) -> Vec<(String, i64, i64, i64, i64, i64, Option<String>)> {
    let s = dateline_store::Store::open_read_only(db).unwrap();
    let c = s.connection();
    let mut stmt = c
        .prepare(
            "SELECT a.id,
                (SELECT count(*) FROM article_entities x WHERE x.article = a.rowid),
                (SELECT count(*) FROM mentions x WHERE x.article = a.rowid),
                (SELECT count(*) FROM quotes x WHERE x.article = a.rowid),
                (SELECT count(*) FROM amounts x WHERE x.article = a.rowid),
                (SELECT count(*) FROM dates x WHERE x.article = a.rowid),
                o.id
             FROM articles a LEFT JOIN articles o ON o.rowid = a.copy_of ORDER BY a.id",
        )
        .unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))).unwrap();
    rows.map(Result::unwrap).collect()
}

fn stored_articles(db: &Path) -> i64 {
    // The writer may hold the database mid-transaction: a failed read counts as "not yet".
    match dateline_store::Store::open_read_only(db) {
        Ok(s) => s.connection().query_row("SELECT count(*) FROM articles", [], |r| r.get(0)).unwrap_or(0),
        Err(_) => 0,
    }
}

// kill -9 in the middle of an ingest, then the same command again: the database is consistent,
// and ends up exactly like an uninterrupted ingest of the same input.
#[test]
fn ingest_survives_kill_9_and_completes_on_rerun() {
    let d = tempdir("crash");
    let (input, n, copies, bad) = write_input(&d, 3000);
    let db = d.join("crash.db");
    let ingest = |db: &Path| {
        let mut c = bin();
        c.args(["ingest", "--batch-size", "50", "--threads", "1", "--db"]).arg(db).arg(&input);
        c
    };

    let mut child = ingest(&db).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let t0 = Instant::now();
    let mut killed_at = None;
    while t0.elapsed() < Duration::from_secs(300) {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("ingest finished ({status}) before it could be killed; make the input larger");
        }
        let stored = stored_articles(&db);
        if stored >= 400 {
            child.kill().unwrap(); // SIGKILL on Unix
            child.wait().unwrap();
            killed_at = Some(stored);
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let killed_at = killed_at.expect("ingest made progress");
    let after_kill = stored_articles(&db);
    assert!(after_kill >= killed_at && (after_kill as usize) < n, "killed at {killed_at}, {after_kill} stored");
    // Whole batches only: every stored article has its rows (each article has entities).
    let partial = digest(&db);
    assert_eq!(partial.len() as i64, after_kill);
    assert!(partial.iter().all(|r| r.1 > 0 && r.2 > 0), "an article without its entity rows");
    {
        let s = dateline_store::Store::open(&db).unwrap();
        assert_eq!(s.check_integrity().unwrap(), Vec::<String>::new());
    }

    // The same command again completes the store.
    let out = ingest(&db).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "bad records make the exit code 1: {err}");
    assert!(err.contains("duplicates skipped"), "{err}");
    let stats = counts(&db);
    assert_eq!(stats["articles"], n as u64, "{stats}");
    assert_eq!(stats["copies"], copies as u64, "{stats}");

    // Exactly what an uninterrupted ingest gives.
    let fresh = d.join("fresh.db");
    let out = ingest(&fresh).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{n} articles stored")), "{err}");
    assert!(err.contains(&format!("{bad} bad records")), "{err}");
    assert!(err.contains("2 duplicates skipped"), "{err}");
    let fresh_stats = counts(&fresh);
    for k in ["articles", "entities", "quotes", "article_entities", "mentions", "amounts", "dates", "copies"] {
        assert_eq!(stats[k], fresh_stats[k], "{k}: {stats} vs {fresh_stats}");
    }
    assert_eq!(digest(&db), digest(&fresh));
    let s = dateline_store::Store::open(&db).unwrap();
    assert_eq!(s.check_integrity().unwrap(), Vec::<String>::new());
    let distinct: i64 = s.connection().query_row("SELECT count(DISTINCT id) FROM articles", [], |r| r.get(0)).unwrap();
    assert_eq!(distinct, n as i64);
    drop(s);

    // Searching the result; a malformed query is exit 2 with a message, not a panic.
    let out = bin().args(["search", "--json", "--kind", "quotes", "--speaker", "Stoltenberg", "--limit", "5", "--db"]).arg(&db).arg("defence").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["hit"], "quote");
    }
    for bad in ["\"open", "AND OR", "nosuchcol:word", "NEAR("] {
        let out = bin().args(["search", "--db"]).arg(&db).arg(bad).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("invalid query") && !err.contains("panicked"), "{bad}: {err}");
    }
    let out = bin().args(["entity", "--json", "--db"]).arg(&db).arg("Zelenskiy").output().unwrap();
    assert!(out.status.success());
    let p: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(p["entity"]["articles"].as_u64().unwrap_or(0) > 0, "{p}");
    let _ = std::fs::remove_dir_all(&d);
}

/// A Python with pyarrow: `DATELINE_PYARROW_PYTHON` (the venv `./test` makes), else `python3`
/// if it has pyarrow; else `None`, reported by [`support::missing`].
fn pyarrow_python() -> Option<PathBuf> {
    let ok = |py: &Path| Command::new(py).args(["-c", "import pyarrow.parquet"]).output().is_ok_and(|o| o.status.success());
    let given = std::env::var_os("DATELINE_PYARROW_PYTHON").map(PathBuf::from);
    if let Some(py) = given.into_iter().chain([PathBuf::from("python3")]).find(|p| ok(p)) {
        return Some(py);
    }
    support::missing("parquet_reads_back_in_pyarrow", "no Python with pyarrow; install it with: python3 -m venv V && V/bin/pip install pyarrow, and set DATELINE_PYARROW_PYTHON=V/bin/python (./test does)");
    None
}

/// The rows a table export must have, by the store's stats.
fn expected_rows(stats: &serde_json::Value, table: &str) -> u64 {
    match table {
        "articles" => stats["articles"].as_u64().unwrap(),
        "entities" => stats["article_entities"].as_u64().unwrap(),
        "quotes" => stats["quotes"].as_u64().unwrap(),
        "amounts" => stats["amounts"].as_u64().unwrap(),
        _ => stats["events"].as_u64().unwrap(),
    }
}

const TABLES: [&str; 5] = ["articles", "entities", "quotes", "amounts", "events"];

/// Ingests 60 articles into `d/x.db` and exports every table as JSON Lines, CSV and Parquet
/// (`d/<table>.parquet`) and the store as GKG rows, checking the row counts; returns the stats.
fn ingest_and_export(d: &Path) -> serde_json::Value {
    let (input, n, _, _) = write_input(d, 60);
    let db = d.join("x.db");
    let out = bin().args(["ingest", "--quiet", "--db"]).arg(&db).arg(&input).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let stats = counts(&db);
    assert_eq!(stats["articles"], n as u64);
    let expect = |table: &str| expected_rows(&stats, table);
    for t in TABLES {
        let out = bin().args(["export", "--format", "jsonl", "--table", t, "--db"]).arg(&db).output().unwrap();
        assert!(out.status.success());
        let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
        assert_eq!(lines.len() as u64, expect(t), "{t}");
        for l in lines {
            assert!(serde_json::from_str::<serde_json::Value>(l).unwrap().is_object());
        }
        let csv = d.join(format!("{t}.csv"));
        let out = bin().args(["export", "--format", "csv", "--table", t, "--db"]).arg(&db).arg("--out").arg(&csv).output().unwrap();
        assert!(out.status.success());
        assert!(std::fs::read_to_string(&csv).unwrap().len() > 10);
        let pq = d.join(format!("{t}.parquet"));
        let out = bin().args(["export", "--format", "parquet", "--table", t, "--db"]).arg(&db).arg("--out").arg(&pq).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(std::fs::read(&pq).unwrap().get(..4), Some(&b"PAR1"[..]));
    }
    // gkg: one row per article, whatever --table says (tests/gkg.rs checks the rows).
    let out = bin().args(["export", "--format", "gkg", "--table", "events", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::str::from_utf8(&out.stdout).unwrap().lines().count() as u64, expect("articles"));
    stats
}

#[test]
fn export_tables() {
    let d = tempdir("export");
    ingest_and_export(&d);
    let _ = std::fs::remove_dir_all(&d);
}

/// The Parquet files read back by an independent reader, pyarrow.
#[test]
#[ignore = "external: needs Python with pyarrow (run ./test)"]
fn parquet_reads_back_in_pyarrow() {
    let Some(py) = pyarrow_python() else { return };
    let d = tempdir("pyarrow");
    let stats = ingest_and_export(&d);
    let expect = |table: &str| expected_rows(&stats, table);
    let tables = TABLES;
    let script = r#"
import sys, json, pyarrow.parquet as pq
out = {}
for path in sys.argv[1:]:
    t = pq.read_table(path)
    out[path.rsplit('/', 1)[-1].split('.')[0]] = {"rows": t.num_rows, "schema": {f.name: str(f.type) for f in t.schema}, "first": t.slice(0, 1).to_pylist()}
print(json.dumps(out, default=str))
"#;
    let paths: Vec<PathBuf> = tables.iter().map(|t| d.join(format!("{t}.parquet"))).collect();
    let out = Command::new(&py).arg("-c").arg(script).args(&paths).output().unwrap();
    assert!(out.status.success(), "pyarrow: {}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for t in tables {
        assert_eq!(v[t]["rows"].as_u64(), Some(expect(t)), "{t}: {}", v[t]);
    }
    assert_eq!(v["articles"]["schema"]["published"], "date32[day]");
    assert_eq!(v["quotes"]["schema"]["start"], "int64");
    assert_eq!(v["amounts"]["schema"]["value"], "double");
    assert_eq!(v["entities"]["schema"]["credit"], "bool");
    assert_eq!(v["articles"]["first"][0]["id"], "a00000");
    assert_eq!(v["articles"]["first"][0]["published"], "2023-09-01");
    let _ = std::fs::remove_dir_all(&d);
}
