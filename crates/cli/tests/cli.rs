//! The command line as users meet it: bad input, stdin, directories, order, threads; and, with
//! the shared folder (external, run by `./test`), the contract checker of
//! `../shared/tools/check-contract`, the tagger's F1 floor on CoNLL dev and `eval quotes --system`.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dateline"));
    c.current_dir(root());
    c
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dateline-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn ids(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("valid JSON line"))
        .map(|v| v["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

// bad input: empty, binary, latin-1, a 50 MB article and broken JSON Lines in one directory;
// each is named on stderr, skipped, and the good records still come out.
#[test]
fn bad_inputs_are_reported_and_skipped() {
    let d = tempdir("bad");
    std::fs::write(d.join("a-good.txt"), "LONDON (Reuters) - The minister said on Monday she would resign.").unwrap();
    std::fs::write(d.join("b-empty.txt"), "").unwrap();
    std::fs::write(d.join("c-binary.bin"), (0..=255u8).cycle().take(16384).collect::<Vec<u8>>()).unwrap();
    std::fs::write(d.join("d-latin1.txt"), b"caf\xe9 au lait").unwrap();
    std::fs::write(d.join("e-huge.txt"), "word ".repeat(10 << 20)).unwrap();
    std::fs::write(d.join("f-mixed.jsonl"), "{\"id\": \"j1\", \"text\": \"Hello.\"}\n{\"id\": \n{\"id\": \"j3\"}\n{\"id\": \"j4\", \"body\": \"Bye.\"}\n").unwrap();
    let out = bin().arg("extract").arg(&d).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(ids(&out.stdout), vec!["a-good", "j1", "j4"]);
    for needle in ["b-empty.txt", "c-binary.bin", "d-latin1.txt", "e-huge.txt", "f-mixed.jsonl:2", "f-mixed.jsonl:3", "UTF-8", "binary", "limit", "invalid JSON", "no `text`"] {
        assert!(err.contains(needle), "stderr lacks {needle:?}:\n{err}");
    }
    assert!(!err.contains("panicked"));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn stdin_plain_and_jsonl() {
    for (input, want) in [("KYIV (Reuters) - Hello there.", vec!["stdin"]), ("{\"id\": 5, \"text\": \"a\"}\n{\"id\": \"b\", \"text\": \"b\"}\n", vec!["5", "b"])] {
        let mut child = bin().arg("extract").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(ids(&out.stdout), want);
    }
}

#[test]
fn output_order_is_input_order_whatever_the_threads() {
    let d = tempdir("order");
    let mut lines = String::new();
    for i in 0..600 {
        lines.push_str(&format!("{{\"id\": \"a{i}\", \"text\": \"Article {i}: Angela Merkel met Emmanuel Macron in Paris.\"}}\n"));
    }
    std::fs::write(d.join("many.jsonl"), lines).unwrap();
    let want: Vec<String> = (0..600).map(|i| format!("a{i}")).collect();
    for threads in ["1", "2", "4"] {
        let out = bin().args(["extract", "--threads", threads]).arg(d.join("many.jsonl")).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(ids(&out.stdout), want, "threads {threads}");
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn missing_path_is_a_clear_error() {
    let out = bin().args(["extract", "no/such/file.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt"));
}

/// The shared contract checker of `../shared/tools`.
#[test]
#[ignore = "external: needs ../shared/tools/check-contract and python3 (run ./test)"]
fn contract_checker_passes() {
    let Some(data) = support::shared_data("contract_checker_passes") else { return };
    let checker = data.join("../tools/check-contract");
    if !checker.exists() || !support::runs("python3", &["--version"]) {
        return support::missing("contract_checker_passes", &format!("{} or python3 is not there", checker.display()));
    }
    let out = Command::new("python3").arg(&checker).arg(env!("CARGO_BIN_EXE_dateline")).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.contains("contract: 0 failure(s)"), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
}

/// A regression floor for the tagger on CoNLL-2003 dev.
#[test]
#[ignore = "external: needs ../shared/data/conll2003 (run ./test)"]
fn ner_dev_f1_floor() {
    let Some(data) = support::shared_data("ner_dev_f1_floor") else { return };
    let gold = data.join("conll2003/eng.testa.bio.txt");
    let out = bin().args(["eval", "ner"]).arg(&gold).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let f1: f64 = text
        .lines()
        .find(|l| l.starts_with("overall"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no overall line in {text}"));
    assert!(f1 >= 92.0, "dev F1 {f1} fell below the floor of 92.0\n{text}");
}

/// `eval quotes --system` scores another system's records with the same scorer: dateline's own
/// records, fed back through it, must score exactly as `eval quotes` does directly.
#[test]
#[ignore = "external: needs ../shared/data/quotes_ggt (run ./test)"]
fn eval_quotes_system_records_score_like_the_pipeline() {
    let Some(data) = support::shared_data("eval_quotes_system_records_score_like_the_pipeline") else { return };
    let gold = data.join("quotes_ggt/ggt_quotes.dev.jsonl");
    let d = tempdir("system");
    let records = bin().arg("extract").arg(&gold).output().unwrap();
    assert_eq!(records.status.code(), Some(0));
    std::fs::write(d.join("self.jsonl"), &records.stdout).unwrap();
    let direct = bin().args(["eval", "quotes"]).arg(&gold).output().unwrap();
    let via = bin().args(["eval", "quotes"]).arg(&gold).arg("--system").arg(d.join("self.jsonl")).output().unwrap();
    assert!(direct.status.success() && via.status.success());
    assert_eq!(String::from_utf8_lossy(&direct.stdout), String::from_utf8_lossy(&via.stdout));
    let _ = std::fs::remove_dir_all(&d);
}
