//! `openness models` as a person sees it: in a real pseudo-terminal of 80 columns (and 140),
//! one line per release, nothing wider than the terminal, no level or id broken.

use std::io::Read;
use std::process::{Command, Stdio};

use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

/// Runs `openness ARGS` with stdout and stderr on a pseudo-terminal `cols` wide; returns what
/// the terminal received (carriage returns dropped).
fn in_terminal(cols: u16, args: &[&str], env: &[(&str, &str)]) -> String {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("a pseudo-terminal");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    tcsetwinsize(&master, Winsize { ws_row: 50, ws_col: cols, ws_xpixel: 0, ws_ypixel: 0 }).expect("window size");
    let name = ptsname(&master, Vec::new()).expect("ptsname");
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(std::ffi::OsStr::new(std::str::from_utf8(name.as_bytes()).expect("UTF-8 name")))
        .expect("the terminal's other end");
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("openness"));
    cmd.args(args)
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .env_remove("OPENNESS_DATA")
        .stdin(Stdio::null())
        .stdout(slave.try_clone().expect("fd"))
        .stderr(slave.try_clone().expect("fd"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("runs");
    drop(cmd);
    drop(slave);
    let mut master = std::fs::File::from(master);
    let mut bytes = Vec::new();
    // Reading ends with EIO once the child has exited and closed its end.
    let mut buf = [0u8; 8192];
    loop {
        match master.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
        }
    }
    assert!(child.wait().expect("exits").success());
    String::from_utf8(bytes).expect("UTF-8").replace('\r', "")
}

const PAPER_TABLE: &str = include_str!("../../openness-catalogue/tests/fixtures/paper-table.csv");

/// How the grid writes a level.
fn code(level: &str) -> &str {
    match level {
        "N/A" => "-",
        "Unknown" => "?",
        l => l,
    }
}

#[test]
fn at_80_columns_every_release_is_one_unbroken_line() {
    let out = in_terminal(80, &["--levels-from", "recorded", "models"], &[("NO_COLOR", "1")]);
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "wider than 80: {line:?}");
    }
    let rows: Vec<Vec<&str>> = PAPER_TABLE.lines().skip(1).map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 45);
    let mut cells = 0;
    for row in &rows {
        let lines: Vec<&str> = out.lines().filter(|l| l.split_whitespace().next() == Some(row[0])).collect();
        assert_eq!(lines.len(), 1, "{} on one line: {lines:?}", row[0]);
        let tokens: Vec<&str> = lines[0].split_whitespace().skip(1).map(|t| t.trim_end_matches('*')).collect();
        let levels: Vec<&str> = row[2..].iter().map(|l| code(l)).collect();
        assert_eq!(tokens, levels, "{}", row[0]);
        cells += tokens.len();
    }
    assert_eq!(cells, 540);
}

#[test]
fn snapshots_at_80_and_140_columns() {
    insta::assert_snapshot!("models_80", in_terminal(80, &["models"], &[("NO_COLOR", "1")]));
    insta::assert_snapshot!("models_140", in_terminal(140, &["models"], &[("NO_COLOR", "1")]));
}

#[test]
fn colour_on_a_terminal_unless_no_color_or_never() {
    let grey = in_terminal(80, &["models"], &[("COLORTERM", "")]);
    // Without truecolour advertised, the 256-colour palette: `48;5;N`.
    assert!(grey.contains("\x1b[48;5;"), "{grey}");
    let rgb = in_terminal(80, &["models"], &[("COLORTERM", "truecolor")]);
    assert!(rgb.contains("\x1b[48;2;"), "{rgb}");
    assert!(!in_terminal(80, &["models"], &[("NO_COLOR", "1")]).contains('\x1b'));
    assert!(!in_terminal(80, &["--color", "never", "models"], &[]).contains('\x1b'));
    // `always` colours a pipe too; the layout is the same once colours are stripped.
    let out = assert_cmd::Command::cargo_bin("openness")
        .expect("binary")
        .args(["--color", "always", "models"])
        .env("COLUMNS", "80")
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("\x1b[48;"));
}

#[test]
fn show_stats_profile_lens_and_license_read_at_80_columns() {
    for args in [
        &["show", "falcon"][..],
        &["stats"],
        &["profile", "llama-2"],
        &["lens", "mof"],
        &["lens", "eu-ai-act", "llama-2"],
        &["license", "show", "llama2"],
        &["license", "compare", "llama2", "apache-2.0"],
        &["license", "list", "--kind", "model"],
        &["models", "--sort", "openness"],
    ] {
        let out = in_terminal(80, args, &[("NO_COLOR", "1")]);
        for line in out.lines() {
            assert!(line.chars().count() <= 80, "`openness {}` is wider than 80: {line:?}", args.join(" "));
        }
    }
}
