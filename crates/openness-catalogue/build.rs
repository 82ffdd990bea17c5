//! Embeds the reviewed data files of `data/` (records, licence base, dataset and software
//! registries, lens sources) into the library, so that the binary works with zero set-up.
//!
//! The licence base, the sources, the records and the register are also parsed here, with the library's own
//! file formats and YAML options, and embedded as JSON of those formats: at run time the
//! catalogue reads that JSON (fast) and checks it as it checks any file, instead of parsing
//! 2 MB of YAML on every start. The YAML stays embedded, and is what `openness check` reads for
//! diagnostics with lines and columns; a file that does not parse here is embedded as `null`,
//! so that loading it at run time goes through the YAML and reports the error as before.

// As in the library (lib.rs): diagnostics are cold-path values.
#![allow(clippy::result_large_err, reason = "diagnostics are cold-path values")]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

// The file formats and their YAML reading, shared with the library (see `parsed`).
#[allow(dead_code, unused_imports, reason = "the build script only parses; the library checks")]
#[path = "src/diagnostic.rs"]
mod diagnostic;
#[allow(dead_code, unused_imports, reason = "the build script only parses; the library checks")]
#[path = "src/lens_sources.rs"]
mod lens_sources;
#[allow(dead_code, unused_imports, reason = "the build script only parses; the library checks")]
#[path = "src/licences.rs"]
mod licences;
#[allow(dead_code, unused_imports, reason = "the build script only parses; the library checks")]
#[path = "src/record.rs"]
mod record;
#[allow(dead_code, unused_imports, reason = "the build script only parses; the library checks")]
#[path = "src/risk_register.rs"]
mod risk_register;
#[allow(dead_code, unused_imports, reason = "the build script only parses; the library checks")]
#[path = "src/sources.rs"]
mod sources;
#[allow(dead_code, unused_imports, reason = "the build script only parses; the library checks")]
#[path = "src/yaml.rs"]
mod yaml;

/// The modules above: a change to a format changes what is embedded.
const FORMAT_SOURCES: [&str; 7] = [
    "src/diagnostic.rs",
    "src/lens_sources.rs",
    "src/licences.rs",
    "src/record.rs",
    "src/risk_register.rs",
    "src/sources.rs",
    "src/yaml.rs",
];

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn table(out: &mut String, name: &str, dir: &Path) {
    let _ = writeln!(out, "pub(crate) static {name}: &[(&str, &str)] = &[");
    for path in yaml_files(dir) {
        let file = path.file_name().and_then(|f| f.to_str()).unwrap_or_default();
        let _ = writeln!(out, "    ({file:?}, include_str!({:?})),", path.display().to_string());
    }
    out.push_str("];\n");
}

/// Parses every YAML file of `dir` as a `T` and writes them, in the order of [`table`], as a
/// JSON array (`null` for a file that does not parse) to `OUT_DIR/<name>.json`; declares
/// `<NAME>_PARSED` holding it.
fn parsed<T: serde::Serialize + for<'de> serde::Deserialize<'de>>(out: &mut String, name: &str, dir: &Path) {
    let files: Vec<Option<T>> = yaml_files(dir)
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let source = Arc::new(diagnostic::SourceFile { name: path.display().to_string(), text });
            yaml::parse::<T>(&source).ok()
        })
        .collect();
    let json = match serde_json::to_string(&files) {
        Ok(json) => json,
        Err(e) => panic!("cannot write the parsed {name} as JSON: {e}"),
    };
    let dest = out_dir().join(format!("{name}.json"));
    if let Err(e) = std::fs::write(&dest, json) {
        panic!("cannot write {}: {e}", dest.display());
    }
    let _ = writeln!(
        out,
        "pub(crate) static {}_PARSED: &str = include_str!({:?});",
        name.to_ascii_uppercase(),
        dest.display().to_string()
    );
}

fn out_dir() -> PathBuf {
    PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default())
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let data = manifest.join("../../data");
    for dir in ["models", "licenses", "datasets", "software", "register", "performance", "lenses", "sources"] {
        println!("cargo::rerun-if-changed={}", data.join(dir).display());
    }
    println!("cargo::rerun-if-changed=build.rs");
    for file in FORMAT_SOURCES {
        println!("cargo::rerun-if-changed={file}");
    }
    let mut out = String::new();
    table(&mut out, "MODELS", &data.join("models"));
    table(&mut out, "LICENSES", &data.join("licenses"));
    table(&mut out, "DATASETS", &data.join("datasets"));
    table(&mut out, "SOFTWARE", &data.join("software"));
    table(&mut out, "REGISTER", &data.join("register"));
    table(&mut out, "PERFORMANCE", &data.join("performance"));
    table(&mut out, "LENSES", &data.join("lenses"));
    table(&mut out, "SOURCES", &data.join("sources"));
    parsed::<record::RecordFile>(&mut out, "models", &data.join("models"));
    parsed::<licences::LicenceFile>(&mut out, "licenses", &data.join("licenses"));
    parsed::<sources::SourcesFile>(&mut out, "sources", &data.join("sources"));
    parsed::<risk_register::RegisterFile>(&mut out, "register", &data.join("register"));
    let dest = out_dir().join("embedded.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}
