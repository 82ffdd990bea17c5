//! The Model Openness Tool's YAML (`framework`, `release: {name, date, producer, license,
//! components}`), as MOT's schema validates it. The taxonomy's components that MOF names become
//! MOF components: pre-training code → Training code, inference code → Inference code,
//! evaluation code → Evaluation code, utility benchmarks → Evaluation data, pre-training data →
//! Datasets, weights → Model parameters (Final); the record's documents (model card, data card,
//! technical report, paper, evaluation results, intermediate checkpoints, data preprocessing
//! code) become the MOF components of the same names, with their links as `component_path`.
//!
//! MOT lists what a release includes; a closed or API-only component is listed with the licence
//! "Component not included", as MOT's own files write it; unknown and N/A ones are left out.
//! A component included without a stated licence has no `license` (MOT then falls back to the
//! release's licences, which are left empty), one released with no licence says `unlicensed`.
//! Lost: fine-tuning and alignment code, SFT and alignment data, safety
//! evaluation code and data (MOF has no such components), levels, availability beyond
//! "included", gates, parts, all evidence but one path, dates of facts, the day of the release
//! (MOT wants a full date: the first of the month is written), sources.

use openness_core::{Availability, Component};
use serde_json::{Map, Value, json};

use crate::facts::ReleaseFacts;

/// The MOF version and date MOT's files declare.
const FRAMEWORK: (&str, &str) = ("1.0", "2024-12-15");

/// The MOF component a taxonomy component maps onto, and our description of it.
pub fn mof_component(c: Component) -> Option<(&'static str, &'static str)> {
    Some(match c {
        Component::TrainingCodePretraining => ("Training code", "code that trained the model"),
        Component::DeploymentCodeInference => ("Inference code", "code that runs the model"),
        Component::EvaluationCodeGeneral => ("Evaluation code", "code that evaluated the model"),
        Component::EvaluationDataUtility => ("Evaluation data", "data the model was evaluated on"),
        Component::TrainingDataPretraining => ("Datasets", "data the model was trained on"),
        Component::DeploymentDataWeights => ("Model parameters (Final)", "the trained weights"),
        _ => return None,
    })
}

/// The MOF components that are documents, by the record's link names.
const DOCUMENTS: [(&str, &str); 7] = [
    ("model_card", "Model card"),
    ("data_card", "Data card"),
    ("technical_report", "Technical report"),
    ("paper", "Research paper"),
    ("evaluation_results", "Evaluation results"),
    ("intermediate_checkpoints", "Model parameters (Intermediate)"),
    ("data_preprocessing_code", "Data preprocessing code"),
];

/// The MOT file of one release.
pub fn export(release: &ReleaseFacts) -> String {
    let mut components = Vec::new();
    for c in &release.components {
        let Some((name, description)) = mof_component(c.component) else { continue };
        let license = match (c.availability(), c.license()) {
            // MOT's files say so in the licence field.
            (Availability::Closed | Availability::Api, _) => Some("Component not included"),
            (Availability::Open | Availability::Gated, None | Some("NOASSERTION")) => None,
            // MOT's word for "included, with no licence".
            (Availability::Open | Availability::Gated, Some("NONE")) => Some("unlicensed"),
            (Availability::Open | Availability::Gated, Some(l)) => Some(l),
            (Availability::Unknown | Availability::NotApplicable, _) => continue,
        };
        let mut entry = Map::new();
        entry.insert("name".into(), name.into());
        entry.insert("description".into(), description.into());
        if let Some(l) = license {
            entry.insert("license".into(), l.into());
        }
        if let Some(path) = c.evidence().first() {
            entry.insert("component_path".into(), path.clone().into());
        }
        components.push(Value::Object(entry));
    }
    for (link, name) in DOCUMENTS {
        if let Some((_, url)) = release.links.iter().find(|(k, _)| k == link) {
            components.push(json!({ "name": name, "description": "published document", "component_path": url }));
        }
    }
    let link = |name: &str| release.links.iter().find(|(k, _)| k == name).map(|(_, u)| u.clone());
    let mut r = Map::new();
    r.insert("name".into(), release.name.clone().into());
    r.insert("version".into(), "".into());
    r.insert("date".into(), format!("{}-01", release.release).into());
    r.insert("license".into(), json!({}));
    r.insert("producer".into(), release.organisation.clone().unwrap_or_default().into());
    if let Some(url) = link("repository") {
        r.insert("repository".into(), url.into());
    }
    if let Some(url) = link("weights") {
        r.insert("huggingface".into(), url.into());
    }
    r.insert("components".into(), components.into());
    let document = json!({
        "framework": { "name": "Model Openness Framework", "version": FRAMEWORK.0, "date": FRAMEWORK.1 },
        "release": Value::Object(r),
    });
    serde_saphyr::to_string(&document).unwrap_or_default()
}
