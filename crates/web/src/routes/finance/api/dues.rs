//! `/api/v1` for dues (会费): the month's bills, their collection, the
//! arrears list, the bills member by member (with the members who have no
//! 会费基数) and one member's dues history. The pages call the same
//! services.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Path, Query};
use app::AppState;
use app::Page;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::finance::dues;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthIn {
    /// YYYY-MM
    pub month: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BillsOut {
    /// 本次新生成的账单数
    pub count: i64,
    /// 当月应收合计（分）
    pub total_fen: i64,
    /// 当月账单总数
    pub month_count: i64,
    /// 未设会费基数的在籍会员数
    pub without_base: i64,
    /// 会费基数不足10元（不计会费、没有账单）的在籍会员数
    pub base_under_min: i64,
}

/// 生成当月会费账单（按会费基数：不足10元部分不计，0.5%；保留会籍免缴；重复生成不会重复计费）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/dues/bills", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = MonthIn, responses((status = 200, body = BillsOut)))]
pub async fn dues_bills(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<MonthIn>,
) -> AppResult<Json<BillsOut>> {
    let month = dues::parse_month("month", &b.month)?;
    let r = dues::generate_bills(&state, &p, union_id, month).await?;
    Ok(Json(BillsOut {
        count: r.count,
        total_fen: r.total_fen,
        month_count: r.month_count,
        without_base: r.without_base,
        base_under_min: r.base_under_min,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DuesSummaryOut {
    pub month: String,
    pub billed: i64,
    pub billed_fen: i64,
    pub paid: i64,
    pub paid_fen: i64,
}

/// 当月会费收缴情况
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/dues/{month}", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("month" = String, Path)), responses((status = 200, body = DuesSummaryOut)))]
pub async fn dues_summary(
    State(state): State<AppState>,
    Path((union_id, month)): Path<(Uuid, String)>,
) -> AppResult<Json<DuesSummaryOut>> {
    let m = dues::parse_month("month", &month)?;
    let s = dues::summary(&state, union_id, m).await?;
    Ok(Json(DuesSummaryOut {
        month: m.to_string(),
        billed: s.billed,
        billed_fen: s.billed_fen,
        paid: s.paid,
        paid_fen: s.paid_fen,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CollectIn {
    pub month: String,
    /// 省略则收缴当月全部未缴账单（工资代扣）
    pub member_id: Option<Uuid>,
    /// payroll（工资代扣，默认）| transfer | cash
    pub method: Option<String>,
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CollectOut {
    pub count: i64,
    pub total_fen: i64,
    /// 自动生成并记账的凭证
    pub voucher_id: Option<Uuid>,
}

/// 收缴会费（自动记账：借 银行存款/库存现金，贷 会费收入）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/dues/collect", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = CollectIn, responses((status = 200, body = CollectOut), (status = 409, description = "already_paid", body = ErrorBody)))]
pub async fn dues_collect(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<CollectIn>,
) -> AppResult<Json<CollectOut>> {
    let month = dues::parse_month("month", &b.month)?;
    let method = b.method.as_deref().unwrap_or("payroll");
    let c = dues::collect(&state, &p, union_id, month, b.member_id, method, b.date).await?;
    Ok(Json(CollectOut { count: c.count, total_fen: c.total_fen, voucher_id: c.voucher_id }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ArrearsOut {
    pub member_id: Uuid,
    pub name: String,
    pub months: i64,
    pub amount_fen: i64,
    pub first_month: String,
    pub last_month: String,
    /// 连续6个月未交，待核查
    pub dues_review: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ArrearsPage {
    pub items: Vec<ArrearsOut>,
    pub total: i64,
}

/// 欠缴会费名单
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/dues-arrears", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), PageQuery), responses((status = 200, body = ArrearsPage)))]
pub async fn arrears(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<PageQuery>,
) -> AppResult<Json<ArrearsPage>> {
    let (rows, total) = dues::arrears(&state, union_id, Page::new(q.page, q.per_page)).await?;
    Ok(Json(ArrearsPage {
        items: rows
            .into_iter()
            .map(|a| ArrearsOut {
                member_id: a.member_id,
                name: a.name,
                months: a.months,
                amount_fen: a.amount_fen,
                first_month: a.first_month,
                last_month: a.last_month,
                dues_review: a.dues_review,
            })
            .collect(),
        total,
    }))
}

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

impl From<app::finance::BillRow> for BillOut {
    fn from(b: app::finance::BillRow) -> Self {
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
    let filter = app::finance::BillFilter { unpaid: q.unpaid.unwrap_or(false), group_id: q.group_id };
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
