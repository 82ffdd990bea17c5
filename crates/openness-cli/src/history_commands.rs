//! `history` (what changed when in a release's facts, by which source) and `diff` (a
//! release's components on two dates).

use std::fmt::Write as _;

use openness_catalogue::catalogue::licence_text;
use openness_catalogue::{Catalogue, FactDate, Record};
use openness_core::{Availability, Component, Level, Rubric};
use serde::Serialize;

use crate::Outcome;
use crate::args::{DiffArgs, Format, ShowArgs};
use crate::commands::{fail, find, to_outcome};
use crate::output;

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
    fn same_facts(&self, other: &StateView) -> bool {
        (self.availability, &self.license, self.level) == (other.availability, &other.license, other.level)
    }

    fn text(&self) -> String {
        let licence = self.license.as_deref().map(|l| format!(", {l}")).unwrap_or_default();
        format!("{}{licence}, {}", self.availability, self.level)
    }
}

fn states(catalogue: &Catalogue, record: &Record, rubric: Rubric) -> Vec<StateView> {
    catalogue
        .assess(record, rubric)
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
fn changes(catalogue: &Catalogue, record: &Record, rubric: Rubric) -> Vec<ChangeView> {
    let mut out = Vec::new();
    let mut before: Option<Vec<StateView>> = None;
    for date in record.observation_dates() {
        let now = states(catalogue, &record.at(date), rubric);
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

/// `openness history ID`.
pub fn history(catalogue: &Catalogue, rubric: Rubric, args: &ShowArgs, format: Format) -> Outcome {
    let record = match find(catalogue, &args.id) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let view = HistoryView { id: &record.id, name: &record.name, changes: changes(catalogue, record, rubric) };
    match format {
        Format::Json => to_outcome(output::json(&view)),
        Format::Table => {
            let mut out = format!("{} ({}): {} changes\n", record.name, record.id, view.changes.len());
            for c in &view.changes {
                let by = c.source.as_deref().unwrap_or("-");
                let _ = writeln!(out, "{:<10}  {}  by {by}", c.date.to_string(), c.component.id());
                match &c.from {
                    Some(from) => {
                        let _ = writeln!(out, "            was {}", from.text());
                        let _ = writeln!(out, "            now {}", c.to.text());
                    }
                    None => {
                        let _ = writeln!(out, "            first {}", c.to.text());
                    }
                }
            }
            crate::commands::ok(out)
        }
        _ => {
            let rows = view
                .changes
                .iter()
                .map(|c| {
                    vec![
                        c.date.to_string(),
                        c.component.id().to_owned(),
                        c.source.clone().unwrap_or_default(),
                        c.from.as_ref().map(StateView::text).unwrap_or_default(),
                        c.to.text(),
                    ]
                })
                .collect::<Vec<_>>();
            rows_outcome(format, &["date", "component", "source", "from", "to"], &rows)
        }
    }
}

/// One component in `diff`.
#[derive(Debug, Serialize)]
pub struct DiffRow {
    /// The component.
    pub component: Component,
    /// Its state on the earlier date.
    pub from: StateView,
    /// Its state on the later date.
    pub to: StateView,
    /// Whether availability, licence or level differ.
    pub changed: bool,
}

/// `openness diff ID --from DATE --to DATE`.
pub fn diff(catalogue: &Catalogue, rubric: Rubric, args: &DiffArgs, format: Format) -> Outcome {
    let record = match find(catalogue, &args.id) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let to_date = args.to.or_else(|| record.observation_dates().last().copied()).unwrap_or(args.from);
    if to_date < args.from {
        return fail(format!(
            "error: --to {to_date} is before --from {}\n   = help: give the earlier date to --from\n",
            args.from
        ));
    }
    let from = states(catalogue, &record.at(args.from), rubric);
    let to = states(catalogue, &record.at(to_date), rubric);
    let rows: Vec<DiffRow> = Component::ALL
        .into_iter()
        .zip(from.into_iter().zip(to))
        .map(|(component, (from, to))| DiffRow { changed: !from.same_facts(&to), component, from, to })
        .collect();
    match format {
        Format::Json => to_outcome(output::json(&serde_json::json!({
            "id": record.id, "from": args.from, "to": to_date, "components": rows,
        }))),
        Format::Table => {
            let changed = rows.iter().filter(|r| r.changed).count();
            let mut out = format!("{} ({}): {} to {to_date}, {changed} changed\n", record.name, record.id, args.from);
            for r in &rows {
                let mark = if r.changed { "*" } else { " " };
                let line = format!("{mark} {:<26} {:<7} {}", r.component.id(), r.from.level.to_string(), r.to.level);
                let _ = writeln!(out, "{}", line.trim_end());
                if r.changed {
                    let _ = writeln!(out, "    was {}", r.from.text());
                    let by = r.to.source.as_deref().map(|s| format!(" (by {s})")).unwrap_or_default();
                    let _ = writeln!(out, "    now {}{by}", r.to.text());
                }
            }
            crate::commands::ok(out)
        }
        _ => {
            let table = rows
                .iter()
                .map(|r| vec![r.component.id().to_owned(), r.from.text(), r.to.text(), r.changed.to_string()])
                .collect::<Vec<_>>();
            rows_outcome(format, &["component", "from", "to", "changed"], &table)
        }
    }
}

fn rows_outcome(format: Format, header: &[&str], rows: &[Vec<String>]) -> Outcome {
    match format {
        Format::Markdown => crate::commands::ok(output::markdown(header, rows)),
        _ => to_outcome(output::csv(header, rows)),
    }
}
