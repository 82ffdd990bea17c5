//! Importer for the European Open Source AI Index's model files (`system`, `org`, and one
//! `{class: open|partial|closed, link, notes}` entry per parameter). The parameters that match
//! the paper's components become facts: base-model data → pre-training data, end-model data →
//! SFT data, base-model weights → weights, training code → pre-training code. The index's grade
//! and notes stay in each component's note; other components stay `unknown`.

use openness_core::{Component, Resolution};
use serde_json::Value;

use crate::record::{ComponentEntry, Links, RecordFile};
use crate::yaml::unspanned;

/// Who asserted the facts of imported records.
pub const OSAI_RECORDED_BY: &str = "European Open Source AI Index (osai-index.eu), CC-BY-4.0";
/// The id of the index in `data/sources/`.
pub const OSAI_SOURCE: &str = "osai-index";

/// Converts one index file into a record whose facts are observations by [`OSAI_SOURCE`] as
/// of `observed` (the date of the index's version read).
pub fn import_osai(text: &str, base: &openness_core::LicenceBase, observed: &str) -> Result<RecordFile, String> {
    let v: Value =
        serde_saphyr::from_str(text).map_err(|e| e.to_string().lines().next().unwrap_or("invalid YAML").to_owned())?;
    let system = v.get("system").ok_or("no `system` mapping")?;
    let s = |k: &str| system.get(k).and_then(Value::as_str).map(str::to_owned).filter(|x| !x.trim().is_empty());
    let name = s("name").ok_or("the system has no name")?;
    let release = s("releasedate")
        .and_then(|d| d.get(..7).map(str::to_owned))
        .filter(|d| crate::record::Release::parse(d).is_some())
        .ok_or("the system has no release date (YYYY-MM)")?;
    let licence = s("endmodellicense").and_then(|l| match base.resolve(&l) {
        Resolution::Licence(p, _) => Some(p.id.clone()),
        _ => None,
    });
    let link = |v: &Value| -> Vec<String> {
        match v.get("link") {
            Some(Value::String(u)) if !u.is_empty() => vec![u.clone()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            _ => Vec::new(),
        }
    };
    let fact = |param: &str, with_licence: bool| -> ComponentEntry {
        let Some(p) = v.get(param) else { return ComponentEntry::unknown() };
        let class = p.get("class").and_then(Value::as_str).unwrap_or("unknown");
        let availability = match class {
            "open" | "partial" => "open",
            "closed" => "closed",
            _ => "unknown",
        };
        let notes = p.get("notes").and_then(Value::as_str).unwrap_or_default();
        ComponentEntry {
            license: if with_licence && availability == "open" { licence.clone().map(unspanned) } else { None },
            evidence: link(p),
            note: Some(format!("OSAI index `{param}`: {class}. {notes}").trim().to_owned()),
            ..ComponentEntry::observed(availability, OSAI_SOURCE, observed)
        }
    };
    let entries = vec![
        (Component::TrainingDataPretraining, fact("datasources_basemodel", false)),
        (Component::TrainingDataSft, fact("datasources_endmodel", false)),
        (Component::DeploymentDataWeights, fact("weights_basemodel", true)),
        (Component::TrainingCodePretraining, fact("trainingcode", false)),
    ];
    let org = v.get("org").and_then(|o| o.get("name")).and_then(Value::as_str).map(str::to_owned);
    let links = Links { homepage: s("link"), ..Links::default() };
    Ok(RecordFile {
        organisation: org,
        links,
        variant: crate::record::variant_from_name(&name),
        aliases: vec![name.clone()],
        recorded_by: Some(OSAI_RECORDED_BY.to_owned()),
        note: s("notes"),
        ..RecordFile::new(crate::record::id_from_name(&name), name, release, entries)
    })
}
