//! The companion-site importer (front matter splitting and YAML) never panics.
#![no_main]

use std::sync::{Arc, LazyLock};

use libfuzzer_sys::fuzz_target;
use openness_catalogue::{SourceFile, embedded_licence_base, import_site::import_file};

static BASE: LazyLock<openness_core::LicenceBase> = LazyLock::new(|| embedded_licence_base().unwrap_or_default());

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let source = Arc::new(SourceFile { name: "fuzz.md".to_owned(), text });
    let _ = import_file("fuzz", &source, &BASE);
});
