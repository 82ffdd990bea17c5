//! The record format (`data/models/<id>.yaml`): one release, the facts of its twelve
//! components, and the level a source recorded for each. Reading and validating it.

use std::collections::BTreeMap;
use std::sync::Arc;

use openness_core::{
    Availability, Component, ComponentFacts, ExpressionError, Kind, Level, LicenceBase, LicenceFact, PartFacts,
    Resolution, Rubric,
};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Severity, SourceFile};
use crate::yaml::{OrderedMap, parse, place_of};

/// Links about a release.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Links {
    /// The paper or technical report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<String>,
    /// The release announcement or home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    /// The source repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// Where the weights are downloaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<String>,
    /// The model card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_card: Option<String>,
    /// The data card or datasheet of the training data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_card: Option<String>,
    /// The technical report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technical_report: Option<String>,
    /// Published evaluation results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation_results: Option<String>,
    /// Intermediate checkpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intermediate_checkpoints: Option<String>,
    /// Data preprocessing code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_preprocessing_code: Option<String>,
    /// Training logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_logs: Option<String>,
}

/// One part of a component, as written in a record file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PartEntry {
    /// What the part is.
    pub name: String,
    /// How it is available.
    pub availability: Spanned<String>,
    /// Its licence expression, `NONE` or `NOASSERTION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<Spanned<String>>,
}

/// One component, as written in a record file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentEntry {
    /// `closed`, `api`, `gated`, `open`, `not-applicable` or `unknown`.
    pub availability: Spanned<String>,
    /// SPDX expression over the licence base, `NONE` (no licence) or `NOASSERTION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<Spanned<String>>,
    /// The licence string exactly as the source of `recorded` wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_as_recorded: Option<String>,
    /// The level the source named in `recorded_by` gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded: Option<Spanned<String>>,
    /// URLs that support the facts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// When the facts were last checked (`YYYY-MM` or `YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// A remark for readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Parts with their own terms; the most restrictive decides.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartEntry>,
}

impl ComponentEntry {
    /// An entry that records nothing is known: what importers write for components their source does not cover.
    pub fn unknown() -> Self {
        ComponentEntry {
            availability: crate::yaml::unspanned("unknown".to_owned()),
            license: None,
            license_as_recorded: None,
            recorded: None,
            evidence: Vec::new(),
            as_of: None,
            note: None,
            parts: Vec::new(),
        }
    }
}

/// A record file as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RecordFile {
    /// Stable id: lowercase letters, digits, `.`, `+` and `-`; the file is named `<id>.yaml`.
    pub id: Spanned<String>,
    /// Name as the source spells it.
    pub name: String,
    /// Who released it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Release month, `YYYY-MM`.
    pub release: Spanned<String>,
    /// Links.
    #[serde(default)]
    pub links: Links,
    /// Whose levels the `recorded` fields hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_by: Option<String>,
    /// A remark on the record as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Total parameters, as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<u64>,
    /// Parameters active per token (mixture of experts), as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_parameters: Option<u64>,
    /// Training tokens, as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_tokens: Option<u64>,
    /// Training compute in FLOPs, when the developer published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_flops: Option<f64>,
    /// The record id of the model this release modifies (fine-tune, distillation, merge).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<Spanned<String>>,
    /// The facts the EU AI Act's GPAI rules read.
    #[serde(default, skip_serializing_if = "EuAiActEntry::is_empty")]
    pub eu_ai_act: EuAiActEntry,
    /// The twelve components, keyed by id.
    pub components: Spanned<OrderedMap<ComponentEntry>>,
}

/// The facts the EU AI Act's rules for general-purpose AI models read, as written in a record
/// file. Each is optional: an absent fact leaves the reading that needs it undecided.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EuAiActEntry {
    /// What the model generates: `text`, `code`, `speech`, `image`, `video`, `audio`, `other`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub generates: Vec<Spanned<String>>,
    /// The day the release was placed on the market, `YYYY-MM-DD` (default: the release month).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placed_on_market: Option<Spanned<String>>,
    /// Whether the release is monetised: a price, or use tied to a paid service or to personal data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monetised: Option<bool>,
    /// Whether the provider publishes a copyright policy (Art. 53(1)(c)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copyright_policy_published: Option<bool>,
    /// Whether the provider publishes the summary of training content (Art. 53(1)(d)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_content_summary_published: Option<bool>,
    /// For a derivative: the modification's compute in FLOPs, when published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modification_flops: Option<f64>,
    /// For a derivative: the tokens the modification trained on, when published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modification_tokens: Option<u64>,
}

impl EuAiActEntry {
    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.generates.is_empty()
            && self.placed_on_market.is_none()
            && self.monetised.is_none()
            && self.copyright_policy_published.is_none()
            && self.training_content_summary_published.is_none()
            && self.modification_flops.is_none()
            && self.modification_tokens.is_none()
    }
}

/// A release month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
}

impl std::fmt::Display for Release {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Release {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Release {
    /// Reads `YYYY-MM`.
    pub fn parse(s: &str) -> Option<Release> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: u16 = y.parse().ok()?;
        let month: u8 = m.parse().ok()?;
        (1..=12).contains(&month).then_some(Release { year, month })
    }
}

/// One validated component of a record.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentRecord {
    /// Which component.
    pub component: Component,
    /// Its facts.
    pub facts: ComponentFacts,
    /// The level the record's source gave, if any.
    pub recorded: Option<Level>,
    /// The licence string as the source wrote it.
    pub license_as_recorded: Option<String>,
    /// Evidence URLs.
    pub evidence: Vec<String>,
    /// When last checked.
    pub as_of: Option<String>,
    /// A remark.
    pub note: Option<String>,
}

/// A validated release record.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Organisation.
    pub organisation: Option<String>,
    /// Release month.
    pub release: Release,
    /// Links.
    pub links: Links,
    /// Whose levels `recorded` holds.
    pub recorded_by: Option<String>,
    /// A remark on the record.
    pub note: Option<String>,
    /// Published scale: parameters, tokens, compute.
    pub scale: openness_core::lenses::Scale,
    /// The record id of the model this release modifies.
    pub derived_from: Option<String>,
    /// The GPAI facts (a derivative's base scale is filled in by the catalogue).
    pub gpai: openness_core::lenses::GpaiFacts,
    /// The twelve components in [`Component::ALL`] order.
    pub components: [ComponentRecord; 12],
    /// The file it was read from.
    pub file: String,
}

impl Record {
    /// The record of one component.
    pub fn component(&self, c: Component) -> &ComponentRecord {
        &self.components[c as usize]
    }
}

/// Turns a model name into a valid record id: lowercase, runs of other characters become one `-`
/// (`Meta-Llama-3 8B` → `meta-llama-3-8b`); a name with nothing usable gives `model`.
pub fn id_from_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '+' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_matches(|c| matches!(c, '-' | '.' | '+')).to_owned();
    if out.is_empty() { "model".to_owned() } else { out }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '+' | '-'))
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}

fn parse_availability(
    value: &Spanned<String>,
    source: &Arc<SourceFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Availability> {
    match value.value.parse::<Availability>() {
        Ok(a) => Some(a),
        Err(message) => {
            let nearest = Availability::ALL
                .into_iter()
                .max_by(|a, b| {
                    strsim::jaro_winkler(&value.value, a.keyword())
                        .total_cmp(&strsim::jaro_winkler(&value.value, b.keyword()))
                })
                .unwrap_or(Availability::Unknown);
            diagnostics.push(
                Diagnostic::new("E120", Severity::Error, message, source, place_of(source, &value.referenced))
                    .with_help(format!("did you mean `{nearest}`? availability is one of closed, api, gated, open, not-applicable, unknown")),
            );
            None
        }
    }
}

fn check_licence(
    value: &Spanned<String>,
    availability: Availability,
    base: &LicenceBase,
    source: &Arc<SourceFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> LicenceFact {
    let fact = LicenceFact::from_field(Some(&value.value));
    let place = place_of(source, &value.referenced);
    if let LicenceFact::Expression(expr) = &fact
        && let Err(err) = base.score(expr, Rubric::default())
    {
        let help = match (&err, base.resolve(expr)) {
                (_, Resolution::Licence(p, _)) => format!("write the licence's id: `{}`", p.id),
                (_, Resolution::NotALicence(n)) => match &n.suggests {
                    Some(s) => format!("`{}` is not a licence ({}); it points at `{s}`: write that, and keep the string in `license_as_recorded`", n.text, n.note),
                    None => format!("`{}` is not a licence ({}): keep it in `license_as_recorded` and write `NOASSERTION`", n.text, n.note),
                },
                (ExpressionError::UnknownLicence { nearest, .. }, _) if !nearest.is_empty() => {
                    format!("the nearest known ids are {}; `openness license show <id>` explains one", nearest.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))
                }
                _ => "write an SPDX expression over the licence base, `NONE` (released without a licence) or `NOASSERTION` (not known)".to_owned(),
            };
        diagnostics.push(Diagnostic::new("E130", Severity::Error, err.to_string(), source, place).with_help(help));
        return LicenceFact::NotStated;
    }
    if !availability.is_downloadable() && fact != LicenceFact::NotStated {
        diagnostics.push(
            Diagnostic::new(
                "W131",
                Severity::Warning,
                format!("a licence is given for a component that is `{availability}`"),
                source,
                place,
            )
            .with_help(
                "a licence only grades components that are `open` or `gated`; remove it or fix the availability",
            ),
        );
    }
    if fact == LicenceFact::NoLicence && availability.is_downloadable() {
        diagnostics.push(
            Diagnostic::new(
                "W140",
                Severity::Warning,
                "released without a licence: every right is reserved",
                source,
                place,
            )
            .with_help("this grades as 0 points; if a licence exists, write its id"),
        );
    }
    fact
}

/// Which levels are consistent with an availability, or why not.
fn recorded_conflict(kind: Kind, availability: Availability, level: Level) -> Option<String> {
    let grade = level.grade();
    let problem = match availability {
        Availability::Closed if grade.is_some_and(|g| g > 1) => "a `closed` component is level 1",
        Availability::NotApplicable if level != Level::NotApplicable => "a `not-applicable` component is `N/A`",
        Availability::Api if kind == Kind::Data && grade.is_some_and(|g| g > 2) => {
            "a data component available only through an API is D2"
        }
        Availability::Open | Availability::Gated if grade == Some(1) => "a released component is above level 1",
        Availability::Open | Availability::Gated if kind == Kind::Data && grade == Some(2) => {
            "D2 means API access only, not a download"
        }
        _ if availability != Availability::NotApplicable && level == Level::NotApplicable => {
            "`N/A` needs availability `not-applicable`"
        }
        _ => return None,
    };
    Some(problem.to_owned())
}

/// Reads and validates one record file. Diagnostics of every severity are appended; the record
/// is returned when there is no error.
pub fn load_record(source: &Arc<SourceFile>, base: &LicenceBase, diagnostics: &mut Vec<Diagnostic>) -> Option<Record> {
    let file: RecordFile = match parse(source) {
        Ok(f) => f,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let errors_before = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();

    let id_place = place_of(source, &file.id.referenced);
    if !valid_id(&file.id.value) {
        diagnostics.push(
            Diagnostic::new(
                "E101",
                Severity::Error,
                format!("`{}` is not a valid record id", file.id.value),
                source,
                id_place,
            )
            .with_help("use lowercase letters, digits, `.`, `+` and `-`, starting with a letter or digit"),
        );
    }
    let stem = std::path::Path::new(&source.name).file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if !stem.is_empty() && stem != file.id.value {
        diagnostics.push(
            Diagnostic::new(
                "E102",
                Severity::Error,
                format!("the id `{}` does not match the file name `{stem}`", file.id.value),
                source,
                id_place,
            )
            .with_help(format!("rename the file to `{}.yaml` or change the id to `{stem}`", file.id.value)),
        );
    }
    let release = Release::parse(&file.release.value);
    if release.is_none() {
        diagnostics.push(
            Diagnostic::new(
                "E104",
                Severity::Error,
                format!("`{}` is not a release month", file.release.value),
                source,
                place_of(source, &file.release.referenced),
            )
            .with_help("write the year and month as `YYYY-MM`, e.g. `2023-07`"),
        );
    }

    let mut seen: BTreeMap<Component, ComponentRecord> = BTreeMap::new();
    for (key, entry) in &file.components.value.0 {
        let key_place = place_of(source, &key.referenced);
        let Some(component) = Component::ALL.into_iter().find(|c| c.id() == key.value) else {
            let nearest = Component::nearest(&key.value);
            diagnostics.push(
                Diagnostic::new(
                    "E110",
                    Severity::Error,
                    format!("`{}` is not a component id", key.value),
                    source,
                    key_place,
                )
                .with_help(format!("did you mean `{nearest}`? `openness --help` lists the twelve ids")),
            );
            continue;
        };
        let kind = component.kind();
        let availability = parse_availability(&entry.availability, source, diagnostics);
        let licence = match (&entry.license, availability) {
            (Some(l), Some(a)) => check_licence(l, a, base, source, diagnostics),
            _ => LicenceFact::NotStated,
        };
        let mut parts = Vec::new();
        for part in &entry.parts {
            let Some(pa) = parse_availability(&part.availability, source, diagnostics) else {
                continue;
            };
            let pl = match &part.license {
                Some(l) => check_licence(l, pa, base, source, diagnostics),
                None => LicenceFact::NotStated,
            };
            parts.push(PartFacts { name: part.name.clone(), availability: pa, licence: pl });
        }
        let recorded = entry.recorded.as_ref().and_then(|r| {
            let place = place_of(source, &r.referenced);
            match r.value.parse::<Level>() {
                Err(e) => {
                    diagnostics.push(
                        Diagnostic::new("E121", Severity::Error, e.to_string(), source, place)
                            .with_help(format!("a {kind} component takes {}", level_names(kind))),
                    );
                    None
                }
                Ok(level) if level.kind().is_some_and(|k| k != kind) => {
                    diagnostics.push(
                        Diagnostic::new(
                            "E122",
                            Severity::Error,
                            format!(
                                "{level} is a {} level, but `{component}` is a {kind} component",
                                level.kind().map_or("", |k| k.id())
                            ),
                            source,
                            place,
                        )
                        .with_help(format!("a {kind} component takes {}", level_names(kind))),
                    );
                    None
                }
                Ok(level) => {
                    if let Some(problem) = availability.and_then(|a| recorded_conflict(kind, a, level)) {
                        diagnostics.push(
                            Diagnostic::new(
                                "E123",
                                Severity::Error,
                                format!(
                                    "{level} is impossible for availability `{}`: {problem}",
                                    entry.availability.value
                                ),
                                source,
                                place,
                            )
                            .with_help("fix the availability or the recorded level so that they agree"),
                        );
                        return None;
                    }
                    Some(level)
                }
            }
        });
        if availability.is_some_and(Availability::is_downloadable) && entry.evidence.is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    "W141",
                    Severity::Warning,
                    format!("`{component}` is released but cites no evidence"),
                    source,
                    key_place,
                )
                .with_help("add `evidence:` with the URL of the release or of its licence"),
            );
        }
        seen.insert(
            component,
            ComponentRecord {
                component,
                facts: ComponentFacts { availability: availability.unwrap_or(Availability::Unknown), licence, parts },
                recorded,
                license_as_recorded: entry.license_as_recorded.clone(),
                evidence: entry.evidence.clone(),
                as_of: entry.as_of.clone(),
                note: entry.note.clone(),
            },
        );
    }
    let missing: Vec<&str> = Component::ALL.iter().filter(|c| !seen.contains_key(c)).map(|c| c.id()).collect();
    if !missing.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                "E111",
                Severity::Error,
                format!("missing component(s): {}", missing.join(", ")),
                source,
                key_line(source, "components:").or_else(|| place_of(source, &file.components.referenced)),
            )
            .with_help(
                "every record lists all twelve components; write `availability: unknown` where nothing is known",
            ),
        );
    }

    let gpai = gpai_facts(&file, release, source, diagnostics);
    let errors_after = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    if errors_after > errors_before {
        return None;
    }
    let [a, b, c, d, e, f, g, h, i, j, k, l] = Component::ALL.map(|c| seen.remove(&c));
    let components = [a?, b?, c?, d?, e?, f?, g?, h?, i?, j?, k?, l?];
    Some(Record {
        id: file.id.value,
        name: file.name,
        organisation: file.organisation,
        release: release?,
        links: file.links,
        recorded_by: file.recorded_by,
        note: file.note,
        scale: openness_core::lenses::Scale {
            parameters: file.parameters,
            active_parameters: file.active_parameters,
            training_tokens: file.training_tokens,
            training_flops: file.training_flops,
        },
        derived_from: file.derived_from.map(|d| d.value),
        gpai,
        components,
        file: source.name.clone(),
    })
}

/// The EU AI Act facts of a record file, validated.
fn gpai_facts(
    file: &RecordFile,
    release: Option<Release>,
    source: &Arc<SourceFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> openness_core::lenses::GpaiFacts {
    use openness_core::lenses::{Derivative, GpaiFacts, MarketDate, Output};
    let e = &file.eu_ai_act;
    let mut generates = Vec::new();
    for g in &e.generates {
        match g.value.parse::<Output>() {
            Ok(o) => generates.push(o),
            Err(message) => diagnostics.push(
                Diagnostic::new("E150", Severity::Error, message, source, place_of(source, &g.referenced)).with_help(
                    "`generates` lists what the model outputs: text, code, speech, image, video, audio or other",
                ),
            ),
        }
    }
    let placed = match &e.placed_on_market {
        Some(p) => {
            let day = parse_day(&p.value);
            if day.is_none() {
                diagnostics.push(
                    Diagnostic::new(
                        "E151",
                        Severity::Error,
                        format!("`{}` is not a date", p.value),
                        source,
                        place_of(source, &p.referenced),
                    )
                    .with_help("write the day the release was placed on the market as `YYYY-MM-DD`, e.g. `2025-09-15`"),
                );
            }
            day
        }
        None => release.map(|r| MarketDate { year: r.year, month: r.month, day: None }),
    };
    let derived = file.derived_from.as_ref().map(|d| d.value.clone());
    if derived.is_none() && (e.modification_flops.is_some() || e.modification_tokens.is_some()) {
        diagnostics.push(
            Diagnostic::new(
                "W152",
                Severity::Warning,
                "a modification's compute is given, but the record names no base model",
                source,
                key_line(source, "eu_ai_act:"),
            )
            .with_help(
                "add `derived_from: <id of the base record>`, or remove `modification_flops`/`modification_tokens`",
            ),
        );
    }
    GpaiFacts {
        generates,
        monetised: e.monetised,
        copyright_policy_published: e.copyright_policy_published,
        training_content_summary_published: e.training_content_summary_published,
        placed_on_market: placed,
        derivative: derived.map(|base| Derivative {
            base,
            base_scale: None,
            modification_flops: e.modification_flops,
            modification_tokens: e.modification_tokens,
        }),
    }
}

/// Reads `YYYY-MM-DD`, checking the day exists in the month.
fn parse_day(s: &str) -> Option<openness_core::lenses::MarketDate> {
    let mut it = s.trim().splitn(3, '-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (year, month, day): (u16, u8, u8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some(openness_core::lenses::MarketDate { year, month, day: Some(day) })
}

/// The place of the first line that starts with `key` (a top-level key).
fn key_line(source: &SourceFile, key: &str) -> Option<crate::diagnostic::Place> {
    let index = source.text.lines().position(|l| l.starts_with(key))?;
    Some(crate::diagnostic::Place::at(&source.text, index + 1, 1))
}

fn level_names(kind: Kind) -> String {
    let names: Vec<String> = Level::all_for(kind).map(|l| l.to_string()).collect();
    names.join(", ")
}

#[cfg(test)]
mod id_tests {
    use super::{id_from_name, valid_id};

    #[test]
    fn names_become_valid_ids() {
        for (name, id) in [
            ("Meta-Llama-3-8B-Instruct", "meta-llama-3-8b-instruct"),
            ("  ", "model"),
            ("a b/c", "a-b-c"),
            ("Qwen2.5 (72B)", "qwen2.5-72b"),
            (".hidden+", "hidden"),
            ("Ünïcode", "n-code"),
        ] {
            assert_eq!(id_from_name(name), id);
            assert!(valid_id(&id_from_name(name)), "{name}");
        }
    }
}
