//! Licences stated in the prose of a repository's documents.

use openness_assess::{Knowledge, Options, assess};
use openness_catalogue::{embedded_licence_base, embedded_registry};
use openness_core::Component;

#[test]
fn a_licence_named_only_by_its_link_is_read() {
    let base = embedded_licence_base().expect("valid base");
    let registry = embedded_registry(&base).expect("valid registry");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("README.md"),
        "# Foo\n\n- Released Foo-3B model under [CC BY-SA-4.0](https://creativecommons.org/licenses/by-sa/4.0/).\n\n\
         Download the weights from https://huggingface.co/foo/foo-3b.\n",
    )
    .expect("written");
    std::fs::write(dir.path().join("model.safetensors"), "version https://git-lfs.github.com/spec/v1\nsize 9\n")
        .expect("written");
    let r = assess(dir.path(), &Knowledge { base: &base, registry: &registry }, &Options::default()).expect("assessed");
    let w = r.component(Component::DeploymentDataWeights).expect("weights");
    assert_eq!(w.license.as_deref(), Some("CC-BY-SA-4.0"));
    assert!(w.evidence.iter().any(|e| e.line == Some(3)), "{:?}", w.evidence);
}

#[test]
fn the_harness_an_evaluation_section_points_to_is_the_evaluation_code() {
    let base = embedded_licence_base().expect("valid base");
    let registry = embedded_registry(&base).expect("valid registry");
    let dir = tempfile::tempdir().expect("temp dir");
    let card = "---\nlicense: apache-2.0\n---\n# Quokka 9B\n\n## Evaluation\n\n\
                To evaluate Quokka you can use [our harness](https://github.com/zoo/quokka-harness).\n\n\
                ## Fine-tuning\n\nTo fine-tune Quokka you can use [a trainer](https://github.com/zoo/trainer).\n";
    std::fs::write(dir.path().join("README.md"), card).expect("written");
    let r = assess(dir.path(), &Knowledge { base: &base, registry: &registry }, &Options::default()).expect("assessed");
    let level = |c| r.component(c).map(|d| d.level.to_string()).expect("a draft");
    assert_eq!(level(Component::EvaluationCodeGeneral), "C5");
    // A tool users may train with is not the publisher's fine-tuning code.
    assert_ne!(level(Component::TrainingCodeFinetuning), "C5");
}

#[test]
fn evaluation_prompts_the_repository_ships_are_its_evaluation_data() {
    let base = embedded_licence_base().expect("valid base");
    let registry = embedded_registry(&base).expect("valid registry");
    let licence = std::fs::read_to_string("/usr/share/common-licenses/Apache-2.0").expect("Debian's Apache-2.0 text");
    let level = |card: &str| {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("README.md"), card).expect("written");
        std::fs::write(dir.path().join("LICENSE"), &licence).expect("written");
        let r =
            assess(dir.path(), &Knowledge { base: &base, registry: &registry }, &Options::default()).expect("assessed");
        r.component(Component::EvaluationDataUtility).map(|d| d.level.to_string()).expect("a draft")
    };
    assert_eq!(
        level("# Quokka\n\nThis repository holds:\n\n- [Prompts](./evals) — evaluation prompts we wrote\n"),
        "D5"
    );
    // Prompts elsewhere are not the repository's.
    assert_ne!(level("# Quokka\n\n- [Prompts](https://example.org/evals) — evaluation prompts we wrote\n"), "D5");
}

/// The levels of `components` for a folder holding `files`.
fn levels(files: &[(&str, &str)], components: &[Component]) -> Vec<String> {
    let base = embedded_licence_base().expect("valid base");
    let registry = embedded_registry(&base).expect("valid registry");
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        std::fs::write(dir.path().join(path), text).expect("written");
    }
    let r = assess(dir.path(), &Knowledge { base: &base, registry: &registry }, &Options::default()).expect("assessed");
    components.iter().map(|c| r.component(*c).map(|d| d.level.to_string()).expect("a draft")).collect()
}

#[test]
fn the_repository_a_card_sends_questions_to_holds_its_tuning_code() {
    let card = "# Quokka 9B Chat\n\nQuokka is a chatbot trained by fine-tuning Wombat on dialogues we wrote.\n\n\
                **Where to send questions or comments about the model:**\nhttps://github.com/zoo/quokka/issues\n";
    // Released in that repository, whose licence the folder does not give.
    assert_eq!(levels(&[("README.md", card)], &[Component::TrainingCodeFinetuning]), ["Unknown"]);
    // A folder with code of its own is that repository: the link is no other place.
    let files = [("README.md", card), ("generate.py", "print('hi')\n")];
    assert_eq!(levels(&files, &[Component::TrainingCodeFinetuning]), ["C1"]);
}

#[test]
fn a_registered_framework_as_the_contact_repository_holds_the_stages_it_serves() {
    let card = "# Quokka 9B Chat\n\nQuokka is a chatbot trained by fine-tuning Wombat on dialogues we wrote.\n\n\
                Where to send questions or comments: https://github.com/EleutherAI/lm-evaluation-harness/issues\n";
    let got = levels(&[("README.md", card)], &[Component::EvaluationCodeGeneral, Component::TrainingCodeFinetuning]);
    // The harness is evaluation code under its licence; it holds no fine-tuning code.
    assert_eq!(got, ["C5", "C1"]);
}

#[test]
fn a_card_stating_the_licence_of_its_own_code_links_that_code() {
    let card = "# Quokka 9B Chat\n\n[GitHub Repo](https://github.com/zoo/quokka)\n\nA chat model.\n\n\
                ## License\n\nOur Quokka code and models are distributed under the MIT License.\n";
    assert_eq!(levels(&[("README.md", card)], &[Component::TrainingCodeFinetuning]), ["C5"]);
    // The code of "this repository" is the folder's own, not a linked repository's.
    let card = "# Quokka 9B Chat\n\n[GitHub Repo](https://github.com/zoo/quokka)\n\nA chat model.\n\n\
                ## License\n\nThe code in this repository is licensed under the MIT License.\n";
    assert_eq!(levels(&[("README.md", card)], &[Component::TrainingCodeFinetuning]), ["C1"]);
}

#[test]
fn a_hub_collection_of_datasets_linked_for_a_stage_is_its_published_data() {
    let card = "---\nlicense: mit\n---\n# Quokka 9B Chat\n\nQuokka 9B Chat was fine-tuned on our dialogues, then \
                tuned with GRPO.\n\n- [Post-training datasets](https://huggingface.co/collections/zoo/quokka-post) \
                (SFT and RL data)\n";
    let got = levels(&[("README.md", card)], &[Component::TrainingDataSft, Component::TrainingDataAlignment]);
    assert_eq!(got, ["D5", "D5"]);
    // A collection of models is not data.
    let card = "---\nlicense: mit\n---\n# Quokka 9B Chat\n\nQuokka 9B Chat was fine-tuned on our dialogues, then \
                tuned with GRPO.\n\n- [Checkpoints](https://huggingface.co/collections/zoo/quokka-all) \
                (SFT and RL stages)\n";
    let got = levels(&[("README.md", card)], &[Component::TrainingDataSft, Component::TrainingDataAlignment]);
    assert_eq!(got, ["D1", "D1"]);
}

#[test]
fn a_generated_set_described_beside_published_ones_leaves_the_mix_open() {
    let mix = |generated: &str| {
        format!(
            "---\nlicense: mit\ndatasets:\n- zoo/dialogues-40k\n---\n# Quokka 9B Chat\n\nQuokka 9B Chat was fine-tuned \
             on a mix of sets.\n\n## Training Data\n\n* Dialogues: [Dialogues 40k](https://huggingface.co/datasets/zoo/dialogues-40k)\n\
             * Long documents: {generated}\n"
        )
    };
    let card = mix("a synthetic set of long documents written through a larger model.");
    assert_eq!(levels(&[("README.md", &card)], &[Component::TrainingDataSft]), ["Unknown"]);
    // A set written by people is no generated part.
    let card = mix("a set of long documents our annotators wrote.");
    assert_eq!(levels(&[("README.md", &card)], &[Component::TrainingDataSft]), ["D5"]);
}
