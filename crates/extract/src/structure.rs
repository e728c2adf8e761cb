//! Wire-story structure.
//!
//! In: the raw article text. Out: [`Structure`]: headline, photo caption (with credit and
//! photo date), dateline (place, agency, date), body, credits by role and FX footnotes, each
//! as spans into the text, plus the [`Zone`]s the text layer must treat as separate blocks.
//! Rule: line patterns of wire copy (Reuters, AP, AFP, Reuters-21578). Captions (a `PHOTO:`
//! marker or a trailing photo credit), FX-note lines and parenthesised credits are recognised
//! anywhere, unparenthesised credits only at the end; the first line is the headline only when it
//! is short and a dateline, caption, byline or paragraph follows; the dateline
//! (`PLACE[, Mon D] [(Agency)] -`) only opens the first body line. Everything else is body: one
//! zone per line, or per paragraph in hard-wrapped text. A field that is not clearly present is
//! `None` rather than a guess.

use crate::span::Span;

/// What a zone of the text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ZoneKind {
    Headline,
    Caption,
    Dateline,
    Body,
    Credits,
    Fx,
}

/// A region of the text that sentences never cross.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zone {
    pub kind: ZoneKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Caption {
    /// The whole caption line, marker and credit included.
    pub span: Span,
    /// The caption proper, without a `PHOTO CAPTION:` marker and without the credit.
    pub text: Span,
    /// `REUTERS/Stringer`, `AP Photo/Efrem Lukatsky`, …
    pub credit: Option<Span>,
    /// The photo date written in the caption (`September 7, 2023`), if any.
    pub date: Option<jiff::civil::Date>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dateline {
    /// The whole dateline, `KYIV (Reuters) -` (dash included).
    pub span: Span,
    pub place: Span,
    pub agency: Option<Span>,
    /// `Feb 26` in `SALVADOR, Feb 26 -`.
    pub date: Option<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreditRole {
    Reporting,
    AdditionalReporting,
    Writing,
    Editing,
    Byline,
    Photo,
}

impl CreditRole {
    pub fn as_str(self) -> &'static str {
        match self {
            CreditRole::Reporting => "reporting",
            CreditRole::AdditionalReporting => "additional reporting",
            CreditRole::Writing => "writing",
            CreditRole::Editing => "editing",
            CreditRole::Byline => "byline",
            CreditRole::Photo => "photo",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Credit {
    pub role: CreditRole,
    /// The person's name only.
    pub name: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FxNote {
    /// `($1 = 0.9489 euros)`, parentheses included.
    pub span: Span,
    /// ISO 4217 of the unit side (`$1` → USD).
    pub base: &'static str,
    /// ISO 4217 of the other side (`euros` → EUR).
    pub quote: &'static str,
    /// Units of `quote` per one `base`.
    pub rate: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Structure {
    pub headline: Option<Span>,
    pub caption: Option<Caption>,
    pub dateline: Option<Dateline>,
    /// The news text proper: after the dateline, before FX notes and credits.
    pub body: Span,
    pub credits: Vec<Credit>,
    pub fx: Vec<FxNote>,
    /// Non-overlapping zones in text order, covering every non-blank part of the text.
    pub zones: Vec<Zone>,
}

/// What one non-blank line of the text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Headline,
    Caption,
    Byline,
    Body,
    Fx,
    Credits,
}

/// One non-blank line: its trimmed span, whether a blank line precedes it and whether it is indented.
#[derive(Clone, Copy, Debug)]
struct Line {
    span: Span,
    blank_before: bool,
    indented: bool,
}

/// Body lines longer than this mean one paragraph per line; otherwise the text is hard-wrapped
/// (Reuters-21578: ~65 columns, paragraphs start indented or after a blank line).
const WRAP_WIDTH: usize = 100;

/// Finds the wire-story structure of `text`. Never fails: plain prose comes back as body zones.
pub fn analyse(text: &str) -> Structure {
    let lines = split_lines(text);
    let n = lines.len();
    // Lines recognisable on their own, anywhere in the text.
    let mut kinds: Vec<Kind> = lines
        .iter()
        .map(|l| match l.span {
            span if caption(text, span).is_some() => Kind::Caption,
            span if fx_line(text, span, &mut Vec::new()) => Kind::Fx,
            span if span.of(text).starts_with('(') && credits_line(text, span, &mut Vec::new()) => Kind::Credits,
            _ => Kind::Body,
        })
        .collect();
    // The trailing block: FX notes and credits (the latter also without parentheses).
    for i in (0..n).rev() {
        match kinds[i] {
            Kind::Fx | Kind::Credits => {}
            Kind::Body if credits_line(text, lines[i].span, &mut Vec::new()) => kinds[i] = Kind::Credits,
            // The wire's sign-off line (Reuters-21578 ends 19,000 stories with "REUTER").
            Kind::Body if matches!(lines[i].span.of(text).trim(), "REUTER" | "Reuter" | "REUTERS") && i > 0 => kinds[i] = Kind::Credits,
            _ => break,
        }
    }
    // The front: a headline, captions and bylines, then the dateline on the first body line.
    let first_body = |from: usize| {
        let front = |i: usize| i < from + 4 && (kinds[i] == Kind::Caption || is_byline(text, lines[i].span));
        (from..n).find(|&i| !front(i)).unwrap_or(n)
    };
    let dateline_on = |i: usize| (i < n && kinds[i] == Kind::Body).then(|| dateline(text, lines[i].span)).flatten();
    let mut start = 0;
    if n > 0 && kinds[0] == Kind::Body && !is_byline(text, lines[0].span) && dateline_on(0).is_none() {
        start = headline_ok(text, &lines, &kinds, dateline_on(first_body(1)).is_some()) as usize;
    }
    let b = first_body(start);
    let dateline_at = dateline_on(b).map(|d| (b, d));
    if start == 1 {
        kinds[0] = Kind::Headline;
    }
    for k in kinds.get_mut(start..b).unwrap_or_default() {
        if *k == Kind::Body {
            *k = Kind::Byline;
        }
    }

    let wrapped = (0..n).all(|i| kinds[i] != Kind::Body || lines[i].span.len() <= WRAP_WIDTH);
    let mut out = Structure::default();
    let (mut body, mut ended): (Option<Span>, bool) = (None, false);
    for (i, line) in lines.iter().enumerate() {
        let mut span = line.span;
        let kind = match kinds[i] {
            Kind::Headline => {
                out.headline = Some(span);
                ZoneKind::Headline
            }
            Kind::Caption => {
                if out.caption.is_none() {
                    out.caption = caption(text, span);
                }
                ZoneKind::Caption
            }
            Kind::Byline | Kind::Credits => {
                let parse = if kinds[i] == Kind::Byline { byline } else { credits_line };
                parse(text, span, &mut out.credits);
                ZoneKind::Credits
            }
            Kind::Fx => {
                fx_line(text, span, &mut out.fx);
                ZoneKind::Fx
            }
            Kind::Body => ZoneKind::Body,
        };
        // Hard-wrapped lines join their paragraph; otherwise every line is a paragraph.
        let mut joins = wrapped && !line.blank_before && !line.indented;
        if let Some((_, d)) = dateline_at.as_ref().filter(|(at, _)| *at == i) {
            out.zones.push(Zone { kind: ZoneKind::Dateline, span: d.span });
            span = Span::new(d.span.end, span.end).trim(text);
            body = Some(Span::new(span.start, span.start));
            joins = false;
        }
        // The body ends at the first FX note or credits line after it (trailing junk stays out).
        ended |= body.is_some() && matches!(kinds[i], Kind::Fx | Kind::Credits);
        if kind == ZoneKind::Body && !ended {
            body = Some(Span::new(body.map_or(span.start, |b| b.start), span.end));
        }
        match out.zones.last_mut() {
            Some(z) if joins && kind == ZoneKind::Body && z.kind == kind => z.span.end = span.end,
            _ if !span.is_empty() => out.zones.push(Zone { kind, span }),
            _ => {}
        }
    }
    out.dateline = dateline_at.map(|(_, d)| d);
    out.body = body.unwrap_or_default();
    out
}

fn split_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let (mut start, mut blank_before) = (0, false);
    for raw in text.split('\n') {
        let span = Span::new(start, start + raw.len()).trim(text);
        start += raw.len() + 1;
        if span.is_empty() {
            blank_before = true;
        } else {
            lines.push(Line { span, blank_before, indented: raw.starts_with([' ', '\t']) });
            blank_before = false;
        }
    }
    lines
}

/// Whether the first line is a headline. It must be short (≤ 25 words, ≤ 200 bytes) with a line
/// after it; a dateline after it then suffices. Otherwise it must not end like a sentence (`.`,
/// `,`, `:` …) and have below it a caption or byline, or ordinary text under an all-caps line, or
/// a paragraph: right below, a long line or a lone sentence that is no lower-case continuation of
/// hard-wrapped prose; after a blank line, a long one under a 3-10 word title without `:?(`.
fn headline_ok(text: &str, lines: &[Line], kinds: &[Kind], dateline_follows: bool) -> bool {
    let (Some(first), Some(next)) = (lines.first(), lines.get(1)) else { return false };
    let (s, n) = (first.span.of(text), next.span.of(text));
    let words = s.split_whitespace().count();
    if words > 25 || s.len() > 200 || !dateline_follows && s.ends_with(['.', ',', ';', ':', '-', '(', '/', '&']) {
        return false;
    }
    let paragraph = if next.blank_before {
        (3..=10).contains(&words) && !s.contains([':', '?', '(']) && n.len() > WRAP_WIDTH
    } else {
        let lone_sentence = n.ends_with(['.', '?', '!', '"', '”']) && lines.get(2).map_or(true, |l| l.blank_before);
        !n.starts_with(char::is_lowercase) && (n.len() > WRAP_WIDTH || lone_sentence)
    };
    dateline_follows
        || kinds[1] == Kind::Caption
        || is_byline(text, next.span)
        || (all_caps(s) && !all_caps(n))
        || paragraph
}

fn all_caps(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic());
    letters.clone().count() >= 2 && letters.clone().all(|c| !c.is_lowercase())
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len()).is_some_and(|h| h.eq_ignore_ascii_case(prefix))
}

// ---------------------------------------------------------------- dateline

/// `KYIV (Reuters) -`, `WASHINGTON (AP) —`, `LONDON, Feb 26 (Reuters) -`, `SALVADOR, Feb 26 -`.
/// Without agency and date only an AP-style `WASHINGTON — The …` counts (long dash, a sentence after).
fn dateline(text: &str, line: Span) -> Option<Dateline> {
    let s = line.of(text);
    let (at, dash_len, strong) = find_dash(s)?;
    let head = Span::new(line.start, line.start + at).trim(text);
    let mut rest = head;
    let mut agency = None;
    let h = head.of(text);
    if h.ends_with(')') {
        let open = h.rfind('(')?;
        let a = Span::new(head.start + open + 1, head.end - 1).trim(text);
        let a_str = a.of(text);
        let words = a_str.split_whitespace().count();
        if !(1..=3).contains(&words)
            || !a_str.starts_with(char::is_uppercase)
            || !a_str.chars().all(|c| c.is_alphabetic() || " .&-".contains(c))
            || (all_caps(a_str) && a_str.len() > 5)
        {
            return None;
        }
        agency = Some(a);
        rest = Span::new(head.start, head.start + open);
    }
    rest = rest.trim_matches(text, &[',', ' ', '\t']);
    let mut date = None;
    if let Some((before, w2)) = last_word(text, rest) {
        if let Some((before, w1)) = last_word(text, before) {
            let (w1s, w2s) = (w1.of(text), w2.of(text));
            if (month(w1s).is_some() && day(w2s).is_some()) || (day(w1s).is_some() && month(w2s).is_some()) {
                date = Some(Span::new(w1.start, w2.end));
                rest = before.trim_matches(text, &[',', ' ', '\t']);
            }
        }
    }
    let mut segments = rest.of(text).split(',');
    let city = segments.next().unwrap_or("").trim();
    let city_ok = place_words(city, 4, true) || (date.is_some() && place_words(city, 4, false));
    let segments_ok = segments.enumerate().all(|(k, seg)| k < 2 && place_words(seg.trim(), 3, false));
    let end = line.start + at + dash_len;
    let after = Span::new(end, line.end).of(text);
    let bare_ok = strong && after.split_whitespace().count() >= 4 && !all_caps(after);
    if !city_ok || !segments_ok || (agency.is_none() && date.is_none() && !bare_ok) {
        return None;
    }
    Some(Dateline { span: Span::new(line.start, end), place: rest, agency, date })
}

/// The dateline dash within the first 100 bytes: `—`, `–` or `--` anywhere (strong), or `-`
/// after a space or `)` (weak; a hyphen inside `WINSTON-SALEM` is not a dash).
fn find_dash(s: &str) -> Option<(usize, usize, bool)> {
    let b = s.as_bytes();
    for (i, c) in s.char_indices().take_while(|&(i, _)| i < 100) {
        match c {
            '—' | '–' | '―' if i > 0 => return Some((i, c.len_utf8(), true)),
            '-' if i > 0 && b.get(i + 1) == Some(&b'-') => return Some((i, 2, true)),
            '-' if i > 0 && matches!(b.get(i - 1), Some(b' ' | b')')) => return Some((i, 1, false)),
            _ => {}
        }
    }
    None
}

/// `span` split at its last space or comma: (everything before, last word).
fn last_word(text: &str, span: Span) -> Option<(Span, Span)> {
    let s = span.of(text);
    let k = s.rfind([' ', ','])?;
    Some((Span::new(span.start, span.start + k).trim(text), Span::new(span.start + k + 1, span.end)))
}

/// Words of a place name: 1..=`max` words of letters and `.'/-&`, starting with a capital; when
/// `upper`, the letters must be (almost) all capitals (`ST. LOUIS`, `McALLEN`).
fn place_words(s: &str, max: usize, upper: bool) -> bool {
    let words = s.split_whitespace().count();
    let (mut letters, mut caps) = (0usize, 0usize);
    for c in s.chars() {
        if c.is_alphabetic() {
            letters += 1;
            caps += c.is_uppercase() as usize;
        } else if !" .'/-&".contains(c) {
            return false;
        }
    }
    (1..=max).contains(&words)
        && letters >= 2
        && if upper { caps * 5 >= letters * 4 } else { s.split_whitespace().all(|w| w.starts_with(char::is_uppercase)) }
        && s.starts_with(char::is_uppercase)
}

// ---------------------------------------------------------------- dates

/// `Jan`, `Jan.`, `January`, `Sept.`, `MARCH` → month number.
fn month(w: &str) -> Option<i8> {
    let w = w.trim_end_matches(['.', ',']);
    if w.len() < 3 || !w.is_ascii() {
        return None;
    }
    let i = crate::lexicon::MONTHS.iter().position(|m| m.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w)))?;
    Some(i as i8 + 1)
}

fn number(w: &str, digits: std::ops::RangeInclusive<usize>) -> Option<i16> {
    let w = w.trim_end_matches(['.', ',', ')', ';']);
    (digits.contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())).then(|| w.parse().ok()).flatten()
}

fn day(w: &str) -> Option<i8> {
    number(w, 1..=2).filter(|d| (1..=31).contains(d)).map(|d| d as i8)
}

/// The first `September 7, 2023`, `Sept. 7, 2023` or `7 September 2023` in `s`.
fn photo_date(s: &str) -> Option<jiff::civil::Date> {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.windows(3).find_map(|w| {
        let y = number(w[2], 4..=4)?;
        let (m, d) = match month(w[0]) {
            Some(m) => (m, day(w[1])?),
            None => (month(w[1])?, day(w[0])?),
        };
        jiff::civil::Date::new(y, m, d).ok()
    })
}

// ---------------------------------------------------------------- captions

const PHOTO_MARKERS: [&str; 5] = ["PHOTO CAPTION:", "FILE PHOTO:", "PHOTO:", "CAPTION:", "PICTURE:"];

/// Credit anchors; `true` when the credit starts at the anchor (`REUTERS/Stringer`), `false`
/// when it starts at the sentence before it (`Sergei Supinsky/AFP via Getty Images`).
const CREDIT_ANCHORS: [(&str, bool); 7] = [
    ("REUTERS/", true),
    ("AP Photo/", true),
    ("via REUTERS", false),
    ("via Reuters", false),
    ("Getty Images", false),
    ("/AFP", false),
    ("/EPA", false),
];

fn caption(text: &str, line: Span) -> Option<Caption> {
    let s = line.of(text);
    let marker = PHOTO_MARKERS.iter().find(|m| starts_with_ci(s, m));
    let rest = Span::new(line.start + marker.map_or(0, |m| m.len()), line.end).trim(text);
    let credit = photo_credit(text, rest);
    if marker.is_none() && credit.is_none() {
        return None;
    }
    let caption = Span::new(rest.start, credit.map_or(rest.end, |(cut, _)| cut)).trim(text);
    let date = photo_date(caption.of(text));
    Some(Caption { span: line, text: caption, credit: credit.map(|(_, c)| c), date })
}

/// The photo credit that ends `span`: (where the caption text ends, the credit).
fn photo_credit(text: &str, span: Span) -> Option<(usize, Span)> {
    let mut s = span.of(text);
    if let Some(k) = s.rfind("Purchase Licensing Rights") {
        s = s.get(..k).unwrap_or(s).trim_end();
    }
    let end = span.start + s.len();
    if let Some(inner) = s.strip_suffix(')') {
        let open = inner.rfind('(')?;
        let paren = inner.get(open + 1..).unwrap_or("");
        let prefix = ["Photo by ", "Photograph by ", "Photo: "].into_iter().find(|p| starts_with_ci(paren, p))?;
        let credit = Span::new(span.start + open + 1 + prefix.len(), end - 1).trim(text);
        return (!credit.is_empty()).then_some((span.start + open, credit));
    }
    let (at, from_anchor) = CREDIT_ANCHORS
        .iter()
        .filter_map(|&(a, from)| s.rfind(a).map(|k| (k, from, k + a.len())))
        .max_by_key(|&(_, _, end)| end)
        .map(|(k, from, _)| (k, from))?;
    let start = if from_anchor {
        at
    } else {
        s.get(..at)?.rfind(". ").map(|k| k + 2).filter(|&k| at - k <= 60)?
    };
    let credit = s.get(start..)?;
    let words = credit.split_whitespace().count();
    let shaped = from_anchor || credit.contains('/') || credit.contains(" via ");
    (words <= 12 && !credit.contains(". ") && shaped)
        .then(|| (span.start + start, Span::new(span.start + start, end).trim(text)))
}

// ---------------------------------------------------------------- credits

const ROLES: [(&str, Option<CreditRole>); 13] = [
    ("additional reporting by", Some(CreditRole::AdditionalReporting)),
    ("reporting by", Some(CreditRole::Reporting)),
    ("writing by", Some(CreditRole::Writing)),
    ("written by", Some(CreditRole::Writing)),
    ("compiled by", Some(CreditRole::Writing)),
    ("editing by", Some(CreditRole::Editing)),
    ("edited by", Some(CreditRole::Editing)),
    ("photos by", None),
    ("photo by", None),
    ("graphics by", None),
    ("graphic by", None),
    ("video by", None),
    ("research by", None),
];

const PARTICLES: [&str; 16] =
    ["van", "von", "de", "der", "den", "del", "da", "di", "du", "la", "le", "al", "el", "bin", "dos", "das"];

/// Names in bylines that are not people.
const AFFILIATIONS: [&str; 8] = ["Reuters", "Associated Press", "AP", "AFP", "Bloomberg", "Xinhua", "Staff", "BBC News"];

fn role_at(s: &str) -> Option<(Option<CreditRole>, usize)> {
    ROLES.iter().find(|(p, _)| starts_with_ci(s, p)).map(|&(p, r)| (r, p.len()))
}

/// `(Reporting by A and B; Writing by C; Editing by D, E)`, parentheses optional, into `out`.
/// Without parentheses the role must be capitalised (`Reporting by`), as in a sign-off.
fn credits_line(text: &str, line: Span, out: &mut Vec<Credit>) -> bool {
    let s = line.of(text);
    let inner = match s.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        Some(_) => Span::new(line.start + 1, line.end - 1).trim(text),
        None if s.starts_with(char::is_uppercase) => line,
        None => return false,
    };
    if s.len() > 400 || !matches!(role_at(inner.of(text)), Some((Some(_), _))) {
        return false;
    }
    let mut role = None;
    for part in name_parts(text, inner) {
        let mut part = part;
        if let Some((r, len)) = role_at(part.of(text)) {
            role = r;
            part = Span::new(part.start + len, part.end).trim(text);
        }
        if let (Some(role), Some(name)) = (role, person(text, part)) {
            out.push(Credit { role, name });
        }
    }
    true
}

/// `By Jane Doe and John Smith, Reuters`: every part a person or a news organisation.
fn byline(text: &str, line: Span, out: &mut Vec<Credit>) -> bool {
    let s = line.of(text);
    if !(s.starts_with("By ") && s.len() <= 80) || s.ends_with('.') {
        return false;
    }
    let names = Span::new(line.start + 3, line.end).trim(text);
    let start = out.len();
    for part in name_parts(text, names) {
        if let Some(name) = person(text, part) {
            out.push(Credit { role: CreditRole::Byline, name });
        } else if !AFFILIATIONS.iter().any(|a| part.of(text).eq_ignore_ascii_case(a)) {
            out.truncate(start);
            return false;
        }
    }
    out.len() > start
}

fn is_byline(text: &str, line: Span) -> bool {
    byline(text, line, &mut Vec::new())
}

/// Splits a list of names at `,`, `;`, `&`, ` and `, and at `. ` before a role (`… Gray. Editing by …`).
fn name_parts(text: &str, span: Span) -> Vec<Span> {
    let s = span.of(text);
    let b = s.as_bytes();
    let mut parts = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        let rest = s.get(i..).unwrap_or("");
        let sep = match b[i] {
            b',' | b';' | b'&' => 1,
            b' ' if rest.starts_with(" and ") => 5,
            b'.' if rest.starts_with(". ") && role_at(rest.get(2..).unwrap_or("")).is_some() => 1,
            _ => 0,
        };
        if sep > 0 {
            parts.push(Span::new(span.start + start, span.start + i).trim(text));
            start = i + sep;
        }
        i += sep.max(1);
    }
    parts.push(Span::new(span.start + start.min(s.len()), span.end).trim(text));
    parts.retain(|p| !p.is_empty());
    parts
}

/// A person's name: 2 to 5 capitalised words (particles such as `van` allowed), with a trailing
/// `in <Place>` dropped (`Yuliia Dyss in Kyiv` → `Yuliia Dyss`).
fn person(text: &str, part: Span) -> Option<Span> {
    let s = part.of(text);
    let mut span = Span::new(part.start, part.start + s.find(" in ").unwrap_or(s.len())).trim(text);
    let s = span.of(text);
    if s.ends_with('.') && s.rsplit(' ').next().is_some_and(|w| w.chars().count() > 3) {
        span.end -= 1;
    }
    let s = span.of(text);
    let words = s.split_whitespace().count();
    let ok = s.split_whitespace().all(|w| {
        (w.starts_with(char::is_uppercase) || PARTICLES.contains(&w))
            && w.chars().all(|c| c.is_alphabetic() || ".-'’".contains(c))
    });
    ((2..=5).contains(&words) && ok).then_some(span)
}

// ---------------------------------------------------------------- FX notes

/// Currency symbols before an amount, longest first.
pub(crate) const SYMBOLS: [(&str, &str); 16] = [
    ("US$", "USD"), ("NZ$", "NZD"), ("HK$", "HKD"), ("C$", "CAD"), ("A$", "AUD"), ("S$", "SGD"),
    ("R$", "BRL"), ("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("₹", "INR"), ("₽", "RUB"),
    ("₴", "UAH"), ("₩", "KRW"), ("₺", "TRY"),
];

/// Currency words after an amount, singular (a plural `s` is also accepted), any case.
const CURRENCY_WORDS: [(&str, &str); 56] = [
    ("dollar", "USD"), ("us dollar", "USD"), ("u.s. dollar", "USD"), ("euro", "EUR"), ("pound", "GBP"),
    ("sterling", "GBP"), ("pound sterling", "GBP"), ("british pound", "GBP"), ("yen", "JPY"),
    ("japanese yen", "JPY"), ("yuan", "CNY"), ("chinese yuan", "CNY"), ("renminbi", "CNY"), ("rouble", "RUB"),
    ("ruble", "RUB"), ("russian rouble", "RUB"), ("hryvnia", "UAH"), ("swiss franc", "CHF"), ("franc", "CHF"),
    ("canadian dollar", "CAD"), ("australian dollar", "AUD"), ("new zealand dollar", "NZD"),
    ("hong kong dollar", "HKD"), ("singapore dollar", "SGD"), ("taiwan dollar", "TWD"),
    ("new taiwan dollar", "TWD"), ("rupee", "INR"), ("indian rupee", "INR"), ("pakistani rupee", "PKR"),
    ("won", "KRW"), ("lira", "TRY"), ("turkish lira", "TRY"), ("rand", "ZAR"), ("real", "BRL"),
    ("reais", "BRL"), ("peso", "MXN"), ("mexican peso", "MXN"), ("zloty", "PLN"), ("zlotys", "PLN"),
    ("crown", "SEK"), ("swedish crown", "SEK"), ("kronor", "SEK"), ("krona", "SEK"),
    ("norwegian crown", "NOK"), ("krone", "NOK"), ("kroner", "NOK"), ("danish crown", "DKK"),
    ("czech crown", "CZK"), ("forint", "HUF"), ("shekel", "ILS"), ("riyal", "SAR"), ("dirham", "AED"),
    ("ringgit", "MYR"), ("rupiah", "IDR"), ("baht", "THB"), ("naira", "NGN"),
];

/// A line made only of FX notes, `($1 = 0.9489 euros) (£1 = $1.2150)`, pushed to `out`.
fn fx_line(text: &str, line: Span, out: &mut Vec<FxNote>) -> bool {
    let s = line.of(text);
    if !s.starts_with('(') || !s.ends_with(')') || !s.contains('=') {
        return false;
    }
    let start = out.len();
    let mut rest = line;
    while !rest.is_empty() {
        let r = rest.of(text);
        let note = r.find(')').filter(|&k| r.starts_with('(') && k <= 80).and_then(|k| {
            let span = Span::new(rest.start, rest.start + k + 1);
            fx_note(span.of(text).get(1..k)?).map(|(base, quote, rate)| FxNote { span, base, quote, rate })
        });
        let Some(note) = note else {
            out.truncate(start);
            return false;
        };
        rest = Span::new(note.span.end, rest.end).trim(text);
        out.push(note);
    }
    true
}

/// `$1 = 0.9489 euros` → (USD, EUR, 0.9489); the side with one unit is the base.
fn fx_note(s: &str) -> Option<(&'static str, &'static str, f64)> {
    let (l, r) = s.split_once('=')?;
    let ((lc, ln), (rc, rn)) = (money(l)?, money(r)?);
    let (base, quote, rate) = if ln == 1.0 {
        (lc, rc, rn)
    } else if rn == 1.0 {
        (rc, lc, ln)
    } else {
        return None;
    };
    (base != quote && rate > 0.0 && rate.is_finite()).then_some((base, quote, rate))
}

/// `$1`, `C$1.35`, `0.9489 euros`, `1.3520 Canadian dollars`, `7.3 CNY` → (ISO code, amount).
fn money(s: &str) -> Option<(&'static str, f64)> {
    let s = s.trim();
    if let Some(&(sym, iso)) = SYMBOLS.iter().find(|(sym, _)| s.starts_with(sym)) {
        return Some((iso, amount(s.get(sym.len()..)?.trim())?));
    }
    let k = s.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(s.len());
    let (num, word) = (s.get(..k)?, s.get(k..)?.trim());
    Some((currency(word)?, amount(num)?))
}

pub(crate) fn currency(word: &str) -> Option<&'static str> {
    let singular = word.strip_suffix(['s', 'S']).unwrap_or(word);
    let by_word = CURRENCY_WORDS.iter().find(|(w, _)| w.eq_ignore_ascii_case(word) || w.eq_ignore_ascii_case(singular));
    let by_code = || {
        let is_code = word.len() == 3 && word.bytes().all(|b| b.is_ascii_uppercase());
        let codes = SYMBOLS.iter().chain(CURRENCY_WORDS.iter()).map(|&(_, iso)| iso);
        codes.into_iter().find(|&iso| is_code && iso == word)
    };
    by_word.map(|&(_, iso)| iso).or_else(by_code)
}

/// `0.9489`, `1,234.5` → the number.
fn amount(s: &str) -> Option<f64> {
    if !s.starts_with(|c: char| c.is_ascii_digit()) || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return None;
    }
    s.replace(',', "").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// Every span lies on char boundaries inside `text`; zones are ordered, disjoint and cover
    /// every non-blank character.
    fn check(text: &str, s: &Structure) {
        let ok = |sp: Span| sp.start <= sp.end && text.get(sp.range()).is_some();
        let mut spans = vec![s.body];
        spans.extend(s.headline);
        spans.extend(s.caption.iter().flat_map(|c| [Some(c.span), Some(c.text), c.credit]).flatten());
        spans.extend(s.dateline.iter().flat_map(|d| [Some(d.span), Some(d.place), d.agency, d.date]).flatten());
        spans.extend(s.credits.iter().map(|c| c.name).chain(s.fx.iter().map(|f| f.span)));
        spans.extend(s.zones.iter().map(|z| z.span));
        assert!(spans.into_iter().all(ok), "span outside {text:?}: {s:?}");
        assert!(s.zones.windows(2).all(|w| w[0].span.end <= w[1].span.start), "{s:?}");
        assert!(s.zones.iter().all(|z| !z.span.is_empty()));
        for (b, c) in text.char_indices().filter(|(_, c)| !c.is_whitespace()) {
            assert!(s.zones.iter().any(|z| z.span.start <= b && b < z.span.end), "{c:?} at {b} in no zone: {text:?}");
        }
    }

    fn run(text: &str) -> Structure {
        let s = analyse(text);
        check(text, &s);
        s
    }

    fn names(text: &str, s: &Structure, role: CreditRole) -> Vec<String> {
        s.credits.iter().filter(|c| c.role == role).map(|c| c.name.of(text).to_string()).collect()
    }

    #[test]
    fn example_article() {
        let t = include_str!("../../../examples/reuters-nato-kyiv.txt");
        let s = run(t);
        assert_eq!(s.headline.map(|h| h.of(t)), Some("Ukrainian forces \"gradually gaining ground\", NATO head says"));
        let c = s.caption.as_ref().expect("caption");
        assert!(c.text.of(t).starts_with("A sniper of Ukraine's 3rd Separate Assault Brigade"));
        assert!(c.text.of(t).ends_with("near Bakhmut, Ukraine September 7, 2023."));
        assert_eq!(c.credit.map(|x| x.of(t)), Some("REUTERS/Stringer"));
        assert_eq!(c.date, Some(date(2023, 9, 7)));
        let d = s.dateline.as_ref().expect("dateline");
        assert_eq!((d.span.of(t), d.place.of(t)), ("KYIV (Reuters) -", "KYIV"));
        assert_eq!((d.agency.map(|a| a.of(t)), d.date), (Some("Reuters"), None));
        assert_eq!(names(t, &s, CreditRole::Reporting), ["Yuliia Dyss", "Andrew Gray"]);
        assert_eq!(names(t, &s, CreditRole::Writing), ["Andrew Gray"]);
        let editing = ["Bart Meijer", "Charlotte Van Campenhout", "Alex Richardson", "Alison Williams"];
        assert_eq!(names(t, &s, CreditRole::Editing), editing);
        assert_eq!(s.credits.len(), 7);
        assert_eq!(s.fx.len(), 1);
        assert_eq!((s.fx[0].span.of(t), s.fx[0].base, s.fx[0].quote), ("($1 = 0.9489 euros)", "USD", "EUR"));
        assert!((s.fx[0].rate - 0.9489).abs() < 1e-12);
        assert!(s.body.of(t).starts_with("NATO Secretary General Jens Stoltenberg, on an unannounced visit"));
        assert!(s.body.of(t).ends_with("branded them \"reckless\" and \"destabilising\"."));
        let kinds: Vec<ZoneKind> = s.zones.iter().map(|z| z.kind).collect();
        use ZoneKind::*;
        assert_eq!(kinds[..3], [Headline, Caption, Dateline]);
        assert_eq!(kinds[kinds.len() - 2..], [Fx, Credits]);
        assert_eq!(kinds.iter().filter(|&&k| k == Body).count(), 9, "one body zone per line");
    }

    #[test]
    fn datelines() {
        let cases = [
            ("WASHINGTON (AP) — The Senate voted on Tuesday.", "WASHINGTON", Some("AP"), None, "The Senate"),
            ("LONDON, Feb 26 (Reuters) - Shares fell.", "LONDON", Some("Reuters"), Some("Feb 26"), "Shares"),
            ("NEW YORK/LONDON (Reuters) -Oil rose.", "NEW YORK/LONDON", Some("Reuters"), None, "Oil"),
            ("UNITED NATIONS (Reuters) - The council met.", "UNITED NATIONS", Some("Reuters"), None, "The"),
            ("BEIJING, Sept 3 (Xinhua) -- China said.", "BEIJING", Some("Xinhua"), Some("Sept 3"), "China"),
            ("ST. LOUIS, Mo. (AP) — A judge ruled.", "ST. LOUIS, Mo.", Some("AP"), None, "A judge"),
            ("WINSTON-SALEM, N.C., March 3 - RJR said.", "WINSTON-SALEM, N.C.", None, Some("March 3"), "RJR"),
            ("AMSTERDAM, 2 March - Dutch imports rose.", "AMSTERDAM", None, Some("2 March"), "Dutch"),
            ("KYIV — Ukraine said on Monday it had struck.", "KYIV", None, None, "Ukraine"),
        ];
        for (t, place, agency, day, body) in cases {
            let s = run(t);
            let d = s.dateline.as_ref().unwrap_or_else(|| panic!("no dateline in {t:?}"));
            assert_eq!(d.place.of(t), place, "{t}");
            assert_eq!(d.agency.map(|a| a.of(t)), agency, "{t}");
            assert_eq!(d.date.map(|a| a.of(t)), day, "{t}");
            assert!(s.body.of(t).starts_with(body), "{t}");
            assert_eq!(s.headline, None);
        }
        for t in [
            "The ANC - which won the election - said so.",
            "LONDON - Shares fell.",
            "EXPORT BONUS WHEAT FOR JORDAN --USDA",
            "U.S SPOT PRODUCTS--OUTLOOK--APRIL 07 0930 EST",
            "TOKYO RUBBER (YEN PER KILO) - ",
            "By April 15, 27.8 pct of the area had been sown - officials said.",
        ] {
            assert_eq!(dateline(t, Span::new(0, t.len())), None, "{t}");
        }
    }

    #[test]
    fn reuters_21578_story() {
        let t = "BAHIA COCOA REVIEW\nSALVADOR, Feb 26 - Showers continued throughout the week in\n\
                 the Bahia cocoa zone, alleviating the drought since early\nJanuary.\n    \
                 The dry period means the temporao will be late this year.\n";
        let s = run(t);
        assert_eq!(s.headline.map(|h| h.of(t)), Some("BAHIA COCOA REVIEW"));
        let d = s.dateline.as_ref().expect("dateline");
        assert_eq!((d.span.of(t), d.place.of(t)), ("SALVADOR, Feb 26 -", "SALVADOR"));
        assert_eq!(d.date.map(|x| x.of(t)), Some("Feb 26"));
        assert!(s.body.of(t).starts_with("Showers continued") && s.body.of(t).ends_with("late this year."));
        let paragraphs: Vec<&str> = s.zones.iter().filter(|z| z.kind == ZoneKind::Body).map(|z| z.span.of(t)).collect();
        assert_eq!(paragraphs.len(), 2, "hard-wrapped lines join; the indented line starts a paragraph");
        // The body alone, hard-wrapped: its first line is no headline.
        let body = "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought.\n";
        assert_eq!(run(body).headline, None);
    }

    #[test]
    fn plain_prose_has_no_structure() {
        let body = "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three \
                    months to December, from $639m year-earlier.\n\nThe firm, which is now one of the biggest \
                    investors in Google, benefited from sales of high-speed internet connections.\n\n\
                    Time Warner said on Friday that it now owns 8% of search-engine Google.";
        for t in [body, "Plain prose without any structure at all.", "Ewood Park\n\nBlackburn v Burnley?"] {
            let s = run(t);
            assert_eq!((s.headline, &s.dateline, &s.caption), (None, &None, &None), "{t}");
            assert!(s.credits.is_empty() && s.fx.is_empty());
            assert!(s.zones.iter().all(|z| z.kind == ZoneKind::Body));
            assert_eq!(s.body, Span::new(0, t.len()).trim(t));
        }
        let titled = format!("Ad sales boost Time Warner profit\n{body}");
        assert_eq!(run(&titled).headline.map(|h| h.of(&titled)), Some("Ad sales boost Time Warner profit"));
        let titled = format!("Ad sales boost Time Warner profit\n\n{body}");
        assert_eq!(run(&titled).headline.map(|h| h.of(&titled)), Some("Ad sales boost Time Warner profit"));
    }

    #[test]
    fn captions() {
        let cases = [
            ("FILE PHOTO: A view shows Kyiv, Ukraine, Sept. 7, 2023. REUTERS/Gleb Garanich/File Photo", "REUTERS/Gleb Garanich/File Photo", Some(date(2023, 9, 7))),
            ("Rescuers work at the site in Kyiv on 7 September 2023. AP Photo/Efrem Lukatsky", "AP Photo/Efrem Lukatsky", Some(date(2023, 9, 7))),
            ("Rescuers work at the site. Sergei Supinsky/AFP via Getty Images", "Sergei Supinsky/AFP via Getty Images", None),
            ("Rescuers work at the site (Photo by Sergei Supinsky/AFP)", "Sergei Supinsky/AFP", None),
            ("PHOTO: Rescuers work at the site.", "", None),
        ];
        for (line, credit, day) in cases {
            let t = format!("{line}\nKYIV (Reuters) - Rescuers worked through the night.");
            let s = run(&t);
            let c = s.caption.as_ref().unwrap_or_else(|| panic!("no caption in {t:?}"));
            assert_eq!(c.credit.map_or("", |x| x.of(&t)), credit);
            assert!(c.text.of(&t).starts_with(['A', 'R']), "{:?}", c.text.of(&t));
            assert!(!c.text.of(&t).contains("REUTERS/") && !c.text.of(&t).contains("Photo by"));
            assert_eq!(c.date, day);
            assert_eq!(s.dateline.as_ref().map(|d| d.place.of(&t)), Some("KYIV"));
        }
        let t = "Prices rose, Getty Images said.\nThe agency said so.";
        assert_eq!(run(t).caption, None);
    }

    #[test]
    fn credits_and_bylines() {
        let t = "Fed holds rates\nBy Jane Doe and John Smith, Reuters\nWASHINGTON (Reuters) - The Fed held.\n\
                 Reporting by Ann Lee in Kyiv and Bo Ek; Additional reporting by Cy Dow. Compiled by Di Fox";
        let s = run(t);
        assert_eq!(s.headline.map(|h| h.of(t)), Some("Fed holds rates"));
        assert_eq!(names(t, &s, CreditRole::Byline), ["Jane Doe", "John Smith"]);
        assert_eq!(names(t, &s, CreditRole::Reporting), ["Ann Lee", "Bo Ek"]);
        assert_eq!(names(t, &s, CreditRole::AdditionalReporting), ["Cy Dow"]);
        assert_eq!(names(t, &s, CreditRole::Writing), ["Di Fox"]);
        assert_eq!(s.body.of(t), "The Fed held.");
        // Trailing junk after the credits is body text but not part of `body`.
        let t = "KYIV (Reuters) - Prices rose.\n(Reporting by Ann Lee)\nOur Standards: The Trust Principles.";
        let s = run(t);
        assert_eq!((s.body.of(t), names(t, &s, CreditRole::Reporting)), ("Prices rose.", vec!["Ann Lee".to_string()]));
        let t = "Prices rose.\nBy April 15, 27.8 pct of the area had been sown.\ncompiled by Aviation Daily, a trade magazine.";
        assert!(run(t).credits.is_empty());
    }

    #[test]
    fn fx_notes() {
        let cases = [
            ("($1 = 7.3 yuan)", "USD", "CNY", 7.3),
            ("(£1 = $1.2150)", "GBP", "USD", 1.215),
            ("($1 = 1.3520 Canadian dollars)", "USD", "CAD", 1.352),
            ("(1 euro = $1.07)", "EUR", "USD", 1.07),
            ("($1 = C$1.35)", "USD", "CAD", 1.35),
            ("($1 = 1,234.5 won)", "USD", "KRW", 1234.5),
            ("($1 = 36.6 hryvnias)", "USD", "UAH", 36.6),
            ("(1 US dollar = 0.92 CHF)", "USD", "CHF", 0.92),
        ];
        for (note, base, quote, rate) in cases {
            let t = format!("Prices rose.\n{note}");
            let s = run(&t);
            assert_eq!(s.fx.len(), 1, "{note}");
            assert_eq!((s.fx[0].span.of(&t), s.fx[0].base, s.fx[0].quote), (note, base, quote));
            assert!((s.fx[0].rate - rate).abs() < 1e-9, "{note}");
            assert_eq!(s.body.of(&t), "Prices rose.");
        }
        let t = "Prices rose.\n($1 = 0.95 euros) (£1 = $1.2150)\n(volume = shares)";
        let s = run(t);
        assert_eq!(s.fx.iter().map(|f| f.quote).collect::<Vec<_>>(), ["EUR", "USD"]);
        assert_eq!(s.zones.last().map(|z| z.kind), Some(ZoneKind::Body));
    }

    #[test]
    fn odd_inputs_never_panic() {
        for t in [
            "", " ", "\n\n\t \r\n", "x", "—", "(", ")", "()", "(=)", "($1 = )", "(€ = 1 €)", "By ", "PHOTO:",
            "KYIV (", "KYIV (Reuters) -", "KYIV (Reuters) -\n", "A\nB", "ÉTÉ — ß\u{301}\u{200d}🏳️‍🌈 - x",
            "Ωμέγα\n(Reporting by Ωμέγα Άλφα)", "Title\n\u{feff}LONDON, Feb 26 (Reuters) - \u{2028}x", "\r\r\r",
            "REUTERS/", "x. REUTERS/", "(Photo by )", "a\u{a0}\n\u{a0}b", "日本語の見出し\n東京 (Reuters) - 本文。",
        ] {
            run(t);
        }
    }

    proptest::proptest! {
        #[test]
        fn spans_stay_inside_text(t in "\\PC{0,80}(\n[A-Z (),$£=1.-]{0,20}\\PC{0,40}){0,4}") {
            run(&t);
        }
    }
}
