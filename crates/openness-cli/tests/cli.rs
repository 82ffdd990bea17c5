//! The `openness` binary as users run it: contracts of the JSON outputs, exit codes, and
//! snapshots of the rendered tables.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn openness() -> Command {
    let mut cmd = Command::cargo_bin("openness").expect("binary is built");
    cmd.env("NO_COLOR", "1").env("COLUMNS", "140").env_remove("OPENNESS_DATA");
    cmd
}

/// Runs `openness ARGS` and checks its exit code and that stderr contains `stderr`.
fn exits_with(args: &[&str], code: i32, stderr: &str) {
    openness().args(args).assert().code(code).stderr(predicates::str::contains(stderr));
}

/// Runs `openness ARGS`, which must succeed, and returns its stdout.
fn stdout(args: &[&str]) -> String {
    let out = openness().args(args).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout(args)).expect("valid JSON")
}

const PAPER_TABLE: &str = include_str!("../../openness-catalogue/tests/fixtures/paper-table.csv");

fn assert_matches_paper(models: &Value) {
    let rows: Vec<Vec<&str>> = PAPER_TABLE.lines().map(|l| l.split(',').collect()).collect();
    let header = &rows[0];
    let array = models.as_array().expect("an array");
    assert_eq!(array.len(), 45);
    for row in &rows[1..] {
        let model = array.iter().find(|m| m["id"] == row[0]).unwrap_or_else(|| panic!("{} listed", row[0]));
        assert_eq!(model["name"], row[1]);
        for (component, level) in header[2..].iter().zip(&row[2..]) {
            assert_eq!(model["components"][component]["level"], *level, "{} {component}", row[0]);
        }
    }
}

#[test]
fn models_json_keeps_its_contract() {
    let models = json(&["models", "--format", "json"]);
    assert_matches_paper(&models);
    let llama2 = models.as_array().and_then(|a| a.iter().find(|m| m["id"] == "llama-2")).expect("llama-2");
    assert_eq!(llama2["release"], "2023-07");
    let weights = &llama2["components"]["deployment.data.weights"];
    assert_eq!(weights["computed"], "D3");
    assert_eq!(weights["availability"], "gated");
    assert_eq!(weights["license"], "LicenseRef-scancode-llama-2-license-2023");
    // Facts that do not decide a level give a null computed level.
    let bloom = models.as_array().and_then(|a| a.iter().find(|m| m["id"] == "bloom")).expect("bloom");
    assert_eq!(bloom["components"]["training.data.pretraining"]["computed"], Value::Null);
    assert_eq!(bloom["components"]["training.data.pretraining"]["level"], "Unknown");
}

#[test]
fn stats_json_keeps_its_contract() {
    let s = json(&["stats", "--format", "json"]);
    assert_eq!(s["models"], 45);
    assert_eq!(s["components"]["deployment.data.weights"]["D2"], 6);
    assert_eq!(s["components"]["deployment.data.weights"]["D5"], 19);
    assert_eq!(s["components"]["training.code.alignment"]["N/A"], 31);
    assert_eq!(s["components"]["evaluation.code.safety"]["Unknown"], 2);
    assert_eq!(s["downloadable_weights_closed_pretraining_data"].as_array().map(Vec::len), Some(10));
}

#[test]
fn license_show_json_keeps_its_contract() {
    let l = json(&["license", "show", "apache 2.0", "--format", "json"]);
    assert_eq!(l["id"], "Apache-2.0");
    assert_eq!(l["points"], 5);
    assert_eq!(l["code_level"], "C5");
    assert_eq!(l["data_level"], "D5");
    assert_eq!(l["permissions"]["commercial"], true);
    let llama = json(&["license", "show", "llama2", "--format", "json"]);
    assert_eq!(llama["points"], 3);
    assert_eq!(llama["code_level"], "C3");
    assert_eq!(llama["permissions"]["commercial"], false);
    assert_eq!(llama["permissions"]["relicense_derivatives"], false);
    let gpl_literal = json(&["license", "show", "GPL-3.0-only", "--rubric", "literal", "--format", "json"]);
    assert_eq!(gpl_literal["points"], 4);
    assert_eq!(gpl_literal["code_level"], "C4");
    let gpl_paper = json(&["license", "show", "GPLv3", "--format", "json"]);
    assert_eq!(gpl_paper["points"], 5);
    assert_eq!(gpl_paper["p5_met_by_share_alike"], true);
}

#[test]
fn unknown_and_non_licences_exit_1_with_help() {
    exits_with(&["license", "show", "Apache-2.1x"], 1, "nearest ids are Apache-2.0");
    exits_with(&["license", "show", "Publicly available"], 1, "is not a licence");
}

#[test]
fn check_exits_0_on_the_catalogue_and_1_on_invalid_files() {
    openness().arg("check").assert().code(0).stderr(predicates::str::contains("45 valid record(s); 0 error(s)"));
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../openness-catalogue/tests/fixtures/invalid");
    openness().arg("check").arg(&fixtures).assert().code(1).stderr(predicates::str::contains("error[E130]"));
    let valid = Path::new(env!("CARGO_MANIFEST_DIR")).join("../openness-catalogue/tests/fixtures/valid");
    openness().arg("check").arg(&valid).assert().code(0);
}

#[test]
fn check_explain_lists_every_disagreement_with_its_reason() {
    let out = openness().args(["check", "--explain", "--format", "json"]).output().expect("runs");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["notes"], 5);
    let messages: Vec<&str> =
        v["diagnostics"].as_array().expect("list").iter().filter_map(|d| d["message"].as_str()).collect();
    assert!(
        messages.iter().any(|m| m
            .starts_with("falcon deployment.data.weights: recorded D5, computed D3")
            && m.contains("hosting")),
        "{messages:#?}"
    );
}

#[test]
fn show_unknown_id_exits_1_with_suggestions() {
    exits_with(&["show", "llama2"], 1, "llama-2");
}

#[test]
fn usage_errors_exit_2() {
    exits_with(&["models", "--format", "yaml"], 2, "");
    exits_with(&["models", "--level", "weights=C5"], 2, "");
    openness().arg("frobnicate").assert().code(2);
}

#[test]
fn models_filters_and_sorts() {
    let v = json(&["models", "--format", "json", "--org", "meta", "--level", "weights>=D3", "--sort", "name"]);
    let ids: Vec<&str> = v.as_array().expect("list").iter().filter_map(|m| m["id"].as_str()).collect();
    assert_eq!(ids, ["fairseq-dense", "llama", "llama-2", "llama-3", "opt", "xglm"]);
    let v = json(&["models", "--format", "json", "--year", "2024", "--sort", "weights"]);
    let ids: Vec<&str> = v.as_array().expect("list").iter().filter_map(|m| m["id"].as_str()).collect();
    assert_eq!(ids, ["jamba", "command-r", "command-r+", "dbrx", "llama-3"]);
}

#[test]
fn models_table_snapshot() {
    insta::assert_snapshot!(stdout(&["models", "--year", "2024"]));
}

#[test]
fn models_markdown_and_csv_snapshots() {
    insta::assert_snapshot!("models_markdown", stdout(&["models", "--format", "markdown", "--year", "2023"]));
    insta::assert_snapshot!("models_csv", stdout(&["models", "--format", "csv", "--year", "2022"]));
}

#[test]
fn show_table_snapshot() {
    insta::assert_snapshot!(stdout(&["show", "falcon"]));
}

#[test]
fn show_json_snapshot() {
    insta::assert_json_snapshot!(json(&["show", "llama-2", "--format", "json"]));
}

#[test]
fn stats_table_snapshot() {
    insta::assert_snapshot!(stdout(&["stats"]));
}

#[test]
fn license_show_snapshot() {
    insta::assert_snapshot!(stdout(&["license", "show", "CC-BY-SA-4.0"]));
}

#[test]
fn importing_the_companion_site_reproduces_the_table() {
    let Some(seed) = openness_testdata::shared("seed/open-source-llms/_llms") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let models = dir.path().join("models");
    openness()
        .args(["import", "site"])
        .arg(&seed)
        .arg("--out")
        .arg(&models)
        .assert()
        .code(0)
        .stdout(predicates::str::contains("imported 45 of 45"));
    // A second import refuses to overwrite.
    openness().args(["import", "site"]).arg(&seed).arg("--out").arg(&models).assert().code(1);
    let out = openness().arg("--data").arg(dir.path()).args(["models", "--format", "json"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_matches_paper(&serde_json::from_slice(&out.stdout).expect("JSON"));
}

#[test]
fn a_data_directory_that_does_not_exist_is_an_error() {
    exits_with(&["--data", "/no/such/dir", "models"], 1, "E008");
}

#[test]
fn license_resolve_keeps_its_contract() {
    let v = json(&["license", "resolve", "apache license, version 2.0", "--format", "json"]);
    assert_eq!((v["id"].as_str(), v["matched_by"].as_str()), (Some("Apache-2.0"), Some("alias")));
    let v = json(&["license", "resolve", "llama2", "--format", "json"]);
    assert_eq!(v["id"], "LicenseRef-scancode-llama-2-license-2023");
    let v = json(&["license", "resolve", "mit or apache 2.0", "--format", "json"]);
    assert_eq!((v["id"].as_str(), v["matched_by"].as_str()), (Some("MIT OR Apache-2.0"), Some("expression")));
    let out = openness()
        .args(["license", "resolve", "Llama 9 Community License", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["id"], Value::Null);
    assert!(v["candidates"].as_array().is_some_and(|c| !c.is_empty()));
    exits_with(&["license", "resolve", "ComCrawl"], 1, "not a licence");
}

#[test]
fn license_detect_keeps_its_contract() {
    let Some(corpus) = openness_testdata::shared("corpus/dev") else { return };
    let out = openness()
        .args(["license", "detect", "--format", "json"])
        .arg(corpus.join("llama-3/LICENSE"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["id"], "LicenseRef-ai-llama-3");
    assert!(v["confidence"].as_f64().is_some_and(|c| c > 0.9));
    assert_eq!(v["lines"][0]["line"], 1);
    // A file that matches nothing: id null, exit 1.
    let dir = tempfile::tempdir().expect("temp dir");
    let readme = dir.path().join("README.md");
    std::fs::write(&readme, "# A model\nIt predicts the next token.\n").expect("written");
    let out = openness().args(["license", "detect", "--format", "json"]).arg(&readme).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["id"], Value::Null);
    // Several files: an array.
    let out = openness()
        .args(["license", "detect", "--format", "json"])
        .arg(corpus.join("opt/LICENSE"))
        .arg(corpus.join("opt/MODEL_LICENSE.md"))
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let ids: Vec<&str> = v.as_array().expect("array").iter().filter_map(|d| d["id"].as_str()).collect();
    assert_eq!(ids, ["MIT", "LicenseRef-ai-opt-175b"]);
    exits_with(&["license", "detect", "/no/such/LICENSE"], 1, "cannot read");
}

#[test]
fn license_list_filters() {
    let v = json(&["license", "list", "--kind", "model", "--commercial", "--format", "json"]);
    let ids: Vec<&str> = v.as_array().expect("array").iter().filter_map(|l| l["id"].as_str()).collect();
    assert!(ids.contains(&"LicenseRef-scancode-gemma-tou-2024-04-01"), "{ids:?}");
    assert!(!ids.contains(&"LicenseRef-scancode-llama-2-license-2023"), "{ids:?}");
    let osi = json(&["license", "list", "--osi", "--format", "json"]);
    assert!(osi.as_array().expect("array").iter().all(|l| l["osi_approved"] == true));
    let all = json(&["license", "list", "--all", "--format", "json"]);
    assert!(all.as_array().expect("array").len() > 700);
}

#[test]
fn license_compare_snapshot() {
    insta::assert_snapshot!(stdout(&["license", "compare", "llama2", "apache-2.0"]));
}

#[test]
fn show_json_adds_profile_recommendations_and_lenses() {
    let v = json(&["show", "pythia", "--format", "json"]);
    assert!(v["profile"]["opportunities"].as_array().is_some_and(|o| o.iter().any(|x| x["id"] == "RI-O1")));
    assert!(v["profile"]["risks"].as_array().is_some_and(|r| r.iter().any(|x| x["id"] == "SS-R2")));
    assert!(v["recommendations"].is_array());
    assert_eq!(v["lenses"]["eu_ai_act"]["open_source_exemption"], true);
    assert_eq!(v["lenses"]["eu_ai_act"]["systemic_risk_presumed"], false);
    assert!(v["lenses"]["eu_ai_act"]["estimated_training_flops"].as_f64().is_some_and(|f| (f - 2.16e22).abs() < 1e18));
    assert_eq!(v["lenses"]["osaid"]["verdict"], "pass");
    let s = json(&["stats", "--format", "json"]);
    assert_eq!(s["findings"]["o1_open_weights_closed_pretraining_data"].as_array().map(Vec::len), Some(10));
    assert_eq!(s["findings"]["fully_open"].as_array().map(Vec::len), Some(8));
    assert_eq!(s["findings"]["fully_closed"].as_array().map(Vec::len), Some(9));
}

#[test]
fn profile_and_lens_commands() {
    insta::assert_snapshot!("profile_llama_2", stdout(&["profile", "llama-2"]));
    let v = json(&["lens", "osaid", "--format", "json"]);
    let passes: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .filter(|x| x["result"]["verdict"] == "pass")
        .filter_map(|x| x["id"].as_str())
        .collect();
    assert!(passes.contains(&"pythia"), "{passes:?}");
    exits_with(&["lens", "mof-class"], 2, "");
}

#[test]
fn importing_the_model_openness_tool() {
    let Some(mot) = openness_testdata::shared("anchor-data/mot/models") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let models = dir.path().join("models");
    // MOT holds the same model under two file names five times: the second of each is refused.
    let out = openness().args(["import", "mot"]).arg(&mot).arg("--out").arg(&models).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported 268 of 273"));
    assert_eq!(String::from_utf8_lossy(&out.stderr).matches("error[E305]").count(), 5);
    openness().arg("--data").arg(dir.path()).arg("check").assert().code(0);
    let v = json(&["--data", dir.path().to_str().expect("UTF-8 path"), "show", "pythia-12b", "--format", "json"]);
    assert_eq!(v["components"]["deployment.data.weights"]["level"], "D5");
    assert_eq!(v["components"]["training.data.pretraining"]["license"], "Apache-2.0");
    assert_eq!(v["components"]["training.code.finetuning"]["availability"], "unknown");
}

#[test]
fn spdx_flags_and_exceptions() {
    let w = json(&["license", "show", "wxWindows", "--format", "json"]);
    assert_eq!((w["deprecated"].as_bool(), w["derived"].as_bool()), (Some(true), Some(true)));
    // wxWindows is replaced by an expression with an exception, not a single id.
    assert!(w.get("replaced_by").is_none());
    let gpl1 = json(&["license", "show", "GPL-1.0", "--format", "json"]);
    assert_eq!((gpl1["deprecated"].as_bool(), gpl1["replaced_by"].as_str()), (Some(true), Some("GPL-1.0-only")));
    let mit = json(&["license", "show", "MIT", "--format", "json"]);
    assert_eq!(
        (mit["deprecated"].as_bool(), mit["derived"].as_bool(), mit["osi_approved"].as_bool()),
        (Some(false), Some(false), Some(true))
    );
    let ex = json(&["license", "list", "--exceptions", "--format", "json"]);
    assert_eq!(ex.as_array().map(Vec::len), Some(86));
    assert!(ex.as_array().is_some_and(|a| a.iter().any(|e| e["id"] == "LLVM-exception")));
    let r = json(&["license", "resolve", "Classpath-exception-2.0", "--format", "json"]);
    assert_eq!(r["matched_by"], "spdx-exception");
}

#[test]
fn importing_the_osai_index() {
    let Some(osai) = openness_testdata::shared("anchor-data/osai-index/models") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let out = openness()
        .args(["import", "osai"])
        .arg(&osai)
        .arg("--out")
        .arg(dir.path().join("models"))
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported 193 of 193"));
    openness().arg("--data").arg(dir.path()).arg("check").assert().code(0);
    let v = json(&["--data", dir.path().to_str().expect("UTF-8 path"), "show", "pythia", "--format", "json"]);
    let w = &v["components"]["deployment.data.weights"];
    assert_eq!(
        (w["availability"].as_str(), w["license"].as_str(), w["level"].as_str()),
        (Some("open"), Some("Apache-2.0"), Some("D5"))
    );
    assert!(w["note"].as_str().is_some_and(|n| n.starts_with("OSAI index `weights_basemodel`: open")));
}

#[test]
fn badge_snippet_links_to_the_release_page() {
    assert_eq!(
        stdout(&["badge", "llama-2", "--format", "markdown"]),
        "[![openness: 10% · weights D3](badges/llama-2.svg)](models/llama-2.html)\n"
    );
    let svg = stdout(&["badge", "llama-2"]);
    assert!(svg.starts_with("<svg") && svg.contains("openness: 10% · weights D3"), "{svg}");
}
