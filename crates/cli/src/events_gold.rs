//! `dateline eval events FILE`: scores event coding against PETRARCH validation records (XML)
//! or the PLOVER gold-standard records (JSON).
//!
//! PETRARCH records are hand-parsed (the files are XML-ish, with `#` banners): each
//! `<Sentence date=… id=…>` holds `<EventCoding sourcecode targetcode eventcode>` elements
//! (or `noevents="True"`) and a `<Text>`; XML comments are dropped first (codings inside them
//! are disabled). Each sentence is run through the whole pipeline and coded with the chosen
//! dictionaries; printed are P/R/F1 of (source, target, code) triples and of the code alone.
//! PLOVER records: P/R/F1 of the PLOVER type, and of (source country, target country, type);
//! see [`plover_gold`] for records without a target and [`plover_05`] for the gold's
//! older type names.

use anyhow::{bail, Context, Result};
use dateline_extract::events::{self, dict::Dict, eval::Prf};
use dateline_extract::{Article, Models};
use std::path::Path;

pub struct Record {
    pub id: String,
    pub date: Option<jiff::civil::Date>,
    pub text: String,
    /// (source, target, code)
    pub gold: Vec<(String, String, String)>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    loop {
        let k = rest.find(name)?;
        let after = &rest[k + name.len()..];
        let before_ok = k == 0 || rest[..k].ends_with(|c: char| c.is_whitespace());
        let t = after.trim_start();
        if before_ok {
            if let Some(t) = t.strip_prefix('=') {
                let t = t.trim_start();
                let q = t.chars().next()?;
                if q == '"' || q == '\'' {
                    let body = &t[1..];
                    return body.find(q).map(|e| body[..e].to_string());
                }
            }
        }
        rest = after;
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// Reads PETRARCH-format records.
pub fn read_records(text: &str) -> Vec<Record> {
    // Drop XML comments.
    let mut clean = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(k) = rest.find("<!--") {
        clean.push_str(&rest[..k]);
        match rest[k..].find("-->") {
            Some(e) => rest = &rest[k + e + 3..],
            None => {
                rest = "";
                break;
            }
        }
    }
    clean.push_str(rest);
    let mut out = Vec::new();
    let starts: Vec<usize> = clean.match_indices("<Sentence ").map(|(k, _)| k).collect();
    for (n, &s) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(clean.len());
        let chunk = &clean[s..end];
        let Some(tag_end) = chunk.find('>') else { continue };
        let tag = &chunk[..tag_end];
        let id = attr(tag, "id").unwrap_or_else(|| format!("record-{n}"));
        let date = attr(tag, "date").and_then(|d| {
            let d = d.trim();
            if d.len() == 8 {
                jiff::civil::Date::new(d[..4].parse().ok()?, d[4..6].parse().ok()?, d[6..].parse().ok()?).ok()
            } else {
                None
            }
        });
        let Some(t0) = chunk.find("<Text>") else { continue };
        let t1 = chunk[t0..].find("</Text>").map(|e| t0 + e).unwrap_or(chunk.len());
        let text = unescape(chunk[t0 + 6..t1].trim()).split_whitespace().collect::<Vec<_>>().join(" ");
        let mut gold = Vec::new();
        for (k, _) in chunk.match_indices("<EventCoding") {
            let Some(e) = chunk[k..].find('>') else { continue };
            let tag = &chunk[k..k + e];
            if let (Some(s), Some(t), Some(c)) = (attr(tag, "sourcecode"), attr(tag, "targetcode"), attr(tag, "eventcode")) {
                gold.push((s, t, c));
            }
        }
        out.push(Record { id, date, text, gold });
    }
    out
}

fn dict_for(gold: &Path, choice: Option<&str>) -> Result<Option<Dict>> {
    let name = gold.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let base = Path::new("../shared/data/cameo_dictionaries");
    let plover = Path::new("../shared/data/plover/CAMEO2PLOVER-2021.txt");
    let gs = Path::new("models/goldstein.tsv");
    let choice = choice.map(str::to_string).unwrap_or_else(|| {
        if name.contains("UnitTest") {
            "validate".into()
        } else if name.contains("2_02") {
            "ud".into()
        } else {
            "real".into()
        }
    });
    Ok(match choice.as_str() {
        "real" => None,
        "validate" => Some(crate::events_data::compile(&base.join("petrarch2"), true, plover, gs)?),
        "ud" => Some(crate::events_data::compile(&base.join("validate_dicts_ud_2_02"), true, plover, gs)?),
        dir => Some(crate::events_data::compile(Path::new(dir), false, plover, gs)?),
    })
}

/// The events of one gold sentence: the whole pipeline, coding every sentence (gold records are
/// single sentences, which the structure stage may take for a headline).
fn code_text(text: &str, date: Option<jiff::civil::Date>, models: &Models) -> Vec<events::Event> {
    let a = Article { id: String::new(), text: text.to_string(), published: date, ..Article::default() };
    let opts = dateline_extract::Options { events_in_every_zone: true };
    dateline_extract::extract_with(&a, models, &opts, &mut |_| {}).events
}

pub fn run(gold: &Path, choice: Option<&str>, models: &Models) -> Result<()> {
    // Other dictionaries than the embedded ones: the embedded models with those in their place.
    let own = match dict_for(gold, choice)? {
        Some(events) => Some(Models { events, ..Models::load(&dateline_extract::ModelBytes::embedded())? }),
        None => None,
    };
    let models = own.as_ref().unwrap_or(models);
    let raw = std::fs::read(gold).with_context(|| format!("reading {}", gold.display()))?;
    let text = String::from_utf8_lossy(&raw);
    let verbose = std::env::var_os("DATELINE_EVAL_VERBOSE").is_some();
    if gold.extension().is_some_and(|e| e == "json") {
        return plover(&text, models, verbose);
    }
    let recs = read_records(&text);
    if recs.is_empty() {
        bail!("no <Sentence> records in {}", gold.display());
    }
    let (mut triples, mut codes) = (Prf::default(), Prf::default());
    for r in &recs {
        let evs = code_text(&r.text, r.date, models);
        let sys: Vec<(String, String, String)> = evs.iter().map(|e| (e.source.dictionary_code.clone(), e.target.dictionary_code.clone(), e.cameo.clone())).collect();
        triples.add(&r.gold, &sys);
        let gc: Vec<&str> = r.gold.iter().map(|g| g.2.as_str()).collect();
        let sc: Vec<&str> = sys.iter().map(|g| g.2.as_str()).collect();
        codes.add(&gc, &sc);
        if verbose && r.gold != sys {
            let trig: Vec<&str> = evs.iter().map(|e| r.text.get(e.trigger.start..e.trigger.end).unwrap_or("?")).collect();
            println!("{}\t{}\n  gold {:?}\n  sys  {:?}\n  trig {:?}", r.id, r.text, r.gold, sys, trig);
        }
    }
    println!("{} records, {} gold codings", recs.len(), recs.iter().map(|r| r.gold.len()).sum::<usize>());
    print!("{}", triples.line("triples"));
    print!("{}", codes.line("codes"));
    Ok(())
}

fn plover(text: &str, models: &Models, verbose: bool) -> Result<()> {
    let v: serde_json::Value = serde_json::from_str(text).context("parsing the PLOVER JSON")?;
    let arr = v.as_array().context("the PLOVER file is not a JSON array")?;
    let (mut triples, mut types) = (Prf::default(), Prf::default());
    let mut n = 0;
    for r in arr {
        let (Some(t), Some(ev)) = (r["text"].as_str(), r["event"].as_str()) else { continue };
        n += 1;
        let date = r["date"].as_str().and_then(|d| d.parse::<jiff::civil::Date>().ok());
        let actors = |k: &str| -> Vec<String> {
            r[k].as_array().map(|a| a.iter().filter_map(|x| x["code"].as_str().map(|c| c.chars().take(3).collect())).collect()).unwrap_or_default()
        };
        let (srcs, tgts) = (actors("source"), actors("target"));
        let markup = r["textInfo"]["markup"].as_str().unwrap_or("");
        let gold = plover_gold(&srcs, &tgts, markup.contains("SRC/TAR"), ev);
        let evs = code_text(t, date, models);
        let mut sys: Vec<(String, String, String)> = Vec::new();
        for e in &evs {
            let k = (e.source.dictionary_code.chars().take(3).collect(), e.target.dictionary_code.chars().take(3).collect(), plover_05(&e.plover).to_string());
            if !sys.contains(&k) {
                sys.push(k);
            }
        }
        triples.add(&gold, &sys);
        let mut st: Vec<&str> = sys.iter().map(|s| s.2.as_str()).collect();
        st.dedup();
        types.add(&[ev], &st);
        if verbose {
            let detail: Vec<String> = evs.iter().map(|e| format!("{} {}>{} {}", t.get(e.trigger.start..e.trigger.end).unwrap_or("?"), e.source.dictionary_code, e.target.dictionary_code, e.cameo)).collect();
            println!("{}\n  gold {:?}\n  sys  {:?}\n  evs  {:?}", t, gold, sys, detail);
        }
    }
    println!("{n} PLOVER records");
    print!("{}", triples.line("triples"));
    print!("{}", types.line("types"));
    Ok(())
}

/// Our PLOVER type in the vocabulary of the gold records (PLOVER 0.5b1, 2016), which had no
/// REQUEST or ACCUSE yet: an appeal was a DEMAND, an accusation a DISAPPROVE (the README's
/// list of the gold's 18 types has neither).
fn plover_05(t: &str) -> &str {
    match t {
        "REQUEST" => "DEMAND",
        "ACCUSE" => "DISAPPROVE",
        _ => t,
    }
}

/// The gold triples of a PLOVER record. With a target list: every source on every target.
/// With no target (`""` or absent), the markup says what the coders meant: actors marked
/// `SRC/TAR` (`(SRC/TAR: Israel) and the (SRC/TAR: Palestinians) reached a consensus`) act on
/// each other, each on every other; otherwise the event has a source only, scored as a
/// target of `---`.
fn plover_gold(srcs: &[String], tgts: &[String], src_tar: bool, ev: &str) -> Vec<(String, String, String)> {
    let mut gold = Vec::new();
    if !tgts.is_empty() {
        for s in srcs {
            for t in tgts {
                gold.push((s.clone(), t.clone(), ev.to_string()));
            }
        }
    } else if src_tar && srcs.len() >= 2 {
        for (i, s) in srcs.iter().enumerate() {
            for (j, t) in srcs.iter().enumerate() {
                if i != j {
                    gold.push((s.clone(), t.clone(), ev.to_string()));
                }
            }
        }
    } else {
        for s in srcs {
            gold.push((s.clone(), "---".to_string(), ev.to_string()));
        }
    }
    gold
}

#[cfg(test)]
mod tests {
    #[test]
    fn plover_gold_shapes() {
        let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(super::plover_gold(&v(&["USA"]), &v(&["IRQ", "IRN"]), false, "AID").len(), 2);
        let g = super::plover_gold(&v(&["ISR", "PSE"]), &[], true, "AGREE");
        assert_eq!(g, vec![("ISR".into(), "PSE".into(), "AGREE".into()), ("PSE".into(), "ISR".into(), "AGREE".into())]);
        assert_eq!(super::plover_gold(&v(&["SYR"]), &[], false, "REJECT"), vec![("SYR".into(), "---".into(), "REJECT".into())]);
        assert_eq!(super::plover_05("REQUEST"), "DEMAND");
        assert_eq!(super::plover_05("AID"), "AID");
    }

    use super::*;

    #[test]
    fn reads_records() {
        let x = "# banner\n<Sentence date=\"20080804\" id=\"A_1\" evaluate=\"true\"/>\n<EventCoding eventcode=\"042\" sourcecode=\"USA\" targetcode=\"CHN\" />\n<!-- <EventCoding eventcode=\"1\" sourcecode=\"X\" targetcode=\"Y\"/> -->\n<Text>\nBush visited\nChina.\n</Text>\n</Sentence>\n";
        let r = read_records(x);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].text, "Bush visited China.");
        assert_eq!(r[0].gold, vec![("USA".into(), "CHN".into(), "042".into())]);
        assert_eq!(r[0].date.map(|d| d.to_string()), Some("2008-08-04".into()));
    }
}
