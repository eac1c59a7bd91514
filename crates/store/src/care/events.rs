//! Life events (婚丧生育 and the like) and visits (走访).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

// --- Life events and visits ---------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Event {
    pub union_id: Uuid,
    pub id: Uuid,
    pub member_id: Uuid,
    pub kind: String,
    pub date: NaiveDate,
    pub note: Option<String>,
    pub item: String,
    pub due_fen: Option<i64>,
    pub due_rule: String,
    pub condolence_status: String,
    pub assistance_id: Option<Uuid>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

const ECOLS: &str = "union_id, id, member_id, kind, date, note, item, due_fen, due_rule, condolence_status, assistance_id, \
    created_by, created_at";

#[tracing::instrument(level = "debug", name = "care::insert_event", skip_all)]
pub async fn insert_event(tx: &mut Tx, e: &Event) -> Result<()> {
    let sql = format!(
        "INSERT INTO care_events ({ECOLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(e.union_id)
            .bind(e.id)
            .bind(e.member_id)
            .bind(&e.kind)
            .bind(e.date)
            .bind(&e.note)
            .bind(&e.item)
            .bind(e.due_fen)
            .bind(&e.due_rule)
            .bind(&e.condolence_status)
            .bind(e.assistance_id)
            .bind(&e.created_by)
            .bind(e.created_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "care::event", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn event(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Event>> {
    crate::counted(async move {
        let sql = format!("SELECT {ECOLS} FROM care_events WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "care::set_event_paid", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn set_event_paid(tx: &mut Tx, union_id: UnionId, id: Uuid, assistance_id: Uuid) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "UPDATE care_events SET condolence_status = 'paid', assistance_id = $3 \
            WHERE union_id = $1 AND id = $2 AND condolence_status = 'due'"
            )
            .bind(union_id.0)
            .bind(id)
            .bind(assistance_id)
        )
    })
    .await
}

/// Events with the member's name, newest first.
#[tracing::instrument(level = "debug", name = "care::events", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn events(tx: &mut Tx, union_id: UnionId, member_id: Option<Uuid>) -> Result<Vec<(Event, String)>> {
    crate::counted(async move {
        let cols: Vec<String> = ECOLS.split(", ").map(|c| format!("e.{c}")).collect();
        let mut sql = format!(
            "SELECT {}, m.name FROM care_events e JOIN members m ON m.union_id = e.union_id AND m.id = e.member_id \
            WHERE e.union_id = $1",
            cols.join(", ")
        );
        if member_id.is_some() {
            sql.push_str(" AND e.member_id = $2");
        }
        sql.push_str(" ORDER BY e.date DESC, e.created_at DESC LIMIT 500");
        let rows: Vec<EventNamed> = on!(tx, c => {
            let q = sqlx::query_as(&sql).bind(union_id.0);
            let q = if let Some(m) = member_id { q.bind(m) } else { q };
            q.fetch_all(c).await
        })?;
        Ok(rows.into_iter().map(|r| (r.e, r.name)).collect())
    })
    .await
}

#[derive(FromRow)]
struct EventNamed {
    #[sqlx(flatten)]
    e: Event,
    name: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct Visit {
    pub union_id: Uuid,
    pub id: Uuid,
    pub member_id: Uuid,
    pub event_id: Option<Uuid>,
    pub kind: String,
    pub due_date: NaiveDate,
    pub status: String,
    pub visited_on: Option<NaiveDate>,
    pub visitors: Option<String>,
    pub notes: Option<String>,
    pub follow_up: Option<String>,
    pub recorded_by: Option<String>,
    pub recorded_at: Option<DateTime<Utc>>,
}

const VCOLS: &str = "union_id, id, member_id, event_id, kind, due_date, status, visited_on, visitors, notes, follow_up, \
    recorded_by, recorded_at";

#[tracing::instrument(level = "debug", name = "care::insert_visit", skip_all)]
pub async fn insert_visit(tx: &mut Tx, v: &Visit) -> Result<()> {
    let sql = format!(
        "INSERT INTO care_visits ({VCOLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(v.union_id)
            .bind(v.id)
            .bind(v.member_id)
            .bind(v.event_id)
            .bind(&v.kind)
            .bind(v.due_date)
            .bind(&v.status)
            .bind(v.visited_on)
            .bind(&v.visitors)
            .bind(&v.notes)
            .bind(&v.follow_up)
            .bind(&v.recorded_by)
            .bind(v.recorded_at)
    )?;
    Ok(())
}

/// Records a visit as done; 0 when it was done already.
#[tracing::instrument(level = "debug", name = "care::complete_visit", skip_all, fields(rows = tracing::field::Empty))]
pub async fn complete_visit(tx: &mut Tx, v: &Visit) -> Result<u64> {
    crate::counted(async move {
        exec!(tx, sqlx::query("UPDATE care_visits SET status = 'done', visited_on = $3, visitors = $4, notes = $5, follow_up = $6, \
            recorded_by = $7, recorded_at = $8 WHERE union_id = $1 AND id = $2 AND status = 'open'")
            .bind(v.union_id).bind(v.id).bind(v.visited_on).bind(&v.visitors).bind(&v.notes).bind(&v.follow_up)
            .bind(&v.recorded_by).bind(v.recorded_at))
    })
    .await
}

#[tracing::instrument(level = "debug", name = "care::visit", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn visit(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Visit>> {
    crate::counted(async move {
        let sql = format!("SELECT {VCOLS} FROM care_visits WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// Visits by status (`open`, `done`, or `overdue`: open and due before
/// `today`), with the member's name.
#[tracing::instrument(level = "debug", name = "care::visits", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn visits(
    tx: &mut Tx,
    union_id: UnionId,
    status: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<(Visit, String)>> {
    crate::counted(async move {
        let cols: Vec<String> = VCOLS.split(", ").map(|c| format!("v.{c}")).collect();
        let cond = match status {
            Some("open") => "v.status = 'open' AND $2 = $2",
            Some("done") => "v.status = 'done' AND $2 = $2",
            Some("overdue") => "v.status = 'open' AND v.due_date < $2",
            _ => "$2 = $2",
        };
        let sql = format!(
            "SELECT {}, m.name FROM care_visits v JOIN members m ON m.union_id = v.union_id AND m.id = v.member_id \
            WHERE v.union_id = $1 AND {cond} ORDER BY v.status DESC, v.due_date LIMIT 1000",
            cols.join(", ")
        );
        let rows: Vec<VisitNamed> =
            on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(today).fetch_all(c).await)?;
        Ok(rows.into_iter().map(|r| (r.v, r.name)).collect())
    })
    .await
}

#[derive(FromRow)]
struct VisitNamed {
    #[sqlx(flatten)]
    v: Visit,
    name: String,
}
