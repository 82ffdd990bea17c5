//! The phrase lists and patterns evidence is read with: data (`data/assess/phrases.yaml`,
//! embedded), not code, so that they are reviewed like the licence base and tested as data.

use std::sync::OnceLock;

use serde::Deserialize;

/// The embedded phrase file.
pub const EMBEDDED: &str = include_str!("../../../data/assess/phrases.yaml");

/// A cue: phrases matched anywhere, words matched whole, optionally only beside a subject and
/// never where an exception matches.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    /// Matched anywhere.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Matched as whole words.
    #[serde(default)]
    pub words: Vec<String>,
    /// File names starting with one of these (path cues).
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// Exact file names (path cues).
    #[serde(default)]
    pub files: Vec<String>,
    /// The cue matches only where this matches too.
    #[serde(default)]
    pub subject: Option<Box<Cue>>,
    /// The cue never matches where this matches.
    #[serde(default)]
    pub unless: Option<Box<Cue>>,
}

/// Whether `word` occurs in `text` with no letter or digit on either side.
pub fn has_word(text: &str, word: &str) -> bool {
    !word.is_empty()
        && text.match_indices(word).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + word.len()..].chars().next();
            before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
        })
}

impl Cue {
    /// The term of the cue found in `lower` (lowercased text), if the cue matches.
    pub fn term(&self, lower: &str) -> Option<&str> {
        if self.subject.as_ref().is_some_and(|s| s.term(lower).is_none()) {
            return None;
        }
        if self.unless.as_ref().is_some_and(|u| u.term(lower).is_some()) {
            return None;
        }
        self.phrases
            .iter()
            .find(|p| lower.contains(p.as_str()))
            .or_else(|| self.words.iter().find(|w| has_word(lower, w)))
            .map(String::as_str)
    }

    /// Whether the cue matches `lower`.
    pub fn matches(&self, lower: &str) -> bool {
        self.term(lower).is_some()
    }

    /// Whether the cue matches a lowercased file name (prefixes and exact names) or its words.
    pub fn matches_file(&self, name: &str) -> bool {
        self.files.iter().any(|f| f == name) || self.prefixes.iter().any(|p| name.starts_with(p.as_str()))
    }
}

/// Names of releases.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    /// Tuned releases.
    pub tuned: Cue,
    /// Aligned releases.
    pub aligned: Cue,
    /// Name tokens starting with these are tuned.
    pub tuned_prefixes: Vec<String>,
    /// Base releases.
    pub base: Cue,
    /// Size suffixes (`7b`).
    pub size_suffixes: Vec<char>,
    /// Markers of a variant's name.
    pub variants: Variants,
}

/// Markers that make a name a variant of the release's.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variants {
    /// A tuned product.
    pub tuned: Cue,
    /// An intermediate checkpoint of the supervised stage.
    pub sft: Cue,
}

/// Stages in prose.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stages {
    /// Supervised fine-tuning.
    pub sft: Cue,
    /// Alignment.
    pub alignment: Cue,
    /// A base model only.
    pub base: Cue,
    /// A sentence presenting the repository as a pretrained checkpoint.
    pub base_self: Cue,
    /// A sentence about a family's variants.
    pub family: Cue,
    /// A sentence about the release itself.
    pub self_reference: Cue,
    /// A description of pre-training.
    pub pretraining: Cue,
    /// A sentence saying the release was made from another model.
    pub derived: Cue,
    /// Fields of a card naming the model the release was tuned from.
    pub derivative: Cue,
    /// Code that runs a model as a chat model.
    pub chat_usage: Cue,
    /// The turns of a conversation in a prompt format.
    pub chat_turns: Cue,
    /// A sentence saying how the release was tuned (on what, by which procedure), not only
    /// that it is a chat or instruct model.
    pub tuning_described: Cue,
    /// A sentence saying the release went through no preference or reinforcement stage.
    pub no_preference: Cue,
}

/// Weights.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// Gated access.
    pub gated: Cue,
    /// Not released.
    pub closed: Cue,
    /// Where to download.
    pub download: Cue,
    /// Download commands.
    pub commands: Cue,
    /// Weight hosts.
    pub hosts: Vec<String>,
    /// Host paths that are not models.
    pub not_models: Vec<String>,
    /// Download script name prefixes.
    pub scripts: Vec<String>,
}

/// Training data.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// Not released.
    pub closed: Cue,
    /// Training context.
    pub training_context: Cue,
    /// Evaluation context.
    pub evaluation_context: Cue,
    /// Evaluation headings.
    pub evaluation_sections: Cue,
    /// Negations before a name.
    pub negations: Cue,
    /// Derived data.
    pub derived: Cue,
    /// Partitive phrases.
    pub partitives: Vec<String>,
    /// A sentence that links pre-training data.
    pub linked_pretraining: Cue,
    /// A sentence that links fine-tuning data.
    pub linked_sft: Cue,
    /// A sentence that links preference data.
    pub linked_alignment: Cue,
    /// Data card file names.
    pub data_cards: Vec<String>,
    /// Headings of a section that describes the training data.
    pub training_sections: Cue,
    /// A set made by a model (synthetic, generated by a model).
    pub generated: Cue,
    /// Words of a dataset's name that say which tuning stage it feeds.
    pub command_stages: CommandStages,
    /// A sentence showing users what they may train on, not what the release was trained on.
    pub usage: Cue,
}

/// Words of a dataset's name that say which tuning stage it feeds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandStages {
    /// Supervised fine-tuning.
    pub sft: Cue,
    /// Preference or reinforcement tuning.
    pub alignment: Cue,
}

/// Evaluation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// Safety evaluation.
    pub safety: Cue,
    /// Internal benchmarks.
    pub internal: Cue,
    /// Evaluation data the repository ships (beside a link to its own files).
    pub shipped: Cue,
}

/// Licences in prose and files.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licences {
    /// Markers before a licence name.
    pub markers: Vec<String>,
    /// Licence headings.
    pub headings: Vec<String>,
    /// Clause breaks.
    pub clause_breaks: Vec<String>,
    /// About code.
    pub about_code: Cue,
    /// About weights.
    pub about_weights: Cue,
    /// Licence file names.
    pub files: Vec<String>,
    /// Policy file names.
    pub policies: Vec<String>,
    /// Weights licence file names.
    pub weights_files: Vec<String>,
}

/// Linked code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkedCode {
    /// Code hosts.
    pub hosts: Vec<String>,
    /// Pre-training code.
    pub pretraining: Cue,
    /// Fine-tuning code.
    pub finetuning: Cue,
    /// Alignment code.
    pub alignment: Cue,
    /// Evaluation code.
    pub evaluation: Cue,
    /// Verbs that tie a named framework to a stage.
    pub framework_verbs: FrameworkVerbs,
    /// Instructions to users, not the publisher's own code.
    pub usage: Cue,
    /// The text of a link to the publisher's own code repository.
    pub project_links: Cue,
    /// A card's contact field (where questions and issues go).
    pub contact: Cue,
    /// A statement of the licence of the publisher's own code.
    pub own_code: Cue,
}

/// Verbs that tie a named framework to a stage.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkVerbs {
    /// Pre-training.
    pub pretraining: Cue,
    /// Fine-tuning.
    pub finetuning: Cue,
    /// Alignment.
    pub alignment: Cue,
    /// Evaluation.
    pub evaluation: Cue,
    /// Safety evaluation.
    pub safety: Cue,
}

/// Code paths.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodePaths {
    /// Code file extensions.
    pub extensions: Vec<String>,
    /// Test code.
    pub tests: Cue,
    /// Alignment code.
    pub alignment: Cue,
    /// Fine-tuning code.
    pub finetuning: Cue,
    /// Pre-training code.
    pub pretraining: Cue,
    /// Evaluation code.
    pub evaluation: Cue,
    /// Safety evaluation code (within evaluation).
    pub safety: Cue,
    /// Inference code.
    pub inference: Cue,
    /// Fine-tuning guides.
    pub finetuning_guides: Vec<String>,
    /// Configuration folders.
    pub config_folders: Vec<String>,
}

/// Every phrase list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrases {
    /// Release names.
    pub names: Names,
    /// Stages.
    pub stages: Stages,
    /// Weights.
    pub weights: Weights,
    /// Data.
    pub data: Data,
    /// Evaluation.
    pub evaluation: Evaluation,
    /// Licences.
    pub licences: Licences,
    /// Linked code.
    pub linked_code: LinkedCode,
    /// Code paths.
    pub code_paths: CodePaths,
    /// Inference.
    pub inference: Cue,
}

/// Parses a phrase file.
pub fn parse(text: &str) -> Result<Phrases, String> {
    serde_saphyr::from_str(text).map_err(|e| e.to_string())
}

/// The embedded phrase lists, parsed once.
pub fn embedded() -> Result<&'static Phrases, String> {
    static PHRASES: OnceLock<Result<Phrases, String>> = OnceLock::new();
    PHRASES.get_or_init(|| parse(EMBEDDED)).as_ref().map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_file_is_valid() {
        let p = embedded().expect("data/assess/phrases.yaml parses");
        assert!(p.stages.sft.matches("the chat model was trained with supervised fine-tuning"));
        assert!(!p.stages.sft.matches("the model can be fine-tuned on your data with supervised fine-tuning"));
        assert!(p.stages.alignment.matches("the chat model was then tuned with dpo on preference pairs"));
        // A method likened to reinforcement learning is not a reinforcement stage.
        assert!(
            !p.stages.alignment.matches("tuned with a conditioned loss inspired by offline reinforcement learning")
        );
        assert!(p.weights.closed.matches("the weights are not released"));
        assert!(!p.weights.closed.matches("the dataset is not released"));
    }

    #[test]
    fn words_match_whole() {
        assert!(has_word("the dpo stage", "dpo"));
        assert!(!has_word("dpos", "dpo"));
        assert!(has_word("in-house data", "in-house"));
        assert!(has_word("x-it", "it"));
        assert!(!has_word("with", "it"));
    }
}
