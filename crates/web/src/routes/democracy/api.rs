//! `/api/v1` for democratic management: the congress (terms, delegates,
//! sessions, agenda, papers, check-in, quorum) and ballots (create, open,
//! close, vote, tally with the published papers, receipt look-up, paper
//! counts, further rounds).

use crate::extract::Path;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use domain::democracy::ballot::{BallotKind, Counts, Row, VoteInput};
use domain::democracy::outcome::Outcome;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::{ApiJson, parse_json};
use app::AppState;
use app::auth::Principal;
use app::democracy::congress::{self, DelegateInput, Quorum, TermView};
use app::democracy::service::{self, BallotInput, TallyView};
use app::error::{AppResult, ErrorBody};

#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: Uuid,
}

// --- Congress -----------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TermIn {
    /// 本届起始日期，默认今天
    pub starts_on: Option<NaiveDate>,
    /// 任期3至5年
    pub years: i64,
    /// delegates（职工代表大会）| all_staff（职工大会）；默认按职工人数（100人以上为职工代表大会）
    pub form: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TermOut {
    pub id: Uuid,
    pub number: i64,
    pub form: String,
    pub starts_on: NaiveDate,
    pub years: i64,
    pub ends_on: NaiveDate,
}

fn term_out(t: &store::democracy::Term) -> TermOut {
    TermOut {
        id: t.id,
        number: t.number,
        form: t.form.clone(),
        starts_on: t.starts_on,
        years: t.years,
        ends_on: t.ends_on,
    }
}

/// 新建一届职代会（或职工大会）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/congress/terms", tag = "democracy", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = TermIn,
    responses((status = 201, body = TermOut), (status = 422, body = ErrorBody)))]
pub async fn create_term(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<TermIn>,
) -> AppResult<(StatusCode, Json<TermOut>)> {
    let t = congress::create_term(&state, &p, union_id, b.starts_on, b.years, b.form.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(term_out(&t))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DelegateIn {
    /// 本会会员（姓名、性别取自花名册）
    pub member_id: Option<Uuid>,
    /// 代表的登录账号（电子投票用）；默认为与该会员关联的账号
    pub user_id: Option<Uuid>,
    pub name: Option<String>,
    /// male | female | 男 | 女
    pub gender: Option<String>,
    /// 中层以上管理人员
    #[serde(default)]
    pub manager: bool,
    /// 一线职工
    #[serde(default)]
    pub frontline: bool,
    /// 主席团成员
    #[serde(default)]
    pub presidium: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DelegateOut {
    pub id: Uuid,
    pub member_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub name: String,
    pub gender: Option<String>,
    pub manager: bool,
    pub frontline: bool,
    pub presidium: bool,
    /// elected | entered
    pub source: String,
}

fn delegate_out(d: &store::democracy::Delegate) -> DelegateOut {
    DelegateOut {
        id: d.id,
        member_id: d.member_id,
        user_id: d.user_id,
        name: d.name.clone(),
        gender: d.gender.clone(),
        manager: d.manager,
        frontline: d.frontline,
        presidium: d.presidium,
        source: d.source.clone(),
    }
}

/// 登记职工代表
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/congress/terms/{term_id}/delegates", tag = "democracy",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("term_id" = Uuid, Path)), request_body = DelegateIn,
    responses((status = 201, body = DelegateOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_delegate(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, term_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<DelegateIn>,
) -> AppResult<(StatusCode, Json<DelegateOut>)> {
    let input = DelegateInput {
        member_id: b.member_id,
        user_id: b.user_id,
        name: b.name,
        gender: b.gender,
        manager: b.manager,
        frontline: b.frontline,
        presidium: b.presidium,
    };
    let d = congress::add_delegate(&state, &p, union_id, term_id, &input).await?;
    Ok((StatusCode::CREATED, Json(delegate_out(&d))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompositionOut {
    pub delegates: u64,
    pub managers: u64,
    pub women: u64,
    pub presidium: u64,
    pub presidium_frontline: u64,
    /// 在籍会员（职工）人数及其中女职工人数
    pub staff: u64,
    pub staff_women: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DelegatesOut {
    pub term: TermOut,
    pub delegates: Vec<DelegateOut>,
    pub composition: CompositionOut,
    /// 代表构成不符合规定之处（中文，提示而非禁止）
    pub warnings: Vec<String>,
}

fn delegates_out(v: &TermView) -> DelegatesOut {
    let c = &v.composition;
    DelegatesOut {
        term: term_out(&v.term),
        delegates: v.delegates.iter().map(delegate_out).collect(),
        composition: CompositionOut {
            delegates: c.delegates,
            managers: c.managers,
            women: c.women,
            presidium: c.presidium,
            presidium_frontline: c.presidium_frontline,
            staff: c.staff,
            staff_women: c.staff_women,
        },
        warnings: v.warnings.clone(),
    }
}

/// 本届代表名单、构成及提示
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/congress/terms/{term_id}/delegates", tag = "democracy",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("term_id" = Uuid, Path)),
    responses((status = 200, body = DelegatesOut), (status = 404, body = ErrorBody)))]
pub async fn delegates(
    State(state): State<AppState>,
    Path((union_id, term_id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<DelegatesOut>> {
    Ok(Json(delegates_out(&congress::term_view(&state, union_id, term_id).await?)))
}

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

fn session_brief(s: &store::democracy::Session, w: Option<String>) -> SessionBrief {
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

#[derive(Debug, Serialize, ToSchema)]
pub struct CongressOut {
    /// 按职工人数应采用的形式：delegates | all_staff
    pub form: String,
    pub terms: Vec<TermOut>,
    /// 最新一届的代表及构成
    pub current: Option<DelegatesOut>,
    pub sessions: Vec<SessionBrief>,
    pub ballots: Vec<BallotBrief>,
}

/// 职代会概况：届次、最新一届代表构成、会议、投票
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/congress", tag = "democracy", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = CongressOut)))]
pub async fn overview(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<CongressOut>> {
    let o = congress::overview(&state, union_id).await?;
    Ok(Json(CongressOut {
        form: o.form.as_str().to_owned(),
        terms: o.terms.iter().map(term_out).collect(),
        current: o.current.as_ref().map(delegates_out),
        sessions: o.sessions.iter().map(|(s, w)| session_brief(s, w.clone())).collect(),
        ballots: o.ballots.iter().map(ballot_brief).collect(),
    }))
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
pub struct CheckinIn {
    pub delegate_id: Uuid,
}

/// 代表签到；返回签到后的法定人数
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/congress/sessions/{session_id}/checkins", tag = "democracy",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("session_id" = Uuid, Path)), request_body = CheckinIn,
    responses((status = 200, body = QuorumOut), (status = 404, body = ErrorBody)))]
pub async fn check_in(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<CheckinIn>,
) -> AppResult<Json<QuorumOut>> {
    Ok(Json(quorum_out(congress::check_in(&state, &p, union_id, session_id, b.delegate_id).await?)))
}

// --- Ballots ------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BallotIn {
    /// motion（表决）| election（选举）| appraisal（民主评议）
    pub kind: String,
    pub title: String,
    /// 选举事项：general | committee（工会委员会）| audit_committee（经审委员会）| women_committee（女职工委员会）| delegates（职工代表）
    pub purpose: Option<String>,
    /// electronic（默认）| paper
    pub mode: Option<String>,
    /// 职代会会议：投票人为本届全体代表，开始投票前须到会三分之二
    pub session_id: Option<Uuid>,
    /// 有投票权的账号（不属于某次会议的电子投票）
    #[serde(default)]
    pub voter_user_ids: Vec<Uuid>,
    /// 纸质投票且不属于会议时：应到人数
    pub entitled: Option<i64>,
    /// 表决事项（逐项表决），默认一项即标题
    #[serde(default)]
    pub items: Vec<String>,
    /// 选举：候选人（须多于应选人数5%以上）
    #[serde(default)]
    pub candidates: Vec<String>,
    /// 选举：应选人数
    pub seats: Option<u32>,
    /// 选举：可否另选他人，默认可以
    pub write_in: Option<bool>,
    /// 民主评议：被评议人
    #[serde(default)]
    pub cadres: Vec<String>,
}

/// 新建投票（未开始）。表决、选举、民主评议共用一套机制
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/ballots", tag = "democracy", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = BallotIn,
    responses((status = 201, body = Created), (status = 422, body = ErrorBody)))]
pub async fn create_ballot(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<BallotIn>,
) -> AppResult<(StatusCode, Json<Created>)> {
    let items = match BallotKind::parse(b.kind.trim()) {
        Some(BallotKind::Election) => b.candidates,
        Some(BallotKind::Appraisal) => b.cadres,
        _ => b.items,
    };
    let input = BallotInput {
        kind: b.kind,
        title: b.title,
        purpose: b.purpose,
        mode: b.mode,
        session_id: b.session_id,
        voter_user_ids: b.voter_user_ids,
        entitled: b.entitled,
        items,
        seats: b.seats,
        write_in: b.write_in,
    };
    let ballot = service::create(&state, &p, union_id, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: ballot.id })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BallotBrief {
    pub id: Uuid,
    pub session_id: Option<Uuid>,
    pub kind: String,
    pub purpose: String,
    pub mode: String,
    pub title: String,
    pub round: i64,
    pub previous_id: Option<Uuid>,
    pub entitled: i64,
    /// draft | open | counting | closed
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub opened_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

pub fn ballot_brief(b: &store::democracy::Ballot) -> BallotBrief {
    BallotBrief {
        id: b.id,
        session_id: b.session_id,
        kind: b.kind.clone(),
        purpose: b.purpose.clone(),
        mode: b.mode.clone(),
        title: b.title.clone(),
        round: b.round,
        previous_id: b.previous_id,
        entitled: b.entitled,
        status: b.status.clone(),
        created_at: b.created_at,
        opened_at: b.opened_at,
        closed_at: b.closed_at,
    }
}

/// 本会的投票
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/ballots", tag = "democracy", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [BallotBrief])))]
pub async fn ballots(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<BallotBrief>>> {
    Ok(Json(service::list(&state, union_id, None).await?.iter().map(ballot_brief).collect()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyBallot {
    #[serde(flatten)]
    pub ballot: BallotBrief,
    pub voted: bool,
}

/// 我有投票权的投票
#[utoipa::path(get, path = "/api/v1/me/ballots", tag = "democracy", security(("bearer" = [])),
    responses((status = 200, body = [MyBallot])))]
pub async fn my_ballots(State(state): State<AppState>, p: Principal) -> AppResult<Json<Vec<MyBallot>>> {
    Ok(Json(
        service::mine(&state, &p)
            .await?
            .iter()
            .map(|(b, voted)| MyBallot { ballot: ballot_brief(b), voted: *voted })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BallotOut {
    #[serde(flatten)]
    pub ballot: BallotBrief,
    /// 表决事项、候选人或被评议人
    pub items: Vec<String>,
    pub seats: u32,
    pub write_in: bool,
    /// 我是否有投票权、是否已投
    pub voter: bool,
    pub voted: bool,
    /// 已投票人数（不含任何选择）
    pub cast: i64,
}

/// 投票详情（投票人或可查看本会职代会者）
#[utoipa::path(get, path = "/api/v1/ballots/{ballot_id}", tag = "democracy", security(("bearer" = [])),
    params(("ballot_id" = Uuid, Path)), responses((status = 200, body = BallotOut), (status = 404, body = ErrorBody)))]
pub async fn ballot(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<BallotOut>> {
    let t = service::tally(&state, &p, id).await?;
    Ok(Json(BallotOut {
        ballot: ballot_brief(&t.access.ballot),
        items: t.spec.items.clone(),
        seats: t.spec.seats,
        write_in: t.spec.write_in,
        voter: t.access.voter,
        voted: t.access.voted,
        cast: t.cast,
    }))
}

/// 开始投票（职代会表决须已到会三分之二）
#[utoipa::path(post, path = "/api/v1/ballots/{ballot_id}/open", tag = "democracy", security(("bearer" = [])),
    params(("ballot_id" = Uuid, Path)),
    responses((status = 200, body = BallotBrief), (status = 409, body = ErrorBody)))]
pub async fn open(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<BallotBrief>> {
    Ok(Json(ballot_brief(&service::open(&state, &p, id).await?)))
}

/// 结束投票：电子投票随即计票并公布全部选票（回执码与选择）；纸质投票待录入计票结果
#[utoipa::path(post, path = "/api/v1/ballots/{ballot_id}/close", tag = "democracy", security(("bearer" = [])),
    params(("ballot_id" = Uuid, Path)),
    responses((status = 200, body = BallotBrief), (status = 409, body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<BallotBrief>> {
    Ok(Json(ballot_brief(&service::close(&state, &p, id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteIn {
    /// 只有一项的表决：yes | no | abstain
    pub choice: Option<String>,
    /// 多项表决：逐项 yes | no | abstain
    #[serde(default)]
    pub choices: Vec<String>,
    /// 选举：圈选的候选人姓名（不超过应选人数）
    #[serde(default)]
    pub candidates: Vec<String>,
    /// 选举：另选他人
    #[serde(default)]
    pub write_ins: Vec<String>,
    /// 民主评议：逐一 excellent | competent | basic | incompetent
    #[serde(default)]
    pub ratings: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptOut {
    /// 回执码：投票结束后在公布的选票中可查到自己的选票
    pub receipt: String,
}

/// 投票（每人一票）；第二次投票 409，不在投票人名单 403/404，投票结束后 409
#[utoipa::path(post, path = "/api/v1/ballots/{ballot_id}/vote", tag = "democracy", security(("bearer" = [])),
    params(("ballot_id" = Uuid, Path)), request_body = VoteIn,
    responses((status = 201, body = ReceiptOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn vote(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    body: Bytes,
) -> AppResult<(StatusCode, Json<ReceiptOut>)> {
    let code = service::vote(&state, &p, id, || {
        let b: VoteIn = parse_json(&body)?;
        let mut choices = b.choices;
        if let Some(c) = b.choice {
            choices.insert(0, c);
        }
        Ok(VoteInput { choices, candidates: b.candidates, write_ins: b.write_ins, ratings: b.ratings })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(ReceiptOut { receipt: domain::democracy::receipt::display(&code) })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PaperOut {
    pub receipt: String,
    /// 只有一项的表决：yes | no | abstain
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choice: Option<String>,
    /// 全部选择：表决逐项、选举为所选姓名、评议逐一
    pub marks: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ItemOut {
    pub name: String,
    /// 另选他人
    pub write_in: bool,
    /// 按 columns 顺序的票数
    pub counts: Vec<u64>,
    /// 比例：表决、选举占应到人数，评议占有效票
    pub rates: Vec<String>,
    /// 表决：是否通过；选举：是否当选
    pub passed: Option<bool>,
    /// 选举：与他人票数相同争最后名额，另行选举
    pub tied: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TallyOut {
    pub id: Uuid,
    pub title: String,
    pub kind: String,
    pub mode: String,
    pub status: String,
    /// 应到（有投票权）
    pub entitled: i64,
    /// 实到
    pub present: Option<i64>,
    /// 收回（已投）
    pub cast: i64,
    /// 只有一项的表决：赞成、反对、弃权票数（结束前为 null）
    pub yes: Option<u64>,
    pub no: Option<u64>,
    pub abstain: Option<u64>,
    /// 赞成票超过应到人数的半数（不是投票人数的半数）；结束前为 false
    pub passed: bool,
    pub columns: Vec<String>,
    pub items: Vec<ItemOut>,
    /// 选举：到会达三分之二，选举有效
    pub valid: Option<bool>,
    pub seats: u32,
    /// 选举：尚缺名额，另行选举
    pub unfilled: u32,
    /// 全部选票（回执码、选择），按回执码排序；投票结束后公布
    pub ballots: Vec<PaperOut>,
    /// 决议文本
    pub minutes: Option<String>,
}

pub fn tally_out(t: &TallyView) -> TallyOut {
    let b = &t.access.ballot;
    let o: Option<&Outcome> = t.outcome.as_ref();
    let single_motion = t.spec.kind == BallotKind::Motion && t.spec.items.len() == 1;
    let first = o.and_then(|o| o.rows.first()).filter(|_| single_motion);
    TallyOut {
        id: b.id,
        title: b.title.clone(),
        kind: b.kind.clone(),
        mode: b.mode.clone(),
        status: b.status.clone(),
        entitled: b.entitled,
        present: b.present,
        cast: t.cast,
        yes: first.map(|r| r.counts[0]),
        no: first.map(|r| r.counts[1]),
        abstain: first.map(|r| r.counts[2]),
        passed: match (t.spec.kind, o) {
            (BallotKind::Motion, Some(o)) => o.rows.iter().all(|r| r.decided == Some(true)),
            (BallotKind::Election, Some(o)) => o.valid && o.unfilled == 0,
            _ => false,
        },
        columns: domain::democracy::ballot::columns(t.spec.kind).iter().map(|s| s.to_string()).collect(),
        items: o
            .map(|o| {
                o.rows
                    .iter()
                    .map(|r| ItemOut {
                        name: r.name.clone(),
                        write_in: r.write_in,
                        counts: r.counts.clone(),
                        rates: r.rates.clone(),
                        passed: r.decided,
                        tied: r.tied,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        valid: o.filter(|o| o.kind == BallotKind::Election).map(|o| o.valid),
        seats: t.spec.seats,
        unfilled: o.map_or(0, |o| o.unfilled),
        ballots: t
            .papers
            .iter()
            .map(|(r, marks)| PaperOut {
                receipt: r.clone(),
                choice: single_motion.then(|| marks.first().cloned()).flatten(),
                marks: marks.clone(),
            })
            .collect(),
        minutes: t.minutes.clone(),
    }
}

/// 计票结果：应到、收回、各选项票数和比例、是否通过；投票结束后附全部选票
#[utoipa::path(get, path = "/api/v1/ballots/{ballot_id}/tally", tag = "democracy", security(("bearer" = [])),
    params(("ballot_id" = Uuid, Path)), responses((status = 200, body = TallyOut), (status = 404, body = ErrorBody)))]
pub async fn tally(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<TallyOut>> {
    Ok(Json(tally_out(&service::tally(&state, &p, id).await?)))
}

/// 查回执码：在公布的选票中找到自己的选票；伪造或输错的回执码 404
#[utoipa::path(get, path = "/api/v1/ballots/{ballot_id}/receipts/{receipt}", tag = "democracy", security(("bearer" = [])),
    params(("ballot_id" = Uuid, Path), ("receipt" = String, Path)),
    responses((status = 200, body = PaperOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn receipt(
    State(state): State<AppState>,
    p: Principal,
    Path((id, code)): Path<(Uuid, String)>,
) -> AppResult<Json<PaperOut>> {
    let (receipt, marks) = service::find_receipt(&state, &p, id, &code).await?;
    let choice = (marks.len() == 1 && domain::democracy::ballot::Choice::parse(&marks[0]).is_some())
        .then(|| marks[0].clone());
    Ok(Json(PaperOut { receipt, choice, marks }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RowIn {
    /// 表决事项、候选人、被评议人的名称，按投票所列顺序；另选他人的姓名列在最后
    pub name: String,
    /// 表决：[赞成, 反对, 弃权]；选举：[得票]；评议：[优秀, 称职, 基本称职, 不称职]
    pub counts: Vec<u64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CountsIn {
    /// 实到人数
    pub present: i64,
    /// 收回选票
    pub cast: u64,
    /// 其中无效票
    #[serde(default)]
    pub invalid: u64,
    pub rows: Vec<RowIn>,
}

/// 录入纸质选票计票结果；两人分别录入一致后结果确认
#[utoipa::path(post, path = "/api/v1/ballots/{ballot_id}/counts", tag = "democracy", security(("bearer" = [])),
    params(("ballot_id" = Uuid, Path)), request_body = CountsIn,
    responses((status = 201, body = service::CountOutcome), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn enter_counts(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<CountsIn>,
) -> AppResult<(StatusCode, Json<service::CountOutcome>)> {
    let counts = counts_of(
        &state,
        &p,
        id,
        b.cast,
        b.invalid,
        b.rows.into_iter().map(|r| (r.name, r.counts)).collect(),
    )
    .await?;
    let o = service::enter_counts(&state, &p, id, b.present, &counts).await?;
    Ok((StatusCode::CREATED, Json(o)))
}

/// Counts as entered: rows beyond the ballot's items are write-ins.
pub async fn counts_of(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    cast: u64,
    invalid: u64,
    rows: Vec<(String, Vec<u64>)>,
) -> AppResult<Counts> {
    let mut tx = state.db.read().await?;
    let a = service::access(&mut tx, p, id).await?;
    drop(tx);
    let n = service::spec_of(&a.ballot)?.items.len();
    Ok(Counts {
        cast,
        invalid,
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(i, (name, counts))| Row { name: name.trim().to_owned(), counts, write_in: i >= n })
            .collect(),
    })
}

/// 另行选举：为未选满的名额（含票数相同者）发起下一轮，投票人不变
#[utoipa::path(post, path = "/api/v1/ballots/{ballot_id}/next-round", tag = "democracy", security(("bearer" = [])),
    params(("ballot_id" = Uuid, Path)), responses((status = 201, body = Created), (status = 409, body = ErrorBody)))]
pub async fn next_round(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<(StatusCode, Json<Created>)> {
    let b = service::next_round(&state, &p, id).await?;
    Ok((StatusCode::CREATED, Json(Created { id: b.id })))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeatIn {
    /// 登记到哪一届
    pub term_id: Uuid,
}

/// 职工代表选举的当选人登记为代表（按姓名关联在籍会员及其账号；已登记的不重复）
#[utoipa::path(post, path = "/api/v1/ballots/{ballot_id}/delegates", tag = "democracy", security(("bearer" = [])),
    params(("ballot_id" = Uuid, Path)), request_body = SeatIn,
    responses((status = 201, body = [DelegateOut]), (status = 409, body = ErrorBody)))]
pub async fn seat_elected(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<SeatIn>,
) -> AppResult<(StatusCode, Json<Vec<DelegateOut>>)> {
    let added = congress::seat_elected(&state, &p, id, b.term_id).await?;
    Ok((StatusCode::CREATED, Json(added.iter().map(delegate_out).collect())))
}
