//! `/api/v1/me/notifications`, `/api/v1/me/notification-settings`,
//! `/api/v1/outbox`, `/api/v1/unions/{union_id}/notify-settings`.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Path, Query};
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::me::notify::inbox::{self, Notification};
use app::me::notify::outbox::{self, Delivery, Listed, OutboxFilter};
use app::me::notify::prefs::{self, Prefs, PrefsInput, UnionSettings, UnionSettingsInput};

#[derive(Debug, Serialize, ToSchema)]
pub struct MeNotificationOut {
    pub id: Uuid,
    /// application_decided | waitlist_promoted | vote_opened | answer_to_rate | visit_scheduled | dues_overdue | contract_published | request_received
    pub kind: String,
    /// 申请已办理、候补转正、投票开始……
    pub kind_label: String,
    pub title: String,
    pub body: String,
    /// 相关页面（站内路径）
    pub link: String,
    pub union_id: Uuid,
    pub created_at: DateTime<Utc>,
    /// 未读为 null
    pub read_at: Option<DateTime<Utc>>,
}

fn out(n: Notification) -> MeNotificationOut {
    MeNotificationOut {
        id: n.id,
        kind_label: inbox::kind_label(&n.kind).to_owned(),
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link,
        union_id: n.union_id,
        created_at: n.created_at,
        read_at: n.read_at,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeNotificationsOut {
    pub items: Vec<MeNotificationOut>,
    /// 未读消息数
    pub unread: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxIn {
    /// true：只列未读
    pub unread: Option<bool>,
}

/// 我的消息（未读在前，最新在前；附未读数）
#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "notifications", security(("bearer" = [])),
    params(InboxIn), responses((status = 200, body = MeNotificationsOut), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Query(q): Query<InboxIn>,
) -> AppResult<Json<MeNotificationsOut>> {
    let (items, unread) = inbox::list(&state, &p, q.unread.unwrap_or(false)).await?;
    Ok(Json(MeNotificationsOut { items: items.into_iter().map(out).collect(), unread }))
}

/// 标记一条消息为已读（只能是本人的消息，否则404）
#[utoipa::path(post, path = "/api/v1/me/notifications/{id}/read", tag = "notifications", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = MeNotificationOut), (status = 404, body = ErrorBody)))]
pub async fn read(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<MeNotificationOut>> {
    Ok(Json(out(inbox::mark_read(&state, &p, id).await?)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeReadAllOut {
    /// 本次标记为已读的条数
    pub marked: u64,
}

/// 全部标记为已读
#[utoipa::path(post, path = "/api/v1/me/notifications/read-all", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = MeReadAllOut)))]
pub async fn read_all(State(state): State<AppState>, p: Principal) -> AppResult<Json<MeReadAllOut>> {
    Ok(Json(MeReadAllOut { marked: inbox::mark_all_read(&state, &p).await? }))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeNotifyPrefs {
    /// 电子邮箱（可空）
    #[serde(default)]
    pub email: Option<String>,
    /// 开启邮件通知
    #[serde(default)]
    pub email_on: bool,
    /// 短信/公众号接收地址：手机号或公众号用户标识（可空）
    #[serde(default)]
    pub webhook_address: Option<String>,
    /// 开启短信/公众号通知（本工会启用了消息推送时才发送）
    #[serde(default)]
    pub webhook_on: bool,
}

fn prefs_out(p: Prefs) -> MeNotifyPrefs {
    MeNotifyPrefs {
        email: p.email,
        email_on: p.email_on,
        webhook_address: p.webhook_address,
        webhook_on: p.webhook_on,
    }
}

/// 我的通知渠道（站内消息总是开启）
#[utoipa::path(get, path = "/api/v1/me/notification-settings", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = MeNotifyPrefs)))]
pub async fn get_prefs(State(state): State<AppState>, p: Principal) -> AppResult<Json<MeNotifyPrefs>> {
    Ok(Json(prefs_out(prefs::get(&state, &p).await?)))
}

/// 设置我的通知渠道
#[utoipa::path(put, path = "/api/v1/me/notification-settings", tag = "notifications", security(("bearer" = [])),
    request_body = MeNotifyPrefs,
    responses((status = 200, body = MeNotifyPrefs), (status = 422, body = ErrorBody)))]
pub async fn put_prefs(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(b): ApiJson<MeNotifyPrefs>,
) -> AppResult<Json<MeNotifyPrefs>> {
    let input = PrefsInput {
        email: b.email.unwrap_or_default(),
        email_on: b.email_on,
        webhook_address: b.webhook_address.unwrap_or_default(),
        webhook_on: b.webhook_on,
    };
    Ok(Json(prefs_out(prefs::save(&state, &p, &input).await?)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxItemOut {
    pub id: Uuid,
    pub union_id: Uuid,
    pub union_name: String,
    pub notification_id: Uuid,
    pub user_id: Uuid,
    /// email | webhook
    pub channel: String,
    pub address: String,
    pub subject: String,
    /// queued | sent | failed
    pub status: String,
    pub status_label: String,
    /// 已尝试次数
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    /// 最近一次未送达的原因
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

fn outbox_out(d: Delivery, union_name: String) -> OutboxItemOut {
    OutboxItemOut {
        id: d.id,
        union_id: d.union_id,
        union_name,
        notification_id: d.notification_id,
        user_id: d.user_id,
        channel: d.channel,
        address: d.address,
        subject: d.subject,
        status_label: outbox::status_label(&d.status).to_owned(),
        status: d.status,
        attempts: d.attempts,
        next_attempt_at: d.next_attempt_at,
        last_error: d.last_error,
        created_at: d.created_at,
        sent_at: d.sent_at,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxOut {
    pub items: Vec<OutboxItemOut>,
    pub total: i64,
    /// 各状态条数
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxIn {
    /// queued | sent | failed
    pub status: Option<String>,
    /// email | webhook
    pub channel: Option<String>,
    /// 只看某个工会
    pub union_id: Option<Uuid>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

pub fn filter_of(status: Option<String>, channel: Option<String>, union_id: Option<Uuid>) -> OutboxFilter {
    let some = |s: Option<String>| s.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    OutboxFilter { union_id, status: some(status), channel: some(channel) }
}

pub fn count_of(counts: &[(String, i64)], s: &str) -> i64 {
    counts.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n)
}

/// 发件箱：各工会的邮件和推送（待发送、已发送、发送失败，含失败原因和尝试次数）
#[utoipa::path(get, path = "/api/v1/outbox", tag = "notifications", security(("bearer" = [])),
    params(OutboxIn), responses((status = 200, body = OutboxOut), (status = 403, body = ErrorBody)))]
pub async fn outbox(State(state): State<AppState>, Query(q): Query<OutboxIn>) -> AppResult<Json<OutboxOut>> {
    let f = filter_of(q.status, q.channel, q.union_id);
    let page = app::Page::new(q.page, q.per_page);
    let (rows, total, counts) = outbox::list(&state, &f, page).await?;
    Ok(Json(OutboxOut {
        items: rows.into_iter().map(|Listed { d, union_name }| outbox_out(d, union_name)).collect(),
        total,
        queued: count_of(&counts, "queued"),
        sent: count_of(&counts, "sent"),
        failed: count_of(&counts, "failed"),
    }))
}

/// 立即重试发送一条消息（待发送或发送失败的）；返回重试后的状态
#[utoipa::path(post, path = "/api/v1/outbox/{id}/retry", tag = "notifications", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = OutboxItemOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn retry(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<OutboxItemOut>> {
    let d = outbox::retry(&state, &p, id).await?;
    let name = app::org::union(&state, d.union_id).await.map(|u| u.name).unwrap_or_default();
    Ok(Json(outbox_out(d, name)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnionNotifySettingsOut {
    pub union_id: Uuid,
    /// sms（短信网关）| wechat（微信公众号）
    pub webhook_kind: String,
    pub webhook_url: Option<String>,
    /// 是否已设置签名密钥（密钥本身不返回）
    pub has_secret: bool,
    pub enabled: bool,
    pub updated_by: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

fn union_out(s: UnionSettings) -> UnionNotifySettingsOut {
    UnionNotifySettingsOut {
        union_id: s.union_id,
        webhook_kind: s.webhook_kind,
        webhook_url: s.webhook_url,
        has_secret: s.has_secret,
        enabled: s.enabled,
        updated_by: s.updated_by,
        updated_at: s.updated_at,
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnionNotifySettingsIn {
    /// sms（短信网关）| wechat（微信公众号）
    pub webhook_kind: String,
    /// 推送地址（http:// 或 https://）
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// 签名密钥（16到200个字符）；不填则保留原密钥
    #[serde(default)]
    pub webhook_secret: Option<String>,
    /// true：删除原密钥
    #[serde(default)]
    pub clear_secret: bool,
    #[serde(default)]
    pub enabled: bool,
}

/// 本工会的消息推送设置（短信网关或微信公众号）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/notify-settings", tag = "notifications", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = UnionNotifySettingsOut), (status = 404, body = ErrorBody)))]
pub async fn get_union_settings(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<UnionNotifySettingsOut>> {
    Ok(Json(union_out(prefs::union_settings(&state, union_id).await?)))
}

/// 修改本工会的消息推送设置
#[utoipa::path(put, path = "/api/v1/unions/{union_id}/notify-settings", tag = "notifications", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = UnionNotifySettingsIn,
    responses((status = 200, body = UnionNotifySettingsOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_union_settings(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<UnionNotifySettingsIn>,
) -> AppResult<Json<UnionNotifySettingsOut>> {
    let input = UnionSettingsInput {
        webhook_kind: b.webhook_kind,
        webhook_url: b.webhook_url.unwrap_or_default(),
        webhook_secret: b.webhook_secret.unwrap_or_default(),
        clear_secret: b.clear_secret,
        enabled: b.enabled,
    };
    Ok(Json(union_out(prefs::save_union_settings(&state, &p, union_id, &input).await?)))
}
