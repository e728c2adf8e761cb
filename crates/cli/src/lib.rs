//! The `dateline` command line: flag parsing and glue between the input readers, the
//! extraction core (`dateline-extract`) and the output. No extraction logic lives here.

pub mod events_data;
pub mod events_gold;
pub mod gender;
pub mod gkg;
pub mod corpus;
pub mod gold;
pub mod html;
pub mod input;
pub mod train;
pub mod warc;
pub mod worker;
