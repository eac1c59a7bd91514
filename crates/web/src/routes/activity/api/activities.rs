//! `/api/v1/unions/{union_id}/activities` and `/api/v1/activities/{activity_id}`:
//! publishing, reading, editing and calling off activities.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::activity::AudienceScope;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::ApiJson;
use app::AppState;
use app::activity::Activity;
use app::activity::service::{self, ActivityInput};
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};

#[derive(Debug, Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AudienceIn {
    /// whole_union | groups | women | retirees | model_workers
    #[serde(default)]
    pub scope: String,
    /// The 工会小组 when `scope` is `groups`.
    #[serde(default)]
    pub group_ids: Vec<Uuid>,
    /// Family members may come along.
    #[serde(default)]
    pub with_family: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityIn {
    /// 活动名称
    pub title: String,
    /// sports | culture | outing | rest | volunteer | lecture | other
    pub kind: String,
    /// 活动地点
    #[serde(default)]
    pub place: String,
    /// 活动内容
    #[serde(default)]
    pub description: String,
    /// The organising 工会小组; omitted: the union.
    pub organiser_group_id: Option<Uuid>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// 名额 (> 0)
    pub places: i64,
    /// Omitted: sign-up opens at once.
    pub signup_opens_at: Option<DateTime<Utc>>,
    pub signup_closes_at: DateTime<Utc>,
    /// Members may cancel until then; omitted: until sign-up closes.
    pub cancel_until: Option<DateTime<Utc>>,
    /// Omitted: the whole union, members only.
    pub audience: Option<AudienceIn>,
    /// An officer approves each sign-up (default false).
    #[serde(default)]
    pub needs_approval: bool,
}

impl ActivityIn {
    fn input(self) -> AppResult<ActivityInput> {
        let a = self.audience.unwrap_or_default();
        Ok(ActivityInput {
            title: self.title,
            kind: self.kind,
            place: self.place,
            description: self.description,
            organiser_group_id: self.organiser_group_id,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            places: self.places,
            signup_opens_at: self.signup_opens_at,
            signup_closes_at: self.signup_closes_at,
            cancel_until: self.cancel_until,
            audience: service::parse_audience(&a.scope, a.group_ids, a.with_family)?,
            needs_approval: self.needs_approval,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AudienceOut {
    pub scope: String,
    pub group_ids: Vec<Uuid>,
    pub with_family: bool,
    /// 中文说明，如“女职工（仅限会员本人）”
    pub label: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityOut {
    pub id: Uuid,
    pub union_id: Uuid,
    pub kind: String,
    pub kind_label: String,
    pub title: String,
    pub place: String,
    pub description: String,
    pub organiser_group_id: Option<Uuid>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub audience: AudienceOut,
    pub places: i64,
    /// 已确认人数
    pub confirmed: i64,
    /// 候补人数
    pub waiting: i64,
    /// 剩余名额
    pub places_left: i64,
    pub signup_opens_at: DateTime<Utc>,
    pub signup_closes_at: DateTime<Utc>,
    pub cancel_until: DateTime<Utc>,
    pub needs_approval: bool,
    /// open | cancelled
    pub status: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

pub fn out(a: Activity) -> ActivityOut {
    let audience = service::audience_of(&a);
    let kind = service::kind_of(&a);
    ActivityOut {
        id: a.id,
        union_id: a.union_id,
        kind: kind.as_str().to_owned(),
        kind_label: kind.label().to_owned(),
        title: a.title,
        place: a.place,
        description: a.description,
        organiser_group_id: a.organiser_group_id,
        starts_at: a.starts_at,
        ends_at: a.ends_at,
        audience: AudienceOut {
            scope: service::scope_code(&audience).to_owned(),
            label: audience.label(),
            group_ids: match audience.scope {
                AudienceScope::Groups { group_ids } => group_ids,
                _ => Vec::new(),
            },
            with_family: audience.with_family,
        },
        places: a.places,
        confirmed: a.confirmed_count,
        waiting: a.waiting_count,
        places_left: (a.places - a.confirmed_count).max(0),
        signup_opens_at: a.signup_opens_at,
        signup_closes_at: a.signup_closes_at,
        cancel_until: a.cancel_until,
        needs_approval: a.needs_approval,
        status: a.status,
        created_by: a.created_by,
        created_at: a.created_at,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActivitiesOut {
    pub items: Vec<ActivityOut>,
}

/// 活动列表（最近的在前）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/activities", tag = "activities", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = ActivitiesOut), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<ActivitiesOut>> {
    let rows = service::list(&state, union_id).await?;
    Ok(Json(ActivitiesOut { items: rows.into_iter().map(out).collect() }))
}

/// 发布活动（不填报名开始时间则立即开始报名）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/activities", tag = "activities", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = ActivityIn,
    responses((status = 201, body = ActivityOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<ActivityIn>,
) -> AppResult<(StatusCode, Json<ActivityOut>)> {
    let row = service::create(&state, &p, union_id, &b.input()?).await?;
    Ok((StatusCode::CREATED, Json(out(row))))
}

/// 活动详情
#[utoipa::path(get, path = "/api/v1/activities/{activity_id}", tag = "activities", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path)), responses((status = 200, body = ActivityOut), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    Path(activity_id): Path<Uuid>,
) -> AppResult<Json<ActivityOut>> {
    Ok(Json(out(service::get(&state, activity_id).await?)))
}

/// 修改活动（增加名额时，候补者依次转为正式报名）
#[utoipa::path(put, path = "/api/v1/activities/{activity_id}", tag = "activities", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path)), request_body = ActivityIn,
    responses((status = 200, body = ActivityOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    p: Principal,
    Path(activity_id): Path<Uuid>,
    ApiJson(b): ApiJson<ActivityIn>,
) -> AppResult<Json<ActivityOut>> {
    Ok(Json(out(service::edit(&state, &p, activity_id, &b.input()?).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallOffIn {
    /// 取消原因
    pub reason: String,
}

/// 取消活动
#[utoipa::path(post, path = "/api/v1/activities/{activity_id}/call-off", tag = "activities", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path)), request_body = CallOffIn,
    responses((status = 200, body = ActivityOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn call_off(
    State(state): State<AppState>,
    p: Principal,
    Path(activity_id): Path<Uuid>,
    ApiJson(b): ApiJson<CallOffIn>,
) -> AppResult<Json<ActivityOut>> {
    Ok(Json(out(service::call_off(&state, &p, activity_id, &b.reason).await?)))
}
