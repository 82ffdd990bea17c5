//! Other frameworks read from the same facts: the EU AI Act's rules for general-purpose AI
//! models ([`gpai`]), the revoked US Executive Order 14110 (kept as history), the OSI's Open
//! Source AI Definition 1.0, the Open Weight Definition draft 0.1, the Model Openness
//! Framework 1.0 and the European Open Source AI Index's criteria. Every result carries its
//! reasons and is information, not legal advice; the documents each lens implements are data
//! (`data/lenses/`), attached by the catalogue.

use serde::Serialize;

use crate::grade::Availability;
use crate::rubric::{Permission, Permissions};
use crate::taxonomy::Component;

pub mod gpai;

pub use gpai::{
    Condition, Derivative, EuAiAct, Exemption, GpaiFacts, MarketDate, Modification, Obligation, Output, eu_ai_act,
};

/// Printed with every lens result.
pub const DISCLAIMER: &str = "Information, not legal advice.";
/// US Executive Order 14110's interim reporting threshold.
pub const US_EO_14110_FLOPS: f64 = 1e26;
/// The day Executive Order 14110 was revoked (by Executive Order 14148).
pub const US_EO_14110_REVOKED: &str = "2025-01-20";

/// What a record says of a release's scale.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scale {
    /// Total parameters.
    pub parameters: Option<u64>,
    /// Parameters active per token (mixture-of-experts models).
    pub active_parameters: Option<u64>,
    /// Training tokens.
    pub training_tokens: Option<u64>,
    /// Training compute, when the developer published it.
    pub training_flops: Option<f64>,
}

/// How a compute figure was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FlopsSource {
    /// The developer published it.
    Published,
    /// 6 × parameters × tokens, from published parameters and tokens.
    Estimate,
    /// Not published and not estimable: never guessed.
    Unknown,
}

/// A compute figure with how it was obtained.
#[derive(Debug, Clone, PartialEq)]
pub struct Compute {
    /// FLOP, when known.
    pub flops: Option<f64>,
    /// Published, estimated or unknown.
    pub source: FlopsSource,
    /// The figures behind it, in words.
    pub basis: String,
}

impl Scale {
    /// Training compute: published, else estimated as 6 × parameters (active ones for a
    /// mixture of experts) × tokens, else unknown.
    pub fn compute(&self) -> Compute {
        if let Some(f) = self.training_flops {
            return Compute {
                flops: Some(f),
                source: FlopsSource::Published,
                basis: "published by the developer".to_owned(),
            };
        }
        let n = self.active_parameters.or(self.parameters);
        match (n, self.training_tokens) {
            (Some(n), Some(d)) => {
                let which = if self.active_parameters.is_some() { "active parameters" } else { "parameters" };
                Compute {
                    flops: Some(6.0 * n as f64 * d as f64),
                    source: FlopsSource::Estimate,
                    basis: format!("estimated as 6 × {n} {which} × {d} tokens"),
                }
            }
            _ => Compute {
                flops: None,
                source: FlopsSource::Unknown,
                basis: "neither the compute nor both parameters and training tokens are published".to_owned(),
            },
        }
    }
}

/// The facts the lenses read, per component in [`Component::ALL`] order.
#[derive(Debug, Clone)]
pub struct LensFacts {
    /// Availability of each component.
    pub availability: [Availability; 12],
    /// Whether each component's licence is free and open (use for any purpose, study, modify,
    /// share derivatives): `None` when no licence is recorded.
    pub free: [Option<bool>; 12],
    /// Whether every licence of each component is OSI-approved: `None` when none is recorded.
    pub osi: [Option<bool>; 12],
    /// The permissions the weights' licence grants (read literally): `None` when not recorded.
    pub weights_permissions: Option<Permissions>,
    /// Scale.
    pub scale: Scale,
    /// Whether a data card or datasheet documents the training data.
    pub data_card: bool,
    /// Whether a model card documents the model's use.
    pub model_card: bool,
    /// What the EU AI Act's GPAI rules read besides.
    pub gpai: GpaiFacts,
}

/// US EO 14110 lens, historical since the order's revocation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsEo14110 {
    /// The order was revoked on this day; the threshold obliges nothing since.
    pub revoked: &'static str,
    /// Always true: the reading is shown for history.
    pub historical: bool,
    /// Training compute above 10^26 operations. `None` when compute is unknown.
    pub reporting_threshold_exceeded: Option<bool>,
    /// The compute figure used.
    pub estimated_training_flops: Option<f64>,
    /// How it was obtained.
    pub flops_source: FlopsSource,
    /// Why.
    pub reasons: Vec<String>,
    /// Always "Information, not legal advice."
    pub disclaimer: &'static str,
}

/// A definition's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Meets the definition on the recorded facts.
    Pass,
    /// Fails it on the recorded facts.
    Fail,
    /// The facts do not decide.
    InsufficientEvidence,
}

impl Verdict {
    fn of(fail: bool, unknown: bool) -> Verdict {
        if fail {
            Verdict::Fail
        } else if unknown {
            Verdict::InsufficientEvidence
        } else {
            Verdict::Pass
        }
    }

    /// The word the JSON uses.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::InsufficientEvidence => "insufficient-evidence",
        }
    }
}

/// OSAID 1.0 lens.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Osaid {
    /// The verdict.
    pub verdict: Verdict,
    /// Why.
    pub reasons: Vec<String>,
    /// Always "Information, not legal advice."
    pub disclaimer: &'static str,
}

fn sci(f: f64) -> String {
    format!("{f:.2e}")
}

/// The US EO 14110 lens: the interim reporting threshold of 10^26 operations, shown as history
/// since the order was revoked on 2025-01-20.
pub fn us_eo_14110(facts: &LensFacts) -> UsEo14110 {
    let compute = facts.scale.compute();
    let mut reasons = vec![format!(
        "Executive Order 14110 was revoked on {US_EO_14110_REVOKED}: this reading is history and obliges nothing"
    )];
    reasons.push(match compute.flops {
        Some(f) => format!(
            "training compute {} operations ({}) is {} the 10^26 reporting threshold",
            sci(f),
            compute.basis,
            if f > US_EO_14110_FLOPS { "above" } else { "below" }
        ),
        None => "training compute is unknown".to_owned(),
    });
    UsEo14110 {
        revoked: US_EO_14110_REVOKED,
        historical: true,
        reporting_threshold_exceeded: compute.flops.map(|f| f > US_EO_14110_FLOPS),
        estimated_training_flops: compute.flops,
        flops_source: compute.source,
        reasons,
        disclaimer: DISCLAIMER,
    }
}

/// The OSAID 1.0 lens: parameters (weights) under OSD-conformant terms, the code used to train
/// and run the system under OSI-approved licences, and data information (the data itself or
/// documentation detailed enough to rebuild a similar set).
pub fn osaid(facts: &LensFacts) -> Osaid {
    let mut reasons = Vec::new();
    let mut fail = false;
    let mut unknown = false;
    let w = Component::DeploymentDataWeights as usize;
    match (facts.availability[w].is_downloadable(), facts.free[w]) {
        (true, Some(true)) => reasons.push("weights: public under free terms".to_owned()),
        (true, Some(false)) => {
            fail = true;
            reasons.push("weights: their licence restricts use, modification or sharing".to_owned());
        }
        (true, None) => {
            unknown = true;
            reasons.push("weights: public, licence not recorded".to_owned());
        }
        (false, _) if facts.availability[w] == Availability::Unknown => {
            unknown = true;
            reasons.push("weights: availability unknown".to_owned());
        }
        (false, _) => {
            fail = true;
            reasons.push("weights: not public".to_owned());
        }
    }
    for c in [Component::TrainingCodePretraining, Component::DeploymentCodeInference] {
        let i = c as usize;
        match (facts.availability[i], facts.osi[i]) {
            (Availability::NotApplicable, _) => {}
            (a, Some(true)) if a.is_downloadable() => {
                reasons.push(format!("{c}: released under OSI-approved licences"))
            }
            (a, Some(false)) if a.is_downloadable() => {
                fail = true;
                reasons.push(format!("{c}: released, but not under an OSI-approved licence"));
            }
            (a, None) if a.is_downloadable() => {
                unknown = true;
                reasons.push(format!("{c}: released, licence not recorded"));
            }
            (Availability::Unknown, _) => {
                unknown = true;
                reasons.push(format!("{c}: availability unknown"));
            }
            _ => {
                fail = true;
                reasons.push(format!("{c}: not released"));
            }
        }
    }
    let d = Component::TrainingDataPretraining as usize;
    if facts.availability[d].is_downloadable() || facts.data_card {
        reasons.push("data information: the training data or a data card is public".to_owned());
    } else if facts.availability[d] == Availability::Unknown {
        unknown = true;
        reasons.push("data information: unknown".to_owned());
    } else {
        fail = true;
        reasons
            .push("data information: neither the training data nor a detailed description of it is public".to_owned());
    }
    Osaid { verdict: Verdict::of(fail, unknown), reasons, disclaimer: DISCLAIMER }
}

/// The Open Weight Definition (draft 0.1) lens.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenWeight {
    /// The verdict.
    pub verdict: Verdict,
    /// The definition's criteria that the facts answer, each with its verdict.
    pub criteria: Vec<Condition>,
    /// Always "Information, not legal advice."
    pub disclaimer: &'static str,
}

/// The Open Weight Definition draft 0.1 on the weights: the weights themselves, obtainable and
/// distributable (criterion 2); modifications and derived works allowed and shareable on the
/// same terms (1, 3); no discrimination against persons, groups or fields of endeavour (5, 6).
/// The criteria on the licence's form (4, 7–10) are not recorded facts and are not read.
pub fn open_weight(facts: &LensFacts) -> OpenWeight {
    let weights = facts.availability[Component::DeploymentDataWeights as usize];
    let p = facts.weights_permissions;
    let granted = |perms: &[Permission]| p.map(|p| perms.iter().all(|x| p.has(*x)));
    let unrecorded = "the weights' licence is not recorded".to_owned();
    let derived = granted(&[Permission::Modify]);
    let fields = granted(&[Permission::Research, Permission::Commercial]);
    let criteria = vec![
        Condition {
            condition: "model weights obtainable and distributable",
            met: match weights {
                Availability::Open => Some(true),
                Availability::Gated | Availability::Unknown => None,
                _ => Some(false),
            },
            reason: match weights {
                Availability::Open => "the weights can be downloaded by anyone".to_owned(),
                Availability::Gated => "the weights are gated: whether registration is a well-publicised means of obtaining them is not settled".to_owned(),
                a => format!("the weights are `{a}`"),
            },
        },
        Condition {
            condition: "free redistribution, modifications and derived works on the same terms",
            met: derived,
            reason: match derived {
                Some(true) => "the weights' licence allows modification and derived works".to_owned(),
                Some(false) => "the weights' licence does not allow modification".to_owned(),
                None => unrecorded.clone(),
            },
        },
        Condition {
            condition: "no discrimination against persons, groups or fields of endeavour",
            met: fields,
            reason: match fields {
                Some(true) => "the weights' licence allows research and every commercial use".to_owned(),
                Some(false) => "the weights' licence excludes some users or uses (non-commercial terms, a user threshold or a use policy)".to_owned(),
                None => unrecorded,
            },
        },
    ];
    let fail = criteria.iter().any(|c| c.met == Some(false));
    let unknown = criteria.iter().any(|c| c.met.is_none());
    OpenWeight { verdict: Verdict::of(fail, unknown), criteria, disclaimer: DISCLAIMER }
}
/// The seventeen components of the Model Openness Framework (MOF 1.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum MofComponent {
    /// Datasets (data, class I).
    Datasets,
    /// Data preprocessing code (code, class I).
    DataPreprocessingCode,
    /// Model architecture (code, class III).
    ModelArchitecture,
    /// Model parameters, final (data, class III).
    FinalParameters,
    /// Model metadata (data, class I, optional).
    ModelMetadata,
    /// Model parameters, intermediate (data, class I).
    IntermediateParameters,
    /// Training code (code, class II).
    TrainingCode,
    /// Inference code (code, class II).
    InferenceCode,
    /// Evaluation code (code, class II).
    EvaluationCode,
    /// Evaluation data (data, class II).
    EvaluationData,
    /// Evaluation results (document, class III).
    EvaluationResults,
    /// Supporting libraries and tools (code, class II, optional).
    SupportingLibraries,
    /// Model card (document, class III).
    ModelCard,
    /// Data card (document, class III).
    DataCard,
    /// Technical report (document, class III).
    TechnicalReport,
    /// Research paper (document, class I).
    ResearchPaper,
    /// Sample model outputs (document, class III, optional).
    SampleOutputs,
}

impl MofComponent {
    /// Every component.
    pub const ALL: [MofComponent; 17] = [
        MofComponent::Datasets,
        MofComponent::DataPreprocessingCode,
        MofComponent::ModelArchitecture,
        MofComponent::FinalParameters,
        MofComponent::ModelMetadata,
        MofComponent::IntermediateParameters,
        MofComponent::TrainingCode,
        MofComponent::InferenceCode,
        MofComponent::EvaluationCode,
        MofComponent::EvaluationData,
        MofComponent::EvaluationResults,
        MofComponent::SupportingLibraries,
        MofComponent::ModelCard,
        MofComponent::DataCard,
        MofComponent::TechnicalReport,
        MofComponent::ResearchPaper,
        MofComponent::SampleOutputs,
    ];

    /// The name MOF and its tool use.
    pub fn name(self) -> &'static str {
        match self {
            MofComponent::Datasets => "Datasets",
            MofComponent::DataPreprocessingCode => "Data preprocessing code",
            MofComponent::ModelArchitecture => "Model architecture",
            MofComponent::FinalParameters => "Model parameters (Final)",
            MofComponent::ModelMetadata => "Model metadata",
            MofComponent::IntermediateParameters => "Model parameters (Intermediate)",
            MofComponent::TrainingCode => "Training code",
            MofComponent::InferenceCode => "Inference code",
            MofComponent::EvaluationCode => "Evaluation code",
            MofComponent::EvaluationData => "Evaluation data",
            MofComponent::EvaluationResults => "Evaluation results",
            MofComponent::SupportingLibraries => "Supporting libraries and tools",
            MofComponent::ModelCard => "Model card",
            MofComponent::DataCard => "Data card",
            MofComponent::TechnicalReport => "Technical report",
            MofComponent::ResearchPaper => "Research paper",
            MofComponent::SampleOutputs => "Sample model outputs",
        }
    }

    /// The component MOF calls `name`.
    pub fn from_name(name: &str) -> Option<MofComponent> {
        MofComponent::ALL.into_iter().find(|c| c.name().eq_ignore_ascii_case(name.trim()))
    }

    /// Code, data or document: which global licence of a MOT file applies to it.
    pub fn content_type(self) -> &'static str {
        use MofComponent::*;
        match self {
            DataPreprocessingCode
            | ModelArchitecture
            | TrainingCode
            | InferenceCode
            | EvaluationCode
            | SupportingLibraries => "code",
            Datasets | FinalParameters | ModelMetadata | IntermediateParameters | EvaluationData => "data",
            _ => "document",
        }
    }
}

/// The components each class requires (cumulative: class II includes class III's).
fn mof_required(class: u8) -> Vec<MofComponent> {
    use MofComponent::*;
    let mut req = vec![ModelArchitecture, FinalParameters, EvaluationResults, ModelCard, DataCard, TechnicalReport];
    if class <= 2 {
        req.extend([TrainingCode, InferenceCode, EvaluationCode, EvaluationData]);
    }
    if class == 1 {
        req.extend([Datasets, DataPreprocessingCode, IntermediateParameters, ResearchPaper]);
    }
    req
}

/// The MOF lens: class and progress per class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mof {
    /// 1 (Open Science), 2 (Open Tooling), 3 (Open Model), or 0 (unclassified).
    pub class: u8,
    /// The class's label.
    pub label: &'static str,
    /// Percentage of each class's required components included, as the Model Openness Tool
    /// reports it: a class's progress counts only once the class above it is complete.
    pub progress: std::collections::BTreeMap<u8, f64>,
    /// Required components of the next class that are missing.
    pub missing: Vec<&'static str>,
    /// Always "Information, not legal advice."
    pub disclaimer: &'static str,
}

/// Classifies a release from the MOF components it includes under an open licence. A research
/// paper stands in for a missing technical report (and then counts once).
pub fn mof(included: &std::collections::BTreeSet<MofComponent>) -> Mof {
    let progress_of = |class: u8| -> f64 {
        let mut required = mof_required(class);
        let mut have = included.clone();
        if !included.contains(&MofComponent::TechnicalReport) && included.contains(&MofComponent::ResearchPaper) {
            have.insert(MofComponent::TechnicalReport);
            required.retain(|c| *c != MofComponent::ResearchPaper);
        }
        100.0 * required.iter().filter(|c| have.contains(c)).count() as f64 / required.len() as f64
    };
    let (p3, p2, p1) = (progress_of(3), progress_of(2), progress_of(1));
    let class = if p1 >= 100.0 {
        1
    } else if p2 >= 100.0 {
        2
    } else if p3 >= 100.0 {
        3
    } else {
        0
    };
    let label = match class {
        1 => "Class I - Open Science",
        2 => "Class II - Open Tooling",
        3 => "Class III - Open Model",
        _ => "Unclassified",
    };
    let next = if class == 0 { 3 } else { class - 1 };
    let paper_as_report = included.contains(&MofComponent::ResearchPaper);
    let missing = if next == 0 {
        Vec::new()
    } else {
        mof_required(next)
            .into_iter()
            .filter(|c| !(included.contains(c) || (*c == MofComponent::TechnicalReport && paper_as_report)))
            .map(MofComponent::name)
            .collect()
    };
    let progress = [(3, p3), (2, if p3 >= 100.0 { p2 } else { 0.0 }), (1, if p2 >= 100.0 { p1 } else { 0.0 })]
        .into_iter()
        .collect();
    Mof { class, label, progress, missing, disclaimer: DISCLAIMER }
}

/// An OSAI-index-style grade of one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OsaiGrade {
    /// Fully open (level 5).
    Open,
    /// Partly open (levels 2–4).
    Partial,
    /// Closed (level 1).
    Closed,
    /// The stage does not exist.
    NotApplicable,
    /// Not known.
    Unknown,
}

impl OsaiGrade {
    /// The grade of a level.
    pub fn of(level: crate::level::Level) -> OsaiGrade {
        match level.grade() {
            Some(1) => OsaiGrade::Closed,
            Some(5) => OsaiGrade::Open,
            Some(_) => OsaiGrade::Partial,
            None if level == crate::level::Level::NotApplicable => OsaiGrade::NotApplicable,
            None => OsaiGrade::Unknown,
        }
    }

    /// The index's own word for it.
    pub fn word(self) -> &'static str {
        match self {
            OsaiGrade::Open => "open",
            OsaiGrade::Partial => "partial",
            OsaiGrade::Closed => "closed",
            OsaiGrade::NotApplicable => "n/a",
            OsaiGrade::Unknown => "unknown",
        }
    }
}

/// The European Open Source AI Index criteria that the paper's components answer, with the
/// index's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OsaiIndex {
    /// Each criterion's grade, by the index's parameter names.
    pub criteria: std::collections::BTreeMap<&'static str, OsaiGrade>,
    /// The mean of open = 1, partial = 0.5, closed = 0 over the criteria graded; criteria
    /// that do not apply (n/a) or are unknown are left out. `None` when none is graded.
    pub score: Option<f64>,
    /// How many criteria the score averages.
    pub scored: usize,
    /// Always "Information, not legal advice."
    pub disclaimer: &'static str,
}

/// The index's criteria the paper's components answer, in its parameter names: base-model
/// data, end-model (tuning) data, base-model weights, training code, and licences (of the
/// weights); and their score.
pub fn osai_index(level: &dyn Fn(Component) -> crate::level::Level) -> OsaiIndex {
    let criteria: std::collections::BTreeMap<&'static str, OsaiGrade> = [
        ("datasources_basemodel", OsaiGrade::of(level(Component::TrainingDataPretraining))),
        ("datasources_endmodel", OsaiGrade::of(level(Component::TrainingDataSft))),
        ("weights_basemodel", OsaiGrade::of(level(Component::DeploymentDataWeights))),
        ("trainingcode", OsaiGrade::of(level(Component::TrainingCodePretraining))),
        (
            "licenses",
            match level(Component::DeploymentDataWeights).grade() {
                Some(5) => OsaiGrade::Open,
                Some(3 | 4) => OsaiGrade::Partial,
                Some(_) => OsaiGrade::Closed,
                None => OsaiGrade::Unknown,
            },
        ),
    ]
    .into_iter()
    .collect();
    let points: Vec<f64> = criteria
        .values()
        .filter_map(|g| match g {
            OsaiGrade::Open => Some(1.0),
            OsaiGrade::Partial => Some(0.5),
            OsaiGrade::Closed => Some(0.0),
            OsaiGrade::NotApplicable | OsaiGrade::Unknown => None,
        })
        .collect();
    let score = (!points.is_empty()).then(|| points.iter().sum::<f64>() / points.len() as f64);
    OsaiIndex { criteria, score, scored: points.len(), disclaimer: DISCLAIMER }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(weights: Availability, permissions: Option<[bool; 5]>, scale: Scale) -> LensFacts {
        let mut availability = [Availability::Closed; 12];
        availability[Component::DeploymentDataWeights as usize] = weights;
        LensFacts {
            availability,
            free: [None; 12],
            osi: [None; 12],
            weights_permissions: permissions.map(Permissions::from_array),
            scale,
            data_card: false,
            model_card: false,
            gpai: GpaiFacts::default(),
        }
    }

    #[test]
    fn compute_is_published_or_six_n_d_or_unknown() {
        let s = Scale { parameters: Some(7_000_000_000), training_tokens: Some(2_000_000_000_000), ..Scale::default() };
        assert_eq!((s.compute().flops, s.compute().source), (Some(8.4e22), FlopsSource::Estimate));
        let moe = Scale {
            parameters: Some(132_000_000_000),
            active_parameters: Some(36_000_000_000),
            training_tokens: Some(12_000_000_000_000),
            training_flops: None,
        };
        assert_eq!(moe.compute().flops, Some(6.0 * 36e9 * 12e12));
        let published = Scale { training_flops: Some(2e25), ..Scale::default() }.compute();
        assert_eq!((published.flops, published.source), (Some(2e25), FlopsSource::Published));
        assert_eq!(Scale::default().compute().source, FlopsSource::Unknown);
    }

    #[test]
    fn the_revoked_executive_order_is_history() {
        let big =
            Scale { parameters: Some(405_000_000_000), training_tokens: Some(15_600_000_000_000), ..Scale::default() };
        let l = us_eo_14110(&facts(Availability::Open, None, big));
        assert_eq!((l.revoked, l.historical, l.reporting_threshold_exceeded), ("2025-01-20", true, Some(false)));
        assert!(l.reasons[0].contains("revoked on 2025-01-20"), "{:?}", l.reasons);
    }

    #[test]
    fn open_weight_needs_downloadable_weights_modification_and_no_discrimination() {
        let all = Some([true; 5]);
        assert_eq!(open_weight(&facts(Availability::Open, all, Scale::default())).verdict, Verdict::Pass);
        let community =
            open_weight(&facts(Availability::Open, Some([true, false, true, true, false]), Scale::default()));
        assert_eq!(community.verdict, Verdict::Fail);
        let failing: Vec<&str> =
            community.criteria.iter().filter(|c| c.met == Some(false)).map(|c| c.condition).collect();
        assert_eq!(failing, ["no discrimination against persons, groups or fields of endeavour"]);
        assert_eq!(
            open_weight(&facts(Availability::Gated, all, Scale::default())).verdict,
            Verdict::InsufficientEvidence
        );
        assert_eq!(open_weight(&facts(Availability::Api, all, Scale::default())).verdict, Verdict::Fail);
    }

    #[test]
    fn the_osai_score_is_the_mean_over_graded_criteria() {
        use crate::level::Level;
        let level = |c: Component| match c {
            Component::DeploymentDataWeights => "D5".parse().unwrap_or(Level::Unknown),
            Component::TrainingCodePretraining => "C3".parse().unwrap_or(Level::Unknown),
            Component::TrainingDataSft => Level::NotApplicable,
            _ => "D1".parse().unwrap_or(Level::Unknown),
        };
        let i = osai_index(&level);
        // weights open (1), licences open (1), training code partial (0.5), base data closed (0); tuning data n/a.
        assert_eq!((i.score, i.scored), (Some(2.5 / 4.0), 4));
        assert_eq!(osai_index(&|_| Level::Unknown).score, None);
    }
}
