//! Linking a member to a login from the member's page: the same service as
//! the API (`care::me::link` / `unlink`), the account named by its username;
//! and from the user's page, the member named by their name.

use crate::extract::Path;
use axum::extract::State;
use axum::http::StatusCode;
use domain::ErrorCode;
use serde::Deserialize;
use uuid::Uuid;

use super::pages::show_page;
use crate::extract::PageForm;
use crate::pages::{FormErrors, PageResult, redirect_with_flash};
use crate::routes::auth::pages::{Typed, user_page};
use app::AppState;
use app::auth::Principal;
use app::care::me;
use app::error::{AppError, AppResult};
use app::member::login::{member_named, member_of_user};

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
        let user = {
            let mut tx = state.db.read().await?;
            store::auth::user_by_username(&mut tx, username).await?
        };
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

// --- From the user's page ------------------------------------------------------

#[derive(Deserialize)]
pub struct UserLinkForm {
    #[serde(default)]
    org_id: String,
    #[serde(default)]
    member: String,
}

fn union_of(f: &str) -> AppResult<Uuid> {
    Uuid::parse_str(f.trim()).map_err(|_| AppError::field(ErrorCode::InvalidValue, "org_id", "工会不正确"))
}

pub async fn link_user(
    State(state): State<AppState>,
    p: Principal,
    Path(user_id): Path<Uuid>,
    PageForm(f): PageForm<UserLinkForm>,
) -> PageResult {
    let union_id = union_of(&f.org_id)?;
    let result = match member_named(&state, union_id, f.member.trim()).await {
        Ok(member_id) => me::link(&state, &p, union_id, member_id, user_id, false).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(redirect_with_flash(&state, &p, &format!("/users/{user_id}"), "已关联会员档案").await),
        Err(e) => {
            let typed = Typed { member: f.member, ..Typed::default() };
            let mut r = user_page(&state, &p, user_id, FormErrors::from_error(&e), typed).await?;
            *r.status_mut() = e.status();
            Ok(r)
        }
    }
}

pub async fn unlink_user(
    State(state): State<AppState>,
    p: Principal,
    Path(user_id): Path<Uuid>,
    PageForm(f): PageForm<UserLinkForm>,
) -> PageResult {
    let union_id = union_of(&f.org_id)?;
    let linked = member_of_user(&state, user_id).await?;
    if let Some((u, member_id)) = linked
        && u == union_id
    {
        me::unlink(&state, &p, union_id, member_id).await?;
    }
    Ok(redirect_with_flash(&state, &p, &format!("/users/{user_id}"), "已解除会员档案关联").await)
}
