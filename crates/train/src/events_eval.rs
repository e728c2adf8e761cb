//! `dateline eval events FILE`: scores event coding against PETRARCH validation records (XML)
//! or the PLOVER gold-standard records (JSON), with the dictionaries the caller names
//! ([`Dictionaries`]: the records' README says which set each file was made for).
//!
//! PETRARCH records are hand-parsed (the files are XML-ish, with `#` banners that no XML
//! parser accepts): each
//! `<Sentence date=… id=…>` holds `<EventCoding sourcecode targetcode eventcode>` elements
//! (or `noevents="True"`) and a `<Text>`; XML comments are dropped first (codings inside them
//! are disabled). Each sentence is run through the whole pipeline and coded with the chosen
//! dictionaries; printed are P/R/F1 of (source, target, code) triples and of the code alone.
//! PLOVER records: P/R/F1 of the PLOVER type, and of (source country, target country, type);
//! see [`plover_gold`] for records without a target and [`plover_05`] for the gold's
//! older type names.

use crate::{data_error, Result};
use dateline_extract::events::{self, eval::Prf};
use dateline_extract::{Article, ModelBytes, Models};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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

/// The text of an XML element: entities decoded (by `html_escape`).
fn unescape(s: &str) -> String {
    html_escape::decode_html_entities(s).into_owned()
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
        let date = attr(tag, "date").and_then(|d| jiff::civil::Date::strptime("%Y%m%d", d.trim()).ok());
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

/// Which coding dictionaries `eval events` uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dictionaries {
    /// The embedded real-news dictionaries (`models/cameo.bin`: CAMEO 2.0 and Phoenix), for the
    /// GSR and PLOVER files.
    Standard,
    /// PETRARCH2's validation dictionaries (`petrarch2/PETR.Validate.*`), for
    /// `PETR.UnitTest.records.xml`.
    Validation,
    /// UniversalPetrarch's (`validate_dicts_ud_2_02/`), for `PETR_Validate_records_2_02*.xml`.
    ValidationUd,
    /// A folder of dictionaries in the Phoenix layout.
    Folder(PathBuf),
}

impl std::str::FromStr for Dictionaries {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Dictionaries, String> {
        Ok(match s {
            "standard" => Dictionaries::Standard,
            "validation" => Dictionaries::Validation,
            "validation-ud" => Dictionaries::ValidationUd,
            "" => return Err("want standard, validation, validation-ud or a folder".into()),
            dir => Dictionaries::Folder(PathBuf::from(dir)),
        })
    }
}

/// The models to code with: the embedded ones, or those with other dictionaries in place of
/// the embedded ones (compiled from `shared`'s `data/cameo_dictionaries`, with the PLOVER table
/// of `data/plover` and the repository's `models/goldstein.tsv`).
fn models_for(choice: &Dictionaries, shared: &Path) -> Result<Option<Models>> {
    let base = shared.join("data/cameo_dictionaries");
    let plover = shared.join("data/plover/CAMEO2PLOVER-2021.txt");
    let gs = crate::paths::repo().join("models/goldstein.tsv");
    let dict = match choice {
        Dictionaries::Standard => return Ok(None),
        Dictionaries::Validation => crate::events_dict::compile(&base.join("petrarch2"), true, &plover, &gs)?,
        Dictionaries::ValidationUd => crate::events_dict::compile(&base.join("validate_dicts_ud_2_02"), true, &plover, &gs)?,
        Dictionaries::Folder(dir) => crate::events_dict::compile(dir, false, &plover, &gs)?,
    };
    Ok(Some(Models { events: dict, ..Models::load(&ModelBytes::embedded())? }))
}

/// The events of one gold sentence: the whole pipeline, coding every sentence (gold records are
/// single sentences, which the structure stage may take for a headline).
fn code_text(text: &str, date: Option<jiff::civil::Date>, models: &Models) -> Vec<events::Event> {
    let a = Article { id: String::new(), text: text.to_string(), published: date, ..Article::default() };
    let opts = dateline_extract::Options { events_in_every_zone: true };
    dateline_extract::extract_with(&a, models, &opts, &mut |_| {}).events
}

/// `eval events`: codes the gold file's sentences and returns the report (P/R/F1 of triples
/// and codes, or of PLOVER types); with `verbose`, every disagreement too.
pub fn run(gold: &Path, choice: &Dictionaries, shared: &Path, models: &Models, verbose: bool) -> Result<String> {
    let own = models_for(choice, shared)?;
    let models = own.as_ref().unwrap_or(models);
    let raw = crate::read_bytes(gold)?;
    let text = String::from_utf8_lossy(&raw);
    if gold.extension().is_some_and(|e| e == "json") {
        return plover(&text, models, verbose);
    }
    let recs = read_records(&text);
    if recs.is_empty() {
        return Err(data_error(format!("no <Sentence> records in {}", gold.display())));
    }
    let mut out = String::new();
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
            let _ = writeln!(out, "{}\t{}\n  gold {:?}\n  sys  {:?}\n  trig {:?}", r.id, r.text, r.gold, sys, trig);
        }
    }
    let _ = writeln!(out, "{} records, {} gold codings", recs.len(), recs.iter().map(|r| r.gold.len()).sum::<usize>());
    out.push_str(&triples.line("triples"));
    out.push_str(&codes.line("codes"));
    Ok(out)
}

fn plover(text: &str, models: &Models, verbose: bool) -> Result<String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| data_error(format!("parsing the PLOVER JSON: {e}")))?;
    let arr = v.as_array().ok_or_else(|| data_error("the PLOVER file is not a JSON array"))?;
    let mut out = String::new();
    let (mut triples, mut types) = (Prf::default(), Prf::default());
    let mut n = 0;
    for r in arr {
        let (Some(t), Some(ev)) = (r["text"].as_str(), r["event"].as_str()) else { continue };
        n += 1;
        let date = r["date"].as_str().and_then(dateline_extract::dates::parse_date);
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
            let _ = writeln!(out, "{}\n  gold {:?}\n  sys  {:?}\n  evs  {:?}", t, gold, sys, detail);
        }
    }
    let _ = writeln!(out, "{n} PLOVER records");
    out.push_str(&triples.line("triples"));
    out.push_str(&types.line("types"));
    Ok(out)
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
