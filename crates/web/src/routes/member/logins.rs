//! Logins for many members at once (批量开通账号, issue 13): chosen on the
//! roster, usernames from a pattern, a one-time password each, printed once
//! as a sheet to hand out (初始密码领取单) and never stored in plain text.
//! Each account is linked to its member, holds the member role in the
//! union, and must change its password at first sign-in. The page and the
//! API call the same service.

use std::collections::HashSet;

use askama::Template;
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::ErrorCode;
use domain::auth::Role;
use domain::logins::{PRESETS, UsernamePattern, assign_usernames, one_time_password};
use domain::member::MemberStatus;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use store::auth::{LoginCandidate, User};
use utoipa::ToSchema;
use uuid::Uuid;

use super::service::load_union;
use crate::AppState;
use crate::auth::Principal;
use crate::auth::secrets::hash_password;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{ApiJson, Path};
use crate::pages::{FormErrors, Layout, PageResult, render, render_status};
use crate::routes::audit::service::record;

/// The most members one request opens logins for.
pub const MAX_MEMBERS: usize = 500;

/// A member's planned login, or why they get none.
#[derive(Debug, Clone)]
pub struct Planned {
    pub member_id: Uuid,
    pub name: String,
    pub group: String,
    /// The username the member would get.
    pub username: Option<String>,
    /// Why the member is skipped (already has a login, no card number …).
    pub skip: Option<String>,
}

fn member_ids_of(ids: &[Uuid]) -> AppResult<Vec<Uuid>> {
    let mut seen = HashSet::new();
    let ids: Vec<Uuid> = ids.iter().copied().filter(|id| seen.insert(*id)).collect();
    if ids.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "member_ids", "请在花名册中勾选要开通账号的会员"));
    }
    if ids.len() > MAX_MEMBERS {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "member_ids",
            format!("一次最多为{MAX_MEMBERS}名会员开通账号"),
        ));
    }
    Ok(ids)
}

/// Plans the logins inside `tx`: every id must be a member of the union
/// (another union's id answers 404, as a missing one). Usernames avoid the
/// accounts that exist and each other.
async fn plan(
    tx: &mut store::Tx,
    union_id: Uuid,
    ids: &[Uuid],
    pattern: &UsernamePattern,
) -> AppResult<Vec<Planned>> {
    let found = store::auth::login_candidates(tx, union_id, ids).await?;
    if found.len() != ids.len() {
        return Err(AppError::field(ErrorCode::NotFound, "member_ids", "所选会员不存在"));
    }
    let skip_of = |c: &LoginCandidate| -> Option<String> {
        if let Some(u) = &c.linked_username {
            return Some(format!("已有登录账号 {u}"));
        }
        let holds =
            matches!(MemberStatus::parse(&c.status), Some(MemberStatus::Active | MemberStatus::Retained));
        (!holds).then(|| {
            let label = MemberStatus::parse(&c.status).map(|s| s.label()).unwrap_or("");
            format!("会籍状态为“{label}”，不开通账号")
        })
    };
    let eligible: Vec<&LoginCandidate> = found.iter().filter(|c| skip_of(c).is_none()).collect();
    let facts: Vec<(String, Option<String>)> =
        eligible.iter().map(|c| (c.name.clone(), c.card_number.clone())).collect();
    // Names are assigned against the accounts found so far; names found
    // taken join the set and the assignment runs again (a few rounds at
    // most: each round only moves names that collided).
    let mut taken: HashSet<String> = HashSet::new();
    let mut names = assign_usernames(pattern, &facts, &|u| taken.contains(u));
    for _ in 0..20 {
        let wanted: Vec<String> = names.iter().filter_map(|r| r.as_ref().ok().cloned()).collect();
        let exist = store::auth::existing_usernames(tx, &wanted).await?;
        if exist.is_empty() {
            break;
        }
        taken.extend(exist);
        names = assign_usernames(pattern, &facts, &|u| taken.contains(u));
    }
    let mut names = eligible.iter().map(|c| c.member_id).zip(names).collect::<Vec<_>>().into_iter();
    let mut out = Vec::with_capacity(found.len());
    for c in &found {
        let (username, skip) = match skip_of(c) {
            Some(reason) => (None, Some(reason)),
            None => match names.next() {
                Some((_, Ok(u))) => (Some(u), None),
                Some((_, Err(reason))) => (None, Some(reason)),
                None => (None, Some("未能生成用户名".into())),
            },
        };
        out.push(Planned {
            member_id: c.member_id,
            name: c.name.clone(),
            group: c.group_name.clone().unwrap_or_default(),
            username,
            skip,
        });
    }
    Ok(out)
}

/// What would be created, without creating anything.
pub async fn preview(
    state: &AppState,
    union_id: Uuid,
    ids: &[Uuid],
    pattern: &str,
) -> AppResult<Vec<Planned>> {
    let pattern = UsernamePattern::parse(pattern)?;
    let ids = member_ids_of(ids)?;
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    plan(&mut tx, union_id, &ids, &pattern).await
}

/// The members of the union holding a membership without a login (the
/// roster's "all without a login"), at most [`MAX_MEMBERS`].
pub async fn without_login(state: &AppState, union_id: Uuid) -> AppResult<Vec<Uuid>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::auth::members_without_login(&mut tx, union_id, MAX_MEMBERS as i64).await?)
}

/// A login created, with its one-time password (shown once).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreatedLogin {
    pub member_id: Uuid,
    pub name: String,
    /// 所在小组
    pub group: String,
    pub user_id: Uuid,
    pub username: String,
    /// 初始密码：只在此次应答中出现，不保存明文；首次登录须修改
    pub one_time_password: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SkippedMember {
    pub member_id: Uuid,
    pub name: String,
    /// 未开通的原因，如“已有登录账号 zhangsan”
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BulkLoginsOut {
    pub created: Vec<CreatedLogin>,
    pub skipped: Vec<SkippedMember>,
}

/// A random one-time password meeting the password rule for `username`.
fn new_password(username: &str) -> String {
    loop {
        let mut b = [0u8; 12];
        rand::rng().fill_bytes(&mut b);
        if let Some(pw) = one_time_password(&b, username) {
            return pw;
        }
    }
}

/// Creates the logins. Two officers at once: the union's logins are
/// created one transaction after the other (a lock on PostgreSQL, the
/// writer on SQLite), each re-planned inside its transaction, so a member
/// gets one login and a username one account; a unique violation from
/// elsewhere (an account created by hand meanwhile) re-plans once more.
pub async fn create(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    ids: &[Uuid],
    pattern: &str,
) -> AppResult<BulkLoginsOut> {
    let pattern = UsernamePattern::parse(pattern)?;
    let ids = member_ids_of(ids)?;
    for _attempt in 0..3 {
        // Passwords are hashed before the write transaction (argon2 takes
        // a while): for the plan as it stands, redone if it changed.
        let planned = {
            let mut tx = state.db.read().await?;
            load_union(&mut tx, union_id).await?;
            plan(&mut tx, union_id, &ids, &pattern).await?
        };
        let mut secrets: Vec<(Uuid, String, String, String)> = Vec::new();
        let mut jobs = Vec::new();
        for pl in &planned {
            if let Some(u) = &pl.username {
                let pw = new_password(u);
                jobs.push(tokio::spawn(hash_password(pw.clone())));
                secrets.push((pl.member_id, u.clone(), pw, String::new()));
            }
        }
        for (s, job) in secrets.iter_mut().zip(jobs) {
            s.3 = job.await.map_err(|_| AppError::code(ErrorCode::Internal))?;
        }
        match write(state, p, union_id, &ids, &pattern, &planned, &secrets).await {
            Ok(Some(out)) => return Ok(out),
            // The plan changed meanwhile, or another writer won a race.
            Ok(None) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(AppError::field(ErrorCode::Conflict, "member_ids", "其他人正在同时为这些会员开通账号，请稍后重试"))
}

/// The write of [`create`]; `None` when the plan no longer holds.
async fn write(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    ids: &[Uuid],
    pattern: &UsernamePattern,
    planned: &[Planned],
    secrets: &[(Uuid, String, String, String)],
) -> AppResult<Option<BulkLoginsOut>> {
    let mut tx = state.db.write().await?;
    store::auth::lock_union_logins(&mut tx, union_id).await?;
    let union = load_union(&mut tx, union_id).await?;
    let again = plan(&mut tx, union_id, ids, pattern).await?;
    let same = again.len() == planned.len()
        && again.iter().zip(planned).all(|(a, b)| a.member_id == b.member_id && a.username == b.username);
    if !same {
        return Ok(None);
    }
    let now = store::now();
    let mut out = BulkLoginsOut { created: Vec::new(), skipped: Vec::new() };
    for pl in planned {
        let Some((_, username, password, hash)) = secrets.iter().find(|s| s.0 == pl.member_id) else {
            out.skipped.push(SkippedMember {
                member_id: pl.member_id,
                name: pl.name.clone(),
                reason: pl.skip.clone().unwrap_or_default(),
            });
            continue;
        };
        let user = User {
            id: Uuid::now_v7(),
            username: username.clone(),
            display_name: pl.name.chars().take(50).collect(),
            password_hash: hash.clone(),
            home_org_id: Some(union_id),
            disabled_at: None,
            created_at: now,
            updated_at: now,
            // Someone else chose this password: the member replaces it.
            must_change_password: true,
        };
        let inserted = async {
            store::auth::insert_user(&mut tx, &user).await?;
            let grant = Uuid::now_v7();
            store::auth::insert_grant(
                &mut tx,
                grant,
                user.id,
                Role::Member.as_str(),
                Some(union_id),
                Some(p.user_id),
                now,
            )
            .await?;
            store::auth::link_user(&mut tx, user.id, union_id, pl.member_id, &p.display_name, false).await
        }
        .await;
        match inserted {
            Ok(()) => {}
            // Another writer (outside this lock) took the name or linked the
            // member: plan again.
            Err(e) if store::is_unique_violation(&e) => return Ok(None),
            Err(e) => return Err(e.into()),
        }
        record(
            &mut tx,
            p.actor(),
            "user.create",
            format!("user:{}", user.id),
            Some((union_id, &union.path)),
            format!(
                "批量开通账号 {}（{}），关联会员{}，授予“会员”角色，首次登录须修改初始密码",
                user.username, user.display_name, pl.name
            ),
        )
        .await?;
        out.created.push(CreatedLogin {
            member_id: pl.member_id,
            name: pl.name.clone(),
            group: pl.group.clone(),
            user_id: user.id,
            username: user.username,
            one_time_password: password.clone(),
        });
    }
    tx.commit().await?;
    Ok(Some(out))
}

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
    let union = {
        let mut tx = state.db.read().await?;
        load_union(&mut tx, union_id).await?
    };
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
