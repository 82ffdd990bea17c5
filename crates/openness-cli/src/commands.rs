//! The commands: each loads what it needs, computes through the library crates and renders.

use std::fmt::Write as _;
use std::path::Path;

use openness_catalogue::import_site::{import_file, to_yaml};
use openness_catalogue::stats::{LevelSource, Stats, stats};
use openness_catalogue::{
    Assessment, Catalogue, Coverage, DataSource, Diagnostic, Severity, check_paths, licence_base, load, load_records,
};
use openness_core::{Component, Level, Permission, Rubric};

use crate::Outcome;
use crate::args::{
    CheckArgs, Cli, Command, Format, ImportCommand, LevelFilter, Levels, ModelsArgs, ShowArgs, SortKey, StatsArgs,
};
use crate::output::{self, colour_stderr, colour_stdout, level_cell, table};
use openness_catalogue::views::{ModelView, ShowView, mean_grade};

pub(crate) fn source(cli: &Cli) -> DataSource {
    cli.data.clone().map_or(DataSource::Embedded, DataSource::Dir)
}

pub(crate) fn ok(stdout: String) -> Outcome {
    Outcome { stdout, stderr: String::new(), failed: false }
}

pub(crate) fn fail(stderr: String) -> Outcome {
    Outcome { stdout: String::new(), stderr, failed: true }
}

pub(crate) fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let colour = colour_stderr();
    let mut out = String::new();
    for d in diagnostics {
        let text = d.to_string();
        if colour {
            let code = match d.severity {
                Severity::Error => "\x1b[1;31m",
                Severity::Warning => "\x1b[1;33m",
                Severity::Note => "\x1b[1;36m",
            };
            let (head, rest) = text.split_once('\n').unwrap_or((&text, ""));
            let _ = writeln!(out, "{code}{head}\x1b[0m\n{rest}\n");
        } else {
            let _ = writeln!(out, "{text}\n");
        }
    }
    out
}

pub(crate) fn with_catalogue(cli: &Cli, f: impl FnOnce(&Catalogue, Rubric) -> Outcome) -> Outcome {
    match load(&source(cli)) {
        Ok(loaded) => {
            let catalogue = match cli.as_of {
                Some(date) => loaded.catalogue.as_of(date),
                None => loaded.catalogue,
            };
            f(&catalogue, Rubric { p5: cli.rubric })
        }
        Err(diagnostics) => {
            let mut text = render_diagnostics(&diagnostics);
            text.push_str("error: the catalogue is invalid; `openness check` lists every problem\n");
            fail(text)
        }
    }
}

pub(crate) fn to_outcome(rendered: Result<String, String>) -> Outcome {
    match rendered {
        Ok(s) => ok(s),
        Err(e) => fail(format!("error: {e}\n")),
    }
}

/// Runs the command the user asked for.
pub fn run(cli: &Cli) -> Outcome {
    match &cli.command {
        Command::Models(args) => with_catalogue(cli, |c, r| models(c, r, args, cli.format)),
        Command::Show(args) => with_catalogue(cli, |c, r| show(c, r, args, cli.format)),
        Command::Stats(args) => with_catalogue(cli, |c, r| stats_command(c, r, args, cli.format)),
        Command::Check(args) => check(cli, args),
        Command::License(command) => crate::licence_commands::run(cli, command),
        Command::Import(ImportCommand::Site { input, out, force }) => import_site(cli, input, out, *force),
        Command::Import(ImportCommand::Mot { input, out, force }) => import_mot(cli, input, out, *force),
        Command::Import(ImportCommand::Osai { input, out, force }) => import_osai(cli, input, out, *force),
        Command::Assess(args) => crate::assess_command::run(cli, args),
        Command::Profile(args) => with_catalogue(cli, |c, r| crate::analysis_commands::profile(c, r, args, cli.format)),
        Command::Lens(args) => with_catalogue(cli, |c, r| crate::analysis_commands::lens(c, r, args, cli.format)),
        Command::Report { out } => with_catalogue(cli, |c, r| crate::report_command::report(c, r, out)),
        Command::History(args) => with_catalogue(cli, |c, r| crate::history_commands::history(c, r, args, cli.format)),
        Command::Diff(args) => with_catalogue(cli, |c, r| crate::history_commands::diff(c, r, args, cli.format)),
        Command::Badge(args) => with_catalogue(cli, |c, r| crate::report_command::badge(c, r, args, cli.format)),
        Command::Serve(args) => crate::serve_command::run(args),
    }
}

fn level_of(levels: Levels, c: &openness_catalogue::ComponentAssessment) -> Level {
    match levels {
        Levels::Shown => LevelSource::Shown.level(c),
        Levels::Computed => LevelSource::Computed.level(c),
    }
}

fn matches_filter(a: &Assessment<'_>, f: &LevelFilter, levels: Levels) -> bool {
    f.matches(
        a,
        match levels {
            Levels::Shown => LevelSource::Shown,
            Levels::Computed => LevelSource::Computed,
        },
    )
}

fn models(catalogue: &Catalogue, rubric: Rubric, args: &ModelsArgs, format: Format) -> Outcome {
    let mut rows: Vec<Assessment<'_>> = catalogue
        .assess_all(rubric)
        .into_iter()
        .filter(|a| {
            args.organisation.as_ref().is_none_or(|o| {
                a.record.organisation.as_deref().is_some_and(|org| org.to_lowercase().contains(&o.to_lowercase()))
            })
        })
        .filter(|a| args.year.is_none_or(|y| a.record.release.year == y))
        .filter(|a| args.levels.iter().all(|f| matches_filter(a, f, args.levels_from)))
        .collect();
    let mean =
        |a: &Assessment<'_>| mean_grade(a.components.iter().map(|c| level_of(args.levels_from, c))).unwrap_or(0.0);
    rows.sort_by(|a, b| {
        let (ra, rb) = (a.record, b.record);
        let by = match &args.sort {
            SortKey::Id => ra.id.cmp(&rb.id),
            SortKey::Name => ra.name.to_lowercase().cmp(&rb.name.to_lowercase()),
            SortKey::Release => ra.release.cmp(&rb.release),
            SortKey::Organisation => ra.organisation.cmp(&rb.organisation),
            // Sparse releases are listed after the ranked ones, never ranked among them.
            SortKey::Openness => {
                Coverage::of(rb).ranked.cmp(&Coverage::of(ra).ranked).then_with(|| mean(b).total_cmp(&mean(a)))
            }
            SortKey::Component(c) => {
                let g =
                    |x: &Assessment<'_>| level_of(args.levels_from, &x.components[*c as usize]).grade().unwrap_or(0);
                g(b).cmp(&g(a))
            }
        };
        by.then_with(|| ra.id.cmp(&rb.id))
    });
    if args.reverse {
        rows.reverse();
    }
    let (header, flat_rows) = openness_catalogue::views::model_rows(&rows, &|c| level_of(args.levels_from, c));
    match format {
        Format::Json => to_outcome(output::json(&rows.iter().map(ModelView::new).collect::<Vec<_>>())),
        Format::Csv => to_outcome(output::csv(&header, &flat_rows)),
        Format::Latex => ok(openness_report::latex_table(&rows)),
        Format::Markdown => {
            let mut md_header = vec!["Model", "Organisation", "Release"];
            md_header.extend(Component::ALL.iter().map(|c| c.short_name()));
            let md_rows: Vec<Vec<String>> = flat_rows.iter().map(|r| [&r[1..4], &r[4..]].concat()).collect();
            ok(output::markdown(&md_header, &md_rows))
        }
        Format::Table | Format::Yaml => {
            let colour = colour_stdout();
            let mut t = table(colour);
            let mut head = vec!["Model".to_owned(), "Release".to_owned()];
            head.extend(Component::ALL.iter().map(|c| column_title(*c)));
            t.set_header(head);
            for a in &rows {
                let coverage = Coverage::of(a.record);
                let name = if coverage.ranked {
                    a.record.name.clone()
                } else {
                    format!("{} [{}/12]", a.record.name, coverage.known)
                };
                let mut cells =
                    vec![comfy_table::Cell::new(name), comfy_table::Cell::new(a.record.release.to_string())];
                for c in Component::ALL {
                    let ca = &a.components[c as usize];
                    let level = level_of(args.levels_from, ca);
                    let marker = if ca.disagreement.is_some() { "*" } else { "" };
                    cells.push(level_cell(format!("{level}{marker}"), level, colour));
                }
                t.add_row(cells);
            }
            let disagreements = rows.iter().flat_map(|a| &a.components).filter(|c| c.disagreement.is_some()).count();
            let mut out = format!(
                "{t}\nColumns: T/E/D = training, evaluation, deployment; C/D = code, data (`openness --help` explains the levels).\n{} releases",
                rows.len()
            );
            if disagreements > 0 {
                let _ = write!(
                    out,
                    "; * marks {disagreements} cells whose recorded level differs from the computed one (`openness check --explain`)"
                );
            }
            let sparse = rows.iter().filter(|a| !Coverage::of(a.record).ranked).count();
            if sparse > 0 {
                let _ = write!(
                    out,
                    ".\n[k/12] marks {sparse} sparse releases (fewer than 8 of 12 components known): listed, not ranked"
                );
            }
            out.push('\n');
            ok(out)
        }
    }
}

/// A compact two-line column title: stage and kind initials, then the component (`T·C` / `pre`).
fn column_title(c: Component) -> String {
    let stage = c.stage().id().chars().next().unwrap_or(' ').to_ascii_uppercase();
    let kind = c.kind().letter();
    let name = c.id().rsplit('.').next().unwrap_or("");
    let short = match name {
        "pretraining" => "pre",
        "finetuning" => "ft",
        "alignment" => "align",
        "general" => "gen",
        "safety" => "safe",
        "utility" => "util",
        "inference" => "infer",
        other => other,
    };
    format!("{stage}·{kind}\n{short}")
}

/// The record with `id`, or the failure that names the nearest ids.
pub(crate) fn find<'a>(catalogue: &'a Catalogue, id: &str) -> Result<&'a openness_catalogue::Record, Outcome> {
    catalogue.get(id).ok_or_else(|| {
        let near = catalogue.nearest_ids(id, 3);
        fail(format!(
            "error: no release `{id}` in the catalogue\n   = help: did you mean {}? `openness models` lists every id\n",
            near.join(", ")
        ))
    })
}

fn show(catalogue: &Catalogue, rubric: Rubric, args: &ShowArgs, format: Format) -> Outcome {
    let record = match find(catalogue, &args.id) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let assessment = catalogue.assess(record, rubric);
    let mut view = ShowView::new(catalogue, &assessment, rubric);
    let register = match crate::analysis_commands::register() {
        Ok(r) => r,
        Err(o) => return o,
    };
    view.analysis = Some(openness_catalogue::analysis::analyse(catalogue, &assessment, &register));
    match format {
        Format::Json => to_outcome(output::json(&view)),
        Format::Csv | Format::Markdown => {
            let header =
                ["component", "availability", "license", "recorded", "computed", "level", "reason", "evidence"];
            let rows: Vec<Vec<String>> = view
                .components
                .iter()
                .map(|(id, c)| {
                    vec![
                        (*id).to_owned(),
                        c.cell.availability.to_string(),
                        c.cell.license.clone().unwrap_or_default(),
                        c.cell.recorded.map(|l| l.to_string()).unwrap_or_default(),
                        c.cell.computed.map(|l| l.to_string()).unwrap_or_default(),
                        c.cell.level.to_string(),
                        c.reason.clone(),
                        c.evidence.join(" "),
                    ]
                })
                .collect();
            if format == Format::Csv {
                to_outcome(output::csv(&header, &rows))
            } else {
                ok(format!(
                    "## {} ({})\n\n{}",
                    output::md(&record.name),
                    record.release,
                    output::markdown(&header, &rows)
                ))
            }
        }
        Format::Table | Format::Yaml | Format::Latex => {
            let mut text = show_table(catalogue, &assessment, rubric);
            if let Some(a) = &view.analysis {
                text.push('\n');
                text.push_str(&crate::analysis_commands::analysis_text(a, &register));
            }
            ok(text)
        }
    }
}

fn show_table(catalogue: &Catalogue, a: &Assessment<'_>, rubric: Rubric) -> String {
    let r = a.record;
    let colour = colour_stdout();
    let mut out = format!("{} ({})\n", r.name, r.id);
    let _ = writeln!(out, "  organisation: {}", r.organisation.as_deref().unwrap_or("unknown"));
    let _ = writeln!(out, "  release:      {}", r.release);
    for (key, link) in [
        ("paper", &r.links.paper),
        ("homepage", &r.links.homepage),
        ("repository", &r.links.repository),
        ("weights", &r.links.weights),
        ("model card", &r.links.model_card),
    ] {
        if let Some(l) = link {
            let _ = writeln!(out, "  {key:<13}{l}", key = format!("{key}:"));
        }
    }
    if let Some(by) = &r.recorded_by {
        let _ = writeln!(out, "  recorded by:  {by}");
    }
    let _ = writeln!(out, "  rubric:       {} reading of P5", rubric.p5);
    let coverage = Coverage::of(r);
    let sparse = if coverage.ranked { "" } else { " (sparse: listed, not ranked)" };
    let _ = writeln!(out, "  coverage:     {} of 12 components known{sparse}", coverage.known);
    let mut t = table(colour);
    t.set_header(vec!["Component", "Availability", "Licence", "Recorded", "Computed", "Why"]);
    for c in &a.components {
        let cr = r.component(c.component);
        let licence = match &cr.facts.licence {
            openness_core::LicenceFact::Expression(e) => e.clone(),
            openness_core::LicenceFact::NoLicence => "NONE".to_owned(),
            openness_core::LicenceFact::NotStated => {
                cr.license_as_recorded.as_ref().map(|s| format!("({s})")).unwrap_or_default()
            }
        };
        let recorded = c.recorded.map_or_else(|| comfy_table::Cell::new("-"), |l| level_cell(l, l, colour));
        let computed = c.computed.map_or_else(|| comfy_table::Cell::new("-"), |l| level_cell(l, l, colour));
        t.add_row(vec![
            comfy_table::Cell::new(c.component.id()),
            comfy_table::Cell::new(cr.facts.availability),
            comfy_table::Cell::new(licence),
            recorded,
            computed,
            comfy_table::Cell::new(short_reason(c)),
        ]);
    }
    let _ = writeln!(out, "{t}");
    let mut seen = Vec::new();
    for c in &a.components {
        for term in c.grade.licence.iter().flat_map(|s| &s.terms) {
            if seen.contains(&term.id) {
                continue;
            }
            seen.push(term.id.clone());
            if let Some(p) = catalogue.base.get(&term.id) {
                let _ = writeln!(out, "\n{} ({}): {} points under the {} rubric", p.name, p.id, term.points, rubric.p5);
                for perm in Permission::ALL {
                    let g = p.grant(perm);
                    let _ =
                        writeln!(out, "  {} {:<38} {}", if g.granted { "yes" } else { "no " }, perm.title(), g.reason);
                }
            }
        }
    }
    let disagreements: Vec<_> =
        a.components.iter().filter_map(|c| c.disagreement.as_ref().map(|d| (c.component, d))).collect();
    if !disagreements.is_empty() {
        let _ = writeln!(out, "\nRecorded and computed levels differ:");
        for (c, d) in disagreements {
            let _ = writeln!(out, "  {c}: {d}");
        }
    }
    let disputed: Vec<_> = a.components.iter().filter(|c| c.observations.iter().any(|o| o.disagrees)).collect();
    if !disputed.is_empty() {
        let _ = writeln!(out, "\nSources disagree (the first line is shown, by precedence):");
        for c in disputed {
            let _ = writeln!(out, "  {}:", c.component);
            let chosen = c.observations.iter().filter(|o| o.chosen);
            for o in chosen.chain(c.observations.iter().filter(|o| o.disagrees)) {
                let licence = o.license.as_deref().map(|l| format!(", {l}")).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "    {} {} ({}, {}): {}{licence}, {}",
                    if o.chosen { "shown" } else { "also " },
                    o.source,
                    o.kind.keyword(),
                    o.as_of,
                    o.availability,
                    o.level
                );
            }
        }
    }
    let notes: Vec<_> = r.components.iter().filter_map(|c| c.note.as_ref().map(|n| (c.component, n))).collect();
    if !notes.is_empty() || r.note.is_some() {
        let _ = writeln!(out, "\nNotes:");
        if let Some(n) = &r.note {
            let _ = writeln!(out, "  {n}");
        }
        for (c, n) in notes {
            let _ = writeln!(out, "  {c}: {n}");
        }
    }
    let mut evidence: Vec<(&str, Vec<&str>)> = Vec::new();
    for c in &r.components {
        for url in &c.evidence {
            match evidence.iter_mut().find(|(u, _)| u == url) {
                Some((_, cs)) => cs.push(c.component.short_name()),
                None => evidence.push((url, vec![c.component.short_name()])),
            }
        }
    }
    if !evidence.is_empty() {
        let _ = writeln!(out, "\nEvidence:");
        for (url, cs) in evidence {
            let which = if cs.len() == Component::ALL.len() { "all components".to_owned() } else { cs.join(", ") };
            let _ = writeln!(out, "  {url}  ({which})");
        }
    }
    out
}

/// The reason of a grade without the licence expression, which the table shows beside it.
fn short_reason(c: &openness_catalogue::ComponentAssessment) -> String {
    let Some(score) = &c.grade.licence else {
        return c.grade.reason.clone();
    };
    let missing: Vec<&str> = score.permissions.missing().map(|p| p.short()).collect();
    let lacking = if missing.is_empty() { String::new() } else { format!("; lacks {}", missing.join(", ")) };
    format!("{}/5 points{lacking}", score.points)
}

fn stats_command(catalogue: &Catalogue, rubric: Rubric, args: &StatsArgs, format: Format) -> Outcome {
    let assessments = catalogue.assess_all(rubric);
    let source = match args.levels_from {
        Levels::Shown => LevelSource::Shown,
        Levels::Computed => LevelSource::Computed,
    };
    let tables = match openness_catalogue::embedded_performance() {
        Ok(t) => t,
        Err(d) => return fail(render_diagnostics(&d)),
    };
    let s = stats(&assessments, source, &tables);
    let level_columns: Vec<String> = ["1", "2", "3", "4", "5"]
        .iter()
        .map(|g| format!("L{g}"))
        .chain(["N/A".to_owned(), "Unknown".to_owned()])
        .collect();
    let rows: Vec<Vec<String>> = Component::ALL
        .iter()
        .map(|c| {
            let counts = &s.components[c.id()];
            let mut row = vec![c.id().to_owned()];
            row.extend(counts.0.iter().map(|(_, n)| n.to_string()));
            row
        })
        .collect();
    let mut header = vec!["component"];
    header.extend(level_columns.iter().map(String::as_str));
    match format {
        Format::Json => to_outcome(output::json(&s)),
        Format::Csv => to_outcome(output::csv(&header, &rows)),
        Format::Markdown => ok(format!("{}\n{}", output::markdown(&header, &rows), findings_text(&s, true))),
        Format::Table | Format::Yaml | Format::Latex => {
            let colour = colour_stdout();
            let mut t = table(colour);
            t.set_header(header.clone());
            for (c, row) in Component::ALL.iter().zip(&rows) {
                let mut cells = vec![comfy_table::Cell::new(c.id())];
                for ((level, _), text) in s.components[c.id()].0.iter().zip(&row[1..]) {
                    cells.push(if text == "0" {
                        comfy_table::Cell::new("·")
                    } else {
                        level_cell(text, *level, colour)
                    });
                }
                t.add_row(cells);
            }
            ok(format!("{t}\n{}", findings_text(&s, false)))
        }
    }
}

fn findings_text(s: &Stats, markdown: bool) -> String {
    let bullet = if markdown { "- " } else { "  " };
    let mut out = String::new();
    let counted = match s.levels {
        LevelSource::Shown => "recorded where a source asserted one, else computed",
        LevelSource::Computed => "computed from the facts",
    };
    let _ = writeln!(out, "{} releases; levels counted: {counted}", s.models);
    let _ = writeln!(out, "{bullet}downloadable weights (D3-D5): {} of {}", s.downloadable_weights.len(), s.models);
    if let Some(share) = s.closed_data_share() {
        let _ = writeln!(
            out,
            "{bullet}of those, closed pre-training data (D1): {} ({:.0}%): {}",
            s.downloadable_weights_closed_pretraining_data.len(),
            share * 100.0,
            s.downloadable_weights_closed_pretraining_data.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "{bullet}fully open (every graded component at level 5): {}: {}",
        s.fully_open.len(),
        s.fully_open.join(", ")
    );
    let _ = writeln!(
        out,
        "{bullet}fully closed (every graded component at level 1): {}: {}",
        s.fully_closed.len(),
        s.fully_closed.join(", ")
    );
    let years: Vec<String> = s.releases_by_year.iter().map(|(y, n)| format!("{y}: {n}")).collect();
    let _ = writeln!(out, "{bullet}releases by year: {}", years.join(", "));
    for o2 in &s.findings.o2 {
        let best = |b: &Option<(String, f64)>| b.as_ref().map_or("-".to_owned(), |(id, v)| format!("{id} ({v})"));
        let _ = writeln!(
            out,
            "{bullet}O2 on {} ({}, {} releases rated): best with open weights {}, best with closed weights {}; Spearman(openness, score) = {}",
            o2.benchmark,
            o2.date,
            o2.rated.len(),
            best(&o2.best_open_weights),
            best(&o2.best_closed_weights),
            o2.spearman.map_or("-".to_owned(), |r| format!("{r:.3}"))
        );
    }
    out
}

fn check(cli: &Cli, args: &CheckArgs) -> Outcome {
    let data = source(cli);
    let base = match licence_base(&data) {
        Ok(b) => b,
        Err(d) => return fail(render_diagnostics(&d)),
    };
    let declared = match openness_catalogue::sources(&data) {
        Ok(s) => s,
        Err(d) => return fail(render_diagnostics(&d)),
    };
    let rubric = Rubric { p5: cli.rubric };
    let (records, mut diagnostics, files) = if args.paths.is_empty() {
        // Records with errors are not counted as valid and not explained.
        match load_records(&data, &base, &declared) {
            Ok((_, d)) if d.iter().any(|d| d.severity == Severity::Error) => (Vec::new(), d, 0),
            Ok((records, d)) => {
                let n = records.len();
                (records, d, n)
            }
            Err(d) => (Vec::new(), d, 0),
        }
    } else {
        let (records, diagnostics) = check_paths(&args.paths, &base, &declared);
        let n = records.len();
        (records, diagnostics, n)
    };
    if args.explain {
        let catalogue = Catalogue { records, base, sources: declared };
        for a in catalogue.assess_all(rubric) {
            for c in &a.components {
                if let Some(d) = &c.disagreement {
                    let note = a
                        .record
                        .component(c.component)
                        .note
                        .as_ref()
                        .map(|n| format!(" Note: {n}"))
                        .unwrap_or_default();
                    diagnostics.push(Diagnostic::about_path(
                        "N201",
                        format!("{} {}: {d}{note}", a.record.id, c.component),
                        &a.record.file,
                    ));
                }
            }
        }
        for d in diagnostics.iter_mut().filter(|d| d.code == "N201") {
            d.severity = Severity::Note;
        }
    }
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    let notes = diagnostics.iter().filter(|d| d.severity == Severity::Note).count();
    let summary = format!("{files} valid record(s); {errors} error(s), {warnings} warning(s), {notes} note(s)\n");
    let mut outcome = match cli.format {
        Format::Json => to_outcome(output::json(&serde_json::json!({
            "valid_records": files, "errors": errors, "warnings": warnings, "notes": notes, "diagnostics": diagnostics,
        }))),
        Format::Csv => {
            let rows: Vec<Vec<String>> = diagnostics
                .iter()
                .map(|d| {
                    vec![
                        format!("{:?}", d.severity).to_lowercase(),
                        d.code.to_owned(),
                        d.file.clone(),
                        d.place.map(|p| p.line.to_string()).unwrap_or_default(),
                        d.place.map(|p| p.column.to_string()).unwrap_or_default(),
                        d.message.clone(),
                        d.help.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            to_outcome(output::csv(&["severity", "code", "file", "line", "column", "message", "help"], &rows))
        }
        Format::Markdown | Format::Table | Format::Yaml | Format::Latex => Outcome {
            stdout: String::new(),
            stderr: format!("{}{summary}", render_diagnostics(&diagnostics)),
            failed: false,
        },
    };
    outcome.failed |= errors > 0;
    outcome
}

/// Where an import reads from: the companion site or the Model Openness Tool.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ImportSource {
    Site,
    Mot,
    Osai,
}

fn import_site(cli: &Cli, input: &Path, out_dir: &Path, force: bool) -> Outcome {
    import(cli, input, out_dir, force, ImportSource::Site)
}

fn import_mot(cli: &Cli, input: &Path, out_dir: &Path, force: bool) -> Outcome {
    import(cli, input, out_dir, force, ImportSource::Mot)
}

fn import_osai(cli: &Cli, input: &Path, out_dir: &Path, force: bool) -> Outcome {
    import(cli, input, out_dir, force, ImportSource::Osai)
}

fn import(cli: &Cli, input: &Path, out_dir: &Path, force: bool, from: ImportSource) -> Outcome {
    let base = match licence_base(&source(cli)) {
        Ok(b) => b,
        Err(d) => return fail(render_diagnostics(&d)),
    };
    let wanted = |p: &Path| match from {
        ImportSource::Site => p.extension().is_some_and(|e| e == "md"),
        ImportSource::Mot | ImportSource::Osai => {
            p.extension().is_some_and(|e| e == "yml" || e == "yaml")
                && !p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('_') || n.starts_with("a_submission"))
        }
    };
    let files: Vec<std::path::PathBuf> = if input.is_dir() {
        match std::fs::read_dir(input) {
            Ok(entries) => {
                let mut v: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| wanted(p)).collect();
                v.sort();
                v
            }
            Err(e) => return fail(format!("error: cannot list `{}`: {e}\n", input.display())),
        }
    } else if input.is_file() {
        vec![input.to_path_buf()]
    } else {
        let what = if from == ImportSource::Site {
            "the companion site's `_llms` directory"
        } else {
            "MOT's `models` directory or one of its YAML files"
        };
        return fail(format!("error: `{}` does not exist\n   = help: give {what}\n", input.display()));
    };
    if let Err(e) = std::fs::create_dir_all(out_dir) {
        return fail(format!("error: cannot create `{}`: {e}\n", out_dir.display()));
    }
    let mut diagnostics = Vec::new();
    let mut written = 0;
    // Imported facts are dated by the version of the tracker read, as declared in data/sources/.
    let observed = |id: &str| {
        openness_catalogue::embedded_sources_list()
            .ok()
            .and_then(|s| s.get(id).and_then(|s| s.date))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    for file in &files {
        let src = match openness_catalogue::catalogue::read_source(file) {
            Ok(s) => s,
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        let converted = match from {
            ImportSource::Site => {
                let id = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_lowercase();
                import_file(&id, &src, &base)
            }
            ImportSource::Mot => openness_catalogue::import_mot::import_mot(
                &src.text,
                &base,
                &observed(openness_catalogue::import_mot::MOT_SOURCE),
            )
            .map(|r| (r, Vec::new()))
            .map_err(|e| {
                Diagnostic::about_path("E310", format!("`{}`: {e}", src.name), src.name.clone())
                    .with_help("give a Model Openness Tool model file")
            }),
            ImportSource::Osai => openness_catalogue::import_osai::import_osai(
                &src.text,
                &base,
                &observed(openness_catalogue::import_osai::OSAI_SOURCE),
            )
            .map(|r| (r, Vec::new()))
            .map_err(|e| {
                Diagnostic::about_path("E311", format!("`{}`: {e}", src.name), src.name.clone())
                    .with_help("give an OSAI index model file")
            }),
        };
        match converted {
            Ok((record, notes)) => {
                diagnostics.extend(notes);
                let target = out_dir.join(format!("{}.yaml", record.id.value));
                if target.exists() && !force {
                    diagnostics.push(
                        Diagnostic::about_path(
                            "E305",
                            format!("`{}` exists", target.display()),
                            target.display().to_string(),
                        )
                        .with_help("pass --force to overwrite"),
                    );
                    continue;
                }
                match to_yaml(&record).map(|y| std::fs::write(&target, y).map_err(|e| e.to_string())) {
                    Ok(Ok(())) => written += 1,
                    Ok(Err(e)) | Err(e) => diagnostics.push(Diagnostic::about_path(
                        "E306",
                        format!("cannot write `{}`: {e}", target.display()),
                        target.display().to_string(),
                    )),
                }
            }
            Err(d) => diagnostics.push(d),
        }
    }
    let errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    Outcome {
        stdout: format!("imported {written} of {} file(s) into {}\n", files.len(), out_dir.display()),
        stderr: render_diagnostics(&diagnostics),
        failed: errors,
    }
}
