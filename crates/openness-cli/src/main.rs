//! `openness`: the command line of the openness toolkit.
//!
//! A thin shell: it parses arguments, loads the catalogue (embedded, or `--data DIR`), asks
//! the core and catalogue crates for answers and renders them as a table, JSON, CSV or
//! Markdown. It owns no rule and no file format.

mod analysis_commands;
mod args;
mod assess_command;
mod commands;
mod formats;
mod grid;
mod history_commands;
mod interchange_commands;
mod licence_commands;
mod os_ai_map_command;
mod output;
mod report_command;
mod serve_command;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::args::Cli;

/// What a command produced: text for stdout and whether it found problems.
pub struct Outcome {
    /// Text for stdout.
    pub stdout: String,
    /// Diagnostics and remarks for stderr.
    pub stderr: String,
    /// Exit with 1.
    pub failed: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    output::set_colour_choice(cli.color);
    let outcome = commands::run(&cli);
    // Every human-readable output passes the one terminal sanitiser; so does data printed to a
    // terminal. Data into a pipe or a file (JSON, CSV, ...) stays byte for byte what it is.
    let format = cli.command.format();
    let human = format.is_none_or(formats::Format::is_human) || std::io::stdout().is_terminal();
    let stdout = if human {
        let safe = output::sanitise(&outcome.stdout, output::colour_stdout());
        // Tables are laid out for the width already; this wraps the prose between them.
        if format.is_none_or(|f| f == formats::Format::Table) {
            output::fit_lines(&safe, output::width()).into()
        } else {
            safe
        }
    } else {
        outcome.stdout.as_str().into()
    };
    let stderr = output::sanitise(&outcome.stderr, output::colour_stderr());
    let written = std::io::stdout().lock().write_all(stdout.as_bytes()).and_then(|()| std::io::stdout().flush());
    let _ = std::io::stderr().lock().write_all(stderr.as_bytes());
    match written {
        // A closed pipe (`openness models | head`) is the reader's choice, not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            let _ = writeln!(std::io::stderr(), "error: cannot write the output: {e}");
            ExitCode::from(1)
        }
        _ if outcome.failed => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}
