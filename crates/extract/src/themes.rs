//! Themes: what the article is about, from a keyword taxonomy of our own with GDELT-like names.
//!
//! In: the text, its tokens (sentences carry their zone) and the taxonomy compiled into a
//! [`Matcher`] (built once, in `Models`). Out: [`Theme`]s, each with the
//! spans of the words and phrases that triggered it, ordered by first trigger.
//! Rule: the headline, caption and body sentences are scanned (not the dateline, credits or FX
//! notes). Tokens are lower-cased and lightly stemmed (`countries` → `country`, `taxes` →
//! `tax`, `troops` → `troop`; the keywords get the same treatment), and at each token the
//! longest keyword phrase of the taxonomy below (up to [`MAX_WORDS`] words, never across a
//! sentence) that starts there matches; matching resumes after it. A keyword is *strong*
//! (weight 2: `airstrike`, `central bank`) or *weak* (weight 1: `war`, `price`); a theme is
//! reported when its triggers weigh at least 2: one strong keyword, or two *different* weak
//! ones (`win … win` alone is not enough). Every trigger's span is kept.
//!
//! The taxonomy is [`TAXONOMY`]: theme name, strong keywords, weak keywords. Keep it
//! documented there; names follow GDELT's style (`ARMED_CONFLICT`, `FOOD_SECURITY`) but the
//! lists are ours.

use crate::hash::{combine, lower_hash, PHRASE_SEED};
use crate::span::Span;
use crate::structure::ZoneKind;
use crate::text::Tokens;
use rustc_hash::FxHashMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    pub name: &'static str,
    /// The triggering words and phrases, in text order.
    pub spans: Vec<Span>,
}

/// Longest keyword phrase, in words.
pub const MAX_WORDS: usize = 4;

/// Weight a theme's triggers must reach for it to be reported.
const MIN_WEIGHT: u32 = 2;

/// The taxonomy: (theme, strong keywords (weight 2), weak keywords (weight 1)).
/// Keywords are lower case; plurals are matched by stemming, so list the singular.
pub const TAXONOMY: &[(&str, &[&str], &[&str])] = &[
    (
        "ARMED_CONFLICT",
        &[
            "airstrike", "air strike", "air raid", "shelling", "artillery", "frontline", "front line", "counteroffensive",
            "counter-offensive", "ceasefire", "cease-fire", "troop", "battlefield", "invasion", "insurgent", "insurgency",
            "militia", "war crime", "armed conflict", "civil war", "drone strike", "missile strike", "ground offensive",
            "military offensive", "combat", "gunfire", "warplane", "occupied territory", "annexation", "casualty",
            "missile attack", "rocket attack", "mortar", "air defence", "air defense",
        ],
        &[
            "war", "attack", "soldier", "military", "army", "fighting", "bomb", "bombing", "drone", "tank", "weapon",
            "missile", "rocket", "rebel", "offensive", "killed", "force", "strike", "navy",
            "conflict", "captured", "assault", "brigade",
        ],
    ),
    (
        "MILITARY_AID",
        &[
            "military aid", "military assistance", "military support", "security assistance", "arms supply",
            "arms supplies", "arms shipment", "weapons delivery", "weapons deliveries", "weapons supply", "arms deal",
            "ammunition", "munition", "artillery shell", "air defence system", "air defense system", "howitzer", "lend-lease",
            "defence package", "defense package", "aid package", "arms sale", "arms transfer",
        ],
        &["air defence", "air defense", "air shield", "arms", "weapon", "defence industry", "defense industry", "military"],
    ),
    (
        "DIPLOMACY",
        &[
            "diplomat", "diplomatic", "diplomacy", "summit", "foreign minister", "foreign secretary", "secretary of state",
            "ambassador", "embassy", "bilateral", "peace talks", "negotiation", "treaty", "state visit",
            "united nations", "security council", "envoy", "consulate",
        ],
        &["talks", "visit", "nato", "secretary general", "secretary-general", "ally", "alliance", "allies", "peace", "condemn", "condemned", "relation", "member state", "partner", "accord", "agreement"],
    ),
    (
        "SANCTIONS",
        &["sanction", "embargo", "export ban", "import ban", "asset freeze", "blacklist", "price cap"],
        &["ban", "restriction"],
    ),
    (
        "ELECTIONS",
        &[
            "election", "electoral", "voter", "ballot", "polling station", "polling day", "referendum", "by-election",
            "general election", "presidential race", "campaign trail", "opinion poll", "vote count", "turnout",
            "electorate", "candidacy", "re-election", "reelection", "manifesto", "hustings",
        ],
        &["vote", "candidate", "campaign", "poll", "constituency", "seat", "majority", "party", "elect", "elected"],
    ),
    (
        "GOVERNMENT",
        &[
            "government", "parliament", "parliamentary", "cabinet", "legislation", "lawmaker", "congress", "senate",
            "prime minister", "home secretary", "chancellor", "house of commons", "house of lords", "ministry",
            "white house", "downing street", "legislature", "mp", "mps", "opposition leader", "tory",
            "tories", "liberal democrat", "lib dem", "democrat", "republican", "whitehall", "shadow chancellor", "shadow cabinet", "shadow minister",
        ],
        &["minister", "labour", "conservative", "policy", "bill", "law", "official", "president", "reform", "council", "mayor", "governor", "spending", "public sector", "state", "politics", "political"],
    ),
    (
        "ECONOMY",
        &[
            "economy", "economic", "gdp", "inflation", "interest rate", "central bank", "recession", "unemployment",
            "profit", "revenue", "earnings", "stock market", "share price", "investor", "exports", "imports", "trade deficit",
            "budget deficit", "economic growth", "stock exchange", "dividend", "shareholder", "bankruptcy", "takeover",
            "merger", "acquisition", "quarterly", "fiscal", "monetary", "currency", "exchange rate", "tariff",
            "wall street", "ftse", "dow jones", "nasdaq", "imf", "world bank", "bank of england", "federal reserve",
            "consumer spending", "retail sales", "jobless", "pension", "debt", "loan", "mortgage", "finance", "financial",
        ],
        &[
            "growth", "price", "sales", "sale", "trade", "deal", "investment", "invest", "bond", "dollar", "euro", "yen", "bank",
            "market", "company", "firm", "business", "industry", "tax", "budget", "cost", "job",
            "worker", "export", "import", "share", "stock", "fund", "consumer", "demand", "output", "analyst", "rate",
        ],
    ),
    (
        "ENERGY",
        &[
            "oil", "natural gas", "crude", "opec", "pipeline", "energy", "electricity", "power plant", "power station",
            "nuclear power", "coal", "renewable", "solar", "wind farm", "wind power", "barrel", "refinery", "petrol",
            "gasoline", "diesel", "lng", "gas price", "oil price", "power grid", "blackout", "fuel",
        ],
        &["gas", "grid", "drilling", "utility"],
    ),
    (
        "FOOD_SECURITY",
        &[
            "food security", "food insecurity", "famine", "hunger", "malnutrition", "food shortage", "food aid",
            "food price", "grain export", "grain deal", "grain corridor", "starvation", "world food programme",
            "food supply", "food crisis",
        ],
        &["grain", "wheat", "corn", "maize", "rice", "fertiliser", "fertilizer", "harvest", "crop", "food", "drought"],
    ),
    (
        "AGRICULTURE",
        &["agriculture", "agricultural", "farmer", "farming", "harvest", "livestock", "cattle", "soybean", "cocoa", "coffee", "sugar", "grain", "wheat", "corn", "crop"],
        &["tonne", "farm", "rice", "export", "import", "yield", "weather"],
    ),
    (
        "HEALTH",
        &[
            "health", "hospital", "disease", "virus", "pandemic", "epidemic", "vaccine", "vaccination", "patient",
            "outbreak", "infection", "cancer", "medical", "nhs", "covid", "covid-19", "coronavirus", "flu", "influenza",
            "hiv", "malaria", "cholera", "ebola", "medicine", "clinic", "surgery", "mental health",
        ],
        &["doctor", "nurse", "drug", "treatment", "illness", "sick"],
    ),
    (
        "CRIME",
        &[
            "police", "arrest", "arrested", "murder", "homicide", "prosecutor", "convicted", "conviction", "sentenced",
            "prison", "jail", "fraud", "theft", "robbery", "charged with", "crime", "criminal", "suspect", "detective",
            "manslaughter", "smuggling", "trafficking", "kidnapping", "burglary", "assault charge", "gang", "stabbing",
        ],
        &["court", "trial", "judge", "jury", "investigation", "lawyer", "guilty", "accused", "victim", "officer", "shooting", "gun"],
    ),
    (
        "CORRUPTION",
        &["corruption", "corrupt", "bribe", "bribery", "embezzlement", "kickback", "money laundering", "graft"],
        &["scandal", "fraud"],
    ),
    (
        "PROTEST",
        &["protest", "protester", "protestor", "demonstration", "demonstrator", "riot", "tear gas", "walkout", "picket", "sit-in", "rally", "marcher", "uprising", "unrest"],
        &["strike", "boycott", "dissent", "activist"],
    ),
    (
        "DISASTER",
        &[
            "earthquake", "flood", "flooding", "hurricane", "typhoon", "cyclone", "tsunami", "wildfire", "landslide",
            "volcano", "eruption", "tornado", "natural disaster", "avalanche", "mudslide", "aftershock", "relief effort",
            "plane crash", "derailment",
        ],
        &["storm", "disaster", "evacuation", "evacuate", "rescue", "survivor", "drought", "fire", "debris", "collapse"],
    ),
    (
        "CLIMATE",
        &[
            "climate change", "global warming", "greenhouse gas", "carbon emission", "emissions", "net zero", "fossil fuel",
            "kyoto", "paris agreement", "carbon dioxide", "deforestation", "sea level", "cop26", "cop28",
        ],
        &["climate", "carbon", "emission", "environment", "environmental", "green", "pollution", "warming"],
    ),
    (
        "TERRORISM",
        &[
            "terrorist", "terrorism", "terror", "suicide bomber", "suicide bombing", "extremist", "jihadist", "al qaeda",
            "al-qaeda", "islamic state", "isis", "isil", "taliban", "hezbollah", "hamas", "boko haram", "al-shabaab",
            "counter-terrorism", "counterterrorism", "car bomb", "hostage", "radicalisation", "radicalization",
        ],
        &["militant", "bomber", "explosion", "blast", "plot", "extremism"],
    ),
    (
        "MIGRATION",
        &[
            "migrant", "refugee", "asylum", "immigration", "immigrant", "deportation", "deported", "asylum seeker",
            "displaced", "border crossing", "emigration", "people smuggler", "undocumented", "visa",
        ],
        &["border", "camp", "fled", "flee", "exodus", "resettlement"],
    ),
    (
        "HUMAN_RIGHTS",
        &["human rights", "human right", "civil liberties", "torture", "political prisoner", "freedom of speech", "press freedom", "discrimination", "amnesty international", "human rights watch"],
        &["freedom", "abuse", "detention", "detained", "censorship", "liberty"],
    ),
    (
        "SPORT",
        &[
            "football", "soccer", "rugby", "tennis", "cricket", "golf", "olympic", "olympics", "championship",
            "tournament", "premiership", "premier league", "world cup", "grand slam", "midfielder", "striker",
            "goalkeeper", "defender", "coach", "athlete", "athletics", "marathon", "medal", "six nations",
            "champions league", "fa cup", "wimbledon", "formula one", "boxing", "semi-final", "quarter-final",
            "stadium", "referee", "sprint", "sprinter", "squad",
        ],
        &["match", "goal", "cup", "league", "player", "team", "season", "final", "win", "victory", "defeat", "club", "game", "race", "champion", "title", "score", "injury", "manager", "fan"],
    ),
    (
        "TECHNOLOGY",
        &[
            "software", "internet", "computer", "broadband", "mobile phone", "smartphone", "technology", "website",
            "search engine", "gadget", "microchip", "semiconductor", "cyber", "cyberattack", "hacker", "hacking",
            "artificial intelligence", "video game", "games console", "online", "digital", "e-mail", "email", "spam",
            "virus writer", "microsoft", "google", "apple", "ipod", "broadband", "wi-fi", "wireless", "web", "blog",
            "download", "file-sharing", "pc", "laptop", "app", "robot", "tech",
        ],
        &["user", "device", "network", "data", "phone", "mobile", "screen", "chip", "system", "programme", "program", "site", "gaming", "music service"],
    ),
    (
        "ENTERTAINMENT",
        &[
            "film", "movie", "actor", "actress", "album", "singer", "oscar", "oscars", "box office", "festival", "tv show",
            "television", "theatre", "theater", "comedy", "hollywood", "bafta", "grammy", "grammys", "musical", "rock band",
            "pop star", "soundtrack", "sitcom", "novelist", "screenplay", "documentary", "box-office", "emmy",
            "celebrity", "concert", "gig",
        ],
        &["music", "star", "award", "show", "song", "audience", "drama", "artist", "book", "premiere", "band", "chart", "novel"],
    ),
    (
        "EDUCATION",
        &["school", "university", "student", "teacher", "education", "pupil", "exam", "curriculum", "tuition", "classroom"],
        &["college", "graduate", "learning", "class", "degree", "academic"],
    ),
    (
        "NUCLEAR",
        &["nuclear weapon", "nuclear program", "nuclear programme", "uranium", "enrichment", "warhead", "iaea", "non-proliferation", "nuclear test", "atomic"],
        &["nuclear", "reactor", "plutonium"],
    ),
];

/// The keyword taxonomy compiled for matching (built once, in [`crate::Models`]).
pub struct Matcher {
    /// Phrase hash of stemmed keyword words → (theme index, weight, keyword id).
    phrases: FxHashMap<u64, Vec<(u16, u8, u32)>>,
    max_words: usize,
}

impl Matcher {
    pub fn new() -> Matcher {
        let mut phrases: FxHashMap<u64, Vec<(u16, u8, u32)>> = FxHashMap::default();
        let mut max_words = 1;
        let mut buf = String::new();
        for (t, (_, strong, weak)) in TAXONOMY.iter().enumerate() {
            for (list, w) in [(*strong, 2u8), (*weak, 1u8)] {
                for kw in list {
                    let words: Vec<&str> = kw.split_whitespace().collect();
                    if words.is_empty() || words.len() > MAX_WORDS {
                        continue;
                    }
                    max_words = max_words.max(words.len());
                    let h = words.iter().fold(PHRASE_SEED, |acc, w| combine(acc, stem_hash(w, &mut buf)));
                    let v = phrases.entry(h).or_default();
                    // A keyword listed twice in one theme keeps its higher weight.
                    match v.iter_mut().find(|(x, _, _)| *x as usize == t) {
                        Some(e) => e.1 = e.1.max(w),
                        None => v.push((t as u16, w, h as u32)),
                    }
                }
            }
        }
        Matcher { phrases, max_words }
    }
}

impl Default for Matcher {
    fn default() -> Matcher {
        Matcher::new()
    }
}

/// Lower-case, then strip a regular plural ending: `-ies` → `-y`, `-sses`/`-xes`/`-ches`/`-shes`
/// → drop `es`, else a final `s` after a letter other than `s`, `u`, `i`.
pub fn stem<'a>(word: &str, buf: &'a mut String) -> &'a str {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        buf.extend(word.chars().flat_map(char::to_lowercase));
    }
    let n = buf.len();
    if n > 4 && buf.ends_with("ies") {
        buf.truncate(n - 3);
        buf.push('y');
    } else if n > 4 && (buf.ends_with("sses") || buf.ends_with("xes") || buf.ends_with("ches") || buf.ends_with("shes")) {
        buf.truncate(n - 2);
    } else if n > 3 && buf.ends_with('s') && !(buf.ends_with("ss") || buf.ends_with("us") || buf.ends_with("is")) {
        buf.truncate(n - 1);
    }
    buf.as_str()
}

fn stem_hash(word: &str, buf: &mut String) -> u64 {
    lower_hash(stem(word, buf))
}

/// Finds the article's themes.
pub fn find(text: &str, toks: &Tokens, m: &Matcher) -> Vec<Theme> {
    let mut weight = vec![0u32; TAXONOMY.len()];
    // Weak keywords already counted, per theme.
    let mut seen_weak: Vec<Vec<u32>> = vec![Vec::new(); TAXONOMY.len()];
    let mut spans: Vec<Vec<Span>> = vec![Vec::new(); TAXONOMY.len()];
    let mut buf = String::new();
    let mut hashes: Vec<u64> = Vec::new();
    for s in toks.sentences.iter().filter(|s| matches!(s.zone, ZoneKind::Headline | ZoneKind::Caption | ZoneKind::Body)) {
        let Some(sent) = toks.tokens.get(s.tokens.start..s.tokens.end.min(toks.tokens.len())) else { continue };
        hashes.clear();
        hashes.extend(sent.iter().map(|t| stem_hash(t.span.of(text), &mut buf)));
        let mut i = 0;
        while i < sent.len() {
            // Longest phrase starting at i.
            let mut h = PHRASE_SEED;
            let mut best: Option<(usize, &Vec<(u16, u8, u32)>)> = None;
            for n in 1..=m.max_words.min(sent.len() - i) {
                h = combine(h, hashes[i + n - 1]);
                if let Some(v) = m.phrases.get(&h) {
                    best = Some((n, v));
                }
            }
            match best {
                Some((n, v)) => {
                    let span = Span::new(sent[i].span.start, sent[i + n - 1].span.end);
                    for &(t, w, kw) in v {
                        let t = t as usize;
                        if w >= 2 {
                            weight[t] += w as u32;
                        } else if !seen_weak[t].contains(&kw) {
                            seen_weak[t].push(kw);
                            weight[t] += w as u32;
                        }
                        spans[t].push(span);
                    }
                    i += n;
                }
                None => i += 1,
            }
        }
    }
    let mut out: Vec<Theme> = TAXONOMY
        .iter()
        .zip(weight.iter().zip(spans))
        .filter(|(_, (w, _))| **w >= MIN_WEIGHT)
        .map(|((name, _, _), (_, spans))| Theme { name, spans })
        .collect();
    out.sort_by_key(|t| t.spans.first().map(|s| s.start));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stemming() {
        let mut b = String::new();
        assert_eq!(stem("Countries", &mut b), "country");
        assert_eq!(stem("taxes", &mut b), "tax");
        assert_eq!(stem("troops", &mut b), "troop");
        assert_eq!(stem("crisis", &mut b), "crisis");
        assert_eq!(stem("gas", &mut b), "gas");
        assert_eq!(stem("businesses", &mut b), "business");
    }

    #[test]
    fn taxonomy_is_well_formed() {
        for (name, strong, weak) in TAXONOMY {
            assert!(name.chars().all(|c| c.is_ascii_uppercase() || c == '_'), "{name}");
            for kw in strong.iter().chain(weak.iter()) {
                assert_eq!(kw.to_lowercase(), *kw, "{kw}");
                assert!(kw.split_whitespace().count() <= MAX_WORDS, "{kw}");
            }
        }
    }
}
