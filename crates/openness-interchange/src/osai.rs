//! The European Open Source AI Index's YAML (`system`, `org`, and one `{class, link, notes}` per
//! parameter). The index grades in three classes; ours are derived from the level: group 5
//! (C5/D5) is `open`, groups 2–4 (semi-open) are `partial`, group 1 (C1/D1 and D2, API only) is
//! `closed`. Availability parameters map from components: pre-training data →
//! `datasources_basemodel`, SFT data → `datasources_endmodel`, weights → `weights_basemodel` and
//! `weights_endmodel`, pre-training code → `trainingcode`; documentation parameters (`paper`,
//! `modelcard`, `datasheet`) are `open` with their link where the record has one; `licenses`
//! follows the weights. An unknown or N/A component has no parameter (the index has no "unknown").
//!
//! Lost: alignment code and data, evaluation code and data, inference code (the index grades
//! these differently or not at all), the exact level within semi-open, licences of everything
//! but the weights, dates of facts, sources.

use openness_core::{Availability, Component, Group, Level};
use serde_json::{Map, Value, json};

use crate::facts::{ComponentFacts, ReleaseFacts};

/// The index's class of a component, or `None` when it cannot say.
pub fn class(c: &ComponentFacts) -> Option<&'static str> {
    match c.availability() {
        Availability::Unknown | Availability::NotApplicable => return None,
        Availability::Closed | Availability::Api => return Some("closed"),
        Availability::Open | Availability::Gated => {}
    }
    Some(match c.level.group() {
        Some(Group::FullyOpen) => "open",
        Some(Group::FullyClosed) => "closed",
        _ => "partial",
    })
}

fn parameter(c: &ComponentFacts) -> Option<Value> {
    let class = class(c)?;
    let mut p = Map::new();
    p.insert("class".into(), class.into());
    // The index writes one link as a string and several as a list.
    match c.evidence() {
        [] => {}
        [one] => {
            p.insert("link".into(), one.clone().into());
        }
        many => {
            p.insert("link".into(), many.to_vec().into());
        }
    }
    let level = if c.level == Level::Unknown { String::new() } else { format!(" ({})", c.level) };
    p.insert("notes".into(), format!("openness: {}{level}", c.component.id()).into());
    Some(Value::Object(p))
}

/// The index file of one release.
pub fn export(release: &ReleaseFacts) -> String {
    let weights = release.component(Component::DeploymentDataWeights);
    let mut system = Map::new();
    system.insert("name".into(), release.name.clone().into());
    if let Some((_, url)) = release.links.iter().find(|(k, _)| k == "homepage") {
        system.insert("link".into(), url.clone().into());
    }
    system.insert("type".into(), "text".into());
    if let Some(l) = weights.license() {
        system.insert("endmodellicense".into(), l.into());
    }
    system.insert("releasedate".into(), format!("{}-01", release.release).into());
    let mut out = Map::new();
    out.insert("system".into(), Value::Object(system));
    out.insert("org".into(), json!({ "name": release.organisation.clone().unwrap_or_default() }));
    let availability = [
        ("datasources_basemodel", Component::TrainingDataPretraining),
        ("datasources_endmodel", Component::TrainingDataSft),
        ("weights_basemodel", Component::DeploymentDataWeights),
        ("weights_endmodel", Component::DeploymentDataWeights),
        ("trainingcode", Component::TrainingCodePretraining),
    ];
    for (name, component) in availability {
        if let Some(p) = parameter(release.component(component)) {
            out.insert(name.into(), p);
        }
    }
    for (name, link) in [("paper", "paper"), ("modelcard", "model_card"), ("datasheet", "data_card")] {
        if let Some((_, url)) = release.links.iter().find(|(k, _)| k == link) {
            out.insert(name.into(), json!({ "class": "open", "link": url }));
        }
    }
    if let Some(mut p) = parameter(weights) {
        if let Some(m) = p.as_object_mut() {
            m.insert("notes".into(), weights.license().unwrap_or_default().into());
        }
        out.insert("licenses".into(), p);
    }
    serde_saphyr::to_string(&Value::Object(out)).unwrap_or_default()
}
