//! `openness export`, `openness import cyclonedx|spdx3` and `assess --format cyclonedx`: the
//! binary's contracts (formats, exit codes, files) and a round trip through a data directory.

use assert_cmd::Command;
use serde_json::Value;

fn openness() -> Command {
    let mut c = Command::cargo_bin("openness").expect("the binary is built");
    c.env_remove("OPENNESS_DATA").env("NO_COLOR", "1");
    c
}

fn stdout(args: &[&str]) -> String {
    let out = openness().args(args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn export_writes_each_format_and_refuses_others() {
    let bom: Value = serde_json::from_str(&stdout(&["export", "llama-2", "--format", "cyclonedx"])).expect("JSON");
    assert_eq!((bom["bomFormat"].as_str(), bom["specVersion"].as_str()), (Some("CycloneDX"), Some("1.7")));
    assert_eq!(bom["metadata"]["component"]["type"], "machine-learning-model");
    let spdx: Value = serde_json::from_str(&stdout(&["export", "llama-2", "--format", "spdx3"])).expect("JSON-LD");
    assert_eq!(spdx["@context"], "https://spdx.org/rdf/3.0.1/spdx-context.jsonld");
    assert!(stdout(&["export", "pythia", "--format", "mot"]).contains("Model Openness Framework"));
    assert!(stdout(&["export", "pythia", "--format", "osai"]).contains("weights_basemodel"));
    openness().args(["export", "llama-2", "--format", "table"]).assert().code(2);
    openness().args(["models", "--format", "cyclonedx"]).assert().code(2);
    openness().args(["export", "llama-2", "pythia", "--format", "cyclonedx"]).assert().code(1);
    openness().args(["export", "no-such-release", "--format", "cyclonedx"]).assert().code(1);
}

#[test]
fn exported_boms_import_back_into_a_catalogue_with_the_same_levels() {
    let dir = tempfile::tempdir().expect("temp dir");
    let boms = dir.path().join("boms");
    openness()
        .args(["export", "llama-2", "falcon-40b", "--format", "cyclonedx", "--out"])
        .arg(&boms)
        .assert()
        .success();
    assert!(boms.join("llama-2.cdx.json").is_file() && boms.join("falcon-40b.cdx.json").is_file());
    let data = dir.path().join("data");
    openness().args(["import", "cyclonedx"]).arg(&boms).arg("--out").arg(&data).assert().success();
    let data = data.to_str().expect("UTF-8");
    openness().args(["--data", data, "check"]).assert().success();
    let levels = |extra: &[&str]| {
        let mut args = extra.to_vec();
        args.extend(["show", "falcon-40b", "--format", "json"]);
        let v: Value = serde_json::from_str(&stdout(&args)).expect("JSON");
        let c = v["components"].as_object().expect("components").clone();
        c.into_iter().map(|(k, v)| (k, v["level"].clone(), v["license"].clone())).collect::<Vec<_>>()
    };
    assert_eq!(levels(&["--data", data]), levels(&[]));
}

#[test]
fn a_foreign_bom_brings_its_own_dated_source() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bom = dir.path().join("foreign.json");
    std::fs::write(
        &bom,
        r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": {"timestamp": "2025-02-03T00:00:00Z"},
            "components": [{"type": "machine-learning-model", "name": "Example 1B",
            "licenses": [{"license": {"id": "MIT"}}]}]}"#,
    )
    .expect("written");
    let data = dir.path().join("data");
    openness().args(["import", "cyclonedx"]).arg(&bom).arg("--out").arg(&data).assert().success();
    let sources = std::fs::read_to_string(data.join("sources/imported.yaml")).expect("sources written");
    assert!(sources.contains("id: import-cyclonedx-bom-example-1b") && sources.contains("2025-02-03"), "{sources}");
    // `check DIR` reads a catalogue directory as `--data DIR` does: with the sources it declares.
    openness().arg("check").arg(&data).assert().success();
    let v: Value = serde_json::from_str(&stdout(&[
        "--data",
        data.to_str().expect("UTF-8"),
        "show",
        "example-1b",
        "--format",
        "json",
    ]))
    .expect("JSON");
    assert_eq!(v["components"]["deployment.data.weights"]["license"], "MIT");
}
