//! A release's history: the shown state of its components on a date, and every change of it
//! with the date and source of the observation that made it (`openness history`, the report's
//! release pages).

use openness_core::{Availability, Component, Level};

use crate::catalogue::Reading;
use serde::Serialize;

use crate::catalogue::licence_text;
use crate::{Catalogue, FactDate, Record};

/// A component's shown state on a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateView {
    /// How it is available.
    pub availability: Availability,
    /// The licence expression, or null.
    pub license: Option<String>,
    /// The level shown.
    pub level: Level,
    /// The source of the chosen observation, or null.
    pub source: Option<String>,
    /// The date of the chosen observation, or null.
    pub as_of: Option<String>,
}

impl StateView {
    /// Whether two states show the same availability, licence and level.
    pub fn same_facts(&self, other: &StateView) -> bool {
        (self.availability, &self.license, self.level) == (other.availability, &other.license, other.level)
    }

    /// The state in words: `open, MIT, C5`.
    pub fn text(&self) -> String {
        let licence = self.license.as_deref().map(|l| format!(", {l}")).unwrap_or_default();
        format!("{}{licence}, {}", self.availability, self.level)
    }
}

/// The shown state of each component of `record`.
pub fn states(catalogue: &Catalogue, record: &Record, reading: Reading) -> Vec<StateView> {
    catalogue
        .assess(record, reading)
        .components
        .iter()
        .map(|a| {
            let cr = record.component(a.component);
            StateView {
                availability: cr.facts.availability,
                license: licence_text(&cr.facts.licence),
                level: a.level,
                source: a.chosen_from.clone(),
                as_of: cr.as_of.clone(),
            }
        })
        .collect()
}

/// One change in `history`.
#[derive(Debug, Serialize)]
pub struct ChangeView {
    /// The date of the observation that changed it.
    pub date: FactDate,
    /// The component.
    pub component: Component,
    /// The source of the new state.
    pub source: Option<String>,
    /// The state before, or null when this is the first observation.
    pub from: Option<StateView>,
    /// The state from this date on.
    pub to: StateView,
}

/// `history`'s answer.
#[derive(Debug, Serialize)]
pub struct HistoryView<'a> {
    /// Id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// The changes, oldest first.
    pub changes: Vec<ChangeView>,
}

/// Every change of a record's shown facts: at each observation date, the components whose
/// availability, licence or level changed.
pub fn changes(catalogue: &Catalogue, record: &Record, reading: Reading) -> Vec<ChangeView> {
    let mut out = Vec::new();
    let mut before: Option<Vec<StateView>> = None;
    for date in record.observation_dates() {
        let now = states(catalogue, &record.at(date), reading);
        for (i, component) in Component::ALL.into_iter().enumerate() {
            let was = before.as_ref().map(|b| b[i].clone()).filter(|w| w.source.is_some());
            let changed = match &was {
                Some(w) => !w.same_facts(&now[i]),
                None => now[i].source.is_some(),
            };
            if changed {
                out.push(ChangeView { date, component, source: now[i].source.clone(), from: was, to: now[i].clone() });
            }
        }
        before = Some(now);
    }
    out
}
