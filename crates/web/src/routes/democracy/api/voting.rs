//! Voting on a ballot and reading it back: the vote with its receipt, the
//! tally with the published papers, the receipt look-up.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use domain::democracy::ballot::{BallotKind, VoteInput};
use domain::democracy::outcome::Outcome;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::{Path, parse_json};
use app::AppState;
use app::auth::Principal;
use app::democracy::service::{self, TallyView};
use app::error::{AppResult, ErrorBody};

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
pub struct BallotItemOut {
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
    pub items: Vec<BallotItemOut>,
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
                    .map(|r| BallotItemOut {
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
