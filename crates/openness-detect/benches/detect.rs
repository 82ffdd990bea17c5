//! Detection throughput on the 200 real licence files of `../shared/bench/licence-files-200.tar.xz`
//! (unpacked with `tar` into the temporary directory on first use), one file, a licence buried in
//! 400 KB of unrelated text, and name resolution.
//!
//! `cargo bench -p openness-detect` (divan measures wall time), 1 December 2026, on the 2-core
//! development machine with a load average of 24 from other builds, so these are about five
//! times the times on an idle machine (the README has whole-process CPU times and instruction
//! counts, which the load does not distort):
//!
//! | bench                               | fastest  | median   |
//! |-------------------------------------|----------|----------|
//! | licence_files_200                   | 108 ms   | 128 ms   |
//! | one_mit_file                        | 58.3 µs  | 61.6 µs  |
//! | apache_in_400_kb_of_unrelated_text  | 14.5 ms  | 31.3 ms  |
//! | resolve_names (10 names)            | 1.81 µs  | 1.96 µs  |
//!
//! Before the embedded index (the `spdx` crate's store and scanner), whole-process CPU over the
//! 200 files was 3.24 s; loading the store alone cost 948 M instructions.
use std::path::PathBuf;

use openness_catalogue::embedded_licence_base;
use openness_detect::Detector;

fn main() {
    divan::main();
}

/// The 200 files' contents, or nothing (saying so) when the corpus is absent.
fn corpus() -> Vec<Vec<u8>> {
    let Some(archive) = openness_testdata::shared("bench/licence-files-200.tar.xz") else {
        return Vec::new();
    };
    let dir = std::env::temp_dir().join("openness-licence-files-200");
    let unpacked = dir.join("corpusC");
    if !unpacked.is_dir() {
        let _ = std::fs::create_dir_all(&dir);
        let status = std::process::Command::new("tar").arg("-xJf").arg(&archive).arg("-C").arg(&dir).status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("skipped: cannot unpack {}", archive.display());
            return Vec::new();
        }
    }
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(&unpacked).into_iter().flatten().flatten().map(|e| e.path()).collect();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

#[divan::bench(sample_count = 20)]
fn licence_files_200(bencher: divan::Bencher) {
    let Ok(base) = embedded_licence_base() else {
        return;
    };
    let detector = Detector::new(&base);
    let files = corpus();
    let bytes: usize = files.iter().map(Vec::len).sum();
    bencher
        .counter(divan::counter::ItemsCount::new(files.len()))
        .counter(divan::counter::BytesCount::new(bytes))
        .bench(|| files.iter().filter(|f| detector.detect_bytes(f).id.is_some()).count());
}

#[divan::bench(sample_count = 50)]
fn one_mit_file(bencher: divan::Bencher) {
    let Ok(base) = embedded_licence_base() else {
        return;
    };
    let detector = Detector::new(&base);
    // The corpus's first file (`adler2-…__LICENSE-MIT`), 1 KB.
    let Some(file) = corpus().into_iter().next() else {
        return;
    };
    bencher.bench(|| detector.detect_bytes(divan::black_box(&file)).id);
}

#[divan::bench(sample_count = 10)]
fn apache_in_400_kb_of_unrelated_text(bencher: divan::Bencher) {
    let (Ok(base), Ok(apache)) =
        (embedded_licence_base(), std::fs::read_to_string("/usr/share/common-licenses/Apache-2.0"))
    else {
        return;
    };
    let detector = Detector::new(&base);
    let mut noise = String::new();
    let mut state = 7u64;
    while noise.len() < 400_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        noise.push_str(
            ["the ", "river ", "of ", "model ", "a ", "garden ", "and ", "weights ", "to ", "city.\n"]
                [(state % 10) as usize],
        );
    }
    let text = format!("{}{apache}{}", &noise[..200_000], &noise[200_000..]);
    bencher.counter(divan::counter::BytesCount::new(text.len())).bench(|| detector.detect_text(&text).id);
}

const NAMES: [&str; 10] = [
    "Apache 2.0",
    "apache-2.0",
    "llama2",
    "Llama 3 Community License",
    "MIT",
    "cc-by-nc-4.0",
    "GPLv3",
    "BSD-3",
    "Gemma Terms of Use",
    "bigscience-bloom-rail-1.0",
];

#[divan::bench]
fn resolve_names(bencher: divan::Bencher) {
    let Ok(base) = embedded_licence_base() else {
        return;
    };
    bencher
        .counter(divan::counter::ItemsCount::new(NAMES.len()))
        .bench(|| NAMES.iter().filter(|n| matches!(base.resolve(n), openness_core::Resolution::Licence(..))).count());
}
