//! Diagnostics about user files: a stable code, a message, the place (file, line, column,
//! byte span) and a hint on how to fix it. Rendering is left to the caller.
//!
//! A diagnostic keeps of its file only the offending line as it will be shown (cut when
//! long), never the file's text: `check` holds every diagnostic of a whole catalogue at once,
//! not every file.

use std::fmt;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Information, such as a recorded level that differs from the computed one.
    Note,
    /// Suspicious but valid.
    Warning,
    /// The file is invalid.
    Error,
}

/// A file the diagnostics point into, shared between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as given (or `embedded:` for the built-in catalogue).
    pub name: String,
    /// Its text (lossily decoded when not UTF-8).
    pub text: String,
}

/// Where in a file a diagnostic points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Place {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset of the start.
    pub offset: usize,
    /// Length in bytes (at least 1 where the file is not empty).
    pub length: usize,
}

impl Place {
    /// The place at a 1-based line and column of `text`, spanning to the end of the token.
    pub fn at(text: &str, line: usize, column: usize) -> Place {
        let line = line.max(1);
        let column = column.max(1);
        let line_start: usize = text.split_inclusive('\n').take(line - 1).map(str::len).sum();
        let line_text = text[line_start.min(text.len())..].lines().next().unwrap_or("");
        let offset_in_line: usize = line_text.chars().take(column - 1).map(char::len_utf8).sum();
        let offset = (line_start + offset_in_line).min(text.len());
        let rest = &text[offset..];
        let token_len = rest.find(['\n', '#']).unwrap_or(rest.len()).max(rest.chars().next().map_or(0, char::len_utf8));
        let length = rest[..token_len].trim_end().len().max(rest.chars().next().map_or(0, char::len_utf8));
        Place { line, column, offset, length }
    }
}

/// One finding about one file.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// A stable code (`E101` ...), documented in `openness check --help`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The file's name.
    pub file: String,
    /// Where, when the problem has a place.
    pub place: Option<Place>,
    /// How to fix it.
    pub help: Option<String>,
    /// The offending line as shown.
    #[serde(skip)]
    shown: Option<ShownLine>,
}

/// The line a diagnostic shows: the whole line, or for a long one the part from the column
/// on, cut (the caret still points at the column).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ShownLine {
    text: Box<str>,
    /// 1-based column of the caret in `text`.
    column: usize,
}

impl ShownLine {
    /// The line of `text` that `place` points at, as shown.
    fn of(text: &str, place: &Place) -> Option<ShownLine> {
        let line = text.lines().nth(place.line.checked_sub(1)?)?;
        Some(match line.char_indices().nth(SHOWN_LINE_CHARS) {
            Some(_) => {
                let from = line.char_indices().nth(place.column.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
                let shown = &line[from..];
                let end = shown.char_indices().nth(SHOWN_LINE_CHARS).map_or(shown.len(), |(i, _)| i);
                ShownLine { text: shown[..end].into(), column: 1 }
            }
            None => ShownLine { text: line.into(), column: place.column },
        })
    }
}

impl Diagnostic {
    /// A diagnostic pointing at `place` in `source`.
    pub fn new(
        code: &'static str,
        severity: Severity,
        message: impl Into<String>,
        source: &SourceFile,
        place: Option<Place>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            file: source.name.clone(),
            shown: place.as_ref().and_then(|p| ShownLine::of(&source.text, p)),
            place,
            help: None,
        }
    }

    /// A diagnostic about a file that could not be read at all.
    pub fn about_path(code: &'static str, message: impl Into<String>, file: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            file: file.into(),
            place: None,
            help: None,
            shown: None,
        }
    }

    /// The same diagnostic at another severity.
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

/// Lines longer than this (in characters) are shown cut.
const SHOWN_LINE_CHARS: usize = 160;

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{severity}[{}]: {}", self.code, self.message)?;
        match &self.place {
            Some(p) => write!(f, "\n  --> {}:{}:{}", self.file, p.line, p.column)?,
            None => write!(f, "\n  --> {}", self.file)?,
        }
        if let (Some(shown), Some(p)) = (&self.shown, &self.place) {
            let line = &*shown.text;
            let caret_pad: String =
                line.chars().take(shown.column.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            let start = line.char_indices().nth(shown.column.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
            let width = line[start..].split('#').next().unwrap_or("").trim_end().chars().count().clamp(1, 60);
            write!(f, "\n   |\n{:>3}| {line}\n   | {caret_pad}{}", p.line, "^".repeat(width))?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n   = help: {help}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_finds_offsets_on_later_lines() {
        let text = "id: x\nname: \"é\"\nrelease: 2023-13\n";
        let p = Place::at(text, 3, 10);
        assert_eq!(p.offset, text.find("2023-13").expect("present"));
        assert_eq!(p.length, 7);
        let p = Place::at(text, 2, 7);
        assert_eq!(&text[p.offset..p.offset + p.length], "\"é\"");
    }

    #[test]
    fn place_survives_out_of_range_positions() {
        let p = Place::at("a\n", 9, 9);
        assert_eq!(p.offset, 2);
        let p = Place::at("", 0, 0);
        assert_eq!((p.offset, p.length), (0, 0));
    }

    #[test]
    fn long_lines_are_shown_cut_from_the_column() {
        let text = format!("license: {}\n", "x".repeat(100_000));
        let source = SourceFile { name: "m.yaml".into(), text };
        let d = Diagnostic::new("E130", Severity::Error, "bad", &source, Some(Place::at(&source.text, 1, 10)));
        let shown = d.to_string();
        assert!(shown.contains(&format!("  1| {}\n   | ^", "x".repeat(160))), "{shown}");
        assert!(shown.len() < 500);
    }

    #[test]
    fn a_diagnostic_keeps_its_line_not_its_file() {
        let text = format!("id: x\nrelease: 2023-13\n{}", "note: filler\n".repeat(100_000));
        let source = SourceFile { name: "m.yaml".into(), text };
        let d = Diagnostic::new("E104", Severity::Error, "bad", &source, Some(Place::at(&source.text, 2, 10)));
        drop(source);
        let kept = format!("{d:?}");
        assert!(kept.len() < 500, "{} bytes kept", kept.len());
        assert!(d.to_string().contains("  2| release: 2023-13\n   |          ^^^^^^^"), "{d}");
    }

    #[test]
    fn display_shows_the_offending_line_and_a_caret() {
        let source = SourceFile { name: "m.yaml".into(), text: "id: x\nrelease: 2023-13 # bad\n".into() };
        let place = Place::at(&source.text, 2, 10);
        let d = Diagnostic::new("E104", Severity::Error, "month 13 does not exist", &source, Some(place))
            .with_help("write YYYY-MM");
        assert_eq!(
            d.to_string(),
            "error[E104]: month 13 does not exist\n  --> m.yaml:2:10\n   |\n  2| release: 2023-13 # bad\n   |          ^^^^^^^\n   = help: write YYYY-MM"
        );
    }
}
