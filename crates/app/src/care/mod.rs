//! Area `care`: hardship files, aid and condolences, visits, campaigns,
//! mutual aid, and a member's own care records.

pub mod aid;
pub mod files;
pub mod me;
pub mod mutual;

use uuid::Uuid;

use crate::AppState;
use crate::error::AppResult;

/// The care records as the services hand them out; callers name them from
/// here, not from the store.
pub use store::care::{
    Assistance, Campaign, Claim, Document, Enrolment, Event, File, FileListed, Plan, PolicyRow, Recipient,
    Visit,
};

/// The union a care page is about (its name and path for the heading and
/// the permission checks), or 404.
pub async fn union(state: &AppState, union_id: Uuid) -> AppResult<store::org::Org> {
    let mut tx = state.db.read().await?;
    crate::org::load_union(&mut tx, union_id).await
}
