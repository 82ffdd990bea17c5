//! A transparent openness score: each graded component contributes `(grade − 1) / 4` (C1/D1 →
//! 0, C5/D5 → 1); `N/A` components are left out (the stage does not exist) and `Unknown` ones
//! are left out but counted, so that a score resting on few components says so. The overall
//! score is the mean over graded components, each stage's score the mean over its own.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::level::Level;
use crate::taxonomy::{Component, Stage};

/// An openness score between 0 (fully closed) and 1 (fully open).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// Mean over graded components, or `None` when none is graded.
    pub overall: Option<f64>,
    /// The same per stage.
    pub by_stage: BTreeMap<Stage, Option<f64>>,
    /// How many components were graded.
    pub graded: usize,
    /// How many were `Unknown`.
    pub unknown: usize,
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| (values.iter().sum::<f64>() / values.len() as f64 * 1000.0).round() / 1000.0)
}

/// Scores a set of component levels.
pub fn score(levels: impl IntoIterator<Item = (Component, Level)>) -> Score {
    let mut all = Vec::new();
    let mut per_stage: BTreeMap<Stage, Vec<f64>> = Stage::ALL.iter().map(|s| (*s, Vec::new())).collect();
    let mut unknown = 0;
    for (component, level) in levels {
        match level.grade() {
            Some(g) => {
                let v = f64::from(g - 1) / 4.0;
                all.push(v);
                per_stage.entry(component.stage()).or_default().push(v);
            }
            None if level == Level::Unknown => unknown += 1,
            None => {}
        }
    }
    Score {
        overall: mean(&all),
        by_stage: per_stage.iter().map(|(s, v)| (*s, mean(v))).collect(),
        graded: all.len(),
        unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Kind;

    #[test]
    fn closed_is_zero_open_is_one_and_na_is_ignored() {
        let levels = [
            (Component::DeploymentDataWeights, Level::Graded { kind: Kind::Data, grade: 5 }),
            (Component::DeploymentCodeInference, Level::Graded { kind: Kind::Code, grade: 3 }),
            (Component::TrainingDataPretraining, Level::Graded { kind: Kind::Data, grade: 1 }),
            (Component::TrainingDataSft, Level::NotApplicable),
            (Component::EvaluationCodeSafety, Level::Unknown),
        ];
        let s = score(levels);
        assert_eq!(s.overall, Some(0.5));
        assert_eq!(s.by_stage[&Stage::Deployment], Some(0.75));
        assert_eq!(s.by_stage[&Stage::Training], Some(0.0));
        assert_eq!(s.by_stage[&Stage::Evaluation], None);
        assert_eq!((s.graded, s.unknown), (3, 1));
    }
}
