//! Reading, validating and compiling `data/`.
//!
//! This module is not part of the library's API. `build.rs` includes it with `#[path]` to turn
//! the JSON tables into generated Rust (phf maps and static slices), and the tests include it the
//! same way to check the validator on broken fixtures. It relies on `crate::kinds` (the shared
//! vocabularies), `crate::tokens` (search terms), `phf_codegen`, and `serde_json` with the
//! `raw_value` feature.
//!
//! Every problem in the data is collected, not only the first, and reported as
//! `data/FILE.json:LINE: FIELD: reason`, so one build shows everything to fix.

#![allow(dead_code)]

use crate::kinds::{Actor, Family, Provenance, Retry, Severity};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

/// One problem found in a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The file, as given to the loader (for example `data/ps-error.json`).
    pub file: String,
    /// 1-based line of the offending field, or of its record when the field is missing.
    pub line: usize,
    /// The field at fault (`entries[3].retry`), or `-` for the file as a whole.
    pub field: String,
    /// What is wrong, and where possible how to fix it.
    pub reason: String,
}

impl DataError {
    /// A problem with a file as a whole (unreadable, not JSON, unwritable).
    fn whole_file(file: impl fmt::Display, line: usize, reason: String) -> Self {
        DataError {
            file: file.to_string(),
            line,
            field: "-".into(),
            reason,
        }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.field, self.reason
        )
    }
}

/// A text in both languages of the knowledge base.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub ru: String,
    pub en: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub file: String,
    pub section: String,
    #[serde(default)]
    pub lines: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Context {
    pub when: Text,
    pub meaning: Text,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Superseded {
    pub meaning: Text,
    pub note: Text,
    pub sources: Vec<Source>,
}

/// One validated record of a family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub family: Family,
    pub code: String,
    pub range: Option<(i64, Option<i64>)>,
    pub title: Text,
    pub customer: Text,
    pub developer: Text,
    pub steps: Vec<Text>,
    pub severity: Severity,
    pub retry: Retry,
    pub actors: Vec<Actor>,
    pub is_final: Option<bool>,
    pub related: Vec<(Family, String)>,
    pub sensitive: bool,
    pub provenance: Provenance,
    pub contexts: Vec<Context>,
    pub superseded: Vec<Superseded>,
    pub sources: Vec<Source>,
    /// Where the record starts, and its `related` field, for messages about them.
    pub file: String,
    pub line: usize,
    pub related_line: usize,
}

/// A problem people search for without a code.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Symptom {
    pub id: String,
    pub title: Text,
    pub summary: Text,
    pub keywords: Keywords,
    pub causes: Vec<Text>,
    pub steps: Vec<Text>,
    pub contact_support: Text,
    #[serde(default)]
    pub related: Vec<String>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Keywords {
    pub ru: Vec<String>,
    pub en: Vec<String>,
}

/// Everything in `data/`, validated.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Records in family order, then in file order.
    pub records: Vec<Record>,
    /// Family notes, by family.
    pub notes: BTreeMap<Family, Text>,
    pub symptoms: Vec<Symptom>,
    /// Every file read, so that build.rs can ask cargo to watch them.
    pub files: Vec<PathBuf>,
}

/// Which texts a build carries. The WebAssembly widget leaves the technical ones out to stay
/// small.
///
/// Chosen at build time with the `QIWI_ERRORS_TEXTS` environment variable rather than a cargo
/// feature, because a feature that removes data would reach every other crate in the build
/// (features are unified); chrono-tz filters its zones the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    /// Everything in `data/` (the default).
    All,
    /// What a customer-facing page shows: every code with its title, customer text, verdicts
    /// (severity, retry, who acts, finality), related codes and sources, and the symptoms whole;
    /// without the developer explanations and steps, the per-context and superseded meanings
    /// and the family notes.
    Customer,
}

impl Texts {
    /// Reads the value of `QIWI_ERRORS_TEXTS`: unset or `all`, or `customer`.
    pub fn from_setting(value: Option<&str>) -> Result<Texts, String> {
        match value.map(str::trim) {
            None | Some("" | "all") => Ok(Texts::All),
            Some("customer") => Ok(Texts::Customer),
            Some(other) => Err(format!(
                "QIWI_ERRORS_TEXTS is `{other}`; it must be `all` or `customer`"
            )),
        }
    }
}

/// Empties the texts that `texts` leaves out. Each stays in place as an empty string, so the
/// layout and the library's types do not change.
pub fn strip(dataset: &mut Dataset, texts: Texts) {
    if texts == Texts::All {
        return;
    }
    for r in &mut dataset.records {
        r.developer = Text::default();
        r.steps.clear();
        r.contexts.clear();
        r.superseded.clear();
    }
    dataset.notes.clear();
}

/// The name of the file of code-less problems in `data/`.
pub const SYMPTOMS_FILE: &str = "symptoms.json";

/// Loads and validates every family file and the symptoms file from `dir`.
///
/// A family whose file is missing is an error: the list of families is closed.
pub fn load_dir(dir: &Path) -> Result<Dataset, Vec<DataError>> {
    let mut files = Vec::new();
    for family in Family::ALL {
        let path = dir.join(format!("{}.json", family.as_str()));
        files.push((Some(*family), path));
    }
    files.push((None, dir.join(SYMPTOMS_FILE)));

    let mut sources = Vec::new();
    let mut errors = Vec::new();
    // A table nobody reads is a mistake: every JSON file must belong to a family.
    if let Ok(listing) = std::fs::read_dir(dir) {
        let mut stray: Vec<PathBuf> = listing
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .filter(|p| !files.iter().any(|(_, known)| known == p))
            .collect();
        stray.sort();
        for path in stray {
            errors.push(DataError {
                file: path.display().to_string(),
                line: 1,
                field: "family".into(),
                reason:
                    "no family of this name; add it to `Family` in src/kinds.rs or rename the file"
                        .into(),
            });
        }
    }
    for (family, path) in &files {
        match std::fs::read_to_string(path) {
            Ok(text) => sources.push((*family, path.display().to_string(), text)),
            Err(e) => errors.push(DataError::whole_file(
                path.display(),
                0,
                format!("cannot read the file: {e}"),
            )),
        }
    }
    let inputs: Vec<(Option<Family>, &str, &str)> = sources
        .iter()
        .map(|(f, name, text)| (*f, name.as_str(), text.as_str()))
        .collect();
    let mut dataset = match load(&inputs) {
        Ok(d) if errors.is_empty() => d,
        Ok(_) => return Err(errors),
        Err(mut more) => {
            errors.append(&mut more);
            return Err(errors);
        }
    };
    dataset.files = files.into_iter().map(|(_, p)| p).collect();
    Ok(dataset)
}

/// Where `text` (JSON) escapes a NUL: a `\u0000` whose backslash is not itself escaped.
fn nul_escape(text: &str) -> Option<usize> {
    text.match_indices("u0000").map(|(at, _)| at).find(|&at| {
        let backslashes = text[..at].bytes().rev().take_while(|&b| b == b'\\').count();
        backslashes % 2 == 1
    })
}

/// Validates already-read files: `(family or None for symptoms, file name, text)`.
///
/// Tests call this with fixtures; `load_dir` calls it with the real files.
pub fn load(inputs: &[(Option<Family>, &str, &str)]) -> Result<Dataset, Vec<DataError>> {
    let mut errors = Vec::new();
    let mut dataset = Dataset::default();
    for (family, file, text) in inputs {
        // The packed form ends each string with NUL; JSON can only spell one as an escape.
        if let Some(at) = nul_escape(text) {
            errors.push(DataError::whole_file(
                file,
                line_at(text, at),
                "strings must not contain NUL (\\u0000)".into(),
            ));
            continue;
        }
        match family {
            Some(family) => parse_family(*family, file, text, &mut dataset, &mut errors),
            None => parse_symptoms(file, text, &mut dataset, &mut errors),
        }
    }
    check_links(&dataset, &mut errors);
    if errors.is_empty() {
        Ok(dataset)
    } else {
        Err(errors)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile<'a> {
    family: String,
    #[serde(default)]
    note: Option<Text>,
    #[serde(borrow)]
    entries: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSymptoms<'a> {
    #[serde(borrow)]
    symptoms: Vec<&'a RawValue>,
}

const FIELDS: &[&str] = &[
    "code",
    "range",
    "title",
    "customer",
    "developer",
    "steps",
    "severity",
    "retry",
    "actors",
    "final",
    "related",
    "sensitive",
    "provenance",
    "contexts",
    "superseded",
    "sources",
];
const REQUIRED: &[&str] = &[
    "code",
    "title",
    "customer",
    "developer",
    "steps",
    "severity",
    "retry",
    "actors",
    "final",
    "sources",
];

fn parse_family(
    family: Family,
    file: &str,
    text: &str,
    dataset: &mut Dataset,
    errors: &mut Vec<DataError>,
) {
    let raw: RawFile = match serde_json::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            errors.push(DataError::whole_file(
                file,
                e.line(),
                format!("not a valid family file: {e}"),
            ));
            return;
        }
    };
    if raw.family != family.as_str() {
        errors.push(DataError {
            file: file.into(),
            line: key_line(text, "family"),
            field: "family".into(),
            reason: format!(
                "the file holds family `{}` but is named for `{}`; rename one of them",
                raw.family,
                family.as_str()
            ),
        });
    }
    if let Some(note) = raw.note {
        dataset.notes.insert(family, note);
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, entry) in raw.entries.iter().enumerate() {
        let mut rec = RecordParser::new(file, text, entry.get(), index, errors);
        let Some(record) = rec.parse(family) else {
            continue;
        };
        match seen.get(&record.code) {
            Some(first) => rec.error(
                "code",
                format!(
                    "duplicate code `{}` in family `{}` (first defined on line {first}); \
                     keep one record and move other meanings into `superseded`",
                    record.code,
                    family.as_str()
                ),
            ),
            None => {
                seen.insert(record.code.clone(), record.line);
                dataset.records.push(record);
            }
        }
    }
}

fn parse_symptoms(file: &str, text: &str, dataset: &mut Dataset, errors: &mut Vec<DataError>) {
    let raw: RawSymptoms = match serde_json::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            errors.push(DataError::whole_file(
                file,
                e.line(),
                format!("not a valid symptoms file: {e}"),
            ));
            return;
        }
    };
    let mut seen = HashMap::new();
    for (index, item) in raw.symptoms.iter().enumerate() {
        let start = line_at(text, offset_in(text, item.get()));
        let here = format!("symptoms[{index}]");
        match serde_json::from_str::<Symptom>(item.get()) {
            Ok(s) => {
                let empty = [&s.title, &s.summary, &s.contact_support]
                    .into_iter()
                    .chain(&s.causes)
                    .chain(&s.steps)
                    .any(|t| t.ru.trim().is_empty() || t.en.trim().is_empty());
                let problem = if empty {
                    Some("every text needs both `ru` and `en`")
                } else if s.keywords.ru.is_empty() || s.keywords.en.is_empty() {
                    Some("`keywords` needs phrases in both languages")
                } else if s.sources.is_empty() {
                    Some("`sources` must name where the facts came from")
                } else if s.steps.is_empty() {
                    Some("`steps` must not be empty")
                } else if seen.insert(s.id.clone(), start).is_some() {
                    Some("duplicate `id`")
                } else {
                    None
                };
                match problem {
                    Some(reason) => errors.push(DataError {
                        file: file.into(),
                        line: start,
                        field: format!("{here} ({})", s.id),
                        reason: reason.into(),
                    }),
                    None => dataset.symptoms.push(s),
                }
            }
            Err(e) => errors.push(DataError {
                file: file.into(),
                line: start + e.line().saturating_sub(1),
                field: here,
                reason: e.to_string(),
            }),
        }
    }
}

/// Parses one record field by field, so that each problem names its field and line.
struct RecordParser<'a> {
    file: &'a str,
    text: &'a str,
    raw: &'a str,
    index: usize,
    start: usize,
    keys: Vec<(String, usize)>,
    fields: Map<String, Value>,
    errors: &'a mut Vec<DataError>,
    ok: bool,
}

impl<'a> RecordParser<'a> {
    fn new(
        file: &'a str,
        text: &'a str,
        raw: &'a str,
        index: usize,
        errors: &'a mut Vec<DataError>,
    ) -> Self {
        let offset = offset_in(text, raw);
        RecordParser {
            file,
            text,
            raw,
            index,
            start: line_at(text, offset),
            keys: top_level_keys(raw),
            fields: Map::new(),
            errors,
            ok: true,
        }
    }

    /// The line of a top-level field, or of the record when the field is absent.
    fn line_of(&self, field: &str) -> usize {
        self.keys
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, at)| line_at(self.text, offset_in(self.text, self.raw) + at))
            .unwrap_or(self.start)
    }

    fn error(&mut self, field: &str, reason: String) {
        let line = self.line_of(field);
        let code = self
            .fields
            .get("code")
            .and_then(Value::as_str)
            .unwrap_or("?");
        self.errors.push(DataError {
            file: self.file.into(),
            line,
            field: format!("entries[{}] (code {code}).{field}", self.index),
            reason,
        });
        self.ok = false;
    }

    fn get<T: DeserializeOwned>(&mut self, field: &str) -> Option<T> {
        let value = self.fields.get(field)?.clone();
        match serde_json::from_value(value) {
            Ok(v) => Some(v),
            Err(e) => {
                self.error(field, e.to_string());
                None
            }
        }
    }

    fn text(&mut self, field: &str, must_be_russian: bool) -> Text {
        let text: Text = self.get(field).unwrap_or_default();
        if self.fields.contains_key(field) {
            self.check_text(field, &text, must_be_russian);
        }
        text
    }

    fn check_text(&mut self, field: &str, text: &Text, must_be_russian: bool) {
        if text.ru.trim().is_empty() || text.en.trim().is_empty() {
            self.error(field, "both `ru` and `en` must be non-empty".into());
        } else if must_be_russian && !text.ru.chars().any(is_cyrillic) {
            self.error(
                field,
                "the `ru` text has no Russian letters; are `ru` and `en` swapped?".into(),
            );
        }
    }

    fn parse(&mut self, family: Family) -> Option<Record> {
        match serde_json::from_str::<Map<String, Value>>(self.raw) {
            Ok(fields) => self.fields = fields,
            Err(e) => {
                self.error("-", format!("an entry must be a JSON object: {e}"));
                return None;
            }
        }
        let unknown: Vec<String> = self
            .fields
            .keys()
            .filter(|k| !FIELDS.contains(&k.as_str()))
            .cloned()
            .collect();
        for key in unknown {
            self.error(
                &key,
                format!("unknown field; the fields are: {}", FIELDS.join(", ")),
            );
        }
        for key in REQUIRED {
            if !self.fields.contains_key(*key) {
                self.error(key, "missing required field".into());
            }
        }

        let code: String = self.get("code").unwrap_or_default();
        if self.fields.contains_key("code") && (code.trim().is_empty() || code.trim() != code) {
            self.error(
                "code",
                "must be non-empty, without surrounding spaces".into(),
            );
        }
        let range = self.get::<(i64, Option<i64>)>("range");
        if let Some((lo, Some(hi))) = range {
            if lo > hi {
                self.error("range", format!("the range is empty: {lo} > {hi}"));
            }
        }
        let title = self.text("title", false);
        let customer = self.text("customer", true);
        let developer = self.text("developer", true);
        let steps: Vec<Text> = self.get("steps").unwrap_or_default();
        for step in &steps {
            self.check_text("steps", step, true);
        }
        let severity = self.get("severity");
        let retry = self.get::<Retry>("retry");
        match retry {
            Some(Retry::After { seconds: 0 }) => self.error(
                "retry",
                "`after` needs `seconds` > 0; use `now` for no delay".into(),
            ),
            Some(Retry::Limited {
                max,
                window_seconds,
            }) if max == 0 || window_seconds == 0 => self.error(
                "retry",
                "`limited` needs `max` and `window_seconds` > 0; use `never` for no repeats".into(),
            ),
            _ => {}
        }
        let actors: Vec<Actor> = self.get("actors").unwrap_or_default();
        let is_final = if self.fields.contains_key("final") {
            self.get::<Option<bool>>("final").unwrap_or(None)
        } else {
            None
        };
        let related_keys: Vec<String> = self.get("related").unwrap_or_default();
        let mut related = Vec::new();
        for key in related_keys {
            match parse_key(&key) {
                Some(k) => related.push(k),
                None => self.error(
                    "related",
                    format!("`{key}` is not a `family:code` key of a known family"),
                ),
            }
        }
        let sensitive = self.get("sensitive").unwrap_or(false);
        let provenance = self.get("provenance").unwrap_or_default();
        let contexts: Vec<Context> = self.get("contexts").unwrap_or_default();
        for c in &contexts {
            self.check_text("contexts", &c.when, false);
            self.check_text("contexts", &c.meaning, true);
        }
        let superseded: Vec<Superseded> = self.get("superseded").unwrap_or_default();
        for s in &superseded {
            self.check_text("superseded", &s.meaning, true);
            if s.sources.is_empty() {
                self.error(
                    "superseded",
                    "each older meaning must name its `sources`".into(),
                );
            }
        }
        let sources: Vec<Source> = self.get("sources").unwrap_or_default();
        if self.fields.contains_key("sources") && sources.is_empty() {
            self.error(
                "sources",
                "must name at least one source of the record's facts".into(),
            );
        }
        for s in &sources {
            if s.file.trim().is_empty() || s.section.trim().is_empty() {
                self.error(
                    "sources",
                    "each source needs a `file` and a `section`".into(),
                );
            }
        }

        if !self.ok {
            return None;
        }
        Some(Record {
            family,
            code,
            range,
            title,
            customer,
            developer,
            steps,
            severity: severity?,
            retry: retry?,
            actors,
            is_final,
            related,
            sensitive,
            provenance,
            contexts,
            superseded,
            sources,
            file: self.file.into(),
            line: self.start,
            related_line: self.line_of("related"),
        })
    }
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// Splits `family:code` at the first colon (codes may hold dots but never colons).
pub fn parse_key(key: &str) -> Option<(Family, String)> {
    let (family, code) = key.split_once(':')?;
    let family = Family::from_name(family)?;
    (!code.is_empty()).then(|| (family, code.to_string()))
}

fn check_links(dataset: &Dataset, errors: &mut Vec<DataError>) {
    let known: std::collections::HashSet<(Family, &str)> = dataset
        .records
        .iter()
        .map(|r| (r.family, r.code.as_str()))
        .collect();
    for r in &dataset.records {
        for (family, code) in &r.related {
            let reason = if (*family, code.as_str()) == (r.family, r.code.as_str()) {
                "a record cannot be related to itself"
            } else if !known.contains(&(*family, code.as_str())) {
                "no such record: add it or remove the link"
            } else {
                continue;
            };
            errors.push(DataError {
                file: r.file.clone(),
                line: r.related_line,
                field: format!("code {}: related", r.code),
                reason: format!("`{}:{code}`: {reason}", family.as_str()),
            });
        }
    }
    for s in &dataset.symptoms {
        for key in &s.related {
            let ok = parse_key(key).is_some_and(|(f, c)| known.contains(&(f, c.as_str())));
            if !ok {
                errors.push(DataError {
                    file: SYMPTOMS_FILE.into(),
                    line: 0,
                    field: format!("symptom {}: related", s.id),
                    reason: format!("`{key}`: no such record"),
                });
            }
        }
    }
}

/// Byte offset of `part` (a slice of `whole`) inside `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(whole.as_ptr() as usize)
        .min(whole.len())
}

fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The line of a top-level key of a whole file (1 when the key is absent).
fn key_line(text: &str, key: &str) -> usize {
    top_level_keys(text)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, at)| line_at(text, at))
        .unwrap_or(1)
}

/// The keys of a JSON object's top level with their byte offsets, found by a scan that skips
/// strings and nested values (serde_json keeps no positions).
fn top_level_keys(raw: &str) -> Vec<(String, usize)> {
    let bytes = raw.as_bytes();
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if depth == 1 {
                    let rest = raw[(i + 1).min(raw.len())..].trim_start();
                    if rest.starts_with(':') {
                        keys.push((raw[start + 1..i.min(raw.len())].to_string(), start));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

/// What the build writes: Rust source, and for the compact representation a compressed blob
/// that the source includes.
pub struct Generated {
    pub code: String,
    pub blob: Option<Vec<u8>>,
}

/// Writes the generated Rust for `dataset`: the lookup tables (one phf map per family, the code
/// index, the ranges), and either the data itself as statics (`ENTRIES`, `SYMPTOMS`, `NOTES`
/// and the search index `TERMS`) or, `compact`, a compressed blob that `src/compact.rs`
/// unpacks at first use. The output holds data only; the types live in the library.
pub fn generate(dataset: &Dataset, compact: bool) -> Generated {
    let mut code = String::new();
    write_tables(dataset, &mut code);
    if compact {
        writeln!(code, "pub(crate) static BLOB: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/data.bz2\"));").unwrap();
        return Generated {
            code,
            blob: Some(pack(dataset)),
        };
    }
    write_statics(dataset, &mut code);
    write_index(dataset, &mut code);
    Generated { code, blob: None }
}

fn write_tables(dataset: &Dataset, out: &mut String) {
    let mut by_family: BTreeMap<Family, phf_codegen::Map<String>> = BTreeMap::new();
    for family in Family::ALL {
        by_family.insert(*family, phf_codegen::Map::new());
    }
    for (index, r) in dataset.records.iter().enumerate() {
        by_family
            .get_mut(&r.family)
            .unwrap()
            .entry(r.code.clone(), &index.to_string());
    }
    for (family, map) in &by_family {
        writeln!(
            out,
            "static {}: phf::Map<&'static str, u16> = {};",
            map_name(*family),
            map.build()
        )
        .unwrap();
    }
    writeln!(
        out,
        "\npub(crate) fn family_map(family: Family) -> &'static phf::Map<&'static str, u16> {{\n    match family {{"
    )
    .unwrap();
    for family in Family::ALL {
        writeln!(out, "        Family::{family:?} => &{},", map_name(*family)).unwrap();
    }
    writeln!(out, "    }}\n}}\n").unwrap();

    // Every family's entries by their code, for queries that do not name a family: one probe
    // instead of one per family.
    let mut by_code: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, r) in dataset.records.iter().enumerate() {
        by_code.entry(r.code.as_str()).or_default().push(index);
    }
    let mut codes = phf_codegen::Map::new();
    for (code, indexes) in &by_code {
        let list: Vec<String> = indexes.iter().map(|i| i.to_string()).collect();
        codes.entry(*code, &format!("&[{}]", list.join(", ")));
    }
    writeln!(
        out,
        "pub(crate) static BY_CODE: phf::Map<&'static str, &'static [u16]> = {};\n",
        codes.build()
    )
    .unwrap();

    let ranges: Vec<String> = dataset
        .records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r.range
                .map(|(lo, hi)| format!("(Family::{:?}, {lo}, {hi:?}, {i})", r.family))
        })
        .collect();
    writeln!(
        out,
        "pub(crate) static RANGES: [(Family, i64, Option<i64>, u16); {}] = [{}];\n",
        ranges.len(),
        ranges.join(", ")
    )
    .unwrap();

    writeln!(
        out,
        "pub(crate) const FIRST_SYMPTOM: usize = {};",
        dataset.records.len()
    )
    .unwrap();
    writeln!(
        out,
        "pub(crate) const DOCUMENTS: usize = {};",
        dataset.records.len() + dataset.symptoms.len()
    )
    .unwrap();
}

fn write_statics(dataset: &Dataset, out: &mut String) {
    let lit = |s: &str| format!("{s:?}");
    let text = |t: &Text| format!("Text {{ ru: {}, en: {} }}", lit(&t.ru), lit(&t.en));
    let texts = |ts: &[Text]| ts.iter().map(text).collect::<Vec<_>>().join(", ");
    let sources = |ss: &[Source]| {
        ss.iter()
            .map(|s| {
                format!(
                    "Source {{ file: {}, section: {}, lines: {:?} }}",
                    lit(&s.file),
                    lit(&s.section),
                    s.lines
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };

    writeln!(
        out,
        "pub(crate) static ENTRIES: [Entry; {}] = [",
        dataset.records.len()
    )
    .unwrap();
    for r in &dataset.records {
        let related: Vec<String> = r
            .related
            .iter()
            .map(|(f, c)| lit(&format!("{}:{c}", f.as_str())))
            .collect();
        let contexts: Vec<String> = r
            .contexts
            .iter()
            .map(|c| {
                format!(
                    "Context {{ when: {}, meaning: {} }}",
                    text(&c.when),
                    text(&c.meaning)
                )
            })
            .collect();
        let superseded: Vec<String> = r
            .superseded
            .iter()
            .map(|s| {
                format!(
                    "Superseded {{ meaning: {}, note: {}, sources: &[{}] }}",
                    text(&s.meaning),
                    text(&s.note),
                    sources(&s.sources)
                )
            })
            .collect();
        let actors: Vec<String> = r.actors.iter().map(|a| format!("Actor::{a:?}")).collect();
        writeln!(
            out,
            "    Entry {{ family: Family::{:?}, code: {}, range: {:?}, title: {}, customer: {}, \
             developer: {}, steps: &[{}], severity: Severity::{:?}, retry: Retry::{:?}, \
             actors: &[{}], is_final: {:?}, related: &[{}], sensitive: {}, \
             provenance: Provenance::{:?}, contexts: &[{}], superseded: &[{}], sources: &[{}] }},",
            r.family,
            lit(&r.code),
            r.range,
            text(&r.title),
            text(&r.customer),
            text(&r.developer),
            texts(&r.steps),
            r.severity,
            r.retry,
            actors.join(", "),
            r.is_final,
            related.join(", "),
            r.sensitive,
            r.provenance,
            contexts.join(", "),
            superseded.join(", "),
            sources(&r.sources),
        )
        .unwrap();
    }
    writeln!(out, "];\n").unwrap();

    writeln!(
        out,
        "pub(crate) static NOTES: [(Family, Text); {}] = [",
        dataset.notes.len()
    )
    .unwrap();
    for (family, note) in &dataset.notes {
        writeln!(out, "    (Family::{family:?}, {}),", text(note)).unwrap();
    }
    writeln!(out, "];\n").unwrap();

    writeln!(
        out,
        "pub(crate) static SYMPTOMS: [Symptom; {}] = [",
        dataset.symptoms.len()
    )
    .unwrap();
    for s in &dataset.symptoms {
        let kw = |v: &[String]| v.iter().map(|k| lit(k)).collect::<Vec<_>>().join(", ");
        let related: Vec<String> = s.related.iter().map(|k| lit(k)).collect();
        writeln!(
            out,
            "    Symptom {{ id: {}, title: {}, summary: {}, keywords_ru: &[{}], keywords_en: &[{}], \
             causes: &[{}], steps: &[{}], contact_support: {}, related: &[{}], sources: &[{}] }},",
            lit(&s.id),
            text(&s.title),
            text(&s.summary),
            kw(&s.keywords.ru),
            kw(&s.keywords.en),
            texts(&s.causes),
            texts(&s.steps),
            text(&s.contact_support),
            related.join(", "),
            sources(&s.sources),
        )
        .unwrap();
    }
    writeln!(out, "];\n").unwrap();
}

/// The search index: stemmed term -> (document, weight). Documents are the entries, then the
/// symptoms. Built here so that no search ever builds it at run time.
fn write_index(dataset: &Dataset, out: &mut String) {
    let mut map = phf_codegen::Map::new();
    for (term, postings) in index(dataset) {
        let list: Vec<String> = postings
            .iter()
            .map(|(doc, w)| format!("({doc}, {w})"))
            .collect();
        map.entry(term, &format!("&[{}]", list.join(", ")));
    }
    writeln!(
        out,
        "pub(crate) static TERMS: phf::Map<&'static str, &'static [(u16, u8)]> = {};",
        map.build()
    )
    .unwrap();
}

/// The words of every document with the weight of their field (`Indexer::add_entry` and
/// `add_symptom` hold the weights; `search::index` walks the built entries the same way).
pub fn index(dataset: &Dataset) -> Vec<(String, Vec<(u16, u8)>)> {
    let mut index = crate::tokens::Indexer::new();
    let both = |t: &Text| [t.ru.clone(), t.en.clone()];
    for (doc, r) in dataset.records.iter().enumerate() {
        let body: Vec<String> = std::iter::once(&r.developer)
            .chain(&r.steps)
            .chain(r.contexts.iter().flat_map(|c| [&c.when, &c.meaning]))
            .flat_map(both)
            .collect();
        index.add_entry(
            doc,
            [&r.title.ru, &r.title.en],
            [&r.customer.ru, &r.customer.en],
            body.iter().map(String::as_str),
        );
    }
    for (i, s) in dataset.symptoms.iter().enumerate() {
        let body: Vec<String> = s.causes.iter().chain(&s.steps).flat_map(both).collect();
        index.add_symptom(
            dataset.records.len() + i,
            [&s.title.ru, &s.title.en],
            s.keywords
                .ru
                .iter()
                .chain(&s.keywords.en)
                .map(String::as_str),
            [&s.summary.ru, &s.summary.en],
            body.iter().map(String::as_str),
        );
    }
    index.finish()
}

/// The `compact` representation: every record, symptom and note in the layout of
/// `src/packed.rs`, compressed with bzip2. `src/compact.rs` reads the fields in this order.
pub fn pack(dataset: &Dataset) -> Vec<u8> {
    use crate::packed::{position, retry_parts, Writer, ACTORS, PROVENANCES, SEVERITIES};
    let mut w = Writer::new();
    let text = |w: &mut Writer, t: &Text| {
        w.s(&t.ru);
        w.s(&t.en);
    };
    let texts = |w: &mut Writer, ts: &[Text]| {
        w.u(ts.len() as u64);
        for t in ts {
            text(w, t);
        }
    };
    let sources = |w: &mut Writer, ss: &[Source]| {
        w.u(ss.len() as u64);
        for s in ss {
            w.s(&s.file);
            w.s(&s.section);
            w.opt_s(s.lines.as_deref());
        }
    };
    w.u(dataset.records.len() as u64);
    for r in &dataset.records {
        w.u(position(Family::ALL, &r.family));
        w.s(&r.code);
        match r.range {
            None => w.u(0),
            Some((lo, None)) => {
                w.u(1);
                w.i(lo);
            }
            Some((lo, Some(hi))) => {
                w.u(2);
                w.i(lo);
                w.i(hi);
            }
        }
        text(&mut w, &r.title);
        text(&mut w, &r.customer);
        text(&mut w, &r.developer);
        texts(&mut w, &r.steps);
        w.u(position(&SEVERITIES, &r.severity));
        for part in retry_parts(r.retry) {
            w.u(part);
        }
        w.u(r.actors.len() as u64);
        for a in &r.actors {
            w.u(position(&ACTORS, a));
        }
        w.u(match r.is_final {
            None => 0,
            Some(false) => 1,
            Some(true) => 2,
        });
        w.u(r.related.len() as u64);
        for (family, code) in &r.related {
            w.s(&format!("{}:{code}", family.as_str()));
        }
        w.u(u64::from(r.sensitive));
        w.u(position(&PROVENANCES, &r.provenance));
        w.u(r.contexts.len() as u64);
        for c in &r.contexts {
            text(&mut w, &c.when);
            text(&mut w, &c.meaning);
        }
        w.u(r.superseded.len() as u64);
        for old in &r.superseded {
            text(&mut w, &old.meaning);
            text(&mut w, &old.note);
            sources(&mut w, &old.sources);
        }
        sources(&mut w, &r.sources);
    }
    w.u(dataset.symptoms.len() as u64);
    for s in &dataset.symptoms {
        w.s(&s.id);
        text(&mut w, &s.title);
        text(&mut w, &s.summary);
        for keywords in [&s.keywords.ru, &s.keywords.en] {
            w.u(keywords.len() as u64);
            for k in keywords {
                w.s(k);
            }
        }
        texts(&mut w, &s.causes);
        texts(&mut w, &s.steps);
        text(&mut w, &s.contact_support);
        w.u(s.related.len() as u64);
        for k in &s.related {
            w.s(k);
        }
        sources(&mut w, &s.sources);
    }
    w.u(dataset.notes.len() as u64);
    for (family, note) in &dataset.notes {
        w.u(position(Family::ALL, family));
        text(&mut w, note);
    }
    compress(&w.finish())
}

/// bzip2 at its strongest level. On these texts its block sorting packs a fifth tighter than
/// LZMA at its strongest preset (91 KB against 118 KB), and the decoder is as small. The blob
/// starts with the unpacked length (`u32`, little-endian) so the reader allocates once.
fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut packer = bzip2::Compress::new(bzip2::Compression::best(), 0);
    let mut blob = Vec::with_capacity(bytes.len() / 4 + 1024);
    loop {
        let rest = &bytes[packer.total_in() as usize..];
        match packer.compress_vec(rest, &mut blob, bzip2::Action::Finish) {
            Ok(bzip2::Status::StreamEnd) => break,
            Ok(_) => blob.reserve(blob.capacity().max(1024)),
            Err(e) => panic!("bzip2 failed on an in-memory buffer: {e}"),
        }
    }
    let mut out = (bytes.len() as u32).to_le_bytes().to_vec();
    out.extend(blob);
    out
}

fn map_name(family: Family) -> String {
    family.as_str().replace('-', "_").to_uppercase()
}

/// Reads `data_dir`, validates it and writes `codes.rs` (and for `compact`, `data.bz2`) into
/// `out_dir`.
///
/// Returns the dataset so that the caller can list the files it depends on.
pub fn compile(
    data_dir: &Path,
    out_dir: &Path,
    compact: bool,
    texts: Texts,
) -> Result<Dataset, Vec<DataError>> {
    let mut dataset = load_dir(data_dir)?;
    strip(&mut dataset, texts);
    let generated = generate(&dataset, compact);
    if let Some(blob) = &generated.blob {
        std::fs::write(out_dir.join("data.bz2"), blob).map_err(|e| {
            vec![DataError::whole_file(
                out_dir.join("data.bz2").display(),
                0,
                format!("cannot write the packed data: {e}"),
            )]
        })?;
    }
    std::fs::write(out_dir.join("codes.rs"), generated.code).map_err(|e| {
        vec![DataError::whole_file(
            out_dir.join("codes.rs").display(),
            0,
            format!("cannot write the generated code: {e}"),
        )]
    })?;
    Ok(dataset)
}
