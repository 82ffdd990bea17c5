//! A proposed change to one component of a release, and how it becomes an observation in the
//! release's record document. Validation is the catalogue's: the changed document goes through
//! the same checks as `openness check`, and each finding is mapped back to the field it is about.

use std::sync::Arc;

use openness_catalogue::record::{ObservationEntry, RecordFile};
use openness_catalogue::sources::Sources;
use openness_catalogue::{Diagnostic, Severity, SourceFile, check_sources, unspanned};
use openness_core::{Component, LicenceBase};
use serde::{Deserialize, Serialize};

/// A change someone proposes to the facts of one component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The component id (`deployment.data.weights` …).
    pub component: String,
    /// `closed`, `api`, `gated`, `open`, `not-applicable` or `unknown`.
    pub availability: String,
    /// An SPDX expression over the licence base, `NONE` or `NOASSERTION`; empty for none stated.
    #[serde(default)]
    pub license: String,
    /// URLs that support the change (at least one).
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Why, in the proposer's words.
    #[serde(default)]
    pub note: String,
}

/// One problem with a proposed change: the field it is about, what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// `component`, `availability`, `license`, `evidence`, `note`, `author` or `document`.
    pub field: String,
    /// The catalogue's diagnostic code (`E101` …) or `P001`… for checks of the proposal itself.
    pub code: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

impl FieldError {
    fn new(field: &str, code: &str, message: impl Into<String>, fix: impl Into<String>) -> FieldError {
        FieldError { field: field.to_owned(), code: code.to_owned(), message: message.into(), fix: fix.into() }
    }
}

/// The source an accepted change is observed by: the catalogue's maintainers.
pub const REVIEW_SOURCE: &str = "catalogue-review";

/// Longest accepted text field, in bytes: record notes are a few sentences.
const MAX_TEXT: usize = 2000;
/// Most evidence URLs one change may carry.
const MAX_EVIDENCE: usize = 10;

/// Who observed a change and when: written into the record as the component's `as_of` and note.
#[derive(Debug, Clone)]
pub struct Observer<'a> {
    /// The maintainer who accepted it.
    pub maintainer: &'a str,
    /// Who proposed it.
    pub author: &'a str,
    /// The proposal's number.
    pub proposal: i64,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
}

/// The document with `change` added as `observer`'s observation (dated, its note naming the
/// maintainer and the proposal), or every problem with it. Proposals are validated with a
/// provisional observer; acceptance writes the maintainer's.
pub fn apply(
    document: &str,
    change: &Change,
    observer: &Observer<'_>,
    base: &LicenceBase,
    sources: &Sources,
) -> Result<String, Vec<FieldError>> {
    let mut errors = own_checks(change);
    let mut file: RecordFile = serde_saphyr::from_str(document).map_err(|e| {
        vec![FieldError::new("document", "P010", format!("the stored record does not parse: {e}"), "report this")]
    })?;
    let Some((_, entry)) = file.components.value.0.iter_mut().find(|(k, _)| k.value == change.component) else {
        errors.push(FieldError::new(
            "component",
            "P001",
            format!("`{}` is not a component of this record", change.component),
            format!("use one of: {}", Component::ALL.map(|c| c.id()).join(", ")),
        ));
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    // The change is an observation by the catalogue's maintainers (the `catalogue-review`
    // source, which takes precedence), dated the day of the review; the facts other sources
    // observed stay beside it.
    let licence = change.license.trim();
    let said = change.note.trim();
    let mut note =
        format!("Reviewed by {} (proposal {} by {})", observer.maintainer, observer.proposal, observer.author);
    if !said.is_empty() {
        note.push_str(": ");
        note.push_str(said);
    }
    entry.observations.push(ObservationEntry {
        source: unspanned(REVIEW_SOURCE.to_owned()),
        as_of: unspanned(observer.date.to_owned()),
        availability: unspanned(change.availability.trim().to_owned()),
        license: (!licence.is_empty()).then(|| unspanned(licence.to_owned())),
        license_as_recorded: None,
        parts: Vec::new(),
        recorded: None,
        evidence: change.evidence.iter().map(|e| e.trim().to_owned()).collect(),
        note: Some(note),
    });
    let text = serde_saphyr::to_string(&file).map_err(|e| {
        vec![FieldError::new("document", "P011", format!("the changed record cannot be written: {e}"), "report this")]
    })?;
    let source = Arc::new(SourceFile { name: format!("{}.yaml", file.id.value), text });
    let (records, diagnostics) = check_sources(std::slice::from_ref(&source), base, sources);
    let errors: Vec<FieldError> =
        diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| field_error(d, &source.text)).collect();
    if records.is_empty() || !errors.is_empty() {
        return Err(errors);
    }
    Ok(source.text.clone())
}

/// The facts one component of a document states, as written: availability, licence, evidence,
/// date and note; `None` when the document does not parse or lacks the component.
pub fn component_facts(document: &str, component: &str) -> Option<serde_json::Value> {
    let file: RecordFile = serde_saphyr::from_str(document).ok()?;
    let (_, e) = file.components.value.0.iter().find(|(k, _)| k.value == component)?;
    let observations: Vec<serde_json::Value> = e
        .observations
        .iter()
        .map(|o| {
            serde_json::json!({
                "source": o.source.value,
                "as_of": o.as_of.value,
                "availability": o.availability.value,
                "license": o.license.as_ref().map(|l| l.value.clone()),
                "evidence": o.evidence,
                "note": o.note,
            })
        })
        .collect();
    // The latest observation written is what a review added; without one, the entry's own facts.
    let latest = observations.last().cloned();
    Some(serde_json::json!({
        "availability": latest.as_ref().map_or_else(|| serde_json::json!(e.availability.value), |o| o["availability"].clone()),
        "license": latest.as_ref().map_or_else(|| serde_json::json!(e.license.as_ref().map(|l| l.value.clone())), |o| o["license"].clone()),
        "source": latest.as_ref().map_or_else(|| serde_json::json!(e.source.as_ref().map(|s| s.value.clone())), |o| o["source"].clone()),
        "as_of": latest.as_ref().map_or_else(|| serde_json::json!(e.as_of.as_ref().map(|s| s.value.clone())), |o| o["as_of"].clone()),
        "observations": observations.len(),
    }))
}

/// Checks of the proposal that the record format cannot make: bounded sizes, evidence present
/// and on the web.
fn own_checks(change: &Change) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (field, text) in [("availability", &change.availability), ("license", &change.license), ("note", &change.note)]
    {
        if text.len() > MAX_TEXT {
            errors.push(FieldError::new(field, "P002", format!("{} bytes is too long", text.len()), "shorten it"));
        }
    }
    if change.evidence.iter().all(|e| e.trim().is_empty()) {
        errors.push(FieldError::new(
            "evidence",
            "P003",
            "a change needs at least one evidence URL",
            "add the link (model card, licence file, paper) that shows the new facts",
        ));
    }
    if change.evidence.len() > MAX_EVIDENCE {
        errors.push(FieldError::new(
            "evidence",
            "P004",
            format!("{} evidence URLs, at most {MAX_EVIDENCE} are kept", change.evidence.len()),
            "keep the links that decide",
        ));
    }
    for e in &change.evidence {
        let e = e.trim();
        if !(e.starts_with("https://") || e.starts_with("http://"))
            || e.len() > MAX_TEXT
            || e.contains(char::is_whitespace)
        {
            errors.push(FieldError::new(
                "evidence",
                "P005",
                format!("`{}` is not an http(s) URL", e.chars().take(80).collect::<String>()),
                "give a full link starting with https://",
            ));
        }
    }
    errors
}

/// The field a catalogue diagnostic is about, read from the key on the line it points at.
fn field_error(d: &Diagnostic, text: &str) -> FieldError {
    let key = d
        .place
        .and_then(|p| text.lines().nth(p.line - 1))
        .and_then(|line| line.trim_start().trim_start_matches("- ").split_once(':').map(|(k, _)| k.trim().to_owned()));
    let field = match key.as_deref() {
        Some("availability") => "availability",
        Some("license") => "license",
        Some("evidence") => "evidence",
        Some("note") => "note",
        _ => "document",
    };
    FieldError {
        field: field.to_owned(),
        code: d.code.to_owned(),
        message: d.message.clone(),
        fix: d.help.clone().unwrap_or_else(|| "see `openness check --help` for the record format".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> LicenceBase {
        openness_catalogue::embedded_licence_base().unwrap_or_else(|d| panic!("embedded base: {d:?}"))
    }

    fn sources() -> Sources {
        openness_catalogue::embedded_sources_list().unwrap_or_else(|d| panic!("embedded sources: {d:?}"))
    }

    const DRAFT: Observer<'static> = Observer { maintainer: "ana", author: "bo", proposal: 7, date: "2026-12-01" };

    const RECORD: &str = "id: demo\nname: Demo\nrelease: 2024-01\nsource: eiras-2024\nas_of: 2024-05-16\ncomponents:\n  training.code.pretraining:\n    availability: closed\n  training.code.finetuning:\n    availability: closed\n  training.code.alignment:\n    availability: closed\n  training.data.pretraining:\n    availability: closed\n  training.data.sft:\n    availability: closed\n  training.data.alignment:\n    availability: closed\n  evaluation.code.general:\n    availability: closed\n  evaluation.code.safety:\n    availability: closed\n  evaluation.data.utility:\n    availability: closed\n  evaluation.data.safety:\n    availability: closed\n  deployment.code.inference:\n    availability: closed\n  deployment.data.weights:\n    availability: closed\n";

    fn change(availability: &str, license: &str) -> Change {
        Change {
            component: "deployment.data.weights".to_owned(),
            availability: availability.to_owned(),
            license: license.to_owned(),
            evidence: vec!["https://example.org/card".to_owned()],
            note: "weights published".to_owned(),
        }
    }

    #[test]
    fn an_accepted_change_is_the_maintainers_observation() {
        let doc = apply(RECORD, &change("open", "Apache-2.0"), &DRAFT, &base(), &sources())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let file: RecordFile = serde_saphyr::from_str(&doc).unwrap_or_else(|e| panic!("{e}"));
        let (_, entry) = &file.components.value.0[11];
        assert_eq!(entry.availability.value, "closed", "the earlier facts stay");
        let o = &entry.observations[0];
        assert_eq!((o.source.value.as_str(), o.as_of.value.as_str()), ("catalogue-review", "2026-12-01"));
        assert_eq!(o.availability.value, "open");
        assert_eq!(o.license.as_ref().map(|l| l.value.as_str()), Some("Apache-2.0"));
        assert_eq!(o.evidence, vec!["https://example.org/card"]);
        assert_eq!(o.note.as_deref(), Some("Reviewed by ana (proposal 7 by bo): weights published"));
        let facts = component_facts(&doc, "deployment.data.weights").unwrap_or_default();
        assert_eq!((facts["availability"].as_str(), facts["observations"].as_u64()), (Some("open"), Some(1)));
    }

    #[test]
    fn errors_name_the_field_and_a_fix() {
        let errors =
            apply(RECORD, &change("opne", "Apache-2.0"), &DRAFT, &base(), &sources()).err().unwrap_or_default();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "availability");
        assert!(errors[0].code.starts_with('E'), "{errors:?}");
        assert!(!errors[0].fix.is_empty());

        let errors =
            apply(RECORD, &change("open", "Nonsense-Licence-9"), &DRAFT, &base(), &sources()).err().unwrap_or_default();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), vec!["license"], "{errors:?}");

        let mut bad = change("open", "MIT");
        bad.evidence = vec!["javascript:alert(1)".to_owned()];
        bad.component = "weights".to_owned();
        let errors = apply(RECORD, &bad, &DRAFT, &base(), &sources()).err().unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["evidence", "component"], "{errors:?}");
    }
}
