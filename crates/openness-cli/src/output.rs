//! Shared rendering helpers: level colours (the paper's Figure 2), the terminal's width, the
//! terminal sanitiser, tables, CSV and Markdown.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::sync::OnceLock;

use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
use openness_core::Level;

use crate::args::ColourChoice;
pub use openness_catalogue::views::csv;

static COLOUR: OnceLock<ColourChoice> = OnceLock::new();

/// Records `--color` for the whole run (the first call wins).
pub fn set_colour_choice(choice: ColourChoice) {
    let _ = COLOUR.set(choice);
}

fn colour_on(is_terminal: bool) -> bool {
    match COLOUR.get().copied().unwrap_or(ColourChoice::Auto) {
        ColourChoice::Always => true,
        ColourChoice::Never => false,
        ColourChoice::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Whether to colour stdout: `--color always`, or `auto` (the default) on a terminal with
/// `NO_COLOR` unset or empty.
pub fn colour_stdout() -> bool {
    colour_on(std::io::stdout().is_terminal())
}

/// Whether to colour stderr, by the same rule.
pub fn colour_stderr() -> bool {
    colour_on(std::io::stderr().is_terminal())
}

/// The width to render for: stdout's terminal, else `$COLUMNS`, else the terminal stderr is
/// on (output piped into a pager), else 80.
pub fn width() -> usize {
    let of = |size: Option<(terminal_size::Width, terminal_size::Height)>| size.map(|(w, _)| usize::from(w.0));
    of(terminal_size::terminal_size_of(std::io::stdout()))
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse().ok()))
        .or_else(|| of(terminal_size::terminal_size_of(std::io::stderr())))
        .filter(|w| *w > 0)
        .unwrap_or(80)
}

/// Whether the terminal advertises 24-bit colour (`COLORTERM=truecolor` or `24bit`).
fn truecolour() -> bool {
    std::env::var("COLORTERM").is_ok_and(|v| v == "truecolor" || v == "24bit")
}

/// The nearest colour of the 256-colour palette's 6×6×6 cube.
fn ansi256(r: u8, g: u8, b: u8) -> u8 {
    const STEPS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let near =
        |v: u8| (0u8..6).min_by_key(|i| (i16::from(STEPS[usize::from(*i)]) - i16::from(v)).unsigned_abs()).unwrap_or(0);
    16 + 36 * near(r) + 6 * near(g) + near(b)
}

/// The terminal colour of an RGB value: itself where truecolour is advertised, else the
/// nearest of the 256-colour palette.
pub fn terminal_colour(r: u8, g: u8, b: u8) -> Color {
    if truecolour() { Color::Rgb { r, g, b } } else { Color::AnsiValue(ansi256(r, g, b)) }
}

/// `text` made safe for a terminal: every control character other than newline and tab (and,
/// when `keep_colour`, the colour sequences `ESC [ … m` this program writes) shown escaped, so
/// that a record, a card or a file name can never move the cursor, clear the screen or
/// retitle the window. Bidirectional overrides are escaped too. The one sanitiser: `main`
/// passes every human-readable output through it.
pub fn sanitise(text: &str, keep_colour: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if keep_colour
            && c == '\x1b'
            && let Some(len) = colour_sequence(rest)
        {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The length of a Select Graphic Rendition sequence (`ESC [ digits;… m`) at the start of `s`.
fn colour_sequence(s: &str) -> Option<usize> {
    let body = s.strip_prefix("\x1b[")?;
    let params = body.bytes().take_while(|b| b.is_ascii_digit() || *b == b';').count();
    (params <= 32 && body.as_bytes().get(params) == Some(&b'm')).then_some(2 + params + 1)
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
    terminal_colour(r, g, b)
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
    t.set_width(u16::try_from(width()).unwrap_or(u16::MAX));
    if colour {
        t.enforce_styling();
    }
    t
}

/// Escapes a Markdown table cell: `|` and `\\` escaped, HTML's `<`, `>` and `&` as entities
/// (Markdown renderers pass raw HTML through), line breaks as spaces.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
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

/// `text` cut to at most `max` characters, ending with `…` when cut. Linear in `max`, so a
/// huge string costs no more to render than a short one.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((i, _)) if text[i..].chars().nth(1).is_some() => format!("{}…", &text[..i]),
        _ => text.to_owned(),
    }
}

/// The characters a line takes on the terminal: colour sequences take none.
fn visible_width(line: &str) -> usize {
    let mut n = 0;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if let Some(len) = colour_sequence(rest).filter(|_| c == '\x1b') {
            rest = &rest[len..];
            continue;
        }
        n += 1;
        rest = &rest[c.len_utf8()..];
    }
    n
}

/// Every line of `text` wider than `width` wrapped between words. Continuation lines hang
/// under the line's last aligned column (after a run of two or more spaces), or four spaces
/// past its indentation. Words are never broken: a single word wider than the terminal (a
/// long URL) keeps its own line.
pub fn fit_lines(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, newline) = line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n"));
        if visible_width(body) <= width {
            out.push_str(line);
            continue;
        }
        // Words with the spaces before them, so that aligned columns keep their spacing.
        let mut pieces: Vec<(usize, &str)> = Vec::new();
        let mut spaces = 0;
        for word in body.split(' ') {
            if word.is_empty() {
                spaces += 1;
            } else {
                pieces.push((spaces, word));
                spaces = 1;
            }
        }
        let lead = body.len() - body.trim_start().len();
        let mut column = 0;
        let mut hang = lead + 4;
        for (i, (gap, word)) in pieces.iter().enumerate() {
            column += if i == 0 { lead } else { *gap };
            if i > 0 && *gap >= 2 && column <= width.saturating_sub(24) {
                hang = column;
            }
            column += visible_width(word);
        }
        let hang = hang.min(width.saturating_sub(24));
        let mut current = " ".repeat(lead);
        let mut used = lead;
        let mut fresh = true;
        for (gap, word) in pieces {
            let w = visible_width(word);
            if !fresh && used + gap + w > width {
                out.push_str(&current);
                out.push('\n');
                current = " ".repeat(hang);
                used = hang;
                fresh = true;
            }
            if !fresh {
                current.push_str(&" ".repeat(gap));
                used += gap;
            }
            current.push_str(word);
            used += w;
            fresh = false;
        }
        out.push_str(&current);
        out.push_str(newline);
    }
    out
}

/// Keeps every word of a table whole: each column is at least as wide as its longest word
/// (up to `cap`, and as far as the table's width allows), so the table wraps between words.
pub fn keep_words_whole(table: &mut Table, cap: u16) {
    let mut longest: Vec<u16> = Vec::new();
    for row in table
        .row_iter()
        .map(|r| r.cell_iter().map(Cell::content).collect::<Vec<_>>())
        .chain(table.header().map(|h| h.cell_iter().map(Cell::content).collect::<Vec<_>>()))
    {
        for (i, content) in row.iter().enumerate() {
            let w = content.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
            let w = u16::try_from(w).unwrap_or(u16::MAX).min(cap);
            if longest.len() <= i {
                longest.resize(i + 1, 0);
            }
            longest[i] = longest[i].max(w);
        }
    }
    // Where the words cannot all stay whole within the width, the widest give way first.
    let budget = usize::from(table.width().unwrap_or(u16::MAX));
    let total = |l: &[u16]| l.iter().map(|w| usize::from(*w) + 3).sum::<usize>() + 1;
    while total(&longest) > budget {
        match longest.iter_mut().max() {
            Some(w) if *w > 8 => *w -= 1,
            _ => break,
        }
    }
    for (i, w) in longest.into_iter().enumerate() {
        if let Some(column) = table.column_mut(i) {
            // The bound counts the cell padding, one space either side.
            column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(w + 2)));
        }
    }
}

/// A table rendered with its words kept whole (see [`keep_words_whole`]).
pub fn render(mut table: Table) -> String {
    keep_words_whole(&mut table, 30);
    table.to_string()
}
