//! Model-card front matter (split and lenient YAML metadata) never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openness_assess::card::{Document, read_card};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut doc = Document::new("README.md", text, false, false);
    let _ = read_card(&mut doc);
});
