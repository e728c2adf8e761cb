//! dateline's readers of outside input: every way an article comes in, as a library.
//!
//! In: paths, stdin, bytes (a posted article, a stream message) and [`Options`]. Out:
//! [`Entry`]s (`Ok(Article)` or `Err(Skip)`), in input order.
//! Rule: a bad record is reported (its source, its line or record number, why) and skipped;
//! it never stops the others and never panics.
//!
//! Modules, bottom up (none imports one above it): [`types`] (the shared types) ←
//! [`text`] (plain-text articles), [`jsonl`] (JSON articles: files, stdin, posted bodies,
//! stream messages), [`html`] (HTML pages) ← [`warc`] (WARC archives, whose responses are HTML
//! pages) ← [`source`] (paths, directories and stdin, dispatched by file name; batches).

pub mod html;
pub mod jsonl;
pub mod source;
pub mod text;
pub mod types;
pub mod warc;

pub use jsonl::{message, posted_article};
pub use source::{in_batches, read, read_slice, sources, Batch, Source};
pub use types::{Entry, Options, Skip, DEFAULT_MAX_BYTES};
