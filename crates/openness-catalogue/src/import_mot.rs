//! Importer for the Model Openness Tool's YAML (`framework`, `release: {name, date, producer,
//! license, components}`). MOF components map onto the paper's taxonomy where they match:
//! training code, inference code, evaluation code and data, datasets and final parameters;
//! documents become links. A component the file does not list stays `unknown`.

use openness_core::{Component, Resolution};
use serde_json::Value;

use crate::record::{ComponentEntry, Links, RecordFile};
use crate::yaml::unspanned;

/// Who asserted the facts of imported records.
pub const MOT_RECORDED_BY: &str = "Model Openness Tool (lfai/model_openness_tool)";
/// The id of the tracker in `data/sources/`.
pub const MOT_SOURCE: &str = "mot";

/// A licence string from the file, cut for notes (the whole string stays in
/// `license_as_recorded`).
fn short(w: &str) -> std::borrow::Cow<'_, str> {
    openness_core::text::shortened(w, 80)
}

/// A link as MOT wrote it, kept only when it is a web address: MOT's `huggingface` field also
/// holds bare Hub ids (`org/name`), read as the Hub's address, and its document paths sometimes
/// hold a title or a word instead of an address, which no reader could follow.
fn web_link(value: Option<String>, hub_id: bool) -> Option<String> {
    let value = value?;
    let value = value.trim();
    if value.starts_with("https://") || value.starts_with("http://") {
        return Some(value.to_owned());
    }
    let is_hub_id = value.split('/').count() == 2
        && value.split('/').all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        });
    (hub_id && is_hub_id).then(|| format!("https://huggingface.co/{value}"))
}

fn component_for(mof: &str) -> Option<Component> {
    Some(match mof {
        "Training code" => Component::TrainingCodePretraining,
        "Inference code" => Component::DeploymentCodeInference,
        "Evaluation code" => Component::EvaluationCodeGeneral,
        "Evaluation data" => Component::EvaluationDataUtility,
        "Datasets" => Component::TrainingDataPretraining,
        "Model parameters (Final)" => Component::DeploymentDataWeights,
        _ => return None,
    })
}

/// Converts one MOT file into a record whose facts are observations by [`MOT_SOURCE`] as of
/// `observed` (the date of the tracker's version read). Unknown licence strings are kept in
/// `license_as_recorded` with `NOASSERTION`-like absence and a note.
pub fn import_mot(text: &str, base: &openness_core::LicenceBase, observed: &str) -> Result<RecordFile, String> {
    let v: Value =
        serde_saphyr::from_str(text).map_err(|e| e.to_string().lines().next().unwrap_or("invalid YAML").to_owned())?;
    let r = v.get("release").ok_or("no `release` mapping")?;
    let s = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_owned).filter(|x| !x.trim().is_empty());
    let name = s("name").ok_or("the release has no name")?;
    let version = s("version");
    let full = match &version {
        Some(ver) if !name.to_ascii_lowercase().contains(&ver.to_ascii_lowercase()) => format!("{name} {ver}"),
        _ => name.clone(),
    };
    let release = s("date")
        .and_then(|d| d.get(..7).map(str::to_owned))
        .filter(|d| crate::record::Release::parse(d).is_some())
        .ok_or("the release has no date (YYYY-MM-DD)")?;
    let global = |kind: &str| {
        r.get("license")
            .and_then(|l| l.get(kind))
            .and_then(|l| l.get("name"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let mut links = Links {
        repository: web_link(s("repository"), false),
        weights: web_link(s("huggingface"), true),
        ..Links::default()
    };
    let mut entries: Vec<(Component, ComponentEntry)> = Vec::new();
    for c in r.get("components").and_then(Value::as_array).into_iter().flatten() {
        let mof = c.get("name").and_then(Value::as_str).unwrap_or_default();
        let path = c.get("component_path").and_then(Value::as_str).map(str::to_owned).filter(|p| !p.is_empty());
        let document = web_link(path.clone(), false);
        match mof {
            "Model card" => links.model_card = links.model_card.take().or(document.clone()),
            "Data card" => links.data_card = links.data_card.take().or(document.clone()),
            "Technical report" => links.technical_report = links.technical_report.take().or(document.clone()),
            "Research paper" => links.paper = links.paper.take().or(document.clone()),
            "Evaluation results" => links.evaluation_results = links.evaluation_results.take().or(document.clone()),
            "Model parameters (Intermediate)" => {
                links.intermediate_checkpoints = links.intermediate_checkpoints.take().or(document.clone())
            }
            "Data preprocessing code" => {
                links.data_preprocessing_code = links.data_preprocessing_code.take().or(document.clone())
            }
            _ => {}
        }
        let Some(component) = component_for(mof) else { continue };
        let kind = if component.kind() == openness_core::Kind::Code { "code" } else { "data" };
        let written = c
            .get("license")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| global(kind))
            .or_else(|| global("distribution"));
        let (availability, license, note) = match written.as_deref().map(|w| (w, base.resolve(w))) {
            None => ("open", None, Some("listed without a licence".to_owned())),
            Some((_, Resolution::Licence(p, _))) => ("open", Some(p.id.clone()), None),
            Some((w, Resolution::NotALicence(n))) => match n.suggests.as_deref() {
                Some("NONE") => ("open", Some("NONE".to_owned()), None),
                Some(s) => ("open", Some(s.to_owned()), Some(format!("`{}` is not a licence: {}", short(w), n.note))),
                None if w.to_ascii_lowercase().contains("not include") => {
                    ("closed", None, Some(format!("MOT says: {}", short(w))))
                }
                None => ("unknown", None, Some(format!("`{}` is not a licence: {}", short(w), n.note))),
            },
            Some((w, Resolution::Unknown(_))) => {
                ("open", None, Some(format!("licence `{}` is not in the licence base", short(w))))
            }
        };
        entries.push((
            component,
            ComponentEntry {
                license: license.map(unspanned),
                license_as_recorded: written,
                evidence: path.into_iter().collect(),
                note,
                ..ComponentEntry::observed(availability, MOT_SOURCE, observed)
            },
        ));
    }
    let variant = crate::record::variant_from_name(&full);
    Ok(RecordFile {
        organisation: s("producer"),
        links,
        variant,
        aliases: vec![name.clone()],
        recorded_by: Some(MOT_RECORDED_BY.to_owned()),
        ..RecordFile::new(crate::record::id_from_name(&full), full, release, entries)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imported(huggingface: &str, paper: &str) -> RecordFile {
        let text = format!(
            "release:\n  name: Example\n  version: 7B\n  date: '2024-03-01'\n  huggingface: '{huggingface}'\n  \
             repository: 'not a link'\n  components:\n    - name: Research paper\n      component_path: '{paper}'\n"
        );
        let base = crate::catalogue::embedded_licence_base().expect("the embedded licence base loads");
        import_mot(&text, &base, "2024-12-15").expect("the generated file imports")
    }

    #[test]
    fn a_bare_hub_id_becomes_the_hubs_address_and_a_title_is_no_link() {
        let record = imported("example-org/Example-7B_v0.1", "Example: A Title With Words");
        assert_eq!(record.links.weights.as_deref(), Some("https://huggingface.co/example-org/Example-7B_v0.1"));
        assert_eq!(record.links.paper, None);
        assert_eq!(record.links.repository, None);
    }

    #[test]
    fn web_addresses_are_kept_as_written() {
        let record = imported("https://huggingface.co/example-org/Example", "https://arxiv.org/abs/2401.00001");
        assert_eq!(record.links.weights.as_deref(), Some("https://huggingface.co/example-org/Example"));
        assert_eq!(record.links.paper.as_deref(), Some("https://arxiv.org/abs/2401.00001"));
    }
}
