//! `openness report` (the static site) and `openness badge`.

use std::io::IsTerminal;

use openness_catalogue::stats::{LevelSource, stats};
use openness_catalogue::{Catalogue, embedded_performance};
use openness_core::Rubric;

use crate::Outcome;
use crate::analysis_commands::register;
use crate::args::{Format, ShowArgs};
use crate::commands::{fail, ok, render_diagnostics};
use crate::output;
use openness_catalogue::views::ModelView;

/// The data files published beside the pages: the same JSON and CSV the CLI prints.
fn data_files(
    catalogue: &Catalogue,
    rubric: Rubric,
    tables: &[openness_catalogue::performance::Table],
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let assessments = catalogue.assess_all(rubric);
    let models: Vec<ModelView<'_>> = assessments.iter().map(ModelView::new).collect();
    let (header, rows) = openness_catalogue::views::model_rows(&assessments, &|c| c.level);
    let licences: Vec<_> = catalogue
        .base
        .profiles()
        .iter()
        .filter(|p| !p.derived)
        .map(|p| openness_catalogue::views::LicenceView::new(p, openness_core::MatchedBy::Id, rubric))
        .collect();
    Ok(vec![
        ("models.json".to_owned(), output::json(&models)?.into_bytes()),
        ("models.csv".to_owned(), output::csv(&header, &rows)?.into_bytes()),
        ("stats.json".to_owned(), output::json(&stats(&assessments, LevelSource::Shown, tables))?.into_bytes()),
        ("licenses.json".to_owned(), output::json(&licences)?.into_bytes()),
    ])
}

/// `openness report --out DIR`.
pub fn report(catalogue: &Catalogue, rubric: Rubric, out: &std::path::Path) -> Outcome {
    let register = match register() {
        Ok(r) => r,
        Err(o) => return o,
    };
    let tables = match embedded_performance() {
        Ok(t) => t,
        Err(d) => return fail(render_diagnostics(&d)),
    };
    let data = match data_files(catalogue, rubric, &tables) {
        Ok(d) => d,
        Err(e) => return fail(format!("error: {e}\n")),
    };
    let bar = indicatif::ProgressBar::new(0);
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let files = openness_report::render_site(catalogue, rubric, &register, &tables, data, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    let mut bytes = 0;
    for (path, content) in &files {
        let target = out.join(path);
        if let Some(parent) = target.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            return fail(format!("error: cannot create `{}`: {e}\n", parent.display()));
        }
        if let Err(e) = std::fs::write(&target, content) {
            return fail(format!("error: cannot write `{}`: {e}\n", target.display()));
        }
        bytes += content.len();
    }
    ok(format!(
        "wrote {} files ({} KiB) to {}; open {}\n",
        files.len(),
        bytes / 1024,
        out.display(),
        out.join("index.html").display()
    ))
}

/// `openness badge <id>`.
pub fn badge(catalogue: &Catalogue, rubric: Rubric, args: &ShowArgs, format: Format) -> Outcome {
    let register = match register() {
        Ok(r) => r,
        Err(o) => return o,
    };
    let Some(record) = catalogue.get(&args.id) else {
        return fail(format!(
            "error: no release `{}` in the catalogue\n   = help: did you mean {}?\n",
            args.id,
            catalogue.nearest_ids(&args.id, 3).join(", ")
        ));
    };
    let a = catalogue.assess(record, rubric);
    let an = openness_catalogue::analysis::analyse(catalogue, &a, &register);
    let svg = openness_report::badge(&a, &an);
    match format {
        Format::Markdown => ok(format!("{}\n", openness_report::badge_markdown(&a, &an))),
        Format::Json => ok(format!("{}\n", serde_json::json!({ "id": record.id, "svg": svg }))),
        _ => ok(format!("{svg}\n")),
    }
}
