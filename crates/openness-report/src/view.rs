//! What templates see: plain, serialisable views of graded records, with every link already
//! decided by the [`Links`](crate::Links) of the page and every number already written for
//! people. Templates never compute; they lay out.

use std::collections::{BTreeMap, BTreeSet};

use openness_catalogue::analysis::Analysis;
use openness_catalogue::{Assessment, Catalogue, ComponentAssessment};
use openness_core::register::RegisterItem;
use openness_core::{Component, Kind, Level, LicenceFact, LicenceProfile, Permission, Stage};
use serde::Serialize;

use crate::context::Links;
use crate::numbers;

/// The level a cell shows: the catalogue's answer for the component.
pub fn shown(c: &ComponentAssessment) -> Level {
    c.level
}

/// The CSS class of a level's colour.
pub fn class(level: Level) -> &'static str {
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

fn stage_title(s: Stage) -> &'static str {
    match s {
        Stage::Training => "Training",
        Stage::Evaluation => "Evaluation",
        Stage::Deployment => "Deployment",
    }
}

fn kind_title(k: Kind) -> &'static str {
    match k {
        Kind::Code => "Code",
        Kind::Data => "Data",
    }
}

/// A licence's name short enough for a table cell, never cut: an SPDX id as it is, else the
/// shortest alias people write, else the id without its `LicenseRef-` prefix.
pub fn short_licence(base: &openness_core::LicenceBase, id: &str) -> String {
    if !id.starts_with("LicenseRef-") {
        return id.to_owned();
    }
    // Capitalised aliases first: `LLaMA-2` reads as a name, `llama2` as a file.
    let alias = base.get(id).and_then(|p| {
        p.aliases.iter().filter(|a| a.len() <= 14).min_by_key(|a| (!a.chars().any(char::is_uppercase), a.len()))
    });
    match alias {
        Some(a) => a.clone(),
        None => {
            id.trim_start_matches("LicenseRef-").trim_start_matches("scancode-").trim_start_matches("ai-").to_owned()
        }
    }
}

/// A web address as a link, or `None` for anything else (record text never becomes an active link).
pub fn web(url: &str) -> Option<String> {
    // Sources sometimes follow the address with its page title: the address is the first word.
    let url = url.split_whitespace().next()?.trim_end_matches([':', ',', ';']);
    (url.starts_with("https://") || url.starts_with("http://")).then(|| url.to_owned())
}

/// A labelled link.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// What it is.
    pub label: String,
    /// Where it goes.
    pub href: String,
}

/// One column heading group (stage or kind) with its span.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// Heading.
    pub title: &'static str,
    /// Columns spanned.
    pub span: usize,
}

/// One component column.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// Component id.
    pub id: &'static str,
    /// Short heading.
    pub short: &'static str,
    /// Its stage and kind, spelled out.
    pub long: String,
    /// What it is.
    pub description: &'static str,
    /// `training`, `evaluation` or `deployment`, for the stage's first column.
    pub stage: &'static str,
    /// Whether it starts a stage (a thicker rule before it).
    pub first_of_stage: bool,
}

/// The paper's Figure 1 header: stages, then kinds, then components.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// Training, Evaluation, Deployment.
    pub stages: Vec<Group>,
    /// Code, Data within each stage.
    pub kinds: Vec<Group>,
    /// The twelve components.
    pub columns: Vec<Column>,
}

/// The header every table of components uses.
pub fn header() -> Header {
    let mut stages: Vec<Group> = Vec::new();
    let mut kinds: Vec<Group> = Vec::new();
    let mut columns = Vec::new();
    let mut last: Option<(Stage, Kind)> = None;
    for c in Component::ALL {
        let (s, k) = (c.stage(), c.kind());
        if last.map(|l| l.0) != Some(s) {
            stages.push(Group { title: stage_title(s), span: 0 });
        }
        if last != Some((s, k)) {
            kinds.push(Group { title: kind_title(k), span: 0 });
        }
        if let Some(g) = stages.last_mut() {
            g.span += 1;
        }
        if let Some(g) = kinds.last_mut() {
            g.span += 1;
        }
        columns.push(Column {
            id: c.id(),
            short: short_label(c),
            long: format!("{} {} · {}", stage_title(s), kind_title(k).to_lowercase(), short_label(c)),
            description: c.description(),
            stage: s.id(),
            first_of_stage: last.map(|l| l.0) != Some(s),
        });
        last = Some((s, k));
    }
    Header { stages, kinds, columns }
}

/// One cell: a component of a release.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Component id.
    pub component: &'static str,
    /// Short heading of its column.
    pub short: &'static str,
    /// The level shown (`C3`, `N/A`, `Unknown`).
    pub level: String,
    /// What the cell prints for it (`?` for Unknown).
    pub glyph: String,
    /// Its colour class.
    pub class: &'static str,
    /// 1–5, or 0 when not graded (N/A, Unknown): what filters and sorting compare.
    pub grade: u8,
    /// The licence, short, when the component has one.
    pub licence: Option<String>,
    /// The licence expression in full.
    pub licence_full: Option<String>,
    /// What the source wrote where a licence was expected, when it is not a licence.
    pub note: Option<String>,
    /// Who the level comes from.
    pub source: String,
    /// When the facts were last checked.
    pub date: Option<String>,
    /// Evidence links.
    pub evidence: Vec<String>,
    /// Why the level is what it is.
    pub reason: String,
    /// Why the recorded and computed levels differ, when they do.
    pub differs: Option<String>,
}

fn licence_of(catalogue: &Catalogue, a: &Assessment<'_>, c: &ComponentAssessment) -> (Option<String>, Option<String>) {
    match &a.record.component(c.component).facts.licence {
        LicenceFact::Expression(e) => {
            let short: Vec<String> =
                c.grade.licence.iter().flat_map(|s| &s.terms).map(|t| short_licence(&catalogue.base, &t.id)).collect();
            let short = if short.is_empty() { e.clone() } else { short.join(" + ") };
            (Some(short), Some(e.clone()))
        }
        LicenceFact::NoLicence => (Some("no licence".to_owned()), Some("NONE".to_owned())),
        LicenceFact::NotStated => (None, None),
    }
}

/// The cell of one component.
pub fn cell(catalogue: &Catalogue, a: &Assessment<'_>, c: &ComponentAssessment) -> Cell {
    let r = a.record.component(c.component);
    let level = shown(c);
    let (licence, licence_full) = licence_of(catalogue, a, c);
    let note = match (&licence, &r.license_as_recorded) {
        (None, Some(s)) => Some(format!("{} wrote “{s}”, which is not a licence", source_name(a))),
        _ => None,
    };
    let source = match (&c.chosen_from, c.recorded == Some(level), c.computed) {
        (Some(from), true, _) => from.clone(),
        (Some(from), false, Some(_)) => format!("computed from the facts {from} observed"),
        (None, _, Some(_)) => "computed from the recorded facts".to_owned(),
        (None, true, None) => source_name(a),
        _ => "no source".to_owned(),
    };
    Cell {
        component: c.component.id(),
        short: short_label(c.component),
        level: level.to_string(),
        glyph: if level == Level::Unknown { "?".to_owned() } else { level.to_string() },
        class: class(level),
        grade: level.grade().unwrap_or(0),
        licence,
        licence_full,
        note,
        source,
        date: r.as_of.clone(),
        // A source may give several addresses in one entry, separated by spaces.
        evidence: r.evidence.iter().flat_map(|e| e.split_whitespace()).filter_map(web).collect(),
        reason: c.grade.reason.clone(),
        differs: c.disagreement.clone(),
    }
}

fn source_name(a: &Assessment<'_>) -> String {
    a.record.recorded_by.clone().unwrap_or_else(|| "the record".to_owned())
}

/// One release in a list.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Record id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Its page.
    pub href: String,
    /// Organisation.
    pub organisation: String,
    /// Release year.
    pub year: u16,
    /// Release month, `YYYY-MM`.
    pub release: String,
    /// Openness score, as a percentage, when ranked.
    pub score: Option<String>,
    /// What score sorting compares (−1 for unranked).
    pub score_sort: f64,
    /// Known components of twelve.
    pub known: usize,
    /// Too few known components to rank.
    pub sparse: bool,
    /// MOF class: 1–3, 0 unclassified.
    pub mof: u8,
    /// `base`, `instruct`, `chat` or `reasoning`, when recorded.
    pub variant: Option<String>,
    /// Licence ids of its components, for the licence filter.
    pub licences: Vec<String>,
    /// Lowercase text the search box matches.
    pub search: String,
    /// The twelve cells.
    pub cells: Vec<Cell>,
}

/// The row of one release.
pub fn row(catalogue: &Catalogue, a: &Assessment<'_>, an: &Analysis, links: &Links) -> Row {
    let r = a.record;
    let coverage = openness_catalogue::catalogue::Coverage::of(r);
    let (known, sparse) = (coverage.known, !coverage.ranked);
    let ranked = if sparse { None } else { an.score.overall };
    let licences: BTreeSet<String> =
        a.components.iter().flat_map(|c| c.grade.licence.iter().flat_map(|s| &s.terms)).map(|t| t.id.clone()).collect();
    let cells: Vec<Cell> = a.components.iter().map(|c| cell(catalogue, a, c)).collect();
    let search = format!(
        "{} {} {} {}",
        r.name,
        r.id,
        r.organisation.clone().unwrap_or_default(),
        licences.iter().cloned().collect::<Vec<_>>().join(" ")
    )
    .to_lowercase();
    Row {
        id: r.id.clone(),
        name: r.name.clone(),
        href: links.release(&r.id),
        organisation: r.organisation.clone().unwrap_or_default(),
        year: r.release.year,
        release: r.release.to_string(),
        score: ranked.map(numbers::percent),
        score_sort: ranked.unwrap_or(-1.0),
        known,
        sparse,
        mof: an.lenses.mof.class,
        variant: r.identity.variant.clone(),
        licences: licences.into_iter().collect(),
        search,
        cells,
    }
}

/// A choice in a filter.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// The value put in the URL.
    pub value: String,
    /// What the reader sees.
    pub label: String,
}

/// The index's filters.
#[derive(Debug, Clone, Serialize)]
pub struct Filters {
    /// Organisations.
    pub organisations: Vec<String>,
    /// Release years.
    pub years: Vec<u16>,
    /// Licences in use.
    pub licences: Vec<Choice>,
    /// MOF classes.
    pub mof: Vec<Choice>,
    /// Variants recorded (`base`, `instruct`, ...).
    pub variants: Vec<String>,
    /// Levels 1–5 for per-component conditions.
    pub grades: Vec<u8>,
}

/// The filters for these rows.
pub fn filters(rows: &[Row], catalogue: &Catalogue) -> Filters {
    let organisations: BTreeSet<String> =
        rows.iter().map(|r| r.organisation.clone()).filter(|o| !o.is_empty()).collect();
    let years: BTreeSet<u16> = rows.iter().map(|r| r.year).collect();
    let licences: BTreeSet<String> = rows.iter().flat_map(|r| r.licences.iter().cloned()).collect();
    Filters {
        organisations: organisations.into_iter().collect(),
        years: years.into_iter().collect(),
        licences: licences
            .into_iter()
            .map(|id| Choice { label: short_licence(&catalogue.base, &id), value: id })
            .collect(),
        mof: [
            (1, "Class I – Open Science"),
            (2, "Class II – Open Tooling"),
            (3, "Class III – Open Model"),
            (0, "Unclassified"),
        ]
        .into_iter()
        .map(|(v, l)| Choice { value: v.to_string(), label: l.to_owned() })
        .collect(),
        grades: (1..=5).collect(),
        variants: rows.iter().filter_map(|r| r.variant.clone()).collect::<BTreeSet<_>>().into_iter().collect(),
    }
}

/// A level in a legend.
#[derive(Debug, Clone, Serialize)]
pub struct LegendItem {
    /// Colour class.
    pub class: &'static str,
    /// What the swatch prints.
    pub glyph: &'static str,
    /// What it means.
    pub meaning: &'static str,
}

/// The legend of levels, most closed first.
pub fn legend() -> Vec<LegendItem> {
    vec![
        LegendItem { class: "l1", glyph: "1", meaning: "fully closed" },
        LegendItem { class: "l2", glyph: "2", meaning: "semi-open" },
        LegendItem { class: "l3", glyph: "3", meaning: "semi-open" },
        LegendItem { class: "l4", glyph: "4", meaning: "semi-open" },
        LegendItem { class: "l5", glyph: "5", meaning: "fully open" },
        LegendItem { class: "lna", glyph: "N/A", meaning: "stage absent" },
        LegendItem { class: "lunk", glyph: "?", meaning: "unknown" },
    ]
}

/// One permission of a licence.
#[derive(Debug, Clone, Serialize)]
pub struct PermissionView {
    /// The permission.
    pub title: &'static str,
    /// Granted or not.
    pub granted: bool,
    /// Why.
    pub reason: String,
}

/// A licence with its permissions.
#[derive(Debug, Clone, Serialize)]
pub struct LicenceView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Short name.
    pub short: String,
    /// Its page.
    pub href: String,
    /// Where its text is published.
    pub url: Option<String>,
    /// P1–P5.
    pub permissions: Vec<PermissionView>,
    /// Share-alike.
    pub share_alike: bool,
    /// OSI approved.
    pub osi_approved: bool,
    /// A remark on its grading.
    pub note: Option<String>,
    /// The documents its permissions were reviewed against, when reviewed.
    pub reviewed_against: Vec<SourceView>,
}

/// The view of a licence profile.
pub fn licence(base: &openness_core::LicenceBase, p: &LicenceProfile, links: &Links) -> LicenceView {
    LicenceView {
        id: p.id.clone(),
        name: p.name.clone(),
        short: short_licence(base, &p.id),
        href: links.licence(&p.id),
        url: p.url.as_deref().and_then(web),
        permissions: Permission::ALL
            .iter()
            .map(|perm| {
                let g = p.grant(*perm);
                PermissionView { title: perm.title(), granted: g.granted, reason: g.reason.clone() }
            })
            .collect(),
        share_alike: p.share_alike,
        osi_approved: p.osi_approved,
        note: p.note.clone(),
        reviewed_against: if p.reviewed { sources(&p.sources) } else { Vec::new() },
    }
}

/// A register item as the register page and release pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// `SS-R1`.
    pub id: String,
    /// `opportunity` or `risk`.
    pub kind: &'static str,
    /// Impact area.
    pub area: String,
    /// Horizons.
    pub horizons: String,
    /// Title.
    pub title: String,
    /// A paraphrase.
    pub paraphrase: String,
    /// Citations, linked when they are addresses.
    pub citations: Vec<Citation>,
    /// The conditions that make it apply, in words.
    pub when: Vec<String>,
    /// Components that unlock or raise it.
    pub components: Vec<&'static str>,
    /// Mitigations.
    pub mitigations: Vec<String>,
    /// Its anchor on the register page.
    pub href: String,
    /// Checked against the paper itself.
    pub verified: bool,
}

/// A citation: its text, and its address when it has one.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    /// As written.
    pub text: String,
    /// Its address.
    pub href: Option<String>,
}

fn words<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(|s| s.replace('-', " "))).unwrap_or_default()
}

/// The view of a register item.
pub fn item(i: &RegisterItem, links: &Links) -> ItemView {
    let conditions: Vec<&openness_core::register::Condition> = i.when_all.iter().chain(&i.when_any).collect();
    let mut when: Vec<String> = i.when_all.iter().map(ToString::to_string).collect();
    if !i.when_any.is_empty() {
        when.push(format!("any of {}", i.when_any.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")));
    }
    let components: BTreeSet<&'static str> = conditions.iter().map(|c| c.component.id()).collect();
    ItemView {
        id: i.id.clone(),
        kind: match i.kind {
            openness_core::register::ItemKind::Opportunity => "opportunity",
            openness_core::register::ItemKind::Risk => "risk",
        },
        area: words(&i.area),
        horizons: i.horizons.iter().map(words).collect::<Vec<_>>().join(", "),
        title: i.title.clone(),
        paraphrase: i.paraphrase.clone(),
        citations: i
            .citations
            .iter()
            .map(|c| Citation {
                text: c.clone(),
                href: c.split_whitespace().find_map(|w| web(w.trim_matches(|ch| matches!(ch, '(' | ')' | ',' | ';')))),
            })
            .collect(),
        when,
        components: components.into_iter().collect(),
        mitigations: i.mitigations.clone(),
        href: links.register(Some(&i.id)),
        verified: i.verified,
    }
}

/// The ids of register items by id, for look-ups from profiles.
pub fn items_by_id(register: &[RegisterItem]) -> BTreeMap<&str, &RegisterItem> {
    register.iter().map(|i| (i.id.as_str(), i)).collect()
}

/// Whether text on a level's colour is dark: the lighter Figure 2 colours (levels 2–4 and
/// Unknown) give white text less than 4.5:1 contrast.
pub fn dark_text(level: Level) -> bool {
    matches!(class(level), "l2" | "l3" | "l4" | "lunk")
}

/// A document a reading rests on: its title, date and address.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// Title.
    pub title: String,
    /// Date.
    pub date: String,
    /// Address, when a web address.
    pub href: Option<String>,
}

/// The views of documents.
pub fn sources(sources: &[openness_core::Source]) -> Vec<SourceView> {
    sources
        .iter()
        .map(|s| SourceView { title: s.title.clone(), date: s.date.clone(), href: s.url.as_deref().and_then(web) })
        .collect()
}
