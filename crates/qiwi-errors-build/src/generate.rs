//! Writing the dataset out as Rust: data only (statics, `phf` maps, the search index); the
//! types and their impls are the library's.

use crate::dataset::Dataset;
use databake::{Bake, CrateEnv};
use qiwi_errors_shared::{Code, Key};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The Rust source of the library's data for `dataset`, which the library includes:
///
/// - `ENTRIES` (each with its family) and `DETAILS`: the records, split in what every answer shows and what only
///   developers read, at the same positions;
/// - `SYMPTOMS` and `NOTES`;
/// - `CODES`: `(family, code)` -> position, one `phf` map with typed keys;
/// - `BY_CODE`: code -> positions in every family, for codes asked without a family;
/// - `RANGES`: the range rows;
/// - `INDEX`: the search index (see `qiwi_errors_shared::index`);
/// - `WORDING_TERMS`: how many search terms each record's official wording has, per language;
/// - `SYMPTOM_PHRASES`: each symptom's titles and keyword phrases as sorted search terms;
/// - `PAIRED_CAPS`: the codes that arrive only with capped codes (see [`paired_caps`]);
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
                "(qiwi_errors_shared::Family::{:?}, {})",
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
        .map(|s| s.bake(&env).to_string())
        .collect();
    let notes = dataset
        .notes
        .iter()
        .map(|(f, t)| format!("(qiwi_errors_shared::Family::{f:?}, {})", t.bake(&env)))
        .collect();
    writeln!(
        out,
        "pub(crate) static ENTRIES: [(qiwi_errors_shared::Family, qiwi_errors_shared::EntryData); {n}] = [\n    {}\n];",
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
        "pub(crate) static SYMPTOMS: [qiwi_errors_shared::SymptomData; {}] = [\n    {}\n];",
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
        codes.entry(Key::new(r.family, r.entry.code), i.to_string());
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
        any_family.entry(Code::parse(code), format!("&[{}]", positions.join(", ")));
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

    let index = crate::index::build(dataset);
    let (blob, blocks) = qiwi_errors_shared::index::encode(&index);
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
    let caps: Vec<String> = paired_caps(dataset)
        .iter()
        .map(|(code, capped)| format!("({code}, {capped})"))
        .collect();
    writeln!(
        out,
        "pub(crate) static PAIRED_CAPS: [(u16, u16); {}] = [{}];",
        caps.len(),
        caps.join(", ")
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

/// The codes that the newest edition pairs only with capped codes, each with the strictest of
/// them, as `(position, position of the capped code)`.
///
/// A reasonCode such as `ACQUIRING_ISSUER_NOT_AVAILABLE` arrives, in the 2024 edition, only
/// together with psErrorCode `91`, which allows one reattempt a day; a notification or a log
/// line often carries the reason alone, and the cap must hold there too. The pairings are
/// recorded on the capped side, with their edition's date: the newest date among all pairings
/// is the edition read.
///
/// # Examples
///
/// ```
/// let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
/// let dataset = qiwi_errors_build::load_dir(&data).unwrap();
/// let caps = qiwi_errors_build::paired_caps(&dataset);
/// let key = |i: u16| {
///     let r = &dataset.records[usize::from(i)];
///     format!("{}:{}", r.family.as_str(), r.entry.code)
/// };
/// assert!(caps.iter().any(|&(c, p)| key(c) == "payment-reason:ACQUIRING_ISSUER_NOT_AVAILABLE"
///     && key(p) == "ps-error:91"));
/// ```
pub fn paired_caps(dataset: &Dataset) -> Vec<(u16, u16)> {
    use qiwi_errors_shared::Retry;
    let newest = dataset
        .records
        .iter()
        .flat_map(|r| r.details.pairings.iter().map(|p| p.date))
        .max();
    let Some(newest) = newest else {
        return Vec::new();
    };
    let position = |key: &str| {
        dataset
            .records
            .iter()
            .position(|r| format!("{}:{}", r.family.as_str(), r.entry.code) == key)
    };
    // code position -> the positions of the codes the newest edition pairs it with
    let mut partners: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, r) in dataset.records.iter().enumerate() {
        for p in r.details.pairings.iter().filter(|p| p.date == newest) {
            if let Some(other) = position(p.with) {
                partners.entry(other).or_default().push(i);
            }
        }
    }
    let cap = |i: usize| match dataset.records[i].entry.retry {
        Retry::Limited {
            max,
            window_seconds,
        } => Some((max, std::cmp::Reverse(window_seconds))),
        _ => None,
    };
    partners
        .into_iter()
        .filter(|(code, _)| cap(*code).is_none())
        .filter_map(|(code, with)| {
            let caps: Option<Vec<_>> = with.iter().map(|&i| cap(i).map(|c| (c, i))).collect();
            let strictest = caps?.into_iter().min()?.1;
            Some((u16::try_from(code).ok()?, u16::try_from(strictest).ok()?))
        })
        .collect()
}
