//! The OSAI index importer never panics, and what it makes is a valid id.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use openness_catalogue::{embedded_licence_base, import_osai::import_osai};

static BASE: LazyLock<openness_core::LicenceBase> = LazyLock::new(|| embedded_licence_base().unwrap_or_default());

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(record) = import_osai(&text, &BASE, "2025-01-01") {
        assert!(openness_catalogue::record::is_valid_id(&record.id.value));
    }
});
