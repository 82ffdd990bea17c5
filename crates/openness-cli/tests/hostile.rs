//! Hostile input: one test per class of attack, each built from generated files (never from
//! real secrets). Nothing may hang, leak bytes from outside the named inputs, lose a record or
//! exit with a code that lies.
//!
//! `OPENNESS_BIN=/path/to/openness` runs the suite against another build of the binary.

use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

mod generated;
use generated::{run, site_file};

/// Longer than any of these commands takes; a command still running then is hung.
const HANG: Duration = Duration::from_secs(120);

/// The binary under test.
fn bin() -> std::ffi::OsString {
    std::env::var_os("OPENNESS_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_openness").into())
}

fn openness() -> Command {
    let mut cmd = Command::new(bin());
    cmd.env("NO_COLOR", "1").env("COLUMNS", "100").env_remove("OPENNESS_DATA").timeout(HANG);
    cmd
}

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(made.success());
}

/// A valid record file with `id`, every component unknown.
fn record(id: &str) -> String {
    format!("id: {id}\nname: {id}\nrelease: 2024-01\ncomponents: {{}}\n")
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_in_a_catalogue_never_has_its_target_printed() {
    let outside = tempfile::tempdir().expect("temp dir");
    let secret = outside.path().join("environ");
    // Shaped like an environment: YAML-looking lines a diagnostic would quote.
    std::fs::write(&secret, "GENERATED_TOKEN=s3cr3t-4f9a-not-real\nid: : :\n").expect("written");
    let data = tempfile::tempdir().expect("temp dir");
    let models = data.path().join("models");
    std::fs::create_dir(&models).expect("created");
    std::fs::write(models.join("ok.yaml"), record("ok")).expect("written");
    std::os::unix::fs::symlink(&secret, models.join("env.yaml")).expect("link");
    let licences = data.path().join("licenses");
    std::fs::create_dir(&licences).expect("created");
    std::os::unix::fs::symlink(&secret, licences.join("mit.yaml")).expect("link");
    for args in [
        vec!["check".into(), models.display().to_string()],
        vec!["check".into(), models.join("env.yaml").display().to_string()],
    ] {
        let r = run(openness().args(&args));
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert!(!r.stderr.contains("s3cr3t") && !r.stdout.contains("s3cr3t"), "{}", r.stderr);
        assert!(!r.stderr.contains(&secret.display().to_string()), "the target is not named: {}", r.stderr);
        assert!(r.stderr.contains("env.yaml") && r.stderr.contains("symbolic link"), "{}", r.stderr);
    }
    let r = run(openness().arg("--data").arg(data.path()).arg("models"));
    assert_eq!(r.code, Some(1));
    assert!(!r.stderr.contains("s3cr3t") && !r.stdout.contains("s3cr3t"), "{}", r.stderr);
    assert!(r.stderr.contains("mit.yaml") && r.stderr.contains("symbolic link"), "{}", r.stderr);
}

/// A hard link is the file itself, under a second name: it is read like any regular file (see
/// `openness-read`'s crate documentation for why no rule on hard links would protect anyone).
#[cfg(unix)]
#[test]
fn a_hard_link_is_read_as_the_file_it_is() {
    let outside = tempfile::tempdir().expect("temp dir");
    let original = outside.path().join("linked.yaml");
    std::fs::write(&original, record("linked")).expect("written");
    let data = tempfile::tempdir().expect("temp dir");
    let models = data.path().join("models");
    std::fs::create_dir(&models).expect("created");
    std::fs::write(models.join("ok.yaml"), record("ok")).expect("written");
    std::fs::hard_link(&original, models.join("linked.yaml")).expect("hard link");
    let r = run(openness().arg("check").arg(&models).args(["--format", "json"]));
    // Both files are read and judged alike (each lacks its twelve components), neither refused.
    let out: Value = serde_json::from_str(&r.stdout).expect("JSON");
    let judged: Vec<(&str, &str)> = out["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (d["code"].as_str().unwrap_or(""), d["file"].as_str().unwrap_or("")))
        .map(|(code, file)| (code, file.rsplit('/').next().unwrap_or(file)))
        .collect();
    assert_eq!(judged, [("E111", "linked.yaml"), ("E111", "ok.yaml")], "{}", r.stdout);
}

#[test]
fn a_long_files_listing_is_merged_in_linear_time_and_its_cap_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut listing = std::io::BufWriter::new(std::fs::File::create(dir.path().join("FILES.txt")).expect("created"));
    for i in 0..50 {
        writeln!(listing, "10\tfile\t../escape-{i}").expect("written");
    }
    for i in 0..250_000 {
        writeln!(listing, "10\tfile\tshard/part-{i:06}.bin").expect("written");
    }
    drop(listing);
    let r = run(openness().args(["assess", "--format", "json"]).arg(dir.path()));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("JSON");
    let findings = v["findings"].as_array().expect("findings");
    let messages = |code: &str| -> Vec<String> {
        findings.iter().filter(|f| f["code"] == code).filter_map(|f| f["message"].as_str().map(str::to_owned)).collect()
    };
    let budget = messages("A101");
    assert!(budget.iter().any(|m| m.contains("200000 entries examined")), "{budget:?}");
    // Escaping paths are noted, a few by name and the rest counted: not one finding each.
    let notes = messages("A100");
    assert!(notes.len() <= 11, "{}", notes.len());
    assert!(notes.iter().any(|m| m.contains("40 more listed paths escape")), "{notes:?}");
}

#[test]
fn a_files_listing_over_its_size_cap_is_reported_with_the_entries_read() {
    const CAP: usize = 8 * 1024 * 1024;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("w")).expect("created");
    // Long paths, so that the size cap comes long before the cap on entries: 9.4 MB in 50,000
    // lines.
    let mut text = String::new();
    let folders = "a-folder-of-shards-of-model-weights/".repeat(4);
    for i in 0..50_000 {
        text.push_str(&format!("4096\tfile\t{folders}{i:06}/model-weights-{i:06}.safetensors\n"));
    }
    assert!(text.len() > CAP);
    std::fs::write(dir.path().join("w/FILES.txt"), &text).expect("written");
    // The entries of the whole lines within the cap; the line the cap cuts is not one.
    let whole = text.as_bytes()[..CAP].iter().filter(|&&b| b == b'\n').count();
    let expected = format!(
        "stopped at `w/FILES.txt`: {CAP} bytes of the listing read, the most read of one `FILES.txt`; \
         {whole} entries read from it, the rest unread"
    );
    let r = run(openness().args(["assess", "--format", "json"]).arg(dir.path()));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("JSON");
    let budget: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "A101")
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert_eq!(budget, [expected.as_str()]);
    // The table says the same, wrapped to its width.
    let r = run(openness().arg("assess").arg(dir.path()));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let words = r.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains(&format!("[A101] {expected}")), "{}", r.stdout);
}

/// A safetensors file whose header lists `n` tensors of one element.
fn safetensors_with_tensors(path: &Path, n: usize) {
    let mut json = String::from("{");
    for i in 0..n {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&format!("\"t{i}\":{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"));
    }
    json.push('}');
    let mut bytes = (json.len() as u64).to_le_bytes().to_vec();
    bytes.extend_from_slice(json.as_bytes());
    bytes.extend_from_slice(&[0u8; 4]);
    std::fs::write(path, bytes).expect("written");
}

#[test]
fn weight_headers_are_bounded_in_bytes_and_tensors() {
    let dir = tempfile::tempdir().expect("temp dir");
    safetensors_with_tensors(&dir.path().join("model.safetensors"), 200_001);
    // A sparse GGUF whose one key is an array of ten million empty strings: 80 MB of header.
    let mut gguf = b"GGUF".to_vec();
    gguf.extend_from_slice(&3u32.to_le_bytes());
    gguf.extend_from_slice(&0u64.to_le_bytes());
    gguf.extend_from_slice(&1u64.to_le_bytes());
    gguf.extend_from_slice(&9u64.to_le_bytes());
    gguf.extend_from_slice(b"general.x");
    gguf.extend_from_slice(&9u32.to_le_bytes());
    gguf.extend_from_slice(&8u32.to_le_bytes());
    gguf.extend_from_slice(&10_000_000u64.to_le_bytes());
    let path = dir.path().join("model.gguf");
    std::fs::write(&path, &gguf).expect("written");
    std::fs::OpenOptions::new().write(true).open(&path).and_then(|f| f.set_len(1 << 30)).expect("sparse");
    let r = run(openness().args(["assess", "--format", "json"]).arg(dir.path()));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["parameters"], Value::Null);
    let text = v["findings"].to_string();
    assert!(text.contains("more than 200000 tensors"), "{text}");
    assert!(text.contains("past 64 MiB"), "{text}");
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_neither_block_nor_grow() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("record.yaml");
    mkfifo(&fifo);
    let r = run(openness().arg("check").arg(&fifo));
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("FIFO"), "{}", r.stderr);
    let r = run(openness().args(["license", "detect"]).arg(&fifo));
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("FIFO"), "{}", r.stderr);
    // A directory of records holding a FIFO: refused by name, the rest checked.
    std::fs::write(dir.path().join("ok.yaml"), record("ok")).expect("written");
    let r = run(openness().arg("check").arg(dir.path()));
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("record.yaml") && r.stderr.contains("FIFO"), "{}", r.stderr);
    // A device named on the command line is read, within the cap of a record file.
    let r = run(openness().args(["check", "/dev/zero"]));
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("larger than"), "{}", r.stderr);
}

#[test]
fn long_unknown_licences_get_no_suggestion_and_are_shown_shortened_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let long = "Z".repeat(300_000);
    let text = format!(
        "id: long\nname: long\nrelease: 2024-01\ncomponents:\n  deployment.data.weights:\n    availability: open\n    license: {long}\n"
    );
    std::fs::write(dir.path().join("long.yaml"), text).expect("written");
    let r = run(openness().arg("check").arg(dir.path().join("long.yaml")));
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("E130"), "{}", &r.stderr[..r.stderr.len().min(2000)]);
    assert!(r.stderr.len() < 4000, "{} bytes of diagnostics", r.stderr.len());
    // An argument may hold at most 128 KiB.
    let arg = &long[..100_000];
    for args in [vec!["show", arg], vec!["license", "show", arg]] {
        let r = run(openness().args(args));
        assert_eq!(r.code, Some(1));
        assert!(r.stderr.contains("(100000 characters)") && r.stderr.len() < 1000, "{} bytes", r.stderr.len());
    }
    // The MOT importer with a megabyte licence name: no suggestion search, a short note.
    let mot = dir.path().join("mot");
    std::fs::create_dir(&mot).expect("created");
    let name = "Q".repeat(1_000_000);
    std::fs::write(
        mot.join("m.yml"),
        format!(
            "release:\n  name: Big\n  date: '2024-01-01'\n  license:\n    distribution:\n      name: {name}\n  components:\n  - name: Model parameters (Final)\n"
        ),
    )
    .expect("written");
    let out = dir.path().join("out");
    let r = run(openness().args(["import", "mot"]).arg(&mot).arg("--out").arg(&out));
    assert_eq!(r.code, Some(0), "{}", &r.stderr[..r.stderr.len().min(2000)]);
    let written = std::fs::read_to_string(out.join("models/big.yaml")).expect("written");
    assert!(written.contains("(1000000 characters)"), "the note is shortened");
}

/// A Model Openness Tool file for release `name`.
fn mot_file(name: &str) -> String {
    format!(
        "release:\n  name: {name}\n  date: '2024-05-01'\n  components:\n  - name: Training code\n    license: MIT\n"
    )
}

#[test]
fn importers_never_lose_records_and_count_what_they_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mot = dir.path().join("mot");
    std::fs::create_dir(&mot).expect("created");
    std::fs::write(mot.join("first.yml"), mot_file("Twin")).expect("written");
    std::fs::write(mot.join("second.yml"), mot_file("Twin")).expect("written");
    std::fs::write(mot.join("other.yml"), mot_file("Other")).expect("written");
    for force in [false, true] {
        let out = dir.path().join(format!("out-{force}"));
        let mut cmd = openness();
        cmd.args(["import", "mot"]).arg(&mot).arg("--out").arg(&out);
        if force {
            cmd.arg("--force");
        }
        let r = run(&mut cmd);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        assert!(r.stdout.contains("imported 3 of 3"), "{}", r.stdout);
        assert!(r.stderr.contains("first.yml") && r.stderr.contains("second.yml"), "{}", r.stderr);
        assert!(!r.stderr.contains("exists"), "{}", r.stderr);
        let files = std::fs::read_dir(out.join("models")).expect("listed").count();
        assert_eq!(files, 3);
        let r = run(openness().arg("check").arg(&out));
        assert_eq!(r.code, Some(0), "{}", r.stderr);
    }
}

#[test]
fn imported_ids_are_valid_whatever_the_file_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("_llms");
    std::fs::create_dir(&site).expect("created");
    let names = ["Café_Modèle.md", "-leading.md", "...md", "two\nlines.md", "UPPER_case.md"];
    for name in names {
        std::fs::write(site.join(name), site_file("A model")).expect("written");
    }
    let out = dir.path().join("catalogue");
    let r = run(openness().args(["import", "site"]).arg(&site).arg("--out").arg(&out));
    let out = out.join("models");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("imported 5 of 5"), "{}", r.stdout);
    let mut ids: Vec<String> = std::fs::read_dir(&out)
        .expect("listed")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    assert_eq!(ids, ["cafe-modele.yaml", "leading.yaml", "model.yaml", "two-lines.yaml", "upper-case.yaml"]);
    let r = run(openness().arg("check").arg(&out));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

#[test]
fn an_output_directory_that_is_or_lies_inside_an_input_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mot = dir.path().join("mot");
    std::fs::create_dir(&mot).expect("created");
    let input = mot.join("twin.yaml");
    std::fs::write(&input, mot_file("Twin")).expect("written");
    let before = std::fs::read_to_string(&input).expect("read");
    for out in [mot.clone(), mot.join("."), mot.join("sub/dir")] {
        let r = run(openness().args(["import", "mot", "--force"]).arg(&mot).arg("--out").arg(&out));
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert!(r.stderr.contains("inside the input"), "{}", r.stderr);
    }
    assert_eq!(std::fs::read_to_string(&input).expect("read"), before);
    assert!(!mot.join("sub").exists());
}

#[test]
fn parameter_counts_that_overflow_are_a_finding_never_a_wrong_number() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, elements) in [("a", 1u64 << 63), ("b", 1u64 << 63), ("c", 5)] {
        let json = format!("{{\"w\":{{\"dtype\":\"F32\",\"shape\":[{elements}],\"data_offsets\":[0,0]}}}}");
        let mut bytes = (json.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(json.as_bytes());
        std::fs::write(dir.path().join(format!("model-{name}.safetensors")), bytes).expect("written");
    }
    let r = run(openness().args(["assess", "--format", "json"]).arg(dir.path()));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["parameters"], Value::Null, "{}", v["parameters_source"]);
    assert!(v["findings"].to_string().contains("overflow 64 bits"), "{}", v["findings"]);
}

#[cfg(target_os = "linux")]
#[test]
fn write_errors_exit_1_and_a_closed_pipe_stays_silent() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    let out = std::process::Command::new(bin()).arg("models").env("NO_COLOR", "1").stdout(full).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"), "{}", String::from_utf8_lossy(&out.stderr));
    // More than a pipe holds, read by a reader that leaves after one byte.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg("\"$0\" models --format json | head -c 1 >/dev/null; echo \"${PIPESTATUS[0]}\"")
        .arg(bin())
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn assess_refuses_an_id_that_is_a_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("README.md"), "# A model\n").expect("written");
    let r = run(openness().args(["assess", "--format", "yaml", "--id", "../../etc/x"]).arg(dir.path()));
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("not a valid record id"), "{}", r.stderr);
    assert!(!r.stdout.contains("../"), "{}", r.stdout);
}
