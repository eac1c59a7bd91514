//! Group commit: what a crowd presses at once (votes, sign-ups) joins a
//! queue served by one writer task per key; the writer takes everything
//! that arrived while its previous group was committing (up to
//! [`GROUP_MAX`]), runs it in ONE write transaction, commits, and only then
//! answers each waiting request.
//!
//! Why: one transaction per request makes every request pay for its own
//! commit (on SQLite a WAL write and sync, with the others waiting for the
//! one writer lock; on PostgreSQL a round of the row lock that every
//! request of the same activity queues for while holding a pooled
//! connection). A group pays once, and the requests waiting for it hold no
//! connection: only the writer does, so a pool of one cannot deadlock and a
//! burst cannot drain the pool.
//!
//! When the group as a whole fails (the commit, an unexpected database
//! error) nothing of it is stored and each job is tried again on its own
//! ([`Work::alone`]), so every request hears the truth about its own job.
//!
//! A writer whose queue stays empty for [`IDLE`] closes its queue, serves
//! what is still in it and ends; the next job starts a new writer.

use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use domain::ErrorCode;
use tokio::sync::{mpsc, oneshot};

use crate::error::{AppError, AppResult};

/// The most jobs one transaction carries.
pub const GROUP_MAX: usize = 256;

/// How long a writer waits for work before it ends.
pub const IDLE: Duration = Duration::from_secs(30);

/// A kind of job that can be committed in groups.
pub trait Work: Send + Sync + Sized + 'static {
    /// What the request hears on success.
    type Out: Send + 'static;

    /// The group in one transaction: per job its answer. A refusal is an
    /// answer; an `Err` ends the group (nothing stored), to be retried job
    /// by job.
    fn group(
        db: &store::Db,
        jobs: &[Self],
    ) -> impl Future<Output = AppResult<Vec<AppResult<Self::Out>>>> + Send;

    /// One job in its own transaction (the retry after a failed group).
    fn alone(db: &store::Db, job: &Self) -> impl Future<Output = AppResult<Self::Out>> + Send;
}

struct Queued<W: Work> {
    work: W,
    answer: oneshot::Sender<AppResult<W::Out>>,
}

struct Writer<W: Work> {
    key: String,
    db: store::Db,
    queue: mpsc::UnboundedSender<Queued<W>>,
}

/// The writers of one kind of job, one per key (a SQLite database file,
/// or a PostgreSQL database and the row every job of the key locks).
pub struct Writers<W: Work> {
    list: Mutex<Vec<Writer<W>>>,
}

impl<W: Work> Default for Writers<W> {
    fn default() -> Self {
        Self::new()
    }
}

impl<W: Work> Writers<W> {
    pub const fn new() -> Self {
        Self { list: Mutex::new(Vec::new()) }
    }

    /// Queues a job for the writer of `key` and waits until its group has
    /// committed (or refused it).
    pub async fn submit(&self, db: &store::Db, key: String, work: W) -> AppResult<W::Out> {
        let (answer, heard) = oneshot::channel();
        let mut job = Queued { work, answer };
        // At most two tries: a writer that ended between the lookup and the
        // send (idle, or its runtime gone) is replaced once.
        for _ in 0..2 {
            let sender = {
                let mut writers = self.list.lock().expect("writers lock");
                writers.retain(|w| !w.queue.is_closed() && !closed(&w.db));
                match writers.iter().find(|w| w.key == key) {
                    Some(w) => w.queue.clone(),
                    None => {
                        let (queue, rx) = mpsc::unbounded_channel();
                        tokio::spawn(run(db.clone(), rx));
                        writers.push(Writer { key: key.clone(), db: db.clone(), queue: queue.clone() });
                        queue
                    }
                }
            };
            match sender.send(job) {
                Ok(()) => {
                    return heard.await.unwrap_or_else(|_| {
                        tracing::error!("a group writer stopped before answering");
                        Err(AppError::code(ErrorCode::Internal))
                    });
                }
                Err(mpsc::error::SendError(back)) => job = back,
            }
        }
        Err(AppError::code(ErrorCode::Internal))
    }
}

/// The key of the writer for one SQLite database file (every writer there
/// shares the one lock), or `None` on PostgreSQL.
pub fn sqlite_file(db: &store::Db) -> Option<String> {
    match db {
        store::Db::Sqlite(p) => Some(p.connect_options().get_filename().to_string_lossy().into_owned()),
        store::Db::Pg(_) => None,
    }
}

/// The key of the writer for one row of one PostgreSQL (or SQLite)
/// database: jobs that lock the same row queue behind one writer.
pub fn row_key(db: &store::Db, row: impl std::fmt::Display) -> String {
    match db {
        store::Db::Sqlite(_) => sqlite_file(db).unwrap_or_default(),
        store::Db::Pg(p) => format!("pg:{}:{row}", p.connect_options().get_database().unwrap_or_default()),
    }
}

fn closed(db: &store::Db) -> bool {
    match db {
        store::Db::Sqlite(p) => p.is_closed(),
        store::Db::Pg(p) => p.is_closed(),
    }
}

/// The writer task: one group at a time, until idle or every sender gone.
async fn run<W: Work>(db: store::Db, mut rx: mpsc::UnboundedReceiver<Queued<W>>) {
    loop {
        let first = match tokio::time::timeout(IDLE, rx.recv()).await {
            Ok(Some(j)) => j,
            Ok(None) => break,
            // Idle: refuse new jobs (their senders start a new writer) and
            // serve those already queued, then end.
            Err(_) => {
                rx.close();
                continue;
            }
        };
        let mut jobs = vec![first];
        // Everything that queued while the previous group committed.
        while jobs.len() < GROUP_MAX {
            match rx.try_recv() {
                Ok(j) => jobs.push(j),
                Err(_) => break,
            }
        }
        commit_group(&db, jobs).await;
    }
}

async fn commit_group<W: Work>(db: &store::Db, jobs: Vec<Queued<W>>) {
    let (works, answers): (Vec<W>, Vec<_>) = jobs.into_iter().map(|q| (q.work, q.answer)).unzip();
    match W::group(db, &works).await {
        Ok(outcomes) => {
            for (answer, o) in answers.into_iter().zip(outcomes) {
                // The request may have gone (client hung up): its job stands.
                let _ = answer.send(o);
            }
        }
        Err(e) => {
            tracing::warn!(jobs = works.len(), error = ?e, "a group failed; retried one by one");
            for (work, answer) in works.iter().zip(answers) {
                let _ = answer.send(W::alone(db, work).await);
            }
        }
    }
}
