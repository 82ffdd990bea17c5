//! The openness taxonomy of Eiras et al. (2024), *Risks and Opportunities of Open-Source
//! Generative AI*, as a pure, embeddable engine.
//!
//! This crate owns the vocabulary and the rules, nothing else: the twelve pipeline
//! [`Component`]s, the [`Level`]s C1–C5 / D1–D5 / `N/A` / `Unknown`, the licence [`Rubric`]
//! (five permissions, one point each, points → level), licence profiles and the
//! [`LicenceBase`] that resolves names and scores SPDX expressions, and [`grade`], which turns
//! the facts recorded for a component into a level with its reasons.
//!
//! It does no I/O, no printing and no parsing of files: loading records and licence data is
//! the catalogue crate's job.
//!
//! ```
//! use openness_core::{Component, Kind, Rubric};
//! let rubric = Rubric::default();
//! // Four of five permissions (e.g. CC-BY-NC-4.0) on a data component give D4.
//! assert_eq!(rubric.level_for_points(Kind::Data, 4).to_string(), "D4");
//! assert_eq!(Component::DeploymentDataWeights.id(), "deployment.data.weights");
//! ```

pub mod grade;
pub mod lenses;
pub mod level;
pub mod licence;
pub mod register;
pub mod rubric;
pub mod score;
mod source;
mod spdx_derived;
pub mod taxonomy;
pub mod text;

pub use grade::{Availability, ComponentFacts, Grade, GradeError, LicenceFact, PartFacts, grade};
pub use level::{Group, Level, LevelError};
pub use licence::{
    ExpressionError, ExpressionScore, Grant, LicenceBase, LicenceProfile, MatchedBy, NonLicence, Resolution, Scope,
};
pub use rubric::{P5Reading, Permission, Permissions, Rubric};
pub use source::Source;
pub use spdx_derived::current_spdx_id;
pub use taxonomy::{Component, Kind, Stage};
