//! Reading the Model Openness Tool's YAML (`release: {license, components}`) into the MOF
//! components a release includes under an open licence, with MOT's own rules: a component's
//! licence, else the file's licence for its content type, else the distribution licence; open
//! means OSI-approved or FSF-libre on the SPDX list, one of the open-data licences MOT names,
//! or OpenMDW-1.0.

use std::collections::BTreeSet;

use openness_core::lenses::MofComponent;
use serde_json::Value;

/// Whether MOT counts a licence id as open.
pub fn mof_open(id: &str) -> bool {
    let id = id.trim();
    if id.is_empty() || id == "unlicensed" {
        return false;
    }
    if id == "OpenMDW-1.0" {
        return true;
    }
    let open_data =
        ["CC0", "CC-BY-", "CDLA-", "ODbL", "ODC-By", "PDDL", "GFDL-1.3", "OGL-"].iter().any(|p| id.starts_with(p))
            && !id.contains("-NC")
            && !id.contains("-ND");
    open_data || spdx::license_id(id).is_some_and(|l| l.is_osi_approved() || l.is_fsf_free_libre())
}

/// A MOT file read: the release's name and the MOF components it includes under an open licence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotRelease {
    /// `release.name`.
    pub name: String,
    /// Components included with an open licence.
    pub included: BTreeSet<MofComponent>,
    /// Components listed whose licence is not open (or missing).
    pub not_open: Vec<String>,
}

/// Reads a MOT YAML document.
pub fn read_mot(text: &str) -> Result<MotRelease, String> {
    let v: Value =
        serde_saphyr::from_str(text).map_err(|e| e.to_string().lines().next().unwrap_or("invalid YAML").to_owned())?;
    let release = v.get("release").ok_or("no `release` mapping")?;
    let name = release.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
    let global = |kind: &str| {
        release
            .get("license")
            .and_then(|l| l.get(kind))
            .and_then(|l| l.get("name"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let mut included = BTreeSet::new();
    let mut not_open = Vec::new();
    for c in release.get("components").and_then(Value::as_array).into_iter().flatten() {
        let Some(component) = c.get("name").and_then(Value::as_str).and_then(MofComponent::from_name) else { continue };
        let licence = c
            .get("license")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| global(component.content_type()))
            .or_else(|| global("distribution"));
        if licence.as_deref().is_some_and(mof_open) {
            included.insert(component);
        } else {
            not_open.push(component.name().to_owned());
        }
    }
    Ok(MotRelease { name, included, not_open })
}
