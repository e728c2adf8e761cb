//! Fuzzes the input readers: any bytes, as a `.jsonl` file and as a plain-text file, must give
//! records or skip reports, never a panic.
#![no_main]
use dateline_input::{read_slice, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = Options { published: None, max_bytes: 1 << 16 };
    for jsonl in [true, false] {
        read_slice(data, "fuzz", jsonl, &opts, &mut |r| {
            if let Ok(a) = r {
                assert!(!a.text.trim().is_empty());
            }
        });
    }
});
