//! The record parser and validator never panic, whatever the file holds.
#![no_main]

use std::sync::{Arc, LazyLock};

use libfuzzer_sys::fuzz_target;
use openness_catalogue::{SourceFile, embedded_licence_base, record::load_record};

static BASE: LazyLock<openness_core::LicenceBase> = LazyLock::new(|| embedded_licence_base().unwrap_or_default());
static SOURCES: LazyLock<openness_catalogue::sources::Sources> =
    LazyLock::new(|| openness_catalogue::embedded_sources_list().unwrap_or_default());

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let source = Arc::new(SourceFile { name: "fuzz.yaml".to_owned(), text });
    let mut diagnostics = Vec::new();
    let _ = load_record(&source, &BASE, &SOURCES, &mut diagnostics);
    for d in &diagnostics {
        let _ = d.to_string();
    }
});
