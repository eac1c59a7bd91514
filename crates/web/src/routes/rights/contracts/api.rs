//! `/api/v1/unions/{union_id}/collective-contracts` and
//! `/api/v1/collective-contracts/{contract_id}`: recording a contract and
//! its later steps.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use domain::rights::contract::Reminder;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::{ApiJson, Path};
use crate::kit::{ItemOut, item_out};
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::rights::contract::steps::{self, CongressInput};
use app::rights::contract::{self as service, Contract, ContractInput, ContractView, Negotiation};

#[derive(Debug, Serialize, ToSchema)]
pub struct ContractCongressOut {
    /// The democracy area's ballot, when the vote was one.
    pub ballot_id: Option<Uuid>,
    pub delegates: i64,
    pub present: i64,
    pub in_favour: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReminderOut {
    /// file | publish | renew
    pub kind: String,
    /// The day it is due (renew: the day the contract expires).
    pub due: NaiveDate,
    pub overdue: bool,
    pub message: String,
}

pub fn reminder_out(r: &Reminder) -> ReminderOut {
    let (kind, due, overdue) = match *r {
        Reminder::File { due, overdue } => ("file", due, overdue),
        Reminder::Publish { due, overdue } => ("publish", due, overdue),
        Reminder::Renew { expires_on } => ("renew", expires_on, false),
    };
    ReminderOut { kind: kind.to_owned(), due, overdue, message: r.message() }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContractOut {
    pub id: Uuid,
    /// The signing union.
    pub union_id: Uuid,
    /// general | wage | women
    pub kind: String,
    pub kind_label: String,
    pub title: String,
    /// The employer in a register (its register's org and id).
    pub employer_org_id: Option<Uuid>,
    pub employer_id: Option<Uuid>,
    pub employer_name: String,
    /// The employer's staff when recorded (the ceiling of coverage).
    pub employer_staff: Option<i64>,
    pub union_negotiator: String,
    pub employer_negotiator: String,
    /// The worker congress's approval of the draft.
    pub congress: Option<ContractCongressOut>,
    pub signed_on: Option<NaiveDate>,
    pub term_months: i64,
    pub workers_covered: i64,
    /// Wage agreements: last year's average wage (fen) and this year's
    /// adjustment (basis points, 350 = +3.5%).
    pub average_wage_fen: Option<i64>,
    pub adjustment_bp: Option<i64>,
    pub filed_on: Option<NaiveDate>,
    /// The last day to file (10 days after signing).
    pub filing_due: Option<NaiveDate>,
    /// pending | no_objection | objection
    pub review: String,
    pub reviewed_on: Option<NaiveDate>,
    pub review_opinion: Option<String>,
    pub effective_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
    /// The last day to publish (10 days after taking effect).
    pub publication_due: Option<NaiveDate>,
    /// The disclosure board item that published it.
    pub disclosure_id: Option<Uuid>,
    pub renews_id: Option<Uuid>,
    /// Renewed by a later contract.
    pub renewed: bool,
    /// draft | signed | filed | objected | effective | expiring | expired (today)
    pub status: String,
    pub status_label: String,
    pub reminders: Vec<ReminderOut>,
    pub created_at: DateTime<Utc>,
}

fn congress_of(c: &Contract) -> Option<ContractCongressOut> {
    Some(ContractCongressOut {
        ballot_id: c.ballot_id,
        delegates: c.congress_delegates?,
        present: c.congress_present?,
        in_favour: c.congress_in_favour?,
    })
}

pub fn out(v: ContractView) -> ContractOut {
    let c = v.row;
    ContractOut {
        id: c.id,
        union_id: c.union_id,
        kind_label: service::kind_of(&c).label().to_owned(),
        congress: congress_of(&c),
        kind: c.kind,
        title: c.title,
        employer_org_id: c.employer_org_id,
        employer_id: c.employer_id,
        employer_name: c.employer_name,
        employer_staff: c.employer_staff,
        union_negotiator: c.union_negotiator,
        employer_negotiator: c.employer_negotiator,
        signed_on: c.signed_on,
        term_months: c.term_months,
        workers_covered: c.workers_covered,
        average_wage_fen: c.average_wage_fen,
        adjustment_bp: c.adjustment_bp,
        filed_on: c.filed_on,
        filing_due: v.filing_due,
        review: c.review,
        reviewed_on: c.reviewed_on,
        review_opinion: c.review_opinion,
        effective_on: v.effective_on,
        expires_on: v.expires_on,
        published_on: c.published_on,
        publication_due: v.publication_due,
        disclosure_id: c.disclosure_id,
        renews_id: c.renews_id,
        renewed: v.renewed,
        status: v.status.as_str().to_owned(),
        status_label: v.status.label().to_owned(),
        reminders: v.reminders.iter().map(reminder_out).collect(),
        created_at: c.created_at,
    }
}

/// A contract just written, as it stands today.
async fn fresh(state: &AppState, c: Contract) -> AppResult<ContractOut> {
    let (v, _, _) = service::get(state, c.id).await?;
    Ok(out(v))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContractList {
    pub items: Vec<ContractOut>,
}

/// 集体合同列表（含当前状态与提醒）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/collective-contracts", tag = "collective-contracts",
    security(("bearer" = [])), params(("union_id" = Uuid, Path)),
    responses((status = 200, body = ContractList), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<ContractList>> {
    let (_, views) = service::list(&state, union_id).await?;
    Ok(Json(ContractList { items: views.into_iter().map(out).collect() }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractIn {
    /// general（集体合同）| wage（工资专项集体协议）| women（女职工权益保护专项集体合同）
    pub kind: String,
    /// 签订日期；省略：草拟中（协商、职代会通过后再签订）
    pub signed_on: Option<NaiveDate>,
    /// 期限（月）：12–36；工资专项集体协议12
    pub term_months: i64,
    /// 覆盖职工人数（不超过单位职工人数）
    pub workers_covered: i64,
    /// 合同名称；省略：单位名称 + 年份 + 合同类型
    pub title: Option<String>,
    /// 企业名录中的单位（本会或上级总工会的名录中由本会覆盖的单位）
    pub employer_id: Option<Uuid>,
    /// 不关联名录时：用人单位名称（省略：本会所在单位）
    pub employer_name: Option<String>,
    /// 不关联名录时：单位职工人数（覆盖人数的上限；省略：本会登记的职工人数）
    pub employer_staff: Option<i64>,
    /// 工会方首席协商代表
    pub union_negotiator: Option<String>,
    /// 企业方首席协商代表
    pub employer_negotiator: Option<String>,
    /// 工资专项集体协议：上年度职工平均工资（分）
    pub average_wage_fen: Option<i64>,
    /// 工资专项集体协议：本年度工资调整幅度（基点，350 = 增长3.5%）
    pub adjustment_bp: Option<i64>,
    /// 续签：被续签的合同
    pub renews_id: Option<Uuid>,
}

impl ContractIn {
    fn input(self) -> ContractInput {
        ContractInput {
            kind: self.kind,
            title: self.title,
            signed_on: self.signed_on,
            term_months: self.term_months,
            workers_covered: self.workers_covered,
            employer_id: self.employer_id,
            employer_name: self.employer_name,
            employer_staff: self.employer_staff,
            union_negotiator: self.union_negotiator,
            employer_negotiator: self.employer_negotiator,
            average_wage_fen: self.average_wage_fen,
            adjustment_bp: self.adjustment_bp,
            renews_id: self.renews_id,
        }
    }
}

/// 登记集体合同（已签订的只需 kind、signed_on、term_months、workers_covered）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/collective-contracts", tag = "collective-contracts",
    security(("bearer" = [])), params(("union_id" = Uuid, Path)), request_body = ContractIn,
    responses((status = 201, body = ContractOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<ContractIn>,
) -> AppResult<(StatusCode, Json<ContractOut>)> {
    let c = service::create(&state, &p, union_id, &b.input()).await?;
    Ok((StatusCode::CREATED, Json(fresh(&state, c).await?)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReminderItem {
    pub contract_id: Uuid,
    pub title: String,
    /// general | wage | women
    pub contract_kind: String,
    #[serde(flatten)]
    pub reminder: ReminderOut,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReminderList {
    pub items: Vec<ReminderItem>,
}

/// 集体合同提醒：报送审查、向职工公布、到期前60天协商续签（逾期的在前）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/collective-contracts/reminders", tag = "collective-contracts",
    security(("bearer" = [])), params(("union_id" = Uuid, Path)),
    responses((status = 200, body = ReminderList), (status = 404, body = ErrorBody)))]
pub async fn reminders(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<ReminderList>> {
    let items = service::reminders(&state, union_id)
        .await?
        .into_iter()
        .map(|(v, r)| ReminderItem {
            contract_id: v.row.id,
            title: v.row.title.clone(),
            contract_kind: v.row.kind.clone(),
            reminder: reminder_out(&r),
        })
        .collect();
    Ok(Json(ReminderList { items }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NegotiationOut {
    pub id: Uuid,
    pub held_on: NaiveDate,
    pub summary: String,
    pub recorded_by: String,
    pub at: DateTime<Utc>,
}

fn negotiation_out(n: Negotiation) -> NegotiationOut {
    NegotiationOut { id: n.id, held_on: n.held_on, summary: n.summary, recorded_by: n.recorded_by, at: n.at }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContractDetail {
    #[serde(flatten)]
    pub contract: ContractOut,
    /// The negotiation record (协商记录), in order.
    pub negotiations: Vec<NegotiationOut>,
}

/// 集体合同详情（含协商记录）
#[utoipa::path(get, path = "/api/v1/collective-contracts/{contract_id}", tag = "collective-contracts",
    security(("bearer" = [])), params(("contract_id" = Uuid, Path)),
    responses((status = 200, body = ContractDetail), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, Path(id): Path<Uuid>) -> AppResult<Json<ContractDetail>> {
    let (v, n, _) = service::get(&state, id).await?;
    Ok(Json(ContractDetail { contract: out(v), negotiations: n.into_iter().map(negotiation_out).collect() }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractEditIn {
    /// 已签订的合同可更正签订日期；草拟中的合同请用 sign 签订
    pub signed_on: Option<NaiveDate>,
    pub term_months: i64,
    pub workers_covered: i64,
    pub title: Option<String>,
    pub employer_id: Option<Uuid>,
    pub employer_name: Option<String>,
    pub employer_staff: Option<i64>,
    pub union_negotiator: Option<String>,
    pub employer_negotiator: Option<String>,
    pub average_wage_fen: Option<i64>,
    pub adjustment_bp: Option<i64>,
}

/// 修改合同内容（报送审查前，或审查有异议后）
#[utoipa::path(put, path = "/api/v1/collective-contracts/{contract_id}", tag = "collective-contracts",
    security(("bearer" = [])), params(("contract_id" = Uuid, Path)), request_body = ContractEditIn,
    responses((status = 200, body = ContractOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ContractEditIn>,
) -> AppResult<Json<ContractOut>> {
    let i = ContractInput {
        kind: String::new(),
        title: b.title,
        signed_on: b.signed_on,
        term_months: b.term_months,
        workers_covered: b.workers_covered,
        employer_id: b.employer_id,
        employer_name: b.employer_name,
        employer_staff: b.employer_staff,
        union_negotiator: b.union_negotiator,
        employer_negotiator: b.employer_negotiator,
        average_wage_fen: b.average_wage_fen,
        adjustment_bp: b.adjustment_bp,
        renews_id: None,
    };
    let c = service::edit(&state, &p, id, &i).await?;
    Ok(Json(fresh(&state, c).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NegotiationIn {
    pub held_on: Option<NaiveDate>,
    /// 协商情况（议题、双方意见、达成的共识）
    pub summary: String,
}

/// 记录一轮集体协商（协商记录只增不改）
#[utoipa::path(post, path = "/api/v1/collective-contracts/{contract_id}/negotiations", tag = "collective-contracts",
    security(("bearer" = [])), params(("contract_id" = Uuid, Path)), request_body = NegotiationIn,
    responses((status = 201, body = NegotiationOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn negotiate(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<NegotiationIn>,
) -> AppResult<(StatusCode, Json<NegotiationOut>)> {
    let n = steps::add_negotiation(&state, &p, id, b.held_on, &b.summary).await?;
    Ok((StatusCode::CREATED, Json(negotiation_out(n))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CongressIn {
    /// 本会民主管理中已结束的议案表决；或不填，改填纸质表决的人数
    pub ballot_id: Option<Uuid>,
    /// 应到代表人数
    pub delegates: Option<i64>,
    /// 实到代表人数（须达三分之二）
    pub present: Option<i64>,
    /// 赞成人数（须超过全体代表的半数）
    pub in_favour: Option<i64>,
}

/// 记录职代会审议通过合同草案（三分之二以上代表出席，全体代表半数以上同意）
#[utoipa::path(post, path = "/api/v1/collective-contracts/{contract_id}/congress", tag = "collective-contracts",
    security(("bearer" = [])), params(("contract_id" = Uuid, Path)), request_body = CongressIn,
    responses((status = 200, body = ContractOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn congress(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<CongressIn>,
) -> AppResult<Json<ContractOut>> {
    let i = CongressInput {
        ballot_id: b.ballot_id,
        delegates: b.delegates,
        present: b.present,
        in_favour: b.in_favour,
    };
    let c = steps::record_congress(&state, &p, id, i).await?;
    Ok(Json(fresh(&state, c).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub signed_on: Option<NaiveDate>,
}

/// 签订（草案须已经职代会审议通过）
#[utoipa::path(post, path = "/api/v1/collective-contracts/{contract_id}/sign", tag = "collective-contracts",
    security(("bearer" = [])), params(("contract_id" = Uuid, Path)), request_body = SignIn,
    responses((status = 200, body = ContractOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn sign(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<SignIn>,
) -> AppResult<Json<ContractOut>> {
    let c = steps::sign(&state, &p, id, b.signed_on).await?;
    Ok(Json(fresh(&state, c).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FilingIn {
    pub filed_on: Option<NaiveDate>,
}

/// 报送劳动保障行政部门审查（签订后10日内；工资专项集体协议须已填平均工资和调整幅度）
#[utoipa::path(post, path = "/api/v1/collective-contracts/{contract_id}/filing", tag = "collective-contracts",
    security(("bearer" = [])), params(("contract_id" = Uuid, Path)), request_body = FilingIn,
    responses((status = 200, body = ContractOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn file(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<FilingIn>,
) -> AppResult<Json<ContractOut>> {
    let c = steps::file(&state, &p, id, b.filed_on).await?;
    Ok(Json(fresh(&state, c).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractReviewIn {
    /// no_objection（无异议）| objection（有异议）
    pub outcome: String,
    /// 审查意见书日期
    pub reviewed_on: Option<NaiveDate>,
    /// 审查意见（有异议时必填）
    #[serde(default)]
    pub opinion: String,
}

/// 记录劳动保障行政部门的审查意见（15日内未提出异议的自动生效，无需记录）
#[utoipa::path(post, path = "/api/v1/collective-contracts/{contract_id}/review", tag = "collective-contracts",
    security(("bearer" = [])), params(("contract_id" = Uuid, Path)), request_body = ContractReviewIn,
    responses((status = 200, body = ContractOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn review(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ContractReviewIn>,
) -> AppResult<Json<ContractOut>> {
    let c = steps::review(&state, &p, id, &b.outcome, b.reviewed_on, &b.opinion).await?;
    Ok(Json(fresh(&state, c).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicationIn {
    /// 公布日期；省略：今天
    pub published_on: Option<NaiveDate>,
    /// 随合同公布的说明或合同正文
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicationOut {
    pub contract: ContractOut,
    /// The item posted on the union's disclosure board (厂务公开).
    pub disclosure: ItemOut,
}

/// 向全体职工公布（在厂务公开栏发布）
#[utoipa::path(post, path = "/api/v1/collective-contracts/{contract_id}/publication", tag = "collective-contracts",
    security(("bearer" = [])), params(("contract_id" = Uuid, Path)), request_body = PublicationIn,
    responses((status = 200, body = PublicationOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<PublicationIn>,
) -> AppResult<Json<PublicationOut>> {
    let (c, item) = steps::publish(&state, &p, id, b.published_on, &b.note).await?;
    Ok(Json(PublicationOut { contract: fresh(&state, c).await?, disclosure: item_out(item) }))
}
