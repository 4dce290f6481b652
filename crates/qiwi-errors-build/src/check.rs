//! The rules a record must keep beyond its types: texts in both languages, Russian where
//! Russian is expected, sensible retry figures, sources named, links that resolve.

use crate::dataset::{parse_key, Dataset, SYMPTOMS_FILE};
use crate::error::DataError;
use qiwi_errors_shared::{Details, EntryData, Family, Retry, SymptomData, Text};
use std::collections::HashSet;

/// Checks one record; `report(field, reason)` takes each problem.
pub(crate) fn record(entry: &EntryData, details: &Details, report: &mut dyn FnMut(&str, String)) {
    let code = entry.code;
    if code.trim().is_empty() || code.trim() != code {
        report(
            "code",
            "must be non-empty, without surrounding spaces".into(),
        );
    }
    if let Some((lo, Some(hi))) = entry.range {
        if lo > hi {
            report("range", format!("the range is empty: {lo} > {hi}"));
        }
    }
    let mut texts = vec![
        ("title", &entry.title, false),
        ("customer", &entry.customer, true),
        ("developer", &details.developer, true),
    ];
    texts.extend(details.steps.iter().map(|t| ("steps", t, true)));
    for c in details.contexts {
        texts.extend([("contexts", &c.when, false), ("contexts", &c.meaning, true)]);
    }
    texts.extend(
        details
            .superseded
            .iter()
            .map(|s| ("superseded", &s.meaning, true)),
    );
    for (field, t, russian) in texts {
        if let Some(problem) = text_problem(t, russian) {
            report(field, problem.into());
        }
    }
    if details.superseded.iter().any(|s| s.sources.is_empty()) {
        report(
            "superseded",
            "each older meaning must name its `sources`".into(),
        );
    }
    match entry.retry {
        Retry::After { seconds: 0 } => report(
            "retry",
            "`after` needs `seconds` > 0; use `now` for no delay".into(),
        ),
        Retry::Limited {
            max,
            window_seconds,
        } if max == 0 || window_seconds == 0 => report(
            "retry",
            "`limited` needs `max` and `window_seconds` > 0; use `never` for no repeats".into(),
        ),
        _ => {}
    }
    for key in entry.related {
        if parse_key(key).is_none() {
            report(
                "related",
                format!("`{key}` is not a `family:code` key of a known family"),
            );
        }
    }
    if details.sources.is_empty() {
        report(
            "sources",
            "must name at least one source of the record's facts".into(),
        );
    }
    if details
        .sources
        .iter()
        .any(|s| s.file.trim().is_empty() || s.section.trim().is_empty())
    {
        report(
            "sources",
            "each source needs a `file` and a `section`".into(),
        );
    }
}

/// The first problem of a symptom, if it has one.
pub(crate) fn symptom(s: &SymptomData) -> Option<&'static str> {
    let empty = [&s.title, &s.summary, &s.contact_support]
        .into_iter()
        .chain(s.causes)
        .chain(s.steps)
        .any(|t| t.ru.trim().is_empty() || t.en.trim().is_empty());
    if empty {
        Some("every text needs both `ru` and `en`")
    } else if s.keywords.ru.is_empty() || s.keywords.en.is_empty() {
        Some("`keywords` needs phrases in both languages")
    } else if s.sources.is_empty() {
        Some("`sources` must name where the facts came from")
    } else if s.steps.is_empty() {
        Some("`steps` must not be empty")
    } else {
        None
    }
}

fn text_problem(t: &Text, russian: bool) -> Option<&'static str> {
    if t.ru.trim().is_empty() || t.en.trim().is_empty() {
        Some("both `ru` and `en` must be non-empty")
    } else if russian && !t.ru.chars().any(is_cyrillic) {
        Some("the `ru` text has no Russian letters; are `ru` and `en` swapped?")
    } else {
        None
    }
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// Every `related` key names an existing record, and not the record itself.
pub(crate) fn links(dataset: &Dataset, errors: &mut Vec<DataError>) {
    let known: HashSet<(Family, &str)> = dataset
        .records
        .iter()
        .map(|r| (r.family, r.entry.code))
        .collect();
    for r in &dataset.records {
        for key in r.entry.related {
            let Some((family, code)) = parse_key(key) else {
                continue;
            };
            let reason = if (family, code) == (r.family, r.entry.code) {
                "a record cannot be related to itself"
            } else if !known.contains(&(family, code)) {
                "no such record: add it or remove the link"
            } else {
                continue;
            };
            errors.push(DataError {
                file: r.file.clone(),
                line: r.related_line,
                field: format!("code {}: related", r.entry.code),
                reason: format!("`{key}`: {reason}"),
            });
        }
    }
    for s in &dataset.symptoms {
        for key in s.related {
            let ok = parse_key(key).is_some_and(|k| known.contains(&k));
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
