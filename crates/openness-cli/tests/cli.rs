//! The `openness` binary as users run it: contracts of the JSON outputs, exit codes, and
//! snapshots of the rendered tables.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
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

/// Every cell of the paper's table is in `models`, which lists `releases` releases.
fn assert_matches_paper(models: &Value, releases: usize) {
    let rows: Vec<Vec<&str>> = PAPER_TABLE.lines().map(|l| l.split(',').collect()).collect();
    let header = &rows[0];
    let array = models.as_array().expect("an array");
    assert_eq!(array.len(), releases);
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
    let models = json(&["--levels-from", "recorded", "models", "--format", "json", "--as-of", "2024-05-16"]);
    // The paper's 45 releases, Falcon-40B (its licence observed in May 2023), and the nine
    // releases whose developers had published their facts by then: Llama 3 8B and 70B (base
    // and instruct), Phi-3-mini, Mixtral 8x22B (base and instruct), GPT-4o, Gemini 1.5.
    assert_matches_paper(&models, 55);
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
    // The whole catalogue: the releases with at least 8 of 12 components known are counted.
    let s = json(&["--levels-from", "recorded", "stats", "--format", "json"]);
    assert_eq!(s["models"], 121);
    assert_eq!(s["components"]["deployment.data.weights"]["D2"], 14);
    assert_eq!(s["components"]["deployment.data.weights"]["D5"], 58);
    assert_eq!(s["components"]["training.code.alignment"]["N/A"], 54);
    assert_eq!(s["components"]["evaluation.code.safety"]["Unknown"], 4);
    assert_eq!(s["downloadable_weights_closed_pretraining_data"].as_array().map(Vec::len), Some(75));
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
    openness().arg("check").assert().code(0).stdout(predicates::str::contains("531 valid record(s); 0 error(s)"));
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
    // The paper's five, and Grok-1's weights (published by xAI before the paper's date).
    assert_eq!(v["notes"], 6);
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
    let v = json(&[
        "models",
        "--format",
        "json",
        "--as-of",
        "2024-05-16",
        "--org",
        "meta",
        "--level",
        "weights>=D3",
        "--sort",
        "name",
    ]);
    let ids: Vec<&str> = v.as_array().expect("list").iter().filter_map(|m| m["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "fairseq-dense",
            "llama",
            "llama-2",
            "llama-3",
            "llama-3-70b",
            "llama-3-8b",
            "meta-llama-3-70b-instruct",
            "meta-llama-3-8b-instruct",
            "opt",
            "xglm"
        ]
    );
    let v = json(&["models", "--format", "json", "--as-of", "2024-05-16", "--year", "2024", "--sort", "weights"]);
    let ids: Vec<&str> = v.as_array().expect("list").iter().filter_map(|m| m["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "jamba",
            "mixtral-8x22b-instruct-v0.1",
            "mixtral-8x22b-v0.1",
            "phi-3-mini-4k-instruct",
            "command-r",
            "command-r+",
            "dbrx",
            "llama-3",
            "llama-3-70b",
            "llama-3-8b",
            "meta-llama-3-70b-instruct",
            "meta-llama-3-8b-instruct",
            "gemini-1.5-undisclosed",
            "gpt-4o-undisclosed"
        ]
    );
}

#[test]
fn models_table_snapshot() {
    insta::assert_snapshot!(stdout(&["models", "--year", "2024", "--as-of", "2024-05-16"]));
}

#[test]
fn models_markdown_and_csv_snapshots() {
    insta::assert_snapshot!(
        "models_markdown",
        stdout(&["models", "--format", "markdown", "--year", "2023", "--as-of", "2024-05-16"])
    );
    insta::assert_snapshot!(
        "models_csv",
        stdout(&["models", "--format", "csv", "--year", "2022", "--as-of", "2024-05-16"])
    );
}

#[test]
fn show_table_snapshot() {
    insta::assert_snapshot!(stdout(&["show", "falcon"]));
}

#[test]
fn show_json_snapshot() {
    insta::assert_json_snapshot!(json(&["show", "llama-2", "--format", "json", "--as-of", "2024-05-16"]));
}

#[test]
fn stats_table_snapshot() {
    insta::assert_snapshot!(stdout(&["stats", "--as-of", "2024-05-16"]));
}

#[test]
fn license_show_snapshot() {
    insta::assert_snapshot!(stdout(&["license", "show", "CC-BY-SA-4.0"]));
}

#[test]
fn importing_the_companion_site_reproduces_the_table() {
    let Some(seed) = openness_testdata::shared("seed/open-source-llms/_llms") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    openness()
        .args(["import", "site"])
        .arg(&seed)
        .arg("--out")
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicates::str::contains("imported 45 of 45"));
    assert_eq!(std::fs::read_dir(dir.path().join("models")).expect("models/").count(), 45);
    // A second import refuses to overwrite.
    openness().args(["import", "site"]).arg(&seed).arg("--out").arg(dir.path()).assert().code(1);
    let out = openness()
        .arg("--data")
        .arg(dir.path())
        .args(["--levels-from", "recorded", "models", "--format", "json"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_matches_paper(&serde_json::from_slice(&out.stdout).expect("JSON"), 45);
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
fn license_detect_reads_a_list_of_files_and_keeps_their_order() {
    let Some(corpus) = openness_testdata::shared("corpus/dev") else { return };
    let names = ["opt/MODEL_LICENSE.md", "opt/LICENSE", "pythia/LICENSE", "llama-3/USE_POLICY.md", "gpt-2/LICENSE"];
    let list: String = names.iter().map(|n| format!("{}\n\n", corpus.join(n).display())).collect();
    let out = openness()
        .args(["license", "detect", "--format", "json", "--files-from", "-"])
        .arg(corpus.join("llama-3/LICENSE"))
        .write_stdin(list)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let ids: Vec<&str> = v.as_array().expect("array").iter().filter_map(|d| d["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "LicenseRef-ai-llama-3",
            "LicenseRef-ai-opt-175b",
            "MIT",
            "Apache-2.0",
            "LicenseRef-ai-llama-3-aup",
            "LicenseRef-ai-gpt2-modified-mit"
        ]
    );
    exits_with(&["license", "detect"], 2, "<FILES>");
    exits_with(&["license", "detect", "--files-from", "/no/such/list"], 1, "cannot read the list");
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
    assert_eq!(v["lenses"]["eu_ai_act"]["gpai_presumed"], false);
    assert_eq!(v["lenses"]["eu_ai_act"]["systemic_risk_presumed"], false);
    assert!(v["lenses"]["eu_ai_act"]["estimated_training_flops"].as_f64().is_some_and(|f| (f - 2.16e22).abs() < 1e18));
    assert_eq!(v["lenses"]["osaid"]["verdict"], "pass");
    let s = json(&["--levels-from", "recorded", "stats", "--format", "json"]);
    assert_eq!(s["findings"]["o1_open_weights_closed_pretraining_data"].as_array().map(Vec::len), Some(75));
    assert_eq!(s["findings"]["fully_open"].as_array().map(Vec::len), Some(9));
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
        .filter(|x| x["verdict"] == "pass")
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
    // MOT holds the same model under two file names five times: the second of each is written
    // under an id of its own, and both files are named.
    let out = openness().args(["import", "mot"]).arg(&mot).arg("--out").arg(dir.path()).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported 273 of 273"));
    assert_eq!(String::from_utf8_lossy(&out.stderr).matches("warning[W307]").count(), 5);
    assert_eq!(std::fs::read_dir(&models).expect("listed").count(), 273);
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
    let out = openness().args(["import", "osai"]).arg(&osai).arg("--out").arg(dir.path()).output().expect("runs");
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

#[test]
fn as_of_history_and_diff_follow_falcon_40b_relicensing() {
    let licence = |date: &str| {
        let v = json(&["show", "falcon-40b", "--format", "json", "--as-of", date]);
        v["components"]["deployment.data.weights"]["license"].as_str().unwrap_or_default().to_owned()
    };
    assert_eq!(licence("2023-05-01"), "LicenseRef-ai-tii-falcon-llm-1.0");
    assert_eq!(licence("2023-06-30"), "Apache-2.0");
    let history = stdout(&["history", "falcon-40b"]);
    assert!(history.contains("2023-05-31  deployment.data.weights  by tii"), "{history}");
    assert!(history.contains("now open, Apache-2.0, D5"), "{history}");
    let diff = json(&["diff", "falcon-40b", "--from", "2023-05-01", "--to", "2023-06-30", "--format", "json"]);
    let changed: Vec<&str> = diff["components"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["changed"] == true)
        .filter_map(|r| r["component"].as_str())
        .collect();
    assert_eq!(changed, ["deployment.data.weights"]);
    exits_with(&["models", "--as-of", "2024-02-31"], 2, "is not a date");
}

#[test]
fn two_disagreeing_sources_are_both_shown() {
    let v = json(&["show", "grok-1", "--format", "json"]);
    let weights = &v["components"]["deployment.data.weights"];
    assert_eq!(weights["chosen_from"], "xai");
    let observations: Vec<(&str, &str, bool)> = weights["observations"]
        .as_array()
        .expect("observations")
        .iter()
        .map(|o| (o["source"].as_str().unwrap_or(""), o["availability"].as_str().unwrap_or(""), o["disagrees"] == true))
        .collect();
    assert_eq!(observations, [("eiras-2024", "api", true), ("xai", "open", false), ("mot", "open", false)]);
    let table = stdout(&["show", "grok-1"]);
    assert!(table.contains("shown xai (developer, 2024-03-17): open, Apache-2.0, D5"), "{table}");
    assert!(table.contains("also  eiras-2024 (paper, 2024-05-16): api, D2"), "{table}");
    assert_eq!(v["coverage"]["known"], 10);
}

#[test]
fn merging_tracker_imports_maps_entries_and_lists_the_unmapped() {
    let Some(anchor) = openness_testdata::shared("anchor-data") else { return };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/models");
    let dir = tempfile::tempdir().expect("temp dir");
    let models = dir.path().join("models");
    std::fs::create_dir(&models).expect("models/");
    for id in ["falcon-40b", "llama-2"] {
        std::fs::copy(repo.join(format!("{id}.yaml")), models.join(format!("{id}.yaml"))).expect("copied");
    }
    // MOT's Falcon-40B file is dated 2024-11: not the release of May 2023, so it is listed, not merged.
    openness()
        .args(["import", "mot"])
        .arg(anchor.join("mot/models/Falcon-40B.yml"))
        .arg("--out")
        .arg(dir.path())
        .arg("--merge")
        .assert()
        .code(0)
        .stdout(predicates::str::contains("unmapped (1): Falcon-40B"));
    // The index's Llama 3 entry is a new release; its Llama 2 entry (2023-08) is not ours (2023-07).
    openness()
        .args(["import", "osai"])
        .arg(anchor.join("osai-index/models/llama-2-chat.yaml"))
        .arg("--out")
        .arg(dir.path())
        .arg("--merge")
        .assert()
        .code(0)
        .stdout(predicates::str::contains("unmapped (1): Llama 2"));
    // An entry of the same id and month merges: its facts become observations beside ours.
    let llama2 = std::fs::read_to_string(models.join("llama-2.yaml")).expect("read");
    let same_month = llama2.replace("release: 2023-07", "release: 2023-08");
    std::fs::write(models.join("llama-2.yaml"), same_month).expect("written");
    openness()
        .args(["import", "osai"])
        .arg(anchor.join("osai-index/models/llama-2-chat.yaml"))
        .arg("--out")
        .arg(dir.path())
        .arg("--merge")
        .assert()
        .code(0)
        .stdout(predicates::str::contains("imported 1 of 1"));
    let v = json(&["--data", dir.path().to_str().expect("UTF-8"), "show", "llama-2", "--format", "json"]);
    let sources: Vec<&str> = v["components"]["deployment.data.weights"]["observations"]
        .as_array()
        .expect("observations")
        .iter()
        .filter_map(|o| o["source"].as_str())
        .collect();
    assert_eq!(sources, ["eiras-2024", "osai-index"]);
}

#[test]
fn a_trackers_entry_maps_onto_the_release_that_lists_its_name_as_an_alias() {
    let Some(anchor) = openness_testdata::shared("anchor-data") else { return };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/models");
    let dir = tempfile::tempdir().expect("temp dir");
    let ours = std::fs::read_to_string(repo.join("deepseek-r1.yaml")).expect("read");
    // Without the alias, MOT's `DeepSeek-R1 671B` would be a release of its own (its own id).
    assert!(ours.contains("DeepSeek-R1 671B"), "the record lists MOT's name");
    std::fs::write(dir.path().join("deepseek-r1.yaml"), &ours).expect("written");
    openness()
        .args(["import", "mot"])
        .arg(anchor.join("mot/models/DeepSeek-R1.yml"))
        .arg("--out")
        .arg(dir.path())
        .arg("--merge")
        .assert()
        .code(0)
        .stdout(predicates::str::contains("imported 1 of 1"))
        .stdout(predicates::str::contains("unmapped").not());
    assert!(!dir.path().join("deepseek-r1-671b.yaml").exists(), "no second record of the release");
    let merged = std::fs::read_to_string(dir.path().join("deepseek-r1.yaml")).expect("read");
    assert!(merged.contains("source: mot"), "{merged}");
    assert!(merged.contains("release: 2025-01"), "our release month stays: {merged}");
    // Importing it again adds nothing: the tracker's facts are there already.
    openness()
        .args(["import", "mot"])
        .arg(anchor.join("mot/models/DeepSeek-R1.yml"))
        .arg("--out")
        .arg(dir.path())
        .arg("--merge")
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(dir.path().join("deepseek-r1.yaml")).expect("read"), merged);
}

/// A data directory whose `models/` holds the catalogue crate's GPAI fixtures.
fn gpai_data() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let models = dir.path().join("models");
    std::fs::create_dir(&models).expect("models dir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../openness-catalogue/tests/fixtures/gpai");
    for entry in std::fs::read_dir(fixtures).expect("fixtures") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, models.join(path.file_name().expect("file name"))).expect("copy");
    }
    dir
}

#[test]
fn lens_eu_ai_act_json_contract() {
    let dir = gpai_data();
    let data = dir.path().to_str().expect("UTF-8 path");
    let v = json(&["--data", data, "lens", "eu-ai-act", "tune-big", "--format", "json"]);
    assert_eq!((v["id"].as_str(), v["lens"].as_str()), (Some("tune-big"), Some("eu-ai-act")));
    assert_eq!((v["gpai_presumed"].as_bool(), v["systemic_risk_presumed"].as_bool()), (Some(true), Some(false)));
    assert_eq!(v["flops_source"], "published");
    assert!(v["estimated_training_flops"].as_f64().is_some_and(|f| (f - 5e24).abs() < 1e12));
    assert_eq!(v["modification"]["provider_of_modified_model"], true);
    assert!(v["modification"]["share_of_base_compute"].as_f64().is_some_and(|s| (s - 2.0 / 3.0).abs() < 1e-9));
    assert_eq!(v["open_source_exemption"]["granted"], true);
    let condition = &v["open_source_exemption"]["conditions"][0];
    assert!(condition["condition"].is_string() && condition["met"] == true && condition["reason"].is_string());
    let obligation = &v["obligations"][2];
    assert_eq!(
        (obligation["obligation"].is_string(), &obligation["applies"], &obligation["published"]),
        (true, &Value::Bool(true), &Value::Bool(true))
    );
    assert_eq!(v["applicable_from"], "2025-08-02");
    assert_eq!(v["sources"][1]["date"], "2025-07-18");
    assert!(v["sources"][1]["title"].as_str().is_some_and(|t| t.contains("general-purpose AI models")));
    assert_eq!(v["disclaimer"], "Information, not legal advice.");
    let refused = json(&["--data", data, "lens", "eu-ai-act", "large", "--format", "json"]);
    assert_eq!(refused["open_source_exemption"]["granted"], false);
    let eo = json(&["--data", data, "lens", "us-eo-14110", "large", "--format", "json"]);
    assert_eq!((eo["revoked"].as_str(), eo["historical"].as_bool()), (Some("2025-01-20"), Some(true)));
    let table = stdout(&["--data", data, "lens", "eu-ai-act", "community"]);
    assert!(table.contains("refused (free and open-source licence"), "{table}");
    assert!(table.contains("2025-07-18 Guidelines on the scope of the obligations"), "{table}");
}

#[test]
fn lens_sources_lists_every_lens_with_dates() {
    let v = json(&["lens", "--sources", "--format", "json"]);
    let lenses: Vec<&str> = v.as_array().expect("array").iter().filter_map(|l| l["lens"].as_str()).collect();
    assert_eq!(lenses, ["eu-ai-act", "us-eo-14110", "osaid", "owd", "mof", "osai-index"]);
    insta::assert_snapshot!("lens_sources", stdout(&["lens", "--sources"]));
    let mof = stdout(&["lens", "--sources", "mof"]);
    assert!(mof.starts_with("mof: Model Openness Framework 1.0") && mof.contains("2024-12-15"), "{mof}");
    exits_with(&["lens"], 2, "");
}

#[test]
fn license_show_names_reviewed_sources() {
    let v = json(&["license", "show", "jamba-open-model-license", "--format", "json"]);
    assert_eq!(v["reviewed"], true);
    assert_eq!(v["sources"][0]["date"], "2024-08-22");
    let derived = json(&["license", "show", "0BSD", "--format", "json"]);
    assert_eq!((derived["reviewed"].as_bool(), derived["sources"].as_array().map(Vec::len)), (Some(false), Some(0)));
    let text = stdout(&["license", "show", "health-ai-developer-foundations"]);
    assert!(text.contains("reviewed against:\n  2024-11-15 Health AI Developer Foundations Terms of Use"), "{text}");
}

/// A copy of the embedded catalogue's records in a temporary catalogue directory.
fn catalogue_copy() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/models");
    let dir = tempfile::tempdir().expect("temp dir");
    let models = dir.path().join("models");
    std::fs::create_dir(&models).expect("models/");
    for entry in std::fs::read_dir(repo).expect("data/models") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, models.join(path.file_name().expect("file name"))).expect("copied");
    }
    dir
}

#[test]
fn importing_os_ai_map_maps_its_model_products_and_counts_the_rest_out_of_scope() {
    let Some(map) = openness_testdata::shared("anchor-data/os-ai-map") else { return };
    let dir = catalogue_copy();
    let run = || {
        let out =
            openness().args(["import", "os-ai-map"]).arg(&map).arg("--out").arg(dir.path()).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let stdout = run();
    // 286 products: 76 models, of which 20 map onto records; 188 software and 22 datasets.
    assert!(stdout.contains("imported 20 of 286 file(s)"), "{stdout}");
    assert!(stdout.contains("unmapped (56): Amazon Nova Pro, Amazon Nova, Claude Fable 5,"), "{stdout}");
    assert!(stdout.contains("out of scope, not model releases (210): 89 Model code & data, 121 System / Product-UX"));
    let data = dir.path().to_str().expect("UTF-8 path");
    openness().args(["--data", data, "check"]).assert().code(0);
    let v = json(&["--data", data, "show", "mistral-7b-instruct-v0.2", "--format", "json"]);
    let weights = &v["components"]["deployment.data.weights"]["observations"];
    let map_says: Vec<(&str, &str, &str)> = weights
        .as_array()
        .expect("observations")
        .iter()
        .filter(|o| o["source"] == "os-ai-map")
        .map(|o| {
            (
                o["as_of"].as_str().unwrap_or(""),
                o["availability"].as_str().unwrap_or(""),
                o["license"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(map_says, [("2026-06-04", "open", "Apache-2.0")]);
    // Importing again adds nothing.
    let before = std::fs::read_to_string(dir.path().join("models/pythia.yaml")).expect("read");
    assert!(before.contains("source: os-ai-map"), "{before}");
    run();
    assert_eq!(std::fs::read_to_string(dir.path().join("models/pythia.yaml")).expect("read"), before);
}

#[test]
fn an_os_ai_map_import_names_collisions_bad_files_and_refuses_an_output_inside_it() {
    let map = tempfile::tempdir().expect("temp dir");
    let sources = map.path().join("sources");
    for d in ["products", "scores", "organizations", "categories"] {
        std::fs::create_dir_all(sources.join(d)).expect("folder");
    }
    let write = |path: &str, text: &str| std::fs::write(sources.join(path), text).expect("written");
    let score = |name: &str| {
        format!(
            "product: {name}\nopenness:\n  score: 5\n  class: open_source\n  components: weights:open(Apache-2.0);data:open;code:open;license:Apache-2.0(OSI)\n  sources:\n  - url: https://example.org/card\n    shows: card\n    accessed: '2026-06-04'\nadoption: {{level: 1}}\ncapability: {{score: 1, basis: x}}\n"
        )
    };
    for (name, display) in [("alpha", "Alpha"), ("alpha-again", "Alpha")] {
        write(&format!("products/{name}.yaml"), &format!("name: {name}\ndisplay_name: {display}\ntype: model\n"));
        write(&format!("scores/{name}.yaml"), &score(name));
    }
    write("products/tool.yaml", "name: tool\ndisplay_name: Tool\ntype: software\n");
    write("scores/tool.yaml", &score("tool"));
    write("products/broken.yaml", "name: broken\ndisplay_name: Broken\ntype: model\n");
    write("scores/broken.yaml", "product: another\nopenness: {score: 1, class: closed}\n");
    write("organizations/lab.yaml", "name: lab\ndisplay_name: The Lab\nproducts: [alpha, alpha-again, tool]\n");
    write("categories/tools.yaml", "name: tools\ndisplay_name: Tools\nproducts: [tool]\n");
    write("taxonomy.yaml", "arcs:\n- name: Code\n  categories: [tools]\n");
    let out = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(out.path().join("models")).expect("models/");
    let components: String =
        openness_core::Component::ALL.iter().map(|c| format!("  {}:\n    availability: unknown\n", c.id())).collect();
    let record = format!("id: alpha\nname: Alpha\nrelease: 2025-01\ncomponents:\n{components}");
    std::fs::write(out.path().join("models/alpha.yaml"), record).expect("written");
    let output =
        openness().args(["import", "os-ai-map"]).arg(map.path()).arg("--out").arg(out.path()).output().expect("runs");
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(1), "E316 is an error: {stderr}");
    assert!(stdout.contains("imported 1 of 4 file(s)"), "{stdout}");
    assert!(stdout.contains("out of scope, not model releases (1): 1 Code"), "{stdout}");
    assert!(
        stderr.contains("warning[W317]")
            && stderr.contains("alpha.yaml` maps onto `alpha`, as `")
            && stderr.contains("alpha-again.yaml` did"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[E316]") && stderr.contains("the score is of `another`, not of the product `broken`")
    );
    let merged = std::fs::read_to_string(out.path().join("models/alpha.yaml")).expect("read");
    assert_eq!(merged.matches("source: os-ai-map").count(), 3, "weights, data and code: {merged}");
    // The output inside the map is refused before anything is read.
    openness()
        .args(["import", "os-ai-map"])
        .arg(map.path())
        .arg("--out")
        .arg(sources.join("out"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("lies inside the input"));
    openness()
        .args(["import", "os-ai-map"])
        .arg(out.path())
        .arg("--out")
        .arg(map.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("holds no `sources/products` folder"));
}

#[test]
fn an_entry_without_a_month_maps_by_name_never_by_the_id_its_name_makes() {
    let Some(anchor) = openness_testdata::shared("anchor-data") else { return };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/models");
    let dir = tempfile::tempdir().expect("temp dir");
    let models = dir.path().join("models");
    std::fs::create_dir(&models).expect("models/");
    for id in ["command-r", "command-r+"] {
        std::fs::copy(repo.join(format!("{id}.yaml")), models.join(format!("{id}.yaml"))).expect("copied");
    }
    let plain = std::fs::read_to_string(models.join("command-r.yaml")).expect("read");
    // `Command R+` makes the id `command-r`: the entry is Command R+'s all the same, and
    // Command R's record is left as it was.
    openness()
        .args(["import", "opening-up-chatgpt"])
        .arg(anchor.join("opening-up-chatgpt/projects/command-r.yaml"))
        .arg("--out")
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicates::str::contains("imported 1 of 1"))
        .stdout(predicates::str::contains("unmapped").not());
    assert_eq!(std::fs::read_to_string(models.join("command-r.yaml")).expect("read"), plain);
    let plus = std::fs::read_to_string(models.join("command-r+.yaml")).expect("read");
    assert!(plus.contains("source: opening-up-chatgpt"), "{plus}");
}

#[test]
fn the_maps_observations_stand_beside_the_others_with_disagreements_marked() {
    let table = stdout(&["show", "pythia"]);
    assert!(table.contains("    shown eiras-2024 (paper, 2024-05-16): open, MIT, D5"), "{table}");
    assert!(table.contains("    also  os-ai-map (tracker, 2026-06-04): open, Unknown"), "{table}");
    // Two trackers disagree on Granite Code's data: the later observation is shown.
    let v = json(&["show", "granite-34b-code-instruct", "--format", "json"]);
    let data = &v["components"]["training.data.pretraining"];
    assert_eq!(data["chosen_from"], "os-ai-map");
    let said: Vec<(&str, &str, bool)> = data["observations"]
        .as_array()
        .expect("observations")
        .iter()
        .map(|o| (o["source"].as_str().unwrap_or(""), o["availability"].as_str().unwrap_or(""), o["disagrees"] == true))
        .collect();
    assert_eq!(said, [("mot", "open", true), ("os-ai-map", "closed", false)]);
}
