//! Where things are: the repository (its `models/`) and the shared data folder beside it.
//!
//! In: an explicit folder, if the user gave one. Out: paths. Rule: defaults are resolved from
//! where this crate was built (`CARGO_MANIFEST_DIR`), never from the working directory, so that
//! `dateline train …` and `dateline eval …` work from any directory; a shared folder that is not
//! there is an error naming it and the option that gives another.

use crate::{Error, Result};
use std::path::{Path, PathBuf};

/// The repository this program was built from (it holds `models/`).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared` of the repository, or `given`; it must hold `data/`.
pub fn shared(given: Option<&Path>) -> Result<PathBuf> {
    let dir = match given {
        Some(d) => d.to_path_buf(),
        None => repo().join("../shared"),
    };
    if !dir.join("data").is_dir() {
        return Err(Error::Data(format!(
            "{}: no shared data folder here (want the folder with data/); give it with --shared DIR or DATELINE_SHARED",
            dir.display()
        )));
    }
    Ok(dir)
}

/// A file of the repository's `models/`.
pub fn model(name: &str) -> PathBuf {
    repo().join("models").join(name)
}
