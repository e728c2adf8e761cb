//! Compiled CAMEO coding dictionaries: verbs with their patterns, actors, agents, discard
//! phrases, and the per-code tables (PLOVER type, Goldstein score).
//!
//! In: the bytes of `models/cameo.bin` (written by `dateline train events` from the
//! PETRARCH2/Phoenix text dictionaries). Out: a [`Dict`] with hash indexes for fast matching.
//! Rule: no dictionary text is parsed here; the binary is a flat list of length-prefixed
//! strings and counts, read with bounds checks (bad bytes give `Error::BadModel`, never a panic).

use rustc_hash::FxHashMap;

/// One element of a verb pattern (PETRARCH syntax flattened to a word sequence).
#[derive(Clone, Debug, PartialEq)]
pub enum Elem {
    /// Any of these phrases (each a list of upper-case words; a word ending in `_` must match
    /// exactly, otherwise it is a stem and matches as a prefix).
    Words(Vec<Vec<String>>),
    /// `$`: the source actor.
    Source,
    /// `+`: the target actor.
    Target,
    /// `^` or `%`: anything (skipped).
    Skip,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    /// Elements before the verb, in text order.
    pub pre: Vec<Elem>,
    /// Elements after the verb, in text order.
    pub post: Vec<Elem>,
    /// CAMEO code, or empty for the null code `---`.
    pub code: String,
    /// The code of the reverse event, target on source (`[042:043]`: a visit is hosted),
    /// or empty.
    pub back: String,
}

/// One inflected verb form (possibly several words, e.g. `CORDONED OFF`).
#[derive(Clone, Debug, PartialEq)]
pub struct VerbForm {
    pub words: Vec<String>,
    /// Index in `words` of the verb proper.
    pub head: u8,
    /// Index into [`Dict::blocks`].
    pub block: u32,
    /// The code of the isolated verb (empty: no event).
    pub code: String,
    /// The reverse event's code (`[042:043]`), or empty.
    pub back: String,
}

/// An actor phrase with its codes, each valid from..=to (dates as YYYYMMDD).
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub words: Vec<String>,
    pub codes: Vec<(String, u32, u32)>,
}

/// An agent phrase: `~GOV` (appended to the actor code) or `NGO~` (prefixed).
#[derive(Clone, Debug, PartialEq)]
pub struct Agent {
    pub words: Vec<String>,
    pub code: String,
}

/// A discard phrase (PETRARCH's discard list: sports, weather, history): a sentence holding
/// it is not coded, nor, for a story-level one (`+TYPHOON`), the whole article.
#[derive(Clone, Debug, PartialEq)]
pub struct Discard {
    /// Upper-case words; the last is a stem (also matches its `-S`/`-ES` plural) unless
    /// `exact` (the dictionary's trailing `_`).
    pub words: Vec<String>,
    pub exact: bool,
    pub story: bool,
}

/// Per-code data: PLOVER type and mode, Goldstein score.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeInfo {
    pub code: String,
    pub plover: String,
    pub mode: String,
    pub goldstein: f64,
}

#[derive(Default, Debug)]
pub struct Dict {
    pub verbs: Vec<VerbForm>,
    /// Patterns of each verb synonym block.
    pub blocks: Vec<Vec<Pattern>>,
    pub actors: Vec<Actor>,
    pub agents: Vec<Agent>,
    pub codes: Vec<CodeInfo>,
    pub discards: Vec<Discard>,
    /// Verb word → verb forms having it as head.
    pub(crate) verb_index: FxHashMap<String, Vec<u32>>,
    /// First word → actor entries, longest first.
    pub(crate) actor_index: FxHashMap<String, Vec<u32>>,
    pub(crate) agent_index: FxHashMap<String, Vec<u32>>,
    pub(crate) code_index: FxHashMap<String, u32>,
    /// First word → discard phrases.
    pub(crate) discard_index: FxHashMap<String, Vec<u32>>,
    /// Per block, per pattern: the first bytes of each element's phrases as a 256-bit set
    /// (`pre`, `post`), so that a pattern whose words cannot start at any position is
    /// rejected without reading its phrases.
    pub(crate) masks: Vec<Vec<(Vec<[u64; 4]>, Vec<[u64; 4]>)>>,
}

/// The set of first bytes of the phrases of a pattern element (empty for `$`, `+`, `^`).
fn first_byte_mask(e: &Elem) -> [u64; 4] {
    let mut m = [0u64; 4];
    if let Elem::Words(alts) = e {
        for c in alts.iter().filter_map(|a| a.first().and_then(|w| w.as_bytes().first())) {
            m[(*c >> 6) as usize] |= 1u64 << (c & 63);
        }
    }
    m
}

const MAGIC: &[u8; 8] = b"DLCAMEO3";

impl Dict {
    /// Builds the indexes over the plain lists.
    pub fn new(verbs: Vec<VerbForm>, blocks: Vec<Vec<Pattern>>, actors: Vec<Actor>, agents: Vec<Agent>, codes: Vec<CodeInfo>, discards: Vec<Discard>) -> Dict {
        let mut d = Dict { verbs, blocks, actors, agents, codes, discards, ..Dict::default() };
        for (i, x) in d.discards.iter().enumerate() {
            if let Some(w) = x.words.first() {
                d.discard_index.entry(w.clone()).or_default().push(i as u32);
            }
        }
        for (i, v) in d.verbs.iter().enumerate() {
            if let Some(w) = v.words.get(v.head as usize) {
                d.verb_index.entry(w.clone()).or_default().push(i as u32);
            }
        }
        for (i, a) in d.actors.iter().enumerate() {
            if let Some(w) = a.words.first() {
                d.actor_index.entry(w.clone()).or_default().push(i as u32);
            }
        }
        for (i, a) in d.agents.iter().enumerate() {
            if let Some(w) = a.words.first() {
                d.agent_index.entry(w.clone()).or_default().push(i as u32);
            }
        }
        let actors = &d.actors;
        for v in d.actor_index.values_mut() {
            v.sort_by_key(|&i| std::cmp::Reverse(actors[i as usize].words.len()));
        }
        let agents = &d.agents;
        for v in d.agent_index.values_mut() {
            v.sort_by_key(|&i| std::cmp::Reverse(agents[i as usize].words.len()));
        }
        let verbs = &d.verbs;
        for v in d.verb_index.values_mut() {
            v.sort_by_key(|&i| std::cmp::Reverse(verbs[i as usize].words.len()));
        }
        for (i, c) in d.codes.iter().enumerate() {
            d.code_index.insert(c.code.clone(), i as u32);
        }
        d.masks = d
            .blocks
            .iter()
            .map(|b| b.iter().map(|p| (p.pre.iter().map(first_byte_mask).collect(), p.post.iter().map(first_byte_mask).collect())).collect())
            .collect();
        d
    }

    /// The discard phrase starting at `words[i]` (upper-case words of one sentence), if any:
    /// `Some(true)` for a story-level one.
    pub fn discard_at(&self, words: &[String], i: usize) -> Option<bool> {
        let w = words.get(i)?;
        let single = |x: &Discard, w: &str, key: &str| x.words.len() == 1 && (w == key || !x.exact);
        let mut hit: Option<bool> = None;
        for (key, stem) in [(w.as_str(), false), (w.strip_suffix('S').unwrap_or(""), true), (w.strip_suffix("ES").unwrap_or(""), true)] {
            // (Stripped forms only for words with the suffix: most words cost one lookup.)
            if key.is_empty() {
                continue;
            }
            for &k in self.discard_index.get(key).map(Vec::as_slice).unwrap_or(&[]) {
                let Some(x) = self.discards.get(k as usize) else { continue };
                let ok = if stem {
                    single(x, w, key)
                } else {
                    let n = x.words.len();
                    i + n <= words.len()
                        && x.words.iter().enumerate().all(|(j, dw)| {
                            let tw = &words[i + j];
                            tw == dw || (j + 1 == n && j > 0 && !x.exact && (tw.strip_suffix('S') == Some(dw) || tw.strip_suffix("ES") == Some(dw)))
                        })
                };
                if ok {
                    hit = Some(hit.unwrap_or(false) || x.story);
                }
            }
        }
        hit
    }

    /// The data of a CAMEO code; a code missing from the table falls back to its parent.
    pub fn code_info(&self, code: &str) -> Option<&CodeInfo> {
        let mut c = code;
        while c.len() >= 2 {
            if let Some(&i) = self.code_index.get(c) {
                return self.codes.get(i as usize);
            }
            c = c.get(..c.len() - 1)?;
        }
        None
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(1 << 20));
        w.0.extend_from_slice(MAGIC);
        w.u32(self.verbs.len() as u32);
        for v in &self.verbs {
            w.words(&v.words);
            w.0.push(v.head);
            w.u32(v.block);
            w.str(&v.code);
            w.str(&v.back);
        }
        w.u32(self.blocks.len() as u32);
        for b in &self.blocks {
            w.u32(b.len() as u32);
            for p in b {
                w.elems(&p.pre);
                w.elems(&p.post);
                w.str(&p.code);
                w.str(&p.back);
            }
        }
        w.u32(self.actors.len() as u32);
        for a in &self.actors {
            w.words(&a.words);
            w.u32(a.codes.len() as u32);
            for (c, lo, hi) in &a.codes {
                w.str(c);
                w.u32(*lo);
                w.u32(*hi);
            }
        }
        w.u32(self.agents.len() as u32);
        for a in &self.agents {
            w.words(&a.words);
            w.str(&a.code);
        }
        w.u32(self.codes.len() as u32);
        for c in &self.codes {
            w.str(&c.code);
            w.str(&c.plover);
            w.str(&c.mode);
            w.0.extend_from_slice(&c.goldstein.to_le_bytes());
        }
        w.u32(self.discards.len() as u32);
        for x in &self.discards {
            w.words(&x.words);
            w.0.push(u8::from(x.exact) | u8::from(x.story) << 1);
        }
        w.0
    }

    pub fn from_bytes(b: &[u8]) -> Result<Dict, crate::Error> {
        let bad = || crate::Error::BadModel("cameo dictionary".into());
        if b.get(..8) != Some(MAGIC.as_slice()) {
            return Err(bad());
        }
        let mut r = Reader { b, pos: 8 };
        let n = r.count()?;
        let mut verbs = Vec::with_capacity(n);
        for _ in 0..n {
            let words = r.words()?;
            let head = r.byte()?;
            let block = r.u32()?;
            let code = r.str()?;
            let back = r.str()?;
            verbs.push(VerbForm { words, head, block, code, back });
        }
        let n = r.count()?;
        let mut blocks = Vec::with_capacity(n);
        for _ in 0..n {
            let m = r.count()?;
            let mut ps = Vec::with_capacity(m);
            for _ in 0..m {
                let pre = r.elems()?;
                let post = r.elems()?;
                let code = r.str()?;
                let back = r.str()?;
                ps.push(Pattern { pre, post, code, back });
            }
            blocks.push(ps);
        }
        let n = r.count()?;
        let mut actors = Vec::with_capacity(n);
        for _ in 0..n {
            let words = r.words()?;
            let m = r.count()?;
            let mut codes = Vec::with_capacity(m);
            for _ in 0..m {
                codes.push((r.str()?, r.u32()?, r.u32()?));
            }
            actors.push(Actor { words, codes });
        }
        let n = r.count()?;
        let mut agents = Vec::with_capacity(n);
        for _ in 0..n {
            agents.push(Agent { words: r.words()?, code: r.str()? });
        }
        let n = r.count()?;
        let mut codes = Vec::with_capacity(n);
        for _ in 0..n {
            let code = r.str()?;
            let plover = r.str()?;
            let mode = r.str()?;
            let g = r.take(8)?;
            let mut a = [0u8; 8];
            a.copy_from_slice(g);
            codes.push(CodeInfo { code, plover, mode, goldstein: f64::from_le_bytes(a) });
        }
        let n = r.count()?;
        let mut discards = Vec::with_capacity(n);
        for _ in 0..n {
            let words = r.words()?;
            let f = r.byte()?;
            discards.push(Discard { words, exact: f & 1 != 0, story: f & 2 != 0 });
        }
        if verbs.iter().any(|v| v.block as usize >= blocks.len()) {
            return Err(bad());
        }
        Ok(Dict::new(verbs, blocks, actors, agents, codes, discards))
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn words(&mut self, ws: &[String]) {
        self.u32(ws.len() as u32);
        for w in ws {
            self.str(w);
        }
    }
    fn elems(&mut self, es: &[Elem]) {
        self.u32(es.len() as u32);
        for e in es {
            match e {
                Elem::Words(alts) => {
                    self.0.push(0);
                    self.u32(alts.len() as u32);
                    for a in alts {
                        self.words(a);
                    }
                }
                Elem::Source => self.0.push(1),
                Elem::Target => self.0.push(2),
                Elem::Skip => self.0.push(3),
            }
        }
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn bad() -> crate::Error {
        crate::Error::BadModel("cameo dictionary is truncated".into())
    }
    fn take(&mut self, n: usize) -> Result<&[u8], crate::Error> {
        let end = self.pos.checked_add(n).ok_or_else(Self::bad)?;
        let s = self.b.get(self.pos..end).ok_or_else(Self::bad)?;
        self.pos = end;
        Ok(s)
    }
    fn byte(&mut self) -> Result<u8, crate::Error> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, crate::Error> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    /// A count, checked against the bytes left (each item takes at least one byte).
    fn count(&mut self) -> Result<usize, crate::Error> {
        let n = self.u32()? as usize;
        if n > self.b.len().saturating_sub(self.pos) {
            return Err(Self::bad());
        }
        Ok(n)
    }
    fn str(&mut self) -> Result<String, crate::Error> {
        let n = self.u32()? as usize;
        let s = self.take(n)?;
        String::from_utf8(s.to_vec()).map_err(|_| Self::bad())
    }
    fn words(&mut self) -> Result<Vec<String>, crate::Error> {
        let n = self.count()?;
        (0..n).map(|_| self.str()).collect()
    }
    fn elems(&mut self) -> Result<Vec<Elem>, crate::Error> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(match self.byte()? {
                0 => {
                    let m = self.count()?;
                    Elem::Words((0..m).map(|_| self.words()).collect::<Result<_, _>>()?)
                }
                1 => Elem::Source,
                2 => Elem::Target,
                3 => Elem::Skip,
                _ => return Err(Self::bad()),
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let d = Dict::new(
            vec![VerbForm { words: vec!["ATTACKED".into()], head: 0, block: 0, code: "190".into(), back: String::new() }],
            vec![vec![Pattern { pre: vec![], post: vec![Elem::Words(vec![vec!["CITY".into()]]), Elem::Target], code: "195".into(), back: "043".into() }]],
            vec![Actor { words: vec!["RUSSIA".into()], codes: vec![("RUS".into(), 0, 99999999)] }],
            vec![Agent { words: vec!["ARMY".into()], code: "~MIL".into() }],
            vec![CodeInfo { code: "19".into(), plover: "FIGHT".into(), mode: String::new(), goldstein: -10.0 }],
            vec![
                Discard { words: vec!["TYPHOON".into()], exact: false, story: true },
                Discard { words: vec!["WORLD".into(), "CUP".into()], exact: false, story: false },
                Discard { words: vec!["GROUP".into(), "A".into()], exact: true, story: false },
            ],
        );
        let b = d.to_bytes();
        let e = Dict::from_bytes(&b).expect("round trip");
        assert_eq!(e.verbs, d.verbs);
        assert_eq!(e.blocks, d.blocks);
        assert_eq!(e.actors, d.actors);
        assert_eq!(e.code_info("195").map(|c| c.plover.as_str()), Some("FIGHT"));
        assert_eq!(e.discards, d.discards);
        let ws = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(e.discard_at(&ws("TWO TYPHOONS HIT"), 1), Some(true));
        assert_eq!(e.discard_at(&ws("THE WORLD CUPS"), 1), Some(false));
        assert_eq!(e.discard_at(&ws("THE WORLD BANK"), 1), None);
        assert_eq!(e.discard_at(&ws("GROUP AS"), 0), None);
        assert_eq!(e.discard_at(&ws("GROUP A"), 0), Some(false));
        assert_eq!(e.discard_at(&ws("GROUP"), 0), None);
        for cut in 0..b.len() {
            assert!(Dict::from_bytes(&b[..cut]).is_err());
        }
    }
}
