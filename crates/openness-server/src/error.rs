//! One error type for every route, answered as JSON on the API (`{"errors":[…]}` with a stable
//! code) and as an HTML page elsewhere. Unexpected errors are logged; clients see only that
//! something failed inside.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use openness_store::{FieldError, StoreError};
use serde::Serialize;

/// An error a route answers with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// 413: the body is larger than the service accepts.
    #[error("the request body is too large")]
    TooLarge,
    /// 401: a write without a valid maintainer token.
    #[error("this needs a maintainer token: send `Authorization: Bearer opn_…`")]
    Unauthorized,
    /// 403: a form post from another site or without its CSRF token.
    #[error("{0}")]
    Forbidden(String),
    /// 404.
    #[error("{0} not found")]
    NotFound(String),
    /// 409: a stale write, with the current version.
    #[error("{message}")]
    Conflict {
        /// What happened.
        message: String,
        /// The release's current version, when the conflict is about one.
        current_version: Option<i64>,
    },
    /// 422: the change does not validate.
    #[error("the change is invalid")]
    Invalid(Vec<FieldError>),
    /// 429: too many proposals.
    #[error("too many proposals from this address: try again in {0} s")]
    RateLimited(u64),
    /// 500: logged, not shown.
    #[error("internal error")]
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound(what) => ApiError::NotFound(what),
            StoreError::Conflict { release, expected, current } => ApiError::Conflict {
                message: format!("release `{release}` is at version {current}, not {expected}: reload and try again"),
                current_version: Some(current),
            },
            StoreError::AlreadyReviewed(n) => {
                ApiError::Conflict { message: format!("proposal {n} was already reviewed"), current_version: None }
            }
            StoreError::TokenExists(name) => {
                ApiError::Conflict { message: format!("a token named `{name}` exists"), current_version: None }
            }
            StoreError::Invalid(errors) => ApiError::Invalid(errors),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

/// One error in a response.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorItem {
    /// Stable: `bad_request`, `unauthorized`, `forbidden`, `not_found`, `conflict`, `invalid`,
    /// `rate_limited`, `internal`; for `invalid`, the check's code (`E101`, `P003` …) is in `check`.
    pub code: String,
    /// What went wrong.
    pub detail: String,
    /// The field of the proposal it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The check's code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

/// Every error response's body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// One or more errors.
    pub errors: Vec<ErrorItem>,
    /// On a conflict about a release: its current version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad_request",
            ApiError::TooLarge => "too_large",
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::Conflict { .. } => "conflict",
            ApiError::Invalid(_) => "invalid",
            ApiError::RateLimited(_) => "rate_limited",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The JSON body.
    pub fn body(&self) -> ErrorBody {
        let errors = match self {
            ApiError::Invalid(fields) => fields
                .iter()
                .map(|f| ErrorItem {
                    code: "invalid".to_owned(),
                    detail: f.message.clone(),
                    field: Some(f.field.clone()),
                    check: Some(f.code.clone()),
                    fix: Some(f.fix.clone()),
                })
                .collect(),
            other => {
                vec![ErrorItem {
                    code: other.code().to_owned(),
                    detail: other.to_string(),
                    field: None,
                    check: None,
                    fix: None,
                }]
            }
        };
        let current_version = match self {
            ApiError::Conflict { current_version, .. } => *current_version,
            _ => None,
        };
        ErrorBody { errors, current_version }
    }

    fn log(&self) {
        if let ApiError::Internal(detail) = self {
            tracing::error!(%detail, "internal error");
            eprintln!("openness serve: internal error: {detail}");
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.log();
        let mut response = (self.status(), axum::Json(self.body())).into_response();
        if let ApiError::RateLimited(secs) = self
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        if matches!(self, ApiError::Unauthorized) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// The error as the site's error page (the report's header, navigation and footer), for the
/// browser-facing routes.
pub fn page_error(cx: &openness_report::RenderContext, e: ApiError) -> Response {
    use std::fmt::Write as _;
    e.log();
    let status = e.status();
    let mut body = String::from("<ul class=\"errors\">");
    for item in e.body().errors {
        let field = item.field.map(|f| format!("<strong>{}</strong>: ", openness_report::esc(&f))).unwrap_or_default();
        let fix = item.fix.map(|f| format!(" <em>Fix: {}</em>", openness_report::esc(&f))).unwrap_or_default();
        let _ = write!(body, "<li>{field}{}{fix}</li>", openness_report::esc(&item.detail));
    }
    body.push_str("</ul><p><a href=\"/\">Back to the table</a></p>");
    let title = status.canonical_reason().unwrap_or("Error");
    match openness_report::page_around(cx, title, &body) {
        Ok(html) => crate::pages::html_status(status, html),
        Err(_) => (status, body).into_response(),
    }
}
