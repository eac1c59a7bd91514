//! Linking a login to a member from the user's page, the member named by
//! their name: the same service as the API (`care::me::link` / `unlink`).

use axum::extract::State;
use domain::ErrorCode;
use serde::Deserialize;
use uuid::Uuid;

use super::pages::{Typed, user_page};
use crate::extract::{PageForm, Path};
use crate::pages::{FormErrors, PageResult, redirect_with_flash};
use app::AppState;
use app::auth::Principal;
use app::care::me;
use app::error::{AppError, AppResult};
use app::member::login::{member_named, member_of_user};

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
