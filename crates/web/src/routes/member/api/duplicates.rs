//! Records that look like the same person, and merging them.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::MemberOut;
use crate::extract::ApiJson;
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::member::service;

#[derive(Debug, Serialize, ToSchema)]
pub struct DuplicateGroup {
    /// id（证件号码相同）| mobile（手机号相同）
    pub kind: String,
    pub members: Vec<MemberOut>,
}

/// 疑似重复的会员记录
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/members/duplicates", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [DuplicateGroup])))]
pub async fn duplicates(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<DuplicateGroup>>> {
    let groups = service::duplicates(&state, union_id).await?;
    Ok(Json(
        groups
            .into_iter()
            .map(|(kind, ms)| DuplicateGroup { kind, members: ms.iter().map(MemberOut::from).collect() })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    pub keep_id: Uuid,
    pub merge_id: Uuid,
}

/// 合并重复记录（被合并的记录保留，状态为“已合并”）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/members/merge", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = MergeRequest, responses((status = 200, body = MemberOut), (status = 404, body = ErrorBody)))]
pub async fn merge(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<MergeRequest>,
) -> AppResult<Json<MemberOut>> {
    Ok(Json(MemberOut::from(&service::merge(&state, &p, union_id, b.keep_id, b.merge_id).await?)))
}
