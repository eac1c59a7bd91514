//! The route table. Every route is added with its access [`Rule`]; the rule
//! is enforced by the one guard (`auth::guard`) and listed in [`RouteSpec`]s
//! so the route × role test can walk them all.

pub mod activity;
pub mod audit;
pub mod auth;
pub mod care;
pub mod democracy;
pub mod disclosure;
pub mod finance;
pub mod home;
pub mod me;
pub mod member;
pub mod org;
pub mod plan;
pub mod proposal;
pub mod recognition;
pub mod rights;
pub mod system;
pub mod todo;

/// Every area, each registering itself from its own `mod.rs` (routes with
/// their rules, OpenAPI paths, navigation). Adding an area is its module
/// line above and its name here; the order is the order of the API
/// document. (Plain `mod` lines rather than one macro, so that rustfmt
/// reaches the areas' files.)
pub const AREAS: &[Area] = &[
    system::AREA,
    home::AREA,
    me::AREA,
    todo::AREA,
    auth::AREA,
    org::AREA,
    audit::AREA,
    member::AREA,
    care::AREA,
    disclosure::AREA,
    proposal::AREA,
    democracy::AREA,
    finance::AREA,
    activity::AREA,
    rights::AREA,
    recognition::AREA,
    plan::AREA,
];

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::MethodFilter;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::auth::Rule;
use crate::auth::guard::guard;
use crate::{App, AppState};

/// One route and its rule.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub rule: Rule,
}

/// An area as the HTTP layer knows it: its routes with their rules, its part
/// of the OpenAPI document, and its entries in the navigation.
pub struct Area {
    pub routes: fn(Routes) -> Routes,
    pub openapi: fn() -> utoipa::openapi::OpenApi,
    pub nav: &'static [NavEntry],
}

impl Area {
    /// For areas without JSON API routes.
    pub fn no_api() -> utoipa::openapi::OpenApi {
        utoipa::openapi::OpenApi::default()
    }
}

/// One entry of the navigation, shown to those who hold `perm`. `{union}`
/// in `href` stands for the union where the caller holds it; `order` places
/// the entry among all areas' entries; `key` marks it active.
pub struct NavEntry {
    pub order: u8,
    pub key: &'static str,
    pub label: &'static str,
    pub href: &'static str,
    pub perm: Option<domain::auth::Perm>,
}

pub struct Routes {
    state: AppState,
    router: Router<AppState>,
    specs: Vec<RouteSpec>,
}

impl Routes {
    /// Adds a route; there is no way to add one without a rule.
    pub fn add<H, T>(mut self, method: Method, path: &'static str, rule: Rule, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone()).expect("standard methods only");
        let layer = axum::middleware::from_fn_with_state((self.state.clone(), rule), guard);
        self.router = self.router.route(path, axum::routing::on(filter, handler).route_layer(layer));
        self.specs.push(RouteSpec { method, path, rule });
        self
    }

    pub fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, rule: Rule, h: H) -> Self {
        self.add(Method::GET, path, rule, h)
    }

    pub fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, rule: Rule, h: H) -> Self {
        self.add(Method::POST, path, rule, h)
    }

    pub fn patch<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, rule: Rule, h: H) -> Self {
        self.add(Method::PATCH, path, rule, h)
    }

    pub fn delete<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, rule: Rule, h: H) -> Self {
        self.add(Method::DELETE, path, rule, h)
    }
}

/// Every request runs under store's one-connection rule: a handler that
/// acquires a second transaction while holding one fails loudly in debug
/// builds instead of deadlocking the pool under load.
async fn one_connection_at_a_time(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    app::one_connection_at_a_time(next.run(req)).await
}

pub fn build(state: AppState) -> App {
    let mut r = Routes { state: state.clone(), router: Router::new(), specs: Vec::new() };
    for area in AREAS {
        r = (area.routes)(r);
    }
    let router = r
        .router
        .fallback(system::not_found)
        // The guard enforces each route's body limit; axum's default would cap uploads at 2 MiB.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .method_not_allowed_fallback(system::method_not_allowed)
        .layer(axum::middleware::from_fn(one_connection_at_a_time))
        .with_state(state)
        .layer(CompressionLayer::new())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid));
    App { router, routes: r.specs }
}
