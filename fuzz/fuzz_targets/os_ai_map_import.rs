//! The os-ai-map importer never panics, and what it makes is a valid id. The input is a
//! product file and a score file, split at the first NUL byte.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use openness_catalogue::embedded_licence_base;
use openness_catalogue::import_os_ai_map::{Product, import_os_ai_map, read_listing, read_taxonomy};

static BASE: LazyLock<openness_core::LicenceBase> = LazyLock::new(|| embedded_licence_base().unwrap_or_default());

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (product, score) = text.split_once('\0').unwrap_or((&text, ""));
    if let Ok(Product::Model { record, .. }) = import_os_ai_map(product, score, None, None, &BASE, "2026-06-11") {
        assert!(openness_catalogue::record::is_valid_id(&record.id.value));
    }
    let _ = read_listing(product);
    let _ = read_taxonomy(score);
});
