//! The commands: each loads what it needs, computes through the library crates and renders.

use std::fmt::Write as _;
use std::path::Path;

use openness_catalogue::import_site::{import_file, to_yaml};
use openness_catalogue::record::{id_from_name, is_valid_id};
use openness_catalogue::stats::{Stats, stats};
use openness_catalogue::{
    Assessment, Catalogue, Coverage, DataSource, Diagnostic, LevelsFrom, Reading, Record, Severity, check_paths_each,
    licence_base, load, load_records_each,
};
use openness_core::{Component, Permission, Rubric};

use crate::Outcome;
use crate::args::{CheckArgs, Cli, Command, Format, ImportCommand, ModelsArgs, SortKey};
use crate::output::{self, colour_stderr, colour_stdout, level_cell, table};
use openness_catalogue::views::{ModelView, ShowView};

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

/// The rubric and level source the global flags ask for.
pub(crate) fn reading(cli: &Cli) -> Reading {
    Reading { rubric: Rubric { p5: cli.rubric }, levels_from: cli.levels_from }
}

pub(crate) fn with_catalogue(cli: &Cli, f: impl FnOnce(&Catalogue, Reading) -> Outcome) -> Outcome {
    match load(&source(cli)) {
        Ok(loaded) => {
            let catalogue = match cli.as_of {
                Some(date) => loaded.catalogue.as_of(date),
                None => loaded.catalogue,
            };
            // The process ends after the command: freeing every record one by one costs more
            // than most commands.
            f(&std::mem::ManuallyDrop::new(catalogue), reading(cli))
        }
        Err(diagnostics) => {
            let mut text = render_diagnostics(&diagnostics);
            text.push_str("error: the catalogue is invalid; `openness check` lists every problem\n");
            fail(text)
        }
    }
}

/// The error for an id the catalogue lacks: the id shortened, the nearest ids when it is short.
pub(crate) fn no_release(catalogue: &Catalogue, id: &str) -> String {
    let near = catalogue.nearest_ids(id, 3);
    let guess = if near.is_empty() { String::new() } else { format!("did you mean {}? ", near.join(", ")) };
    format!(
        "error: no release `{}` in the catalogue\n   = help: {guess}`openness models` lists every id\n",
        openness_core::text::shortened(id, 80)
    )
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
        Command::Models(args) => with_catalogue(cli, |c, r| models(c, r, args, args.output.format)),
        Command::Show(args) => with_catalogue(cli, |c, r| show(c, r, &args.id, args.output.format)),
        Command::Stats(args) => with_catalogue(cli, |c, r| stats_command(c, r, args.output.format)),
        Command::Check(args) => check(cli, args),
        Command::License(command) => crate::licence_commands::run(cli, command),
        Command::Import(ImportCommand::Site { input, out, force, merge }) => {
            import(cli, input, out, Existing::from_flags(*force, *merge), ImportSource::Site)
        }
        Command::Import(ImportCommand::Mot { input, out, force, merge }) => {
            import(cli, input, out, Existing::from_flags(*force, *merge), ImportSource::Mot)
        }
        Command::Import(ImportCommand::Osai { input, out, force, merge }) => {
            import(cli, input, out, Existing::from_flags(*force, *merge), ImportSource::Osai)
        }
        Command::Import(ImportCommand::Cyclonedx { input, out, force, merge }) => {
            import(cli, input, out, Existing::from_flags(*force, *merge), ImportSource::Cyclonedx)
        }
        Command::Import(ImportCommand::Spdx3 { input, out, force, merge }) => {
            import(cli, input, out, Existing::from_flags(*force, *merge), ImportSource::Spdx3)
        }
        Command::Export(args) => with_catalogue(cli, |c, r| match args.output.format.interchange() {
            Some(format) => crate::interchange_commands::export(c, r, &args.ids, args.all, args.out.as_deref(), format),
            None => fail("error: `openness export` needs --format cyclonedx, spdx3, mot or osai\n".to_owned()),
        }),
        Command::Import(ImportCommand::OpeningUpChatgpt { input, out }) => {
            import(cli, input, out, Existing::Merge, ImportSource::OpeningUpChatgpt)
        }
        Command::Import(ImportCommand::OsAiMap { input, out }) => {
            import(cli, input, out, Existing::Merge, ImportSource::OsAiMap)
        }
        Command::Assess(args) => crate::assess_command::run(cli, args),
        Command::Profile(args) => {
            with_catalogue(cli, |c, r| crate::analysis_commands::profile(c, r, &args.id, args.output.format))
        }
        Command::Lens(args) => {
            with_catalogue(cli, |c, r| crate::analysis_commands::lens(c, r, args, args.output.format))
        }
        Command::Report { out, base_url } => {
            with_catalogue(cli, |c, r| crate::report_command::report(c, r, out, base_url.as_deref()))
        }
        Command::History(args) => {
            with_catalogue(cli, |c, r| crate::history_commands::history(c, r, &args.id, args.output.format))
        }
        Command::Diff(args) => {
            with_catalogue(cli, |c, r| crate::history_commands::diff(c, r, args, args.output.format))
        }
        Command::Badge(args) => {
            with_catalogue(cli, |c, r| crate::report_command::badge(c, r, args, args.output.format))
        }
        Command::Serve(args) => crate::serve_command::run(args, reading(cli)),
    }
}

/// The release a user names: its id or its name, ignoring case; else an error with the
/// nearest ids.
pub(crate) fn find<'a>(catalogue: &'a Catalogue, query: &str) -> Result<&'a Record, Outcome> {
    if let Some(r) = catalogue.get(query) {
        return Ok(r);
    }
    let folded = query.trim().to_lowercase();
    if let Some(r) = catalogue.records.iter().find(|r| r.id.to_lowercase() == folded || r.name.to_lowercase() == folded)
    {
        return Ok(r);
    }
    Err(fail(no_release(catalogue, query)))
}

fn models(catalogue: &Catalogue, reading: Reading, args: &ModelsArgs, format: Format) -> Outcome {
    let mut rows: Vec<Assessment<'_>> = catalogue
        .assess_all(reading)
        .into_iter()
        .filter(|a| {
            args.organisation.as_ref().is_none_or(|o| {
                a.record.organisation.as_deref().is_some_and(|org| org.to_lowercase().contains(&o.to_lowercase()))
            })
        })
        .filter(|a| args.year.is_none_or(|y| a.record.release.year == y))
        .filter(|a| args.levels.iter().all(|f| f.matches(a)))
        .collect();
    let score = |a: &Assessment<'_>| {
        openness_core::score::score(a.components.iter().map(|c| (c.component, c.level))).overall.unwrap_or(-1.0)
    };
    rows.sort_by(|a, b| {
        let (ra, rb) = (a.record, b.record);
        let by = match &args.sort {
            SortKey::Id => ra.id.cmp(&rb.id),
            SortKey::Name => ra.name.to_lowercase().cmp(&rb.name.to_lowercase()),
            SortKey::Release => ra.release.cmp(&rb.release),
            SortKey::Organisation => ra.organisation.cmp(&rb.organisation),
            // Sparse releases are listed after the ranked ones, never ranked among them.
            SortKey::Openness => {
                Coverage::of(rb).ranked.cmp(&Coverage::of(ra).ranked).then_with(|| score(b).total_cmp(&score(a)))
            }
            SortKey::Component(c) => {
                let g = |x: &Assessment<'_>| x.components[*c as usize].level.grade().unwrap_or(0);
                g(b).cmp(&g(a))
            }
        };
        by.then_with(|| ra.id.cmp(&rb.id))
    });
    if args.reverse {
        rows.reverse();
    }
    let (header, flat_rows) = openness_catalogue::views::model_rows(&rows);
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
        _ => {
            let layout = crate::grid::Layout {
                width: output::width(),
                colour: colour_stdout(),
                score: args.sort == SortKey::Openness,
            };
            ok(crate::grid::render(&rows, &layout))
        }
    }
}

fn show(catalogue: &Catalogue, reading: Reading, id: &str, format: Format) -> Outcome {
    let record = match find(catalogue, id) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let rubric = reading.rubric;
    let assessment = catalogue.assess(record, reading);
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
        _ => {
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
            let _ = writeln!(out, "  {key:<14}{l}", key = format!("{key}:"));
        }
    }
    if let Some(by) = &r.recorded_by {
        let _ = writeln!(out, "  recorded by:  {by}");
    }
    let _ = writeln!(out, "  rubric:       {} reading of P5", rubric.p5);
    let coverage = Coverage::of(r);
    let sparse = if coverage.ranked { "" } else { " (sparse: listed, not ranked)" };
    let _ = writeln!(out, "  coverage:     {} of 12 components known{sparse}", coverage.known);
    let (shown, other_name) = match a.reading.levels_from {
        LevelsFrom::Computed => ("computed from the facts", "recorded"),
        LevelsFrom::Recorded => ("as recorded", "computed"),
    };
    let _ = writeln!(out, "\nComponents (levels {shown}; the {other_name} level beside where it differs):");
    for c in &a.components {
        let cr = r.component(c.component);
        let licence = match &cr.facts.licence {
            openness_core::LicenceFact::Expression(e) => e.clone(),
            openness_core::LicenceFact::NoLicence => "NONE".to_owned(),
            openness_core::LicenceFact::NotStated => {
                cr.license_as_recorded.as_ref().map(|s| format!("({s})")).unwrap_or_default()
            }
        };
        let other = match a.reading.levels_from {
            LevelsFrom::Computed => c.recorded,
            LevelsFrom::Recorded => c.computed,
        };
        let level = format!("{:<3}", c.level.to_string());
        let level = if colour { crate::grid::paint(&level, c.level) } else { level };
        let beside = other.filter(|o| *o != c.level).map(|o| format!("({other_name} {o})")).unwrap_or_default();
        let line = format!(
            "  {:<26}{level} {beside:<13} {} {}",
            c.component.id(),
            cr.facts.availability,
            output::shorten(&licence, 200)
        );
        let _ = writeln!(out, "{}", line.trim_end());
        let _ = writeln!(out, "      {}", output::shorten(&short_reason(c), 400));
    }
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

fn stats_command(catalogue: &Catalogue, reading: Reading, format: Format) -> Outcome {
    let assessments = catalogue.assess_all(reading);
    let tables = match openness_catalogue::embedded_performance() {
        Ok(t) => t,
        Err(d) => return fail(render_diagnostics(&d)),
    };
    let s = stats(&assessments, &tables);
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
        _ => {
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
            ok(format!("{}\n{}", output::render(t), findings_text(&s, false)))
        }
    }
}

fn findings_text(s: &Stats, markdown: bool) -> String {
    let bullet = if markdown { "- " } else { "  " };
    let mut out = String::new();
    let counted = match s.reading.levels_from {
        LevelsFrom::Computed => "computed from the facts (recorded where they do not decide)",
        LevelsFrom::Recorded => "recorded by the source (computed where none was recorded)",
    };
    let as_of = s.as_of.map(|d| format!(" as of {d}")).unwrap_or_default();
    let _ =
        writeln!(out, "{} releases{as_of}; levels: {counted}; rubric: {} reading of P5", s.models, s.reading.rubric.p5);
    if !s.sparse.is_empty() {
        let _ = writeln!(
            out,
            "{bullet}{} sparse {} (fewer than {} of 12 components known) listed, not counted",
            s.sparse.len(),
            if s.sparse.len() == 1 { "release" } else { "releases" },
            openness_catalogue::record::MIN_KNOWN_FOR_RANKING
        );
    }
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
    let pct = |x: Option<f64>| x.map_or("-".to_owned(), |v| format!("{:.0}%", v * 100.0));
    let _ = writeln!(
        out,
        "{bullet}by year: releases, open weights, open pre-training data, open safety evaluation, mean score (coverage)"
    );
    for (year, g) in s.findings.by_year.range(2019..=2026) {
        let _ = writeln!(
            out,
            "{bullet}  {year}: {:>3}  {:>4}  {:>4}  {:>4}  {} ({} of 12)",
            g.models,
            pct(g.share_downloadable_weights),
            pct(g.share_open_pretraining_data),
            pct(g.share_open_safety_evaluation),
            g.mean_score.map_or("-".to_owned(), |m| format!("{m:.3}")),
            g.mean_coverage.map_or("-".to_owned(), |m| format!("{m:.1}"))
        );
    }
    let group = |name: &str, g: &openness_catalogue::stats::GroupSummary| {
        format!(
            "{bullet}  {:<32} {:>4}  {} release(s), {} with open weights",
            if markdown { output::md(&output::shorten(name, 32)) } else { output::shorten(name, 32) },
            pct(g.mean_score),
            g.models,
            g.downloadable_weights
        )
    };
    let _ = writeln!(out, "{bullet}components by stage (fully open / semi-open / closed / N/A / unknown):");
    for (stage, g) in &s.findings.by_stage {
        let _ = writeln!(
            out,
            "{bullet}  {:<32} {} / {} / {} / {} / {}",
            stage.to_string(),
            g.fully_open,
            g.semi_open,
            g.fully_closed,
            g.not_applicable,
            g.unknown
        );
    }
    let _ = writeln!(out, "{bullet}mean openness score by organisation, most open first:");
    let mut orgs: Vec<(&String, &openness_catalogue::stats::GroupSummary)> =
        s.findings.by_organisation.iter().collect();
    orgs.sort_by(|a, b| b.1.mean_score.unwrap_or(-1.0).total_cmp(&a.1.mean_score.unwrap_or(-1.0)).then(a.0.cmp(b.0)));
    for (o, g) in orgs {
        let _ = writeln!(out, "{}", group(o, g));
    }
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
    // One catalogue directory (`import --out`, `assess --out`) is checked as `--data DIR`
    // would read it: its records with its own sources and licences.
    let (data, paths) = match (&cli.data, args.paths.as_slice()) {
        (None, [dir]) if dir.join("models").is_dir() => (DataSource::Dir(dir.clone()), &[][..]),
        _ => (source(cli), args.paths.as_slice()),
    };
    let base = match licence_base(&data) {
        Ok(b) => b,
        Err(d) => return fail(render_diagnostics(&d)),
    };
    let declared = match openness_catalogue::sources(&data) {
        Ok(s) => s,
        Err(d) => return fail(render_diagnostics(&d)),
    };
    // Records are checked one at a time and not kept: of each valid one, `check` keeps its
    // disagreements (`--explain`) and counts it, so its memory is that of its diagnostics.
    let catalogue = Catalogue { records: Vec::new(), base, sources: declared };
    let reading = reading(cli);
    let mut valid = 0usize;
    let mut explained: Vec<(String, Diagnostic)> = Vec::new();
    let mut take = |record: Record| {
        valid += 1;
        if args.explain {
            explained.extend(disagreements(&catalogue, &record, reading).into_iter().map(|d| (record.id.clone(), d)));
        }
    };
    let (mut diagnostics, files) = if paths.is_empty() {
        // Records with errors are not counted as valid and not explained.
        match load_records_each(&data, &catalogue.base, &catalogue.sources, &mut take) {
            Ok(d) if d.iter().any(|d| d.severity == Severity::Error) => {
                explained.clear();
                (d, 0)
            }
            Ok(d) => (d, valid),
            Err(d) => (d, 0),
        }
    } else {
        // A catalogue directory (`import --out`, `--data`) is checked through its `models/`.
        let paths: Vec<std::path::PathBuf> =
            paths.iter().map(|p| if p.join("models").is_dir() { p.join("models") } else { p.clone() }).collect();
        let diagnostics = check_paths_each(&paths, &catalogue.base, &catalogue.sources, &mut take);
        if valid == 0 && diagnostics.is_empty() {
            let paths: Vec<String> = args.paths.iter().map(|p| format!("`{}`", p.display())).collect();
            return fail(format!(
                "error: no record files in {}\n   = help: records are `*.yaml` files, one release each (`openness assess DIR --out OUT` drafts one)\n",
                paths.join(", ")
            ));
        }
        (diagnostics, valid)
    };
    // In the order of the records' ids, after every file's own diagnostics.
    explained.sort_by(|a, b| a.0.cmp(&b.0));
    diagnostics.extend(explained.into_iter().map(|(_, d)| d));
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    let notes = diagnostics.iter().filter(|d| d.severity == Severity::Note).count();
    let summary = format!("{files} valid record(s); {errors} error(s), {warnings} warning(s), {notes} note(s)\n");
    let mut outcome = match args.output.format {
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
        // The summary is the table's only output: stdout; the diagnostics go to stderr.
        _ => Outcome { stdout: summary, stderr: render_diagnostics(&diagnostics), failed: false },
    };
    outcome.failed |= errors > 0;
    outcome
}

/// The notes (N201) of `record`'s components whose recorded level differs from the computed one.
fn disagreements(catalogue: &Catalogue, record: &Record, reading: Reading) -> Vec<Diagnostic> {
    let assessment = catalogue.assess(record, reading);
    assessment
        .components
        .iter()
        .filter_map(|c| {
            let d = c.disagreement.as_ref()?;
            let note = record.component(c.component).note.as_ref().map(|n| format!(" Note: {n}")).unwrap_or_default();
            Some(
                Diagnostic::about_path("N201", format!("{} {}: {d}{note}", record.id, c.component), &record.file)
                    .with_severity(Severity::Note),
            )
        })
        .collect()
}

/// Whether `path` (which may not exist yet) is `dir` or lies inside it, links resolved.
fn is_within(path: &Path, dir: &Path) -> bool {
    let Ok(dir) = dir.canonicalize() else { return false };
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_path_buf())
    };
    // The deepest part that exists, resolved; the rest appended as written.
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while existing.canonicalize().is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return false,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or_default();
    for name in rest.iter().rev() {
        resolved.push(name);
    }
    resolved.starts_with(&dir)
}

/// An id for a second record that made `id`: `id` with the input file's name, else a number.
fn unused_id(id: &str, stem: &str, made: &std::collections::HashMap<String, String>) -> String {
    let with_stem = format!("{id}-{}", id_from_name(stem));
    if !made.contains_key(&with_stem) && id_from_name(stem) != id {
        return with_stem;
    }
    (2..).map(|n| format!("{id}-{n}")).find(|c| !made.contains_key(c)).unwrap_or_else(|| id.to_owned())
}

/// Where an import reads from: the companion site or the Model Openness Tool.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ImportSource {
    Site,
    Mot,
    Osai,
    OpeningUpChatgpt,
    OsAiMap,
    Cyclonedx,
    Spdx3,
}

/// What an import does with a record file that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Existing {
    Refuse,
    Overwrite,
    Merge,
}

impl Existing {
    fn from_flags(force: bool, merge: bool) -> Existing {
        match (force, merge) {
            (true, _) => Existing::Overwrite,
            (_, true) => Existing::Merge,
            _ => Existing::Refuse,
        }
    }
}

/// The record at `target` with `incoming`'s facts merged in as observations; a note (N307)
/// when the two are not the same release (unless the record lists `incoming`'s name as an
/// alias, `by_alias`: then they are).
#[allow(clippy::result_large_err, reason = "diagnostics are cold-path values")]
fn merged(
    target: &Path,
    incoming: &openness_catalogue::record::RecordFile,
    budget: &openness_read::Budget,
    by_alias: bool,
) -> Result<openness_catalogue::record::RecordFile, Diagnostic> {
    // A record of an earlier import in the output directory: a file found there, never a link.
    let src = openness_catalogue::catalogue::read_source(target, openness_read::Open::FOUND, budget)?;
    let mut record = openness_catalogue::record::read_record_file(&src)?;
    if by_alias {
        openness_catalogue::merge::merge_by_alias(&mut record, incoming);
        return Ok(record);
    }
    match openness_catalogue::merge::merge_into(&mut record, incoming) {
        Ok(_) => Ok(record),
        Err(e) => Err(Diagnostic::about_path("N307", e.to_string(), incoming.name.clone())
            .with_severity(Severity::Note)
            .with_help(
                "map it by hand: give the release its own record, or add the name to the right record's aliases",
            )),
    }
}

/// The names of the records in `dir` (a file that cannot be read is left out: the import
/// reports it when it reaches it).
fn alias_index(dir: &Path, budget: &openness_read::Budget) -> openness_catalogue::merge::AliasIndex {
    let records: Vec<_> = openness_catalogue::catalogue::yaml_files(dir)
        .unwrap_or_default()
        .iter()
        .filter_map(|p| openness_catalogue::catalogue::read_source(p, openness_read::Open::FOUND, budget).ok())
        .filter_map(|src| openness_catalogue::record::read_record_file(&src).ok())
        .collect();
    openness_catalogue::merge::AliasIndex::new(&records)
}

fn import(cli: &Cli, input: &Path, out_dir: &Path, existing: Existing, from: ImportSource) -> Outcome {
    let base = match licence_base(&source(cli)) {
        Ok(b) => b,
        Err(d) => return fail(render_diagnostics(&d)),
    };
    let wanted = |p: &Path| match from {
        ImportSource::Site => p.extension().is_some_and(|e| e == "md"),
        ImportSource::Cyclonedx | ImportSource::Spdx3 => p.extension().is_some_and(|e| e == "json" || e == "jsonld"),
        ImportSource::Mot | ImportSource::Osai | ImportSource::OpeningUpChatgpt | ImportSource::OsAiMap => {
            p.extension().is_some_and(|e| e == "yml" || e == "yaml")
                && !p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('_') || n.starts_with("a_submission"))
        }
    };
    let input_is_dir = input.is_dir() && !input.is_symlink();
    let budget = openness_read::Budget::command();
    let mut diagnostics = Vec::new();
    // The map keeps its products in one folder and what they need in others beside it.
    let map = match from {
        ImportSource::OsAiMap => match crate::os_ai_map_command::OsAiMap::open(input, &budget, &mut diagnostics) {
            Some(m) => Some(m),
            None => {
                return fail(format!(
                    "error: `{}` holds no `sources/products` folder\n   = help: give os-ai-map's folder (or its `sources` folder)\n",
                    input.display()
                ));
            }
        },
        _ => None,
    };
    let listed = map.as_ref().map_or(input, |m| m.products.as_path());
    let files: Vec<std::path::PathBuf> = if input_is_dir {
        match std::fs::read_dir(listed) {
            Ok(entries) => {
                let mut v: Vec<_> = entries
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
                    .map(|e| e.path())
                    .filter(|p| wanted(p))
                    .collect();
                v.sort();
                v
            }
            Err(e) => return fail(format!("error: cannot list `{}`: {e}\n", listed.display())),
        }
    } else if input.symlink_metadata().is_ok() {
        vec![input.to_path_buf()]
    } else {
        let what = if from == ImportSource::Site {
            "the companion site's `_llms` directory"
        } else {
            "MOT's `models` directory or one of its YAML files"
        };
        return fail(format!("error: `{}` does not exist\n   = help: give {what}\n", input.display()));
    };
    if input_is_dir && is_within(out_dir, input) {
        return fail(format!(
            "error: the output directory `{}` is or lies inside the input `{}`: importing would overwrite or mix with the inputs\n   = help: give --out a directory outside the input\n",
            out_dir.display(),
            input.display()
        ));
    }
    // `--out` is the catalogue directory: records in `models/`, sources in `sources/`, the
    // layout `openness --data DIR` reads.
    let catalogue_dir = out_dir;
    let out_dir = &catalogue_dir.join("models");
    if let Err(e) = std::fs::create_dir_all(out_dir) {
        return fail(format!("error: cannot create `{}`: {e}\n", out_dir.display()));
    }
    let inputs: std::collections::HashSet<std::path::PathBuf> =
        files.iter().filter_map(|f| f.canonicalize().ok()).collect();
    let how = if input_is_dir { openness_read::Open::FOUND } else { openness_read::Open::NAMED };
    let mut written = 0;
    // Products of the map that are not model releases, with the arc of their category.
    let mut out_of_scope: Vec<String> = Vec::new();
    // Which input made each id of this run: a second input making the same id is written
    // under an id of its own, and both inputs are named.
    let mut made: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    // Sources that BOMs bring and the catalogue does not declare, written to `DIR/sources/`.
    let known_sources = openness_catalogue::sources(&source(cli)).unwrap_or_default();
    let mut brought_sources: Vec<openness_interchange::SourceFacts> = Vec::new();
    // The names the output directory's records are known by, read once when first needed.
    let mut aliases: Option<openness_catalogue::merge::AliasIndex> = None;
    // Imported facts are dated by the version of the tracker read, as declared in data/sources/.
    let observed = |id: &str| {
        openness_catalogue::embedded_sources_list()
            .ok()
            .and_then(|s| s.get(id).and_then(|s| s.date))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    for file in &files {
        let src = match openness_catalogue::catalogue::read_source(file, how, &budget) {
            Ok(s) => s,
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        // The names an entry may be listed under among the records' aliases.
        let mut names: Vec<String> = Vec::new();
        let converted = match from {
            ImportSource::Site => {
                // The file's name is the id where it is one; else the id made from it.
                let lower = stem.to_lowercase();
                let id = if is_valid_id(&lower) { lower } else { id_from_name(stem) };
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
            ImportSource::Cyclonedx | ImportSource::Spdx3 => {
                let format = if from == ImportSource::Spdx3 {
                    openness_interchange::Format::Spdx3
                } else {
                    openness_interchange::Format::CycloneDx
                };
                crate::interchange_commands::convert_document(&src, format, &known_sources).map(
                    |(record, notes, brought)| {
                        brought_sources.extend(brought);
                        (record, notes)
                    },
                )
            }
            ImportSource::OsAiMap => {
                let Some(map) = map.as_ref() else { continue };
                match map.convert(
                    &src,
                    stem,
                    &base,
                    &observed(openness_catalogue::import_os_ai_map::OS_AI_MAP_SOURCE),
                    &budget,
                ) {
                    Ok(openness_catalogue::import_os_ai_map::Product::OutOfScope { name, .. }) => {
                        out_of_scope.push(map.arc(&name).to_owned());
                        continue;
                    }
                    Ok(openness_catalogue::import_os_ai_map::Product::Model { record, names: known_as }) => {
                        names = known_as;
                        Ok((*record, Vec::new()))
                    }
                    Err(d) => Err(d),
                }
            }
            ImportSource::OpeningUpChatgpt => openness_catalogue::import_osai::import_ouc(
                &src.text,
                &base,
                &observed(openness_catalogue::import_osai::OUC_SOURCE),
            )
            .map(|r| (r, Vec::new()))
            .map_err(|e| {
                Diagnostic::about_path("E315", format!("`{}`: {e}", src.name), src.name.clone())
                    .with_help("give an Opening up ChatGPT project file")
            }),
        };
        let (mut record, notes) = match converted {
            Ok(c) => c,
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        diagnostics.extend(notes);
        if names.is_empty() {
            names.push(record.name.clone());
        }
        let existing_target = out_dir.join(format!("{}.yaml", record.id.value));
        // An entry maps onto the record that lists its name as an alias: the record of its own
        // id when there is one (whatever month the tracker dated it), else any record.
        // Trackers that give no month to check an id by map by name only (an alias, else a
        // record's own name), never by the id a name makes (`Command R+` makes `command-r`).
        let by_name_only = matches!(from, ImportSource::OsAiMap | ImportSource::OpeningUpChatgpt);
        let aliased = (existing == Existing::Merge)
            .then(|| {
                let index = aliases.get_or_insert_with(|| alias_index(out_dir, &budget));
                names
                    .iter()
                    .find_map(|n| index.lookup(n))
                    .or_else(|| by_name_only.then(|| index.lookup_name(&record.name)).flatten())
            })
            .flatten()
            .filter(|id| by_name_only || !existing_target.exists() || *id == record.id.value)
            .map(str::to_owned);
        // A map's two products for one release: the first one's facts stand, the second is named.
        if from == ImportSource::OsAiMap
            && let Some((id, first)) = aliased.as_ref().and_then(|id| made.get(id).map(|f| (id, f)))
        {
            let mut collision = Diagnostic::about_path(
                "W317",
                format!("`{}` maps onto `{id}`, as `{first}` did: its facts are not added", src.name),
                src.name.clone(),
            )
            .with_help("if the two products are different releases, give one of them its own record with the product's display name among its aliases");
            collision.severity = Severity::Warning;
            diagnostics.push(collision);
            continue;
        }
        if let Some(id) = aliased {
            match merged(&out_dir.join(format!("{id}.yaml")), &record, &budget, true) {
                Ok(r) => record = r,
                Err(d) => {
                    diagnostics.push(d);
                    continue;
                }
            }
        } else if existing == Existing::Merge && existing_target.exists() && !by_name_only {
            // Entries of several trackers (or several files) for one release become one record.
            match merged(&existing_target, &record, &budget, false) {
                Ok(r) => record = r,
                Err(d) => {
                    diagnostics.push(d);
                    continue;
                }
            }
        } else if record.release.value.is_empty() {
            // Without a release month the entry cannot be a record of its own.
            diagnostics.push(
                Diagnostic::about_path(
                    "N307",
                    format!("`{}` matches no record and its tracker gives no release date", record.id.value),
                    record.name.clone(),
                )
                .with_severity(Severity::Note),
            );
            continue;
        } else if let Some(first) = made.get(&record.id.value) {
            let own = unused_id(&record.id.value, stem, &made);
            let mut collision = Diagnostic::about_path(
                "W307",
                format!("`{}` makes the id `{}`, as `{first}` did: written as `{own}`", src.name, record.id.value),
                src.name.clone(),
            )
            .with_help("if both files describe one release, merge the two records (--merge); else keep the new id");
            collision.severity = Severity::Warning;
            diagnostics.push(collision);
            record.id.value = own;
        }
        made.insert(record.id.value.clone(), src.name.clone());
        let target = out_dir.join(format!("{}.yaml", record.id.value));
        if target.canonicalize().is_ok_and(|t| inputs.contains(&t)) {
            diagnostics.push(
                Diagnostic::about_path(
                    "E308",
                    format!("`{}` is one of the inputs: not overwritten", target.display()),
                    target.display().to_string(),
                )
                .with_help("give --out a directory that holds no input"),
            );
            continue;
        }
        if target.symlink_metadata().is_ok() && existing == Existing::Refuse {
            diagnostics.push(
                Diagnostic::about_path(
                    "E305",
                    format!("`{}` (from `{}`) is already in the output directory", target.display(), src.name),
                    target.display().to_string(),
                )
                .with_help("pass --force to replace records of an earlier import, or --merge to add to them"),
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
    brought_sources.sort_by(|x, y| x.id.cmp(&y.id));
    brought_sources.dedup_by(|x, y| x.id == y.id);
    if !brought_sources.is_empty() {
        let dir = catalogue_dir.join("sources");
        let path = dir.join("imported.yaml");
        let text = crate::interchange_commands::sources_file(&brought_sources);
        if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, text)) {
            diagnostics.push(Diagnostic::about_path(
                "E306",
                format!("cannot write `{}`: {e}", path.display()),
                path.display().to_string(),
            ));
        }
    }
    let errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let unmapped: Vec<&str> = diagnostics.iter().filter(|d| d.code == "N307").map(|d| d.file.as_str()).collect();
    let unmapped = if unmapped.is_empty() {
        String::new()
    } else {
        format!("unmapped ({}): {}\n", unmapped.len(), unmapped.join(", "))
    };
    let out_of_scope = if out_of_scope.is_empty() {
        String::new()
    } else {
        let mut arcs: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for arc in &out_of_scope {
            *arcs.entry(arc.as_str()).or_default() += 1;
        }
        let by_arc: Vec<String> = arcs.iter().map(|(arc, n)| format!("{n} {arc}")).collect();
        format!("out of scope, not model releases ({}): {}\n", out_of_scope.len(), by_arc.join(", "))
    };
    Outcome {
        stdout: format!(
            "imported {written} of {} file(s) into {}\n{unmapped}{out_of_scope}",
            files.len(),
            out_dir.display()
        ),
        stderr: render_diagnostics(&diagnostics),
        failed: errors,
    }
}
