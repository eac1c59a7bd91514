//! The web app manifest: add gonghui to the phone's home screen, opening
//! on 我的. The icons are PNGs among the static assets.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The theme colour: the header's red.
pub const THEME: &str = "#b3261e";

pub async fn manifest() -> Response {
    let body = serde_json::json!({
        "name": "工会",
        "short_name": "工会",
        "description": "工会业务系统：我的会籍、电子会员卡、会费、活动与待办",
        "lang": "zh-CN",
        "start_url": "/me",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [
            {"src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": "/static/icons/icon-maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
        ],
    });
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body.to_string(),
    )
        .into_response()
}
