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

use domain::auth::Perm;

use super::{Area, NavEntry, Routes};

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area {
    routes,
    openapi,
    // 我的 is shown by the layout to those linked to a member (`pages::Layout`);
    // 消息 with its unread count by the layout's header, to everyone.
    nav: &[
        // The union's webhook (its SMS gateway or WeChat account).
        NavEntry {
            order: 30,
            key: "notify_settings",
            label: "消息推送",
            href: "/unions/{union}/notify-settings",
            perm: Some(Perm::MemberRequests),
        },
        // Every union's deliveries: the administrator's, who runs the senders.
        NavEntry {
            order: 31,
            key: "outbox",
            label: "发件箱",
            href: "/admin/outbox",
            perm: Some(Perm::OutboxView),
        },
    ],
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
