//! Accounts, role grants, sessions, API tokens and login throttling.

use chrono::{DateTime, Utc};
use domain::auth::Throttle;
use sqlx::FromRow;
use uuid::Uuid;

use crate::org::scope_condition;
use crate::{Page, Result, Tx, exec, on};
use domain::UnionId;

#[derive(Debug, Clone, FromRow)]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub home_org_id: Option<Uuid>,
    pub disabled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The password was set by someone else: it must be changed before the
    /// account does anything else.
    pub must_change_password: bool,
}

const USER_COLUMNS: &str = "id, username, display_name, password_hash, home_org_id, disabled_at, \
    created_at, updated_at, must_change_password";

/// A role held on a node; `org_path` is the node's current path (None for
/// admin, whose grant covers everything).
#[derive(Debug, Clone, FromRow)]
pub struct Grant {
    pub id: Uuid,
    pub user_id: Uuid,
    pub role: String,
    pub org_id: Option<Uuid>,
    pub org_path: Option<String>,
    pub org_name: Option<String>,
    pub org_kind: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "auth::count_users", skip_all)]
pub async fn count_users(tx: &mut Tx) -> Result<i64> {
    on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(c).await)
}

#[tracing::instrument(level = "debug", name = "auth::insert_user", skip_all)]
pub async fn insert_user(tx: &mut Tx, u: &User) -> Result<()> {
    let sql = "INSERT INTO users (id, username, display_name, password_hash, home_org_id, \
        created_at, updated_at, must_change_password) VALUES ($1, $2, $3, $4, $5, $6, $6, $7)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(u.id)
            .bind(&u.username)
            .bind(&u.display_name)
            .bind(&u.password_hash)
            .bind(u.home_org_id)
            .bind(u.created_at)
            .bind(u.must_change_password)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "auth::user_by_id", skip_all, fields(rows = tracing::field::Empty))]
pub async fn user_by_id(tx: &mut Tx, id: Uuid) -> Result<Option<User>> {
    crate::counted(async move {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        on!(tx, c => sqlx::query_as::<_, User>(&sql).bind(id).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "auth::user_by_username", skip_all, fields(rows = tracing::field::Empty))]
pub async fn user_by_username(tx: &mut Tx, username: &str) -> Result<Option<User>> {
    crate::counted(async move {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1");
        on!(tx, c => sqlx::query_as::<_, User>(&sql).bind(username).fetch_optional(c).await)
    })
    .await
}

/// Sets a password; `must_change` when someone other than the account's
/// owner chose it (a reset), so the owner must replace it at sign-in.
#[tracing::instrument(level = "debug", name = "auth::set_password", skip_all)]
pub async fn set_password(
    tx: &mut Tx,
    id: Uuid,
    hash: &str,
    must_change: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    let sql = "UPDATE users SET password_hash = $2, must_change_password = $3, updated_at = $4 WHERE id = $1";
    exec!(tx, sqlx::query(sql).bind(id).bind(hash).bind(must_change).bind(now))?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "auth::set_disabled", skip_all)]
pub async fn set_disabled(
    tx: &mut Tx,
    id: Uuid,
    disabled_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<()> {
    let sql = "UPDATE users SET disabled_at = $2, updated_at = $3 WHERE id = $1";
    exec!(tx, sqlx::query(sql).bind(id).bind(disabled_at).bind(now))?;
    Ok(())
}

/// The path of the org that administers an account (None: admins only).
#[tracing::instrument(level = "debug", name = "auth::user_home_path", skip_all, fields(rows = tracing::field::Empty))]
pub async fn user_home_path(tx: &mut Tx, id: Uuid) -> Result<Option<Option<String>>> {
    crate::counted(async move {
        let sql = "SELECT o.path FROM users u LEFT JOIN orgs o ON o.id = u.home_org_id WHERE u.id = $1";
        on!(tx, c => sqlx::query_scalar::<_, Option<String>>(sql).bind(id).fetch_optional(c).await)
    })
    .await
}

/// Accounts administered from inside the given subtrees (or all, for a
/// global scope), by username.
#[tracing::instrument(level = "debug", name = "auth::list_users", skip_all, fields(rows = tracing::field::Empty))]
pub async fn list_users(
    tx: &mut Tx,
    roots: &[String],
    global: bool,
    q: Option<&str>,
    page: Page,
) -> Result<(Vec<User>, i64)> {
    crate::counted(async move {
        let (mut conds, mut binds) = scope_condition("o.path", roots, global);
        if let Some(q) = q.filter(|q| !q.is_empty()) {
            binds.push(crate::Arg::Text(format!("%{}%", q.to_lowercase())));
            let n = binds.len();
            conds.push(format!("(u.username LIKE ${n} OR lower(u.display_name) LIKE ${n})"));
        }
        let from_where =
            format!("FROM users u LEFT JOIN orgs o ON o.id = u.home_org_id WHERE {}", conds.join(" AND "));
        let cols: String = USER_COLUMNS.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ");
        crate::paged(tx, &cols, &from_where, "u.username", &binds, page).await
    })
    .await
}

#[tracing::instrument(level = "debug", name = "auth::grants_of", skip_all, fields(rows = tracing::field::Empty))]
pub async fn grants_of(tx: &mut Tx, user_id: Uuid) -> Result<Vec<Grant>> {
    crate::counted(async move {
        let sql = "SELECT g.id, g.user_id, g.role, g.org_id, o.path AS org_path, o.name AS org_name, \
            o.kind AS org_kind, g.created_at \
            FROM role_grants g LEFT JOIN orgs o ON o.id = g.org_id \
            WHERE g.user_id = $1 ORDER BY g.created_at";
        on!(tx, c => sqlx::query_as::<_, Grant>(sql).bind(user_id).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "auth::insert_grant", skip_all)]
pub async fn insert_grant(
    tx: &mut Tx,
    id: Uuid,
    user_id: Uuid,
    role: &str,
    org_id: Option<Uuid>,
    granted_by: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<()> {
    let sql = "INSERT INTO role_grants (id, user_id, role, org_id, granted_by, created_at) \
        VALUES ($1, $2, $3, $4, $5, $6)";
    exec!(tx, sqlx::query(sql).bind(id).bind(user_id).bind(role).bind(org_id).bind(granted_by).bind(now))?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "auth::delete_grant", skip_all, fields(rows = tracing::field::Empty))]
pub async fn delete_grant(tx: &mut Tx, user_id: Uuid, id: Uuid) -> Result<u64> {
    crate::counted(async move {
        let sql = "DELETE FROM role_grants WHERE user_id = $1 AND id = $2";
        let r = exec!(tx, sqlx::query(sql).bind(user_id).bind(id))?;
        Ok(r)
    })
    .await
}

/// The accounts that can administer the system: an admin grant on an
/// account that is not disabled. On PostgreSQL the admin grants are locked
/// first (FOR UPDATE), so two administrators removing each other at once
/// are counted one after the other; SQLite's writer already holds the lock.
#[tracing::instrument(level = "debug", name = "auth::active_admins_locked", skip_all, fields(rows = tracing::field::Empty))]
pub async fn active_admins_locked(tx: &mut Tx) -> Result<Vec<Uuid>> {
    crate::counted(async move {
        if let Tx::Pg(t, _) = tx {
            sqlx::query("SELECT id FROM role_grants WHERE role = 'admin' FOR UPDATE")
                .execute(&mut **t)
                .await?;
        }
        let sql = "SELECT DISTINCT g.user_id FROM role_grants g JOIN users u ON u.id = g.user_id \
            WHERE g.role = 'admin' AND u.disabled_at IS NULL";
        on!(tx, c => sqlx::query_scalar::<_, Uuid>(sql).fetch_all(c).await)
    })
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct Session {
    pub token_hash: String,
    pub user_id: Uuid,
    pub csrf_token: String,
    pub flash: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "auth::insert_session", skip_all)]
pub async fn insert_session(tx: &mut Tx, s: &Session) -> Result<()> {
    let sql = "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, \
        expires_at) VALUES ($1, $2, $3, $4, $5, $6)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(&s.token_hash)
            .bind(s.user_id)
            .bind(&s.csrf_token)
            .bind(s.created_at)
            .bind(s.last_seen_at)
            .bind(s.expires_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "auth::session", skip_all, fields(rows = tracing::field::Empty))]
pub async fn session(tx: &mut Tx, token_hash: &str) -> Result<Option<Session>> {
    crate::counted(async move {
        let sql = "SELECT token_hash, user_id, csrf_token, flash, created_at, last_seen_at, expires_at \
            FROM sessions WHERE token_hash = $1";
        on!(tx, c => sqlx::query_as::<_, Session>(sql).bind(token_hash).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "auth::touch_session", skip_all)]
pub async fn touch_session(tx: &mut Tx, token_hash: &str, now: DateTime<Utc>) -> Result<()> {
    let sql = "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1";
    exec!(tx, sqlx::query(sql).bind(token_hash).bind(now))?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "auth::set_flash", skip_all)]
pub async fn set_flash(tx: &mut Tx, token_hash: &str, flash: Option<&str>) -> Result<()> {
    let sql = "UPDATE sessions SET flash = $2 WHERE token_hash = $1";
    exec!(tx, sqlx::query(sql).bind(token_hash).bind(flash))?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "auth::delete_session", skip_all)]
pub async fn delete_session(tx: &mut Tx, token_hash: &str) -> Result<()> {
    let sql = "DELETE FROM sessions WHERE token_hash = $1";
    exec!(tx, sqlx::query(sql).bind(token_hash))?;
    Ok(())
}

/// Ends every session of a user but one (after a password change).
#[tracing::instrument(level = "debug", name = "auth::delete_other_sessions", skip_all)]
pub async fn delete_other_sessions(tx: &mut Tx, user_id: Uuid, keep: &str) -> Result<()> {
    let sql = "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2";
    exec!(tx, sqlx::query(sql).bind(user_id).bind(keep))?;
    Ok(())
}

/// Ends every session of a user (after a password reset).
#[tracing::instrument(level = "debug", name = "auth::delete_sessions_of", skip_all, fields(rows = tracing::field::Empty))]
pub async fn delete_sessions_of(tx: &mut Tx, user_id: Uuid) -> Result<u64> {
    crate::counted(async move {
        let sql = "DELETE FROM sessions WHERE user_id = $1";
        exec!(tx, sqlx::query(sql).bind(user_id))
    })
    .await
}

/// Ends every API token of a user (after a password change or reset).
#[tracing::instrument(level = "debug", name = "auth::delete_tokens_of", skip_all, fields(rows = tracing::field::Empty))]
pub async fn delete_tokens_of(tx: &mut Tx, user_id: Uuid) -> Result<u64> {
    crate::counted(async move {
        let sql = "DELETE FROM api_tokens WHERE user_id = $1";
        exec!(tx, sqlx::query(sql).bind(user_id))
    })
    .await
}

#[tracing::instrument(level = "debug", name = "auth::delete_expired", skip_all)]
pub async fn delete_expired(tx: &mut Tx, now: DateTime<Utc>, idle_before: DateTime<Utc>) -> Result<()> {
    let sql = "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2";
    exec!(tx, sqlx::query(sql).bind(now).bind(idle_before))?;
    let sql = "DELETE FROM api_tokens WHERE expires_at <= $1";
    exec!(tx, sqlx::query(sql).bind(now))?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "auth::insert_token", skip_all)]
pub async fn insert_token(
    tx: &mut Tx,
    token_hash: &str,
    user_id: Uuid,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<()> {
    let sql = "INSERT INTO api_tokens (token_hash, user_id, created_at, last_used_at, expires_at) \
        VALUES ($1, $2, $3, $3, $4)";
    exec!(tx, sqlx::query(sql).bind(token_hash).bind(user_id).bind(now).bind(expires_at))?;
    Ok(())
}

/// The user behind a live API token.
#[tracing::instrument(level = "debug", name = "auth::token_user", skip_all, fields(rows = tracing::field::Empty))]
pub async fn token_user(tx: &mut Tx, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Uuid>> {
    crate::counted(async move {
        let sql = "SELECT user_id FROM api_tokens WHERE token_hash = $1 AND expires_at > $2";
        on!(tx, c => sqlx::query_scalar(sql).bind(token_hash).bind(now).fetch_optional(c).await)
    })
    .await
}

/// The user behind a live API token and when the token ends (the identity
/// cache keeps an entry no longer than that).
#[tracing::instrument(level = "debug", name = "auth::token_owner", skip_all, fields(rows = tracing::field::Empty))]
pub async fn token_owner(
    tx: &mut Tx,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Uuid, DateTime<Utc>)>> {
    crate::counted(async move {
        let sql = "SELECT user_id, expires_at FROM api_tokens WHERE token_hash = $1 AND expires_at > $2";
        on!(tx, c => sqlx::query_as(sql).bind(token_hash).bind(now).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "auth::delete_token", skip_all)]
pub async fn delete_token(tx: &mut Tx, token_hash: &str) -> Result<()> {
    let sql = "DELETE FROM api_tokens WHERE token_hash = $1";
    exec!(tx, sqlx::query(sql).bind(token_hash))?;
    Ok(())
}

/// The throttle state of a key (`user:name` or `ip:addr`).
#[tracing::instrument(level = "debug", name = "auth::throttle", skip_all, fields(rows = tracing::field::Empty))]
pub async fn throttle(tx: &mut Tx, key: &str) -> Result<Option<Throttle>> {
    crate::counted(async move {
        let sql = "SELECT failures, locked_until, updated_at FROM login_throttle WHERE key = $1";
        let row: Option<(i64, Option<DateTime<Utc>>, DateTime<Utc>)> =
            on!(tx, c => sqlx::query_as(sql).bind(key).fetch_optional(c).await)?;
        Ok(row.map(|(failures, locked_until, updated_at)| Throttle { failures, locked_until, updated_at }))
    })
    .await
}

#[tracing::instrument(level = "debug", name = "auth::set_throttle", skip_all)]
pub async fn set_throttle(tx: &mut Tx, key: &str, t: &Throttle) -> Result<()> {
    let sql = "INSERT INTO login_throttle (key, failures, locked_until, updated_at) \
        VALUES ($1, $2, $3, $4) \
        ON CONFLICT (key) DO UPDATE SET failures = $2, locked_until = $3, updated_at = $4";
    exec!(tx, sqlx::query(sql).bind(key).bind(t.failures).bind(t.locked_until).bind(t.updated_at))?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "auth::clear_throttle", skip_all)]
pub async fn clear_throttle(tx: &mut Tx, key: &str) -> Result<()> {
    let sql = "DELETE FROM login_throttle WHERE key = $1";
    exec!(tx, sqlx::query(sql).bind(key))?;
    Ok(())
}

/// Of `ids`, the accounts that belong to a union: not disabled, and holding
/// a role on the union or a node inside it, or linked to one of its members.
/// Everything a request names by user id for a union goes through this, so
/// another union's accounts answer exactly as ids that do not exist.
#[tracing::instrument(level = "debug", name = "auth::accounts_in_union", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn accounts_in_union(
    tx: &mut Tx,
    union_id: UnionId,
    union_path: &str,
    ids: &[Uuid],
) -> Result<Vec<Uuid>> {
    crate::counted(async move {
        let upper = domain::org::subtree_upper_bound(union_path);
        let mut out = Vec::new();
        // One query per chunk of ids (bind-parameter limits), not one per id.
        for chunk in ids.chunks(1000) {
            let list = tx.values_list(1, chunk.len(), 1);
            let n = chunk.len();
            let (lo, hi, un) =
                (tx.values_list(1, 1, n + 1), tx.values_list(1, 1, n + 2), tx.values_list(1, 1, n + 3));
            let sql = format!(
                "SELECT u.id FROM users u WHERE u.id IN {list} AND u.disabled_at IS NULL AND ( \
                 EXISTS (SELECT 1 FROM role_grants g JOIN orgs o ON o.id = g.org_id \
                         WHERE g.user_id = u.id AND o.path >= {lo} AND o.path < {hi}) \
                 OR EXISTS (SELECT 1 FROM user_members um WHERE um.user_id = u.id AND um.union_id = {un}))"
            );
            let rows: Vec<Uuid> = on!(tx, c => {
                let mut q = sqlx::query_scalar(&sql);
                for id in chunk { q = q.bind(*id); }
                q.bind(union_path).bind(&upper).bind(union_id.0).fetch_all(c).await
            })?;
            out.extend(rows);
        }
        Ok(out)
    })
    .await
}

/// Whether the account holds the admin role.
#[tracing::instrument(level = "debug", name = "auth::is_admin", skip_all)]
pub async fn is_admin(tx: &mut Tx, user_id: Uuid) -> Result<bool> {
    let sql = "SELECT COUNT(*) FROM role_grants WHERE user_id = $1 AND role = 'admin'";
    let n: i64 = on!(tx, c => sqlx::query_scalar(sql).bind(user_id).fetch_one(c).await)?;
    Ok(n > 0)
}

// --- The login ↔ member link (user_members) -------------------------------

/// Links a login to a member. Never re-links silently: with `replace` the
/// existing links of the user and of the member are dropped first, but only
/// inside this union (the caller checks there is none elsewhere); without
/// it an existing link makes the insert fail (a unique violation).
#[tracing::instrument(level = "debug", name = "auth::link_user", skip_all, fields(union = %union_id))]
pub async fn link_user(
    tx: &mut Tx,
    user_id: Uuid,
    union_id: UnionId,
    member_id: Uuid,
    by: &str,
    replace: bool,
) -> Result<()> {
    if replace {
        // The member's present login, whose directory entry goes too.
        let sql = "SELECT user_id FROM user_members WHERE union_id = $1 AND member_id = $2";
        let previous: Option<Uuid> =
            on!(tx, c => sqlx::query_scalar(sql).bind(union_id.0).bind(member_id).fetch_optional(c).await)?;
        exec!(
            tx,
            sqlx::query("DELETE FROM user_members WHERE union_id = $2 AND (user_id = $1 OR member_id = $3)")
                .bind(user_id)
                .bind(union_id.0)
                .bind(member_id)
        )?;
        let users: Vec<Uuid> = std::iter::once(user_id).chain(previous).collect();
        crate::registry::unlink_users(tx, union_id, &users).await?;
    }
    exec!(tx, sqlx::query("INSERT INTO user_members (user_id, union_id, member_id, linked_by, linked_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(user_id).bind(union_id.0).bind(member_id).bind(by).bind(crate::now()))?;
    // The user → union directory, in the same transaction: a login linked in
    // another union already fails here as a unique violation.
    crate::registry::link_user(tx, user_id, union_id, member_id).await
}

/// Removes the login link of a member; the user it was linked to, if any.
#[tracing::instrument(level = "debug", name = "auth::unlink_member", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn unlink_member(tx: &mut Tx, union_id: UnionId, member_id: Uuid) -> Result<Option<Uuid>> {
    crate::counted(async move {
        let user: Option<Uuid> = on!(tx, c => sqlx::query_scalar("SELECT user_id FROM user_members WHERE union_id = $1 AND member_id = $2")
            .bind(union_id.0).bind(member_id).fetch_optional(c).await)?;
        if user.is_some() {
            exec!(
                tx,
                sqlx::query("DELETE FROM user_members WHERE union_id = $1 AND member_id = $2")
                    .bind(union_id.0)
                    .bind(member_id)
            )?;
        }
        crate::registry::unlink_users(tx, union_id, user.as_slice()).await?;
        Ok(user)
    })
    .await
}

/// The (union, member) of a user, if linked.
#[tracing::instrument(level = "debug", name = "auth::member_of_user", skip_all, fields(rows = tracing::field::Empty))]
pub async fn member_of_user(tx: &mut Tx, user_id: Uuid) -> Result<Option<(Uuid, Uuid)>> {
    crate::counted(async move {
        // The directory keyed by user id: one look-up, not a scan of every union.
        on!(tx, c => sqlx::query_as("SELECT holder_union_id, member_id FROM user_member_registry WHERE user_id = $1")
            .bind(user_id).fetch_optional(c).await)
    })
    .await
}

/// The accounts that may approve a payment of a union (批准人): not
/// disabled, holding one of `roles` on the union or a node inside it,
/// ordered by name. Returns (id, display name).
#[tracing::instrument(level = "debug", name = "auth::approvers", skip_all, fields(rows = tracing::field::Empty))]
pub async fn approvers(tx: &mut Tx, union_path: &str, roles: &[&str]) -> Result<Vec<(Uuid, String)>> {
    crate::counted(async move {
        let upper = domain::org::subtree_upper_bound(union_path);
        let (lo, hi, list) =
            (tx.values_list(1, 1, 1), tx.values_list(1, 1, 2), tx.values_list(1, roles.len(), 3));
        let sql = format!(
            "SELECT u.id, u.display_name FROM users u WHERE u.disabled_at IS NULL AND EXISTS ( \
             SELECT 1 FROM role_grants g JOIN orgs o ON o.id = g.org_id \
             WHERE g.user_id = u.id AND o.path >= {lo} AND o.path < {hi} AND g.role IN {list}) \
             ORDER BY u.display_name, u.id"
        );
        let rows: Vec<(Uuid, String)> = on!(tx, c => {
            let mut q = sqlx::query_as(&sql).bind(union_path).bind(&upper);
            for r in roles { q = q.bind(*r); }
            q.fetch_all(c).await
        })?;
        Ok(rows)
    })
    .await
}

// --- Logins for many members at once -------------------------------------

/// A member considered for a login: their group's name, whether they hold a
/// membership (active or retained) and the login already linked, if any.
#[derive(Debug, Clone, FromRow)]
pub struct LoginCandidate {
    pub member_id: Uuid,
    pub name: String,
    pub card_number: Option<String>,
    pub status: String,
    pub group_name: Option<String>,
    pub linked_username: Option<String>,
}

/// The members of `union_id` among `ids` (others' ids are simply absent),
/// in roster order.
#[tracing::instrument(level = "debug", name = "auth::login_candidates", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn login_candidates(tx: &mut Tx, union_id: UnionId, ids: &[Uuid]) -> Result<Vec<LoginCandidate>> {
    crate::counted(async move {
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            // All placeholders from values_list: SQLite's `?` and `$N` do not mix.
            let (un, list) = (tx.values_list(1, 1, 1), tx.values_list(1, chunk.len(), 2));
            let sql = format!(
                "SELECT m.id AS member_id, m.name, m.card_number, m.status, g.name AS group_name, \
                 u.username AS linked_username \
                 FROM members m LEFT JOIN orgs g ON g.id = m.group_id \
                 LEFT JOIN user_members um ON um.union_id = m.union_id AND um.member_id = m.id \
                 LEFT JOIN users u ON u.id = um.user_id \
                 WHERE m.union_id = {un} AND m.id IN {list} ORDER BY m.name_pinyin, m.id"
            );
            let rows: Vec<LoginCandidate> = on!(tx, c => {
                let mut q = sqlx::query_as(&sql).bind(union_id.0);
                for id in chunk { q = q.bind(*id); }
                q.fetch_all(c).await
            })?;
            out.extend(rows);
        }
        Ok(out)
    })
    .await
}

/// Members holding a membership (active or retained) without a linked
/// login, in roster order, at most `limit`.
#[tracing::instrument(level = "debug", name = "auth::members_without_login", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn members_without_login(tx: &mut Tx, union_id: UnionId, limit: i64) -> Result<Vec<Uuid>> {
    crate::counted(async move {
        let sql = "SELECT m.id FROM members m WHERE m.union_id = $1 AND m.status IN ('active', 'retained') \
            AND NOT EXISTS (SELECT 1 FROM user_members um WHERE um.union_id = m.union_id AND um.member_id = m.id) \
            ORDER BY m.name_pinyin, m.id LIMIT $2";
        on!(tx, c => sqlx::query_scalar(sql).bind(union_id.0).bind(limit).fetch_all(c).await)
    })
    .await
}

/// Which of `names` are usernames of existing accounts.
#[tracing::instrument(level = "debug", name = "auth::existing_usernames", skip_all, fields(rows = tracing::field::Empty))]
pub async fn existing_usernames(tx: &mut Tx, names: &[String]) -> Result<Vec<String>> {
    crate::counted(async move {
        let mut out = Vec::new();
        for chunk in names.chunks(500) {
            let list = tx.values_list(1, chunk.len(), 1);
            let sql = format!("SELECT username FROM users WHERE username IN {list}");
            let rows: Vec<String> = on!(tx, c => {
                let mut q = sqlx::query_scalar(&sql);
                for n in chunk { q = q.bind(n); }
                q.fetch_all(c).await
            })?;
            out.extend(rows);
        }
        Ok(out)
    })
    .await
}

/// Serialises creating logins for one union's members: on PostgreSQL the
/// union's row is locked for the transaction, so two officers creating
/// logins at once run one after the other and the second sees the first's
/// accounts; SQLite's writer already holds the lock (BEGIN IMMEDIATE).
#[tracing::instrument(level = "debug", name = "auth::lock_union_logins", skip_all, fields(union = %union_id))]
pub async fn lock_union_logins(tx: &mut Tx, union_id: UnionId) -> Result<()> {
    if let Tx::Pg(t, _) = tx {
        sqlx::query("SELECT id FROM orgs WHERE id = $1 FOR UPDATE")
            .bind(union_id.0)
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}
