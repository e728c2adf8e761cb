//! `dateline train gender`: a first-name → gender table from pronoun co-reference in raw news.
//!
//! In: raw news as JSON Lines (`body` or `text`, plus `title`), e.g. Reuters-21578 and the BBC
//! News dataset under `../shared/data/news_raw/`. Out: `models/gender.tsv`, lines
//! `first-name TAB he-count TAB she-count`, embedded by the quotes stage.
//! Rule: each article goes through structure → tokens → NER → entities. For every sentence
//! that mentions exactly one PERSON entity (named with 2+ words, not a credit), and whose next
//! two sentences mention no other person, the gendered pronouns after the mention up to the
//! end of those two sentences (`he/him/his/himself` vs `she/her/hers/herself`) count for the
//! entity's first name, each sentence once per entity. Names with at least `min` pronouns are
//! kept.

use crate::{data_error, read_to_string, write, Result};
use dateline_extract::entities::EntityType;
use dateline_extract::{Article, Models};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn counts(body: &str, models: &Models) -> BTreeMap<String, (u32, u32)> {
    let mut out: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let article = Article { text: body.to_string(), ..Article::default() };
    let x = dateline_extract::extract(&article, models);
    let (toks, ents) = (&x.tokens, &x.entities);
    // Person entities mentioned in each sentence, with the first mention's end.
    let ns = toks.sentences.len();
    let mut in_sent: Vec<Vec<(usize, usize)>> = vec![Vec::new(); ns];
    for (e, ent) in ents.iter().enumerate() {
        if ent.ty != EntityType::Person || ent.credit {
            continue;
        }
        for m in &ent.mentions {
            let s = toks.sentences.partition_point(|x| x.span.end <= m.start);
            if let Some(v) = in_sent.get_mut(s) {
                if !v.iter().any(|&(x, _)| x == e) {
                    v.push((e, m.end));
                }
            }
        }
    }
    let mut done = vec![false; ns];
    for s in 0..ns {
        let [(e, after)] = in_sent[s].as_slice() else { continue };
        let (e, after) = (*e, *after);
        let name = &ents[e].name;
        let mut words = name.split_whitespace();
        let (Some(first), Some(_)) = (words.next(), words.next()) else { continue };
        if first.len() < 2 || !first.starts_with(|c: char| c.is_uppercase()) || !first.chars().all(|c| c.is_alphabetic() || c == '-') {
            continue;
        }
        let last = (s + 2).min(ns - 1);
        if (s + 1..=last).any(|t| in_sent[t].iter().any(|&(x, _)| x != e)) {
            continue;
        }
        let (mut m, mut f) = (0, 0);
        for t in s..=last {
            if done[t] && t > s {
                continue;
            }
            done[t] = true;
            for k in toks.sentences[t].tokens.clone() {
                let sp = toks.tokens[k].span;
                if sp.start < after {
                    continue;
                }
                let w = sp.of(body).to_ascii_lowercase();
                match w.as_str() {
                    "he" | "him" | "his" | "himself" => m += 1,
                    "she" | "her" | "hers" | "herself" => f += 1,
                    _ => {}
                }
            }
        }
        if m + f > 0 {
            let c = out.entry(first.to_lowercase()).or_default();
            c.0 += m;
            c.1 += f;
        }
    }
    out
}

/// Builds the table from `news` files and writes it to `out`; returns what it wrote.
pub fn train(news: &[PathBuf], min: u32, out: &Path, models: &Models) -> Result<String> {
    let mut bodies = Vec::new();
    for p in news {
        let raw = read_to_string(p)?;
        for (i, line) in raw.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).map_err(|e| data_error(format!("{}:{}: {e}", p.display(), i + 1)))?;
            let body = v.get("body").or_else(|| v.get("text")).and_then(|b| b.as_str()).unwrap_or_default();
            if body.len() >= 200 {
                bodies.push(body.to_string());
            }
        }
    }
    let total = bodies
        .par_iter()
        .map(|b| counts(b, models))
        .reduce(BTreeMap::new, |mut a, b| {
            for (k, (m, f)) in b {
                let c = a.entry(k).or_default();
                c.0 += m;
                c.1 += f;
            }
            a
        });
    let mut tsv = String::from("# first name\the/him/his\tshe/her/hers — built by `dateline train gender` from Reuters-21578 (Distribution 1.0) and the BBC News dataset (Greene & Cunningham 2006)\n");
    let mut n = 0;
    for (k, (m, f)) in &total {
        if m + f >= min {
            tsv.push_str(&format!("{k}\t{m}\t{f}\n"));
            n += 1;
        }
    }
    write(out, &tsv)?;
    Ok(format!("wrote {} ({} names from {} articles)", out.display(), n, bodies.len()))
}
