//! Honours and the yearly care of model workers.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

#[derive(Debug, Clone, FromRow)]
pub struct Honour {
    pub union_id: Uuid,
    pub id: Uuid,
    pub member_id: Option<Uuid>,
    pub collective_name: Option<String>,
    pub collective_kind: Option<String>,
    pub group_id: Option<Uuid>,
    pub title_kind: String,
    pub title: String,
    pub level: String,
    pub awarding_body: String,
    pub year: i64,
    pub citation: String,
    pub status: String,
    pub source: String,
    pub contest_id: Option<Uuid>,
    pub entrant_id: Option<Uuid>,
    pub notice_days: Option<i64>,
    pub notice_from: Option<NaiveDate>,
    pub notice_until: Option<NaiveDate>,
    pub disclosure_item_id: Option<Uuid>,
    pub decided_by: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub decision_note: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An honour with its holder's name (the member's, or the collective's).
#[derive(Debug, Clone, FromRow)]
pub struct Named {
    #[sqlx(flatten)]
    pub honour: Honour,
    pub holder: String,
}

const COLS: &str = "union_id, id, member_id, collective_name, collective_kind, group_id, title_kind, title, level, \
    awarding_body, year, citation, status, source, contest_id, entrant_id, notice_days, notice_from, notice_until, \
    disclosure_item_id, decided_by, decided_on, decision_note, created_by, created_at, updated_at";

fn prefixed(p: &str) -> String {
    COLS.split(", ").map(|c| format!("{p}.{c}")).collect::<Vec<_>>().join(", ")
}

/// The holder's name: the member's, or the collective's as written.
const HOLDER: &str = "COALESCE(m.name, h.collective_name, '')";

#[tracing::instrument(level = "debug", name = "honour::insert", skip_all, fields(union = %union_id))]
pub async fn insert(tx: &mut Tx, union_id: UnionId, h: &Honour) -> Result<()> {
    let sql = format!(
        "INSERT INTO honours ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
         $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(union_id.0)
            .bind(h.id)
            .bind(h.member_id)
            .bind(&h.collective_name)
            .bind(&h.collective_kind)
            .bind(h.group_id)
            .bind(&h.title_kind)
            .bind(&h.title)
            .bind(&h.level)
            .bind(&h.awarding_body)
            .bind(h.year)
            .bind(&h.citation)
            .bind(&h.status)
            .bind(&h.source)
            .bind(h.contest_id)
            .bind(h.entrant_id)
            .bind(h.notice_days)
            .bind(h.notice_from)
            .bind(h.notice_until)
            .bind(h.disclosure_item_id)
            .bind(&h.decided_by)
            .bind(h.decided_on)
            .bind(&h.decision_note)
            .bind(&h.created_by)
            .bind(h.created_at)
            .bind(h.updated_at)
    )?;
    Ok(())
}

/// Writes a step of the workflow back, only if the status is still `from`
/// (two officers acting at once: one wins, the other gets 0 rows).
#[tracing::instrument(level = "debug", name = "honour::update_step", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn update_step(tx: &mut Tx, union_id: UnionId, h: &Honour, from: &str) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "UPDATE honours SET status = $3, notice_days = $4, notice_from = $5, notice_until = $6, \
                 disclosure_item_id = $7, decided_by = $8, decided_on = $9, decision_note = $10, updated_at = $11 \
                 WHERE union_id = $1 AND id = $2 AND status = $12"
            )
            .bind(union_id.0)
            .bind(h.id)
            .bind(&h.status)
            .bind(h.notice_days)
            .bind(h.notice_from)
            .bind(h.notice_until)
            .bind(h.disclosure_item_id)
            .bind(&h.decided_by)
            .bind(h.decided_on)
            .bind(&h.decision_note)
            .bind(h.updated_at)
            .bind(from)
        )
    })
    .await
}

#[tracing::instrument(level = "debug", name = "honour::get", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Named>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {}, {HOLDER} AS holder FROM honours h LEFT JOIN members m ON m.union_id = h.union_id \
             AND m.id = h.member_id WHERE h.union_id = $1 AND h.id = $2",
            prefixed("h")
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// An honour by id alone, through the directory.
#[tracing::instrument(level = "debug", name = "honour::by_id", skip_all)]
pub async fn by_id(tx: &mut Tx, id: Uuid) -> Result<Option<Named>> {
    match crate::directory::owner(tx, crate::directory::HONOUR, id).await? {
        Some(union_id) => get(tx, union_id, id).await,
        None => Ok(None),
    }
}

/// Which honours a list shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub year: Option<i64>,
    pub level: Option<String>,
    pub title_kind: Option<String>,
    /// Some(true): persons only; Some(false): collectives only.
    pub person: Option<bool>,
    pub status: Option<String>,
    pub member_id: Option<Uuid>,
}

/// The union's honours, latest year first.
#[tracing::instrument(level = "debug", name = "honour::list", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn list(tx: &mut Tx, union_id: UnionId, f: &Filter) -> Result<Vec<Named>> {
    crate::counted(async move {
        let person = match f.person {
            Some(true) => "h.member_id IS NOT NULL",
            Some(false) => "h.member_id IS NULL",
            None => "1 = 1",
        };
        let sql = format!(
            "SELECT {}, {HOLDER} AS holder FROM honours h LEFT JOIN members m ON m.union_id = h.union_id \
             AND m.id = h.member_id WHERE h.union_id = $1 AND ($2 IS NULL OR h.year = $2) \
             AND ($3 IS NULL OR h.level = $3) AND ($4 IS NULL OR h.title_kind = $4) \
             AND ($5 IS NULL OR h.status = $5) AND ($6 IS NULL OR h.member_id = $6) AND {person} \
             ORDER BY h.year DESC, h.created_at DESC, h.id LIMIT 5000",
            prefixed("h")
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(f.year).bind(&f.level).bind(&f.title_kind)
            .bind(&f.status).bind(f.member_id).fetch_all(c).await)
    })
    .await
}

/// A member's own honours and those of the collectives they belong to
/// (their group, and the union itself), in notice or recorded.
#[tracing::instrument(level = "debug", name = "honour::of_member", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn of_member(
    tx: &mut Tx,
    union_id: UnionId,
    member_id: Uuid,
    group_id: Option<Uuid>,
) -> Result<Vec<Named>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {}, {HOLDER} AS holder FROM honours h LEFT JOIN members m ON m.union_id = h.union_id \
             AND m.id = h.member_id WHERE h.union_id = $1 AND h.status IN ('notice', 'recorded') \
             AND (h.member_id = $2 OR ($3 IS NOT NULL AND h.group_id = $3) OR h.collective_kind = 'union') \
             ORDER BY h.year DESC, h.created_at DESC",
            prefixed("h")
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(member_id).bind(group_id).fetch_all(c).await)
    })
    .await
}

/// A prize winner of a published contest that no honour (but a withdrawn
/// or rejected one) names yet.
#[derive(Debug, Clone, FromRow)]
pub struct Candidate {
    pub contest_id: Uuid,
    pub contest_title: String,
    pub contest_kind: String,
    pub ends_on: NaiveDate,
    pub entrant_id: Uuid,
    pub entrant_name: String,
    /// None for a team.
    pub member_id: Option<Uuid>,
    pub prize: String,
    pub amount_fen: i64,
}

const CANDIDATE: &str = "SELECT c.id AS contest_id, c.title AS contest_title, c.kind AS contest_kind, c.ends_on, \
    e.id AS entrant_id, e.name AS entrant_name, e.member_id, p.title AS prize, p.amount_fen \
    FROM contest_prizes p JOIN contests c ON c.union_id = p.union_id AND c.id = p.contest_id \
    JOIN contest_entrants e ON e.union_id = p.union_id AND e.id = p.entrant_id \
    WHERE p.union_id = $1 AND c.published_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM honours h \
    WHERE h.union_id = p.union_id AND h.contest_id = p.contest_id AND h.entrant_id = p.entrant_id \
    AND h.status NOT IN ('withdrawn', 'rejected'))";

#[tracing::instrument(level = "debug", name = "honour::candidates", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn candidates(tx: &mut Tx, union_id: UnionId) -> Result<Vec<Candidate>> {
    crate::counted(async move {
        let sql = format!("{CANDIDATE} ORDER BY c.ends_on DESC, c.id, p.amount_fen DESC, e.name");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

/// One candidate (None when not a winner of a published contest of the
/// union, or nominated already).
#[tracing::instrument(level = "debug", name = "honour::candidate", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn candidate(
    tx: &mut Tx,
    union_id: UnionId,
    contest_id: Uuid,
    entrant_id: Uuid,
) -> Result<Option<Candidate>> {
    crate::counted(async move {
        let sql = format!("{CANDIDATE} AND p.contest_id = $2 AND p.entrant_id = $3");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(contest_id).bind(entrant_id).fetch_optional(c).await)
    })
    .await
}

/// Marks the member a model worker (劳模), so that the activities'
/// `model_workers` audience and the care lists find them.
#[tracing::instrument(level = "debug", name = "honour::set_model_worker", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn set_model_worker(tx: &mut Tx, union_id: UnionId, member_id: Uuid) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "UPDATE members SET model_worker = TRUE, updated_at = $3 \
                 WHERE union_id = $1 AND id = $2 AND model_worker = FALSE"
            )
            .bind(union_id.0)
            .bind(member_id)
            .bind(crate::now())
        )
    })
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct Care {
    pub union_id: Uuid,
    pub member_id: Uuid,
    pub year: i64,
    pub visit_id: Option<Uuid>,
    pub activity_id: Option<Uuid>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// Inserts the year's care; 0 rows when the member has it already.
#[tracing::instrument(level = "debug", name = "honour::insert_care", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn insert_care(tx: &mut Tx, union_id: UnionId, c: &Care) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "INSERT INTO model_worker_care (union_id, member_id, year, visit_id, activity_id, recorded_by, \
                 recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (union_id, member_id, year) DO NOTHING"
            )
            .bind(union_id.0)
            .bind(c.member_id)
            .bind(c.year)
            .bind(c.visit_id)
            .bind(c.activity_id)
            .bind(&c.recorded_by)
            .bind(c.recorded_at)
        )
    })
    .await
}

#[tracing::instrument(level = "debug", name = "honour::care_of", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn care_of(tx: &mut Tx, union_id: UnionId, member_id: Uuid, year: i64) -> Result<Option<Care>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT union_id, member_id, year, visit_id, activity_id, recorded_by, recorded_at \
            FROM model_worker_care WHERE union_id = $1 AND member_id = $2 AND year = $3")
            .bind(union_id.0).bind(member_id).bind(year).fetch_optional(c).await)
    })
    .await
}

/// A model worker of the union with the year's care, if made, and the
/// state of its visit.
#[derive(Debug, Clone, FromRow)]
pub struct ModelWorker {
    pub member_id: Uuid,
    pub name: String,
    pub group_id: Option<Uuid>,
    pub status: String,
    pub visit_id: Option<Uuid>,
    pub visit_status: Option<String>,
    pub visit_due: Option<NaiveDate>,
    pub activity_id: Option<Uuid>,
    pub recorded_at: Option<DateTime<Utc>>,
    /// The titles of their recorded model-worker honours, 、-separated.
    pub titles: Option<String>,
}

/// The union's model workers (members flagged `model_worker`, in 在籍 or
/// 保留会籍: those who left are no longer the union's to care for) with the
/// care of `year`: those without care first.
#[tracing::instrument(level = "debug", name = "honour::model_workers", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn model_workers(tx: &mut Tx, union_id: UnionId, year: i64) -> Result<Vec<ModelWorker>> {
    crate::counted(async move {
        let rows: Vec<ModelWorker> = on!(tx, c => sqlx::query_as(
            "SELECT m.id AS member_id, m.name, m.group_id, m.status, k.visit_id, v.status AS visit_status, \
             v.due_date AS visit_due, k.activity_id, k.recorded_at, CAST(NULL AS TEXT) AS titles \
             FROM members m LEFT JOIN model_worker_care k ON k.union_id = m.union_id AND k.member_id = m.id \
             AND k.year = $2 LEFT JOIN care_visits v ON v.union_id = k.union_id AND v.id = k.visit_id \
             WHERE m.union_id = $1 AND m.model_worker = TRUE AND m.status IN ('active', 'retained') \
             ORDER BY (CASE WHEN k.member_id IS NULL THEN 0 ELSE 1 END), m.name, m.id")
            .bind(union_id.0).bind(year).fetch_all(c).await)?;
        let titles: Vec<(Uuid, String)> = on!(tx, c => sqlx::query_as(
            "SELECT member_id, title FROM honours WHERE union_id = $1 AND status = 'recorded' \
             AND member_id IS NOT NULL AND title_kind IN ('model_worker', 'may_day_medal') ORDER BY year")
            .bind(union_id.0).fetch_all(c).await)?;
        Ok(rows
            .into_iter()
            .map(|mut r| {
                let t: Vec<&str> =
                    titles.iter().filter(|(m, _)| *m == r.member_id).map(|(_, t)| t.as_str()).collect();
                r.titles = (!t.is_empty()).then(|| t.join("、"));
                r
            })
            .collect())
    })
    .await
}

/// The union's open 疗休养 activities for model workers starting in `year`
/// (the offer made to every model worker of that year).
#[tracing::instrument(level = "debug", name = "honour::rest_offers", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn rest_offers(
    tx: &mut Tx,
    union_id: UnionId,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<Uuid>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_scalar(
            "SELECT id FROM activities WHERE union_id = $1 AND kind = 'rest' AND status = 'open' \
             AND starts_at >= $2 AND starts_at < $3 AND audience LIKE '%model_workers%' ORDER BY starts_at, id")
            .bind(union_id.0).bind(from).bind(until).fetch_all(c).await)
    })
    .await
}
