//! `/api/v1` for the union funds (工会经费): payroll declarations and the
//! receipts of the 2% funds.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::{ApiJson, Path};
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::finance::dues;

#[derive(Debug, Serialize, ToSchema)]
pub struct FundOut {
    pub month: String,
    /// direct（单位直接拨缴）| tax（税务代收、上级回拨）
    pub flow: String,
    pub payroll_fen: i64,
    /// 应拨缴经费（工资总额2%）
    pub due_fen: i64,
    pub keep_fen: i64,
    pub up_fen: i64,
    pub expected_in_fen: i64,
    pub received_in_fen: i64,
    pub expected_out_fen: i64,
    pub remitted_fen: i64,
    pub reconciled: bool,
}

impl From<dues::FundLine> for FundOut {
    fn from(f: dues::FundLine) -> Self {
        FundOut {
            month: f.month,
            flow: f.flow,
            payroll_fen: f.payroll_fen,
            due_fen: f.due_fen,
            keep_fen: f.keep_fen,
            up_fen: f.up_fen,
            expected_in_fen: f.expected_in_fen,
            received_in_fen: f.received_in_fen,
            expected_out_fen: f.expected_out_fen,
            remitted_fen: f.remitted_fen,
            reconciled: f.reconciled,
        }
    }
}

/// 经费拨缴与对账（每月应收、实收、上解、回拨）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/funds", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [FundOut])))]
pub async fn funds(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<FundOut>>> {
    Ok(Json(dues::funds(&state, union_id).await?.into_iter().map(FundOut::from).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FundIn {
    pub month: String,
    /// 当月工资总额（分）
    pub payroll_fen: i64,
}

/// 申报当月工资总额（计算2%经费及留成、上解）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/funds", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = FundIn, responses((status = 201, body = FundOut), (status = 409, body = ErrorBody)))]
pub async fn fund_declare(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<FundIn>,
) -> AppResult<(StatusCode, Json<FundOut>)> {
    let month = dues::parse_month("month", &b.month)?;
    Ok((StatusCode::CREATED, Json(dues::declare(&state, &p, union_id, month, b.payroll_fen).await?.into())))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiptIn {
    /// employer_paid（单位拨缴）| remitted_up（上解上级）| refund_received（收到回拨）
    pub kind: String,
    pub amount_fen: i64,
    pub date: Option<NaiveDate>,
}

/// 登记经费收付（自动记账）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/funds/{month}/receipts", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("month" = String, Path)), request_body = ReceiptIn, responses((status = 201, body = FundOut), (status = 422, body = ErrorBody)))]
pub async fn fund_receipt(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, month)): Path<(Uuid, String)>,
    ApiJson(b): ApiJson<ReceiptIn>,
) -> AppResult<(StatusCode, Json<FundOut>)> {
    let month = dues::parse_month("month", &month)?;
    let f = dues::receive(&state, &p, union_id, month, &b.kind, b.amount_fen, b.date).await?;
    Ok((StatusCode::CREATED, Json(f.into())))
}
