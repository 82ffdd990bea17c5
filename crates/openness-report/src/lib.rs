//! Publishable outputs of the catalogue: a self-contained static site (`openness report`),
//! SVG charts and badges, and a LaTeX table. Renderers only: they take graded records and the
//! analyses the catalogue crate computes, and return bytes. Every piece of text from records
//! or data goes through [`esc`].

pub mod svg;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use openness_catalogue::analysis::{Analysis, analyse};
use openness_catalogue::performance::Table;
use openness_catalogue::stats::{LevelSource, Stats, stats};
use openness_catalogue::{Assessment, Catalogue};
use openness_core::register::RegisterItem;
use openness_core::{Component, Kind, Level, LicenceFact, Permission, Rubric, Stage};

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

fn class(level: Level) -> &'static str {
    match level.grade() {
        Some(1) => "l1",
        Some(2) => "l2",
        Some(3) => "l3",
        Some(4) => "l4",
        Some(_) => "l5",
        None if level == Level::NotApplicable => "lna",
        None => "lunk",
    }
}

/// What a badge says: the openness score and the weights' level (`10% · weights D3`).
fn badge_value(assessment: &Assessment<'_>, analysis: &Analysis) -> String {
    let weights = assessment.components[Component::DeploymentDataWeights as usize].level;
    let score = analysis.score.overall.map_or("?".to_owned(), |s| format!("{:.0}%", s * 100.0));
    format!("{score} · weights {weights}")
}

/// A Markdown snippet that shows the badge and links to the release's page, with paths relative
/// to the root of the site `openness report` writes.
pub fn badge_markdown(assessment: &Assessment<'_>, analysis: &Analysis) -> String {
    let name = file_name(&assessment.record.id);
    format!("[![openness: {}](badges/{name}.svg)](models/{name}.html)", badge_value(assessment, analysis))
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
            c => out.push(c),
        }
    }
    out
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

struct Page<'a> {
    depth: usize,
    title: &'a str,
}

impl Page<'_> {
    fn root(&self) -> String {
        "../".repeat(self.depth)
    }

    fn wrap(&self, body: &str) -> String {
        let r = self.root();
        format!(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{t} · openness</title><link rel=\"stylesheet\" href=\"{r}style.css\"></head><body><header class=\"site\"><a class=\"brand\" href=\"{r}index.html\">openness</a><nav><a href=\"{r}index.html\">Table</a><a href=\"{r}findings.html\">Findings</a><a href=\"{r}licenses/index.html\">Licences</a><a href=\"{r}data/models.json\">Data (JSON)</a><a href=\"{r}data/models.csv\">CSV</a></nav></header><main>{body}</main><footer>Levels after Eiras et al. (2024), <em>Risks and Opportunities of Open-Source Generative AI</em>. Computed from recorded facts; the level the paper recorded is kept beside the computed one. Lenses are information, not legal advice.</footer><script src=\"{r}app.js\"></script></body></html>\n",
            t = esc(self.title)
        )
    }
}

/// A page of the site around `body` (already escaped HTML), `depth` folders below the root: the
/// service wraps its own pages (proposals, audit) in the same header, navigation and footer.
pub fn page(title: &str, depth: usize, body: &str) -> String {
    Page { depth, title }.wrap(body)
}

fn licence_text(a: &Assessment<'_>, c: Component) -> Option<String> {
    match &a.record.component(c).facts.licence {
        LicenceFact::Expression(e) => Some(e.clone()),
        LicenceFact::NoLicence => Some("NONE".to_owned()),
        LicenceFact::NotStated => None,
    }
}

/// A column heading short enough for the table.
pub fn short_label(c: Component) -> &'static str {
    match c {
        Component::TrainingCodePretraining | Component::TrainingDataPretraining => "Pre-train",
        Component::TrainingCodeFinetuning => "Fine-tune",
        Component::TrainingDataSft => "SFT",
        Component::TrainingCodeAlignment | Component::TrainingDataAlignment => "Align",
        Component::EvaluationCodeGeneral => "General",
        Component::EvaluationCodeSafety | Component::EvaluationDataSafety => "Safety",
        Component::EvaluationDataUtility => "Utility",
        Component::DeploymentCodeInference => "Inference",
        Component::DeploymentDataWeights => "Weights",
    }
}

fn index_page(assessments: &[Assessment<'_>], analyses: &BTreeMap<String, Analysis>) -> String {
    let page = Page { depth: 0, title: "The openness of generative-AI releases" };
    let mut b = String::new();
    b.push_str("<h1>How open are generative-AI releases?</h1><p class=\"lead\">Each release, component by component, in the taxonomy of Eiras et al. (2024): C1–C5 for code, D1–D5 for data. Colours follow the paper's Figure 2. A yellow outline marks a cell where the level the paper recorded differs from the level computed from the facts; the release's page says why.</p>");
    let orgs: BTreeSet<&str> = assessments.iter().filter_map(|a| a.record.organisation.as_deref()).collect();
    let years: BTreeSet<u16> = assessments.iter().map(|a| a.record.release.year).collect();
    b.push_str("<form class=\"filters\" action=\"#\"><label>Search<input type=\"search\" name=\"q\" placeholder=\"name, organisation, licence\"></label><label>Organisation<select name=\"org\"><option value=\"\">all</option>");
    for o in &orgs {
        let _ = write!(b, "<option value=\"{0}\">{0}</option>", esc(o));
    }
    b.push_str("</select></label><label>Year<select name=\"year\"><option value=\"\">all</option>");
    for y in &years {
        let _ = write!(b, "<option value=\"{y}\">{y}</option>");
    }
    b.push_str(
        "</select></label><label>Has a component at<select name=\"level\"><option value=\"\">any level</option>",
    );
    for l in Level::all() {
        let _ = write!(b, "<option value=\"{l}\">{l}</option>");
    }
    let _ =
        write!(b, "</select></label><span class=\"count\" id=\"count\">{} releases</span></form>", assessments.len());
    b.push_str("<div class=\"legend\">");
    for (c, label) in [
        ("l1", "1 fully closed"),
        ("l2", "2"),
        ("l3", "3"),
        ("l4", "4"),
        ("l5", "5 fully open"),
        ("lna", "N/A"),
        ("lunk", "Unknown"),
    ] {
        let _ = write!(b, "<span><span class=\"sw {c}\"></span>{label}</span>");
    }
    b.push_str("</div><div class=\"table-wrap\"><table class=\"heat\"><thead><tr><th colspan=\"4\"></th><th class=\"stage\" colspan=\"6\">Training</th><th class=\"stage\" colspan=\"4\">Evaluation</th><th class=\"stage\" colspan=\"2\">Deployment</th></tr>");
    b.push_str("<tr><th colspan=\"4\"></th><th colspan=\"3\">Code</th><th colspan=\"3\">Data</th><th colspan=\"2\">Code</th><th colspan=\"2\">Data</th><th>Code</th><th>Data</th></tr><tr>");
    for (i, h) in ["Model", "Organisation", "Release", "Score"].iter().enumerate() {
        let _ = write!(b, "<th class=\"sortable\" data-col=\"{i}\" scope=\"col\">{h}</th>");
    }
    for (i, c) in Component::ALL.iter().enumerate() {
        let _ = write!(
            b,
            "<th class=\"sortable\" data-col=\"{}\" scope=\"col\" title=\"{}: {}\">{}</th>",
            i + 4,
            esc(c.id()),
            esc(c.description()),
            short_label(*c)
        );
    }
    b.push_str("</tr></thead><tbody>");
    for a in assessments {
        let r = a.record;
        let score = analyses.get(&r.id).and_then(|x| x.score.overall);
        let levels: Vec<String> = a.components.iter().map(|c| c.level.to_string()).collect();
        let licences: Vec<String> = Component::ALL.iter().filter_map(|c| licence_text(a, *c)).collect();
        let search =
            format!("{} {} {} {}", r.name, r.id, r.organisation.clone().unwrap_or_default(), licences.join(" "))
                .to_lowercase();
        let _ = write!(
            b,
            "<tr data-org=\"{}\" data-year=\"{}\" data-levels=\"{}\" data-search=\"{}\"><td class=\"name\" data-v=\"{}\"><a href=\"models/{}.html\">{}</a></td><td class=\"org\">{}</td><td class=\"rel\" data-v=\"{}\">{}</td><td data-v=\"{}\">{}</td>",
            esc(r.organisation.as_deref().unwrap_or("")),
            r.release.year,
            esc(&levels.join(" ")),
            esc(&search),
            esc(&r.name.to_lowercase()),
            esc(&file_name(&r.id)),
            esc(&r.name),
            esc(r.organisation.as_deref().unwrap_or("")),
            r.release,
            r.release,
            score.map_or(-1.0, |s| s),
            score.map_or("–".to_owned(), |s| format!("{:.0}%", s * 100.0))
        );
        for c in &a.components {
            let lic =
                licence_text(a, c.component).or_else(|| a.record.component(c.component).license_as_recorded.clone());
            let diff = if c.disagreement.is_some() { " diff" } else { "" };
            let sort = c.level.grade().map_or(0, u32::from);
            let _ = write!(
                b,
                "<td class=\"lv {}{diff}\" data-v=\"{sort}\" title=\"{}\">{}{}</td>",
                class(c.level),
                esc(&format!("{}: {}", c.component, c.grade.reason)),
                c.level,
                lic.map(|l| format!("<small>{}</small>", esc(&l))).unwrap_or_default()
            );
        }
        b.push_str("</tr>");
    }
    b.push_str("</tbody></table></div>");
    page.wrap(&b)
}

fn yes(g: bool) -> &'static str {
    if g { "<span class=\"yes\">yes</span>" } else { "<span class=\"no\">no</span>" }
}

/// One table row per permission: whether the licence grants it and why.
fn permission_rows(b: &mut String, licence: &openness_core::LicenceProfile) {
    for perm in Permission::ALL {
        let g = licence.grant(perm);
        let _ =
            write!(b, "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", esc(perm.title()), yes(g.granted), esc(&g.reason));
    }
}

fn model_page(catalogue: &Catalogue, a: &Assessment<'_>, an: &Analysis, register: &[RegisterItem]) -> String {
    let r = a.record;
    let page = Page { depth: 1, title: &r.name };
    let mut b = format!(
        "<h1>{}</h1><p class=\"lead\">{} · released {}{}</p>",
        esc(&r.name),
        esc(r.organisation.as_deref().unwrap_or("organisation unknown")),
        r.release,
        r.recorded_by.as_ref().map(|x| format!(" · recorded levels: {}", esc(x))).unwrap_or_default()
    );
    let _ = write!(
        b,
        "<div class=\"card\">{}<p>Openness score {}; badge: <img src=\"../badges/{}.svg\" alt=\"openness: {}\"> <code>{}</code></p></div>",
        svg::model_strip(&a.components),
        an.score.overall.map_or("–".to_owned(), |s| format!("{:.0}%", s * 100.0)),
        esc(&file_name(&r.id)),
        esc(&badge_value(a, an)),
        esc(&badge_markdown(a, an))
    );
    let links: Vec<(&str, &Option<String>)> = vec![
        ("paper", &r.links.paper),
        ("homepage", &r.links.homepage),
        ("repository", &r.links.repository),
        ("weights", &r.links.weights),
        ("model card", &r.links.model_card),
        ("data card", &r.links.data_card),
    ];
    b.push_str("<p>");
    for (k, v) in links {
        if let Some(u) = v {
            let _ = write!(b, "{k}: {} &nbsp; ", link(u));
        }
    }
    b.push_str("</p><h2>Components</h2><table class=\"facts\"><thead><tr><th>Component</th><th>Availability</th><th>Licence</th><th>Recorded</th><th>Computed</th><th>Why</th><th>Evidence</th></tr></thead><tbody>");
    for c in &a.components {
        let cr = r.component(c.component);
        let licence = match &cr.facts.licence {
            LicenceFact::Expression(_) => c
                .grade
                .licence
                .iter()
                .flat_map(|s| &s.terms)
                .map(|t| format!("<a href=\"../licenses/{}.html\">{}</a>", esc(&file_name(&t.id)), esc(&t.id)))
                .collect::<Vec<_>>()
                .join(" "),
            LicenceFact::NoLicence => "NONE".to_owned(),
            LicenceFact::NotStated => cr
                .license_as_recorded
                .as_ref()
                .map(|s| format!("<span class=\"muted\">({})</span>", esc(s)))
                .unwrap_or_default(),
        };
        let lvl = |l: Option<Level>| {
            l.map_or("–".to_owned(), |l| format!("<span class=\"sw {}\" style=\"display:inline-block;width:10px;height:10px;border-radius:2px\"></span> {l}", class(l)))
        };
        let evidence: Vec<String> = cr.evidence.iter().map(|e| link(e)).collect();
        let why = match &c.disagreement {
            Some(d) => format!("{}<br><strong>Differs:</strong> {}", esc(&c.grade.reason), esc(d)),
            None => esc(&c.grade.reason),
        };
        let note = cr.note.as_ref().map(|n| format!("<br><span class=\"muted\">{}</span>", esc(n))).unwrap_or_default();
        let _ = write!(
            b,
            "<tr><td><code>{}</code></td><td>{}</td><td>{licence}</td><td>{}</td><td>{}</td><td>{why}{note}</td><td>{}</td></tr>",
            esc(c.component.id()),
            cr.facts.availability,
            lvl(c.recorded),
            lvl(c.computed),
            evidence.join("<br>")
        );
    }
    b.push_str("</tbody></table>");
    let mut shown: BTreeSet<String> = BTreeSet::new();
    for term in a.components.iter().flat_map(|c| c.grade.licence.iter().flat_map(|s| s.terms.iter())) {
        if !shown.insert(term.id.clone()) {
            continue;
        }
        let Some(p) = catalogue.base.get(&term.id) else { continue };
        let _ = write!(
            b,
            "<div class=\"card\"><h2>{} <span class=\"muted\">({} points)</span></h2><table class=\"facts\">",
            esc(&p.name),
            term.points
        );
        permission_rows(&mut b, p);
        b.push_str("</table></div>");
    }
    let title = |id: &str| register.iter().find(|i| i.id == id).map(|i| i.title.clone()).unwrap_or_default();
    b.push_str("<div class=\"grid\">");
    for (heading, items) in
        [("Opportunities it unlocks", &an.profile.opportunities), ("Risks it raises", &an.profile.risks)]
    {
        let _ = write!(b, "<div class=\"card\"><h2>{heading}</h2><ul>");
        for t in items {
            let _ = write!(
                b,
                "<li><strong>{}</strong> {} <span class=\"muted\">— {}</span></li>",
                esc(&t.id),
                esc(&t.title),
                esc(&t.because.join(", "))
            );
        }
        b.push_str("</ul></div>");
    }
    b.push_str("</div><div class=\"card\"><h2>What to open next</h2><ol>");
    for rec in an.recommendations.iter().take(6) {
        let unlocks: Vec<String> = rec.unlocks.iter().map(|u| format!("{u} {}", title(u))).collect();
        let _ = write!(
            b,
            "<li><code>{}</code> ({} → {}): {}{}</li>",
            esc(rec.component.id()),
            rec.current,
            rec.target,
            esc(&rec.advice),
            if unlocks.is_empty() { String::new() } else { format!(" <em>Unlocks {}.</em>", esc(&unlocks.join(", "))) }
        );
    }
    let l = &an.lenses;
    let yn = |v: Option<bool>| v.map_or("undecided", |v| if v { "yes" } else { "no" });
    let _ = write!(
        b,
        "</ol></div><div class=\"card\"><h2>Other frameworks</h2><p class=\"muted\">{}</p><ul><li>MOF: {} — {}</li><li>OSAID 1.0: {:?} — {}</li><li>EU AI Act: open-source exemption {}, systemic risk presumed {} — {}</li><li>US EO 14110: reporting threshold exceeded {} — {}</li></ul></div>",
        esc(l.eu_ai_act.disclaimer),
        esc(l.mof.label),
        esc(&l.mof.missing.join(", ")),
        l.osaid.verdict,
        esc(&l.osaid.reasons.join("; ")),
        yn(l.eu_ai_act.open_source_exemption),
        yn(l.eu_ai_act.systemic_risk_presumed),
        esc(&l.eu_ai_act.reasons.join("; ")),
        yn(l.us_eo_14110.reporting_threshold_exceeded),
        esc(&l.us_eo_14110.reasons.join("; "))
    );
    page.wrap(&b)
}

fn findings_page(s: &Stats) -> String {
    let page = Page { depth: 0, title: "Findings" };
    let f = &s.findings;
    let mut b = String::from(
        "<h1>Findings</h1><p class=\"lead\">The paper's observations as queries over the catalogue, recomputed from the records.</p>",
    );
    let _ = write!(
        b,
        "<div class=\"card\"><h2>O1: open weights, closed pipeline</h2><p>{} of {} releases have downloadable weights (D3–D5); {} of those keep their pre-training data closed: {}. {} keep their safety evaluation closed: {}.</p></div>",
        s.downloadable_weights.len(),
        s.models,
        f.o1_open_weights_closed_pretraining_data.len(),
        esc(&f.o1_open_weights_closed_pretraining_data.join(", ")),
        f.o1_open_weights_closed_safety_evaluation.len(),
        esc(&f.o1_open_weights_closed_safety_evaluation.join(", "))
    );
    let _ =
        write!(b, "<div class=\"card\"><h2>Level distribution per component</h2>{}</div>", svg::level_distribution(s));
    let _ = write!(
        b,
        "<div class=\"card\"><h2>Openness by release year</h2>{}</div><div class=\"grid wide\">",
        svg::openness_by_year(s)
    );
    for o2 in &f.o2 {
        let _ = write!(
            b,
            "<div class=\"card\"><h2>O2: openness against {}</h2><p class=\"muted small\">{}, {}</p>{}<p class=\"muted\">Spearman correlation {}; best with open weights {}, best with closed weights {}.</p></div>",
            esc(&o2.benchmark),
            esc(&o2.date),
            esc(&o2.source),
            svg::openness_vs_performance(o2),
            o2.spearman.map_or("–".to_owned(), |r| format!("{r:.3}")),
            esc(&o2.best_open_weights.as_ref().map(|(i, v)| format!("{i} ({v})")).unwrap_or_default()),
            esc(&o2.best_closed_weights.as_ref().map(|(i, v)| format!("{i} ({v})")).unwrap_or_default())
        );
    }
    let _ = write!(
        b,
        "</div><div class=\"card\"><h2>Fully open and fully closed</h2><p>Fully open ({}): {}</p><p>Fully closed ({}): {}</p></div>",
        f.fully_open.len(),
        esc(&f.fully_open.join(", ")),
        f.fully_closed.len(),
        esc(&f.fully_closed.join(", "))
    );
    b.push_str("<div class=\"card\"><h2>By stage</h2><table class=\"facts\"><tr><th>Stage</th><th>fully closed</th><th>semi-open</th><th>fully open</th><th>N/A</th><th>unknown</th></tr>");
    for st in Stage::ALL {
        if let Some(x) = f.by_stage.get(&st) {
            let _ = write!(
                b,
                "<tr><td>{st}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                x.fully_closed, x.semi_open, x.fully_open, x.not_applicable, x.unknown
            );
        }
    }
    b.push_str("</table></div>");
    page.wrap(&b)
}

fn licence_pages(catalogue: &Catalogue, assessments: &[Assessment<'_>], rubric: Rubric) -> Vec<SiteFile> {
    let mut users: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for a in assessments {
        for c in &a.components {
            for t in c.grade.licence.iter().flat_map(|s| &s.terms) {
                users.entry(t.id.clone()).or_default().insert(a.record.id.clone());
            }
        }
    }
    let mut files = Vec::new();
    let mut list = String::from(
        "<h1>Licences</h1><p class=\"lead\">The licences the catalogue's releases use, graded by the paper's five permissions.</p><table class=\"facts\"><tr><th>Licence</th><th>Points</th><th>Code</th><th>Data</th><th>Releases</th></tr>",
    );
    for (id, who) in &users {
        let Some(p) = catalogue.base.get(id) else { continue };
        let points = p.effective(rubric).points();
        let (cl, dl) = (rubric.level_for_points(Kind::Code, points), rubric.level_for_points(Kind::Data, points));
        let _ = write!(
            list,
            "<tr><td><a href=\"{}.html\">{}</a> <span class=\"muted\">{}</span></td><td>{points}</td><td>{cl}</td><td>{dl}</td><td>{}</td></tr>",
            esc(&file_name(id)),
            esc(&p.name),
            esc(id),
            who.len()
        );
        let page = Page { depth: 1, title: &p.name };
        let mut b = format!(
            "<h1>{}</h1><p class=\"lead\"><code>{}</code>{}</p><table class=\"facts\"><tr><th>Permission</th><th>Granted</th><th>Why</th></tr>",
            esc(&p.name),
            esc(id),
            p.url.as_ref().map(|u| format!(" · {}", link(u))).unwrap_or_default()
        );
        permission_rows(&mut b, p);
        let _ = write!(
            b,
            "</table><p>{points} points under the {} reading of P5: code {cl}, data {dl}. Share-alike: {}. OSI approved: {}.</p>",
            rubric.p5,
            yes(p.share_alike),
            yes(p.osi_approved)
        );
        if let Some(n) = &p.note {
            let _ = write!(b, "<p class=\"muted\">{}</p>", esc(n));
        }
        b.push_str("<h2>Releases using it</h2><ul>");
        for w in who {
            let _ = write!(b, "<li><a href=\"../models/{}.html\">{}</a></li>", esc(&file_name(w)), esc(w));
        }
        b.push_str("</ul>");
        files.push((format!("licenses/{}.html", file_name(id)), page.wrap(&b).into_bytes()));
    }
    list.push_str("</table>");
    files.push(("licenses/index.html".to_owned(), Page { depth: 1, title: "Licences" }.wrap(&list).into_bytes()));
    files
}

/// Renders the whole site. `data_files` (JSON, CSV) are placed under `data/` as given;
/// `progress` is called after each page.
pub fn render_site(
    catalogue: &Catalogue,
    rubric: Rubric,
    register: &[RegisterItem],
    tables: &[Table],
    data_files: Vec<SiteFile>,
    progress: &mut dyn FnMut(usize, usize),
) -> Vec<SiteFile> {
    let mut assessments = catalogue.assess_all(rubric);
    assessments.sort_by(|a, b| a.record.release.cmp(&b.record.release).then(a.record.id.cmp(&b.record.id)));
    let analyses: BTreeMap<String, Analysis> =
        assessments.iter().map(|a| (a.record.id.clone(), analyse(catalogue, a, register))).collect();
    let s = stats(&assessments, LevelSource::Shown, tables);
    let total = assessments.len() + 3;
    let mut files: Vec<SiteFile> = vec![
        ("style.css".to_owned(), include_bytes!("../assets/style.css").to_vec()),
        ("app.js".to_owned(), include_bytes!("../assets/app.js").to_vec()),
        ("index.html".to_owned(), index_page(&assessments, &analyses).into_bytes()),
        ("findings.html".to_owned(), findings_page(&s).into_bytes()),
        ("charts/levels.svg".to_owned(), svg::level_distribution(&s).into_bytes()),
        ("charts/by-year.svg".to_owned(), svg::openness_by_year(&s).into_bytes()),
    ];
    for (i, o2) in s.findings.o2.iter().enumerate() {
        files.push((format!("charts/o2-{i}.svg"), svg::openness_vs_performance(o2).into_bytes()));
    }
    progress(2, total);
    for (n, a) in assessments.iter().enumerate() {
        let an = &analyses[&a.record.id];
        let name = file_name(&a.record.id);
        files.push((format!("models/{name}.html"), model_page(catalogue, a, an, register).into_bytes()));
        files.push((format!("badges/{name}.svg"), badge(a, an).into_bytes()));
        files.push((format!("charts/models/{name}.svg"), svg::model_strip(&a.components).into_bytes()));
        progress(n + 3, total);
    }
    files.extend(licence_pages(catalogue, &assessments, rubric));
    files.extend(data_files.into_iter().map(|(p, b)| (format!("data/{p}"), b)));
    progress(total, total);
    files
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
}
