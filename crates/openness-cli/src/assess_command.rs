//! `openness assess DIR`: a draft record from a local repository, with evidence.

use std::fmt::Write as _;

use openness_assess::{Knowledge, Options, Report, assess};
use openness_catalogue::{embedded_registry, licence_base};
use openness_core::{Level, Rubric};

use crate::Outcome;
use crate::args::{AssessArgs, Cli, Format};
use crate::commands::{fail, ok, render_diagnostics, source, to_outcome};
use crate::output::{self, colour_stdout, level_cell, table};

/// The month of the newest file under `dir`, else of today.
fn newest_month(dir: &std::path::Path) -> String {
    let newest = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok()?.modified().ok())
        .max()
        .unwrap_or_else(std::time::SystemTime::now);
    month_of(newest)
}

fn month_of(t: std::time::SystemTime) -> String {
    let secs = t.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // Civil date from days since the epoch (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}")
}

fn today() -> String {
    month_of(std::time::SystemTime::now())
}

/// Runs `assess`.
pub fn run(cli: &Cli, args: &AssessArgs) -> Outcome {
    let base = match licence_base(&source(cli)) {
        Ok(b) => b,
        Err(d) => return fail(render_diagnostics(&d)),
    };
    let registry = match embedded_registry(&base) {
        Ok(r) => r,
        Err(d) => return fail(render_diagnostics(&d)),
    };
    if let Some(r) = &args.release
        && openness_catalogue::Release::parse(r).is_none()
    {
        return fail(format!("error: `{r}` is not a release month\n   = help: write YYYY-MM, e.g. 2024-04\n"));
    }
    if let Some(id) = &args.id
        && !openness_catalogue::record::is_valid_id(id)
    {
        return fail(format!(
            "error: `{}` is not a valid record id\n   = help: use lowercase letters, digits, `.`, `+` and `-`, starting with a letter or digit, e.g. `{}`\n",
            id.escape_debug(),
            openness_catalogue::record::id_from_name(id)
        ));
    }
    let options = Options {
        rubric: Rubric { p5: cli.rubric },
        id: args.id.clone(),
        release: args.release.clone(),
        model: args.model.clone(),
        ..Options::default()
    };
    let know = Knowledge { base: &base, registry: &registry };
    let report = match assess(&args.dir, &know, &options) {
        Ok(r) => r,
        Err(e) => return fail(format!("error: {e}\n   = help: give the folder of a model repository\n")),
    };
    let unmet: Vec<String> = args
        .requirements
        .iter()
        .filter_map(|req| {
            let got = report.component(req.component).map_or(Level::Unknown, |d| d.level);
            let ok = matches!((got.grade(), req.level.grade()), (Some(g), Some(w)) if g >= w);
            (!ok).then(|| format!("requirement {}>={} not met: {got}", req.component, req.level))
        })
        .collect();
    let mut outcome = match cli.format {
        Format::Yaml => {
            let release = report.release.clone().unwrap_or_else(|| newest_month(&args.dir));
            let record = report.to_record(&release, &today());
            match openness_catalogue::import_site::to_yaml(&record) {
                Ok(y) => ok(y),
                Err(e) => fail(format!("error: {e}\n")),
            }
        }
        Format::Json => to_outcome(output::json(&report)),
        Format::Csv => {
            let rows: Vec<Vec<String>> = report
                .components
                .iter()
                .map(|d| {
                    vec![
                        d.component.id().to_owned(),
                        d.availability.to_string(),
                        d.license.clone().unwrap_or_default(),
                        d.level.to_string(),
                        format!("{:.2}", d.confidence),
                        d.evidence.first().map(ToString::to_string).unwrap_or_default(),
                    ]
                })
                .collect();
            to_outcome(output::csv(&["component", "availability", "license", "level", "confidence", "evidence"], &rows))
        }
        Format::Markdown => ok(markdown(&report)),
        Format::Cyclonedx | Format::Spdx3 => {
            let release = report.release.clone().unwrap_or_else(|| newest_month(&args.dir));
            let record = report.to_record(&release, &today());
            let sources = openness_catalogue::sources(&source(cli)).unwrap_or_default();
            let catalogue = openness_catalogue::Catalogue { records: Vec::new(), base: base.clone(), sources };
            match cli.format.interchange() {
                Some(format) => {
                    crate::interchange_commands::draft_document(&record, &catalogue, options.rubric, format)
                }
                None => ok(text(&report)),
            }
        }
        Format::Table | Format::Latex | Format::Mot | Format::Osai => ok(text(&report)),
    };
    if !unmet.is_empty() {
        outcome.failed = true;
        for u in unmet {
            let _ = writeln!(outcome.stderr, "error: {u}");
        }
    }
    outcome
}

fn text(r: &Report) -> String {
    let colour = colour_stdout();
    let mut out =
        format!("{} ({})\n", r.name, if r.model_repository { "model repository" } else { "source repository" });
    if let Some(p) = r.parameters {
        let _ = writeln!(out, "  parameters: {p} ({})", r.parameters_source.clone().unwrap_or_default());
    }
    if r.weights.files > 0 {
        let _ = writeln!(
            out,
            "  weights:    {} file(s), {} bytes, {}",
            r.weights.files,
            r.weights.bytes,
            r.weights.formats.join(", ")
        );
    }
    let mut t = table(colour);
    t.set_header(vec!["Component", "Availability", "Licence", "Level", "Conf.", "Evidence"]);
    for d in &r.components {
        t.add_row(vec![
            comfy_table::Cell::new(d.component.id()),
            comfy_table::Cell::new(d.availability),
            comfy_table::Cell::new(d.license.clone().unwrap_or_else(|| {
                if d.part_names.is_empty() { String::new() } else { format!("{} parts", d.part_names.len()) }
            })),
            level_cell(d.level, d.level, colour),
            comfy_table::Cell::new(format!("{:.2}", d.confidence)),
            comfy_table::Cell::new(d.evidence.first().map(ToString::to_string).unwrap_or_else(|| d.reason.clone())),
        ]);
    }
    let _ = writeln!(out, "{}", crate::output::render(t));
    if !r.findings.is_empty() {
        let _ = writeln!(out, "Findings:");
        for f in &r.findings {
            let _ = writeln!(out, "  [{}] {}", f.code, f.message);
            for e in &f.evidence {
                let _ = writeln!(out, "        {e}");
            }
        }
    }
    out
}

fn markdown(r: &Report) -> String {
    let mut out = format!("# Openness assessment: {}\n\n", output::md(&r.name));
    if let Some(p) = r.parameters {
        let _ = writeln!(out, "- Parameters: {p} ({})", r.parameters_source.clone().unwrap_or_default());
    }
    let _ = writeln!(out, "- Kind: {}\n", if r.model_repository { "model repository" } else { "source repository" });
    let rows: Vec<Vec<String>> = r
        .components
        .iter()
        .map(|d| {
            vec![
                format!("`{}`", d.component.id()),
                d.level.to_string(),
                d.availability.to_string(),
                d.license.clone().unwrap_or_default(),
                format!("{:.2}", d.confidence),
                d.reason.clone(),
                d.evidence.iter().take(2).map(|e| format!("`{e}`")).collect::<Vec<_>>().join("; "),
            ]
        })
        .collect();
    out.push_str(&output::markdown(
        &["Component", "Level", "Availability", "Licence", "Confidence", "Why", "Evidence"],
        &rows,
    ));
    if !r.findings.is_empty() {
        out.push_str("\n## Findings\n\n");
        for f in &r.findings {
            let _ = writeln!(out, "- **{}** {}", f.code, output::md(&f.message));
        }
    }
    if !r.missing.is_empty() {
        out.push_str("\n## What to open next\n\n");
        for m in &r.missing {
            let _ = writeln!(out, "- {}", output::md(m));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_from_timestamps() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_714_000_000);
        assert_eq!(month_of(t), "2024-04");
        assert_eq!(month_of(std::time::UNIX_EPOCH), "1970-01");
    }
}
