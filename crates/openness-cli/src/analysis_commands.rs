//! `openness profile` and `openness lens`, and the analysis sections of `show`.

use std::fmt::Write as _;

use openness_catalogue::Reading;
use openness_catalogue::analysis::{Analysis, analyse, lens_sources as lens_sources_data};
use openness_catalogue::lens_sources::LensDocuments;
use openness_catalogue::{Catalogue, embedded_register};
use openness_core::register::RegisterItem;

use crate::Outcome;
use crate::args::{Format, LensArgs};
use crate::commands::{fail, ok, render_diagnostics, to_outcome};
use crate::output;

/// The embedded register, or the diagnostics to print.
pub fn register() -> Result<Vec<RegisterItem>, Outcome> {
    embedded_register().map_err(|d| fail(render_diagnostics(&d)))
}

/// The analysis of one release.
pub fn analysis_of(catalogue: &Catalogue, id: &str, reading: Reading) -> Result<Analysis, Outcome> {
    let register = register()?;
    let record = crate::commands::find(catalogue, id)?;
    Ok(analyse(catalogue, &catalogue.assess(record, reading), &register))
}

/// The analysis as text, for `show` and `profile`.
pub fn analysis_text(a: &Analysis, register: &[RegisterItem]) -> String {
    let title = |id: &str| register.iter().find(|i| i.id == id).map(|i| i.title.clone()).unwrap_or_default();
    let mut out = String::new();
    let pct = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{:.0}%", v * 100.0));
    let stages: Vec<String> = a.score.by_stage.iter().map(|(s, v)| format!("{s} {}", pct(*v))).collect();
    let _ = writeln!(
        out,
        "Openness score: {} ({}; {} graded, {} unknown)",
        pct(a.score.overall),
        stages.join(", "),
        a.score.graded,
        a.score.unknown
    );
    let _ = writeln!(out, "\nOpportunities unlocked ({}):", a.profile.opportunities.len());
    for t in &a.profile.opportunities {
        let _ = writeln!(out, "  {} {}: because {}", t.id, t.title, t.because.join(", "));
    }
    let _ = writeln!(out, "\nRisks raised ({}):", a.profile.risks.len());
    for t in &a.profile.risks {
        let mitigations = register.iter().find(|i| i.id == t.id).map(|i| i.mitigations.join("; ")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} {}: because {}{}",
            t.id,
            t.title,
            t.because.join(", "),
            if mitigations.is_empty() { String::new() } else { format!(" (mitigate: {mitigations})") }
        );
    }
    let _ = writeln!(out, "\nOpen next:");
    for (n, r) in a.recommendations.iter().take(5).enumerate() {
        let unlocks: Vec<String> = r.unlocks.iter().map(|u| format!("{u} {}", title(u))).collect();
        let _ = writeln!(
            out,
            "  {}. {} ({} → {}): {}{}",
            n + 1,
            r.component,
            r.current,
            r.target,
            r.advice,
            if unlocks.is_empty() { String::new() } else { format!(" Unlocks: {}.", unlocks.join(", ")) }
        );
    }
    let _ = writeln!(out, "\nOther frameworks ({})", openness_core::lenses::DISCLAIMER);
    for l in a.lenses.summaries() {
        out.push_str(&output::wrap80(
            &format!("  {}:", l.name),
            "    ",
            &format!("{}; {}", l.result, l.reasons.join("; ")),
        ));
        out.push_str(&output::wrap80("    sources:", "      ", &sources_line(&l.sources)));
    }
    out
}

/// `openness profile <id>`.
pub fn profile(catalogue: &Catalogue, reading: Reading, id: &str, format: Format) -> Outcome {
    let register = match register() {
        Ok(r) => r,
        Err(o) => return o,
    };
    let a = match analysis_of(catalogue, id, reading) {
        Ok(a) => a,
        Err(o) => return o,
    };
    match format {
        Format::Json => to_outcome(output::json(&a)),
        Format::Csv => {
            let mut rows: Vec<Vec<String>> = Vec::new();
            for t in &a.profile.opportunities {
                rows.push(vec!["opportunity".into(), t.id.clone(), t.title.clone(), t.because.join("; ")]);
            }
            for t in &a.profile.risks {
                rows.push(vec!["risk".into(), t.id.clone(), t.title.clone(), t.because.join("; ")]);
            }
            to_outcome(output::csv(&["kind", "id", "title", "because"], &rows))
        }
        _ => ok(analysis_text(&a, &register)),
    }
}

/// The sources of a lens on one line: `title (date); …`.
fn sources_line(sources: &[openness_core::Source]) -> String {
    sources.iter().map(|s| format!("{} ({})", s.title, s.date)).collect::<Vec<_>>().join("; ")
}

/// `openness lens --sources [<name>]`: what each lens implements and its documents.
fn lens_sources(name: Option<&str>, format: Format) -> Outcome {
    let lenses: Vec<&LensDocuments> = lens_sources_data().iter().filter(|l| name.is_none_or(|n| n == l.lens)).collect();
    let rows: Vec<Vec<String>> = lenses
        .iter()
        .flat_map(|l| {
            l.sources
                .iter()
                .map(|s| vec![l.lens.clone(), s.title.clone(), s.date.clone(), s.url.clone().unwrap_or_default()])
        })
        .collect();
    let header = ["lens", "title", "date", "url"];
    match format {
        Format::Json => to_outcome(output::json(&lenses)),
        Format::Csv => to_outcome(output::csv(&header, &rows)),
        Format::Markdown => ok(output::markdown(&header, &rows)),
        _ => {
            let mut out = String::new();
            for l in lenses {
                out.push_str(&output::wrap80(&format!("{}:", l.lens), "  ", &l.implements));
                for s in &l.sources {
                    out.push_str(&output::dated(&s.date, &s.title));
                    if let Some(u) = &s.url {
                        let _ = writeln!(out, "             {u}");
                    }
                }
            }
            ok(format!("{out}{}\n", openness_core::lenses::DISCLAIMER))
        }
    }
}

/// `openness lens <name> [<id>]`.
pub fn lens(catalogue: &Catalogue, reading: Reading, args: &LensArgs, format: Format) -> Outcome {
    let name = match (&args.name, args.sources) {
        (name, true) => return lens_sources(name.as_deref(), format),
        (Some(name), false) => name.as_str(),
        (None, false) => return fail("error: name a lens, or give `--sources`\n".to_owned()),
    };
    let register = match register() {
        Ok(r) => r,
        Err(o) => return o,
    };
    let records: Vec<&openness_catalogue::Record> = match &args.id {
        Some(id) => match crate::commands::find(catalogue, id) {
            Ok(r) => vec![r],
            Err(o) => return o,
        },
        None => catalogue.records.iter().collect(),
    };
    let mut rows = Vec::new();
    let mut json = Vec::new();
    let mut sources = (String::new(), Vec::new());
    for r in records {
        let a = analyse(catalogue, &catalogue.assess(r, reading), &register);
        let Some(l) = a.lenses.summaries().into_iter().find(|l| l.lens == name) else {
            return fail(format!("error: no lens `{name}`\n"));
        };
        let mut value = serde_json::json!({ "id": r.id, "lens": name });
        if let (Some(v), serde_json::Value::Object(fields)) = (value.as_object_mut(), l.json) {
            v.extend(fields);
        }
        json.push(value);
        rows.push(vec![r.id.clone(), l.result, l.reasons.join("; ")]);
        sources = (l.implements, l.sources);
    }
    let (implements, sources) = sources;
    let mut footer = output::wrap80("Implements:", "  ", &implements);
    footer.push_str("Sources:\n");
    for s in &sources {
        footer.push_str(&output::dated(&s.date, &s.title));
    }
    footer.push_str(openness_core::lenses::DISCLAIMER);
    footer.push('\n');
    match format {
        Format::Json if args.id.is_some() => to_outcome(output::json(&json.first())),
        Format::Json => to_outcome(output::json(&json)),
        Format::Csv => {
            let line = sources_line(&sources);
            let rows: Vec<Vec<String>> = rows
                .into_iter()
                .map(|mut r| {
                    r.push(line.clone());
                    r
                })
                .collect();
            to_outcome(output::csv(&["id", "result", "reasons", "sources"], &rows))
        }
        Format::Markdown => ok(format!("{}\n{footer}", output::markdown(&["id", "result", "reasons"], &rows))),
        _ => {
            let mut t = output::table(output::colour_stdout());
            t.set_header(vec!["Release", "Result", "Reasons"]);
            for r in rows {
                t.add_row(r);
            }
            ok(format!("{t}\n{footer}"))
        }
    }
}
