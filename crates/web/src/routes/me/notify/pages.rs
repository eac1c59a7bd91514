//! 消息 (the inbox, built for a phone first) and 通知设置 (one's channels).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Path, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::me::notify::inbox::{self, Notification};
use app::me::notify::prefs::{self, PrefsInput};

pub const INBOX: &str = "/me/notifications";
pub const SETTINGS: &str = "/me/notifications/settings";

#[derive(Template)]
#[template(path = "me/notify/inbox.html")]
struct InboxPage {
    layout: Layout,
    items: Vec<Notification>,
    unread: i64,
    unread_only: bool,
}

#[derive(Deserialize)]
pub struct InboxQuery {
    /// `1`: only unread.
    #[serde(default)]
    unread: Option<String>,
}

pub async fn inbox(State(state): State<AppState>, p: Principal, Query(q): Query<InboxQuery>) -> PageResult {
    let unread_only = q.unread.as_deref().is_some_and(|v| matches!(v, "1" | "true"));
    let (items, unread) = inbox::list(&state, &p, unread_only).await?;
    let layout = Layout::new(&state, &p, "me", "消息").await.crumb("消息", INBOX);
    Ok(render_status(StatusCode::OK, &InboxPage { layout, items, unread, unread_only }))
}

#[derive(Deserialize, Default)]
pub struct ReadForm {
    /// `1`: go to the notification's page afterwards.
    #[serde(default)]
    go: Option<String>,
}

/// Marks one read; with `go`, opens its page (a link inside gonghui only).
pub async fn read(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<ReadForm>,
) -> PageResult {
    let n = inbox::mark_read(&state, &p, id).await?;
    let to = match f.go.as_deref() {
        Some("1") if n.link.starts_with('/') && !n.link.starts_with("//") => n.link,
        _ => format!("{INBOX}#n-{id}"),
    };
    Ok(Redirect::to(&to).into_response())
}

pub async fn read_all(State(state): State<AppState>, p: Principal) -> PageResult {
    let n = inbox::mark_all_read(&state, &p).await?;
    let msg =
        if n == 0 { "没有未读消息".to_owned() } else { format!("已将{n}条消息标记为已读") };
    Ok(redirect_with_flash(&state, &p, INBOX, &msg).await)
}

/// The channels as the form sends them (a checkbox is absent when off).
#[derive(Deserialize, Default)]
pub struct PrefsForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub email_on: Option<String>,
    #[serde(default)]
    pub webhook_address: String,
    #[serde(default)]
    pub webhook_on: Option<String>,
}

#[derive(Template)]
#[template(path = "me/notify/settings.html")]
struct SettingsPage {
    layout: Layout,
    form: PrefsForm,
    errors: FormErrors,
}

async fn settings_page(
    state: &AppState,
    p: &Principal,
    form: PrefsForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let layout =
        Layout::new(state, p, "me", "通知设置").await.crumb("消息", INBOX).crumb("通知设置", SETTINGS);
    Ok(render_status(status, &SettingsPage { layout, form, errors }))
}

pub async fn settings(State(state): State<AppState>, p: Principal) -> PageResult {
    let cur = prefs::get(&state, &p).await?;
    let form = PrefsForm {
        email: cur.email.unwrap_or_default(),
        email_on: cur.email_on.then(|| "1".to_owned()),
        webhook_address: cur.webhook_address.unwrap_or_default(),
        webhook_on: cur.webhook_on.then(|| "1".to_owned()),
    };
    settings_page(&state, &p, form, FormErrors::default(), StatusCode::OK).await
}

pub async fn save_settings(
    State(state): State<AppState>,
    p: Principal,
    PageForm(f): PageForm<PrefsForm>,
) -> PageResult {
    let input = PrefsInput {
        email: f.email.clone(),
        email_on: f.email_on.is_some(),
        webhook_address: f.webhook_address.clone(),
        webhook_on: f.webhook_on.is_some(),
    };
    match prefs::save(&state, &p, &input).await {
        Ok(_) => Ok(redirect_with_flash(&state, &p, SETTINGS, "通知设置已保存").await),
        Err(e) => {
            let errors = FormErrors::from_error(&e);
            settings_page(&state, &p, f, errors, e.status()).await
        }
    }
}
