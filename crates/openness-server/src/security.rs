//! Security layers: response headers (a strict Content-Security-Policy and the usual others),
//! CSRF for forms (same-origin check plus a double-submit cookie), the maintainer-token check,
//! and the rate limit on proposal creation. Tokens are compared by hash and never logged.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{ConnectInfo, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use subtle::ConstantTimeEq;

use crate::Shared;
use crate::error::ApiError;

/// Largest request body accepted: a proposal is a few kilobytes.
pub const MAX_BODY: usize = 64 * 1024;
/// Largest total size of request headers accepted.
pub const MAX_HEADERS: usize = 16 * 1024;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; \
     img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/// SVG documents (charts, badges) carry their own inline styles and nothing else.
const CSP_SVG: &str = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/// Adds the security headers to every response; refuses oversized request headers.
pub async fn headers(request: Request, next: Next) -> Response {
    let header_bytes: usize = request.headers().iter().map(|(k, v)| k.as_str().len() + v.len() + 4).sum();
    if header_bytes > MAX_HEADERS {
        return axum::response::IntoResponse::into_response((
            axum::http::StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            axum::Json(
                serde_json::json!({"errors":[{"code":"headers_too_large","detail":"request headers are too large"}]}),
            ),
        ));
    }
    let mut response = next.run(request).await;
    let is_svg = response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"image/svg"));
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(if is_svg { CSP_SVG } else { CSP }));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("interest-cohort=()"));
    response
}

/// The maintainer a request's bearer token belongs to; 401 without a valid one.
pub struct Maintainer(pub String);

impl FromRequestParts<Shared> for Maintainer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(ApiError::Unauthorized)?;
        maintainer(state, token.trim()).await
    }
}

/// The maintainer a token belongs to.
pub async fn maintainer(state: &Shared, token: &str) -> Result<Maintainer, ApiError> {
    if !token.starts_with("opn_") || token.len() > 100 {
        return Err(ApiError::Unauthorized);
    }
    state.store.maintainer(token).await?.map(Maintainer).ok_or(ApiError::Unauthorized)
}

/// The name of the double-submit cookie.
pub const CSRF_COOKIE: &str = "openness_csrf";

/// A new CSRF token, for a form and its cookie.
pub fn new_csrf_token() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // Without randomness no form can be trusted: an empty token never matches.
        return String::new();
    }
    hex::encode(bytes)
}

/// The `Set-Cookie` value for a CSRF token.
pub fn csrf_cookie(token: &str) -> String {
    format!("{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict")
}

/// The CSRF token of the request's cookie, if any.
pub fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == CSRF_COOKIE)
        .map(|(_, v)| v.to_owned())
}

/// Refuses a form post that comes from another site or whose token does not match its cookie.
pub fn check_form(headers: &HeaderMap, form_token: &str) -> Result<(), ApiError> {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if let Some(site) = site
        && site != "same-origin"
        && site != "none"
    {
        return Err(ApiError::Forbidden(format!("a form posted from a {site} page is refused")));
    }
    if site.is_none()
        && let (Some(origin), Some(host)) = (headers.get(header::ORIGIN), headers.get(header::HOST))
    {
        let origin = origin.to_str().unwrap_or("");
        let origin_host = origin.split_once("://").map_or(origin, |(_, h)| h);
        if origin_host.as_bytes() != host.as_bytes() {
            return Err(ApiError::Forbidden("a form posted from another origin is refused".to_owned()));
        }
    }
    let cookie = cookie_token(headers).unwrap_or_default();
    if cookie.is_empty() || !bool::from(cookie.as_bytes().ct_eq(form_token.as_bytes())) {
        return Err(ApiError::Forbidden("the form's CSRF token is missing or stale: reload the page".to_owned()));
    }
    Ok(())
}

/// Proposals per address: a burst of `burst`, then one more every [`REFILL_SECS`] seconds.
pub struct RateLimiter {
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

/// Proposals an address may make at once, by default.
pub const BURST: u32 = 20;
/// Seconds for one more.
pub const REFILL_SECS: f64 = 3.0;

impl RateLimiter {
    /// A limiter allowing bursts of `burst` proposals per address.
    pub fn new(burst: u32) -> RateLimiter {
        RateLimiter { burst: f64::from(burst.max(1)), buckets: Mutex::default() }
    }
}

impl RateLimiter {
    /// Takes one proposal from `ip`'s bucket, or says how long to wait.
    pub fn take(&self, ip: IpAddr) -> Result<(), ApiError> {
        let mut buckets = self.buckets.lock().map_err(|_| ApiError::Internal("rate limiter poisoned".to_owned()))?;
        let now = Instant::now();
        if buckets.len() > 100_000 {
            let burst = self.burst;
            buckets.retain(|_, (_, at)| now.duration_since(*at).as_secs_f64() < burst * REFILL_SECS);
        }
        let (tokens, at) = buckets.entry(ip).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() / REFILL_SECS).min(self.burst);
        *at = now;
        if *tokens < 1.0 {
            return Err(ApiError::RateLimited(((1.0 - *tokens) * REFILL_SECS).ceil() as u64));
        }
        *tokens -= 1.0;
        Ok(())
    }
}

/// The client's address (loopback when the service runs without connection info, as in tests).
pub fn client_ip(parts: &axum::http::Extensions) -> IpAddr {
    parts.get::<ConnectInfo<SocketAddr>>().map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0.ip())
}
