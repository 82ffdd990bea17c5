//! Hand-written SVG charts: deterministic bytes, a `<title>` for screen readers, no fonts
//! needed beyond the viewer's sans-serif.

use std::fmt::Write as _;

use openness_catalogue::ComponentAssessment;
use openness_catalogue::performance::O2;
use openness_catalogue::stats::Stats;
use openness_core::{Component, Kind, Level};

use crate::esc;

/// The colour of a level, after the paper's Figure 2.
pub fn colour(level: Level) -> &'static str {
    match level.grade() {
        Some(1) => "#c00000",
        Some(2) => "#c55c10",
        Some(3) => "#c1820c",
        Some(4) => "#957e0a",
        Some(_) => "#474d20",
        None if level == Level::NotApplicable => "#434343",
        None => "#888888",
    }
}

fn open(width: u32, height: u32, title: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\"><title>{}</title>",
        esc(title)
    )
}

/// Stacked bars: the count of each level per component.
pub fn level_distribution(stats: &Stats) -> String {
    let (w, row, left) = (720u32, 22u32, 190u32);
    let h = 40 + row * 12 + 30;
    let mut s = open(w, h, "Level distribution per component");
    let total = stats.models.max(1) as f64;
    let scale = f64::from(w - left - 20) / total;
    for (i, c) in Component::ALL.iter().enumerate() {
        let y = 30 + row * i as u32;
        let _ = write!(s, "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", left - 6, y + 14, esc(c.id()));
        let mut x = f64::from(left);
        for (level, n) in &stats.components[c.id()].0 {
            if *n == 0 {
                continue;
            }
            let width = *n as f64 * scale;
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{width:.1}\" height=\"{}\" fill=\"{}\"><title>{}: {level} × {n}</title></rect>",
                row - 4,
                colour(*level),
                esc(c.id())
            );
            if width > 18.0 {
                let _ = write!(
                    s,
                    "<text x=\"{:.1}\" y=\"{}\" fill=\"#fff\" text-anchor=\"middle\">{n}</text>",
                    x + width / 2.0,
                    y + 13
                );
            }
            x += width;
        }
    }
    let graded = |g: u8| (format!("level {g}"), Level::Graded { kind: Kind::Data, grade: g });
    let legend =
        (1..=5).map(graded).chain([("N/A".to_owned(), Level::NotApplicable), ("Unknown".to_owned(), Level::Unknown)]);
    let ly = 30 + row * 12 + 10;
    for (k, (label, level)) in legend.enumerate() {
        let x = left + k as u32 * 70;
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"{ly}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{label}</text>",
            colour(level),
            x + 16,
            ly + 10
        );
    }
    let _ = write!(s, "<text x=\"{left}\" y=\"18\" font-weight=\"bold\">{} releases</text></svg>", stats.models);
    s
}

/// Bars: mean openness score and releases per year.
pub fn openness_by_year(stats: &Stats) -> String {
    let years: Vec<(&u16, &openness_catalogue::stats::GroupSummary)> = stats.findings.by_year.iter().collect();
    let (w, h, left, bottom) = (520u32, 274u32, 58u32, 220u32);
    let mut s = open(w, h, "Mean openness score by release year");
    let bw = (w - left - 20) / years.len().max(1) as u32;
    let _ = write!(s, "<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{}\" y2=\"{bottom}\" stroke=\"#444\"/>", w - 10);
    for t in [0.0, 0.5, 1.0] {
        let y = f64::from(bottom) - t * 180.0;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{:.0}\" text-anchor=\"end\">{:.0}%</text><line x1=\"{left}\" y1=\"{y:.0}\" x2=\"{}\" y2=\"{y:.0}\" stroke=\"#ddd\"/>",
            left - 4,
            y + 4.0,
            t * 100.0,
            w - 10
        );
    }
    let _ = write!(
        s,
        "<text x=\"12\" y=\"{y}\" transform=\"rotate(-90 12 {y})\" text-anchor=\"middle\">mean openness score</text><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">release year</text>",
        h - 4,
        y = bottom - 90,
        x = (w + left) / 2
    );
    for (i, (year, g)) in years.iter().enumerate() {
        let x = left + 8 + bw * i as u32;
        let v = g.mean_score.unwrap_or(0.0);
        let bh = v * 180.0;
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"{:.1}\" width=\"{}\" height=\"{bh:.1}\" fill=\"#474d20\"><title>{year}: mean {:.0}% over {} releases</title></rect>",
            f64::from(bottom) - bh,
            bw - 16,
            v * 100.0,
            g.models
        );
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{year}</text><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#666\">n={}</text>",
            x + (bw - 16) / 2,
            bottom + 16,
            x + (bw - 16) / 2,
            bottom + 30,
            g.models
        );
    }
    s.push_str("</svg>");
    s
}

/// Scatter: openness score against a benchmark score (O2).
pub fn openness_vs_performance(o2: &O2) -> String {
    let (w, h, left, bottom) = (560u32, 340u32, 60u32, 290u32);
    let mut s = open(w, h, &format!("Openness against {} ({})", o2.benchmark, o2.date));
    let (min, max) = o2.rated.iter().fold((f64::MAX, f64::MIN), |(a, b), r| (a.min(r.2), b.max(r.2)));
    // Scores are on the benchmark's own scale (Elo in the thousands, MMLU as a fraction).
    let span = if max > min { max - min } else { 1.0 };
    let px = |o: f64| f64::from(left) + o * f64::from(w - left - 30);
    let py = |v: f64| f64::from(bottom) - 18.0 - (v - min) / span * 232.0;
    let _ = write!(
        s,
        "<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{}\" y2=\"{bottom}\" stroke=\"#444\"/><line x1=\"{left}\" y1=\"{bottom}\" x2=\"{left}\" y2=\"30\" stroke=\"#444\"/>",
        w - 20
    );
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">openness score</text><text x=\"14\" y=\"160\" transform=\"rotate(-90 14 160)\" text-anchor=\"middle\">{}</text>",
        (w + left) / 2,
        bottom + 34,
        esc(&o2.benchmark)
    );
    for (t, label) in [(0.0, "0%"), (0.5, "50%"), (1.0, "100%")] {
        let _ = write!(s, "<text x=\"{:.0}\" y=\"{}\" text-anchor=\"middle\">{label}</text>", px(t), bottom + 16);
    }
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{:.0}\" text-anchor=\"end\">{min}</text><text x=\"{}\" y=\"{:.0}\" text-anchor=\"end\">{max}</text>",
        left - 4,
        py(min),
        left - 4,
        py(max) + 4.0
    );
    let mut placed: Vec<(f64, f64)> = Vec::new();
    for (n, id, openness, score, weights) in o2_points(o2) {
        let fill = if weights { "#474d20" } else { "#c00000" };
        let (cx, cy) = (px(openness), py(score));
        let _ = write!(
            s,
            "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"5\" fill=\"{fill}\"><title>{n}. {}: openness {:.0}%, {score}</title></circle>",
            esc(&id),
            openness * 100.0
        );
        // A number beside its point where it overlaps no other number (right, left, above,
        // below); every point is also listed beside the chart, so a crowded one stays readable.
        let spots =
            [(cx + 8.0, cy + 4.0), (cx - 8.0 - 7.0 * digits(n), cy + 4.0), (cx - 3.0, cy - 8.0), (cx - 3.0, cy + 16.0)];
        let free = spots.into_iter().find(|(x, y)| {
            *x >= f64::from(left)
                && *x + 14.0 <= f64::from(w)
                && placed.iter().all(|(px, py)| (px - x).abs() > 16.0 || (py - y).abs() > 12.0)
        });
        if let Some((x, y)) = free {
            placed.push((x, y));
            let _ = write!(s, "<text x=\"{x:.1}\" y=\"{y:.1}\" fill=\"#333\">{n}</text>");
        }
    }
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"20\" fill=\"#474d20\">● open weights</text><text x=\"{}\" y=\"20\" fill=\"#c00000\">● closed weights</text></svg>",
        left,
        left + 110
    );
    s
}

fn digits(n: usize) -> f64 {
    n.to_string().len() as f64
}

/// The points of an O2 chart, numbered from 1 as the chart and its list show them: (number,
/// release id, openness score, benchmark score, downloadable weights).
pub fn o2_points(o2: &O2) -> Vec<(usize, String, f64, f64, bool)> {
    o2.rated.iter().enumerate().map(|(i, (id, o, v, w))| (i + 1, id.clone(), *o, *v, *w)).collect()
}

/// One release: a strip of its twelve levels under their stages, every label at 11 px.
pub fn model_strip(components: &[ComponentAssessment]) -> String {
    let (cell, h) = (64u32, 78u32);
    let mut s = open(cell * 12, h, "The twelve components' levels");
    let mut x0 = 0;
    for stage in openness_core::Stage::ALL {
        let n = components.iter().filter(|c| c.component.stage() == stage).count() as u32;
        let title = match stage {
            openness_core::Stage::Training => "Training",
            openness_core::Stage::Evaluation => "Evaluation",
            openness_core::Stage::Deployment => "Deployment",
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"12\" text-anchor=\"middle\" font-weight=\"bold\">{title}</text><line x1=\"{}\" y1=\"16\" x2=\"{}\" y2=\"16\" stroke=\"#444\"/>",
            x0 + n * cell / 2,
            x0 + 2,
            x0 + n * cell - 4
        );
        x0 += n * cell;
    }
    for (i, c) in components.iter().enumerate() {
        let x = cell * i as u32;
        let level = crate::view::shown(c);
        let ink = if crate::view::dark_text(level) { "#000" } else { "#fff" };
        let glyph = if level == Level::Unknown { "?".to_owned() } else { level.to_string() };
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"22\" width=\"{}\" height=\"30\" fill=\"{}\"><title>{}: {level}</title></rect><text x=\"{}\" y=\"42\" fill=\"{ink}\" text-anchor=\"middle\" font-weight=\"bold\">{glyph}</text><text x=\"{}\" y=\"68\" text-anchor=\"middle\">{} {}</text>",
            cell - 2,
            colour(level),
            esc(c.component.id()),
            x + cell / 2,
            x + cell / 2,
            if c.component.kind() == Kind::Code { "C" } else { "D" },
            crate::short_label(c.component)
        );
    }
    s.push_str("</svg>");
    s
}
