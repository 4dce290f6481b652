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
        Found::Symptom(s) => format!("symptom:{}", s.id()),
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
pub fn run(tsv: &str) -> BTreeMap<String, (usize, usize, usize)> {
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

/// Prints the table of a set and gives its overall `(rows, top-1 %, top-3 %)`, in per mille
/// rounded down so that a floor compares exactly.
fn report(tsv: &str) -> (usize, usize, usize) {
    let table = run(tsv);
    print_table(&table)
}

/// Holds every category of a set to its floor: `(category, top-1 ‰, top-3 ‰)`, per mille
/// rounded down, the level measured when the floor was set. A category that falls fails even
/// when the total holds, and a category without a floor fails too (give it the level it has).
fn category_floors(tsv: &str, floors: &[(&str, usize, usize)]) {
    let table = run(tsv);
    print_table(&table);
    let mut problems = Vec::new();
    for (category, (rows, one, three)) in &table {
        let (one, three) = (1000 * one / rows, 1000 * three / rows);
        match floors.iter().find(|(c, _, _)| c == category) {
            None => problems.push(format!("{category}: no floor (now {one}‰ and {three}‰)")),
            Some(&(_, floor1, floor3)) => {
                if one < floor1 {
                    problems.push(format!("{category}: top-1 {one}‰ is below {floor1}‰"));
                }
                if three < floor3 {
                    problems.push(format!("{category}: top-3 {three}‰ is below {floor3}‰"));
                }
            }
        }
    }
    for (category, _, _) in floors {
        if !table.contains_key(*category) {
            problems.push(format!(
                "{category}: a floor for a category the set does not have"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Prints a set's table per category and gives its overall figures (see [`report`]).
fn print_table(table: &BTreeMap<String, (usize, usize, usize)>) -> (usize, usize, usize) {
    let (mut n, mut top1, mut top3) = (0, 0, 0);
    println!("| category | queries | top-1 | top-3 |\n|---|---:|---:|---:|");
    for (category, (rows, one, three)) in table {
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
    (n, 1000 * top1 / n, 1000 * top3 / n)
}

#[test]
fn evaluation_set() {
    let (n, one, three) = report(include_str!("../eval/queries.tsv"));
    assert!(n >= 400, "the set has {n} queries");
    // Issue 15's bar: 95% first and 99% in the first three.
    assert!(one >= 950, "top-1 {}% is below 95%", one as f64 / 10.0);
    assert!(three >= 990, "top-3 {}% is below 99%", three as f64 / 10.0);
}

/// The main set per category: the level measured when per-category floors were set (issue 27).
#[test]
fn evaluation_set_per_category() {
    category_floors(
        include_str!("../eval/queries.tsv"),
        &[
            ("bare-number", 1000, 1000),
            ("body", 1000, 1000),
            ("code-spelling", 1000, 1000),
            ("family-words", 1000, 1000),
            ("fragment", 1000, 1000),
            ("official-message", 989, 1000),
            ("paraphrase", 888, 987),
            ("symptom", 925, 1000),
            ("typo", 945, 972),
        ],
    );
}

/// The held-out set (`eval/heldout.tsv`): 100 rows written after the search work began, by
/// someone who read neither the output nor the search fields of `data/`; it tells whether what
/// was tuned on the main set carries over to text nobody tuned for.
#[test]
fn held_out_set() {
    let (n, one, three) = report(include_str!("../eval/heldout.tsv"));
    assert!(n >= 100, "the set has {n} queries");
    // The level first measured (79% and 88%; 63% and 76% before the wording and keyword
    // work): it must not fall.
    assert!(one >= 790, "top-1 {}% is below 79%", one as f64 / 10.0);
    assert!(three >= 880, "top-3 {}% is below 88%", three as f64 / 10.0);
}

/// The held-out set per category: the level measured when per-category floors were set.
#[test]
fn held_out_set_per_category() {
    category_floors(
        include_str!("../eval/heldout.tsv"),
        &[
            ("family-words", 1000, 1000),
            ("official-message", 1000, 1000),
            ("paraphrase", 500, 700),
            ("symptom", 850, 900),
            ("typo", 900, 1000),
        ],
    );
}

/// The blind set (`eval/blind.tsv`, 203 rows, issue 24): written before the work that follows
/// it, from the official pages and public discussions, by a writer who saw neither `data/`,
/// `eval/` nor the program's output; committed unchanged, scored, never tuned on. It is reported
/// on every run; its floor is the level first measured (69.4% and 83.7% at 3b2636a).
#[test]
fn blind_set() {
    let (n, one, three) = report(include_str!("../eval/blind.tsv"));
    assert!(n >= 150, "the set has {n} queries");
    assert!(one >= 690, "top-1 {}% is below 69%", one as f64 / 10.0);
    assert!(three >= 830, "top-3 {}% is below 83%", three as f64 / 10.0);
}
