//! SPDX 3.0.1 JSON-LD with the AI and Dataset profiles. One document per release: an
//! `ai_AIPackage` for the model (its weights' licence as a `hasDeclaredLicense` relationship to a
//! `simplelicensing_LicenseExpression`), a `dataset_DatasetPackage` per data component that exists
//! (with `dataset_datasetAvailability` from its availability, linked from the model by `trainedOn`
//! for training data and `testedOn` for evaluation data), a `software_Package` per code component
//! (linked by `generates` for training code, `other` otherwise, with the component named in the
//! comment), and for each of the twelve an `Annotation` whose statement is the component's facts
//! and level as JSON (`contentType: application/json`), on the element it describes.
//!
//! Lost in SPDX's own fields (kept in the annotations): N/A versus closed, the recorded level,
//! parts, evidence that is not a web address, who stated a fact. SPDX has no availability for
//! code, and `datasetType` is not in our facts, so it is `noAssertion`.
//!
//! Element ids are URNs under `urn:openness:<release id>:`, so documents of different releases
//! never collide and none pretends to resolve on the web.

use openness_core::{Availability, Component, Kind, Stage};
use serde_json::{Map, Value, json};

use crate::facts::{ComponentFacts, Observed, Part, ReleaseFacts};
use crate::{ImportError, Imported, is_web_url};

/// The JSON-LD context of SPDX 3.0.1.
pub const CONTEXT: &str = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld";

/// The `contentType` of our annotations, and the key that marks their statement as ours.
const ANNOTATION_CONTENT_TYPE: &str = "application/json";
const ANNOTATION_KEY: &str = "openness_component";
const RELEASE_KEY: &str = "openness_release";

struct Graph {
    base: String,
    elements: Vec<Value>,
    ids: Vec<String>,
    counter: usize,
}

impl Graph {
    fn id(&self, local: &str) -> String {
        format!("{}{local}", self.base)
    }

    fn add(&mut self, element: Value) {
        if let Some(id) = element.get("spdxId").and_then(Value::as_str) {
            self.ids.push(id.to_owned());
        }
        self.elements.push(element);
    }

    fn next(&mut self, kind: &str) -> String {
        self.counter += 1;
        self.id(&format!("{kind}/{}", self.counter))
    }

    fn licence(&mut self, from: &str, license: Option<&str>) {
        let Some(expression) = license.filter(|l| *l != "NONE" && *l != "NOASSERTION") else { return };
        let licence_id = self.next("license");
        self.add(json!({
            "type": "simplelicensing_LicenseExpression",
            "spdxId": licence_id,
            "creationInfo": "_:creationinfo",
            "simplelicensing_licenseExpression": expression,
        }));
        self.relationship(from, "hasDeclaredLicense", &licence_id, None);
    }

    fn relationship(&mut self, from: &str, kind: &str, to: &str, comment: Option<String>) {
        let mut r = Map::new();
        r.insert("type".into(), "Relationship".into());
        r.insert("spdxId".into(), self.next("relationship").into());
        r.insert("creationInfo".into(), "_:creationinfo".into());
        r.insert("from".into(), from.into());
        r.insert("relationshipType".into(), kind.into());
        r.insert("to".into(), json!([to]));
        if let Some(c) = comment {
            r.insert("comment".into(), c.into());
        }
        self.add(Value::Object(r));
    }
}

/// The `externalRefType` of a record link (the link's name goes in the comment).
fn reference_type(kind: &str) -> &'static str {
    match kind {
        "repository" | "data_preprocessing_code" => "vcs",
        "weights" | "intermediate_checkpoints" => "altDownloadLocation",
        "homepage" => "altWebPage",
        "evaluation_results" => "metrics",
        "training_logs" => "buildMeta",
        _ => "documentation",
    }
}

fn dataset_availability(a: Availability) -> Option<&'static str> {
    match a {
        Availability::Open => Some("directDownload"),
        Availability::Gated => Some("registration"),
        Availability::Api => Some("query"),
        _ => None,
    }
}

fn availability_of_dataset(text: &str) -> Availability {
    match text {
        "directDownload" | "scrapingScript" => Availability::Open,
        "registration" | "clickthrough" => Availability::Gated,
        "query" => Availability::Api,
        _ => Availability::Unknown,
    }
}

fn statement(c: &ComponentFacts) -> String {
    let observations: Vec<Value> = c.observations.iter().map(Observed::to_json).collect();
    json!({
        ANNOTATION_KEY: c.component.id(),
        "level": c.level.to_string(),
        "chosen": c.chosen,
        "observations": observations,
        "note": c.note,
    })
    .to_string()
}

/// The release's own facts that SPDX has no field for: identity, scale and the sources.
fn release_statement(release: &ReleaseFacts) -> String {
    let sources: Vec<Value> = release
        .sources
        .iter()
        .map(|s| json!({ "id": s.id, "kind": s.kind, "title": s.title, "url": s.url, "date": s.date }))
        .collect();
    json!({
        RELEASE_KEY: release.id,
        "identity": Value::Object(release.identity.clone()),
        "parameters": release.parameters,
        "training_tokens": release.training_tokens,
        "sources": sources,
    })
    .to_string()
}

/// The SPDX 3.0.1 document of one release.
pub fn export(release: &ReleaseFacts) -> Value {
    let mut g =
        Graph { base: format!("urn:openness:{}:", release.id), elements: Vec::new(), ids: Vec::new(), counter: 0 };
    let agent = g.id("agent/openness");
    let created = format!("{}T00:00:00Z", release.date());
    g.elements.push(json!({
        "type": "CreationInfo",
        "@id": "_:creationinfo",
        "specVersion": "3.0.1",
        "created": created,
        "createdBy": [agent],
    }));
    g.add(json!({ "type": "SoftwareAgent", "spdxId": agent, "creationInfo": "_:creationinfo", "name": "openness" }));

    let model = g.id("model");
    let mut package = Map::new();
    package.insert("type".into(), "ai_AIPackage".into());
    package.insert("spdxId".into(), model.clone().into());
    package.insert("creationInfo".into(), "_:creationinfo".into());
    package.insert("name".into(), release.name.clone().into());
    package.insert("software_primaryPurpose".into(), "model".into());
    package.insert("releaseTime".into(), format!("{}-01T00:00:00Z", release.release).into());
    if let Some((_, url)) = release.links.iter().find(|(k, u)| k == "weights" && is_web_url(u)) {
        package.insert("software_downloadLocation".into(), url.clone().into());
    }
    if let Some((_, url)) = release.links.iter().find(|(k, u)| k == "homepage" && is_web_url(u)) {
        package.insert("software_homePage".into(), url.clone().into());
    }
    let references: Vec<Value> = release
        .links
        .iter()
        .map(|(kind, url)| {
            json!({ "type": "ExternalRef", "externalRefType": reference_type(kind), "locator": [url], "comment": kind })
        })
        .collect();
    if !references.is_empty() {
        package.insert("externalRef".into(), references.into());
    }
    package.insert("ai_informationAboutTraining".into(), training_summary(release).into());
    let organisation = release.organisation.as_ref().map(|org| {
        let id = g.id("organisation");
        package.insert("suppliedBy".into(), id.clone().into());
        (id, org.clone())
    });
    g.add(Value::Object(package));
    if let Some((id, name)) = organisation {
        g.add(json!({ "type": "Organization", "spdxId": id, "creationInfo": "_:creationinfo", "name": name }));
    }
    let weights = release.component(Component::DeploymentDataWeights);
    g.licence(&model, weights.license());

    let mut subjects: Vec<(Component, String)> = vec![(Component::DeploymentDataWeights, model.clone())];
    for c in release.components.iter().filter(|c| c.component != Component::DeploymentDataWeights) {
        if c.availability() == Availability::NotApplicable {
            subjects.push((c.component, model.clone()));
            continue;
        }
        let id = g.id(&format!("component/{}", c.component.id()));
        let mut element = Map::new();
        element.insert("spdxId".into(), id.clone().into());
        element.insert("creationInfo".into(), "_:creationinfo".into());
        element.insert(
            "name".into(),
            format!("{}: {}", release.name, c.component.description().trim_end_matches('.')).into(),
        );
        element.insert("description".into(), c.component.id().into());
        if let Some(url) = c.evidence().iter().find(|e| is_web_url(e)) {
            element.insert("software_downloadLocation".into(), url.clone().into());
        }
        if c.component.kind() == Kind::Data {
            element.insert("type".into(), "dataset_DatasetPackage".into());
            element.insert("software_primaryPurpose".into(), "data".into());
            element.insert("dataset_datasetType".into(), json!(["noAssertion"]));
            if let Some(a) = dataset_availability(c.availability()) {
                element.insert("dataset_datasetAvailability".into(), a.into());
            }
        } else {
            element.insert("type".into(), "software_Package".into());
            element.insert("software_primaryPurpose".into(), "source".into());
        }
        g.add(Value::Object(element));
        g.licence(&id, c.license());
        match (c.component.kind(), c.component.stage()) {
            (Kind::Data, Stage::Training) => g.relationship(&model, "trainedOn", &id, None),
            (Kind::Data, _) => g.relationship(&model, "testedOn", &id, None),
            (Kind::Code, Stage::Training) => g.relationship(&id, "generates", &model, None),
            (Kind::Code, _) => g.relationship(&model, "other", &id, Some(c.component.id().to_owned())),
        }
        subjects.push((c.component, id));
    }
    for (component, subject) in subjects {
        let c = release.component(component);
        let id = g.id(&format!("annotation/{}", component.id()));
        g.add(json!({
            "type": "Annotation",
            "spdxId": id,
            "creationInfo": "_:creationinfo",
            "annotationType": "other",
            "subject": subject,
            "contentType": ANNOTATION_CONTENT_TYPE,
            "statement": statement(c),
        }));
    }
    let id = g.id("annotation/release");
    g.add(json!({
        "type": "Annotation",
        "spdxId": id,
        "creationInfo": "_:creationinfo",
        "annotationType": "other",
        "subject": model,
        "contentType": ANNOTATION_CONTENT_TYPE,
        "statement": release_statement(release),
    }));
    let document = g.id("document");
    let elements = g.ids.clone();
    g.elements.push(json!({
        "type": "SpdxDocument",
        "spdxId": document,
        "creationInfo": "_:creationinfo",
        "name": format!("openness facts of {}", release.name),
        "profileConformance": ["core", "software", "simpleLicensing", "ai", "dataset"],
        "rootElement": [model],
        "element": elements,
    }));
    json!({ "@context": CONTEXT, "@graph": g.elements })
}

/// A sentence per training component: what SPDX's `informationAboutTraining` asks for.
fn training_summary(release: &ReleaseFacts) -> String {
    let lines: Vec<String> = release
        .components
        .iter()
        .filter(|c| c.component.stage() == Stage::Training)
        .map(|c| {
            let licence = c.license().map(|l| format!(" under {l}")).unwrap_or_default();
            format!("{}: {}{licence} ({})", c.component.description().trim_end_matches('.'), c.availability(), c.level)
        })
        .collect();
    lines.join("; ")
}

/// Reads an SPDX 3 JSON-LD document into release facts.
pub fn import(text: &str) -> Result<Imported, ImportError> {
    let doc: Value = serde_json::from_str(text).map_err(ImportError::json)?;
    let graph = doc
        .get("@graph")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::at("/@graph", "not an SPDX 3 JSON-LD document: no `@graph` list"))?;
    let kind = |e: &Value| e.get("type").and_then(Value::as_str).unwrap_or_default().to_owned();
    let id = |e: &Value| e.get("spdxId").and_then(Value::as_str).map(str::to_owned);
    let (model_index, model) = graph
        .iter()
        .enumerate()
        .find(|(_, e)| kind(e) == "ai_AIPackage")
        .ok_or_else(|| ImportError::at("/@graph", "the document has no `ai_AIPackage`"))?;
    let model_pointer = format!("/@graph/{model_index}");
    let name = model
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| ImportError::at(&format!("{model_pointer}/name"), "the AI package has no name"))?
        .to_owned();
    let by_id = |wanted: &str| graph.iter().find(|e| id(e).as_deref() == Some(wanted));
    let model_id = id(model).unwrap_or_default();
    let release_id = model_id
        .strip_prefix("urn:openness:")
        .and_then(|rest| rest.strip_suffix(":model"))
        .map(str::to_owned)
        .unwrap_or_else(|| openness_catalogue::record::id_from_name(&name));
    let organisation = model
        .get("suppliedBy")
        .and_then(Value::as_str)
        .and_then(by_id)
        .and_then(|o| o.get("name"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut release = ReleaseFacts {
        id: release_id,
        name,
        organisation,
        release: model
            .get("releaseTime")
            .and_then(Value::as_str)
            .and_then(|t| t.get(..7))
            .unwrap_or_default()
            .to_owned(),
        links: Vec::new(),
        identity: Map::new(),
        parameters: None,
        training_tokens: None,
        components: Component::ALL.into_iter().map(ComponentFacts::unknown).collect(),
        sources: Vec::new(),
    };
    for r in model.get("externalRef").and_then(Value::as_array).into_iter().flatten() {
        let comment = r.get("comment").and_then(Value::as_str).filter(|c| crate::LINK_NAMES.contains(c));
        let url = r.get("locator").and_then(Value::as_array).and_then(|l| l.first()).and_then(Value::as_str);
        if let (Some(kind), Some(url)) = (comment, url) {
            release.links.push((kind.to_owned(), url.to_owned()));
        }
    }
    if release.links.is_empty() {
        for (key, link) in [("software_downloadLocation", "weights"), ("software_homePage", "homepage")] {
            if let Some(url) = model.get(key).and_then(Value::as_str) {
                release.links.push((link.to_owned(), url.to_owned()));
            }
        }
    }
    let mut ours = false;
    for (i, e) in graph.iter().enumerate() {
        if kind(e) != "Annotation" || e.get("contentType").and_then(Value::as_str) != Some(ANNOTATION_CONTENT_TYPE) {
            continue;
        }
        let Some(statement) = e.get("statement").and_then(Value::as_str) else { continue };
        let Ok(facts) = serde_json::from_str::<Value>(statement) else { continue };
        let place = format!("/@graph/{i}/statement");
        if facts.get(RELEASE_KEY).is_some() {
            read_release_annotation(&facts, &mut release, &place)?;
        } else if facts.get(ANNOTATION_KEY).is_some() {
            read_annotation(&facts, &mut release, &place)?;
            ours = true;
        }
    }
    let mut unmapped = Vec::new();
    if !ours {
        let created = graph
            .iter()
            .find(|e| kind(e) == "CreationInfo")
            .and_then(|c| c.get("created"))
            .and_then(Value::as_str)
            .and_then(|t| t.get(..10))
            .ok_or_else(|| {
                ImportError::at("/@graph", "no `CreationInfo` says when the document was made: every fact needs a date")
            })?
            .to_owned();
        let source = crate::document_source("SPDX 3 document", &release.name, &created);
        read_foreign(graph, &model_id, &mut release, &source.id, &created, &mut unmapped);
        release.sources.push(source);
    }
    Ok(Imported { release, unmapped })
}

fn read_annotation(facts: &Value, release: &mut ReleaseFacts, place: &str) -> Result<(), ImportError> {
    let component = facts
        .get(ANNOTATION_KEY)
        .and_then(Value::as_str)
        .and_then(|id| Component::from_name(id).filter(|c| c.id() == id))
        .ok_or_else(|| ImportError::at(place, "the annotation names no component of the taxonomy"))?;
    let c = &mut release.components[component as usize];
    let bad = |what: &str| ImportError::at(place, format!("`{what}` is not valid"));
    c.level = facts.get("level").and_then(Value::as_str).unwrap_or_default().parse().map_err(|_| bad("level"))?;
    c.chosen = match facts.get("chosen") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_u64().and_then(|i| usize::try_from(i).ok()).ok_or_else(|| bad("chosen"))?),
    };
    c.note = facts.get("note").and_then(Value::as_str).map(str::to_owned);
    c.observations = facts
        .get("observations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|o| Observed::from_json(o).ok_or_else(|| bad("observations")))
        .collect::<Result<_, _>>()?;
    if c.chosen.is_some_and(|i| i >= c.observations.len()) {
        return Err(bad("chosen"));
    }
    Ok(())
}

fn read_release_annotation(facts: &Value, release: &mut ReleaseFacts, place: &str) -> Result<(), ImportError> {
    if let Some(Value::Object(identity)) = facts.get("identity") {
        release.identity = identity.clone();
    }
    release.parameters = facts.get("parameters").and_then(Value::as_u64);
    release.training_tokens = facts.get("training_tokens").and_then(Value::as_u64);
    for s in facts.get("sources").and_then(Value::as_array).into_iter().flatten() {
        let id = s.get("id").and_then(Value::as_str).ok_or_else(|| ImportError::at(place, "a source without an id"))?;
        let declared = crate::read_source(id, &s.to_string())
            .ok_or_else(|| ImportError::at(place, format!("source `{id}` lacks its kind or title")))?;
        release.sources.push(declared);
    }
    Ok(())
}

/// Someone else's document: the model's declared licence is the weights', datasets it was
/// trained on are pre-training data parts, those it was tested on utility-benchmark parts.
fn read_foreign(
    graph: &[Value],
    model_id: &str,
    release: &mut ReleaseFacts,
    source: &str,
    date: &str,
    unmapped: &mut Vec<String>,
) {
    let observed = |availability, license, parts: Vec<Part>| Observed {
        source: source.to_owned(),
        as_of: date.to_owned(),
        availability,
        license,
        license_as_recorded: None,
        parts,
        recorded: None,
        evidence: Vec::new(),
        note: None,
    };
    let relationships: Vec<(usize, &Value)> = graph
        .iter()
        .enumerate()
        .filter(|(_, e)| e.get("type").and_then(Value::as_str) == Some("Relationship"))
        .collect();
    let by_id = |wanted: &str| graph.iter().find(|e| e.get("spdxId").and_then(Value::as_str) == Some(wanted));
    let declared = |from: &str| -> Option<String> {
        relationships.iter().find_map(|(_, r)| {
            let is_declared = r.get("from").and_then(Value::as_str) == Some(from)
                && r.get("relationshipType").and_then(Value::as_str) == Some("hasDeclaredLicense");
            let to = r.get("to")?.as_array()?.first()?.as_str()?;
            let licence = by_id(to)?.get("simplelicensing_licenseExpression")?.as_str()?;
            is_declared.then(|| licence.to_owned())
        })
    };
    let distributed = release.links.iter().any(|(k, _)| k == "weights");
    let availability = if distributed { Availability::Open } else { Availability::Unknown };
    let weights = &mut release.components[Component::DeploymentDataWeights as usize];
    weights.observations.push(observed(availability, declared(model_id), Vec::new()));
    weights.chosen = Some(0);
    let mut parts: Vec<(Component, Part)> = Vec::new();
    for (i, r) in &relationships {
        if r.get("from").and_then(Value::as_str) != Some(model_id) {
            continue;
        }
        let target = match r.get("relationshipType").and_then(Value::as_str) {
            Some("trainedOn") => Component::TrainingDataPretraining,
            Some("testedOn") => Component::EvaluationDataUtility,
            Some("hasDeclaredLicense") => continue,
            Some(other) => {
                unmapped.push(format!("/@graph/{i}: a `{other}` relationship of the model maps to no component"));
                continue;
            }
            None => continue,
        };
        for to in r.get("to").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            let Some(dataset) = by_id(to) else {
                unmapped.push(format!("/@graph/{i}: `{to}` is not in the document"));
                continue;
            };
            let name = dataset.get("name").and_then(Value::as_str).unwrap_or(to).to_owned();
            let availability = dataset
                .get("dataset_datasetAvailability")
                .and_then(Value::as_str)
                .map_or(Availability::Unknown, availability_of_dataset);
            parts.push((target, Part { name, availability, license: declared(to) }));
        }
    }
    for target in [Component::TrainingDataPretraining, Component::EvaluationDataUtility] {
        let mine: Vec<Part> = parts.iter().filter(|(c, _)| *c == target).map(|(_, p)| p.clone()).collect();
        if !mine.is_empty() {
            let c = &mut release.components[target as usize];
            c.observations.push(observed(Availability::Unknown, None, mine));
            c.chosen = Some(0);
        }
    }
}
