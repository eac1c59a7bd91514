//! `/api/v1` for the reports: trial balance, balance sheet, income
//! statement, general and detail ledgers, and a federation's roll-up.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use domain::ErrorCode;
use domain::finance::ledger::TrialBalance;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{Path, Query};
use app::AppState;
use app::error::{AppError, AppResult, ErrorBody};
use app::finance::reports;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SpanQuery {
    /// 2026-11（月）、2026-Q4（季度）或 2026（年度）；默认本月
    pub period: Option<String>,
    /// 明细账的科目编码
    pub account: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrialRowOut {
    pub code: String,
    pub name: String,
    /// asset | liability | net_assets | income | expenditure
    pub class: String,
    pub normal_side: String,
    pub level: usize,
    pub opening_fen: i64,
    pub debit_fen: i64,
    pub credit_fen: i64,
    pub closing_fen: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrialBalanceOut {
    pub period: String,
    pub debit_total_fen: i64,
    pub credit_total_fen: i64,
    pub opening_debit_fen: i64,
    pub opening_credit_fen: i64,
    pub closing_debit_fen: i64,
    pub closing_credit_fen: i64,
    pub balanced: bool,
    pub rows: Vec<TrialRowOut>,
}

pub fn trial_out(label: String, tb: &TrialBalance) -> TrialBalanceOut {
    TrialBalanceOut {
        period: label,
        debit_total_fen: tb.debit_total_fen,
        credit_total_fen: tb.credit_total_fen,
        opening_debit_fen: tb.opening_debit_fen,
        opening_credit_fen: tb.opening_credit_fen,
        closing_debit_fen: tb.closing_debit_fen,
        closing_credit_fen: tb.closing_credit_fen,
        balanced: tb.balanced,
        rows: tb
            .rows
            .iter()
            .map(|r| TrialRowOut {
                code: r.code.clone(),
                name: r.name.clone(),
                class: r.class.as_str().into(),
                normal_side: r.side.as_str().into(),
                level: r.level,
                opening_fen: r.opening_fen,
                debit_fen: r.debit_fen,
                credit_fen: r.credit_fen,
                closing_fen: r.closing_fen,
            })
            .collect(),
    }
}

/// 试算平衡表
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/reports/trial-balance", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), SpanQuery), responses((status = 200, body = TrialBalanceOut), (status = 400, body = ErrorBody)))]
pub async fn trial_balance(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<SpanQuery>,
) -> AppResult<Json<TrialBalanceOut>> {
    let span = reports::parse_span(q.period.as_deref())?;
    let tb = reports::trial_balance(&state, union_id, span).await?;
    Ok(Json(trial_out(span.label(), &tb)))
}

/// 资产负债表（期末数与年初数）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/reports/balance-sheet", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), SpanQuery), responses((status = 200, description = "assets / liabilities / net_assets 各行 first_fen 年初数、second_fen 期末数；balanced 为资产=负债+净资产")))]
pub async fn balance_sheet(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<SpanQuery>,
) -> AppResult<Response> {
    let span = reports::parse_span(q.period.as_deref())?;
    Ok(Json(reports::balance_sheet(&state, union_id, span).await?).into_response())
}

/// 收入支出表（本期数与本年累计数）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/reports/income-statement", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), SpanQuery), responses((status = 200, description = "income / expenditure 各行 first_fen 本期数、second_fen 本年累计数；surplus 收支结余")))]
pub async fn income_statement(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<SpanQuery>,
) -> AppResult<Response> {
    let span = reports::parse_span(q.period.as_deref())?;
    Ok(Json(reports::income_statement(&state, union_id, span).await?).into_response())
}

/// 总账（一级科目逐月发生额与余额）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/reports/general-ledger", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), SpanQuery), responses((status = 200, description = "accounts[]：code, name, opening_fen, months[]")))]
pub async fn general_ledger(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<SpanQuery>,
) -> AppResult<Response> {
    let span = reports::parse_span(q.period.as_deref())?;
    Ok(Json(reports::general_ledger(&state, union_id, span).await?).into_response())
}

/// 明细账（account 必填）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/reports/detail-ledger", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), SpanQuery), responses((status = 200, description = "opening_fen, rows[]（日期、凭证号、摘要、借、贷、余额）, closing_fen")))]
pub async fn detail_ledger(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<SpanQuery>,
) -> AppResult<Response> {
    let span = reports::parse_span(q.period.as_deref())?;
    let account = q
        .account
        .as_deref()
        .filter(|a| !a.is_empty())
        .ok_or_else(|| AppError::field(ErrorCode::InvalidQuery, "account", "请指定明细账的科目编码"))?;
    Ok(Json(reports::detail_ledger(&state, union_id, account, span).await?).into_response())
}

/// 上级工会汇总：所辖全部基层工会的试算平衡表、资产负债表、收入支出表
#[utoipa::path(get, path = "/api/v1/orgs/{org_id}/finance/rollup", tag = "finance", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), SpanQuery), responses((status = 200, description = "trial_balance, balance_sheet, income_statement")))]
pub async fn rollup(
    State(state): State<AppState>,
    Path(org_id): Path<Uuid>,
    Query(q): Query<SpanQuery>,
) -> AppResult<Response> {
    let span = reports::parse_span(q.period.as_deref())?;
    Ok(Json(reports::rollup(&state, org_id, span).await?).into_response())
}
