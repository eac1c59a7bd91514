//! `/api/v1/unions/{union_id}/disclosures`: the disclosure board.

use crate::extract::Path;
use crate::kit::{ItemOut, item_out};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Query};
use app::AppState;
use app::auth::Principal;
use app::disclosure::{Feedback, service};
use app::error::{AppResult, ErrorBody};

#[derive(Debug, Serialize, ToSchema)]
pub struct ItemsOut {
    pub items: Vec<ItemOut>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    /// Only this category.
    pub category: Option<String>,
}

/// 公开栏
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/disclosures", tag = "disclosure", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), BoardQuery), responses((status = 200, body = ItemsOut)))]
pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<BoardQuery>,
) -> AppResult<Json<ItemsOut>> {
    let items = service::list(&state, &p, union_id, q.category.as_deref()).await?;
    Ok(Json(ItemsOut { items: items.into_iter().map(item_out).collect() }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemIn {
    /// finance | aid | democracy | affairs | welfare | other
    pub category: String,
    pub title: String,
    /// 公开期间，如“2026年11月”
    pub period: String,
    pub body: String,
}

/// 发布公开事项
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/disclosures", tag = "disclosure", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = ItemIn,
    responses((status = 201, body = ItemOut), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<ItemIn>,
) -> AppResult<(StatusCode, Json<ItemOut>)> {
    let i = service::create(&state, &p, union_id, &b.category, &b.title, &b.period, &b.body).await?;
    Ok((StatusCode::CREATED, Json(item_out(i))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackOut {
    pub id: Uuid,
    pub author: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ItemWithFeedback {
    #[serde(flatten)]
    pub item: ItemOut,
    /// Everyone's for the board's keepers; one's own otherwise.
    pub feedback: Vec<FeedbackOut>,
}

fn feedback_out(f: Feedback) -> FeedbackOut {
    FeedbackOut { id: f.id, author: f.author, body: f.body, at: f.at }
}

/// 公开事项及意见
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/disclosures/{item_id}", tag = "disclosure",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("item_id" = Uuid, Path)),
    responses((status = 200, body = ItemWithFeedback), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<ItemWithFeedback>> {
    let (item, feedback) = service::get(&state, &p, union_id, id).await?;
    Ok(Json(ItemWithFeedback {
        item: item_out(item),
        feedback: feedback.into_iter().map(feedback_out).collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawIn {
    pub reason: String,
}

/// 撤回公开事项（须写明原因；已发布的内容保留备查）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/disclosures/{item_id}/withdraw", tag = "disclosure",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("item_id" = Uuid, Path)), request_body = WithdrawIn,
    responses((status = 200, body = ItemOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<WithdrawIn>,
) -> AppResult<Json<ItemOut>> {
    Ok(Json(item_out(service::withdraw(&state, &p, union_id, id, &b.reason).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackIn {
    pub body: String,
}

/// 对公开事项提出意见
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/disclosures/{item_id}/feedback", tag = "disclosure",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("item_id" = Uuid, Path)), request_body = FeedbackIn,
    responses((status = 201, body = FeedbackOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn feedback(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<FeedbackIn>,
) -> AppResult<(StatusCode, Json<FeedbackOut>)> {
    let f = service::add_feedback(&state, &p, union_id, id, &b.body).await?;
    Ok((StatusCode::CREATED, Json(feedback_out(f))))
}
