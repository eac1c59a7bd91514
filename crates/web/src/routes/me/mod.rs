//! Area `me` (issue 19): the member's own union on a phone.
//!
//! - `home`: 我的 (the member's home and records), `GET /api/v1/me`'s
//!   member, union and pending counts, the e-card and its verification, the
//!   web app manifest.
//! - `notify`: the inbox, channel preferences, the union's webhook, the
//!   administrator's outbox.
//! - `requests`: applications with progress, correction requests,
//!   consents, the copy of one's data and the access log; the officers'
//!   work queue.
//!
//! Each sub-feature registers its own routes and API document from its own
//! folder, so that they grow side by side.

pub mod home;
pub mod notify;
pub mod requests;

use super::{Area, Routes};

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area {
    routes,
    openapi,
    // 我的 is shown by the layout to those linked to a member (`pages::Layout`).
    nav: &[],
};

fn routes(r: Routes) -> Routes {
    let r = home::routes(r);
    let r = notify::routes(r);
    requests::routes(r)
}

fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = home::openapi();
    doc.merge(notify::openapi());
    doc.merge(requests::openapi());
    doc
}
