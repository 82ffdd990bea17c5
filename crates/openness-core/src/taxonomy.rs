//! The paper's pipeline: three stages, each with a code row and a data row, twelve components.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A stage of the generative-AI pipeline (Figure 1 of the paper).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Pre-training, supervised fine-tuning and alignment.
    Training,
    /// General and safety evaluation.
    Evaluation,
    /// Inference with the released weights.
    Deployment,
}

impl Stage {
    /// All stages in pipeline order.
    pub const ALL: [Stage; 3] = [Stage::Training, Stage::Evaluation, Stage::Deployment];

    /// The stage's identifier, the first segment of a component id.
    pub fn id(self) -> &'static str {
        match self {
            Stage::Training => "training",
            Stage::Evaluation => "evaluation",
            Stage::Deployment => "deployment",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Whether a component is code (graded C1–C5) or data (graded D1–D5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Source code: graded C1–C5.
    Code,
    /// Datasets, reward models and weights: graded D1–D5.
    Data,
}

impl Kind {
    /// The letter that prefixes this kind's level names.
    pub fn letter(self) -> char {
        match self {
            Kind::Code => 'C',
            Kind::Data => 'D',
        }
    }

    /// The kind's identifier, the second segment of a component id.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Code => "code",
            Kind::Data => "data",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

macro_rules! components {
    ($( $variant:ident => $id:literal, $stage:ident, $kind:ident, $short:literal, $label:literal, $what:literal; )*) => {
        /// One of the twelve scored components of the paper's taxonomy.
        ///
        /// The ids (`training.code.pretraining` ... `deployment.data.weights`) are the public
        /// vocabulary of every format and API and never change.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Component {
            $(
                #[doc = $what]
                $variant,
            )*
        }

        impl Component {
            /// All twelve components in the paper's column order.
            pub const ALL: [Component; 12] = [$(Component::$variant),*];

            /// The stable id, e.g. `deployment.data.weights`.
            pub fn id(self) -> &'static str {
                match self { $(Component::$variant => $id,)* }
            }

            /// The pipeline stage the component belongs to.
            pub fn stage(self) -> Stage {
                match self { $(Component::$variant => Stage::$stage,)* }
            }

            /// Code or data.
            pub fn kind(self) -> Kind {
                match self { $(Component::$variant => Kind::$kind,)* }
            }

            /// A short name accepted on the command line (`weights`, `pretraining-data`, ...).
            pub fn short_name(self) -> &'static str {
                match self { $(Component::$variant => $short,)* }
            }

            /// The column label of the paper's table.
            pub fn label(self) -> &'static str {
                match self { $(Component::$variant => $label,)* }
            }

            /// What the component is, in one line.
            pub fn description(self) -> &'static str {
                match self { $(Component::$variant => $what,)* }
            }
        }
    };
}

components! {
    TrainingCodePretraining => "training.code.pretraining", Training, Code, "pretraining-code", "Pre-Training", "Pre-training code.";
    TrainingCodeFinetuning => "training.code.finetuning", Training, Code, "finetuning-code", "Fine-tuning", "Supervised fine-tuning code.";
    TrainingCodeAlignment => "training.code.alignment", Training, Code, "alignment-code", "Alignment", "Alignment code (e.g. RLHF).";
    TrainingDataPretraining => "training.data.pretraining", Training, Data, "pretraining-data", "Pre-Training", "Pre-training datasets.";
    TrainingDataSft => "training.data.sft", Training, Data, "sft-data", "Supervised Fine-tuning", "Supervised fine-tuning datasets.";
    TrainingDataAlignment => "training.data.alignment", Training, Data, "alignment-data", "Alignment", "Alignment datasets and reward models.";
    EvaluationCodeGeneral => "evaluation.code.general", Evaluation, Code, "eval-code", "General Evaluation", "Evaluation code.";
    EvaluationCodeSafety => "evaluation.code.safety", Evaluation, Code, "safety-eval-code", "Automatic Safety Evaluation", "Automatic safety evaluation code (e.g. red teaming).";
    EvaluationDataUtility => "evaluation.data.utility", Evaluation, Data, "utility-benchmarks", "Utility Internal Benchmarks", "Internal utility benchmarks.";
    EvaluationDataSafety => "evaluation.data.safety", Evaluation, Data, "safety-eval-data", "Safety Evaluation Datasets", "Safety evaluation datasets.";
    DeploymentCodeInference => "deployment.code.inference", Deployment, Code, "inference-code", "Inference", "Inference code.";
    DeploymentDataWeights => "deployment.data.weights", Deployment, Data, "weights", "Model Architecture and Weights", "Model architecture and weights.";
}

impl Component {
    /// Looks a component up by its id or its short name.
    pub fn from_name(name: &str) -> Option<Component> {
        let name = name.trim();
        Component::ALL.into_iter().find(|c| c.id() == name || c.short_name() == name)
    }

    /// The component whose id or short name is closest to `name`, for "did you mean" hints.
    pub fn nearest(name: &str) -> Component {
        let closeness =
            |c: Component| strsim::jaro_winkler(name, c.id()).max(strsim::jaro_winkler(name, c.short_name()));
        Component::ALL
            .into_iter()
            .max_by(|a, b| closeness(*a).total_cmp(&closeness(*b)))
            .unwrap_or(Component::DeploymentDataWeights)
    }
}

impl fmt::Display for Component {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Component {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stage_kind_name() {
        for c in Component::ALL {
            let mut parts = c.id().split('.');
            assert_eq!(parts.next(), Some(c.stage().id()));
            assert_eq!(parts.next(), Some(c.kind().id()));
            assert!(parts.next().is_some());
            assert_eq!(Component::from_name(c.id()), Some(c));
            assert_eq!(Component::from_name(c.short_name()), Some(c));
        }
    }

    #[test]
    fn six_code_and_six_data_components() {
        let code = Component::ALL.iter().filter(|c| c.kind() == Kind::Code).count();
        assert_eq!(code, 6);
    }

    #[test]
    fn nearest_suggests_the_misspelt_id() {
        assert_eq!(Component::nearest("deployment.data.weight"), Component::DeploymentDataWeights);
        assert_eq!(Component::nearest("training.data.stf"), Component::TrainingDataSft);
        assert_eq!(Component::nearest("weightz"), Component::DeploymentDataWeights);
        assert_eq!(Component::nearest("pretrainig-data"), Component::TrainingDataPretraining);
    }
}
