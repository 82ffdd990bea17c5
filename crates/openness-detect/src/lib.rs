//! Licence detection: which licence does this file hold?
//!
//! Two passes, cheapest first. AI-model licences and use policies are recognised by the
//! headings and version lines that the licence base lists for them (`titles`): no licence text
//! is stored. Everything else is compared, by word pairs, with the SPDX licence texts and
//! headers of the `spdx` crate's detection store (askalono's measure), through an index of
//! hashes that the build script derives from that store and the binary embeds: nothing is
//! loaded at start-up, one walk over the index scores a text against every SPDX text, and
//! licences embedded in a longer file, or several in one file, are found as the spans that
//! match them (see `matching`).
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

mod index;
mod matching;
mod words;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use openness_core::LicenceBase;
use openness_read::{Budget, Open};
use serde::Serialize;

use crate::index::INDEX;
use crate::matching::{Analysis, Found, Settings};

/// At most this many bytes of a file are read: licence texts are far shorter.
pub const MAX_BYTES: usize = 512 * 1024;
/// Below this score a text match is not reported as the licence.
pub const TEXT_THRESHOLD: f32 = 0.8;
/// A title must appear within this many non-empty lines of the top of the file.
const TITLE_WINDOW: usize = 12;
/// The comparison's settings: a whole text scoring above `shallow` is not searched for parts;
/// a part shares at least `min_pairs` word pairs with its licence, so that a few common
/// phrases never make one.
const SETTINGS: Settings =
    Settings { threshold: TEXT_THRESHOLD, shallow: 0.95, max_parts: 10, min_pairs: 12, max_candidates: 48 };

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
    /// When the file holds several licence texts, each of them, in the order of the file.
    pub parts: Vec<Part>,
    /// A remark: binary, empty, truncated, reflowed, ambiguous...
    pub note: Option<String>,
}

/// One licence text among several in a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    /// Licence id.
    pub id: String,
    /// The licence's name.
    pub name: Option<String>,
    /// Its score, 0–1.
    pub confidence: f32,
    /// Its first line (1-based).
    pub first_line: usize,
    /// Its last line.
    pub last_line: usize,
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
            parts: Vec::new(),
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
    /// The rules by the first word of their heading.
    by_first_word: HashMap<String, Vec<usize>>,
}

/// Reads at most [`MAX_BYTES`] + 1 bytes of a file (one more, to tell that it was cut),
/// through the bounded reader: opened as `how` allows, charged to `budget`.
fn read_bounded(path: &Path, how: Open, budget: &Budget) -> Result<Vec<u8>, DetectError> {
    Ok(openness_read::read_head(path, how, MAX_BYTES as u64 + 1, budget)?.0)
}

impl<'a> Detector<'a> {
    /// A detector for the licences of `base`.
    pub fn new(base: &'a LicenceBase) -> Detector<'a> {
        let rules = base
            .profiles()
            .iter()
            .filter(|p| !p.titles.is_empty())
            .map(|p| TitleRule { id: p.id.clone(), titles: p.titles.iter().map(|t| fold(t)).collect() })
            .filter(|r: &TitleRule| r.titles.first().is_some_and(|h| !h.is_empty()))
            .collect::<Vec<_>>();
        let mut by_first_word: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, rule) in rules.iter().enumerate() {
            let first = rule.titles[0].split(' ').next().unwrap_or_default();
            by_first_word.entry(first.to_owned()).or_default().push(i);
        }
        Detector { base, rules, by_first_word }
    }

    /// Detects the licence of a file opened as `how` allows (see `openness_read`), reading at
    /// most [`MAX_BYTES`], charged to `budget`.
    pub fn detect_file(&self, path: &Path, how: Open, budget: &Budget) -> Result<Detection, DetectError> {
        Ok(self.detect_bytes(&read_bounded(path, how, budget)?))
    }

    /// Detects the licences of many files, in their order, on as many threads as there are
    /// cores (at most `workers`; 0 means one per core).
    pub fn detect_files(
        &self,
        paths: &[PathBuf],
        workers: usize,
        how: Open,
        budget: &Budget,
    ) -> Vec<Result<Detection, DetectError>> {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        let workers = if workers == 0 { cores } else { workers.min(cores) }.min(paths.len()).max(1);
        if workers == 1 {
            return paths.iter().map(|p| self.detect_file(p, how, budget)).collect();
        }
        // Files go to the threads in turn, one at a time, so that a long file holds up no batch.
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut results: Vec<(usize, Result<Detection, DetectError>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        let mut mine = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(path) = paths.get(i) else { break };
                            mine.push((i, self.detect_file(path, how, budget)));
                        }
                        mine
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
        });
        results.sort_by_key(|(i, _)| *i);
        results.into_iter().map(|(_, r)| r).collect()
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
        // Headings are looked for in the first lines only; version lines, for a matched heading,
        // anywhere (folded once, when first needed).
        let mut nonempty = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).take(2000);
        let mut lines: Vec<(usize, &str, String)> =
            nonempty.by_ref().take(TITLE_WINDOW).map(|(i, l)| (i + 1, l, fold(l))).collect();
        let mut all_folded = false;
        // Where each rule's heading first appears: found through the heading's first word.
        let mut heading_at: Vec<Option<usize>> = vec![None; self.rules.len()];
        for (pos, (_, _, folded)) in lines.iter().enumerate() {
            let mut offset = 0;
            for word in folded.split(' ') {
                for &r in self.by_first_word.get(word).into_iter().flatten() {
                    if heading_at[r].is_none() && heading_starts(folded, offset, &self.rules[r].titles[0]) {
                        heading_at[r] = Some(pos);
                    }
                }
                offset += word.len() + 1;
            }
        }
        // (heading position, version lines matched, rule, evidence)
        let mut found: Vec<(usize, usize, &TitleRule, Vec<EvidenceLine>)> = Vec::new();
        for (rule, pos) in self.rules.iter().zip(heading_at) {
            let Some(pos) = pos else {
                continue;
            };
            let mut evidence = vec![EvidenceLine { line: lines[pos].0, text: lines[pos].1.trim().to_owned() }];
            if rule.titles.len() > 1 && !all_folded {
                lines.extend(nonempty.by_ref().map(|(i, l)| (i + 1, l, fold(l))));
                all_folded = true;
            }
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
            parts: Vec::new(),
            note,
        })
    }

    /// The id and name a text of the index is reported under.
    fn reported(&self, spdx_id: &str, text: &str) -> (String, Option<String>) {
        let id = current_id(fix_pixar(spdx_id, text));
        let known = self.base.get(id);
        (known.map_or_else(|| id.to_owned(), |p| p.id.clone()), known.map(|p| p.name.clone()))
    }

    fn by_text(&self, text: &str) -> Detection {
        let Some(index) = INDEX.as_ref() else {
            return Detection::nothing("the licence text index could not be read");
        };
        let words = words::words(text);
        let Analysis { whole, parts } = matching::analyse(index, &words, &SETTINGS);
        let Some(best) = whole.first().copied() else {
            return Detection::nothing("no words to compare");
        };
        let name_of = |f: &Found| fix_pixar(index.name(f.text), text);
        let whole_wins = best.score >= TEXT_THRESHOLD
            && (parts.is_empty() || (parts.len() == 1 && name_of(&parts[0]) == name_of(&best)));
        let original: Vec<&str> = text.split('\n').collect();
        // The lines a span of word pairs covers (0-based, inclusive).
        let line_range = |f: &Found| {
            let first = words.lines.get(f.span.0).copied().unwrap_or(0) as usize;
            let last = words.lines.get(f.span.1).or(words.lines.last()).copied().unwrap_or(0) as usize;
            (first, last.max(first))
        };
        let (primary, range) = if whole_wins {
            (best, None)
        } else if let Some(p) = parts.iter().max_by_key(|p| p.matched) {
            (*p, Some(line_range(p)))
        } else {
            let closest = name_of(&best);
            let mut d =
                Detection::nothing(format!("no licence text matched (closest: {closest} at {:.2})", best.score));
            d.alternatives.push(Candidate { id: closest.to_owned(), score: round(best.score) });
            return d;
        };
        let (id, name) = self.reported(index.name(primary.text), text);
        let (start, end) = range.unwrap_or((0, original.len().saturating_sub(1)));
        let mut lines: Vec<EvidenceLine> = (start..=end)
            .filter_map(|i| original.get(i).map(|l| (i, l)))
            .filter(|(_, l)| !l.trim().is_empty())
            .take(2)
            .map(|(i, l)| EvidenceLine { line: i + 1, text: l.trim().to_owned() })
            .collect();
        if let Some(last) = original.get(end).filter(|l| !l.trim().is_empty())
            && lines.last().is_some_and(|l| l.line < end + 1)
        {
            lines.push(EvidenceLine { line: end + 1, text: last.trim().to_owned() });
        }
        let mut part_list: Vec<Part> = Vec::new();
        if !whole_wins && parts.len() > 1 {
            let mut ordered = parts.clone();
            ordered.sort_by_key(|p| p.span.0);
            for p in &ordered {
                let (id, name) = self.reported(index.name(p.text), text);
                let (first, last) = line_range(p);
                part_list.push(Part {
                    id,
                    name,
                    confidence: round(p.score),
                    first_line: first + 1,
                    last_line: last + 1,
                });
            }
        }
        let mut notes = Vec::new();
        if part_list.len() > 1 {
            let ids: Vec<&str> = part_list.iter().map(|p| p.id.as_str()).collect();
            notes.push(format!("the file holds {} licence texts: {}", part_list.len(), ids.join(", ")));
        } else if range.is_some() {
            notes.push(format!("the licence text spans lines {}–{} of a longer file", start + 1, end + 1));
        }
        if index.kind(primary.text) == index::Kind::Header {
            notes.push("matched the licence's standard header, not its full text".to_owned());
        }
        if id.ends_with("-or-later") || id.ends_with('+') || id.ends_with("-only") {
            notes.push("a licence text alone does not tell `-only` from `-or-later`; the project's notices do, and both grade the same".to_owned());
        }
        // Close rivals of the reported text: other texts scoring within 0.1 of it.
        let rivals = if whole_wins { &whole[1..] } else { &[][..] };
        let alternatives = rivals
            .iter()
            .filter(|r| r.score >= TEXT_THRESHOLD && r.score + 0.1 >= primary.score)
            .map(|r| Candidate { id: self.reported(index.name(r.text), text).0, score: round(r.score) })
            .filter(|c| c.id != id)
            .collect();
        Detection {
            id: Some(id),
            name,
            confidence: round(primary.score),
            method: Method::Text,
            lines,
            alternatives,
            parts: part_list,
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

/// Whether folded `line` holds folded `heading` as whole words starting at byte `offset`.
fn heading_starts(line: &str, offset: usize, heading: &str) -> bool {
    line.get(offset..)
        .is_some_and(|rest| rest.starts_with(heading) && rest[heading.len()..].chars().next().is_none_or(|c| c == ' '))
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
