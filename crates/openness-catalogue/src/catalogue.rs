//! The catalogue: records plus the licence base, loaded from a data directory or from the
//! copy embedded in the binary, and each record graded under a rubric.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use openness_core::{Component, Grade, Level, LicenceBase, LicenceFact, Rubric, grade};
use serde::Serialize;

use openness_read::{Budget, Open, ReadError};

use crate::diagnostic::{Diagnostic, Place, Severity, SourceFile};
use crate::licences::{LicenceFile, check_licence_base, load_licence_base};
use crate::record::{ComponentRecord, FactDate, Record, RecordFile, check_record, read_record_file};
use crate::risk_register::{RegisterFile, check_register, load_register};
use crate::sources::{Sources, SourcesFile, check_sources_files, load_sources};

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
    /// Warnings and notes (never errors). Those of the embedded catalogue carry no place:
    /// `openness check` reads its YAML for them.
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

/// The diagnostic of a file that was not read: it names the path given (for a link, the
/// link, never its target) and no byte of the file.
fn refused(name: &str, e: &ReadError) -> Diagnostic {
    let code = match e {
        ReadError::Io { .. } => "E001",
        ReadError::TooLarge { .. } | ReadError::Budget { .. } => "E006",
        ReadError::Link { .. } | ReadError::NotRegular { .. } => "E009",
    };
    Diagnostic::about_path(code, e.to_string(), name).with_help(e.help())
}

/// Reads one record or licence file through the bounded reader: `how` says whether the path
/// was named by the user or found in a directory. Symbolic links are refused.
pub fn read_source(path: &Path, how: Open, budget: &Budget) -> Result<Arc<SourceFile>, Diagnostic> {
    let name = path.display().to_string();
    match openness_read::read_text(path, how, MAX_FILE_BYTES, budget) {
        Ok(Ok(text)) => Ok(Arc::new(SourceFile { name, text })),
        Ok(Err(offset)) => Err(Diagnostic::about_path(
            "E007",
            format!("`{name}` is not UTF-8 text (invalid byte at offset {offset})"),
            &name,
        )
        .with_help("save the file as UTF-8")),
        Err(e) => Err(refused(&name, &e)),
    }
}

/// The YAML files a path names: the file itself, or the `*.yaml` files of a directory.
/// Symbolic links are listed, not followed, so that reading them is refused by name.
pub fn yaml_files(path: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let name = path.display().to_string();
    let meta = std::fs::symlink_metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Diagnostic::about_path("E001", format!("`{name}` does not exist"), &name)
                .with_help("give a record file or a directory of record files")
        } else {
            Diagnostic::about_path("E001", format!("cannot read `{name}`: {e}"), &name)
                .with_help("check the path and its permissions")
        }
    })?;
    if meta.file_type().is_symlink() {
        return Err(refused(&name, &ReadError::Link { path: name.clone() }));
    }
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path)
        .map_err(|e| Diagnostic::about_path("E001", format!("cannot list `{name}`: {e}"), &name))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    Ok(files)
}

fn dir_sources(dir: &Path, budget: &Budget, diagnostics: &mut Vec<Diagnostic>) -> Vec<Arc<SourceFile>> {
    match yaml_files(dir) {
        Ok(files) => files
            .iter()
            .filter_map(|f| read_source(f, Open::FOUND, budget).map_err(|d| diagnostics.push(d)).ok())
            .collect(),
        Err(d) => {
            diagnostics.push(d);
            Vec::new()
        }
    }
}

/// The embedded files `files` as the build script parsed them (`parsed`, a JSON array in the
/// same order; see `build.rs`), or `None` when any of them did not parse there or the JSON does
/// not read back: then the caller reads the YAML, whose diagnostics have lines and columns.
fn pre_parsed<'a, T: serde::de::DeserializeOwned>(
    files: &'a [Arc<SourceFile>],
    parsed: &str,
) -> Option<Vec<(&'a Arc<SourceFile>, T)>> {
    let values: Vec<Option<T>> = serde_json::from_str(parsed).ok()?;
    if values.len() != files.len() {
        return None;
    }
    files.iter().zip(values).map(|(f, v)| v.map(|v| (f, v))).collect()
}

/// The licence base embedded in the binary.
pub fn embedded_licence_base() -> Result<LicenceBase, Vec<Diagnostic>> {
    let files = embedded_sources(embedded::LICENSES, "licenses");
    if let Some(parsed) = pre_parsed::<LicenceFile>(&files, embedded::LICENSES_PARSED)
        && let Ok(base) = check_licence_base(parsed, Vec::new())
    {
        return Ok(base);
    }
    load_licence_base(&files)
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
    let files = embedded_sources(embedded::REGISTER, "register");
    if let Some(parsed) = pre_parsed::<RegisterFile>(&files, embedded::REGISTER_PARSED)
        && let Ok(items) = check_register(parsed, Vec::new())
    {
        return Ok(items);
    }
    load_register(&files)
}

/// The documents each lens implements, embedded in the binary.
pub fn embedded_lens_sources() -> Result<Vec<crate::lens_sources::LensDocuments>, Vec<Diagnostic>> {
    crate::lens_sources::load_lens_sources(&embedded_sources(embedded::LENSES, "lenses"))
}

/// The performance tables embedded in the binary.
pub fn embedded_performance() -> Result<Vec<crate::performance::Table>, Vec<Diagnostic>> {
    crate::performance::load_tables(&embedded_sources(embedded::PERFORMANCE, "performance"))
}

/// The sources embedded in the binary (`data/sources/*.yaml`).
pub fn embedded_sources_list() -> Result<Sources, Vec<Diagnostic>> {
    let files = embedded_sources(embedded::SOURCES, "sources");
    if let Some(parsed) = pre_parsed::<SourcesFile>(&files, embedded::SOURCES_PARSED)
        && let Ok(sources) = check_sources_files(parsed, Vec::new())
    {
        return Ok(sources);
    }
    load_sources(&files)
}

/// The embedded records checked against `base`, read from their pre-parsed form. Warnings and
/// notes found there carry no line (the YAML was parsed at build time); when there is an
/// error, the YAML is read again so that every diagnostic has its line and column.
fn embedded_records(base: &LicenceBase, sources: &Sources) -> (Vec<Record>, Vec<Diagnostic>) {
    let files = embedded_sources(embedded::MODELS, "models");
    if let Some(parsed) = pre_parsed::<RecordFile>(&files, embedded::MODELS_PARSED) {
        let checked = check_parsed(parsed.into_iter().map(|(f, r)| (f, Ok(r), true)), base, sources);
        if !checked.1.iter().any(|d| d.severity == Severity::Error) {
            return checked;
        }
    }
    check_sources(&files, base, sources)
}

/// The sources of a data source: the embedded ones, and those of `DIR/sources/` on top.
pub fn sources(source: &DataSource) -> Result<Sources, Vec<Diagnostic>> {
    let mut all = embedded_sources_list()?;
    if let DataSource::Dir(dir) = source
        && dir.join("sources").is_dir()
    {
        let mut diagnostics = Vec::new();
        let files = dir_sources(&dir.join("sources"), &Budget::command(), &mut diagnostics);
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
            let sources = dir_sources(&dir.join("licenses"), &Budget::command(), &mut diagnostics);
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
    check_parsed(files.iter().map(|f| (f, read_record_file(f), true)), base, sources)
}

/// Like [`check_sources`], for files already parsed (or the diagnostic of their parse), each
/// marked with whether the layout rule (E102) applies.
fn check_parsed<'a>(
    files: impl Iterator<Item = (&'a Arc<SourceFile>, Result<RecordFile, Diagnostic>, bool)>,
    base: &LicenceBase,
    sources: &Sources,
) -> (Vec<Record>, Vec<Diagnostic>) {
    let mut checker = Checker::new(base, sources);
    let records: Vec<Record> =
        files.filter_map(|(source, parsed, layout)| checker.check(source, parsed, layout)).collect();
    (sorted(records), checker.diagnostics)
}

/// Records sorted by id.
fn sorted(mut records: Vec<Record>) -> Vec<Record> {
    // Files named after their ids come sorted; records are large, so sorting moves a lot.
    if !records.is_sorted_by(|a, b| a.id <= b.id) {
        records.sort_by(|a, b| a.id.cmp(&b.id));
    }
    records
}

/// Checks record files one at a time, keeping of the records only their ids (for E103).
struct Checker<'a> {
    base: &'a LicenceBase,
    sources: &'a Sources,
    /// The file of each id met.
    first_file: HashMap<String, String>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    fn new(base: &'a LicenceBase, sources: &'a Sources) -> Checker<'a> {
        Checker { base, sources, first_file: HashMap::new(), diagnostics: Vec::new() }
    }

    /// The record of one file, when valid and its id is not taken.
    fn check(
        &mut self,
        source: &Arc<SourceFile>,
        parsed: Result<RecordFile, Diagnostic>,
        layout: bool,
    ) -> Option<Record> {
        // This file's diagnostics apart: the checks that look back at what they reported look
        // at one file's, however many the files before left.
        let mut found = Vec::new();
        let record = match parsed {
            Ok(file) => check_record(file, source, self.base, self.sources, &mut found, layout),
            Err(d) => {
                found.push(d);
                None
            }
        };
        self.diagnostics.append(&mut found);
        let record = record?;
        if let Some(first) = self.first_file.get(&record.id) {
            let place = id_place(&source.text);
            self.diagnostics.push(
                Diagnostic::new(
                    "E103",
                    Severity::Error,
                    format!("the id `{}` is already used by {first}", record.id),
                    source,
                    place,
                )
                .with_help("each release has one record: merge the two files or give this one its own id"),
            );
            return None;
        }
        self.first_file.insert(record.id.clone(), source.name.clone());
        Some(record)
    }
}

fn id_place(text: &str) -> Option<Place> {
    let (index, line) = text.lines().enumerate().find(|(_, l)| l.starts_with("id:"))?;
    let column = line[3..].find(|c: char| !c.is_whitespace()).map_or(4, |i| i + 4);
    Some(Place::at(text, index + 1, column))
}

/// Reads the records of `paths` (files or directories). Files found in a directory are named
/// `<id>.yaml` (E102); a file named in `paths` may have any name.
pub fn check_paths(paths: &[PathBuf], base: &LicenceBase, sources: &Sources) -> (Vec<Record>, Vec<Diagnostic>) {
    let mut records = Vec::new();
    let diagnostics = check_paths_each(paths, base, sources, |r| records.push(r));
    (sorted(records), diagnostics)
}

/// [`check_paths`] one file at a time: each file is read, checked and dropped before the next
/// is read, and each valid record is handed to `each` (in the order of the files) instead of
/// being kept. What stays is the diagnostics and the ids met, so a caller that keeps no
/// record (`openness check`) holds one file at a time.
pub fn check_paths_each(
    paths: &[PathBuf],
    base: &LicenceBase,
    sources: &Sources,
    mut each: impl FnMut(Record),
) -> Vec<Diagnostic> {
    let budget = Budget::command();
    let mut checker = Checker::new(base, sources);
    for path in paths {
        // Files found in a directory are held to the layout rule; a file named is not.
        let (files, how, layout) = if path.is_dir() && !path.is_symlink() {
            match yaml_files(path) {
                Ok(files) => (files, Open::FOUND, true),
                Err(d) => {
                    checker.diagnostics.push(d);
                    continue;
                }
            }
        } else {
            (vec![path.clone()], Open::NAMED, false)
        };
        for file in &files {
            match read_source(file, how, &budget) {
                Ok(source) => {
                    if let Some(record) = checker.check(&source, read_record_file(&source), layout) {
                        each(record);
                    }
                }
                Err(d) => checker.diagnostics.push(d),
            }
        }
    }
    checker.diagnostics
}

/// Loads a whole catalogue; fails with every diagnostic when any is an error.
pub fn load(source: &DataSource) -> Result<Loaded, Vec<Diagnostic>> {
    let base = licence_base(source)?;
    let declared = sources(source)?;
    let (records, diagnostics) = match source {
        DataSource::Embedded => embedded_records(&base, &declared),
        DataSource::Dir(_) => load_records(source, &base, &declared)?,
    };
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
    let mut records = Vec::new();
    let diagnostics = load_records_each(source, base, sources, |r| records.push(r))?;
    Ok((sorted(records), diagnostics))
}

/// [`load_records`] handing each valid record to `each` instead of keeping it (see
/// [`check_paths_each`]).
pub fn load_records_each(
    source: &DataSource,
    base: &LicenceBase,
    sources: &Sources,
    each: impl FnMut(Record),
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    match source {
        DataSource::Embedded => {
            let (records, diagnostics) = check_sources(&embedded_sources(embedded::MODELS, "models"), base, sources);
            records.into_iter().for_each(each);
            Ok(diagnostics)
        }
        DataSource::Dir(dir) => {
            let models = dir.join("models");
            if !models.is_dir() {
                let name = dir.display().to_string();
                return Err(vec![
                    Diagnostic::about_path("E008", format!("`{name}` has no `models/` directory"), &name)
                        .with_help("a data directory holds `models/*.yaml` (records) and optionally `licenses/*.yaml`"),
                ]);
            }
            Ok(check_paths_each(&[models], base, sources, each))
        }
    }
}

/// Which level is a cell's answer (see [`decide_level`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LevelsFrom {
    /// The level computed from the facts; the recorded level where the facts do not decide.
    #[default]
    Computed,
    /// The level the source recorded (the paper's table); the computed level where none was
    /// recorded. Reproduces the paper's 540 cells.
    Recorded,
}

impl std::str::FromStr for LevelsFrom {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "computed" => Ok(LevelsFrom::Computed),
            "recorded" => Ok(LevelsFrom::Recorded),
            _ => Err(format!("`{s}` is not a level source: use computed or recorded")),
        }
    }
}

impl std::fmt::Display for LevelsFrom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LevelsFrom::Computed => "computed",
            LevelsFrom::Recorded => "recorded",
        })
    }
}

/// How a catalogue is read: the rubric, and which level is each cell's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Reading {
    /// How the licence rubric reads P5.
    pub rubric: Rubric,
    /// Computed (the default) or recorded levels.
    pub levels_from: LevelsFrom,
}

impl From<Rubric> for Reading {
    fn from(rubric: Rubric) -> Self {
        Reading { rubric, levels_from: LevelsFrom::default() }
    }
}

/// The one decision of a cell's answer: every consumer (tables, JSON, score, badge, profile,
/// recommendations, lenses, statistics, the report site and LaTeX) reads the `level` this
/// returns through [`ComponentAssessment::level`], never `computed` or `recorded` directly.
///
/// `computed` is the rubric's level from the facts (`None` where they do not decide, such as
/// unknown availability); `recorded` is what a source asserted. Under
/// [`LevelsFrom::Computed`] the facts win and the recorded level fills in only where the facts
/// do not decide; under [`LevelsFrom::Recorded`] the reverse. Neither: `Unknown`.
///
/// When a component holds several observations (sources with dates), the caller first chooses
/// the observation, grades its facts into `computed`, takes its assertion as `recorded`, and
/// then calls this: the choice of observation stays separate from this decision.
pub fn decide_level(computed: Option<Level>, recorded: Option<Level>, from: LevelsFrom) -> Level {
    let (first, second) = match from {
        LevelsFrom::Computed => (computed, recorded),
        LevelsFrom::Recorded => (recorded, computed),
    };
    first.or(second).unwrap_or(Level::Unknown)
}

/// One component of a record, graded.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentAssessment {
    /// Which component.
    pub component: Component,
    /// The answer: [`decide_level`] of `computed` and `recorded` under the reading in force.
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
    /// This observation's answer: [`decide_level`] of its `computed` and `recorded`.
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

/// A record graded under a reading.
#[derive(Debug, Clone)]
pub struct Assessment<'a> {
    /// The record.
    pub record: &'a Record,
    /// Its twelve components, in [`Component::ALL`] order.
    pub components: Vec<ComponentAssessment>,
    /// The rubric and level source it was graded under.
    pub reading: Reading,
}

impl Catalogue {
    /// The catalogue as it stood on `date`: the releases out by then, each with only the
    /// observations dated on or before it.
    pub fn as_of(self, date: FactDate) -> Catalogue {
        Catalogue { records: self.records.iter().filter_map(|r| r.as_of(date)).collect(), ..self }
    }

    /// The paper's table: the releases the paper graded, as the catalogue stood on the paper's
    /// date (2024-05-16).
    pub fn paper_table(self) -> Catalogue {
        let date =
            FactDate::parse(crate::import_site::SITE_AS_OF).unwrap_or(FactDate { year: 2024, month: 5, day: Some(16) });
        let mut catalogue = self.as_of(date);
        catalogue.records.retain(|r| {
            r.components.iter().any(|c| c.observations.iter().any(|o| o.source == crate::import_site::SITE_SOURCE))
        });
        catalogue
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
        if !openness_core::text::suggestible(id) {
            return Vec::new();
        }
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

    /// Grades one component of a record: the chosen observation's facts give `computed`, its
    /// assertion `recorded`, and [`decide_level`] the answer.
    pub fn assess_component(&self, record: &ComponentRecord, reading: impl Into<Reading>) -> ComponentAssessment {
        let reading = reading.into();
        let rubric = reading.rubric;
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
                    level: decide_level(computed, o.recorded, reading.levels_from),
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
            level: decide_level(computed, record.recorded, reading.levels_from),
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

    /// Grades every component of a record (a [`Rubric`] alone reads computed levels).
    pub fn assess<'a>(&self, record: &'a Record, reading: impl Into<Reading>) -> Assessment<'a> {
        let reading = reading.into();
        Assessment {
            record,
            components: record.components.iter().map(|c| self.assess_component(c, reading)).collect(),
            reading,
        }
    }

    /// Grades every record.
    pub fn assess_all(&self, reading: impl Into<Reading>) -> Vec<Assessment<'_>> {
        let reading = reading.into();
        self.records.iter().map(|r| self.assess(r, reading)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What is compared of a diagnostic: everything but its place, which the pre-parsed copy
    /// does not have.
    fn unplaced(diagnostics: &[Diagnostic]) -> Vec<(&str, Severity, &str, &str)> {
        diagnostics.iter().map(|d| (d.code, d.severity, d.message.as_str(), d.file.as_str())).collect()
    }

    #[test]
    fn the_pre_parsed_licence_base_is_the_one_read_from_its_yaml() {
        let files = embedded_sources(embedded::LICENSES, "licenses");
        let parsed = pre_parsed::<LicenceFile>(&files, embedded::LICENSES_PARSED).expect("every licence file parses");
        let fast = check_licence_base(parsed, Vec::new()).expect("valid base");
        let slow = load_licence_base(&files).expect("valid base");
        assert!(fast.profiles().len() > 600, "{}", fast.profiles().len());
        assert_eq!(fast.profiles(), slow.profiles());
        assert_eq!(fast.non_licences(), slow.non_licences());
    }

    #[test]
    fn the_pre_parsed_sources_and_records_are_those_read_from_their_yaml() {
        let files = embedded_sources(embedded::SOURCES, "sources");
        let parsed = pre_parsed::<SourcesFile>(&files, embedded::SOURCES_PARSED).expect("every sources file parses");
        let sources = check_sources_files(parsed, Vec::new()).expect("valid sources");
        assert_eq!(sources, load_sources(&files).expect("valid sources"));

        let base = embedded_licence_base().expect("valid base");
        let files = embedded_sources(embedded::MODELS, "models");
        let parsed = pre_parsed::<RecordFile>(&files, embedded::MODELS_PARSED).expect("every record parses");
        let (fast, fast_diagnostics) = check_parsed(parsed.into_iter().map(|(f, r)| (f, Ok(r), true)), &base, &sources);
        let (slow, slow_diagnostics) = check_sources(&files, &base, &sources);
        assert_eq!(fast.len(), files.len());
        assert!(fast == slow, "the records differ");
        assert_eq!(unplaced(&fast_diagnostics), unplaced(&slow_diagnostics));
        assert!(slow_diagnostics.iter().all(|d| d.place.is_some()), "the YAML's diagnostics are placed");
    }

    #[test]
    fn the_pre_parsed_register_is_the_one_read_from_its_yaml() {
        let files = embedded_sources(embedded::REGISTER, "register");
        let parsed = pre_parsed::<RegisterFile>(&files, embedded::REGISTER_PARSED).expect("every register file parses");
        let fast = check_register(parsed, Vec::new()).expect("valid register");
        assert!(!fast.is_empty());
        assert_eq!(fast, load_register(&files).expect("valid register"));
    }

    #[test]
    fn a_file_that_did_not_parse_at_build_time_is_read_from_its_yaml() {
        let files = vec![Arc::new(SourceFile { name: "x.yaml".into(), text: "sources: [".into() })];
        assert!(pre_parsed::<SourcesFile>(&files, "[null]").is_none());
        assert!(pre_parsed::<SourcesFile>(&files, "[]").is_none(), "a count that differs is not trusted");
        assert!(pre_parsed::<SourcesFile>(&files, "not json").is_none());
        assert!(pre_parsed::<SourcesFile>(&files, r#"[{"sources": []}]"#).is_some());
    }
}
