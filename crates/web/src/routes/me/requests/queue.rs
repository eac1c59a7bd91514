//! The officers' work queue (`/unions/{union_id}/requests`): members'
//! applications and correction requests, oldest first, with deadlines;
//! the decisions made here (condolence reports, corrections).

use askama::Template;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::api::{MeApplicationOut, out};
use super::data::{MeCorrectionOut, correction_out};
use crate::extract::{ApiJson, PageForm, Path};
use crate::pages::{Layout, PageResult, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::me::queue::{self as service, Queue};

fn href(union_id: Uuid) -> String {
    format!("/unions/{union_id}/requests")
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeQueuedApplicationOut {
    pub application: MeApplicationOut,
    pub member_name: String,
    /// 已超过办理期限
    pub overdue: bool,
    /// 办理的页面（困难职工档案、理赔、转会；慰问申请在本队列办理）
    pub link: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeQueuedCorrectionOut {
    pub correction: MeCorrectionOut,
    pub member_id: Uuid,
    pub member_name: String,
    pub overdue: bool,
    /// 会员档案的修改页面
    pub link: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeQueueOut {
    pub today: NaiveDate,
    pub applications: Vec<MeQueuedApplicationOut>,
    pub corrections: Vec<MeQueuedCorrectionOut>,
}

fn queue_out(q: Queue) -> MeQueueOut {
    MeQueueOut {
        today: q.today,
        applications: q
            .applications
            .into_iter()
            .map(|a| MeQueuedApplicationOut {
                link: a.view.target_link(),
                application: out(a.view),
                member_name: a.member_name,
                overdue: a.overdue,
            })
            .collect(),
        corrections: q
            .corrections
            .into_iter()
            .map(|c| MeQueuedCorrectionOut {
                link: format!("/unions/{}/members/{}/edit", c.c.union_id, c.c.member_id),
                member_id: c.c.member_id,
                member_name: c.member_name,
                overdue: c.overdue,
                correction: correction_out(c.c),
            })
            .collect(),
    }
}

/// 会员申请和更正申请的待办队列（先到先办，含办理期限和是否逾期）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/requests", tag = "me-requests", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = MeQueueOut), (status = 404, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, Path(union_id): Path<Uuid>) -> AppResult<Json<MeQueueOut>> {
    Ok(Json(queue_out(service::queue(&state, union_id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeApplicationDecisionIn {
    /// approve（同意）| reject（不同意）
    pub decision: String,
    /// 办理意见；不同意时必填
    #[serde(default)]
    pub reason: String,
}

/// 办理慰问申请：同意即登记生活事件（慰问金按经费支出规定，安排走访），不同意须说明理由；重复办理答 409
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/applications/{application_id}/decision", tag = "me-requests", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("application_id" = Uuid, Path)), request_body = MeApplicationDecisionIn,
    responses((status = 200, body = MeApplicationOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide_application(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<MeApplicationDecisionIn>,
) -> AppResult<Json<MeApplicationOut>> {
    Ok(Json(out(service::decide_application(&state, &p, union_id, id, &b.decision, &b.reason).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeCorrectionDecisionIn {
    /// done（已在会员档案中更正）| reject（不予更正）
    pub decision: String,
    /// 更正了什么，或不予更正的理由（必填）
    #[serde(default)]
    pub note: String,
}

/// 办理更正申请：在会员档案中改正后标记已更正并记录改了什么，或说明理由不予更正；重复办理答 409
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/corrections/{correction_id}/decision", tag = "me-requests", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("correction_id" = Uuid, Path)), request_body = MeCorrectionDecisionIn,
    responses((status = 200, body = MeCorrectionOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide_correction(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<MeCorrectionDecisionIn>,
) -> AppResult<Json<MeCorrectionOut>> {
    Ok(Json(correction_out(
        service::decide_correction(&state, &p, union_id, id, &b.decision, &b.note).await?,
    )))
}

// --- The page -----------------------------------------------------------------

#[derive(Template)]
#[template(path = "me/requests/queue.html")]
struct QueuePage {
    layout: Layout,
    union_id: Uuid,
    q: MeQueueOut,
}

pub async fn page(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let q = queue_out(service::queue(&state, union_id).await?);
    let layout = Layout::new(&state, &p, "requests", "会员申请待办")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("会员申请待办", href(union_id));
    Ok(render_status(axum::http::StatusCode::OK, &QueuePage { layout, union_id, q }))
}

#[derive(Deserialize, Default)]
pub struct DecisionForm {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
}

pub async fn decide_application_form(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<DecisionForm>,
) -> PageResult {
    let r = service::decide_application(&state, &p, union_id, id, &f.decision, &f.reason)
        .await
        .map(|v| format!("已办理：{}{}", v.kind.label(), v.status.label()));
    crate::kit::done(&state, &p, &href(union_id), r).await
}

pub async fn decide_correction_form(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<DecisionForm>,
) -> PageResult {
    let r = service::decide_correction(&state, &p, union_id, id, &f.decision, &f.note)
        .await
        .map(|_| "已办理更正申请，办理结果已记录".to_owned());
    crate::kit::done(&state, &p, &href(union_id), r).await
}

/// When a timestamp is shown in the queue.
pub fn when(t: &DateTime<Utc>) -> String {
    domain::time::fmt_datetime(*t)
}
