//! The safetensors header reader never panics and never reads past what a header may claim.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openness_assess::weights::read_safetensors_from;

fuzz_target!(|data: &[u8]| {
    let _ = read_safetensors_from(data, data.len() as u64);
});
