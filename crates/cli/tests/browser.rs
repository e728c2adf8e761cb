//! The browser test (`tests/browser/run`): headless Chromium drives `dateline serve` through
//! search, an article page with highlights, an entity page and its quotes, and a hostile
//! article that must render as text. The script installs Chromium itself (apt-get, as CI runs
//! as root); it is run here so that `cargo test --workspace` covers it.

use std::path::Path;
use std::process::Command;

#[test]
fn browser_search_article_entity_quotes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new("bash")
        .arg(root.join("tests/browser/run"))
        .env("DATELINE_BIN", env!("CARGO_BIN_EXE_dateline"))
        .current_dir(&root)
        .output()
        .expect("run tests/browser/run");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "browser test failed\nstdout:\n{stdout}\nstderr:\n{stderr}");
    println!("{stdout}");
}
