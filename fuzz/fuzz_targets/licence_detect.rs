//! Licence detection never panics on any bytes.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use openness_catalogue::embedded_licence_base;
use openness_detect::Detector;

static BASE: LazyLock<openness_core::LicenceBase> = LazyLock::new(|| embedded_licence_base().unwrap_or_default());

fuzz_target!(|data: &[u8]| {
    let detector = Detector::new(&BASE);
    let _ = detector.detect_bytes(data);
});
