//! Every release of the embedded catalogue exports to every format; CycloneDX and SPDX come
//! back with the same facts (and, through a record file, the same computed levels); MOT's and
//! the OSAI index's own files are stable under import → export → import; the exported documents
//! pass the formats' official validators.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use openness_catalogue::SourceFile;
use openness_catalogue::catalogue::{Catalogue, DataSource, check_sources, load};
use openness_catalogue::import_mot::import_mot;
use openness_catalogue::import_osai::import_osai;
use openness_catalogue::record::RecordFile;
use openness_core::{P5Reading, Rubric};
use openness_interchange::{Format, ReleaseFacts, export, import};

const RUBRIC: Rubric = Rubric { p5: P5Reading::Paper };

fn catalogue() -> Catalogue {
    load(&DataSource::Embedded).expect("the embedded catalogue loads").catalogue
}

/// The facts of a record file, read and graded as `openness check` would.
fn facts_of(file: &RecordFile, catalogue: &Catalogue) -> ReleaseFacts {
    let text = serde_saphyr::to_string(file).expect("a record file serialises");
    let source = Arc::new(SourceFile { name: format!("{}.yaml", file.id.value), text });
    let (records, diagnostics) = check_sources(&[source], &catalogue.base, &catalogue.sources);
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.severity == openness_catalogue::Severity::Error).collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", file.id.value);
    let record = &records[0];
    ReleaseFacts::from_assessment(catalogue, &catalogue.assess(record, RUBRIC))
}

#[test]
fn every_release_round_trips_through_cyclonedx_and_spdx3() {
    let catalogue = catalogue();
    assert!(catalogue.records.len() >= 45);
    for assessment in catalogue.assess_all(RUBRIC) {
        let facts = ReleaseFacts::from_assessment(&catalogue, &assessment);
        for format in [Format::CycloneDx, Format::Spdx3] {
            let text = export(&facts, format);
            let back = import(&text, format).unwrap_or_else(|e| panic!("{} {format:?}: {e}", facts.id));
            assert_eq!(back.release, facts, "{} through {format:?}", facts.id);
            assert!(back.unmapped.is_empty(), "{}: {:?}", facts.id, back.unmapped);
            let again = facts_of(&back.release.to_record_file(), &catalogue);
            let levels = |f: &ReleaseFacts| f.components.iter().map(|c| c.level).collect::<Vec<_>>();
            assert_eq!(levels(&again), levels(&facts), "{} levels through {format:?} and a record", facts.id);
        }
    }
}

/// The facts an MOT or OSAI import keeps (their notes quote the source and differ by design).
fn kept(facts: &ReleaseFacts) -> Vec<(String, String, Option<String>, Vec<String>)> {
    facts
        .components
        .iter()
        .map(|c| {
            let licence = c.license().map(str::to_owned);
            (c.component.id().to_owned(), c.availability().to_string(), licence, c.evidence().to_vec())
        })
        .collect()
}

type TrackerImport = fn(&str, &openness_core::LicenceBase, &str) -> Result<RecordFile, String>;

fn tracker_round_trip(folder: &Path, read: TrackerImport, format: Format) {
    let catalogue = catalogue();
    let mut checked = 0;
    for entry in std::fs::read_dir(folder).expect("the tracker's folder reads") {
        let path = entry.expect("an entry").path();
        let text = std::fs::read_to_string(&path).expect("a tracker file reads");
        let Ok(first) = read(&text, &catalogue.base, "2026-06-01") else { continue };
        let first = facts_of(&first, &catalogue);
        let exported = export(&first, format);
        let second = read(&exported, &catalogue.base, "2026-06-01")
            .unwrap_or_else(|e| panic!("{}: {e}\n{exported}", path.display()));
        let second = facts_of(&second, &catalogue);
        assert_eq!(kept(&second), kept(&first), "{} is not stable", path.display());
        assert_eq!(
            (&second.name, &second.organisation, &second.release),
            (&first.name, &first.organisation, &first.release)
        );
        checked += 1;
    }
    assert!(checked > 100, "only {checked} files of {} were read", folder.display());
}

#[test]
fn mot_files_are_stable_under_import_export_import() {
    let Some(folder) = openness_testdata::shared("anchor-data/mot/models") else { return };
    tracker_round_trip(&folder, import_mot, Format::Mot);
}

#[test]
fn osai_files_are_stable_under_import_export_import() {
    let Some(folder) = openness_testdata::shared("anchor-data/osai-index/models") else { return };
    tracker_round_trip(&folder, import_osai, Format::Osai);
}

/// Writes every release in every format and runs `tests/validate.py` over them: CycloneDX with
/// `cyclonedx-python-lib`'s strict 1.7 validator, SPDX 3.0.1 with `spdx-python-model`'s
/// deserialiser and its checks, MOT with MOT's own schema from `../shared`.
#[test]
fn exports_pass_the_official_validators() {
    let python = std::env::var("OPENNESS_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let has_packages = Command::new(&python)
        .args(["-c", "import cyclonedx.validation.json, spdx_python_model, jsonschema, yaml, rfc3987"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !openness_testdata::require(
        has_packages,
        "needs python3 with cyclonedx-python-lib[json-validation], spdx-python-model, jsonschema, pyyaml and rfc3987 (.ci/run installs them)",
    ) {
        return;
    }
    let Some(mot_schema) = openness_testdata::shared("anchor-data/mot/schema/mof_schema.json") else { return };
    let out = tempfile::tempdir().expect("a temporary directory");
    let catalogue = catalogue();
    for assessment in catalogue.assess_all(RUBRIC) {
        let facts = ReleaseFacts::from_assessment(&catalogue, &assessment);
        for format in [Format::CycloneDx, Format::Spdx3, Format::Mot, Format::Osai] {
            let file = out.path().join(format!("{}.{}", facts.id, format.extension()));
            std::fs::write(file, export(&facts, format)).expect("an export writes");
        }
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validate.py");
    let run = Command::new(&python).arg(script).arg(out.path()).arg(mot_schema).output().expect("python runs");
    let report = String::from_utf8_lossy(&run.stdout);
    let timings = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{report}{timings}");
    eprintln!("{timings}");
    let expected = format!("cyclonedx {n} valid, spdx3 {n} valid, mot {n} valid", n = catalogue.records.len());
    assert!(report.contains(&expected), "{report}");
}
