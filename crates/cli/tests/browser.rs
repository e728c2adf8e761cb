//! The browser test (`tests/browser/run`): headless Chromium drives `dateline serve` through
//! search, an article page with highlights, an entity page and its quotes, and a hostile
//! article that must render as text. External: needs Chromium and chromedriver (Debian's
//! `chromium` and `chromium-driver`, which `./test` installs), python3 and curl; the script
//! installs nothing itself.

mod support;

use std::path::Path;
use std::process::Command;

#[test]
#[ignore = "external: needs chromium, chromium-driver, python3 and curl (run ./test)"]
fn browser_search_article_entity_quotes() {
    let test = "browser_search_article_entity_quotes";
    for (program, args, install) in [
        ("chromium", &["--version"][..], "apt-get install -y chromium"),
        ("chromedriver", &["--version"][..], "apt-get install -y chromium-driver"),
        ("python3", &["--version"][..], "apt-get install -y python3"),
        ("curl", &["--version"][..], "apt-get install -y curl"),
    ] {
        if support::program(test, &[program], args, install).is_none() {
            return;
        }
    }
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
