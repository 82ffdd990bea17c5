//! Where tests find third-party data they may not copy into the repository.
//!
//! The paper's companion-site files, the development corpus and the Model Openness Tool's
//! fixtures live in a `shared/` folder beside the clone (`../shared` from the workspace root).
//! A fresh clone has none, and its tests must still pass; CI has it, and there a missing folder
//! must fail rather than let the tests that read it pass vacuously. So a test asks here for the
//! folder it needs and returns early when it gets `None`:
//!
//! ```no_run
//! let Some(seed) = openness_testdata::shared("seed/open-source-llms/_llms") else { return };
//! # let _ = seed;
//! ```
//!
//! Absent, it prints one line (`skipped: <test>: …`) to stderr; absent under `CI=true`, it
//! panics with the same line.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The path of `relative` inside `../shared`, or `None` (after one "skipped" line) when absent.
///
/// # Panics
/// When the path is absent and `CI` is set to anything but `false` or `0`: CI must run every test.
#[must_use]
pub fn shared(relative: &str) -> Option<PathBuf> {
    // Every crate sits at `crates/<name>`, so `../../../shared` is the folder beside the clone.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared").join(relative);
    let found = path.exists();
    require(found, &format!("needs ../shared/{relative} beside the repository, which is absent")).then_some(path)
}

/// The directory an environment variable names, or `None` (after one "skipped" line) when unset.
///
/// # Panics
/// When unset under CI, as [`shared`]; `how` says how CI provides it.
#[must_use]
pub fn env_dir(variable: &str, how: &str) -> Option<PathBuf> {
    let dir = std::env::var_os(variable).map(PathBuf::from);
    let present = require(dir.is_some(), &format!("needs ${variable} ({how})"));
    dir.filter(|_| present)
}

/// `true` when `present`; otherwise says why the calling test is skipped, or panics under CI.
///
/// # Panics
/// When not `present` and `CI` is set (to anything but `false`, `0` or nothing).
#[must_use]
pub fn require(present: bool, why: &str) -> bool {
    if present {
        return true;
    }
    let test = std::thread::current().name().unwrap_or("test").to_owned();
    assert!(!in_ci(), "{test}: {why}; under CI every test must run (see .ci/run)");
    // Written to stderr directly, not through `eprintln!`, which the test harness captures:
    // the line must show in a plain `cargo test`.
    let _ = writeln!(std::io::stderr(), "skipped: {test}: {why}");
    false
}

/// Whether the `CI` environment variable asks for every test to run.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}
