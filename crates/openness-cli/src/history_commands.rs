//! `history` (what changed when in a release's facts, by which source) and `diff` (a
//! release's components on two dates).

use std::fmt::Write as _;

use openness_catalogue::Catalogue;
use openness_catalogue::Reading;
use openness_catalogue::history::{HistoryView, StateView, changes, states};
use openness_core::Component;
use serde::Serialize;

use crate::Outcome;
use crate::args::{DiffArgs, Format};
use crate::commands::{fail, find, to_outcome};
use crate::output;

/// `openness history ID`.
pub fn history(catalogue: &Catalogue, reading: Reading, id: &str, format: Format) -> Outcome {
    let record = match find(catalogue, id) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let view = HistoryView { id: &record.id, name: &record.name, changes: changes(catalogue, record, reading) };
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
pub fn diff(catalogue: &Catalogue, reading: Reading, args: &DiffArgs, format: Format) -> Outcome {
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
    let from = states(catalogue, &record.at(args.from), reading);
    let to = states(catalogue, &record.at(to_date), reading);
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
