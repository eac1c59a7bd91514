//! Mutual-aid insurance: plans, enrolments, claims and the report.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use domain::ErrorCode;
use domain::care::mutual_aid::{Plan as PlanRule, PlanKind};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::MemberQuery;
use crate::extract::{ApiJson, Query};
use app::AppState;
use app::auth::Principal;
use app::care::mutual;
use app::error::{AppError, AppResult, ErrorBody};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanIn {
    /// hospital | critical_illness | women | accident
    pub kind: String,
    pub name: String,
    pub premium_fen: i64,
    pub term_months: i64,
    pub payout_pct: i64,
    pub per_claim_cap_fen: i64,
    pub yearly_cap_fen: i64,
    #[serde(default)]
    pub women_only: bool,
    pub max_age: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanOut {
    pub id: Uuid,
    pub kind: String,
    pub name: String,
    pub premium_fen: i64,
    pub term_months: i64,
    pub payout_pct: i64,
    pub per_claim_cap_fen: i64,
    pub yearly_cap_fen: i64,
    pub women_only: bool,
    pub max_age: Option<i64>,
}

fn plan_out(p: app::care::Plan) -> PlanOut {
    PlanOut {
        id: p.id,
        kind: p.kind,
        name: p.name,
        premium_fen: p.premium_fen,
        term_months: p.term_months,
        payout_pct: p.payout_pct,
        per_claim_cap_fen: p.per_claim_cap_fen,
        yearly_cap_fen: p.yearly_cap_fen,
        women_only: p.women_only,
        max_age: p.max_age,
    }
}

/// 设立互助保障计划
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/mutual-aid/plans", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = PlanIn, responses((status = 201, body = PlanOut), (status = 422, body = ErrorBody)))]
pub async fn add_plan(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<PlanIn>,
) -> AppResult<(StatusCode, Json<PlanOut>)> {
    let kind = PlanKind::parse(&b.kind).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            "kind",
            "保障类型只能是 hospital、critical_illness、women 或 accident",
        )
    })?;
    let r = PlanRule {
        kind,
        name: b.name,
        premium_fen: b.premium_fen,
        term_months: b.term_months,
        payout_pct: b.payout_pct,
        per_claim_cap_fen: b.per_claim_cap_fen,
        yearly_cap_fen: b.yearly_cap_fen,
        women_only: b.women_only,
        max_age: b.max_age,
    };
    Ok((StatusCode::CREATED, Json(plan_out(mutual::add_plan(&state, &p, union_id, &r).await?))))
}

/// 互助保障计划
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/mutual-aid/plans", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [PlanOut])))]
pub async fn plans(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<PlanOut>>> {
    Ok(Json(mutual::plans(&state, union_id).await?.into_iter().map(plan_out).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrolIn {
    pub member_ids: Vec<Uuid>,
    /// 已确诊相关疾病的会员（不得参加重疾、女职工计划）
    #[serde(default)]
    pub diagnosed_member_ids: Vec<Uuid>,
    pub term_start: Option<NaiveDate>,
    /// 批准人：本会主席或财务负责人的账号（GET …/payment-approvers），不能是经办人本人；记为保费凭证的审核人
    pub approver_user_id: Option<Uuid>,
    /// 付款后库存现金或银行存款余额将低于零时，true 表示已知悉并仍要付款（否则 409 below_zero）
    pub confirm_below_zero: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EnrolmentOut {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub member_id: Uuid,
    pub member_name: Option<String>,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
    pub premium_fen: i64,
    pub voucher_id: Uuid,
}

fn enrolment_out(e: app::care::Enrolment, name: Option<String>) -> EnrolmentOut {
    EnrolmentOut {
        id: e.id,
        plan_id: e.plan_id,
        member_id: e.member_id,
        member_name: name,
        term_start: e.term_start,
        term_end: e.term_end,
        premium_fen: e.premium_fen,
        voucher_id: e.voucher_id,
    }
}

/// 以单位参保（参保率≥80%，10人及以下单位全员），生成保费凭证
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/mutual-aid/plans/{plan_id}/enrolments", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("plan_id" = Uuid, Path)), request_body = EnrolIn,
    responses((status = 201, body = [EnrolmentOut]), (status = 409, description = "保费付款后库存现金或银行存款将低于零（below_zero），需 confirm_below_zero 确认", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn enrol(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, plan_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<EnrolIn>,
) -> AppResult<(StatusCode, Json<Vec<EnrolmentOut>>)> {
    let pay = mutual::PremiumPayment {
        approver_user_id: b.approver_user_id,
        confirm_below_zero: b.confirm_below_zero.unwrap_or(false),
    };
    let rows = mutual::enrol(
        &state,
        &p,
        union_id,
        plan_id,
        &b.member_ids,
        &b.diagnosed_member_ids,
        b.term_start,
        pay,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(rows.into_iter().map(|e| enrolment_out(e, None)).collect())))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EnrolmentQuery {
    pub plan_id: Option<Uuid>,
    pub member_id: Option<Uuid>,
    /// 只列30天内到期待续保的
    pub renewals: Option<bool>,
}

/// 参保记录（renewals=true：待续保）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/mutual-aid/enrolments", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), EnrolmentQuery), responses((status = 200, body = [EnrolmentOut])))]
pub async fn enrolments(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<EnrolmentQuery>,
) -> AppResult<Json<Vec<EnrolmentOut>>> {
    let rows = if q.renewals.unwrap_or(false) {
        mutual::renewals_due(&state, union_id).await?
    } else {
        mutual::enrolments(&state, union_id, q.plan_id, q.member_id).await?
    };
    Ok(Json(rows.into_iter().map(|(e, n)| enrolment_out(e, Some(n))).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimIn {
    pub enrolment_id: Option<Uuid>,
    pub event_date: Option<NaiveDate>,
    pub claimed_fen: i64,
    pub description: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimOut {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub enrolment_id: Uuid,
    pub member_id: Uuid,
    pub member_name: Option<String>,
    pub event_date: NaiveDate,
    pub claimed_fen: i64,
    pub description: String,
    /// filed | approved | rejected | paid
    pub status: String,
    pub approved_fen: Option<i64>,
    /// 按计划测算的可赔金额（申请时）
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposed_fen: Option<i64>,
    pub assessment: Option<String>,
    pub voucher_id: Option<Uuid>,
}

pub(super) fn claim_out(c: app::care::Claim, name: Option<String>, proposed: Option<i64>) -> ClaimOut {
    ClaimOut {
        id: c.id,
        plan_id: c.plan_id,
        enrolment_id: c.enrolment_id,
        member_id: c.member_id,
        member_name: name,
        event_date: c.event_date,
        claimed_fen: c.claimed_fen,
        description: c.description,
        status: c.status,
        approved_fen: c.approved_fen,
        proposed_fen: proposed,
        assessment: c.assessment,
        voucher_id: c.voucher_id,
    }
}

/// 理赔申请（超过年度赔付上限的拒绝）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/mutual-aid/claims", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = ClaimIn, responses((status = 201, body = ClaimOut), (status = 422, body = ErrorBody)))]
pub async fn file_claim(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<ClaimIn>,
) -> AppResult<(StatusCode, Json<ClaimOut>)> {
    let (c, proposed) =
        mutual::file_claim(&state, &p, union_id, b.enrolment_id, b.event_date, b.claimed_fen, &b.description)
            .await?;
    Ok((StatusCode::CREATED, Json(claim_out(c, None, Some(proposed)))))
}

/// 理赔记录
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/mutual-aid/claims", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), MemberQuery), responses((status = 200, body = [ClaimOut])))]
pub async fn claims(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<MemberQuery>,
) -> AppResult<Json<Vec<ClaimOut>>> {
    Ok(Json(
        mutual::claims(&state, union_id, q.member_id)
            .await?
            .into_iter()
            .map(|(c, n)| claim_out(c, Some(n), None))
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessIn {
    /// approve | reject
    pub decision: String,
    /// 核定金额（分），不填按计划测算
    pub approved_fen: Option<i64>,
    pub note: Option<String>,
}

/// 理赔审核
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/mutual-aid/claims/{claim_id}/assess", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("claim_id" = Uuid, Path)), request_body = AssessIn,
    responses((status = 200, body = ClaimOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn assess_claim(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<AssessIn>,
) -> AppResult<Json<ClaimOut>> {
    let approve = match b.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "decision",
                "decision 只能是 approve 或 reject",
            ));
        }
    };
    Ok(Json(claim_out(
        mutual::assess(&state, &p, union_id, id, approve, b.approved_fen, b.note.as_deref().unwrap_or(""))
            .await?,
        None,
        None,
    )))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PayClaimIn {
    /// 批准人账号：本会主席或财务负责人（见 payment-approvers），不能是经办人本人；赔付金额大于0时必填
    pub approver_user_id: Option<Uuid>,
}

/// 理赔款支付（生成凭证，批准人记为凭证审核人）；重复支付 409；缺少或不合格的批准人 422
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/mutual-aid/claims/{claim_id}/pay", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("claim_id" = Uuid, Path)), request_body(content = Option<PayClaimIn>),
    responses((status = 200, body = ClaimOut), (status = 409, body = ErrorBody),
        (status = 404, description = "批准人账号不存在（approver_user_id）", body = ErrorBody),
        (status = 422, description = "未选择批准人（required）或批准人是经办人本人（same_reviewer）", body = ErrorBody)))]
pub async fn pay_claim(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    body: axum::body::Bytes,
) -> AppResult<Json<ClaimOut>> {
    let b: PayClaimIn = if body.iter().all(u8::is_ascii_whitespace) {
        PayClaimIn::default()
    } else {
        crate::extract::parse_json(&body)?
    };
    Ok(Json(claim_out(mutual::pay_claim(&state, &p, union_id, id, b.approver_user_id).await?, None, None)))
}

/// 互助保障统计（按计划、年度）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/mutual-aid/report", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [mutual::ReportLine])))]
pub async fn report(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<mutual::ReportLine>>> {
    Ok(Json(mutual::report(&state, union_id).await?))
}
