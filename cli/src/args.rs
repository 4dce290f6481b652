//! The command line, declared with clap's derive: subcommands, their options and help.

use clap::{Args, Parser, Subcommand, ValueEnum};
use qiwi_errors::{Family, Lang};
use std::path::PathBuf;

/// What a QIWI API error code means and what to do about it.
#[derive(Debug, Parser)]
#[command(
    name = "qiwi-errors",
    version,
    about,
    long_about = "What a QIWI API error code means, who must act and whether to retry, in \
                  Russian and English; a static support site and exports for help desks.",
    after_help = EXIT_CODES,
    propagate_version = true
)]
pub struct Cli {
    /// The options every command takes.
    #[command(flatten)]
    pub global: Global,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The exit codes, shown under `--help`.
const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  not found: no code, nothing matched, no answer for this input
  2  usage: unknown command or option, missing or bad argument
  3  input/output: a file could not be read or written";

/// Options every command takes, before or after its name.
#[derive(Debug, Args)]
pub struct Global {
    /// Language of the output [default: from LC_ALL, LC_MESSAGES or LANG: ru* is Russian, any
    /// other language English; Russian when none is set or the locale is C/POSIX]
    #[arg(long, global = true, value_name = "ru|en", value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Print the structured answer as JSON
    #[arg(long, global = true)]
    pub json: bool,
    /// When to colour the output (`auto` honours NO_COLOR, CLICOLOR_FORCE and whether the
    /// output is a terminal)
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: clap::ColorChoice,
}

impl Global {
    /// The language to answer in: `--lang`, else the locale.
    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or_else(|| {
            lang_from_locale(|name| std::env::var(name).ok()).unwrap_or_default()
        })
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Explain a code, a message or a pasted response: QWPRC-220, HTTP 429, psErrorCode 04, INVALID_STATE
    #[command(
        after_help = "Examples:\n  qiwi-errors explain QWPRC-220\n  qiwi-errors explain 404 --lang en\n  qiwi-errors explain \"psErrorCode 04\" --json"
    )]
    Explain {
        /// The code or message as you have it (several words are read as one query)
        #[arg(required = true, num_args = 1.., allow_negative_numbers = true, value_name = "QUERY")]
        query: Vec<String>,
    },
    /// Search titles and texts in Russian or English: недостаточно средств, sms not arriving
    Search {
        /// The words to look for
        #[arg(required = true, num_args = 1.., value_name = "WORDS")]
        words: Vec<String>,
    },
    /// Explain every code in a whole API response (JSON or XML, with or without the status line)
    Diagnose {
        /// The response; standard input when absent or `-`
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// What retry logic should do after this failure
    #[command(
        after_help = "Examples:\n  qiwi-errors retry psErrorCode 51\n  qiwi-errors retry --http-status 500 --empty-body"
    )]
    Retry(RetryArgs),
    /// List the families, or the codes of one family
    List {
        /// The family whose codes to list (see `families`)
        #[arg(long, short = 'f', value_name = "NAME", value_parser = parse_family)]
        family: Option<Family>,
    },
    /// List the families with their entry counts
    Families,
    /// Write each family's developer details as DIR/FAMILY.json (what the widget fetches)
    ExportDetails {
        /// The directory to write into (created if missing)
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Export every code for help-desk tools: one JSON object a line, or CSV with both languages
    Export {
        /// The format
        #[arg(long, value_enum, default_value = "jsonl")]
        format: ExportFormat,
        /// The file to write; standard output when absent
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the fixed words of the widget and the CLI as JSON, in the --lang language
    Words,
    /// Write the static support site: a page per code, family and problem in both languages
    #[command(
        after_help = "Publish the folder on any static host; see README.md.\n\nExample:\n  qiwi-errors site public --base-url https://support.example.com/qiwi/"
    )]
    Site(SiteArgs),
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  qiwi-errors completions bash > ~/.local/share/bash-completion/completions/qiwi-errors\n  qiwi-errors completions zsh > ~/.zfunc/_qiwi-errors\n  qiwi-errors completions fish > ~/.config/fish/completions/qiwi-errors.fish"
    )]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// The options of `retry`.
#[derive(Debug, Args)]
pub struct RetryArgs {
    /// The code, if the answer had one
    #[arg(num_args = 0.., allow_negative_numbers = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// The HTTP status of the answer
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(100..=599))]
    pub http_status: Option<u16>,
    /// The answer had no body
    #[arg(long)]
    pub empty_body: bool,
    /// The XML protocol's answer said fatal="true"
    #[arg(long)]
    pub fatal: bool,
    /// The XML protocol's payment status
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub payment_status: Option<i64>,
}

/// The options of `site`.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The directory to write the site into (created if missing; files in it are replaced)
    #[arg(value_name = "OUT_DIR")]
    pub out: PathBuf,
    /// Where the site will be published, for canonical URLs, hreflang and the sitemap
    #[arg(long, value_name = "URL", default_value = "http://localhost:8000/")]
    pub base_url: String,
    /// The built widget (scripts/build-wasm.sh writes it to wasm/dist/) to serve as the home
    /// page's search box [default: wasm/dist if it exists]
    #[arg(long, value_name = "DIR")]
    pub widget: Option<PathBuf>,
}

/// The formats of `export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON object a line: every field of every code, details included
    Jsonl,
    /// A header row, then one row a code: texts in both languages, steps one a line
    Csv,
}

fn parse_lang(value: &str) -> Result<Lang, String> {
    value
        .parse()
        .map_err(|e: qiwi_errors::ParseLangError| e.to_string())
}

fn parse_family(value: &str) -> Result<Family, String> {
    Family::from_name(value).ok_or_else(|| {
        let names: Vec<&str> = Family::ALL.iter().map(|f| f.as_str()).collect();
        format!("unknown family; the families are: {}", names.join(", "))
    })
}

/// The language of the locale, as POSIX picks it: the first of `LC_ALL`, `LC_MESSAGES` and
/// `LANG` that is set and not empty. `ru*` is Russian and any other language English; `None`
/// when no variable is set or the locale is `C`/`POSIX` (no language at all).
///
/// # Examples
///
/// ```ignore
/// let env = |name: &str| (name == "LANG").then(|| "en_GB.UTF-8".to_string());
/// assert_eq!(lang_from_locale(env), Some(Lang::En));
/// ```
pub fn lang_from_locale(var: impl Fn(&str) -> Option<String>) -> Option<Lang> {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| var(name))
        .find(|value| !value.is_empty())?;
    let language = locale.split(['_', '.', '@', '-']).next().unwrap_or("");
    match language {
        "" | "C" | "POSIX" => None,
        l if l.eq_ignore_ascii_case("ru") => Some(Lang::Ru),
        _ => Some(Lang::En),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn locale_picks_the_language() {
        assert_eq!(
            lang_from_locale(env(&[("LANG", "ru_RU.UTF-8")])),
            Some(Lang::Ru)
        );
        assert_eq!(
            lang_from_locale(env(&[("LANG", "en_US.UTF-8")])),
            Some(Lang::En)
        );
        assert_eq!(lang_from_locale(env(&[("LANG", "de_DE")])), Some(Lang::En));
        // LC_ALL wins over LC_MESSAGES, which wins over LANG; empty values do not count.
        assert_eq!(
            lang_from_locale(env(&[("LC_ALL", "en_US"), ("LANG", "ru_RU")])),
            Some(Lang::En)
        );
        assert_eq!(
            lang_from_locale(env(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "ru"),
                ("LANG", "en")
            ])),
            Some(Lang::Ru)
        );
        assert_eq!(lang_from_locale(env(&[("LANG", "C.UTF-8")])), None);
        assert_eq!(lang_from_locale(env(&[("LANG", "POSIX")])), None);
        assert_eq!(lang_from_locale(env(&[])), None);
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
