//! The roster's settings: card numbers and the public join link.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use uuid::Uuid;

use super::{absolute, base, union_layout};
use crate::extract::PageForm;
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::member::service;

#[derive(Template)]
#[template(path = "member/settings.html")]
struct SettingsPage {
    layout: Layout,
    union_id: Uuid,
    card_pattern: String,
    join_url: Option<String>,
    join_token: String,
    example: String,
    errors: FormErrors,
}

async fn settings_page(
    state: &AppState,
    p: &Principal,
    headers: &HeaderMap,
    union_id: Uuid,
    pattern: Option<String>,
    errors: FormErrors,
) -> PageResult {
    let s = service::settings(state, union_id).await?;
    let card_pattern = pattern.or(s.card_pattern.clone()).unwrap_or_default();
    let example =
        domain::member::render_card_number(&card_pattern, chrono::Datelike::year(&service::today()), 1)
            .unwrap_or_default();
    let layout = union_layout(state, p, union_id, "花名册设置")
        .await?
        .crumb("花名册设置", format!("{}/settings", base(union_id)));
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render_status(
        status,
        &SettingsPage {
            layout,
            union_id,
            join_url: s
                .join_token
                .as_ref()
                .map(|t| absolute(headers, state.config.secure_cookies, &format!("/join/{t}"))),
            join_token: s.join_token.unwrap_or_default(),
            card_pattern,
            example,
            errors,
        },
    ))
}

pub async fn settings(
    State(state): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    settings_page(&state, &p, &headers, union_id, None, FormErrors::default()).await
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    card_pattern: String,
    #[serde(default)]
    join_open: String,
}

pub async fn save_settings(
    State(state): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<SettingsForm>,
) -> PageResult {
    match service::save_settings(&state, &p, union_id, Some(&f.card_pattern), f.join_open == "1").await {
        Ok(_) => {
            Ok(redirect_with_flash(&state, &p, &format!("{}/settings", base(union_id)), "设置已保存").await)
        }
        Err(e) => {
            settings_page(&state, &p, &headers, union_id, Some(f.card_pattern), FormErrors::from_error(&e))
                .await
        }
    }
}
