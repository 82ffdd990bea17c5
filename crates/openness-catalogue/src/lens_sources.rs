//! The documents each lens implements (`data/lenses/*.yaml`): which version of a framework or
//! law, and the titles and dates of its sources. Shown with every lens result and by
//! `openness lens --sources`. Also the `{title, date, url}` entries licence profiles cite.

use std::sync::Arc;

use openness_core::Source;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Severity, SourceFile};
use crate::yaml::{parse_all, place_of};

/// The lenses, by the names `openness lens` takes.
pub const LENS_IDS: [&str; 6] = ["eu-ai-act", "us-eo-14110", "osaid", "owd", "mof", "osai-index"];

/// A cited document as written in a data file.
#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    /// The document's title.
    pub title: String,
    /// `YYYY-MM-DD` or `YYYY-MM`.
    pub date: Spanned<String>,
    /// Where it is published.
    #[serde(default)]
    pub url: Option<String>,
}

fn valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let numeric = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y, m] => numeric(y, 4) && numeric(m, 2) && (1..=12).contains(&m.parse::<u8>().unwrap_or(0)),
        [y, m, d] => {
            numeric(y, 4)
                && numeric(m, 2)
                && numeric(d, 2)
                && (1..=12).contains(&m.parse::<u8>().unwrap_or(0))
                && (1..=31).contains(&d.parse::<u8>().unwrap_or(0))
        }
        _ => false,
    }
}

/// Checks a cited document's date and turns it into a [`Source`].
pub fn read_source(entry: &SourceEntry, file: &Arc<SourceFile>, diagnostics: &mut Vec<Diagnostic>) -> Source {
    if !valid_date(&entry.date.value) || entry.title.trim().is_empty() {
        diagnostics.push(
            Diagnostic::new(
                "E601",
                Severity::Error,
                format!("source `{}` needs a title and a date, not `{}`", entry.title, entry.date.value),
                file,
                place_of(file, &entry.date.referenced),
            )
            .with_help("write the document's date as `YYYY-MM-DD` (or `YYYY-MM` when only the month is known)"),
        );
    }
    Source { title: entry.title.clone(), date: entry.date.value.clone(), url: entry.url.clone() }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LensEntry {
    id: Spanned<String>,
    implements: String,
    sources: Vec<SourceEntry>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LensFile {
    #[serde(default)]
    lenses: Vec<LensEntry>,
}

/// What one lens implements, with its sources.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LensDocuments {
    /// The lens, as `openness lens` names it.
    pub lens: String,
    /// The framework or law and its version, e.g. "Model Openness Framework 1.0".
    pub implements: String,
    /// Its documents, the implemented one first.
    pub sources: Vec<Source>,
}

/// Reads lens-source files; every lens of [`LENS_IDS`] must be there once.
pub fn load_lens_sources(files: &[Arc<SourceFile>]) -> Result<Vec<LensDocuments>, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut out: Vec<LensDocuments> = Vec::new();
    for (file, parsed) in parse_all::<LensFile>(files, &mut diagnostics) {
        for e in parsed.lenses {
            let place = place_of(file, &e.id.referenced);
            if !LENS_IDS.contains(&e.id.value.as_str()) || out.iter().any(|l| l.lens == e.id.value) {
                diagnostics.push(
                    Diagnostic::new(
                        "E602",
                        Severity::Error,
                        format!("`{}` is not a lens, or is listed twice", e.id.value),
                        file,
                        place,
                    )
                    .with_help(format!("list each of {} once", LENS_IDS.join(", "))),
                );
                continue;
            }
            if e.sources.is_empty() {
                diagnostics.push(
                    Diagnostic::new(
                        "E603",
                        Severity::Error,
                        format!("lens `{}` cites no source", e.id.value),
                        file,
                        place,
                    )
                    .with_help("add the document the lens implements under `sources:`, with its date"),
                );
            }
            let sources = e.sources.iter().map(|s| read_source(s, file, &mut diagnostics)).collect();
            out.push(LensDocuments { lens: e.id.value, implements: e.implements, sources });
        }
    }
    for id in LENS_IDS {
        if !out.iter().any(|l| l.lens == id) && diagnostics.is_empty() {
            diagnostics.push(
                Diagnostic::about_path("E604", format!("lens `{id}` has no sources"), "lenses")
                    .with_help("every lens names the documents it implements"),
            );
        }
    }
    if diagnostics.is_empty() {
        out.sort_by_key(|l| LENS_IDS.iter().position(|id| *id == l.lens));
        Ok(out)
    } else {
        Err(diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::valid_date;

    #[test]
    fn dates_are_days_or_months() {
        for ok in ["2025-08-02", "2024-12", "2024-02-29"] {
            assert!(valid_date(ok), "{ok}");
        }
        for bad in ["2025", "2025-13", "2025-8-2", "2025-08-32", "25-08-02", "2025-08-02-01", ""] {
            assert!(!valid_date(bad), "{bad}");
        }
    }
}
