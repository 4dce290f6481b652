//! The data validator (`src/dataset.rs`, the module build.rs runs) on broken fixtures, and on
//! the real `data/`.

use qiwi_errors::Family;
use qiwi_errors_build::{load, load_dir, DataError};

const GOOD: &str = r#"{
  "family": "xml-request-result",
  "entries": [
    {
      "code": "13",
      "title": { "ru": "Повторите через минуту", "en": "Retry in a minute" },
      "customer": { "ru": "Сервис занят, повторите позже.", "en": "The service is busy." },
      "developer": { "ru": "Запрос не обработан.", "en": "The request was not processed." },
      "steps": [{ "ru": "Подождите минуту.", "en": "Wait a minute." }],
      "severity": "warning",
      "retry": { "kind": "after", "seconds": 60 },
      "actors": ["merchant"],
      "final": null,
      "sources": [{ "file": "001_da40cc43aae4c1fc.txt", "section": "tech_error" }]
    }
  ]
}"#;

fn errors_of(text: &str) -> Vec<DataError> {
    load(&[(
        Some(Family::XmlRequestResult),
        "data/xml-request-result.json",
        text,
    )])
    .expect_err("the fixture is broken and must be rejected")
}

fn one_error(text: &str) -> String {
    let errors = errors_of(text);
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    errors[0].to_string()
}

#[test]
fn good_fixture_loads() {
    let dataset = load(&[(Some(Family::XmlRequestResult), "f.json", GOOD)]).unwrap();
    assert_eq!(dataset.records.len(), 1);
    assert_eq!(dataset.records[0].line, 4);
}

#[test]
fn bad_enum_value_names_file_line_and_field() {
    let text = GOOD.replace(r#""severity": "warning""#, r#""severity": "fatal""#);
    let message = one_error(&text);
    assert!(
        message.starts_with("data/xml-request-result.json:10: entries[0] (code 13).severity: unknown variant `fatal`"),
        "{message}"
    );
}

#[test]
fn missing_field_is_reported_at_the_record() {
    let text = GOOD.replace(r#""final": null,"#, "");
    assert_eq!(
        one_error(&text),
        "data/xml-request-result.json:4: entries[0] (code 13).final: missing required field"
    );
}

#[test]
fn unknown_field_is_reported() {
    let text = GOOD.replace(r#""final": null,"#, r#""final": null, "colour": "red","#);
    let message = one_error(&text);
    assert!(
        message.contains("(code 13).colour: unknown field"),
        "{message}"
    );
}

#[test]
fn duplicate_code_points_at_the_first_one() {
    let start = GOOD.find("    {").unwrap();
    let end = GOOD.rfind("    }").unwrap() + 5;
    let record = &GOOD[start..end];
    let text = GOOD.replace(record, &format!("{record},\n{record}"));
    let message = one_error(&text);
    assert!(message.contains("duplicate code `13`"), "{message}");
    assert!(message.contains("first defined on line 4"), "{message}");
}

#[test]
fn dangling_related_code_is_reported_on_its_line() {
    let text = GOOD.replace(
        r#""final": null,"#,
        "\"final\": null,\n      \"related\": [\"ps-error:99\"],",
    );
    assert_eq!(
        one_error(&text),
        "data/xml-request-result.json:14: code 13: related: `ps-error:99`: no such record: add it or remove the link"
    );
}

#[test]
fn related_key_of_unknown_family_is_reported() {
    let text = GOOD.replace(
        r#""final": null,"#,
        r#""final": null, "related": ["nope:1"],"#,
    );
    let message = one_error(&text);
    assert!(
        message.contains("`nope:1` is not a `family:code` key"),
        "{message}"
    );
}

#[test]
fn unknown_family_in_file_is_reported() {
    let text = GOOD.replace(
        r#""family": "xml-request-result""#,
        r#""family": "xml-request-results""#,
    );
    let message = one_error(&text);
    assert!(
        message.starts_with("data/xml-request-result.json:2: family:"),
        "{message}"
    );
}

#[test]
fn empty_text_and_swapped_languages_are_reported() {
    let empty = GOOD.replace(r#""en": "Retry in a minute""#, r#""en": """#);
    assert!(one_error(&empty).contains("title: both `ru` and `en` must be non-empty"));
    let swapped = GOOD.replace("Запрос не обработан.", "The request was not processed.");
    assert!(one_error(&swapped).contains("developer: the `ru` text has no Russian letters"));
}

#[test]
fn zero_delay_and_empty_sources_are_reported() {
    let text = GOOD.replace(r#""seconds": 60"#, r#""seconds": 0"#);
    assert!(one_error(&text).contains("retry: `after` needs `seconds` > 0"));
    let start = GOOD.find(r#""sources": ["#).unwrap();
    let text = format!("{}\"sources\": []\n    }}\n  ]\n}}", &GOOD[..start]);
    assert!(one_error(&text).contains("sources: must name at least one source"));
}

#[test]
fn every_error_is_collected_not_only_the_first() {
    let text = GOOD
        .replace(r#""severity": "warning""#, r#""severity": "fatal""#)
        .replace(r#""actors": ["merchant"]"#, r#""actors": ["nobody"]"#);
    assert_eq!(errors_of(&text).len(), 2);
}

#[test]
fn malformed_json_reports_its_line() {
    let text = GOOD.replace(r#""code": "13","#, r#""code": "13""#);
    let message = one_error(&text);
    assert!(
        message.starts_with("data/xml-request-result.json:6: -: not a valid family file"),
        "{message}"
    );
}

#[test]
fn nul_in_a_string_is_reported_on_its_line() {
    let text = GOOD.replace("Wait a minute.", "Wait\\u0000 a minute.");
    assert_eq!(
        one_error(&text),
        "data/xml-request-result.json:9: -: strings must not contain NUL (\\u0000)"
    );
    // An escaped backslash before `u0000` is the six characters, not a NUL.
    let text = GOOD.replace("Wait a minute.", "Wait \\\\u0000 a minute.");
    assert!(load(&[(Some(Family::XmlRequestResult), "f.json", &text)]).is_ok());
}

#[test]
fn the_real_data_is_valid_and_round_trips() {
    let dataset = load_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data")
            .as_path(),
    )
    .unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    // data/ -> validated records -> the library's maps: the same keys, in the same order.
    let from_data: Vec<(String, String)> = dataset
        .records
        .iter()
        .map(|r| (r.family.as_str().to_string(), r.entry.code.to_string()))
        .collect();
    let from_maps: Vec<(String, String)> = qiwi_errors::entries()
        .map(|e| (e.family().as_str().to_string(), e.code().to_string()))
        .collect();
    assert_eq!(from_data, from_maps);
    for (record, entry) in dataset.records.iter().zip(qiwi_errors::entries()) {
        assert_eq!(record.entry, *entry_data(entry));
        assert_eq!(record.details, *entry.details());
    }
}

#[test]
fn generated_code_is_deterministic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let a = qiwi_errors_build::generate(&load_dir(&dir).unwrap());
    let b = qiwi_errors_build::generate(&load_dir(&dir).unwrap());
    assert_eq!(a, b);
    assert!(a.contains("pub(crate) static ENTRIES"));
    assert!(a.contains("pub(crate) static DETAILS"));
}

/// The record an entry was compiled from, read back through its serialised form: what the
/// library serialises is the data file's record, field for field.
fn entry_data(entry: qiwi_errors::Entry) -> &'static qiwi_errors_shared::EntryData {
    let json = serde_json::to_string(&entry).unwrap();
    let data: qiwi_errors_shared::EntryData = serde_json::from_str(&json).unwrap();
    Box::leak(Box::new(data))
}
