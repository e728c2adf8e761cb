//! The `dateline` command line: flag parsing and glue between the input readers, the
//! extraction core (`dateline-extract`) and the output. No extraction logic lives here.

pub mod gold;
pub mod input;
pub mod train;
