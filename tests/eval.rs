//! The labelled evaluation set (`eval/queries.tsv`): how often the first answer, and any of the
//! first three, is what the source says. Prints a table per category; the rows are written
//! from the sources, never from the output (see eval/README.md).
#![cfg(feature = "diagnose")]

use qiwi_errors::{answer, Answer, Found};
use std::collections::BTreeMap;

/// The keys of an answer, best first: candidates of an explanation; of a diagnosis, the main
/// finding, then the others in body order.
fn ranked(text: &str) -> Vec<String> {
    let key = |found: &Found| match found {
        Found::Entry(e) => e.key(),
        Found::Symptom(s) => format!("symptom:{}", s.id),
    };
    match answer(text) {
        Ok(Answer::Explanation(e)) => e.candidates().iter().map(|c| key(&c.found)).collect(),
        Ok(Answer::Diagnosis(d)) => {
            let main = d.main().map(|e| e.key());
            main.iter()
                .cloned()
                .chain(
                    d.findings
                        .iter()
                        .filter_map(|f| f.entry.map(|e| e.key()))
                        .filter(|k| Some(k) != main.as_ref()),
                )
                .collect()
        }
        Err(_) => Vec::new(),
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Per category: (rows, right first, right in the first three).
pub fn run() -> BTreeMap<String, (usize, usize, usize)> {
    let tsv = include_str!("../eval/queries.tsv");
    let mut table: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for line in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (category, query, expected) = (cols[0], unescape(cols[1]), cols[2]);
        let expected: Vec<&str> = expected.split('|').collect();
        let got = ranked(&query);
        if std::env::var_os("EVAL_FAILURES").is_some()
            && !got.first().is_some_and(|k| expected.contains(&k.as_str()))
        {
            let top: Vec<&str> = got.iter().take(3).map(String::as_str).collect();
            println!("MISS\t{category}\t{}\t{}\t{top:?}", cols[1], cols[2]);
        }
        let row = table.entry(category.to_string()).or_default();
        row.0 += 1;
        if got.first().is_some_and(|k| expected.contains(&k.as_str())) {
            row.1 += 1;
        }
        if got.iter().take(3).any(|k| expected.contains(&k.as_str())) {
            row.2 += 1;
        }
    }
    table
}

#[test]
fn evaluation_set() {
    let table = run();
    let (mut n, mut top1, mut top3) = (0, 0, 0);
    println!("| category | queries | top-1 | top-3 |\n|---|---:|---:|---:|");
    for (category, (rows, one, three)) in &table {
        println!(
            "| {category} | {rows} | {:.1}% | {:.1}% |",
            100.0 * *one as f64 / *rows as f64,
            100.0 * *three as f64 / *rows as f64
        );
        (n, top1, top3) = (n + rows, top1 + one, top3 + three);
    }
    println!(
        "| all | {n} | {:.1}% | {:.1}% |",
        100.0 * top1 as f64 / n as f64,
        100.0 * top3 as f64 / n as f64
    );
    assert!(n >= 400, "the set has {n} queries");
    // Issue 15's bar is 95% first and 99% in the first three. Until the set reaches it, the
    // floor is the level reached (rounded down to the whole percent), so it cannot regress.
    let (one, three) = (100 * top1 / n, 100 * top3 / n);
    assert!(
        one >= TOP1_FLOOR,
        "top-1 {one}% is below the floor {TOP1_FLOOR}%"
    );
    assert!(
        three >= TOP3_FLOOR,
        "top-3 {three}% is below the floor {TOP3_FLOOR}%"
    );
}

/// The overall levels reached after the 2024 data (90.1% and 94.9%), rounded down; the bar is
/// 95 and 99.
const TOP1_FLOOR: usize = 90;
const TOP3_FLOOR: usize = 94;
