//! Logins for many members at once (批量开通账号, issue 13): chosen on the
//! roster, usernames from a pattern, a one-time password each, printed once
//! as a sheet to hand out (初始密码领取单) and never stored in plain text.
//! Each account is linked to its member, holds the member role in the
//! union, and must change its password at first sign-in. The page and the
//! API call the same service.

use domain::UnionId;
use std::collections::HashSet;

use domain::ErrorCode;
use domain::auth::Role;
use domain::logins::{UsernamePattern, assign_usernames, one_time_password};
use domain::member::MemberStatus;
use rand::RngCore;
use serde::Serialize;
use store::auth::{LoginCandidate, User};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::auth::secrets::hash_password;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

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
    let found = store::auth::login_candidates(tx, UnionId(union_id), ids).await?;
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
    Ok(store::auth::members_without_login(&mut tx, UnionId(union_id), MAX_MEMBERS as i64).await?)
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
    store::auth::lock_union_logins(&mut tx, UnionId(union_id)).await?;
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
            store::auth::link_user(&mut tx, user.id, UnionId(union_id), pl.member_id, &p.display_name, false)
                .await
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
