//! Grading: from the facts of one component (availability, licence, parts) to its level,
//! with the reasons that decided it.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::level::Level;
use crate::licence::{ExpressionError, ExpressionScore, LicenceBase};
use crate::rubric::Rubric;
use crate::taxonomy::{Component, Kind};

/// How a component was made available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Availability {
    /// Not publicly released in any form.
    Closed,
    /// Reachable only through a (paid) API.
    Api,
    /// Downloadable after a click-through, registration or approval.
    Gated,
    /// Downloadable by anyone.
    Open,
    /// The stage does not exist for this release.
    NotApplicable,
    /// Not known.
    Unknown,
}

impl Availability {
    /// Every availability, in the order used by the data format.
    pub const ALL: [Availability; 6] = [
        Availability::Closed,
        Availability::Api,
        Availability::Gated,
        Availability::Open,
        Availability::NotApplicable,
        Availability::Unknown,
    ];

    /// The keyword used in record files.
    pub fn keyword(self) -> &'static str {
        match self {
            Availability::Closed => "closed",
            Availability::Api => "api",
            Availability::Gated => "gated",
            Availability::Open => "open",
            Availability::NotApplicable => "not-applicable",
            Availability::Unknown => "unknown",
        }
    }

    /// Whether anyone can obtain the component itself (open or gated download).
    pub fn is_downloadable(self) -> bool {
        matches!(self, Availability::Open | Availability::Gated)
    }
}

impl fmt::Display for Availability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

impl FromStr for Availability {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Availability::ALL
            .into_iter()
            .find(|a| a.keyword() == s)
            .ok_or_else(|| format!("`{}` is not an availability", crate::text::shortened(s, 80)))
    }
}

/// What is known of a component's (or part's) licence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state", content = "expression")]
pub enum LicenceFact {
    /// No licence has been recorded (SPDX `NOASSERTION`, or the field is absent).
    NotStated,
    /// Released with no licence at all (SPDX `NONE`): all rights reserved.
    NoLicence,
    /// An SPDX expression over the licence base.
    Expression(String),
}

impl LicenceFact {
    /// Reads a record's `license` value: `NONE`, `NOASSERTION` or an expression.
    pub fn from_field(value: Option<&str>) -> LicenceFact {
        match value.map(str::trim) {
            None | Some("NOASSERTION") | Some("") => LicenceFact::NotStated,
            Some("NONE") => LicenceFact::NoLicence,
            Some(expr) => LicenceFact::Expression(expr.to_owned()),
        }
    }
}

/// One part of a component made of parts with different licences (e.g. a corpus).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartFacts {
    /// What the part is.
    pub name: String,
    /// How it is available.
    pub availability: Availability,
    /// Its licence.
    pub licence: LicenceFact,
}

/// The facts recorded for one component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentFacts {
    /// How the component is available.
    pub availability: Availability,
    /// Its licence.
    pub licence: LicenceFact,
    /// Its parts, when it is made of parts with different terms.
    pub parts: Vec<PartFacts>,
}

/// The grade of one part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartGrade {
    /// The part's name.
    pub name: String,
    /// Its level, or `None` where facts are missing.
    pub computed: Option<Level>,
    /// Why.
    pub reason: String,
}

/// The level the rubric computes for a component, with its reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    /// The computed level, or `None` where the facts do not decide it.
    pub computed: Option<Level>,
    /// The licence points that decided a licence-based level.
    pub points: Option<u8>,
    /// The licence score, when a licence decided.
    pub licence: Option<ExpressionScore>,
    /// Why the level is what it is, in plain words.
    pub reason: String,
    /// Facts that deserve a warning (released without a licence, code behind an API, ...).
    pub warnings: Vec<String>,
    /// The breakdown of a component made of parts.
    pub parts: Vec<PartGrade>,
}

/// A licence expression of the facts could not be scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct GradeError(#[from] pub ExpressionError);

struct Single {
    computed: Option<Level>,
    points: Option<u8>,
    licence: Option<ExpressionScore>,
    reason: String,
    warnings: Vec<String>,
}

fn grade_single(
    kind: Kind,
    availability: Availability,
    licence: &LicenceFact,
    base: &LicenceBase,
    rubric: Rubric,
) -> Result<Single, GradeError> {
    let level = |grade| Some(Level::Graded { kind, grade });
    let plain = |computed, reason: &str| Single {
        computed,
        points: None,
        licence: None,
        reason: reason.to_owned(),
        warnings: Vec::new(),
    };
    Ok(match availability {
        Availability::NotApplicable => plain(Some(Level::NotApplicable), "the stage does not exist for this release"),
        Availability::Unknown => plain(None, "availability is unknown"),
        Availability::Closed => plain(level(1), "not publicly released in any form"),
        Availability::Api => match kind {
            Kind::Data => plain(level(2), "available only through an API"),
            Kind::Code => {
                let mut s = plain(level(1), "code reachable only through an API is not released");
                s.warnings.push(
                    "`api` availability on a code component grades as C1: the code itself is not released".to_owned(),
                );
                s
            }
        },
        Availability::Open | Availability::Gated => {
            let gate = if availability == Availability::Gated { " as a gated download" } else { "" };
            match licence {
                LicenceFact::NotStated => plain(None, &format!("released{gate}, but no licence is recorded")),
                LicenceFact::NoLicence => {
                    let computed = rubric.level_for_points(kind, 0);
                    Single {
                        computed: Some(computed),
                        points: Some(0),
                        licence: None,
                        reason: format!("released{gate} with no licence: all rights reserved, 0 points → {computed}"),
                        warnings: vec![
                            "released without a licence: every right is reserved, so nobody may legally reuse it"
                                .to_owned(),
                        ],
                    }
                }
                LicenceFact::Expression(expr) => {
                    let score = base.score(expr, rubric)?;
                    let computed = rubric.level_for_points(kind, score.points);
                    let missing: Vec<&str> = score.permissions.missing().map(|p| p.short()).collect();
                    let lacking =
                        if missing.is_empty() { String::new() } else { format!("; lacks {}", missing.join(", ")) };
                    Single {
                        computed: Some(computed),
                        points: Some(score.points),
                        reason: format!(
                            "released{gate} under {expr}: {}/5 points ({}){lacking} → {computed}",
                            score.points,
                            Rubric::band(score.points)
                        ),
                        licence: Some(score),
                        warnings: Vec::new(),
                    }
                }
            }
        }
    })
}

/// Grades one component from its facts under `rubric`.
///
/// A component made of parts grades as its most restrictive part; the breakdown is kept.
pub fn grade(
    component: Component,
    facts: &ComponentFacts,
    base: &LicenceBase,
    rubric: Rubric,
) -> Result<Grade, GradeError> {
    let kind = component.kind();
    let whole = grade_single(kind, facts.availability, &facts.licence, base, rubric)?;
    if facts.parts.is_empty() {
        return Ok(Grade {
            computed: whole.computed,
            points: whole.points,
            licence: whole.licence,
            reason: whole.reason,
            warnings: whole.warnings,
            parts: Vec::new(),
        });
    }
    let mut parts = Vec::new();
    let mut warnings = whole.warnings;
    let mut worst: Option<(Level, Option<u8>, &str)> = None;
    let mut undecided = Vec::new();
    for part in &facts.parts {
        let s = grade_single(kind, part.availability, &part.licence, base, rubric)?;
        warnings.extend(s.warnings.iter().map(|w| format!("{}: {w}", part.name)));
        match s.computed {
            Some(Level::NotApplicable) => {}
            Some(level) => {
                if worst.is_none_or(|(w, _, _)| level.grade() < w.grade()) {
                    worst = Some((level, s.points, part.name.as_str()));
                }
            }
            None => undecided.push(part.name.as_str()),
        }
        parts.push(PartGrade { name: part.name.clone(), computed: s.computed, reason: s.reason });
    }
    let (computed, points, reason) = match (worst, undecided.is_empty()) {
        (Some((level, points, name)), true) => (
            Some(level),
            points,
            format!("made of {} parts; the most restrictive, {name}, decides → {level}", parts.len()),
        ),
        (_, false) => {
            (None, None, format!("the level of part(s) {} is not decided by the facts", undecided.join(", ")))
        }
        (None, true) => (Some(Level::NotApplicable), None, "no part applies".to_owned()),
    };
    Ok(Grade { computed, points, licence: None, reason, warnings, parts })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::licence::tests::base;

    fn facts(availability: Availability, licence: LicenceFact) -> ComponentFacts {
        ComponentFacts { availability, licence, parts: Vec::new() }
    }

    fn part(name: &str, availability: Availability, licence: LicenceFact) -> PartFacts {
        PartFacts { name: name.to_owned(), availability, licence }
    }

    fn expr(s: &str) -> LicenceFact {
        LicenceFact::Expression(s.to_owned())
    }

    fn grade_pretraining_data(f: &ComponentFacts) -> Grade {
        grade(Component::TrainingDataPretraining, f, &base(), Rubric::default()).expect("known licences")
    }

    fn computed(c: Component, f: &ComponentFacts) -> Option<String> {
        grade(c, f, &base(), Rubric::default()).expect("known licences").computed.map(|l| l.to_string())
    }

    #[test]
    fn access_modes_decide_without_a_licence() {
        let w = Component::DeploymentDataWeights;
        let i = Component::DeploymentCodeInference;
        assert_eq!(computed(w, &facts(Availability::Closed, LicenceFact::NotStated)).as_deref(), Some("D1"));
        assert_eq!(computed(i, &facts(Availability::Closed, LicenceFact::NotStated)).as_deref(), Some("C1"));
        assert_eq!(computed(w, &facts(Availability::Api, LicenceFact::NotStated)).as_deref(), Some("D2"));
        assert_eq!(computed(i, &facts(Availability::Api, LicenceFact::NotStated)).as_deref(), Some("C1"));
        assert_eq!(computed(w, &facts(Availability::NotApplicable, LicenceFact::NotStated)).as_deref(), Some("N/A"));
        assert_eq!(computed(w, &facts(Availability::Unknown, expr("MIT"))), None);
        assert_eq!(computed(w, &facts(Availability::Open, LicenceFact::NotStated)), None);
    }

    #[test]
    fn licences_decide_open_and_gated_components() {
        let w = Component::DeploymentDataWeights;
        let i = Component::DeploymentCodeInference;
        assert_eq!(computed(w, &facts(Availability::Open, expr("MIT"))).as_deref(), Some("D5"));
        assert_eq!(computed(w, &facts(Availability::Gated, expr("CC-BY-NC-4.0"))).as_deref(), Some("D4"));
        assert_eq!(computed(i, &facts(Availability::Open, expr("LicenseRef-research"))).as_deref(), Some("C2"));
        assert_eq!(computed(w, &facts(Availability::Open, expr("LicenseRef-research"))).as_deref(), Some("D3"));
    }

    #[test]
    fn no_licence_scores_zero_with_a_warning() {
        let g = grade(
            Component::TrainingCodePretraining,
            &facts(Availability::Open, LicenceFact::NoLicence),
            &base(),
            Rubric::default(),
        )
        .expect("no expression to score");
        assert_eq!(g.computed.map(|l| l.to_string()).as_deref(), Some("C2"));
        assert_eq!(g.points, Some(0));
        assert_eq!(g.warnings.len(), 1);
    }

    #[test]
    fn the_most_restrictive_part_decides() {
        let f = ComponentFacts {
            availability: Availability::Open,
            licence: LicenceFact::NotStated,
            parts: vec![
                part("web", Availability::Open, expr("MIT")),
                part("books", Availability::Open, expr("CC-BY-NC-4.0")),
                part("chat", Availability::NotApplicable, LicenceFact::NotStated),
            ],
        };
        let g = grade_pretraining_data(&f);
        assert_eq!(g.computed.map(|l| l.to_string()).as_deref(), Some("D4"));
        assert_eq!(g.parts.len(), 3);
        assert!(g.reason.contains("books"), "{}", g.reason);
    }

    #[test]
    fn a_part_without_facts_leaves_the_component_undecided() {
        let f = ComponentFacts {
            availability: Availability::Open,
            licence: LicenceFact::NotStated,
            parts: vec![
                part("web", Availability::Open, expr("MIT")),
                part("forum", Availability::Open, LicenceFact::NotStated),
            ],
        };
        let g = grade_pretraining_data(&f);
        assert_eq!(g.computed, None);
    }

    #[test]
    fn licence_fields_follow_spdx_conventions() {
        assert_eq!(LicenceFact::from_field(None), LicenceFact::NotStated);
        assert_eq!(LicenceFact::from_field(Some("NOASSERTION")), LicenceFact::NotStated);
        assert_eq!(LicenceFact::from_field(Some("NONE")), LicenceFact::NoLicence);
        assert_eq!(LicenceFact::from_field(Some(" MIT ")), expr("MIT"));
    }
}
