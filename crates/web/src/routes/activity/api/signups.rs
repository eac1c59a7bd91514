//! `/api/v1/activities/{activity_id}/signups` and `/checkins`: sign-up,
//! the waiting list, cancelling, check-in; and the union's participation.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Query, parse_json};
use app::AppState;
use app::activity::{approval, checkin, participation, signup};
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use axum::body::Bytes;
use domain::activity::SignupStatus;

#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct SignupIn {
    /// An officer signs up this member; omitted: the caller signs themself up.
    pub member_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SignupOut {
    pub member_id: Uuid,
    /// confirmed | waiting | pending（活动需审核时，会员本人报名为待审核，不占名额）
    pub status: String,
    /// 候补位次（1为下一位），正式报名时为 null
    pub position: Option<u32>,
}

/// 报名（会员本人不带参数；工会干部为他人报名带 member_id）。活动需审核时，会员本人报名为待审核（pending），干部代为报名无需审核
#[utoipa::path(post, path = "/api/v1/activities/{activity_id}/signups", tag = "activities", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path)), request_body(content = Option<SignupIn>),
    responses((status = 201, body = SignupOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn sign_up(
    State(state): State<AppState>,
    p: Principal,
    Path(activity_id): Path<Uuid>,
    body: Bytes,
) -> AppResult<(StatusCode, Json<SignupOut>)> {
    // No body (or only whitespace) is the member signing themself up.
    let b: SignupIn =
        if body.iter().all(u8::is_ascii_whitespace) { SignupIn::default() } else { parse_json(&body)? };
    let r = signup::sign_up(&state, &p, activity_id, b.member_id).await?;
    Ok((
        StatusCode::CREATED,
        Json(SignupOut {
            member_id: r.member_id,
            status: r.status.as_str().to_owned(),
            position: r.position,
        }),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CancelOut {
    /// The member moved up from the waiting list, if one was.
    pub promoted_member_id: Option<Uuid>,
}

/// 取消本人报名（候补第一位自动转为正式报名）
#[utoipa::path(delete, path = "/api/v1/activities/{activity_id}/signups/me", tag = "activities", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path)),
    responses((status = 200, body = CancelOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn cancel_mine(
    State(state): State<AppState>,
    p: Principal,
    Path(activity_id): Path<Uuid>,
) -> AppResult<Json<CancelOut>> {
    let promoted_member_id = signup::cancel(&state, &p, activity_id, None).await?;
    Ok(Json(CancelOut { promoted_member_id }))
}

/// 工会干部取消某会员的报名
#[utoipa::path(delete, path = "/api/v1/activities/{activity_id}/signups/{member_id}", tag = "activities",
    security(("bearer" = [])), params(("activity_id" = Uuid, Path), ("member_id" = Uuid, Path)),
    responses((status = 200, body = CancelOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cancel_other(
    State(state): State<AppState>,
    p: Principal,
    Path((activity_id, member_id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<CancelOut>> {
    let promoted_member_id = signup::cancel(&state, &p, activity_id, Some(member_id)).await?;
    Ok(Json(CancelOut { promoted_member_id }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SignupLine {
    pub member_id: Uuid,
    pub name: String,
    pub card_number: Option<String>,
    /// confirmed | waiting | cancelled | pending（待审核）| rejected（未通过）
    pub status: String,
    /// 候补位次
    pub position: Option<u32>,
    /// 报名先后序号
    pub seq: i64,
    pub signed_up_at: DateTime<Utc>,
    pub signed_up_by: String,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// 由候补转为正式报名的时间
    pub promoted_at: Option<DateTime<Utc>>,
    /// 审核（通过或不通过）的时间
    pub decided_at: Option<DateTime<Utc>>,
    /// 审核人
    pub decided_by: Option<String>,
    /// 不通过的理由
    pub reason: Option<String>,
    pub checked_in_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SignupsOut {
    pub items: Vec<SignupLine>,
}

/// 报名名单（工会干部）
#[utoipa::path(get, path = "/api/v1/activities/{activity_id}/signups", tag = "activities", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path)), responses((status = 200, body = SignupsOut), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Path(activity_id): Path<Uuid>,
) -> AppResult<Json<SignupsOut>> {
    let (_, lines) = signup::list(&state, activity_id).await?;
    Ok(Json(SignupsOut {
        items: lines
            .into_iter()
            .map(|l| SignupLine {
                member_id: l.row.member_id,
                name: l.row.name,
                card_number: l.row.card_number,
                status: l.status.as_str().to_owned(),
                position: l.position,
                seq: l.row.seq,
                signed_up_at: l.row.signed_up_at,
                signed_up_by: l.row.signed_up_by,
                cancelled_at: l.row.cancelled_at,
                promoted_at: l.row.promoted_at,
                decided_at: l.row.decided_at,
                decided_by: l.row.decided_by,
                reason: l.row.reason,
                checked_in_at: l.row.checked_in_at,
            })
            .collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApproveOut {
    pub member_id: Uuid,
    /// confirmed | waiting
    pub status: String,
    /// 候补位次（1为下一位），正式报名时为 null
    pub position: Option<u32>,
}

/// 审核通过某会员的报名（有名额则正式报名，名额已满则排在候补最后）
#[utoipa::path(post, path = "/api/v1/activities/{activity_id}/signups/{member_id}/approve", tag = "activities",
    security(("bearer" = [])), params(("activity_id" = Uuid, Path), ("member_id" = Uuid, Path)),
    responses((status = 200, body = ApproveOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn approve(
    State(state): State<AppState>,
    p: Principal,
    Path((activity_id, member_id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<ApproveOut>> {
    let r = approval::approve(&state, &p, activity_id, member_id).await?;
    Ok(Json(ApproveOut {
        member_id: r.member_id,
        status: r.status.as_str().to_owned(),
        position: r.position,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectIn {
    /// 不通过的理由（必填，最多200字，会员可见）
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RejectOut {
    pub member_id: Uuid,
    /// rejected
    pub status: String,
}

/// 审核不通过某会员的报名（须填写理由）
#[utoipa::path(post, path = "/api/v1/activities/{activity_id}/signups/{member_id}/reject", tag = "activities",
    security(("bearer" = [])), params(("activity_id" = Uuid, Path), ("member_id" = Uuid, Path)),
    request_body = RejectIn,
    responses((status = 200, body = RejectOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reject(
    State(state): State<AppState>,
    p: Principal,
    Path((activity_id, member_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<RejectIn>,
) -> AppResult<Json<RejectOut>> {
    approval::reject(&state, &p, activity_id, member_id, &b.reason).await?;
    Ok(Json(RejectOut { member_id, status: SignupStatus::Rejected.as_str().to_owned() }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApproveAllOut {
    /// 通过的人数
    pub approved: u64,
    /// 其中获正式名额的人数
    pub confirmed: u64,
    /// 其中排入候补的人数
    pub waiting: u64,
}

/// 按报名先后全部通过待审核的报名（先占满名额，其余依次排入候补）
#[utoipa::path(post, path = "/api/v1/activities/{activity_id}/signups/approve-all", tag = "activities",
    security(("bearer" = [])), params(("activity_id" = Uuid, Path)),
    responses((status = 200, body = ApproveAllOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn approve_all(
    State(state): State<AppState>,
    p: Principal,
    Path(activity_id): Path<Uuid>,
) -> AppResult<Json<ApproveAllOut>> {
    let r = approval::approve_all(&state, &p, activity_id).await?;
    Ok(Json(ApproveAllOut { approved: r.approved(), confirmed: r.confirmed, waiting: r.waiting }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckinIn {
    /// 签到码（会员扫描二维码所得）
    pub code: Option<String>,
    /// 工会干部为该会员签到
    pub member_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckinOut {
    pub member_id: Uuid,
    /// code | officer
    pub method: String,
    /// 未报名或未获正式名额，现场参加
    pub walk_in: bool,
    pub at: DateTime<Utc>,
}

/// 签到（会员带 code；工会干部带 member_id）
#[utoipa::path(post, path = "/api/v1/activities/{activity_id}/checkins", tag = "activities", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path)), request_body = CheckinIn,
    responses((status = 201, body = CheckinOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn check_in(
    State(state): State<AppState>,
    p: Principal,
    Path(activity_id): Path<Uuid>,
    ApiJson(b): ApiJson<CheckinIn>,
) -> AppResult<(StatusCode, Json<CheckinOut>)> {
    let k = checkin::check_in(&state, &p, activity_id, b.code.as_deref(), b.member_id).await?;
    Ok((
        StatusCode::CREATED,
        Json(CheckinOut { member_id: k.member_id, method: k.method, walk_in: k.walk_in, at: k.at }),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// 年份，如2026；不填为今年
    pub year: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupRateOut {
    /// null: 未分小组
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    pub active_members: u64,
    pub participants: u64,
    /// 参与面（0–1）
    pub rate: f64,
    pub rate_text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityRateOut {
    pub activity_id: Uuid,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub participants: u64,
    pub rate: f64,
    pub rate_text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AbsentOut {
    pub member_id: Uuid,
    pub name: String,
    pub group_name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipationOut {
    pub year: i32,
    pub active_members: u64,
    pub participants: u64,
    /// 参与面（0–1，按万分之一取整）
    pub rate: f64,
    /// 如“90.00%”
    pub rate_text: String,
    pub by_group: Vec<GroupRateOut>,
    pub by_activity: Vec<ActivityRateOut>,
    /// 全年未参加任何活动的在籍会员人数
    pub took_part_in_nothing: u64,
    /// 其中按姓名排序的前200名
    pub took_part_in_nothing_members: Vec<AbsentOut>,
}

fn ratio(r: domain::activity::Rate) -> f64 {
    f64::from(r.basis_points()) / 10_000.0
}

/// 参与面（全年、分小组、分活动，及全年未参加活动的会员）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/participation", tag = "activities", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), YearQuery),
    responses((status = 200, body = ParticipationOut), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn participation(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> AppResult<Json<ParticipationOut>> {
    let year = q.year.unwrap_or_else(participation::this_year);
    let y = participation::for_year(&state, &p, union_id, year).await?;
    Ok(Json(ParticipationOut {
        year: y.year,
        active_members: y.overall.active_members,
        participants: y.overall.participants,
        rate: ratio(y.overall),
        rate_text: y.overall.percent_text(),
        by_group: y
            .by_group
            .into_iter()
            .map(|(g, r)| GroupRateOut {
                group_id: g.group_id,
                group_name: g.group_name,
                active_members: r.active_members,
                participants: r.participants,
                rate: ratio(r),
                rate_text: r.percent_text(),
            })
            .collect(),
        by_activity: y
            .by_activity
            .into_iter()
            .map(|(a, r)| ActivityRateOut {
                activity_id: a.activity_id,
                title: a.title,
                starts_at: a.starts_at,
                participants: r.participants,
                rate: ratio(r),
                rate_text: r.percent_text(),
            })
            .collect(),
        took_part_in_nothing: y.absent_count,
        took_part_in_nothing_members: y
            .absent
            .into_iter()
            .map(|m| AbsentOut { member_id: m.member_id, name: m.name, group_name: m.group_name })
            .collect(),
    }))
}
