//! `openness`: the command line of the openness toolkit.
//!
//! A thin shell: it parses arguments, loads the catalogue (embedded, or `--data DIR`), asks
//! the core and catalogue crates for answers and renders them as a table, JSON, CSV or
//! Markdown. It owns no rule and no file format.

mod analysis_commands;
mod args;
mod assess_command;
mod commands;
mod history_commands;
mod licence_commands;
mod output;
mod report_command;
mod serve_command;

use std::io::Write;
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
    let usage = cli.format == args::Format::Yaml && !matches!(cli.command, args::Command::Assess(_));
    if usage {
        let _ = std::io::stderr()
            .write_all(b"error: --format yaml is only for `openness assess`; use table, json, csv or markdown\n");
        return ExitCode::from(2);
    }
    let outcome = commands::run(&cli);
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    // A closed pipe (`openness models | head`) is not an error worth reporting.
    let _ = out.write_all(outcome.stdout.as_bytes()).and_then(|()| out.flush());
    let _ = err.write_all(outcome.stderr.as_bytes());
    if outcome.failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
