//! Activities and competitions (issue 16): activities, sign-ups and
//! check-ins; contests with their rounds, judges and score sheets; cost
//! plans, payments and the report afterwards. Every function takes the
//! union first.

pub mod checkin;
pub mod contest;
pub mod cost;
pub mod participation;
pub mod signup;

use chrono::{DateTime, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

/// One row of `activities`.
#[derive(Debug, Clone, FromRow)]
pub struct Activity {
    pub union_id: Uuid,
    pub id: Uuid,
    /// `domain::activity::ActivityKind::as_str`.
    pub kind: String,
    pub title: String,
    pub place: String,
    pub description: String,
    /// The 工会小组 organising it; None: the union itself.
    pub organiser_group_id: Option<Uuid>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// `domain::activity::Audience` as JSON.
    pub audience: String,
    pub places: i64,
    pub signup_opens_at: DateTime<Utc>,
    pub signup_closes_at: DateTime<Utc>,
    pub cancel_until: DateTime<Utc>,
    pub needs_approval: bool,
    pub checkin_code: String,
    /// `open` or `cancelled`.
    pub status: String,
    pub confirmed_count: i64,
    pub waiting_count: i64,
    pub last_seq: i64,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLS: &str = "union_id, id, kind, title, place, description, organiser_group_id, starts_at, ends_at, \
    audience, places, signup_opens_at, signup_closes_at, cancel_until, needs_approval, checkin_code, status, \
    confirmed_count, waiting_count, last_seq, created_by, created_at, updated_at";

/// Inserts the activity and registers its id in the union directory (routes
/// name an activity alone), in the caller's transaction.
#[tracing::instrument(level = "debug", name = "activity::insert", skip_all, fields(union = %union_id))]
pub async fn insert(tx: &mut Tx, union_id: UnionId, a: &Activity) -> Result<()> {
    let sql = format!(
        "INSERT INTO activities ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
         $15, $16, $17, $18, $19, $20, $21, $22, $23)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(union_id.0)
            .bind(a.id)
            .bind(&a.kind)
            .bind(&a.title)
            .bind(&a.place)
            .bind(&a.description)
            .bind(a.organiser_group_id)
            .bind(a.starts_at)
            .bind(a.ends_at)
            .bind(&a.audience)
            .bind(a.places)
            .bind(a.signup_opens_at)
            .bind(a.signup_closes_at)
            .bind(a.cancel_until)
            .bind(a.needs_approval)
            .bind(&a.checkin_code)
            .bind(&a.status)
            .bind(a.confirmed_count)
            .bind(a.waiting_count)
            .bind(a.last_seq)
            .bind(&a.created_by)
            .bind(a.created_at)
            .bind(a.updated_at)
    )?;
    crate::directory::register(tx, union_id, crate::directory::ACTIVITY, a.id).await
}

/// The activity of the union, if it is one of its own.
#[tracing::instrument(level = "debug", name = "activity::get", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Activity>> {
    crate::counted(async move {
        let sql = format!("SELECT {COLS} FROM activities WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// An activity reached by its id alone: the directory names its union, then
/// one tenant's row is read.
#[tracing::instrument(level = "debug", name = "activity::by_id", skip_all, fields(rows = tracing::field::Empty))]
pub async fn by_id(tx: &mut Tx, id: Uuid) -> Result<Option<Activity>> {
    match crate::directory::owner(tx, crate::directory::ACTIVITY, id).await? {
        Some(union_id) => get(tx, union_id, id).await,
        None => Ok(None),
    }
}

/// The activity, locked for the rest of the transaction: sign-ups,
/// cancellations and edits of one activity run one after another, each
/// seeing the counters the previous one wrote. PostgreSQL locks the row
/// (FOR UPDATE); SQLite's write transaction (`BEGIN IMMEDIATE`) already
/// holds the whole database.
#[tracing::instrument(level = "debug", name = "activity::for_update", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn for_update(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Activity>> {
    crate::counted(async move {
        match tx {
            Tx::Sqlite(t, _) => {
                let sql = format!("SELECT {COLS} FROM activities WHERE union_id = $1 AND id = $2");
                sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(&mut **t).await
            }
            Tx::Pg(t, _) => {
                let sql = format!("SELECT {COLS} FROM activities WHERE union_id = $1 AND id = $2 FOR UPDATE");
                sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(&mut **t).await
            }
        }
    })
    .await
}

/// The union's activities, newest (latest start) first.
#[tracing::instrument(level = "debug", name = "activity::list", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn list(tx: &mut Tx, union_id: UnionId) -> Result<Vec<Activity>> {
    crate::counted(async move {
        let sql =
            format!("SELECT {COLS} FROM activities WHERE union_id = $1 ORDER BY starts_at DESC, id DESC");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

/// Writes back what an officer may edit and the counters.
#[tracing::instrument(level = "debug", name = "activity::update", skip_all, fields(union = %union_id))]
pub async fn update(tx: &mut Tx, union_id: UnionId, a: &Activity) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE activities SET kind = $3, title = $4, place = $5, description = $6, organiser_group_id = $7, \
             starts_at = $8, ends_at = $9, audience = $10, places = $11, signup_opens_at = $12, \
             signup_closes_at = $13, cancel_until = $14, needs_approval = $15, status = $16, \
             confirmed_count = $17, waiting_count = $18, last_seq = $19, updated_at = $20 \
             WHERE union_id = $1 AND id = $2"
        )
        .bind(union_id.0)
        .bind(a.id)
        .bind(&a.kind)
        .bind(&a.title)
        .bind(&a.place)
        .bind(&a.description)
        .bind(a.organiser_group_id)
        .bind(a.starts_at)
        .bind(a.ends_at)
        .bind(&a.audience)
        .bind(a.places)
        .bind(a.signup_opens_at)
        .bind(a.signup_closes_at)
        .bind(a.cancel_until)
        .bind(a.needs_approval)
        .bind(&a.status)
        .bind(a.confirmed_count)
        .bind(a.waiting_count)
        .bind(a.last_seq)
        .bind(a.updated_at)
    )?;
    Ok(())
}
