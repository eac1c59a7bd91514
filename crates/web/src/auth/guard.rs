//! The one place where requests are authenticated and authorized.
//!
//! Every route is registered with a [`Rule`] (see `routes::Routes`); this
//! guard runs before its handler and
//! 1. finds the principal (API bearer token or session cookie),
//! 2. checks the CSRF token of browser writes,
//! 3. resolves the route's targets (path ids, body ids) to org paths:
//!    a target the caller cannot see answers 404, exactly like a missing one;
//!    a visible target the caller may not act on answers 403.
//!
//! Handlers receive the [`Principal`] and never check roles themselves.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use domain::ErrorCode;
use domain::auth::Perm;
use uuid::Uuid;

use crate::pages::error_page;
use crate::{AppState, cookies};
use app::auth::Principal;
use app::auth::secrets::constant_time_eq;
use app::auth::session::Targets;
use app::error::AppError;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without even looking up who (assets, health, API docs).
    Anyone,
    /// Anyone, signed in or not; the principal is known when there is one.
    Public,
    /// Any signed-in user (their own account, the home page).
    Login,
    /// A signed-in user whose grant covering each target allows this.
    Perm(Perm),
}

/// What a route acts on; each must be visible to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The org whose id is the path parameter of this name.
    Org(&'static str),
    /// The account whose id is the path parameter of this name; it is
    /// located at its home org (accounts without one: global scope only).
    User(&'static str),
    /// The org whose id is this field of the JSON or form body; when the
    /// field is empty, the action is on the tree root: global scope only.
    BodyOrg(&'static str),
    /// The union owning the object of this kind (`app::auth::owned`) whose
    /// id is the path parameter of this name: `/ballots/{ballot_id}` and
    /// `/activities/{activity_id}` name no union; the directory knows it.
    Owned(&'static str, &'static str),
}

/// A route's access rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub access: Access,
    pub targets: &'static [Target],
    /// The largest request body accepted.
    pub max_body: usize,
}

/// The largest request body of ordinary forms and JSON.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// The largest upload (spreadsheets).
pub const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;

impl Rule {
    pub const ANYONE: Rule = Rule { access: Access::Anyone, targets: &[], max_body: BODY_LIMIT };
    pub const PUBLIC: Rule = Rule { access: Access::Public, targets: &[], max_body: BODY_LIMIT };
    pub const LOGIN: Rule = Rule { access: Access::Login, targets: &[], max_body: BODY_LIMIT };

    pub const fn perm(perm: Perm) -> Rule {
        Rule { access: Access::Perm(perm), targets: &[], max_body: BODY_LIMIT }
    }

    pub const fn on(perm: Perm, targets: &'static [Target]) -> Rule {
        Rule { access: Access::Perm(perm), targets, max_body: BODY_LIMIT }
    }

    /// The same rule for a route that takes file uploads.
    pub const fn upload(self) -> Rule {
        Rule { max_body: UPLOAD_LIMIT, ..self }
    }
}

pub const SESSION_COOKIE: &str = "gh_session";
pub const CSRF_COOKIE: &str = "gh_csrf";
pub const CSRF_FIELD: &str = "csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

pub fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

pub async fn guard(State((state, rule)): State<(AppState, Rule)>, req: Request, next: Next) -> Response {
    if rule.access == Access::Anyone {
        return next.run(req).await;
    }
    let api = is_api(req.uri().path());
    match authorize(&state, rule, req).await {
        Ok(req) => next.run(req).await,
        Err(Denied::Login) if !api => Redirect::to("/login").into_response(),
        Err(Denied::Login) => AppError::code(ErrorCode::Unauthenticated).into_response(),
        Err(Denied::ChangePassword) => Redirect::to("/account/password").into_response(),
        Err(Denied::Error(e)) if api => e.into_response(),
        Err(Denied::Error(e)) => error_page(&e, None),
    }
}

enum Denied {
    Login,
    /// Signed in with a password someone else set: change it first.
    ChangePassword,
    Error(AppError),
}

/// The routes an account whose password must be changed may still use:
/// changing it, and signing out (the browser's and the API token's).
const CHANGE_PASSWORD_ROUTES: &[&str] =
    &["/account/password", "/logout", "/api/v1/me/password", "/api/v1/auth/token"];

/// Marks a request whose account must change its password (for the page
/// that says why).
#[derive(Debug, Clone, Copy)]
pub struct MustChangePassword;

impl From<AppError> for Denied {
    fn from(e: AppError) -> Self {
        Denied::Error(e)
    }
}

async fn authorize(state: &AppState, rule: Rule, req: Request) -> Result<Request, Denied> {
    let ip = crate::client_ip::of(req.extensions(), req.headers(), state);
    let (parts, body) = req.into_parts();
    let (principal, must_change) = match principal(state, &parts.headers, ip).await? {
        Some((p, must_change)) => (Some(p), must_change),
        None => (None, false),
    };
    let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);

    // Buffer the body of writes once: the limit is enforced here, the CSRF
    // field and body targets are read from it, and the handler gets it back.
    let bytes = if unsafe_method {
        axum::body::to_bytes(body, rule.max_body)
            .await
            .map_err(|_| AppError::code(ErrorCode::BodyTooLarge))?
    } else {
        Bytes::new()
    };

    // A protected route without a principal asks to log in, before anything
    // else is said about the request.
    if rule.access != Access::Public && principal.is_none() {
        return Err(Denied::Login);
    }

    // Only a request authenticated by its bearer token carries no ambient
    // credentials; any other Authorization header (Basic from a proxy) does
    // not exempt a cookie-authenticated write from the CSRF check.
    let bearer = principal.as_ref().is_some_and(|p| p.session.is_none());
    let api = is_api(parts.uri.path());
    // Browser writes carry ambient credentials (cookies) and need the CSRF
    // token: the session's when signed in, the double-submit cookie's before.
    if unsafe_method && !bearer {
        let expected = match &principal {
            Some(p) => p.session.as_ref().map(|s| s.csrf.clone()),
            None if !api => cookies::get(&parts.headers, CSRF_COOKIE),
            None => None,
        };
        let needs_check = principal.is_some() || !api;
        if needs_check {
            let given = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
                .or_else(|| form_field(&parts.headers, &bytes, CSRF_FIELD));
            let ok =
                matches!((&expected, &given), (Some(e), Some(g)) if !e.is_empty() && constant_time_eq(e, g));
            if !ok {
                return Err(AppError::code(ErrorCode::CsrfFailed).into());
            }
        }
    }

    // A password someone else set (one-time or reset) is changed before
    // anything else: pages lead to the change-password page, the API says so.
    if must_change && rule.access != Access::Public && !CHANGE_PASSWORD_ROUTES.contains(&rule_path(&parts)) {
        return Err(if api {
            AppError::code(ErrorCode::PasswordChangeRequired).into()
        } else {
            Denied::ChangePassword
        });
    }

    if let (Access::Perm(perm), Some(p)) = (rule.access, &principal) {
        if rule.targets.is_empty() && !p.has(perm) {
            return Err(AppError::code(ErrorCode::Forbidden).into());
        }
        let mut targets = Targets::open(state).await?;
        for target in rule.targets {
            let path =
                match *target {
                    Target::Org(param) => {
                        let id = path_id(parts.uri.path(), rule_path(&parts), param)
                            .ok_or_else(AppError::not_found)?;
                        Some(targets.org(id).await?)
                    }
                    Target::User(param) => {
                        let id = path_id(parts.uri.path(), rule_path(&parts), param)
                            .ok_or_else(AppError::not_found)?;
                        targets.user(id).await?
                    }
                    Target::Owned(kind, param) => {
                        let id = path_id(parts.uri.path(), rule_path(&parts), param)
                            .ok_or_else(AppError::not_found)?;
                        Some(targets.owned(kind, id).await?)
                    }
                    Target::BodyOrg(field) => match body_field(&parts.headers, &bytes, field) {
                        None => None,
                        Some(raw) => {
                            let id = Uuid::parse_str(raw.trim())
                                .map_err(|_| AppError::field(ErrorCode::NotFound, field, "所选组织不存在"))?;
                            let path = targets.body_org(id).await?;
                            Some(path.ok_or_else(|| {
                                AppError::field(ErrorCode::NotFound, field, "所选组织不存在")
                            })?)
                        }
                    },
                };
            if !p.can_see(path.as_deref()) {
                return Err(match (target, &path) {
                    // An empty body target means the tree root: say which
                    // field to fill in rather than pretend it is missing.
                    (Target::BodyOrg(field), None) => {
                        let what = if *field == "parent_id" { "上级组织" } else { "所属组织" };
                        AppError::field(ErrorCode::Required, field, format!("请选择{what}")).into()
                    }
                    (Target::BodyOrg(field), Some(_)) => {
                        AppError::field(ErrorCode::NotFound, field, "所选组织不存在").into()
                    }
                    _ => AppError::not_found().into(),
                });
            }
            if !p.can(perm, path.as_deref()) {
                return Err(AppError::code(ErrorCode::Forbidden).into());
            }
        }
    }

    let mut req = Request::from_parts(parts, Body::from(bytes));
    if let Some(p) = principal {
        req.extensions_mut().insert(p);
    }
    if must_change {
        req.extensions_mut().insert(MustChangePassword);
    }
    Ok(req)
}

/// The route template matched, e.g. `/api/v1/orgs/{id}`.
fn rule_path(parts: &axum::http::request::Parts) -> &str {
    parts.extensions.get::<axum::extract::MatchedPath>().map(|m| m.as_str()).unwrap_or("")
}

/// Reads the path parameter `param` by lining the path up with its template.
fn path_id(path: &str, template: &str, param: &str) -> Option<Uuid> {
    let wanted = format!("{{{param}}}");
    template
        .split('/')
        .zip(path.split('/'))
        .find(|(t, _)| *t == wanted)
        .and_then(|(_, v)| Uuid::parse_str(v).ok())
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

fn form_field(headers: &HeaderMap, bytes: &[u8], field: &str) -> Option<String> {
    if is_json(headers) {
        return None;
    }
    if let Some(boundary) = multipart_boundary(headers) {
        return multipart_text_field(bytes, &boundary, field);
    }
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == field)
        .map(|(_, v)| v)
}

fn multipart_boundary(headers: &HeaderMap) -> Option<String> {
    let ct = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    if !ct.starts_with("multipart/form-data") {
        return None;
    }
    let b = ct.split(';').find_map(|p| p.trim().strip_prefix("boundary="))?;
    Some(b.trim_matches('"').to_owned())
}

/// A small text field of a multipart body (the CSRF token of upload forms).
fn multipart_text_field(bytes: &[u8], boundary: &str, field: &str) -> Option<String> {
    let delimiter = format!("--{boundary}");
    let header = format!("name=\"{field}\"");
    let text = String::from_utf8_lossy(bytes);
    text.split(delimiter.as_str()).find_map(|part| {
        let (head, value) = part.split_once("\r\n\r\n")?;
        if !head.contains(&header) || head.contains("filename=") {
            return None;
        }
        Some(value.trim_end_matches("\r\n").to_owned())
    })
}

/// A non-empty top-level string field of a JSON or form body.
fn body_field(headers: &HeaderMap, bytes: &[u8], field: &str) -> Option<String> {
    let v = if is_json(headers) {
        let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        value.get(field)?.as_str()?.to_owned()
    } else {
        form_field(headers, bytes, field)?
    };
    (!v.trim().is_empty()).then_some(v)
}

/// Finds the principal behind a request, if any, and whether its password
/// must be changed first.
async fn principal(
    state: &AppState,
    headers: &HeaderMap,
    ip: String,
) -> Result<Option<(Principal, bool)>, Denied> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let cookie = cookies::get(headers, SESSION_COOKIE);
    Ok(app::auth::session::resolve(state, bearer, cookie.as_deref(), ip).await?)
}

/// The principal, if the request is signed in (for public routes).
pub struct MaybePrincipal(pub Option<Principal>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for MaybePrincipal {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(MaybePrincipal(parts.extensions.get::<Principal>().cloned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrf_token_is_found_in_multipart_bodies() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc123\r\n--XyZ\r\n\
                    Content-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nname=\"csrf\"\r\n--XyZ--\r\n";
        assert_eq!(multipart_text_field(body.as_bytes(), "XyZ", "csrf").as_deref(), Some("abc123"));
        assert_eq!(multipart_text_field(body.as_bytes(), "XyZ", "other"), None);
    }

    #[test]
    fn path_ids_line_up_with_templates() {
        let id = Uuid::now_v7();
        let path = format!("/api/v1/orgs/{id}/committee/posts/x");
        assert_eq!(path_id(&path, "/api/v1/orgs/{id}/committee/posts/{post_id}", "id"), Some(id));
        assert_eq!(path_id(&path, "/api/v1/orgs/{id}/committee/posts/{post_id}", "post_id"), None);
    }
}
