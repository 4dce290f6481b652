//! `qiwi-errors`: explain QIWI API error codes from the command line.

use qiwi_errors::retry::{FailureInput, RetryPolicy};
use qiwi_errors::{
    diagnose, explain, family_details, family_entries, search, Candidate, Entry, Family, Found,
    Lang, Words,
};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "\
qiwi-errors: what a QIWI API error code means and what to do about it

USAGE:
    qiwi-errors explain <QUERY>...      explain a code: QWPRC-220, HTTP 429, psErrorCode 04, INVALID_STATE
    qiwi-errors search <WORDS>...       search titles and texts (RU/EN): недостаточно средств, sms not arriving
    qiwi-errors diagnose [FILE]         explain every code in a whole API response (JSON/XML; stdin if no FILE or -)
    qiwi-errors retry <QUERY>... [--http-status N] [--empty-body] [--fatal] [--payment-status N]
                                        what retry logic should do after this failure
    qiwi-errors list [--family NAME]    list families, or the codes of one family
    qiwi-errors families                list the families with their entry counts
    qiwi-errors export-details <DIR>    write each family's developer details as DIR/FAMILY.json
                                        (what the widget fetches on demand)
    qiwi-errors words                   print the fixed words of the widget and the CLI as JSON
                                        (in the --lang language)

OPTIONS:
    --lang ru|en    language of the output (default: ru)
    --json          print the structured answer as JSON
    -h, --help      print this help
";

struct Options {
    lang: Lang,
    json: bool,
    http_status: Option<u16>,
    empty_body: bool,
    fatal: bool,
    payment_status: Option<i64>,
    family: Option<Family>,
    command: Option<String>,
    args: Vec<String>,
}

fn parse_args() -> Result<Options, String> {
    use lexopt::prelude::*;
    let mut opts = Options {
        lang: Lang::Ru,
        json: false,
        http_status: None,
        empty_body: false,
        fatal: false,
        payment_status: None,
        family: None,
        command: None,
        args: Vec::new(),
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("lang") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let value = value.to_string_lossy();
                opts.lang = value.parse().map_err(|e| format!("--lang {value}: {e}"))?;
            }
            Long("json") => opts.json = true,
            Long("empty-body") => opts.empty_body = true,
            Long("fatal") => opts.fatal = true,
            Long("http-status") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let value = value.to_string_lossy();
                opts.http_status = Some(
                    value
                        .parse()
                        .map_err(|_| format!("--http-status {value}: not an HTTP status"))?,
                );
            }
            Long("payment-status") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let value = value.to_string_lossy();
                opts.payment_status = Some(
                    value
                        .parse()
                        .map_err(|_| format!("--payment-status {value}: not a number"))?,
                );
            }
            Long("family") | Short('f') => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let value = value.to_string_lossy();
                opts.family = Some(Family::from_name(&value).ok_or_else(|| {
                    let names: Vec<&str> = Family::ALL.iter().map(|f| f.as_str()).collect();
                    format!(
                        "unknown family `{value}`; the families are: {}",
                        names.join(", ")
                    )
                })?);
            }
            Long("help") | Short('h') => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            Value(value) => {
                let value = value
                    .into_string()
                    .map_err(|v| format!("argument is not valid UTF-8: {}", v.to_string_lossy()))?;
                if opts.command.is_none() {
                    opts.command = Some(value);
                } else {
                    opts.args.push(value);
                }
            }
            other => return Err(other.unexpected().to_string()),
        }
    }
    Ok(opts)
}

fn main() -> ExitCode {
    let opts = match parse_args() {
        Ok(opts) => opts,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match opts.command.as_deref() {
        Some("explain") => cmd_explain(&opts),
        Some("search") => cmd_search(&opts),
        Some("diagnose") => cmd_diagnose(&opts),
        Some("retry") => cmd_retry(&opts),
        Some("list") => cmd_list(&opts),
        Some("families") => cmd_families(&opts),
        Some("export-details") => cmd_export_details(&opts),
        Some("words") => print_json(Words::of(opts.lang)),
        Some(other) => Err(Exit::Usage(format!("unknown command `{other}`"))),
        None => Err(Exit::Usage("no command given".into())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Exit::Usage(message)) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Exit::NotFound(message)) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
        Err(Exit::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Exit::Io(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

enum Exit {
    Usage(String),
    NotFound(String),
    Io(std::io::Error),
}

impl From<std::io::Error> for Exit {
    fn from(e: std::io::Error) -> Self {
        Exit::Io(e)
    }
}

fn print_json(value: &impl serde::Serialize) -> Result<(), Exit> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// A JSON answer with the details of the entries it names (an `Entry` serialises what every
/// answer shows; the developer texts are its details).
#[derive(serde::Serialize)]
struct WithDetails<'a, T: serde::Serialize> {
    #[serde(flatten)]
    answer: &'a T,
    details: std::collections::BTreeMap<String, &'static qiwi_errors::Details>,
}

fn details_of(
    entries: impl Iterator<Item = &'static Entry>,
) -> std::collections::BTreeMap<String, &'static qiwi_errors::Details> {
    entries.map(|e| (e.key(), e.details())).collect()
}

/// Writes what the widget fetches when "Details for developers" opens: one JSON file per
/// family, `DIR/FAMILY.json`, holding the family's note and each code's details.
fn cmd_export_details(opts: &Options) -> Result<(), Exit> {
    let Some(dir) = opts.args.first() else {
        return Err(Exit::Usage("`export-details` needs a directory".into()));
    };
    let dir = std::path::Path::new(dir);
    std::fs::create_dir_all(dir).map_err(|e| Exit::NotFound(format!("{}: {e}", dir.display())))?;
    for family in Family::ALL {
        let file = family_details(*family);
        let path = dir.join(format!("{}.json", family.as_str()));
        let json = serde_json::to_string(&file).map_err(std::io::Error::from)?;
        std::fs::write(&path, json)
            .map_err(|e| Exit::NotFound(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

fn cmd_explain(opts: &Options) -> Result<(), Exit> {
    if opts.args.is_empty() {
        return Err(Exit::Usage(
            "`explain` needs a code, e.g. `explain QWPRC-220`".into(),
        ));
    }
    let query = opts.args.join(" ");
    let answer = explain(&query).map_err(|e| Exit::NotFound(format!("{query}: {e}")))?;
    if opts.json {
        return print_json(&WithDetails {
            answer: &answer,
            details: details_of(answer.entries()),
        });
    }
    let lang = opts.lang;
    let mut out = std::io::stdout().lock();
    let words = Words::of(lang);
    if answer.is_ambiguous() {
        writeln!(out, "{}\n", words.ambiguous)?;
        for c in answer.candidates() {
            if let Found::Entry(e) = c.found {
                writeln!(
                    out,
                    "  {:>3}  {:<24} {} — {}",
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
        Found::Entry(e) => writeln!(out, "{}", e.display(lang))?,
        Found::Symptom(s) => writeln!(out, "{}", s.display(lang))?,
    }
    let others: Vec<String> = answer
        .candidates()
        .iter()
        .skip(1)
        .take(8)
        .map(|c| match c.found {
            Found::Entry(e) => format!("{} ({})", e.label(), e.title().get(lang)),
            Found::Symptom(s) => s.title.get(lang).to_string(),
        })
        .collect();
    if !others.is_empty() {
        writeln!(out, "\n{}: {}", words.also, others.join("; "))?;
    }
    Ok(())
}

fn cmd_list(opts: &Options) -> Result<(), Exit> {
    let Some(family) = opts.family else {
        return cmd_families(opts);
    };
    let entries: Vec<_> = family_entries(family).collect();
    if opts.json {
        let full: Vec<_> = entries.iter().map(|e| e.with_details()).collect();
        return print_json(&full);
    }
    let mut out = std::io::stdout().lock();
    for e in entries {
        writeln!(out, "{:<28} {}", e.code(), e.title().get(opts.lang))?;
    }
    Ok(())
}

fn cmd_families(opts: &Options) -> Result<(), Exit> {
    let rows: Vec<(Family, usize)> = Family::ALL
        .iter()
        .map(|f| (*f, family_entries(*f).count()))
        .collect();
    if opts.json {
        let json: Vec<serde_json::Value> = rows
            .iter()
            .map(|(f, n)| serde_json::json!({ "family": f, "label": f.label(opts.lang), "entries": n }))
            .collect();
        return print_json(&json);
    }
    let mut out = std::io::stdout().lock();
    for (family, count) in rows {
        writeln!(
            out,
            "{:<24} {:>4}  {}",
            family.as_str(),
            count,
            family.label(opts.lang)
        )?;
    }
    Ok(())
}

fn candidate_line(c: &Candidate, lang: Lang) -> String {
    match c.found {
        Found::Entry(e) => format!(
            "{:>3}  {:<28} {} — {}",
            c.score,
            e.label().to_string(),
            e.family().label(lang),
            e.title().get(lang)
        ),
        Found::Symptom(s) => format!("{:>3}  {:<28} {}", c.score, s.id, s.title.get(lang)),
    }
}

fn cmd_search(opts: &Options) -> Result<(), Exit> {
    let query = opts.args.join(" ");
    if query.trim().is_empty() {
        return Err(Exit::Usage(
            "`search` needs words, e.g. `search недостаточно средств`".into(),
        ));
    }
    let hits = search(&query);
    if opts.json {
        return print_json(&hits);
    }
    if hits.is_empty() {
        return Err(Exit::NotFound(format!("{query}: nothing matches")));
    }
    let mut out = std::io::stdout().lock();
    for c in &hits {
        writeln!(out, "{}", candidate_line(c, opts.lang))?;
    }
    Ok(())
}

fn cmd_diagnose(opts: &Options) -> Result<(), Exit> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let limit = qiwi_errors::MAX_BODY_LEN as u64 + 1;
    match opts.args.first().map(String::as_str) {
        None | Some("-") => std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)?,
        Some(path) => std::fs::File::open(path)
            .map_err(|e| Exit::NotFound(format!("{path}: {e}")))?
            .take(limit)
            .read_to_end(&mut bytes)?,
    };
    let body = std::str::from_utf8(&bytes).map_err(|e| {
        Exit::NotFound(format!(
            "the input is not UTF-8 text (byte {})",
            e.valid_up_to()
        ))
    })?;
    let d = diagnose(body).map_err(|e| Exit::NotFound(e.to_string()))?;
    if opts.json {
        return print_json(&WithDetails {
            answer: &d,
            details: details_of(d.findings.iter().filter_map(|f| f.entry)),
        });
    }
    let lang = opts.lang;
    let mut out = std::io::stdout().lock();
    let words = Words::of(lang);
    if d.findings.is_empty() {
        writeln!(out, "{}", words.nothing)?;
    }
    for f in &d.findings {
        match f.entry {
            Some(e) => {
                writeln!(out, "{} = {}", f.field, f.value)?;
                writeln!(out, "{}", e.display(lang))?;
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
            None => writeln!(out, "{} = {}", f.field, f.value)?,
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
            "{}: {} ({})",
            words.advice,
            words.action_advice(advice.action),
            advice.reason
        )?;
    }
    Ok(())
}

fn cmd_retry(opts: &Options) -> Result<(), Exit> {
    let query = opts.args.join(" ");
    let mut input = FailureInput {
        http_status: opts.http_status,
        empty_body: opts.empty_body.then_some(true),
        fatal: opts.fatal.then_some(true),
        payment_status: opts.payment_status,
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
    } else if opts.http_status.is_none() {
        return Err(Exit::Usage("`retry` needs a code or --http-status".into()));
    }
    let failure = input
        .to_failure()
        .map_err(|e| Exit::NotFound(e.to_string()))?;
    let decision = RetryPolicy::new().decide(&failure, std::time::Duration::ZERO);
    if opts.json {
        return print_json(&decision);
    }
    writeln!(
        std::io::stdout().lock(),
        "{:?}: {}",
        decision.action,
        decision.reason
    )?;
    Ok(())
}
