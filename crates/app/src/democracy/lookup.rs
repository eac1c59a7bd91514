//! Reads the democracy pages and API need beside the services' answers: the
//! union a page is about, the accounts that may be put on a ballot's roll,
//! the sessions and terms offered as choices, and the items a paper count
//! is entered against.

use domain::UnionId;
use domain::democracy::ballot::{Counts, Row};
use store::democracy::{Session, Term};
use store::org::Org;
use uuid::Uuid;

use super::service;
use crate::AppState;
use crate::auth::Principal;
use crate::error::AppResult;
use crate::org::load_union;

/// Any org by id, for naming a ballot's union in the page's trail.
pub async fn org(state: &AppState, id: Uuid) -> AppResult<Option<Org>> {
    let mut tx = state.db.read().await?;
    Ok(store::org::get(&mut tx, id).await?)
}

/// The active accounts holding a role in the union or below it, as (id,
/// username, display name): the union's roll for an electronic ballot and
/// the accounts a delegate may be linked to.
pub async fn accounts(state: &AppState, union_id: Uuid) -> AppResult<Vec<(Uuid, String, String)>> {
    let mut tx = state.db.read().await?;
    let union = load_union(&mut tx, union_id).await?;
    Ok(store::democracy::union_accounts(&mut tx, &union.path).await?)
}

/// The union's sessions, newest first.
pub async fn sessions(state: &AppState, union_id: Uuid) -> AppResult<Vec<Session>> {
    let mut tx = state.db.read().await?;
    Ok(store::democracy::sessions(&mut tx, UnionId(union_id)).await?)
}

/// The union's terms, newest first.
pub async fn terms(state: &AppState, union_id: Uuid) -> AppResult<Vec<Term>> {
    let mut tx = state.db.read().await?;
    Ok(store::democracy::terms(&mut tx, UnionId(union_id)).await?)
}

/// Counts as entered: rows beyond the ballot's items are write-ins.
pub async fn counts_of(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    cast: u64,
    invalid: u64,
    rows: Vec<(String, Vec<u64>)>,
) -> AppResult<Counts> {
    let mut tx = state.db.read().await?;
    let a = service::access(&mut tx, p, id).await?;
    drop(tx);
    let n = service::spec_of(&a.ballot)?.items.len();
    Ok(Counts {
        cast,
        invalid,
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(i, (name, counts))| Row { name: name.trim().to_owned(), counts, write_in: i >= n })
            .collect(),
    })
}
