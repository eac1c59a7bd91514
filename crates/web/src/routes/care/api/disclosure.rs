//! The aid disclosure list and its publication.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{YearQuery, this_year};
use crate::extract::Query;
use app::AppState;
use app::auth::Principal;
use app::care::aid;
use app::error::{AppResult, ErrorBody};

#[derive(Debug, Serialize, ToSchema)]
pub struct NamedAid {
    pub name: String,
    pub reason: String,
    pub amount_fen: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AidDisclosureOut {
    pub year: i32,
    /// 本人书面同意公示的
    pub named: Vec<NamedAid>,
    /// 其余只公示人次和金额
    pub others_count: i64,
    pub others_fen: i64,
    pub total_count: i64,
    pub total_fen: i64,
}

/// 受助情况公示（仅列出同意公示者姓名，其余为合计）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/care-disclosure", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), YearQuery), responses((status = 200, body = AidDisclosureOut)))]
pub async fn disclosure(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> AppResult<Json<AidDisclosureOut>> {
    let d = aid::disclosure(&state, union_id, q.year.unwrap_or_else(this_year)).await?;
    Ok(Json(AidDisclosureOut {
        year: d.year,
        named: d
            .named
            .into_iter()
            .map(|(name, reason, amount_fen)| NamedAid { name, reason, amount_fen })
            .collect(),
        others_count: d.others_count,
        others_fen: d.others_fen,
        total_count: d.total_count,
        total_fen: d.total_fen,
    }))
}

/// 将本年受助名单发布到公开栏（仅列出同意公示者姓名）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/care-disclosure/publish", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), YearQuery),
    responses((status = 201, body = crate::kit::ItemOut), (status = 422, body = ErrorBody)))]
pub async fn publish_disclosure(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> AppResult<(StatusCode, Json<crate::kit::ItemOut>)> {
    let item = aid::publish_disclosure(&state, &p, union_id, q.year.unwrap_or_else(this_year)).await?;
    Ok((StatusCode::CREATED, Json(crate::kit::item_out(item))))
}
