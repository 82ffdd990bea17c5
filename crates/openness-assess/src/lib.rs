//! `openness assess`: a draft release record from a local model repository.
//!
//! Three layers, each testable alone. **Extractors** read one kind of evidence each:
//! [`inventory`] walks the files (never following symbolic links, merging `FILES.txt`
//! listings), [`card`] reads the model card's metadata, [`markdown`] parses the documents into
//! headings, sections, paragraphs, links, tables and code blocks, [`weights`] reads weight
//! headers without the tensors, licence files go through the licence detector, named datasets
//! and frameworks through the registries of `data/`, `base_model` lineage through
//! [`lineage`]. They say what they show as typed [`claims::Claim`]s (component, what, value,
//! evidence, strength). The **resolver** ([`claims::resolve`]) decides each component by a
//! documented precedence (explicit statement > metadata > file presence > convention), and the
//! core's `grade` turns the result into a level. The words evidence is read with are data
//! ([`phrases`], `data/assess/phrases.yaml`). Every draft keeps its claims, decisive and
//! overruled.
//!
//! Reads are bounded everywhere (file count, depth, document and header sizes) and charged to
//! one budget per assessment ([`inventory::Limits`]: entries, bytes, header bytes, tensors,
//! time), reported as finding A101 when reached, so a hostile or huge repository costs bounded
//! time and memory. Every file is opened through `openness_read`: regular files only, never
//! through a link.

pub mod card;
pub mod claims;
pub mod dates;
mod draft;
mod infer;
pub mod inventory;
pub mod lineage;
pub mod markdown;
pub mod phrases;
mod stages;
pub mod weights;

use std::fmt;
use std::path::Path;

use openness_catalogue::registry::Registry;
use openness_core::{Availability, Component, Level, LicenceBase, PartFacts, Rubric};
use serde::Serialize;

pub use infer::assess;

/// A fact's source: a file, and a line where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Path relative to the repository root.
    pub file: String,
    /// 1-based line.
    pub line: Option<usize>,
    /// What it says.
    pub text: String,
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.file, self.text),
            None => write!(f, "{}: {}", self.file, self.text),
        }
    }
}

/// How sure a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// For information.
    Note,
    /// Worth a look.
    Warning,
}

/// Something the assessment noticed: a licence conflict, weights not downloaded, a card that
/// could not be read...
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// A stable code (`A101` ...).
    pub code: &'static str,
    /// Note or warning.
    pub severity: Severity,
    /// What it is.
    pub message: String,
    /// Where.
    pub evidence: Vec<Evidence>,
}

/// The draft of one component.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentDraft {
    /// Which component.
    pub component: Component,
    /// How it is available.
    pub availability: Availability,
    /// Its licence expression, when known.
    pub license: Option<String>,
    /// Parts with their own terms (datasets).
    #[serde(skip)]
    pub parts: Vec<PartFacts>,
    /// Names of the parts, for output.
    pub part_names: Vec<String>,
    /// The computed level, `N/A`, or `Unknown` where the facts do not decide.
    pub level: Level,
    /// 0–1.
    pub confidence: f32,
    /// What supports it.
    pub evidence: Vec<Evidence>,
    /// Why, in a sentence.
    pub reason: String,
    /// Every claim about the component, decisive or overruled.
    pub claims: Vec<claims::Claim>,
}

/// The release a report is about, and what named it (a README may describe several).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssessedRelease {
    /// Its name.
    pub name: String,
    /// `--model`, the card's metadata or the folder name.
    pub source: String,
}

/// Weight files found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WeightsSummary {
    /// Weight files (on disk, LFS pointers or listed).
    pub files: usize,
    /// Of which Git LFS pointers (published, not downloaded).
    pub lfs_pointers: usize,
    /// Total bytes, as far as known.
    pub bytes: u64,
    /// Formats (`safetensors`, `pytorch`, `gguf`, ...).
    pub formats: Vec<String>,
    /// Dtypes read from headers.
    pub dtypes: Vec<String>,
}

/// A dataset named by the card or the documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatasetMention {
    /// As written.
    pub name: String,
    /// The registry entry it resolved to.
    pub resolved: Option<String>,
    /// Where it was named.
    pub evidence: Evidence,
    /// Whether the text says the training data was derived from it (filtered, synthetic).
    pub derived: bool,
    /// Whether it is named as a part of a linked corpus ("the Wikipedia part of [RedPajama](…)"),
    /// so that the corpus, not a mix of raw sources, is what was trained on.
    pub part_of_corpus: bool,
}

/// What `openness assess` found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// A record id derived from the folder or card.
    pub id: String,
    /// The release's name.
    pub name: String,
    /// The release assessed, and what named it.
    pub assessed: AssessedRelease,
    /// Organisation, when the card names one.
    pub organisation: Option<String>,
    /// Release month `YYYY-MM`, when given (`--release`) or stated in the files.
    pub release: Option<String>,
    /// The dates the files give, with where ([`dates`]): never file modification times.
    pub dates: dates::ReleaseDates,
    /// Whether the folder is a Hugging Face model repository (weights and config) or a
    /// source repository.
    pub model_repository: bool,
    /// Parameter count.
    pub parameters: Option<u64>,
    /// How the parameter count was obtained.
    pub parameters_source: Option<String>,
    /// Weight files.
    pub weights: WeightsSummary,
    /// The architecture from `config.json`.
    pub config: Option<weights::ModelConfig>,
    /// Datasets named.
    pub datasets: Vec<DatasetMention>,
    /// The twelve components in [`Component::ALL`] order (serialised as an object keyed by
    /// component id).
    #[serde(serialize_with = "components_by_id")]
    pub components: Vec<ComponentDraft>,
    /// Findings.
    pub findings: Vec<Finding>,
    /// What is missing for a fuller picture, in pipeline order.
    pub missing: Vec<String>,
}

impl Report {
    /// The draft of one component.
    pub fn component(&self, c: Component) -> Option<&ComponentDraft> {
        self.components.iter().find(|d| d.component == c)
    }
}

fn components_by_id<S: serde::Serializer>(components: &[ComponentDraft], serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(components.len()))?;
    for c in components {
        map.serialize_entry(c.component.id(), c)?;
    }
    map.end()
}

/// Options of an assessment.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The rubric.
    pub rubric: Rubric,
    /// The record id to use instead of the folder's name.
    pub id: Option<String>,
    /// The release month, `YYYY-MM`.
    pub release: Option<String>,
    /// The release to assess when the documents describe several (`--model NAME`).
    pub model: Option<String>,
    /// What the assessment may spend (entries, bytes, header bytes, tensors, time).
    pub limits: inventory::Limits,
}

/// Why an assessment could not start.
#[derive(Debug, thiserror::Error)]
pub enum AssessError {
    /// The path is missing or not a directory.
    #[error("`{0}` is not a directory")]
    NotADirectory(String),
    /// The embedded phrase lists or base-model registry are invalid (a build defect).
    #[error("the embedded assessment data is invalid: {0}")]
    Data(String),
    /// The directory holds nothing a model release has: no document, licence, configuration,
    /// weights or code (or nothing at all).
    #[error("`{path}` {}: no model card, README, licence, config.json, weights or code to read", if *.empty { "is empty" } else { "holds no model files" })]
    NoModelFiles {
        /// The path.
        path: String,
        /// Whether it holds no file at all.
        empty: bool,
    },
    /// The directory cannot be read.
    #[error("cannot read `{path}`: {source}")]
    Unreadable {
        /// The path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Everything an assessment reads besides the repository.
pub struct Knowledge<'a> {
    /// The licence base.
    pub base: &'a LicenceBase,
    /// Datasets and software.
    pub registry: &'a Registry,
}

/// Checks the directory before walking it.
fn check_dir(dir: &Path) -> Result<(), AssessError> {
    let meta =
        std::fs::metadata(dir).map_err(|source| AssessError::Unreadable { path: dir.display().to_string(), source })?;
    if !meta.is_dir() {
        return Err(AssessError::NotADirectory(dir.display().to_string()));
    }
    std::fs::read_dir(dir)
        .map(|_| ())
        .map_err(|source| AssessError::Unreadable { path: dir.display().to_string(), source })
}
