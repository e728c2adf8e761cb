//! The article text as HTML with its annotations marked, in the manner of spaCy's displaCy.
//!
//! In: the article text, its output record (`dateline_extract::record::Record`: spans in Unicode
//! code points) and the global entity keys of the record's entities (`"E1"` → key, for links).
//! Out: an HTML fragment: the
//! whole text, escaped, with entity mentions (`<a class="ent">`, coloured by type, linking to
//! the entity page), amounts and dates (`<mark>`) and quotes (`<span class="quote">`, the
//! speaker in `title` and `data-speaker`).
//! Rule: spans are converted from code points to byte offsets by [`CharIndex`]; a span that is
//! empty, reversed or out of range is dropped. Marks never
//! overlap: inner marks (mentions, then amounts, then dates) are chosen greedily left to right
//! (the longest first at one start), quotes likewise among themselves, and a quote boundary that
//! falls inside an inner mark is moved out of it (the quote shrinks), so the tags always nest and
//! the HTML is well formed whatever the record says. All text and attribute values are escaped
//! (by `html_escape`, for double-quoted attributes: `&`, `<`, `>`, `"`).

use dateline_extract::record::Record;
use dateline_extract::span::CharIndex;
use std::collections::HashMap;
use std::fmt::Write;

/// Escapes text for HTML content and (double-quoted) attribute values.
pub fn escape_into(out: &mut String, s: &str) {
    html_escape::encode_double_quoted_attribute_to_string(s, out);
}

pub fn escape(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).into_owned()
}

#[derive(Clone, Debug)]
enum Kind {
    Entity { ty: String, name: String, key: Option<i64>, credit: bool },
    Amount { label: String, title: String },
    Date { title: String },
    Quote { anchor: usize, kind: String, title: String, speaker: String },
}

#[derive(Clone, Debug)]
struct Mark {
    start: usize,
    end: usize,
    /// Among inner marks at the same start and length: lower wins.
    prio: u8,
    kind: Kind,
}

/// The byte span of a code-point span, if valid and not empty.
fn byte_span(ci: &CharIndex, span: [usize; 2]) -> Option<(usize, usize)> {
    let b = ci.byte_span(span).filter(|b| b.start < b.end)?;
    Some((b.start, b.end))
}

fn fmt_value(x: f64) -> Option<String> {
    if !x.is_finite() {
        return None;
    }
    Some(if x.abs() >= 1e9 {
        format!("{:.3} billion", x / 1e9)
    } else if x.abs() >= 1e6 {
        format!("{:.3} million", x / 1e6)
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    })
}

fn collect(text: &str, rec: &Record, keys: &HashMap<String, i64>) -> (Vec<Mark>, Vec<Mark>) {
    let ci = CharIndex::new(text);
    let mut inner = Vec::new();
    let mut names: HashMap<&str, &str> = HashMap::new();
    for e in &rec.entities {
        names.insert(&e.id, &e.name);
        let ty = if e.ty.is_empty() { "MISC" } else { e.ty.as_str() };
        for m in &e.mentions {
            if let Some((a, b)) = byte_span(&ci, m.span) {
                let kind = Kind::Entity { ty: ty.to_string(), name: e.name.clone(), key: keys.get(&e.id).copied(), credit: e.credit };
                inner.push(Mark { start: a, end: b, prio: 0, kind });
            }
        }
    }
    for x in &rec.amounts {
        if let Some((a, b)) = byte_span(&ci, x.span) {
            let kind = if x.kind.is_empty() { "amount" } else { x.kind.as_str() };
            let mut title = kind.to_string();
            if let Some(v) = fmt_value(x.value) {
                let _ = write!(title, ": {v}");
            }
            for u in [&x.currency, &x.unit].into_iter().flatten() {
                let _ = write!(title, " {u}");
            }
            if let Some(q) = &x.qualifier {
                let _ = write!(title, " ({q})");
            }
            if let Some(usd) = x.usd.and_then(fmt_value) {
                let _ = write!(title, " ≈ {usd} USD");
            }
            if let Some(o) = &x.object {
                let _ = write!(title, " — {o}");
            }
            let label = if kind == "money" { "MONEY".to_string() } else { kind.to_ascii_uppercase() };
            inner.push(Mark { start: a, end: b, prio: 1, kind: Kind::Amount { label, title } });
        }
    }
    for d in &rec.dates {
        if let Some((a, b)) = byte_span(&ci, d.span) {
            let title = match &d.value {
                Some(v) => format!("{} date: {v}", d.kind),
                None => format!("{} date (no calendar value)", d.kind),
            };
            inner.push(Mark { start: a, end: b, prio: 2, kind: Kind::Date { title: title.trim().to_string() } });
        }
    }
    let mut outer = Vec::new();
    for q in &rec.quotes {
        let Some((a, b)) = byte_span(&ci, q.span) else { continue };
        let anchor = q.span[0];
        let kind = if q.kind.is_empty() { "quote".to_string() } else { q.kind.clone() };
        let speaker = q
            .speaker
            .as_ref()
            .and_then(|v| Some(v.name.as_str()).filter(|n| !n.is_empty()).or_else(|| v.entity.as_deref().and_then(|l| names.get(l).copied())))
            .unwrap_or("unknown speaker")
            .to_string();
        let mut title = format!("{speaker} ({kind} quote");
        if let Some(c) = &q.cue {
            let _ = write!(title, "; cue: {}", c.text);
        }
        title.push(')');
        outer.push(Mark { start: a, end: b, prio: 0, kind: Kind::Quote { anchor, kind, title, speaker } });
    }
    (inner, outer)
}

/// Keeps non-overlapping marks, left to right, the longest (then the lowest `prio`) first at
/// one start.
fn select(mut marks: Vec<Mark>) -> Vec<Mark> {
    marks.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.prio.cmp(&b.prio)));
    let mut out: Vec<Mark> = Vec::with_capacity(marks.len());
    for m in marks {
        if !matches!(out.last(), Some(l) if m.start < l.end) {
            out.push(m);
        }
    }
    out
}

/// Moves quote boundaries that fall strictly inside an inner mark out of it.
fn fit(outer: Vec<Mark>, inner: &[Mark]) -> Vec<Mark> {
    outer
        .into_iter()
        .filter_map(|mut q| {
            for m in inner {
                if m.start < q.start && q.start < m.end {
                    q.start = m.end;
                }
                if m.start < q.end && q.end < m.end {
                    q.end = m.start;
                }
            }
            (q.start < q.end).then_some(q)
        })
        .collect()
}

fn open_tag(out: &mut String, m: &Mark) {
    match &m.kind {
        Kind::Entity { ty, name, key, credit } => {
            let class = format!("ent t-{}{}", ty.chars().filter(char::is_ascii_alphanumeric).collect::<String>(), if *credit { " credit" } else { "" });
            match key {
                Some(k) => {
                    let _ = write!(out, "<a class=\"{class}\" href=\"/entities/{k}\" data-type=\"");
                }
                None => {
                    let _ = write!(out, "<span class=\"{class}\" data-type=\"");
                }
            }
            escape_into(out, ty);
            out.push_str("\" title=\"");
            escape_into(out, &format!("{ty}: {name}"));
            out.push_str("\">");
        }
        Kind::Amount { label, title } => {
            out.push_str("<mark class=\"amt\" data-type=\"");
            escape_into(out, label);
            out.push_str("\" title=\"");
            escape_into(out, title);
            out.push_str("\">");
        }
        Kind::Date { title } => {
            out.push_str("<mark class=\"date\" data-type=\"DATE\" title=\"");
            escape_into(out, title);
            out.push_str("\">");
        }
        Kind::Quote { anchor, kind, title, speaker } => {
            let kind: String = kind.chars().filter(char::is_ascii_alphanumeric).collect();
            let _ = write!(out, "<span class=\"quote q-{kind}\" id=\"q-{anchor}\" data-speaker=\"");
            escape_into(out, speaker);
            out.push_str("\" title=\"");
            escape_into(out, title);
            out.push_str("\">");
        }
    }
}

fn close_tag(out: &mut String, m: &Mark) {
    out.push_str(match &m.kind {
        Kind::Entity { key: Some(_), .. } => "</a>",
        Kind::Entity { key: None, .. } | Kind::Quote { .. } => "</span>",
        Kind::Amount { .. } | Kind::Date { .. } => "</mark>",
    });
}

/// Counts of what [`render`] marked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub entities: usize,
    pub amounts: usize,
    pub dates: usize,
    pub quotes: usize,
}

/// The text as escaped HTML with its marks (see the module doc).
pub fn render(text: &str, record: &Record, keys: &HashMap<String, i64>) -> (String, Counts) {
    let (inner, outer) = collect(text, record, keys);
    let inner = select(inner);
    let outer = fit(select(outer), &inner);
    let mut counts = Counts { quotes: outer.len(), ..Counts::default() };
    for m in &inner {
        match m.kind {
            Kind::Entity { .. } => counts.entities += 1,
            Kind::Amount { .. } => counts.amounts += 1,
            Kind::Date { .. } => counts.dates += 1,
            Kind::Quote { .. } => {}
        }
    }
    // (position, rank, outer?, index): at one position inner marks close, then quotes close,
    // then quotes open, then inner marks open.
    let mut events: Vec<(usize, u8, bool, usize)> = Vec::with_capacity(2 * (inner.len() + outer.len()));
    for (i, m) in inner.iter().enumerate() {
        events.push((m.start, 3, false, i));
        events.push((m.end, 0, false, i));
    }
    for (i, m) in outer.iter().enumerate() {
        events.push((m.start, 2, true, i));
        events.push((m.end, 1, true, i));
    }
    events.sort_unstable();
    let mut out = String::with_capacity(text.len() * 3 / 2 + 64 * events.len());
    let mut pos = 0;
    for (at, rank, is_outer, i) in events {
        if let Some(chunk) = text.get(pos..at) {
            escape_into(&mut out, chunk);
        }
        pos = pos.max(at);
        let m = if is_outer { &outer[i] } else { &inner[i] };
        if rank >= 2 {
            open_tag(&mut out, m);
        } else {
            close_tag(&mut out, m);
        }
    }
    if let Some(rest) = text.get(pos..) {
        escape_into(&mut out, rest);
    }
    (out, counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A record from JSON, as the article page reads a stored one (unreadable: an empty record).
    fn record(v: serde_json::Value) -> Record {
        serde_json::from_value(v).unwrap_or_default()
    }

    /// Checks that the tags of the output nest and that the text content is the escaped text.
    fn check(html: &str, text: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut plain = String::new();
        let mut rest = html;
        while let Some(i) = rest.find('<') {
            plain.push_str(&rest[..i]);
            let j = rest[i..].find('>').expect("unclosed tag") + i;
            let tag = &rest[i + 1..j];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "bad nesting in {html}");
            } else {
                let name = tag.split(' ').next().unwrap().to_string();
                assert!(["a", "span", "mark"].contains(&name.as_str()), "unexpected tag {name}");
                // Attribute values contain no raw quotes or angle brackets.
                assert!(!tag.contains('<'));
                stack.push(name);
            }
            rest = &rest[j + 1..];
        }
        plain.push_str(rest);
        assert!(stack.is_empty(), "unclosed tags {stack:?}");
        assert_eq!(plain, escape(text));
    }

    #[test]
    fn marks_nest_and_text_is_escaped() {
        let text = "Zoë said: \"<script>alert(1)</script> costs €5 billion\" on Thursday, Stoltenberg added.";
        let cp = |sub: &str| {
            let b = text.find(sub).unwrap();
            let s = text[..b].chars().count();
            json!([s, s + sub.chars().count()])
        };
        let rec = json!({
            "entities": [
                {"id": "E1", "name": "Zoë \"><img src=x onerror=alert(1)>", "type": "PERSON", "mentions": [{"text": "Zoë", "span": cp("Zoë")}]},
                {"id": "E2", "name": "Jens Stoltenberg", "type": "PERSON", "mentions": [{"text": "Stoltenberg", "span": cp("Stoltenberg")}]},
                {"id": "E3", "name": "bogus", "type": "ORG", "mentions": [{"span": [3, 1]}, {"span": [0, 100000]}]}
            ],
            "quotes": [
                // Starts inside the mention "Zoë" (boundary moves out), overlaps the next quote.
                {"kind": "direct", "text": "", "span": [1, 40], "speaker": {"entity": "E1", "name": "Zoë \"><img src=x onerror=alert(1)>"}},
                {"kind": "direct", "text": "", "span": [20, 50], "speaker": null},
                {"kind": "indirect", "text": "", "span": cp("on Thursday, Stoltenberg added"), "speaker": {"entity": "E2", "name": "Jens Stoltenberg"}}
            ],
            "amounts": [{"kind": "money", "text": "€5 billion", "span": cp("€5 billion"), "value": 5e9, "currency": "EUR"}],
            "dates": [{"text": "Thursday", "span": cp("Thursday"), "kind": "relative", "value": "2023-09-28"},
                      {"text": "5 billion", "span": cp("5 billion"), "kind": "absolute", "value": null}]
        });
        let keys: HashMap<String, i64> = [("E1".to_string(), 7), ("E2".to_string(), 9)].into();
        let rec: Record = serde_json::from_value(rec).expect("a record");
        let (html, counts) = render(text, &rec, &keys);
        check(&html, text);
        assert!(!html.contains("<script") && !html.contains("<img"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("href=\"/entities/7\""));
        assert!(html.contains("data-speaker=\"Jens Stoltenberg\""));
        assert_eq!(counts, Counts { entities: 2, amounts: 1, dates: 1, quotes: 2 });
    }

    #[test]
    fn garbage_records_give_plain_escaped_text() {
        let text = "a < b & c";
        for rec in [json!(null), json!({}), json!({"entities": 5, "quotes": [{"span": [0]}]}), json!({"dates": [{"span": [0, 1000]}]})] {
            let (html, _) = render(text, &record(rec), &HashMap::new());
            assert_eq!(html, "a &lt; b &amp; c");
        }
        let (html, _) = render("", &record(json!({"dates": [{"span": [0, 1]}]})), &HashMap::new());
        assert_eq!(html, "");
    }

    #[test]
    fn every_span_combination_nests() {
        // Exhaustive small cases: all pairs of spans over a short multi-byte text.
        let text = "αβ γδ\n<ε>";
        let n = text.chars().count();
        let mut spans = Vec::new();
        for s in 0..=n {
            for e in s..=n + 1 {
                spans.push(json!([s, e]));
            }
        }
        for a in &spans {
            for b in spans.iter().step_by(3) {
                let rec = json!({
                    "entities": [{"id": "E1", "name": "x", "type": "ORG", "mentions": [{"span": a}]}],
                    "dates": [{"span": b}],
                    "quotes": [{"kind": "direct", "span": b}, {"kind": "partial", "span": a}]
                });
                let (html, _) = render(text, &record(rec), &HashMap::new());
                check(&html, text);
            }
        }
    }
}
