//! Check-ins at the door: one row per member per activity.

use chrono::{DateTime, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

/// One row of `activity_checkins`.
#[derive(Debug, Clone, FromRow)]
pub struct Checkin {
    pub activity_id: Uuid,
    pub member_id: Uuid,
    /// `code` or `officer`.
    pub method: String,
    pub walk_in: bool,
    pub at: DateTime<Utc>,
    /// Who checked them in: the member themself, or the officer.
    pub by_name: String,
}

/// A check-in with the member's name, for the attendance list.
#[derive(Debug, Clone, FromRow)]
pub struct Listed {
    pub member_id: Uuid,
    pub name: String,
    pub card_number: Option<String>,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    pub method: String,
    pub walk_in: bool,
    pub at: DateTime<Utc>,
    pub by_name: String,
}

/// Whether the member has checked in already.
#[tracing::instrument(level = "debug", name = "activity::checkin::exists", skip_all, fields(union = %union_id))]
pub async fn exists(tx: &mut Tx, union_id: UnionId, activity_id: Uuid, member_id: Uuid) -> Result<bool> {
    let n: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM activity_checkins WHERE union_id = $1 AND activity_id = $2 AND member_id = $3")
        .bind(union_id.0).bind(activity_id).bind(member_id).fetch_one(c).await)?;
    Ok(n > 0)
}

/// Records a check-in of an activity starting in `year`, and counts it in
/// the participation tallies; 0 rows (and nothing counted) when the member
/// had checked in meanwhile (the primary key keeps one per member).
#[tracing::instrument(level = "debug", name = "activity::checkin::insert", skip_all, fields(union = %union_id))]
pub async fn insert(tx: &mut Tx, union_id: UnionId, year: i32, k: &Checkin) -> Result<u64> {
    let n = exec!(
        tx,
        sqlx::query(
            "INSERT INTO activity_checkins (union_id, activity_id, member_id, method, walk_in, at, by_name) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING"
        )
        .bind(union_id.0)
        .bind(k.activity_id)
        .bind(k.member_id)
        .bind(&k.method)
        .bind(k.walk_in)
        .bind(k.at)
        .bind(&k.by_name)
    )?;
    if n > 0 {
        super::participation::count_checkins(tx, union_id, year, &[(k.activity_id, k.member_id)]).await?;
    }
    Ok(n)
}

/// Records many new check-ins of activities starting in `year` at once, and
/// counts them (demo data and benchmarks; a check-in at the door goes
/// through [`insert`]).
#[tracing::instrument(level = "debug", name = "activity::checkin::insert_many", skip_all, fields(union = %union_id))]
pub async fn insert_many(tx: &mut Tx, union_id: UnionId, year: i32, rows: &[Checkin]) -> Result<()> {
    // SQLite allows 32,766 bound values per statement: 7 per row.
    for chunk in rows.chunks(4000) {
        let sql = format!(
            "INSERT INTO activity_checkins (union_id, activity_id, member_id, method, walk_in, at, by_name) VALUES {}",
            tx.values_list(chunk.len(), 7, 1)
        );
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for k in chunk {
                q = q
                    .bind(union_id.0)
                    .bind(k.activity_id)
                    .bind(k.member_id)
                    .bind(&k.method)
                    .bind(k.walk_in)
                    .bind(k.at)
                    .bind(&k.by_name);
            }
            q
        })?;
    }
    let counted: Vec<(Uuid, Uuid)> = rows.iter().map(|k| (k.activity_id, k.member_id)).collect();
    super::participation::count_checkins(tx, union_id, year, &counted).await
}

/// Who came, with names, in order of arrival.
#[tracing::instrument(level = "debug", name = "activity::checkin::list", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn list(tx: &mut Tx, union_id: UnionId, activity_id: Uuid) -> Result<Vec<Listed>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT k.member_id, m.name, m.card_number, m.group_id, g.name AS group_name, k.method, k.walk_in, k.at, \
             k.by_name FROM activity_checkins k JOIN members m ON m.union_id = k.union_id AND m.id = k.member_id \
             LEFT JOIN orgs g ON g.id = m.group_id \
             WHERE k.union_id = $1 AND k.activity_id = $2 ORDER BY k.at, m.name_pinyin")
            .bind(union_id.0).bind(activity_id).fetch_all(c).await)
    })
    .await
}
