//! gonghui's HTTP layer: zh-CN pages (askama + htmx) and the JSON API under
//! `/api/v1`, both calling the same service functions of each area.

pub mod auth;
pub mod cookies;
pub mod crypto;
pub mod error;
pub mod extract;
pub mod openapi;
pub mod pages;
pub mod routes;

use std::sync::Arc;

use axum::Router;
use store::Db;

pub use routes::RouteSpec;

/// Settings of the web layer (security figures, not union policy).
#[derive(Debug, Clone)]
pub struct Config {
    /// A session ends after this long without a request.
    pub session_idle: chrono::Duration,
    /// And after this long in any case.
    pub session_absolute: chrono::Duration,
    /// API tokens live this long.
    pub token_ttl: chrono::Duration,
    /// Send cookies with `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Failed logins per account before it is locked for `lockout`.
    pub login_limit_account: i64,
    /// Failed logins per source address before it is locked for `lockout`.
    pub login_limit_ip: i64,
    pub lockout: chrono::Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            session_idle: chrono::Duration::hours(2),
            session_absolute: chrono::Duration::hours(12),
            token_ttl: chrono::Duration::days(30),
            secure_cookies: false,
            login_limit_account: 5,
            login_limit_ip: 20,
            lockout: chrono::Duration::minutes(15),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    /// Keys for sensitive fields, from the secret key file.
    pub keys: Arc<crypto::Keys>,
}

/// The application: its router and the table of its routes with their
/// access rules (which the route × role test walks).
pub struct App {
    pub router: Router,
    pub routes: Vec<RouteSpec>,
}

pub fn app(state: AppState) -> App {
    routes::build(state)
}
