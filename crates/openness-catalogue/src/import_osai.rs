//! Importer for the European Open Source AI Index's model files (`system`, `org`, and one
//! `{class: open|partial|closed, link, notes}` entry per parameter) and for those of its frozen
//! predecessor, Opening up ChatGPT (`project`, the same classes, no release date). The
//! parameters that match the paper's components become facts: base-model data → pre-training
//! data, end-model data → SFT data, RL data → alignment data, base-model weights → weights,
//! training code → pre-training code. The grade and notes stay in each component's note; other
//! components stay `unknown`. A file without a release date gives a record with an empty
//! `release`, which can only be merged into an existing record of the same name.

use openness_core::{Component, Resolution};
use serde_json::Value;

use crate::record::{ComponentEntry, Links, RecordFile};
use crate::yaml::unspanned;

/// Who asserted the facts of imported records.
pub const OSAI_RECORDED_BY: &str = "European Open Source AI Index (osai-index.eu), CC-BY-4.0";
/// The id of the index in `data/sources/`.
pub const OSAI_SOURCE: &str = "osai-index";

/// Who asserted the facts of records imported from Opening up ChatGPT.
pub const OUC_RECORDED_BY: &str = "Opening up ChatGPT (Liesenfeld et al. 2023), CC-BY-4.0";
/// The id of Opening up ChatGPT in `data/sources/`.
pub const OUC_SOURCE: &str = "opening-up-chatgpt";

/// Where a tracker of this family keeps what.
struct Layout {
    root: &'static str,
    release: Option<&'static str>,
    licence: &'static str,
    criteria: [(Component, &'static str, bool); 5],
    source: &'static str,
    recorded_by: &'static str,
    label: &'static str,
}

const OSAI: Layout = Layout {
    root: "system",
    release: Some("releasedate"),
    licence: "endmodellicense",
    criteria: [
        (Component::TrainingDataPretraining, "datasources_basemodel", false),
        (Component::TrainingDataSft, "datasources_endmodel", false),
        (Component::TrainingDataAlignment, "-", false),
        (Component::DeploymentDataWeights, "weights_basemodel", true),
        (Component::TrainingCodePretraining, "trainingcode", false),
    ],
    source: OSAI_SOURCE,
    recorded_by: OSAI_RECORDED_BY,
    label: "OSAI index",
};

const OUC: Layout = Layout {
    root: "project",
    release: None,
    licence: "license",
    criteria: [
        (Component::TrainingDataPretraining, "llmdata", false),
        (Component::TrainingDataSft, "-", false),
        (Component::TrainingDataAlignment, "rldata", false),
        (Component::DeploymentDataWeights, "llmweights", true),
        (Component::TrainingCodePretraining, "opencode", false),
    ],
    source: OUC_SOURCE,
    recorded_by: OUC_RECORDED_BY,
    label: "Opening up ChatGPT",
};

/// Converts one index file into a record whose facts are observations by [`OSAI_SOURCE`] as
/// of `observed` (the date of the index's version read).
pub fn import_osai(text: &str, base: &openness_core::LicenceBase, observed: &str) -> Result<RecordFile, String> {
    import_criteria(text, base, observed, &OSAI)
}

/// Converts one Opening up ChatGPT project file into a record (with an empty `release`: the
/// list gives none) whose facts are observations by [`OUC_SOURCE`] as of `observed`.
pub fn import_ouc(text: &str, base: &openness_core::LicenceBase, observed: &str) -> Result<RecordFile, String> {
    import_criteria(text, base, observed, &OUC)
}

fn import_criteria(
    text: &str,
    base: &openness_core::LicenceBase,
    observed: &str,
    layout: &Layout,
) -> Result<RecordFile, String> {
    let v: Value =
        serde_saphyr::from_str(text).map_err(|e| e.to_string().lines().next().unwrap_or("invalid YAML").to_owned())?;
    let system = v.get(layout.root).ok_or_else(|| format!("no `{}` mapping", layout.root))?;
    let s = |k: &str| system.get(k).and_then(Value::as_str).map(str::to_owned).filter(|x| !x.trim().is_empty());
    let name = s("name").ok_or_else(|| format!("the {} has no name", layout.root))?;
    let release = match layout.release {
        Some(key) => s(key)
            .and_then(|d| d.get(..7).map(str::to_owned))
            .filter(|d| crate::record::Release::parse(d).is_some())
            .ok_or_else(|| format!("the {} has no release date (YYYY-MM)", layout.root))?,
        None => String::new(),
    };
    let licence = s(layout.licence).and_then(|l| match base.resolve(&l) {
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
            note: Some(format!("{} `{param}`: {class}. {notes}", layout.label).trim().to_owned()),
            ..ComponentEntry::observed(availability, layout.source, observed)
        }
    };
    let entries = layout
        .criteria
        .iter()
        .filter(|(_, param, _)| *param != "-")
        .map(|(c, param, licensed)| (*c, fact(param, *licensed)))
        .collect();
    let org = v.get("org").and_then(|o| o.get("name")).and_then(Value::as_str).map(str::to_owned);
    let links = Links { homepage: s("link"), ..Links::default() };
    Ok(RecordFile {
        organisation: org,
        links,
        variant: crate::record::variant_from_name(&name),
        aliases: vec![name.clone()],
        recorded_by: Some(layout.recorded_by.to_owned()),
        note: s("notes"),
        ..RecordFile::new(crate::record::id_from_name(&name), name, release, entries)
    })
}
