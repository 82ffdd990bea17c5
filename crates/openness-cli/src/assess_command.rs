//! `openness assess DIR`: a draft record from a local repository, with evidence.

use std::fmt::Write as _;

use openness_assess::{Knowledge, Options, Report, assess};
use openness_catalogue::{embedded_registry, licence_base};
use openness_core::{Level, Rubric};

use crate::Outcome;
use crate::args::{AssessArgs, Cli, Format};
use crate::commands::{fail, ok, render_diagnostics, source, to_outcome};
use crate::output::{self, colour_stdout, level_cell, table};

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
        Err(e) => {
            return fail(format!(
                "error: {e}\n   = help: give the folder of a model repository (a Hugging Face checkout or a source repository)\n"
            ));
        }
    };
    let dating = dating_notes(&report);
    let unmet: Vec<String> = args
        .requirements
        .iter()
        .filter_map(|req| {
            let got = report.component(req.component).map_or(Level::Unknown, |d| d.level);
            let ok = matches!((got.grade(), req.level.grade()), (Some(g), Some(w)) if g >= w);
            (!ok).then(|| format!("requirement {}>={} not met: {got}", req.component, req.level))
        })
        .collect();
    let mut outcome = match args.output.format {
        Format::Yaml => match openness_catalogue::import_site::to_yaml(&report.to_record()) {
            Ok(y) => Outcome { stdout: y, stderr: dating.clone(), failed: false },
            Err(e) => fail(format!("error: {e}\n")),
        },
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
            let record = report.to_record();
            let sources = openness_catalogue::sources(&source(cli)).unwrap_or_default();
            let catalogue = openness_catalogue::Catalogue { records: Vec::new(), base: base.clone(), sources };
            match args.output.format.interchange() {
                Some(format) => {
                    crate::interchange_commands::draft_document(&record, &catalogue, options.rubric, format)
                }
                None => ok(text(&report)),
            }
        }
        _ => ok(text(&report)),
    };
    if let Some(dir) = &args.out {
        match write_record(dir, &report) {
            // Beside data on stdout, the summary goes to stderr.
            Ok(path) => {
                let _ = writeln!(outcome.stderr, "wrote {}", path.display());
                outcome.stderr.push_str(&dating);
            }
            Err(e) => {
                outcome.failed = true;
                outcome.stderr.push_str(&e);
            }
        }
    }
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

/// Notes on what the files did not date, for the draft's reviewer.
fn dating_notes(report: &Report) -> String {
    let mut notes = String::new();
    if report.release.is_none() {
        notes.push_str(
            "note: the files state no release date: the draft's `release` is left empty\n   = help: pass --release YYYY-MM, or fill it in\n",
        );
    }
    if report.dates.as_of.is_none() && report.release.is_none() {
        notes.push_str("note: the files give no date for their facts: each component's `as_of` is left out\n   = help: with --release the facts are dated by the release\n");
    }
    notes
}

/// Writes the draft as `DIR/models/<id>.yaml`, the layout `openness --data DIR` reads.
fn write_record(dir: &std::path::Path, report: &Report) -> Result<std::path::PathBuf, String> {
    let record = report.to_record();
    let yaml = openness_catalogue::import_site::to_yaml(&record).map_err(|e| format!("error: {e}\n"))?;
    let models = dir.join("models");
    let path = models.join(format!("{}.yaml", record.id.value));
    std::fs::create_dir_all(&models)
        .and_then(|()| std::fs::write(&path, yaml))
        .map_err(|e| format!("error: cannot write `{}`: {e}\n", path.display()))?;
    Ok(path)
}
