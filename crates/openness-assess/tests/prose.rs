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
