//! `openness license …`: show, resolve, detect, list and compare licences.

use std::fmt::Write as _;

use openness_catalogue::licence_base;
use openness_core::{LicenceBase, LicenceProfile, MatchedBy, Permission, Resolution, Rubric, Scope};
use openness_detect::{Detection, Detector};
use serde::Serialize;

use crate::Outcome;
use crate::args::{Cli, Format, LicenseCommand, LicenseListArgs};
use crate::commands::{fail, ok, render_diagnostics, source, to_outcome};
use crate::output::{self, colour_stdout, level_cell, table};
use openness_catalogue::views::{LicenceView, ResolveView};

/// Runs one licence command.
pub fn run(cli: &Cli, command: &LicenseCommand) -> Outcome {
    let base = match licence_base(&source(cli)) {
        // The process ends after the command: freeing the base's profiles one by one would cost
        // a sixth of detecting a file.
        Ok(b) => std::mem::ManuallyDrop::new(b),
        Err(d) => return fail(render_diagnostics(&d)),
    };
    let rubric = Rubric { p5: cli.rubric };
    match command {
        LicenseCommand::Show { name, output } => show(&base, rubric, name, output.format),
        LicenseCommand::Resolve { text, output } => resolve(&base, text, output.format),
        LicenseCommand::Detect { files, files_from, output } => {
            detect(&base, files, files_from.as_deref(), output.format)
        }
        LicenseCommand::List(args) => list(&base, rubric, args, args.output.format),
        LicenseCommand::Compare { a, b, output } => compare(&base, rubric, a, b, output.format),
    }
}

/// Looks a name up, or explains why it denotes no licence.
fn lookup<'b>(base: &'b LicenceBase, name: &str) -> Result<(&'b LicenceProfile, MatchedBy), String> {
    match base.resolve(name) {
        Resolution::Licence(p, m) => Ok((p, m)),
        Resolution::NotALicence(n) if n.unprofiled => {
            Err(format!("error: `{name}` names a licence whose terms are not profiled yet: {}\n", n.note))
        }
        Resolution::NotALicence(n) => {
            let suggests = n.suggests.as_ref().map(|s| format!("; it points at `{s}`")).unwrap_or_default();
            Err(format!("error: `{name}` is not a licence: {}{suggests}\n", n.note))
        }
        Resolution::Unknown(near) if near.is_empty() => Err(format!(
            "error: no licence named `{}` in the licence base\n   = help: `openness license list` lists them\n",
            openness_core::text::shortened(name, 80)
        )),
        Resolution::Unknown(near) => Err(format!(
            "error: no licence named `{name}` in the licence base\n   = help: the nearest ids are {}\n",
            near.join(", ")
        )),
    }
}

fn show(base: &LicenceBase, rubric: Rubric, name: &str, format: Format) -> Outcome {
    if let (Resolution::Unknown(_), Some(exception)) = (base.resolve(name), spdx::exception_id(name.trim())) {
        let note = "an SPDX licence exception: it adds permissions to the licence it follows with WITH; the expression is scored by that licence";
        return match format {
            Format::Json => to_outcome(output::json(
                &serde_json::json!({ "id": exception.name, "kind": "exception", "note": note }),
            )),
            _ => ok(format!(
                "{}: {note}
",
                exception.name
            )),
        };
    }
    let (profile, matched_by) = match lookup(base, name) {
        Ok(found) => found,
        Err(e) => return fail(e),
    };
    let view = LicenceView::new(profile, matched_by, rubric);
    let rows: Vec<Vec<String>> = Permission::ALL
        .iter()
        .map(|p| vec![p.key().to_owned(), profile.grant(*p).granted.to_string(), profile.grant(*p).reason.clone()])
        .collect();
    match format {
        Format::Json => to_outcome(output::json(&view)),
        Format::Csv => to_outcome(output::csv(&["permission", "granted", "reason"], &rows)),
        Format::Markdown => {
            let sources: Vec<String> =
                profile.sources.iter().map(|s| format!("- {} ({})\n", output::md(&s.title), s.date)).collect();
            ok(format!(
                "## {} (`{}`)\n\n{}\n{} points: code {}, data {}\n{}",
                output::md(&profile.name),
                profile.id,
                output::markdown(&["permission", "granted", "reason"], &rows),
                view.points,
                view.code_level,
                view.data_level,
                if sources.is_empty() { String::new() } else { format!("\nReviewed against:\n\n{}", sources.concat()) }
            ))
        }
        _ => {
            let mut out = format!("{} ({})\n", profile.name, profile.id);
            if !profile.aliases.is_empty() {
                let _ = writeln!(out, "  aliases: {}", profile.aliases.join(", "));
            }
            if let Some(u) = &profile.url {
                let _ = writeln!(out, "  text:    {u}");
            }
            let scope: Vec<&str> = profile.scope.iter().map(|s| s.keyword()).collect();
            let _ = writeln!(out, "  for:     {}", scope.join(", "));
            let _ = writeln!(
                out,
                "  flags:   share-alike {}, OSI approved {}, FSF libre {}, deprecated {}{}",
                yes(profile.share_alike),
                yes(profile.osi_approved),
                yes(profile.fsf_libre),
                yes(profile.deprecated),
                if profile.derived { ", permissions derived from SPDX flags" } else { "" }
            );
            if let Some(current) = view.replaced_by {
                let _ = writeln!(out, "  use:     {current} (the SPDX list deprecates {})", profile.id);
            }
            let mut t = table(colour_stdout());
            t.set_header(vec!["Permission", "Granted", "Reason"]);
            for p in Permission::ALL {
                let g = profile.grant(p);
                t.add_row(vec![p.title(), yes(g.granted), &g.reason]);
            }
            let _ = writeln!(out, "{}", crate::output::render(t));
            let sa = if view.p5_met_by_share_alike { " (P5 met by share-alike under the paper's reading)" } else { "" };
            let _ = writeln!(out, "{} points{sa}: code {}, data {}", view.points, view.code_level, view.data_level);
            if let Some(n) = &profile.note {
                let _ = writeln!(out, "note: {n}");
            }
            if profile.reviewed {
                let _ = writeln!(out, "reviewed against:");
                for s in &profile.sources {
                    out.push_str(&output::dated(&s.date, &s.title));
                }
            }
            let _ = writeln!(out, "{}", openness_core::lenses::DISCLAIMER);
            ok(out)
        }
    }
}

fn resolve(base: &LicenceBase, text: &str, format: Format) -> Outcome {
    let view = ResolveView::new(base, text);
    let failed = view.id.is_none();
    let mut outcome = match format {
        Format::Json => to_outcome(output::json(&view)),
        Format::Csv => to_outcome(output::csv(
            &["text", "id", "matched_by"],
            &[vec![
                text.to_owned(),
                view.id.clone().unwrap_or_default(),
                view.matched_by.unwrap_or_default().to_owned(),
            ]],
        )),
        _ => match (&view.id, view.matched_by) {
            (Some(id), Some(by)) => {
                ok(format!("{id}\t(matched by {by}{})\n", view.name.map(|n| format!(": {n}")).unwrap_or_default()))
            }
            (None, Some(by)) => fail(format!(
                "error: `{text}` is {}: {}{}\n",
                if by == "unprofiled" { "a licence whose terms are not profiled yet" } else { "not a licence" },
                view.note.unwrap_or_default(),
                view.suggests.map(|s| format!("; it points at `{s}`")).unwrap_or_default()
            )),
            _ => fail(format!(
                "error: no licence named `{text}`\n   = help: the nearest ids are {}\n",
                view.candidates.join(", ")
            )),
        },
    };
    outcome.failed = failed;
    outcome
}

/// One file's detection, for output.
#[derive(Debug, Serialize)]
struct FileDetection {
    file: String,
    #[serde(flatten)]
    detection: Detection,
}

/// A `--files-from` list longer than this is refused: 16 MiB is some 200,000 paths.
const MAX_LIST_BYTES: u64 = 16 * 1024 * 1024;

/// The paths a `--files-from` list names: one a line, blank lines skipped. The list is read
/// through the bounded reader (a FIFO or a device other than stdin is refused, not waited on).
fn listed_files(list: &std::path::Path) -> Result<Vec<std::path::PathBuf>, String> {
    use std::io::Read as _;
    let cannot =
        |e: &dyn std::fmt::Display| format!("error: cannot read the list of files `{}`: {e}\n", list.display());
    let bytes = if list == std::path::Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin().lock().take(MAX_LIST_BYTES + 1).read_to_end(&mut bytes).map_err(|e| cannot(&e))?;
        if bytes.len() as u64 > MAX_LIST_BYTES {
            return Err(cannot(&format!("longer than {MAX_LIST_BYTES} bytes")));
        }
        bytes
    } else {
        let how = openness_read::Open::NAMED_FOLLOWING_LINKS;
        openness_read::read(list, how, MAX_LIST_BYTES, &openness_read::Budget::command()).map_err(|e| cannot(&e))?
    };
    let text = String::from_utf8(bytes).map_err(|e| cannot(&e))?;
    Ok(text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
        .map(std::path::PathBuf::from)
        .collect())
}

fn detect(
    base: &LicenceBase,
    files: &[std::path::PathBuf],
    files_from: Option<&std::path::Path>,
    format: Format,
) -> Outcome {
    let mut paths = files.to_vec();
    if let Some(list) = files_from {
        match listed_files(list) {
            Ok(listed) => paths.extend(listed),
            Err(e) => return fail(e),
        }
    }
    let files = &paths[..];
    let detector = Detector::new(base);
    let budget = openness_read::Budget::command();
    let mut results = Vec::new();
    let mut errors = String::new();
    let how = openness_read::Open::NAMED_FOLLOWING_LINKS;
    for (file, result) in files.iter().zip(detector.detect_files(files, 0, how, &budget)) {
        match result {
            Ok(detection) => results.push(FileDetection { file: file.display().to_string(), detection }),
            Err(e) => {
                let _ = writeln!(errors, "error: {e}");
            }
        }
    }
    let failed = !errors.is_empty() || results.iter().any(|r| r.detection.id.is_none());
    let mut outcome = match format {
        Format::Json if files.len() == 1 => match results.first() {
            Some(r) => to_outcome(output::json(r)),
            None => Outcome { stdout: String::new(), stderr: String::new(), failed: true },
        },
        Format::Json => to_outcome(output::json(&results)),
        Format::Csv | Format::Markdown => {
            let rows: Vec<Vec<String>> = results
                .iter()
                .map(|r| {
                    vec![
                        r.file.clone(),
                        r.detection.id.clone().unwrap_or_default(),
                        format!("{:.3}", r.detection.confidence),
                        format!("{:?}", r.detection.method).to_lowercase(),
                        r.detection
                            .lines
                            .iter()
                            .map(|l| format!("{}: {}", l.line, l.text))
                            .collect::<Vec<_>>()
                            .join(" | "),
                        r.detection.note.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            let header = ["file", "id", "confidence", "method", "lines", "note"];
            if format == Format::Csv {
                to_outcome(output::csv(&header, &rows))
            } else {
                ok(output::markdown(&header, &rows))
            }
        }
        _ => {
            let mut out = String::new();
            for r in &results {
                let d = &r.detection;
                match &d.id {
                    Some(id) => {
                        let _ = writeln!(out, "{}: {id} ({:.0}% by {:?})", r.file, d.confidence * 100.0, d.method);
                    }
                    None => {
                        let _ = writeln!(out, "{}: no licence recognised", r.file);
                    }
                }
                for l in &d.lines {
                    let _ = writeln!(out, "  {:>4}| {}", l.line, l.text);
                }
                for p in &d.parts {
                    let _ = writeln!(
                        out,
                        "  part: lines {}–{}: {} ({:.0}%)",
                        p.first_line,
                        p.last_line,
                        p.id,
                        p.confidence * 100.0
                    );
                }
                if let Some(n) = &d.note {
                    let _ = writeln!(out, "  note: {n}");
                }
            }
            ok(out)
        }
    };
    outcome.stderr.push_str(&errors);
    outcome.failed |= failed;
    outcome
}

/// One row of `license list`.
#[derive(Debug, Serialize)]
struct ListRow<'a> {
    id: &'a str,
    name: &'a str,
    points: u8,
    code_level: String,
    data_level: String,
    scope: Vec<Scope>,
    osi_approved: bool,
    share_alike: bool,
    derived: bool,
}

fn list(base: &LicenceBase, rubric: Rubric, args: &LicenseListArgs, format: Format) -> Outcome {
    if args.exceptions {
        let rows: Vec<Vec<String>> = spdx::identifiers::EXCEPTIONS
            .iter()
            .map(|e| vec![e.name.to_owned(), yes(e.flags & spdx::flags::IS_DEPRECATED != 0).to_owned()])
            .collect();
        return match format {
            Format::Json => to_outcome(output::json(
                &rows
                    .iter()
                    .map(|r| serde_json::json!({ "id": r[0], "deprecated": r[1] == "yes" }))
                    .collect::<Vec<_>>(),
            )),
            Format::Csv => to_outcome(output::csv(&["id", "deprecated"], &rows)),
            _ => ok(format!(
                "{}\n{} SPDX exceptions: they add permissions to the licence they follow (`A WITH exception`); expressions are scored by that licence\n",
                rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>().join("\n"),
                rows.len()
            )),
        };
    }
    let kind: Option<Scope> = args.kind.as_deref().and_then(|k| k.parse().ok());
    let selected: Vec<&LicenceProfile> = base
        .profiles()
        .iter()
        .filter(|p| args.all || !p.derived)
        .filter(|p| !args.commercial || p.permissions().has(Permission::Commercial))
        .filter(|p| !args.modify || p.permissions().has(Permission::Modify))
        .filter(|p| !args.osi || p.osi_approved)
        .filter(|p| kind.is_none_or(|k| p.scope.contains(&k)))
        .collect();
    let rows: Vec<ListRow<'_>> = selected
        .iter()
        .map(|p| {
            let points = p.effective(rubric).points();
            ListRow {
                id: &p.id,
                name: &p.name,
                points,
                code_level: rubric.level_for_points(openness_core::Kind::Code, points).to_string(),
                data_level: rubric.level_for_points(openness_core::Kind::Data, points).to_string(),
                scope: p.scope.clone(),
                osi_approved: p.osi_approved,
                share_alike: p.share_alike,
                derived: p.derived,
            }
        })
        .collect();
    let flat: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.id.to_owned(),
                r.name.to_owned(),
                r.points.to_string(),
                r.code_level.clone(),
                r.data_level.clone(),
                r.scope.iter().map(|s| s.keyword()).collect::<Vec<_>>().join(" "),
            ]
        })
        .collect();
    let header = ["id", "name", "points", "code", "data", "for"];
    let hidden = base.profiles().iter().filter(|p| p.derived).count();
    match format {
        Format::Json => to_outcome(output::json(&rows)),
        Format::Csv => to_outcome(output::csv(&header, &flat)),
        Format::Markdown => ok(output::markdown(&header, &flat)),
        _ => {
            let colour = colour_stdout();
            let mut t = table(colour);
            t.set_header(header.to_vec());
            for r in &rows {
                let code: openness_core::Level = r.code_level.parse().unwrap_or(openness_core::Level::Unknown);
                let data: openness_core::Level = r.data_level.parse().unwrap_or(openness_core::Level::Unknown);
                t.add_row(vec![
                    comfy_table::Cell::new(r.id),
                    comfy_table::Cell::new(r.name),
                    comfy_table::Cell::new(r.points),
                    level_cell(code, code, colour),
                    level_cell(data, data, colour),
                    comfy_table::Cell::new(r.scope.iter().map(|s| s.keyword()).collect::<Vec<_>>().join(" ")),
                ]);
            }
            let more = if args.all {
                String::new()
            } else {
                format!("; {hidden} more SPDX licences with permissions derived from SPDX flags: --all")
            };
            ok(format!("{}\n{} licence(s){more}\n", crate::output::render(t), rows.len()))
        }
    }
}

fn compare(base: &LicenceBase, rubric: Rubric, a: &str, b: &str, format: Format) -> Outcome {
    let (pa, pb) = match (lookup(base, a), lookup(base, b)) {
        (Ok((pa, _)), Ok((pb, _))) => (pa, pb),
        (Err(e), _) | (_, Err(e)) => return fail(e),
    };
    let (va, vb) = (LicenceView::new(pa, MatchedBy::Id, rubric), LicenceView::new(pb, MatchedBy::Id, rubric));
    let rows: Vec<Vec<String>> = Permission::ALL
        .iter()
        .map(|p| {
            let (ga, gb) = (pa.grant(*p), pb.grant(*p));
            vec![
                p.title().to_owned(),
                yes(ga.granted).to_owned(),
                yes(gb.granted).to_owned(),
                if ga.granted == gb.granted { String::new() } else { format!("{} / {}", ga.reason, gb.reason) },
            ]
        })
        .collect();
    match format {
        Format::Json => to_outcome(output::json(&serde_json::json!({ "a": va, "b": vb }))),
        Format::Csv => to_outcome(output::csv(&["permission", &pa.id, &pb.id, "difference"], &rows)),
        _ => {
            let mut out = format!("{} ({}) vs {} ({})\n", pa.name, pa.id, pb.name, pb.id);
            let mut t = table(colour_stdout());
            t.set_header(vec!["Permission", pa.id.as_str(), pb.id.as_str(), "Why they differ"]);
            for r in &rows {
                t.add_row(r.clone());
            }
            let _ = writeln!(out, "{}", crate::output::render(t));
            let _ = writeln!(
                out,
                "points: {} vs {}; code {} vs {}; data {} vs {}",
                va.points, vb.points, va.code_level, vb.code_level, va.data_level, vb.data_level
            );
            ok(out)
        }
    }
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}
