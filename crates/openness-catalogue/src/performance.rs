//! Performance tables (`data/performance/*.yaml`): one benchmark snapshot each, with its source
//! and date, and a score per catalogue release; and O2, the paper's observation that more open
//! models perform worse than the leading closed ones.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::yaml::parse_all;

/// One release's score.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreRow {
    /// Catalogue id.
    pub id: String,
    /// The name the benchmark rated (a variant, when it differs).
    pub rated_as: String,
    /// The score.
    pub score: f64,
    /// Votes or samples behind it.
    #[serde(default)]
    pub votes: Option<u64>,
    /// A remark (variant rated).
    #[serde(default)]
    pub note: Option<String>,
}

/// A benchmark snapshot.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// The benchmark.
    pub benchmark: String,
    /// Where the figures come from.
    pub source: String,
    /// When they were taken.
    pub date: String,
    /// Whether a higher score is better.
    pub higher_is_better: bool,
    /// Scores.
    pub scores: Vec<ScoreRow>,
}

/// Reads performance tables.
pub fn load_tables(sources: &[Arc<SourceFile>]) -> Result<Vec<Table>, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let tables = parse_all::<Table>(sources, &mut diagnostics).into_iter().map(|(_, t)| t).collect();
    if diagnostics.is_empty() { Ok(tables) } else { Err(diagnostics) }
}

/// O2 on one table: scores of open-weights and closed releases, and how openness and
/// performance rank together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct O2 {
    /// The benchmark.
    pub benchmark: String,
    /// Where the figures come from.
    pub source: String,
    /// Its date.
    pub date: String,
    /// Releases rated, with (openness score, benchmark score, downloadable weights).
    pub rated: Vec<(String, f64, f64, bool)>,
    /// Best score among releases with downloadable weights.
    pub best_open_weights: Option<(String, f64)>,
    /// Best score among the others.
    pub best_closed_weights: Option<(String, f64)>,
    /// Spearman rank correlation between openness score and benchmark score.
    pub spearman: Option<f64>,
}

fn ranks(values: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by(|a, b| values[*a].total_cmp(&values[*b]));
    let mut r = vec![0.0; values.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && values[idx[j + 1]] == values[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in &idx[i..=j] {
            r[*k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation (ties get average ranks).
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 3 {
        return None;
    }
    let (rx, ry) = (ranks(x), ranks(y));
    let n = x.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let cov: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - mx) * (b - my)).sum();
    let (vx, vy): (f64, f64) = (rx.iter().map(|a| (a - mx).powi(2)).sum(), ry.iter().map(|b| (b - my).powi(2)).sum());
    (vx > 0.0 && vy > 0.0).then(|| (cov / (vx * vy).sqrt() * 1000.0).round() / 1000.0)
}

/// O2 for a table, given each release's openness score and whether its weights are downloadable.
pub fn o2(table: &Table, openness: &dyn Fn(&str) -> Option<(f64, bool)>) -> O2 {
    let rated: Vec<(String, f64, f64, bool)> =
        table.scores.iter().filter_map(|s| openness(&s.id).map(|(o, w)| (s.id.clone(), o, s.score, w))).collect();
    let best = |open: bool| {
        rated
            .iter()
            .filter(|r| r.3 == open)
            .max_by(|a, b| if table.higher_is_better { a.2.total_cmp(&b.2) } else { b.2.total_cmp(&a.2) })
            .map(|r| (r.0.clone(), r.2))
    };
    let xs: Vec<f64> = rated.iter().map(|r| r.1).collect();
    let ys: Vec<f64> = rated.iter().map(|r| r.2).collect();
    O2 {
        benchmark: table.benchmark.clone(),
        source: table.source.clone(),
        date: table.date.clone(),
        best_open_weights: best(true),
        best_closed_weights: best(false),
        spearman: spearman(&xs, &ys),
        rated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_of_perfect_and_reversed_orders() {
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]), Some(1.0));
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[30.0, 20.0, 10.0]), Some(-1.0));
        assert_eq!(spearman(&[1.0, 1.0, 1.0], &[3.0, 2.0, 1.0]), None);
        assert_eq!(ranks(&[5.0, 1.0, 5.0]), [2.5, 1.0, 2.5]);
    }
}
