//! Security headers on every response — pages, API, assets and errors —
//! applied as one layer around the whole router.
//!
//! The pages run no inline script: the behaviour that used `onclick` and
//! friends lives in `/static/app.js` (data attributes). Inline `style`
//! attributes remain in the templates, so styles keep `'unsafe-inline'`.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// The Content-Security-Policy of every response.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; \
    frame-ancestors 'none'";

/// The headers and their values.
pub fn headers() -> [(HeaderName, HeaderValue); 4] {
    [
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::REFERRER_POLICY, HeaderValue::from_static("same-origin")),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ]
}

/// Wraps the router so that every response carries the headers (a handler
/// that sets one itself keeps its own).
pub fn apply(router: Router) -> Router {
    headers()
        .into_iter()
        .fold(router, |r, (name, value)| r.layer(SetResponseHeaderLayer::if_not_present(name, value)))
}
