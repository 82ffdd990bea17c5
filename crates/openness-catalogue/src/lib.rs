//! Files and collections of the openness catalogue.
//!
//! This crate owns the on-disk formats and what is computed over whole collections: the
//! record format (`data/models/<id>.yaml`, one release each), the licence-base format
//! (`data/licenses/*.yaml`), loading them from a directory or from the copy embedded in the
//! binary, validation with diagnostics that name file, line and column and say how to fix the
//! problem, the sources of facts (`data/sources/`) and the history of each fact (observations
//! as of dates, the catalogue on any date), grading every record with the core rubric, the
//! importers of the paper's companion site and of other trackers (merged into existing records
//! as observations), and catalogue statistics.
//!
//! It does not print or render: diagnostics and results are data for the CLI (or a server) to
//! show. The rules themselves live in `openness-core`.
//!
//! ```
//! use openness_catalogue::{DataSource, load};
//! let loaded = load(&DataSource::Embedded).expect("the embedded catalogue is valid");
//! assert!(loaded.catalogue.records.len() >= 250);
//! ```

// Diagnostics are returned on the cold path of reading user files; boxing them would only
// make every caller's code noisier.
#![allow(clippy::result_large_err, reason = "diagnostics are cold-path values")]

pub mod analysis;
pub mod catalogue;
pub mod diagnostic;
pub mod filter;
pub mod history;
pub mod import_mot;
pub mod import_os_ai_map;
pub mod import_osai;
pub mod import_site;
pub mod lens_sources;
pub mod licences;
pub mod merge;
pub mod mot;
pub mod performance;
pub mod record;
pub mod registry;
pub mod risk_register;
pub mod sources;
pub mod stats;
pub mod views;
mod yaml;

pub use catalogue::{
    Assessment, Catalogue, ComponentAssessment, Coverage, DataSource, LevelsFrom, Loaded, ObservationAssessment,
    Reading, check_paths, check_paths_each, check_sources, decide_level, embedded_lens_sources, embedded_licence_base,
    embedded_performance, embedded_record_documents, embedded_register, embedded_registry, embedded_sources_list,
    licence_base, load, load_records, load_records_each, sources,
};
pub use diagnostic::{Diagnostic, Place, Severity, SourceFile};
pub use import_site::front_matter;
pub use record::{ComponentRecord, FactDate, Observation, Record, Release};
pub use yaml::{OrderedMap, unspanned};
