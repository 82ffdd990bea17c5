//! CycloneDX 1.7 (JSON): the release as a `machine-learning-model` component (the BOM's subject,
//! in `metadata.component`) with a `modelCard`; each other component of the taxonomy that exists
//! as a `data` or `application` component with its licences and links; datasets named as parts as
//! nested `data` components; the facts and level of each of the twelve as properties under
//! `openness:component:<id>:<field>`; and who stated each component's facts, and when, as 1.7
//! `citations` pointing at those properties, attributed to the source (an organisation listed in
//! `declarations.targets.organizations`).
//!
//! Reading accepts our own BOMs (the properties are authoritative) and others': the model
//! component's licences become the weights' licence, its model card's datasets the pre-training
//! data's parts; what maps to no fact is reported.

use openness_core::{Availability, Component, Kind, Level};
use serde_json::{Map, Value, json};

use crate::facts::{ComponentFacts, Observed, Part, ReleaseFacts};
use crate::{ImportError, Imported, deterministic_uuid, is_web_url, licence_is_spdx_id};

/// The namespace of every property this crate writes.
pub const PROPERTY_NAMESPACE: &str = "openness";

/// The subject's `bom-ref`.
const MODEL_REF: &str = "model";

fn component_ref(c: Component) -> String {
    format!("component:{}", c.id())
}

/// The name of the property holding `field` of component `c`.
fn property(c: Component, field: &str) -> String {
    format!("{PROPERTY_NAMESPACE}:component:{}:{field}", c.id())
}

/// CycloneDX `licenses` for a licence field: an SPDX id, an expression, or nothing for `NONE`
/// (the property says `NONE`).
fn licenses(license: Option<&str>) -> Option<Value> {
    let license = license?;
    if license == "NONE" || license == "NOASSERTION" {
        return None;
    }
    Some(if licence_is_spdx_id(license) {
        json!([{ "license": { "id": license } }])
    } else {
        json!([{ "expression": license }])
    })
}

/// The external-reference type and comment of a record link.
fn link_reference(kind: &str) -> &'static str {
    match kind {
        "homepage" => "website",
        "repository" | "data_preprocessing_code" => "vcs",
        "weights" | "intermediate_checkpoints" => "distribution",
        "model_card" => "model-card",
        "evaluation_results" => "quality-metrics",
        "training_logs" => "log",
        _ => "documentation",
    }
}

fn push(properties: &mut Vec<Value>, name: String, value: impl Into<String>) -> usize {
    properties.push(json!({ "name": name, "value": value.into() }));
    properties.len() - 1
}

/// The properties of one component: the level and the facts shown (for readers), which
/// observation they come from, and every observation whole. Returns, per observation, the
/// indices its citation points at.
fn component_properties(c: &ComponentFacts, properties: &mut Vec<Value>) -> Vec<Vec<usize>> {
    let id = c.component;
    let mut shown = vec![
        push(properties, property(id, "level"), c.level.to_string()),
        push(properties, property(id, "availability"), c.availability().keyword()),
    ];
    if let Some(l) = c.license() {
        shown.push(push(properties, property(id, "license"), l));
    }
    if let Some(i) = c.chosen {
        shown.push(push(properties, property(id, "chosen"), i.to_string()));
    }
    if let Some(n) = &c.note {
        push(properties, property(id, "note"), n.clone());
    }
    c.observations
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let mut cited = vec![push(properties, property(id, "observation"), o.to_json().to_string())];
            if c.chosen == Some(i) {
                cited.extend(&shown);
            }
            cited
        })
        .collect()
}

fn timestamp(date: &str) -> String {
    let day = if date.len() == 7 { format!("{date}-01") } else { date.to_owned() };
    format!("{day}T00:00:00Z")
}

/// A `data` or `application` component for one of the taxonomy's components.
fn taxonomy_component(release: &ReleaseFacts, c: &ComponentFacts) -> Value {
    let kind = if c.component.kind() == Kind::Data { "data" } else { "application" };
    let mut out = Map::new();
    out.insert("type".into(), kind.into());
    out.insert("bom-ref".into(), component_ref(c.component).into());
    out.insert("name".into(), format!("{}: {}", release.name, c.component.description().trim_end_matches('.')).into());
    out.insert(
        "description".into(),
        format!("{} ({})", c.component.description().trim_end_matches('.'), c.component.id()).into(),
    );
    if let Some(l) = licenses(c.license()) {
        out.insert("licenses".into(), l);
    }
    let references: Vec<Value> = c
        .evidence()
        .iter()
        .filter(|e| is_web_url(e))
        .map(|e| json!({ "type": "evidence", "url": e, "comment": "evidence of the facts" }))
        .collect();
    if !references.is_empty() {
        out.insert("externalReferences".into(), references.into());
    }
    if c.component.kind() == Kind::Data {
        out.insert(
            "data".into(),
            json!([{ "type": "dataset", "name": c.component.description().trim_end_matches('.') }]),
        );
    }
    if !c.parts().is_empty() {
        let parts: Vec<Value> = c
            .parts()
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut part = Map::new();
                part.insert("type".into(), kind.into());
                part.insert("bom-ref".into(), format!("{}:part:{i}", component_ref(c.component)).into());
                part.insert("name".into(), p.name.clone().into());
                if let Some(l) = licenses(p.license.as_deref()) {
                    part.insert("licenses".into(), l);
                }
                if c.component.kind() == Kind::Data {
                    part.insert("data".into(), json!([{ "type": "dataset", "name": p.name }]));
                }
                Value::Object(part)
            })
            .collect();
        out.insert("components".into(), parts.into());
    }
    Value::Object(out)
}

/// The BOM of one release.
pub fn export(release: &ReleaseFacts) -> Value {
    let mut properties = Vec::new();
    push(&mut properties, format!("{PROPERTY_NAMESPACE}:id"), release.id.clone());
    push(&mut properties, format!("{PROPERTY_NAMESPACE}:release"), release.release.clone());
    if let Some(p) = release.parameters {
        push(&mut properties, format!("{PROPERTY_NAMESPACE}:parameters"), p.to_string());
    }
    if let Some(t) = release.training_tokens {
        push(&mut properties, format!("{PROPERTY_NAMESPACE}:training_tokens"), t.to_string());
    }
    push(
        &mut properties,
        format!("{PROPERTY_NAMESPACE}:identity"),
        Value::Object(release.identity.clone()).to_string(),
    );
    // Links that are not web addresses cannot be external references; they stay properties.
    for (kind, text) in release.links.iter().filter(|(_, u)| !is_web_url(u)) {
        push(&mut properties, format!("{PROPERTY_NAMESPACE}:link:{kind}"), text.clone());
    }
    for source in &release.sources {
        let declared = json!({ "kind": source.kind, "title": source.title, "url": source.url, "date": source.date });
        push(&mut properties, format!("{PROPERTY_NAMESPACE}:source:{}", source.id), declared.to_string());
    }
    let mut citations = Vec::new();
    for c in &release.components {
        let cited = component_properties(c, &mut properties);
        for (i, (o, pointers)) in c.observations.iter().zip(cited).enumerate() {
            let mut citation = Map::new();
            citation.insert("bom-ref".into(), format!("citation:{}:{i}", c.component.id()).into());
            citation.insert(
                "pointers".into(),
                pointers.iter().map(|p| Value::String(format!("/metadata/component/properties/{p}"))).collect(),
            );
            citation.insert("timestamp".into(), timestamp(&o.as_of).into());
            citation.insert("attributedTo".into(), format!("source:{}", o.source).into());
            if !o.evidence.is_empty() {
                citation.insert("note".into(), format!("Evidence: {}", o.evidence.join(" ")).into());
            }
            citations.push(Value::Object(citation));
        }
    }

    let weights = release.component(Component::DeploymentDataWeights);
    let existing: Vec<&ComponentFacts> = release
        .components
        .iter()
        .filter(|c| c.component != Component::DeploymentDataWeights && c.availability() != Availability::NotApplicable)
        .collect();
    let datasets: Vec<Value> = existing
        .iter()
        .filter(|c| c.component.kind() == Kind::Data)
        .map(|c| json!({ "ref": component_ref(c.component) }))
        .collect();

    let mut model = Map::new();
    model.insert("type".into(), "machine-learning-model".into());
    model.insert("bom-ref".into(), MODEL_REF.into());
    model.insert("name".into(), release.name.clone().into());
    if let Some(org) = &release.organisation {
        model.insert("supplier".into(), json!({ "name": org }));
    }
    if let Some(l) = licenses(weights.license()) {
        model.insert("licenses".into(), l);
    }
    let references: Vec<Value> = release
        .links
        .iter()
        .filter(|(_, url)| is_web_url(url))
        .map(|(kind, url)| json!({ "type": link_reference(kind), "url": url, "comment": kind }))
        .collect();
    if !references.is_empty() {
        model.insert("externalReferences".into(), references.into());
    }
    let mut card = Map::new();
    card.insert("bom-ref".into(), "model-card".into());
    if !datasets.is_empty() {
        card.insert("modelParameters".into(), json!({ "datasets": datasets }));
    }
    model.insert("modelCard".into(), Value::Object(card));
    model.insert("properties".into(), properties.into());

    let organisations: Vec<Value> = release
        .sources
        .iter()
        .map(|s| {
            let mut o = Map::new();
            o.insert("bom-ref".into(), format!("source:{}", s.id).into());
            o.insert("name".into(), s.title.clone().into());
            if let Some(url) = s.url.as_ref().filter(|u| is_web_url(u)) {
                o.insert("url".into(), json!([url]));
            }
            Value::Object(o)
        })
        .collect();
    let mut bom = Map::new();
    bom.insert("bomFormat".into(), "CycloneDX".into());
    bom.insert("specVersion".into(), "1.7".into());
    bom.insert("serialNumber".into(), format!("urn:uuid:{}", deterministic_uuid(&release.id)).into());
    bom.insert("version".into(), 1.into());
    bom.insert(
        "metadata".into(),
        json!({
            "timestamp": timestamp(&release.date()),
            "tools": { "components": [{
                "type": "application", "bom-ref": "tool:openness", "name": "openness",
                "version": env!("CARGO_PKG_VERSION"),
            }] },
            "component": Value::Object(model),
        }),
    );
    bom.insert("components".into(), existing.iter().map(|c| taxonomy_component(release, c)).collect());
    if !organisations.is_empty() {
        bom.insert("declarations".into(), json!({ "targets": { "organizations": organisations } }));
    }
    if !citations.is_empty() {
        bom.insert("citations".into(), citations.into());
    }
    Value::Object(bom)
}

/// Reads a CycloneDX document into release facts (`level` is left `Unknown`: the catalogue
/// computes it again).
pub fn import(text: &str) -> Result<Imported, ImportError> {
    let bom: Value = serde_json::from_str(text).map_err(ImportError::json)?;
    if bom.get("bomFormat").and_then(Value::as_str) != Some("CycloneDX") {
        return Err(ImportError::at("/bomFormat", "not a CycloneDX BOM: `bomFormat` is not \"CycloneDX\""));
    }
    let (model_pointer, model) = find_model(&bom)?;
    let mut unmapped = Vec::new();
    let name = model
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| ImportError::at(&format!("{model_pointer}/name"), "the model component has no name"))?
        .to_owned();
    let properties: Vec<(String, String)> = model
        .get("properties")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p.get("name")?.as_str()?.to_owned(), p.get("value")?.as_str()?.to_owned())))
        .collect();
    let ours = |key: &str| {
        properties.iter().find(|(k, _)| k == &format!("{PROPERTY_NAMESPACE}:{key}")).map(|(_, v)| v.clone())
    };
    let mut release = ReleaseFacts {
        id: ours("id").unwrap_or_else(|| openness_catalogue::record::id_from_name(&name)),
        name,
        organisation: model.pointer("/supplier/name").and_then(Value::as_str).map(str::to_owned),
        release: ours("release")
            .or_else(|| {
                bom.pointer("/metadata/timestamp").and_then(Value::as_str).and_then(|t| t.get(..7)).map(str::to_owned)
            })
            .unwrap_or_default(),
        links: Vec::new(),
        identity: match ours("identity").map(|i| serde_json::from_str::<Value>(&i)) {
            Some(Ok(Value::Object(map))) => map,
            _ => Map::new(),
        },
        parameters: ours("parameters").and_then(|p| p.parse().ok()),
        training_tokens: ours("training_tokens").and_then(|p| p.parse().ok()),
        components: Component::ALL.into_iter().map(ComponentFacts::unknown).collect(),
        sources: properties
            .iter()
            .filter_map(|(k, v)| {
                let id = k.strip_prefix(&format!("{PROPERTY_NAMESPACE}:source:"))?;
                crate::read_source(id, v)
            })
            .collect(),
    };
    for (i, r) in model.get("externalReferences").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let (Some(url), comment) = (r.get("url").and_then(Value::as_str), r.get("comment").and_then(Value::as_str))
        else {
            continue;
        };
        match comment.filter(|c| crate::LINK_NAMES.contains(c)) {
            Some(kind) => release.links.push((kind.to_owned(), url.to_owned())),
            None => match r.get("type").and_then(Value::as_str) {
                Some("website") => release.links.push(("homepage".into(), url.into())),
                Some("vcs") => release.links.push(("repository".into(), url.into())),
                Some("distribution") => release.links.push(("weights".into(), url.into())),
                Some("model-card") => release.links.push(("model_card".into(), url.into())),
                _ => {
                    unmapped.push(format!("{model_pointer}/externalReferences/{i}: a reference that is no record link"))
                }
            },
        }
    }
    for (k, v) in &properties {
        if let Some(kind) = k.strip_prefix(&format!("{PROPERTY_NAMESPACE}:link:")) {
            release.links.push((kind.to_owned(), v.clone()));
        }
    }
    release.links.sort();
    let has_ours = properties.iter().any(|(k, _)| k.starts_with(&format!("{PROPERTY_NAMESPACE}:component:")));
    if has_ours {
        read_properties(&properties, &mut release, &model_pointer)?;
    } else {
        let date = bom
            .pointer("/metadata/timestamp")
            .and_then(Value::as_str)
            .and_then(|t| t.get(..10))
            .ok_or_else(|| {
                ImportError::at("/metadata/timestamp", "the BOM does not say when it was made: every fact needs a date")
            })?
            .to_owned();
        let source = crate::document_source("CycloneDX BOM", &release.name, &date);
        read_foreign(&bom, model, &model_pointer, &mut release, &source.id, &date, &mut unmapped);
        release.sources.push(source);
    }
    Ok(Imported { release, unmapped })
}

fn find_model(bom: &Value) -> Result<(String, &Value), ImportError> {
    let is_model = |c: &Value| c.get("type").and_then(Value::as_str) == Some("machine-learning-model");
    if let Some(c) = bom.pointer("/metadata/component").filter(|c| is_model(c)) {
        return Ok(("/metadata/component".to_owned(), c));
    }
    bom.get("components")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .find(|(_, c)| is_model(c))
        .map(|(i, c)| (format!("/components/{i}"), c))
        .ok_or_else(|| ImportError::at("/components", "the BOM has no `machine-learning-model` component"))
}

/// Our own properties: every observation, losslessly.
fn read_properties(
    properties: &[(String, String)],
    release: &mut ReleaseFacts,
    model_pointer: &str,
) -> Result<(), ImportError> {
    let prefix = format!("{PROPERTY_NAMESPACE}:component:");
    for (i, (key, value)) in properties.iter().enumerate() {
        let Some(rest) = key.strip_prefix(&prefix) else { continue };
        let place = format!("{model_pointer}/properties/{i}");
        let (id, field) =
            rest.rsplit_once(':').ok_or_else(|| ImportError::at(&place, format!("`{key}` names no field")))?;
        let component = Component::from_name(id)
            .filter(|c| c.id() == id)
            .ok_or_else(|| ImportError::at(&place, format!("`{id}` is not one of the twelve component ids")))?;
        let c = &mut release.components[component as usize];
        let bad = |what: &str| ImportError::at(&place, format!("`{value}` is not {what}"));
        match field {
            "level" => c.level = value.parse::<Level>().map_err(|_| bad("a level"))?,
            "chosen" => c.chosen = Some(value.parse().map_err(|_| bad("an observation's index"))?),
            "observation" => {
                let observed = serde_json::from_str(value).ok().and_then(|v| Observed::from_json(&v));
                c.observations.push(observed.ok_or_else(|| bad("an observation"))?);
            }
            "note" => c.note = Some(value.clone()),
            // Shown for readers; the observations say it all.
            "availability" | "license" => {}
            _ => return Err(ImportError::at(&place, format!("unknown field `{field}`"))),
        }
    }
    for c in &release.components {
        if c.chosen.is_some_and(|i| i >= c.observations.len()) {
            return Err(ImportError::at(model_pointer, format!("{}: the chosen observation is missing", c.component)));
        }
    }
    Ok(())
}

fn licence_of(component: &Value) -> Option<String> {
    let choices = component.get("licenses")?.as_array()?;
    let terms: Vec<String> = choices
        .iter()
        .filter_map(|l| {
            l.get("expression")
                .and_then(Value::as_str)
                .or_else(|| l.pointer("/license/id").and_then(Value::as_str))
                .or_else(|| l.pointer("/license/name").and_then(Value::as_str))
                .map(str::to_owned)
        })
        .collect();
    match terms.len() {
        0 => None,
        1 => terms.into_iter().next(),
        // CycloneDX lists several licences when all apply.
        _ => Some(terms.iter().map(|t| format!("({t})")).collect::<Vec<_>>().join(" AND ")),
    }
}

/// Someone else's BOM: the model's licences are the weights', its card's datasets the
/// pre-training data's parts.
fn read_foreign(
    bom: &Value,
    model: &Value,
    model_pointer: &str,
    release: &mut ReleaseFacts,
    source: &str,
    date: &str,
    unmapped: &mut Vec<String>,
) {
    let distributed = release.links.iter().any(|(k, _)| k == "weights");
    let observed = |availability, license, parts, note: &str| Observed {
        source: source.to_owned(),
        as_of: date.to_owned(),
        availability,
        license,
        license_as_recorded: None,
        parts,
        recorded: None,
        evidence: Vec::new(),
        note: Some(note.to_owned()),
    };
    let weights = &mut release.components[Component::DeploymentDataWeights as usize];
    let availability = if distributed { Availability::Open } else { Availability::Unknown };
    weights.observations.push(observed(availability, licence_of(model), Vec::new(), "the model component's licences"));
    weights.chosen = Some(0);
    let components: Vec<&Value> = bom.get("components").and_then(Value::as_array).into_iter().flatten().collect();
    let by_ref = |r: &str| components.iter().copied().find(|c| c.get("bom-ref").and_then(Value::as_str) == Some(r));
    let datasets = model.pointer("/modelCard/modelParameters/datasets").and_then(Value::as_array);
    let mut parts = Vec::new();
    for (i, d) in datasets.into_iter().flatten().enumerate() {
        let (name, licence) = match d.get("ref").and_then(Value::as_str) {
            Some(r) => match by_ref(r) {
                Some(c) => (c.get("name").and_then(Value::as_str).map(str::to_owned), licence_of(c)),
                None => {
                    unmapped.push(format!(
                        "{model_pointer}/modelCard/modelParameters/datasets/{i}: `{r}` names no component"
                    ));
                    continue;
                }
            },
            None => (d.get("name").and_then(Value::as_str).map(str::to_owned), None),
        };
        match name {
            Some(name) => parts.push(Part { name, availability: Availability::Unknown, license: licence }),
            None => unmapped
                .push(format!("{model_pointer}/modelCard/modelParameters/datasets/{i}: a dataset without a name")),
        }
    }
    if !parts.is_empty() {
        let data = &mut release.components[Component::TrainingDataPretraining as usize];
        data.observations.push(observed(
            Availability::Unknown,
            None,
            parts,
            "the model card's datasets; how each is available is not stated",
        ));
        data.chosen = Some(0);
    }
    for (i, c) in components.iter().enumerate() {
        if format!("/components/{i}") == model_pointer {
            continue;
        }
        let referenced =
            datasets.into_iter().flatten().any(|d| d.get("ref") == c.get("bom-ref") && c.get("bom-ref").is_some());
        if !referenced {
            let what = c.get("name").and_then(Value::as_str).unwrap_or("unnamed");
            unmapped.push(format!("/components/{i}: `{what}` maps to no component of the taxonomy"));
        }
    }
}
