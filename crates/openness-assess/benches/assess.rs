//! Assessment of a synthetic repository of 10,000 files: time (peak memory is measured with
//! `/usr/bin/time -v` around this bench, see the README).

use std::path::{Path, PathBuf};

use openness_assess::{Knowledge, Options, assess};
use openness_catalogue::{embedded_licence_base, embedded_registry};

fn main() {
    divan::main();
}

/// A repository of `n` files: a card, a licence, code, configs and notes in nested folders.
fn make_repo(dir: &Path, n: usize) {
    std::fs::write(
        dir.join("README.md"),
        "---\nlicense: apache-2.0\ndatasets:\n- c4\n---\n# Bench model\nTrained on C4 with GPT-NeoX.\n",
    )
    .ok();
    std::fs::write(
        dir.join("LICENSE"),
        "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n",
    )
    .ok();
    for i in 0..n.saturating_sub(2) {
        let sub: PathBuf = dir.join(format!("pkg{}/mod{}", i % 50, i % 7));
        std::fs::create_dir_all(&sub).ok();
        let name = match i % 5 {
            0 => format!("train_{i}.py"),
            1 => format!("eval_{i}.py"),
            2 => format!("notes_{i}.txt"),
            3 => format!("config_{i}.yaml"),
            _ => format!("util_{i}.py"),
        };
        std::fs::write(sub.join(name), "x = 1\n").ok();
    }
}

#[divan::bench(sample_count = 5)]
fn assess_10000_files(bencher: divan::Bencher) {
    let Ok(dir) = tempfile::tempdir() else { return };
    make_repo(dir.path(), 10_000);
    let Ok(base) = embedded_licence_base() else { return };
    let Ok(registry) = embedded_registry(&base) else { return };
    let know = Knowledge { base: &base, registry: &registry };
    bencher.bench(|| assess(dir.path(), &know, &Options::default()).map(|r| r.components.len()).unwrap_or(0));
}

/// A repository whose `FILES.txt` lists `n` files: the listing merge must stay linear up to
/// the cap of 200,000 entries.
#[divan::bench(args = [2_000, 20_000, 200_000], sample_count = 3)]
fn assess_listed_files(bencher: divan::Bencher, n: usize) {
    use std::fmt::Write as _;
    let Ok(dir) = tempfile::tempdir() else { return };
    std::fs::write(dir.path().join("README.md"), "---\nlicense: apache-2.0\n---\n# Listed model\n").ok();
    let mut listing = String::new();
    for i in 0..n {
        let _ = writeln!(listing, "1000\tlfs-pointer\tshards/model-{i:06}-of-{n:06}.safetensors");
    }
    std::fs::write(dir.path().join("FILES.txt"), listing).ok();
    let Ok(base) = embedded_licence_base() else { return };
    let Ok(registry) = embedded_registry(&base) else { return };
    let know = Knowledge { base: &base, registry: &registry };
    bencher.bench(|| assess(dir.path(), &know, &Options::default()).map(|r| r.weights.files).unwrap_or(0));
}
