//! Work over many unions, side by side: each union's part is its own task
//! with its own read transaction (a single-shard query on a distributed
//! engine), a bounded number at once, and CPU-heavy steps on the blocking
//! thread pool, a slot per core.

use std::future::Future;
use std::sync::{Arc, OnceLock};

use tokio::sync::Semaphore;

/// The machine's cores (at least one).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// How many unions' parts run at once: enough to keep every core and some
/// database round trips busy, never more than half the pool, so that a
/// federation's report leaves connections for everyone else.
pub fn parts_at_once(db: &store::Db) -> usize {
    let half_pool = (db.pool_size() as usize / 2).max(1);
    (cores() * 2).clamp(1, half_pool)
}

/// Runs `part` for every item, at most `limit` at once, each in a task of
/// its own (so each holds at most its own one connection), and returns the
/// answers in the items' order. The first error wins; the others are
/// dropped.
pub async fn each<I, T, E, F, Fut>(items: Vec<I>, limit: usize, part: F) -> Result<Vec<T>, E>
where
    I: Send + 'static,
    T: Send + 'static,
    E: Send + 'static + From<tokio::task::JoinError>,
    F: Fn(I) -> Fut,
    Fut: Future<Output = Result<T, E>> + Send + 'static,
{
    let gate = Arc::new(Semaphore::new(limit.max(1)));
    let mut tasks = Vec::with_capacity(items.len());
    for item in items {
        let gate = Arc::clone(&gate);
        let work = part(item);
        tasks.push(tokio::spawn(store::one_connection_at_a_time(async move {
            let _permit = gate.acquire_owned().await.expect("the gate is never closed");
            work.await
        })));
    }
    let mut out = Vec::with_capacity(tasks.len());
    let mut failed = None;
    for t in tasks {
        match t.await {
            Ok(Ok(v)) => out.push(v),
            Ok(Err(e)) => {
                failed.get_or_insert(e);
            }
            Err(e) => {
                failed.get_or_insert(E::from(e));
            }
        }
    }
    match failed {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// Runs CPU-heavy work on the blocking pool, at most one job per core at
/// once (the pool itself grows far beyond the cores for blocking I/O).
pub async fn cpu<T: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, tokio::task::JoinError> {
    static SLOTS: OnceLock<Arc<Semaphore>> = OnceLock::new();
    let slots = Arc::clone(SLOTS.get_or_init(|| Arc::new(Semaphore::new(cores()))));
    let _slot = slots.acquire_owned().await.expect("the slots are never closed");
    tokio::task::spawn_blocking(job).await
}
