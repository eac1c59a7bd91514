//! A person's channels (email address, the address on the union's webhook,
//! each on or off) and a union's webhook settings.

use domain::auth::Perm;
use domain::me::notify::{parse_email, parse_webhook_address, parse_webhook_secret, parse_webhook_url};
use domain::{ErrorCode, UnionId};
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// A person's channels as shown and edited.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prefs {
    pub email: Option<String>,
    pub email_on: bool,
    pub webhook_address: Option<String>,
    pub webhook_on: bool,
}

/// What a person typed on the settings form or sent to the API.
#[derive(Debug, Clone, Default)]
pub struct PrefsInput {
    pub email: String,
    pub email_on: bool,
    pub webhook_address: String,
    pub webhook_on: bool,
}

/// The caller's channels (all off until they choose).
pub async fn get(state: &AppState, p: &Principal) -> AppResult<Prefs> {
    let mut tx = state.db.read().await?;
    Ok(store::me::notify::prefs(&mut tx, p.user_id)
        .await?
        .map(|r| Prefs {
            email: r.email,
            email_on: r.email_on,
            webhook_address: r.webhook_address,
            webhook_on: r.webhook_on,
        })
        .unwrap_or_default())
}

/// Saves the caller's channels. A channel turned on needs its address.
pub async fn save(state: &AppState, p: &Principal, input: &PrefsInput) -> AppResult<Prefs> {
    let email = parse_email("email", &input.email)?;
    let webhook_address = parse_webhook_address("webhook_address", &input.webhook_address)?;
    if input.email_on && email.is_none() {
        return Err(AppError::field(ErrorCode::Required, "email", "开启邮件通知须填写电子邮箱"));
    }
    if input.webhook_on && webhook_address.is_none() {
        return Err(AppError::field(
            ErrorCode::Required,
            "webhook_address",
            "开启短信/公众号通知须填写接收地址（手机号或公众号用户标识）",
        ));
    }
    let now = store::now();
    let row = store::me::notify::Prefs {
        user_id: p.user_id,
        email: email.clone(),
        email_on: input.email_on,
        webhook_address: webhook_address.clone(),
        webhook_on: input.webhook_on,
        updated_at: now,
    };
    let mut tx = state.db.write().await?;
    store::me::notify::save_prefs(&mut tx, &row).await?;
    let on: Vec<&str> = [(input.email_on, "邮件"), (input.webhook_on, "短信/公众号")]
        .iter()
        .filter(|(b, _)| *b)
        .map(|(_, l)| *l)
        .collect();
    let summary = if on.is_empty() {
        "通知设置：仅站内消息".to_owned()
    } else {
        format!("通知设置：站内消息和{}", on.join("、"))
    };
    record(&mut tx, p.actor(), "notify.prefs", format!("user:{}", p.user_id), None, summary).await?;
    tx.commit().await?;
    Ok(Prefs { email, email_on: input.email_on, webhook_address, webhook_on: input.webhook_on })
}

/// A union's webhook as its officers see it: the secret is never shown,
/// only whether one is set.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionSettings {
    pub union_id: Uuid,
    pub union_name: String,
    /// sms | wechat
    pub webhook_kind: String,
    pub webhook_url: Option<String>,
    pub has_secret: bool,
    pub enabled: bool,
    pub updated_by: Option<String>,
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// What the officer typed. An empty secret keeps the one set before
/// (`clear_secret` removes it).
#[derive(Debug, Clone, Default)]
pub struct UnionSettingsInput {
    pub webhook_kind: String,
    pub webhook_url: String,
    pub webhook_secret: String,
    pub clear_secret: bool,
    pub enabled: bool,
}

pub const WEBHOOK_KINDS: [(&str, &str); 2] = [("sms", "短信网关"), ("wechat", "微信公众号")];

pub fn webhook_kind_label(k: &str) -> &'static str {
    WEBHOOK_KINDS.iter().find(|(c, _)| *c == k).map_or("", |(_, l)| l)
}

pub async fn union_settings(state: &AppState, union_id: Uuid) -> AppResult<UnionSettings> {
    let mut tx = state.db.read().await?;
    let union = load_union(&mut tx, union_id).await?;
    let s = store::me::notify::settings(&mut tx, UnionId(union_id)).await?;
    Ok(shown(union.id, union.name, s))
}

fn shown(union_id: Uuid, union_name: String, s: Option<store::me::notify::Settings>) -> UnionSettings {
    match s {
        Some(s) => UnionSettings {
            union_id,
            union_name,
            webhook_kind: s.webhook_kind,
            webhook_url: s.webhook_url,
            has_secret: s.webhook_secret.is_some(),
            enabled: s.enabled,
            updated_by: Some(s.updated_by),
            updated_at: Some(s.updated_at),
        },
        None => UnionSettings {
            union_id,
            union_name,
            webhook_kind: "sms".to_owned(),
            webhook_url: None,
            has_secret: false,
            enabled: false,
            updated_by: None,
            updated_at: None,
        },
    }
}

/// Saves a union's webhook (`MemberRequests`: the guard checked the
/// union). The secret is kept encrypted with the installation's key.
pub async fn save_union_settings(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    input: &UnionSettingsInput,
) -> AppResult<UnionSettings> {
    let kind = input.webhook_kind.trim();
    if !WEBHOOK_KINDS.iter().any(|(c, _)| *c == kind) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "webhook_kind",
            "推送方式只能是 sms（短信网关）或 wechat（微信公众号）",
        ));
    }
    let url = parse_webhook_url("webhook_url", &input.webhook_url)?;
    let secret = parse_webhook_secret("webhook_secret", &input.webhook_secret)?;
    if input.enabled && url.is_none() {
        return Err(AppError::field(ErrorCode::Required, "webhook_url", "启用消息推送须填写推送地址"));
    }
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    if !p.can(Perm::MemberRequests, Some(&union.path)) {
        return Err(AppError::not_found());
    }
    let old = store::me::notify::settings(&mut tx, UnionId(union_id)).await?;
    let sealed = match (secret, input.clear_secret) {
        (Some(s), _) => Some(hex::encode(state.keys.encrypt(&s))),
        (None, true) => None,
        (None, false) => old.and_then(|o| o.webhook_secret),
    };
    let row = store::me::notify::Settings {
        union_id,
        webhook_kind: kind.to_owned(),
        webhook_url: url,
        webhook_secret: sealed,
        enabled: input.enabled,
        updated_by: p.display_name.clone(),
        updated_at: store::now(),
    };
    store::me::notify::save_settings(&mut tx, UnionId(union_id), &row).await?;
    let summary = format!(
        "消息推送（{}）：{}",
        webhook_kind_label(kind),
        if row.enabled {
            format!("启用，地址 {}", row.webhook_url.as_deref().unwrap_or(""))
        } else {
            "停用".to_owned()
        }
    );
    record(
        &mut tx,
        p.actor(),
        "notify.settings",
        format!("union:{union_id}"),
        Some((union_id, &union.path)),
        summary,
    )
    .await?;
    tx.commit().await?;
    Ok(shown(union.id, union.name, Some(row)))
}

/// The webhook secret as stored (hex of the sealed bytes), opened.
pub fn open_secret(state: &AppState, sealed: &str) -> Option<String> {
    hex::decode(sealed).ok().and_then(|b| state.keys.decrypt(&b))
}
