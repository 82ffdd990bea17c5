//! `openness profile` and `openness lens`, and the analysis sections of `show`.

use std::fmt::Write as _;

use openness_catalogue::Reading;
use openness_catalogue::analysis::{Analysis, analyse};
use openness_catalogue::{Catalogue, embedded_register};
use openness_core::register::RegisterItem;

use crate::Outcome;
use crate::args::{Format, LensArgs, ShowArgs};
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
    let l = &a.lenses;
    let yn = |b: Option<bool>| b.map_or("undecided", |b| if b { "yes" } else { "no" });
    let _ = writeln!(out, "\nOther frameworks ({})", l.eu_ai_act.disclaimer);
    let _ = writeln!(
        out,
        "  EU AI Act: open-source exemption {}, systemic risk presumed {}; {}",
        yn(l.eu_ai_act.open_source_exemption),
        yn(l.eu_ai_act.systemic_risk_presumed),
        l.eu_ai_act.reasons.join("; ")
    );
    let _ = writeln!(
        out,
        "  US EO 14110: reporting threshold exceeded {}; {}",
        yn(l.us_eo_14110.reporting_threshold_exceeded),
        l.us_eo_14110.reasons.join("; ")
    );
    let _ = writeln!(out, "  OSAID 1.0: {:?}; {}", l.osaid.verdict, l.osaid.reasons.join("; "));
    let _ = writeln!(
        out,
        "  MOF: {}{}",
        l.mof.label,
        if l.mof.missing.is_empty() {
            String::new()
        } else {
            format!("; missing for the next class: {}", l.mof.missing.join(", "))
        }
    );
    out
}

/// `openness profile <id>`.
pub fn profile(catalogue: &Catalogue, reading: Reading, args: &ShowArgs, format: Format) -> Outcome {
    let register = match register() {
        Ok(r) => r,
        Err(o) => return o,
    };
    let a = match analysis_of(catalogue, &args.id, reading) {
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

/// `openness lens <name> [<id>]`.
pub fn lens(catalogue: &Catalogue, reading: Reading, args: &LensArgs, format: Format) -> Outcome {
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
    for r in records {
        let a = analyse(catalogue, &catalogue.assess(r, reading), &register);
        let (verdict, reasons, value) = match args.name.as_str() {
            "eu-ai-act" => {
                let l = &a.lenses.eu_ai_act;
                let v = format!(
                    "exemption: {}, systemic risk: {}",
                    opt(l.open_source_exemption),
                    opt(l.systemic_risk_presumed)
                );
                (v, l.reasons.join("; "), serde_json::to_value(l).unwrap_or_default())
            }
            "mof" => {
                let l = &a.lenses.mof;
                let progress: Vec<String> =
                    l.progress.iter().rev().map(|(k, v)| format!("class {k}: {v:.0}%")).collect();
                (
                    format!("{} ({})", l.label, progress.join(", ")),
                    if l.missing.is_empty() {
                        String::new()
                    } else {
                        format!("missing for the next class: {}", l.missing.join(", "))
                    },
                    serde_json::to_value(l).unwrap_or_default(),
                )
            }
            "us-eo-14110" => {
                let l = &a.lenses.us_eo_14110;
                (
                    format!("reporting threshold exceeded: {}", opt(l.reporting_threshold_exceeded)),
                    l.reasons.join("; "),
                    serde_json::to_value(l).unwrap_or_default(),
                )
            }
            _ => {
                let l = &a.lenses.osaid;
                (format!("{:?}", l.verdict), l.reasons.join("; "), serde_json::to_value(l).unwrap_or_default())
            }
        };
        json.push(serde_json::json!({ "id": r.id, "lens": args.name, "result": value }));
        rows.push(vec![r.id.clone(), verdict, reasons]);
    }
    match format {
        Format::Json => to_outcome(output::json(&json)),
        Format::Csv => to_outcome(output::csv(&["id", "result", "reasons"], &rows)),
        Format::Markdown => ok(output::markdown(&["id", "result", "reasons"], &rows)),
        _ => {
            let mut t = output::table(output::colour_stdout());
            t.set_header(vec!["Release", "Result", "Reasons"]);
            for r in rows {
                t.add_row(r);
            }
            ok(format!("{}\n{}\n", output::render(t), openness_core::lenses::DISCLAIMER))
        }
    }
}

fn opt(b: Option<bool>) -> &'static str {
    b.map_or("undecided", |b| if b { "yes" } else { "no" })
}
