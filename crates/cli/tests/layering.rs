//! The layering ARCHITECTURE.md promises, checked on the sources:
//!
//! - crates by layer: `extract` (and `stream`) depend on no crate of ours; `input`, `store` and
//!   `train` only on `extract`; `server` on those below it but `train`; `cli` on anything.
//! - no module import cycles: in every module of every crate, the graph of its child modules
//!   (an edge when code in one child's files names a path into another child, by `crate::…` or
//!   `super::…`) has no cycle. A child naming its ancestors (`use super::Quote`) or a module naming
//!   its own descendants is not an edge. Test modules (`#[cfg(test)]` to the end of a file) are
//!   left out.
//!
//! Paths are read from the text of the sources (a plain scan of `crate::` and `super::` paths,
//! `use` groups included, comments left out); that is enough for our code, which names modules
//! by path.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `dateline-*` dependencies of a crate's `[dependencies]`.
fn our_dependencies(manifest: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut in_deps = false;
    for line in manifest.lines() {
        let l = line.trim();
        if l.starts_with('[') {
            in_deps = l == "[dependencies]";
            continue;
        }
        if in_deps {
            if let Some(name) = l.split(['=', '.', ' ']).next().filter(|n| n.starts_with("dateline-")) {
                out.insert(name.trim_start_matches("dateline-").to_string());
            }
        }
    }
    out
}

#[test]
fn crates_are_layered() {
    let allowed: BTreeMap<&str, &[&str]> = [
        ("extract", &[][..]),
        ("stream", &[][..]),
        ("input", &["extract"][..]),
        ("store", &["extract"][..]),
        ("train", &["extract"][..]),
        ("server", &["extract", "input", "store"][..]),
        ("cli", &["extract", "input", "store", "train", "server", "stream"][..]),
    ]
    .into();
    let mut seen = BTreeSet::new();
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let Ok(manifest) = std::fs::read_to_string(dir.join("Cargo.toml")) else { continue };
        let ok = allowed.get(name.as_str()).unwrap_or_else(|| panic!("crates/{name} is not placed in a layer (add it here and to ARCHITECTURE.md)"));
        for dep in our_dependencies(&manifest) {
            assert!(ok.contains(&dep.as_str()), "crates/{name} depends on dateline-{dep}, which is not below it");
        }
        seen.insert(name);
    }
    assert!(seen.len() >= 7, "{seen:?}");
}

/// A module path (`["quotes", "speakers"]`; the crate root is `[]`) of a source file.
fn module_of(src: &Path, file: &Path) -> Option<Vec<String>> {
    let rel = file.strip_prefix(src).ok()?;
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().to_string()).collect();
    if parts.first().map(String::as_str) == Some("bin") {
        return None; // another crate root
    }
    let last = parts.pop()?;
    let stem = last.strip_suffix(".rs")?;
    let root_file = parts.is_empty() && matches!(stem, "lib" | "main");
    if stem != "mod" && !root_file {
        parts.push(stem.to_string());
    }
    Some(parts)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Paths named after `crate::` or `super::` in `code`, as segments relative to the crate root,
/// for code in module `at`.
fn referenced_paths(code: &str, at: &[String]) -> Vec<Vec<String>> {
    let ident = |s: &str| -> usize { s.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(s.len()) };
    let mut out = Vec::new();
    for (i, _) in code.match_indices("::") {
        // The path's first segment must be `crate` or `super` (a whole word).
        let head_start = code[..i].rfind(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(0, |j| j + 1);
        let head = &code[head_start..i];
        let before = code[..head_start].chars().next_back();
        if before == Some(':') || !(head == "crate" || head == "super") {
            continue;
        }
        let mut base: Vec<String> = if head == "crate" { Vec::new() } else { at[..at.len().saturating_sub(1)].to_vec() };
        let mut rest = &code[i + 2..];
        while let Some(r) = rest.strip_prefix("super::") {
            base.pop();
            rest = r;
        }
        // One path, or a `{a, b::c}` group (one level of braces is enough for our code).
        let mut paths = Vec::new();
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                paths.push(item.trim().to_string());
            }
        } else {
            let mut p = String::new();
            let mut r = rest;
            loop {
                let n = ident(r);
                if n == 0 {
                    break;
                }
                p.push_str(&r[..n]);
                r = &r[n..];
                match r.strip_prefix("::") {
                    Some(next) if next.starts_with(|c: char| c.is_alphabetic() || c == '_') => {
                        p.push_str("::");
                        r = next;
                    }
                    _ => break,
                }
            }
            paths.push(p);
        }
        for p in paths {
            let mut full = base.clone();
            full.extend(p.split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty() && s != "self" && s != "*"));
            out.push(full);
        }
    }
    out
}

#[test]
fn no_module_import_cycles() {
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        let src = entry.unwrap().path().join("src");
        if !src.is_dir() {
            continue;
        }
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let modules: BTreeMap<Vec<String>, String> = files
            .iter()
            .filter_map(|f| {
                let m = module_of(&src, f)?;
                let code = std::fs::read_to_string(f).ok()?;
                // Tests at the end of a file are left out, and comments (doc links name paths).
                let code = code.split("#[cfg(test)]").next().unwrap_or("");
                let code: String = code.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
                Some((m, code))
            })
            .collect();
        let known: BTreeSet<&Vec<String>> = modules.keys().collect();
        // parent module -> child -> children it names.
        let mut edges: BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
        for (m, code) in &modules {
            for path in referenced_paths(code, m) {
                // The module the path lies in: its longest prefix that is a module.
                let target = (0..=path.len()).rev().map(|n| path[..n].to_vec()).find(|p| known.contains(p)).unwrap_or_default();
                let common = m.iter().zip(&target).take_while(|(a, b)| a == b).count();
                if common == m.len() || common == target.len() {
                    continue; // an ancestor or a descendant
                }
                edges.entry(m[..common].to_vec()).or_default().entry(m[common].clone()).or_default().insert(target[common].clone());
            }
        }
        for (parent, graph) in &edges {
            // Depth-first search for a back edge.
            fn visit(n: &str, g: &BTreeMap<String, BTreeSet<String>>, stack: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
                if let Some(i) = stack.iter().position(|x| x == n) {
                    let mut cycle = stack[i..].to_vec();
                    cycle.push(n.to_string());
                    return Some(cycle);
                }
                if !done.insert(n.to_string()) {
                    return None;
                }
                stack.push(n.to_string());
                for next in g.get(n).into_iter().flatten() {
                    if let Some(c) = visit(next, g, stack, done) {
                        return Some(c);
                    }
                }
                stack.pop();
                None
            }
            let mut done = BTreeSet::new();
            for start in graph.keys() {
                if let Some(cycle) = visit(start, graph, &mut Vec::new(), &mut done) {
                    problems.push(format!("{}: in module `{}`: {}", src.display(), parent.join("::"), cycle.join(" -> ")));
                    break;
                }
            }
        }
    }
    assert!(problems.is_empty(), "module import cycles:\n{}", problems.join("\n"));
}

#[test]
fn the_scan_finds_paths_and_cycles() {
    let at = vec!["quotes".to_string(), "speakers".to_string()];
    let got = referenced_paths("use super::cues::Lexicon;\nuse crate::{entities::Entity, span::Span};\nlet x = crate::lexicon::month(w);", &at);
    assert_eq!(
        got,
        vec![
            vec!["quotes".to_string(), "cues".into(), "Lexicon".into()],
            vec!["entities".to_string(), "Entity".into()],
            vec!["span".to_string(), "Span".into()],
            vec!["lexicon".to_string(), "month".into()],
        ]
    );
    assert_eq!(module_of(Path::new("/s"), Path::new("/s/quotes/mod.rs")), Some(vec!["quotes".to_string()]));
    assert_eq!(module_of(Path::new("/s"), Path::new("/s/lib.rs")), Some(vec![]));
    assert_eq!(module_of(Path::new("/s"), Path::new("/s/export/gkg.rs")), Some(vec!["export".to_string(), "gkg".into()]));
    assert_eq!(module_of(Path::new("/s"), Path::new("/s/bin/x.rs")), None);
}
