//! `/api/v1/…/honours`: the honours register (荣誉), the nomination's
//! steps, contest winners offered for nomination, model workers' care.

use axum::Json;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Path, Query};
use crate::routes::recognition::EvidenceOut;
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::recognition::honour::care::{self, CareInput, CareMade, ModelWorker};
use app::recognition::honour::contest::{self, Candidate, FromContest};
use app::recognition::honour::{self as service, Detail, Honour, HonourInput, ListQuery, Named, steps};

#[derive(Debug, Serialize, ToSchema)]
pub struct HonourOut {
    pub id: Uuid,
    pub union_id: Uuid,
    /// person | collective
    pub holder_kind: String,
    /// The member's name or the collective's.
    pub holder: String,
    pub member_id: Option<Uuid>,
    pub collective: Option<String>,
    /// group | department | union
    pub collective_kind: Option<String>,
    pub group_id: Option<Uuid>,
    /// model_worker | advanced_worker | may_day_medal | excellent_cadre | craftsman | pioneer_team | model_home | women_post | other
    pub title_kind: String,
    /// The title as written (全国劳动模范 …).
    pub title: String,
    /// national | provincial | city | district | unit
    pub level: String,
    pub level_label: String,
    pub awarding_body: String,
    pub year: i64,
    pub citation: String,
    /// nominated | notice | recorded | rejected | withdrawn
    pub status: String,
    pub status_label: String,
    /// record (外部授予登记) | union | contest | group
    pub source: String,
    pub contest_id: Option<Uuid>,
    pub entrant_id: Option<Uuid>,
    pub notice_days: Option<i64>,
    pub notice_from: Option<NaiveDate>,
    /// The last day of the notice; the chair approves after it.
    pub notice_until: Option<NaiveDate>,
    /// The notice on the disclosure board (members leave feedback there).
    pub disclosure_item_id: Option<Uuid>,
    pub decided_by: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub decision_note: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

pub fn out_of(h: Honour, holder: String) -> HonourOut {
    let status = service::status(&h);
    HonourOut {
        id: h.id,
        union_id: h.union_id,
        holder_kind: if h.member_id.is_some() { "person" } else { "collective" }.to_owned(),
        holder,
        member_id: h.member_id,
        collective: h.collective_name,
        collective_kind: h.collective_kind,
        group_id: h.group_id,
        title_kind: h.title_kind,
        title: h.title,
        level_label: service::level_label(&h.level).to_owned(),
        level: h.level,
        awarding_body: h.awarding_body,
        year: h.year,
        citation: h.citation,
        status: status.as_str().to_owned(),
        status_label: status.label().to_owned(),
        source: h.source,
        contest_id: h.contest_id,
        entrant_id: h.entrant_id,
        notice_days: h.notice_days,
        notice_from: h.notice_from,
        notice_until: h.notice_until,
        disclosure_item_id: h.disclosure_item_id,
        decided_by: h.decided_by,
        decided_on: h.decided_on,
        decision_note: h.decision_note,
        created_by: h.created_by,
        created_at: h.created_at,
    }
}

pub fn out(n: Named) -> HonourOut {
    out_of(n.honour, n.holder)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HonourIn {
    /// 获得荣誉的会员（个人荣誉）；与 collective 二选一
    pub member_id: Option<Uuid>,
    /// 集体名称（集体荣誉）
    pub collective: Option<String>,
    /// group（班组）| department（部门）| union（本工会），默认 department
    pub collective_kind: Option<String>,
    /// 集体所属的工会小组（其会员在“我的荣誉”中看到）
    pub group_id: Option<Uuid>,
    /// 荣誉称号：类别代码（model_worker …）、名称（劳动模范 …）或原文（全国劳动模范）
    pub title: String,
    /// national | provincial | city | district | unit
    pub level: String,
    pub year: Option<i64>,
    /// 授予单位（提名时为拟授予单位）
    #[serde(default)]
    pub awarding_body: String,
    /// 主要事迹
    #[serde(default)]
    pub citation: String,
    /// true：工会提名（已提名，须公示、主席批准）；默认 false：登记外部已授予的荣誉（直接记录）
    #[serde(default)]
    pub nominate: bool,
    /// 提名来源：union（默认）| group（小组推荐）
    pub source: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedOut {
    pub id: Uuid,
    /// recorded | nominated
    pub status: String,
}

/// 登记荣誉（外部已授予，直接记录）或提名（nominate: true）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/honours", tag = "honours", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = HonourIn,
    responses((status = 201, body = CreatedOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<HonourIn>,
) -> AppResult<(StatusCode, Json<CreatedOut>)> {
    let i = HonourInput {
        member_id: b.member_id,
        collective: b.collective,
        collective_kind: b.collective_kind,
        group_id: b.group_id,
        title: b.title,
        level: b.level,
        year: b.year,
        awarding_body: b.awarding_body,
        citation: b.citation,
        nominate: b.nominate,
        source: b.source,
    };
    let h = service::create(&state, &p, union_id, &i).await?;
    Ok((StatusCode::CREATED, Json(CreatedOut { id: h.id, status: h.status })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HonoursOut {
    pub items: Vec<HonourOut>,
}

#[derive(Debug, Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ListIn {
    pub year: Option<i64>,
    /// national | provincial | city | district | unit
    pub level: Option<String>,
    /// 称号类别：model_worker …
    pub title: Option<String>,
    /// person | collective
    pub holder: Option<String>,
    /// nominated | notice | recorded | rejected | withdrawn
    pub status: Option<String>,
}

impl ListIn {
    pub fn query(self) -> ListQuery {
        ListQuery {
            year: self.year,
            level: self.level,
            title: self.title,
            holder: self.holder,
            status: self.status,
        }
    }
}

/// 荣誉台帐（可按年度、级别、称号、个人/集体、状态筛选）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/honours", tag = "honours", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ListIn), responses((status = 200, body = HonoursOut)))]
pub async fn list(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ListIn>,
) -> AppResult<Json<HonoursOut>> {
    let rows = service::list(&state, union_id, &q.query()).await?;
    Ok(Json(HonoursOut { items: rows.into_iter().map(out).collect() }))
}

/// 我的荣誉（本人及所在小组、本工会的荣誉：公示中和已记录的）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/honours/mine", tag = "honours", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = HonoursOut)))]
pub async fn mine(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<HonoursOut>> {
    let rows = service::mine(&state, &p, union_id).await?;
    Ok(Json(HonoursOut { items: rows.into_iter().map(out).collect() }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeFeedbackOut {
    pub author: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HonourDetail {
    #[serde(flatten)]
    pub honour: HonourOut,
    /// 公示期间职工在公开栏提出的意见
    pub feedback: Vec<NoticeFeedbackOut>,
    pub files: Vec<EvidenceOut>,
}

fn detail(d: Detail) -> HonourDetail {
    HonourDetail {
        feedback: d
            .feedback
            .into_iter()
            .map(|f| NoticeFeedbackOut { author: f.author, body: f.body, at: f.at })
            .collect(),
        files: d.files.into_iter().map(EvidenceOut::from).collect(),
        honour: out(d.honour),
    }
}

/// 荣誉详情（含公示意见和证明材料）
#[utoipa::path(get, path = "/api/v1/honours/{honour_id}", tag = "honours", security(("bearer" = [])),
    params(("honour_id" = Uuid, Path)),
    responses((status = 200, body = HonourDetail), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<HonourDetail>> {
    Ok(Json(detail(service::get(&state, &p, id).await?)))
}

#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct NoticeIn {
    /// 公示天数，1—30，默认7
    pub days: Option<i64>,
}

/// 公示（在公开栏发布，职工可提出意见）
#[utoipa::path(post, path = "/api/v1/honours/{honour_id}/notice", tag = "honours", security(("bearer" = [])),
    params(("honour_id" = Uuid, Path)), request_body = NoticeIn,
    responses((status = 200, body = HonourOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn notice(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<NoticeIn>,
) -> AppResult<Json<HonourOut>> {
    let h = steps::notice(&state, &p, id, b.days).await?;
    Ok(Json(named_out(&state, &p, h).await?))
}

/// The honour with its holder's name, as the list shows it.
async fn named_out(state: &AppState, p: &Principal, h: Honour) -> AppResult<HonourOut> {
    let d = service::get(state, p, h.id).await?;
    Ok(out(d.honour))
}

#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct NoteIn {
    /// 批准意见（可不填）
    #[serde(default)]
    pub note: String,
}

/// 主席批准（公示期满后）：荣誉记入台帐
#[utoipa::path(post, path = "/api/v1/honours/{honour_id}/approve", tag = "honours", security(("bearer" = [])),
    params(("honour_id" = Uuid, Path)), request_body = NoteIn,
    responses((status = 200, body = HonourOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn approve(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<NoteIn>,
) -> AppResult<Json<HonourOut>> {
    let h = steps::approve(&state, &p, id, &b.note).await?;
    Ok(Json(named_out(&state, &p, h).await?))
}

#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct HonourReasonIn {
    #[serde(default)]
    pub reason: String,
}

/// 不予通过（须写明理由）
#[utoipa::path(post, path = "/api/v1/honours/{honour_id}/reject", tag = "honours", security(("bearer" = [])),
    params(("honour_id" = Uuid, Path)), request_body = HonourReasonIn,
    responses((status = 200, body = HonourOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reject(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<HonourReasonIn>,
) -> AppResult<Json<HonourOut>> {
    let h = steps::reject(&state, &p, id, &b.reason).await?;
    Ok(Json(named_out(&state, &p, h).await?))
}

/// 撤回提名
#[utoipa::path(post, path = "/api/v1/honours/{honour_id}/withdraw", tag = "honours", security(("bearer" = [])),
    params(("honour_id" = Uuid, Path)), request_body = HonourReasonIn,
    responses((status = 200, body = HonourOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<HonourReasonIn>,
) -> AppResult<Json<HonourOut>> {
    let h = steps::withdraw(&state, &p, id, &b.reason).await?;
    Ok(Json(named_out(&state, &p, h).await?))
}

/// 上传证明材料（multipart，字段 file；图片或PDF，不超过10MB）
#[utoipa::path(post, path = "/api/v1/honours/{honour_id}/files", tag = "honours", security(("bearer" = [])),
    params(("honour_id" = Uuid, Path)),
    request_body(content_type = "multipart/form-data", description = "字段 file：证书扫描件等"),
    responses((status = 201, body = EvidenceOut), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    mp: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<EvidenceOut>)> {
    let (name, _claimed, bytes) = crate::kit::file_field(mp).await?;
    let f = steps::add_file(&state, &p, id, &name, &bytes).await?;
    Ok((StatusCode::CREATED, Json(EvidenceOut::from(f))))
}

/// 下载证明材料
#[utoipa::path(get, path = "/api/v1/honours/{honour_id}/files/{file_id}", tag = "honours", security(("bearer" = [])),
    params(("honour_id" = Uuid, Path), ("file_id" = Uuid, Path)),
    responses((status = 200, description = "文件"), (status = 404, body = ErrorBody)))]
pub async fn download(
    State(state): State<AppState>,
    Path((id, file_id)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    let (f, bytes) = steps::file(&state, id, file_id).await?;
    Ok(super::file_response(&f.file_name, &f.content_type, bytes))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateOut {
    pub contest_id: Uuid,
    pub contest_title: String,
    pub ends_on: NaiveDate,
    pub entrant_id: Uuid,
    pub entrant_name: String,
    /// None for a team (nominated as a collective).
    pub member_id: Option<Uuid>,
    pub prize: String,
    pub amount_fen: i64,
    /// The title a one-click nomination proposes.
    pub suggested_title: String,
}

pub fn candidate_out(c: Candidate) -> CandidateOut {
    CandidateOut {
        suggested_title: contest::default_title(&c).label().to_owned(),
        contest_id: c.contest_id,
        contest_title: c.contest_title,
        ends_on: c.ends_on,
        entrant_id: c.entrant_id,
        entrant_name: c.entrant_name,
        member_id: c.member_id,
        prize: c.prize,
        amount_fen: c.amount_fen,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CandidatesOut {
    pub items: Vec<CandidateOut>,
}

/// 竞赛获奖候选（已公布结果的竞赛中尚未提名的获奖者）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/honour-candidates", tag = "honours", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = CandidatesOut)))]
pub async fn candidates(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<CandidatesOut>> {
    let rows = contest::candidates(&state, union_id).await?;
    Ok(Json(CandidatesOut { items: rows.into_iter().map(candidate_out).collect() }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FromContestIn {
    pub contest_id: Option<Uuid>,
    pub entrant_id: Option<Uuid>,
    /// 默认：技能竞赛个人为工匠，其他个人为先进工作者，团队为工人先锋号
    pub title: Option<String>,
    /// 默认 unit
    pub level: Option<String>,
}

/// 一键提名竞赛获奖者
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/honours/from-contest", tag = "honours", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = FromContestIn,
    responses((status = 201, body = CreatedOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn from_contest(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<FromContestIn>,
) -> AppResult<(StatusCode, Json<CreatedOut>)> {
    let i =
        FromContest { contest_id: b.contest_id, entrant_id: b.entrant_id, title: b.title, level: b.level };
    let h = contest::nominate(&state, &p, union_id, &i).await?;
    Ok((StatusCode::CREATED, Json(CreatedOut { id: h.id, status: h.status })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ModelWorkerOut {
    pub member_id: Uuid,
    pub name: String,
    /// Their recorded model-worker honours.
    pub titles: Option<String>,
    /// Whether the year's care is still to be made.
    pub due: bool,
    pub visit_id: Option<Uuid>,
    /// open | done
    pub visit_status: Option<String>,
    pub visit_due: Option<NaiveDate>,
    /// The 疗休养 activity offered.
    pub activity_id: Option<Uuid>,
}

pub fn worker_out(m: ModelWorker) -> ModelWorkerOut {
    ModelWorkerOut {
        due: m.recorded_at.is_none(),
        member_id: m.member_id,
        name: m.name,
        titles: m.titles,
        visit_id: m.visit_id,
        visit_status: m.visit_status,
        visit_due: m.visit_due,
        activity_id: m.activity_id,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ModelWorkersOut {
    pub year: i32,
    /// How many are still due for the year's care.
    pub due: usize,
    pub items: Vec<ModelWorkerOut>,
}

#[derive(Debug, Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct YearIn {
    /// 默认今年
    pub year: Option<i64>,
}

/// 劳模名单及当年关爱情况（未安排的在前）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/model-workers", tag = "honours", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), YearIn), responses((status = 200, body = ModelWorkersOut)))]
pub async fn model_workers(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearIn>,
) -> AppResult<Json<ModelWorkersOut>> {
    let (year, rows) = care::list(&state, union_id, q.year).await?;
    let items: Vec<ModelWorkerOut> = rows.into_iter().map(worker_out).collect();
    Ok(Json(ModelWorkersOut { year, due: items.iter().filter(|i| i.due).count(), items }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CareIn {
    pub year: Option<i64>,
    /// 走访日期（默认30天内，当年内）
    pub visit_on: Option<NaiveDate>,
    /// 疗休养活动（参加对象为劳动模范）；不填则用当年已有的，或新发布一个
    pub activity_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CareOut {
    pub member_id: Uuid,
    pub year: i64,
    /// The visit task in the care area.
    pub visit_id: Uuid,
    pub visit_due: NaiveDate,
    /// The 疗休养 activity offered.
    pub activity_id: Option<Uuid>,
    pub activity_title: Option<String>,
}

pub fn care_out(c: CareMade) -> CareOut {
    CareOut {
        member_id: c.care.member_id,
        year: c.care.year,
        visit_id: c.visit.id,
        visit_due: c.visit.due_date,
        activity_id: c.activity.as_ref().map(|a| a.id),
        activity_title: c.activity.map(|a| a.title),
    }
}

/// 安排劳模当年关爱：走访任务和疗休养名额（同一年只能安排一次）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/model-workers/{member_id}/care", tag = "honours", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("member_id" = Uuid, Path)), request_body = CareIn,
    responses((status = 201, body = CareOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn make_care(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, member_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<CareIn>,
) -> AppResult<(StatusCode, Json<CareOut>)> {
    let i = CareInput { year: b.year, visit_on: b.visit_on, activity_id: b.activity_id };
    let c = care::make(&state, &p, union_id, member_id, &i).await?;
    Ok((StatusCode::CREATED, Json(care_out(c))))
}
