//! Interchange: the catalogue's facts in the formats other tools read, and back.
//!
//! - [`cyclonedx`] — CycloneDX 1.7 JSON: an ML-BOM whose subject is the model, with its model
//!   card, the datasets and code of the taxonomy's components as components with their licences,
//!   the twelve levels as `openness:component:<id>:<field>` properties and who stated each
//!   component's facts, and when, as `citations`. Read back losslessly; others' BOMs are read for
//!   what maps (model licences, model-card datasets) and the rest reported.
//! - [`spdx3`] — SPDX 3.0.1 JSON-LD with the AI and Dataset profiles: an `ai_AIPackage`,
//!   `dataset_DatasetPackage`s linked by `trainedOn` / `testedOn`, licences as
//!   `hasDeclaredLicense` relationships, and each component's facts and level as an annotation.
//! - [`mot`] — the Model Openness Tool's YAML (what MOT's schema validates).
//! - [`osai`] — the European Open Source AI Index's YAML.
//!
//! Each module documents what its mapping loses. Everything starts from [`ReleaseFacts`]: the
//! facts of a graded catalogue record, or of an `openness assess` draft. This crate does no I/O:
//! it turns values into documents and documents into values.
//!
//! ```
//! use openness_interchange::{Format, ReleaseFacts};
//! # fn demo(facts: &ReleaseFacts) {
//! let bom = openness_interchange::export(facts, Format::CycloneDx);
//! let back = openness_interchange::import(&bom, Format::CycloneDx).unwrap();
//! assert_eq!(back.release.id, facts.id);
//! # }
//! ```

pub mod cyclonedx;
pub mod facts;
pub mod mot;
pub mod osai;
pub mod spdx3;

use serde_json::Value;

pub use facts::{ComponentFacts, Observed, Part, ReleaseFacts, SourceFacts};

/// An interchange format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// CycloneDX 1.7 JSON.
    CycloneDx,
    /// SPDX 3.0.1 JSON-LD.
    Spdx3,
    /// The Model Openness Tool's YAML.
    Mot,
    /// The European Open Source AI Index's YAML.
    Osai,
}

impl Format {
    /// The file extension of a document in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::CycloneDx => "cdx.json",
            Format::Spdx3 => "spdx3.json",
            Format::Mot => "mot.yml",
            Format::Osai => "osai.yml",
        }
    }
}

/// A release read from a document, and what in it mapped to no fact.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The facts read. Levels are `Unknown` unless the document carried ours; the catalogue
    /// computes them again from the facts.
    pub release: ReleaseFacts,
    /// What was left out, each with its place (a JSON pointer) and why.
    pub unmapped: Vec<String>,
}

/// A document that could not be read, with its place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {message}")]
pub struct ImportError {
    /// A JSON pointer (`/components/3/licenses`) or `line L, column C`.
    pub place: String,
    /// What is wrong.
    pub message: String,
}

impl ImportError {
    /// An error at a JSON pointer.
    pub fn at(pointer: &str, message: impl Into<String>) -> ImportError {
        ImportError {
            place: if pointer.is_empty() { "/".to_owned() } else { pointer.to_owned() },
            message: message.into(),
        }
    }

    /// A syntax error of the JSON parser, at its line and column.
    pub fn json(e: serde_json::Error) -> ImportError {
        ImportError {
            place: format!("line {}, column {}", e.line(), e.column()),
            message: format!("invalid JSON: {e}"),
        }
    }
}

/// The document of `release` in `format`, as text.
pub fn export(release: &ReleaseFacts, format: Format) -> String {
    match format {
        Format::CycloneDx => pretty(&cyclonedx::export(release)),
        Format::Spdx3 => pretty(&spdx3::export(release)),
        Format::Mot => mot::export(release),
        Format::Osai => osai::export(release),
    }
}

/// Reads a CycloneDX or SPDX 3 document (MOT and OSAI files are read by the catalogue's
/// importers, which map them onto records).
pub fn import(text: &str, format: Format) -> Result<Imported, ImportError> {
    match format {
        Format::CycloneDx => cyclonedx::import(text),
        Format::Spdx3 => spdx3::import(text),
        Format::Mot | Format::Osai => {
            Err(ImportError::at("/", "MOT and OSAI files are imported with `openness import mot|osai`"))
        }
    }
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The link names of the record format, in its order.
pub(crate) const LINK_NAMES: [&str; 11] = [
    "paper",
    "homepage",
    "repository",
    "weights",
    "model_card",
    "data_card",
    "technical_report",
    "evaluation_results",
    "intermediate_checkpoints",
    "data_preprocessing_code",
    "training_logs",
];

/// Whether `text` is an http(s) address (only those become references).
pub(crate) fn is_web_url(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://")) && !text.contains(char::is_whitespace)
}

/// Whether `license` is one licence id of the SPDX list (CycloneDX's `license.id` takes only
/// those; everything else is written as an expression).
pub(crate) fn licence_is_spdx_id(license: &str) -> bool {
    spdx::license_id(license).is_some_and(|l| l.name == license)
}

/// A name made safe for a `bom-ref` or an IRI segment: lowercase letters, digits and `-`.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() { "unnamed".to_owned() } else { out.to_owned() }
}

/// A source declared in one of our documents: its id and `{kind, title, url, date}` as JSON.
pub(crate) fn read_source(id: &str, declared: &str) -> Option<SourceFacts> {
    let v: Value = serde_json::from_str(declared).ok()?;
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    Some(SourceFacts { id: id.to_owned(), kind: s("kind")?, title: s("title")?, url: s("url"), date: s("date") })
}

/// The source standing for a document of another tool: a tracker, dated by the document.
pub(crate) fn document_source(what: &str, name: &str, date: &str) -> SourceFacts {
    SourceFacts {
        id: format!("import-{}", slug(&format!("{what} {name}"))),
        kind: "tracker".to_owned(),
        title: format!("{what} of {name}"),
        url: None,
        date: Some(date.to_owned()),
    }
}

/// A UUID (version 8, RFC 9562) derived from `key`, so that the same release always gets the
/// same serial number and exports are reproducible.
pub(crate) fn deterministic_uuid(key: &str) -> String {
    // Two FNV-1a passes with different offsets give 128 well-mixed bits; no secrecy is needed.
    let fnv = |offset: u64| key.bytes().fold(offset, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3));
    let (hi, lo) = (fnv(0xcbf2_9ce4_8422_2325), fnv(0x84222325_cbf29ce4));
    let hi = (hi & !0xf000) | 0x8000; // version 8
    let lo = (lo & !(0b11 << 62)) | (0b10 << 62); // RFC 9562 variant
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_stable_and_well_formed() {
        let a = deterministic_uuid("llama-2");
        assert_eq!(a, deterministic_uuid("llama-2"));
        assert_ne!(a, deterministic_uuid("llama-3"));
        let groups: Vec<&str> = a.split('-').collect();
        assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
        assert!(groups[2].starts_with('8'), "{a}");
        assert!(matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'), "{a}");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Eiras et al. (2024), table"), "eiras-et-al-2024-table");
        assert_eq!(slug("—"), "unnamed");
    }

    #[test]
    fn only_listed_ids_are_spdx_ids() {
        assert!(licence_is_spdx_id("Apache-2.0"));
        assert!(!licence_is_spdx_id("LicenseRef-llama2"));
        assert!(!licence_is_spdx_id("MIT OR Apache-2.0"));
    }
}
