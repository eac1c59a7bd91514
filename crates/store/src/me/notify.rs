//! The inbox (notifications), the outbox (deliveries) and channel preferences.
//!
//! The inbox is read by the person (`user_id`: it spans the unions that told
//! them); everything written names its union. The outbox is drained across
//! unions by the senders (`claim_due`), each claim a lease so that two
//! drains never send the same row at once.

use chrono::{DateTime, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

/// Rows per multi-row INSERT (at most 10 binds a row: 5,000 binds, within
/// both engines' limits).
const BATCH: usize = 500;

/// Ids per `IN (…)` list.
const IN_BATCH: usize = 900;

#[derive(Debug, Clone, FromRow)]
pub struct Notification {
    pub union_id: Uuid,
    pub id: Uuid,
    pub user_id: Uuid,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

const NCOLS: &str = "union_id, id, user_id, kind, title, body, link, created_at, read_at";

/// What is the same in every row of one fan-out.
pub struct NoticeRow<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub link: &'a str,
    /// Told once per key and person (see the migration); `None`: always.
    pub once_key: Option<&'a str>,
    pub created_at: DateTime<Utc>,
}

/// Writes one notification per (id, user) in multi-row INSERTs.
#[tracing::instrument(level = "debug", name = "notify::insert_notifications", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn insert_notifications(
    tx: &mut Tx,
    union_id: UnionId,
    n: &NoticeRow<'_>,
    rows: &[(Uuid, Uuid)],
) -> Result<u64> {
    crate::counted(async move {
        let mut total = 0;
        for chunk in rows.chunks(BATCH) {
            let sql = format!(
                "INSERT INTO notifications (union_id, id, user_id, kind, title, body, link, once_key, created_at) \
                 VALUES {}",
                tx.values_list(chunk.len(), 9, 1)
            );
            total += exec!(tx, {
                let mut q = sqlx::query(&sql);
                for (id, user) in chunk {
                    q = q
                        .bind(union_id.0)
                        .bind(*id)
                        .bind(*user)
                        .bind(n.kind)
                        .bind(n.title)
                        .bind(n.body)
                        .bind(n.link)
                        .bind(n.once_key)
                        .bind(n.created_at);
                }
                q
            })?;
        }
        Ok(total)
    })
    .await
}

/// Of `users`, those already told under `once_key` by this union.
#[tracing::instrument(level = "debug", name = "notify::already_told", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn already_told(
    tx: &mut Tx,
    union_id: UnionId,
    once_key: &str,
    users: &[Uuid],
) -> Result<Vec<Uuid>> {
    crate::counted(async move {
        let mut out = Vec::new();
        for chunk in users.chunks(IN_BATCH) {
            // Every placeholder from values_list: SQLite numbers plain `?`
            // from 1 whatever `$N` came before.
            let sql = format!(
                "SELECT user_id FROM notifications WHERE union_id = {} AND once_key = {} AND user_id IN {}",
                tx.values_list(1, 1, 1),
                tx.values_list(1, 1, 2),
                tx.values_list(1, chunk.len(), 3)
            );
            let found: Vec<Uuid> = on!(tx, c => {
                let mut q = sqlx::query_scalar(&sql).bind(union_id.0).bind(once_key);
                for u in chunk { q = q.bind(*u); }
                q.fetch_all(c).await
            })?;
            out.extend(found);
        }
        Ok(out)
    })
    .await
}

/// The accounts linked to `members` of the union (members without one are
/// left out).
#[tracing::instrument(level = "debug", name = "notify::users_of_members", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn users_of_members(tx: &mut Tx, union_id: UnionId, members: &[Uuid]) -> Result<Vec<Uuid>> {
    crate::counted(async move {
        let mut out = Vec::new();
        for chunk in members.chunks(IN_BATCH) {
            let sql = format!(
                "SELECT user_id FROM user_members WHERE union_id = {} AND member_id IN {}",
                tx.values_list(1, 1, 1),
                tx.values_list(1, chunk.len(), 2)
            );
            let found: Vec<Uuid> = on!(tx, c => {
                let mut q = sqlx::query_scalar(&sql).bind(union_id.0);
                for m in chunk { q = q.bind(*m); }
                q.fetch_all(c).await
            })?;
            out.extend(found);
        }
        Ok(out)
    })
    .await
}

/// A person's inbox: unread first, then newest first; only unread with
/// `unread_only`; at most `limit`.
#[tracing::instrument(level = "debug", name = "notify::inbox", skip_all, fields(rows = tracing::field::Empty))]
pub async fn inbox(tx: &mut Tx, user_id: Uuid, unread_only: bool, limit: i64) -> Result<Vec<Notification>> {
    crate::counted(async move {
        let filter = if unread_only { " AND read_at IS NULL" } else { "" };
        let sql = format!(
            "SELECT {NCOLS} FROM notifications WHERE user_id = $1{filter} \
             ORDER BY CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id DESC LIMIT {limit}"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(user_id).fetch_all(c).await)
    })
    .await
}

/// How many of a person's notifications are unread.
#[tracing::instrument(level = "debug", name = "notify::unread_count", skip_all)]
pub async fn unread_count(tx: &mut Tx, user_id: Uuid) -> Result<i64> {
    on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user_id).fetch_one(c).await)
}

/// Marks one of the person's own notifications read (a read one keeps its
/// time); 0 rows when it is not theirs or does not exist.
#[tracing::instrument(level = "debug", name = "notify::mark_read", skip_all, fields(rows = tracing::field::Empty))]
pub async fn mark_read(tx: &mut Tx, user_id: Uuid, id: Uuid, now: DateTime<Utc>) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2"
            )
            .bind(id)
            .bind(user_id)
            .bind(now)
        )
    })
    .await
}

/// Marks all of the person's unread notifications read.
#[tracing::instrument(level = "debug", name = "notify::mark_all_read", skip_all, fields(rows = tracing::field::Empty))]
pub async fn mark_all_read(tx: &mut Tx, user_id: Uuid, now: DateTime<Utc>) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
                .bind(user_id)
                .bind(now)
        )
    })
    .await
}

/// One of the person's own notifications.
#[tracing::instrument(level = "debug", name = "notify::notification", skip_all, fields(rows = tracing::field::Empty))]
pub async fn notification(tx: &mut Tx, user_id: Uuid, id: Uuid) -> Result<Option<Notification>> {
    crate::counted(async move {
        let sql = format!("SELECT {NCOLS} FROM notifications WHERE id = $1 AND user_id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(id).bind(user_id).fetch_optional(c).await)
    })
    .await
}

// --- Preferences and the union's webhook ----------------------------------

/// A person's channels.
#[derive(Debug, Clone, FromRow)]
pub struct Prefs {
    pub user_id: Uuid,
    pub email: Option<String>,
    pub email_on: bool,
    pub webhook_address: Option<String>,
    pub webhook_on: bool,
    pub updated_at: DateTime<Utc>,
}

const PCOLS: &str = "user_id, email, email_on, webhook_address, webhook_on, updated_at";

#[tracing::instrument(level = "debug", name = "notify::prefs", skip_all, fields(rows = tracing::field::Empty))]
pub async fn prefs(tx: &mut Tx, user_id: Uuid) -> Result<Option<Prefs>> {
    crate::counted(async move {
        let sql = format!("SELECT {PCOLS} FROM notify_prefs WHERE user_id = $1");
        on!(tx, c => sqlx::query_as(&sql).bind(user_id).fetch_optional(c).await)
    })
    .await
}

/// The preferences of those of `users` who turned a channel on.
#[tracing::instrument(level = "debug", name = "notify::prefs_on", skip_all, fields(rows = tracing::field::Empty))]
pub async fn prefs_on(tx: &mut Tx, users: &[Uuid]) -> Result<Vec<Prefs>> {
    crate::counted(async move {
        let mut out = Vec::new();
        for chunk in users.chunks(IN_BATCH) {
            let sql = format!(
                "SELECT {PCOLS} FROM notify_prefs WHERE (email_on OR webhook_on) AND user_id IN {}",
                tx.values_list(1, chunk.len(), 1)
            );
            let found: Vec<Prefs> = on!(tx, c => {
                let mut q = sqlx::query_as(&sql);
                for u in chunk { q = q.bind(*u); }
                q.fetch_all(c).await
            })?;
            out.extend(found);
        }
        Ok(out)
    })
    .await
}

/// Writes a person's channels (insert or replace; the engines' upserts
/// agree here).
#[tracing::instrument(level = "debug", name = "notify::save_prefs", skip_all)]
pub async fn save_prefs(tx: &mut Tx, p: &Prefs) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO notify_prefs (user_id, email, email_on, webhook_address, webhook_on, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, \
             email_on = excluded.email_on, webhook_address = excluded.webhook_address, \
             webhook_on = excluded.webhook_on, updated_at = excluded.updated_at"
        )
        .bind(p.user_id)
        .bind(&p.email)
        .bind(p.email_on)
        .bind(&p.webhook_address)
        .bind(p.webhook_on)
        .bind(p.updated_at)
    )?;
    Ok(())
}

/// A union's webhook.
#[derive(Debug, Clone, FromRow)]
pub struct Settings {
    pub union_id: Uuid,
    pub webhook_kind: String,
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
    pub enabled: bool,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

const SCOLS: &str = "union_id, webhook_kind, webhook_url, webhook_secret, enabled, updated_by, updated_at";

#[tracing::instrument(level = "debug", name = "notify::settings", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn settings(tx: &mut Tx, union_id: UnionId) -> Result<Option<Settings>> {
    crate::counted(async move {
        let sql = format!("SELECT {SCOLS} FROM notify_settings WHERE union_id = $1");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "notify::save_settings", skip_all, fields(union = %union_id))]
pub async fn save_settings(tx: &mut Tx, union_id: UnionId, s: &Settings) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO notify_settings (union_id, webhook_kind, webhook_url, webhook_secret, enabled, \
             updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (union_id) DO UPDATE SET \
             webhook_kind = excluded.webhook_kind, webhook_url = excluded.webhook_url, \
             webhook_secret = excluded.webhook_secret, enabled = excluded.enabled, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at"
        )
        .bind(union_id.0)
        .bind(&s.webhook_kind)
        .bind(&s.webhook_url)
        .bind(&s.webhook_secret)
        .bind(s.enabled)
        .bind(&s.updated_by)
        .bind(s.updated_at)
    )?;
    Ok(())
}

/// The webhooks of `unions` (for a drain's batch).
#[tracing::instrument(level = "debug", name = "notify::settings_of", skip_all, fields(rows = tracing::field::Empty))]
pub async fn settings_of(tx: &mut Tx, unions: &[Uuid]) -> Result<Vec<Settings>> {
    crate::counted(async move {
        let mut out = Vec::new();
        for chunk in unions.chunks(IN_BATCH) {
            let sql = format!(
                "SELECT {SCOLS} FROM notify_settings WHERE union_id IN {}",
                tx.values_list(1, chunk.len(), 1)
            );
            let found: Vec<Settings> = on!(tx, c => {
                let mut q = sqlx::query_as(&sql);
                for u in chunk { q = q.bind(*u); }
                q.fetch_all(c).await
            })?;
            out.extend(found);
        }
        Ok(out)
    })
    .await
}

// --- The outbox -------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Delivery {
    pub union_id: Uuid,
    pub id: Uuid,
    pub notification_id: Uuid,
    pub user_id: Uuid,
    pub channel: String,
    pub address: String,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub claimed_until: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

const OCOLS: &str = "union_id, id, notification_id, user_id, channel, address, subject, body, status, attempts, \
    next_attempt_at, claimed_until, last_error, created_at, sent_at";

/// A delivery to queue.
#[derive(Debug, Clone)]
pub struct NewDelivery {
    pub id: Uuid,
    pub notification_id: Uuid,
    pub user_id: Uuid,
    pub channel: &'static str,
    pub address: String,
    pub subject: String,
    pub body: String,
}

/// Queues deliveries (status queued, due at `now`) in multi-row INSERTs.
#[tracing::instrument(level = "debug", name = "notify::queue", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn queue(tx: &mut Tx, union_id: UnionId, rows: &[NewDelivery], now: DateTime<Utc>) -> Result<u64> {
    crate::counted(async move {
        let mut total = 0;
        for chunk in rows.chunks(BATCH) {
            let sql = format!(
                "INSERT INTO outbox (union_id, id, notification_id, user_id, channel, address, subject, body, \
                 status, next_attempt_at, created_at) VALUES {}",
                tx.values_list(chunk.len(), 11, 1)
            );
            total += exec!(tx, {
                let mut q = sqlx::query(&sql);
                for d in chunk {
                    q = q
                        .bind(union_id.0)
                        .bind(d.id)
                        .bind(d.notification_id)
                        .bind(d.user_id)
                        .bind(d.channel)
                        .bind(&d.address)
                        .bind(&d.subject)
                        .bind(&d.body)
                        .bind("queued")
                        .bind(now)
                        .bind(now);
                }
                q
            })?;
        }
        Ok(total)
    })
    .await
}

/// Takes up to `limit` queued deliveries that are due at `now` and not
/// taken by another drain, oldest due first, and marks them taken until
/// `lease_until`. PostgreSQL skips rows another drain is locking at the
/// same moment; SQLite has one writer at a time.
#[tracing::instrument(level = "debug", name = "notify::claim_due", skip_all, fields(rows = tracing::field::Empty))]
pub async fn claim_due(
    tx: &mut Tx,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Delivery>> {
    crate::counted(async move {
        let lock = match tx {
            Tx::Sqlite(..) => "",
            Tx::Pg(..) => " FOR UPDATE SKIP LOCKED",
        };
        let sql = format!(
            "UPDATE outbox SET claimed_until = $2 WHERE (union_id, id) IN ( \
             SELECT union_id, id FROM outbox WHERE status = 'queued' AND next_attempt_at <= $1 \
             AND (claimed_until IS NULL OR claimed_until <= $1) ORDER BY next_attempt_at LIMIT {limit}{lock}) \
             RETURNING {OCOLS}"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(now).bind(lease_until).fetch_all(c).await)
    })
    .await
}

/// Takes one delivery by id to send it now (the administrator's retry),
/// whatever its schedule, unless it was sent or another drain holds it.
#[tracing::instrument(level = "debug", name = "notify::claim_one", skip_all, fields(rows = tracing::field::Empty))]
pub async fn claim_one(
    tx: &mut Tx,
    id: Uuid,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<Option<Delivery>> {
    crate::counted(async move {
        let sql = format!(
            "UPDATE outbox SET claimed_until = $3, status = 'queued', next_attempt_at = $2 WHERE id = $1 \
             AND status <> 'sent' AND (claimed_until IS NULL OR claimed_until <= $2) RETURNING {OCOLS}"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(id).bind(now).bind(lease_until).fetch_optional(c).await)
    })
    .await
}

/// A delivery by id (any union: the administrator's outbox).
#[tracing::instrument(level = "debug", name = "notify::delivery", skip_all, fields(rows = tracing::field::Empty))]
pub async fn delivery(tx: &mut Tx, id: Uuid) -> Result<Option<Delivery>> {
    crate::counted(async move {
        let sql = format!("SELECT {OCOLS} FROM outbox WHERE id = $1");
        on!(tx, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)
    })
    .await
}

/// Records a sent delivery.
#[tracing::instrument(level = "debug", name = "notify::mark_sent", skip_all, fields(union = %union_id))]
pub async fn mark_sent(tx: &mut Tx, union_id: UnionId, id: Uuid, now: DateTime<Utc>) -> Result<u64> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE outbox SET status = 'sent', sent_at = $3, attempts = attempts + 1, claimed_until = NULL, \
             last_error = NULL WHERE union_id = $1 AND id = $2 AND status <> 'sent'"
        )
        .bind(union_id.0)
        .bind(id)
        .bind(now)
    )
}

/// Records a failed attempt: the count, the error, and what follows
/// (queued again for `next_attempt_at`, or failed for good).
#[tracing::instrument(level = "debug", name = "notify::mark_failed", skip_all, fields(union = %union_id))]
pub async fn mark_failed(
    tx: &mut Tx,
    union_id: UnionId,
    id: Uuid,
    status: &str,
    next_attempt_at: DateTime<Utc>,
    error: &str,
) -> Result<u64> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE outbox SET status = $3, attempts = attempts + 1, next_attempt_at = $4, last_error = $5, \
             claimed_until = NULL WHERE union_id = $1 AND id = $2 AND status <> 'sent'"
        )
        .bind(union_id.0)
        .bind(id)
        .bind(status)
        .bind(next_attempt_at)
        .bind(error)
    )
}

/// Gives a claimed delivery back untried (no sender for its channel is
/// configured): it stays queued with the reason, its attempts unchanged.
#[tracing::instrument(level = "debug", name = "notify::release", skip_all, fields(union = %union_id))]
pub async fn release(
    tx: &mut Tx,
    union_id: UnionId,
    id: Uuid,
    next_attempt_at: DateTime<Utc>,
    reason: &str,
) -> Result<u64> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE outbox SET next_attempt_at = $3, last_error = $4, claimed_until = NULL \
             WHERE union_id = $1 AND id = $2 AND status <> 'sent'"
        )
        .bind(union_id.0)
        .bind(id)
        .bind(next_attempt_at)
        .bind(reason)
    )
}

/// Filters of the administrator's outbox list.
#[derive(Debug, Clone, Default)]
pub struct OutboxFilter {
    pub union_id: Option<Uuid>,
    pub status: Option<String>,
    pub channel: Option<String>,
}

/// A delivery with its union's name, as the administrator's list shows it.
#[derive(Debug, Clone, FromRow)]
pub struct Listed {
    #[sqlx(flatten)]
    pub d: Delivery,
    pub union_name: String,
}

/// The outbox, newest first, with the filters; and how many there are.
#[tracing::instrument(level = "debug", name = "notify::outbox", skip_all, fields(rows = tracing::field::Empty))]
pub async fn outbox(tx: &mut Tx, f: &OutboxFilter, page: crate::Page) -> Result<(Vec<Listed>, i64)> {
    crate::counted(async move {
        let mut cond = vec!["1 = 1".to_owned()];
        let mut args: Vec<crate::Arg> = Vec::new();
        if let Some(u) = f.union_id {
            args.push(crate::Arg::Id(u));
            cond.push(format!("o.union_id = ${}", args.len()));
        }
        if let Some(s) = &f.status {
            args.push(crate::Arg::Text(s.clone()));
            cond.push(format!("o.status = ${}", args.len()));
        }
        if let Some(c) = &f.channel {
            args.push(crate::Arg::Text(c.clone()));
            cond.push(format!("o.channel = ${}", args.len()));
        }
        let cond = cond.join(" AND ");
        let cols: String = OCOLS.split(", ").map(|c| format!("o.{c}")).collect::<Vec<_>>().join(", ");
        let count_sql = format!("SELECT COUNT(*) FROM outbox o WHERE {cond}");
        let list_sql = format!(
            "SELECT {cols}, g.name AS union_name FROM outbox o JOIN orgs g ON g.id = o.union_id WHERE {cond} \
             ORDER BY o.created_at DESC, o.id DESC LIMIT {} OFFSET {}",
            page.size,
            page.offset()
        );
        let total: i64 = on!(tx, c => {
            let mut q = sqlx::query_scalar(&count_sql);
            for a in &args { q = a.bind_to(q); }
            q.fetch_one(c).await
        })?;
        let rows: Vec<Listed> = on!(tx, c => {
            let mut q = sqlx::query_as(&list_sql);
            for a in &args { q = a.bind_as(q); }
            q.fetch_all(c).await
        })?;
        Ok((rows, total))
    })
    .await
}

/// How many deliveries are in each status (the administrator's summary).
#[tracing::instrument(level = "debug", name = "notify::outbox_counts", skip_all, fields(rows = tracing::field::Empty))]
pub async fn outbox_counts(tx: &mut Tx) -> Result<Vec<(String, i64)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT status, COUNT(*) FROM outbox GROUP BY status ORDER BY status")
            .fetch_all(c).await)
    })
    .await
}

// --- Dues overdue -------------------------------------------------------------

/// Accounts of members with dues bills of months before `month` (YYYY-MM)
/// left unpaid: (union, account, how many months).
#[tracing::instrument(level = "debug", name = "notify::dues_overdue", skip_all, fields(rows = tracing::field::Empty))]
pub async fn dues_overdue(tx: &mut Tx, month: &str) -> Result<Vec<(Uuid, Uuid, i64)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT b.union_id, um.user_id, COUNT(*) FROM fin_dues_bills b \
             JOIN user_members um ON um.union_id = b.union_id AND um.member_id = b.member_id \
             LEFT JOIN fin_dues_payments p ON p.union_id = b.union_id AND p.month = b.month AND p.member_id = b.member_id \
             WHERE b.month < $1 AND p.member_id IS NULL GROUP BY b.union_id, um.user_id ORDER BY b.union_id, um.user_id")
            .bind(month).fetch_all(c).await)
    })
    .await
}

/// The accounts linked to the union's members (those who can be told what
/// the union publishes to all).
#[tracing::instrument(level = "debug", name = "notify::linked_users", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn linked_users(tx: &mut Tx, union_id: UnionId) -> Result<Vec<Uuid>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_scalar(
            "SELECT um.user_id FROM user_members um JOIN members m ON m.union_id = um.union_id AND m.id = um.member_id \
             WHERE um.union_id = $1 AND m.status IN ('active', 'retained')")
            .bind(union_id.0).fetch_all(c).await)
    })
    .await
}
