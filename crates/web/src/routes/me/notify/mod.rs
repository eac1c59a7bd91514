//! (issue 19) me / notify: the inbox (消息) with its unread count in the
//! navigation, one's channels (通知设置), the union's webhook (its SMS
//! gateway or WeChat service account) and the administrator's outbox.
//!
//! Who may call what. Everyone signed in reads and marks their own inbox
//! and sets their own channels (`/me/…`: no id names anyone else; another
//! person's notification id answers 404). A union's webhook is its
//! officers' (`MemberRequests`); the outbox of every union is the
//! administrator's (`OutboxView`), who runs the senders.

pub mod admin;
pub mod api;
pub mod pages;

use axum::http::Method;
use domain::auth::Perm;
use utoipa::OpenApi;

use crate::auth::{Rule, Target};
use crate::routes::Routes;

const UNION: &[Target] = &[Target::Org("union_id")];

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::list, api::read, api::read_all, api::get_prefs, api::put_prefs, api::outbox, api::retry,
        api::get_union_settings, api::put_union_settings,
    ),
    tags(
        (name = "notifications", description = "消息通知：站内消息（未读在前，可标记已读）、本人的通知渠道（电子邮件、短信/公众号）、工会的消息推送设置（短信网关或微信公众号的推送地址和签名密钥）、管理员的发件箱（待发送、已发送、发送失败，可重试）"),
    )
)]
struct Api;

pub(super) fn routes(r: Routes) -> Routes {
    let own = Rule::LOGIN;
    let outbox = Rule::perm(Perm::OutboxView);
    let union = Rule::on(Perm::MemberRequests, UNION);
    r
        // Pages.
        .get("/me/notifications", own, pages::inbox)
        .post("/me/notifications/read-all", own, pages::read_all)
        .post("/me/notifications/{id}/read", own, pages::read)
        .get("/me/notifications/settings", own, pages::settings)
        .post("/me/notifications/settings", own, pages::save_settings)
        .get("/admin/outbox", outbox, admin::outbox)
        .post("/admin/outbox/{id}/retry", outbox, admin::retry)
        .get("/unions/{union_id}/notify-settings", union, admin::union_settings)
        .post("/unions/{union_id}/notify-settings", union, admin::save_union_settings)
        // JSON API.
        .get("/api/v1/me/notifications", own, api::list)
        .post("/api/v1/me/notifications/read-all", own, api::read_all)
        .post("/api/v1/me/notifications/{id}/read", own, api::read)
        .get("/api/v1/me/notification-settings", own, api::get_prefs)
        .add(Method::PUT, "/api/v1/me/notification-settings", own, api::put_prefs)
        .get("/api/v1/outbox", outbox, api::outbox)
        .post("/api/v1/outbox/{id}/retry", outbox, api::retry)
        .get("/api/v1/unions/{union_id}/notify-settings", union, api::get_union_settings)
        .add(Method::PUT, "/api/v1/unions/{union_id}/notify-settings", union, api::put_union_settings)
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Api::openapi()
}

/// Labels the templates show.
pub fn kind_label<S: AsRef<str>>(s: S) -> &'static str {
    app::me::notify::inbox::kind_label(s.as_ref())
}

pub fn channel_label<S: AsRef<str>>(s: S) -> &'static str {
    app::me::notify::outbox::channel_label(s.as_ref())
}

pub fn status_label<S: AsRef<str>>(s: S) -> &'static str {
    app::me::notify::outbox::status_label(s.as_ref())
}

pub fn when(t: &chrono::DateTime<chrono::Utc>) -> String {
    domain::time::fmt_datetime(*t)
}
