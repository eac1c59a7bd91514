//! Linking a member to a login from the member's page: the same service as
//! the API (`care::me::link` / `unlink`), the account named by its username.
//! (From the user's page: `routes::auth::member_link`.)

use crate::extract::Path;
use axum::extract::State;
use axum::http::StatusCode;
use domain::ErrorCode;
use serde::Deserialize;
use uuid::Uuid;

use super::pages::record::show_page;
use crate::extract::PageForm;
use crate::pages::{FormErrors, PageResult, redirect_with_flash};
use app::AppState;
use app::auth::Principal;
use app::care::me;
use app::error::AppError;

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    replace: String,
}

fn page(union_id: Uuid, member_id: Uuid) -> String {
    format!("/unions/{union_id}/members/{member_id}")
}

pub async fn link(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, member_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<LinkForm>,
) -> PageResult {
    let username = f.username.trim();
    let result = if username.is_empty() {
        Err(AppError::field(ErrorCode::Required, "user_id", "请填写要关联的账号用户名"))
    } else {
        let user = app::auth::lookup::user_by_username(&state, username).await?;
        match user {
            // The same answer as the service's for an account it may not link.
            None => Err(AppError::field(ErrorCode::NotFound, "user_id", "账号不存在")),
            Some(u) => me::link(&state, &p, union_id, member_id, u.id, f.replace == "yes").await.map(|()| u),
        }
    };
    match result {
        Ok(u) => Ok(redirect_with_flash(
            &state,
            &p,
            &page(union_id, member_id),
            &format!("已关联登录账号{}", u.username),
        )
        .await),
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => show_page(&state, &p, union_id, member_id, FormErrors::from_error(&e), e.status()).await,
    }
}

pub async fn unlink(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, member_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    me::unlink(&state, &p, union_id, member_id).await?;
    Ok(redirect_with_flash(&state, &p, &page(union_id, member_id), "已解除登录账号关联").await)
}
