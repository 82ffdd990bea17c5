//! The report site: every link resolves inside it, hostile text is escaped everywhere, and the
//! renderers' output is pinned by snapshots.

use std::collections::BTreeSet;
use std::path::Path;

use openness_catalogue::{
    Catalogue, DataSource, check_paths, embedded_licence_base, embedded_performance, embedded_register, load,
};
use openness_core::Rubric;
use openness_report::{SiteFile, render_site};

fn site(catalogue: &Catalogue) -> Vec<SiteFile> {
    let register = embedded_register().expect("register");
    let tables = embedded_performance().expect("tables");
    let data = vec![("models.json".to_owned(), b"[]".to_vec()), ("models.csv".to_owned(), b"id\n".to_vec())];
    render_site(catalogue, Rubric::default(), &register, &tables, data, &mut |_, _| {})
}

/// Every `href="..."` and `src="..."` of a page.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    out
}

fn resolve(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in link.split('#').next().unwrap_or("").split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[test]
fn every_link_resolves_inside_the_site() {
    let catalogue = load(&DataSource::Embedded).expect("catalogue").catalogue;
    let files = site(&catalogue);
    let names: BTreeSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let mut checked = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for link in links(&html) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with('#')
                || link.starts_with("mailto:")
            {
                continue;
            }
            let target = resolve(path, &link);
            assert!(names.contains(target.as_str()), "{path}: `{link}` → `{target}` is not in the site");
            checked += 1;
        }
    }
    assert!(checked > 500, "{checked} internal links checked");
    // One page per release, the index, the findings page and the licence pages.
    assert_eq!(files.iter().filter(|(p, _)| p.starts_with("models/")).count(), 45);
    assert!(names.contains("index.html") && names.contains("findings.html") && names.contains("licenses/index.html"));
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../openness-catalogue/tests/fixtures/valid/example.yaml"),
    )
    .expect("fixture");
    let hostile = fixture
        .replace("name: Example example", "name: \"<script>alert(1)</script>\"")
        .replace("organisation: Example Lab", "organisation: \"\\\"><img src=x onerror=alert(1)>\"")
        .replace("  paper: https://example.org/paper", "  paper: \"javascript:alert(1)\\\"><b>x</b>\"")
        .replace(
            "    license: MIT\n    recorded: C5",
            "    license: MIT\n    note: \"<script>alert(2)</script>\"\n    recorded: C5",
        );
    std::fs::write(dir.path().join("example.yaml"), hostile).expect("written");
    let base = embedded_licence_base().expect("base");
    let (records, diagnostics) = check_paths(&[dir.path().join("example.yaml")], &base, &sources_of_test());
    assert!(diagnostics.iter().all(|d| d.severity != openness_catalogue::Severity::Error), "{diagnostics:?}");
    assert_eq!(records.len(), 1);
    let catalogue = Catalogue { records, base, sources: sources_of_test() };
    for (path, bytes) in site(&catalogue) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("<script>alert"), "{path} carries a raw script");
        assert!(!text.contains("<img src=x"), "{path} carries a raw img");
        assert!(!text.contains("<b>x</b>"), "{path} carries raw markup");
        assert!(!text.contains("href=\"javascript:"), "{path} links to javascript:");
    }
}

#[test]
fn badge_latex_and_chart_snapshots() {
    let loaded = load(&DataSource::Embedded).expect("catalogue");
    let c = &loaded.catalogue;
    let register = embedded_register().expect("register");
    let record = c.get("llama-2").expect("llama-2");
    let a = c.assess(record, Rubric::default());
    let an = openness_catalogue::analysis::analyse(c, &a, &register);
    insta::assert_snapshot!("badge_llama_2", openness_report::badge(&a, &an));
    let recent: Vec<_> =
        c.assess_all(Rubric::default()).into_iter().filter(|a| a.record.release.year == 2024).collect();
    insta::assert_snapshot!("latex_2024", openness_report::latex_table(&recent));
    insta::assert_snapshot!("strip_llama_2", openness_report::svg::model_strip(&a.components));
    let all = c.assess_all(Rubric::default());
    let s = openness_catalogue::stats::stats(
        &all,
        openness_catalogue::stats::LevelSource::Shown,
        &embedded_performance().expect("tables"),
    );
    insta::assert_snapshot!("levels_chart", openness_report::svg::level_distribution(&s));
    insta::assert_snapshot!("by_year_chart", openness_report::svg::openness_by_year(&s));
    insta::assert_snapshot!("o2_chart", openness_report::svg::openness_vs_performance(&s.findings.o2[0]));
}

#[test]
fn page_snapshots() {
    let c = load(&DataSource::Embedded).expect("catalogue").catalogue;
    let files = site(&c);
    let page = |name: &str| {
        String::from_utf8(files.iter().find(|(p, _)| p == name).map(|(_, b)| b.clone()).unwrap_or_default())
            .expect("UTF-8")
    };
    insta::assert_snapshot!("page_llama_2", page("models/llama-2.html"));
    insta::assert_snapshot!("page_findings", page("findings.html"));
    insta::assert_snapshot!("page_licence_llama_2", page("licenses/LicenseRef-scancode-llama-2-license-2023.html"));
}

#[test]
fn the_latex_table_compiles_where_tex_is_installed() {
    let Ok(out) = std::process::Command::new("pdflatex").arg("--version").output() else {
        eprintln!("skipped: no pdflatex on this machine");
        return;
    };
    assert!(out.status.success());
    let c = load(&DataSource::Embedded).expect("catalogue").catalogue;
    let table = openness_report::latex_table(&c.assess_all(Rubric::default()));
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = format!(
        "\\documentclass{{article}}\\usepackage[margin=1cm,landscape]{{geometry}}\\usepackage{{booktabs}}\\usepackage[table]{{xcolor}}\\begin{{document}}{table}\\end{{document}}"
    );
    std::fs::write(dir.path().join("t.tex"), doc).expect("written");
    let status = std::process::Command::new("pdflatex")
        .args(["-interaction=nonstopmode", "-halt-on-error", "t.tex"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stdout));
    assert!(dir.path().join("t.pdf").exists());
}

fn sources_of_test() -> openness_catalogue::sources::Sources {
    openness_catalogue::embedded_sources_list().expect("the embedded sources are valid")
}
