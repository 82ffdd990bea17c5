//! The report site: every link resolves inside it, hostile text is escaped everywhere, and the
//! renderers' output is pinned by snapshots.

use std::collections::BTreeSet;
use std::path::Path;

use openness_catalogue::{
    Catalogue, DataSource, check_paths, embedded_licence_base, embedded_performance, embedded_register, load,
};
use openness_core::Rubric;
use openness_report::{
    AuditEntry, FormError, IndexQuery, PER_PAGE, Proposal, ProposalDraft, ProposalReview, RenderContext, RenderError,
    Report, SiteFile, render_site,
};

fn site(catalogue: &Catalogue) -> Vec<SiteFile> {
    let register = embedded_register().expect("register");
    let tables = embedded_performance().expect("tables");
    let data = vec![("models.json".to_owned(), b"[]".to_vec()), ("models.csv".to_owned(), b"id\n".to_vec())];
    let report = Report::new(catalogue, Rubric::default(), &register, &tables);
    let cx = RenderContext::report(Some("https://example.org/openness".to_owned()), "2024-05-16");
    render_site(&report, &cx, data, &mut |_, _| {}).expect("renders")
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
    for seg in link.split(['#', '?']).next().unwrap_or("").split('/') {
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
    assert_eq!(files.iter().filter(|(p, _)| p.starts_with("models/")).count(), catalogue.records.len());
    for page in ["index.html", "compare.html", "findings.html", "register.html", "licenses/index.html"] {
        assert!(names.contains(page), "{page} is missing");
    }
}

/// Every anchor (`#id`) a page links to exists on the page it points at.
#[test]
fn every_anchor_exists() {
    let catalogue = load(&DataSource::Embedded).expect("catalogue").catalogue;
    let files = site(&catalogue);
    let html: std::collections::BTreeMap<&str, String> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p.as_str(), String::from_utf8_lossy(b).into_owned()))
        .collect();
    let mut checked = 0;
    for (path, text) in &html {
        for link in links(text) {
            let Some((target, anchor)) = link.split_once('#') else { continue };
            if target.starts_with("http") || anchor.is_empty() {
                continue;
            }
            let page = if target.is_empty() { path.to_string() } else { resolve(path, target) };
            let body = &html[page.as_str()];
            assert!(body.contains(&format!("id=\"{anchor}\"")), "{path}: `{link}` has no anchor on {page}");
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} anchors checked");
}

/// No page loads anything from outside the site: every stylesheet, script and image is the
/// site's own (links to sources are anchors, which load nothing until followed).
#[test]
fn no_page_requests_anything_outside_itself() {
    let catalogue = load(&DataSource::Embedded).expect("catalogue").catalogue;
    for (path, bytes) in site(&catalogue).iter().filter(|(p, _)| p.ends_with(".html") || p.ends_with(".svg")) {
        let text = String::from_utf8_lossy(bytes);
        for attr in ["src=\"", "<link rel=\"stylesheet\" href=\"", "url(", "@import", "srcset="] {
            for (i, _) in text.match_indices(attr) {
                let rest = &text[i + attr.len()..];
                assert!(
                    !rest.starts_with("http") && !rest.starts_with("//"),
                    "{path} loads `{}`",
                    &rest[..rest.len().min(60)]
                );
            }
        }
    }
    let css = openness_report::STYLE;
    assert!(
        !css.contains("url(") && !css.contains("@import") && !css.contains("@font-face"),
        "the stylesheet loads something"
    );
    assert!(!openness_report::SCRIPT.contains("fetch(") && !openness_report::SCRIPT.contains("XMLHttpRequest"));
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
    let links = RenderContext::report(Some("https://example.org/o".to_owned()), "").links(0);
    assert_eq!(
        openness_report::badge_markdown(&a, &an, &links),
        "[![openness: 10% · weights D3](https://example.org/o/badges/llama-2.svg)](https://example.org/o/models/llama-2.html)"
    );
    let recent: Vec<_> =
        c.assess_all(Rubric::default()).into_iter().filter(|a| a.record.release.year == 2024).collect();
    insta::assert_snapshot!("latex_2024", openness_report::latex_table(&recent));
    insta::assert_snapshot!("strip_llama_2", openness_report::svg::model_strip(&a.components));
    let all = c.assess_all(Rubric::default());
    let s = openness_catalogue::stats::stats(&all, &embedded_performance().expect("tables"));
    insta::assert_snapshot!("levels_chart", openness_report::svg::level_distribution(&s));
    insta::assert_snapshot!("by_year_chart", openness_report::svg::openness_by_year(&s));
    insta::assert_snapshot!("o2_chart", openness_report::svg::openness_vs_performance(&s.findings.o2[0]));
}

fn static_cx() -> RenderContext {
    RenderContext::report(Some("https://example.org/openness".to_owned()), "2024-05-16")
}

fn service_cx() -> RenderContext {
    RenderContext::service("https://openness.example.org", "t0k3n", "2024-05-16")
}

#[test]
fn page_snapshots() {
    let c = load(&DataSource::Embedded).expect("catalogue").catalogue;
    let register = embedded_register().expect("register");
    let tables = embedded_performance().expect("tables");
    let report = Report::new(&c, Rubric::default(), &register, &tables);
    let cx = static_cx();
    insta::assert_snapshot!("page_llama_2", report.release(&cx, "llama-2").expect("release"));
    insta::assert_snapshot!("page_findings", report.findings(&cx).expect("findings"));
    insta::assert_snapshot!("page_register", report.register(&cx).expect("register"));
    insta::assert_snapshot!(
        "page_licence_llama_2",
        report.licence(&cx, "LicenseRef-scancode-llama-2-license-2023").expect("licence")
    );
    insta::assert_snapshot!(
        "page_compare_service",
        report.compare(&service_cx(), &["llama-2", "falcon"]).expect("compare")
    );
    // The index of the releases of 2024 (the whole index is the same rows, 45 times).
    let recent = Catalogue {
        records: c.records.iter().filter(|r| r.release.year == 2024).cloned().collect(),
        base: c.base.clone(),
        sources: c.sources.clone(),
    };
    let report = Report::new(&recent, Rubric::default(), &register, &tables);
    insta::assert_snapshot!("page_index_2024", report.index(&cx).expect("index"));
}

/// The `data-id`s of an index page's rows, in order.
fn row_ids(html: &str) -> Vec<&str> {
    html.split("<tr data-id=\"").skip(1).filter_map(|r| r.split('"').next()).collect()
}

#[test]
fn the_service_index_is_paged_and_filtered_by_the_server_and_the_report_lists_everything() {
    let c = load(&DataSource::Embedded).expect("catalogue").catalogue;
    let register = embedded_register().expect("register");
    let tables = embedded_performance().expect("tables");
    let report = Report::new(&c, Rubric::default(), &register, &tables);
    let all = report.assessments().len();
    let order: Vec<&str> = report.assessments().iter().map(|a| a.record.id.as_str()).collect();
    assert!(all > 2 * PER_PAGE, "{all} releases");
    // The static report's index keeps the whole table, for the script to filter.
    let whole = report.index(&static_cx()).expect("index");
    assert_eq!(row_ids(&whole), order);
    assert!(!whole.contains("data-server") && !whole.contains("rel=\"next\""));
    let cx = service_cx();
    let pages = report.index_pages();
    assert_eq!(pages, all.div_ceil(PER_PAGE));
    // Page 2 of the whole list: its fifty rows, links to the pages beside it, the total.
    let second = report.index_page(&cx, &IndexQuery { page: 2, ..IndexQuery::default() }).expect("index");
    assert_eq!(row_ids(&second), order[PER_PAGE..2 * PER_PAGE]);
    assert!(second.contains("<link rel=\"prev\" href=\"/\">"), "prev");
    assert!(second.contains("<link rel=\"next\" href=\"/?page=3\">"), "next");
    assert!(second.contains(&format!(">{all} releases · 51–100 shown</output>")));
    assert!(second.contains("<span class=\"current\" aria-current=\"page\">2</span>"));
    assert!(second.contains(&format!("aria-label=\"Page {pages}\">{pages}</a>")));
    assert!(second.contains("<form class=\"filters\" id=\"filters\" action=\"/\" method=\"get\" data-server>"));
    // Filtered across every page and sorted by the server; the links keep both.
    let q = IndexQuery::from_pairs([("org", "Meta"), ("sort", "name"), ("dir", "desc"), ("q", "llama")]);
    let meta = report.index_page(&cx, &q).expect("index");
    let mut expected: Vec<&openness_catalogue::Assessment<'_>> = report
        .assessments()
        .iter()
        .filter(|a| a.record.organisation.as_deref() == Some("Meta") && a.record.name.to_lowercase().contains("llama"))
        .collect();
    expected.sort_by_key(|a| std::cmp::Reverse(a.record.name.to_lowercase()));
    let expected: Vec<&str> = expected.iter().map(|a| a.record.id.as_str()).take(PER_PAGE).collect();
    assert!(expected.len() > 5, "{expected:?}");
    assert_eq!(row_ids(&meta), expected);
    assert!(meta.contains("<option value=\"Meta\" selected>Meta</option>"));
    assert!(meta.contains("name=\"q\" placeholder=\"name, organisation, licence\" value=\"llama\""));
    assert!(meta.contains("data-sort=\"name\" aria-sort=\"descending\"><a href=\"/?q=llama&amp;org=Meta&amp;sort=name&amp;dir=asc\">Release</a>"));
    assert!(meta.contains("<a href=\"/?q=llama&amp;org=Meta&amp;sort=score&amp;dir=desc\">Score</a>"));
    assert!(meta.contains(&format!(">{} of {all} releases</output>", row_ids(&meta).len())));
    // A condition on a level, and nothing matching; hostile text stays text.
    let open = report.index_page(&cx, &IndexQuery::from_pairs([("where", "weights>=D5")])).expect("index");
    assert!(row_ids(&open).iter().all(|id| {
        let a = report.assessments().iter().find(|a| a.record.id == *id).expect("listed");
        a.components[openness_core::Component::DeploymentDataWeights as usize].level.grade() == Some(5)
    }));
    assert!(open.contains("<option value=\"deployment.data.weights\" selected>"));
    let none = report.index_page(&cx, &IndexQuery::from_pairs([("q", "\"><script>x</script>")])).expect("index");
    assert!(row_ids(&none).is_empty());
    assert!(none.contains("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""));
    assert!(none.contains("No release matches these filters."));
    assert!(!none.contains("<nav class=\"pages\""));
}

fn proposal() -> Proposal {
    Proposal {
        number: 7,
        release: "llama-2".to_owned(),
        component: Some("deployment.data.weights".to_owned()),
        field: "license".to_owned(),
        value: "<b>Llama-2</b>".to_owned(),
        evidence: vec!["https://ai.meta.com/llama/license/".to_owned(), "javascript:alert(1)".to_owned()],
        note: None,
        author: "reader".to_owned(),
        status: "pending".to_owned(),
        created: "2026-12-01T10:00:00Z".to_owned(),
        reviews: vec![ProposalReview {
            reviewer: "maintainer".to_owned(),
            decision: "reject".to_owned(),
            comment: Some("Which version?".to_owned()),
            at: "2026-12-01T11:00:00Z".to_owned(),
        }],
    }
}

fn draft() -> ProposalDraft {
    ProposalDraft {
        component: "training.code.pretraining".to_owned(),
        field: "license".to_owned(),
        value: "<i>Not-A-Licence</i>".to_owned(),
        evidence: "https://example.org/x".to_owned(),
        note: String::new(),
        author: "reader".to_owned(),
        errors: vec![FormError {
            field: "license".to_owned(),
            code: "E110".to_owned(),
            message: "`<i>Not-A-Licence</i>` is not in the licence base".to_owned(),
            fix: "use an SPDX id".to_owned(),
        }],
    }
}

#[test]
fn service_pages_carry_forms_with_the_csrf_token_and_absolute_paths() {
    let c = load(&DataSource::Embedded).expect("catalogue").catalogue;
    let register = embedded_register().expect("register");
    let tables = embedded_performance().expect("tables");
    let report = Report::new(&c, Rubric::default(), &register, &tables);
    let cx = service_cx();
    let release = report.release(&cx, "llama-2").expect("release");
    assert!(release.contains("<form class=\"propose\" id=\"proposal\" method=\"post\" action=\"/proposals#propose\">"));
    assert!(release.contains("<input type=\"hidden\" name=\"csrf\" value=\"t0k3n\">"));
    assert!(release.contains("<link rel=\"stylesheet\" href=\"/static/style.css\">"));
    assert!(release.contains("[![openness: 10% · weights D3](https://openness.example.org/badges/llama-2.svg)](https://openness.example.org/releases/llama-2)"));
    assert!(!report.release(&static_cx(), "llama-2").expect("static").contains("name=\"csrf\""));
    assert!(matches!(report.compare(&cx, &["llama-2"]), Err(RenderError::CompareCount(1))));
    assert!(matches!(report.release(&cx, "llama-9"), Err(RenderError::UnknownRelease { .. })));
    let again = report.release_with_draft(&cx, "llama-2", &draft()).expect("release");
    assert!(again.contains("<li data-field=\"license\"><strong>license</strong>: `&lt;i&gt;Not-A-Licence&lt;/i&gt;` is not in the licence base <em>Fix: use an SPDX id</em>"));
    assert!(again.contains("<option value=\"training.code.pretraining\" selected>"));
    assert!(again.contains("<input name=\"value\" value=\"&lt;i&gt;Not-A-Licence&lt;/i&gt;\" required>"));
    assert!(!release.contains("class=\"errors\""));
    assert!(!report.compare(&cx, &[]).expect("chooser").contains("<table class=\"compare\""));
    let review = report.review(&cx, &proposal()).expect("review");
    assert!(review.contains("<input type=\"password\" name=\"token\" autocomplete=\"off\" required>"));
    assert!(review.contains("action=\"/proposals/7/review\""));
    assert!(review.contains("&lt;b&gt;Llama-2&lt;/b&gt;") && !review.contains("href=\"javascript:"));
    let list = report.proposals(&cx, &[proposal()]).expect("proposals");
    assert!(list.contains("<a href=\"/proposals/7\">7</a>"));
    let audit = report
        .audit(
            &cx,
            &[AuditEntry {
                at: "2026-12-01T10:00:00Z".to_owned(),
                actor: "reader".to_owned(),
                action: "proposal.create".to_owned(),
                target: "llama-2".to_owned(),
                detail: Some("<script>x</script>".to_owned()),
            }],
        )
        .expect("audit");
    assert!(audit.contains("&lt;script&gt;x&lt;/script&gt;"));
    let error = openness_report::page_around(&cx, "Not found", "<p>No release <code>x</code>.</p>").expect("page");
    assert!(error.contains("<h1>Not found</h1>\n<p>No release <code>x</code>.</p>"));
    assert!(error.contains("<a href=\"/proposals\">Proposals</a>"));
    insta::assert_snapshot!("page_review_service", review);
}

/// Every page, static and served, passes the Nu Html Checker (`vnu.jar` from the npm package
/// `vnu-jar` that `tests/browser` installs), run offline with the machine's Java.
#[test]
fn every_page_passes_the_html_validator() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let jar = root.join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    let java = std::process::Command::new("java").arg("-version").output().is_ok_and(|o| o.status.success());
    if !jar.exists() || !java {
        assert!(std::env::var_os("CI").is_none(), "CI must install Java and `npm ci` in tests/browser (see .ci/run)");
        eprintln!("skipped: needs java and tests/browser/node_modules/vnu-jar (npm ci in tests/browser)");
        return;
    }
    let c = load(&DataSource::Embedded).expect("catalogue").catalogue;
    let register = embedded_register().expect("register");
    let tables = embedded_performance().expect("tables");
    let report = Report::new(&c, Rubric::default(), &register, &tables);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut pages = 0;
    for (path, bytes) in render_site(&report, &static_cx(), Vec::new(), &mut |_, _| {}).expect("site") {
        if path.ends_with(".html") || path.ends_with(".svg") || path.ends_with(".css") {
            let target = dir.path().join("site").join(&path);
            std::fs::create_dir_all(target.parent().expect("parent")).expect("dir");
            std::fs::write(target, bytes).expect("written");
            pages += 1;
        }
    }
    let cx = service_cx();
    let served = [
        ("release.html", report.release(&cx, "llama-2").expect("release")),
        ("release-draft.html", report.release_with_draft(&cx, "llama-2", &draft()).expect("release")),
        ("compare-none.html", report.compare(&cx, &[]).expect("compare")),
        ("compare.html", report.compare(&cx, &["llama-2", "falcon", "gpt-2"]).expect("compare")),
        ("proposals.html", report.proposals(&cx, &[proposal()]).expect("proposals")),
        ("review.html", report.review(&cx, &proposal()).expect("review")),
        ("audit.html", report.audit(&cx, &[]).expect("audit")),
        ("error.html", openness_report::page_around(&cx, "Not found", "<p>No such release.</p>").expect("page")),
        ("index-2.html", report.index_page(&cx, &IndexQuery { page: 2, ..IndexQuery::default() }).expect("index")),
        (
            "index-meta.html",
            report
                .index_page(&cx, &IndexQuery::from_pairs([("org", "Meta"), ("sort", "c11"), ("dir", "desc")]))
                .expect("index"),
        ),
        (
            "index-none.html",
            report.index_page(&cx, &IndexQuery::from_pairs([("q", "no such release")])).expect("index"),
        ),
    ];
    std::fs::create_dir_all(dir.path().join("service")).expect("dir");
    for (name, html) in served {
        std::fs::write(dir.path().join("service").join(name), html).expect("written");
        pages += 1;
    }
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--also-check-css", "--also-check-svg", "--skip-non-html"])
        .arg(dir.path().join("site"))
        .arg(dir.path().join("service"))
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && report.trim().is_empty(), "{pages} files checked:\n{report}");
    assert!(pages > 150, "{pages} files checked");
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

#[test]
fn licence_pages_name_the_documents_a_reviewed_profile_was_read_from() {
    let c = load(&DataSource::Embedded).expect("catalogue").catalogue;
    let files = site(&c);
    let mut reviewed = 0;
    for (path, bytes) in &files {
        let Some(id) = path.strip_prefix("licenses/").and_then(|p| p.strip_suffix(".html")) else { continue };
        let Some(profile) = c.base.profiles().iter().find(|p| openness_report::file_name(&p.id) == id) else {
            continue;
        };
        let html = String::from_utf8_lossy(bytes);
        assert_eq!(html.contains("<h2>Reviewed against</h2>"), profile.reviewed, "{path}");
        if profile.reviewed {
            reviewed += 1;
            assert!(profile.sources.iter().all(|s| html.contains(&format!("({})", s.date))), "{path}");
        }
    }
    assert!(reviewed > 0, "no licence page of a reviewed profile");
}
