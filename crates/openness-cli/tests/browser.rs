//! The report site in a real browser: headless Chromium (Debian's `chromium`, installed by
//! `.ci/run`) driven by `tests/browser/site.mjs` (playwright-core) at 1366×768, 1920×1080 and
//! 400×800: columns fit, the header sticks, contrast holds, filters and sort round-trip through
//! the URL, compare works from `file://`, nothing is requested from outside the site. The
//! screenshots are kept as artefacts in `target/tmp/screenshots/`.

use std::path::Path;

use assert_cmd::Command;

#[test]
fn the_report_site_reads_well_in_chromium_at_three_sizes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("tests/browser/site.mjs");
    let ready =
        Path::new("/usr/bin/chromium").exists() && root.join("tests/browser/node_modules/playwright-core").exists();
    if !openness_testdata::require(ready, "needs /usr/bin/chromium and `npm ci` in tests/browser") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    Command::cargo_bin("openness")
        .expect("binary")
        .args(["report", "--base-url", "https://example.org/openness", "--out"])
        .arg(&site)
        .assert()
        .success();
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).expect("dir");
    let out = std::process::Command::new("node").arg(&script).arg(&site).arg(&shots).output().expect("node runs");
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    for shot in [
        "index-1366.png",
        "index-1366-scrolled.png",
        "index-hover.png",
        "index-filtered.png",
        "index-1920.png",
        "index-400.png",
        "release-1366.png",
        "release-400.png",
        "compare-1366.png",
        "compare-400.png",
        "findings-1366.png",
        "register-1366.png",
    ] {
        let len = std::fs::metadata(shots.join(shot)).map(|m| m.len()).unwrap_or(0);
        assert!(len > 10_000, "{shot} is {len} bytes");
    }
}
