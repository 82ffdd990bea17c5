//! The pages: one function per page, each rendering an embedded minijinja template
//! (auto-escaped) from the views of [`crate::view`], for the static report and the service alike.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, context};
use openness_catalogue::analysis::{Analysis, analyse};
use openness_catalogue::performance::Table;
use openness_catalogue::stats::{Stats, stats};
use openness_catalogue::{Assessment, Catalogue};
use openness_core::register::RegisterItem;
use openness_core::{Component, Kind, Level, LicenceFact, Permission, Rubric, Stage};
use serde::Serialize;

use crate::context::{Links, RenderContext};
use crate::listing::{IndexQuery, PER_PAGE, Paging};
use crate::view::{self, Cell, LinkView, Row};
use crate::{numbers, svg};

/// Why a page could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// No release has this id.
    #[error("no release `{id}` in the catalogue (nearest: {})", nearest.join(", "))]
    UnknownRelease {
        /// The id asked for.
        id: String,
        /// The nearest ids.
        nearest: Vec<String>,
    },
    /// No licence has this id.
    #[error("no licence `{0}` in the licence base")]
    UnknownLicence(String),
    /// Compare takes two to four releases.
    #[error("compare takes 2 to 4 releases, not {0}")]
    CompareCount(usize),
    /// A template failed (a defect: templates are embedded and tested).
    #[error("template: {0}")]
    Template(#[from] minijinja::Error),
}

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("release.html", include_str!("../templates/release.html")),
    ("compare.html", include_str!("../templates/compare.html")),
    ("licences.html", include_str!("../templates/licences.html")),
    ("licence.html", include_str!("../templates/licence.html")),
    ("findings.html", include_str!("../templates/findings.html")),
    ("register.html", include_str!("../templates/register.html")),
    ("proposals.html", include_str!("../templates/proposals.html")),
    ("review.html", include_str!("../templates/review.html")),
    ("audit.html", include_str!("../templates/audit.html")),
    ("page.html", include_str!("../templates/page.html")),
];

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        // The crate's own escaping (which leaves `/` alone, so links read as written).
        env.set_formatter(|out, state, value| match value.as_str() {
            Some(text) if *state.auto_escape() == AutoEscape::Html && !value.is_safe() => {
                out.write_str(&crate::esc(text)).map_err(|_| minijinja::Error::from(minijinja::ErrorKind::WriteFailure))
            }
            _ => minijinja::escape_formatter(out, state, value),
        });
        for (name, source) in TEMPLATES {
            // The templates are part of the binary and each is rendered by a test.
            if let Err(e) = env.add_template(name, source) {
                panic!("embedded template {name}: {e}");
            }
        }
        env
    })
}

/// The stylesheet every page links.
pub const STYLE: &str = include_str!("../assets/style.css");
/// The small script of the index (filters, sort) and compare pages; every page reads without it.
pub const SCRIPT: &str = include_str!("../assets/app.js");

/// Where on the site a page sits (folders below the root), for relative links.
#[derive(Clone, Copy)]
enum Depth {
    Root = 0,
    Sub = 1,
}

/// The catalogue graded and analysed once, ready to render any page.
pub struct Report<'a> {
    catalogue: &'a Catalogue,
    rubric: Rubric,
    reading: openness_catalogue::Reading,
    register: &'a [RegisterItem],
    assessments: Vec<Assessment<'a>>,
    analyses: BTreeMap<String, Analysis>,
    stats: Stats,
    /// The statistics of the catalogue as it stood on the paper's date.
    paper_stats: Stats,
    /// The index's rows under the first links they were built for.
    rows: OnceLock<(Links, Vec<Row>)>,
}

/// The date of the paper's table (arXiv 2405.08597v1), for findings "as of the paper".
pub const PAPER_DATE: openness_catalogue::FactDate =
    openness_catalogue::FactDate { year: 2024, month: 5, day: Some(16) };

/// A proposed change to a record (service only).
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    /// Its number.
    pub number: u64,
    /// The release it is about.
    pub release: String,
    /// The component it is about, if one.
    pub component: Option<String>,
    /// The field to change (`availability`, `license`, `evidence`, ...).
    pub field: String,
    /// The value proposed.
    pub value: String,
    /// Evidence URLs.
    pub evidence: Vec<String>,
    /// A remark.
    pub note: Option<String>,
    /// Who proposed it.
    pub author: String,
    /// `pending`, `accepted`, `rejected`.
    pub status: String,
    /// When (RFC 3339).
    pub created: String,
    /// Reviews so far.
    pub reviews: Vec<ProposalReview>,
}

/// The proposal form of a release page as the service shows it again: what the visitor
/// entered, and what is wrong with it (empty on a fresh page).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProposalDraft {
    /// The component id chosen.
    pub component: String,
    /// The field chosen (`availability`, `license`, `evidence`, `note`).
    pub field: String,
    /// The value proposed.
    pub value: String,
    /// The evidence URL.
    pub evidence: String,
    /// The note.
    pub note: String,
    /// The author's name or handle.
    pub author: String,
    /// Each problem with the proposal.
    pub errors: Vec<FormError>,
}

/// One problem with a submitted form: the field, what is wrong, how to fix it.
#[derive(Debug, Clone, Serialize)]
pub struct FormError {
    /// The form field it is about.
    pub field: String,
    /// The check's code (`E101`, `P003` …).
    pub code: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

/// A review of a proposal.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalReview {
    /// Reviewer.
    pub reviewer: String,
    /// `accept` or `reject`.
    pub decision: String,
    /// Their comment.
    pub comment: Option<String>,
    /// When (RFC 3339).
    pub at: String,
}

/// One line of the audit log.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub actor: String,
    /// What (`proposal.create`, `proposal.accept`, ...).
    pub action: String,
    /// On what.
    pub target: String,
    /// Details.
    pub detail: Option<String>,
}

#[derive(Serialize)]
struct Nav {
    index: String,
    compare: String,
    findings: String,
    register: String,
    licences: String,
    json: String,
    csv: String,
    style: String,
    script: String,
    proposals: Option<String>,
    audit: Option<String>,
}

#[derive(Serialize)]
struct Page {
    title: String,
    data_date: String,
    version: String,
    service: bool,
    csrf: Option<String>,
    nav: Nav,
}

fn page(cx: &RenderContext, links: &Links, title: &str) -> Value {
    let service = cx.is_service();
    let csrf = match &cx.mode {
        crate::Mode::Service { csrf_token, .. } => Some(csrf_token.clone()),
        crate::Mode::Static { .. } => None,
    };
    Value::from(Serde(Page {
        title: title.to_owned(),
        data_date: cx.data_date.clone(),
        version: cx.version.clone(),
        service,
        csrf,
        nav: Nav {
            index: links.index(),
            compare: links.compare(&[]),
            findings: links.findings(),
            register: links.register(None),
            licences: links.licences(),
            json: links.data("models.json"),
            csv: links.data("models.csv"),
            style: links.asset("style.css"),
            script: links.asset("app.js"),
            proposals: service.then(|| links.proposals()),
            audit: service.then(|| links.audit()),
        },
    }))
}

/// Any other page of the service (an error page, say) in the site's header, navigation and
/// footer: `body_html` is put in as it is, so it must already be escaped (see [`crate::esc`]).
pub fn page_around(cx: &RenderContext, title: &str, body_html: &str) -> Result<String, RenderError> {
    let links = cx.links(Depth::Root as usize);
    render(
        "page.html",
        context! { page => page(cx, &links, title), body => Value::from_safe_string(body_html.to_owned()) },
    )
}

fn render(name: &str, ctx: Value) -> Result<String, RenderError> {
    Ok(environment().get_template(name)?.render(ctx)?)
}

#[derive(Serialize)]
struct Fact {
    label: &'static str,
    value: String,
    note: Option<String>,
}

#[derive(Serialize)]
struct Observation {
    source: String,
    date: Option<String>,
    level: String,
    class: &'static str,
    licence: Option<String>,
    evidence: Vec<String>,
    chosen: bool,
    disagrees: bool,
}

#[derive(Serialize)]
struct ComponentView {
    cell: Cell,
    id: &'static str,
    long: String,
    availability: String,
    recorded: Option<String>,
    recorded_class: Option<&'static str>,
    computed: Option<String>,
    computed_class: Option<&'static str>,
    note: Option<String>,
    licences: Vec<LinkView>,
    parts: Vec<String>,
    observations: Vec<Observation>,
}

#[derive(Serialize)]
struct Triggered {
    id: String,
    title: String,
    href: String,
    definition: String,
    because: Vec<String>,
}

#[derive(Serialize)]
struct Recommendation {
    component: &'static str,
    current: String,
    target: String,
    advice: String,
    unlocks: Vec<LinkView>,
}

#[derive(Serialize)]
struct Lens {
    name: &'static str,
    verdict: String,
    reasons: Vec<String>,
    implements: String,
    sources: Vec<view::SourceView>,
}

#[derive(Serialize)]
struct Badge {
    src: String,
    alt: String,
    absolute: Option<(String, String)>,
    markdown: Option<String>,
    html: Option<String>,
    rst: Option<String>,
}

#[derive(Serialize)]
struct Change {
    date: String,
    component: &'static str,
    source: String,
    from: Option<String>,
    to: String,
}

#[derive(Serialize)]
struct Licensed {
    licence: view::LicenceView,
    points: u8,
    components: Vec<&'static str>,
}

fn link(label: &str, href: &str) -> LinkView {
    LinkView { label: label.to_owned(), href: href.to_owned() }
}

fn level_text(l: Level) -> String {
    l.to_string()
}

impl<'a> Report<'a> {
    /// Grades and analyses every record once (milliseconds for the embedded catalogue, so the
    /// service may build one per request or keep one beside a catalogue it holds).
    pub fn new(
        catalogue: &'a Catalogue,
        reading: impl Into<openness_catalogue::Reading>,
        register: &'a [RegisterItem],
        tables: &[Table],
    ) -> Self {
        let reading = reading.into();
        let rubric = reading.rubric;
        let mut assessments = catalogue.assess_all(reading);
        assessments.sort_by(|a, b| a.record.release.cmp(&b.record.release).then(a.record.id.cmp(&b.record.id)));
        let analyses = assessments.iter().map(|a| (a.record.id.clone(), analyse(catalogue, a, register))).collect();
        let stats = stats(&assessments, tables);
        // The paper's own releases as of its date: releases whose developers had published by
        // then are in the catalogue of that date, but not in the paper's findings.
        let then = catalogue.clone().paper_table();
        let paper_stats = openness_catalogue::stats::stats(&then.assess_all(reading), tables);
        Report {
            catalogue,
            rubric,
            reading,
            register,
            assessments,
            analyses,
            stats,
            paper_stats,
            rows: OnceLock::new(),
        }
    }

    /// The releases in the order the index lists them (by release month, then id).
    pub fn assessments(&self) -> &[Assessment<'a>] {
        &self.assessments
    }

    /// The analysis of a release.
    pub fn analysis(&self, id: &str) -> Option<&Analysis> {
        self.analyses.get(id)
    }

    /// The statistics the findings page shows.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// The latest date any fact was checked (`YYYY-MM-DD` or `YYYY-MM`), for "data as of".
    pub fn data_date(&self) -> String {
        self.assessments
            .iter()
            .flat_map(|a| a.record.components.iter().filter_map(|c| c.as_of.clone()))
            .max()
            .unwrap_or_else(|| "undated".to_owned())
    }

    fn find(&self, id: &str) -> Result<(&Assessment<'a>, &Analysis), RenderError> {
        let a = self.assessments.iter().find(|a| a.record.id == id).ok_or_else(|| RenderError::UnknownRelease {
            id: id.to_owned(),
            nearest: self.catalogue.nearest_ids(id, 3).into_iter().map(str::to_owned).collect(),
        })?;
        Ok((a, &self.analyses[&a.record.id]))
    }

    fn rows(&self, links: &Links) -> Vec<Row> {
        self.assessments.iter().map(|a| view::row(self.catalogue, a, &self.analyses[&a.record.id], links)).collect()
    }

    /// The index's rows under `links`, built once for the first links asked for (a report
    /// renders in one context; the service renders many pages of its index).
    fn rows_under(&self, links: &Links) -> Cow<'_, [Row]> {
        let (first, rows) = self.rows.get_or_init(|| (links.clone(), self.rows(links)));
        if first == links { Cow::Borrowed(rows) } else { Cow::Owned(self.rows(links)) }
    }

    /// The index: the heatmap of every release, with filters and sorting (applied by the
    /// page's script; the static report's index).
    pub fn index(&self, cx: &RenderContext) -> Result<String, RenderError> {
        self.index_of(cx, None)
    }

    /// One page of the index, the releases `query` selects in its order, [`PER_PAGE`] a page,
    /// with links to the other pages that keep its filters and sort (the service's index: the
    /// filters and sort are applied here, and the form shows them).
    pub fn index_page(&self, cx: &RenderContext, query: &IndexQuery) -> Result<String, RenderError> {
        self.index_of(cx, Some(query))
    }

    /// How many pages the whole index has in the service.
    pub fn index_pages(&self) -> usize {
        self.assessments.len().div_ceil(PER_PAGE).max(1)
    }

    fn index_of(&self, cx: &RenderContext, query: Option<&IndexQuery>) -> Result<String, RenderError> {
        let links = cx.links(Depth::Root as usize);
        let rows = self.rows_under(&links);
        let ranked = rows.iter().filter(|r| !r.sparse).count();
        let (shown, paging, form, sorts): (Vec<&Row>, _, _, _) = match query {
            None => (rows.iter().collect(), None, IndexQuery::default().form(), None),
            Some(q) => {
                let selected = q.select(&rows);
                let paging = Paging::new(q, selected.len(), PER_PAGE, &links.index());
                let page: Vec<&Row> = selected.into_iter().skip((paging.page - 1) * PER_PAGE).take(PER_PAGE).collect();
                let sorts: BTreeMap<String, String> = std::iter::once("name".to_owned())
                    .chain(std::iter::once("score".to_owned()))
                    .chain((0..Component::ALL.len()).map(|i| format!("c{i}")))
                    .map(|key| {
                        let qs = q.sort_query(&key);
                        (key, format!("{}?{qs}", links.index()))
                    })
                    .collect();
                (page, Some(paging), q.form(), Some(sorts))
            }
        };
        render(
            "index.html",
            context! {
                page => page(cx, &links, "How open are generative-AI releases?"),
                header => Serde(view::header()),
                legend => Serde(view::legend()),
                filters => Serde(view::filters(&rows, self.catalogue)),
                min_known => openness_catalogue::record::MIN_KNOWN_FOR_RANKING,
                ranked => ranked,
                all => rows.len(),
                rows => Serde(&shown),
                paging => Serde(paging),
                selected => Serde(form),
                sorts => Serde(sorts),
            },
        )
    }

    /// A release's page. In the service it carries the proposal form.
    pub fn release(&self, cx: &RenderContext, id: &str) -> Result<String, RenderError> {
        self.release_with_draft(cx, id, &ProposalDraft::default())
    }

    /// A release's page with its proposal form filled in as `draft` says, with its errors: the
    /// service's answer to a proposal that does not validate.
    pub fn release_with_draft(
        &self,
        cx: &RenderContext,
        id: &str,
        draft: &ProposalDraft,
    ) -> Result<String, RenderError> {
        let (a, an) = self.find(id)?;
        let links = cx.links(Depth::Sub as usize);
        let r = a.record;
        let items = view::items_by_id(self.register);
        let mut facts = Vec::new();
        if let Some(p) = r.scale.parameters {
            facts.push(Fact { label: "Parameters", value: format!("{} parameters", numbers::count(p)), note: None });
        }
        if let Some(p) = r.scale.active_parameters {
            facts.push(Fact {
                label: "Active parameters",
                value: format!("{} per token", numbers::count(p)),
                note: None,
            });
        }
        if let Some(t) = r.scale.training_tokens {
            facts.push(Fact { label: "Training tokens", value: format!("{} tokens", numbers::count(t)), note: None });
        }
        let compute = r.scale.compute();
        if let Some(f) = compute.flops {
            facts.push(Fact {
                label: "Training compute",
                value: format!("{} FLOPs", numbers::scientific(f)),
                note: Some(numbers::humanise(&compute.basis)),
            });
        }
        let record_links: Vec<LinkView> = [
            ("Paper", &r.links.paper),
            ("Technical report", &r.links.technical_report),
            ("Home page", &r.links.homepage),
            ("Repository", &r.links.repository),
            ("Weights", &r.links.weights),
            ("Model card", &r.links.model_card),
            ("Data card", &r.links.data_card),
            ("Evaluation results", &r.links.evaluation_results),
        ]
        .into_iter()
        .filter_map(|(l, u)| u.as_deref().and_then(view::web).map(|u| link(l, &u)))
        .collect();
        let components: Vec<ComponentView> = a.components.iter().map(|c| self.component_view(a, c, &links)).collect();
        let history: Vec<Change> = openness_catalogue::history::changes(self.catalogue, r, self.reading)
            .into_iter()
            .rev()
            .map(|c| Change {
                date: c.date.to_string(),
                component: c.component.id(),
                source: c.source.unwrap_or_default(),
                from: c.from.map(|f| f.text()),
                to: c.to.text(),
            })
            .collect();
        let triggered = |t: &[openness_core::register::Triggered]| -> Vec<Triggered> {
            t.iter()
                .map(|t| Triggered {
                    id: t.id.clone(),
                    title: t.title.clone(),
                    href: links.register(Some(&t.id)),
                    definition: items.get(t.id.as_str()).map(|i| i.paraphrase.clone()).unwrap_or_default(),
                    because: t.because.clone(),
                })
                .collect()
        };
        let recommendations: Vec<Recommendation> = an
            .recommendations
            .iter()
            .take(6)
            .map(|rec| Recommendation {
                component: rec.component.id(),
                current: level_text(rec.current),
                target: level_text(rec.target),
                advice: rec.advice.clone(),
                unlocks: rec
                    .unlocks
                    .iter()
                    .map(|u| {
                        let title = items.get(u.as_str()).map(|i| i.title.as_str()).unwrap_or("");
                        link(&format!("{u} {title}"), &links.register(Some(u)))
                    })
                    .collect(),
            })
            .collect();
        let value = crate::badge_value(a, an);
        let absolute = links.absolute_badge(&r.id);
        let alt = format!("openness: {value}");
        let badge = Badge {
            src: links.badge(&r.id),
            markdown: absolute.as_ref().map(|(img, page)| format!("[![{alt}]({img})]({page})")),
            html: absolute
                .as_ref()
                .map(|(img, page)| format!("<a href=\"{page}\"><img src=\"{img}\" alt=\"{alt}\"></a>")),
            rst: absolute.as_ref().map(|(img, page)| format!(".. image:: {img}\n   :alt: {alt}\n   :target: {page}")),
            absolute,
            alt,
        };
        let proposal_fields = ["availability", "license", "evidence", "note"];
        render(
            "release.html",
            context! {
                page => page(cx, &links, &r.name),
                header => Serde(view::header()),
                id => &r.id,
                name => &r.name,
                organisation => r.organisation.as_deref().unwrap_or("organisation unknown"),
                release => r.release.to_string(),
                recorded_by => &r.recorded_by,
                note => &r.note,
                facts => Serde(&facts),
                links => Serde(&record_links),
                strip => Value::from_safe_string(svg::model_strip(&a.components)),
                score => an.score.overall.map(numbers::percent),
                known => openness_catalogue::catalogue::Coverage::of(r).known,
                sparse => !openness_catalogue::catalogue::Coverage::of(r).ranked,
                components => Serde(&components),
                licences => Serde(self.licences_of(a, &links)),
                opportunities => Serde(triggered(&an.profile.opportunities)),
                risks => Serde(triggered(&an.profile.risks)),
                recommendations => Serde(&recommendations),
                lenses => Serde(lenses(an)),
                history => Serde(&history),
                badge => Serde(&badge),
                compare => links.compare(&[&r.id]),
                component_ids => Serde(Component::ALL.iter().map(|c| c.id()).collect::<Vec<_>>()),
                proposal_fields => Serde(proposal_fields),
                draft => Serde(draft),
                proposals_action => links.proposals(),
            },
        )
    }

    fn component_view(
        &self,
        a: &Assessment<'_>,
        c: &openness_catalogue::ComponentAssessment,
        links: &Links,
    ) -> ComponentView {
        let cr = a.record.component(c.component);
        let cell = view::cell(self.catalogue, a, c);
        let licences = match &cr.facts.licence {
            LicenceFact::Expression(_) => {
                c.grade.licence.iter().flat_map(|s| &s.terms).map(|t| link(&t.id, &links.licence(&t.id))).collect()
            }
            _ => Vec::new(),
        };
        let observations = c
            .observations
            .iter()
            .map(|o| Observation {
                source: o.source.clone(),
                date: Some(o.as_of.to_string()),
                level: o.level.to_string(),
                class: view::class(o.level),
                licence: o.license.clone().or_else(|| o.license_as_recorded.clone()),
                evidence: o.evidence.iter().flat_map(|e| e.split_whitespace()).filter_map(view::web).collect(),
                chosen: o.chosen,
                disagrees: o.disagrees,
            })
            .collect();
        ComponentView {
            id: c.component.id(),
            long: view::header().columns[c.component as usize].long.clone(),
            availability: cr.facts.availability.to_string(),
            recorded: c.recorded.map(level_text),
            recorded_class: c.recorded.map(view::class),
            computed: c.computed.map(level_text),
            computed_class: c.computed.map(view::class),
            note: cr.note.clone(),
            licences,
            parts: c.grade.parts.iter().map(|p| format!("{}: {}", p.name, p.reason)).collect(),
            observations,
            cell,
        }
    }

    fn licences_of(&self, a: &Assessment<'_>, links: &Links) -> Vec<Licensed> {
        let mut seen: BTreeMap<String, (u8, Vec<&'static str>)> = BTreeMap::new();
        for c in &a.components {
            for t in c.grade.licence.iter().flat_map(|s| &s.terms) {
                let e = seen.entry(t.id.clone()).or_insert((t.points, Vec::new()));
                e.1.push(c.component.id());
            }
        }
        seen.into_iter()
            .filter_map(|(id, (points, components))| {
                let p = self.catalogue.base.get(&id)?;
                Some(Licensed { licence: view::licence(&self.catalogue.base, p, links), points, components })
            })
            .collect()
    }

    /// Compare: releases side by side per component, differences marked, licence permissions
    /// side by side. The service renders the 2–4 `ids` asked for (none: the chooser alone); the static report renders
    /// every release and its script shows those of `compare.html?ids=a,b` (`ids` is ignored).
    pub fn compare(&self, cx: &RenderContext, ids: &[&str]) -> Result<String, RenderError> {
        let links = cx.links(Depth::Root as usize);
        let chosen: Vec<(&Assessment<'a>, &Analysis)> = if cx.is_service() {
            // None chosen yet: the chooser alone.
            if !ids.is_empty() && !(2..=4).contains(&ids.len()) {
                return Err(RenderError::CompareCount(ids.len()));
            }
            ids.iter().map(|id| self.find(id)).collect::<Result<_, _>>()?
        } else {
            self.assessments.iter().map(|a| (a, &self.analyses[&a.record.id])).collect()
        };
        #[derive(Serialize)]
        struct Column {
            row: Row,
            weights_licence: Option<String>,
            permissions: Vec<Option<bool>>,
            parameters: Option<String>,
        }
        #[derive(Serialize)]
        struct Line {
            component: &'static str,
            long: String,
            differs: bool,
        }
        let header = view::header();
        let columns: Vec<Column> = chosen
            .iter()
            .map(|(a, an)| {
                let w = &a.components[Component::DeploymentDataWeights as usize];
                let terms: Vec<&str> = w.grade.licence.iter().flat_map(|s| &s.terms).map(|t| t.id.as_str()).collect();
                let profiles: Vec<_> = terms.iter().filter_map(|id| self.catalogue.base.get(id)).collect();
                let permissions = Permission::ALL
                    .iter()
                    .map(|p| (!profiles.is_empty()).then(|| profiles.iter().all(|l| l.grant(*p).granted)))
                    .collect();
                Column {
                    row: view::row(self.catalogue, a, an, &links),
                    weights_licence: view::cell(self.catalogue, a, w).licence_full,
                    permissions,
                    parameters: a.record.scale.parameters.map(numbers::count),
                }
            })
            .collect();
        let lines: Vec<Line> = header
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let levels: BTreeSet<&str> = columns.iter().map(|col| col.row.cells[i].level.as_str()).collect();
                Line { component: c.id, long: c.long.clone(), differs: cx.is_service() && levels.len() > 1 }
            })
            .collect();
        let permission_titles: Vec<&str> = Permission::ALL.iter().map(|p| p.title()).collect();
        let chooser: Vec<view::Choice> = self
            .assessments
            .iter()
            .map(|a| view::Choice {
                value: a.record.id.clone(),
                label: format!("{} ({})", a.record.name, a.record.release),
            })
            .collect();
        render(
            "compare.html",
            context! {
                page => page(cx, &links, "Compare releases"),
                columns => Serde(&columns),
                lines => Serde(&lines),
                permission_titles => Serde(&permission_titles),
                chooser => Serde(&chooser),
                chosen => Serde(ids),
                action => links.compare(&[]),
            },
        )
    }

    /// The list of licences the releases use.
    pub fn licences(&self, cx: &RenderContext) -> Result<String, RenderError> {
        let links = cx.links(Depth::Sub as usize);
        #[derive(Serialize)]
        struct Entry {
            licence: view::LicenceView,
            points: u8,
            code: String,
            data: String,
            releases: usize,
        }
        let entries: Vec<Entry> = self
            .users()
            .into_iter()
            .filter_map(|(id, who)| {
                let p = self.catalogue.base.get(&id)?;
                let points = p.effective(self.rubric).points();
                Some(Entry {
                    licence: view::licence(&self.catalogue.base, p, &links),
                    points,
                    code: self.rubric.level_for_points(Kind::Code, points).to_string(),
                    data: self.rubric.level_for_points(Kind::Data, points).to_string(),
                    releases: who.len(),
                })
            })
            .collect();
        render("licences.html", context! { page => page(cx, &links, "Licences"), entries => Serde(&entries) })
    }

    /// The ids of the licences in use, with the releases using each.
    pub fn users(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut users: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for a in &self.assessments {
            for c in &a.components {
                for t in c.grade.licence.iter().flat_map(|s| &s.terms) {
                    users.entry(t.id.clone()).or_default().insert(a.record.id.clone());
                }
            }
        }
        users
    }

    /// A licence's page: its permissions and the releases that use it.
    pub fn licence(&self, cx: &RenderContext, id: &str) -> Result<String, RenderError> {
        let links = cx.links(Depth::Sub as usize);
        let p = self.catalogue.base.get(id).ok_or_else(|| RenderError::UnknownLicence(id.to_owned()))?;
        let points = p.effective(self.rubric).points();
        let users = self.users();
        let releases: Vec<LinkView> = users
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|r| self.catalogue.get(r))
            .map(|r| link(&r.name, &links.release(&r.id)))
            .collect();
        render(
            "licence.html",
            context! {
                page => page(cx, &links, &p.name),
                licence => Serde(view::licence(&self.catalogue.base, p, &links)),
                points => points,
                p5 => self.rubric.p5.to_string(),
                code => self.rubric.level_for_points(Kind::Code, points).to_string(),
                data => self.rubric.level_for_points(Kind::Data, points).to_string(),
                releases => Serde(&releases),
            },
        )
    }

    /// The paper's observations recomputed, with charts.
    pub fn findings(&self, cx: &RenderContext) -> Result<String, RenderError> {
        let links = cx.links(Depth::Root as usize);
        let s = &self.stats;
        let f = &s.findings;
        let names = |ids: &[String]| -> Vec<LinkView> {
            ids.iter().filter_map(|id| self.catalogue.get(id)).map(|r| link(&r.name, &links.release(&r.id))).collect()
        };
        #[derive(Serialize)]
        struct O2View {
            benchmark: String,
            date: String,
            source: String,
            chart: String,
            spearman: Option<String>,
            best_open: Option<String>,
            best_closed: Option<String>,
            points: Vec<(usize, String, String, String, bool, String)>,
        }
        let o2: Vec<O2View> =
            f.o2.iter()
                .map(|o| O2View {
                    benchmark: o.benchmark.clone(),
                    date: o.date.clone(),
                    source: o.source.clone(),
                    chart: svg::openness_vs_performance(o),
                    spearman: o.spearman.map(|r| format!("{r:.2}")),
                    best_open: o.best_open_weights.as_ref().map(|(i, v)| format!("{i} ({v})")),
                    best_closed: o.best_closed_weights.as_ref().map(|(i, v)| format!("{i} ({v})")),
                    points: svg::o2_points(o)
                        .into_iter()
                        .map(|(n, id, open, score, w)| {
                            let name = self.catalogue.get(&id).map_or(id.clone(), |r| r.name.clone());
                            (n, name, numbers::percent(open), format!("{score}"), w, links.release(&id))
                        })
                        .collect(),
                })
                .collect();
        #[derive(Serialize)]
        struct StageRow {
            stage: &'static str,
            fully_closed: usize,
            semi_open: usize,
            fully_open: usize,
            not_applicable: usize,
            unknown: usize,
        }
        let by_stage: Vec<StageRow> = Stage::ALL
            .iter()
            .filter_map(|st| {
                f.by_stage.get(st).map(|x| StageRow {
                    stage: st.id(),
                    fully_closed: x.fully_closed,
                    semi_open: x.semi_open,
                    fully_open: x.fully_open,
                    not_applicable: x.not_applicable,
                    unknown: x.unknown,
                })
            })
            .collect();
        #[derive(Serialize)]
        struct Then {
            date: String,
            models: usize,
            downloadable: usize,
            closed_data: usize,
            closed_safety: usize,
        }
        let then = |date: String, s: &Stats| Then {
            date,
            models: s.models,
            downloadable: s.downloadable_weights.len(),
            closed_data: s.findings.o1_open_weights_closed_pretraining_data.len(),
            closed_safety: s.findings.o1_open_weights_closed_safety_evaluation.len(),
        };
        let over_time = [then(format!("{PAPER_DATE} (the paper)"), &self.paper_stats), then(cx.data_date.clone(), s)];
        #[derive(Serialize)]
        struct Year {
            year: u16,
            models: usize,
            downloadable: usize,
            mean: Option<String>,
        }
        let years: Vec<Year> = f
            .by_year
            .iter()
            .map(|(y, g)| Year {
                year: *y,
                models: g.models,
                downloadable: g.downloadable_weights,
                mean: g.mean_score.map(numbers::percent),
            })
            .collect();
        render(
            "findings.html",
            context! {
                page => page(cx, &links, "Findings"),
                over_time => Serde(&over_time),
                years => Serde(&years),
                models => s.models,
                downloadable => s.downloadable_weights.len(),
                o1_data => Serde(names(&f.o1_open_weights_closed_pretraining_data)),
                o1_safety => Serde(names(&f.o1_open_weights_closed_safety_evaluation)),
                levels_chart => Value::from_safe_string(svg::level_distribution(s)),
                year_chart => Value::from_safe_string(svg::openness_by_year(s)),
                o2 => Serde(&o2),
                fully_open => Serde(names(&f.fully_open)),
                fully_closed => Serde(names(&f.fully_closed)),
                by_stage => Serde(&by_stage),
            },
        )
    }

    /// Every register item with its citations, the components that unlock or raise it, and
    /// its mitigations.
    pub fn register(&self, cx: &RenderContext) -> Result<String, RenderError> {
        let links = cx.links(Depth::Root as usize);
        let items: Vec<view::ItemView> = self.register.iter().map(|i| view::item(i, &links)).collect();
        let count = |id: &str| {
            self.analyses
                .values()
                .filter(|an| an.profile.opportunities.iter().chain(&an.profile.risks).any(|t| t.id == id))
                .count()
        };
        let counts: BTreeMap<&str, usize> = items.iter().map(|i| (i.id.as_str(), count(&i.id))).collect();
        render(
            "register.html",
            context! {
                page => page(cx, &links, "Register of opportunities and risks"),
                opportunities => Serde(items.iter().filter(|i| i.kind == "opportunity").collect::<Vec<_>>()),
                risks => Serde(items.iter().filter(|i| i.kind == "risk").collect::<Vec<_>>()),
                counts => Serde(&counts),
                models => self.assessments.len(),
            },
        )
    }

    /// The service's list of proposals.
    pub fn proposals(&self, cx: &RenderContext, proposals: &[Proposal]) -> Result<String, RenderError> {
        let links = cx.links(Depth::Root as usize);
        let hrefs: Vec<(String, String)> =
            proposals.iter().map(|p| (links.proposal(p.number), links.release(&p.release))).collect();
        render(
            "proposals.html",
            context! { page => page(cx, &links, "Proposals"), proposals => Serde(proposals), hrefs => Serde(&hrefs) },
        )
    }

    /// The service's review page of one proposal, with the record's current cell beside it.
    pub fn review(&self, cx: &RenderContext, proposal: &Proposal) -> Result<String, RenderError> {
        let links = cx.links(Depth::Root as usize);
        let (a, _) = self.find(&proposal.release)?;
        let current = proposal
            .component
            .as_deref()
            .and_then(Component::from_name)
            .map(|c| view::cell(self.catalogue, a, &a.components[c as usize]));
        render(
            "review.html",
            context! {
                page => page(cx, &links, &format!("Proposal {}", proposal.number)),
                proposal => Serde(proposal),
                release => link(&a.record.name, &links.release(&a.record.id)).label,
                release_href => links.release(&a.record.id),
                current => Serde(&current),
                action => format!("{}/review", links.proposal(proposal.number)),
            },
        )
    }

    /// The service's audit log.
    pub fn audit(&self, cx: &RenderContext, entries: &[AuditEntry]) -> Result<String, RenderError> {
        let links = cx.links(Depth::Root as usize);
        render("audit.html", context! { page => page(cx, &links, "Audit log"), entries => Serde(entries) })
    }
}

/// Every lens's reading with its documents, numbers written for people.
fn lenses(an: &Analysis) -> Vec<Lens> {
    an.lenses
        .summaries()
        .into_iter()
        .map(|l| Lens {
            name: l.name,
            verdict: numbers::humanise(&l.result),
            reasons: l.reasons.iter().map(|r| numbers::humanise(r)).collect(),
            implements: l.implements,
            sources: view::sources(&l.sources),
        })
        .collect()
}
