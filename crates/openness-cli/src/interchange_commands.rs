//! `openness export`, `openness import cyclonedx|spdx3` and `openness assess --format
//! cyclonedx|spdx3`: the catalogue's facts in other tools' formats, through
//! `openness-interchange`.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use openness_catalogue::Reading;
use openness_catalogue::{Catalogue, Diagnostic, Severity, SourceFile};
use openness_interchange::{Format as Interchange, ReleaseFacts, SourceFacts};

use crate::Outcome;
use crate::commands::{fail, ok, render_diagnostics};

/// `openness export`: one release to stdout, or every release asked for into `out`.
pub fn export(
    catalogue: &Catalogue,
    reading: Reading,
    ids: &[String],
    all: bool,
    out: Option<&Path>,
    format: Interchange,
) -> Outcome {
    let records: Vec<&openness_catalogue::Record> = if all {
        catalogue.records.iter().collect()
    } else {
        let mut found = Vec::new();
        for id in ids {
            match crate::commands::find(catalogue, id) {
                Ok(r) => found.push(r),
                Err(outcome) => return outcome,
            }
        }
        found
    };
    if records.is_empty() {
        return usage("give a release id (`openness export llama-2 --format cyclonedx`) or --all with --out DIR");
    }
    let document = |record: &openness_catalogue::Record| {
        let facts = ReleaseFacts::from_assessment(catalogue, &catalogue.assess(record, reading));
        openness_interchange::export(&facts, format)
    };
    let Some(dir) = out else {
        if records.len() > 1 {
            return usage("several releases are written one file each: add --out DIR");
        }
        return ok(document(records[0]));
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(format!("error: cannot create `{}`: {e}\n", dir.display()));
    }
    for record in &records {
        let path = dir.join(format!("{}.{}", record.id, format.extension()));
        if let Err(e) = std::fs::write(&path, document(record)) {
            return fail(format!("error: cannot write `{}`: {e}\n", path.display()));
        }
    }
    let mut summary = String::new();
    let _ = writeln!(summary, "exported {} release(s) into {}", records.len(), dir.display());
    Outcome { stdout: summary, stderr: String::new(), failed: false }
}

fn usage(help: &str) -> Outcome {
    Outcome { stdout: String::new(), stderr: format!("error: nothing to export\n   = help: {help}\n"), failed: true }
}

/// A CycloneDX or SPDX document read into a record file, with notes for what did not map and
/// the sources it declares that `known` lacks (to be written beside the records).
#[allow(clippy::result_large_err, reason = "diagnostics are cold-path values, as in the other importers")]
pub fn convert_document(
    source: &SourceFile,
    format: Interchange,
    known: &openness_catalogue::sources::Sources,
) -> Result<(openness_catalogue::record::RecordFile, Vec<Diagnostic>, Vec<SourceFacts>), Diagnostic> {
    let (code, what) = match format {
        Interchange::Spdx3 => ("E313", "an SPDX 3 JSON-LD document"),
        _ => ("E312", "a CycloneDX JSON BOM"),
    };
    let imported = openness_interchange::import(&source.text, format).map_err(|e| {
        Diagnostic::about_path(code, format!("`{}` at {}: {}", source.name, e.place, e.message), source.name.clone())
            .with_help(format!("give {what}"))
    })?;
    let notes = imported
        .unmapped
        .iter()
        .map(|u| {
            let mut d =
                Diagnostic::about_path("N314", format!("`{}`: not imported: {u}", source.name), source.name.clone());
            d.severity = Severity::Note;
            d
        })
        .collect();
    let missing = imported.release.sources.iter().filter(|s| known.get(&s.id).is_none()).cloned().collect();
    Ok((imported.release.to_record_file(), notes, missing))
}

/// The `sources/` file declaring sources a document brought (YAML in the catalogue's format).
pub fn sources_file(sources: &[SourceFacts]) -> String {
    let entries: Vec<serde_json::Value> = sources
        .iter()
        .map(|s| {
            let mut e = serde_json::Map::new();
            e.insert("id".into(), s.id.clone().into());
            e.insert("kind".into(), s.kind.clone().into());
            e.insert("title".into(), s.title.clone().into());
            if let Some(u) = &s.url {
                e.insert("url".into(), u.clone().into());
            }
            if let Some(d) = &s.date {
                e.insert("date".into(), d.clone().into());
            }
            serde_json::Value::Object(e)
        })
        .collect();
    serde_saphyr::to_string(&serde_json::json!({ "sources": entries })).unwrap_or_default()
}

/// An `openness assess` draft in an interchange format: the draft is read back as a record,
/// exactly as `openness check` would read its YAML, then exported.
pub fn draft_document(
    record: &openness_catalogue::record::RecordFile,
    catalogue: &Catalogue,
    reading: impl Into<Reading>,
    format: Interchange,
) -> Outcome {
    let text = match openness_catalogue::import_site::to_yaml(record) {
        Ok(t) => t,
        Err(e) => return fail(format!("error: {e}\n")),
    };
    let file = Arc::new(SourceFile { name: format!("{}.yaml", record.id.value), text });
    let (records, diagnostics) = openness_catalogue::check_sources(&[file], &catalogue.base, &catalogue.sources);
    let Some(draft) = records.first() else {
        return fail(render_diagnostics(&diagnostics));
    };
    let facts = ReleaseFacts::from_assessment(catalogue, &catalogue.assess(draft, reading));
    ok(openness_interchange::export(&facts, format))
}
