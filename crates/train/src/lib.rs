//! dateline's training and evaluation: the readers of the data under `../shared/data`, the
//! builders of the models committed under `models/` (`dateline train …`), the gold readers and
//! the runners of `dateline eval …`.
//!
//! In: data files (paths), and for evaluation the [`Models`](dateline_extract::Models). Out: model
//! files written, and reports to print. Rule: deterministic (the same data and options give the
//! same bytes: sorted maps, seeded shuffles); nothing here prints (long runs report progress
//! through a `log` callback, and every function returns what the caller shows); a file that
//! cannot be read, or data that is not what it should be, is an [`Error`] naming it.
//!
//! Modules: [`paths`] (where the repository and `../shared` are), [`gazetteer`], [`ner`]
//! (clusters, name lists, the tagger, `eval ner`), [`gender`] and [`quotes`] (GGT and PolNeAR
//! gold, cues), [`events_dict`] (the CAMEO dictionary compiler) and [`events_eval`] (PETRARCH
//! and PLOVER gold, `eval events`). None imports another but `events_eval` (which compiles
//! dictionaries with `events_dict`) and all of them [`paths`] and this root.

pub mod events_dict;
pub mod events_eval;
pub mod gazetteer;
pub mod gender;
pub mod ner;
pub mod paths;
pub mod quotes;

use std::path::{Path, PathBuf};

/// Errors of training and evaluation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file that cannot be read or written.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// Data that is not what it should be (the message says where).
    #[error("{0}")]
    Data(String),
    /// A model that does not load.
    #[error(transparent)]
    Model(#[from] dateline_extract::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn data_error(message: impl Into<String>) -> Error {
    Error::Data(message.into())
}

pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

pub(crate) fn read_to_string(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

pub(crate) fn write(path: &Path, data: impl AsRef<[u8]>) -> Result<()> {
    std::fs::write(path, data).map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

/// `train vader`: the tone lexicon (`token TAB mean valence`) from the raw VADER lexicon.
pub fn vader(data: &Path, out: &Path) -> Result<String> {
    let tsv = dateline_extract::tone::vader_tsv(&read_to_string(data)?);
    write(out, &tsv)?;
    Ok(format!("wrote {} ({} entries)", out.display(), tsv.lines().filter(|l| !l.starts_with('#')).count()))
}

/// `train gazetteer`: the gazetteer built from the folder `data`, written to `out`.
pub fn train_gazetteer(data: &Path, out: &Path) -> Result<String> {
    let g = gazetteer::gazetteer(data)?;
    let bytes = g.to_bytes();
    write(out, &bytes)?;
    Ok(format!("wrote {} ({} places, {} bytes)", out.display(), g.places.len(), bytes.len()))
}
