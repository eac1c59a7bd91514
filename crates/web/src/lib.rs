//! gonghui's HTTP layer: zh-CN pages (askama + htmx) and the JSON API under
//! `/api/v1`, both calling the same service functions of each area.

pub mod auth;
pub mod charts;
pub mod client_ip;
pub mod cookies;
pub mod extract;
pub mod kit;
pub mod labels;
pub mod openapi;
pub mod pages;
pub mod print;
pub mod routes;
pub mod security_headers;

use axum::Router;

pub use app::{AppState, Config};
pub use routes::RouteSpec;

/// The application: its router and the table of its routes with their
/// access rules (which the route × role test walks).
pub struct App {
    pub router: Router,
    pub routes: Vec<RouteSpec>,
}

pub fn app(state: AppState) -> App {
    let App { router, routes } = routes::build(state);
    App { router: security_headers::apply(router), routes }
}
