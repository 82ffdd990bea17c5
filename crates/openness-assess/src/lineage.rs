//! Lineage: the registry of well-known base models (`data/assess/base-models.yaml`, embedded)
//! and whether their licences bind derivatives.

use std::sync::OnceLock;

use serde::Deserialize;

/// The embedded registry.
pub const EMBEDDED: &str = include_str!("../../../data/assess/base-models.yaml");

/// A family of base models.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaseModel {
    /// The family's name.
    pub family: String,
    /// Lowercased starts of the Hugging Face ids of its models.
    pub prefixes: Vec<String>,
    /// Its licence (an id of the licence base).
    pub license: String,
    /// Whether derivatives must be distributed under it.
    pub binds_derivatives: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    base_models: Vec<BaseModel>,
}

/// The embedded registry, parsed once.
pub fn embedded() -> Result<&'static [BaseModel], String> {
    static REGISTRY: OnceLock<Result<Vec<BaseModel>, String>> = OnceLock::new();
    REGISTRY
        .get_or_init(|| serde_saphyr::from_str::<File>(EMBEDDED).map(|f| f.base_models).map_err(|e| e.to_string()))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// The family a model id (`org/name`, or a Hub URL) belongs to.
pub fn lookup<'a>(registry: &'a [BaseModel], id: &str) -> Option<&'a BaseModel> {
    let lower = id.to_ascii_lowercase();
    let id = lower.rsplit_once("huggingface.co/").map_or(lower.as_str(), |(_, tail)| tail);
    registry.iter().find(|b| b.prefixes.iter().any(|p| id.starts_with(p.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_are_found_by_id_and_url() {
        let r = embedded().expect("data/assess/base-models.yaml parses");
        assert_eq!(lookup(r, "meta-llama/Llama-2-13b-hf").map(|b| b.family.as_str()), Some("Llama 2"));
        assert_eq!(
            lookup(r, "https://huggingface.co/mistralai/Mistral-7B-v0.1").map(|b| b.binds_derivatives),
            Some(false)
        );
        assert_eq!(lookup(r, "someone/else"), None);
    }

    #[test]
    fn every_licence_is_in_the_base() {
        let base = openness_catalogue::embedded_licence_base().expect("valid base");
        for b in embedded().expect("parses") {
            assert!(base.get(&b.license).is_some(), "{}: {} is not in the licence base", b.family, b.license);
        }
    }
}
