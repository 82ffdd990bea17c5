//! The report site in a real browser: headless Chromium (Debian's `chromium`, installed by
//! `.ci/run`) driven by `tests/browser/site.mjs` (playwright-core) sorts and filters the table,
//! opens a model page and saves screenshots.

use std::path::Path;

use assert_cmd::Command;

#[test]
fn the_report_site_sorts_filters_and_navigates_in_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("tests/browser/site.mjs");
    let ready =
        Path::new("/usr/bin/chromium").exists() && root.join("tests/browser/node_modules/playwright-core").exists();
    if !openness_testdata::require(ready, "needs /usr/bin/chromium and `npm ci` in tests/browser") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    Command::cargo_bin("openness").expect("binary").arg("report").arg("--out").arg(&site).assert().success();
    let shots = dir.path().join("shots");
    std::fs::create_dir_all(&shots).expect("dir");
    let out = std::process::Command::new("node").arg(&script).arg(&site).arg(&shots).output().expect("node runs");
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    for shot in ["index.png", "model.png"] {
        let len = std::fs::metadata(shots.join(shot)).map(|m| m.len()).unwrap_or(0);
        assert!(len > 10_000, "{shot} is {len} bytes");
    }
}
