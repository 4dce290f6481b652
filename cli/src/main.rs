//! `qiwi-errors`: explain QIWI API error codes from the command line.

use qiwi_errors::{explain, family_entries, Family, Found, Lang};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "\
qiwi-errors: what a QIWI API error code means and what to do about it

USAGE:
    qiwi-errors explain <QUERY>...      explain a code: QWPRC-220, HTTP 429, psErrorCode 04, INVALID_STATE
    qiwi-errors list [--family NAME]    list families, or the codes of one family
    qiwi-errors families                list the families with their entry counts

OPTIONS:
    --lang ru|en    language of the output (default: ru)
    --json          print the structured answer as JSON
    -h, --help      print this help
";

struct Options {
    lang: Lang,
    json: bool,
    family: Option<Family>,
    command: Option<String>,
    args: Vec<String>,
}

fn parse_args() -> Result<Options, String> {
    use lexopt::prelude::*;
    let mut opts = Options { lang: Lang::Ru, json: false, family: None, command: None, args: Vec::new() };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("lang") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let value = value.to_string_lossy();
                opts.lang = value.parse().map_err(|e| format!("--lang {value}: {e}"))?;
            }
            Long("json") => opts.json = true,
            Long("family") | Short('f') => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let value = value.to_string_lossy();
                opts.family = Some(Family::from_name(&value).ok_or_else(|| {
                    let names: Vec<&str> = Family::ALL.iter().map(|f| f.as_str()).collect();
                    format!("unknown family `{value}`; the families are: {}", names.join(", "))
                })?);
            }
            Long("help") | Short('h') => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            Value(value) => {
                let value = value.into_string().map_err(|v| {
                    format!("argument is not valid UTF-8: {}", v.to_string_lossy())
                })?;
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
        Some("list") => cmd_list(&opts),
        Some("families") => cmd_families(&opts),
        Some(other) => Err(Failure::Usage(format!("unknown command `{other}`"))),
        None => Err(Failure::Usage("no command given".into())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::NotFound(message)) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
        Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

enum Failure {
    Usage(String),
    NotFound(String),
    Io(std::io::Error),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

fn cmd_explain(opts: &Options) -> Result<(), Failure> {
    if opts.args.is_empty() {
        return Err(Failure::Usage("`explain` needs a code, e.g. `explain QWPRC-220`".into()));
    }
    let query = opts.args.join(" ");
    let answer = explain(&query).map_err(|e| Failure::NotFound(format!("{query}: {e}")))?;
    if opts.json {
        return print_json(&answer);
    }
    let lang = opts.lang;
    let mut out = std::io::stdout().lock();
    if answer.is_ambiguous() {
        let intro = match lang {
            Lang::Ru => "Этот код есть в нескольких семействах; уточните, откуда он (например, QWPRC-220, HTTP 404, psErrorCode 04):",
            Lang::En => "This code exists in several families; say where it came from (e.g. QWPRC-220, HTTP 404, psErrorCode 04):",
        };
        writeln!(out, "{intro}\n")?;
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
        Found::Symptom(s) => writeln!(out, "{} — {}", s.title.get(lang), s.summary.get(lang))?,
    }
    let others: Vec<String> = answer
        .candidates()
        .iter()
        .skip(1)
        .filter_map(|c| c.found.entry())
        .map(|e| format!("{} ({})", e.label(), e.family().label(lang)))
        .collect();
    if !others.is_empty() {
        let also = match lang {
            Lang::Ru => "Тот же код в других семействах",
            Lang::En => "The same code in other families",
        };
        writeln!(out, "\n{also}: {}", others.join(", "))?;
    }
    Ok(())
}

fn cmd_list(opts: &Options) -> Result<(), Failure> {
    let Some(family) = opts.family else {
        return cmd_families(opts);
    };
    let entries: Vec<_> = family_entries(family).collect();
    if opts.json {
        return print_json(&entries);
    }
    let mut out = std::io::stdout().lock();
    for e in entries {
        writeln!(out, "{:<28} {}", e.code(), e.title().get(opts.lang))?;
    }
    Ok(())
}

fn cmd_families(opts: &Options) -> Result<(), Failure> {
    let rows: Vec<(Family, usize)> =
        Family::ALL.iter().map(|f| (*f, family_entries(*f).count())).collect();
    if opts.json {
        let json: Vec<serde_json::Value> = rows
            .iter()
            .map(|(f, n)| serde_json::json!({ "family": f, "label": f.label(opts.lang), "entries": n }))
            .collect();
        return print_json(&json);
    }
    let mut out = std::io::stdout().lock();
    for (family, count) in rows {
        writeln!(out, "{:<24} {:>4}  {}", family.as_str(), count, family.label(opts.lang))?;
    }
    Ok(())
}
