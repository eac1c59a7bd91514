//! The API of the link between a login and a member; the use case is
//! `app::care::me`.

use app::AppState;
use app::auth::Principal;
use app::care::me::{link, unlink};
use app::error::{AppResult, ErrorBody};
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::{ApiJson, Path};

// --- API --------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkIn {
    /// 本会账号（在本会或其下级有角色，或已关联本会会员）；管理员账号不能关联
    pub user_id: Uuid,
    /// 账号或会员已有关联时，是否改为本次关联（仅限本会内）；默认否，已有关联时答 409
    #[serde(default)]
    pub replace: bool,
}

/// 把登录账号关联到会员（会员可查看本人档案和受助记录）
#[utoipa::path(put, path = "/api/v1/unions/{union_id}/members/{member_id}/user", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("member_id" = Uuid, Path)), request_body = LinkIn,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn link_user(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, member_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<LinkIn>,
) -> AppResult<StatusCode> {
    link(&state, &p, union_id, member_id, b.user_id, b.replace).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 解除会员与登录账号的关联（记入审计日志；会员没有关联时不做改动，同样答 204）
#[utoipa::path(delete, path = "/api/v1/unions/{union_id}/members/{member_id}/user", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("member_id" = Uuid, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn unlink_user(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, member_id)): Path<(Uuid, Uuid)>,
) -> AppResult<StatusCode> {
    unlink(&state, &p, union_id, member_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
