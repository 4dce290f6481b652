//! Reading the data files into records.

use crate::dataset::{Dataset, Record, SYMPTOMS_FILE};
use crate::error::{key_line, line_at, nul_escape, offset_in, top_level_keys, DataError};
use crate::{check, fields};
use qiwi_errors_shared::{Details, EntryData, Family, SymptomData, Text};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Loads and validates every family file and the symptoms file from `dir`.
///
/// A family whose file is missing is an error: the list of families is closed.
///
/// # Errors
///
/// Every problem found, each with its file, line and field.
///
/// # Examples
///
/// ```
/// let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
/// let dataset = qiwi_errors_build::load_dir(&data).unwrap();
/// assert!(dataset.symptoms.len() >= 10);
/// ```
pub fn load_dir(dir: &Path) -> Result<Dataset, Vec<DataError>> {
    let mut files: Vec<(Option<Family>, PathBuf)> = Family::ALL
        .iter()
        .map(|f| (Some(*f), dir.join(format!("{}.json", f.as_str()))))
        .collect();
    files.push((None, dir.join(SYMPTOMS_FILE)));

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
                reason: "no family of this name; add it to `Family` in \
                         crates/qiwi-errors-shared/src/kinds.rs or rename the file"
                    .into(),
            });
        }
    }
    let mut texts = Vec::new();
    for (family, path) in &files {
        match std::fs::read_to_string(path) {
            Ok(text) => texts.push((*family, path.display().to_string(), text)),
            Err(e) => errors.push(DataError::whole_file(
                path.display(),
                0,
                format!("cannot read the file: {e}"),
            )),
        }
    }
    let inputs: Vec<(Option<Family>, &str, &str)> = texts
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

/// Validates already-read files: `(family, or None for the symptoms, file name, text)`.
///
/// # Errors
///
/// Every problem found, each with its file, line and field.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::Family;
///
/// let errors = qiwi_errors_build::load(&[(Some(Family::PsError), "data/ps-error.json", "{")])
///     .unwrap_err();
/// assert!(errors[0].to_string().starts_with("data/ps-error.json:1: -: not a valid family file"));
/// ```
pub fn load(inputs: &[(Option<Family>, &str, &str)]) -> Result<Dataset, Vec<DataError>> {
    let mut errors = Vec::new();
    let mut dataset = Dataset::default();
    for (family, file, text) in inputs {
        // No text has a use for NUL, and C strings and some terminals end at one.
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
    check::links(&dataset, &mut errors);
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
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (index, raw_entry) in raw.entries.iter().enumerate() {
        let mut at = RecordAt::new(file, text, raw_entry.get(), index);
        let Some(record) = at.parse(family, errors) else {
            continue;
        };
        match seen.get(record.entry.code) {
            Some(first) => errors.push(at.error(
                "code",
                format!(
                    "duplicate code `{}` in family `{}` (first defined on line {first}); \
                     keep one record and move other meanings into `superseded`",
                    record.entry.code,
                    family.as_str()
                ),
            )),
            None => {
                seen.insert(record.entry.code, record.line);
                dataset.records.push(record);
            }
        }
    }
}

/// One record's text and where it stands, for messages about its fields.
pub(crate) struct RecordAt<'a> {
    file: &'a str,
    text: &'a str,
    raw: &'a str,
    index: usize,
    start: usize,
    keys: Vec<(String, usize)>,
    code: String,
}

impl<'a> RecordAt<'a> {
    fn new(file: &'a str, text: &'a str, raw: &'a str, index: usize) -> Self {
        RecordAt {
            file,
            text,
            raw,
            index,
            start: line_at(text, offset_in(text, raw)),
            keys: top_level_keys(raw),
            code: "?".into(),
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

    /// A problem with `field` (a path inside the record, `retry` or `sources[0].file`).
    pub(crate) fn error(&self, field: &str, reason: String) -> DataError {
        let top = &field[..field.find(['.', '[']).unwrap_or(field.len())];
        DataError {
            file: self.file.into(),
            line: self.line_of(top),
            field: format!("entries[{}] (code {}).{field}", self.index, self.code),
            reason,
        }
    }

    fn parse(&mut self, family: Family, errors: &mut Vec<DataError>) -> Option<Record> {
        let fields: Map<String, Value> = match serde_json::from_str(self.raw) {
            Ok(fields) => fields,
            Err(e) => {
                errors.push(self.error("-", format!("an entry must be a JSON object: {e}")));
                return None;
            }
        };
        if let Some(code) = fields.get("code").and_then(Value::as_str) {
            self.code = code.to_string();
        }
        let before = errors.len();
        let known = [fields::names::<EntryData>(), fields::names::<Details>()];
        for key in fields.keys() {
            if !known.iter().any(|names| names.contains(&key.as_str())) {
                let all: Vec<&str> = known.concat();
                errors.push(self.error(
                    key,
                    format!("unknown field; the fields are: {}", all.join(", ")),
                ));
            }
        }
        let (entry, entry_errors) = fields::read::<EntryData>(&fields);
        let (details, details_errors) = fields::read::<Details>(&fields);
        for e in entry_errors.into_iter().chain(details_errors) {
            errors.push(self.error(&e.path, e.reason));
        }
        let (entry, details) = (entry?, details?);
        check::record(&entry, &details, &mut |field, reason| {
            errors.push(self.error(field, reason))
        });
        (errors.len() == before).then(|| Record {
            family,
            entry,
            details,
            file: self.file.into(),
            line: self.start,
            related_line: self.line_of("related"),
        })
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
        match serde_json::from_str::<SymptomData>(item.get()) {
            Ok(s) => {
                let problem = check::symptom(&s).or_else(|| {
                    seen.insert(s.id, start)
                        .is_some()
                        .then_some("duplicate `id`")
                });
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
