//! One member's record and the roster: registering, listing, reading,
//! editing, status changes, the ID reveal, the downloads, a group's roster.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use domain::ErrorCode;
use domain::member::MemberStatus;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{ListQuery, MemberIn, MemberOut};
use crate::extract::{ApiJson, Query};
use crate::routes::member::export;
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult, ErrorBody};
use app::member::service;

/// 登记会员
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/members", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = MemberIn,
    responses((status = 201, body = MemberOut), (status = 409, description = "member_active_elsewhere：已是其他工会的在籍会员，可申请转会", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<MemberIn>,
) -> AppResult<(StatusCode, Json<MemberOut>)> {
    let m = service::create(&state, p.actor(), union_id, &b.input(), MemberStatus::Active).await?;
    Ok((StatusCode::CREATED, Json(MemberOut::from(&m))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberList {
    pub items: Vec<MemberOut>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// 会员花名册（查询、筛选、排序、分页）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/members", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ListQuery), responses((status = 200, body = MemberList)))]
pub async fn list(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<MemberList>> {
    let (filter, sort) = q.roster().filter(&state, union_id).await?;
    let page = app::Page::new(q.page, q.per_page);
    let (rows, total) = service::list(&state, union_id, &filter, sort, q.desc.unwrap_or(false), page).await?;
    Ok(Json(MemberList {
        items: rows.iter().map(MemberOut::from).collect(),
        total,
        page: page.number,
        per_page: page.size,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryOut {
    pub at: DateTime<Utc>,
    /// status | group | dues_base | transfer_in | transfer_out | merged（登记本身见 created_at）
    pub kind: String,
    pub from_value: Option<String>,
    pub to_value: Option<String>,
    pub effective_date: Option<NaiveDate>,
    pub reason: Option<String>,
    pub actor: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberDetail {
    #[serde(flatten)]
    pub member: MemberOut,
    pub history: Vec<HistoryOut>,
}

/// 会员详情（含变动记录）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/members/{member_id}", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("member_id" = Uuid, Path)), responses((status = 200, body = MemberDetail), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<MemberDetail>> {
    let m = service::get(&state, union_id, id).await?;
    let history = service::history_of(&state, union_id, id)
        .await?
        .into_iter()
        .map(|h| HistoryOut {
            at: h.at,
            kind: h.kind,
            from_value: h.from_value,
            to_value: h.to_value,
            effective_date: h.effective_date,
            reason: h.reason,
            actor: h.actor,
        })
        .collect();
    Ok(Json(MemberDetail { member: MemberOut::from(&m), history }))
}

/// 修改会员信息（只改所给字段；证件号码不在此修改）
#[utoipa::path(patch, path = "/api/v1/unions/{union_id}/members/{member_id}", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("member_id" = Uuid, Path)), request_body = MemberIn,
    responses((status = 200, body = MemberOut), (status = 422, body = ErrorBody),
        (status = 409, description = "会员证号或证件号码已被使用", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<MemberIn>,
) -> AppResult<Json<MemberOut>> {
    if b.id_number.is_some() || b.doc_type.is_some() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "id_number",
            "证件号码不能修改；如登记错误，请新建正确的记录后合并重复记录",
        ));
    }
    let current = service::get(&state, union_id, id).await?;
    let m = service::update(&state, &p, union_id, id, &b.over(&current)).await?;
    Ok(Json(MemberOut::from(&m)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// active（批准入会/恢复）| retained（保留会籍）| withdrawn（退会）| expelled（除名）| deceased（去世）| declined（不批准入会）
    pub status: String,
    /// 生效日期，默认今天
    pub date: Option<NaiveDate>,
    pub reason: Option<String>,
}

/// 变更会籍状态
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/members/{member_id}/status", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("member_id" = Uuid, Path)), request_body = StatusChange,
    responses((status = 200, body = MemberOut), (status = 422, body = ErrorBody)))]
pub async fn status(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<StatusChange>,
) -> AppResult<Json<MemberOut>> {
    let m = service::change_status(
        &state,
        &p,
        union_id,
        id,
        &b.status,
        b.date,
        b.reason.as_deref().unwrap_or(""),
    )
    .await?;
    Ok(Json(MemberOut::from(&m)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevealedId {
    /// 完整证件号码（此次查看已记入审计日志）
    pub id_number: String,
}

/// 查看完整证件号码（仅主席、干事；每次记入审计日志）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/members/{member_id}/reveal-id", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("member_id" = Uuid, Path)), responses((status = 200, body = RevealedId), (status = 403, body = ErrorBody)))]
pub async fn reveal(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<RevealedId>> {
    Ok(Json(RevealedId { id_number: service::reveal_id(&state, &p, union_id, id).await? }))
}

/// 导出花名册（.xlsx，证件号码脱敏）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/members/export", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ListQuery), responses((status = 200, description = "xlsx 文件", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export_masked(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    export::xlsx_response(&state, &p, union_id, &q, false).await
}

/// 导出花名册（.xlsx，含完整证件号码；仅主席、干事；记入审计日志）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/members/export-full", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ListQuery), responses((status = 200, description = "xlsx 文件", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export_full(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    export::xlsx_response(&state, &p, union_id, &q, true).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GroupQuery {
    /// 姓名、拼音首字母或全拼、手机号、证件号后四位
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// 工会小组的会员名单（小组长可查看本组）
#[utoipa::path(get, path = "/api/v1/groups/{group_id}/members", tag = "members", security(("bearer" = [])),
    params(("group_id" = Uuid, Path), GroupQuery), responses((status = 200, body = MemberList), (status = 404, body = ErrorBody)))]
pub async fn group_members(
    State(state): State<AppState>,
    Path(group_id): Path<Uuid>,
    Query(q): Query<GroupQuery>,
) -> AppResult<Json<MemberList>> {
    let page = app::Page::new(q.page, q.per_page);
    let (_, rows, total) =
        service::group_roster(&state, group_id, q.q.as_deref().and_then(service::classify), page).await?;
    Ok(Json(MemberList {
        items: rows.iter().map(MemberOut::from).collect(),
        total,
        page: page.number,
        per_page: page.size,
    }))
}
