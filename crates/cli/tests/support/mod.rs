//! What the tests that need something from outside the repository share: finding it, and
//! saying so when it is not there.
//!
//! Such tests are `#[ignore = "external: …"]`, so that `cargo test --workspace` runs only the
//! hermetic ones (and counts these as ignored); `./test` installs what is missing and runs them
//! too (`-- --include-ignored`). A test that cannot run its check calls [`missing`]: under
//! `CI=true` that fails the test; otherwise it writes `skipped: <test>: <why>` on stderr (past
//! the test harness's capture) and to the file `DATELINE_TEST_SKIPS` names, which `./test`
//! counts as skipped, and the test returns without asserting anything.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Whether this is a CI run (`CI=true` or `CI=1`), where a test that cannot run fails.
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The test cannot run its check because `why`: a failure under CI, else a reported skip.
/// Returns so that the caller can `return`.
pub fn missing(test: &str, why: &str) {
    if ci() {
        panic!("{test}: cannot run its check: {why} (CI=true: run ./test, which installs what the tests need)");
    }
    let line = format!("skipped: {test}: {why}");
    let _ = writeln!(std::io::stderr(), "{line}");
    if let Some(path) = std::env::var_os("DATELINE_TEST_SKIPS") {
        if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
            let _ = writeln!(f, "{line}");
        }
    }
}

/// The shared data folder (`../shared/data` beside the repository, or `$DATELINE_SHARED/data`).
pub fn shared_data(test: &str) -> Option<PathBuf> {
    let shared = std::env::var_os("DATELINE_SHARED").map(PathBuf::from).unwrap_or_else(|| root().join("../shared"));
    let data = shared.join("data");
    if data.is_dir() {
        Some(data)
    } else {
        missing(test, &format!("{} is not there (the shared data folder beside the repository; or set DATELINE_SHARED)", data.display()));
        None
    }
}

/// Whether `program args…` runs and succeeds.
pub fn runs(program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> bool {
    Command::new(program).args(args).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// The first of `candidates` that runs with `args`, else a [`missing`] report naming how to
/// get it.
pub fn program(test: &str, candidates: &[&str], args: &[&str], install: &str) -> Option<PathBuf> {
    if let Some(p) = candidates.iter().find(|p| runs(p, args)) {
        return Some(PathBuf::from(p));
    }
    missing(test, &format!("{} not found; install it with: {install} (./test does)", candidates[0]));
    None
}
