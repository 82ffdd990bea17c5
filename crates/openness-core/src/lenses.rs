//! Other frameworks read from the same facts: the EU AI Act's open-source exemption and
//! systemic-risk presumption, the US Executive Order 14110 reporting threshold, and the OSI's
//! Open Source AI Definition 1.0. Every result carries its reasons and is information, not
//! legal advice.

use serde::Serialize;

use crate::grade::Availability;
use crate::taxonomy::Component;

/// Printed with every lens result.
pub const DISCLAIMER: &str = "Information, not legal advice.";
/// The EU AI Act's presumption of systemic risk (Art. 51(2)): cumulative training compute above this.
pub const EU_SYSTEMIC_RISK_FLOPS: f64 = 1e25;
/// US Executive Order 14110's interim reporting threshold.
pub const US_EO_14110_FLOPS: f64 = 1e26;

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

impl Scale {
    /// Training compute: published, else estimated as 6 × parameters (active ones for a
    /// mixture of experts) × tokens. With how it was obtained.
    pub fn flops(&self) -> Option<(f64, String)> {
        if let Some(f) = self.training_flops {
            return Some((f, "published by the developer".to_owned()));
        }
        let n = self.active_parameters.or(self.parameters)?;
        let d = self.training_tokens?;
        let f = 6.0 * n as f64 * d as f64;
        let which = if self.active_parameters.is_some() { "active parameters" } else { "parameters" };
        Some((f, format!("estimated as 6 × {n} {which} × {d} tokens")))
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
    /// Scale.
    pub scale: Scale,
    /// Whether a data card or datasheet documents the training data.
    pub data_card: bool,
}

/// EU AI Act lens.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EuAiAct {
    /// Art. 53(2): released under a free and open-source licence with public weights and
    /// architecture, and without systemic risk. `None` when the facts do not decide.
    pub open_source_exemption: Option<bool>,
    /// Art. 51(2): training compute above 10^25 FLOPs. `None` when compute is unknown.
    pub systemic_risk_presumed: Option<bool>,
    /// The compute figure used.
    pub estimated_training_flops: Option<f64>,
    /// Why.
    pub reasons: Vec<String>,
    /// Always "Information, not legal advice."
    pub disclaimer: &'static str,
}

/// US EO 14110 lens.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsEo14110 {
    /// Training compute above 10^26 operations. `None` when compute is unknown.
    pub reporting_threshold_exceeded: Option<bool>,
    /// The compute figure used.
    pub estimated_training_flops: Option<f64>,
    /// Why.
    pub reasons: Vec<String>,
    /// Always "Information, not legal advice."
    pub disclaimer: &'static str,
}

/// OSAID 1.0 verdict.
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

/// The EU AI Act lens.
pub fn eu_ai_act(facts: &LensFacts) -> EuAiAct {
    let w = Component::DeploymentDataWeights as usize;
    let mut reasons = Vec::new();
    let flops = facts.scale.flops();
    let systemic = flops.as_ref().map(|(f, _)| *f > EU_SYSTEMIC_RISK_FLOPS);
    match &flops {
        Some((f, how)) => reasons.push(format!("training compute {} FLOPs ({how}) is {} the 10^25 presumption threshold", sci(*f), if *f > EU_SYSTEMIC_RISK_FLOPS { "above" } else { "below" })),
        None => reasons.push("training compute is unknown: publish parameters and training tokens (or the compute) to decide the systemic-risk presumption".to_owned()),
    }
    let public = facts.availability[w].is_downloadable();
    let candidate = match (public, facts.free[w]) {
        (false, _) => {
            reasons.push(format!("the weights are `{}`, not public", facts.availability[w]));
            Some(false)
        }
        (true, Some(true)) => {
            reasons.push("the weights are public under a licence that allows use for any purpose, modification and redistribution".to_owned());
            Some(true)
        }
        (true, Some(false)) => {
            reasons.push("the weights' licence restricts use, modification or redistribution, so it is not a free and open-source licence".to_owned());
            Some(false)
        }
        (true, None) => {
            reasons.push("the weights' licence is not recorded".to_owned());
            None
        }
    };
    let exemption = match (candidate, systemic) {
        (Some(false), _) => Some(false),
        (_, Some(true)) => {
            reasons.push("the exemption does not apply to models with systemic risk".to_owned());
            Some(false)
        }
        (Some(true), Some(false)) => Some(true),
        _ => None,
    };
    EuAiAct {
        open_source_exemption: exemption,
        systemic_risk_presumed: systemic,
        estimated_training_flops: flops.map(|(f, _)| f),
        reasons,
        disclaimer: DISCLAIMER,
    }
}

/// The US EO 14110 lens.
pub fn us_eo_14110(facts: &LensFacts) -> UsEo14110 {
    let flops = facts.scale.flops();
    let reasons = vec![match &flops {
        Some((f, how)) => format!(
            "training compute {} operations ({how}) is {} the 10^26 reporting threshold",
            sci(*f),
            if *f > US_EO_14110_FLOPS { "above" } else { "below" }
        ),
        None => "training compute is unknown".to_owned(),
    }];
    UsEo14110 {
        reporting_threshold_exceeded: flops.as_ref().map(|(f, _)| *f > US_EO_14110_FLOPS),
        estimated_training_flops: flops.map(|(f, _)| f),
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
    let verdict = if fail {
        Verdict::Fail
    } else if unknown {
        Verdict::InsufficientEvidence
    } else {
        Verdict::Pass
    };
    Osaid { verdict, reasons, disclaimer: DISCLAIMER }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(weights: Availability, free: Option<bool>, scale: Scale) -> LensFacts {
        let mut availability = [Availability::Closed; 12];
        availability[Component::DeploymentDataWeights as usize] = weights;
        let mut f = [None; 12];
        f[Component::DeploymentDataWeights as usize] = free;
        LensFacts { availability, free: f, osi: [None; 12], scale, data_card: false }
    }

    #[test]
    fn compute_is_published_or_six_n_d() {
        let s = Scale { parameters: Some(7_000_000_000), training_tokens: Some(2_000_000_000_000), ..Scale::default() };
        assert_eq!(s.flops().map(|(f, _)| f), Some(8.4e22));
        let moe = Scale {
            parameters: Some(132_000_000_000),
            active_parameters: Some(36_000_000_000),
            training_tokens: Some(12_000_000_000_000),
            training_flops: None,
        };
        assert_eq!(moe.flops().map(|(f, _)| f), Some(6.0 * 36e9 * 12e12));
        assert_eq!(Scale { training_flops: Some(2e25), ..Scale::default() }.flops().map(|(f, _)| f), Some(2e25));
        assert_eq!(Scale::default().flops(), None);
    }

    #[test]
    fn the_exemption_needs_free_public_weights_and_no_systemic_risk() {
        let small =
            Scale { parameters: Some(7_000_000_000), training_tokens: Some(2_000_000_000_000), ..Scale::default() };
        let big =
            Scale { parameters: Some(405_000_000_000), training_tokens: Some(15_600_000_000_000), ..Scale::default() };
        assert_eq!(eu_ai_act(&facts(Availability::Open, Some(true), small)).open_source_exemption, Some(true));
        assert_eq!(eu_ai_act(&facts(Availability::Open, Some(false), small)).open_source_exemption, Some(false));
        assert_eq!(eu_ai_act(&facts(Availability::Api, None, small)).open_source_exemption, Some(false));
        let large = eu_ai_act(&facts(Availability::Open, Some(true), big));
        assert_eq!((large.open_source_exemption, large.systemic_risk_presumed), (Some(false), Some(true)));
        assert_eq!(eu_ai_act(&facts(Availability::Open, Some(true), Scale::default())).open_source_exemption, None);
        assert_eq!(us_eo_14110(&facts(Availability::Open, Some(true), big)).reporting_threshold_exceeded, Some(false));
    }
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

/// The European Open Source AI Index criteria that the paper's components answer, in its
/// parameter names: base-model data, end-model (tuning) data, base-model weights, training
/// code, and licences (of the weights).
pub fn osai_index(level: &dyn Fn(Component) -> crate::level::Level) -> Vec<(&'static str, OsaiGrade)> {
    vec![
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
}
