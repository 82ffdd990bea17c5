//! Shared rendering helpers: level colours (the paper's Figure 2), tables, CSV and Markdown.

use std::io::IsTerminal;

use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
use openness_core::Level;

/// Whether to colour output on stdout: a terminal, and `NO_COLOR` unset or empty.
pub fn colour_stdout() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether to colour output on stderr.
pub fn colour_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The background of a level, after the paper's Figure 2 (C2 orange-red, C3 amber).
pub fn level_colour(level: Level) -> Color {
    let (r, g, b) = match level.grade() {
        Some(1) => (0xc0, 0x00, 0x00),
        Some(2) => (0xc5, 0x5c, 0x10),
        Some(3) => (0xc1, 0x82, 0x0c),
        Some(4) => (0x95, 0x7e, 0x0a),
        Some(_) => (0x47, 0x4d, 0x20),
        None if level == Level::NotApplicable => (0x43, 0x43, 0x43),
        None => (0x88, 0x88, 0x88),
    };
    Color::Rgb { r, g, b }
}

/// A cell for a level, coloured when `colour` is set.
pub fn level_cell(text: impl ToString, level: Level, colour: bool) -> Cell {
    let cell = Cell::new(text.to_string());
    if colour { cell.bg(level_colour(level)).fg(Color::White) } else { cell }
}

/// A table in the project's style.
pub fn table(colour: bool) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    if !std::io::stdout().is_terminal() {
        // No terminal to measure: wrap at $COLUMNS, or at a width that reads well in a pager.
        let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(140);
        t.set_width(width);
    }
    if colour {
        t.enforce_styling();
    }
    t
}

/// Escapes a Markdown table cell.
pub fn md(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|").replace('\n', " ")
}

/// Wraps `text` at 80 columns: the first line starts with `first`, the others with `rest`.
pub fn wrap80(first: &str, rest: &str, text: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_owned();
    let mut words_on_line = 0;
    for word in text.split_whitespace() {
        if words_on_line > 0 && line.chars().count() + 1 + word.chars().count() > 80 {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_owned();
            words_on_line = 0;
        }
        if !line.is_empty() && !line.ends_with(' ') {
            line.push(' ');
        }
        line.push_str(word);
        words_on_line += 1;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// One cited document on its own lines: its date in a column of ten, then its title, wrapped.
pub fn dated(date: &str, title: &str) -> String {
    wrap80(&format!("  {date:<10} "), "             ", title)
}

/// Writes rows as CSV to a string.
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> Result<String, String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(|e| e.to_string())?;
    for row in rows {
        w.write_record(row).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// Writes a Markdown table.
pub fn markdown(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!(
        "| {} |\n|{}\n",
        header.iter().map(|h| md(h)).collect::<Vec<_>>().join(" | "),
        "---|".repeat(header.len())
    );
    for row in rows {
        out.push_str(&format!("| {} |\n", row.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | ")));
    }
    out
}

/// Pretty JSON with a trailing newline.
pub fn json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map(|s| s + "\n").map_err(|e| e.to_string())
}
