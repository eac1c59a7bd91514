//! Health, assets, the OpenAPI document, and the answers for unknown routes.

use crate::extract::Path;
use axum::extract::{OriginalUri, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::ErrorCode;
use rust_embed::RustEmbed;

use super::{Area, Routes};
use crate::auth::Rule;
use crate::auth::guard::is_api;
use crate::pages::error_page;
use crate::{AppState, openapi};
use app::error::AppError;

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area { routes, openapi: Area::no_api, nav: &[] };

pub fn routes(r: Routes) -> Routes {
    r.get("/healthz", Rule::ANYONE, healthz).get("/static/{*file}", Rule::ANYONE, asset).get(
        "/api/openapi.json",
        Rule::ANYONE,
        openapi_json,
    )
}

/// 200 when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> Response {
    if app::db_ready(&state).await {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}

#[derive(RustEmbed)]
#[folder = "static/"]
struct Assets;

async fn asset(Path(file): Path<String>) -> Response {
    let Some(content) = Assets::get(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mime = match file.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    };
    ([(header::CONTENT_TYPE, mime), (header::CACHE_CONTROL, "public, max-age=3600")], content.data)
        .into_response()
}

async fn openapi_json() -> Response {
    axum::Json(openapi::document()).into_response()
}

pub async fn not_found(OriginalUri(uri): OriginalUri) -> Response {
    let e = AppError::code(ErrorCode::NotFound);
    if is_api(uri.path()) { e.into_response() } else { error_page(&e, None) }
}

pub async fn method_not_allowed(OriginalUri(uri): OriginalUri) -> Response {
    let e = AppError::code(ErrorCode::MethodNotAllowed);
    if is_api(uri.path()) { e.into_response() } else { error_page(&e, None) }
}
