//! The commands that answer questions: `explain`, `search`, `diagnose`, `retry`, `list` and
//! `families`.

use crate::args::RetryArgs;
use crate::output::{print_json, stdout, Exit, CODE, DIM, FAMILY};
use qiwi_errors::retry::{FailureInput, RetryPolicy};
use qiwi_errors::{
    diagnose, explain, family_entries, search, Candidate, Details, Entry, Family, Found, Lang,
    Words,
};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// How every command answers: in which language, and whether as JSON.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// The language of text output.
    pub lang: Lang,
    /// JSON instead of text.
    pub json: bool,
}

/// A JSON answer with the details of the entries it names (an `Entry` serialises what every
/// answer shows; the developer texts are its details).
#[derive(serde::Serialize)]
struct WithDetails<'a, T: serde::Serialize> {
    #[serde(flatten)]
    answer: &'a T,
    details: BTreeMap<String, &'static Details>,
}

fn details_of(entries: impl Iterator<Item = Entry>) -> BTreeMap<String, &'static Details> {
    entries.map(|e| (e.key(), e.details())).collect()
}

/// Writes an explanation: its first line (code and title) stands out.
fn write_explanation(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    writeln!(out, "{CODE}{first}{CODE:#}")?;
    if !rest.is_empty() {
        writeln!(out, "{rest}")?;
    }
    Ok(())
}

/// `explain QUERY...`: one code in full, or the candidates of an ambiguous number.
///
/// A pasted response or a piece of one (`qiwi_errors::is_response`) is diagnosed as `diagnose`
/// does: people paste what they have into the command they know.
pub fn explain_cmd(query: &[String], style: Style) -> Result<(), Exit> {
    let query = query.join(" ");
    if qiwi_errors::is_response(&query) {
        let d = diagnose(&query).map_err(|e| Exit::NotFound(e.to_string()))?;
        return print_diagnosis(&d, style);
    }
    let answer = explain(&query).map_err(|e| Exit::NotFound(format!("{query}: {e}")))?;
    if style.json {
        return print_json(&WithDetails {
            answer: &answer,
            details: details_of(answer.entries()),
        });
    }
    let lang = style.lang;
    let mut out = stdout();
    let words = Words::of(lang);
    if answer.is_ambiguous() {
        writeln!(out, "{}\n", words.ambiguous)?;
        for c in answer.candidates() {
            if let Found::Entry(e) = c.found {
                writeln!(
                    out,
                    "  {DIM}{:>3}{DIM:#}  {CODE}{:<24}{CODE:#} {FAMILY}{}{FAMILY:#} — {}",
                    c.score,
                    e.label().to_string(),
                    e.family().label(lang),
                    e.title().get(lang)
                )?;
            }
        }
        return Ok(());
    }
    match answer.best().found {
        Found::Entry(e) => write_explanation(&mut out, &e.display(lang).to_string())?,
        Found::Symptom(s) => write_explanation(&mut out, &s.display(lang).to_string())?,
    }
    let others: Vec<String> = answer
        .candidates()
        .iter()
        .skip(1)
        .take(8)
        .map(|c| match c.found {
            Found::Entry(e) => format!("{} ({})", e.label(), e.title().get(lang)),
            Found::Symptom(s) => s.title().get(lang).to_string(),
        })
        .collect();
    if !others.is_empty() {
        writeln!(out, "\n{}: {}", words.also, others.join("; "))?;
    }
    Ok(())
}

/// `list [--family NAME]`: one family's codes, or the families.
pub fn list_cmd(family: Option<Family>, style: Style) -> Result<(), Exit> {
    let Some(family) = family else {
        return families_cmd(style);
    };
    let entries: Vec<_> = family_entries(family).collect();
    if style.json {
        let full: Vec<_> = entries.iter().map(|e| e.with_details()).collect();
        return print_json(&full);
    }
    let mut out = stdout();
    for e in entries {
        writeln!(
            out,
            "{CODE}{:<28}{CODE:#} {}",
            e.code(),
            e.title().get(style.lang)
        )?;
    }
    Ok(())
}

/// `families`: every family with its number of entries.
pub fn families_cmd(style: Style) -> Result<(), Exit> {
    let rows: Vec<(Family, usize)> = Family::ALL
        .iter()
        .map(|f| (*f, family_entries(*f).count()))
        .collect();
    if style.json {
        let json: Vec<serde_json::Value> = rows
            .iter()
            .map(|(f, n)| serde_json::json!({ "family": f, "label": f.label(style.lang), "entries": n }))
            .collect();
        return print_json(&json);
    }
    let mut out = stdout();
    for (family, count) in rows {
        writeln!(
            out,
            "{CODE}{:<24}{CODE:#} {:>4}  {}",
            family.as_str(),
            count,
            family.label(style.lang)
        )?;
    }
    Ok(())
}

fn candidate_line(c: &Candidate, lang: Lang) -> String {
    match c.found {
        Found::Entry(e) => format!(
            "{DIM}{:>3}{DIM:#}  {CODE}{:<28}{CODE:#} {FAMILY}{}{FAMILY:#} — {}",
            c.score,
            e.label().to_string(),
            e.family().label(lang),
            e.title().get(lang)
        ),
        Found::Symptom(s) => format!(
            "{DIM}{:>3}{DIM:#}  {CODE}{:<28}{CODE:#} {}",
            c.score,
            s.id(),
            s.title().get(lang)
        ),
    }
}

/// `search WORDS...`: free text over titles and texts.
pub fn search_cmd(words: &[String], style: Style) -> Result<(), Exit> {
    let query = words.join(" ");
    if query.trim().is_empty() {
        return Err(Exit::Usage(
            "`search` needs words, e.g. `search недостаточно средств`".into(),
        ));
    }
    let hits = search(&query);
    if style.json {
        return print_json(&hits);
    }
    if hits.is_empty() {
        return Err(Exit::NotFound(format!("{query}: nothing matches")));
    }
    let mut out = stdout();
    for c in &hits {
        writeln!(out, "{}", candidate_line(c, style.lang))?;
    }
    Ok(())
}

/// `diagnose [FILE]`: every code in a whole response read from FILE or standard input.
pub fn diagnose_cmd(file: Option<&Path>, style: Style) -> Result<(), Exit> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let limit = qiwi_errors::MAX_BODY_LEN as u64 + 1;
    match file {
        Some(path) if path != Path::new("-") => std::fs::File::open(path)
            .and_then(|f| f.take(limit).read_to_end(&mut bytes))
            .map_err(|e| Exit::io(path, e))?,
        _ => std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| Exit::io(Path::new("standard input"), e))?,
    };
    let body = std::str::from_utf8(&bytes).map_err(|e| {
        Exit::NotFound(format!(
            "the input is not UTF-8 text (byte {})",
            e.valid_up_to()
        ))
    })?;
    let d = diagnose(body).map_err(|e| Exit::NotFound(e.to_string()))?;
    print_diagnosis(&d, style)
}

/// Prints a diagnosis: each finding explained, then the API's messages and the retry advice.
fn print_diagnosis(d: &qiwi_errors::Diagnosis, style: Style) -> Result<(), Exit> {
    if style.json {
        /// A diagnosis with the key of its main entry, the answer to read first.
        #[derive(serde::Serialize)]
        struct WithMain<'a> {
            #[serde(flatten)]
            diagnosis: &'a qiwi_errors::Diagnosis,
            main: Option<String>,
        }
        return print_json(&WithDetails {
            answer: &WithMain {
                diagnosis: d,
                main: d.main().map(Entry::key),
            },
            details: details_of(d.findings.iter().filter_map(|f| f.entry)),
        });
    }
    let lang = style.lang;
    let mut out = stdout();
    let words = Words::of(lang);
    if d.findings.is_empty() {
        return Err(Exit::NotFound(words.nothing.to_string()));
    }
    for f in &d.findings {
        writeln!(out, "{DIM}{} = {}{DIM:#}", f.field, f.value)?;
        if let Some(e) = f.entry {
            write_explanation(&mut out, &e.display(lang).to_string())?;
            if let Some(with) = f.with {
                writeln!(
                    out,
                    "{}: {} — {}",
                    words.read_with,
                    with.label(),
                    with.title().get(lang)
                )?;
            }
        }
        if let Some(note) = &f.note {
            writeln!(out, "  ({note})")?;
        }
        writeln!(out)?;
    }
    for m in &d.messages {
        writeln!(out, "> {m}")?;
    }
    if let Some(advice) = &d.advice {
        writeln!(
            out,
            "{CODE}{}:{CODE:#} {} ({})",
            words.advice,
            words.action_advice(advice.action),
            advice.reason
        )?;
    }
    Ok(())
}

/// `retry [QUERY...] [--http-status N] ...`: what retry logic should do after this failure.
pub fn retry_cmd(args: &RetryArgs, style: Style) -> Result<(), Exit> {
    let query = args.query.join(" ");
    let mut input = FailureInput {
        http_status: args.http_status,
        empty_body: args.empty_body.then_some(true),
        fatal: args.fatal.then_some(true),
        payment_status: args.payment_status,
        ..FailureInput::default()
    };
    if !query.trim().is_empty() {
        let answer = explain(&query).map_err(|e| Exit::NotFound(format!("{query}: {e}")))?;
        let entry = answer
            .entry()
            .ok_or_else(|| Exit::NotFound(format!("{query}: not a code")))?;
        if answer.is_ambiguous() {
            let names: Vec<String> = answer.entries().map(|e| e.key()).collect();
            return Err(Exit::NotFound(format!(
                "{query} is ambiguous; name the family: {}",
                names.join(", ")
            )));
        }
        input.family = Some(entry.family());
        input.code = Some(entry.code().to_string());
    } else if args.http_status.is_none() {
        return Err(Exit::Usage("`retry` needs a code or --http-status".into()));
    }
    let failure = input
        .to_failure()
        .map_err(|e| Exit::NotFound(e.to_string()))?;
    let decision = RetryPolicy::new().decide(&failure, std::time::Duration::ZERO);
    if style.json {
        return print_json(&decision);
    }
    writeln!(
        stdout(),
        "{CODE}{:?}:{CODE:#} {}",
        decision.action,
        decision.reason
    )?;
    Ok(())
}
