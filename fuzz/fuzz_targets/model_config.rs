//! `config.json` and sharded-index readers never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openness_assess::weights::{read_config, read_index};

fuzz_target!(|data: &[u8]| {
    let _ = read_config(data);
    let _ = read_index(data);
});
