//! The cue lexicon: words that introduce reported speech (`said`, `told`, `according to`).
//!
//! In: `models/cues.tsv` (read into `Models::cues`), or PolNeAR documents for [`learn`]. Out:
//! [`Lexicon`].
//! Rule: [`learn`] takes the head word of every PolNeAR Cue span (its first word that is not an
//! auxiliary, negation or adverb), counts how often each head is a cue against how often the
//! word occurs at all, and keeps heads seen as a cue at least 3 times and in at least 45% of
//! their occurrences, minus heads of non-speech attributions (beliefs, evidence, refusals:
//! `expected`, `showed`, `declined`), plus a short seed list of speech verbs that are rare in
//! PolNeAR (`quipped`, `branded`). Output lines: `word TAB cue-count TAB occurrences TAB source`,
//! sorted by word (deterministic).

use rustc_hash::FxHashSet;

pub struct Lexicon {
    words: FxHashSet<String>,
}

impl Lexicon {
    /// Reads `models/cues.tsv` (the first column of each line; `#` lines are comments). An
    /// empty lexicon is an error: the quotes stage would find no cue at all.
    pub fn parse(tsv: &str) -> Result<Lexicon, crate::Error> {
        let words: FxHashSet<String> = tsv
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .map(|w| w.trim().to_lowercase())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return Err(crate::Error::NoModel("cues"));
        }
        Ok(Lexicon { words })
    }

    /// Whether the (any-case) word is a cue. Allocation-free for ASCII words up to 24 bytes.
    pub fn contains(&self, word: &str) -> bool {
        let b = word.as_bytes();
        if b.is_empty() || !b[0].is_ascii_alphabetic() {
            return false;
        }
        if b.len() <= 24 && b.iter().all(u8::is_ascii) {
            let mut buf = [0u8; 24];
            for (d, s) in buf.iter_mut().zip(b) {
                *d = s.to_ascii_lowercase();
            }
            return std::str::from_utf8(&buf[..b.len()]).is_ok_and(|w| self.words.contains(w));
        }
        false
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Words skipped when looking for a cue span's head.
const NOT_HEAD: &[&str] = &[
    "has", "have", "had", "was", "were", "is", "are", "be", "been", "being", "also", "not", "n", "t", "did", "does", "do",
    "will", "would", "could", "can", "may", "might", "should", "must", "just", "still", "repeatedly", "then", "later",
    "publicly", "previously", "again", "recently", "already", "even", "never", "don", "s", "to", "the", "a", "an", "in",
    "on", "of", "for", "and", "it", "that", "he", "she", "they", "i", "we", "you", "his", "her", "their", "often",
    "quickly", "once", "first", "last", "earlier", "only", "now", "further", "reportedly", "had", "would", "ve", "ll",
];

/// Heads of non-speech attributions (beliefs, perception, evidence, refusals, actions).
const NON_SPEECH: &[&str] = &[
    "expected", "expects", "expect", "seemed", "seems", "seem", "appears", "appeared", "appear", "known", "showed", "shows",
    "show", "shown", "found", "declined", "refused", "endorsed", "supported", "voted", "opposed", "sought", "wants", "want",
    "plans", "believes", "believe", "believed", "thinks", "think", "thought", "hopes", "hope", "hoped", "feels", "felt",
    "feel", "knew", "knows", "worried", "fears", "feared", "considered", "considers", "viewed", "sees", "saw", "seen",
    "releasing", "released", "signaled", "signalled", "indicated", "indicates", "suggests", "suggest",
    "likely", "unlikely", "poll", "polls", "survey", "cited", "citing", "criticism", "statement", "interview", "support",
    "questioned", "question", "questions", "accused", "defended", "praised", "criticized", "attacked", "blamed",
    "pledged", "promised", "vowed", "endorse", "eager", "wary", "thrilled", "outraged", "startled", "adamant", "named",
    "issued", "listed", "ordered", "restricting", "negotiated", "withdrew", "focuses", "sided", "distanced", "discussed",
    "weighed", "resisted", "shrugged", "pivoted", "persuaded", "avoided", "balked", "mulling", "expecting", "hoping",
    "fearing", "prefers", "seeks", "envisioned", "foresee", "unveiled", "angered", "recognizing", "credited", "knocked",
    "congratulating", "thanked", "thanking", "singled", "sparred", "brushed", "lays", "paints", "titled", "reads",
    "finds", "remembered", "remembers", "endorses", "projected", "forecast", "talked", "invoked", "rebuffed", "rejected",
    "refers", "referred",
];

/// Speech verbs added by hand: rare in PolNeAR but common in wire copy.
const SEED: &[&str] = &[
    "according", "added", "adds", "adding", "announced", "announces", "argued", "argues", "asserted", "branded", "dubbed",
    "quipped", "quips", "stressed", "stresses", "stressing", "insisted", "insists", "insisting", "tweeted", "tweets",
    "wrote", "writes", "noted", "notes", "noting", "warned", "warns", "warning", "told", "tells", "said", "says", "saying",
    "say", "explained", "explains", "claimed", "claims", "declared", "remarked", "replied", "responded", "conceded",
    "acknowledged", "admitted", "emphasised", "emphasized", "underlined", "reiterated", "confirmed", "urged", "recalled",
    "commented", "posted", "stated", "suggested", "described", "calls", "called", "reported", "alleged", "alleges",
    "maintained", "maintains", "continued", "continues", "countered", "predicted", "mused", "joked", "lamented",
    "complained", "acknowledges", "concedes", "observed", "told", "explain", "report", "advises", "advised", "cautions",
    "contend", "contended", "recounts", "remarks", "suggests", "muses", "laments",
];

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty())
}

/// Learns the lexicon from PolNeAR `(text, ann)` pairs; returns the TSV.
pub fn learn(docs: &[(String, String)]) -> String {
    use std::collections::BTreeMap;
    let mut cue: BTreeMap<String, usize> = BTreeMap::new();
    let mut total: BTreeMap<String, usize> = BTreeMap::new();
    for (text, ann) in docs {
        let ci = crate::span::CharIndex::new(text);
        let byte_at = |cp: usize| ci.to_byte(cp).unwrap_or(text.len());
        for w in words(text) {
            *total.entry(w.to_lowercase()).or_default() += 1;
        }
        for line in ann.lines() {
            let mut f = line.split('\t');
            let (Some(id), Some(head)) = (f.next(), f.next()) else { continue };
            if !id.starts_with('T') {
                continue;
            }
            let mut h = head.split(|c| c == ' ' || c == ';');
            if h.next() != Some("Cue") {
                continue;
            }
            let (Some(a), Some(b)) = (h.next().and_then(|x| x.parse().ok()), h.next().and_then(|x| x.parse().ok())) else { continue };
            let (a, b) = (byte_at(a), byte_at(b));
            let Some(span) = text.get(a..b.max(a)) else { continue };
            if let Some(w) = words(span).map(str::to_lowercase).find(|w| !NOT_HEAD.contains(&w.as_str()) && !w.ends_with("ly")) {
                *cue.entry(w).or_default() += 1;
            }
        }
    }
    let mut out = String::from("# word\tcue_count\toccurrences\tsource (generated by `dateline train cues`)\n");
    let mut all: BTreeMap<String, (usize, usize, &str)> = BTreeMap::new();
    for (w, &n) in &cue {
        let t = total.get(w).copied().unwrap_or(0).max(n);
        if n >= 3 && n * 100 >= t * 45 && !NON_SPEECH.contains(&w.as_str()) && w.len() > 2 {
            all.insert(w.clone(), (n, t, "polnear"));
        }
    }
    for &w in SEED {
        let n = cue.get(w).copied().unwrap_or(0);
        let t = total.get(w).copied().unwrap_or(0);
        all.entry(w.to_string()).or_insert((n, t, "seed"));
    }
    for (w, (n, t, src)) in all {
        out.push_str(&format!("{w}\t{n}\t{t}\t{src}\n"));
    }
    out
}
