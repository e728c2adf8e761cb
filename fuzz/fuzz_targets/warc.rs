//! Fuzzes the WARC and HTML readers: any bytes, as a WARC file (plain or gzip) and as an HTML
//! page, must give articles or skip reports, never a panic.
#![no_main]
use dateline_input::Options;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = Options { published: None, max_bytes: 1 << 16 };
    let counts = dateline_input::warc::read(data, "fuzz", &opts, &mut |r| {
        if let Ok(a) = r {
            assert!(!a.text.trim().is_empty());
        }
    });
    assert!(counts.articles + counts.bad <= counts.records + counts.bad);
    if let Ok(a) = dateline_input::html::article(data, None, "fuzz".into(), None, &opts) {
        assert!(!a.text.trim().is_empty());
    }
    let _ = dateline_input::warc::http_response(data);
});
