//! The service in a real browser: headless Chromium (Debian's `chromium`) driven by
//! `tests/browser/serve.mjs` (playwright-core) against a server on a loopback port.

use std::path::Path;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browse_compare_propose_review_and_see_the_history_in_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("tests/browser/serve.mjs");
    let ready =
        Path::new("/usr/bin/chromium").exists() && root.join("tests/browser/node_modules/playwright-core").exists();
    if !ready {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must install chromium and tests/browser's node modules"
        );
        eprintln!("skipped: needs /usr/bin/chromium and `npm ci` in tests/browser");
        return;
    }
    let db = openness_store::testing::sqlite().await.unwrap_or_else(|e| panic!("{e}"));
    let token = db.store.create_token("ana").await.unwrap_or_else(|e| panic!("{e}"));
    let state = openness_server::AppState::new(db.store.clone()).await.unwrap_or_else(|e| panic!("{e}"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let app = openness_server::router(Arc::clone(&state));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await;
    });
    let shots = std::env::var_os("OPENNESS_SCREENSHOTS")
        .map_or_else(|| std::env::temp_dir().join("openness-serve-shots"), Into::into);
    std::fs::create_dir_all(&shots).unwrap_or_else(|e| panic!("{e}"));
    let out = tokio::process::Command::new("node")
        .arg(&script)
        .arg(format!("http://{addr}"))
        .arg(&token)
        .arg(&shots)
        .output()
        .await
        .unwrap_or_else(|e| panic!("node: {e}"));
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    for page in [
        "index",
        "index-page2",
        "index-filtered",
        "compare",
        "release",
        "invalid",
        "proposal",
        "history",
        "proposals",
        "audit",
    ] {
        let shot = format!("serve-{page}-1366.png");
        let len = std::fs::metadata(shots.join(&shot)).map(|m| m.len()).unwrap_or(0);
        assert!(len > 10_000, "{shot} is {len} bytes");
    }
}
