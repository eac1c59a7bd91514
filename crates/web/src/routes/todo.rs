//! 待办 over HTTP: `GET /api/v1/me/todo`; the items are `app::todo`.

use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::todo::{TodoOut, items};
use axum::Json;
use axum::extract::State;

use super::{Area, Routes};
use crate::auth::Rule;
use utoipa::OpenApi;

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area { routes, openapi: Api::openapi, nav: &[] };

#[derive(utoipa::OpenApi)]
#[openapi(paths(api_todo,))]
struct Api;

pub fn routes(r: Routes) -> Routes {
    r.get("/api/v1/me/todo", Rule::LOGIN, api_todo)
}

/// 我的待办
///
/// 当前登录者在其任职的各工会中等待本人办理的事项：待审核、待记账的凭证（不含本人制单的），
/// 待审核的送温暖等名单、待审批的困难职工档案、逾期走访与复核、待核定理赔、入会申请、转会、提案、
/// 待投票、换届提醒等。每项给出件数和办理页面。
#[utoipa::path(get, path = "/api/v1/me/todo", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = TodoOut), (status = 401, body = ErrorBody)))]
pub async fn api_todo(State(state): State<AppState>, p: Principal) -> AppResult<Json<TodoOut>> {
    let items = items(&state, &p).await?;
    let total = items.iter().map(|i| i.count).sum();
    Ok(Json(TodoOut { items, total }))
}
