//! Which terms cover weights that a code repository sends its users elsewhere for.

use openness_assess::{Knowledge, Options, Report, assess};
use openness_catalogue::{embedded_licence_base, embedded_registry};
use openness_core::Component;

fn assessed(files: &[(&str, &str)]) -> Report {
    let base = embedded_licence_base().expect("valid base");
    let registry = embedded_registry(&base).expect("valid registry");
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        std::fs::write(dir.path().join(path), text).expect("written");
    }
    assess(dir.path(), &Knowledge { base: &base, registry: &registry }, &Options::default()).expect("assessed")
}

/// The code's licence text, from the system's copy (never copied into the repository).
fn code_licence() -> String {
    std::fs::read_to_string("/usr/share/common-licenses/Apache-2.0")
        .expect("Debian's base-files ship the Apache-2.0 text")
}

#[test]
fn weights_of_a_family_whose_licence_binds_derivatives_are_under_it() {
    let readme = "# Runner\n\nInference code for our models.\n\n```sh\nhuggingface-cli download meta-llama/Llama-3.2-1B-Instruct\n```\n";
    let r = assessed(&[("README.md", readme), ("LICENSE", &code_licence())]);
    let w = r.component(Component::DeploymentDataWeights).expect("weights");
    assert_eq!(w.license.as_deref(), Some("LicenseRef-scancode-llama-3.2-license-2024"), "{:#?}", w.claims);
    // The code licence is kept, overruled.
    assert!(w.claims.iter().any(|c| c.value == "Apache-2.0" && !c.decisive), "{:#?}", w.claims);
}

#[test]
fn weights_gated_behind_terms_the_repository_does_not_hold_have_no_known_licence() {
    let readme = "# Runner\n\nTo download the model weights, request access on our site and accept the terms.\n";
    let r = assessed(&[("README.md", readme), ("LICENSE", &code_licence())]);
    let w = r.component(Component::DeploymentDataWeights).expect("weights");
    assert_eq!(w.license, None, "{:#?}", w.claims);
    assert_eq!(w.level.to_string(), "Unknown");
}

#[test]
fn access_to_something_else_is_no_gate() {
    let readme = "# Runner\n\nApply for access to a compute grant first. Download the model weights from our page.\n";
    let r = assessed(&[("README.md", readme), ("LICENSE", &code_licence())]);
    let w = r.component(Component::DeploymentDataWeights).expect("weights");
    assert_eq!(w.availability.to_string(), "open", "{:#?}", w.claims);
    assert_eq!(w.license.as_deref(), Some("Apache-2.0"));
}

#[test]
fn a_base_named_in_the_card_prose_binds_the_derivative() {
    let card = "---\nlicense: mit\n---\n# Quokka 13B\n\n## Model details\n\n\
                - **Finetuned from model:** [meta-llama/Llama-2-13b-hf](https://huggingface.co/meta-llama/Llama-2-13b-hf)\n";
    let r = assessed(&[("README.md", card)]);
    let w = r.component(Component::DeploymentDataWeights).expect("weights");
    assert_eq!(w.license.as_deref(), Some("MIT AND LicenseRef-scancode-llama-2-license-2023"), "{:#?}", w.claims);
    assert!(r.findings.iter().any(|f| f.code == "A115"), "{:#?}", r.findings);
}
