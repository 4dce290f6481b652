//! Writing the dataset out as Rust: data only (statics, `phf` maps, the search index); the
//! types and their impls are the library's.

use crate::load::Dataset;
use databake::{Bake, CrateEnv};
use qiwi_errors_shared::{Code, Key};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The Rust source of the library's data for `dataset`, which the library includes:
///
/// - `ENTRIES` and `DETAILS`: the records, split in what every answer shows and what only
///   developers read, at the same positions;
/// - `SYMPTOMS` and `NOTES`;
/// - `CODES`: `(family, code)` -> position, one `phf` map with typed keys;
/// - `BY_CODE`: code -> positions in every family, for codes asked without a family;
/// - `RANGES`: the range rows;
/// - `INDEX`: the search index (see `qiwi_errors_shared::index`);
/// - `WORDING_TERMS`: how many search terms each record's official wording has, per language;
/// - `SYMPTOM_PHRASES`: each symptom's titles and keyword phrases as sorted search terms.
///
/// The same dataset always gives the same text.
///
/// # Examples
///
/// ```
/// let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
/// let code = qiwi_errors_build::generate(&qiwi_errors_build::load_dir(&data).unwrap());
/// assert!(code.contains("static ENTRIES"));
/// ```
pub fn generate(dataset: &Dataset) -> String {
    let env = CrateEnv::default();
    let mut out = String::new();
    let n = dataset.records.len();
    let list = |items: Vec<String>| items.join(",\n    ");

    let entries = dataset
        .records
        .iter()
        .map(|r| {
            format!(
                "Entry::new(qiwi_errors_shared::Family::{:?}, {})",
                r.family,
                r.entry.bake(&env)
            )
        })
        .collect();
    let details = dataset
        .records
        .iter()
        .map(|r| r.details.bake(&env).to_string())
        .collect();
    let symptoms = dataset
        .symptoms
        .iter()
        .map(|s| format!("Symptom::new({})", s.bake(&env)))
        .collect();
    let notes = dataset
        .notes
        .iter()
        .map(|(f, t)| format!("(qiwi_errors_shared::Family::{f:?}, {})", t.bake(&env)))
        .collect();
    writeln!(
        out,
        "pub(crate) static ENTRIES: [Entry; {n}] = [\n    {}\n];",
        list(entries)
    )
    .unwrap();
    writeln!(
        out,
        "pub(crate) static DETAILS: [qiwi_errors_shared::Details; {n}] = [\n    {}\n];",
        list(details)
    )
    .unwrap();
    writeln!(
        out,
        "pub(crate) static SYMPTOMS: [Symptom; {}] = [\n    {}\n];",
        dataset.symptoms.len(),
        list(symptoms)
    )
    .unwrap();
    writeln!(
        out,
        "pub(crate) static NOTES: [(qiwi_errors_shared::Family, qiwi_errors_shared::Text); {}] = [\n    {}\n];",
        dataset.notes.len(),
        list(notes)
    )
    .unwrap();

    let mut codes = phf_codegen::Map::new();
    for (i, r) in dataset.records.iter().enumerate() {
        codes.entry(Key::new(r.family, r.entry.code), &i.to_string());
    }
    writeln!(
        out,
        "pub(crate) static CODES: phf::Map<qiwi_errors_shared::Key<'static>, u16> = {};",
        codes.build()
    )
    .unwrap();

    let mut by_code: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (i, r) in dataset.records.iter().enumerate() {
        by_code.entry(r.entry.code).or_default().push(i.to_string());
    }
    let mut any_family = phf_codegen::Map::new();
    for (code, positions) in &by_code {
        any_family.entry(Code::parse(code), &format!("&[{}]", positions.join(", ")));
    }
    writeln!(
        out,
        "pub(crate) static BY_CODE: phf::Map<qiwi_errors_shared::Code<'static>, &'static [u16]> = {};",
        any_family.build()
    )
    .unwrap();

    let ranges: Vec<String> = dataset
        .records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let (lo, hi) = r.entry.range?;
            Some(format!(
                "(qiwi_errors_shared::Family::{:?}, {lo}, {hi:?}, {i})",
                r.family
            ))
        })
        .collect();
    writeln!(
        out,
        "pub(crate) static RANGES: [(qiwi_errors_shared::Family, i64, Option<i64>, u16); {}] = [{}];",
        ranges.len(),
        ranges.join(", ")
    )
    .unwrap();
    writeln!(out, "pub(crate) const FIRST_SYMPTOM: usize = {n};").unwrap();
    writeln!(
        out,
        "pub(crate) const DOCUMENTS: usize = {};",
        n + dataset.symptoms.len()
    )
    .unwrap();

    let (blob, blocks) = qiwi_errors_shared::index::encode(&crate::index::build(dataset));
    writeln!(
        out,
        "pub(crate) static INDEX: qiwi_errors_shared::index::Index = qiwi_errors_shared::index::Index {{ blob: &{blob:?}, blocks: &{blocks:?} }};"
    )
    .unwrap();
    let phrases = crate::index::symptom_phrases(dataset);
    let symptoms: Vec<String> = phrases
        .iter()
        .map(|ps| {
            let ps: Vec<String> = ps.iter().map(|terms| format!("&{terms:?}")).collect();
            format!("&[{}]", ps.join(", "))
        })
        .collect();
    writeln!(
        out,
        "pub(crate) static SYMPTOM_PHRASES: [&[&[&str]]; {}] = [{}];",
        symptoms.len(),
        symptoms.join(", ")
    )
    .unwrap();
    let sizes = crate::index::wording_sizes(dataset);
    writeln!(
        out,
        "pub(crate) static WORDING_TERMS: [(u8, u8); {n}] = {sizes:?};"
    )
    .unwrap();
    out
}
