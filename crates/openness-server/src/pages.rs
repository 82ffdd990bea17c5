//! The browser's routes: the report's pages served from the snapshot (the same renderer as
//! `openness report`), and the service-only pieces: a release's history, the proposal and review
//! forms, the proposals list and the audit log. Every record text goes through `esc`.
//!
//! The service's own pages are wrapped one level deep (`../style.css`): that resolves to the
//! root both from `/audit` and from `/proposals/7`.

use std::fmt::Write as _;

use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use openness_core::Component;
use openness_report::{esc, file_name, page};
use openness_store::{Change, Proposal, Status};
use serde::Deserialize;

use crate::api::{self, Decision, NewProposal, NewReview, Q};
use crate::error::{ApiError, PageError};
use crate::security::{self, check_form, client_ip, cookie_token, csrf_cookie, new_csrf_token};
use crate::{Shared, Snapshot};

/// The page routes.
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/", get(index))
        .route("/releases/{id}", get(release))
        .route("/licences/{id}", get(licence))
        .route("/findings", get(findings))
        .route("/compare", get(compare))
        .route("/register", get(register))
        .route("/proposals", get(proposals).post(propose_form))
        .route("/proposals/{id}", get(proposal).post(review_form))
        .route("/audit", get(audit))
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .fallback(get(site_file))
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

fn site_response(snapshot: &Snapshot, path: &str) -> Result<Response, PageError> {
    let bytes = snapshot.site.get(path).ok_or_else(|| ApiError::NotFound(format!("page `{path}`")))?;
    let mut r = Response::new(axum::body::Body::from(axum::body::Bytes::from_owner(Shared_(bytes.clone()))));
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(path)));
    Ok(r)
}

/// An `Arc<[u8]>` as a body without copying.
struct Shared_(std::sync::Arc<[u8]>);

impl AsRef<[u8]> for Shared_ {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

async fn index(State(state): State<Shared>) -> Result<Response, PageError> {
    site_response(&state.snapshot(), "index.html")
}

async fn findings(State(state): State<Shared>) -> Result<Response, PageError> {
    site_response(&state.snapshot(), "findings.html")
}

async fn licence(State(state): State<Shared>, Path(id): Path<String>) -> Result<Response, PageError> {
    let snapshot = state.snapshot();
    let id = match snapshot.catalogue.base.resolve(&id) {
        openness_core::Resolution::Licence(p, _) => p.id.clone(),
        _ => id,
    };
    site_response(&snapshot, &format!("licenses/{}.html", file_name(&id)))
}

/// Files of the rendered site at their own paths (`style.css`, `models/<id>.html` …), so the
/// report's relative links work under the service too.
async fn site_file(State(state): State<Shared>, uri: axum::http::Uri) -> Result<Response, PageError> {
    let path = uri.path().trim_start_matches('/');
    site_response(&state.snapshot(), path)
}

/// The report's release page with the release's history and a link to propose a change.
async fn release(State(state): State<Shared>, Path(id): Path<String>) -> Result<Response, PageError> {
    let snapshot = state.snapshot();
    let path = format!("models/{}.html", file_name(&id));
    let page = snapshot.site.get(&path).ok_or_else(|| ApiError::NotFound(format!("release `{id}`")))?;
    let html = String::from_utf8_lossy(page);
    let history = state.store.history(&id).await?;
    let mut section = String::from("<section id=\"history\" class=\"history\"><h2>History</h2><ol class=\"history\">");
    for h in history.iter().rev() {
        let what = match h.change["kind"].as_str() {
            Some("observation") => format!(
                "{} observed <code>{}</code>: {} → {} (proposal <a href=\"/proposals/{}\">{}</a> by {})",
                esc(&h.actor),
                esc(h.change["component"].as_str().unwrap_or("")),
                esc(&facts_text(&h.change["before"])),
                esc(&facts_text(&h.change["after"])),
                h.change["proposal"].as_i64().unwrap_or(0),
                h.change["proposal"].as_i64().unwrap_or(0),
                esc(h.change["proposed_by"].as_str().unwrap_or("")),
            ),
            _ => "from the embedded catalogue".to_owned(),
        };
        let _ = write!(
            section,
            "<li><strong>version {}</strong> · {} · {what}</li>",
            h.version,
            esc(&h.at[..h.at.len().min(19)])
        );
    }
    let _ = write!(
        section,
        "</ol><p><a class=\"propose\" href=\"/proposals?release={0}\">Propose a change to this release</a> · <a href=\"/api/v1/releases/{0}/history\">history as JSON</a></p></section>",
        esc(&id)
    );
    let html = match html.rfind("</main>") {
        Some(at) => format!("{}{section}{}", &html[..at], &html[at..]),
        None => format!("{html}{section}"),
    };
    Ok(Html(html).into_response())
}

#[derive(Deserialize)]
struct CompareQuery {
    ids: Option<String>,
}

/// Releases side by side: each component's level, availability and licence.
async fn compare(State(state): State<Shared>, Q(q): Q<CompareQuery>) -> Result<Response, PageError> {
    let snapshot = state.snapshot();
    let mut b = String::from("<h1>Compare releases</h1>");
    let _ = write!(
        b,
        "<form class=\"filters\" action=\"/compare\" method=\"get\"><label>Release ids (comma-separated)<input name=\"ids\" value=\"{}\" placeholder=\"llama-2,falcon\"></label><button>Compare</button></form>",
        esc(q.ids.as_deref().unwrap_or(""))
    );
    if let Some(ids) = q.ids.as_deref().filter(|s| !s.trim().is_empty()) {
        let ids = api::compare_ids(&snapshot, ids)?;
        let rubric = openness_core::Rubric::default();
        let assessed: Vec<_> = ids
            .iter()
            .filter_map(|id| snapshot.catalogue.get(id))
            .map(|r| snapshot.catalogue.assess(r, rubric))
            .collect();
        b.push_str("<div class=\"table-wrap\"><table class=\"compare\"><thead><tr><th>Component</th>");
        for a in &assessed {
            let _ = write!(b, "<th><a href=\"/releases/{0}\">{1}</a></th>", esc(&a.record.id), esc(&a.record.name));
        }
        b.push_str("</tr></thead><tbody>");
        for c in Component::ALL {
            let _ = write!(b, "<tr><th>{}</th>", esc(c.id()));
            for a in &assessed {
                let ca = &a.components[c as usize];
                let facts = &a.record.component(c).facts;
                let licence = match &facts.licence {
                    openness_core::LicenceFact::Expression(e) => e.clone(),
                    openness_core::LicenceFact::NoLicence => "NONE".to_owned(),
                    openness_core::LicenceFact::NotStated => "—".to_owned(),
                };
                let _ = write!(
                    b,
                    "<td class=\"level\">{} <small>{} · {}</small></td>",
                    ca.level,
                    esc(&facts.availability.to_string()),
                    esc(&licence)
                );
            }
            b.push_str("</tr>");
        }
        b.push_str("</tbody></table></div>");
    }
    Ok(Html(page("Compare", 1, &b)).into_response())
}

/// The risk and opportunity register the release profiles are drawn from.
async fn register(State(state): State<Shared>) -> Html<String> {
    let mut b = String::from(
        "<h1>Risks and opportunities</h1><p class=\"lead\">The register each release's profile is drawn from: what opening a component makes possible, and what it risks.</p><ul class=\"register\">",
    );
    for item in &state.register {
        let v = serde_json::to_value(item).unwrap_or_default();
        let title = v["title"].as_str().or(v["name"].as_str()).or(v["id"].as_str()).unwrap_or("");
        let kind = v["kind"].as_str().unwrap_or("");
        let summary = v["summary"].as_str().or(v["description"].as_str()).unwrap_or("");
        let _ = write!(b, "<li><strong>{}</strong> <small>{}</small><br>{}</li>", esc(title), esc(kind), esc(summary));
    }
    b.push_str("</ul>");
    Html(page("Register", 1, &b))
}

fn facts_text(v: &serde_json::Value) -> String {
    let availability = v["availability"].as_str().unwrap_or("?");
    match v["license"].as_str() {
        Some(l) => format!("{availability}, {l}"),
        None => availability.to_owned(),
    }
}

/// A page with a form: sets the CSRF cookie its hidden field matches.
fn form_page(headers: &HeaderMap, status: StatusCode, title: &str, body: impl FnOnce(&str) -> String) -> Response {
    let token = cookie_token(headers).filter(|t| t.len() == 32).unwrap_or_else(new_csrf_token);
    let mut r = (status, Html(page(title, 1, &body(&token)))).into_response();
    if let Ok(v) = HeaderValue::from_str(&csrf_cookie(&token)) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

fn status_text(s: Status) -> &'static str {
    match s {
        Status::Pending => "pending",
        Status::Accepted => "accepted",
        Status::Rejected => "rejected",
    }
}

fn proposal_row(b: &mut String, p: &Proposal) {
    let _ = write!(
        b,
        "<tr><td><a href=\"/proposals/{0}\">#{0}</a></td><td><a href=\"/releases/{1}\">{1}</a></td><td><code>{2}</code></td><td>{3}</td><td>{4}</td><td class=\"status-{5}\">{5}</td></tr>",
        p.id,
        esc(&p.release),
        esc(&p.change.component),
        esc(&format!(
            "{}{}",
            p.change.availability,
            if p.change.license.is_empty() { String::new() } else { format!(", {}", p.change.license) }
        )),
        esc(&p.author),
        status_text(p.status)
    );
}

#[derive(Deserialize, Default)]
struct ProposalsQuery {
    release: Option<String>,
}

/// The fields of the proposal form, as posted.
#[derive(Deserialize, Default, Clone)]
struct ProposalForm {
    release: String,
    component: String,
    availability: String,
    #[serde(default)]
    license: String,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    base_version: Option<i64>,
    #[serde(default)]
    csrf: String,
}

const AVAILABILITIES: [&str; 6] = ["open", "gated", "api", "closed", "not-applicable", "unknown"];

fn proposal_form_html(
    snapshot: &Snapshot,
    token: &str,
    f: &ProposalForm,
    errors: &[openness_store::FieldError],
) -> String {
    let mut b = String::new();
    if !errors.is_empty() {
        b.push_str("<div class=\"errors\" role=\"alert\"><h2>The change does not validate</h2><ul>");
        for e in errors {
            let _ = write!(
                b,
                "<li data-field=\"{0}\"><strong>{0}</strong>: {1} <em>Fix: {2}</em> <small>({3})</small></li>",
                esc(&e.field),
                esc(&e.message),
                esc(&e.fix),
                esc(&e.code)
            );
        }
        b.push_str("</ul></div>");
    }
    let _ = write!(
        b,
        "<form class=\"proposal\" method=\"post\" action=\"/proposals\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        esc(token)
    );
    b.push_str("<label>Release<select name=\"release\">");
    for r in &snapshot.catalogue.records {
        let sel = if r.id == f.release { " selected" } else { "" };
        let _ = write!(b, "<option value=\"{0}\"{sel}>{1} ({0})</option>", esc(&r.id), esc(&r.name));
    }
    b.push_str("</select></label><label>Component<select name=\"component\">");
    for c in Component::ALL {
        let sel = if c.id() == f.component { " selected" } else { "" };
        let _ = write!(b, "<option value=\"{0}\"{sel}>{0}</option>", c.id());
    }
    b.push_str("</select></label><label>Availability<select name=\"availability\">");
    for a in AVAILABILITIES {
        let sel = if a == f.availability { " selected" } else { "" };
        let _ = write!(b, "<option value=\"{a}\"{sel}>{a}</option>");
    }
    let _ = write!(
        b,
        "</select></label><label>Licence (SPDX expression, NONE or empty)<input name=\"license\" value=\"{}\" placeholder=\"Apache-2.0\"></label><label>Evidence (one URL a line)<textarea name=\"evidence\" rows=\"2\">{}</textarea></label><label>Note<textarea name=\"note\" rows=\"2\">{}</textarea></label><label>Your name or handle<input name=\"author\" value=\"{}\" required></label>",
        esc(&f.license),
        esc(&f.evidence),
        esc(&f.note),
        esc(&f.author)
    );
    if let Some(v) = f.base_version {
        let _ = write!(b, "<input type=\"hidden\" name=\"base_version\" value=\"{v}\">");
    }
    b.push_str("<button type=\"submit\">Propose</button></form>");
    b
}

/// Pending and reviewed proposals, and the form to propose a change.
async fn proposals(
    State(state): State<Shared>,
    headers: HeaderMap,
    Q(q): Q<ProposalsQuery>,
) -> Result<Response, PageError> {
    let snapshot = state.snapshot();
    let list = state.store.proposals(None, None, None, 200).await?;
    let release = q.release.unwrap_or_default();
    let form = ProposalForm {
        base_version: snapshot.versions.get(&release).copied(),
        release,
        availability: "open".to_owned(),
        ..ProposalForm::default()
    };
    Ok(form_page(&headers, StatusCode::OK, "Proposals", |token| {
        let mut b = String::from(
            "<h1>Proposals</h1><p class=\"lead\">Anyone may propose a change to a component's facts. It is checked as <code>openness check</code> checks a record, then a maintainer accepts it (it becomes their observation in the release's history) or rejects it with a reason.</p><h2>Propose a change</h2>",
        );
        b.push_str(&proposal_form_html(&snapshot, token, &form, &[]));
        b.push_str("<h2>All proposals</h2><table class=\"proposals\"><thead><tr><th>#</th><th>Release</th><th>Component</th><th>Change</th><th>By</th><th>Status</th></tr></thead><tbody>");
        for p in &list {
            proposal_row(&mut b, p);
        }
        b.push_str("</tbody></table>");
        b
    }))
}

/// The proposal form's post.
async fn propose_form(
    State(state): State<Shared>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    Form(f): Form<ProposalForm>,
) -> Result<Response, PageError> {
    check_form(&headers, &f.csrf)?;
    let new = NewProposal {
        release: f.release.clone(),
        base_version: f.base_version,
        author: f.author.clone(),
        change: Change {
            component: f.component.clone(),
            availability: f.availability.clone(),
            license: f.license.clone(),
            evidence: f.evidence.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
            note: f.note.clone(),
        },
    };
    match api::propose(&state, client_ip(&extensions), new).await {
        Ok(p) => Ok(Redirect::to(&format!("/proposals/{}", p.id)).into_response()),
        Err(ApiError::Invalid(errors)) => {
            let snapshot = state.snapshot();
            Ok(form_page(&headers, StatusCode::UNPROCESSABLE_ENTITY, "Proposal not valid", |token| {
                format!("<h1>Propose a change</h1>{}", proposal_form_html(&snapshot, token, &f, &errors))
            }))
        }
        Err(e) => Err(e.into()),
    }
}

/// One proposal and, while pending, the review form.
async fn proposal(State(state): State<Shared>, headers: HeaderMap, Path(id): Path<i64>) -> Result<Response, PageError> {
    let p = state.store.proposal(id).await?.ok_or_else(|| ApiError::NotFound(format!("proposal {id}")))?;
    Ok(form_page(&headers, StatusCode::OK, &format!("Proposal {id}"), |token| {
        let mut b = format!(
            "<h1>Proposal #{id} <span class=\"status-{0}\">{0}</span></h1><dl class=\"proposal\">",
            status_text(p.status)
        );
        let c = &p.change;
        for (k, v) in [
            ("Release", format!("<a href=\"/releases/{0}\">{0}</a> (version {1})", esc(&p.release), p.base_version)),
            ("Component", format!("<code>{}</code>", esc(&c.component))),
            ("Availability", esc(&c.availability)),
            ("Licence", esc(&c.license)),
            ("Evidence", c.evidence.iter().map(|e| openness_report::link(e)).collect::<Vec<_>>().join("<br>")),
            ("Note", esc(&c.note)),
            ("Proposed by", format!("{} at {}", esc(&p.author), esc(&p.created_at))),
        ] {
            let _ = write!(b, "<dt>{k}</dt><dd>{v}</dd>");
        }
        b.push_str("</dl>");
        match &p.review {
            Some(r) => {
                let _ = write!(
                    b,
                    "<p class=\"review\">{} by {} at {}{}{}</p>",
                    esc(&r.decision),
                    esc(&r.maintainer),
                    esc(&r.at),
                    r.reason.as_deref().map(|x| format!(": {}", esc(x))).unwrap_or_default(),
                    r.release_version.map(|v| format!(" — the release's version {v}")).unwrap_or_default()
                );
            }
            None => {
                let _ = write!(
                    b,
                    "<h2>Review</h2><form class=\"review\" method=\"post\" action=\"/proposals/{id}\"><input type=\"hidden\" name=\"csrf\" value=\"{}\"><label>Maintainer token<input type=\"password\" name=\"token\" autocomplete=\"off\" required></label><label><input type=\"radio\" name=\"decision\" value=\"accept\" checked> Accept</label><label><input type=\"radio\" name=\"decision\" value=\"reject\"> Reject</label><label>Reason (required to reject)<textarea name=\"reason\" rows=\"2\"></textarea></label><button type=\"submit\">Review</button></form>",
                    esc(token)
                );
            }
        }
        b
    }))
}

#[derive(Deserialize)]
struct ReviewForm {
    token: String,
    decision: Decision,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    csrf: String,
}

/// The review form's post: the token is checked like a bearer token, then the review applied.
async fn review_form(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, PageError> {
    check_form(&headers, &f.csrf)?;
    let maintainer = security::maintainer(&state, f.token.trim()).await?;
    let accepted = f.decision == Decision::Accept;
    let done =
        api::review(&state, &maintainer.0, id, NewReview { decision: f.decision, reason: f.reason, version: None })
            .await?;
    Ok(Redirect::to(&if accepted {
        format!("/releases/{}#history", done.proposal.release)
    } else {
        format!("/proposals/{id}")
    })
    .into_response())
}

/// The audit log, newest first.
async fn audit(State(state): State<Shared>) -> Result<Response, PageError> {
    let rows = state.store.audit_log(None, 200).await?;
    let mut b = String::from(
        "<h1>Audit log</h1><p class=\"lead\">Every write to the store, appended in the same transaction; the database refuses edits and deletions. <a href=\"/api/v1/audit\">As JSON</a>, with the state before and after.</p><table class=\"audit\"><thead><tr><th>#</th><th>When</th><th>Who</th><th>What</th><th>Subject</th></tr></thead><tbody>",
    );
    for a in &rows {
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            a.id,
            esc(&a.at),
            esc(&a.actor),
            esc(&a.action),
            esc(&a.subject)
        );
    }
    b.push_str("</tbody></table>");
    Ok(Html(page("Audit log", 1, &b)).into_response())
}
