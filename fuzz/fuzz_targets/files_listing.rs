//! The `FILES.txt` merge never panics, never adds a path twice, never passes its cap and never
//! adds more entries than it says it read.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use openness_assess::inventory::{Inventory, merge_listing};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut inv = Inventory::default();
    let read = merge_listing(&text, "sub", &mut inv, 1000);
    assert!(inv.entries.len() <= read);
    inv.settle();
    assert!(inv.entries.len() <= 1000);
    let distinct: HashSet<&str> = inv.entries.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(distinct.len(), inv.entries.len());
});
