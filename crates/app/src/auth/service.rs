//! Sign-in, sessions, tokens, passwords, accounts and role grants.

use chrono::{DateTime, Utc};
use domain::auth::{
    Perm, Role, after_login_failure, check_keeps_an_admin, check_password, may_grant, parse_username,
    retry_after_secs, wait_left,
};
use domain::org::OrgKind;
use domain::{ErrorCode, text};
use store::Page;
use store::auth::{Grant, Session, User};
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::{Actor, record};
use crate::auth::Principal;
use crate::auth::cache::Kind;
use crate::auth::secrets::{hash_password, random_token, token_hash, verify_password};
use crate::error::{AppError, AppResult};

/// Checks a username and password, with throttling per account and per
/// source address: a progressive delay, never a hard lock (a correct
/// password after the wait works). Every outcome is audited.
pub async fn authenticate(state: &AppState, username: &str, password: &str, ip: &str) -> AppResult<User> {
    let now = store::now();
    let name = username.trim().to_ascii_lowercase();
    let user_key = format!("user:{name}");
    let ip_key = format!("ip:{ip}");
    let mut tx = state.db.read().await?;
    let user_t = store::auth::throttle(&mut tx, &user_key).await?;
    let ip_t = store::auth::throttle(&mut tx, &ip_key).await?;
    if let Some(wait) = wait_left(user_t.as_ref(), now).max(wait_left(ip_t.as_ref(), now)) {
        return Err(throttled(wait));
    }
    let user = store::auth::user_by_username(&mut tx, &name).await?;
    drop(tx);
    let ok = verify_password(password.to_owned(), user.as_ref().map(|u| u.password_hash.clone())).await;

    let mut tx = state.db.write().await?;
    match user {
        Some(user) if ok => {
            if user.disabled_at.is_some() {
                return Err(AppError::code(ErrorCode::AccountDisabled));
            }
            store::auth::clear_throttle(&mut tx, &user_key).await?;
            let actor = Actor { id: Some(user.id), name: &user.username, ip };
            record(&mut tx, actor, "auth.login", format!("user:{}", user.id), None, "登录成功".into())
                .await?;
            tx.commit().await?;
            Ok(user)
        }
        _ => {
            // The wait counts from the answer, not from the request (the
            // password check itself takes a while).
            let now = store::now();
            let cfg = &state.config;
            // Re-read inside the write transaction so concurrent failures add up.
            let user_t = store::auth::throttle(&mut tx, &user_key).await?;
            let ip_t = store::auth::throttle(&mut tx, &ip_key).await?;
            let next_user = after_login_failure(user_t.as_ref(), now, &cfg.backoff(cfg.login_limit_account));
            let next_ip = after_login_failure(ip_t.as_ref(), now, &cfg.backoff(cfg.login_limit_ip));
            store::auth::set_throttle(&mut tx, &user_key, &next_user).await?;
            store::auth::set_throttle(&mut tx, &ip_key, &next_ip).await?;
            let wait = wait_left(Some(&next_user), now).max(wait_left(Some(&next_ip), now));
            let summary = match wait {
                Some(w) => format!(
                    "用户名“{name}”登录失败（该账号连续第{}次），下次登录须等待{}秒",
                    next_user.failures,
                    retry_after_secs(w)
                ),
                None => format!("用户名“{name}”登录失败"),
            };
            let actor = Actor { id: None, name: "", ip };
            record(&mut tx, actor, "auth.login_failed", format!("username:{name}"), None, summary).await?;
            tx.commit().await?;
            Err(match wait {
                Some(w) => throttled(w),
                None => AppError::code(ErrorCode::InvalidCredentials),
            })
        }
    }
}

fn throttled(wait: chrono::Duration) -> AppError {
    let mut e = AppError::code(ErrorCode::LoginThrottled);
    e.0.message = format!("登录失败次数过多，请{}秒后再试", retry_after_secs(wait));
    e
}

/// Seconds until a sign-in as `username` from `ip` may be tried again (for
/// the Retry-After header of a throttled answer).
pub async fn retry_after(state: &AppState, username: &str, ip: &str) -> AppResult<Option<i64>> {
    let now = store::now();
    let name = username.trim().to_ascii_lowercase();
    let mut tx = state.db.read().await?;
    let user_t = store::auth::throttle(&mut tx, &format!("user:{name}")).await?;
    let ip_t = store::auth::throttle(&mut tx, &format!("ip:{ip}")).await?;
    Ok(wait_left(user_t.as_ref(), now).max(wait_left(ip_t.as_ref(), now)).map(retry_after_secs))
}

/// Opens a browser session; returns the cookie value (only its hash is kept).
pub async fn open_session(state: &AppState, user_id: Uuid) -> AppResult<String> {
    let now = store::now();
    let token = random_token();
    let mut tx = state.db.write().await?;
    let idle_before = now - state.config.session_idle;
    store::auth::delete_expired(&mut tx, now, idle_before).await?;
    store::auth::insert_session(
        &mut tx,
        &Session {
            token_hash: token_hash(&token),
            user_id,
            csrf_token: random_token(),
            flash: None,
            created_at: now,
            last_seen_at: now,
            expires_at: now + state.config.session_absolute,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

pub async fn close_session(state: &AppState, p: &Principal) -> AppResult<()> {
    let Some(s) = &p.session else { return Ok(()) };
    let mut tx = state.db.write().await?;
    store::auth::delete_session(&mut tx, &s.token_hash).await?;
    record(&mut tx, p.actor(), "auth.logout", format!("user:{}", p.user_id), None, "退出登录".into()).await?;
    tx.commit().await?;
    state.identities.forget(Kind::Session, &s.token_hash);
    Ok(())
}

/// Issues an API bearer token.
pub async fn issue_token(
    state: &AppState,
    username: &str,
    password: &str,
    ip: &str,
) -> AppResult<(String, DateTime<Utc>)> {
    let user = authenticate(state, username, password, ip).await?;
    let now = store::now();
    let token = random_token();
    let expires_at = now + state.config.token_ttl;
    let mut tx = state.db.write().await?;
    store::auth::insert_token(&mut tx, &token_hash(&token), user.id, now, expires_at).await?;
    let actor = Actor { id: Some(user.id), name: &user.username, ip };
    record(&mut tx, actor, "auth.token_issued", format!("user:{}", user.id), None, "签发接口令牌".into())
        .await?;
    tx.commit().await?;
    Ok((token, expires_at))
}

pub async fn revoke_token(state: &AppState, token: &str) -> AppResult<()> {
    let mut tx = state.db.write().await?;
    store::auth::delete_token(&mut tx, &token_hash(token)).await?;
    tx.commit().await?;
    state.identities.forget(Kind::Token, &token_hash(token));
    Ok(())
}

pub async fn change_password(
    state: &AppState,
    p: &Principal,
    old_password: &str,
    new_password: &str,
) -> AppResult<()> {
    let mut tx = state.db.read().await?;
    let user = store::auth::user_by_id(&mut tx, p.user_id).await?.ok_or_else(AppError::not_found)?;
    drop(tx);
    check_password("new_password", "新密码", new_password, &user.username)?;
    if !verify_password(old_password.to_owned(), Some(user.password_hash)).await {
        return Err(AppError::field(ErrorCode::WrongPassword, "old_password", "原密码不正确"));
    }
    let hash = hash_password(new_password.to_owned()).await;
    let mut tx = state.db.write().await?;
    store::auth::set_password(&mut tx, p.user_id, &hash, false, store::now()).await?;
    // Other browsers signed in as this user are signed out, and every API
    // token ends (the one used for this change too): whoever held the old
    // password holds nothing that still works. The browser session that made
    // the change stays signed in.
    let keep = p.session.as_ref().map(|s| s.token_hash.as_str()).unwrap_or("");
    store::auth::delete_other_sessions(&mut tx, p.user_id, keep).await?;
    store::auth::delete_tokens_of(&mut tx, p.user_id).await?;
    record(
        &mut tx,
        p.actor(),
        "auth.password_changed",
        format!("user:{}", p.user_id),
        None,
        "修改了密码（其他会话和全部接口令牌已失效）".into(),
    )
    .await?;
    tx.commit().await?;
    state.identities.forget_user(p.user_id);
    Ok(())
}

/// Sets another user's password (one who forgot theirs): every browser
/// session and API token of that user ends, and the act is audited. One's
/// own password is changed with the old one (`change_password`).
pub async fn reset_user_password(
    state: &AppState,
    p: &Principal,
    user_id: Uuid,
    new_password: &str,
) -> AppResult<()> {
    if user_id == p.user_id {
        return Err(AppError::field(
            ErrorCode::Forbidden,
            "new_password",
            "不能在这里重设自己的密码，请在“修改密码”中用原密码修改",
        ));
    }
    let user = {
        let mut tx = state.db.read().await?;
        store::auth::user_by_id(&mut tx, user_id).await?.ok_or_else(AppError::not_found)?
    };
    check_password("new_password", "新密码", new_password, &user.username)?;
    let hash = hash_password(new_password.to_owned()).await;
    let mut tx = state.db.write().await?;
    store::auth::set_password(&mut tx, user_id, &hash, true, store::now()).await?;
    let sessions = store::auth::delete_sessions_of(&mut tx, user_id).await?;
    let tokens = store::auth::delete_tokens_of(&mut tx, user_id).await?;
    store::auth::clear_throttle(&mut tx, &format!("user:{}", user.username)).await?;
    record(
        &mut tx,
        p.actor(),
        "auth.password_reset",
        format!("user:{user_id}"),
        None,
        format!("重设了账号 {} 的密码（结束其 {sessions} 个登录会话、{tokens} 个接口令牌）", user.username),
    )
    .await?;
    tx.commit().await?;
    state.identities.forget_user(user_id);
    Ok(())
}

/// A new account as typed.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub username: String,
    pub password: String,
    pub display_name: String,
    /// The org whose managers administer the account.
    pub org_id: Option<Uuid>,
}

pub async fn create_user(state: &AppState, p: &Principal, input: &NewUser) -> AppResult<User> {
    let username = parse_username(&input.username)?;
    let display_name = text::required_line("display_name", "姓名", &input.display_name, 50)?;
    check_password("password", "密码", &input.password, &username)?;
    let mut tx = state.db.write().await?;
    if store::auth::user_by_username(&mut tx, &username).await?.is_some() {
        return Err(AppError::field(ErrorCode::UsernameTaken, "username", "用户名已被使用"));
    }
    let org = match input.org_id {
        Some(id) => Some(store::org::get(&mut tx, id).await?.ok_or_else(AppError::not_found)?),
        None => None,
    };
    drop(tx);
    let hash = hash_password(input.password.clone()).await;
    let now = store::now();
    let user = User {
        id: Uuid::now_v7(),
        username,
        display_name,
        password_hash: hash,
        home_org_id: input.org_id,
        disabled_at: None,
        created_at: now,
        updated_at: now,
        // A password the administrator chose and hands over works at once.
        must_change_password: false,
    };
    let mut tx = state.db.write().await?;
    store::auth::insert_user(&mut tx, &user).await.map_err(|e| {
        if store::is_unique_violation(&e) {
            AppError::field(ErrorCode::UsernameTaken, "username", "用户名已被使用")
        } else {
            e.into()
        }
    })?;
    record(
        &mut tx,
        p.actor(),
        "user.create",
        format!("user:{}", user.id),
        org.as_ref().map(|o| (o.id, o.path.as_str())),
        format!("创建账号 {}（{}）", user.username, user.display_name),
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

/// An account with its roles.
pub struct UserDetail {
    pub user: User,
    pub home_org_name: Option<String>,
    pub grants: Vec<Grant>,
}

pub async fn user_detail(state: &AppState, id: Uuid) -> AppResult<UserDetail> {
    let mut tx = state.db.read().await?;
    let user = store::auth::user_by_id(&mut tx, id).await?.ok_or_else(AppError::not_found)?;
    let home_org_name = match user.home_org_id {
        Some(o) => store::org::get(&mut tx, o).await?.map(|o| o.name),
        None => None,
    };
    let grants = store::auth::grants_of(&mut tx, id).await?;
    Ok(UserDetail { user, home_org_name, grants })
}

pub async fn list_users(
    state: &AppState,
    p: &Principal,
    q: Option<&str>,
    page: Page,
) -> AppResult<(Vec<User>, i64)> {
    let scope = p.scope(Perm::UserView);
    let mut tx = state.db.read().await?;
    Ok(store::auth::list_users(&mut tx, &scope.roots, scope.global, q, page).await?)
}

/// Grants `role` on `org_id` (None: admin's global grant). The guard has
/// checked that the caller manages both the account and the org; this checks
/// which roles the caller may hand out there.
pub async fn grant_role(
    state: &AppState,
    p: &Principal,
    user_id: Uuid,
    role: &str,
    org_id: Option<Uuid>,
) -> AppResult<Uuid> {
    let role = Role::parse(role)?;
    // Nobody widens their own rights (an admin or federation user making
    // themselves a union's chair would reach its members' ID numbers).
    if user_id == p.user_id {
        return Err(AppError::field(
            ErrorCode::Forbidden,
            "role",
            "不能给自己授予角色，请由其他有权限的人办理",
        ));
    }
    let mut tx = state.db.write().await?;
    let org = match org_id {
        Some(id) => Some(store::org::get(&mut tx, id).await?.ok_or_else(AppError::not_found)?),
        None => None,
    };
    let kind = org.as_ref().and_then(|o| OrgKind::parse(&o.kind));
    role.check_grant_target(kind)?;
    let path = org.as_ref().map(|o| o.path.as_str());
    if !p.roles_at(path).into_iter().any(|mine| may_grant(mine, role)) {
        return Err(AppError::field(
            ErrorCode::Forbidden,
            "role",
            format!("您不能授予“{}”角色", role.label()),
        ));
    }
    let user = store::auth::user_by_id(&mut tx, user_id).await?.ok_or_else(AppError::not_found)?;
    let existing = store::auth::grants_of(&mut tx, user_id).await?;
    if existing.iter().any(|g| g.role == role.as_str() && g.org_id == org_id) {
        return Err(AppError::field(ErrorCode::Conflict, "role", "该账号已有此角色"));
    }
    let id = Uuid::now_v7();
    store::auth::insert_grant(&mut tx, id, user_id, role.as_str(), org_id, Some(p.user_id), store::now())
        .await?;
    let where_ = org.as_ref().map(|o| o.name.as_str()).unwrap_or("全系统");
    record(
        &mut tx,
        p.actor(),
        "user.grant",
        format!("user:{user_id}"),
        org.as_ref().map(|o| (o.id, o.path.as_str())),
        format!("授予 {} 在“{where_}”的“{}”角色", user.username, role.label()),
    )
    .await?;
    tx.commit().await?;
    state.identities.forget_user(user_id);
    Ok(id)
}

pub async fn revoke_role(state: &AppState, p: &Principal, user_id: Uuid, grant_id: Uuid) -> AppResult<()> {
    let mut tx = state.db.write().await?;
    let grants = store::auth::grants_of(&mut tx, user_id).await?;
    let g = grants.into_iter().find(|g| g.id == grant_id).ok_or_else(AppError::not_found)?;
    let role = Role::parse(&g.role)?;
    let path = g.org_path.as_deref();
    if !p.can(Perm::UserManage, path) || !p.roles_at(path).into_iter().any(|mine| may_grant(mine, role)) {
        return Err(AppError::code(ErrorCode::Forbidden));
    }
    if role == Role::Admin {
        let admins = store::auth::active_admins_locked(&mut tx).await?;
        check_keeps_an_admin(&admins, user_id, "grant_id")?;
    }
    store::auth::delete_grant(&mut tx, user_id, grant_id).await?;
    let where_ = g.org_name.as_deref().unwrap_or("全系统");
    record(
        &mut tx,
        p.actor(),
        "user.revoke",
        format!("user:{user_id}"),
        g.org_id.zip(g.org_path.as_deref()),
        format!("撤销在“{where_}”的“{}”角色", role.label()),
    )
    .await?;
    tx.commit().await?;
    state.identities.forget_user(user_id);
    Ok(())
}

pub async fn set_disabled(state: &AppState, p: &Principal, user_id: Uuid, disabled: bool) -> AppResult<()> {
    if user_id == p.user_id && disabled {
        return Err(AppError::field(ErrorCode::Forbidden, "user", "不能停用自己的账号"));
    }
    let now = store::now();
    let mut tx = state.db.write().await?;
    let user = store::auth::user_by_id(&mut tx, user_id).await?.ok_or_else(AppError::not_found)?;
    if disabled {
        let admins = store::auth::active_admins_locked(&mut tx).await?;
        check_keeps_an_admin(&admins, user_id, "disabled")?;
    }
    store::auth::set_disabled(&mut tx, user_id, disabled.then_some(now), now).await?;
    let (action, verb) = if disabled { ("user.disable", "停用") } else { ("user.enable", "启用") };
    record(
        &mut tx,
        p.actor(),
        action,
        format!("user:{user_id}"),
        None,
        format!("{verb}账号 {}", user.username),
    )
    .await?;
    tx.commit().await?;
    state.identities.forget_user(user_id);
    Ok(())
}

/// On an empty database: creates `admin` with the given password, or a
/// random one which is returned so it can be shown once.
pub async fn ensure_admin(db: &store::Db, password: Option<&str>) -> AppResult<Option<String>> {
    let mut tx = db.write().await?;
    if store::auth::count_users(&mut tx).await? > 0 {
        return Ok(None);
    }
    // "gh" and a final digit make sure it meets the password rule.
    let generated = password.is_none().then(|| format!("gh{}9", &random_token()[..14]));
    let password = password.map(str::to_owned).or_else(|| generated.clone()).unwrap_or_default();
    check_password(
        "GONGHUI_ADMIN_PASSWORD",
        "GONGHUI_ADMIN_PASSWORD（首个管理员 admin 的密码）",
        &password,
        "admin",
    )?;
    let now = store::now();
    let id = Uuid::now_v7();
    let user = User {
        id,
        username: "admin".into(),
        display_name: "系统管理员".into(),
        password_hash: hash_password(password).await,
        home_org_id: None,
        disabled_at: None,
        created_at: now,
        updated_at: now,
        // A password the administrator chose and hands over works at once.
        must_change_password: false,
    };
    store::auth::insert_user(&mut tx, &user).await?;
    store::auth::insert_grant(&mut tx, Uuid::now_v7(), id, Role::Admin.as_str(), None, None, now).await?;
    let actor = Actor { id: None, name: "system", ip: "" };
    record(
        &mut tx,
        actor,
        "system.init",
        format!("user:{id}"),
        None,
        "首次启动，创建系统管理员 admin".into(),
    )
    .await?;
    tx.commit().await?;
    Ok(Some(generated.unwrap_or_default()).filter(|g| !g.is_empty()))
}

/// The actor of the server operator's command-line tools.
fn cli_actor() -> Actor<'static> {
    Actor { id: None, name: "命令行（服务器管理员）", ip: "" }
}

/// `gonghui admin reset-password`: sets a new password for an account (the
/// password rule applies), ends every session and API token of it and clears
/// its login throttle. Audited.
pub async fn reset_password(db: &store::Db, username: &str, password: &str) -> AppResult<User> {
    let name = username.trim().to_ascii_lowercase();
    let mut tx = db.read().await?;
    let user = store::auth::user_by_username(&mut tx, &name)
        .await?
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "username", format!("账号“{name}”不存在")))?;
    drop(tx);
    check_password("password", "新密码", password, &user.username)?;
    let hash = hash_password(password.to_owned()).await;
    let mut tx = db.write().await?;
    store::auth::set_password(&mut tx, user.id, &hash, false, store::now()).await?;
    let sessions = store::auth::delete_sessions_of(&mut tx, user.id).await?;
    let tokens = store::auth::delete_tokens_of(&mut tx, user.id).await?;
    store::auth::clear_throttle(&mut tx, &format!("user:{}", user.username)).await?;
    record(
        &mut tx,
        cli_actor(),
        "auth.password_reset",
        format!("user:{}", user.id),
        None,
        format!("在服务器上重置了账号 {} 的密码（结束会话{sessions}个、接口令牌{tokens}个）", user.username),
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

/// What `gonghui admin grant` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdminGranted {
    /// The account had no admin grant and now has one.
    pub granted: bool,
    /// The account was disabled and is now enabled.
    pub enabled: bool,
}

/// `gonghui admin grant`: gives an account the admin role (and enables it
/// if it was disabled), so the person who runs the server can always
/// restore an administrator. Audited.
pub async fn grant_admin(db: &store::Db, username: &str) -> AppResult<AdminGranted> {
    let name = username.trim().to_ascii_lowercase();
    let now = store::now();
    let mut tx = db.write().await?;
    let user = store::auth::user_by_username(&mut tx, &name)
        .await?
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "username", format!("账号“{name}”不存在")))?;
    let grants = store::auth::grants_of(&mut tx, user.id).await?;
    let granted = !grants.iter().any(|g| g.role == Role::Admin.as_str());
    if granted {
        store::auth::insert_grant(&mut tx, Uuid::now_v7(), user.id, Role::Admin.as_str(), None, None, now)
            .await?;
        record(
            &mut tx,
            cli_actor(),
            "user.grant",
            format!("user:{}", user.id),
            None,
            format!("在服务器上授予 {} 在“全系统”的“{}”角色", user.username, Role::Admin.label()),
        )
        .await?;
    }
    let enabled = user.disabled_at.is_some();
    if enabled {
        store::auth::set_disabled(&mut tx, user.id, None, now).await?;
        record(
            &mut tx,
            cli_actor(),
            "user.enable",
            format!("user:{}", user.id),
            None,
            format!("在服务器上启用账号 {}", user.username),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(AdminGranted { granted, enabled })
}
