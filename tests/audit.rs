//! The data audit: checks the knowledge base against its sources and prints the coverage
//! tables kept in docs/COVERAGE.md.
//!
//! `cargo test --test audit -- --nocapture` prints the tables; `QIWI_UPDATE_COVERAGE=1` also
//! rewrites docs/COVERAGE.md and audit/seed-codes.tsv. The codes the seed tables document are
//! extracted by tests/seeds/ when the seeds are on disk (`../shared/seeds`, or
//! `QIWI_SEEDS`), and kept in audit/seed-codes.tsv so that a clone without the seeds still
//! checks them.

#[allow(dead_code)]
mod seeds;

use qiwi_errors::{entries, family_entries, lookup, symptoms, Family, Provenance};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn seeds_dir() -> PathBuf {
    std::env::var_os("QIWI_SEEDS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/seeds"))
}

fn updating() -> bool {
    std::env::var_os("QIWI_UPDATE_COVERAGE").is_some()
}

/// (family, code, seed file, line) as committed in audit/seed-codes.tsv.
fn seed_codes() -> Vec<(String, String, String, usize)> {
    let snapshot = root().join("audit/seed-codes.tsv");
    let dir = seeds_dir();
    if dir.join("README.md").exists() {
        let fresh = seeds::seed_codes(&dir).unwrap_or_else(|e| panic!("seed extraction: {e}"));
        let mut tsv = String::from("family\tcode\tfile\tline\n");
        for c in &fresh {
            writeln!(tsv, "{}\t{}\t{}\t{}", c.family, c.code, c.file, c.line).unwrap();
        }
        let committed = std::fs::read_to_string(&snapshot).unwrap_or_default();
        if updating() {
            std::fs::write(&snapshot, &tsv).unwrap();
        } else {
            assert_eq!(
                committed, tsv,
                "audit/seed-codes.tsv is stale; rerun with QIWI_UPDATE_COVERAGE=1"
            );
        }
    }
    let text = std::fs::read_to_string(&snapshot).expect("audit/seed-codes.tsv");
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            (
                f[0].to_string(),
                f[1].to_string(),
                f[2].to_string(),
                f[3].parse().unwrap(),
            )
        })
        .collect()
}

/// The public repository a source's link points into (`QIWI-API/payments-docs`), the page
/// when it is not on GitHub, or the document it names when it has no link.
fn source_name(source: &qiwi_errors::Source) -> String {
    if let Some(url) = source.url {
        if let Some(path) = url.strip_prefix("https://github.com/") {
            return path.split('/').take(2).collect::<Vec<_>>().join("/");
        }
        return url.split('#').next().unwrap_or(url).to_string();
    }
    match source.file.split_once(':') {
        Some((repo, _)) if repo.contains('/') => repo.to_string(),
        _ => source.file.to_string(),
    }
}

/// One code of an official page at its newest commit (audit/official-codes.tsv, made by
/// audit/official_codes.py from the QIWI-API repositories).
struct OfficialCode {
    page: (String, String, String, String, String),
    family: String,
    code: String,
    /// The date of the edition the code first appears in on that page.
    first: String,
}

fn official_codes() -> Vec<OfficialCode> {
    let Ok(text) = std::fs::read_to_string(root().join("audit/official-codes.tsv")) else {
        return Vec::new();
    };
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            OfficialCode {
                page: (
                    f[0].into(),
                    f[1].into(),
                    f[2].into(),
                    f[3].into(),
                    f[4].into(),
                ),
                family: f[5].into(),
                code: f[6].into(),
                first: f.get(8).copied().unwrap_or_default().into(),
            }
        })
        .collect()
}

/// Per official page: its newest commit, the commits data/ cites in it, its codes, and those
/// data/ lacks.
fn official_pages(out: &mut String, missing: &mut Vec<String>) {
    let codes = official_codes();
    if codes.is_empty() {
        return;
    }
    out.push_str("## Official pages\n\n");
    out.push_str("Every code of the code tables of each official page at its newest commit ");
    out.push_str("(audit/official-codes.tsv, made by `python3 audit/official_codes.py` from the ");
    out.push_str(
        "QIWI-API repositories), and how many of them are in data/. \"Data cites\" lists ",
    );
    out.push_str("the commits of that file that the records' links point to.\n\n");
    out.push_str("| repository | page | lang | newest commit | date | data cites | codes | in data | missing |\n");
    out.push_str("|---|---|---|---|---|---|---:|---:|---|\n");
    let mut pages: BTreeMap<&(String, String, String, String, String), Vec<&OfficialCode>> =
        BTreeMap::new();
    for c in &codes {
        pages.entry(&c.page).or_default().push(c);
    }
    let cited: Vec<&str> = entries()
        .flat_map(|e| e.sources().iter().chain(e.details().retry_source.iter()))
        .filter_map(|s| s.url)
        .collect();
    for ((repo, path, lang, commit, date), list) in pages {
        let absent: Vec<String> = list
            .iter()
            .filter(|c| {
                c.family
                    .parse::<Family>()
                    .map_or(true, |f| lookup(f, &c.code).is_none())
            })
            .map(|c| format!("{}:{}", c.family, c.code))
            .collect();
        let prefix = format!("https://github.com/QIWI-API/{repo}/blob/");
        let suffix = format!("/{path}");
        let cites: BTreeSet<&str> = cited
            .iter()
            .filter_map(|u| u.strip_prefix(prefix.as_str()))
            .filter(|rest| rest.split('#').next().is_some_and(|r| r.ends_with(&suffix)))
            .filter_map(|rest| rest.get(..7))
            .collect();
        writeln!(
            out,
            "| {repo} | `{path}` | {lang} | {} | {date} | {} | {} | {} | {} |",
            &commit[..7.min(commit.len())],
            if cites.is_empty() {
                "—".to_string()
            } else {
                cites.into_iter().collect::<Vec<_>>().join(", ")
            },
            list.len(),
            list.len() - absent.len(),
            if absent.is_empty() {
                "—".to_string()
            } else {
                absent.join(", ")
            }
        )
        .unwrap();
        missing.extend(absent);
    }
    out.push('\n');
}

fn coverage(seed: &[(String, String, String, usize)]) -> (String, Vec<String>) {
    let mut missing = Vec::new();
    let mut out = String::new();
    out.push_str(
        "# Coverage\n\nProduced by the data audit (`cargo test --test audit -- --nocapture`; ",
    );
    out.push_str("`QIWI_UPDATE_COVERAGE=1` rewrites this file). \"In seeds\" counts the codes the seed tables ");
    out.push_str(
        "document for the family (audit/seed-codes.tsv); \"missing\" lists those not in data/.\n\n",
    );
    official_pages(&mut out, &mut missing);
    out.push_str("## Codes per family\n\n");
    out.push_str("| family | entries | official | community | inferred | example only | sensitive | in seeds | missing | sources |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
    let mut total = 0;
    for family in Family::ALL {
        let list: Vec<_> = family_entries(*family).collect();
        total += list.len();
        let count = |p: Provenance| list.iter().filter(|e| e.provenance() == p).count();
        let documented: BTreeSet<&str> = seed
            .iter()
            .filter(|s| s.0 == family.as_str())
            .map(|s| s.1.as_str())
            .collect();
        let absent: Vec<&str> = documented
            .iter()
            .copied()
            .filter(|c| lookup(*family, c).is_none())
            .collect();
        missing.extend(absent.iter().map(|c| format!("{family}:{c}")));
        let sources: BTreeSet<String> = list
            .iter()
            .flat_map(|e| e.sources())
            .map(source_name)
            .collect();
        writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            family,
            list.len(),
            count(Provenance::Official),
            count(Provenance::Community),
            count(Provenance::Inferred),
            count(Provenance::Example),
            list.iter().filter(|e| e.is_sensitive()).count(),
            documented.len(),
            if absent.is_empty() {
                "—".to_string()
            } else {
                absent.join(", ")
            },
            sources.into_iter().collect::<Vec<_>>().join(", "),
        )
        .unwrap();
    }
    writeln!(
        out,
        "| **all** | **{total}** | | | | | | **{}** | | |",
        seed.len()
    )
    .unwrap();
    writeln!(
        out,
        "\nPlus {} code-less symptoms in `data/symptoms.json`.",
        symptoms().len()
    )
    .unwrap();

    out.push_str("\n## Records per source\n\n| source | records | symptoms | families |\n|---|---:|---:|---|\n");
    let mut by_source: BTreeMap<String, (BTreeSet<String>, BTreeSet<&str>, usize)> =
        BTreeMap::new();
    for e in entries() {
        for s in e.sources() {
            let row = by_source.entry(source_name(s)).or_default();
            row.0.insert(e.key());
            row.1.insert(e.family().as_str());
        }
    }
    for s in symptoms() {
        let names: BTreeSet<String> = s.sources().iter().map(source_name).collect();
        for name in names {
            by_source.entry(name).or_default().2 += 1;
        }
    }
    for (source, (records, families, symptom_count)) in &by_source {
        let families: Vec<&str> = families.iter().copied().collect();
        writeln!(
            out,
            "| `{source}` | {} | {symptom_count} | {} |",
            records.len(),
            families.join(", ")
        )
        .unwrap();
    }
    (out, missing)
}

#[test]
fn audit() {
    let seed = seed_codes();
    let (table, missing) = coverage(&seed);
    println!("{table}");
    let path = root().join("docs/COVERAGE.md");
    if updating() {
        std::fs::write(&path, &table).unwrap();
    }
    assert!(
        missing.is_empty(),
        "codes documented in the seeds or on official pages but missing from data/: {missing:?}"
    );
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        committed, table,
        "docs/COVERAGE.md is stale; rerun with QIWI_UPDATE_COVERAGE=1"
    );
}

#[test]
fn every_record_is_sourced_bilingual_and_unique() {
    let mut keys = BTreeSet::new();
    for e in entries() {
        assert!(keys.insert(e.key()), "{} twice", e.key());
        assert!(!e.sources().is_empty(), "{} has no source", e.key());
        for text in [e.title(), e.customer()].iter().chain(e.steps()) {
            assert!(
                !text.ru.trim().is_empty() && !text.en.trim().is_empty(),
                "{}: a text lacks a language",
                e.key()
            );
        }
        // Titles may be a bare name ("OK"); sentences for the customer must be in Russian.
        for text in std::iter::once(&e.customer()).chain(e.steps()) {
            let russian = text
                .ru
                .chars()
                .any(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё'));
            assert!(russian, "{}: `ru` is not Russian: {:?}", e.key(), text.ru);
        }
    }
    for s in symptoms() {
        assert!(!s.sources().is_empty(), "symptom {} has no source", s.id());
    }
}

/// Reasons that speak of fraud checks or restriction lists must be flagged, so that their
/// developer text never reaches a customer.
#[test]
fn fraud_and_blacklist_reasons_are_flagged_sensitive() {
    let markers = [
        "fraud",
        "фрод",
        "мошенничеств",
        "blacklist",
        "чёрн",
        "черн",
        "списк ограничен",
        "списках ограничен",
        "restriction list",
        "службой безопасности",
        "security service",
    ];
    for e in entries() {
        let about = format!("{} {}", e.title().en, e.title().ru).to_lowercase();
        if markers.iter().any(|m| about.contains(m)) {
            assert!(
                e.is_sensitive(),
                "{} is about {about:?} but not flagged sensitive",
                e.key()
            );
        }
    }
    for key in [
        "payment-reason:DECLINED_BY_FRAUD",
        "payment-reason:ACQUIRING_SUSPECTED_FRAUD",
        "ident-reason:person.is.unreliable",
    ] {
        let (family, code) = key.split_once(':').unwrap();
        assert!(
            lookup(family.parse().unwrap(), code)
                .unwrap()
                .is_sensitive(),
            "{key}"
        );
    }
}

/// One file of an official repository at one commit, as audit/source-pages.tsv (made by
/// `python3 audit/source_pages.py` from the QIWI-API mirrors) describes it: its line count and
/// its `{#anchor}` sections, each as (first line, last line, heading text).
#[derive(Default)]
struct Page {
    lines: usize,
    anchors: BTreeMap<String, (usize, usize, String)>,
}

/// An official file at a commit: (repository, commit, path).
type PageKey = (String, String, String);

fn source_pages() -> BTreeMap<PageKey, Page> {
    let text = std::fs::read_to_string(root().join("audit/source-pages.tsv"))
        .expect("audit/source-pages.tsv");
    let mut pages: BTreeMap<PageKey, Page> = BTreeMap::new();
    for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let page = pages
            .entry((f[0].into(), f[1].into(), f[2].into()))
            .or_default();
        page.lines = f[3].parse().unwrap();
        if !f[4].is_empty() {
            let span = (
                f[5].parse().unwrap(),
                f[6].parse().unwrap(),
                f[7].to_string(),
            );
            page.anchors.insert(f[4].to_string(), span);
        }
    }
    pages
}

/// `https://github.com/QIWI-API/<repo>/blob/<commit>/<path>#L<a>-L<b>` as (repo, commit, path)
/// and the line range, if it has one.
fn github_blob(url: &str) -> Option<(PageKey, Option<(usize, usize)>)> {
    let rest = url.strip_prefix("https://github.com/QIWI-API/")?;
    let (repo, rest) = rest.split_once("/blob/")?;
    let (commit, rest) = rest.split_once('/')?;
    let (path, anchor) = rest.split_once('#').unwrap_or((rest, ""));
    let range = anchor.strip_prefix('L').map(|a| {
        let (a, b) = a.split_once("-L").unwrap_or((a, a));
        (a.parse().unwrap_or(0), b.parse().unwrap_or(0))
    });
    Some(((repo.into(), commit.into(), path.into()), range))
}

/// Every source of every record and symptom, with the key it belongs to.
fn all_sources() -> Vec<(String, &'static qiwi_errors::Source)> {
    let mut out = Vec::new();
    for e in entries() {
        let d = e.details();
        let lists = [d.sources]
            .into_iter()
            .chain(d.superseded.iter().map(|s| s.sources))
            .chain(d.pairings.iter().map(|p| p.sources))
            .chain(d.conflicts.iter().map(|c| c.sources));
        for s in lists.flatten().chain(d.retry_source.iter()) {
            out.push((e.key(), s));
        }
    }
    for s in symptoms() {
        for source in s.sources() {
            out.push((format!("symptom:{}", s.id()), source));
        }
    }
    out
}

/// A source describes the page it links to: a repository source's `file`
/// (`QIWI-API/<repo>:<path>@<commit>`) names the file and commit of its `url`, and its `lines`
/// are the link's lines; the linked lines exist in that file at that commit; every `{#anchor}`
/// its `section` names is a heading of that file, and the linked lines reach into each named
/// section; and a repository source's `section` quotes the heading as that commit words it.
/// Offline: the files' shapes come from audit/source-pages.tsv.
#[test]
fn sources_describe_the_page_and_commit_they_link() {
    let pages = source_pages();
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut problems = Vec::new();
    for (key, s) in all_sources() {
        let Some((page, range)) = s.url.and_then(github_blob) else {
            continue;
        };
        let url = s.url.unwrap_or_default();
        let repository_file = s.file.starts_with("QIWI-API/");
        if repository_file {
            let named = format!("QIWI-API/{}:{}@{}", page.0, page.2, page.1);
            if s.file != named {
                problems.push(format!(
                    "{key}: file `{}` is not the file and commit of its url {url}",
                    s.file
                ));
            }
            let linked = range.map(|(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}-{b}")
                }
            });
            if s.lines.is_some() && s.lines.map(str::to_string) != linked {
                problems.push(format!(
                    "{key}: lines {:?} are not the lines of its url {url}",
                    s.lines.unwrap_or_default()
                ));
            }
        }
        let Some(shape) = pages.get(&page) else {
            problems.push(format!(
                "{key}: {url}: the file is not in audit/source-pages.tsv; rerun python3 audit/source_pages.py"
            ));
            continue;
        };
        if let Some((a, b)) = range {
            if a == 0 || a > b || b > shape.lines {
                problems.push(format!(
                    "{key}: {url}: lines {a}-{b} are not in the file ({} lines at that commit)",
                    shape.lines
                ));
            }
        }
        for anchor in s
            .section
            .split("{#")
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(a, _)| a))
        {
            let Some((from, to, heading)) = shape.anchors.get(anchor) else {
                problems.push(format!(
                    "{key}: {url}: section `{}` names {{#{anchor}}}, which the file has no heading for at that commit",
                    s.section
                ));
                continue;
            };
            if let Some((a, b)) = range {
                if b < *from || a > *to {
                    problems.push(format!(
                        "{key}: {url}: lines {a}-{b} are outside {{#{anchor}}} (lines {from}-{to}) that section `{}` names",
                        s.section
                    ));
                }
            }
            if repository_file && !squash(s.section).contains(&squash(heading)) {
                problems.push(format!(
                    "{key}: {url}: section `{}` does not quote the heading `{heading}` of that commit",
                    s.section
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The dates a text gives as the edition a code first appeared in: the ISO date that follows
/// "first appears in", "entered the table" or «появился в» (within a few words).
fn first_edition_claims(text: &str) -> Vec<&str> {
    const CLAIMS: &[&str] = &[
        "first appears in",
        "first appeared in",
        "entered the table",
        "появился в",
        "появилась в",
        "появилось в",
    ];
    let mut out = Vec::new();
    for claim in CLAIMS {
        for (at, _) in text.match_indices(claim) {
            let rest = &text[at + claim.len()..];
            let window: String = rest.chars().take(40).collect();
            let date = window.char_indices().find_map(|(i, _)| {
                let d = window.get(i..i + 10)?;
                let b = d.as_bytes();
                let iso = b.iter().enumerate().all(|(k, c)| match k {
                    4 | 7 => *c == b'-',
                    _ => c.is_ascii_digit(),
                });
                iso.then_some(d)
            });
            if let Some(d) = date {
                let start = at + claim.len() + rest.find(d).unwrap_or(0);
                out.push(&text[start..start + 10]);
            }
        }
    }
    out
}

/// A text that dates the edition a code first appeared in agrees with the official pages: on
/// some page that lists the code (audit/official-codes.tsv), its first edition has that date.
#[test]
fn first_edition_dates_agree_with_the_pages() {
    let mut firsts: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for c in official_codes() {
        firsts
            .entry((c.family.clone(), c.code.clone()))
            .or_default()
            .insert(c.first.clone());
    }
    let mut problems = Vec::new();
    for e in entries() {
        let Some(dates) = firsts.get(&(e.family().as_str().to_string(), e.code().to_string()))
        else {
            continue;
        };
        let developer = e.details().developer;
        for text in [developer.ru, developer.en] {
            for claim in first_edition_claims(text) {
                if !dates.contains(claim) {
                    problems.push(format!(
                        "{}: the developer text dates its first edition {claim}, but the pages that list it first show it on {}",
                        e.key(),
                        dates.iter().cloned().collect::<Vec<_>>().join(", ")
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
