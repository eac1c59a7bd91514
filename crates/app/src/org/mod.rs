//! Area `org`: the organisation tree, committees, and the one look-up of a
//! union every area starts from.

pub mod service;

pub use store::org::{CommitteePost, CommitteeTerm, Org, OrgFilter};

use domain::ErrorCode;
use domain::org::OrgKind;
use store::Tx;
use uuid::Uuid;

use crate::AppState;
use crate::error::{AppError, AppResult};

/// The union (kind union) with this id, or 404.
pub async fn load_union(tx: &mut Tx, union_id: Uuid) -> AppResult<store::org::Org> {
    let o = store::org::get(tx, union_id).await?.ok_or_else(AppError::not_found)?;
    if o.kind != OrgKind::Union.as_str() {
        return Err(AppError::field(ErrorCode::InvalidValue, "union_id", "只有基层工会有会员花名册"));
    }
    Ok(o)
}

/// The union (kind union) with this id, or 404, in a read of its own.
pub async fn union(state: &AppState, union_id: Uuid) -> AppResult<Org> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await
}

/// The path of an org in the tree (`None`: no such org).
pub async fn path_of(state: &AppState, id: Uuid) -> AppResult<Option<String>> {
    let mut tx = state.db.read().await?;
    Ok(store::org::path_of(&mut tx, id).await?)
}
