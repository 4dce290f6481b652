//! Exports: every code for help-desk tools (`export --format jsonl|csv`) and the per-family
//! details files the widget fetches (`export-details DIR`).

use crate::args::ExportFormat;
use crate::output::Exit;
use qiwi_errors::{entries, family_details, Entry, Family, Lang, Source, Text, Words};
use std::io::Write;
use std::path::Path;

/// Writes what the widget fetches when "Details for developers" opens: one JSON file per
/// family, `DIR/FAMILY.json`, holding the family's note and each code's details.
pub fn export_details(dir: &Path) -> Result<(), Exit> {
    std::fs::create_dir_all(dir).map_err(|e| Exit::io(dir, e))?;
    for family in Family::ALL {
        let path = dir.join(format!("{}.json", family.as_str()));
        let json = serde_json::to_string(&family_details(*family)).map_err(std::io::Error::from)?;
        std::fs::write(&path, json).map_err(|e| Exit::io(&path, e))?;
    }
    Ok(())
}

/// Writes every code in `format` to `output`, or to standard output.
pub fn export(format: ExportFormat, output: Option<&Path>) -> Result<(), Exit> {
    let Some(path) = output else {
        let mut out = std::io::stdout().lock();
        return write_export(format, &mut out).map_err(Exit::from);
    };
    let file = std::fs::File::create(path).map_err(|e| Exit::io(path, e))?;
    let mut out = std::io::BufWriter::new(file);
    write_export(format, &mut out)
        .and_then(|()| out.flush())
        .map_err(|e| Exit::io(path, e))
}

/// Every code in `format`.
pub fn write_export(format: ExportFormat, out: &mut impl Write) -> std::io::Result<()> {
    match format {
        ExportFormat::Jsonl => {
            for e in entries() {
                serde_json::to_writer(&mut *out, &e.with_details())?;
                writeln!(out)?;
            }
            Ok(())
        }
        ExportFormat::Csv => write_csv(out),
    }
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "family",
    "code",
    "label",
    "title_ru",
    "title_en",
    "customer_ru",
    "customer_en",
    "developer_ru",
    "developer_en",
    "steps_ru",
    "steps_en",
    "severity",
    "retry_ru",
    "retry_en",
    "actors",
    "final",
    "sensitive",
    "provenance",
    "related",
    "sources",
];

/// One row per code: the texts in both languages (steps one a line), the verdicts as their
/// names in the data (`error`, `merchant`), retry advice as sentences, keys and links joined
/// with spaces.
fn write_csv(out: &mut impl Write) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(CSV_COLUMNS).map_err(io_error)?;
    for e in entries() {
        csv.write_record(csv_row(e)).map_err(io_error)?;
    }
    csv.flush()
}

/// The I/O error inside a CSV error, so that a closed pipe stays a closed pipe.
fn io_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

fn csv_row(e: Entry) -> Vec<String> {
    let both = |t: Text| [t.ru.to_string(), t.en.to_string()];
    let steps = |lang: Lang| {
        e.steps()
            .iter()
            .map(|s| s.get(lang))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let name = |value: serde_json::Value| value.as_str().unwrap_or_default().to_string();
    let [title_ru, title_en] = both(e.title());
    let [customer_ru, customer_en] = both(e.customer());
    let [developer_ru, developer_en] = both(e.developer());
    vec![
        e.family().as_str().to_string(),
        e.code().to_string(),
        e.label().to_string(),
        title_ru,
        title_en,
        customer_ru,
        customer_en,
        developer_ru,
        developer_en,
        steps(Lang::Ru),
        steps(Lang::En),
        name(serde_json::to_value(e.severity()).unwrap_or_default()),
        Words::of(Lang::Ru).retry_advice(e.retry()),
        Words::of(Lang::En).retry_advice(e.retry()),
        e.actors()
            .iter()
            .map(|a| name(serde_json::to_value(a).unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(" "),
        e.is_final().map_or(String::new(), |f| f.to_string()),
        e.is_sensitive().to_string(),
        name(serde_json::to_value(e.provenance()).unwrap_or_default()),
        e.related_keys().join(" "),
        e.sources()
            .iter()
            .map(source_ref)
            .collect::<Vec<_>>()
            .join(" "),
    ]
}

/// A source as one token: its link, else `file#section`.
fn source_ref(s: &Source) -> String {
    match s.url {
        Some(url) => url.to_string(),
        None => format!("{}#{}", s.file, s.section.replace(' ', "_")),
    }
}
