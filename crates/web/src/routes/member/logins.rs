//! Logins for many members at once (批量开通账号): the API and the pages;
//! the use case is `app::member::logins`.

use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult, ErrorBody};
use app::member::logins::{BulkLoginsOut, Planned, create, preview, without_login};
use askama::Template;
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::ErrorCode;
use domain::logins::PRESETS;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::{ApiJson, Path};
use crate::pages::{FormErrors, Layout, PageResult, render, render_status};

// --- API ------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkLoginsIn {
    /// 要开通账号的会员（本会的会员；一次最多500名）
    pub member_ids: Vec<Uuid>,
    /// 用户名规则：{pinyin} 姓名全拼、{initials} 拼音首字母、{card} 会员证号、{seq} 或 {seq:位数} 序号，
    /// 其余为原样的小写字母、数字、点、下划线、短横线，如 "{pinyin}"、"hy{seq:4}"
    pub username_pattern: String,
}

/// 批量开通会员登录账号
///
/// 为所选会员各开通一个账号：用户名按规则生成（重名自动加数字或顺延序号），
/// 初始密码随机生成并只在此次应答中给出（不保存明文），账号关联到会员、授予本会“会员”角色，
/// 首次登录须修改密码。已有账号或不在籍的会员列入 skipped。
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/member-logins", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = BulkLoginsIn,
    responses((status = 201, body = BulkLoginsOut),
        (status = 404, description = "工会或所选会员不存在，或属于其他工会（not_found）", body = ErrorBody),
        (status = 409, description = "其他人正在同时为这些会员开通账号（conflict）", body = ErrorBody),
        (status = 422, description = "用户名规则不正确或未选会员（field: username_pattern / member_ids）", body = ErrorBody)))]
pub async fn api_create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<BulkLoginsIn>,
) -> AppResult<Response> {
    let out = create(&state, &p, union_id, &b.member_ids, &b.username_pattern).await?;
    let mut r = (StatusCode::CREATED, Json(out)).into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    Ok(r)
}

// --- Pages ----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "member/logins.html")]
struct LoginsPage {
    layout: Layout,
    union_id: Uuid,
    pattern: String,
    presets: &'static [(&'static str, &'static str, &'static str)],
    rows: Vec<Planned>,
    to_create: usize,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "member/login_sheet.html")]
struct SheetPage {
    layout: Layout,
    union_id: Uuid,
    union_name: String,
    out: BulkLoginsOut,
}

/// The chosen members and pattern of the page's query or form:
/// `member_id` repeated (the roster's check boxes), `all=1` for every
/// member without a login, `username_pattern`.
fn chosen(raw: &str) -> (Vec<Uuid>, bool, String, bool) {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.as_bytes()).into_owned().collect();
    let mut ids = Vec::new();
    let mut bad = false;
    for (_, v) in pairs.iter().filter(|(k, _)| k == "member_id") {
        match Uuid::parse_str(v.trim()) {
            Ok(id) => ids.push(id),
            Err(_) => bad = true,
        }
    }
    let all = pairs.iter().any(|(k, v)| k == "all" && v == "1");
    let pattern = pairs
        .iter()
        .find(|(k, _)| k == "username_pattern")
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| PRESETS[0].0.to_owned());
    (ids, all, pattern, bad)
}

async fn page_layout(state: &AppState, p: &Principal, union_id: Uuid) -> AppResult<(Layout, String)> {
    let union = app::org::union(state, union_id).await?;
    let layout = Layout::new(state, p, "member", "批量开通账号")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("会员花名册", format!("/unions/{union_id}/members"))
        .crumb("批量开通账号", format!("/unions/{union_id}/member-logins/new"));
    Ok((layout, union.name))
}

/// `GET /unions/{union_id}/member-logins/new`: the preview.
pub async fn new(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (mut ids, all, pattern, bad) = chosen(raw.as_deref().unwrap_or(""));
    if bad {
        return Err(AppError::field(ErrorCode::NotFound, "member_ids", "所选会员不存在").into());
    }
    if all {
        ids = without_login(&state, union_id).await?;
    }
    let (rows, errors) = if ids.is_empty() {
        (Vec::new(), FormErrors::default())
    } else {
        match preview(&state, union_id, &ids, &pattern).await {
            Ok(rows) => (rows, FormErrors::default()),
            Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
            Err(e) => {
                // The pattern is wrong: list the members without usernames.
                let rows = match preview(&state, union_id, &ids, PRESETS[0].0).await {
                    Ok(rows) => rows.into_iter().map(|r| Planned { username: None, ..r }).collect(),
                    Err(_) => Vec::new(),
                };
                (rows, FormErrors::from_error(&e))
            }
        }
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let (layout, _) = page_layout(&state, &p, union_id).await?;
    let to_create = rows.iter().filter(|r| r.username.is_some()).count();
    Ok(render_status(
        status,
        &LoginsPage { layout, union_id, pattern, presets: PRESETS, rows, to_create, errors },
    ))
}

/// `POST /unions/{union_id}/member-logins`: creates the logins and shows
/// the sheet of one-time passwords, once (no-store; not kept anywhere).
pub async fn create_page(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    body: String,
) -> PageResult {
    let (ids, _, pattern, bad) = chosen(&body);
    if bad {
        return Err(AppError::field(ErrorCode::NotFound, "member_ids", "所选会员不存在").into());
    }
    match create(&state, &p, union_id, &ids, &pattern).await {
        Ok(out) => {
            let (layout, union_name) = page_layout(&state, &p, union_id).await?;
            let mut r = render(&SheetPage { layout, union_id, union_name, out });
            r.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
            Ok(r)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let rows = preview(&state, union_id, &ids, &pattern).await.unwrap_or_default();
            let (layout, _) = page_layout(&state, &p, union_id).await?;
            let to_create = rows.iter().filter(|r| r.username.is_some()).count();
            let page = LoginsPage {
                layout,
                union_id,
                pattern,
                presets: PRESETS,
                rows,
                to_create,
                errors: FormErrors::from_error(&e),
            };
            Ok(render_status(e.status(), &page))
        }
    }
}
