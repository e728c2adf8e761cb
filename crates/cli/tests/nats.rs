//! `dateline worker` on NATS JetStream (external: needs nats-server, the Debian package `./test`
//! installs, and `../shared/data/news_raw`): a nats-server on 127.0.0.1 with JetStream in a
//! temporary directory, two workers sharing one durable consumer,
//! 3,000 articles published, one worker SIGKILLed mid-stream. Every article's record must arrive
//! downstream exactly once after the consumer-side dedupe by article id, and equal the record
//! `dateline extract` gives for it.

mod support;

use serde_json::Value;
use std::io::BufRead;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const N: usize = 3000;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Kills the children on the way out, even when the test fails.
struct Procs(Vec<Child>);

impl Drop for Procs {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// N articles with ids, from the raw news (Reuters stories with a body, then BBC).
fn articles(data: &Path) -> Vec<String> {
    let data = data.join("news_raw");
    let mut out = Vec::new();
    for (file, prefix) in [("reuters21578.jsonl", "reuters"), ("bbc_news.jsonl", "bbc")] {
        let f = std::fs::File::open(data.join(file)).expect("news_raw data");
        for line in std::io::BufReader::new(f).lines() {
            if out.len() >= N {
                return out;
            }
            let v: Value = serde_json::from_str(&line.unwrap()).unwrap();
            let body = v["body"].as_str().unwrap_or("");
            if body.trim().len() < 200 {
                continue;
            }
            let id = match &v["newid"] {
                Value::Number(n) => format!("{prefix}-{n}"),
                _ => format!("{prefix}-{}", v["id"].as_str().unwrap_or("x")),
            };
            out.push(serde_json::json!({"id": id, "title": v["title"], "text": body}).to_string());
        }
    }
    out
}

fn dateline() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dateline"));
    c.current_dir(root());
    c
}

#[test]
#[ignore = "external: needs nats-server and ../shared/data/news_raw (run ./test)"]
fn two_workers_one_killed_nothing_lost_nothing_doubled() {
    let test = "two_workers_one_killed_nothing_lost_nothing_doubled";
    let Some(data) = support::shared_data(test) else { return };
    let Some(server) = support::program(test, &["nats-server", "/usr/sbin/nats-server", "/usr/bin/nats-server"], &["--version"], "apt-get install -y nats-server") else {
        return;
    };
    let tmp = std::env::temp_dir().join(format!("dateline-nats-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(tmp.join("js")).unwrap();
    let port = free_port();
    let url = format!("nats://127.0.0.1:{port}");
    let mut procs = Procs(Vec::new());
    procs.0.push(
        Command::new(&server)
            .args(["-a", "127.0.0.1", "-p", &port.to_string(), "-js", "-sd"])
            .arg(tmp.join("js"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nats-server"),
    );
    let t0 = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(t0.elapsed() < Duration::from_secs(10), "nats-server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }

    let arts = articles(&data);
    assert_eq!(arts.len(), N);
    let input = tmp.join("articles.jsonl");
    std::fs::write(&input, arts.join("\n") + "\n").unwrap();
    let names = ["--nats", &url, "--stream", "T_IN", "--subject-in", "t.in", "--stream-out", "T_OUT", "--subject-out", "t.out"];

    let st = dateline().arg("worker").args(names).arg("--publish").arg(&input).status().unwrap();
    assert!(st.success(), "publish failed");

    let worker = || {
        dateline()
            .arg("worker")
            .args(names)
            .args(["--consumer", "extractors", "--batch", "16", "--ack-wait", "3"])
            .stdout(Stdio::null())
            .spawn()
            .expect("start worker")
    };
    procs.0.push(worker());
    procs.0.push(worker());

    // Mid-stream: once a sixth of the articles are out, SIGKILL the first worker.
    let st = dateline().arg("worker").args(names).args(["--collect", &(N / 6).to_string(), "--timeout", "120"]).stdout(Stdio::null()).status().unwrap();
    assert!(st.success(), "the workers did not get going");
    procs.0[1].kill().expect("SIGKILL worker 1");
    let _ = procs.0[1].wait();

    // Everything must arrive, once per id after the dedupe.
    let out = dateline().arg("worker").args(names).args(["--collect", &N.to_string(), "--timeout", "240"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "not every article arrived: {err}");
    eprintln!("{err}");
    let got: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect();
    assert_eq!(got.len(), N);
    let mut ids: Vec<String> = got.iter().map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].as_str().unwrap().to_string()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), N, "an article arrived twice after dedupe");

    // The same facts as `dateline extract`.
    let single = dateline().arg("extract").arg(&input).output().unwrap();
    assert!(single.status.success());
    let mut want: Vec<String> = String::from_utf8(single.stdout).unwrap().lines().map(str::to_string).collect();
    let mut got = got;
    want.sort();
    got.sort();
    assert!(want == got, "worker records differ from `dateline extract`");
    drop(procs);
    let _ = std::fs::remove_dir_all(&tmp);
}
