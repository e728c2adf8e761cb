//! Fuzzes the whole pipeline: any UTF-8 text must extract without panicking, and every span of
//! the output record must lie inside the text on code-point boundaries.
#![no_main]
use dateline_extract::{extract, record, Article, Models};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(models) = Models::embedded() else { return };
    let article = Article { id: "fuzz".into(), text: text.to_string(), ..Article::default() };
    let x = extract(&article, models);
    let chars = text.chars().count();
    for s in record::spans(&record::build(&article, &x)) {
        assert!(s[0] <= s[1] && s[1] <= chars, "span {s:?} outside text of {chars} chars");
    }
});
