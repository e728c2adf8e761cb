//! Property tests: for arbitrary input, every span of the extraction lies inside the text on
//! char boundaries, and every span of the output record inside the text in code points.

use dateline_extract::{extract, record, Article, Models};
use proptest::prelude::*;

fn check(text: &str) {
    let models = Models::embedded().expect("embedded models load");
    let article = Article { id: "p".into(), text: text.to_string(), ..Article::default() };
    let x = extract(&article, models);
    for s in x.byte_spans() {
        assert!(s.start <= s.end && s.end <= text.len(), "span {s:?} outside text of {} bytes", text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "span {s:?} splits a char in {text:?}");
    }
    let chars = text.chars().count();
    for s in record::spans(&record::build(&article, &x)) {
        assert!(s[0] <= s[1] && s[1] <= chars, "record span {s:?} outside text of {chars} chars");
    }
}

/// Text made of the pieces wire copy is made of, so the rules actually fire.
fn wireish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("KYIV (Reuters) -".to_string()),
        Just("PHOTO CAPTION: ".to_string()),
        Just(" REUTERS/Stringer".to_string()),
        Just("(Reporting by Jane Doe; Editing by Bo Li)".to_string()),
        Just("($1 = 0.9489 euros)".to_string()),
        Just("\n".to_string()),
        Just("\"".to_string()),
        Just("“Zelenskiy”".to_string()),
        Just(" said. ".to_string()),
        Just("U.S. ".to_string()),
        Just("NATO Secretary General Jens Stoltenberg".to_string()),
        "\\PC{0,12}",
        "[A-Z][a-z]{1,8} ",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn spans_inside_text_for_any_string(s in "\\PC*") {
        check(&s);
    }

    #[test]
    fn spans_inside_text_for_wire_like_text(s in wireish()) {
        check(&s);
    }
}

#[test]
fn odd_inputs() {
    for t in ["", " ", "\n\n\n", "-", "(", "\"", "ÿ", "KYIV (Reuters) -", "($1 = euros)", "By", "\u{feff}Hello", "a\u{0}b"] {
        check(t);
    }
}
