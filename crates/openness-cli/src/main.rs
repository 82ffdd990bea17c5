//! `openness`: the command line of the openness toolkit.
//!
//! A thin shell: it parses arguments, loads the catalogue (embedded, or `--data DIR`), asks
//! the core and catalogue crates for answers and renders them as a table, JSON, CSV or
//! Markdown. It owns no rule and no file format.

mod analysis_commands;
mod args;
mod assess_command;
mod commands;
mod grid;
mod history_commands;
mod interchange_commands;
mod licence_commands;
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
    let usage = cli.format == args::Format::Yaml && !matches!(cli.command, args::Command::Assess(_));
    if usage {
        let _ = std::io::stderr()
            .write_all(b"error: --format yaml is only for `openness assess`; use table, json, csv or markdown\n");
        return ExitCode::from(2);
    }
    let bom = matches!(cli.format, args::Format::Cyclonedx | args::Format::Spdx3);
    let interchange_usage = match &cli.command {
        args::Command::Export(_) => cli.format.interchange().is_none(),
        args::Command::Assess(_) => cli.format.interchange().is_some() && !bom,
        _ => cli.format.interchange().is_some(),
    };
    if interchange_usage {
        let _ = std::io::stderr().write_all(
            b"error: --format cyclonedx|spdx3|mot|osai is for `openness export` (and cyclonedx|spdx3 for `openness assess`)\n   = help: `openness export ID --format cyclonedx`\n",
        );
        return ExitCode::from(2);
    }
    let outcome = commands::run(&cli);
    // Every human-readable output passes the one terminal sanitiser; so does data printed to a
    // terminal. Data into a pipe or a file (JSON, CSV, ...) stays byte for byte what it is.
    let human = matches!(cli.format, args::Format::Table | args::Format::Markdown) || std::io::stdout().is_terminal();
    let stdout = if human {
        let safe = output::sanitise(&outcome.stdout, output::colour_stdout());
        // Tables are laid out for the width already; this wraps the prose between them.
        if cli.format == args::Format::Table { output::fit_lines(&safe, output::width()).into() } else { safe }
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
