//! Participation (参与面) from tallies kept with each check-in: per member
//! and year, how many activities they checked in to
//! (`member_activity_years`), and per activity how many members came
//! (`activities.attended_count`). A union of 30,000 members with 200,000
//! check-ins is then counted from its 30,000 members, one index probe each,
//! instead of from its check-ins (0.5–1.6 s per query on SQLite).
//!
//! Active members are those holding membership (在籍 or 保留会籍), as for
//! activity audiences. An activity counts for the year (Beijing time) it
//! starts in, unless it was called off: calling off, or moving the start
//! into another year, moves its attendees' tallies ([`move_year`]).

use chrono::{DateTime, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

const HELD: &str = "('active', 'retained')";

/// Whether the member has a tally for the year: attended at least one
/// activity starting in it (see [`count_checkin`]).
const ATTENDED: &str = "EXISTS (SELECT 1 FROM member_activity_years y \
    WHERE y.union_id = m.union_id AND y.year = $2 AND y.member_id = m.id)";

/// One group's counts (`group_id` None: members in no group).
#[derive(Debug, Clone, FromRow)]
pub struct GroupCount {
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    pub active_members: i64,
    pub participants: i64,
}

/// One activity's distinct attendees (active members only).
#[derive(Debug, Clone, FromRow)]
pub struct ActivityCount {
    pub activity_id: Uuid,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub participants: i64,
}

/// A member who took part in nothing.
#[derive(Debug, Clone, FromRow)]
pub struct Absent {
    pub member_id: Uuid,
    pub name: String,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
}

/// Active members and those of them who took part in an activity of
/// `year`, per group.
#[tracing::instrument(level = "debug", name = "activity::participation::by_group", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn by_group(tx: &mut Tx, union_id: UnionId, year: i32) -> Result<Vec<GroupCount>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT m.group_id, o.name AS group_name, CAST(COUNT(*) AS BIGINT) AS active_members, \
             CAST(COALESCE(SUM(CASE WHEN {ATTENDED} THEN 1 ELSE 0 END), 0) AS BIGINT) AS participants \
             FROM members m LEFT JOIN orgs o ON o.id = m.group_id \
             WHERE m.union_id = $1 AND m.status IN {HELD} \
             GROUP BY m.group_id, o.name ORDER BY o.name IS NULL, o.name"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(year).fetch_all(c).await)
    })
    .await
}

/// Each activity starting in `[from, to)` with the members who checked in
/// (the tally kept with each check-in), in order of start.
#[tracing::instrument(level = "debug", name = "activity::participation::by_activity", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn by_activity(
    tx: &mut Tx,
    union_id: UnionId,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<ActivityCount>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT id AS activity_id, title, starts_at, attended_count AS participants FROM activities \
             WHERE union_id = $1 AND starts_at >= $2 AND starts_at < $3 AND status <> 'cancelled' \
             ORDER BY starts_at, id")
            .bind(union_id.0).bind(from).bind(to).fetch_all(c).await)
    })
    .await
}

/// Active members who attended no activity of `year`, by name, one page of
/// them.
#[tracing::instrument(level = "debug", name = "activity::participation::absent", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn absent(
    tx: &mut Tx,
    union_id: UnionId,
    year: i32,
    limit: i64,
    offset: i64,
) -> Result<Vec<Absent>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT m.id AS member_id, m.name, m.group_id, o.name AS group_name FROM members m \
             LEFT JOIN orgs o ON o.id = m.group_id \
             WHERE m.union_id = $1 AND m.status IN {HELD} AND NOT {ATTENDED} \
             ORDER BY m.name_pinyin, m.id LIMIT $3 OFFSET $4"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(year).bind(limit).bind(offset).fetch_all(c).await)
    })
    .await
}

/// Counts check-ins of activities of `year`: each activity's attendance and
/// each member's tally for the year, one statement each for the whole
/// batch. Runs in the transaction that inserted the check-ins.
#[tracing::instrument(level = "debug", name = "activity::participation::count_checkins", skip_all, fields(union = %union_id))]
pub async fn count_checkins(tx: &mut Tx, union_id: UnionId, year: i32, rows: &[(Uuid, Uuid)]) -> Result<()> {
    let mut per_activity: Vec<(Uuid, i64)> = Vec::new();
    let mut per_member: std::collections::BTreeMap<Uuid, i64> = std::collections::BTreeMap::new();
    for &(activity_id, member_id) in rows {
        match per_activity.iter_mut().find(|(a, _)| *a == activity_id) {
            Some((_, n)) => *n += 1,
            None => per_activity.push((activity_id, 1)),
        }
        *per_member.entry(member_id).or_default() += 1;
    }
    for (activity_id, n) in per_activity {
        exec!(
            tx,
            sqlx::query(
                "UPDATE activities SET attended_count = attended_count + $3 WHERE union_id = $1 AND id = $2"
            )
            .bind(union_id.0)
            .bind(activity_id)
            .bind(n)
        )?;
    }
    let per_member: Vec<(Uuid, i64)> = per_member.into_iter().collect();
    // SQLite allows 32,766 bound values per statement: 4 per row.
    for chunk in per_member.chunks(5000) {
        let sql = format!(
            "INSERT INTO member_activity_years (union_id, year, member_id, activities) VALUES {} \
             ON CONFLICT (union_id, year, member_id) \
             DO UPDATE SET activities = member_activity_years.activities + excluded.activities",
            tx.values_list(chunk.len(), 4, 1)
        );
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for (member_id, n) in chunk {
                q = q.bind(union_id.0).bind(year).bind(member_id).bind(n);
            }
            q
        })?;
    }
    Ok(())
}

/// Moves the tallies of an activity's attendees out of the year `from`
/// and into the year `to` (either may be none): calling an activity off
/// takes its check-ins out of its year; moving its start into another year
/// moves them there.
#[tracing::instrument(level = "debug", name = "activity::participation::move_year", skip_all, fields(union = %union_id))]
pub async fn move_year(
    tx: &mut Tx,
    union_id: UnionId,
    activity_id: Uuid,
    from: Option<i32>,
    to: Option<i32>,
) -> Result<()> {
    const CAME: &str =
        "SELECT k.member_id FROM activity_checkins k WHERE k.union_id = $1 AND k.activity_id = $3";
    if let Some(year) = from {
        let sql = format!(
            "UPDATE member_activity_years SET activities = activities - 1 \
             WHERE union_id = $1 AND year = $2 AND member_id IN ({CAME})"
        );
        exec!(tx, sqlx::query(&sql).bind(union_id.0).bind(year).bind(activity_id))?;
        exec!(
            tx,
            sqlx::query(
                "DELETE FROM member_activity_years WHERE union_id = $1 AND year = $2 AND activities <= 0"
            )
            .bind(union_id.0)
            .bind(year)
        )?;
    }
    if let Some(year) = to {
        exec!(
            tx,
            sqlx::query(
                "INSERT INTO member_activity_years (union_id, year, member_id, activities) \
                 SELECT $1, $2, k.member_id, 1 FROM activity_checkins k WHERE k.union_id = $1 AND k.activity_id = $3 \
                 ON CONFLICT (union_id, year, member_id) DO UPDATE SET activities = member_activity_years.activities + 1"
            )
            .bind(union_id.0)
            .bind(year)
            .bind(activity_id)
        )?;
    }
    Ok(())
}
