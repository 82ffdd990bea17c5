//! Publishable outputs of the catalogue: the web pages people read, for the static report
//! (`openness report`) and the service (`openness serve`) alike, SVG charts and badges, and a
//! LaTeX table. Renderers only: they take graded records and the analyses the catalogue crate
//! computes, and return bytes.
//!
//! # One renderer for the report and the service
//!
//! Pages are minijinja templates embedded in the binary (`templates/*.html`, auto-escaped:
//! record text can never become markup) filled from the serialisable views of [`view`].
//! [`Report::new`] grades and analyses the catalogue once; then one method per page renders it:
//!
//! | method | page |
//! |---|---|
//! | [`Report::index`] | the heatmap: Figure 1 grouping, Figure 2 colours, filters and sort in the URL |
//! | [`Report::index_page`] | the service's index: one page of the releases a [`IndexQuery`] selects, filtered and sorted by the server |
//! | [`Report::release`] | one release: facts, observations, levels with reasons, profile, lenses, badge |
//! | [`Report::compare`] | 2–4 releases side by side |
//! | [`Report::licences`], [`Report::licence`] | licences and their permissions |
//! | [`Report::findings`] | the paper's observations recomputed, with charts |
//! | [`Report::register`] | every opportunity and risk, with citations and mitigations |
//! | [`Report::proposals`], [`Report::review`], [`Report::audit`] | service only: proposed changes, their review, the audit log |
//! | [`page_around`] | any other page (an error page) in the same header, navigation and footer |
//!
//! Each takes a [`RenderContext`]: [`RenderContext::report`] for files (relative links that
//! work from `file://`; `--base-url` makes badge snippets absolute) or
//! [`RenderContext::service`] (the service's origin, and the CSRF token every form posts back
//! as `csrf`; release pages then carry the proposal form, posted to `/proposals`). [`Links`]
//! documents the URL scheme the service routes. [`STYLE`] and [`SCRIPT`] are the stylesheet
//! and script every page links (`/static/style.css`, `/static/app.js` in the service);
//! pages read without the script. [`render_site`] writes the whole static report.
//!
//! Forms of the service (all `POST`, urlencoded, each with the `csrf` field): the proposal form
//! of a release page posts to `/proposals` the fields `release`, `component` (a component id),
//! `field` (`availability`, `license`, `evidence` or `note`), `value`, `evidence` (a URL), `note`
//! and `author`; the service answers one that does not validate with
//! [`Report::release_with_draft`]. The review page posts to `/proposals/<n>/review` the fields
//! `decision` (`accept` or `reject`), `comment` and `token` (the maintainer's). The service owns
//! [`Proposal`] and [`AuditEntry`] records and passes them to [`Report::proposals`],
//! [`Report::review`] and [`Report::audit`].
//!
//! ```
//! # let catalogue = openness_catalogue::load(&openness_catalogue::DataSource::Embedded).unwrap().catalogue;
//! # let register = openness_catalogue::embedded_register().unwrap();
//! # let tables = openness_catalogue::embedded_performance().unwrap();
//! use openness_report::{RenderContext, Report};
//! let report = Report::new(&catalogue, openness_core::Rubric::default(), &register, &tables);
//! let cx = RenderContext::service("https://openness.example.org", "token", report.data_date());
//! let html = report.release(&cx, "llama-2").unwrap();
//! assert!(html.contains("name=\"csrf\" value=\"token\""));
//! ```

mod context;
pub mod listing;
pub mod numbers;
mod pages;
pub mod svg;
pub mod view;

pub use context::{Links, Mode, RenderContext};
pub use listing::{IndexQuery, PER_PAGE, Paging};
pub use pages::{
    AuditEntry, FormError, PAPER_DATE, Proposal, ProposalDraft, ProposalReview, RenderError, Report, SCRIPT, STYLE,
    page_around,
};
pub use view::short_label;

use std::fmt::Write as _;

use openness_catalogue::analysis::Analysis;
use openness_catalogue::{Assessment, Catalogue};
use openness_core::{Component, Level};

/// Escapes text for HTML and SVG (element content and quoted attributes).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A link to `url` when it is a web address, else the escaped text: record fields never become
/// `javascript:` or other active links.
pub fn link(url: &str) -> String {
    if url.starts_with("https://") || url.starts_with("http://") {
        format!("<a href=\"{0}\">{0}</a>", esc(url))
    } else {
        esc(url)
    }
}

/// A file name that is safe for any id: letters, digits, `.`, `-`, `_` and `+` kept.
pub fn file_name(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+') { c } else { '_' })
        .collect();
    if s.is_empty() || s.starts_with('.') { format!("_{s}") } else { s }
}

/// What a badge says: the openness score and the weights' level (`10% · weights D3`).
pub(crate) fn badge_value(assessment: &Assessment<'_>, analysis: &Analysis) -> String {
    let weights = assessment.components[Component::DeploymentDataWeights as usize].level;
    let score = analysis.score.overall.map_or("?".to_owned(), |s| format!("{:.0}%", s * 100.0));
    format!("{score} · weights {weights}")
}

/// A Markdown snippet that shows the badge and links to the release's page: absolute URLs when
/// `links` know where the site is published (`--base-url`, the service's origin), else paths
/// relative to the site's root.
pub fn badge_markdown(assessment: &Assessment<'_>, analysis: &Analysis, links: &Links) -> String {
    let id = &assessment.record.id;
    let (img, page) = links.absolute_badge(id).unwrap_or_else(|| (links.badge(id), links.release(id)));
    format!("[![openness: {}]({img})]({page})", badge_value(assessment, analysis))
}

/// A shields-style badge: the openness score and the weights' level, coloured by that level.
pub fn badge(assessment: &Assessment<'_>, analysis: &Analysis) -> String {
    let weights = assessment.components[Component::DeploymentDataWeights as usize].level;
    let value = badge_value(assessment, analysis);
    let (lw, vw) = (64u32, 8 + 7 * value.chars().count() as u32);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"20\" role=\"img\" aria-label=\"openness: {v}\"><title>openness: {v}</title><rect width=\"{lw}\" height=\"20\" fill=\"#555\"/><rect x=\"{lw}\" width=\"{vw}\" height=\"20\" fill=\"{c}\"/><g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\"><text x=\"6\" y=\"14\">openness</text><text x=\"{tx}\" y=\"14\">{v}</text></g></svg>",
        w = lw + vw,
        v = esc(&value),
        c = svg::colour(weights),
        tx = lw + 4
    )
}

fn latex_escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\u{201c}' => out.push_str("``"),
            '\u{201d}' => out.push_str("''"),
            '\u{00b7}' => out.push_str("\\textperiodcentered{}"),
            // pdflatex's default UTF-8 input covers Latin scripts only: a Greek letter (as in
            // `PanGu-α`) is set in math mode, any other character it cannot set is named.
            'α'..='ω' | 'Α'..='Ω' => match greek(c) {
                Some(name) => {
                    out.push_str("$\\");
                    out.push_str(name);
                    out.push('$');
                }
                None => out.push_str(&format!("U+{:04X}", u32::from(c))),
            },
            c if u32::from(c) > 0x24F => out.push_str(&format!("U+{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// The LaTeX math name of a Greek letter that has one (`α` → `alpha`; capitals LaTeX sets
/// as Latin letters have none).
fn greek(c: char) -> Option<&'static str> {
    const LOWER: [&str; 25] = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu",
        "xi", "", "pi", "rho", "varsigma", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
    ];
    const UPPER: [&str; 25] = [
        "", "", "Gamma", "Delta", "", "", "", "Theta", "", "", "Lambda", "", "", "Xi", "", "Pi", "", "", "Sigma", "",
        "Upsilon", "Phi", "", "Psi", "Omega",
    ];
    let name = match c {
        'α'..='ω' => LOWER.get((u32::from(c) - u32::from('α')) as usize),
        'Α'..='Ω' => UPPER.get((u32::from(c) - u32::from('Α')) as usize),
        _ => None,
    };
    name.copied().filter(|n| !n.is_empty())
}

/// The paper's table as a LaTeX `table*` (booktabs, cells coloured as in Figure 2; needs
/// `\usepackage{booktabs}` and `\usepackage[table]{xcolor}`).
pub fn latex_table(assessments: &[Assessment<'_>]) -> String {
    let mut out = String::from("% Requires \\usepackage{booktabs} and \\usepackage[table]{xcolor}.\n");
    for (name, hex) in [
        ("lone", "C00000"),
        ("ltwo", "C55C10"),
        ("lthree", "C1820C"),
        ("lfour", "957E0A"),
        ("lfive", "474D20"),
        ("lna", "434343"),
        ("lunk", "888888"),
    ] {
        let _ = writeln!(out, "\\definecolor{{{name}}}{{HTML}}{{{hex}}}");
    }
    out.push_str("\\begin{table*}[t]\n\\centering\\scriptsize\n\\setlength{\\tabcolsep}{2.5pt}\n\\begin{tabular}{ll*{12}{c}}\n\\toprule\n");
    out.push_str(" & & \\multicolumn{6}{c}{Training} & \\multicolumn{4}{c}{Evaluation} & \\multicolumn{2}{c}{Deployment} \\\\\n\\cmidrule(lr){3-8}\\cmidrule(lr){9-12}\\cmidrule(lr){13-14}\n");
    out.push_str(" & & \\multicolumn{3}{c}{Code} & \\multicolumn{3}{c}{Data} & \\multicolumn{2}{c}{Code} & \\multicolumn{2}{c}{Data} & Code & Data \\\\\n");
    out.push_str("Model & Release & PT & FT & Align & PT & SFT & Align & Gen. & Safety & Utility & Safety & Inference & Weights \\\\\n\\midrule\n");
    for a in assessments {
        let _ = write!(out, "{} & {}", latex_escape(&a.record.name), a.record.release);
        for c in &a.components {
            let colour = match c.level.grade() {
                Some(1) => "lone",
                Some(2) => "ltwo",
                Some(3) => "lthree",
                Some(4) => "lfour",
                Some(_) => "lfive",
                None if c.level == Level::NotApplicable => "lna",
                None => "lunk",
            };
            let text = if c.level == Level::Unknown { "?".to_owned() } else { c.level.to_string() };
            let _ = write!(out, " & \\cellcolor{{{colour}}}\\textcolor{{white}}{{{}}}", latex_escape(&text));
        }
        out.push_str(" \\\\\n");
    }
    out.push_str("\\bottomrule\n\\end{tabular}\n\\caption{Openness of each release per component (C1--C5 code, D1--D5 data; N/A: stage absent; ?: unknown), after Eiras et al.\\ (2024).}\n\\end{table*}\n");
    out
}

/// A generated file: its path inside the site and its bytes.
pub type SiteFile = (String, Vec<u8>);

/// The data files published beside the pages (under `data/`): the same JSON and CSV the CLI
/// prints for `models`, `stats` and `license list`.
pub fn data_files(
    catalogue: &Catalogue,
    reading: openness_catalogue::Reading,
    tables: &[openness_catalogue::performance::Table],
) -> Result<Vec<SiteFile>, String> {
    use openness_catalogue::views::{LicenceView, ModelView, csv, model_rows};
    let assessments = catalogue.assess_all(reading);
    let models: Vec<ModelView<'_>> = assessments.iter().map(ModelView::new).collect();
    let (header, rows) = model_rows(&assessments);
    let licences: Vec<_> = catalogue
        .base
        .profiles()
        .iter()
        .filter(|p| !p.derived)
        .map(|p| LicenceView::new(p, openness_core::MatchedBy::Id, reading.rubric))
        .collect();
    Ok(vec![
        ("models.json".to_owned(), pretty(&models)?),
        ("models.csv".to_owned(), csv(&header, &rows)?.into_bytes()),
        ("stats.json".to_owned(), pretty(&openness_catalogue::stats::stats(&assessments, tables))?),
        ("licenses.json".to_owned(), pretty(&licences)?),
    ])
}

/// Pretty JSON with a trailing newline, as the CLI prints it.
fn pretty(value: &impl serde::Serialize) -> Result<Vec<u8>, String> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Renders the whole static report. `data_files` (JSON, CSV) are placed under `data/` as given;
/// `progress` is called after each page.
pub fn render_site(
    report: &Report<'_>,
    cx: &RenderContext,
    data_files: Vec<SiteFile>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<SiteFile>, RenderError> {
    let s = report.stats();
    let total = report.assessments().len() + 4;
    let mut files: Vec<SiteFile> = vec![
        ("style.css".to_owned(), STYLE.as_bytes().to_vec()),
        ("app.js".to_owned(), SCRIPT.as_bytes().to_vec()),
        ("index.html".to_owned(), report.index(cx)?.into_bytes()),
        ("compare.html".to_owned(), report.compare(cx, &[])?.into_bytes()),
        ("findings.html".to_owned(), report.findings(cx)?.into_bytes()),
        ("register.html".to_owned(), report.register(cx)?.into_bytes()),
        ("charts/levels.svg".to_owned(), svg::level_distribution(s).into_bytes()),
        ("charts/by-year.svg".to_owned(), svg::openness_by_year(s).into_bytes()),
    ];
    for (i, o2) in s.findings.o2.iter().enumerate() {
        files.push((format!("charts/o2-{i}.svg"), svg::openness_vs_performance(o2).into_bytes()));
    }
    progress(4, total);
    for (n, a) in report.assessments().iter().enumerate() {
        let name = file_name(&a.record.id);
        files.push((format!("models/{name}.html"), report.release(cx, &a.record.id)?.into_bytes()));
        if let Some(an) = report.analysis(&a.record.id) {
            files.push((format!("badges/{name}.svg"), badge(a, an).into_bytes()));
        }
        files.push((format!("charts/models/{name}.svg"), svg::model_strip(&a.components).into_bytes()));
        progress(n + 5, total);
    }
    for id in report.users().keys() {
        // Licences in use but not in the base have no page (their cells say so).
        match report.licence(cx, id) {
            Ok(html) => files.push((format!("licenses/{}.html", file_name(id)), html.into_bytes())),
            Err(RenderError::UnknownLicence(_)) => {}
            Err(e) => return Err(e),
        }
    }
    files.push(("licenses/index.html".to_owned(), report.licences(cx)?.into_bytes()));
    files.extend(data_files.into_iter().map(|(p, b)| (format!("data/{p}"), b)));
    progress(total, total);
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_html_and_attributes() {
        assert_eq!(esc("<script>\"a\" & 'b'</script>"), "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;");
        assert_eq!(latex_escape("org/c_%&#$"), "org/c\\_\\%\\&\\#\\$");
        assert_eq!(file_name("command-r+"), "command-r+");
        assert_eq!(file_name("../x"), "_.._x");
    }

    #[test]
    fn latex_sets_greek_letters_in_math_and_names_what_it_cannot_set() {
        assert_eq!(latex_escape("PanGu-α 200B"), "PanGu-$\\alpha$ 200B");
        assert_eq!(latex_escape("ΩΑ"), "$\\Omega$U+0391");
        assert_eq!(latex_escape("Tülu 通义"), "Tülu U+901AU+4E49");
    }
}
