//! The congress's sessions (会议): agenda, meeting papers, check-in and the
//! live quorum.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{BallotBrief, DelegateOut, ballot_brief, delegate_out};
use crate::extract::{ApiJson, Path};
use app::AppState;
use app::auth::Principal;
use app::democracy::Session;
use app::democracy::congress::{self, Quorum};
use app::error::{AppResult, ErrorBody};

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionBrief {
    pub id: Uuid,
    pub term_id: Uuid,
    pub number: i64,
    pub title: String,
    pub meets_on: NaiveDate,
    pub place: Option<String>,
    pub papers_sent_on: Option<NaiveDate>,
    /// 会议材料须在会前7天送达代表：逾期或不足7天时的提醒
    pub papers_warning: Option<String>,
}

pub(super) fn session_brief(s: &Session, w: Option<String>) -> SessionBrief {
    SessionBrief {
        id: s.id,
        term_id: s.term_id,
        number: s.number,
        title: s.title.clone(),
        meets_on: s.meets_on,
        place: s.place.clone(),
        papers_sent_on: s.papers_sent_on,
        papers_warning: w,
    }
}
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionIn {
    /// 届次，默认最新一届
    pub term_id: Option<Uuid>,
    /// 默认“第N届职工代表大会第M次会议”
    pub title: Option<String>,
    pub meets_on: NaiveDate,
    pub place: Option<String>,
}

/// 筹备一次会议
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/congress/sessions", tag = "democracy", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = SessionIn,
    responses((status = 201, body = SessionBrief), (status = 422, body = ErrorBody)))]
pub async fn create_session(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<SessionIn>,
) -> AppResult<(StatusCode, Json<SessionBrief>)> {
    let s = congress::create_session(
        &state,
        &p,
        union_id,
        b.term_id,
        b.title.as_deref(),
        b.meets_on,
        b.place.as_deref(),
    )
    .await?;
    let w = domain::democracy::congress::papers_warning(s.meets_on, s.papers_sent_on, congress::today());
    Ok((StatusCode::CREATED, Json(session_brief(&s, w))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuorumOut {
    /// 应到代表
    pub delegates: u64,
    /// 已签到
    pub present: u64,
    /// 法定人数（三分之二）
    pub needed: u64,
    pub met: bool,
}

fn quorum_out(q: Quorum) -> QuorumOut {
    QuorumOut { delegates: q.delegates, present: q.present, needed: q.needed, met: q.met }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaOut {
    pub id: Uuid,
    pub position: i64,
    pub title: String,
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttendanceOut {
    #[serde(flatten)]
    pub delegate: DelegateOut,
    pub checked_in: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionOut {
    #[serde(flatten)]
    pub session: SessionBrief,
    pub agenda: Vec<AgendaOut>,
    pub delegates: Vec<AttendanceOut>,
    pub quorum: QuorumOut,
    pub ballots: Vec<BallotBrief>,
}

/// 会议：议程、代表签到、实时法定人数、表决
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/congress/sessions/{session_id}", tag = "democracy",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("session_id" = Uuid, Path)),
    responses((status = 200, body = SessionOut), (status = 404, body = ErrorBody)))]
pub async fn session(
    State(state): State<AppState>,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<SessionOut>> {
    let v = congress::session_view(&state, union_id, session_id).await?;
    Ok(Json(SessionOut {
        session: session_brief(&v.session, v.papers_warning.clone()),
        agenda: v
            .agenda
            .iter()
            .map(|a| AgendaOut {
                id: a.id,
                position: a.position,
                title: a.title.clone(),
                note: a.note.clone(),
            })
            .collect(),
        delegates: v
            .delegates
            .iter()
            .map(|(d, here)| AttendanceOut { delegate: delegate_out(d), checked_in: *here })
            .collect(),
        quorum: quorum_out(v.quorum),
        ballots: v.ballots.iter().map(ballot_brief).collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaIn {
    pub title: String,
    pub note: Option<String>,
}

/// 增加议程
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/congress/sessions/{session_id}/agenda", tag = "democracy",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("session_id" = Uuid, Path)), request_body = AgendaIn,
    responses((status = 201, body = AgendaOut), (status = 422, body = ErrorBody)))]
pub async fn add_agenda(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<AgendaIn>,
) -> AppResult<(StatusCode, Json<AgendaOut>)> {
    let a = congress::add_agenda_item(&state, &p, union_id, session_id, &b.title, b.note.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        Json(AgendaOut { id: a.id, position: a.position, title: a.title, note: a.note }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PapersIn {
    /// 会议材料送达代表的日期，默认今天
    pub sent_on: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PapersOut {
    pub papers_warning: Option<String>,
}

/// 登记会议材料已送达代表（应在会前7天）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/congress/sessions/{session_id}/papers", tag = "democracy",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("session_id" = Uuid, Path)), request_body = PapersIn,
    responses((status = 200, body = PapersOut), (status = 422, body = ErrorBody)))]
pub async fn papers_sent(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<PapersIn>,
) -> AppResult<Json<PapersOut>> {
    let w = congress::papers_sent(&state, &p, union_id, session_id, b.sent_on).await?;
    Ok(Json(PapersOut { papers_warning: w }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DelegateCheckinIn {
    pub delegate_id: Uuid,
}

/// 代表签到；返回签到后的法定人数
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/congress/sessions/{session_id}/checkins", tag = "democracy",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("session_id" = Uuid, Path)), request_body = DelegateCheckinIn,
    responses((status = 200, body = QuorumOut), (status = 404, body = ErrorBody)))]
pub async fn check_in(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<DelegateCheckinIn>,
) -> AppResult<Json<QuorumOut>> {
    Ok(Json(quorum_out(congress::check_in(&state, &p, union_id, session_id, b.delegate_id).await?)))
}
