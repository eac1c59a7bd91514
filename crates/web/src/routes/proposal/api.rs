//! `/api/v1/unions/{union_id}/proposals`: proposals (提案).

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use domain::proposal::{Status, fmt_rate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Query};
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::proposal::{Proposal, service};

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalOut {
    pub id: Uuid,
    /// 立案号
    pub number: Option<i64>,
    pub session_id: Option<Uuid>,
    pub title: String,
    pub reason: String,
    pub suggestion: String,
    pub proposer: String,
    /// draft | submitted | opinion | registered | assigned | answered | closed
    pub status: String,
    pub status_label: String,
    pub round: i64,
    pub review_note: Option<String>,
    pub department: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub overdue: bool,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    /// satisfied | basically | unsatisfied
    pub rating: Option<String>,
    pub rating_note: Option<String>,
    pub created_at: DateTime<Utc>,
}

fn out(p: Proposal) -> ProposalOut {
    let status = Status::parse(&p.status).unwrap_or(Status::Draft);
    ProposalOut {
        id: p.id,
        number: p.number,
        session_id: p.session_id,
        title: p.title,
        reason: p.reason,
        suggestion: p.suggestion,
        proposer: p.proposer_name,
        status_label: status.label().to_owned(),
        status: p.status,
        round: p.round,
        review_note: p.review_note,
        department: p.department,
        overdue: domain::proposal::overdue(status, p.deadline, service::today()),
        deadline: p.deadline,
        answer: p.answer,
        answered_at: p.answered_at,
        rating: p.rating,
        rating_note: p.rating_note,
        created_at: p.created_at,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalsOut {
    pub items: Vec<ProposalOut>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionQuery {
    /// Only the proposals for this congress session.
    pub session_id: Option<Uuid>,
}

/// 提案列表
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/proposals", tag = "proposals", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), SessionQuery), responses((status = 200, body = ProposalsOut)))]
pub async fn list(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<SessionQuery>,
) -> AppResult<Json<ProposalsOut>> {
    let rows = service::list(&state, union_id, q.session_id).await?;
    Ok(Json(ProposalsOut { items: rows.into_iter().map(out).collect() }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalIn {
    pub session_id: Option<Uuid>,
    /// 案题：一事一案
    pub title: String,
    /// 案由
    pub reason: String,
    /// 建议措施
    pub suggestion: String,
}

/// 提出提案（须再有至少2人附议才进入审查）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/proposals", tag = "proposals", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = ProposalIn,
    responses((status = 201, body = ProposalOut), (status = 422, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<ProposalIn>,
) -> AppResult<(StatusCode, Json<ProposalOut>)> {
    let row = service::submit(&state, &p, union_id, b.session_id, &b.title, &b.reason, &b.suggestion).await?;
    Ok((StatusCode::CREATED, Json(out(row))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Cosigner {
    pub name: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalLogOut {
    pub action: String,
    pub note: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalDetail {
    #[serde(flatten)]
    pub proposal: ProposalOut,
    pub cosigners: Vec<Cosigner>,
    pub log: Vec<ProposalLogOut>,
}

/// 提案详情（附议人、办理记录）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/proposals/{proposal_id}", tag = "proposals",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("proposal_id" = Uuid, Path)),
    responses((status = 200, body = ProposalDetail), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<ProposalDetail>> {
    let (row, cosigners, log) = service::get(&state, union_id, id).await?;
    Ok(Json(ProposalDetail {
        proposal: out(row),
        cosigners: cosigners.into_iter().map(|(_, name, at)| Cosigner { name, at }).collect(),
        log: log
            .into_iter()
            .map(|l| ProposalLogOut { action: l.action, note: l.note, actor: l.actor, at: l.at })
            .collect(),
    }))
}

/// 附议
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/proposals/{proposal_id}/cosign", tag = "proposals",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("proposal_id" = Uuid, Path)),
    responses((status = 200, body = ProposalOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn cosign(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<ProposalOut>> {
    Ok(Json(out(service::cosign(&state, &p, union_id, id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewIn {
    /// true: 立案; false: 转为意见建议 (note required)
    pub register: bool,
    #[serde(default)]
    pub note: String,
}

/// 审查：立案或转为意见建议
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/proposals/{proposal_id}/review", tag = "proposals",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("proposal_id" = Uuid, Path)), request_body = ReviewIn,
    responses((status = 200, body = ProposalOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn review(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<ReviewIn>,
) -> AppResult<Json<ProposalOut>> {
    Ok(Json(out(service::review(&state, &p, union_id, id, b.register, &b.note).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignIn {
    pub department: String,
    pub deadline: Option<NaiveDate>,
}

/// 交办（承办部门、办理期限）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/proposals/{proposal_id}/assign", tag = "proposals",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("proposal_id" = Uuid, Path)), request_body = AssignIn,
    responses((status = 200, body = ProposalOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn assign(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<AssignIn>,
) -> AppResult<Json<ProposalOut>> {
    Ok(Json(out(service::assign(&state, &p, union_id, id, &b.department, b.deadline).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerIn {
    pub answer: String,
}

/// 录入承办部门的书面答复
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/proposals/{proposal_id}/answer", tag = "proposals",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("proposal_id" = Uuid, Path)), request_body = AnswerIn,
    responses((status = 200, body = ProposalOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn answer(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<AnswerIn>,
) -> AppResult<Json<ProposalOut>> {
    Ok(Json(out(service::answer(&state, &p, union_id, id, &b.answer).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RateIn {
    /// satisfied | basically | unsatisfied
    pub rating: String,
    #[serde(default)]
    pub note: String,
}

/// 提案人评价答复（不满意的进入第二轮办理）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/proposals/{proposal_id}/rate", tag = "proposals",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("proposal_id" = Uuid, Path)), request_body = RateIn,
    responses((status = 200, body = ProposalOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn rate(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<RateIn>,
) -> AppResult<Json<ProposalOut>> {
    Ok(Json(out(service::rate(&state, &p, union_id, id, &b.rating, &b.note).await?)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalReportOut {
    pub total: usize,
    pub reviewed: usize,
    pub registered: usize,
    pub closed: usize,
    pub rated: usize,
    pub satisfied: usize,
    /// 立案率, e.g. "80%"
    pub registered_rate: String,
    /// 办结率
    pub closed_rate: String,
    /// 满意率
    pub satisfied_rate: String,
    pub items: Vec<ProposalOut>,
}

/// 提案办理情况报告（立案率、办结率、满意率）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/proposals/report", tag = "proposals", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), SessionQuery), responses((status = 200, body = ProposalReportOut)))]
pub async fn report(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<SessionQuery>,
) -> AppResult<Json<ProposalReportOut>> {
    let (r, rows) = service::report(&state, union_id, q.session_id).await?;
    Ok(Json(ProposalReportOut {
        total: r.total,
        reviewed: r.reviewed,
        registered: r.registered,
        closed: r.closed,
        rated: r.rated,
        satisfied: r.satisfied,
        registered_rate: fmt_rate(r.registered_rate),
        closed_rate: fmt_rate(r.closed_rate),
        satisfied_rate: fmt_rate(r.satisfied_rate),
        items: rows.into_iter().map(out).collect(),
    }))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsIO {
    /// Members who are not delegates may propose and co-sign. A union with
    /// no delegates always lets members.
    pub members_may_propose: bool,
}

/// 提案设置
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/proposal-settings", tag = "proposals", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = SettingsIO)))]
pub async fn get_settings(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<SettingsIO>> {
    Ok(Json(SettingsIO { members_may_propose: service::members_may_propose(&state, union_id).await? }))
}

/// 修改提案设置（是否允许非代表的会员提出和附议提案）
#[utoipa::path(put, path = "/api/v1/unions/{union_id}/proposal-settings", tag = "proposals", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = SettingsIO, responses((status = 200, body = SettingsIO)))]
pub async fn put_settings(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<SettingsIO>,
) -> AppResult<Json<SettingsIO>> {
    service::set_members_may_propose(&state, &p, union_id, b.members_may_propose).await?;
    Ok(Json(b))
}
