//! The extraction core's integration tests, in one test binary (one link instead of nine):
//! data-driven cases of each stage (`tests/data/<stage>/cases.jsonl`), property tests of the
//! spans, and the record's JSON round trip. Each module's `//!` says what it checks.

mod amounts;
mod dates;
mod events;
mod geo;
mod invariants;
mod quotes;
mod record_json;
mod themes;
mod tone;
