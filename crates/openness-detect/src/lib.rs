//! Licence detection: which licence does this file hold?
//!
//! Two passes, cheapest first. AI-model licences and use policies are recognised by the
//! headings and version lines that the licence base lists for them (`titles`): no licence text
//! is stored. Everything else goes to the `spdx` crate's detection store (askalono's algorithm
//! with SPDX's texts), which scores the whole text, or the best-matching span of it.
//!
//! Reading is bounded: binary files are recognised and skipped, empty files say so, and only
//! the first [`MAX_BYTES`] of a file are read.
//!
//! ```
//! use openness_core::{LicenceBase, LicenceProfile};
//! let base = LicenceBase::default().with_spdx();
//! let detector = openness_detect::Detector::new(&base);
//! let text = "Permission is hereby granted, free of charge, to any person obtaining a copy of this software";
//! let detection = detector.detect_text(text);
//! assert!(detection.confidence < 0.8 || detection.id.as_deref() == Some("MIT"));
//! ```

use std::path::Path;
use std::sync::LazyLock;

use openness_core::LicenceBase;
use serde::Serialize;
use spdx::detection::scan::Scanner;
use spdx::detection::{Store, TextData};

/// At most this many bytes of a file are read: licence texts are far shorter.
pub const MAX_BYTES: usize = 512 * 1024;
/// Below this score a text match is not reported as the licence.
pub const TEXT_THRESHOLD: f32 = 0.8;
/// A title must appear within this many non-empty lines of the top of the file.
const TITLE_WINDOW: usize = 12;

static STORE: LazyLock<Option<Store>> = LazyLock::new(|| Store::load_inline().ok());

/// How a detection was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// By the licence's title (and version lines).
    Title,
    /// By comparing the text with SPDX licence texts.
    Text,
    /// Nothing matched.
    None,
}

/// A line of the file that decided the detection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceLine {
    /// 1-based line number.
    pub line: usize,
    /// The line, trimmed.
    pub text: String,
}

/// A candidate that was considered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// Licence id.
    pub id: String,
    /// Its score, 0–1.
    pub score: f32,
}

/// What was found in one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Detection {
    /// The licence, or `None` when nothing matched well enough.
    pub id: Option<String>,
    /// The licence's name.
    pub name: Option<String>,
    /// 0–1.
    pub confidence: f32,
    /// How it was found.
    pub method: Method,
    /// The lines that decided it (titles matched, or the span of the matched text).
    pub lines: Vec<EvidenceLine>,
    /// Other candidates, best first.
    pub alternatives: Vec<Candidate>,
    /// A remark: binary, empty, truncated, reflowed, ambiguous...
    pub note: Option<String>,
}

impl Detection {
    fn nothing(note: impl Into<String>) -> Detection {
        Detection {
            id: None,
            name: None,
            confidence: 0.0,
            method: Method::None,
            lines: Vec::new(),
            alternatives: Vec::new(),
            note: Some(note.into()),
        }
    }
}

/// Why a file could not be examined.
#[derive(Debug, thiserror::Error)]
pub enum DetectError {
    /// The file could not be opened or read, or was refused (a link, a FIFO, a device).
    #[error(transparent)]
    Read(#[from] openness_read::ReadError),
}

/// Folds text for title matching: lowercase letters and digits; every run of other characters
/// becomes one space.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    out.trim_end().to_owned()
}

struct TitleRule {
    id: String,
    /// Folded titles; the first is the heading, the rest are version lines.
    titles: Vec<String>,
}

/// Recognises licences against one licence base.
pub struct Detector<'a> {
    base: &'a LicenceBase,
    rules: Vec<TitleRule>,
}

impl<'a> Detector<'a> {
    /// A detector for the licences of `base`.
    pub fn new(base: &'a LicenceBase) -> Detector<'a> {
        let rules = base
            .profiles()
            .iter()
            .filter(|p| !p.titles.is_empty())
            .map(|p| TitleRule { id: p.id.clone(), titles: p.titles.iter().map(|t| fold(t)).collect() })
            .collect();
        Detector { base, rules }
    }

    /// Detects the licence of a file opened as `how` allows (see `openness_read`), reading at
    /// most [`MAX_BYTES`] and one byte more, to know it was cut, charged to `budget`.
    pub fn detect_file(
        &self,
        path: &Path,
        how: openness_read::Open,
        budget: &openness_read::Budget,
    ) -> Result<Detection, DetectError> {
        let (bytes, _) = openness_read::read_head(path, how, MAX_BYTES as u64 + 1, budget)?;
        Ok(self.detect_bytes(&bytes))
    }

    /// Detects the licence of raw file contents.
    pub fn detect_bytes(&self, bytes: &[u8]) -> Detection {
        let truncated = bytes.len() > MAX_BYTES;
        let bytes = &bytes[..bytes.len().min(MAX_BYTES)];
        if bytes.iter().take(8192).any(|b| *b == 0) {
            return Detection::nothing("binary file: not a licence text");
        }
        let text = String::from_utf8_lossy(bytes);
        let mut detection = self.detect_text(&text);
        if truncated {
            let note = format!("only the first {} KiB were read", MAX_BYTES / 1024);
            detection.note = Some(match detection.note.take() {
                Some(n) => format!("{n}; {note}"),
                None => note,
            });
        }
        detection
    }

    /// Detects the licence of a text.
    pub fn detect_text(&self, text: &str) -> Detection {
        if text.trim().is_empty() {
            return Detection::nothing("empty file");
        }
        if let Some(d) = self.by_title(text) {
            return d;
        }
        self.by_text(text)
    }

    fn by_title(&self, text: &str) -> Option<Detection> {
        let lines: Vec<(usize, &str, String)> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .take(2000)
            .map(|(i, l)| (i + 1, l, fold(l)))
            .collect();
        // (heading position, version lines matched, rule, evidence)
        let mut found: Vec<(usize, usize, &TitleRule, Vec<EvidenceLine>)> = Vec::new();
        for rule in &self.rules {
            let Some(heading) = rule.titles.first() else {
                continue;
            };
            let Some(pos) = lines.iter().take(TITLE_WINDOW).position(|(_, _, f)| contains_words(f, heading)) else {
                continue;
            };
            let mut evidence = vec![EvidenceLine { line: lines[pos].0, text: lines[pos].1.trim().to_owned() }];
            for version in &rule.titles[1..] {
                if let Some((n, l, _)) = lines.iter().find(|(_, _, f)| contains_words(f, version)) {
                    evidence.push(EvidenceLine { line: *n, text: l.trim().to_owned() });
                }
            }
            let versions = evidence.len() - 1;
            found.push((pos, versions, rule, evidence));
        }
        // The heading nearest the top wins; then the most version lines; then the longest heading.
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(b.2.titles[0].len().cmp(&a.2.titles[0].len())));
        let mut iter = found.into_iter();
        let (pos, versions, rule, evidence) = iter.next()?;
        let rivals: Vec<_> = iter.collect();
        let tied = rivals.iter().any(|r| r.0 == pos && r.1 == versions && r.2.titles[0] == rule.titles[0]);
        let has_versions = rule.titles.len() > 1;
        let confidence = match (tied, has_versions, versions > 0) {
            (true, _, _) => 0.6,
            (false, true, true) | (false, false, _) => 0.97,
            (false, true, false) => 0.85,
        };
        let alternatives = rivals
            .iter()
            .map(|r| Candidate { id: r.2.id.clone(), score: if r.0 == pos { 0.6 } else { 0.3 } })
            .collect();
        let note =
            tied.then(|| "several versions share this title and no version line decided between them".to_owned());
        Some(Detection {
            name: self.base.get(&rule.id).map(|p| p.name.clone()),
            id: Some(rule.id.clone()),
            confidence,
            method: Method::Title,
            lines: evidence,
            alternatives,
            note,
        })
    }

    fn by_text(&self, text: &str) -> Detection {
        let Some(store) = STORE.as_ref() else {
            return Detection::nothing("the SPDX detection store could not be loaded");
        };
        // Text reflowed into a few very long lines defeats the line-based matcher: rewrap it.
        let line_count = text.lines().count().max(1);
        let reflowed = text.len() / line_count > 400;
        let prepared = if reflowed { text.replace(". ", ".\n") } else { text.to_owned() };
        let data = TextData::new(&prepared);
        let scanner =
            Scanner::new(store).confidence_threshold(TEXT_THRESHOLD).shallow_limit(0.95).optimize(true).max_passes(3);
        let result = scanner.scan(&data);
        let original_lines: Vec<&str> = prepared.lines().collect();
        let (id, score, range) = match (&result.license, result.containing.first()) {
            (Some(l), _) => (l.name, result.score, None),
            (None, Some(c)) => (c.license.name, c.score, Some(c.line_range)),
            (None, None) => {
                let best = store.analyze(&data);
                let mut d = Detection::nothing(format!(
                    "no licence text matched (closest: {} at {:.2})",
                    fix_pixar(best.name, text),
                    best.score
                ));
                d.alternatives.push(Candidate { id: fix_pixar(best.name, text).to_owned(), score: round(best.score) });
                return d;
            }
        };
        let id = current_id(fix_pixar(id, text));
        let (start, end) = range.unwrap_or((0, original_lines.len()));
        let mut lines: Vec<EvidenceLine> = original_lines
            .iter()
            .enumerate()
            .skip(start)
            .take(end.saturating_sub(start))
            .filter(|(_, l)| !l.trim().is_empty())
            .take(2)
            .map(|(i, l)| EvidenceLine { line: i + 1, text: l.trim().to_owned() })
            .collect();
        if end > start + 2
            && let Some(last) = original_lines.get(end.saturating_sub(1))
        {
            lines.push(EvidenceLine { line: end, text: last.trim().to_owned() });
        }
        let mut notes = Vec::new();
        if range.is_some() {
            notes.push(format!("the licence text spans lines {}–{} of a longer file", start + 1, end));
        }
        if reflowed {
            notes.push("long lines were rewrapped at sentence ends before matching".to_owned());
        }
        if id.ends_with("-or-later") || id.ends_with('+') || id.ends_with("-only") {
            notes.push("a licence text alone does not tell `-only` from `-or-later`; the project's notices do, and both grade the same".to_owned());
        }
        let known = self.base.get(id);
        Detection {
            id: Some(known.map_or_else(|| id.to_owned(), |p| p.id.clone())),
            name: known.map(|p| p.name.clone()),
            confidence: round(score),
            method: Method::Text,
            lines,
            alternatives: result
                .containing
                .iter()
                .skip(usize::from(range.is_some()))
                .map(|c| Candidate { id: c.license.name.to_owned(), score: round(c.score) })
                .collect(),
            note: (!notes.is_empty()).then(|| notes.join("; ")),
        }
    }
}

fn round(score: f32) -> f32 {
    (score * 1000.0).round() / 1000.0
}

/// SPDX's Pixar licence is Apache-2.0 with one section changed, and Apache-2.0 texts without
/// their appendix score closer to it. A text that never says "Pixar" is Apache-2.0.
fn fix_pixar<'s>(id: &'s str, text: &str) -> &'s str {
    if id == "Pixar" && !text.to_ascii_lowercase().contains("pixar") { "Apache-2.0" } else { id }
}

/// The id a licence text is reported under: deprecated SPDX ids become their replacement
/// (`GPL-2.0+` → `GPL-2.0-or-later`), and the GFDL's `-invariants`/`-no-invariants` variants,
/// which describe a document's use of the licence rather than its text, become the plain id.
fn current_id(id: &str) -> &str {
    let id = openness_core::current_spdx_id(id).unwrap_or(id);
    let plain = id.replacen("-no-invariants", "", 1).replacen("-invariants", "", 1);
    if plain != id
        && let Some(l) = spdx::license_id(&plain)
    {
        return l.name;
    }
    id
}

/// Whether `haystack` contains `needle` as whole words (both folded).
fn contains_words(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    haystack.match_indices(needle).any(|(i, _)| {
        let before = haystack[..i].chars().next_back().is_none_or(|c| c == ' ');
        let after = haystack[i + needle.len()..].chars().next().is_none_or(|c| c == ' ');
        before && after
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_punctuation_and_markup() {
        assert_eq!(
            fold("<h2 align=\"center\"> OPT-175B LICENSE AGREEMENT </h2>"),
            "h2 align center opt 175b license agreement h2"
        );
        assert_eq!(fold("# Llama 2 Acceptable Use Policy"), "llama 2 acceptable use policy");
        assert_eq!(fold("Llama 3.1 Version"), "llama 3 1 version");
    }

    #[test]
    fn whole_words_only() {
        assert!(contains_words("meta llama 3 community license agreement", "llama 3 community license agreement"));
        assert!(!contains_words("llama 31 community license agreement", "llama 3 community license agreement"));
        assert!(!contains_words("xllama 3", "llama 3"));
    }

    #[test]
    fn texts_are_reported_under_current_plain_ids() {
        assert_eq!(current_id("GPL-2.0+"), "GPL-2.0-or-later");
        assert_eq!(current_id("GFDL-1.3-invariants-or-later"), "GFDL-1.3-or-later");
        assert_eq!(current_id("GFDL-1.2-no-invariants-only"), "GFDL-1.2-only");
        assert_eq!(current_id("MIT"), "MIT");
    }

    #[test]
    fn pixar_is_apache_unless_it_says_pixar() {
        assert_eq!(fix_pixar("Pixar", "Apache License"), "Apache-2.0");
        assert_eq!(fix_pixar("Pixar", "Modified Apache 2.0 License (Pixar)"), "Pixar");
        assert_eq!(fix_pixar("MIT", "x"), "MIT");
    }
}
