//! `/api/v1/…/mediation-cases`, the committee and the report: the JSON of
//! labour-dispute mediation. Each handler parses, calls the service the
//! pages call too, and answers.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use domain::rights::mediation::{DisputeType, MediationStats, SessionKind, Side};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Path, Query};
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::rights::mediation::case::{
    self, ApplicantInput, CaseInput, CloseInput, DecisionInput, SessionInput,
};
use app::rights::mediation::committee::{self, SeatInput};
use app::rights::mediation::read::{self, CaseView};
use app::rights::mediation::{Case, Listed, Seat, Session, status_of};

// ---------------------------------------------------------------------------
// Answers

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicantOut {
    pub name: String,
    pub representative: bool,
    pub member_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MediationClaimOut {
    pub item: String,
    pub amount_fen: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MediationSessionOut {
    pub id: Uuid,
    /// investigation（调查笔录）| mediation（调解记录）
    pub kind: String,
    pub kind_label: String,
    pub held_on: NaiveDate,
    pub place: String,
    pub attendees: String,
    pub minutes: String,
    pub recorded_by: String,
    pub at: DateTime<Utc>,
}

fn session_out(s: Session) -> MediationSessionOut {
    MediationSessionOut {
        id: s.id,
        kind_label: SessionKind::parse(&s.kind).map_or("", |k| k.label()).to_owned(),
        kind: s.kind,
        held_on: s.held_on,
        place: s.place,
        attendees: s.attendees,
        minutes: s.minutes,
        recorded_by: s.recorded_by,
        at: s.at,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseLogOut {
    pub action: String,
    pub note: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

/// A case with its clock.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseOut {
    pub id: Uuid,
    /// 第N号 within the union.
    pub number: i64,
    pub dispute_type: String,
    pub dispute_type_label: String,
    pub respondent: String,
    pub common_claim: bool,
    pub facts: String,
    /// The sum of the money claims, in fen.
    pub claimed_fen: i64,
    pub applied_on: NaiveDate,
    /// The last day to decide (3 working days by default).
    pub acceptance_due: NaiveDate,
    /// applied | accepted | refused | agreed | withdrawn | referred
    pub status: String,
    pub status_label: String,
    pub accepted_on: Option<NaiveDate>,
    pub refused_reason: Option<String>,
    pub extension_days: i64,
    pub mediator_id: Option<Uuid>,
    pub mediator: Option<String>,
    pub closed_on: Option<NaiveDate>,
    /// agreement | withdrawn | arbitration
    pub outcome: Option<String>,
    pub outcome_text: Option<String>,
    pub agreed_fen: Option<i64>,
    pub petition_id: Option<Uuid>,
    /// Undecided after the acceptance deadline.
    pub acceptance_overdue: bool,
    pub decided_late: bool,
    /// The last day of mediation (15 days from acceptance, plus the extension).
    pub mediation_due: Option<NaiveDate>,
    /// Days of mediation left while in mediation; negative once past.
    pub days_left: Option<i64>,
    pub referable_from: Option<NaiveDate>,
    /// The parties may apply for arbitration (the automatic flag).
    pub referable: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub applicants: Vec<ApplicantOut>,
    pub claims: Vec<MediationClaimOut>,
    pub sessions: Vec<MediationSessionOut>,
    pub log: Vec<CaseLogOut>,
}

fn type_label(t: &str) -> String {
    DisputeType::parse(t).map_or("", |t| t.label()).to_owned()
}

fn case_out(v: CaseView) -> CaseOut {
    let c = v.case;
    let clock = v.clock;
    CaseOut {
        id: c.id,
        number: c.number,
        dispute_type_label: type_label(&c.dispute_type),
        status_label: status_of(&c).label().to_owned(),
        dispute_type: c.dispute_type,
        respondent: c.respondent,
        common_claim: c.common_claim,
        facts: c.facts,
        claimed_fen: c.claimed_fen,
        applied_on: c.applied_on,
        acceptance_due: c.acceptance_due,
        status: c.status,
        accepted_on: c.accepted_on,
        refused_reason: c.refused_reason,
        extension_days: c.extension_days,
        mediator_id: c.mediator_id,
        mediator: v.mediator.map(|m| m.name),
        closed_on: c.closed_on,
        outcome: c.outcome,
        outcome_text: c.outcome_text,
        agreed_fen: c.agreed_fen,
        petition_id: c.petition_id,
        acceptance_overdue: clock.acceptance_overdue,
        decided_late: clock.decided_late,
        mediation_due: clock.mediation_due,
        days_left: clock.days_left,
        referable_from: clock.referable_from,
        referable: clock.referable,
        created_by: c.created_by,
        created_at: c.created_at,
        applicants: v
            .applicants
            .into_iter()
            .map(|a| ApplicantOut { name: a.name, representative: a.representative, member_id: a.member_id })
            .collect(),
        claims: v
            .claims
            .into_iter()
            .map(|c| MediationClaimOut { item: c.item, amount_fen: c.amount_fen })
            .collect(),
        sessions: v.sessions.into_iter().map(session_out).collect(),
        log: v
            .log
            .into_iter()
            .map(|l| CaseLogOut { action: l.action, note: l.note, actor: l.actor, at: l.at })
            .collect(),
    }
}

/// The case as it stands after a step.
async fn answer(state: &AppState, c: Case) -> AppResult<Json<CaseOut>> {
    Ok(Json(case_out(read::get(state, c.id).await?)))
}

/// A case in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseSummary {
    pub id: Uuid,
    pub number: i64,
    pub dispute_type: String,
    pub dispute_type_label: String,
    /// 张三, or 张三等12人.
    pub applicants: String,
    pub applicant_count: i64,
    pub respondent: String,
    pub claimed_fen: i64,
    pub applied_on: NaiveDate,
    pub status: String,
    pub status_label: String,
    pub acceptance_due: NaiveDate,
    pub acceptance_overdue: bool,
    pub mediation_due: Option<NaiveDate>,
    pub days_left: Option<i64>,
    pub referable: bool,
    pub closed_on: Option<NaiveDate>,
}

fn summary((r, clock): (Listed, domain::rights::mediation::Clock)) -> CaseSummary {
    let applicants = read::applicants_text(&r);
    let c = r.case;
    CaseSummary {
        id: c.id,
        number: c.number,
        dispute_type_label: type_label(&c.dispute_type),
        status_label: status_of(&c).label().to_owned(),
        dispute_type: c.dispute_type,
        applicants,
        applicant_count: r.applicants,
        respondent: c.respondent,
        claimed_fen: c.claimed_fen,
        applied_on: c.applied_on,
        status: c.status,
        acceptance_due: c.acceptance_due,
        acceptance_overdue: clock.acceptance_overdue,
        mediation_due: clock.mediation_due,
        days_left: clock.days_left,
        referable: clock.referable,
        closed_on: c.closed_on,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CasesOut {
    pub items: Vec<CaseSummary>,
}

#[derive(Debug, Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// applied | accepted | refused | agreed | withdrawn | referred, or
    /// overdue (undecided past the acceptance deadline).
    pub status: Option<String>,
    pub dispute_type: Option<String>,
    /// Applied for in this year.
    pub year: Option<i32>,
}

/// 调解案件列表
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/mediation-cases", tag = "mediation", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ListQuery), responses((status = 200, body = CasesOut)))]
pub async fn list(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<CasesOut>> {
    let f = read::filter(q.status.as_deref(), q.dispute_type.as_deref(), q.year)?;
    let rows = read::list(&state, union_id, &f).await?;
    Ok(Json(CasesOut { items: rows.into_iter().map(summary).collect() }))
}

// ---------------------------------------------------------------------------
// Steps

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicantIn {
    pub name: String,
    /// Elected representative (代表) of the applicants.
    #[serde(default)]
    pub representative: bool,
    /// A member of this union (another union's answers 404).
    pub member_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MediationClaimIn {
    /// 请求事项
    pub item: String,
    /// For a sum of money, in fen.
    pub amount_fen: Option<i64>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseIn {
    /// pay（劳动报酬）| social_insurance | contract | work_injury | rest_and_leave | other
    pub dispute_type: String,
    pub applicants: Vec<ApplicantIn>,
    /// 被申请人
    pub respondent: String,
    /// The applicants bring the same claim (default true): ten or more
    /// then act through 3–5 representatives.
    #[serde(default = "yes")]
    pub common_claim: bool,
    pub claims: Vec<MediationClaimIn>,
    /// 事实和理由
    #[serde(default)]
    pub facts: String,
    /// Default: today.
    pub applied_on: Option<NaiveDate>,
    /// The petition (来信来访) it comes from: marked as turned into this case.
    pub petition_id: Option<Uuid>,
}

/// 登记调解申请（可由来信来访转入）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/mediation-cases", tag = "mediation", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = CaseIn,
    responses((status = 201, body = CaseOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<CaseIn>,
) -> AppResult<(StatusCode, Json<CaseOut>)> {
    let input = CaseInput {
        dispute_type: b.dispute_type,
        applicants: b
            .applicants
            .into_iter()
            .map(|a| ApplicantInput {
                name: a.name,
                representative: a.representative,
                member_id: a.member_id,
            })
            .collect(),
        respondent: b.respondent,
        common_claim: b.common_claim,
        claims: b
            .claims
            .into_iter()
            .map(|c| domain::rights::mediation::ClaimInput { item: c.item, amount_fen: c.amount_fen })
            .collect(),
        facts: b.facts,
        applied_on: b.applied_on,
        petition_id: b.petition_id,
    };
    let c = case::create(&state, &p, union_id, &input).await?;
    let out = answer(&state, c).await?;
    Ok((StatusCode::CREATED, out))
}

/// 调解案件详情（申请人、请求、笔录、办理记录、调解期限、可申请仲裁）
#[utoipa::path(get, path = "/api/v1/mediation-cases/{case_id}", tag = "mediation", security(("bearer" = [])),
    params(("case_id" = Uuid, Path)), responses((status = 200, body = CaseOut), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, Path(case_id): Path<Uuid>) -> AppResult<Json<CaseOut>> {
    Ok(Json(case_out(read::get(&state, case_id).await?)))
}

fn accept_word() -> String {
    "accept".to_owned()
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseDecisionIn {
    /// accept（受理, the default）| refuse（不予受理, with a reason）
    #[serde(default = "accept_word")]
    pub decision: String,
    #[serde(default)]
    pub reason: String,
    /// Default: today.
    pub decided_on: Option<NaiveDate>,
    /// The committee member who mediates.
    pub mediator_id: Option<Uuid>,
}

/// 受理决定：受理或不予受理（3个工作日内作出；逾期的如实记录并标明）
#[utoipa::path(post, path = "/api/v1/mediation-cases/{case_id}/accept", tag = "mediation", security(("bearer" = [])),
    params(("case_id" = Uuid, Path)), request_body = CaseDecisionIn,
    responses((status = 200, body = CaseOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn accept(
    State(state): State<AppState>,
    p: Principal,
    Path(case_id): Path<Uuid>,
    ApiJson(b): ApiJson<CaseDecisionIn>,
) -> AppResult<Json<CaseOut>> {
    let accept = match b.decision.trim() {
        "accept" | "受理" => true,
        "refuse" | "不予受理" => false,
        _ => {
            return Err(app::error::AppError::field(
                domain::ErrorCode::InvalidValue,
                "decision",
                "受理决定须为 accept（受理）或 refuse（不予受理）",
            ));
        }
    };
    let input =
        DecisionInput { accept, reason: b.reason, decided_on: b.decided_on, mediator_id: b.mediator_id };
    let c = case::decide(&state, &p, case_id, &input).await?;
    answer(&state, c).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseCloseIn {
    /// agreement（达成调解协议）| withdrawn（撤回）| arbitration（调解不成，转仲裁）
    pub outcome: String,
    /// Default: today.
    pub closed_on: Option<NaiveDate>,
    /// The agreement's terms (required for an agreement), or a note.
    #[serde(default)]
    pub outcome_text: String,
    /// The sum agreed, in fen (agreements only).
    pub agreed_fen: Option<i64>,
}

/// 结案（达成协议、撤回或转仲裁）；重复结案返回409
#[utoipa::path(post, path = "/api/v1/mediation-cases/{case_id}/close", tag = "mediation", security(("bearer" = [])),
    params(("case_id" = Uuid, Path)), request_body = CaseCloseIn,
    responses((status = 200, body = CaseOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    p: Principal,
    Path(case_id): Path<Uuid>,
    ApiJson(b): ApiJson<CaseCloseIn>,
) -> AppResult<Json<CaseOut>> {
    let input = CloseInput {
        outcome: b.outcome,
        closed_on: b.closed_on,
        outcome_text: b.outcome_text,
        agreed_fen: b.agreed_fen,
    };
    let c = case::close(&state, &p, case_id, &input).await?;
    answer(&state, c).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionIn {
    /// Days added (the whole extension at most 15 by default).
    pub extension_days: i64,
    #[serde(default)]
    pub note: String,
}

/// 经双方同意延长调解期限
#[utoipa::path(post, path = "/api/v1/mediation-cases/{case_id}/extension", tag = "mediation", security(("bearer" = [])),
    params(("case_id" = Uuid, Path)), request_body = ExtensionIn,
    responses((status = 200, body = CaseOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn extend(
    State(state): State<AppState>,
    p: Principal,
    Path(case_id): Path<Uuid>,
    ApiJson(b): ApiJson<ExtensionIn>,
) -> AppResult<Json<CaseOut>> {
    let c = case::extend(&state, &p, case_id, b.extension_days, &b.note).await?;
    answer(&state, c).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MediationSessionIn {
    /// investigation（调查笔录）| mediation（调解记录）
    pub kind: String,
    /// Default: today.
    pub held_on: Option<NaiveDate>,
    #[serde(default)]
    pub place: String,
    pub attendees: String,
    pub minutes: String,
}

/// 记录调查笔录或调解记录（只增不改）
#[utoipa::path(post, path = "/api/v1/mediation-cases/{case_id}/sessions", tag = "mediation", security(("bearer" = [])),
    params(("case_id" = Uuid, Path)), request_body = MediationSessionIn,
    responses((status = 201, body = MediationSessionOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_session(
    State(state): State<AppState>,
    p: Principal,
    Path(case_id): Path<Uuid>,
    ApiJson(b): ApiJson<MediationSessionIn>,
) -> AppResult<(StatusCode, Json<MediationSessionOut>)> {
    let input = SessionInput {
        kind: b.kind,
        held_on: b.held_on,
        place: b.place,
        attendees: b.attendees,
        minutes: b.minutes,
    };
    let s = case::add_session(&state, &p, case_id, &input).await?;
    Ok((StatusCode::CREATED, Json(session_out(s))))
}

// ---------------------------------------------------------------------------
// The report

#[derive(Debug, Serialize, ToSchema)]
pub struct MediationStatsOut {
    /// Every application (接受职工投诉案件N起).
    pub cases: u64,
    pub pending: u64,
    pub refused: u64,
    /// Accepted, not yet closed.
    pub open: u64,
    pub agreements: u64,
    pub withdrawn: u64,
    pub referred: u64,
    /// 成功调解率: agreements ÷ closed cases, e.g. "86.56%"; "—" with none closed.
    pub rate: String,
    pub rate_basis_points: u32,
}

fn stats_out(m: MediationStats) -> MediationStatsOut {
    MediationStatsOut {
        cases: m.total,
        pending: m.pending,
        refused: m.refused,
        open: m.open,
        agreements: m.agreements,
        withdrawn: m.withdrawn,
        referred: m.referred,
        rate: m.success.display(),
        rate_basis_points: m.success.basis_points(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TypeStatsOut {
    pub dispute_type: String,
    pub dispute_type_label: String,
    #[serde(flatten)]
    pub stats: MediationStatsOut,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MediationReportOut {
    pub year: i32,
    #[serde(flatten)]
    pub stats: MediationStatsOut,
    pub by_type: Vec<TypeStatsOut>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// Default: this year.
    pub year: Option<i32>,
}

/// 调解工作统计：案件数、成功调解率、按争议类型分列
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/mediation-report", tag = "mediation", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), YearQuery), responses((status = 200, body = MediationReportOut)))]
pub async fn report(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> AppResult<Json<MediationReportOut>> {
    let r = read::report(&state, union_id, q.year).await?;
    Ok(Json(MediationReportOut {
        year: r.year,
        stats: stats_out(r.stats),
        by_type: r
            .by_type
            .into_iter()
            .map(|(t, m)| TypeStatsOut {
                dispute_type: t.as_str().to_owned(),
                dispute_type_label: t.label().to_owned(),
                stats: stats_out(m),
            })
            .collect(),
    }))
}

// ---------------------------------------------------------------------------
// The committee

#[derive(Debug, Serialize, ToSchema)]
pub struct SeatOut {
    pub id: Uuid,
    pub name: String,
    /// worker（职工代表）| employer（企业代表）
    pub side: String,
    pub side_label: String,
    /// 主任
    pub chair: bool,
    pub member_id: Option<Uuid>,
    pub title: String,
    pub appointed_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
}

fn seat_out(s: Seat) -> SeatOut {
    SeatOut {
        id: s.id,
        name: s.name,
        side_label: Side::parse(&s.side).map_or("", |x| x.label()).to_owned(),
        side: s.side,
        chair: s.chair,
        member_id: s.member_id,
        title: s.title,
        appointed_on: s.appointed_on,
        left_on: s.left_on,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MediationCommitteeOut {
    /// The sitting committee.
    pub members: Vec<SeatOut>,
    /// Those who left, latest first.
    pub former: Vec<SeatOut>,
}

fn committee_out(seats: Vec<Seat>) -> MediationCommitteeOut {
    let (members, former): (Vec<_>, Vec<_>) = seats.into_iter().partition(|s| s.left_on.is_none());
    MediationCommitteeOut {
        members: members.into_iter().map(seat_out).collect(),
        former: former.into_iter().map(seat_out).collect(),
    }
}

/// 劳动争议调解委员会
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/mediation-committee", tag = "mediation", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = MediationCommitteeOut)))]
pub async fn get_committee(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<MediationCommitteeOut>> {
    Ok(Json(committee_out(committee::list(&state, union_id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitteeSeatIn {
    /// A sitting member kept; omit for a new appointment.
    pub id: Option<Uuid>,
    #[serde(default)]
    pub name: String,
    /// worker | employer
    pub side: String,
    #[serde(default)]
    pub chair: bool,
    /// A member of this union (the chair must be one).
    pub member_id: Option<Uuid>,
    #[serde(default)]
    pub title: String,
    pub appointed_on: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitteeIn {
    /// The whole sitting committee: members left out leave it today.
    pub members: Vec<CommitteeSeatIn>,
}

/// 设置调解委员会（职工代表和企业代表组成，主任由本会会员担任）
#[utoipa::path(put, path = "/api/v1/unions/{union_id}/mediation-committee", tag = "mediation", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = CommitteeIn,
    responses((status = 200, body = MediationCommitteeOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_committee(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<CommitteeIn>,
) -> AppResult<Json<MediationCommitteeOut>> {
    let seats: Vec<SeatInput> = b
        .members
        .into_iter()
        .map(|s| SeatInput {
            id: s.id,
            name: s.name,
            side: s.side,
            chair: s.chair,
            member_id: s.member_id,
            title: s.title,
            appointed_on: s.appointed_on,
        })
        .collect();
    Ok(Json(committee_out(committee::set(&state, &p, union_id, &seats).await?)))
}
