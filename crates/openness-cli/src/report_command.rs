//! `openness report` (the static site) and `openness badge`.

use std::io::IsTerminal;

use openness_catalogue::{Catalogue, Reading, embedded_performance};

use crate::Outcome;
use crate::analysis_commands::register;
use crate::args::{BadgeArgs, Format};
use crate::commands::{fail, ok, render_diagnostics};

/// `openness report --out DIR`.
pub fn report(catalogue: &Catalogue, reading: Reading, out: &std::path::Path, base_url: Option<&str>) -> Outcome {
    let register = match register() {
        Ok(r) => r,
        Err(o) => return o,
    };
    let tables = match embedded_performance() {
        Ok(t) => t,
        Err(d) => return fail(render_diagnostics(&d)),
    };
    let data = match openness_report::data_files(catalogue, reading, &tables) {
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
    let pages = openness_report::Report::new(catalogue, reading, &register, &tables);
    let cx = openness_report::RenderContext::report(base_url.map(str::to_owned), pages.data_date());
    let files = openness_report::render_site(&pages, &cx, data, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    let files = match files {
        Ok(f) => f,
        Err(e) => return fail(format!("error: {e}\n")),
    };
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
pub fn badge(catalogue: &Catalogue, reading: Reading, args: &BadgeArgs, format: Format) -> Outcome {
    let register = match register() {
        Ok(r) => r,
        Err(o) => return o,
    };
    let record = match crate::commands::find(catalogue, &args.id) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let a = catalogue.assess(record, reading);
    let an = openness_catalogue::analysis::analyse(catalogue, &a, &register);
    let svg = openness_report::badge(&a, &an);
    match format {
        Format::Markdown => {
            let links = openness_report::RenderContext::report(args.base_url.clone(), "").links(0);
            ok(format!("{}\n", openness_report::badge_markdown(&a, &an, &links)))
        }
        Format::Json => ok(format!("{}\n", serde_json::json!({ "id": record.id, "svg": svg }))),
        _ => ok(format!("{svg}\n")),
    }
}
