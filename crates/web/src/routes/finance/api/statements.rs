//! `/api/v1` for the statements published to members (财务公开).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::{ApiJson, Path};
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::finance::oversight::{PublishedStatement, StatementContent};
use app::finance::{dues, oversight};

/// 已发布的财务公开（本会会员可见）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/statements", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [PublishedStatement])))]
pub async fn statements(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<PublishedStatement>>> {
    Ok(Json(oversight::statements(&state, union_id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishIn {
    /// YYYY-MM
    pub period: String,
}

/// 发布当月财务公开（工会主席）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/statements", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = PublishIn, responses((status = 201, body = StatementContent), (status = 409, body = ErrorBody)))]
pub async fn publish_statement(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<PublishIn>,
) -> AppResult<(StatusCode, Json<StatementContent>)> {
    let period = dues::parse_month("period", &b.period)?;
    Ok((StatusCode::CREATED, Json(oversight::publish(&state, &p, union_id, period).await?)))
}
