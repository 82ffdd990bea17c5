//! The safetensors header reader never panics and never reads past what a header may claim.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openness_assess::weights::{HeaderLimits, MAX_TENSORS, read_safetensors_from};
use openness_read::Budget;

fuzz_target!(|data: &[u8]| {
    let budget = Budget::new(1 << 20);
    let _ = read_safetensors_from(data, data.len() as u64, HeaderLimits { bytes: &budget, tensors: MAX_TENSORS });
});
