//! `qiwi-errors`: explain QIWI API error codes from the command line, export them for help
//! desks and write the static support site.
//!
//! Exit codes: 0 success, 1 not found (no code, nothing matched, no answer), 2 usage, 3 a file
//! could not be read or written.

mod args;
mod commands;
mod export;
mod output;
mod site;

use args::{Cli, Command};
use clap::{CommandFactory, Parser};
use commands::Style;
use output::Exit;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    output::set_color(cli.global.color);
    let style = Style {
        lang: cli.global.lang(),
        json: cli.global.json,
    };
    match run(cli.command, style) {
        Ok(()) => ExitCode::SUCCESS,
        // `qiwi-errors list | head`: the reader has what it wanted.
        Err(Exit::Io(_, e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(exit) => exit.report(),
    }
}

fn run(command: Command, style: Style) -> Result<(), Exit> {
    match command {
        Command::Explain { query } => commands::explain_cmd(&query, style),
        Command::Search { words } => commands::search_cmd(&words, style),
        Command::Diagnose { file } => commands::diagnose_cmd(file.as_deref(), style),
        Command::Retry(args) => commands::retry_cmd(&args, style),
        Command::List { family } => commands::list_cmd(family, style),
        Command::Families => commands::families_cmd(style),
        Command::ExportDetails { dir } => export::export_details(&dir),
        Command::Export { format, output } => export::export(format, output.as_deref()),
        Command::Site(args) => site::site_cmd(&args),
        Command::Words => output::print_json(qiwi_errors::Words::of(style.lang)),
        Command::Completions { shell } => {
            // Into memory first: clap_complete panics on a failed write (a closed pipe).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "qiwi-errors", &mut script);
            std::io::Write::write_all(&mut std::io::stdout().lock(), &script)?;
            Ok(())
        }
    }
}
