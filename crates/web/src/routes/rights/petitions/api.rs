//! `/api/v1/…/petitions`: petitions and the chair's mailbox (来信来访).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use domain::ratio::Ratio;
use domain::rights::petition::{Overdue, WriterView};

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Path, Query};
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::rights::petition::filing::{self, Filing};
use app::rights::petition::lists::{self, Count, ListQuery};
use app::rights::petition::{self as service, Detail, Petition, Viewer, steps};

/// What the reader sees of the writer: `{"kind":"anonymous"}` and nothing
/// else for an anonymous petition.
#[derive(Debug, Serialize, ToSchema)]
pub struct WriterOut {
    /// anonymous | known
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_id: Option<Uuid>,
}

fn writer_out(v: WriterView) -> WriterOut {
    match v {
        WriterView::Anonymous => {
            WriterOut { kind: "anonymous", name: None, contact: None, department: None, member_id: None }
        }
        WriterView::Known(w) => WriterOut {
            kind: "known",
            name: Some(w.name),
            contact: w.contact,
            department: w.department,
            member_id: w.member_id,
        },
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TurnedOut {
    /// proposal | mediation_case
    pub kind: String,
    pub id: Uuid,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PetitionOut {
    pub id: Uuid,
    /// 第N号
    pub number: i64,
    pub union_id: Uuid,
    /// mailbox | letter | visit | phone
    pub channel: String,
    pub channel_label: String,
    pub subject: String,
    pub body: String,
    pub received_on: NaiveDate,
    pub anonymous: bool,
    pub writer: WriterOut,
    /// received | dispatched | in_progress | answered | closed | rejected
    pub status: String,
    pub status_label: String,
    /// 1, or 2 after the writer's 不满意.
    pub round: i64,
    /// Accept and dispatch by this day.
    pub dispatch_by: NaiveDate,
    /// The answer deadline (in round 2, the second round's).
    pub due_date: NaiveDate,
    /// dispatch (超期未受理) | answer (超期未答复), when overdue today.
    pub overdue: Option<String>,
    pub overdue_label: Option<String>,
    pub dispatched_on: Option<NaiveDate>,
    pub reject_reason: Option<String>,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_on: Option<NaiveDate>,
    /// Whether the first answer kept its deadline.
    pub answered_in_time: Option<bool>,
    /// satisfied | basically | unsatisfied
    pub rating: Option<String>,
    pub rating_label: Option<String>,
    pub rating_note: Option<String>,
    pub closed_on: Option<NaiveDate>,
    pub turned_into: Option<TurnedOut>,
    /// The officer who registered it, or 主席信箱 for a member's own.
    pub registered_by: String,
    pub created_at: DateTime<Utc>,
}

pub fn out(p: Petition) -> PetitionOut {
    let overdue = service::overdue(&p, service::today());
    let writer = writer_out(service::writer_view(&p));
    let status = service::status(&p);
    let rating = service::rating(&p);
    PetitionOut {
        id: p.id,
        number: p.number,
        union_id: p.union_id,
        channel_label: super::channel_label(&p.channel).to_owned(),
        channel: p.channel,
        subject: p.subject,
        body: p.content,
        received_on: p.received_on,
        anonymous: p.anonymous,
        writer,
        status: status.as_str().to_owned(),
        status_label: status.label().to_owned(),
        round: p.round,
        dispatch_by: p.dispatch_by,
        due_date: p.answer_by,
        overdue: overdue.map(|o| match o {
            Overdue::Dispatch => "dispatch".to_owned(),
            Overdue::Answer => "answer".to_owned(),
        }),
        overdue_label: overdue.map(|o| o.label().to_owned()),
        dispatched_on: p.dispatched_on,
        reject_reason: p.reject_reason,
        answer: p.answer,
        answered_by: p.answered_by,
        answered_on: p.answered_on,
        answered_in_time: p.answered_in_time,
        rating: rating.map(|r| r.as_str().to_owned()),
        rating_label: rating.map(|r| r.label().to_owned()),
        rating_note: p.rating_note,
        closed_on: p.closed_on,
        turned_into: p.turned_into_kind.zip(p.turned_into_id).map(|(kind, id)| TurnedOut { kind, id }),
        registered_by: p.registered_by,
        created_at: p.created_at,
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PetitionFileIn {
    /// mailbox（主席信箱：本人来信）| letter（来信）| visit（来访）| phone（来电）：后三者由工会干部登记
    pub channel: String,
    /// 主题
    pub subject: String,
    /// 来信内容
    pub body: String,
    /// 匿名：不记录来信人（本工会开通匿名来信时才可本人匿名来信）
    #[serde(default)]
    pub anonymous: bool,
    /// 来信人姓名（登记时）
    pub writer_name: Option<String>,
    pub writer_contact: Option<String>,
    pub writer_department: Option<String>,
    /// 来信人在本工会的会员档案
    pub writer_member_id: Option<Uuid>,
    /// 收件日期（登记时，默认今天）
    pub received_on: Option<NaiveDate>,
    /// 答复期限（默认按本工会设置，不得早于收件日期）
    pub due_date: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FiledOut {
    pub id: Uuid,
    /// received
    pub status: String,
    /// The answer deadline.
    pub due_date: NaiveDate,
}

/// 来信（本人通过主席信箱）或登记来信、来访、来电
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/petitions", tag = "petitions", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = PetitionFileIn,
    responses((status = 201, body = FiledOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn file(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<PetitionFileIn>,
) -> AppResult<(StatusCode, Json<FiledOut>)> {
    let f = Filing {
        channel: b.channel,
        subject: b.subject,
        body: b.body,
        anonymous: b.anonymous,
        writer_name: b.writer_name,
        writer_contact: b.writer_contact,
        writer_department: b.writer_department,
        writer_member_id: b.writer_member_id,
        received_on: b.received_on,
        due_date: b.due_date,
    };
    let row = filing::file(&state, &p, union_id, f).await?;
    Ok((StatusCode::CREATED, Json(FiledOut { id: row.id, status: row.status, due_date: row.answer_by })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PetitionsOut {
    pub items: Vec<PetitionOut>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListIn {
    /// received | dispatched | in_progress | answered | closed | rejected
    pub status: Option<String>,
    /// true: only the overdue (超期未受理、超期未答复)
    pub overdue: Option<bool>,
    /// Only those received in this year.
    pub year: Option<i32>,
}

/// 来信来访列表（工会干部；可按状态、超期、年份筛选）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/petitions", tag = "petitions", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ListIn), responses((status = 200, body = PetitionsOut)))]
pub async fn list(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ListIn>,
) -> AppResult<Json<PetitionsOut>> {
    let q = ListQuery { status: q.status, overdue: q.overdue.unwrap_or(false), year: q.year };
    let rows = lists::list(&state, union_id, &q).await?;
    Ok(Json(PetitionsOut { items: rows.into_iter().map(out).collect() }))
}

/// 我的来信（本人实名和匿名的来信）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/petitions/mine", tag = "petitions", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = PetitionsOut)))]
pub async fn mine(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<PetitionsOut>> {
    let rows = lists::mine(&state, &p, union_id).await?;
    Ok(Json(PetitionsOut { items: rows.into_iter().map(out).collect() }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RateOut {
    pub numerator: u64,
    pub denominator: u64,
    /// e.g. "95.00%"; "—" without a base
    pub rate: String,
}

fn rate_out(r: Ratio) -> RateOut {
    RateOut { numerator: r.numerator, denominator: r.denominator, rate: r.display() }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PetitionReportOut {
    pub year: i32,
    pub total: u64,
    pub accepted: u64,
    pub rejected: u64,
    /// 按期答复率
    pub answered_on_time: RateOut,
    /// 办结率
    pub resolved: RateOut,
    /// 满意率（满意 + 基本满意）÷ 已评价
    pub satisfaction: RateOut,
    pub by_channel: Vec<Count>,
    pub by_status: Vec<Count>,
    /// 超期未受理
    pub overdue_dispatch: u64,
    /// 超期未答复
    pub overdue_answer: u64,
    pub rated: u64,
    pub satisfied: u64,
    pub basically: u64,
    pub unsatisfied: u64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearIn {
    /// The year of receipt (default: this year).
    pub year: Option<i32>,
}

/// 来信来访办理情况（按期答复率、办结率、满意率；只有数字，没有来信内容）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/petitions/report", tag = "petitions", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), YearIn), responses((status = 200, body = PetitionReportOut)))]
pub async fn report(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearIn>,
) -> AppResult<Json<PetitionReportOut>> {
    let r = lists::report(&state, union_id, q.year).await?;
    Ok(Json(PetitionReportOut {
        year: r.year,
        total: r.rates.total,
        accepted: r.rates.accepted,
        rejected: r.rates.rejected,
        answered_on_time: rate_out(r.rates.answered_on_time),
        resolved: rate_out(r.rates.resolved),
        satisfaction: rate_out(r.rates.satisfaction),
        by_channel: r.by_channel,
        by_status: r.by_status,
        overdue_dispatch: r.overdue_dispatch,
        overdue_answer: r.overdue_answer,
        rated: r.rated,
        satisfied: r.satisfied,
        basically: r.basically,
        unsatisfied: r.unsatisfied,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HandlerOut {
    pub user_id: Uuid,
    pub name: String,
    /// 主办
    pub leading: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PetitionLogOut {
    pub round: i64,
    pub action: String,
    pub note: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PetitionDetail {
    #[serde(flatten)]
    pub petition: PetitionOut,
    /// Whether the caller is its writer (who rates it).
    pub mine: bool,
    pub handlers: Vec<HandlerOut>,
    pub log: Vec<PetitionLogOut>,
}

fn detail(d: Detail) -> PetitionDetail {
    PetitionDetail {
        mine: d.viewer == Viewer::Writer,
        handlers: d
            .handlers
            .into_iter()
            .map(|h| HandlerOut { user_id: h.user_id, name: h.name, leading: h.leads })
            .collect(),
        log: d
            .log
            .into_iter()
            .map(|l| PetitionLogOut {
                round: l.round,
                action: l.action,
                note: l.note,
                actor: l.actor,
                at: l.at,
            })
            .collect(),
        petition: out(d.petition),
    }
}

/// 来信详情（仅来信人本人和本工会的工会干部；其他人一律404）
#[utoipa::path(get, path = "/api/v1/petitions/{petition_id}", tag = "petitions", security(("bearer" = [])),
    params(("petition_id" = Uuid, Path)),
    responses((status = 200, body = PetitionDetail), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<PetitionDetail>> {
    Ok(Json(detail(service::get(&state, &p, id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandlerIn {
    /// An account of the union.
    pub user_id: Uuid,
    /// 主办 (exactly one); the others assist (协办).
    #[serde(default)]
    pub leading: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DispatchIn {
    pub handlers: Vec<HandlerIn>,
}

/// 受理并派发（承办人可多名，其中一名主办）
#[utoipa::path(post, path = "/api/v1/petitions/{petition_id}/dispatch", tag = "petitions", security(("bearer" = [])),
    params(("petition_id" = Uuid, Path)), request_body = DispatchIn,
    responses((status = 200, body = PetitionOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn dispatch(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<DispatchIn>,
) -> AppResult<Json<PetitionOut>> {
    let handlers: Vec<(Uuid, bool)> = b.handlers.iter().map(|h| (h.user_id, h.leading)).collect();
    Ok(Json(out(steps::dispatch(&state, &p, id, &handlers).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PetitionRejectIn {
    /// 不予受理的理由（来信人会看到）
    pub reason: String,
}

/// 不予受理
#[utoipa::path(post, path = "/api/v1/petitions/{petition_id}/reject", tag = "petitions", security(("bearer" = [])),
    params(("petition_id" = Uuid, Path)), request_body = PetitionRejectIn,
    responses((status = 200, body = PetitionOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reject(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<PetitionRejectIn>,
) -> AppResult<Json<PetitionOut>> {
    Ok(Json(out(steps::reject(&state, &p, id, &b.reason).await?)))
}

/// 开始办理
#[utoipa::path(post, path = "/api/v1/petitions/{petition_id}/start", tag = "petitions", security(("bearer" = [])),
    params(("petition_id" = Uuid, Path)),
    responses((status = 200, body = PetitionOut), (status = 409, body = ErrorBody)))]
pub async fn start(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<PetitionOut>> {
    Ok(Json(out(steps::start(&state, &p, id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PetitionAnswerIn {
    /// 书面答复
    pub answer: String,
}

/// 答复
#[utoipa::path(post, path = "/api/v1/petitions/{petition_id}/answer", tag = "petitions", security(("bearer" = [])),
    params(("petition_id" = Uuid, Path)), request_body = PetitionAnswerIn,
    responses((status = 200, body = PetitionOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn answer(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<PetitionAnswerIn>,
) -> AppResult<Json<PetitionOut>> {
    Ok(Json(out(steps::answer(&state, &p, id, &b.answer).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PetitionRateIn {
    /// satisfied（满意）| basically（基本满意）| unsatisfied（不满意：再办理一轮）
    pub rating: String,
    #[serde(default)]
    pub note: String,
}

/// 来信人评价答复（不满意的进入第二轮办理）
#[utoipa::path(post, path = "/api/v1/petitions/{petition_id}/rate", tag = "petitions", security(("bearer" = [])),
    params(("petition_id" = Uuid, Path)), request_body = PetitionRateIn,
    responses((status = 200, body = PetitionOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn rate(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    body: axum::body::Bytes,
) -> AppResult<Json<PetitionOut>> {
    // The body is read after the petition is found: to anyone who is
    // neither its writer nor its officer it does not exist (404), whatever
    // they sent.
    service::check_reader(&state, &p, id).await?;
    let b: PetitionRateIn = crate::extract::parse_json(&body)?;
    Ok(Json(out(steps::rate(&state, &p, id, &b.rating, &b.note).await?)))
}

/// 办结（未评价时由工会干部办结；重复办结返回409）
#[utoipa::path(post, path = "/api/v1/petitions/{petition_id}/close", tag = "petitions", security(("bearer" = [])),
    params(("petition_id" = Uuid, Path)),
    responses((status = 200, body = PetitionOut), (status = 409, body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<PetitionOut>> {
    Ok(Json(out(steps::close(&state, &p, id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DueDateIn {
    /// 答复期限，不得早于收件日期
    pub due_date: Option<NaiveDate>,
}

/// 设定答复期限
#[utoipa::path(post, path = "/api/v1/petitions/{petition_id}/due-date", tag = "petitions", security(("bearer" = [])),
    params(("petition_id" = Uuid, Path)), request_body = DueDateIn,
    responses((status = 200, body = PetitionOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn due_date(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<DueDateIn>,
) -> AppResult<Json<PetitionOut>> {
    Ok(Json(out(steps::set_due_date(&state, &p, id, b.due_date).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ToProposalIn {
    /// 案题（默认为来信主题）
    pub title: Option<String>,
    /// 建议措施
    pub suggestion: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ToProposalOut {
    pub petition: PetitionOut,
    pub proposal_id: Uuid,
}

/// 转为提案（送职代会提案审查，工单保留办理记录）
#[utoipa::path(post, path = "/api/v1/petitions/{petition_id}/to-proposal", tag = "petitions", security(("bearer" = [])),
    params(("petition_id" = Uuid, Path)), request_body = ToProposalIn,
    responses((status = 201, body = ToProposalOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn to_proposal(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ToProposalIn>,
) -> AppResult<(StatusCode, Json<ToProposalOut>)> {
    let (row, proposal_id) =
        steps::to_proposal(&state, &p, id, b.title.as_deref(), b.suggestion.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(ToProposalOut { petition: out(row), proposal_id })))
}
