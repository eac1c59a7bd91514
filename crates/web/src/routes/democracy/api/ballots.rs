//! Running ballots (表决、选举、民主评议): create, list, open, close, paper
//! counts, a further round, seating elected delegates.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::democracy::ballot::BallotKind;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{BallotBrief, Created, DelegateOut, ballot_brief, delegate_out};
use crate::extract::{ApiJson, Path};
use app::AppState;
use app::auth::Principal;
use app::democracy::congress;
use app::democracy::lookup;
use app::democracy::service::{self, BallotInput};
use app::error::{AppResult, ErrorBody};

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
    let counts = lookup::counts_of(
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
