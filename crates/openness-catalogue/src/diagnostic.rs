//! Diagnostics about user files: a stable code, a message, the place (file, line, column,
//! byte span) and a hint on how to fix it. Rendering is left to the caller.

use std::fmt;
use std::sync::Arc;

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
    /// The file's text, for rendering the offending line.
    #[serde(skip)]
    pub source: Option<Arc<SourceFile>>,
}

impl Diagnostic {
    /// A diagnostic pointing at `place` in `source`.
    pub fn new(
        code: &'static str,
        severity: Severity,
        message: impl Into<String>,
        source: &Arc<SourceFile>,
        place: Option<Place>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            file: source.name.clone(),
            place,
            help: None,
            source: Some(Arc::clone(source)),
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
            source: None,
        }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The text of the line the diagnostic points at.
    pub fn line_text(&self) -> Option<&str> {
        let place = self.place.as_ref()?;
        self.source.as_ref()?.text.lines().nth(place.line.checked_sub(1)?)
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
        if let (Some(line), Some(p)) = (self.line_text(), &self.place) {
            // A long line is shown as the part from the column on, cut: the caret still points.
            let (line, column) = match line.char_indices().nth(SHOWN_LINE_CHARS) {
                Some(_) => {
                    let from = line.char_indices().nth(p.column.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
                    let shown = &line[from..];
                    let end = shown.char_indices().nth(SHOWN_LINE_CHARS).map_or(shown.len(), |(i, _)| i);
                    (&shown[..end], 1)
                }
                None => (line, p.column),
            };
            let p = &Place { column, ..*p };
            let caret_pad: String =
                line.chars().take(p.column.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            let start = line.char_indices().nth(p.column - 1).map_or(line.len(), |(i, _)| i);
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
        let source = Arc::new(SourceFile { name: "m.yaml".into(), text });
        let d = Diagnostic::new("E130", Severity::Error, "bad", &source, Some(Place::at(&source.text, 1, 10)));
        let shown = d.to_string();
        assert!(shown.contains(&format!("  1| {}\n   | ^", "x".repeat(160))), "{shown}");
        assert!(shown.len() < 500);
    }

    #[test]
    fn display_shows_the_offending_line_and_a_caret() {
        let source = Arc::new(SourceFile { name: "m.yaml".into(), text: "id: x\nrelease: 2023-13 # bad\n".into() });
        let place = Place::at(&source.text, 2, 10);
        let d = Diagnostic::new("E104", Severity::Error, "month 13 does not exist", &source, Some(place))
            .with_help("write YYYY-MM");
        assert_eq!(
            d.to_string(),
            "error[E104]: month 13 does not exist\n  --> m.yaml:2:10\n   |\n  2| release: 2023-13 # bad\n   |          ^^^^^^^\n   = help: write YYYY-MM"
        );
    }
}
