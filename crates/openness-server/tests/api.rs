//! The service in-process on SQLite and PostgreSQL (`DATABASE_URL`): the API contract, the
//! OpenAPI document, proposals and review, optimistic concurrency, and the security layers.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use openness_server::{AppState, router};
use openness_store::testing::every_backend;
use serde_json::{Value, json};
use tower::ServiceExt;

struct App {
    router: axum::Router,
    state: openness_server::Shared,
    backend: &'static str,
    _keep: openness_store::testing::TestStore,
}

async fn apps(test: &str) -> Vec<App> {
    apps_with_burst(test, 20).await
}

async fn apps_with_burst(test: &str, burst: u32) -> Vec<App> {
    let mut apps = Vec::new();
    for ts in every_backend(test).await.unwrap_or_else(|e| panic!("test databases: {e}")) {
        let options = openness_server::Options { proposal_burst: burst, ..openness_server::Options::default() };
        let state = AppState::with_options(ts.store.clone(), options)
            .await
            .unwrap_or_else(|e| panic!("{}: start: {e}", ts.backend));
        apps.push(App { router: router(state.clone()), state, backend: ts.backend, _keep: ts });
    }
    apps
}

async fn send(app: &App, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response: Response = app.router.clone().oneshot(req).await.unwrap_or_else(|e| match e {});
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.map(|b| b.to_vec()).unwrap_or_default();
    (status, headers, body)
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap_or_default()
}

fn post_json(uri: &str, body: &Value, token: Option<&str>) -> Request<Body> {
    let mut b = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    b.body(Body::from(body.to_string())).unwrap_or_default()
}

async fn json_of(app: &App, req: Request<Body>) -> (StatusCode, Value) {
    let (status, _, body) = send(app, req).await;
    (
        status,
        serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {}", app.backend, String::from_utf8_lossy(&body))),
    )
}

fn proposal(release: &str, availability: &str, license: &str) -> Value {
    json!({"release": release, "author": "bo", "change": {
        "component": "deployment.data.weights", "availability": availability, "license": license,
        "evidence": ["https://example.org/weights"], "note": "the weights are published"}})
}

/// The API routes the service has, as the OpenAPI document must list them.
const ROUTES: [(&str, &str); 16] = [
    ("get", "/healthz"),
    ("get", "/api/v1/openapi.json"),
    ("get", "/api/v1/releases"),
    ("get", "/api/v1/releases/{id}"),
    ("get", "/api/v1/releases/{id}/history"),
    ("get", "/api/v1/releases/{id}/diff"),
    ("get", "/api/v1/releases/{id}/badge.svg"),
    ("get", "/api/v1/compare"),
    ("get", "/api/v1/stats"),
    ("get", "/api/v1/licences/resolve"),
    ("get", "/api/v1/licences/{id}"),
    ("get", "/api/v1/proposals"),
    ("post", "/api/v1/proposals"),
    ("get", "/api/v1/proposals/{id}"),
    ("post", "/api/v1/proposals/{id}/review"),
    ("get", "/api/v1/audit"),
];

#[tokio::test]
async fn every_route_is_in_the_openapi_document_and_answers() {
    for app in apps("every_route_is_in_the_openapi_document").await {
        let (status, doc) = json_of(&app, get("/api/v1/openapi.json")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(doc["openapi"], "3.1.0");
        let mut documented: Vec<(String, String)> = doc["paths"]
            .as_object()
            .map(|paths| {
                paths
                    .iter()
                    .flat_map(|(p, item)| {
                        item.as_object().into_iter().flat_map(|m| m.keys()).map(|m| (m.clone(), p.clone()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        documented.sort();
        let mut expected: Vec<(String, String)> =
            ROUTES.iter().map(|(m, p)| ((*m).to_owned(), (*p).to_owned())).collect();
        expected.sort();
        assert_eq!(documented, expected);
        // Every documented read answers 200 with the sample parameters.
        for (method, path) in ROUTES.iter().filter(|(m, _)| *m == "get") {
            let uri = path.replace(
                "{id}",
                if path.contains("licences") {
                    "apache-2.0"
                } else if path.contains("proposals") {
                    "0"
                } else {
                    "llama-2"
                },
            );
            let uri = match *path {
                "/api/v1/compare" => "/api/v1/compare?ids=llama-2,falcon".to_owned(),
                "/api/v1/licences/resolve" => "/api/v1/licences/resolve?name=apache%202.0".to_owned(),
                _ => uri,
            };
            let (status, _, _) = send(&app, get(&uri)).await;
            let want = if uri.contains("proposals/0") { StatusCode::NOT_FOUND } else { StatusCode::OK };
            assert_eq!(status, want, "{}: {method} {uri}", app.backend);
        }
    }
}

#[tokio::test]
async fn the_openapi_document_passes_the_reference_validator() {
    let Some(dir) = std::env::var_os("OPENNESS_OPENAPI_VALIDATOR") else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI must set OPENNESS_OPENAPI_VALIDATOR");
        eprintln!(
            "skipping the OpenAPI validation: OPENNESS_OPENAPI_VALIDATOR (a pip --target of openapi-spec-validator) is unset"
        );
        return;
    };
    let file = tempfile::NamedTempFile::new().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(file.path(), serde_json::to_vec(&openness_server::openapi()).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    let out = std::process::Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(file.path())
        .env("PYTHONPATH", dir)
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

fn get_with(uri: &str, headers: &[(header::HeaderName, &str)]) -> Request<Body> {
    let mut b = Request::get(uri);
    for (k, v) in headers {
        b = b.header(k, *v);
    }
    b.body(Body::empty()).unwrap_or_default()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out).unwrap_or_else(|e| panic!("{e}"));
    out
}

fn header_of(headers: &axum::http::HeaderMap, name: header::HeaderName) -> &str {
    headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[tokio::test]
async fn pages_and_lists_are_gzipped_when_accepted_with_an_entity_tag_per_encoding() {
    for app in apps("gzipped").await {
        let gzip = [(header::ACCEPT_ENCODING, "gzip, deflate, br")];
        // Rendered once per snapshot (the index's pages, the list, assets, data) or per request
        // (the index filtered, a filtered list).
        for uri in [
            "/",
            "/?page=2",
            "/?org=Meta&sort=score&dir=desc",
            "/api/v1/releases",
            "/api/v1/releases?org=meta",
            "/static/style.css",
            "/data/models.json",
        ] {
            let (status, plain_headers, plain) = send(&app, get(uri)).await;
            assert_eq!(status, StatusCode::OK, "{}: {uri}", app.backend);
            assert_eq!(header_of(&plain_headers, header::CONTENT_ENCODING), "", "{uri}");
            assert_eq!(header_of(&plain_headers, header::VARY), "accept-encoding", "{uri}");
            let (status, headers, packed) = send(&app, get_with(uri, &gzip)).await;
            assert_eq!(status, StatusCode::OK, "{uri}");
            assert_eq!(header_of(&headers, header::CONTENT_ENCODING), "gzip", "{uri}");
            assert_eq!(header_of(&headers, header::VARY), "accept-encoding", "{uri}");
            assert_eq!(gunzip(&packed), plain, "{uri}");
            assert!(packed.len() * 3 < plain.len(), "{uri}: {} of {}", packed.len(), plain.len());
            let (tag, gz_tag) = (header_of(&plain_headers, header::ETAG), header_of(&headers, header::ETAG));
            assert_eq!(gz_tag, format!("{}.gz\"", tag.trim_end_matches('"')), "{uri}");
            // Each tag is good for its own encoding only.
            let again = get_with(uri, &[(header::ACCEPT_ENCODING, "gzip"), (header::IF_NONE_MATCH, gz_tag)]);
            assert_eq!(send(&app, again).await.0, StatusCode::NOT_MODIFIED, "{uri}");
            let other = get_with(uri, &[(header::IF_NONE_MATCH, gz_tag)]);
            assert_eq!(send(&app, other).await.0, StatusCode::OK, "{uri}");
            let refused = get_with(uri, &[(header::ACCEPT_ENCODING, "gzip;q=0"), (header::IF_NONE_MATCH, tag)]);
            assert_eq!(send(&app, refused).await.0, StatusCode::NOT_MODIFIED, "{uri}");
        }
    }
}

#[tokio::test]
async fn the_index_is_paged_and_filtered_across_pages() {
    for app in apps("index_paged").await {
        let total = openness_catalogue::embedded_record_documents().len();
        let rows = |html: &str| html.matches("<tr data-id=").count();
        let (_, _, first) = send(&app, get("/")).await;
        let first = String::from_utf8_lossy(&first).into_owned();
        assert_eq!(rows(&first), openness_report::PER_PAGE);
        assert!(first.contains("<link rel=\"next\" href=\"/?page=2\">") && !first.contains("rel=\"prev\""));
        assert!(first.contains(&format!(">{total} releases · 1–50 shown</output>")));
        let last_page = total.div_ceil(openness_report::PER_PAGE);
        let (status, _, last) = send(&app, get(&format!("/?page={last_page}"))).await;
        assert_eq!(status, StatusCode::OK);
        let last = String::from_utf8_lossy(&last).into_owned();
        assert_eq!(rows(&last), total - (last_page - 1) * openness_report::PER_PAGE);
        assert!(last.contains("rel=\"prev\"") && !last.contains("<link rel=\"next\""));
        // A filter reaches releases of every page (the ranked ones are on several); its page
        // links keep it.
        let (status, _, ranked) = send(&app, get("/?coverage=ranked&page=2")).await;
        assert_eq!(status, StatusCode::OK);
        let ranked = String::from_utf8_lossy(&ranked).into_owned();
        let scores: Vec<&str> = ranked.split(" data-score=\"").skip(1).filter_map(|r| r.split('"').next()).collect();
        assert!(!scores.is_empty() && scores.iter().all(|s| !s.starts_with('-')), "{scores:?}");
        assert!(ranked.contains("<link rel=\"prev\" href=\"/?coverage=ranked\">"), "the first page keeps the filter");
        assert!(ranked.contains("<option value=\"ranked\" selected>"));
        // A page that is no number is the first; one past the end, the last.
        assert_eq!(send(&app, get("/?page=x%ZZ")).await.2, first.as_bytes());
        let (_, _, beyond) = send(&app, get("/?page=999")).await;
        assert_eq!(rows(&String::from_utf8_lossy(&beyond)), rows(&last));
    }
}

#[tokio::test]
async fn releases_filter_page_and_answer_not_modified() {
    for app in apps("releases_filter_page").await {
        let (status, headers, body) = send(&app, get("/api/v1/releases")).await;
        assert_eq!(status, StatusCode::OK);
        let all: Value = serde_json::from_slice(&body).unwrap_or_default();
        assert_eq!(all["meta"]["total"], openness_catalogue::embedded_record_documents().len());
        assert_eq!(all["releases"][0]["version"], 1);
        assert_eq!(all["releases"].as_array().map(Vec::len), Some(50));
        assert_eq!(
            (&all["meta"]["page"], &all["meta"]["per_page"], &all["meta"]["next_page"]),
            (&json!(1), &json!(50), &json!(2))
        );
        // Every page of the default list, then the same page asked for in full.
        let (_, second) = json_of(&app, get("/api/v1/releases?page=2")).await;
        let (_, spelled) = json_of(&app, get("/api/v1/releases?page=2&per_page=50&sort=release")).await;
        assert_eq!(second, spelled);
        assert_ne!(second["releases"][0], all["releases"][0]);
        let last = all["meta"]["total"].as_u64().unwrap_or(0).div_ceil(50);
        let (_, end) = json_of(&app, get(&format!("/api/v1/releases?page={last}"))).await;
        assert_eq!(end["meta"]["next_page"], Value::Null);
        let (_, beyond) = json_of(&app, get(&format!("/api/v1/releases?page={}", last + 1))).await;
        assert_eq!(beyond["releases"], json!([]));
        let etag = headers.get(header::ETAG).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        assert!(etag.starts_with("\"g"), "{etag}");
        let req = Request::get("/api/v1/releases")
            .header(header::IF_NONE_MATCH, &etag)
            .body(Body::empty())
            .unwrap_or_default();
        assert_eq!(send(&app, req).await.0, StatusCode::NOT_MODIFIED);
        let (_, page) = json_of(&app, get("/api/v1/releases?org=meta&per_page=1&sort=id")).await;
        assert_eq!(page["meta"]["per_page"], 1);
        assert_eq!(page["meta"]["next_page"], 2);
        assert!(page["releases"][0]["organisation"].as_str().unwrap_or("").to_lowercase().contains("meta"));
        let (status, bad) = json_of(&app, get("/api/v1/releases?level=weights%3E%3DC3")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(bad["errors"][0]["code"], "bad_request");
        let (status, missing) = json_of(&app, get("/api/v1/releases/llama2")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(missing["errors"][0]["detail"].as_str().unwrap_or("").contains("llama-2"), "{missing}");
    }
}

#[tokio::test]
async fn writes_need_a_token_and_a_stale_review_is_a_conflict() {
    for app in apps("writes_need_a_token").await {
        let token = app.state.store.create_token("ana").await.unwrap_or_else(|e| panic!("{e}"));
        // Anyone may propose; an invalid change names its field and a fix.
        let (status, invalid) =
            json_of(&app, post_json("/api/v1/proposals", &proposal("falcon", "opne", ""), None)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{invalid}");
        assert_eq!(invalid["errors"][0]["field"], "availability");
        assert!(invalid["errors"][0]["fix"].as_str().is_some_and(|f| !f.is_empty()));
        let (status, first) =
            json_of(&app, post_json("/api/v1/proposals", &proposal("falcon", "open", "MIT"), None)).await;
        assert_eq!(status, StatusCode::CREATED, "{}: {first}", app.backend);
        let (_, second) =
            json_of(&app, post_json("/api/v1/proposals", &proposal("falcon", "gated", "MIT"), None)).await;
        let (first, second) =
            (first["proposal"]["id"].as_i64().unwrap_or(0), second["proposal"]["id"].as_i64().unwrap_or(0));
        // Reviews need a valid token.
        let accept = json!({"decision": "accept"});
        for t in [None, Some("opn_0000"), Some("not-a-token")] {
            let (status, body) =
                json_of(&app, post_json(&format!("/api/v1/proposals/{first}/review"), &accept, t)).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{t:?}");
            assert_eq!(body["errors"][0]["code"], "unauthorized");
        }
        let (status, done) =
            json_of(&app, post_json(&format!("/api/v1/proposals/{first}/review"), &accept, Some(&token))).await;
        assert_eq!(status, StatusCode::OK, "{}: {done}", app.backend);
        assert_eq!(done["release_version"], 2);
        // The second proposal was made against version 1: a conflict with the current version.
        let (status, conflict) =
            json_of(&app, post_json(&format!("/api/v1/proposals/{second}/review"), &accept, Some(&token))).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(conflict["current_version"], 2);
        assert_eq!(conflict["errors"][0]["code"], "conflict");
        // Rejecting needs a reason.
        let (status, _) = json_of(
            &app,
            post_json(&format!("/api/v1/proposals/{second}/review"), &json!({"decision": "reject"}), Some(&token)),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let reject = json!({"decision": "reject", "reason": "superseded by #1"});
        let (status, _) =
            json_of(&app, post_json(&format!("/api/v1/proposals/{second}/review"), &reject, Some(&token))).await;
        assert_eq!(status, StatusCode::OK);
        // The accepted change is the maintainer's observation in the release's history.
        let (_, history) = json_of(&app, get("/api/v1/releases/falcon/history")).await;
        let last = &history["history"][1];
        assert_eq!((last["version"].as_i64(), last["actor"].as_str()), (Some(2), Some("ana")));
        assert_eq!(last["change"]["kind"], "observation");
        assert_eq!(last["change"]["after"]["availability"], "open");
        assert_eq!(last["change"]["after"]["license"], "MIT");
        let (_, release) = json_of(&app, get("/api/v1/releases/falcon")).await;
        assert_eq!(release["release"]["version"], 2);
        assert_eq!(release["release"]["components"]["deployment.data.weights"]["level"], "D5");
        let (_, diff) = json_of(&app, get("/api/v1/releases/falcon/diff")).await;
        assert_eq!(diff["changes"][0]["component"], "deployment.data.weights");
        assert_eq!(diff["changes"][0]["to"]["computed"], "D5");
        // Revoked tokens stop working.
        app.state.store.revoke_token("ana").await.unwrap_or_else(|e| panic!("{e}"));
        let (_, third) = json_of(&app, post_json("/api/v1/proposals", &json!({"release": "falcon", "author": "cy", "base_version": 2, "change": {"component": "deployment.data.weights", "availability": "gated", "license": "MIT", "evidence": ["https://example.org/x"]}}), None)).await;
        let third = third["proposal"]["id"].as_i64().unwrap_or(0);
        let (status, _) =
            json_of(&app, post_json(&format!("/api/v1/proposals/{third}/review"), &accept, Some(&token))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        // The audit log has every write, and no token.
        let (_, audit) = json_of(&app, get("/api/v1/audit?limit=10")).await;
        let actions: Vec<&str> =
            audit["audit"].as_array().into_iter().flatten().filter_map(|a| a["action"].as_str()).collect();
        assert_eq!(
            actions,
            vec![
                "propose",
                "token.revoke",
                "reject",
                "accept",
                "propose",
                "propose",
                "token.create",
                "seed",
                "seed",
                "seed"
            ]
        );
        assert!(!audit.to_string().contains(&token));
    }
}

fn form(uri: &str, body: &str, cookie: Option<&str>, site: Option<&str>) -> Request<Body> {
    let mut b = Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, format!("openness_csrf={c}"));
    }
    if let Some(s) = site {
        b = b.header("sec-fetch-site", s);
    }
    b.body(Body::from(body.to_owned())).unwrap_or_default()
}

#[tokio::test]
async fn forms_need_their_csrf_token_and_pages_escape_records() {
    for app in apps("forms_need_their_csrf_token").await {
        let (status, headers, body) = send(&app, get("/releases/falcon")).await;
        assert_eq!(status, StatusCode::OK);
        let cookie = headers.get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
        let csrf = cookie.trim_start_matches("openness_csrf=").split(';').next().unwrap_or("").to_owned();
        assert!(String::from_utf8_lossy(&body).contains(&format!("name=\"csrf\" value=\"{csrf}\"")));
        let fields = format!(
            "csrf={csrf}&release=falcon&component=deployment.data.weights&field=license&value=MIT&evidence=https%3A%2F%2Fexample.org%2Fw&note=%3Cscript%3Ealert(1)%3C%2Fscript%3E&author=%3Cb%3Ebo%3C%2Fb%3E"
        );
        assert_eq!(send(&app, form("/proposals", &fields, None, Some("same-origin"))).await.0, StatusCode::FORBIDDEN);
        assert_eq!(
            send(&app, form("/proposals", &fields, Some("other"), Some("same-origin"))).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            send(&app, form("/proposals", &fields, Some(&csrf), Some("cross-site"))).await.0,
            StatusCode::FORBIDDEN
        );
        let (status, headers, _) = send(&app, form("/proposals", &fields, Some(&csrf), Some("same-origin"))).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let location = headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        assert!(location.ends_with("#main"), "{location}");
        let (status, _, page) = send(&app, get(location.trim_end_matches("#main"))).await;
        assert_eq!(status, StatusCode::OK);
        let page = String::from_utf8_lossy(&page);
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>alert"), "{page}");
        assert!(page.contains("&lt;b&gt;bo&lt;/b&gt;"));
        // The weights' availability stays as the release states it; the licence is the one proposed.
        assert!(page.contains("<dd>availability, license</dd><dt>Value</dt><dd>gated, MIT</dd>"), "{page}");
        // An invalid form comes back on the release page with the field, the fix and the values.
        let bad = fields.replace("value=MIT", "value=Not-A-Licence-9");
        let (status, _, page) = send(&app, form("/proposals", &bad, Some(&csrf), Some("same-origin"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = String::from_utf8_lossy(&page);
        assert!(page.contains("<li data-field=\"license\">"), "{page}");
        assert!(page.contains("<input name=\"value\" value=\"Not-A-Licence-9\" required>"));
        // A review without a valid maintainer token is refused; with one the release moves on.
        let number = location.trim_start_matches("/proposals/").trim_end_matches("#main").to_owned();
        let review = format!("csrf={csrf}&decision=accept&comment=&token=opn_0000");
        let uri = format!("/proposals/{number}/review");
        assert_eq!(send(&app, form(&uri, &review, Some(&csrf), Some("same-origin"))).await.0, StatusCode::UNAUTHORIZED);
        let token = app.state.store.create_token("ana").await.unwrap_or_else(|e| panic!("{e}"));
        let review = format!("csrf={csrf}&decision=accept&comment=&token={token}");
        let (status, headers, _) = send(&app, form(&uri, &review, Some(&csrf), Some("same-origin"))).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers.get(header::LOCATION).and_then(|v| v.to_str().ok()), Some("/releases/falcon#history"));
        let (_, _, page) = send(&app, get("/releases/falcon")).await;
        let page = String::from_utf8_lossy(&page);
        assert!(
            page.contains("<td><code>deployment.data.weights</code></td><td>")
                && page.contains("<td>catalogue-review</td>"),
            "the accepted change is in the release's history"
        );
        let proposal_page = format!("/proposals/{number}");
        for uri in [
            "/",
            "/releases/falcon",
            "/compare",
            "/compare?ids=falcon,llama-2",
            "/compare?ids=falcon&ids=llama-2&ids=bloom",
            "/licences",
            "/licences/apache-2.0",
            "/findings",
            "/register",
            "/proposals",
            proposal_page.as_str(),
            "/audit",
            "/static/style.css",
            "/static/app.js",
            "/data/models.json",
            "/data/models.csv",
            "/badges/falcon.svg",
        ] {
            let (status, headers, _) = send(&app, get(uri)).await;
            assert_eq!(status, StatusCode::OK, "{}: {uri}", app.backend);
            let csp = headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).unwrap_or("");
            assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{uri}: {csp}");
            assert_eq!(headers.get(header::X_CONTENT_TYPE_OPTIONS).and_then(|v| v.to_str().ok()), Some("nosniff"));
        }
    }
}

#[tokio::test]
async fn bodies_headers_and_proposals_are_limited() {
    for app in apps_with_burst("bodies_headers_and_proposals_are_limited", 3).await {
        let big = json!({"release": "falcon", "author": "x".repeat(100_000), "change": {}});
        assert_eq!(send(&app, post_json("/api/v1/proposals", &big, None)).await.0, StatusCode::PAYLOAD_TOO_LARGE);
        let req =
            Request::get("/healthz").header("x-filler", "y".repeat(20_000)).body(Body::empty()).unwrap_or_default();
        assert_eq!(send(&app, req).await.0, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
        let (status, _) =
            json_of(&app, Request::post("/api/v1/proposals").body(Body::from("{}")).unwrap_or_default()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "a body without a JSON content type is a JSON 400");
        let mut statuses = Vec::new();
        for _ in 0..4 {
            let (status, headers, _) =
                send(&app, post_json("/api/v1/proposals", &proposal("bloom", "open", "MIT"), None)).await;
            statuses.push((status, headers.get(header::RETRY_AFTER).is_some()));
        }
        assert!(statuses[..3].iter().all(|s| *s == (StatusCode::CREATED, false)), "{statuses:?}");
        assert_eq!(statuses[3], (StatusCode::TOO_MANY_REQUESTS, true));
    }
}
