//! Dating a draft: the release month and the date of the facts (`as_of`), read from what the
//! files say: the card's metadata (`release_date: 2023-07-18`), dated statements in the
//! documents ("Release date: July 18, 2023", "Last updated 2024-01-05") and in licence files
//! ("Version Release Date: July 18, 2023"). Never from file modification times: a checkout's
//! times are those of the clone, not of the release. A date the files do not give stays
//! unknown, and the draft says so.
//!
//! The keys and phrases are data (`data/assess/dates.yaml`, embedded).

use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::Evidence;
use crate::card::Document;
use crate::inventory::{EntryKind, Inventory};

/// The embedded keys and phrases.
pub const EMBEDDED: &str = include_str!("../../../data/assess/dates.yaml");

/// What a date says: that the release happened then, or that the facts stood so then.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cues {
    /// Cues of the release date.
    pub release: Vec<String>,
    /// Cues of a date of the facts.
    pub as_of: Vec<String>,
}

/// `data/assess/dates.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateCues {
    /// Model-card metadata keys.
    pub card: Cues,
    /// Phrases before a date on one line of a document.
    pub text: Cues,
}

/// The embedded cues, parsed once.
pub fn embedded() -> Result<&'static DateCues, String> {
    static CUES: OnceLock<Result<DateCues, String>> = OnceLock::new();
    CUES.get_or_init(|| serde_saphyr::from_str(EMBEDDED).map_err(|e| format!("data/assess/dates.yaml: {e}")))
        .as_ref()
        .map_err(Clone::clone)
}

/// A calendar date or month, as a file states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    year: u16,
    month: u8,
    day: Option<u8>,
}

impl Day {
    fn new(year: u16, month: u8, day: Option<u8>) -> Option<Day> {
        let d = Day { year, month, day };
        // The catalogue's own reading of dates decides what is a real day.
        ((1990..=2100).contains(&year) && openness_catalogue::FactDate::parse(&d.to_string()).is_ok()).then_some(d)
    }

    /// `YYYY-MM`.
    pub fn month(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{d:02}", self.year, self.month),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

/// A date with where it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatedEvidence {
    /// `YYYY-MM-DD`, or `YYYY-MM` when the file gives only the month.
    pub date: String,
    /// Where.
    pub evidence: Evidence,
}

/// The dates of a draft, each with its evidence; `None` where the files give none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReleaseDates {
    /// The release date.
    pub release: Option<DatedEvidence>,
    /// The date of the facts: the newest date the files give for their own state (an update,
    /// a revision), else the release date.
    pub as_of: Option<DatedEvidence>,
}

impl ReleaseDates {
    /// The release month, `YYYY-MM`.
    pub fn release_month(&self) -> Option<String> {
        self.release.as_ref().map(|d| d.date[..7].to_owned())
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_named(word: &str) -> Option<u8> {
    let word = word.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(word)) || (word == "sept" && *m == "september"))
        .and_then(|i| u8::try_from(i + 1).ok())
}

fn number(word: &str, digits: std::ops::RangeInclusive<usize>) -> Option<u16> {
    let word = ["st", "nd", "rd", "th"].iter().find_map(|s| word.strip_suffix(s)).unwrap_or(word);
    (digits.contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit())).then(|| word.parse().ok()).flatten()
}

/// The dates in a line, with their byte offsets: `2023-07-18`, `2023/07/18`, `2023-07`,
/// `July 18, 2023`, `18 July 2023`, `Jul 2023`. A year alone is no date.
pub fn dates_in(line: &str) -> Vec<(usize, Day)> {
    let lower = line.to_ascii_lowercase();
    let mut found = Vec::new();
    // ISO-like: four digits, `-` or `/`, two digits, optionally again; no digit around.
    let b = lower.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let sep = |i: usize| b.get(i).is_some_and(|c| *c == b'-' || *c == b'/');
    for i in 0..b.len() {
        if (i > 0 && (digit(i - 1) || sep(i - 1))) || !(0..4).all(|k| digit(i + k)) || !sep(i + 4) {
            continue;
        }
        if !(digit(i + 5) && digit(i + 6)) || digit(i + 7) {
            continue;
        }
        let year = lower[i..i + 4].parse().unwrap_or(0);
        let month = lower[i + 5..i + 7].parse().unwrap_or(0);
        let day = (b.get(i + 7) == b.get(i + 4) && digit(i + 8) && digit(i + 9) && !digit(i + 10))
            .then(|| lower[i + 8..i + 10].parse().ok())
            .flatten();
        if b.get(i + 7) == b.get(i + 4) && day.is_none() {
            continue;
        }
        if let Some(d) = Day::new(year, month, day) {
            found.push((i, d));
        }
    }
    // Month names.
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (i, c) in lower.char_indices().chain([(lower.len(), ' ')]) {
        match (c.is_ascii_alphanumeric() || c == '.', start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, lower[s..i].trim_end_matches('.')));
                start = None;
            }
            _ => {}
        }
    }
    words.retain(|(_, w)| !w.is_empty());
    for (k, (at, word)) in words.iter().enumerate() {
        let next = |n: usize| words.get(k + n).map(|(_, w)| *w);
        let Some(month) = month_named(word) else { continue };
        let date = match (next(1).and_then(|w| number(w, 1..=2)), next(2).and_then(|w| number(w, 4..=4))) {
            (Some(day), Some(year)) => Day::new(year, month, u8::try_from(day).ok()),
            _ => next(1).and_then(|w| number(w, 4..=4)).and_then(|year| Day::new(year, month, None)),
        };
        // `18 July 2023`: the day before the month.
        let before = k.checked_sub(1).and_then(|j| number(words[j].1, 1..=2)).map(|d| (words[k - 1].0, d));
        match (before, next(1).and_then(|w| number(w, 4..=4))) {
            (Some((start, day)), Some(year)) => {
                if let Some(d) = Day::new(year, month, u8::try_from(day).ok()) {
                    found.push((start, d));
                }
            }
            _ => {
                if let Some(d) = date {
                    found.push((*at, d));
                }
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found
}

/// The first date after a cue on a line, if a cue is there.
fn cued(line: &str, cues: &[String]) -> Option<Day> {
    let lower = line.to_ascii_lowercase();
    let at = cues.iter().filter_map(|c| lower.find(c.as_str())).min()?;
    dates_in(line).into_iter().find(|(i, _)| *i > at).map(|(_, d)| d)
}

/// Top-level `key: value` pairs of a card's YAML front matter, with their lines.
fn front_matter(text: &str) -> Vec<(usize, &str, &str)> {
    let mut lines = text.lines().enumerate();
    if lines.next().is_none_or(|(_, l)| l.trim_end() != "---") {
        return Vec::new();
    }
    lines
        .take_while(|(_, l)| l.trim_end() != "---")
        .filter(|(_, l)| !l.starts_with([' ', '\t', '-', '#']))
        .filter_map(|(i, l)| l.split_once(':').map(|(k, v)| (i + 1, k.trim(), v.trim().trim_matches(['"', '\'']))))
        .collect()
}

/// Licence files at the top of the repository: `LICENSE`, `LICENCE.txt`, `USE_POLICY.md`, ...
pub(crate) fn is_licence_file(name: &str) -> bool {
    ["license", "licence", "copying", "notice", "use_policy", "terms"].iter().any(|p| name.starts_with(p))
}

/// Reads the dates of a repository from its card (`card`, an index into `docs`), its documents
/// and its licence files (read here, through `budget`).
pub fn read(
    root: &Path,
    inventory: &Inventory,
    docs: &[Document],
    card: Option<usize>,
    budget: &openness_read::Budget,
) -> ReleaseDates {
    let Ok(cues) = embedded() else { return ReleaseDates::default() };
    let dated = |d: Day, file: &str, line: usize, text: &str| DatedEvidence {
        date: d.to_string(),
        evidence: Evidence { file: file.to_owned(), line: Some(line), text: text.trim().chars().take(160).collect() },
    };
    let mut release: Option<DatedEvidence> = None;
    let mut as_of: Vec<(Day, DatedEvidence)> = Vec::new();
    if let Some(doc) = card.and_then(|i| docs.get(i)) {
        for (line, key, value) in front_matter(&doc.text) {
            let key = key.to_ascii_lowercase();
            let Some((_, day)) = dates_in(value).into_iter().next() else { continue };
            let text = format!("{key}: {value}");
            if release.is_none() && cues.card.release.contains(&key) {
                release = Some(dated(day, &doc.path, line, &text));
            }
            if cues.card.as_of.contains(&key) {
                as_of.push((day, dated(day, &doc.path, line, &text)));
            }
        }
    }
    let licences: Vec<Document> = inventory
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::File && !e.path.contains('/') && is_licence_file(e.name_lower()))
        .filter(|e| !docs.iter().any(|d| d.path == e.path))
        .filter_map(|e| Document::read(root, &e.path, budget))
        .collect();
    for doc in docs.iter().chain(&licences) {
        for (i, line) in doc.text.lines().enumerate() {
            if release.is_none()
                && let Some(day) = cued(line, &cues.text.release)
            {
                release = Some(dated(day, &doc.path, i + 1, line));
            }
            if let Some(day) = cued(line, &cues.text.as_of) {
                as_of.push((day, dated(day, &doc.path, i + 1, line)));
            }
        }
    }
    if let Some(r) = &release
        && let Some((_, day)) = dates_in(&r.date).into_iter().next()
    {
        as_of.push((day, r.clone()));
    }
    let as_of = as_of.into_iter().max_by_key(|(day, _)| *day).map(|(_, d)| d);
    ReleaseDates { release, as_of }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(line: &str) -> Vec<String> {
        dates_in(line).into_iter().map(|(_, d)| d.to_string()).collect()
    }

    #[test]
    fn dates_as_people_write_them() {
        assert_eq!(days("Release date: 2023-07-18."), ["2023-07-18"]);
        assert_eq!(days("on 2023/07/18 and 2024-02"), ["2023-07-18", "2024-02"]);
        assert_eq!(days("Version Release Date: July 18, 2023"), ["2023-07-18"]);
        assert_eq!(days("released 18th Sept. 2023"), ["2023-09-18"]);
        assert_eq!(days("in Jul 2023"), ["2023-07"]);
        assert_eq!(days("| Release | 5 March 2024 |"), ["2024-03-05"]);
    }

    #[test]
    fn what_is_not_a_date() {
        assert!(days("Copyright 2023 the authors").is_empty());
        assert!(days("2023-13-01, 2023-02-30, 12023-01-01, 2023-01-011").is_empty());
        assert!(days("you may 2 things").is_empty());
        assert_eq!(days("naïve café, 2023-07-18"), ["2023-07-18"]);
    }

    #[test]
    fn a_cue_dates_what_follows_it() {
        let c = embedded().expect("data/assess/dates.yaml parses");
        assert_eq!(
            cued("Trained in 2023-01; released on 2023-07-18", &c.text.release).map(|d| d.month()).as_deref(),
            Some("2023-07")
        );
        assert_eq!(cued("2023-07-18 is when it was released", &c.text.release), None);
        assert_eq!(
            cued("Last updated: 5 January 2024", &c.text.as_of).map(|d| d.to_string()).as_deref(),
            Some("2024-01-05")
        );
    }

    #[test]
    fn front_matter_keys_with_lines() {
        let text = "---\nlicense: mit\nrelease_date: \"2024-04-18\"\ntags:\n  - date: 2020-01-01\n---\n# x\n";
        assert_eq!(front_matter(text), [(2, "license", "mit"), (3, "release_date", "2024-04-18"), (4, "tags", "")]);
    }
}
