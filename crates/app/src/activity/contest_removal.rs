//! Taking an entrant or a judge off a contest (issue 16): refused with 409
//! once a score sheet names them (an entrant scored, a judge who has
//! scored) or the result is published ([`domain::activity::check_removal`]).
//! Each removal is one transaction with its audit entry.

use domain::UnionId;
use domain::activity::{Removal, check_removal};
use store::Tx;
use store::activity::contest::{Contest, Entrant, Judge};
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// The contest, locked until the change commits, with its union's path;
/// 404 when unknown (or another union's: the guard answered that first).
async fn lock(tx: &mut Tx, id: Uuid) -> AppResult<(Contest, String)> {
    let union =
        store::directory::owner(tx, store::directory::CONTEST, id).await?.ok_or_else(AppError::not_found)?;
    let c = store::activity::contest::get_for_update(tx, union, id).await?.ok_or_else(AppError::not_found)?;
    let path = load_union(tx, union.0).await?.path;
    Ok((c, path))
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// Takes an entrant (a member or a team) off the contest, with its prize
/// if one was set; another contest's entrant is not found here.
pub async fn remove_entrant(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    entrant_id: Uuid,
) -> AppResult<Entrant> {
    let mut tx = state.db.write().await?;
    let (c, path) = lock(&mut tx, id).await?;
    let u = UnionId(c.union_id);
    let e = store::activity::contest::entrant_for_update(&mut tx, u, c.id, entrant_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let sheets = store::activity::contest::entrant_sheet_count(&mut tx, u, c.id, e.id).await?;
    check_removal(Removal::Entrant, &e.name, count(sheets), c.published_at.is_some())?;
    store::activity::contest::delete_entrant(&mut tx, u, c.id, e.id).await?;
    record(
        &mut tx,
        p.actor(),
        "contest.entrant_remove",
        format!("contest:{}", c.id),
        Some((c.union_id, &path)),
        format!("“{}”删除参赛者{}", c.title, e.name),
    )
    .await?;
    tx.commit().await?;
    Ok(e)
}

/// Takes a judge (a user account) off the contest; one who is not a judge
/// of this contest is not found here.
pub async fn remove_judge(state: &AppState, p: &Principal, id: Uuid, user_id: Uuid) -> AppResult<Judge> {
    let mut tx = state.db.write().await?;
    let (c, path) = lock(&mut tx, id).await?;
    let u = UnionId(c.union_id);
    let j = store::activity::contest::judge_for_update(&mut tx, u, c.id, user_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let sheets = store::activity::contest::judge_sheet_count(&mut tx, u, c.id, j.user_id).await?;
    check_removal(Removal::Judge, &j.name, count(sheets), c.published_at.is_some())?;
    store::activity::contest::delete_judge(&mut tx, u, c.id, j.user_id).await?;
    record(
        &mut tx,
        p.actor(),
        "contest.judge_remove",
        format!("contest:{}", c.id),
        Some((c.union_id, &path)),
        format!("“{}”删除评委{}", c.title, j.name),
    )
    .await?;
    tx.commit().await?;
    Ok(j)
}
