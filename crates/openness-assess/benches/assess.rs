//! Speed of `assess`: a repository of 1,000, 10,000 and 100,000 files on disk, and one whose
//! `FILES.txt` lists 2,000, 20,000 and 200,000 files (the cap on entries). Each tenfold input
//! must cost at most twelvefold the time. Peak memory is measured with `/usr/bin/time -v` on
//! the release binary over the same inputs (see ARCHITECTURE.md).

use std::path::{Path, PathBuf};

use openness_assess::{Knowledge, Options, assess};
use openness_catalogue::{embedded_licence_base, embedded_registry};

fn main() {
    divan::main();
}

/// A repository of `n` files: a card, a licence, then code, configs and notes in nested
/// folders, of sizes from 6 bytes to 1.2 KB (most of them small enough to be LFS pointers, so
/// their heads are read).
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
        std::fs::write(sub.join(name), "x = 1\n".repeat(1 + i % 200)).ok();
    }
}

fn bench_assess(bencher: divan::Bencher, dir: &Path) {
    let Ok(base) = embedded_licence_base() else { return };
    let Ok(registry) = embedded_registry(&base) else { return };
    let know = Knowledge { base: &base, registry: &registry };
    bencher.bench(|| assess(dir, &know, &Options::default()).map(|r| r.components.len()).unwrap_or(0));
}

/// A repository of `n` files on disk (10,000: the repository `assess` must take under 100 ms).
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 5)]
fn assess_files_on_disk(bencher: divan::Bencher, n: usize) {
    let Ok(dir) = tempfile::tempdir() else { return };
    make_repo(dir.path(), n);
    bench_assess(bencher, dir.path());
}

/// A repository whose `FILES.txt` lists `n` LFS pointers (200,000: the cap on entries, in
/// 7.6 MB: within the 8 MiB a listing may take, so that every line is read).
#[divan::bench(args = [2_000, 20_000, 200_000], sample_count = 5)]
fn assess_listed_files(bencher: divan::Bencher, n: usize) {
    let Ok(dir) = tempfile::tempdir() else { return };
    std::fs::write(dir.path().join("README.md"), "---\nlicense: apache-2.0\n---\n# Listed model\n").ok();
    let listing: String = (0..n).map(|i| format!("1000\tlfs-pointer\tw/{i:06}.safetensors\n")).collect();
    std::fs::write(dir.path().join("FILES.txt"), listing).ok();
    bench_assess(bencher, dir.path());
}
