//! Detection throughput on the 200 real licence files of `../shared/bench/licence-files-200.tar.xz`
//! (unpacked with `tar` into the temporary directory on first use), one file, a licence buried in
//! 400 KB of unrelated text, and name resolution.
//!
//! `cargo bench -p openness-detect` (divan measures wall time), 1 December 2026, on the 2-core
//! development machine with a load average of 14 from other builds (whole-process CPU times and
//! instruction counts, which the load distorts less, are in the README, measured by
//! `benches/whole_process.py`):
//!
//! | bench                               | fastest  | median   |
//! |-------------------------------------|----------|----------|
//! | start_up (licence base, title rules)| 1.38 ms  | 1.62 ms  |
//! | licence_files_200                   | 42.9 ms  | 74.7 ms  |
//! | one_mit_file                        | 34.7 µs  | 35.0 µs  |
//! | apache_in_400_kb_of_unrelated_text  | 17.0 ms  | 25.0 ms  |
//! | resolve_names (10 names)            | 761 ns   | 781 ns   |
//!
//! Before the embedded index (the `spdx` crate's store and scanner), whole-process CPU over the
//! 200 files was 3.24 s; loading the store alone cost 948 M instructions. Before the licence base
//! was parsed at build time, building it cost 68 M instructions at every start (54 M of them
//! parsing YAML); now 8.7 M.
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

/// What `license detect` does before it reads a file: the embedded licence base (pre-parsed at
/// build time) and the detector's title rules.
#[divan::bench]
fn start_up() -> usize {
    embedded_licence_base().map_or(0, |base| divan::black_box(Detector::new(&base)).detect_text(" ").lines.len())
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
