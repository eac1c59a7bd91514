//! `/api/v1` for contests (劳动竞赛, 技能比武, 岗位练兵, 安康杯): create and
//! list, entrants, judges, rounds, judges' score sheets, the ranking,
//! prizes, publication and the result for the honours register.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Path, Query};
use app::AppState;
use app::activity::contest::{
    self as service, ContestInput, ContestView, CriterionInput, EntrantInput, EntrantView, PrizeInput,
    RankLine, Results,
};
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use store::activity::contest::{Contest, Prize, Round};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CriterionIn {
    /// 评分项代码（缺省为 c1、c2 …）
    pub key: Option<String>,
    pub name: String,
    /// 权重（大于0，不必合计100）
    pub weight: u32,
    /// 最低分（缺省0），最多两位小数
    #[schema(value_type = Option<f64>)]
    pub min: Option<Value>,
    /// 最高分，最多两位小数
    #[schema(value_type = f64)]
    pub max: Value,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContestIn {
    /// labour_competition（劳动竞赛）| skill_contest（技能比武）| job_training（岗位练兵）| ankang_cup（安康杯竞赛）| other
    pub kind: String,
    pub title: String,
    /// 竞赛规则
    pub rules: Option<String>,
    #[schema(value_type = String, format = Date)]
    pub starts_on: String,
    #[schema(value_type = String, format = Date)]
    pub ends_on: String,
    /// 评分标准（各轮通用）
    pub criteria: Vec<CriterionIn>,
    /// 去掉一个最高分和一个最低分（3名及以上评委评分时）
    #[serde(default)]
    pub trimmed_mean: bool,
}

/// A number or a text as typed (`95.5` or `"95.5"`).
fn typed(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContestBrief {
    pub id: Uuid,
    pub kind: String,
    pub kind_label: String,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub trimmed_mean: bool,
    pub published_at: Option<DateTime<Utc>>,
}

fn brief(c: &Contest) -> ContestBrief {
    ContestBrief {
        id: c.id,
        kind: c.kind.clone(),
        kind_label: service::kind_label(&c.kind).into(),
        title: c.title.clone(),
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        trimmed_mean: c.trimmed_mean,
        published_at: c.published_at,
    }
}

/// 发起竞赛（劳动竞赛、技能比武、岗位练兵、安康杯）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/contests", tag = "contests", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = ContestIn,
    responses((status = 201, body = ContestBrief), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<ContestIn>,
) -> AppResult<(StatusCode, Json<ContestBrief>)> {
    let input = ContestInput {
        kind: b.kind,
        title: b.title,
        rules: b.rules.unwrap_or_default(),
        starts_on: b.starts_on,
        ends_on: b.ends_on,
        criteria: b
            .criteria
            .iter()
            .map(|c| CriterionInput {
                key: c.key.clone(),
                name: c.name.clone(),
                weight: c.weight,
                min: c.min.as_ref().map(typed).unwrap_or_default(),
                max: typed(&c.max),
            })
            .collect(),
        trimmed_mean: b.trimmed_mean,
    };
    let c = service::create(&state, &p, union_id, &input).await?;
    Ok((StatusCode::CREATED, Json(brief(&c))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContestList {
    pub items: Vec<ContestBrief>,
}

/// 本会的竞赛
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/contests", tag = "contests", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = ContestList), (status = 404, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, Path(union_id): Path<Uuid>) -> AppResult<Json<ContestList>> {
    Ok(Json(ContestList { items: service::list(&state, union_id).await?.iter().map(brief).collect() }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CriterionOut {
    pub key: String,
    pub name: String,
    pub weight: u32,
    pub min: String,
    pub max: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoundOut {
    pub id: Uuid,
    pub seq: i64,
    pub name: String,
    /// open | closed
    pub status: String,
    pub closed_at: Option<DateTime<Utc>>,
}

fn round_out(r: &Round) -> RoundOut {
    RoundOut { id: r.id, seq: r.seq, name: r.name.clone(), status: r.status.clone(), closed_at: r.closed_at }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonOut {
    pub member_id: Uuid,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EntrantOut {
    pub id: Uuid,
    /// individual | team
    pub kind: String,
    pub name: String,
    pub member_id: Option<Uuid>,
    pub members: Vec<PersonOut>,
}

fn entrant_out(e: &EntrantView) -> EntrantOut {
    EntrantOut {
        id: e.entrant.id,
        kind: if e.team() { "team" } else { "individual" }.into(),
        name: e.entrant.name.clone(),
        member_id: e.entrant.member_id,
        members: e.members.iter().map(|(m, n)| PersonOut { member_id: *m, name: n.clone() }).collect(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JudgeOut {
    pub user_id: Uuid,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PrizeOut {
    pub entrant_id: Uuid,
    pub title: String,
    /// 每人奖金（分）；团体每名队员各得此数
    pub amount_fen: i64,
    pub form: String,
}

fn prize_out(p: &Prize) -> PrizeOut {
    PrizeOut {
        entrant_id: p.entrant_id,
        title: p.title.clone(),
        amount_fen: p.amount_fen,
        form: p.form.clone(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContestOut {
    #[serde(flatten)]
    pub contest: ContestBrief,
    pub rules: String,
    pub criteria: Vec<CriterionOut>,
    pub rounds: Vec<RoundOut>,
    pub entrants: Vec<EntrantOut>,
    /// 参赛人数（个人加各队队员）
    pub people: usize,
    pub judges: Vec<JudgeOut>,
    pub prizes: Vec<PrizeOut>,
    /// 我是否为本竞赛评委
    pub is_judge: bool,
}

fn contest_out(v: &ContestView) -> ContestOut {
    ContestOut {
        contest: brief(&v.contest),
        rules: v.contest.rules.clone(),
        criteria: v
            .criteria
            .iter()
            .map(|c| CriterionOut {
                key: c.key.clone(),
                name: c.name.clone(),
                weight: c.weight,
                min: service::score(c.min),
                max: service::score(c.max),
            })
            .collect(),
        rounds: v.rounds.iter().map(round_out).collect(),
        entrants: v.entrants.iter().map(entrant_out).collect(),
        people: v.people(),
        judges: v.judges.iter().map(|j| JudgeOut { user_id: j.user_id, name: j.name.clone() }).collect(),
        prizes: v.prizes.iter().map(prize_out).collect(),
        is_judge: v.is_judge,
    }
}

/// 竞赛详情：规则、评分标准、赛程、参赛者、评委、奖项
#[utoipa::path(get, path = "/api/v1/contests/{contest_id}", tag = "contests", security(("bearer" = [])),
    params(("contest_id" = Uuid, Path)), responses((status = 200, body = ContestOut), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<ContestOut>> {
    Ok(Json(contest_out(&service::view(&state, &p, id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntrantIn {
    /// 个人参赛：本会会员
    pub member_id: Option<Uuid>,
    /// 团体参赛：队名
    pub team_name: Option<String>,
    /// 团体参赛：队员（本会会员）
    #[serde(default)]
    pub member_ids: Vec<Uuid>,
}

/// 增加参赛者（个人或团体，均为本会会员）
#[utoipa::path(post, path = "/api/v1/contests/{contest_id}/entrants", tag = "contests", security(("bearer" = [])),
    params(("contest_id" = Uuid, Path)), request_body = EntrantIn,
    responses((status = 201, body = EntrantOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn add_entrant(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<EntrantIn>,
) -> AppResult<(StatusCode, Json<EntrantOut>)> {
    let input = EntrantInput { member_id: b.member_id, team_name: b.team_name, member_ids: b.member_ids };
    let e = service::add_entrant(&state, &p, id, &input).await?;
    Ok((StatusCode::CREATED, Json(entrant_out(&e))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JudgeIn {
    /// 本会的用户账号（工会干部，或已开通账号的会员）
    pub user_id: Uuid,
}

/// 增加评委
#[utoipa::path(post, path = "/api/v1/contests/{contest_id}/judges", tag = "contests", security(("bearer" = [])),
    params(("contest_id" = Uuid, Path)), request_body = JudgeIn,
    responses((status = 201, body = JudgeOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn add_judge(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<JudgeIn>,
) -> AppResult<(StatusCode, Json<JudgeOut>)> {
    let j = service::add_judge(&state, &p, id, b.user_id).await?;
    Ok((StatusCode::CREATED, Json(JudgeOut { user_id: j.user_id, name: j.name })))
}

/// 删除参赛者（团体连同队员和所设奖项）；已有评分表或结果已公布时不能删除
#[utoipa::path(delete, path = "/api/v1/contests/{contest_id}/entrants/{entrant_id}", tag = "contests", security(("bearer" = [])),
    params(("contest_id" = Uuid, Path), ("entrant_id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody),
        (status = 409, description = "已有评分表，或竞赛结果已公布", body = ErrorBody)))]
pub async fn remove_entrant(
    State(state): State<AppState>,
    p: Principal,
    Path((id, entrant_id)): Path<(Uuid, Uuid)>,
) -> AppResult<StatusCode> {
    app::activity::contest_removal::remove_entrant(&state, &p, id, entrant_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 删除评委；已提交评分表或结果已公布时不能删除
#[utoipa::path(delete, path = "/api/v1/contests/{contest_id}/judges/{user_id}", tag = "contests", security(("bearer" = [])),
    params(("contest_id" = Uuid, Path), ("user_id" = Uuid, Path, description = "评委的用户账号")),
    responses((status = 204), (status = 404, body = ErrorBody),
        (status = 409, description = "已提交评分表，或竞赛结果已公布", body = ErrorBody)))]
pub async fn remove_judge(
    State(state): State<AppState>,
    p: Principal,
    Path((id, user_id)): Path<(Uuid, Uuid)>,
) -> AppResult<StatusCode> {
    app::activity::contest_removal::remove_judge(&state, &p, id, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundIn {
    /// 初赛、复赛、决赛 …
    pub name: String,
}

/// 增加赛程（一轮评分）
#[utoipa::path(post, path = "/api/v1/contests/{contest_id}/rounds", tag = "contests", security(("bearer" = [])),
    params(("contest_id" = Uuid, Path)), request_body = RoundIn,
    responses((status = 201, body = RoundOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn add_round(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<RoundIn>,
) -> AppResult<(StatusCode, Json<RoundOut>)> {
    let r = service::add_round(&state, &p, id, &b.name).await?;
    Ok((StatusCode::CREATED, Json(round_out(&r))))
}

/// 结束本轮评分：此后不再收评分表，各评委的评分表和排名公开
#[utoipa::path(post, path = "/api/v1/contests/{contest_id}/rounds/{round_id}/close", tag = "contests", security(("bearer" = [])),
    params(("contest_id" = Uuid, Path), ("round_id" = Uuid, Path)),
    responses((status = 200, body = RoundOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn close_round(
    State(state): State<AppState>,
    p: Principal,
    Path((id, round_id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<RoundOut>> {
    Ok(Json(round_out(&service::close_round(&state, &p, id, round_id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SheetIn {
    pub entrant_id: Uuid,
    /// 评分项代码 → 分数（最多两位小数）
    #[schema(value_type = BTreeMap<String, f64>)]
    pub scores: BTreeMap<String, Value>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SheetOut {
    pub round_id: Uuid,
    pub judge_id: Uuid,
    pub judge_name: String,
    pub entrant_id: Uuid,
    pub scores: BTreeMap<String, String>,
    /// 加权总分
    pub total: String,
    pub submitted_at: DateTime<Utc>,
}

fn sheet_out(v: &ContestView, s: &store::activity::contest::Sheet) -> SheetOut {
    let d = service::domain_sheet(s);
    SheetOut {
        round_id: s.round_id,
        judge_id: s.judge_id,
        judge_name: v.judge_name(s.judge_id),
        entrant_id: s.entrant_id,
        total: domain::activity::sheet_total(&v.criteria, &d).text(),
        scores: d.scores.iter().map(|(k, h)| (k.clone(), service::score(*h))).collect(),
        submitted_at: s.submitted_at,
    }
}

/// 评委提交一名参赛者的评分表（每名评委对每名参赛者每轮一张，提交后不可修改）
#[utoipa::path(post, path = "/api/v1/contests/{contest_id}/rounds/{round_id}/sheets", tag = "contests", security(("bearer" = [])),
    params(("contest_id" = Uuid, Path), ("round_id" = Uuid, Path)), request_body = SheetIn,
    responses((status = 201, body = SheetOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn submit_sheet(
    State(state): State<AppState>,
    p: Principal,
    Path((id, round_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<SheetIn>,
) -> AppResult<(StatusCode, Json<SheetOut>)> {
    let scores: Vec<(String, String)> = b.scores.iter().map(|(k, v)| (k.clone(), typed(v))).collect();
    let s = service::submit_sheet(&state, &p, id, round_id, b.entrant_id, &scores).await?;
    let v = service::view(&state, &p, id).await?;
    Ok((StatusCode::CREATED, Json(sheet_out(&v, &s))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SheetList {
    pub round: RoundOut,
    pub items: Vec<SheetOut>,
}

/// 本轮评分表：评分结束前，评委只看到自己的评分表
#[utoipa::path(get, path = "/api/v1/contests/{contest_id}/rounds/{round_id}/sheets", tag = "contests", security(("bearer" = [])),
    params(("contest_id" = Uuid, Path), ("round_id" = Uuid, Path)),
    responses((status = 200, body = SheetList), (status = 404, body = ErrorBody)))]
pub async fn sheets(
    State(state): State<AppState>,
    p: Principal,
    Path((id, round_id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<SheetList>> {
    let (v, round, rows) = service::sheets(&state, &p, id, round_id).await?;
    Ok(Json(SheetList { round: round_out(&round), items: rows.iter().map(|s| sheet_out(&v, s)).collect() }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RankOut {
    /// 名次（并列者同名次，下一名次顺延）
    pub rank: u32,
    pub entrant: EntrantOut,
    pub score: String,
    /// 与其并列的参赛者
    pub tied_with: Vec<String>,
    /// 评分表张数
    pub sheets: usize,
}

fn rank_out(l: &RankLine) -> RankOut {
    RankOut {
        rank: l.rank,
        entrant: entrant_out(&l.entrant),
        score: l.score.clone(),
        tied_with: l.tied_with.clone(),
        sheets: l.sheets,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RankingOut {
    pub round: RoundOut,
    /// 去掉最高分和最低分
    pub trimmed_mean: bool,
    pub items: Vec<RankOut>,
    /// 尚无评分的参赛者
    pub unscored: Vec<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct RankingQuery {
    /// 哪一轮（缺省为最后一轮）
    pub round_id: Option<Uuid>,
}

/// 排名（评分结束后；组织者中非评委者可随时查看）
#[utoipa::path(get, path = "/api/v1/contests/{contest_id}/ranking", tag = "contests", security(("bearer" = [])),
    params(("contest_id" = Uuid, Path), RankingQuery),
    responses((status = 200, body = RankingOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn ranking(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    Query(q): Query<RankingQuery>,
) -> AppResult<Json<RankingOut>> {
    let (v, r) = service::ranking(&state, &p, id, q.round_id).await?;
    Ok(Json(RankingOut {
        round: round_out(&r.round),
        trimmed_mean: v.contest.trimmed_mean,
        items: r.lines.iter().map(rank_out).collect(),
        unscored: r.unscored,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrizeIn {
    pub entrant_id: Uuid,
    /// 一等奖、二等奖 …
    pub title: String,
    /// 每人奖金（分）；团体每名队员各得此数
    pub amount_fen: i64,
    /// cash（默认）| goods | named_goods_voucher …
    pub form: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrizesIn {
    pub prizes: Vec<PrizeIn>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PrizesOut {
    pub items: Vec<PrizeOut>,
}

/// 设定奖项（整体替换），按经费支出规定审核：每人奖金上限、获奖人数不超过参赛人数三分之一
#[utoipa::path(post, path = "/api/v1/contests/{contest_id}/prizes", tag = "contests", security(("bearer" = [])),
    params(("contest_id" = Uuid, Path)), request_body = PrizesIn,
    responses((status = 200, body = PrizesOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn set_prizes(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<PrizesIn>,
) -> AppResult<Json<PrizesOut>> {
    let input: Vec<PrizeInput> = b
        .prizes
        .into_iter()
        .map(|x| PrizeInput {
            entrant_id: x.entrant_id,
            title: x.title,
            amount_fen: x.amount_fen,
            form: x.form.unwrap_or_else(|| "cash".into()),
        })
        .collect();
    let (rows, _) = service::set_prizes(&state, &p, id, &input).await?;
    Ok(Json(PrizesOut { items: rows.iter().map(prize_out).collect() }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Published {
    /// 公开栏条目
    pub disclosure_id: Uuid,
}

/// 在公开栏公布竞赛结果（最后一轮评分须已结束）
#[utoipa::path(post, path = "/api/v1/contests/{contest_id}/publish", tag = "contests", security(("bearer" = [])),
    params(("contest_id" = Uuid, Path)),
    responses((status = 200, body = Published), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<Published>> {
    let item = service::publish(&state, &p, id).await?;
    Ok(Json(Published { disclosure_id: item.id }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WinnerOut {
    pub entrant: EntrantOut,
    pub title: String,
    pub amount_fen: i64,
    pub form: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResultsOut {
    pub contest: ContestBrief,
    /// 排名所依据的一轮（最后一轮；评分结束前为空）
    pub round: Option<RoundOut>,
    pub ranking: Vec<RankOut>,
    pub winners: Vec<WinnerOut>,
}

pub fn results_out(r: &Results) -> ResultsOut {
    ResultsOut {
        contest: brief(&r.view.contest),
        round: r.ranking.as_ref().map(|k| round_out(&k.round)),
        ranking: r.ranking.as_ref().map(|k| k.lines.iter().map(rank_out).collect()).unwrap_or_default(),
        winners: r
            .winners
            .iter()
            .map(|(p, e)| WinnerOut {
                entrant: entrant_out(e),
                title: p.title.clone(),
                amount_fen: p.amount_fen,
                form: p.form.clone(),
            })
            .collect(),
    }
}

/// 竞赛结果：最后一轮排名与获奖名单（供荣誉登记读取）
#[utoipa::path(get, path = "/api/v1/contests/{contest_id}/results", tag = "contests", security(("bearer" = [])),
    params(("contest_id" = Uuid, Path)), responses((status = 200, body = ResultsOut), (status = 404, body = ErrorBody)))]
pub async fn results(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<ResultsOut>> {
    Ok(Json(results_out(&service::results(&state, &p, id).await?)))
}
