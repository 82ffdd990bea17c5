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
    /// Whether the family's own tuned (instruct, chat) variants went through a preference or
    /// reinforcement stage, as its developer's technical reports describe.
    #[serde(default)]
    pub tuned_variants_aligned: bool,
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

/// The family whose own models the release belongs to, by its name (`name` of an `org/name-`
/// prefix starting the release's name).
pub fn family_of<'a>(registry: &'a [BaseModel], release: &str) -> Option<&'a BaseModel> {
    let name = format!("{}-", release.to_ascii_lowercase());
    // The longest matching name decides (`llama-2-` over `llama-`).
    registry
        .iter()
        .filter_map(|b| {
            b.prefixes
                .iter()
                .filter_map(|p| p.rsplit_once('/').map(|(_, n)| n))
                .filter(|n| n.ends_with('-') && name.starts_with(n))
                .map(str::len)
                .max()
                .map(|len| (len, b))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, b)| b)
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
    fn a_release_named_after_a_family_is_of_it() {
        let r = embedded().expect("parses");
        assert_eq!(family_of(r, "Llama-2-70b-chat").map(|b| b.family.as_str()), Some("Llama 2"));
        assert_eq!(family_of(r, "gemma-2-27b-it").map(|b| b.family.as_str()), Some("Gemma (1, 2)"));
        assert_eq!(family_of(r, "llamafied-thing"), None);
    }

    #[test]
    fn every_licence_is_in_the_base() {
        let base = openness_catalogue::embedded_licence_base().expect("valid base");
        for b in embedded().expect("parses") {
            assert!(base.get(&b.license).is_some(), "{}: {} is not in the licence base", b.family, b.license);
        }
    }
}
