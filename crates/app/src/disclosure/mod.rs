//! Area `disclosure`: the disclosure board (厂务公开).

pub mod service;

use store::org::Org;
use uuid::Uuid;

use crate::AppState;
use crate::error::AppResult;

/// The records the services answer with, as pages and the API name them.
pub use store::disclosure::{Feedback, Item};

/// The union whose board a page shows, or 404.
pub async fn union(state: &AppState, union_id: Uuid) -> AppResult<Org> {
    let mut tx = state.db.read().await?;
    crate::org::load_union(&mut tx, union_id).await
}
