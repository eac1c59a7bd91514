//! `/api/v1/auth`, `/api/v1/me`, `/api/v1/users`.

use crate::extract::Path;
use crate::kit::Created;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::client_ip::ClientIp;
use crate::extract::{ApiJson, Query};
use app::AppState;
use app::auth::Principal;
use app::auth::service::{self, NewUser, UserDetail};
use app::error::{AppResult, ErrorBody};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// 签发接口令牌
///
/// 同一账号连续登录失败5次后（同一地址20次后），每次再试须等待的时间逐次加倍（1秒、2秒、4秒……最长5分钟），
/// 等待期间答复 429 并在 `Retry-After` 中给出秒数；等待过后密码正确即可登录。
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", request_body = TokenRequest,
    responses((status = 200, body = TokenResponse), (status = 401, body = ErrorBody),
        (status = 429, description = "登录失败次数过多，须等待 Retry-After 秒后再试", body = ErrorBody,
            headers(("Retry-After" = i64, description = "须等待的秒数")))))]
pub async fn token(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<TokenRequest>,
) -> Response {
    match service::issue_token(&state, &body.username, &body.password, &ip).await {
        Ok((token, expires_at)) => Json(TokenResponse { token, expires_at }).into_response(),
        Err(e) if e.0.code == domain::ErrorCode::LoginThrottled => {
            let secs = service::retry_after(&state, &body.username, &ip).await.ok().flatten().unwrap_or(1);
            let mut r = e.into_response();
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
            r
        }
        Err(e) => e.into_response(),
    }
}

/// 注销当前接口令牌
#[utoipa::path(delete, path = "/api/v1/auth/token", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    _p: Principal,
    headers: HeaderMap,
) -> AppResult<StatusCode> {
    if let Some(t) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        service::revoke_token(&state, t.trim()).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GrantOut {
    pub id: Uuid,
    pub role: String,
    /// 角色中文名
    pub role_label: String,
    pub org_id: Option<Uuid>,
    pub org_name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserOut {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub org_id: Option<Uuid>,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<GrantOut>>,
}

impl UserOut {
    fn from_user(u: &app::auth::User) -> Self {
        UserOut {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            org_id: u.home_org_id,
            disabled: u.disabled_at.is_some(),
            created_at: u.created_at,
            roles: None,
        }
    }

    fn from_detail(d: &UserDetail) -> Self {
        let mut out = Self::from_user(&d.user);
        out.roles = Some(
            d.grants
                .iter()
                .map(|g| GrantOut {
                    id: g.id,
                    role: g.role.clone(),
                    role_label: domain::auth::Role::parse(&g.role)
                        .map(|r| r.label().to_owned())
                        .unwrap_or_default(),
                    org_id: g.org_id,
                    org_name: g.org_name.clone(),
                })
                .collect(),
        );
        out
    }
}

/// The account, and (issue 19) its linked member, union and what waits.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeOut {
    #[serde(flatten)]
    pub user: UserOut,
    /// 关联的会员（未关联时为 null）
    pub member: Option<app::me::home::MeMember>,
    /// 会员所在工会（未关联时为 null）
    pub union: Option<app::me::home::MeUnion>,
    /// 待本人处理的件数
    pub pending: app::me::home::MePending,
}

/// 当前账号
///
/// 账号信息与角色；`member`、`union` 为关联的会员及其工会（未关联时为 null）；
/// `pending` 为待本人处理的件数：可投票的投票、已报名未开始的活动、待评价的答复、已安排的走访。
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = MeOut), (status = 401, body = ErrorBody)))]
pub async fn me(State(state): State<AppState>, p: Principal) -> AppResult<Json<MeOut>> {
    let user = UserOut::from_detail(&service::user_detail(&state, p.user_id).await?);
    let s = app::me::home::summary(&state, &p).await?;
    Ok(Json(MeOut { user, member: s.member, union: s.union, pending: s.pending }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub old_password: String,
    pub new_password: String,
}

/// 修改密码
///
/// 新密码至少10个字符，须包含字母和数字，不能包含用户名，也不能是常见密码（422，`field` 为 `new_password`）。
/// 修改成功后，该账号的全部接口令牌（包括本次请求所用的令牌）和其他浏览器会话立即失效，须用新密码重新登录。
#[utoipa::path(post, path = "/api/v1/me/password", tag = "auth", security(("bearer" = [])),
    request_body = PasswordChange,
    responses((status = 204, description = "已修改；该账号的全部接口令牌随即失效"), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn password(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<PasswordChange>,
) -> AppResult<StatusCode> {
    service::change_password(&state, &p, &body.old_password, &body.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    pub username: String,
    pub password: String,
    pub display_name: String,
    /// 所属组织：其管理者管理此账号。省略时只有系统管理员可管理。
    pub org_id: Option<Uuid>,
}

/// 创建账号
///
/// 密码至少10个字符，须包含字母和数字，不能包含用户名，也不能是常见密码（422，`field` 为 `password`）。
#[utoipa::path(post, path = "/api/v1/users", tag = "users", security(("bearer" = [])),
    request_body = CreateUser,
    responses((status = 201, body = Created), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<CreateUser>,
) -> AppResult<(StatusCode, Json<Created>)> {
    let input = NewUser {
        username: body.username,
        password: body.password,
        display_name: body.display_name,
        org_id: body.org_id,
    };
    let user = service::create_user(&state, &p, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: user.id })))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// 按用户名或姓名查找
    pub q: Option<String>,
    pub page: Option<i64>,
    pub page_size: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserList {
    pub items: Vec<UserOut>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

/// 账号列表
#[utoipa::path(get, path = "/api/v1/users", tag = "users", security(("bearer" = [])), params(ListQuery),
    responses((status = 200, body = UserList)))]
pub async fn list_users(
    State(state): State<AppState>,
    p: Principal,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<UserList>> {
    let page = app::Page::new(q.page, q.page_size);
    let (users, total) = service::list_users(&state, &p, q.q.as_deref(), page).await?;
    Ok(Json(UserList {
        items: users.iter().map(UserOut::from_user).collect(),
        total,
        page: page.number,
        page_size: page.size,
    }))
}

/// 账号详情（含角色）
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = UserOut), (status = 404, body = ErrorBody)))]
pub async fn get_user(State(state): State<AppState>, Path(id): Path<Uuid>) -> AppResult<Json<UserOut>> {
    Ok(Json(UserOut::from_detail(&service::user_detail(&state, id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantRequest {
    /// chair, officer, treasurer, auditor, women_committee, group_leader, member, federation, admin
    pub role: String,
    /// The node the role applies to (with its subtree); omitted for admin.
    pub org_id: Option<Uuid>,
}

/// 授予角色
#[utoipa::path(post, path = "/api/v1/users/{id}/roles", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = GrantRequest,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 409, description = "该账号已有此授权", body = ErrorBody)))]
pub async fn grant(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<GrantRequest>,
) -> AppResult<(StatusCode, Json<Created>)> {
    let gid = service::grant_role(&state, &p, id, &body.role, body.org_id).await?;
    Ok((StatusCode::CREATED, Json(Created { id: gid })))
}

/// 撤销角色
///
/// 不能撤销最后一名可用（未停用）系统管理员的管理员角色：答复 409（`last_admin`）。
#[utoipa::path(delete, path = "/api/v1/users/{id}/roles/{grant_id}", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("grant_id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "最后一名可用的系统管理员不能被撤销管理员角色", body = ErrorBody)))]
pub async fn revoke_grant(
    State(state): State<AppState>,
    p: Principal,
    Path((id, grant_id)): Path<(Uuid, Uuid)>,
) -> AppResult<StatusCode> {
    service::revoke_role(&state, &p, id, grant_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserStatus {
    /// true 停用，false 启用
    pub disabled: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    /// 新密码（至少 10 位，不能与用户名相同）
    pub new_password: String,
}

/// 重设他人的密码（忘记密码时由管理员重设）
///
/// 该账号的全部登录会话和接口令牌随即失效，本人下次登录后须先修改密码（此前其他接口答复 403 password_change_required）；不能用于重设自己的密码（请用 POST /api/v1/me/password）。
#[utoipa::path(post, path = "/api/v1/users/{id}/password", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = PasswordReset,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<PasswordReset>,
) -> AppResult<StatusCode> {
    service::reset_user_password(&state, &p, id, &body.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 停用或启用账号
///
/// 不能停用最后一名可用的系统管理员：答复 409（`last_admin`）。
#[utoipa::path(post, path = "/api/v1/users/{id}/status", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UserStatus,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "最后一名可用的系统管理员不能被停用", body = ErrorBody)))]
pub async fn status(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<UserStatus>,
) -> AppResult<StatusCode> {
    service::set_disabled(&state, &p, id, body.disabled).await?;
    Ok(StatusCode::NO_CONTENT)
}
