//! Speed of the catalogue's hot paths: loading and validating the embedded records, grading
//! every component, and computing the statistics.

use openness_catalogue::stats::stats;
use openness_catalogue::{DataSource, embedded_licence_base, load};
use openness_core::Rubric;

fn main() {
    divan::main();
}

#[divan::bench]
fn load_licence_base() -> openness_core::LicenceBase {
    embedded_licence_base().unwrap_or_default()
}

#[divan::bench]
fn load_and_validate_catalogue() -> usize {
    load(&DataSource::Embedded).map_or(0, |l| l.catalogue.records.len())
}

#[divan::bench]
fn grade_all_540_cells(bencher: divan::Bencher) {
    let Ok(loaded) = load(&DataSource::Embedded) else {
        return;
    };
    bencher.bench(|| loaded.catalogue.assess_all(Rubric::default()).len());
}

#[divan::bench]
fn catalogue_stats(bencher: divan::Bencher) {
    let Ok(loaded) = load(&DataSource::Embedded) else {
        return;
    };
    let assessments = loaded.catalogue.assess_all(Rubric::default());
    bencher.bench(|| stats(&assessments, &[]).models);
}

#[divan::bench(args = ["MIT", "Apache-2.0 OR LicenseRef-scancode-llama-2-license-2023", "apache 2.0", "Llama 3 Community License"])]
fn resolve_and_score(bencher: divan::Bencher, name: &str) {
    let Ok(base) = embedded_licence_base() else {
        return;
    };
    bencher.bench(|| {
        let resolved = matches!(base.resolve(name), openness_core::Resolution::Licence(..));
        let scored = base.score(name, Rubric::default()).map(|s| s.points).ok();
        (resolved, scored)
    });
}

/// `check` of a directory of `n` records (copies of the reviewed ones under new ids, 2 KB
/// each), read and checked one at a time and counted, as `openness check` does: it must stay
/// linear in the number of records (10× and 100× the records within 12× and 120× the time).
/// Peak memory at the 64 MiB budget is measured on the release binary over the directory
/// `benches/check_input.py` writes (see ARCHITECTURE.md).
#[divan::bench(args = [45, 450, 4_500], sample_count = 3)]
fn check_records(bencher: divan::Bencher, n: usize) {
    let Ok(base) = embedded_licence_base() else { return };
    let Ok(dir) = tempfile::tempdir() else { return };
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/models");
    let Ok(files) = openness_catalogue::catalogue::yaml_files(&data) else { return };
    let texts: Vec<(String, String)> = files
        .iter()
        .filter_map(|f| {
            let id = f.file_stem()?.to_str()?.to_owned();
            Some((id, std::fs::read_to_string(f).ok()?))
        })
        .collect();
    for i in 0..n {
        // Spread over the whole set (7,919 is prime to its size), so that each input is a
        // like sample of it and only the count changes.
        let (id, text) = &texts[i * 7_919 % texts.len()];
        let copy = format!("{id}-copy{i}");
        std::fs::write(
            dir.path().join(format!("{copy}.yaml")),
            text.replacen(&format!("id: {id}\n"), &format!("id: {copy}\n"), 1),
        )
        .ok();
    }
    let paths = [dir.path().to_path_buf()];
    let Ok(sources) = openness_catalogue::embedded_sources_list() else { return };
    bencher.bench(|| {
        let mut valid = 0usize;
        let diagnostics = openness_catalogue::check_paths_each(&paths, &base, &sources, |_| valid += 1);
        (valid, diagnostics.len())
    });
}
