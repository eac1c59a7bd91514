//! Votes by group commit (SQLite). SQLite has one writer per database file;
//! one transaction per vote makes every vote pay for its own commit (a WAL
//! write and sync) while the others wait for the lock. Here votes join a
//! queue served by one writer task per database file: it takes every vote
//! that arrived while the previous group was committing (up to
//! [`GROUP_MAX`]), runs them in ONE write transaction, each inside its own
//! SAVEPOINT (so each is accepted or refused on its own: a second vote, a
//! ballot not open), commits, and only then answers each waiting request.
//! When the commit itself fails the votes are retried one transaction each
//! and every request hears the truth about its own vote.
//!
//! Order against closing: closing a ballot takes SQLite's write lock too
//! (`BEGIN IMMEDIATE`), so a group either commits before the close (its
//! votes are in the box the close counts) or starts after it (its votes
//! read `closed` and are refused, storing nothing).
//!
//! The writer acquires its own connection and the requests waiting for it
//! hold none, so a pool of one connection cannot deadlock.
//! PostgreSQL writes votes side by side, one transaction each (see
//! `service::vote`).

use std::sync::Mutex;

use domain::{ErrorCode, UnionId};
use store::democracy::CastOutcome;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::error::{AppError, AppResult};

/// The most votes one transaction carries.
pub const GROUP_MAX: usize = 256;

/// One vote waiting for the writer.
pub struct Job {
    pub union_id: UnionId,
    pub ballot_id: Uuid,
    pub user_id: Uuid,
    pub receipt: String,
    pub marks: String,
    answer: Option<oneshot::Sender<AppResult<()>>>,
}

impl Job {
    fn answer(&mut self, r: AppResult<()>) {
        if let Some(a) = self.answer.take() {
            // The request may have gone (client hung up): its vote stands.
            let _ = a.send(r);
        }
    }
}

/// The writer of one SQLite database file.
struct Writer {
    file: String,
    db: store::Db,
    queue: mpsc::UnboundedSender<Job>,
}

/// One writer per database file: SQLite's writer lock is per file, and so
/// is the queue in front of it. (A registry rather than a field of the app
/// state: every holder of a `Db` on the same file shares the one queue.)
static WRITERS: Mutex<Vec<Writer>> = Mutex::new(Vec::new());

/// Queues a vote and waits until its group has committed (or refused it).
pub async fn submit(
    db: &store::Db,
    union_id: UnionId,
    ballot_id: Uuid,
    user_id: Uuid,
    receipt: String,
    marks: String,
) -> AppResult<()> {
    let (answer, heard) = oneshot::channel();
    let mut job = Job { union_id, ballot_id, user_id, receipt, marks, answer: Some(answer) };
    let file = match db {
        store::Db::Sqlite(p) => p.connect_options().get_filename().to_string_lossy().into_owned(),
        store::Db::Pg(_) => return Err(AppError::code(ErrorCode::Internal)),
    };
    // At most two tries: a writer whose runtime ended (its task is gone) or
    // whose pool was closed is replaced once.
    for _ in 0..2 {
        let sender = {
            let mut writers = WRITERS.lock().expect("writers lock");
            writers.retain(|w| !w.queue.is_closed() && !closed(&w.db));
            match writers.iter().find(|w| w.file == file) {
                Some(w) => w.queue.clone(),
                None => {
                    let (queue, rx) = mpsc::unbounded_channel();
                    tokio::spawn(run(db.clone(), rx));
                    writers.push(Writer { file: file.clone(), db: db.clone(), queue: queue.clone() });
                    queue
                }
            }
        };
        match sender.send(job) {
            Ok(()) => {
                return heard.await.unwrap_or_else(|_| {
                    tracing::error!("the vote writer stopped before answering");
                    Err(AppError::code(ErrorCode::Internal))
                });
            }
            Err(mpsc::error::SendError(back)) => job = back,
        }
    }
    Err(AppError::code(ErrorCode::Internal))
}

/// The writer task: one group at a time, until every sender is gone.
async fn run(db: store::Db, mut rx: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut jobs = vec![first];
        // Everything that queued while the previous group committed.
        while jobs.len() < GROUP_MAX {
            match rx.try_recv() {
                Ok(j) => jobs.push(j),
                Err(_) => break,
            }
        }
        commit_group(&db, &mut jobs).await;
    }
}

fn closed(db: &store::Db) -> bool {
    match db {
        store::Db::Sqlite(p) => p.is_closed(),
        store::Db::Pg(p) => p.is_closed(),
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

async fn commit_group(db: &store::Db, jobs: &mut [Job]) {
    match try_group(db, jobs).await {
        Ok(outcomes) => {
            for (job, o) in jobs.iter_mut().zip(outcomes) {
                job.answer(o);
            }
        }
        Err(e) => {
            // The group as a whole failed (the commit, or a savepoint could
            // not be undone): nothing of it is stored. Each vote is tried
            // again on its own, so only the one at fault fails.
            tracing::warn!(votes = jobs.len(), error = %e, "a group of votes failed; retried one by one");
            for job in jobs.iter_mut() {
                let r = alone(db, job).await;
                job.answer(r);
            }
        }
    }
}

/// The group in one transaction: per vote its answer. Refusals (a second
/// vote, a ballot not open) are answers; any other error ends the group, to
/// be retried vote by vote, so that it fails only the vote at fault.
async fn try_group(db: &store::Db, jobs: &[Job]) -> store::Result<Vec<AppResult<()>>> {
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

/// One vote in its own transaction (the retry after a failed group).
async fn alone(db: &store::Db, j: &Job) -> AppResult<()> {
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
