//! Output: the exit codes, JSON printing and the colours of terminal output.
//!
//! Everything goes through [`anstream`], which drops the colours when the output is not a
//! terminal, when `NO_COLOR` is set or with `--color never` (and keeps them with
//! `CLICOLOR_FORCE` or `--color always`).

use anstyle::{AnsiColor, Style};
use std::io::Write;
use std::process::ExitCode;

/// A code and the key words of an answer.
pub const CODE: Style = Style::new().bold();
/// The family beside a code.
pub const FAMILY: Style = AnsiColor::Cyan.on_default();
/// A score or other figure of secondary interest.
pub const DIM: Style = Style::new().dimmed();
/// The word `error:` before a message on standard error.
pub const ERROR: Style = AnsiColor::Red.on_default().bold();

/// Why a command failed; each kind has its exit code.
#[derive(Debug)]
pub enum Exit {
    /// Exit 1: no code, nothing matched, no answer for this input.
    NotFound(String),
    /// Exit 2: the command line is wrong in a way clap cannot see.
    Usage(String),
    /// Exit 3: a file could not be read or written.
    Io(String, std::io::Error),
}

impl Exit {
    /// An I/O error about `path`.
    pub fn io(path: &std::path::Path, e: std::io::Error) -> Exit {
        Exit::Io(path.display().to_string(), e)
    }

    /// Reports the failure on standard error and gives the exit code.
    pub fn report(self) -> ExitCode {
        let mut err = anstream::stderr().lock();
        // Nothing useful is left to do if standard error itself fails.
        let _ = match &self {
            Exit::NotFound(message) => writeln!(err, "{message}"),
            Exit::Usage(message) => writeln!(
                err,
                "{ERROR}error:{ERROR:#} {message}\n\nFor more information, try '--help'."
            ),
            Exit::Io(what, e) if what.is_empty() => writeln!(err, "{ERROR}error:{ERROR:#} {e}"),
            Exit::Io(what, e) => writeln!(err, "{ERROR}error:{ERROR:#} {what}: {e}"),
        };
        ExitCode::from(match self {
            Exit::NotFound(_) => 1,
            Exit::Usage(_) => 2,
            Exit::Io(..) => 3,
        })
    }
}

/// A failed write to standard output. A closed pipe (`qiwi-errors list | head`) is not a
/// failure; [`crate::main`] exits 0 for it.
impl From<std::io::Error> for Exit {
    fn from(e: std::io::Error) -> Self {
        Exit::Io(String::new(), e)
    }
}

/// Standard output, with colours where they are wanted.
pub fn stdout() -> anstream::AutoStream<std::io::StdoutLock<'static>> {
    anstream::stdout().lock()
}

/// Prints `value` as pretty JSON and a newline.
pub fn print_json(value: &impl serde::Serialize) -> Result<(), Exit> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// Applies `--color` to every stream.
pub fn set_color(choice: clap::ColorChoice) {
    let choice = match choice {
        clap::ColorChoice::Auto => anstream::ColorChoice::Auto,
        clap::ColorChoice::Always => anstream::ColorChoice::Always,
        clap::ColorChoice::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
}
