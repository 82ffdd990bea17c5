//! The `models` table for the terminal: one line per release, whatever the width.
//!
//! Laid out by hand rather than by a table library, because the twelve level cells must never
//! wrap: each is two characters (`C1`…`D5`, `-` for N/A, `?` for Unknown), followed in the
//! columns that need one by a marker slot (`*`: the recorded level differs). Headers group
//! the cells by stage and kind as in the paper's Figure 1. The id column (the id `show`
//! takes) comes first at full length; then, as the width allows, the score (always, when
//! sorting by it), release month, name and organisation, names shortened with `…`. Every
//! text is cut before it is measured, so rendering is linear in the input.

use std::fmt::Write as _;

use openness_catalogue::{Assessment, Coverage, LevelsFrom};
use openness_core::{Component, Kind, Level, Stage};

use crate::output::{level_colour, shorten};

/// Widest name and organisation columns, in characters.
const NAME_MAX: usize = 28;
const ORG_MAX: usize = 22;
/// Ids longer than this are cut even on a wide terminal (records' ids are far shorter).
const ID_MAX: usize = 64;

/// How the table is drawn.
pub struct Layout {
    /// Terminal width in columns.
    pub width: usize,
    /// Colour level cells.
    pub colour: bool,
    /// Show the openness score column.
    pub score: bool,
}

/// The two-character code of a level in the grid.
pub fn cell_text(level: Level) -> String {
    match level {
        Level::NotApplicable => "-".to_owned(),
        Level::Unknown => "?".to_owned(),
        l => l.to_string(),
    }
}

/// The two-letter code of a component under its stage-and-kind group.
pub fn short_code(c: Component) -> &'static str {
    match c {
        Component::TrainingCodePretraining | Component::TrainingDataPretraining => "pt",
        Component::TrainingCodeFinetuning | Component::TrainingDataSft => "ft",
        Component::TrainingCodeAlignment | Component::TrainingDataAlignment => "al",
        Component::EvaluationCodeGeneral => "gn",
        Component::EvaluationCodeSafety | Component::EvaluationDataSafety => "sf",
        Component::EvaluationDataUtility => "ut",
        Component::DeploymentCodeInference => "in",
        Component::DeploymentDataWeights => "wt",
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn pad(s: &str, width: usize) -> String {
    let n = chars(s);
    if n >= width { s.to_owned() } else { format!("{s}{}", " ".repeat(width - n)) }
}

/// The first of `labels` that fits `width`, padded to it.
fn fit(labels: &[&str], width: usize) -> String {
    pad(labels.iter().find(|l| chars(l) <= width).copied().unwrap_or(""), width)
}

/// A row's openness score as a whole percentage.
pub fn score_text(a: &Assessment<'_>) -> String {
    let s = openness_core::score::score(a.components.iter().map(|c| (c.component, c.level)));
    s.overall.map_or("-".to_owned(), |v| format!("{:.0}%", v * 100.0))
}

/// The table, its legend and a summary line, each line at most `layout.width` wide.
pub fn render(rows: &[Assessment<'_>], layout: &Layout) -> String {
    // Which columns hold a disagreement, and so need a marker slot.
    let marked: Vec<bool> =
        Component::ALL.iter().map(|c| rows.iter().any(|a| a.components[*c as usize].disagreement.is_some())).collect();
    let cell_width = |i: usize| 2 + usize::from(marked[i]);
    let grid_width = (0..12).map(cell_width).sum::<usize>() + 11;
    let ids: Vec<String> = rows.iter().map(|a| shorten(&a.record.id, ID_MAX)).collect();
    let id_room = layout.width.saturating_sub(grid_width + 1 + if layout.score { 6 } else { 0 }).max(8);
    let id_width = ids.iter().map(|i| chars(i)).max().unwrap_or(0).max(2).min(id_room);
    let mut used = id_width + 1 + grid_width + if layout.score { 6 } else { 0 };
    let mut room = |w: usize| {
        let fits = used + w <= layout.width;
        if fits {
            used += w;
        }
        fits
    };
    let release = room(8);
    let coverage: Vec<Coverage> = rows.iter().map(|a| Coverage::of(a.record)).collect();
    let sparse = coverage.iter().filter(|c| !c.ranked).count();
    let known = sparse > 0 && room(7);
    let names: Vec<String> = rows.iter().map(|a| shorten(&a.record.name, NAME_MAX)).collect();
    let name_width = names.iter().map(|n| chars(n)).max().unwrap_or(0).max(4);
    let name = room(name_width + 2);
    let orgs: Vec<String> =
        rows.iter().map(|a| shorten(a.record.organisation.as_deref().unwrap_or(""), ORG_MAX)).collect();
    let org_width = orgs.iter().map(|o| chars(o)).max().unwrap_or(0).max(12);
    let org = name && room(org_width + 2);

    let lead = id_width + 1 + if layout.score { 6 } else { 0 } + if release { 8 } else { 0 };
    let span = |pred: &dyn Fn(Component) -> bool| {
        let cols: Vec<usize> = (0..12).filter(|i| pred(Component::ALL[*i])).collect();
        cols.iter().map(|i| cell_width(*i)).sum::<usize>() + cols.len().saturating_sub(1)
    };
    let mut out = String::new();
    // Stages, then kinds, then the components' codes with the identity columns' titles.
    let stages: Vec<String> = Stage::ALL
        .iter()
        .map(|s| {
            let w = span(&|c| c.stage() == *s);
            match s {
                Stage::Training => fit(&["Training", "Train", "T"], w),
                Stage::Evaluation => fit(&["Evaluation", "Eval", "E"], w),
                Stage::Deployment => fit(&["Deployment", "Deploy", "Depl", "D"], w),
            }
        })
        .collect();
    let _ = writeln!(out, "{}{}", " ".repeat(lead), stages.join(" ").trim_end());
    let mut kinds = Vec::new();
    for s in Stage::ALL {
        for k in [Kind::Code, Kind::Data] {
            let w = span(&|c| c.stage() == s && c.kind() == k);
            kinds.push(match k {
                Kind::Code => fit(&["Code", "C"], w),
                Kind::Data => fit(&["Data", "D"], w),
            });
        }
    }
    let _ = writeln!(out, "{}{}", " ".repeat(lead), kinds.join(" ").trim_end());
    let mut head = pad("id", id_width + 1);
    if layout.score {
        head.push_str("score ");
    }
    if release {
        head.push_str("release ");
    }
    let codes: Vec<String> = (0..12).map(|i| pad(short_code(Component::ALL[i]), cell_width(i))).collect();
    head.push_str(&codes.join(" "));
    if known {
        head.push_str("  known");
    }
    if name {
        let _ = write!(head, "  {}", pad("name", name_width));
    }
    if org {
        head.push_str("  organisation");
    }
    let _ = writeln!(out, "{}", head.trim_end());

    for (n, a) in rows.iter().enumerate() {
        let mut line = pad(&ids[n], id_width + 1);
        if layout.score {
            let _ = write!(line, "{:>5} ", score_text(a));
        }
        if release {
            let _ = write!(line, "{} ", a.record.release);
        }
        let cells: Vec<String> = a
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let text = pad(&cell_text(c.level), 2);
                let text = if layout.colour { paint(&text, c.level) } else { text };
                let marker = if c.disagreement.is_some() { "*" } else { " " };
                if marked[i] { format!("{text}{marker}") } else { text }
            })
            .collect();
        line.push_str(&cells.join(" "));
        if known {
            let c = coverage[n];
            let text = if c.ranked { String::new() } else { format!("{}/{}", c.known, c.of) };
            let _ = write!(line, "  {text:<5}");
        }
        if name {
            let _ = write!(line, "  {}", pad(&names[n], name_width));
        }
        if org {
            let _ = write!(line, "  {}", orgs[n]);
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out.push('\n');
    out.push_str(&legend(rows, layout.width, sparse));
    out
}

/// `text` on the level's colour.
pub fn paint(text: &str, level: Level) -> String {
    let colour = level_colour(level);
    let bg = match colour {
        comfy_table::Color::Rgb { r, g, b } => format!("48;2;{r};{g};{b}"),
        comfy_table::Color::AnsiValue(v) => format!("48;5;{v}"),
        _ => "7".to_owned(),
    };
    format!("\x1b[{bg};97m{text}\x1b[0m")
}

/// Words joined into lines no wider than `width`.
fn wrap(words: &[String], width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for w in words {
        if !line.is_empty() && chars(&line) + 1 + chars(w) > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    if !line.is_empty() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn legend(rows: &[Assessment<'_>], width: usize, sparse: usize) -> String {
    let entries = [
        "Codes: pt pre-training, ft fine-tuning (data: supervised), al alignment, gn general,",
        "sf safety, ut utility benchmarks, in inference, wt weights.",
        "Levels: C1/D1 closed, D2 API only, C2-C4/D3-D4 restricted, C5/D5 fully open, - N/A, ? Unknown",
        "(`openness --help`).",
    ];
    let words: Vec<String> = entries.join(" ").split(' ').map(str::to_owned).collect();
    let mut out = wrap(&words, width);
    let differ = rows.iter().flat_map(|a| &a.components).filter(|c| c.disagreement.is_some()).count();
    let (shown, other) = match rows.first().map(|a| a.reading.levels_from) {
        Some(LevelsFrom::Recorded) => ("recorded", "computed"),
        _ => ("computed", "recorded"),
    };
    let mut summary = format!("{} releases; levels {shown}.", rows.len());
    if differ > 0 {
        let _ = write!(
            summary,
            " * marks {differ} {} whose {other} level differs (`openness show ID` says why; `--levels-from {other}` shows it).",
            if differ == 1 { "cell" } else { "cells" }
        );
    }
    if sparse > 0 {
        let _ = write!(
            summary,
            " {sparse} sparse {} (fewer than {} of 12 components known) {} listed, never ranked.",
            if sparse == 1 { "release" } else { "releases" },
            openness_catalogue::record::MIN_KNOWN_FOR_RANKING,
            if sparse == 1 { "is" } else { "are" }
        );
    }
    let words: Vec<String> = summary.split(' ').map(str::to_owned).collect();
    out.push_str(&wrap(&words, width));
    out
}
