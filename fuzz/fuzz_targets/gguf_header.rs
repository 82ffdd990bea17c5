//! The GGUF header reader never panics, and stays within its byte budget and tensor cap.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openness_assess::weights::{HeaderLimits, read_gguf_from};
use openness_read::Budget;

fuzz_target!(|data: &[u8]| {
    let budget = Budget::new(1 << 20);
    let _ = read_gguf_from(data, HeaderLimits { bytes: &budget, tensors: 10_000 });
    assert!(budget.used() <= data.len() as u64);
});
