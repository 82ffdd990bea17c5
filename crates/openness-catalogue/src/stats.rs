//! Catalogue statistics: the level distribution per component, downloadable weights with
//! closed pre-training data, fully open and fully closed releases, releases per year.

use std::collections::BTreeMap;

use openness_core::{Component, Level};
use serde::Serialize;
use serde::ser::SerializeMap;

use crate::catalogue::{Assessment, Reading};

/// Counts of each level for one component, in display order (zeros included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelCounts(pub Vec<(Level, usize)>);

impl LevelCounts {
    /// The count of one level.
    pub fn count(&self, level: Level) -> usize {
        self.0.iter().find(|(l, _)| *l == level).map_or(0, |(_, n)| *n)
    }
}

impl Serialize for LevelCounts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (level, n) in &self.0 {
            map.serialize_entry(&level.to_string(), n)?;
        }
        map.end()
    }
}

/// Statistics over a set of graded records.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// The rubric and the level source the assessments were graded under.
    pub reading: Reading,
    /// The date of the catalogue's newest fact counted (the `--as-of` date, or the latest).
    pub as_of: Option<crate::record::FactDate>,
    /// Number of records counted: the ranked ones, with at least eight components known.
    pub models: usize,
    /// Releases listed but not counted: fewer than eight of twelve components known.
    pub sparse: Vec<String>,
    /// Per component id, the count of each level.
    pub components: BTreeMap<&'static str, LevelCounts>,
    /// Records whose weights are downloadable (D3–D5).
    pub downloadable_weights: Vec<String>,
    /// Of those, the ones whose pre-training data is closed (D1).
    pub downloadable_weights_closed_pretraining_data: Vec<String>,
    /// Records with at least one graded component, all graded components at level 5.
    pub fully_open: Vec<String>,
    /// Records with at least one graded component, all graded components at level 1.
    pub fully_closed: Vec<String>,
    /// Number of releases per year.
    pub releases_by_year: BTreeMap<u16, usize>,
    /// The paper's observations as queries, with the openness score.
    pub findings: Findings,
}

/// Releases of a group (a year, an organisation) and how open they are.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupSummary {
    /// Number of releases.
    pub models: usize,
    /// Of which with downloadable weights (D3–D5).
    pub downloadable_weights: usize,
    /// Share with downloadable weights (0–1).
    pub share_downloadable_weights: Option<f64>,
    /// Share with downloadable (D3–D5) pre-training data.
    pub share_open_pretraining_data: Option<f64>,
    /// Share with a released safety evaluation (code or data at level 3 or above).
    pub share_open_safety_evaluation: Option<f64>,
    /// Mean overall openness score (see `openness_core::score`).
    pub mean_score: Option<f64>,
    /// Mean number of known components of twelve.
    pub mean_coverage: Option<f64>,
}

/// The level groups of one stage, counted over every component of the stage and every release.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StageSummary {
    /// Components at level 1.
    pub fully_closed: usize,
    /// Components at levels 2–4.
    pub semi_open: usize,
    /// Components at level 5.
    pub fully_open: usize,
    /// `N/A` components.
    pub not_applicable: usize,
    /// `Unknown` components.
    pub unknown: usize,
}

/// The paper's observations (O1 and the openness profile of the field) as queries.
#[derive(Debug, Clone, Serialize)]
pub struct Findings {
    /// O1: downloadable weights (D3–D5) with closed (D1) pre-training data.
    pub o1_open_weights_closed_pretraining_data: Vec<String>,
    /// O1: downloadable weights with a closed safety evaluation (code or data at level 1).
    pub o1_open_weights_closed_safety_evaluation: Vec<String>,
    /// Every graded component at level 5.
    pub fully_open: Vec<String>,
    /// Every graded component at level 1.
    pub fully_closed: Vec<String>,
    /// Level groups per stage.
    pub by_stage: BTreeMap<openness_core::Stage, StageSummary>,
    /// Per release year.
    pub by_year: BTreeMap<u16, GroupSummary>,
    /// Per organisation.
    pub by_organisation: BTreeMap<String, GroupSummary>,
    /// The openness score of each release.
    pub scores: BTreeMap<String, openness_core::score::Score>,
    /// O2: openness against performance, per benchmark table.
    pub o2: Vec<crate::performance::O2>,
}

impl Stats {
    /// The share of records with downloadable weights whose pre-training data is closed.
    pub fn closed_data_share(&self) -> Option<f64> {
        (!self.downloadable_weights.is_empty()).then(|| {
            self.downloadable_weights_closed_pretraining_data.len() as f64 / self.downloadable_weights.len() as f64
        })
    }
}

/// Computes the statistics of the ranked `assessments` (at least eight components known; the
/// others are listed in `sparse`) from each cell's answer (`level`); O2 is computed on each
/// performance table.
pub fn stats(all: &[Assessment<'_>], tables: &[crate::performance::Table]) -> Stats {
    let (ranked, sparse): (Vec<&Assessment<'_>>, Vec<&Assessment<'_>>) =
        all.iter().partition(|a| crate::catalogue::Coverage::of(a.record).ranked);
    let as_of =
        all.iter().flat_map(|a| a.record.components.iter().flat_map(|c| c.observations.iter().map(|o| o.as_of))).max();
    let assessments: Vec<Assessment<'_>> = ranked.into_iter().cloned().collect();
    let assessments = assessments.as_slice();
    let mut components = BTreeMap::new();
    for component in Component::ALL {
        let counts = Level::all_for(component.kind())
            .map(|level| {
                let n = assessments.iter().filter(|a| a.components[component as usize].level == level).count();
                (level, n)
            })
            .collect();
        components.insert(component.id(), LevelCounts(counts));
    }
    let grade_of = |a: &Assessment<'_>, c: Component| a.components[c as usize].level.grade();
    let mut downloadable = Vec::new();
    let mut closed_data = Vec::new();
    let mut fully_open = Vec::new();
    let mut fully_closed = Vec::new();
    let mut by_year = BTreeMap::new();
    for a in assessments {
        let id = a.record.id.clone();
        if grade_of(a, Component::DeploymentDataWeights).is_some_and(|g| g >= 3) {
            if grade_of(a, Component::TrainingDataPretraining) == Some(1) {
                closed_data.push(id.clone());
            }
            downloadable.push(id.clone());
        }
        let grades: Vec<u8> = a.components.iter().filter_map(|c| c.level.grade()).collect();
        if !grades.is_empty() && grades.iter().all(|g| *g == 5) {
            fully_open.push(id.clone());
        }
        if !grades.is_empty() && grades.iter().all(|g| *g == 1) {
            fully_closed.push(id);
        }
        *by_year.entry(a.record.release.year).or_insert(0) += 1;
    }
    let scores: BTreeMap<String, openness_core::score::Score> = assessments
        .iter()
        .map(|a| {
            (a.record.id.clone(), openness_core::score::score(a.components.iter().map(|c| (c.component, c.level))))
        })
        .collect();
    let closed_safety = assessments
        .iter()
        .filter(|a| grade_of(a, Component::DeploymentDataWeights).is_some_and(|g| g >= 3))
        .filter(|a| {
            grade_of(a, Component::EvaluationCodeSafety) == Some(1)
                || grade_of(a, Component::EvaluationDataSafety) == Some(1)
        })
        .map(|a| a.record.id.clone())
        .collect();
    let mut by_stage: BTreeMap<openness_core::Stage, StageSummary> = BTreeMap::new();
    for a in assessments {
        for c in &a.components {
            let s = by_stage.entry(c.component.stage()).or_default();
            match c.level {
                Level::NotApplicable => s.not_applicable += 1,
                Level::Unknown => s.unknown += 1,
                l => match l.grade() {
                    Some(1) => s.fully_closed += 1,
                    Some(5) => s.fully_open += 1,
                    _ => s.semi_open += 1,
                },
            }
        }
    }
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    let summarise = |members: Vec<&Assessment<'_>>| {
        let sc: Vec<f64> = members.iter().filter_map(|a| scores.get(&a.record.id).and_then(|s| s.overall)).collect();
        let count = |p: &dyn Fn(&Assessment<'_>) -> bool| members.iter().filter(|a| p(a)).count();
        let share = |n: usize| (!members.is_empty()).then(|| round(n as f64 / members.len() as f64));
        let open = |a: &Assessment<'_>, c: Component| grade_of(a, c).is_some_and(|g| g >= 3);
        let weights = count(&|a| open(a, Component::DeploymentDataWeights));
        let coverage: Vec<f64> = members.iter().map(|a| a.record.known_components() as f64).collect();
        GroupSummary {
            models: members.len(),
            downloadable_weights: weights,
            share_downloadable_weights: share(weights),
            share_open_pretraining_data: share(count(&|a| open(a, Component::TrainingDataPretraining))),
            share_open_safety_evaluation: share(count(&|a| {
                open(a, Component::EvaluationCodeSafety) || open(a, Component::EvaluationDataSafety)
            })),
            mean_score: (!sc.is_empty()).then(|| round(sc.iter().sum::<f64>() / sc.len() as f64)),
            mean_coverage: (!coverage.is_empty()).then(|| round(coverage.iter().sum::<f64>() / coverage.len() as f64)),
        }
    };
    let mut years: BTreeMap<u16, Vec<&Assessment<'_>>> = BTreeMap::new();
    let mut orgs: BTreeMap<String, Vec<&Assessment<'_>>> = BTreeMap::new();
    for a in assessments {
        years.entry(a.record.release.year).or_default().push(a);
        orgs.entry(a.record.organisation.clone().unwrap_or_else(|| "unknown".to_owned())).or_default().push(a);
    }
    let o2 = tables
        .iter()
        .map(|t| {
            crate::performance::o2(t, &|id| {
                let a = assessments.iter().find(|a| a.record.id == id)?;
                let open = grade_of(a, Component::DeploymentDataWeights).is_some_and(|g| g >= 3);
                scores.get(id).and_then(|s| s.overall).map(|o| (o, open))
            })
        })
        .collect();
    let findings = Findings {
        o2,
        o1_open_weights_closed_pretraining_data: closed_data.clone(),
        o1_open_weights_closed_safety_evaluation: closed_safety,
        fully_open: fully_open.clone(),
        fully_closed: fully_closed.clone(),
        by_stage,
        by_year: years.into_iter().map(|(y, m)| (y, summarise(m))).collect(),
        by_organisation: orgs.into_iter().map(|(o, m)| (o, summarise(m))).collect(),
        scores,
    };
    Stats {
        findings,
        reading: all.first().map(|a| a.reading).unwrap_or_default(),
        as_of,
        models: assessments.len(),
        sparse: sparse.iter().map(|a| a.record.id.clone()).collect(),
        components,
        downloadable_weights: downloadable,
        downloadable_weights_closed_pretraining_data: closed_data,
        fully_open,
        fully_closed,
        releases_by_year: by_year,
    }
}
