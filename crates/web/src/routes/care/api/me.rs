//! A member's own care record, and the link between a login and a member
//! that it rests on (`app::care::me`).

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::aid::TotalOut;
use super::files::{FileDetail, detail};
use super::mutual::{ClaimOut, claim_out};
use crate::extract::ApiJson;
use app::AppState;
use app::auth::Principal;
use app::care::me::{self, link, unlink};
use app::error::{AppResult, ErrorBody};

#[derive(Debug, Serialize, ToSchema)]
pub struct MyCareOut {
    /// 账号关联的会员；未关联时为 null
    pub member_id: Option<Uuid>,
    pub files: Vec<FileDetail>,
    pub totals: Vec<TotalOut>,
    pub claims: Vec<ClaimOut>,
}

/// 我的帮扶：本人的困难职工档案、受助合计、理赔（查看记入审计日志）
#[utoipa::path(get, path = "/api/v1/me/care", tag = "care", security(("bearer" = [])),
    responses((status = 200, body = MyCareOut)))]
pub async fn my_care(State(state): State<AppState>, p: Principal) -> AppResult<Json<MyCareOut>> {
    let m = me::my_care(&state, &p).await?;
    Ok(Json(MyCareOut {
        member_id: m.member_id,
        files: m.files.into_iter().map(detail).collect(),
        totals: m
            .totals
            .into_iter()
            .map(|(year, item, count, amount_fen)| TotalOut { year, item, count, amount_fen })
            .collect(),
        claims: m.claims.into_iter().map(|(c, n)| claim_out(c, Some(n), None)).collect(),
    }))
}

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
