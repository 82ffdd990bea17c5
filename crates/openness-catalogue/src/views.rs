//! The JSON shapes of the catalogue's answers and the rows of its CSV, shared by the CLI, the
//! report and the service (a public contract: see the README).

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::record::Links;
use crate::{Assessment, Catalogue, ComponentAssessment, Record};
use openness_core::{
    Availability, Component, Kind, Level, LicenceBase, LicenceProfile, MatchedBy, Permission, Permissions, Resolution,
    Rubric, Stage,
};
use serde::Serialize;

/// One component in `models`.
#[derive(Debug, Serialize)]
pub struct CellView {
    /// The answer: computed from the facts (or recorded, under `--levels-from recorded`).
    pub level: Level,
    /// The rubric's level, or null.
    pub computed: Option<Level>,
    /// The source's level, or null.
    pub recorded: Option<Level>,
    /// How it is available.
    pub availability: Availability,
    /// The licence expression, or null.
    pub license: Option<String>,
    /// The licence string as the source wrote it.
    pub license_as_recorded: Option<String>,
    /// Licence points, where a licence decided.
    pub points: Option<u8>,
    /// Why recorded and computed differ.
    pub disagreement: Option<String>,
    /// The source of the facts shown, or null.
    pub chosen_from: Option<String>,
    /// Every observation, by every source, each graded on its own facts.
    pub observations: Vec<crate::ObservationAssessment>,
}

fn licence_text(record: &Record, c: Component) -> Option<String> {
    match &record.component(c).facts.licence {
        openness_core::LicenceFact::Expression(e) => Some(e.clone()),
        openness_core::LicenceFact::NoLicence => Some("NONE".to_owned()),
        openness_core::LicenceFact::NotStated => None,
    }
}

impl CellView {
    fn new(record: &Record, a: &ComponentAssessment) -> CellView {
        let cr = record.component(a.component);
        CellView {
            level: a.level,
            computed: a.computed,
            recorded: a.recorded,
            availability: cr.facts.availability,
            license: licence_text(record, a.component),
            license_as_recorded: cr.license_as_recorded.clone(),
            points: a.grade.points,
            disagreement: a.disagreement.clone(),
            chosen_from: a.chosen_from.clone(),
            observations: a.observations.clone(),
        }
    }
}

/// One release in `models`.
#[derive(Debug, Serialize)]
pub struct ModelView<'a> {
    /// Id.
    pub id: &'a str,
    /// Name, as the source spells it.
    pub name: &'a str,
    /// Organisation.
    pub organisation: Option<&'a str>,
    /// `YYYY-MM`.
    pub release: String,
    /// Links.
    pub links: &'a Links,
    /// Family, version, size, variant, derivation, aliases.
    pub identity: &'a crate::record::Identity,
    /// Mean grade of the graded components (N/A and Unknown excluded), 1–5.
    pub mean_grade: Option<f64>,
    /// Known components of twelve; a release with fewer than eight is listed, not ranked.
    pub coverage: crate::Coverage,
    /// Keyed by component id.
    pub components: BTreeMap<&'static str, CellView>,
}

/// The mean grade of the graded components, for sorting by openness.
pub fn mean_grade(levels: impl Iterator<Item = Level>) -> Option<f64> {
    let grades: Vec<f64> = levels.filter_map(|l| l.grade()).map(f64::from).collect();
    (!grades.is_empty()).then(|| (grades.iter().sum::<f64>() / grades.len() as f64 * 100.0).round() / 100.0)
}

impl<'a> ModelView<'a> {
    /// The view of one assessment.
    pub fn new(a: &'a Assessment<'a>) -> ModelView<'a> {
        let r = a.record;
        ModelView {
            id: &r.id,
            name: &r.name,
            organisation: r.organisation.as_deref(),
            release: r.release.to_string(),
            links: &r.links,
            identity: &r.identity,
            mean_grade: mean_grade(a.components.iter().map(|c| c.level)),
            coverage: crate::Coverage::of(r),
            components: a.components.iter().map(|c| (c.component.id(), CellView::new(r, c))).collect(),
        }
    }
}

/// A licence of an expression, with its permissions.
#[derive(Debug, Serialize)]
pub struct LicenceTermView<'a> {
    /// Id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Literal permissions.
    pub permissions: Permissions,
    /// One reason per permission.
    pub reasons: BTreeMap<&'static str, &'a str>,
    /// Points under the rubric in force.
    pub points: u8,
}

/// One component in `show`.
#[derive(Debug, Serialize)]
pub struct ComponentView<'a> {
    /// Stage.
    pub stage: Stage,
    /// Code or data.
    pub kind: Kind,
    /// The paper's column label.
    pub label: &'static str,
    /// As in `models`.
    #[serde(flatten)]
    pub cell: CellView,
    /// Permissions of the licence expression under the rubric, where a licence decided.
    pub permissions: Option<Permissions>,
    /// The licences of the expression.
    pub licences: Vec<LicenceTermView<'a>>,
    /// Why the computed level is what it is.
    pub reason: String,
    /// Warnings about the facts.
    pub warnings: Vec<String>,
    /// Parts and their levels.
    pub parts: Vec<openness_core::grade::PartGrade>,
    /// Evidence URLs.
    pub evidence: &'a [String],
    /// When last checked.
    pub as_of: Option<&'a str>,
    /// A remark.
    pub note: Option<&'a str>,
}

/// `show`'s answer.
#[derive(Debug, Serialize)]
pub struct ShowView<'a> {
    /// Id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Organisation.
    pub organisation: Option<&'a str>,
    /// `YYYY-MM`.
    pub release: String,
    /// Links.
    pub links: &'a Links,
    /// Whose levels `recorded` holds.
    pub recorded_by: Option<&'a str>,
    /// A remark on the record.
    pub note: Option<&'a str>,
    /// The rubric in force.
    pub rubric: Rubric,
    /// Family, version, size, variant, derivation, aliases.
    pub identity: &'a crate::record::Identity,
    /// Mean grade of the graded components.
    pub mean_grade: Option<f64>,
    /// Known components of twelve.
    pub coverage: crate::Coverage,
    /// Keyed by component id.
    pub components: BTreeMap<&'static str, ComponentView<'a>>,
    /// Score, profile (opportunities and risks), recommendations and lenses.
    #[serde(flatten)]
    pub analysis: Option<crate::analysis::Analysis>,
}

/// The permissions and reasons of a profile.
pub fn term_view<'a>(p: &'a LicenceProfile, rubric: Rubric) -> LicenceTermView<'a> {
    LicenceTermView {
        id: &p.id,
        name: &p.name,
        permissions: p.permissions(),
        reasons: Permission::ALL.into_iter().map(|perm| (perm.key(), p.grant(perm).reason.as_str())).collect(),
        points: p.effective(rubric).points(),
    }
}

impl<'a> ShowView<'a> {
    /// The view of one assessment.
    pub fn new(catalogue: &'a Catalogue, a: &'a Assessment<'a>, rubric: Rubric) -> ShowView<'a> {
        let r = a.record;
        let components = a
            .components
            .iter()
            .map(|c| {
                let cr = r.component(c.component);
                let licences = c
                    .grade
                    .licence
                    .iter()
                    .flat_map(|s| &s.terms)
                    .filter_map(|t| catalogue.base.get(&t.id))
                    .map(|p| term_view(p, rubric))
                    .collect();
                let view = ComponentView {
                    stage: c.component.stage(),
                    kind: c.component.kind(),
                    label: c.component.label(),
                    cell: CellView::new(r, c),
                    permissions: c.grade.licence.as_ref().map(|s| s.permissions),
                    licences,
                    reason: c.grade.reason.clone(),
                    warnings: c.grade.warnings.clone(),
                    parts: c.grade.parts.clone(),
                    evidence: &cr.evidence,
                    as_of: cr.as_of.as_deref(),
                    note: cr.note.as_deref(),
                };
                (c.component.id(), view)
            })
            .collect();
        ShowView {
            id: &r.id,
            name: &r.name,
            organisation: r.organisation.as_deref(),
            release: r.release.to_string(),
            links: &r.links,
            recorded_by: r.recorded_by.as_deref(),
            note: r.note.as_deref(),
            rubric,
            identity: &r.identity,
            mean_grade: mean_grade(a.components.iter().map(|c| c.level)),
            coverage: crate::Coverage::of(r),
            components,
            analysis: None,
        }
    }
}

/// `license show`'s answer.
#[derive(Debug, Serialize)]
pub struct LicenceView<'a> {
    /// Id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// How the name given was matched.
    pub matched_by: openness_core::MatchedBy,
    /// Aliases.
    pub aliases: &'a [String],
    /// Where the text is.
    pub url: Option<&'a str>,
    /// Points under the rubric in force.
    pub points: u8,
    /// Literal permissions.
    pub permissions: Permissions,
    /// One reason per permission.
    pub reasons: BTreeMap<&'static str, &'a str>,
    /// Whether share-alike counts for P5 under the rubric in force.
    pub p5_met_by_share_alike: bool,
    /// The level the licence gives a released code component.
    pub code_level: Level,
    /// The level the licence gives a released data component.
    pub data_level: Level,
    /// Flags.
    pub share_alike: bool,
    /// OSI approved.
    pub osi_approved: bool,
    /// FSF free/libre.
    pub fsf_libre: bool,
    /// Deprecated on the SPDX list.
    pub deprecated: bool,
    /// The current SPDX id that replaces a deprecated one, where it is a single id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<&'static str>,
    /// Permissions derived from SPDX flags rather than reviewed one by one.
    pub derived: bool,
    /// What the licence is written for.
    pub scope: &'a [openness_core::Scope],
    /// The rubric in force.
    pub rubric: Rubric,
    /// A remark on the grading.
    pub note: Option<&'a str>,
    /// Whether the permissions were reviewed against the documents in `sources`.
    pub reviewed: bool,
    /// The documents the profile was read from, with their dates.
    pub sources: &'a [openness_core::Source],
}

impl<'a> LicenceView<'a> {
    /// The view of one profile.
    pub fn new(p: &'a LicenceProfile, matched_by: openness_core::MatchedBy, rubric: Rubric) -> LicenceView<'a> {
        let points = p.effective(rubric).points();
        LicenceView {
            id: &p.id,
            name: &p.name,
            matched_by,
            aliases: &p.aliases,
            url: p.url.as_deref(),
            points,
            permissions: p.permissions(),
            reasons: Permission::ALL.into_iter().map(|perm| (perm.key(), p.grant(perm).reason.as_str())).collect(),
            p5_met_by_share_alike: !p.permissions().has(Permission::RelicenseDerivatives)
                && p.effective(rubric).has(Permission::RelicenseDerivatives),
            code_level: rubric.level_for_points(Kind::Code, points),
            data_level: rubric.level_for_points(Kind::Data, points),
            share_alike: p.share_alike,
            osi_approved: p.osi_approved,
            fsf_libre: p.fsf_libre,
            deprecated: p.deprecated,
            replaced_by: openness_core::current_spdx_id(&p.id),
            derived: p.derived,
            scope: &p.scope,
            rubric,
            reviewed: p.reviewed,
            sources: &p.sources,
            note: p.note.as_deref(),
        }
    }
}

/// The flat table of releases (CSV): identity columns, then one level per component id.
pub fn model_rows(assessments: &[Assessment<'_>]) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut header = vec!["id", "name", "organisation", "release"];
    header.extend(Component::ALL.iter().map(|c| c.id()));
    let rows = assessments
        .iter()
        .map(|a| {
            let mut row = vec![
                a.record.id.clone(),
                a.record.name.clone(),
                a.record.organisation.clone().unwrap_or_default(),
                a.record.release.to_string(),
            ];
            row.extend(a.components.iter().map(|c| c.level.to_string()));
            row
        })
        .collect();
    (header, rows)
}

/// `license resolve`'s answer.
#[derive(Debug, Serialize)]
pub struct ResolveView<'a> {
    /// The licence id (or canonical expression), or null.
    pub id: Option<String>,
    /// How it was matched: id, normalised-id, alias, expression, spdx-exception, not-a-licence, unprofiled; null when unknown.
    pub matched_by: Option<&'static str>,
    /// The licence's name.
    pub name: Option<&'a str>,
    /// What a non-licence string is.
    pub note: Option<&'a str>,
    /// What a non-licence string points at.
    pub suggests: Option<&'a str>,
    /// The nearest ids, when nothing matched.
    pub candidates: Vec<&'a str>,
}

impl<'a> ResolveView<'a> {
    /// What `text` denotes in `base`.
    pub fn new(base: &'a LicenceBase, text: &str) -> ResolveView<'a> {
        let matched = |m: MatchedBy| match m {
            MatchedBy::Id => "id",
            MatchedBy::NormalisedId => "normalised-id",
            MatchedBy::Alias => "alias",
        };
        let empty =
            ResolveView { id: None, matched_by: None, name: None, note: None, suggests: None, candidates: Vec::new() };
        match base.resolve(text) {
            Resolution::Licence(p, m) => {
                ResolveView { id: Some(p.id.clone()), matched_by: Some(matched(m)), name: Some(&p.name), ..empty }
            }
            Resolution::NotALicence(n) => ResolveView {
                matched_by: Some(if n.unprofiled { "unprofiled" } else { "not-a-licence" }),
                note: Some(&n.note),
                suggests: n.suggests.as_deref(),
                ..empty
            },
            Resolution::Unknown(nearest) => match (spdx::exception_id(text.trim()), base.canonical_expression(text)) {
                (Some(e), _) => {
                    ResolveView { id: Some(e.name.to_owned()), matched_by: Some("spdx-exception"), ..empty }
                }
                (None, Some(expr)) => ResolveView { id: Some(expr), matched_by: Some("expression"), ..empty },
                (None, None) => ResolveView { candidates: nearest, ..empty },
            },
        }
    }
}

/// A CSV field that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab or
/// carriage return first) gets a leading `'`, as OWASP advises; other fields are unchanged.
/// Level names and dates never start so (`-` alone, an empty value, stays as it is).
pub fn csv_field(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if text != "-" => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// Writes rows as CSV to a string.
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> Result<String, String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(|e| e.to_string())?;
    for row in rows {
        w.write_record(row.iter().map(|f| csv_field(f).into_owned())).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}
