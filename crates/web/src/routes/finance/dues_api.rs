//! The dues API per member: a month's bills member by member (with the
//! members who have no 会费基数), and one member's dues history. The pages
//! call the same services (`dues.rs`).

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use store::Page;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{Path, Query};
use app::AppState;
use app::error::AppResult;
use app::finance::dues;

#[derive(Debug, Serialize, ToSchema)]
pub struct BillOut {
    /// 月份，如 2026-11
    pub month: String,
    pub member_id: Uuid,
    pub name: String,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    /// 会费基数（分）
    pub base_fen: i64,
    /// 应缴（分）
    pub amount_fen: i64,
    /// 已缴（分）
    pub paid_fen: i64,
    /// 欠缴（分）
    pub owed_fen: i64,
    /// paid（已缴）| unpaid（未缴）
    pub status: String,
    /// payroll | transfer | cash，未缴时为空
    pub method: Option<String>,
    /// 收缴时自动生成的记账凭证；收据按会员和凭证打印
    pub voucher_id: Option<Uuid>,
    pub paid_at: Option<DateTime<Utc>>,
}

impl From<store::dues::BillRow> for BillOut {
    fn from(b: store::dues::BillRow) -> Self {
        let paid = b.paid_fen.unwrap_or(0);
        BillOut {
            status: if b.paid_fen.is_some() { "paid" } else { "unpaid" }.into(),
            owed_fen: b.amount_fen - paid,
            paid_fen: paid,
            month: b.month,
            member_id: b.member_id,
            name: b.name,
            group_id: b.group_id,
            group_name: b.group_name,
            base_fen: b.base_fen,
            amount_fen: b.amount_fen,
            method: b.method,
            voucher_id: b.voucher_id,
            paid_at: b.paid_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MissingBaseOut {
    pub member_id: Uuid,
    pub name: String,
    pub group_name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BillsPage {
    pub month: String,
    pub items: Vec<BillOut>,
    /// 符合筛选条件的账单数
    pub total: i64,
    /// 缺少会费基数、因而没有账单的在籍会员（全部列出，不分页）
    pub missing_base: Vec<MissingBaseOut>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BillsQuery {
    /// true：只列未缴的账单
    pub unpaid: Option<bool>,
    /// 只列该工会小组的会员
    pub group_id: Option<Uuid>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// 当月逐人会费账单（应缴、已缴、欠缴、状态），及缺少会费基数的在籍会员
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/dues/{month}/bills", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("month" = String, Path, description = "月份，如 2026-11"), BillsQuery),
    responses((status = 200, body = BillsPage), (status = 404, description = "工会或小组不存在，或属于其他工会（not_found）", body = app::error::ErrorBody)))]
pub async fn bills(
    State(state): State<AppState>,
    Path((union_id, month)): Path<(Uuid, String)>,
    Query(q): Query<BillsQuery>,
) -> AppResult<Json<BillsPage>> {
    let m = dues::parse_month("month", &month)?;
    let filter = store::dues::BillFilter { unpaid: q.unpaid.unwrap_or(false), group_id: q.group_id };
    let (rows, total) = dues::bills(&state, union_id, m, &filter, Page::new(q.page, q.per_page)).await?;
    let missing = dues::missing_base(&state, union_id).await?;
    Ok(Json(BillsPage {
        month: m.to_string(),
        items: rows.into_iter().map(BillOut::from).collect(),
        total,
        missing_base: missing
            .into_iter()
            .map(|m| MissingBaseOut { member_id: m.member_id, name: m.name, group_name: m.group_name })
            .collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberDuesOut {
    pub member_id: Uuid,
    pub name: String,
    /// 会费基数（分）；为空表示缺少会费基数，不能生成账单
    pub dues_base_fen: Option<i64>,
    pub billed_fen: i64,
    pub paid_fen: i64,
    pub owed_fen: i64,
    /// 逐月账单及缴费，最近的在前
    pub bills: Vec<BillOut>,
}

/// 会员本人的会费记录：逐月账单与缴费
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/members/{member_id}/dues", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("member_id" = Uuid, Path)),
    responses((status = 200, body = MemberDuesOut), (status = 404, description = "会员不存在，或属于其他工会（not_found）", body = app::error::ErrorBody)))]
pub async fn member_dues(
    State(state): State<AppState>,
    Path((union_id, member_id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<MemberDuesOut>> {
    let d = dues::member_dues(&state, union_id, member_id).await?;
    let (billed, paid) = (d.billed_fen(), d.paid_fen());
    Ok(Json(MemberDuesOut {
        member_id,
        name: d.member.name,
        dues_base_fen: d.member.dues_base_fen,
        billed_fen: billed,
        paid_fen: paid,
        owed_fen: billed - paid,
        bills: d.bills.into_iter().map(BillOut::from).collect(),
    }))
}
