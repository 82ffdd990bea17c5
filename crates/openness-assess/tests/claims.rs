//! Evidence → claims → decision on small repositories of the kinds real releases take.

use openness_assess::claims::{Strength, What};
use openness_assess::{Knowledge, Options, Report, assess};
use openness_catalogue::{embedded_licence_base, embedded_registry};
use openness_core::{Availability, Component, Level};

fn run(files: &[(&str, &str)], options: &Options) -> Report {
    let base = embedded_licence_base().expect("valid base");
    let registry = embedded_registry(&base).expect("valid registry");
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("dirs");
        std::fs::write(p, text).expect("written");
    }
    assess(dir.path(), &Knowledge { base: &base, registry: &registry }, options).expect("assessed")
}

fn level(r: &Report, c: Component) -> Level {
    r.component(c).expect("component").level
}

#[test]
fn request_access_makes_the_weights_gated() {
    let r = run(
        &[("README.md", "# Model\n\nTo get the weights, request access through the form on our site.\n")],
        &Options::default(),
    );
    let w = r.component(Component::DeploymentDataWeights).expect("weights");
    assert_eq!(w.availability, Availability::Gated);
    assert!(w.claims.iter().any(|c| c.decisive && c.what == What::Availability && c.strength == Strength::Explicit));
}

#[test]
fn a_weights_licence_file_beats_the_code_licence() {
    let r = run(
        &[
            ("README.md", "---\nlicense: mit\n---\n# Model\n\nDownload the model weights from our site.\n"),
            ("MODEL_LICENSE", "Llama 2 Community License Agreement\n\nLlama 2 Version Release Date: July 18, 2023\n"),
        ],
        &Options::default(),
    );
    let w = r.component(Component::DeploymentDataWeights).expect("weights");
    assert_eq!(w.license.as_deref(), Some("LicenseRef-scancode-llama-2-license-2023"));
    // The card's licence is kept as an overruled alternative.
    assert!(w.claims.iter().any(|c| !c.decisive && c.what == What::Licence && c.value == "MIT"), "{:#?}", w.claims);
}

#[test]
fn a_licence_named_by_license_name_is_read() {
    let r = run(
        &[("README.md", "---\nlicense: other\nlicense_name: jamba-open-model-license\n---\n# M\n")],
        &Options::default(),
    );
    let w = r.component(Component::DeploymentDataWeights).expect("weights");
    assert_eq!(w.license.as_deref(), Some("LicenseRef-ai-jamba-open-model"));
    assert_eq!(w.level, Level::graded(openness_core::Kind::Data, 3).expect("D3"));
}

#[test]
fn a_derivative_is_bound_by_its_base_and_drift_is_reported() {
    let r = run(
        &[("README.md", "---\nlicense: apache-2.0\nbase_model: meta-llama/Llama-2-13b-hf\n---\n# A fine-tune\n")],
        &Options::default(),
    );
    let w = r.component(Component::DeploymentDataWeights).expect("weights");
    assert_eq!(w.license.as_deref(), Some("Apache-2.0 AND LicenseRef-scancode-llama-2-license-2023"));
    assert_eq!(w.level, Level::graded(openness_core::Kind::Data, 3).expect("D3"));
    assert!(r.findings.iter().any(|f| f.code == "A115"), "{:#?}", r.findings);
}

#[test]
fn post_training_in_prose_is_a_stage_not_na() {
    let card = "# Foo-7B-Instruct\n\nFoo-7B-Instruct was fine-tuned with supervised fine-tuning and then \
                aligned with direct preference optimization (DPO).\n";
    let r = run(&[("README.md", card)], &Options { model: Some("Foo-7B-Instruct".into()), ..Options::default() });
    assert_eq!(r.assessed.source, "--model");
    for c in [Component::TrainingCodeFinetuning, Component::TrainingCodeAlignment] {
        assert_eq!(level(&r, c), Level::graded(openness_core::Kind::Code, 1).expect("C1"), "{c}");
    }
    for c in [Component::TrainingDataSft, Component::TrainingDataAlignment] {
        assert_eq!(level(&r, c), Level::graded(openness_core::Kind::Data, 1).expect("D1"), "{c}");
    }
}

#[test]
fn the_release_named_decides_in_a_multi_model_readme() {
    let card = "# Foo\n\n| Model | Kind |\n|---|---|\n| Foo-7B | base |\n| Foo-7B-Chat | chat |\n\n\
                Foo-7B is a base model. Foo-7B-Chat is fine-tuned for dialogue.\n";
    let base = run(&[("README.md", card)], &Options { model: Some("Foo-7B".into()), ..Options::default() });
    assert_eq!(level(&base, Component::TrainingCodeFinetuning), Level::NotApplicable);
    let chat = run(&[("README.md", card)], &Options { model: Some("Foo-7B-Chat".into()), ..Options::default() });
    assert_eq!(
        level(&chat, Component::TrainingCodeFinetuning),
        Level::graded(openness_core::Kind::Code, 1).expect("C1")
    );
}

#[test]
fn linked_training_code_is_public_code() {
    let card =
        "---\nlicense: mit\n---\n# Foo\n\nThe training code is at [our trainer](https://github.com/org/trainer).\n";
    let r = run(&[("README.md", card)], &Options::default());
    let d = r.component(Component::TrainingCodePretraining).expect("pretraining code");
    assert_eq!(d.availability, Availability::Open);
    assert_eq!(d.license.as_deref(), Some("MIT"));
    assert!(d.evidence.iter().any(|e| e.text.contains("https://github.com/org/trainer")), "{:#?}", d.evidence);
}

#[test]
fn nothing_found_is_not_na() {
    // No documents at all: whether the release was tuned is not known.
    let r = run(&[("train.py", "")], &Options::default());
    assert_eq!(level(&r, Component::TrainingCodeFinetuning), Level::Unknown);
}
