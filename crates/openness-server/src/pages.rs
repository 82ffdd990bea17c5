//! The browser's routes: every page is `openness_report`'s, in the service's render context (the
//! renderer `openness report` writes files with). Pages every visitor sees alike (the pages of
//! the index in its own order, findings, register, licences, data files, assets) are rendered,
//! and gzipped, once per snapshot; the index filtered or sorted is rendered per request; the release
//! page (its proposal form carries the visitor's CSRF token), compare, proposals, review and the
//! audit log are rendered per request from the snapshot's report and the store.

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use openness_core::{Component, LicenceFact, Resolution};
use openness_report::{FormError, IndexQuery, ProposalDraft, RenderContext, Report, SCRIPT, STYLE, SiteFile};
use openness_store::{Change, Proposal, Status};
use serde::Deserialize;

use crate::api::{self, Decision, NewProposal, NewReview};
use crate::error::{ApiError, page_error};
use crate::security::{self, check_form, client_ip, cookie_token, csrf_cookie, new_csrf_token};
use crate::{Rendered, Shared, Snapshot};

/// The page routes.
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/", get(index))
        .route("/releases/{id}", get(release))
        .route("/licences/{id}", get(licence))
        .route("/compare", get(compare))
        .route("/proposals", get(proposals).post(propose_form))
        .route("/proposals/{id}", get(proposal))
        .route("/proposals/{id}/review", post(review_form))
        .route("/audit", get(audit))
        .route("/badges/{file}", get(badge))
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .fallback(get(rendered))
}

const HTML: &str = "text/html; charset=utf-8";

/// The responses of a snapshot that are the same for every visitor, by path.
pub fn render_shared(report: &Report<'_>, origin: &str, data: Vec<SiteFile>) -> HashMap<String, Rendered> {
    // These pages carry no form, so no visitor's token.
    let cx = RenderContext::service(origin, "", report.data_date());
    let mut out = HashMap::new();
    let mut put = |path: String, content_type: &'static str, body: Bytes| {
        out.insert(path, Rendered::new(content_type, body));
    };
    let pages =
        [("/findings", report.findings(&cx)), ("/register", report.register(&cx)), ("/licences", report.licences(&cx))];
    for (path, html) in pages {
        if let Ok(html) = html {
            put(path.to_owned(), HTML, Bytes::from(html));
        }
    }
    for id in report.users().keys() {
        if let Ok(html) = report.licence(&cx, id) {
            put(format!("/licences/{id}"), HTML, Bytes::from(html));
        }
    }
    put("/static/style.css".to_owned(), "text/css; charset=utf-8", Bytes::from_static(STYLE.as_bytes()));
    put("/static/app.js".to_owned(), "text/javascript; charset=utf-8", Bytes::from_static(SCRIPT.as_bytes()));
    for (name, bytes) in data {
        let content_type = if name.ends_with(".csv") { "text/csv; charset=utf-8" } else { "application/json" };
        put(format!("/data/{name}"), content_type, Bytes::from(bytes));
    }
    out
}

/// The pages of the index in its own order: `/`, `/?page=2` …
pub fn render_index_pages(report: &Report<'_>, origin: &str) -> Vec<Rendered> {
    let cx = RenderContext::service(origin, "", report.data_date());
    (1..=report.index_pages())
        .map_while(|page| {
            let query = IndexQuery { page, ..IndexQuery::default() };
            report.index_page(&cx, &query).ok().map(|html| Rendered::new(HTML, html))
        })
        .collect()
}

/// The index: a page of it in its own order as rendered for the snapshot; filtered or sorted,
/// rendered for the request.
async fn index(State(state): State<Shared>, headers: HeaderMap, uri: axum::http::Uri) -> Response {
    let snapshot = state.snapshot();
    let pairs = match axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&uri) {
        Ok(q) => q.0,
        Err(e) => return respond(&state, Err(ApiError::BadRequest(e.body_text()))),
    };
    let query = IndexQuery::from_pairs(pairs);
    if !query.selects()
        && let Some(r) = snapshot.index_pages.get(query.page - 1)
    {
        return api::cached_rendered(&headers, &format!("g{}-p{}", snapshot.generation, query.page), r);
    }
    let cx = state.context(&snapshot, "");
    match snapshot.report().index_page(&cx, &query) {
        Ok(html) => {
            api::cached(&headers, &format!("g{}-{}", snapshot.generation, api::hash_query(uri.query())), HTML, html)
        }
        Err(e) => respond(&state, Err(render_error(e))),
    }
}

/// Turns a handler's result into its page, an error into the site's error page.
fn respond(state: &Shared, result: Result<Response, ApiError>) -> Response {
    result.unwrap_or_else(|e| page_error(&state.context(&state.snapshot(), ""), e))
}

pub(crate) fn html_status(status: StatusCode, html: String) -> Response {
    (status, Html(html)).into_response()
}

fn render_error(e: openness_report::RenderError) -> ApiError {
    match e {
        openness_report::RenderError::UnknownRelease { id, nearest } => {
            ApiError::NotFound(format!("release `{id}` (nearest: {})", nearest.join(", ")))
        }
        openness_report::RenderError::UnknownLicence(id) => ApiError::NotFound(format!("licence `{id}`")),
        openness_report::RenderError::CompareCount(n) => {
            ApiError::BadRequest(format!("compare takes 2 to 4 releases, not {n}"))
        }
        openness_report::RenderError::Template(e) => ApiError::Internal(format!("template: {e}")),
    }
}

/// A response rendered with the snapshot, with an ETag of the snapshot's generation.
async fn rendered(State(state): State<Shared>, headers: HeaderMap, uri: axum::http::Uri) -> Response {
    let snapshot = state.snapshot();
    match snapshot.rendered.get(uri.path()) {
        Some(r) => api::cached_rendered(&headers, &format!("g{}", snapshot.generation), r),
        None => respond(&state, Err(ApiError::NotFound(format!("page `{}`", uri.path())))),
    }
}

/// A licence's page by id, alias or name.
async fn licence(State(state): State<Shared>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let snapshot = state.snapshot();
    let id = match snapshot.catalogue().base.resolve(&id) {
        Resolution::Licence(p, _) => p.id.clone(),
        _ => id,
    };
    match snapshot.rendered.get(&format!("/licences/{id}")) {
        Some(r) => api::cached_rendered(&headers, &format!("g{}", snapshot.generation), r),
        None => respond(&state, Err(ApiError::NotFound(format!("licence `{id}` in use by a release")))),
    }
}

/// A badge, `/badges/<id>.svg`.
async fn badge(State(state): State<Shared>, headers: HeaderMap, Path(file): Path<String>) -> Response {
    let result = match file.strip_suffix(".svg") {
        Some(id) => api::badge_response(&state, &headers, id),
        None => Err(ApiError::NotFound(format!("badge `{file}`"))),
    };
    respond(&state, result)
}

/// The visitor's CSRF token (from their cookie, or a new one) and the cookie to set, if new.
fn visitor_token(headers: &HeaderMap) -> (String, Option<HeaderValue>) {
    match cookie_token(headers).filter(|t| t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit())) {
        Some(t) => (t, None),
        None => {
            let t = new_csrf_token();
            let cookie = HeaderValue::from_str(&csrf_cookie(&t)).ok();
            (t, cookie)
        }
    }
}

/// A page with a form: rendered with the visitor's token, setting its cookie when new.
fn form_page(
    state: &Shared,
    headers: &HeaderMap,
    status: StatusCode,
    render: impl FnOnce(&Snapshot, &RenderContext) -> Result<String, ApiError>,
) -> Response {
    let snapshot = state.snapshot();
    let (token, cookie) = visitor_token(headers);
    let cx = state.context(&snapshot, &token);
    let mut r = match render(&snapshot, &cx) {
        Ok(html) => html_status(status, html),
        Err(e) => page_error(&cx, e),
    };
    if let Some(c) = cookie {
        r.headers_mut().insert(header::SET_COOKIE, c);
    }
    r
}

/// A release's page, with its proposal form.
async fn release(State(state): State<Shared>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    form_page(&state, &headers, StatusCode::OK, |snapshot, cx| snapshot.report().release(cx, &id).map_err(render_error))
}

/// The releases of `ids=a,b` (links) or `ids=a&ids=b` (the chooser's checkboxes).
fn compare_ids(uri: &axum::http::Uri) -> Result<Vec<String>, ApiError> {
    let pairs = axum::extract::Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map_err(|e| ApiError::BadRequest(e.body_text()))?
        .0;
    Ok(pairs
        .into_iter()
        .filter(|(k, _)| k == "ids")
        .flat_map(|(_, v)| v.split(',').map(|s| s.trim().to_owned()).collect::<Vec<_>>())
        .filter(|s| !s.is_empty())
        .collect())
}

/// Releases side by side; without ids, the chooser.
async fn compare(State(state): State<Shared>, headers: HeaderMap, uri: axum::http::Uri) -> Response {
    let ids = match compare_ids(&uri) {
        Ok(ids) => ids,
        Err(e) => return respond(&state, Err(e)),
    };
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    form_page(&state, &headers, StatusCode::OK, |snapshot, cx| {
        snapshot.report().compare(cx, &ids).map_err(render_error)
    })
}

fn status_text(s: Status) -> &'static str {
    match s {
        Status::Pending => "pending",
        Status::Accepted => "accepted",
        Status::Rejected => "rejected",
    }
}

/// A stored proposal as the report shows it: the change is an observation of availability and
/// licence.
fn shown(p: &Proposal) -> openness_report::Proposal {
    let c = &p.change;
    let (field, value) = if c.license.is_empty() {
        ("availability".to_owned(), c.availability.clone())
    } else {
        ("availability, license".to_owned(), format!("{}, {}", c.availability, c.license))
    };
    openness_report::Proposal {
        number: u64::try_from(p.id).unwrap_or_default(),
        release: p.release.clone(),
        component: Some(c.component.clone()),
        field,
        value,
        evidence: c.evidence.clone(),
        note: (!c.note.is_empty()).then(|| c.note.clone()),
        author: p.author.clone(),
        status: status_text(p.status).to_owned(),
        created: when(&p.created_at),
        reviews: p
            .review
            .iter()
            .map(|r| openness_report::ProposalReview {
                reviewer: r.maintainer.clone(),
                decision: r.decision.clone(),
                comment: r.reason.clone(),
                at: when(&r.at),
            })
            .collect(),
    }
}

/// Every proposal, newest first.
async fn proposals(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let list = match state.store.proposals(None, None, None, 200).await {
        Ok(l) => l,
        Err(e) => return respond(&state, Err(e.into())),
    };
    let shown: Vec<_> = list.iter().map(shown).collect();
    form_page(&state, &headers, StatusCode::OK, |snapshot, cx| {
        snapshot.report().proposals(cx, &shown).map_err(render_error)
    })
}

/// The proposal form of a release page, as posted.
#[derive(Deserialize, Default, Clone)]
struct ProposalForm {
    #[serde(default)]
    release: String,
    #[serde(default)]
    component: String,
    #[serde(default)]
    field: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    csrf: String,
}

/// The change a form proposes: the component's current availability and licence, with the
/// chosen field set to the value.
fn form_change(snapshot: &Snapshot, f: &ProposalForm) -> Change {
    let facts = snapshot
        .catalogue()
        .get(&f.release)
        .zip(Component::from_name(&f.component))
        .map(|(r, c)| r.component(c).facts.clone());
    let mut availability = facts.as_ref().map(|x| x.availability.to_string()).unwrap_or_default();
    let mut license = match facts.as_ref().map(|x| &x.licence) {
        Some(LicenceFact::Expression(e)) => e.clone(),
        Some(LicenceFact::NoLicence) => "NONE".to_owned(),
        Some(LicenceFact::NotStated) | None => String::new(),
    };
    let mut evidence: Vec<String> =
        f.evidence.split_whitespace().filter(|e| !e.is_empty()).map(str::to_owned).collect();
    let mut note = f.note.trim().to_owned();
    let value = f.value.trim();
    match f.field.as_str() {
        "availability" => availability = value.to_owned(),
        "license" => license = value.to_owned(),
        "evidence" => evidence.push(value.to_owned()),
        _ => note = [value, &note].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" — "),
    }
    Change { component: f.component.trim().to_owned(), availability, license, evidence, note }
}

/// The proposal form's post: to the proposal's page, or the release page again with the errors.
async fn propose_form(
    State(state): State<Shared>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    Form(f): Form<ProposalForm>,
) -> Response {
    if let Err(e) = check_form(&headers, &f.csrf) {
        return respond(&state, Err(e));
    }
    let change = form_change(&state.snapshot(), &f);
    let new = NewProposal { release: f.release.clone(), base_version: None, author: f.author.clone(), change };
    match api::propose(&state, client_ip(&extensions), new).await {
        // A fragment of its own, or the browser keeps the form's `#propose`.
        Ok(p) => Redirect::to(&format!("/proposals/{}#main", p.id)).into_response(),
        Err(ApiError::Invalid(errors)) => {
            let draft = ProposalDraft {
                component: f.component.clone(),
                field: f.field.clone(),
                value: f.value.clone(),
                evidence: f.evidence.clone(),
                note: f.note.clone(),
                author: f.author.clone(),
                errors: errors
                    .into_iter()
                    .map(|e| FormError { field: e.field, code: e.code, message: e.message, fix: e.fix })
                    .collect(),
            };
            form_page(&state, &headers, StatusCode::UNPROCESSABLE_ENTITY, |snapshot, cx| {
                snapshot.report().release_with_draft(cx, &f.release, &draft).map_err(render_error)
            })
        }
        Err(e) => respond(&state, Err(e)),
    }
}

/// One proposal and, while pending, the review form.
async fn proposal(State(state): State<Shared>, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    let p = match state.store.proposal(id).await {
        Ok(Some(p)) => p,
        Ok(None) => return respond(&state, Err(ApiError::NotFound(format!("proposal {id}")))),
        Err(e) => return respond(&state, Err(e.into())),
    };
    form_page(&state, &headers, StatusCode::OK, |snapshot, cx| {
        snapshot.report().review(cx, &shown(&p)).map_err(render_error)
    })
}

/// The review form, as posted.
#[derive(Deserialize)]
struct ReviewForm {
    #[serde(default)]
    token: String,
    decision: Decision,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    csrf: String,
}

/// The review form's post: the token is checked like a bearer token, then the review applied.
async fn review_form(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> Response {
    let result = async {
        check_form(&headers, &f.csrf)?;
        let maintainer = security::maintainer(&state, f.token.trim()).await?;
        let accepted = f.decision == Decision::Accept;
        let done = api::review(
            &state,
            &maintainer.0,
            id,
            NewReview { decision: f.decision, reason: f.comment, version: None },
        )
        .await?;
        Ok(Redirect::to(&if accepted {
            format!("/releases/{}#history", done.proposal.release)
        } else {
            format!("/proposals/{id}")
        })
        .into_response())
    }
    .await;
    respond(&state, result)
}

/// A short account of an audit row's effect: the version a release reached, or the change a
/// proposal makes.
fn audit_detail(a: &openness_store::AuditEntry) -> Option<String> {
    let after = a.after.as_ref()?;
    let text = if let Some(v) = after.get("version") {
        format!("version {v}")
    } else if let Some(c) = after.get("change") {
        let field = |k: &str| c.get(k).and_then(|v| v.as_str()).unwrap_or("");
        let licence = field("license");
        let licence = if licence.is_empty() { String::new() } else { format!(", {licence}") };
        format!("{}: {}{licence}", field("component"), field("availability"))
    } else {
        after.get("status").and_then(|s| s.as_str()).map_or_else(|| after.to_string(), str::to_owned)
    };
    Some(text.chars().take(160).collect())
}

/// An RFC 3339 time as people read it: `2026-12-01 10:00:00`.
fn when(at: &str) -> String {
    at.chars().take(19).map(|c| if c == 'T' { ' ' } else { c }).collect()
}

/// The audit log, newest first.
async fn audit(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let rows = match state.store.audit_log(None, 200).await {
        Ok(r) => r,
        Err(e) => return respond(&state, Err(e.into())),
    };
    let entries: Vec<openness_report::AuditEntry> = rows
        .iter()
        .map(|a| openness_report::AuditEntry {
            at: when(&a.at),
            actor: a.actor.clone(),
            action: a.action.clone(),
            target: a.subject.clone(),
            detail: audit_detail(a),
        })
        .collect();
    form_page(&state, &headers, StatusCode::OK, |snapshot, cx| {
        snapshot.report().audit(cx, &entries).map_err(render_error)
    })
}
