//! Draining the outbox: take what is due, send it (concurrently, bounded),
//! record each outcome. A sender that is down leaves its rows queued with
//! the error and the next attempt (domain::me::notify::after_failure);
//! nothing is lost. Taken rows carry a lease, so two drains (two server
//! processes, the CLI) never send one row at once.

use std::collections::HashMap;
use std::sync::Arc;

use domain::UnionId;
use domain::me::notify::{Channel, Status, after_failure, error_line};
use store::me::notify::{Delivery, Settings};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use uuid::Uuid;

use super::sender::{Outgoing, Senders};
use crate::AppState;
use crate::error::AppResult;

/// Rows taken per round.
pub const BATCH: i64 = 200;

/// Sends at once, at most (and SMTP connections kept open).
pub const CONCURRENCY: usize = 32;

/// How long a taken row is held by its drain (a drain that died lets go
/// after this).
fn lease() -> chrono::Duration {
    chrono::Duration::minutes(5)
}

/// A row no sender can take (no SMTP server, no webhook for its union) is
/// looked at again after this long, untried.
fn parked() -> chrono::Duration {
    chrono::Duration::minutes(10)
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    pub taken: usize,
    pub sent: usize,
    /// Failed, queued again for later.
    pub retrying: usize,
    /// Failed for the last time (status failed).
    pub failed: usize,
    /// Not tried: no sender for the channel (still queued).
    pub parked: usize,
}

impl Report {
    fn add(&mut self, o: &Report) {
        self.taken += o.taken;
        self.sent += o.sent;
        self.retrying += o.retrying;
        self.failed += o.failed;
        self.parked += o.parked;
    }
}

/// What became of one row.
enum Outcome {
    Sent,
    Failed(String),
    Parked(String),
}

/// Drains until nothing due is left (or `max_rounds` rounds of [`BATCH`]).
pub async fn drain(state: &AppState, max_rounds: usize) -> AppResult<Report> {
    let mut total = Report::default();
    for _ in 0..max_rounds {
        let r = round(state, BATCH).await?;
        total.add(&r);
        if r.taken < BATCH as usize {
            break;
        }
    }
    Ok(total)
}

/// One round: takes up to `limit` due rows, sends them, records outcomes.
pub async fn round(state: &AppState, limit: i64) -> AppResult<Report> {
    let now = store::now();
    let rows = {
        let mut tx = state.db.write().await?;
        let rows = store::me::notify::claim_due(&mut tx, now, now + lease(), limit).await?;
        tx.commit().await?;
        rows
    };
    if rows.is_empty() {
        return Ok(Report::default());
    }
    let outcomes = send_all(state, rows).await?;
    record(state, outcomes).await
}

/// Sends one row now, whatever its schedule (the administrator's retry).
/// `None` when it was sent already or another drain holds it.
pub async fn send_one(state: &AppState, id: Uuid) -> AppResult<Option<Report>> {
    let now = store::now();
    let row = {
        let mut tx = state.db.write().await?;
        let row = store::me::notify::claim_one(&mut tx, id, now, now + lease()).await?;
        tx.commit().await?;
        row
    };
    let Some(row) = row else { return Ok(None) };
    let outcomes = send_all(state, vec![row]).await?;
    Ok(Some(record(state, outcomes).await?))
}

async fn send_all(state: &AppState, rows: Vec<Delivery>) -> AppResult<Vec<(Delivery, Outcome)>> {
    // The webhooks of the unions in the batch, read once.
    let mut unions: Vec<Uuid> =
        rows.iter().filter(|d| d.channel == Channel::Webhook.as_str()).map(|d| d.union_id).collect();
    unions.sort_unstable();
    unions.dedup();
    let hooks: HashMap<Uuid, Settings> = if unions.is_empty() {
        HashMap::new()
    } else {
        let mut tx = state.db.read().await?;
        store::me::notify::settings_of(&mut tx, &unions).await?.into_iter().map(|s| (s.union_id, s)).collect()
    };
    let senders: Arc<Senders> = Arc::clone(&state.senders);
    let limit = Arc::new(Semaphore::new(CONCURRENCY));
    let mut set = JoinSet::new();
    for d in rows {
        let prepared = prepare(state, &senders, &hooks, &d);
        let limit = Arc::clone(&limit);
        set.spawn(async move {
            let outcome = match prepared {
                Err(reason) => Outcome::Parked(reason),
                Ok((sender, out)) => {
                    let _permit = limit.acquire_owned().await;
                    match sender.send(&out).await {
                        Ok(()) => Outcome::Sent,
                        Err(e) => Outcome::Failed(e),
                    }
                }
            };
            (d, outcome)
        });
    }
    let mut out = Vec::new();
    while let Some(r) = set.join_next().await {
        match r {
            Ok(x) => out.push(x),
            // A sender that panicked: its row stays taken until the lease
            // ends, then is tried again.
            Err(e) => tracing::error!(error = %e, "a notification sender failed"),
        }
    }
    Ok(out)
}

type Prepared = (Arc<dyn super::sender::Sender>, Outgoing);

/// The sender and message of a row, or why no sender can take it now.
fn prepare(
    state: &AppState,
    senders: &Senders,
    hooks: &HashMap<Uuid, Settings>,
    d: &Delivery,
) -> Result<Prepared, String> {
    let base = Outgoing {
        id: d.id,
        address: d.address.clone(),
        subject: d.subject.clone(),
        body: d.body.clone(),
        webhook: None,
    };
    match Channel::parse(&d.channel) {
        Some(Channel::Email) => senders.email.clone().map(|s| (s, base)),
        Some(Channel::Webhook) => {
            let hook = hooks.get(&d.union_id).filter(|h| h.enabled);
            let Some((h, url)) = hook.and_then(|h| h.webhook_url.clone().map(|u| (h, u))) else {
                return Err("本工会未启用消息推送（短信/公众号），启用后自动发送".to_owned());
            };
            let secret = h.webhook_secret.as_deref().and_then(|s| super::prefs::open_secret(state, s));
            Ok((Arc::clone(&senders.webhook), Outgoing { webhook: Some((url, secret)), ..base }))
        }
        None => Err(format!("未知的通知渠道：{}", d.channel)),
    }
}

/// Records the outcomes in one write.
async fn record(state: &AppState, outcomes: Vec<(Delivery, Outcome)>) -> AppResult<Report> {
    let now = store::now();
    let mut report = Report { taken: outcomes.len(), ..Report::default() };
    let mut tx = state.db.write().await?;
    for (d, o) in &outcomes {
        let union = UnionId(d.union_id);
        match o {
            Outcome::Sent => {
                store::me::notify::mark_sent(&mut tx, union, d.id, now).await?;
                report.sent += 1;
            }
            Outcome::Failed(e) => {
                let next = after_failure(d.attempts + 1, now);
                let status = next.status.as_str();
                store::me::notify::mark_failed(
                    &mut tx,
                    union,
                    d.id,
                    status,
                    next.next_attempt_at,
                    &error_line(e),
                )
                .await?;
                if next.status == Status::Failed {
                    report.failed += 1;
                } else {
                    report.retrying += 1;
                }
                tracing::warn!(delivery = %d.id, channel = %d.channel, attempts = d.attempts + 1, error = %e, "a notification was not delivered");
            }
            Outcome::Parked(reason) => {
                store::me::notify::release(&mut tx, union, d.id, now + parked(), reason).await?;
                report.parked += 1;
            }
        }
    }
    tx.commit().await?;
    Ok(report)
}

/// The server's loop: drains every `interval`, and once a day reminds of
/// overdue dues ([`super::dues::remind`]); ends when `stop` turns true.
pub async fn run(
    state: AppState,
    interval: std::time::Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let mut dues_day: Option<chrono::NaiveDate> = None;
    loop {
        let today = domain::time::today(store::now());
        let work = async {
            if dues_day != Some(today) {
                match super::dues::remind(&state).await {
                    Ok(n) => {
                        dues_day = Some(today);
                        if n > 0 {
                            tracing::info!(told = n, "dues overdue reminders");
                        }
                    }
                    Err(e) => tracing::warn!(error = %e.0.message, "dues overdue reminders failed"),
                }
            }
            match drain(&state, 50).await {
                Ok(r) if r.taken > 0 => tracing::info!(?r, "outbox drained"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e.0.message, "outbox drain failed"),
            }
        };
        store::one_connection_at_a_time(work).await;
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            changed = stop.changed() => {
                if changed.is_err() {
                    break;
                }
            }
        }
        if *stop.borrow() {
            break;
        }
    }
}
