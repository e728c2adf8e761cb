//! Plain-text articles: a `.txt` file (or any file not recognised otherwise), or stdin that
//! does not start with `{`.
//!
//! In: the bytes of the whole file, its name and the id to give it. Out: one [`Entry`].
//! Rule: the text is the file content as it is (no trimming: spans index it); it must be
//! non-blank UTF-8 that does not look binary (a NUL, or more than 8 control characters other
//! than line breaks, tabs and form feeds in the first 4096), and at most `max_bytes` long.

use crate::types::{over_limit, skip, Entry, Options};
use dateline_extract::Article;

/// One plain-text article from the bytes of a whole file.
pub fn plain(bytes: Vec<u8>, source: &str, id: &str, opts: &Options) -> Entry {
    if bytes.len() > opts.max_bytes {
        return Err(skip(source, None, over_limit(opts.max_bytes)));
    }
    let text = checked_text(bytes).map_err(|r| skip(source, None, r))?;
    Ok(Article { id: id.to_string(), text, published: opts.published, ..Article::default() })
}

/// Checks that bytes are a usable article text.
fn checked_text(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty (no text)".into());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        if e.as_bytes().contains(&0) {
            "binary data, not text".to_string()
        } else {
            format!("not valid UTF-8 (first bad byte at offset {at}); convert it to UTF-8 first")
        }
    })?;
    if looks_binary(&text) {
        return Err("binary data, not text".into());
    }
    Ok(text)
}

fn looks_binary(s: &str) -> bool {
    let control = s.chars().take(4096).filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    control > 8 || s.contains('\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options { published: None, max_bytes: 1000 }
    }

    #[test]
    fn plain_text_checks() {
        assert!(plain(b"".to_vec(), "e", "e", &opts()).is_err());
        assert!(plain(vec![0u8, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "b", "b", &opts()).is_err());
        assert!(plain(b"caf\xe9".to_vec(), "l", "l", &opts()).unwrap_err().reason.contains("UTF-8"));
        assert!(plain(vec![b'a'; 2000], "big", "big", &opts()).unwrap_err().reason.contains("limit"));
        assert_eq!(plain(b"Hello.".to_vec(), "h", "h", &opts()).unwrap().id, "h");
    }
}
