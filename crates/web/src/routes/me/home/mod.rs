//! (issue 19) me / home: 我的 (the member's home and records), the e-card
//! and its verification, the web app manifest.
//!
//! Who may call what. Every route names the caller's own account, never
//! an id: 我的, the records, the profile and the e-card are the signed-in
//! account's linked member (`Rule::LOGIN`; an account linked to no member
//! sees an explanation, and the JSON answers 404). Any signed-in account
//! verifies an e-card (an officer at a check-in desk, a partner's
//! account). The manifest is public: a phone reads it before signing in.

pub mod api;
pub mod ecard;
pub mod manifest;
pub mod pages;

use utoipa::OpenApi;

use crate::auth::Rule;
use crate::routes::Routes;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api::records, api::reveal_id, ecard::api_issue, ecard::api_verify),
    tags(
        (name = "me", description = "我的：本人会籍与记录（会费、帮扶、荣誉、培训、活动、建议、提案、来信）、查看完整证件号码（须再次输入密码并记入访问记录）、电子会员卡的签发与核验"),
    )
)]
struct Api;

pub(super) fn routes(r: Routes) -> Routes {
    r
        // Pages.
        .get("/me", Rule::LOGIN, pages::home)
        .get("/me/records", Rule::LOGIN, pages::records)
        .get("/me/profile", Rule::LOGIN, pages::profile)
        .post("/me/reveal-id", Rule::LOGIN, pages::reveal_id)
        .get("/me/ecard", Rule::LOGIN, ecard::page)
        .get("/ecards/verify", Rule::LOGIN, ecard::verify_page)
        .post("/ecards/verify", Rule::LOGIN, ecard::verify_form)
        .get("/manifest.webmanifest", Rule::ANYONE, manifest::manifest)
        // JSON API.
        .get("/api/v1/me/records", Rule::LOGIN, api::records)
        .post("/api/v1/me/reveal-id", Rule::LOGIN, api::reveal_id)
        .get("/api/v1/me/ecard", Rule::LOGIN, ecard::api_issue)
        .post("/api/v1/ecards/verify", Rule::LOGIN, ecard::api_verify)
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Api::openapi()
}
