//! JSON API v1: one handler per action, each annotated for the OpenAPI document. Bodies are the
//! catalogue's views (the CLI's JSON), wrapped as `{"release":…}` or a plural key plus `meta`.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use openness_catalogue::Assessment;
use openness_catalogue::filter::LevelFilter;
use openness_catalogue::views::{LicenceView, ModelView, ResolveView, ShowView};
use openness_core::{Component, Resolution};
use openness_store::{AuditEntry, Change, FieldError, HistoryEntry, Observer, Proposal, Status, change};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ErrorBody};
use crate::security::{Maintainer, client_ip};
use crate::{Rendered, Shared, Snapshot, catalogue_of, encoding};

#[derive(OpenApi)]
#[openapi(
    info(title = "openness", description = "How open generative-AI releases are, component by component (Eiras et al. 2024): releases, their history, proposals and review."),
    modifiers(&BearerAuth),
    components(schemas(ErrorBody))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "maintainer_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("opn_<hex>").build()),
        );
    }
}

static OPENAPI: OnceLock<Value> = OnceLock::new();

/// The API's routes with their OpenAPI description.
pub fn router() -> OpenApiRouter<Shared> {
    let router = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(healthz))
        .routes(routes!(get_openapi))
        .routes(routes!(list_releases))
        .routes(routes!(get_release))
        .routes(routes!(get_release_history))
        .routes(routes!(get_release_diff))
        .routes(routes!(get_release_badge))
        .routes(routes!(compare_releases))
        .routes(routes!(get_stats))
        .routes(routes!(resolve_licence))
        .routes(routes!(get_licence))
        .routes(routes!(list_proposals, create_proposal))
        .routes(routes!(get_proposal))
        .routes(routes!(review_proposal))
        .routes(routes!(list_audit));
    OPENAPI.get_or_init(|| serde_json::to_value(router.get_openapi()).unwrap_or(Value::Null));
    router
}

/// Query parameters, with a JSON 400 instead of axum's plain-text rejection.
pub struct Q<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Q<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Q(q.0))
            .map_err(|e| ApiError::BadRequest(e.body_text()))
    }
}

/// A JSON body, with a JSON 400/415 instead of axum's plain-text rejection.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Json::<T>::from_request(req, state).await.map(|j| JsonBody(j.0)).map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge
            } else {
                ApiError::BadRequest(e.body_text())
            }
        })
    }
}

/// A JSON answer with an ETag, or 304 when the client has it.
fn cached_json(headers: &HeaderMap, tag: &str, body: impl Into<Bytes>) -> Response {
    cached(headers, tag, "application/json", body)
}

/// An answer rendered for this request, with an ETag (`tag`), or 304 when the client has it;
/// gzipped as it is sent when the client accepts that and it is large.
pub fn cached(headers: &HeaderMap, tag: &str, content_type: &'static str, body: impl Into<Bytes>) -> Response {
    let body = body.into();
    let gzip =
        if encoding::accepts_gzip(headers) { encoding::gzip(&body, encoding::Compression::fast()) } else { None };
    cached_rendered(headers, tag, &Rendered { content_type, body, gzip })
}

/// A rendered answer in the encoding the client accepts, with that encoding's ETag (`tag`,
/// `tag.gz`), or 304 when the client has it.
pub fn cached_rendered(headers: &HeaderMap, tag: &str, rendered: &Rendered) -> Response {
    let (body, etag) = match &rendered.gzip {
        Some(gzip) if encoding::accepts_gzip(headers) => (Some(gzip), format!("\"{tag}.gz\"")),
        _ => (None, format!("\"{tag}\"")),
    };
    let hit = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().trim_start_matches("W/") == etag || t.trim() == "*"));
    let mut response = if hit {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = Response::new(axum::body::Body::from(body.unwrap_or(&rendered.body).clone()));
        r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(rendered.content_type));
        if body.is_some() {
            r.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        r
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if rendered.body.len() >= encoding::MIN_SIZE {
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

fn json_bytes(value: &impl Serialize) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(value).map_err(|e| ApiError::Internal(e.to_string()))
}

fn not_found_release(snapshot: &Snapshot, id: &str) -> ApiError {
    ApiError::NotFound(format!("release `{id}` (did you mean {}?)", snapshot.catalogue().nearest_ids(id, 3).join(", ")))
}

/// `GET /healthz`'s answer.
#[derive(Serialize, ToSchema)]
struct Health {
    /// Always true when the service answers.
    ok: bool,
    /// `sqlite` or `postgres`.
    backend: openness_store::Backend,
    /// Releases in the store.
    releases: usize,
}

/// Liveness, with the backend in use.
#[utoipa::path(get, path = "/healthz", tag = "service", operation_id = "get_health",
    responses((status = 200, description = "The service answers", body = Health)))]
async fn healthz(axum::extract::State(state): axum::extract::State<Shared>) -> axum::Json<Health> {
    axum::Json(Health { ok: true, backend: state.store.backend(), releases: state.snapshot().versions.len() })
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "service", operation_id = "get_openapi",
    responses((status = 200, description = "The OpenAPI 3.1 document of the API", body = Object)))]
async fn get_openapi() -> axum::Json<Value> {
    axum::Json(OPENAPI.get().cloned().unwrap_or(Value::Null))
}

/// Filters, order and page of the release list (the filters of `openness models`).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Organisation (case-insensitive substring).
    org: Option<String>,
    /// Release year.
    year: Option<u16>,
    /// Level filters, comma-separated, all must hold: `D5`, `weights=D5`, `weights>=D3`.
    level: Option<String>,
    /// Text in the id, name, organisation or a licence.
    q: Option<String>,
    /// `release` (default), `id`, `name`, `organisation`, `openness`.
    sort: Option<String>,
    /// Reverse the order.
    reverse: Option<bool>,
    /// Page, from 1.
    page: Option<usize>,
    /// Releases per page (default 50, at most 500).
    per_page: Option<usize>,
    /// The releases as they stood at this time (`YYYY-MM-DD` or RFC 3339 UTC).
    as_of: Option<String>,
}

/// Releases per page of `GET /api/v1/releases` when `per_page` is not given.
pub const PER_PAGE: usize = 50;

impl ListQuery {
    /// Page `page` of every release in the default order and page size.
    pub fn page(page: usize) -> ListQuery {
        ListQuery { page: Some(page), ..ListQuery::default() }
    }

    /// The page asked for when the query asks for nothing else (a page of every release in the
    /// default order and size, which the snapshot holds serialised).
    fn default_page(&self) -> Option<usize> {
        let unfiltered = self.org.is_none()
            && self.year.is_none()
            && self.level.is_none()
            && self.q.is_none()
            && self.sort.is_none()
            && self.reverse.is_none()
            && self.per_page.is_none_or(|n| n == PER_PAGE)
            && self.as_of.is_none();
        unfiltered.then(|| self.page.unwrap_or(1))
    }
}

fn matches_text(a: &Assessment<'_>, q: &str) -> bool {
    let q = q.to_lowercase();
    let r = a.record;
    r.id.contains(&q)
        || r.name.to_lowercase().contains(&q)
        || r.organisation.as_deref().is_some_and(|o| o.to_lowercase().contains(&q))
        || Component::ALL.iter().any(|&c| match &r.component(c).facts.licence {
            openness_core::LicenceFact::Expression(e) => e.to_lowercase().contains(&q),
            _ => false,
        })
}

/// The body of `GET /api/v1/releases` over graded releases.
pub fn releases_body(
    assessments: &[Assessment<'_>],
    versions: &HashMap<String, i64>,
    q: &ListQuery,
) -> Result<Value, ApiError> {
    let filters: Vec<LevelFilter> = q
        .level
        .iter()
        .flat_map(|l| l.split(','))
        .filter(|l| !l.trim().is_empty())
        .map(|l| LevelFilter::parse(l.trim()).map_err(|e| ApiError::BadRequest(format!("level `{l}`: {e}"))))
        .collect::<Result<_, _>>()?;
    let rows: Vec<&Assessment<'_>> = assessments
        .iter()
        .filter(|a| {
            q.org.as_ref().is_none_or(|o| {
                a.record.organisation.as_deref().is_some_and(|x| x.to_lowercase().contains(&o.to_lowercase()))
            })
        })
        .filter(|a| q.year.is_none_or(|y| a.record.release.year == y))
        .filter(|a| filters.iter().all(|f| f.matches(a)))
        .filter(|a| q.q.as_ref().is_none_or(|t| matches_text(a, t)))
        .collect();
    let views: Vec<ModelView<'_>> = rows.iter().map(|a| ModelView::new(a)).collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let sort = q.sort.as_deref().unwrap_or("release");
    let key = |i: &usize| (&rows[*i].record.release, &rows[*i].record.id);
    match sort {
        "release" => order.sort_by(|a, b| key(a).cmp(&key(b))),
        "id" => order.sort_by(|a, b| rows[*a].record.id.cmp(&rows[*b].record.id)),
        "name" => order.sort_by_key(|i| rows[*i].record.name.to_lowercase()),
        "organisation" => order.sort_by(|a, b| rows[*a].record.organisation.cmp(&rows[*b].record.organisation)),
        "openness" => {
            order.sort_by(|a, b| views[*b].mean_grade.unwrap_or(0.0).total_cmp(&views[*a].mean_grade.unwrap_or(0.0)))
        }
        other => {
            return Err(ApiError::BadRequest(format!(
                "sort `{other}`: use release, id, name, organisation or openness"
            )));
        }
    }
    if q.reverse == Some(true) {
        order.reverse();
    }
    let per_page = q.per_page.unwrap_or(PER_PAGE).clamp(1, 500);
    let page = q.page.unwrap_or(1).max(1);
    let total = order.len();
    let releases: Vec<Value> = order
        .iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .map(|&i| {
            let mut v = serde_json::to_value(&views[i]).unwrap_or(Value::Null);
            v["version"] = json!(versions.get(&rows[i].record.id).copied().unwrap_or(1));
            v
        })
        .collect();
    let next_page = (page * per_page < total).then_some(page + 1);
    Ok(
        json!({"releases": releases, "meta": {"total": total, "page": page, "per_page": per_page, "next_page": next_page}}),
    )
}

/// The releases, filtered, sorted and paged like `openness models`.
#[utoipa::path(get, path = "/api/v1/releases", tag = "releases", operation_id = "list_releases", params(ListQuery),
    responses(
        (status = 200, description = "`{releases:[…], meta:{total,page,per_page,next_page}}`; each release as in `openness models --format json`, with its `version`", body = Object),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 400, description = "A filter does not parse", body = ErrorBody)))]
async fn list_releases(
    axum::extract::State(state): axum::extract::State<Shared>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Q(query): Q<ListQuery>,
) -> Result<Response, ApiError> {
    let snapshot = state.snapshot();
    if let Some(page) = query.default_page()
        && let Some(body) = page.checked_sub(1).and_then(|i| snapshot.releases_pages.get(i))
    {
        return Ok(cached_rendered(&headers, &format!("g{}-p{page}", snapshot.generation), body));
    }
    if let Some(at) = &query.as_of {
        let at = as_of_bound(at)?;
        let releases = state.store.releases_as_of(&at).await?;
        let catalogue = catalogue_of(&releases, &snapshot.catalogue().base, &state.sources);
        let versions = releases.iter().map(|r| (r.id.clone(), r.version)).collect();
        let assessments = catalogue.assess_all(state.reading);
        return Ok(axum::Json(releases_body(&assessments, &versions, &query)?).into_response());
    }
    let body = releases_body(snapshot.report().assessments(), &snapshot.versions, &query)?;
    Ok(cached_json(&headers, &format!("g{}-{}", snapshot.generation, hash_query(uri.query())), json_bytes(&body)?))
}

/// A short hash of a query string, so each filtered list has its own ETag.
pub(crate) fn hash_query(query: Option<&str>) -> String {
    use sha2::Digest;
    hex::encode(&sha2::Sha256::digest(query.unwrap_or("").as_bytes())[..8])
}

/// The upper bound of an `as_of` time: a date means the end of that day.
fn as_of_bound(at: &str) -> Result<String, ApiError> {
    let at = at.trim();
    let valid = at.len() >= 10
        && at.len() <= 40
        && at.as_bytes()[..10]
            .iter()
            .enumerate()
            .all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    if !valid {
        return Err(ApiError::BadRequest(format!("as_of `{at}`: give YYYY-MM-DD or an RFC 3339 UTC time")));
    }
    Ok(if at.len() == 10 { format!("{at}T23:59:59.999999Z") } else { at.to_owned() })
}

/// A release's graded assessment in the snapshot.
fn assessment<'s>(snapshot: &'s Snapshot, id: &str) -> Result<&'s Assessment<'s>, ApiError> {
    snapshot.report().assessments().iter().find(|a| a.record.id == id).ok_or_else(|| not_found_release(snapshot, id))
}

fn show_value(state: &Shared, snapshot: &Snapshot, id: &str) -> Result<Value, ApiError> {
    let a = assessment(snapshot, id)?;
    let mut view = ShowView::new(snapshot.catalogue(), a, state.reading.rubric);
    view.analysis = snapshot.report().analysis(id).cloned();
    let mut v = serde_json::to_value(&view).map_err(|e| ApiError::Internal(e.to_string()))?;
    v["version"] = json!(snapshot.versions.get(id).copied().unwrap_or(1));
    Ok(v)
}

/// One release: the JSON of `openness show`, with its `version`.
#[utoipa::path(get, path = "/api/v1/releases/{id}", tag = "releases", operation_id = "get_release",
    params(("id" = String, Path, description = "Release id")),
    responses(
        (status = 200, description = "`{release:…}` as `openness show --format json` prints it, plus `version`", body = Object),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 404, description = "No such release", body = ErrorBody)))]
async fn get_release(
    axum::extract::State(state): axum::extract::State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let snapshot = state.snapshot();
    let v = show_value(&state, &snapshot, &id)?;
    let version = snapshot.versions.get(&id).copied().unwrap_or(1);
    Ok(cached_json(
        &headers,
        &format!("r{}-v{version}", openness_report::file_name(&id)),
        json_bytes(&json!({"release": v}))?,
    ))
}

/// A release's history.
#[derive(Serialize, ToSchema)]
struct HistoryBody {
    /// The release id.
    release: String,
    /// Every version, oldest first.
    history: Vec<HistoryEntry>,
}

/// Every version of a release: the seed from the catalogue, then each accepted observation.
#[utoipa::path(get, path = "/api/v1/releases/{id}/history", tag = "releases", operation_id = "get_release_history",
    params(("id" = String, Path, description = "Release id")),
    responses(
        (status = 200, description = "The release's versions, oldest first", body = HistoryBody),
        (status = 404, description = "No such release", body = ErrorBody)))]
async fn get_release_history(
    axum::extract::State(state): axum::extract::State<Shared>,
    Path(id): Path<String>,
) -> Result<axum::Json<HistoryBody>, ApiError> {
    let history = state.store.history(&id).await?;
    if history.is_empty() {
        return Err(not_found_release(&state.snapshot(), &id));
    }
    Ok(axum::Json(HistoryBody { release: id, history }))
}

/// The versions to compare.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct DiffQuery {
    /// The older version (default: the one before `to`).
    from: Option<i64>,
    /// The newer version (default: the current one).
    to: Option<i64>,
}

/// What changed in a release between two versions, component by component.
#[utoipa::path(get, path = "/api/v1/releases/{id}/diff", tag = "releases", operation_id = "get_release_diff",
    params(("id" = String, Path, description = "Release id"), DiffQuery),
    responses(
        (status = 200, description = "`{release, from, to, changes:[{component, from:{…}, to:{…}}]}` with each side's facts and computed level", body = Object),
        (status = 404, description = "No such release or version", body = ErrorBody)))]
async fn get_release_diff(
    axum::extract::State(state): axum::extract::State<Shared>,
    Path(id): Path<String>,
    Q(q): Q<DiffQuery>,
) -> Result<axum::Json<Value>, ApiError> {
    let history = state.store.history(&id).await?;
    let latest = history.last().map(|h| h.version).ok_or_else(|| not_found_release(&state.snapshot(), &id))?;
    let to = q.to.unwrap_or(latest);
    let from = q.from.unwrap_or((to - 1).max(1));
    let doc = |v: i64| {
        history
            .iter()
            .find(|h| h.version == v)
            .map(|h| h.document.clone())
            .ok_or_else(|| ApiError::NotFound(format!("version {v} of `{id}`")))
    };
    let (old, new) = (doc(from)?, doc(to)?);
    let snapshot = state.snapshot();
    let base = &snapshot.catalogue().base;
    let level = |document: &str, c: Component| {
        let stored = openness_store::StoredRelease {
            id: id.clone(),
            version: 0,
            document: document.to_owned(),
            updated_at: String::new(),
        };
        let catalogue = catalogue_of(std::slice::from_ref(&stored), base, &state.sources);
        catalogue
            .records
            .first()
            .map(|r| catalogue.assess_component(r.component(c), state.reading))
            .and_then(|a| a.computed)
    };
    let mut changes = Vec::new();
    for c in Component::ALL {
        let (a, b) = (change::component_facts(&old, c.id()), change::component_facts(&new, c.id()));
        if a != b {
            let side = |facts: Option<Value>, doc: &str| {
                let mut f = facts.unwrap_or(Value::Null);
                f["computed"] = json!(level(doc, c).map(|l| l.to_string()));
                f
            };
            changes.push(json!({"component": c.id(), "from": side(a, &old), "to": side(b, &new)}));
        }
    }
    Ok(axum::Json(json!({"release": id, "from": from, "to": to, "changes": changes})))
}

/// A release's badge.
#[utoipa::path(get, path = "/api/v1/releases/{id}/badge.svg", tag = "releases", operation_id = "get_release_badge",
    params(("id" = String, Path, description = "Release id")),
    responses(
        (status = 200, description = "A shields-style SVG badge with the score and level", content_type = "image/svg+xml", body = String),
        (status = 404, description = "No such release", body = ErrorBody)))]
async fn get_release_badge(
    axum::extract::State(state): axum::extract::State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    badge_response(&state, &headers, &id)
}

/// A release's badge SVG with its ETag (the API's and the pages' `/badges/<id>.svg`).
pub fn badge_response(state: &Shared, headers: &HeaderMap, id: &str) -> Result<Response, ApiError> {
    let snapshot = state.snapshot();
    let a = assessment(&snapshot, id)?;
    let an = snapshot.report().analysis(id).ok_or_else(|| not_found_release(&snapshot, id))?;
    let svg = openness_report::badge(a, an);
    let version = snapshot.versions.get(id).copied().unwrap_or(1);
    Ok(cached(headers, &format!("b{}-v{version}", openness_report::file_name(id)), "image/svg+xml", svg))
}

/// Releases to compare.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct CompareQuery {
    /// Two to eight release ids, comma-separated.
    ids: String,
}

/// Parses `ids=a,b`: two to eight known ids.
pub fn compare_ids<'a>(snapshot: &Snapshot, ids: &'a str) -> Result<Vec<&'a str>, ApiError> {
    let ids: Vec<&str> = ids.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    if !(2..=8).contains(&ids.len()) {
        return Err(ApiError::BadRequest("give two to eight release ids: ids=a,b".to_owned()));
    }
    if let Some(missing) = ids.iter().find(|id| snapshot.catalogue().get(id).is_none()) {
        return Err(not_found_release(snapshot, missing));
    }
    Ok(ids)
}

/// Several releases side by side, each as `openness show` prints it.
#[utoipa::path(get, path = "/api/v1/compare", tag = "releases", operation_id = "compare_releases", params(CompareQuery),
    responses(
        (status = 200, description = "`{releases:[…]}` in the order asked", body = Object),
        (status = 400, description = "Fewer than two or more than eight ids", body = ErrorBody),
        (status = 404, description = "An unknown id", body = ErrorBody)))]
async fn compare_releases(
    axum::extract::State(state): axum::extract::State<Shared>,
    Q(q): Q<CompareQuery>,
) -> Result<axum::Json<Value>, ApiError> {
    let snapshot = state.snapshot();
    let ids = compare_ids(&snapshot, &q.ids)?;
    let releases: Vec<Value> = ids.iter().map(|id| show_value(&state, &snapshot, id)).collect::<Result<_, _>>()?;
    Ok(axum::Json(json!({"releases": releases})))
}

/// Level counts and the paper's findings over the store's releases, as `openness stats`.
#[utoipa::path(get, path = "/api/v1/stats", tag = "releases", operation_id = "get_stats",
    responses((status = 200, description = "As `openness stats --format json` prints it", body = Object)))]
async fn get_stats(
    axum::extract::State(state): axum::extract::State<Shared>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let snapshot = state.snapshot();
    let body = json_bytes(snapshot.report().stats())?;
    Ok(cached_json(&headers, &format!("s{}", snapshot.generation), body))
}

/// A licence name or expression.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ResolveQuery {
    /// What to resolve: an id, an alias, a name or an SPDX expression.
    name: String,
}

/// What a licence name denotes, as `openness license resolve`.
#[utoipa::path(get, path = "/api/v1/licences/resolve", tag = "licences", operation_id = "resolve_licence", params(ResolveQuery),
    responses(
        (status = 200, description = "`{id, matched_by, name, note, suggests, candidates}`", body = Object),
        (status = 404, description = "Nothing matched; `candidates` are the nearest ids", body = Object)))]
async fn resolve_licence(axum::extract::State(state): axum::extract::State<Shared>, Q(q): Q<ResolveQuery>) -> Response {
    let snapshot = state.snapshot();
    let view = ResolveView::new(&snapshot.catalogue().base, &q.name);
    let status = if view.id.is_some() { StatusCode::OK } else { StatusCode::NOT_FOUND };
    (status, axum::Json(serde_json::to_value(&view).unwrap_or(Value::Null))).into_response()
}

/// One licence: permissions with reasons, points and levels, as `openness license show`.
#[utoipa::path(get, path = "/api/v1/licences/{id}", tag = "licences", operation_id = "get_licence",
    params(("id" = String, Path, description = "Licence id, alias or name")),
    responses(
        (status = 200, description = "`{licence:…}` as `openness license show --format json` prints it", body = Object),
        (status = 404, description = "No such licence", body = ErrorBody)))]
async fn get_licence(
    axum::extract::State(state): axum::extract::State<Shared>,
    Path(id): Path<String>,
) -> Result<axum::Json<Value>, ApiError> {
    let snapshot = state.snapshot();
    match snapshot.catalogue().base.resolve(&id) {
        Resolution::Licence(p, m) => Ok(axum::Json(json!({"licence": LicenceView::new(p, m, state.reading.rubric)}))),
        Resolution::NotALicence(n) => Err(ApiError::NotFound(format!("licence `{id}` ({})", n.note))),
        Resolution::Unknown(near) => Err(ApiError::NotFound(format!("licence `{id}` (nearest: {})", near.join(", ")))),
    }
}

/// Which proposals.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ProposalQuery {
    /// `pending`, `accepted` or `rejected`.
    status: Option<Status>,
    /// Only proposals about this release.
    release: Option<String>,
    /// Seek pagination: proposals numbered below this.
    before: Option<i64>,
    /// At most this many (default 50, at most 200).
    limit: Option<i64>,
}

/// A page of proposals.
#[derive(Serialize, ToSchema)]
struct ProposalList {
    /// Newest first.
    proposals: Vec<Proposal>,
    /// `next_before`: the `before` of the next page, or null.
    #[schema(value_type = Object)]
    meta: Value,
}

/// Proposals, newest first.
#[utoipa::path(get, path = "/api/v1/proposals", tag = "proposals", operation_id = "list_proposals", params(ProposalQuery),
    responses((status = 200, description = "A page of proposals", body = ProposalList)))]
async fn list_proposals(
    axum::extract::State(state): axum::extract::State<Shared>,
    Q(q): Q<ProposalQuery>,
) -> Result<axum::Json<ProposalList>, ApiError> {
    let limit = q.limit.unwrap_or(50).clamp(1, 200);
    let proposals = state.store.proposals(q.status, q.release.as_deref(), q.before, limit).await?;
    let next = (proposals.len() as i64 == limit).then(|| proposals.last().map(|p| p.id)).flatten();
    Ok(axum::Json(ProposalList { proposals, meta: json!({"next_before": next}) }))
}

/// A proposed change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProposal {
    /// The release id.
    pub release: String,
    /// The release version the change was written against (default: the current one).
    pub base_version: Option<i64>,
    /// The proposer's name or handle.
    pub author: String,
    /// The change.
    pub change: Change,
}

/// One proposal.
#[derive(Serialize, ToSchema)]
pub struct ProposalBody {
    /// The proposal.
    pub proposal: Proposal,
}

/// The author field's own checks.
fn check_author(author: &str) -> Result<(), Vec<FieldError>> {
    let a = author.trim();
    if a.is_empty() || a.chars().count() > 80 || a.chars().any(char::is_control) {
        return Err(vec![FieldError {
            field: "author".to_owned(),
            code: "P006".to_owned(),
            message: "the author's name or handle is empty, too long or has control characters".to_owned(),
            fix: "give a name or handle of 1–80 characters".to_owned(),
        }]);
    }
    Ok(())
}

/// Validates and stores a proposal (shared by the API and the form).
pub async fn propose(state: &Shared, ip: std::net::IpAddr, p: NewProposal) -> Result<Proposal, ApiError> {
    state.limiter.take(ip)?;
    check_author(&p.author).map_err(ApiError::Invalid)?;
    let snapshot = state.snapshot();
    let base_version = match p.base_version {
        Some(v) => v,
        None => state
            .store
            .release(&p.release)
            .await?
            .map(|r| r.version)
            .ok_or_else(|| not_found_release(&snapshot, &p.release))?,
    };
    let base = &snapshot.catalogue().base;
    let date = openness_store::now()[..10].to_owned();
    let draft = Observer { maintainer: "(pending review)", author: p.author.trim(), proposal: 0, date: &date };
    let proposal = state
        .store
        .propose(&p.release, base_version, p.author.trim(), &p.change, |doc| {
            change::apply(doc, &p.change, &draft, base, &state.sources).map(|_| ())
        })
        .await?;
    Ok(proposal)
}

/// Proposes a change to one component of a release. No token needed; rate-limited per address.
/// The change is checked as `openness check` checks a record: errors name the field and a fix.
#[utoipa::path(post, path = "/api/v1/proposals", tag = "proposals", operation_id = "create_proposal", request_body = NewProposal,
    responses(
        (status = 201, description = "Stored as pending", body = ProposalBody),
        (status = 400, description = "The body is not a proposal", body = ErrorBody),
        (status = 404, description = "No such release", body = ErrorBody),
        (status = 409, description = "The release moved on since `base_version`; `current_version` says where it is", body = ErrorBody),
        (status = 422, description = "The change does not validate: one error per field, with a fix", body = ErrorBody),
        (status = 429, description = "Too many proposals from this address", body = ErrorBody)))]
async fn create_proposal(
    axum::extract::State(state): axum::extract::State<Shared>,
    extensions: axum::http::Extensions,
    JsonBody(p): JsonBody<NewProposal>,
) -> Result<(StatusCode, axum::Json<ProposalBody>), ApiError> {
    let proposal = propose(&state, client_ip(&extensions), p).await?;
    Ok((StatusCode::CREATED, axum::Json(ProposalBody { proposal })))
}

/// One proposal, with its review once reviewed.
#[utoipa::path(get, path = "/api/v1/proposals/{id}", tag = "proposals", operation_id = "get_proposal",
    params(("id" = i64, Path, description = "Proposal number")),
    responses(
        (status = 200, description = "The proposal", body = ProposalBody),
        (status = 404, description = "No such proposal", body = ErrorBody)))]
async fn get_proposal(
    axum::extract::State(state): axum::extract::State<Shared>,
    Path(id): Path<i64>,
) -> Result<axum::Json<ProposalBody>, ApiError> {
    let proposal = state.store.proposal(id).await?.ok_or_else(|| ApiError::NotFound(format!("proposal {id}")))?;
    Ok(axum::Json(ProposalBody { proposal }))
}

/// `accept` or `reject`.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// The change becomes the maintainer's observation, the release's next version.
    Accept,
    /// The proposal is closed with the reason.
    Reject,
}

/// A maintainer's review.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReview {
    /// The decision.
    pub decision: Decision,
    /// Why (required to reject).
    #[serde(default)]
    pub reason: String,
    /// The release version the reviewer saw (default: the proposal's base version). A stale one is a 409.
    pub version: Option<i64>,
}

/// The result of a review.
#[derive(Serialize, ToSchema)]
pub struct ReviewBody {
    /// The proposal with its review.
    pub proposal: Proposal,
    /// The release's version after the review.
    pub release_version: i64,
}

/// Applies a review (shared by the API and the form).
pub async fn review(state: &Shared, maintainer: &str, id: i64, r: NewReview) -> Result<ReviewBody, ApiError> {
    let reviewed = match r.decision {
        Decision::Reject => {
            let reason = r.reason.trim();
            if reason.is_empty() || reason.len() > 2000 {
                return Err(ApiError::Invalid(vec![FieldError {
                    field: "reason".to_owned(),
                    code: "P007".to_owned(),
                    message: "a rejection needs a reason (at most 2000 bytes)".to_owned(),
                    fix: "say why, so the proposer can correct it".to_owned(),
                }]));
            }
            state.store.reject(id, maintainer, reason).await?
        }
        Decision::Accept => {
            let base = state.snapshot().catalogue().base.clone();
            let date = openness_store::now()[..10].to_owned();
            state
                .store
                .accept(id, maintainer, r.version, |doc, p| {
                    let observer = Observer { maintainer, author: &p.author, proposal: p.id, date: &date };
                    let text = change::apply(doc, &p.change, &observer, &base, &state.sources)?;
                    let observation = json!({
                        "kind": "observation",
                        "component": p.change.component,
                        "by": maintainer,
                        "proposed_by": p.author,
                        "proposal": p.id,
                        "date": date,
                        "before": change::component_facts(doc, &p.change.component),
                        "after": change::component_facts(&text, &p.change.component),
                    });
                    Ok((text, observation))
                })
                .await?
        }
    };
    state.refresh().await?;
    Ok(ReviewBody { proposal: reviewed.proposal, release_version: reviewed.release_version })
}

/// Accepts or rejects a proposal (maintainer token).
#[utoipa::path(post, path = "/api/v1/proposals/{id}/review", tag = "proposals", operation_id = "review_proposal",
    params(("id" = i64, Path, description = "Proposal number")), request_body = NewReview,
    security(("maintainer_token" = [])),
    responses(
        (status = 200, description = "Reviewed; on acceptance the release's new version", body = ReviewBody),
        (status = 400, description = "The body is not a review", body = ErrorBody),
        (status = 401, description = "No valid maintainer token", body = ErrorBody),
        (status = 404, description = "No such proposal", body = ErrorBody),
        (status = 409, description = "Already reviewed, or the release moved on (`current_version`)", body = ErrorBody),
        (status = 422, description = "The change no longer validates, or a rejection without a reason", body = ErrorBody)))]
async fn review_proposal(
    axum::extract::State(state): axum::extract::State<Shared>,
    Maintainer(maintainer): Maintainer,
    Path(id): Path<i64>,
    JsonBody(r): JsonBody<NewReview>,
) -> Result<axum::Json<ReviewBody>, ApiError> {
    Ok(axum::Json(review(&state, &maintainer, id, r).await?))
}

/// Which audit rows.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct AuditQuery {
    /// Seek pagination: rows numbered below this.
    before: Option<i64>,
    /// At most this many (default 100, at most 500).
    limit: Option<i64>,
}

/// A page of the audit log.
#[derive(Serialize, ToSchema)]
struct AuditList {
    /// Newest first.
    audit: Vec<AuditEntry>,
}

/// The audit log: every write, who, when, what, before and after. Append-only.
#[utoipa::path(get, path = "/api/v1/audit", tag = "service", operation_id = "list_audit", params(AuditQuery),
    responses((status = 200, description = "A page of the audit log", body = AuditList)))]
async fn list_audit(
    axum::extract::State(state): axum::extract::State<Shared>,
    Q(q): Q<AuditQuery>,
) -> Result<axum::Json<AuditList>, ApiError> {
    let audit = state.store.audit_log(q.before, q.limit.unwrap_or(100).clamp(1, 500)).await?;
    Ok(axum::Json(AuditList { audit }))
}
