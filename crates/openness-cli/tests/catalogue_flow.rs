//! assess → check → catalogue, and import → `--data`: a draft passes `check` whatever its file
//! is called, is dated from what the files say (never their modification times), and every
//! importer's `--out DIR` is a catalogue `openness --data DIR` reads. The repositories and
//! tracker files below are generated.

use std::path::Path;
use std::time::{Duration, SystemTime};

use assert_cmd::Command;

mod generated;
use generated::{run, site_file};

fn openness() -> Command {
    let mut cmd = Command::cargo_bin("openness").expect("binary is built");
    cmd.env("NO_COLOR", "1").env("COLUMNS", "80").env_remove("OPENNESS_DATA");
    cmd
}

/// A model folder whose card dates the release and whose document dates an update; every
/// file's modification time set to 2001, which must date nothing.
fn dated_model(root: &Path) -> std::path::PathBuf {
    let dir = root.join("tiny-model");
    std::fs::create_dir_all(&dir).expect("created");
    std::fs::write(
        dir.join("README.md"),
        "---\nlicense: apache-2.0\nrelease_date: 2024-03-05\n---\n# Tiny\n\nThe weights are in model.safetensors.\n",
    )
    .expect("card");
    std::fs::write(dir.join("CHANGES.md"), "# Changes\n\nLast updated: 5 June 2024, a new tokenizer.\n").expect("doc");
    std::fs::write(dir.join("config.json"), "{\"model_type\": \"gpt2\"}").expect("config");
    set_old_times(&dir);
    dir
}

fn set_old_times(dir: &Path) {
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(978_307_200);
    for entry in std::fs::read_dir(dir).expect("listed").filter_map(Result::ok) {
        let file = std::fs::File::options().write(true).open(entry.path()).expect("opened");
        file.set_modified(old).expect("mtime set");
    }
}

#[test]
fn an_assessed_draft_passes_check_whatever_its_file_is_called() {
    let root = tempfile::tempdir().expect("temp dir");
    let model = dated_model(root.path());
    let r = run(openness().arg("assess").arg(&model).args(["--format", "yaml"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("\nrelease: 2024-03\n"), "{}", r.stdout);
    // The facts are dated by the newest date the documents give for themselves.
    assert!(r.stdout.contains("as_of: \"2024-06-05\""), "{}", r.stdout);
    assert!(!r.stdout.contains("2001"), "a modification time dated the draft: {}", r.stdout);
    for name in ["X.yaml", "draft.yaml", "My Draft (2).yaml", "tiny-model.yaml"] {
        let file = root.path().join(name);
        std::fs::write(&file, &r.stdout).expect("written");
        let check = run(openness().arg("check").arg(&file));
        assert_eq!(check.code, Some(0), "{name}: {}", check.stderr);
        assert!(check.stdout.contains("1 valid record(s); 0 error(s)"), "{name}: {}", check.stdout);
    }
    // Found in a directory, a record is still named after its id (E102).
    let dir = root.path().join("records");
    std::fs::create_dir(&dir).expect("created");
    std::fs::write(dir.join("X.yaml"), &r.stdout).expect("written");
    let check = run(openness().arg("check").arg(&dir));
    assert_eq!(check.code, Some(1));
    assert!(check.stderr.contains("error[E102]"), "{}", check.stderr);
}

#[test]
fn assess_out_writes_a_catalogue_that_data_reads() {
    let root = tempfile::tempdir().expect("temp dir");
    let model = dated_model(root.path());
    let out = root.path().join("catalogue");
    let r = run(openness().arg("assess").arg(&model).arg("--out").arg(&out));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(out.join("models/tiny-model.yaml").is_file());
    // stdout carries the report, so the summary goes to stderr.
    assert!(r.stdout.contains("Availability"), "{}", r.stdout);
    assert!(r.stderr.contains("wrote ") && r.stderr.contains("tiny-model.yaml"), "{}", r.stderr);
    let models = run(openness().arg("--data").arg(&out).args(["models", "--format", "json"]));
    assert_eq!(models.code, Some(0), "{}", models.stderr);
    let v: serde_json::Value = serde_json::from_str(&models.stdout).expect("JSON");
    assert_eq!((v[0]["id"].as_str(), v[0]["release"].as_str()), (Some("tiny-model"), Some("2024-03")));
}

#[test]
fn a_licence_file_dates_the_release_and_undated_files_date_nothing() {
    let root = tempfile::tempdir().expect("temp dir");
    let dir = root.path().join("m");
    std::fs::create_dir(&dir).expect("created");
    std::fs::write(dir.join("README.md"), "# M\n\nA small model.\n").expect("card");
    std::fs::write(dir.join("config.json"), "{\"model_type\": \"gpt2\"}").expect("config");
    set_old_times(&dir);
    let undated = run(openness().arg("assess").arg(&dir).args(["--format", "yaml"]));
    assert_eq!(undated.code, Some(0), "{}", undated.stderr);
    assert!(undated.stdout.contains("release: ''") || undated.stdout.contains("release: \"\""), "{}", undated.stdout);
    assert!(!undated.stdout.contains("as_of"), "{}", undated.stdout);
    assert!(undated.stderr.contains("note: the files state no release date"), "{}", undated.stderr);
    // `--release` dates the facts too, so the draft passes.
    let given = run(openness().arg("assess").arg(&dir).args(["--format", "yaml", "--release", "2023-02"]));
    assert!(given.stdout.contains("as_of: 2023-02"), "{}", given.stdout);
    std::fs::write(dir.join("LICENSE"), "Example Model Licence\nVersion Release Date: July 18, 2023\n")
        .expect("licence");
    let r = run(openness().arg("assess").arg(&dir).args(["--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["release"], "2023-07");
    assert_eq!(v["dates"]["release"]["evidence"]["file"], "LICENSE");
    assert_eq!(v["dates"]["release"]["evidence"]["line"], 2);
}

#[test]
fn nothing_to_assess_and_nothing_to_check_exit_1() {
    let root = tempfile::tempdir().expect("temp dir");
    let empty = root.path().join("empty");
    std::fs::create_dir(&empty).expect("created");
    let r = run(openness().arg("assess").arg(&empty));
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("is empty"), "{}", r.stderr);
    let photos = root.path().join("photos");
    std::fs::create_dir(&photos).expect("created");
    std::fs::write(photos.join("holiday.jpg"), [0xff, 0xd8, 0xff]).expect("written");
    std::fs::write(photos.join("notes.txt"), "shopping list\n").expect("written");
    let r = run(openness().arg("assess").arg(&photos));
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("holds no model files"), "{}", r.stderr);
    let r = run(openness().arg("check").arg(&photos));
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("no record files in"), "{}", r.stderr);
}

/// A Model Openness Tool file for release `name`.
fn mot_file(name: &str) -> String {
    format!(
        "release:\n  name: {name}\n  date: '2024-05-01'\n  components:\n  - name: Model parameters (Final)\n    license: Apache-2.0\n"
    )
}

#[test]
fn every_importer_writes_a_catalogue_that_data_loads() {
    let root = tempfile::tempdir().expect("temp dir");
    let mot = root.path().join("mot");
    std::fs::create_dir(&mot).expect("created");
    std::fs::write(mot.join("alpha.yml"), mot_file("Alpha")).expect("written");
    std::fs::write(mot.join("alpha-copy.yml"), mot_file("Alpha")).expect("written");
    std::fs::write(mot.join("beta.yml"), mot_file("Beta")).expect("written");
    let out = root.path().join("catalogue");
    let r = run(openness().args(["import", "mot"]).arg(&mot).arg("--out").arg(&out));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // Two files naming one release: both named, neither dropped, never "file exists".
    let duplicate = r.stderr.lines().find(|l| l.contains("warning[W307]")).expect("the duplicate is reported");
    assert!(duplicate.contains("alpha.yml") && duplicate.contains("alpha-copy.yml"), "{duplicate}");
    assert!(!r.stderr.contains("exists") && !r.stderr.contains("already in"), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(out.join("models")).expect("models/").count(), 3);
    let models = run(openness().arg("--data").arg(&out).args(["models", "--format", "json"]));
    assert_eq!(models.code, Some(0), "{}", models.stderr);
    let v: serde_json::Value = serde_json::from_str(&models.stdout).expect("JSON");
    assert_eq!(v.as_array().map(Vec::len), Some(3));
    // The companion site's and the OSAI index's files too.
    let site = root.path().join("_llms");
    std::fs::create_dir(&site).expect("created");
    std::fs::write(site.join("gamma.md"), site_file("Gamma")).expect("written");
    let osai = root.path().join("osai");
    std::fs::create_dir(&osai).expect("created");
    std::fs::write(
        osai.join("delta.yaml"),
        "system:\n  name: Delta\n  releasedate: 2024-05-01\nweights_basemodel:\n  class: open\n",
    )
    .expect("written");
    for (importer, input, id) in [("site", &site, "gamma"), ("osai", &osai, "delta")] {
        let out = root.path().join(format!("from-{importer}"));
        let r = run(openness().args(["import", importer]).arg(input).arg("--out").arg(&out));
        assert_eq!(r.code, Some(0), "{importer}: {}", r.stderr);
        let show = run(openness().arg("--data").arg(&out).args(["show", id, "--format", "json"]));
        assert_eq!(show.code, Some(0), "{importer}: {}", show.stderr);
    }
    // `--out` inside the input is refused, whatever the importer.
    for importer in ["site", "mot", "osai", "cyclonedx", "spdx3"] {
        let r = run(openness().args(["import", importer]).arg(&mot).arg("--out").arg(mot.join("catalogue")));
        assert_eq!(r.code, Some(1), "{importer}");
        assert!(r.stderr.contains("inside the input"), "{importer}: {}", r.stderr);
    }
}
