//! Votes by group commit (SQLite). SQLite has one writer per database file;
//! one transaction per vote makes every vote pay for its own commit (a WAL
//! write and sync) while the others wait for the lock. Here votes join a
//! queue served by one writer task per database file (see [`crate::group`]):
//! one write transaction per group, each vote inside its own SAVEPOINT (so
//! each is accepted or refused on its own: a second vote, a ballot not
//! open).
//!
//! Order against closing: closing a ballot takes SQLite's write lock too
//! (`BEGIN IMMEDIATE`), so a group either commits before the close (its
//! votes are in the box the close counts) or starts after it (its votes
//! read `closed` and are refused, storing nothing).
//! PostgreSQL writes votes side by side, one transaction each (see
//! `service::vote`).

use domain::{ErrorCode, UnionId};
use store::democracy::CastOutcome;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::group::{Work, Writers, sqlite_file};

/// One vote waiting for the writer.
pub struct Vote {
    pub union_id: UnionId,
    pub ballot_id: Uuid,
    pub user_id: Uuid,
    pub receipt: String,
    pub marks: String,
}

/// One writer per database file: SQLite's writer lock is per file, and so
/// is the queue in front of it.
static WRITERS: Writers<Vote> = Writers::new();

/// Queues a vote and waits until its group has committed (or refused it).
pub async fn submit(db: &store::Db, vote: Vote) -> AppResult<()> {
    let file = sqlite_file(db).ok_or_else(|| AppError::code(ErrorCode::Internal))?;
    WRITERS.submit(db, file, vote).await
}

impl Work for Vote {
    type Out = ();

    /// Each vote inside its own SAVEPOINT, so that a refusal (a second
    /// vote, a ballot not open) undoes only itself.
    async fn group(db: &store::Db, jobs: &[Self]) -> AppResult<Vec<AppResult<()>>> {
        let mut tx = db.write().await?;
        let mut out = Vec::with_capacity(jobs.len());
        for j in jobs {
            let o = store::democracy::cast_checked(
                &mut tx,
                j.union_id,
                j.ballot_id,
                j.user_id,
                &j.receipt,
                &j.marks,
                true,
            )
            .await?;
            out.push(outcome_answer(o));
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn alone(db: &store::Db, j: &Self) -> AppResult<()> {
        let mut tx = db.write().await?;
        let o = store::democracy::cast_checked(
            &mut tx,
            j.union_id,
            j.ballot_id,
            j.user_id,
            &j.receipt,
            &j.marks,
            false,
        )
        .await?;
        if o == CastOutcome::Stored {
            tx.commit().await?;
        }
        outcome_answer(o)
    }
}

/// The answer a request hears for a vote's outcome.
pub fn outcome_answer(o: CastOutcome) -> AppResult<()> {
    match o {
        CastOutcome::Stored => Ok(()),
        CastOutcome::NotOpen => Err(AppError::code(ErrorCode::BallotNotOpen)),
        CastOutcome::Closed => Err(AppError::code(ErrorCode::BallotClosed)),
        CastOutcome::Missing => Err(AppError::not_found()),
        CastOutcome::AlreadyVoted => Err(AppError::code(ErrorCode::AlreadyVoted)),
    }
}
