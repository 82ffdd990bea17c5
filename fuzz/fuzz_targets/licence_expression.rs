//! Licence expression scoring and name resolution never panic.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use openness_catalogue::embedded_licence_base;
use openness_core::{P5Reading, Rubric};

static BASE: LazyLock<openness_core::LicenceBase> = LazyLock::new(|| embedded_licence_base().unwrap_or_default());

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = BASE.resolve(&text);
    let _ = BASE.canonical_expression(&text);
    let _ = BASE.score(&text, Rubric::default());
    let _ = BASE.score(&text, Rubric { p5: P5Reading::Literal });
});
