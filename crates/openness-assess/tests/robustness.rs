//! Hostile and broken repositories: clear findings, no panic, bounded reads.

use std::io::Write;
use std::path::Path;
use std::sync::LazyLock;

use openness_assess::{AssessError, Knowledge, Options, Report, assess};
use openness_catalogue::registry::Registry;
use openness_catalogue::{embedded_licence_base, embedded_registry};
use openness_core::{Component, LicenceBase};

static BASE: LazyLock<LicenceBase> = LazyLock::new(|| embedded_licence_base().expect("valid base"));
static REGISTRY: LazyLock<Registry> = LazyLock::new(|| embedded_registry(&BASE).expect("valid registry"));

fn run(dir: &Path) -> Result<Report, AssessError> {
    assess(dir, &Knowledge { base: &BASE, registry: &REGISTRY }, &Options::default())
}

fn codes(r: &Report) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code).collect()
}

#[test]
fn a_missing_directory_or_a_file_is_an_error() {
    assert!(matches!(run(Path::new("/no/such/dir")), Err(AssessError::Unreadable { .. })));
    let file = tempfile::NamedTempFile::new().expect("temp file");
    assert!(matches!(run(file.path()), Err(AssessError::NotADirectory(_))));
}

#[test]
fn symbolic_links_are_never_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).expect("symlink");
    std::os::unix::fs::symlink("/etc", dir.path().join("escape")).expect("symlink");
    std::fs::write(dir.path().join("FILES.txt"), "10\tfile\t../../etc/passwd\n5\tfile\tok.py\n").expect("written");
    let r = run(dir.path()).expect("assessed");
    let notes: Vec<&str> = r.findings.iter().map(|f| f.message.as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("`loop`: symbolic link not followed")), "{notes:#?}");
    assert!(notes.iter().any(|n| n.contains("`escape`: symbolic link not followed")), "{notes:#?}");
    assert!(notes.iter().any(|n| n.contains("escapes its folder")), "{notes:#?}");
}

#[test]
fn broken_cards_are_findings() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("README.md"), "---\nlicense: mit\ntags: [unclosed\n---\n# Model\n")
        .expect("written");
    std::fs::create_dir(dir.path().join("docs")).expect("dir");
    std::fs::write(dir.path().join("docs/README.md"), b"# Notes\n\xff\xfe not utf-8 \xc3\n").expect("written");
    std::fs::write(dir.path().join("docs/binary.md"), b"\x00\x01\x02 binary").expect("written");
    let r = run(dir.path()).expect("assessed");
    assert!(codes(&r).contains(&"A122"), "{:?}", r.findings);
    assert!(codes(&r).contains(&"A121"), "{:?}", r.findings);
}

#[test]
fn a_100_mb_readme_is_read_only_in_part() {
    let dir = tempfile::tempdir().expect("temp dir");
    let chunk = "the model is released under the apache 2.0 licence\n".repeat(20_000);
    let mut file = std::fs::File::create(dir.path().join("README.md")).expect("created");
    file.write_all(b"---\nlicense: apache-2.0\n---\n# Big\n").expect("written");
    for _ in 0..(100 * 1024 * 1024 / chunk.len() + 1) {
        file.write_all(chunk.as_bytes()).expect("written");
    }
    drop(file);
    let r = run(dir.path()).expect("assessed");
    assert!(codes(&r).contains(&"A120"), "{:?}", r.findings);
    let weights = r.component(Component::DeploymentDataWeights).expect("weights");
    assert_eq!(weights.license.as_deref(), Some("Apache-2.0"));
}

#[test]
fn truncated_and_lying_weight_headers_are_findings() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("huge.safetensors"), [u64::MAX.to_le_bytes().as_slice(), b"{}"].concat())
        .expect("written");
    let mut short = 5000u64.to_le_bytes().to_vec();
    short.extend_from_slice(b"{\"w\":{\"dtype\":\"F32\",\"shape\":[2]");
    std::fs::write(dir.path().join("short.safetensors"), short).expect("written");
    std::fs::write(dir.path().join("bad.gguf"), b"GGUF\x03\x00\x00\x00").expect("written");
    let r = run(dir.path()).expect("assessed");
    let messages: Vec<&str> =
        r.findings.iter().filter(|f| f.code == "A130" || f.code == "A131").map(|f| f.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(messages.iter().any(|m| m.contains("100 MiB")), "{messages:#?}");
    assert!(r.parameters.is_none());
}

#[test]
fn safetensors_headers_give_the_exact_parameter_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    let header = br#"{"__metadata__":{"format":"pt"},"w":{"dtype":"BF16","shape":[3,4],"data_offsets":[0,24]},"b":{"dtype":"F32","shape":[4],"data_offsets":[24,40]},"ids":{"dtype":"I64","shape":[2],"data_offsets":[40,56]}}"#;
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend_from_slice(header);
    bytes.extend_from_slice(&[0u8; 56]);
    std::fs::write(dir.path().join("model.safetensors"), bytes).expect("written");
    std::fs::write(dir.path().join("README.md"), "---\nlicense: llama2\nextra_gated_prompt: agree\n---\n# M\n")
        .expect("written");
    let r = run(dir.path()).expect("assessed");
    assert_eq!(r.parameters, Some(16));
    let w = r.component(Component::DeploymentDataWeights).expect("weights");
    assert_eq!((w.availability.keyword(), w.level.to_string().as_str()), ("gated", "D3"));
}

#[test]
fn lfs_pointers_mean_published_but_not_downloaded() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("model.safetensors"),
        "version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 123456789\n",
    )
    .expect("written");
    std::fs::write(dir.path().join("LICENSE"), "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the \"Software\"), to deal\nin the Software without restriction, including without limitation the rights\nto use, copy, modify, merge, publish, distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\nfurnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\nIMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\nFITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\nAUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\nLIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\nOUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\nSOFTWARE.\n").expect("written");
    let r = run(dir.path()).expect("assessed");
    assert!(codes(&r).contains(&"A132"));
    assert_eq!(r.weights.lfs_pointers, 1);
    assert_eq!(r.weights.bytes, 123_456_789);
    let w = r.component(Component::DeploymentDataWeights).expect("weights");
    assert_eq!((w.license.as_deref(), w.level.to_string().as_str()), (Some("MIT"), "D5"));
}

#[test]
fn each_limit_of_the_budget_is_a_finding_when_reached() {
    use openness_assess::inventory::Limits;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("README.md"), format!("# Budget\n{}\n", "prose ".repeat(200))).expect("written");
    std::fs::write(dir.path().join("NOTES.md"), "# Notes\n").expect("written");
    let json = br#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#;
    for name in ["a", "b"] {
        let mut bytes = (json.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(json);
        bytes.extend_from_slice(&[0u8; 16]);
        std::fs::write(dir.path().join(format!("model-{name}.safetensors")), bytes).expect("written");
    }
    let know = Knowledge { base: &BASE, registry: &REGISTRY };
    let reached = |limits: Limits| -> (Vec<String>, Option<u64>) {
        let r = assess(dir.path(), &know, &Options { limits, ..Options::default() }).expect("assessed");
        (r.findings.iter().filter(|f| f.code == "A101").map(|f| f.message.clone()).collect(), r.parameters)
    };
    let (found, parameters) = reached(Limits { bytes: 100, header_bytes: 70, ..Limits::default() });
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].contains("100 bytes of documents and metadata"), "{found:#?}");
    assert!(found[1].contains("70 bytes of weight headers"), "{found:#?}");
    // The second header was not read: no count rather than half of one.
    assert_eq!(parameters, None);
    let (found, _) = reached(Limits { entries: 3, ..Limits::default() });
    assert_eq!(found, ["stopped at `.`: 3 entries examined, the most an assessment examines"]);
    assert_eq!(reached(Limits::default()), (Vec::new(), Some(8)));
}
