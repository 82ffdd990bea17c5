//! The catalogue: records plus the licence base, loaded from a data directory or from the
//! copy embedded in the binary, and each record graded under a rubric.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use openness_core::{Component, Grade, Level, LicenceBase, LicenceFact, Rubric, grade};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Place, Severity, SourceFile};
use crate::licences::load_licence_base;
use crate::record::{ComponentRecord, FactDate, Record, load_record};
use crate::sources::{Sources, load_sources};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Files larger than this are refused: no record or licence file comes near it.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Where the data comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// The reviewed data embedded in the binary.
    Embedded,
    /// A data directory with `models/` and, optionally, `licenses/` (else the embedded base).
    Dir(PathBuf),
}

/// Records and the licence base they are graded against.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// The records, sorted by id.
    pub records: Vec<Record>,
    /// The licence base.
    pub base: LicenceBase,
    /// The sources the records' observations name.
    pub sources: Sources,
}

/// A catalogue with the warnings and notes met while loading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The catalogue.
    pub catalogue: Catalogue,
    /// Warnings and notes (never errors).
    pub diagnostics: Vec<Diagnostic>,
}

fn embedded_sources(table: &[(&str, &str)], dir: &str) -> Vec<Arc<SourceFile>> {
    table
        .iter()
        .map(|(name, text)| {
            Arc::new(SourceFile { name: format!("embedded:data/{dir}/{name}"), text: (*text).to_owned() })
        })
        .collect()
}

/// Reads one file, bounded in size and tolerant of bad encodings.
pub fn read_source(path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| {
        Diagnostic::about_path("E001", format!("cannot read `{name}`: {e}"), &name)
            .with_help("check the path and its permissions")
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::about_path(
            "E006",
            format!("`{name}` is {} bytes, more than a record file can be", meta.len()),
            &name,
        )
        .with_help("record and licence files are small YAML files; is this the right file?"));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::about_path("E001", format!("cannot read `{name}`: {e}"), &name)
            .with_help("check the path and its permissions")
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Err(Diagnostic::about_path(
                "E007",
                format!("`{name}` is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()),
                &name,
            )
            .with_help("save the file as UTF-8"));
        }
    };
    Ok(Arc::new(SourceFile { name, text }))
}

/// The YAML files a path names: the file itself, or the `*.yaml` files of a directory.
pub fn yaml_files(path: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let name = path.display().to_string();
    if path.is_dir() {
        let entries = std::fs::read_dir(path)
            .map_err(|e| Diagnostic::about_path("E001", format!("cannot list `{name}`: {e}"), &name))?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        files.sort();
        Ok(files)
    } else if path.exists() {
        Ok(vec![path.to_path_buf()])
    } else {
        Err(Diagnostic::about_path("E001", format!("`{name}` does not exist"), &name)
            .with_help("give a record file or a directory of record files"))
    }
}

fn dir_sources(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<Arc<SourceFile>> {
    match yaml_files(dir) {
        Ok(files) => files.iter().filter_map(|f| read_source(f).map_err(|d| diagnostics.push(d)).ok()).collect(),
        Err(d) => {
            diagnostics.push(d);
            Vec::new()
        }
    }
}

/// The licence base embedded in the binary.
pub fn embedded_licence_base() -> Result<LicenceBase, Vec<Diagnostic>> {
    load_licence_base(&embedded_sources(embedded::LICENSES, "licenses"))
}

/// The embedded record files as `(id, YAML text)`: the documents a service seeds its store with.
pub fn embedded_record_documents() -> Vec<(String, &'static str)> {
    embedded::MODELS
        .iter()
        .map(|(name, text)| (name.trim_end_matches(".yaml").trim_end_matches(".yml").to_owned(), *text))
        .collect()
}

/// The dataset and software registries embedded in the binary, checked against `base`.
pub fn embedded_registry(base: &LicenceBase) -> Result<crate::registry::Registry, Vec<Diagnostic>> {
    crate::registry::load_registry(
        &embedded_sources(embedded::DATASETS, "datasets"),
        &embedded_sources(embedded::SOFTWARE, "software"),
        base,
    )
}

/// The risk and opportunity register embedded in the binary.
pub fn embedded_register() -> Result<Vec<openness_core::register::RegisterItem>, Vec<Diagnostic>> {
    crate::risk_register::load_register(&embedded_sources(embedded::REGISTER, "register"))
}

/// The performance tables embedded in the binary.
pub fn embedded_performance() -> Result<Vec<crate::performance::Table>, Vec<Diagnostic>> {
    crate::performance::load_tables(&embedded_sources(embedded::PERFORMANCE, "performance"))
}

/// The sources embedded in the binary (`data/sources/*.yaml`).
pub fn embedded_sources_list() -> Result<Sources, Vec<Diagnostic>> {
    load_sources(&embedded_sources(embedded::SOURCES, "sources"))
}

/// The sources of a data source: the embedded ones, and those of `DIR/sources/` on top.
pub fn sources(source: &DataSource) -> Result<Sources, Vec<Diagnostic>> {
    let mut all = embedded_sources_list()?;
    if let DataSource::Dir(dir) = source
        && dir.join("sources").is_dir()
    {
        let mut diagnostics = Vec::new();
        let files = dir_sources(&dir.join("sources"), &mut diagnostics);
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        all.extend(load_sources(&files)?);
    }
    Ok(all)
}

/// The licence base of a data source.
pub fn licence_base(source: &DataSource) -> Result<LicenceBase, Vec<Diagnostic>> {
    match source {
        DataSource::Dir(dir) if dir.join("licenses").is_dir() => {
            let mut diagnostics = Vec::new();
            let sources = dir_sources(&dir.join("licenses"), &mut diagnostics);
            if !diagnostics.is_empty() {
                return Err(diagnostics);
            }
            load_licence_base(&sources)
        }
        _ => embedded_licence_base(),
    }
}

/// Validates record files against `base` and the declared `sources`: every diagnostic, and
/// the valid records.
pub fn check_sources(
    files: &[Arc<SourceFile>],
    base: &LicenceBase,
    sources: &Sources,
) -> (Vec<Record>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut records: Vec<Record> = Vec::new();
    let mut first_file: HashMap<String, String> = HashMap::new();
    for source in files {
        let Some(record) = load_record(source, base, sources, &mut diagnostics) else {
            continue;
        };
        if let Some(first) = first_file.get(&record.id) {
            let place = id_place(&source.text);
            diagnostics.push(
                Diagnostic::new(
                    "E103",
                    Severity::Error,
                    format!("the id `{}` is already used by {first}", record.id),
                    source,
                    place,
                )
                .with_help("each release has one record: merge the two files or give this one its own id"),
            );
            continue;
        }
        first_file.insert(record.id.clone(), source.name.clone());
        records.push(record);
    }
    records.sort_by(|a, b| a.id.cmp(&b.id));
    (records, diagnostics)
}

fn id_place(text: &str) -> Option<Place> {
    let (index, line) = text.lines().enumerate().find(|(_, l)| l.starts_with("id:"))?;
    let column = line[3..].find(|c: char| !c.is_whitespace()).map_or(4, |i| i + 4);
    Some(Place::at(text, index + 1, column))
}

/// Reads the records of `paths` (files or directories).
pub fn check_paths(paths: &[PathBuf], base: &LicenceBase, sources: &Sources) -> (Vec<Record>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            files.extend(dir_sources(path, &mut diagnostics));
        } else {
            match read_source(path) {
                Ok(s) => files.push(s),
                Err(d) => diagnostics.push(d),
            }
        }
    }
    let (records, more) = check_sources(&files, base, sources);
    diagnostics.extend(more);
    (records, diagnostics)
}

/// Loads a whole catalogue; fails with every diagnostic when any is an error.
pub fn load(source: &DataSource) -> Result<Loaded, Vec<Diagnostic>> {
    let base = licence_base(source)?;
    let declared = sources(source)?;
    let (records, diagnostics) = load_records(source, &base, &declared)?;
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(diagnostics);
    }
    Ok(Loaded { catalogue: Catalogue { records, base, sources: declared }, diagnostics })
}

/// The records of `source` checked against `base`, with every diagnostic (errors included);
/// `Err` only when the source has no records directory.
pub fn load_records(
    source: &DataSource,
    base: &LicenceBase,
    sources: &Sources,
) -> Result<(Vec<Record>, Vec<Diagnostic>), Vec<Diagnostic>> {
    Ok(match source {
        DataSource::Embedded => check_sources(&embedded_sources(embedded::MODELS, "models"), base, sources),
        DataSource::Dir(dir) => {
            let models = dir.join("models");
            if !models.is_dir() {
                let name = dir.display().to_string();
                return Err(vec![
                    Diagnostic::about_path("E008", format!("`{name}` has no `models/` directory"), &name)
                        .with_help("a data directory holds `models/*.yaml` (records) and optionally `licenses/*.yaml`"),
                ]);
            }
            check_paths(&[models], base, sources)
        }
    })
}

/// One component of a record, graded.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentAssessment {
    /// Which component.
    pub component: Component,
    /// The level shown: the recorded level where a source asserted one, else the computed
    /// level, else `Unknown`.
    pub level: Level,
    /// The level the rubric computes from the facts, or `None` where they do not decide it.
    pub computed: Option<Level>,
    /// The level the record's source asserted.
    pub recorded: Option<Level>,
    /// The grading and its reasons.
    pub grade: Grade,
    /// Why recorded and computed differ, when both exist and differ.
    pub disagreement: Option<String>,
    /// Every observation of the component, graded on its own.
    pub observations: Vec<ObservationAssessment>,
    /// The source of the chosen observation.
    pub chosen_from: Option<String>,
}

/// One observation, graded on its own facts.
#[derive(Debug, Clone, Serialize)]
pub struct ObservationAssessment {
    /// The source's id.
    pub source: String,
    /// Its kind.
    pub kind: crate::sources::SourceKind,
    /// The date the source stated it.
    pub as_of: FactDate,
    /// How it is available, by this source.
    pub availability: openness_core::Availability,
    /// The licence expression, or null.
    pub license: Option<String>,
    /// The licence string as the source wrote it.
    pub license_as_recorded: Option<String>,
    /// The source's own level, or null.
    pub recorded: Option<Level>,
    /// The level the rubric computes from this observation's facts, or null.
    pub computed: Option<Level>,
    /// The level this source shows: its own, else the computed one, else `Unknown`.
    pub level: Level,
    /// Evidence URLs.
    pub evidence: Vec<String>,
    /// A remark.
    pub note: Option<String>,
    /// Whether the shown facts are this observation's.
    pub chosen: bool,
    /// Whether it is another source's latest observation and disagrees with the chosen one.
    pub disagrees: bool,
}

/// How much of a release is known: components with a known availability out of twelve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Components known (graded, `N/A`, or with a known availability).
    pub known: usize,
    /// Always twelve.
    pub of: usize,
    /// Whether the release is ranked: at least [`crate::record::MIN_KNOWN_FOR_RANKING`] known.
    pub ranked: bool,
}

impl Coverage {
    /// The coverage of a record.
    pub fn of(record: &Record) -> Coverage {
        let known = record.known_components();
        Coverage { known, of: 12, ranked: known >= crate::record::MIN_KNOWN_FOR_RANKING }
    }
}

/// The licence of facts as written in records and views.
pub fn licence_text(licence: &LicenceFact) -> Option<String> {
    match licence {
        LicenceFact::Expression(e) => Some(e.clone()),
        LicenceFact::NoLicence => Some("NONE".to_owned()),
        LicenceFact::NotStated => None,
    }
}

/// A record graded under a rubric.
#[derive(Debug, Clone)]
pub struct Assessment<'a> {
    /// The record.
    pub record: &'a Record,
    /// Its twelve components, in [`Component::ALL`] order.
    pub components: Vec<ComponentAssessment>,
}

impl Catalogue {
    /// The catalogue as it stood on `date`: the releases out by then, each with only the
    /// observations dated on or before it.
    pub fn as_of(self, date: FactDate) -> Catalogue {
        Catalogue { records: self.records.iter().filter_map(|r| r.as_of(date)).collect(), ..self }
    }

    /// The latest date of any observation in the catalogue.
    pub fn latest_date(&self) -> Option<FactDate> {
        self.records.iter().flat_map(|r| r.components.iter().flat_map(|c| c.observations.iter().map(|o| o.as_of))).max()
    }

    /// The record with this id.
    pub fn get(&self, id: &str) -> Option<&Record> {
        self.records.iter().find(|r| r.id == id)
    }

    /// The ids nearest to `id`, for "did you mean" hints.
    pub fn nearest_ids(&self, id: &str, n: usize) -> Vec<&str> {
        let mut scored: Vec<(f64, &str)> =
            self.records.iter().map(|r| (strsim::jaro_winkler(id, &r.id), r.id.as_str())).collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.into_iter().take(n).map(|(_, id)| id).collect()
    }

    fn grade_facts(&self, component: Component, facts: &openness_core::ComponentFacts, rubric: Rubric) -> Grade {
        grade(component, facts, &self.base, rubric).unwrap_or_else(|e| Grade {
            computed: None,
            points: None,
            licence: None,
            reason: e.to_string(),
            warnings: Vec::new(),
            parts: Vec::new(),
        })
    }

    /// Grades one component of a record.
    pub fn assess_component(&self, record: &ComponentRecord, rubric: Rubric) -> ComponentAssessment {
        let grade = self.grade_facts(record.component, &record.facts, rubric);
        let disagreeing = record.disagreeing();
        let observations = record
            .observations
            .iter()
            .enumerate()
            .map(|(i, o)| {
                // Only observations that differ from the chosen one need grading again.
                let computed = if Some(i) == record.chosen
                    || record.chosen_observation().is_some_and(|c| c.agrees_with(o) && c.facts.parts == o.facts.parts)
                {
                    grade.computed
                } else {
                    self.grade_facts(record.component, &o.facts, rubric).computed
                };
                ObservationAssessment {
                    source: o.source.clone(),
                    kind: o.kind,
                    as_of: o.as_of,
                    availability: o.facts.availability,
                    license: licence_text(&o.facts.licence),
                    license_as_recorded: o.license_as_recorded.clone(),
                    recorded: o.recorded,
                    computed,
                    level: o.recorded.or(computed).unwrap_or(Level::Unknown),
                    evidence: o.evidence.clone(),
                    note: o.note.clone(),
                    chosen: Some(i) == record.chosen,
                    disagrees: disagreeing.iter().any(|d| std::ptr::eq(*d, o)),
                }
            })
            .collect();
        let computed = grade.computed;
        let disagreement = match (record.recorded, computed) {
            (Some(r), Some(c)) if r != c => Some(self.explain(record, r, c, &grade)),
            _ => None,
        };
        ComponentAssessment {
            component: record.component,
            level: record.recorded.or(computed).unwrap_or(Level::Unknown),
            computed,
            recorded: record.recorded,
            grade,
            disagreement,
            observations,
            chosen_from: record.chosen_observation().map(|o| o.source.clone()),
        }
    }

    fn explain(&self, record: &ComponentRecord, recorded: Level, computed: Level, grade: &Grade) -> String {
        let mut reason = format!("recorded {recorded}, computed {computed}: {}", grade.reason);
        if let LicenceFact::Expression(_) = &record.facts.licence {
            let notes = grade
                .licence
                .iter()
                .flat_map(|s| &s.terms)
                .filter_map(|t| self.base.get(&t.id).and_then(|p| p.note.as_deref()));
            for note in notes {
                reason.push_str(". Licence note: ");
                reason.push_str(note.trim_end_matches('.'));
            }
        }
        reason.push('.');
        reason
    }

    /// Grades every component of a record.
    pub fn assess<'a>(&self, record: &'a Record, rubric: Rubric) -> Assessment<'a> {
        Assessment { record, components: record.components.iter().map(|c| self.assess_component(c, rubric)).collect() }
    }

    /// Grades every record.
    pub fn assess_all(&self, rubric: Rubric) -> Vec<Assessment<'_>> {
        self.records.iter().map(|r| self.assess(r, rubric)).collect()
    }
}
