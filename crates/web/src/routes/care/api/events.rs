//! Life events, 五必访 visits and birthdays.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::MemberQuery;
use crate::extract::{ApiJson, Query};
use app::AppState;
use app::auth::Principal;
use app::care::aid::{self, VisitLog};
use app::care::files;
use app::error::{AppResult, ErrorBody};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventIn {
    pub member_id: Option<Uuid>,
    /// hospital | marriage | childbirth | bereavement | retirement | crisis
    pub kind: String,
    pub date: Option<NaiveDate>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventOut {
    pub id: Uuid,
    pub member_id: Uuid,
    pub member_name: Option<String>,
    pub kind: String,
    pub date: NaiveDate,
    pub note: Option<String>,
    /// 应发慰问的支出项目
    pub item: String,
    /// 按本会政策今年尚可发放（分）；null 为不设限额，0 为政策未列出
    pub due_fen: Option<i64>,
    pub due_rule: String,
    /// due | paid | none
    pub condolence_status: String,
    pub visit_id: Option<Uuid>,
    pub visit_due_date: Option<NaiveDate>,
}

fn event_out(e: app::care::Event, name: Option<String>, v: Option<&app::care::Visit>) -> EventOut {
    EventOut {
        id: e.id,
        member_id: e.member_id,
        member_name: name,
        kind: e.kind,
        date: e.date,
        note: e.note,
        item: e.item,
        due_fen: e.due_fen,
        due_rule: e.due_rule,
        condolence_status: e.condolence_status,
        visit_id: v.map(|v| v.id),
        visit_due_date: v.map(|v| v.due_date),
    }
}

/// 登记生活事件：生成应发慰问（按政策核对）和走访任务
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/life-events", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = EventIn, responses((status = 201, body = EventOut), (status = 422, body = ErrorBody)))]
pub async fn record_event(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<EventIn>,
) -> AppResult<(StatusCode, Json<EventOut>)> {
    let (e, v) = aid::record_event(
        &state,
        &p,
        union_id,
        b.member_id,
        &b.kind,
        b.date,
        b.note.as_deref().unwrap_or(""),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(event_out(e, None, Some(&v)))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventList {
    pub items: Vec<EventOut>,
}

/// 生活事件列表
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/life-events", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), MemberQuery), responses((status = 200, body = EventList)))]
pub async fn events(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<MemberQuery>,
) -> AppResult<Json<EventList>> {
    let rows = aid::events(&state, union_id, q.member_id).await?;
    Ok(Json(EventList { items: rows.into_iter().map(|(e, n)| event_out(e, Some(n), None)).collect() }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VisitOut {
    pub id: Uuid,
    pub member_id: Uuid,
    pub member_name: String,
    pub event_id: Option<Uuid>,
    pub kind: String,
    pub due_date: NaiveDate,
    /// open | done
    pub status: String,
    pub overdue: bool,
    pub visited_on: Option<NaiveDate>,
    pub visitors: Option<String>,
    pub notes: Option<String>,
    pub follow_up: Option<String>,
}

pub fn visit_out(v: app::care::Visit, name: String) -> VisitOut {
    let overdue = domain::care::events::overdue(v.due_date, v.status == "done", files::today());
    VisitOut {
        id: v.id,
        member_id: v.member_id,
        member_name: name,
        event_id: v.event_id,
        kind: v.kind,
        due_date: v.due_date,
        status: v.status,
        overdue,
        visited_on: v.visited_on,
        visitors: v.visitors,
        notes: v.notes,
        follow_up: v.follow_up,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VisitList {
    pub items: Vec<VisitOut>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VisitQuery {
    /// open | overdue | done
    pub status: Option<String>,
}

/// 五必访走访任务（status=open 待走访，overdue 逾期，done 已走访）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/visits", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), VisitQuery), responses((status = 200, body = VisitList)))]
pub async fn visits(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<VisitQuery>,
) -> AppResult<Json<VisitList>> {
    let rows = aid::visits(&state, union_id, q.status.as_deref().filter(|s| !s.is_empty())).await?;
    Ok(Json(VisitList { items: rows.into_iter().map(|(v, n)| visit_out(v, n)).collect() }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitIn {
    pub visited_on: Option<NaiveDate>,
    pub visitors: String,
    pub notes: Option<String>,
    pub follow_up: Option<String>,
}

/// 登记走访
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/visits/{visit_id}", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("visit_id" = Uuid, Path)), request_body = VisitIn,
    responses((status = 200, body = VisitOut), (status = 409, body = ErrorBody)))]
pub async fn complete_visit(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<VisitIn>,
) -> AppResult<Json<VisitOut>> {
    let l = VisitLog {
        visited_on: b.visited_on,
        visitors: b.visitors,
        notes: b.notes.unwrap_or_default(),
        follow_up: b.follow_up.unwrap_or_default(),
    };
    let v = aid::complete_visit(&state, &p, union_id, id, &l).await?;
    Ok(Json(visit_out(v, String::new())))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BirthdayOut {
    pub member_id: Uuid,
    pub name: String,
    pub birthday: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BirthdayList {
    pub month: u32,
    pub items: Vec<BirthdayOut>,
}

/// 下月过生日的会员（生日慰问）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/birthdays", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = BirthdayList)))]
pub async fn birthdays(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<BirthdayList>> {
    let (month, rows) = aid::birthdays(&state, union_id).await?;
    Ok(Json(BirthdayList {
        month,
        items: rows
            .into_iter()
            .map(|(id, name, d)| BirthdayOut { member_id: id, name, birthday: d.format("%m-%d").to_string() })
            .collect(),
    }))
}
