//! The inbox: a person's own notifications, unread first.

use uuid::Uuid;

use crate::AppState;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};

pub use store::me::notify::Notification;

/// The most an inbox shows (the rest are older than anyone scrolls).
pub const SHOWN: i64 = 200;

/// The caller's notifications (only unread with `unread_only`) and how many
/// are unread, in one read.
pub async fn list(state: &AppState, p: &Principal, unread_only: bool) -> AppResult<(Vec<Notification>, i64)> {
    let mut tx = state.db.read().await?;
    let items = store::me::notify::inbox(&mut tx, p.user_id, unread_only, SHOWN).await?;
    let unread = store::me::notify::unread_count(&mut tx, p.user_id).await?;
    Ok((items, unread))
}

/// How many of the caller's notifications are unread.
pub async fn unread(state: &AppState, p: &Principal) -> AppResult<i64> {
    let mut tx = state.db.read().await?;
    Ok(store::me::notify::unread_count(&mut tx, p.user_id).await?)
}

/// Marks one of the caller's own notifications read and answers it; 404
/// for anyone else's id, exactly as for a missing one.
pub async fn mark_read(state: &AppState, p: &Principal, id: Uuid) -> AppResult<Notification> {
    let mut tx = state.db.write().await?;
    if store::me::notify::mark_read(&mut tx, p.user_id, id, store::now()).await? == 0 {
        return Err(AppError::not_found());
    }
    let n = store::me::notify::notification(&mut tx, p.user_id, id).await?.ok_or_else(AppError::not_found)?;
    tx.commit().await?;
    Ok(n)
}

/// Marks all of the caller's notifications read; answers how many were unread.
pub async fn mark_all_read(state: &AppState, p: &Principal) -> AppResult<u64> {
    let mut tx = state.db.write().await?;
    let n = store::me::notify::mark_all_read(&mut tx, p.user_id, store::now()).await?;
    tx.commit().await?;
    Ok(n)
}

/// A notification's kind label (申请已办理 …).
pub fn kind_label(kind: &str) -> &'static str {
    domain::me::notify::Kind::parse(kind).map_or("通知", |k| k.label())
}
