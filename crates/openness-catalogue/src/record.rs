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
use crate::sources::{SourceKind, Sources};
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

/// One component, as written in a record file: its own fields are one observation (by
/// `source`, else the record's `source`, as of `as_of`); `observations` lists more.
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
    /// The date the source stated the facts (`YYYY-MM-DD` or `YYYY-MM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Spanned<String>>,
    /// The id of the source (in `sources.yaml`) of these facts; default: the record's `source`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Spanned<String>>,
    /// A remark for readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Parts with their own terms; the most restrictive decides.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartEntry>,
    /// Further observations of this component, by other sources or as of other dates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<ObservationEntry>,
}

/// One observation of a component, as written in a record file: what `source` stated as of
/// `as_of`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ObservationEntry {
    /// The id of the source, declared in `sources.yaml`.
    pub source: Spanned<String>,
    /// The date the source stated it (`YYYY-MM-DD` or `YYYY-MM`).
    pub as_of: Spanned<String>,
    /// `closed`, `api`, `gated`, `open`, `not-applicable` or `unknown`.
    pub availability: Spanned<String>,
    /// SPDX expression over the licence base, `NONE` or `NOASSERTION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<Spanned<String>>,
    /// The licence string exactly as the source wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_as_recorded: Option<String>,
    /// Parts with their own terms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartEntry>,
    /// The level the source gave, if it grades in the paper's levels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded: Option<Spanned<String>>,
    /// URLs that support the facts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// A remark (a tracker's own grade goes here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
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
            source: None,
            note: None,
            parts: Vec::new(),
            observations: Vec::new(),
        }
    }

    /// An entry with one observation: `availability` (and nothing else yet) stated by `source`
    /// as of `as_of`.
    pub fn observed(availability: &str, source: &str, as_of: &str) -> Self {
        ComponentEntry {
            availability: crate::yaml::unspanned(availability.to_owned()),
            as_of: Some(crate::yaml::unspanned(as_of.to_owned())),
            source: Some(crate::yaml::unspanned(source.to_owned())),
            ..ComponentEntry::unknown()
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
    /// The family the release belongs to (`llama-3.1`), as a record-id-like name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// The version within the family (`3.1`, `v0.3`, `2407`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The size as the developer names it (`8B`, `8x7B`, `A3B-30B`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// `base`, `instruct`, `chat` or `reasoning`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<Spanned<String>>,
    /// The releases this one was made from (fine-tune, distillation, quantisation...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived_from: Vec<DerivedFrom>,
    /// Other names of the release: the names other trackers write, Hugging Face repository ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The default source (an id of `data/sources/`) of the components' own facts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Spanned<String>>,
    /// The default date of the components' own facts (`YYYY-MM-DD` or `YYYY-MM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Spanned<String>>,
    /// Whose levels the `recorded` fields hold, in words.
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
    /// The facts the EU AI Act's GPAI rules read (a derivative's base is its first `derived_from`).
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

/// The EU AI Act facts of a record file, validated. The base of a derivative is its first
/// `derived_from` release; a month of placing on the market defaults to the release month.
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
                Diagnostic::new("E160", Severity::Error, message, source, place_of(source, &g.referenced)).with_help(
                    "`generates` lists what the model outputs: text, code, speech, image, video, audio or other",
                ),
            ),
        }
    }
    let placed = match &e.placed_on_market {
        Some(p) => match FactDate::parse(&p.value) {
            Ok(d) if d.day.is_some() => Some(MarketDate { year: d.year, month: d.month, day: d.day }),
            Ok(_) | Err(_) => {
                diagnostics.push(
                    Diagnostic::new(
                        "E161",
                        Severity::Error,
                        format!("`{}` is not a day", p.value),
                        source,
                        place_of(source, &p.referenced),
                    )
                    .with_help("write the day the release was placed on the market as `YYYY-MM-DD`, e.g. `2025-09-15`"),
                );
                None
            }
        },
        None => release.map(|r| MarketDate { year: r.year, month: r.month, day: None }),
    };
    let base = file.derived_from.first().map(|d| d.release.clone());
    if base.is_none() && (e.modification_flops.is_some() || e.modification_tokens.is_some()) {
        diagnostics.push(
            Diagnostic::new(
                "W162",
                Severity::Warning,
                "a modification's compute is given, but the record names no base model",
                source,
                key_line(source, "eu_ai_act:"),
            )
            .with_help("add `derived_from: [{release: <id of the base>, relation: fine-tune}]`, or remove `modification_flops`/`modification_tokens`"),
        );
    }
    GpaiFacts {
        generates,
        monetised: e.monetised,
        copyright_policy_published: e.copyright_policy_published,
        training_content_summary_published: e.training_content_summary_published,
        placed_on_market: placed,
        derivative: base.map(|base| Derivative {
            base,
            base_scale: None,
            modification_flops: e.modification_flops,
            modification_tokens: e.modification_tokens,
        }),
    }
}

impl RecordFile {
    /// A record of `id` with the components given (the others `unknown`) and nothing else yet.
    pub fn new(id: String, name: String, release: String, mut components: Vec<(Component, ComponentEntry)>) -> Self {
        let components = Component::ALL
            .into_iter()
            .map(|c| {
                let entry = match components.iter().position(|(k, _)| *k == c) {
                    Some(i) => components.swap_remove(i).1,
                    None => ComponentEntry::unknown(),
                };
                (crate::yaml::unspanned(c.id().to_owned()), entry)
            })
            .collect();
        RecordFile {
            id: crate::yaml::unspanned(id),
            name,
            organisation: None,
            release: crate::yaml::unspanned(release),
            links: Links::default(),
            family: None,
            version: None,
            size: None,
            variant: None,
            derived_from: Vec::new(),
            aliases: Vec::new(),
            source: None,
            as_of: None,
            recorded_by: None,
            note: None,
            parameters: None,
            active_parameters: None,
            training_tokens: None,
            training_flops: None,
            eu_ai_act: EuAiActEntry::default(),
            components: crate::yaml::unspanned(OrderedMap(components)),
        }
    }
}

/// How a release was made from another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// Trained further on task or instruction data.
    FineTune,
    /// Trained to imitate the other's outputs.
    Distillation,
    /// The other's weights at lower precision.
    Quantisation,
    /// Weights merged from several releases.
    Merge,
    /// Pre-training continued from the other's weights.
    ContinuedPretraining,
}

/// A link to the release this one was made from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DerivedFrom {
    /// The other release's record id (it need not be in the catalogue).
    pub release: String,
    /// How this one was made from it.
    pub relation: Relation,
}

/// The identity of a release: family, version, size, variant, what it derives from, its other names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// Family.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// `base`, `instruct`, `chat` or `reasoning`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// Derivation links.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub derived_from: Vec<DerivedFrom>,
    /// Other names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// The variants a release may be.
pub const VARIANTS: [&str; 4] = ["base", "instruct", "chat", "reasoning"];

/// How to write a date, for diagnostics.
pub const DATE_HELP: &str = "write a calendar date as `YYYY-MM-DD` (e.g. `2024-05-16`) or a month as `YYYY-MM`";

/// The date of a fact: a calendar day, or a month when only the month is known. A month sorts
/// as its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FactDate {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, when known.
    pub day: Option<u8>,
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FactDate {
    /// Reads `YYYY-MM-DD` (a real calendar day) or `YYYY-MM`.
    pub fn parse(s: &str) -> Result<FactDate, String> {
        let bad = || format!("`{}` is not a date", s.chars().take(40).collect::<String>());
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        let mut fields = s.split('-');
        let (y, m, d) = (fields.next().unwrap_or(""), fields.next().unwrap_or(""), fields.next());
        if fields.next().is_some() || !digits(y, 4) || !digits(m, 2) || d.is_some_and(|d| !digits(d, 2)) {
            return Err(bad());
        }
        let year: u16 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || year < 1900 {
            return Err(format!("`{s}` is not a date: no month {month} of year {year}"));
        }
        let day = match d {
            None => None,
            Some(d) => {
                let day: u8 = d.parse().map_err(|_| bad())?;
                if day == 0 || day > days_in_month(year, month) {
                    return Err(format!(
                        "`{s}` is not a date: {year}-{month:02} has {} days",
                        days_in_month(year, month)
                    ));
                }
                Some(day)
            }
        };
        Ok(FactDate { year, month, day })
    }

    /// The last day of the period the date names (a month's last day; a day itself): what
    /// `--as-of YYYY-MM` means.
    pub fn end(self) -> FactDate {
        FactDate { day: Some(self.day.unwrap_or_else(|| days_in_month(self.year, self.month))), ..self }
    }

    fn key(self) -> (u16, u8, u8, bool) {
        (self.year, self.month, self.day.unwrap_or(1), self.day.is_some())
    }

    /// Whether a release of month `release` had happened by this date.
    pub fn includes_release(self, release: Release) -> bool {
        (release.year, release.month) <= (self.year, self.month)
    }
}

impl PartialOrd for FactDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FactDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl std::fmt::Display for FactDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)?;
        match self.day {
            Some(d) => write!(f, "-{d:02}"),
            None => Ok(()),
        }
    }
}

impl Serialize for FactDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl std::str::FromStr for FactDate {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FactDate::parse(s)
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

/// One validated observation: what a source stated about a component as of a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    /// The source's id.
    pub source: String,
    /// Its kind, which sets its precedence.
    pub kind: SourceKind,
    /// The date the source stated it.
    pub as_of: FactDate,
    /// The facts stated.
    #[serde(skip)]
    pub facts: ComponentFacts,
    /// The level the source gave, if any.
    pub recorded: Option<Level>,
    /// The licence string as the source wrote it.
    pub license_as_recorded: Option<String>,
    /// Evidence URLs.
    pub evidence: Vec<String>,
    /// A remark.
    pub note: Option<String>,
}

impl Observation {
    /// Whether two observations state the same availability and licence.
    pub fn agrees_with(&self, other: &Observation) -> bool {
        self.facts.availability == other.facts.availability && self.facts.licence == other.facts.licence
    }
}

/// One validated component of a record: every observation, and the facts chosen from them by
/// precedence (see [`ComponentRecord::choose`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentRecord {
    /// Which component.
    pub component: Component,
    /// The chosen facts.
    pub facts: ComponentFacts,
    /// The level the highest-ranked source that grades gave, if any.
    pub recorded: Option<Level>,
    /// The licence string as the chosen source wrote it.
    pub license_as_recorded: Option<String>,
    /// Evidence URLs of the chosen observation.
    pub evidence: Vec<String>,
    /// The date of the chosen observation.
    pub as_of: Option<String>,
    /// A remark: the chosen observation's, else the component's own.
    pub note: Option<String>,
    /// Every observation, in file order.
    pub observations: Vec<Observation>,
    /// The index in `observations` of the chosen one.
    pub chosen: Option<usize>,
    /// The component's own note, kept when no observation is chosen.
    own_note: Option<String>,
}

impl ComponentRecord {
    /// Chooses the facts shown from the observations: a known availability before `unknown`;
    /// then the source kind's precedence (maintainer > developer > paper > tracker > assess);
    /// then, within a kind, the latest `as_of`; then file order. The recorded level is the one
    /// of the highest-ranked (then latest) observation that gives a level.
    pub fn choose(&mut self) {
        let rank =
            |o: &Observation| (o.facts.availability == Availability::Unknown, o.kind, std::cmp::Reverse(o.as_of));
        self.chosen = (0..self.observations.len()).min_by_key(|&i| (rank(&self.observations[i]), i));
        self.recorded = self
            .observations
            .iter()
            .filter(|o| o.recorded.is_some())
            .min_by_key(|o| (o.kind, std::cmp::Reverse(o.as_of)))
            .and_then(|o| o.recorded);
        match self.chosen.map(|i| &self.observations[i]) {
            Some(o) => {
                self.facts = o.facts.clone();
                self.license_as_recorded = o.license_as_recorded.clone();
                self.evidence = o.evidence.clone();
                self.as_of = Some(o.as_of.to_string());
                self.note = o.note.clone().or_else(|| self.own_note.clone());
            }
            None => {
                self.facts = ComponentFacts {
                    availability: Availability::Unknown,
                    licence: LicenceFact::NotStated,
                    parts: Vec::new(),
                };
                self.license_as_recorded = None;
                self.evidence = Vec::new();
                self.as_of = None;
                self.note = self.own_note.clone();
            }
        }
    }

    /// The chosen observation.
    pub fn chosen_observation(&self) -> Option<&Observation> {
        self.chosen.map(|i| &self.observations[i])
    }

    /// The latest observation of every other source that disagrees with the chosen one on
    /// availability or licence (`unknown` observations say nothing and never disagree).
    pub fn disagreeing(&self) -> Vec<&Observation> {
        let Some(chosen) = self.chosen_observation() else { return Vec::new() };
        let mut latest: BTreeMap<&str, &Observation> = BTreeMap::new();
        for o in &self.observations {
            if o.source != chosen.source && o.facts.availability != Availability::Unknown {
                let slot = latest.entry(o.source.as_str()).or_insert(o);
                if o.as_of > slot.as_of {
                    *slot = o;
                }
            }
        }
        latest.into_values().filter(|o| !o.agrees_with(chosen)).collect()
    }
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
    /// Family, version, size, variant, derivation, aliases.
    pub identity: Identity,
    /// Whose levels `recorded` holds, in words.
    pub recorded_by: Option<String>,
    /// A remark on the record.
    pub note: Option<String>,
    /// Published scale: parameters, tokens, compute.
    pub scale: openness_core::lenses::Scale,
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

    /// The record as it stood on `date`: only the observations dated on or before it, the
    /// facts chosen again; `None` when the release came later or nothing about it had been
    /// observed by then (the catalogue did not hold it yet).
    pub fn as_of(&self, date: FactDate) -> Option<Record> {
        let observed = self.components.iter().any(|c| c.observations.iter().any(|o| o.as_of <= date));
        (date.includes_release(self.release) && observed).then(|| self.at(date))
    }

    /// The record with only the observations dated on or before `date`, the facts chosen again.
    pub fn at(&self, date: FactDate) -> Record {
        let mut record = self.clone();
        for c in &mut record.components {
            c.observations.retain(|o| o.as_of <= date);
            c.choose();
        }
        record
    }

    /// Known components (graded, `N/A`, or with a known availability) out of twelve.
    pub fn known_components(&self) -> usize {
        self.components.iter().filter(|c| c.facts.availability != Availability::Unknown).count()
    }

    /// Whether the release is complete from first-hand sources: every component known (a
    /// known availability or `N/A`), each chosen from the developer's own publication or a
    /// maintainer's review of it, with an evidence URL and a date. A tracker's or a draft's
    /// facts alone never make a release complete.
    pub fn complete_from_developer(&self) -> bool {
        self.components.iter().all(|c| {
            c.facts.availability != Availability::Unknown
                && c.chosen_observation().is_some_and(|o| {
                    matches!(o.kind, SourceKind::Maintainer | SourceKind::Developer)
                        && o.evidence.iter().any(|e| e.starts_with("https://"))
                })
        })
    }

    /// The dates of every observation, sorted, without repeats.
    pub fn observation_dates(&self) -> Vec<FactDate> {
        let mut dates: Vec<FactDate> =
            self.components.iter().flat_map(|c| c.observations.iter().map(|o| o.as_of)).collect();
        dates.sort();
        dates.dedup();
        dates
    }
}

/// More compute than any training run could use: a value above it is a typing error.
const MAX_TRAINING_FLOPS: f64 = 1e32;

/// Releases with fewer known components than this are listed but not ranked.
pub const MIN_KNOWN_FOR_RANKING: usize = 8;

/// Turns a model name into a valid record id: lowercase, runs of other characters become one `-`
/// (`Meta-Llama-3 8B` → `meta-llama-3-8b`); a name with nothing usable gives `model`.
pub fn id_from_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(fold_accent) {
        if c.is_ascii_alphanumeric() || c == '.' || c == '+' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_matches(|c| matches!(c, '-' | '.' | '+')).to_owned();
    if out.is_empty() { "model".to_owned() } else { out }
}

/// A Latin letter with a diacritic as its base letter(s), so that `Café` gives `cafe`; any
/// other character is itself.
fn fold_accent(c: char) -> impl Iterator<Item = char> {
    let base: &str = match c {
        'à'..='å' => "a",
        'À'..='Å' => "A",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è'..='ë' => "e",
        'È'..='Ë' => "E",
        'ì'..='ï' => "i",
        'Ì'..='Ï' => "I",
        'ñ' | 'Ñ' => "n",
        'ò'..='ö' | 'ø' => "o",
        'Ò'..='Ö' | 'Ø' => "O",
        'ù'..='ü' => "u",
        'Ù'..='Ü' => "U",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        _ => "",
    };
    let own = base.is_empty().then_some(c);
    base.chars().chain(own)
}

/// The variant a release's name announces (`…-Instruct`, `…-it` → instruct; `…Chat` → chat;
/// `…Thinking`, `…Reasoning` → reasoning); `None` when it announces none, since an unmarked
/// name does not prove a base model.
pub fn variant_from_name(name: &str) -> Option<Spanned<String>> {
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    let variant = if words.iter().any(|w| *w == "instruct" || *w == "it") {
        "instruct"
    } else if words.contains(&"chat") {
        "chat"
    } else if words.iter().any(|w| *w == "thinking" || *w == "reasoning") {
        "reasoning"
    } else {
        return None;
    };
    Some(crate::yaml::unspanned(variant.to_owned()))
}

/// Whether `id` is a valid record or source id: lowercase ASCII letters, digits, `.`, `+`
/// and `-`, starting with a letter or digit.
pub fn is_valid_id(id: &str) -> bool {
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
            let nearest = openness_core::text::suggestible(&value.value).then(|| {
                Availability::ALL
                    .into_iter()
                    .max_by(|a, b| {
                        strsim::jaro_winkler(&value.value, a.keyword())
                            .total_cmp(&strsim::jaro_winkler(&value.value, b.keyword()))
                    })
                    .unwrap_or(Availability::Unknown)
            });
            let guess = nearest.map(|n| format!("did you mean `{n}`? ")).unwrap_or_default();
            diagnostics.push(
                Diagnostic::new("E120", Severity::Error, message, source, place_of(source, &value.referenced))
                    .with_help(format!(
                        "{guess}availability is one of closed, api, gated, open, not-applicable, unknown"
                    )),
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

/// The fields of one observation, borrowed from a component entry or an observation entry.
struct Fields<'a> {
    availability: &'a Spanned<String>,
    license: Option<&'a Spanned<String>>,
    license_as_recorded: Option<&'a String>,
    recorded: Option<&'a Spanned<String>>,
    evidence: &'a [String],
    note: Option<&'a String>,
    parts: &'a [PartEntry],
    source: Option<&'a Spanned<String>>,
    as_of: Option<&'a Spanned<String>>,
}

/// What validating one component's observations needs.
struct Context<'a> {
    source: &'a Arc<SourceFile>,
    base: &'a LicenceBase,
    sources: &'a Sources,
    component: Component,
    key_place: Option<crate::diagnostic::Place>,
}

impl Context<'_> {
    /// Validates one observation; `None` (with diagnostics) when it is invalid.
    fn observation(&self, f: &Fields<'_>, diagnostics: &mut Vec<Diagnostic>) -> Option<Observation> {
        let (source, component) = (self.source, self.component);
        // Diagnostics are only appended: an error since `before` is one of this observation's.
        let before = diagnostics.len();
        let availability = parse_availability(f.availability, source, diagnostics);
        let licence = match (f.license, availability) {
            (Some(l), Some(a)) => check_licence(l, a, self.base, source, diagnostics),
            _ => LicenceFact::NotStated,
        };
        let mut parts = Vec::new();
        for part in f.parts {
            let Some(pa) = parse_availability(&part.availability, source, diagnostics) else {
                continue;
            };
            let pl = match &part.license {
                Some(l) => check_licence(l, pa, self.base, source, diagnostics),
                None => LicenceFact::NotStated,
            };
            parts.push(PartFacts { name: part.name.clone(), availability: pa, licence: pl });
        }
        let recorded =
            f.recorded.and_then(|r| check_recorded(r, f.availability, availability, component, source, diagnostics));
        if availability.is_some_and(Availability::is_downloadable) && f.evidence.is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    "W141",
                    Severity::Warning,
                    format!("`{component}` is released but cites no evidence"),
                    source,
                    self.key_place,
                )
                .with_help("add `evidence:` with the URL of the release or of its licence"),
            );
        }
        let place = place_of(source, &f.availability.referenced).or(self.key_place);
        let kind_of_source = match f.source {
            None => {
                diagnostics.push(
                    Diagnostic::new("E150", Severity::Error, format!("a fact about `{component}` has no source"), source, place)
                        .with_help("add `source: <id>` to the component (or once, at the top of the record); the ids are declared in data/sources/*.yaml"),
                );
                None
            }
            Some(id) => match self.sources.get(&id.value) {
                Some(s) => Some(s.kind),
                None => {
                    let hint =
                        self.sources.nearest(&id.value).map(|n| format!("did you mean `{n}`? ")).unwrap_or_default();
                    push_once(
                        diagnostics,
                        Diagnostic::new(
                            "E152",
                            Severity::Error,
                            format!("`{}` is not a declared source", id.value),
                            source,
                            place_of(source, &id.referenced).or(place),
                        )
                        .with_help(format!(
                            "{hint}declare it in data/sources/*.yaml (id, kind, title, url, commit, date)"
                        )),
                    );
                    None
                }
            },
        };
        let as_of = match f.as_of {
            None => {
                diagnostics.push(
                    Diagnostic::new(
                        "E151",
                        Severity::Error,
                        format!("a fact about `{component}` has no date"),
                        source,
                        place,
                    )
                    .with_help("add `as_of: YYYY-MM-DD` (or `YYYY-MM`): the date the source stated it"),
                );
                None
            }
            Some(d) => match FactDate::parse(&d.value) {
                Ok(date) => Some(date),
                Err(e) => {
                    push_once(
                        diagnostics,
                        Diagnostic::new("E105", Severity::Error, e, source, place_of(source, &d.referenced).or(place))
                            .with_help(DATE_HELP),
                    );
                    None
                }
            },
        };
        if errors_since(diagnostics, before) {
            return None;
        }
        Some(Observation {
            source: f.source?.value.clone(),
            kind: kind_of_source?,
            as_of: as_of?,
            facts: ComponentFacts { availability: availability?, licence, parts },
            recorded,
            license_as_recorded: f.license_as_recorded.cloned(),
            evidence: f.evidence.to_vec(),
            note: f.note.cloned(),
        })
    }
}

/// Whether the diagnostics from `start` on (those one step added: diagnostics are only ever
/// appended) hold an error. Looking at these alone keeps `check` linear in the records, however
/// many diagnostics the records before left.
fn errors_since(diagnostics: &[Diagnostic], start: usize) -> bool {
    diagnostics.get(start..).is_some_and(|new| new.iter().any(|d| d.severity == Severity::Error))
}

/// Adds `d` unless the same problem at the same place is already reported (a record-level
/// default read by every component).
fn push_once(diagnostics: &mut Vec<Diagnostic>, d: Diagnostic) {
    if !diagnostics.iter().any(|o| o.code == d.code && o.place == d.place && o.file == d.file) {
        diagnostics.push(d);
    }
}

/// Validates a recorded level against the component's kind and the availability.
fn check_recorded(
    r: &Spanned<String>,
    written_availability: &Spanned<String>,
    availability: Option<Availability>,
    component: Component,
    source: &Arc<SourceFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Level> {
    let kind = component.kind();
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
                        format!("{level} is impossible for availability `{}`: {problem}", written_availability.value),
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
}

/// Reads a record file as written, without validating it (for merging imports into it).
pub fn read_record_file(source: &Arc<SourceFile>) -> Result<RecordFile, Diagnostic> {
    parse(source)
}

/// Reads and validates one record file. Diagnostics of every severity are appended; the record
/// is returned when there is no error.
pub fn load_record(
    source: &Arc<SourceFile>,
    base: &LicenceBase,
    sources: &Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Record> {
    validate_record(source, base, sources, diagnostics, true)
}

/// [`load_record`], with the catalogue's layout rule (E102: a file found in a directory is
/// named `<id>.yaml`) only when `layout` is set: a file the user names is judged by its content.
pub(crate) fn validate_record(
    source: &Arc<SourceFile>,
    base: &LicenceBase,
    sources: &Sources,
    diagnostics: &mut Vec<Diagnostic>,
    layout: bool,
) -> Option<Record> {
    let file: RecordFile = match parse(source) {
        Ok(f) => f,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    check_record(file, source, base, sources, diagnostics, layout)
}

/// Checks a parsed record file against `base` and the declared `sources`: the record, or
/// `None` when it has errors (added to `diagnostics`, with warnings and notes). The layout rule
/// (E102) applies when `layout` is set, as in [`validate_record`].
pub(crate) fn check_record(
    file: RecordFile,
    source: &Arc<SourceFile>,
    base: &LicenceBase,
    sources: &Sources,
    diagnostics: &mut Vec<Diagnostic>,
    layout: bool,
) -> Option<Record> {
    // Diagnostics are only appended: an error since `before` is one of this record's (counting
    // every error of the catalogue again for each record would make loading quadratic).
    let before = diagnostics.len();

    let id_place = place_of(source, &file.id.referenced);
    if !is_valid_id(&file.id.value) {
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
    if layout && !stem.is_empty() && stem != file.id.value {
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

    let (default_source, default_date) = (file.source.as_ref(), file.as_of.as_ref());
    let mut seen: BTreeMap<Component, ComponentRecord> = BTreeMap::new();
    for (key, entry) in &file.components.value.0 {
        let key_place = place_of(source, &key.referenced);
        let Some(component) = Component::ALL.into_iter().find(|c| c.id() == key.value) else {
            let guess = if openness_core::text::suggestible(&key.value) {
                format!("did you mean `{}`? ", Component::nearest(&key.value))
            } else {
                String::new()
            };
            diagnostics.push(
                Diagnostic::new(
                    "E110",
                    Severity::Error,
                    format!("`{}` is not a component id", openness_core::text::shortened(&key.value, 80)),
                    source,
                    key_place,
                )
                .with_help(format!("{guess}`openness --help` lists the twelve ids")),
            );
            continue;
        };
        let ctx = Context { source, base, sources, component, key_place };
        let own = Fields {
            availability: &entry.availability,
            license: entry.license.as_ref(),
            license_as_recorded: entry.license_as_recorded.as_ref(),
            recorded: entry.recorded.as_ref(),
            evidence: &entry.evidence,
            note: entry.note.as_ref(),
            parts: &entry.parts,
            source: entry.source.as_ref().or(default_source),
            as_of: entry.as_of.as_ref().or(default_date),
        };
        // An `unknown` entry without a date of its own states nothing: it needs no source.
        let states_nothing = entry.availability.value == "unknown"
            && entry.as_of.is_none()
            && entry.license.is_none()
            && entry.recorded.is_none()
            && entry.parts.is_empty();
        let mut observations = Vec::new();
        if !states_nothing {
            observations.extend(ctx.observation(&own, diagnostics));
        }
        for o in &entry.observations {
            let fields = Fields {
                availability: &o.availability,
                license: o.license.as_ref(),
                license_as_recorded: o.license_as_recorded.as_ref(),
                recorded: o.recorded.as_ref(),
                evidence: &o.evidence,
                note: o.note.as_ref(),
                parts: &o.parts,
                source: Some(&o.source),
                as_of: Some(&o.as_of),
            };
            observations.extend(ctx.observation(&fields, diagnostics));
        }
        let mut record = ComponentRecord {
            component,
            facts: ComponentFacts {
                availability: Availability::Unknown,
                licence: LicenceFact::NotStated,
                parts: Vec::new(),
            },
            recorded: None,
            license_as_recorded: None,
            evidence: Vec::new(),
            as_of: None,
            note: None,
            observations,
            chosen: None,
            own_note: entry.note.clone(),
        };
        record.choose();
        seen.insert(component, record);
    }
    if let Some(flops) = file.training_flops
        && !(flops.is_finite() && (0.0..=MAX_TRAINING_FLOPS).contains(&flops))
    {
        diagnostics.push(
            Diagnostic::new(
                "E106",
                Severity::Error,
                format!("`training_flops: {flops:e}` is not a training compute"),
                source,
                key_line(source, "training_flops:"),
            )
            .with_help(
                "write the published compute in FLOPs as a finite, non-negative number below 1e32, e.g. `3.8e25`",
            ),
        );
    }
    if let Some(variant) = &file.variant
        && !VARIANTS.contains(&variant.value.as_str())
    {
        diagnostics.push(
            Diagnostic::new(
                "E107",
                Severity::Error,
                format!("`{}` is not a variant", variant.value),
                source,
                place_of(source, &variant.referenced),
            )
            .with_help("a variant is one of base, instruct, chat, reasoning"),
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
    if errors_since(diagnostics, before) {
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
        identity: Identity {
            family: file.family,
            version: file.version,
            size: file.size,
            variant: file.variant.map(|v| v.value),
            derived_from: file.derived_from,
            aliases: file.aliases,
        },
        recorded_by: file.recorded_by,
        note: file.note,
        scale: openness_core::lenses::Scale {
            parameters: file.parameters,
            active_parameters: file.active_parameters,
            training_tokens: file.training_tokens,
            training_flops: file.training_flops,
        },
        gpai,
        components,
        file: source.name.clone(),
    })
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
    use super::{id_from_name, is_valid_id};

    #[test]
    fn names_become_valid_ids() {
        for (name, id) in [
            ("Meta-Llama-3-8B-Instruct", "meta-llama-3-8b-instruct"),
            ("  ", "model"),
            ("a b/c", "a-b-c"),
            ("Qwen2.5 (72B)", "qwen2.5-72b"),
            (".hidden+", "hidden"),
            ("Ünïcode", "unicode"),
            ("Café_Modèle", "cafe-modele"),
            ("-x\n..y", "x-..y"),
            ("..", "model"),
            ("日本語", "model"),
        ] {
            assert_eq!(id_from_name(name), id);
            assert!(is_valid_id(&id_from_name(name)), "{name}");
        }
    }
}
