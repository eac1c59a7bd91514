//! Transfers between unions: requests, decisions, those awaiting the
//! caller.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::MemberIn;
use crate::extract::ApiJson;
use crate::kit::Created;
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult, ErrorBody};
use app::member::transfers;

#[derive(Debug, Serialize, ToSchema)]
pub struct TransferOut {
    pub id: Uuid,
    /// true：转入本会（本会申请）；false：从本会转出（本会审批）
    pub incoming: bool,
    pub other_union: String,
    pub person: String,
    /// requested | confirmed | declined
    pub status: String,
    pub reason: Option<String>,
    pub requested_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

fn transfer_out(v: &transfers::TransferView) -> TransferOut {
    TransferOut {
        id: v.transfer.id,
        incoming: v.incoming,
        other_union: v.other_union.clone(),
        person: v.person.clone(),
        status: v.transfer.status.clone(),
        reason: v.transfer.reason.clone(),
        requested_at: v.transfer.requested_at,
        decided_at: v.transfer.decided_at,
    }
}

/// 转会申请（转入与转出）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/transfers", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [TransferOut])))]
pub async fn transfers(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<TransferOut>>> {
    Ok(Json(transfers::transfers(&state, union_id).await?.iter().map(transfer_out).collect()))
}

/// 申请把其他工会的在籍会员转入本会
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/transfers", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = MemberIn,
    responses((status = 201, body = Created), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn request_transfer(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<MemberIn>,
) -> AppResult<(StatusCode, Json<crate::kit::Created>)> {
    let t = transfers::request_transfer(&state, &p, union_id, &b.input()).await?;
    Ok((StatusCode::CREATED, Json(crate::kit::Created { id: t.id })))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// true 同意转出，false 不同意
    pub confirm: bool,
    /// 不同意时必填
    pub reason: Option<String>,
}

/// 转出工会（或共同的上级工会）审批转会
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/transfers/{transfer_id}/decision", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path, description = "转出的工会"), ("transfer_id" = Uuid, Path)), request_body = Decision,
    responses((status = 200, body = TransferOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, transfer_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<Decision>,
) -> AppResult<Json<TransferOut>> {
    transfers::decide_transfer(
        &state,
        &p,
        union_id,
        transfer_id,
        b.confirm,
        b.reason.as_deref().unwrap_or(""),
    )
    .await?;
    let list = transfers::transfers(&state, union_id).await?;
    let v = list.iter().find(|v| v.transfer.id == transfer_id).ok_or_else(AppError::not_found)?;
    Ok(Json(transfer_out(v)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PendingOut {
    pub id: Uuid,
    pub from_union_id: Uuid,
    pub from_union: String,
    pub to_union_id: Uuid,
    pub to_union: String,
    pub person: String,
    pub requested_at: DateTime<Utc>,
}

/// 待审批的转会（本人可审批范围内：本会转出的，或上级工会所辖各工会转出的）
#[utoipa::path(get, path = "/api/v1/transfers", tag = "members", security(("bearer" = [])),
    responses((status = 200, body = [PendingOut])))]
pub async fn pending(State(state): State<AppState>, p: Principal) -> AppResult<Json<Vec<PendingOut>>> {
    let list = transfers::pending_transfers(&state, &p).await?;
    Ok(Json(
        list.into_iter()
            .map(|v| PendingOut {
                id: v.transfer.id,
                from_union_id: v.transfer.from_union_id,
                from_union: v.from_union,
                to_union_id: v.transfer.to_union_id,
                to_union: v.to_union,
                person: v.person,
                requested_at: v.transfer.requested_at,
            })
            .collect(),
    ))
}
