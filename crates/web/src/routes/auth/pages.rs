//! Sign-in, sign-out, password, and the account pages.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::auth::{Perm, Role};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::guard::{CSRF_COOKIE, MaybePrincipal, MustChangePassword, SESSION_COOKIE};
use crate::client_ip::ClientIp;
use crate::cookies;
use crate::extract::{PageForm, Query};
use crate::pages::{FormErrors, Layout, PageResult, Pager, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::auth::secrets::random_token;
use app::auth::service::{self, NewUser, UserDetail};
use app::error::AppError;

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    layout: Layout,
    username: String,
    error: Option<String>,
}

pub async fn login_form(
    State(state): State<AppState>,
    MaybePrincipal(p): MaybePrincipal,
    headers: HeaderMap,
) -> Response {
    if p.is_some() {
        return Redirect::to("/").into_response();
    }
    let (csrf, set) = match cookies::get(&headers, CSRF_COOKIE) {
        Some(c) if c.len() == 64 => (c, false),
        _ => (random_token(), true),
    };
    let page = LoginPage { layout: Layout::anonymous("登录", &csrf), username: String::new(), error: None };
    let mut r = render(&page);
    if set {
        r.headers_mut()
            .append(header::SET_COOKIE, cookies::set(CSRF_COOKIE, &csrf, None, state.config.secure_cookies));
    }
    r
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    PageForm(f): PageForm<LoginForm>,
) -> Response {
    let result = match service::authenticate(&state, &f.username, &f.password, &ip).await {
        Ok(user) => service::open_session(&state, user.id).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(token) => {
            let mut r = Redirect::to("/").into_response();
            r.headers_mut().append(
                header::SET_COOKIE,
                cookies::set(SESSION_COOKIE, &token, None, state.config.secure_cookies),
            );
            r
        }
        Err(e) => {
            let page = LoginPage {
                layout: Layout::anonymous("登录", &f.csrf),
                username: f.username,
                error: Some(e.0.message.clone()),
            };
            render_status(e.status(), &page)
        }
    }
}

pub async fn logout(State(state): State<AppState>, p: Principal) -> PageResult {
    service::close_session(&state, &p).await?;
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut()
        .append(header::SET_COOKIE, cookies::set(SESSION_COOKIE, "", Some(0), state.config.secure_cookies));
    Ok(r)
}

#[derive(Template)]
#[template(path = "auth/password.html")]
struct PasswordPage {
    layout: Layout,
    errors: FormErrors,
    /// The password was set by someone else and must be changed first.
    forced: bool,
}

pub async fn password_form(
    State(state): State<AppState>,
    p: Principal,
    forced: Option<axum::Extension<MustChangePassword>>,
) -> Response {
    let layout = Layout::new(&state, &p, "", "修改密码").await.crumb("修改密码", "/account/password");
    render(&PasswordPage { layout, errors: FormErrors::default(), forced: forced.is_some() })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    old_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password2: String,
}

pub async fn password(
    State(state): State<AppState>,
    p: Principal,
    forced: Option<axum::Extension<MustChangePassword>>,
    PageForm(f): PageForm<PasswordForm>,
) -> Response {
    let result = if f.new_password != f.new_password2 {
        Err(AppError::field(domain::ErrorCode::InvalidValue, "new_password2", "两次输入的新密码不一致"))
    } else {
        service::change_password(&state, &p, &f.old_password, &f.new_password).await
    };
    match result {
        Ok(()) => redirect_with_flash(&state, &p, "/", "密码已修改").await,
        Err(e) => {
            let layout = Layout::new(&state, &p, "", "修改密码").await.crumb("修改密码", "/account/password");
            let forced = forced.is_some();
            render_status(e.status(), &PasswordPage { layout, errors: FormErrors::from_error(&e), forced })
        }
    }
}

pub struct UserRow {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub disabled: bool,
    pub created: String,
}

#[derive(Template)]
#[template(path = "auth/users.html")]
struct UsersPage {
    layout: Layout,
    q: String,
    rows: Vec<UserRow>,
    pager: Pager,
    can_manage: bool,
}

#[derive(Deserialize)]
pub struct ListParams {
    q: Option<String>,
    page: Option<i64>,
}

pub async fn users(
    State(state): State<AppState>,
    p: Principal,
    Query(params): Query<ListParams>,
) -> PageResult {
    let page = app::Page::new(params.page, None);
    let q = params.q.unwrap_or_default();
    let (list, total) = service::list_users(&state, &p, Some(q.trim()), page).await?;
    let rows = list
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            disabled: u.disabled_at.is_some(),
            created: domain::time::fmt_datetime(u.created_at),
        })
        .collect();
    let base = format!(
        "/users?q={}&",
        serde_urlencoded::to_string([("", &q)]).unwrap_or_default().trim_start_matches('=')
    );
    let layout = Layout::new(&state, &p, "user", "账号与权限").await.crumb("账号与权限", "/users");
    Ok(render(&UsersPage {
        layout,
        q,
        rows,
        pager: Pager::new(&base, page, total),
        can_manage: p.has(Perm::UserManage),
    }))
}

#[derive(Template)]
#[template(path = "auth/user_new.html")]
struct NewUserPage {
    layout: Layout,
    form: NewUserForm,
    orgs: Vec<(String, String)>,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
pub struct NewUserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    org_id: String,
}

async fn new_user_page(state: &AppState, p: &Principal, form: NewUserForm, errors: FormErrors) -> PageResult {
    let orgs = app::org::service::choices(state, p, Perm::UserManage).await?;
    let layout = Layout::new(state, p, "user", "新建账号")
        .await
        .crumb("账号与权限", "/users")
        .crumb("新建账号", "/users/new");
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render_status(status, &NewUserPage { layout, form, orgs, errors }))
}

pub async fn user_new(State(state): State<AppState>, p: Principal) -> PageResult {
    new_user_page(&state, &p, NewUserForm::default(), FormErrors::default()).await
}

pub async fn user_create(
    State(state): State<AppState>,
    p: Principal,
    PageForm(f): PageForm<NewUserForm>,
) -> PageResult {
    let input = NewUser {
        username: f.username.clone(),
        password: f.password.clone(),
        display_name: f.display_name.clone(),
        org_id: Uuid::parse_str(f.org_id.trim()).ok(),
    };
    match service::create_user(&state, &p, &input).await {
        Ok(user) => {
            Ok(redirect_with_flash(&state, &p, &format!("/users/{}", user.id), "账号已创建，请为其授予角色")
                .await)
        }
        Err(e) => {
            // The password is not sent back into the page.
            let form = NewUserForm { password: String::new(), ..f };
            new_user_page(&state, &p, form, FormErrors::from_error(&e)).await
        }
    }
}

pub struct GrantRow {
    pub id: Uuid,
    pub role: String,
    pub org: String,
}

#[derive(Template)]
#[template(path = "auth/user_show.html")]
struct UserPage {
    layout: Layout,
    id: Uuid,
    username: String,
    display_name: String,
    home_org: String,
    disabled: bool,
    created: String,
    grants: Vec<GrantRow>,
    can_manage: bool,
    roles: Vec<(&'static str, &'static str)>,
    orgs: Vec<(String, String)>,
    errors: FormErrors,
    typed: Typed,
    /// The member the login is linked to, and linking from here.
    link: app::member::login::UserLink,
}

/// What was typed into the user page's forms, shown again when one of them
/// is refused.
#[derive(Default)]
pub(crate) struct Typed {
    pub role: String,
    pub org: String,
    /// The member name of the 关联会员 form.
    pub member: String,
}

pub(crate) async fn user_page(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    errors: FormErrors,
    typed: Typed,
) -> PageResult {
    let UserDetail { user, home_org_name, grants } = service::user_detail(state, id).await?;
    let can_manage = p.has(Perm::UserManage);
    let orgs =
        if can_manage { app::org::service::choices(state, p, Perm::UserManage).await? } else { Vec::new() };
    let grants = grants
        .into_iter()
        .map(|g| GrantRow {
            id: g.id,
            role: Role::parse(&g.role).map(|r| r.label()).unwrap_or("未知角色").to_owned(),
            org: g.org_name.unwrap_or_else(|| "全系统".into()),
        })
        .collect();
    let link = app::member::login::user_link(state, p, &user).await?;
    let title = format!("账号：{}", user.display_name);
    let layout = Layout::new(state, p, "user", &title)
        .await
        .crumb("账号与权限", "/users")
        .crumb(user.username.clone(), format!("/users/{id}"));
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render_status(
        status,
        &UserPage {
            layout,
            id,
            username: user.username,
            display_name: user.display_name,
            home_org: home_org_name.unwrap_or_else(|| "（无，仅系统管理员可管理）".into()),
            disabled: user.disabled_at.is_some(),
            created: domain::time::fmt_datetime(user.created_at),
            grants,
            can_manage,
            roles: Role::ALL.iter().map(|r| (r.as_str(), r.label())).collect(),
            orgs,
            errors,
            typed,
            link,
        },
    ))
}

pub async fn user_show(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    user_page(&state, &p, id, FormErrors::default(), Typed::default()).await
}

#[derive(Deserialize)]
pub struct GrantForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    org_id: String,
}

pub async fn user_grant(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<GrantForm>,
) -> PageResult {
    let org = Uuid::parse_str(f.org_id.trim()).ok();
    match service::grant_role(&state, &p, id, &f.role, org).await {
        Ok(_) => Ok(redirect_with_flash(&state, &p, &format!("/users/{id}"), "已授予角色").await),
        Err(e) => {
            user_page(
                &state,
                &p,
                id,
                FormErrors::from_error(&e),
                Typed { role: f.role, org: f.org_id, ..Typed::default() },
            )
            .await
        }
    }
}

pub async fn user_revoke(
    State(state): State<AppState>,
    p: Principal,
    Path((id, grant_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    match service::revoke_role(&state, &p, id, grant_id).await {
        Ok(()) => Ok(redirect_with_flash(&state, &p, &format!("/users/{id}"), "已撤销角色").await),
        Err(e) if e.0.code == domain::ErrorCode::LastAdmin => {
            let page = user_page(&state, &p, id, FormErrors::from_error(&e), Typed::default());
            Ok(with_status(page.await?, e.status()))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    disabled: String,
}

pub async fn user_status(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StatusForm>,
) -> PageResult {
    let disabled = f.disabled == "1";
    match service::set_disabled(&state, &p, id, disabled).await {
        Ok(()) => {
            let msg = if disabled { "账号已停用" } else { "账号已启用" };
            Ok(redirect_with_flash(&state, &p, &format!("/users/{id}"), msg).await)
        }
        Err(e) if e.0.code == domain::ErrorCode::LastAdmin => {
            let page = user_page(&state, &p, id, FormErrors::from_error(&e), Typed::default());
            Ok(with_status(page.await?, e.status()))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    new_password: String,
}

pub async fn user_password(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<ResetForm>,
) -> PageResult {
    match service::reset_user_password(&state, &p, id, &f.new_password).await {
        Ok(()) => Ok(redirect_with_flash(
            &state,
            &p,
            &format!("/users/{id}"),
            "密码已重设，该账号的登录会话和接口令牌已全部失效；请把新密码当面交给本人，本人首次登录时须修改密码",
        )
        .await),
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let page = user_page(&state, &p, id, FormErrors::from_error(&e), Typed::default());
            Ok(with_status(page.await?, e.status()))
        }
    }
}

/// The page re-rendered after a refused action answers that action's status.
fn with_status(mut r: Response, status: StatusCode) -> Response {
    *r.status_mut() = status;
    r
}
