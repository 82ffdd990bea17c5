//! Embeds the reviewed data files of `data/` (records, licence base, dataset and software registries, lens sources) into the library, so
//! that the binary works with zero set-up.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let data = manifest.join("../../data");
    println!("cargo::rerun-if-changed={}", data.join("models").display());
    println!("cargo::rerun-if-changed={}", data.join("licenses").display());
    println!("cargo::rerun-if-changed={}", data.join("datasets").display());
    println!("cargo::rerun-if-changed={}", data.join("software").display());
    println!("cargo::rerun-if-changed={}", data.join("register").display());
    println!("cargo::rerun-if-changed={}", data.join("performance").display());
    println!("cargo::rerun-if-changed={}", data.join("lenses").display());
    println!("cargo::rerun-if-changed={}", data.join("sources").display());
    let mut out = String::new();
    table(&mut out, "MODELS", &data.join("models"));
    table(&mut out, "LICENSES", &data.join("licenses"));
    table(&mut out, "DATASETS", &data.join("datasets"));
    table(&mut out, "SOFTWARE", &data.join("software"));
    table(&mut out, "REGISTER", &data.join("register"));
    table(&mut out, "PERFORMANCE", &data.join("performance"));
    table(&mut out, "LENSES", &data.join("lenses"));
    table(&mut out, "SOURCES", &data.join("sources"));
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("embedded.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}
