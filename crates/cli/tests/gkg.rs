//! `dateline export --format gkg` end to end: real articles (the example and three of the golden
//! news articles) ingested into a temporary store by the built binary, exported as GDELT GKG 2.1,
//! and read back with an independent TSV reader (the `csv` crate: tab delimiter, no quoting, a
//! fixed number of fields per record) and the codebook's inner separators.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dateline-gkg-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Code points `[s, e)` of `text`.
fn cp_slice(text: &str, s: usize, e: usize) -> Option<String> {
    let n = text.chars().count();
    (s <= e && e <= n).then(|| text.chars().skip(s).take(e - s).collect())
}

/// The article text as the export's quote field writes it: tabs, line breaks and other control
/// characters, `#` and `|` each replaced by one space.
fn as_quote_field(s: &str) -> String {
    s.chars().map(|c| if c.is_control() || c == '#' || c == '|' { ' ' } else { c }).collect()
}

/// Article id → (text, published, url).
type Articles = BTreeMap<String, (String, Option<String>, Option<String>)>;

/// Ingests the articles; returns the store and the articles.
fn corpus(d: &Path) -> (PathBuf, Articles) {
    let db = d.join("x.db");
    let example = repo().join("examples/reuters-nato-kyiv.txt");
    let out = bin().args(["ingest", "--quiet", "--published", "2023-09-28", "--db"]).arg(&db).arg(&example).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut texts = BTreeMap::new();
    texts.insert("reuters-nato-kyiv".to_string(), (std::fs::read_to_string(&example).unwrap(), Some("2023-09-28".to_string()), None));

    // Three golden articles: one with a publication date, two without (one given a URL).
    let golden = std::fs::read_to_string(repo().join("tests/data/golden/news.jsonl")).unwrap();
    let input = d.join("news.jsonl");
    let mut f = std::fs::File::create(&input).unwrap();
    for line in golden.lines() {
        let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().unwrap().to_string();
        if !["reuters-270", "bbc-business-001", "bbc-business-201"].contains(&id.as_str()) {
            continue;
        }
        if id == "bbc-business-001" {
            v["url"] = "https://www.bbc.co.uk/news/business-001".into();
        }
        let s = |k: &str| v[k].as_str().map(str::to_string);
        texts.insert(id, (s("text").unwrap(), s("published"), s("url")));
        writeln!(f, "{v}").unwrap();
    }
    drop(f);
    let out = bin().args(["ingest", "--quiet", "--db"]).arg(&db).arg(&input).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (db, texts)
}

#[test]
fn gkg_export_reads_back_as_gkg_2_1() {
    let d = tempdir("export");
    let (db, texts) = corpus(&d);
    assert_eq!(texts.len(), 4);

    // To stdout: data only. `--table` is not needed.
    let out = bin().args(["export", "--format", "gkg", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = out.stdout;

    // To a file: the same bytes, a summary on stderr.
    let path = d.join("out.gkg.tsv");
    let out = bin().args(["export", "--format", "gkg", "--db"]).arg(&db).arg("--out").arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("4 gkg rows"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&path).unwrap(), stdout);

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(false)
        .has_headers(false)
        .flexible(false)
        .from_reader(stdout.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("every row has the same number of fields");
    assert_eq!(rows.len(), texts.len(), "one row per article");
    assert_eq!(String::from_utf8_lossy(&stdout).lines().count(), texts.len(), "no line breaks inside a row");

    // V2DOCUMENTIDENTIFIER is the URL, else the article id.
    let by_doc: BTreeMap<String, String> = texts.iter().map(|(id, t)| (t.2.clone().unwrap_or_else(|| id.clone()), id.clone())).collect();
    let mut seen = BTreeMap::new();
    let mut ids = std::collections::BTreeSet::new();
    for r in &rows {
        assert_eq!(r.len(), 27, "{r:?}");
        let id = by_doc.get(&r[4]).unwrap_or_else(|| panic!("unknown document {}", &r[4])).clone();
        let (text, published, url) = &texts[&id];
        let nchars = text.chars().count();

        // GKGRECORDID, V2.1DATE.
        assert!(ids.insert(r[0].to_string()), "duplicate GKGRECORDID {}", &r[0]);
        let date = &r[1];
        match published {
            Some(p) => {
                assert_eq!(date.len(), 14, "{date}");
                assert!(date.bytes().all(|b| b.is_ascii_digit()), "{date}");
                assert_eq!(&date[..8], p.replace('-', ""), "{id}");
                let (m, dd): (u32, u32) = (date[4..6].parse().unwrap(), date[6..8].parse().unwrap());
                assert!((1..=12).contains(&m) && (1..=31).contains(&dd), "{date}");
                assert_eq!(&date[8..], "000000", "only a date is known");
                assert!(r[0].starts_with(&format!("{date}-")), "{}", &r[0]);
            }
            None => {
                assert_eq!(date, "0", "{id}: unknown date");
                assert!(r[0].starts_with("00000000000000-"), "{}", &r[0]);
            }
        }
        let (stamp, seq) = r[0].split_once('-').unwrap();
        assert_eq!(stamp.len(), 14);
        assert!(seq.parse::<u64>().is_ok(), "{}", &r[0]);

        // Source collection, common name, document identifier.
        match url {
            Some(u) => {
                assert_eq!(&r[2], "1");
                assert_eq!(&r[4], u);
                assert_eq!(&r[3], "bbc.co.uk");
            }
            None => {
                assert_eq!(&r[2], "2");
                assert_eq!(&r[4], id);
            }
        }

        // V2ENHANCEDLOCATIONS: Type#FullName#CountryCode#ADM1#ADM2#Lat#Long#FeatureID#Offset.
        let mut kyiv = false;
        for block in r[10].split(';').filter(|b| !b.is_empty()) {
            let f: Vec<&str> = block.split('#').collect();
            assert_eq!(f.len(), 9, "{block}");
            let ty: u8 = f[0].parse().unwrap();
            assert!((1..=5).contains(&ty), "{block}");
            assert_eq!(f[2].len(), 2, "FIPS country code: {block}");
            assert!(f[3].starts_with(f[2]), "ADM1 starts with the country: {block}");
            let (lat, lon): (f64, f64) = (f[5].parse().expect(block), f[6].parse().expect(block));
            assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon), "{block}");
            let off: usize = f[8].parse().unwrap();
            assert!(off < nchars, "{block}");
            if f[1].starts_with("Kyiv") && (lat - 50.45).abs() < 0.3 && (lon - 30.52).abs() < 0.3 {
                kyiv = true;
                assert_eq!(f[0], "4", "a world city");
                assert_eq!(f[2], "UP", "Ukraine's FIPS code");
                let name = cp_slice(text, off, off + 4).unwrap();
                assert!(name.eq_ignore_ascii_case("kyiv"), "{name:?}");
            }
        }
        // V1LOCATIONS: the same without ADM2 and offset.
        for block in r[9].split(';').filter(|b| !b.is_empty()) {
            assert_eq!(block.split('#').count(), 7, "{block}");
        }

        // V1.5TONE: seven numbers.
        let tone: Vec<&str> = r[15].split(',').collect();
        assert_eq!(tone.len(), 7, "{}", &r[15]);
        for x in &tone {
            assert!(x.parse::<f64>().is_ok(), "{}", &r[15]);
        }

        // V2.1ENHANCEDDATES: resolution#month#day#year#offset.
        for block in r[16].split(';').filter(|b| !b.is_empty()) {
            let f: Vec<u32> = block.split('#').map(|x| x.parse().expect(block)).collect();
            assert_eq!(f.len(), 5, "{block}");
            assert!((1..=4).contains(&f[0]) && f[1] <= 12 && f[2] <= 31 && (f[4] as usize) < nchars, "{block}");
        }

        // V2.1QUOTATIONS: offset|length|verb|quote, blocks separated by `#`, pointing at the text.
        let mut quotes = 0;
        for block in r[22].split('#').filter(|b| !b.is_empty()) {
            let f: Vec<&str> = block.split('|').collect();
            assert_eq!(f.len(), 4, "{block}");
            let (off, len): (usize, usize) = (f[0].parse().unwrap(), f[1].parse().unwrap());
            let words = cp_slice(text, off, off + len).unwrap_or_else(|| panic!("{id}: {block} is outside the text"));
            assert_eq!(as_quote_field(&words), f[3], "{id}: the offset points at the quote");
            quotes += 1;
        }

        // Names with offsets.
        for (col, sep) in [(8, ';'), (12, ';'), (14, ';'), (23, ';'), (24, ';')] {
            for block in r[col].split(sep).filter(|b| !b.is_empty()) {
                let off: usize = block.rsplit(',').next().unwrap().parse().expect(block);
                assert!(off < nchars, "{block}");
            }
        }
        // The unused columns are empty.
        for col in [18, 19, 20, 21, 25] {
            assert_eq!(&r[col], "", "column {col}");
        }
        seen.insert(id, (quotes, r[12].to_string(), kyiv, r[7].to_string()));
    }

    // The example: Kyiv on the map, Stoltenberg and his quotes.
    let (quotes, persons, kyiv, themes) = &seen["reuters-nato-kyiv"];
    assert!(kyiv, "Kyiv within 0.3° of 50.45, 30.52");
    assert!(*quotes >= 3, "{quotes}");
    assert!(themes.split(';').any(|t| t == "ARMEDCONFLICT"), "{themes}");
    let text = &texts["reuters-nato-kyiv"].0;
    let offsets: Vec<usize> = persons
        .split(';')
        .filter_map(|b| b.strip_prefix("Jens Stoltenberg,"))
        .map(|o| o.parse().unwrap())
        .collect();
    assert!(!offsets.is_empty(), "{persons}");
    assert!(
        offsets.iter().any(|&o| cp_slice(text, o, o + 11).is_some_and(|s| s == "Stoltenberg") || cp_slice(text, o, o + 16).is_some_and(|s| s == "Jens Stoltenberg")),
        "{persons}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn table_is_required_for_the_other_formats_and_ignored_by_gkg() {
    let d = tempdir("table");
    let db = d.join("x.db");
    let out = bin().args(["ingest", "--quiet", "--published", "2023-09-28", "--db"]).arg(&db).arg(repo().join("examples/reuters-nato-kyiv.txt")).output().unwrap();
    assert!(out.status.success());
    let out = bin().args(["export", "--format", "csv", "--db"]).arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--table is required"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = bin().args(["export", "--format", "gkg", "--table", "quotes", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("ignored"));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    let _ = std::fs::remove_dir_all(&d);
}
