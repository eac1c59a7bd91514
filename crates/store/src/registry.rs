//! Directory tables (issue 15): look-ups keyed by something other than the
//! union — an ID hash, a join token, a user id — that say which union holds
//! the row. On a distributed engine each is distributed by its own key, so a
//! look-up is one shard and never a scan of every union; each is written in
//! the same transaction as the tenant rows it points at. Their union column
//! is `holder_union_id`, not `union_id`: they are not tenant tables.

use uuid::Uuid;

use crate::{Result, Tx, exec};
use domain::UnionId;

/// Statuses that hold a membership (在籍, 保留会籍): at most one per person
/// nationwide.
pub fn holds_membership(status: &str) -> bool {
    matches!(status, "active" | "retained")
}

/// Rows per INSERT of registry entries (three binds each).
const BATCH: usize = 1000;

/// Claims the nationwide membership of new members: (ID hash, union,
/// member). A person held anywhere already makes it fail as a unique
/// violation, as the global index did before it.
pub(crate) async fn claim_memberships(tx: &mut Tx, rows: &[(&str, Uuid, Uuid)]) -> Result<()> {
    for chunk in rows.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO member_registry (id_hash, holder_union_id, member_id) VALUES {}",
            tx.values_list(chunk.len(), 3, 1)
        );
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for (hash, union, member) in chunk {
                q = q.bind(*hash).bind(*union).bind(*member);
            }
            q
        })?;
    }
    Ok(())
}

/// After a member's status changed: releases the person's entry if this
/// member held it, and claims it again when the new status holds a
/// membership (failing as a unique violation if another union holds it).
pub(crate) async fn sync_membership(
    tx: &mut Tx,
    union_id: UnionId,
    member_id: Uuid,
    id_hash: &str,
    status: &str,
) -> Result<()> {
    let sql = "DELETE FROM member_registry WHERE id_hash = $1 AND holder_union_id = $2 AND member_id = $3";
    exec!(tx, sqlx::query(sql).bind(id_hash).bind(union_id.0).bind(member_id))?;
    if holds_membership(status) {
        claim_memberships(tx, &[(id_hash, union_id.0, member_id)]).await?;
    }
    Ok(())
}

/// Points a union's join token at the union: drops the old token's entry,
/// adds the new one's (a token taken by another union fails as a unique
/// violation).
pub(crate) async fn set_join_token(
    tx: &mut Tx,
    union_id: UnionId,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<()> {
    if old == new {
        return Ok(());
    }
    if let Some(old) = old {
        let sql = "DELETE FROM join_token_registry WHERE join_token = $1 AND holder_union_id = $2";
        exec!(tx, sqlx::query(sql).bind(old).bind(union_id.0))?;
    }
    if let Some(new) = new {
        let sql = "INSERT INTO join_token_registry (join_token, holder_union_id) VALUES ($1, $2)";
        exec!(tx, sqlx::query(sql).bind(new).bind(union_id.0))?;
    }
    Ok(())
}

/// Records that a login is linked to a member of this union; a login linked
/// anywhere already makes it fail as a unique violation.
pub(crate) async fn link_user(tx: &mut Tx, user_id: Uuid, union_id: UnionId, member_id: Uuid) -> Result<()> {
    let sql = "INSERT INTO user_member_registry (user_id, holder_union_id, member_id) VALUES ($1, $2, $3)";
    exec!(tx, sqlx::query(sql).bind(user_id).bind(union_id.0).bind(member_id))?;
    Ok(())
}

/// Forgets the links of these logins to members of this union.
pub(crate) async fn unlink_users(tx: &mut Tx, union_id: UnionId, users: &[Uuid]) -> Result<()> {
    let sql = "DELETE FROM user_member_registry WHERE user_id = $1 AND holder_union_id = $2";
    for u in users {
        exec!(tx, sqlx::query(sql).bind(*u).bind(union_id.0))?;
    }
    Ok(())
}
