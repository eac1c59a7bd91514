//! `/api/v1` for the funds review committee's workspace (经审).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::periods::{PeriodEventOut, events_out};
use crate::extract::{ApiJson, Path};
use app::AppState;
use app::auth::Principal;
use app::error::AppResult;
use app::finance::oversight;

#[derive(Debug, Serialize, ToSchema)]
pub struct FindingOut {
    pub id: Uuid,
    pub title: String,
    pub detail: String,
    pub deadline: Option<NaiveDate>,
    /// open | rectifying | closed
    pub status: String,
    pub rectification: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn finding_out(f: app::finance::Finding) -> FindingOut {
    FindingOut {
        id: f.id,
        title: f.title,
        detail: f.detail,
        deadline: f.deadline,
        status: f.status,
        rectification: f.rectification,
        created_by: f.created_by,
        created_at: f.created_at,
        updated_at: f.updated_at,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExceptionOut {
    pub member_id: Uuid,
    pub item: String,
    pub amount_fen: i64,
    /// 被突破的规则
    pub rule: String,
    pub reason: String,
    pub approver: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OverrideOut {
    pub voucher_id: Uuid,
    pub account: String,
    pub budget_fen: i64,
    pub actual_fen: i64,
    pub reason: String,
    pub approver: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkspaceOut {
    pub findings: Vec<FindingOut>,
    pub policy_exceptions: Vec<ExceptionOut>,
    pub budget_overrides: Vec<OverrideOut>,
    /// 结账与反结账记录
    pub period_events: Vec<PeriodEventOut>,
    /// 本年无预算支出：没有预算行的支出科目
    pub unbudgeted_spending: Vec<UnbudgetedOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnbudgetedOut {
    pub account: String,
    pub name: String,
    pub actual_fen: i64,
}

/// 经审工作台：问题与整改、政策例外、超预算、反结账
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/finance-audit", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = WorkspaceOut)))]
pub async fn audit_workspace(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<WorkspaceOut>> {
    let w = oversight::workspace(&state, union_id).await?;
    Ok(Json(WorkspaceOut {
        unbudgeted_spending: w
            .unbudgeted
            .into_iter()
            .map(|r| UnbudgetedOut { account: r.account, name: r.name, actual_fen: r.actual_fen })
            .collect(),
        findings: w.findings.into_iter().map(finding_out).collect(),
        policy_exceptions: w
            .exceptions
            .into_iter()
            .map(|e| ExceptionOut {
                member_id: e.member_id,
                item: e.item,
                amount_fen: e.amount_fen,
                rule: e.rule,
                reason: e.reason,
                approver: e.approver,
                actor: e.actor_name,
                at: e.at,
            })
            .collect(),
        budget_overrides: w
            .overrides
            .into_iter()
            .map(|o| OverrideOut {
                voucher_id: o.voucher_id,
                account: o.account,
                budget_fen: o.budget_fen,
                actual_fen: o.actual_fen,
                reason: o.reason,
                approver: o.approver,
                actor: o.actor_name,
                at: o.at,
            })
            .collect(),
        period_events: events_out(w.period_events),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingIn {
    pub title: String,
    pub detail: Option<String>,
    /// 整改期限
    pub deadline: Option<NaiveDate>,
}

/// 登记经审发现的问题
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/finance-audit/findings", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = FindingIn, responses((status = 201, body = FindingOut)))]
pub async fn add_finding(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<FindingIn>,
) -> AppResult<(StatusCode, Json<FindingOut>)> {
    let f =
        oversight::add_finding(&state, &p, union_id, &b.title, b.detail.as_deref().unwrap_or(""), b.deadline)
            .await?;
    Ok((StatusCode::CREATED, Json(finding_out(f))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingUpdate {
    /// open | rectifying | closed
    pub status: String,
    pub rectification: Option<String>,
}

/// 更新整改情况
#[utoipa::path(patch, path = "/api/v1/unions/{union_id}/finance-audit/findings/{finding_id}", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("finding_id" = Uuid, Path)), request_body = FindingUpdate, responses((status = 200, body = FindingOut)))]
pub async fn update_finding(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<FindingUpdate>,
) -> AppResult<Json<FindingOut>> {
    let f =
        oversight::update_finding(&state, &p, union_id, id, &b.status, b.rectification.as_deref()).await?;
    Ok(Json(finding_out(f)))
}
