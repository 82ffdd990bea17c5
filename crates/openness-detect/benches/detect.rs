//! Detection throughput on a mixed set of licence texts, and name resolution rate.
use std::path::Path;

use openness_catalogue::embedded_licence_base;
use openness_detect::Detector;

fn main() {
    divan::main();
}

fn corpus() -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    for dir in ["/usr/share/common-licenses"] {
        for name in ["Apache-2.0", "GPL-3", "MPL-2.0", "BSD", "CC0-1.0"] {
            if let Ok(b) = std::fs::read(Path::new(dir).join(name)) {
                files.push(b);
            }
        }
    }
    let dev = openness_testdata::shared("corpus/dev").unwrap_or_default();
    for f in [
        "llama-2/LICENSE",
        "llama-3/USE_POLICY.md",
        "dbrx-base/LICENSE",
        "opt/MODEL_LICENSE.md",
        "gpt-2/LICENSE",
        "pythia/LICENSE",
        "opt/LICENSE",
    ] {
        if let Ok(b) = std::fs::read(dev.join(f)) {
            files.push(b);
        }
    }
    files
}

#[divan::bench(sample_count = 10)]
fn detect_mixed_licence_files(bencher: divan::Bencher) {
    let Ok(base) = embedded_licence_base() else {
        return;
    };
    let detector = Detector::new(&base);
    let files = corpus();
    let bytes: usize = files.iter().map(Vec::len).sum();
    // Warm the SPDX store once so that its loading is not measured.
    let _ = detector.detect_text("MIT License");
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .bench(|| files.iter().filter(|f| detector.detect_bytes(f).id.is_some()).count());
}

#[divan::bench(sample_count = 10)]
fn detect_files_per_second(bencher: divan::Bencher) {
    let Ok(base) = embedded_licence_base() else {
        return;
    };
    let detector = Detector::new(&base);
    let files = corpus();
    let _ = detector.detect_text("MIT License");
    bencher
        .counter(divan::counter::ItemsCount::new(files.len()))
        .bench(|| files.iter().filter(|f| detector.detect_bytes(f).id.is_some()).count());
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
