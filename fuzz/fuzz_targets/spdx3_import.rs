//! The SPDX 3 importer never panics, and what it reads turns into a record file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openness_interchange::{Format, import};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(imported) = import(&text, Format::Spdx3) {
        let _ = imported.release.to_record_file();
    }
});
