//! 发件箱 (the administrator's outbox, with retry) and 消息推送设置 (a
//! union's webhook, its officers').

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use super::api::{count_of, filter_of};
use crate::extract::{PageForm, Path, Query};
use crate::pages::{FormErrors, Layout, PageResult, Pager, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::me::notify::outbox::{self, Listed};
use app::me::notify::prefs::{self, UnionSettings, UnionSettingsInput, WEBHOOK_KINDS};

#[derive(Deserialize, Default)]
pub struct OutboxQuery {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    channel: Option<String>,
    #[serde(default)]
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "me/notify/outbox.html")]
struct OutboxPage {
    layout: Layout,
    rows: Vec<Listed>,
    status: String,
    channel: String,
    queued: i64,
    sent: i64,
    failed: i64,
    pager: Pager,
}

pub async fn outbox(State(state): State<AppState>, p: Principal, Query(q): Query<OutboxQuery>) -> PageResult {
    let f = filter_of(q.status.clone(), q.channel.clone(), None);
    let page = app::Page::new(q.page, Some(50));
    let (rows, total, counts) = outbox::list(&state, &f, page).await?;
    let status = f.status.clone().unwrap_or_default();
    let channel = f.channel.clone().unwrap_or_default();
    let base = format!("/admin/outbox?status={status}&channel={channel}&");
    let layout = Layout::new(&state, &p, "outbox", "发件箱").await.crumb("发件箱", "/admin/outbox");
    Ok(render_status(
        StatusCode::OK,
        &OutboxPage {
            layout,
            rows,
            status,
            channel,
            queued: count_of(&counts, "queued"),
            sent: count_of(&counts, "sent"),
            failed: count_of(&counts, "failed"),
            pager: Pager::new(&base, page, total),
        },
    ))
}

pub async fn retry(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let r = outbox::retry(&state, &p, id).await.map(|d| match d.status.as_str() {
        "sent" => "已重新发送成功".to_owned(),
        _ => format!("仍未送达：{}", d.last_error.unwrap_or_default()),
    });
    crate::kit::done(&state, &p, &format!("/admin/outbox#d-{id}"), r).await
}

/// The union's webhook as the form sends it.
#[derive(Deserialize, Default)]
pub struct UnionForm {
    #[serde(default)]
    pub webhook_kind: String,
    #[serde(default)]
    pub webhook_url: String,
    #[serde(default)]
    pub webhook_secret: String,
    #[serde(default)]
    pub clear_secret: Option<String>,
    #[serde(default)]
    pub enabled: Option<String>,
}

#[derive(Template)]
#[template(path = "me/notify/union_settings.html")]
struct UnionPage {
    layout: Layout,
    s: UnionSettings,
    kinds: [(&'static str, &'static str); 2],
    form: UnionForm,
    errors: FormErrors,
}

async fn union_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: Option<UnionForm>,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let s = prefs::union_settings(state, union_id).await?;
    let form = form.unwrap_or_else(|| UnionForm {
        webhook_kind: s.webhook_kind.clone(),
        webhook_url: s.webhook_url.clone().unwrap_or_default(),
        webhook_secret: String::new(),
        clear_secret: None,
        enabled: s.enabled.then(|| "1".to_owned()),
    });
    let layout = Layout::new(state, p, "notify_settings", "消息推送设置")
        .await
        .crumb(s.union_name.clone(), format!("/orgs/{union_id}"))
        .crumb("消息推送设置", format!("/unions/{union_id}/notify-settings"));
    Ok(render_status(status, &UnionPage { layout, s, kinds: WEBHOOK_KINDS, form, errors }))
}

pub async fn union_settings(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    union_page(&state, &p, union_id, None, FormErrors::default(), StatusCode::OK).await
}

pub async fn save_union_settings(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<UnionForm>,
) -> PageResult {
    let input = UnionSettingsInput {
        webhook_kind: f.webhook_kind.clone(),
        webhook_url: f.webhook_url.clone(),
        webhook_secret: f.webhook_secret.clone(),
        clear_secret: f.clear_secret.is_some(),
        enabled: f.enabled.is_some(),
    };
    match prefs::save_union_settings(&state, &p, union_id, &input).await {
        Ok(_) => {
            let to = format!("/unions/{union_id}/notify-settings");
            Ok(redirect_with_flash(&state, &p, &to, "消息推送设置已保存").await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            let errors = FormErrors::from_error(&e);
            // The secret typed is not shown again.
            let f = UnionForm { webhook_secret: String::new(), ..f };
            union_page(&state, &p, union_id, Some(f), errors, e.status()).await
        }
    }
}
