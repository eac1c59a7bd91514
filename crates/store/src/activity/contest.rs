//! Contests (劳动竞赛, 技能比武, 岗位练兵, 安康杯): the contest row with its
//! scoring rules, rounds, entrants (members, or teams of members), judges
//! (user accounts of the union), the judges' score sheets (append-only) and
//! the prizes. Every function takes the union first.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

#[derive(Debug, Clone, FromRow)]
pub struct Contest {
    pub union_id: Uuid,
    pub id: Uuid,
    pub kind: String,
    pub title: String,
    pub rules: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// `domain::activity::Criterion` list as JSON.
    pub criteria: String,
    pub trimmed_mean: bool,
    pub published_at: Option<DateTime<Utc>>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

const CONTEST_COLS: &str = "union_id, id, kind, title, rules, starts_on, ends_on, criteria, trimmed_mean, published_at, created_by, created_at";

#[derive(Debug, Clone, FromRow)]
pub struct Round {
    pub union_id: Uuid,
    pub contest_id: Uuid,
    pub id: Uuid,
    pub seq: i64,
    pub name: String,
    /// `open` or `closed`.
    pub status: String,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl Round {
    pub fn closed(&self) -> bool {
        self.status == "closed"
    }
}

const ROUND_COLS: &str = "union_id, contest_id, id, seq, name, status, closed_at, created_at";

#[derive(Debug, Clone, FromRow)]
pub struct Entrant {
    pub union_id: Uuid,
    pub contest_id: Uuid,
    pub id: Uuid,
    /// The member of an individual entrant; None for a team.
    pub member_id: Option<Uuid>,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, FromRow)]
pub struct TeamMember {
    pub entrant_id: Uuid,
    pub member_id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct Judge {
    pub user_id: Uuid,
    pub name: String,
    pub added_at: DateTime<Utc>,
}

#[derive(Debug, Clone, FromRow)]
pub struct Sheet {
    pub round_id: Uuid,
    pub judge_id: Uuid,
    pub entrant_id: Uuid,
    /// `{criterion key: hundredths}` as JSON.
    pub scores: String,
    pub submitted_at: DateTime<Utc>,
}

#[derive(Debug, Clone, FromRow)]
pub struct Prize {
    pub entrant_id: Uuid,
    pub title: String,
    pub amount_fen: i64,
    pub form: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "activity::contest::insert", skip_all, fields(union = %union_id))]
pub async fn insert(tx: &mut Tx, union_id: UnionId, c: &Contest) -> Result<()> {
    let sql = format!(
        "INSERT INTO contests ({CONTEST_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(union_id.0)
            .bind(c.id)
            .bind(&c.kind)
            .bind(&c.title)
            .bind(&c.rules)
            .bind(c.starts_on)
            .bind(c.ends_on)
            .bind(&c.criteria)
            .bind(c.trimmed_mean)
            .bind(c.published_at)
            .bind(&c.created_by)
            .bind(c.created_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "activity::contest::get", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Contest>> {
    crate::counted(async move {
        let sql = format!("SELECT {CONTEST_COLS} FROM contests WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// The union's contests, newest first.
#[tracing::instrument(level = "debug", name = "activity::contest::list", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn list(tx: &mut Tx, union_id: UnionId) -> Result<Vec<Contest>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {CONTEST_COLS} FROM contests WHERE union_id = $1 ORDER BY starts_on DESC, created_at DESC, id DESC"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

/// Marks the result published; 0 when it already was.
#[tracing::instrument(level = "debug", name = "activity::contest::set_published", skip_all, fields(union = %union_id))]
pub async fn set_published(tx: &mut Tx, union_id: UnionId, id: Uuid, at: DateTime<Utc>) -> Result<u64> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE contests SET published_at = $3 WHERE union_id = $1 AND id = $2 AND published_at IS NULL"
        )
        .bind(union_id.0)
        .bind(id)
        .bind(at)
    )
}

/// Adds a round numbered after the last one: (id, seq).
#[tracing::instrument(level = "debug", name = "activity::contest::insert_round", skip_all, fields(union = %union_id))]
pub async fn insert_round(tx: &mut Tx, union_id: UnionId, contest_id: Uuid, name: &str) -> Result<Round> {
    let (seq,): (i64,) = on!(tx, c => sqlx::query_as(
        "SELECT CAST(COALESCE(MAX(seq), 0) + 1 AS BIGINT) FROM contest_rounds WHERE union_id = $1 AND contest_id = $2")
        .bind(union_id.0).bind(contest_id).fetch_one(c).await)?;
    let r = Round {
        union_id: union_id.0,
        contest_id,
        id: Uuid::now_v7(),
        seq,
        name: name.to_owned(),
        status: "open".into(),
        closed_at: None,
        created_at: crate::now(),
    };
    let sql = format!("INSERT INTO contest_rounds ({ROUND_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(union_id.0)
            .bind(r.contest_id)
            .bind(r.id)
            .bind(r.seq)
            .bind(&r.name)
            .bind(&r.status)
            .bind(r.closed_at)
            .bind(r.created_at)
    )?;
    Ok(r)
}

#[tracing::instrument(level = "debug", name = "activity::contest::rounds", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn rounds(tx: &mut Tx, union_id: UnionId, contest_id: Uuid) -> Result<Vec<Round>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {ROUND_COLS} FROM contest_rounds WHERE union_id = $1 AND contest_id = $2 ORDER BY seq"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(contest_id).fetch_all(c).await)
    })
    .await
}

/// A round of the contest. With `share`, PostgreSQL holds a share lock on
/// it until the transaction ends: sheets go in side by side, and closing
/// (an update) waits for them, so no sheet lands in a closed round. SQLite
/// serialises writers anyway.
#[tracing::instrument(level = "debug", name = "activity::contest::round", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn round(
    tx: &mut Tx,
    union_id: UnionId,
    contest_id: Uuid,
    id: Uuid,
    share: bool,
) -> Result<Option<Round>> {
    crate::counted(async move {
        let sql =
            format!("SELECT {ROUND_COLS} FROM contest_rounds WHERE union_id = $1 AND contest_id = $2 AND id = $3");
        match tx {
            Tx::Pg(t, _) if share => {
                sqlx::query_as(&format!("{sql} FOR SHARE"))
                    .bind(union_id.0)
                    .bind(contest_id)
                    .bind(id)
                    .fetch_optional(&mut **t)
                    .await
            }
            _ => on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(contest_id).bind(id).fetch_optional(c).await),
        }
    })
    .await
}

/// Closes an open round; 0 when it was closed already.
#[tracing::instrument(level = "debug", name = "activity::contest::close_round", skip_all, fields(union = %union_id))]
pub async fn close_round(tx: &mut Tx, union_id: UnionId, id: Uuid, at: DateTime<Utc>) -> Result<u64> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE contest_rounds SET status = 'closed', closed_at = $3 WHERE union_id = $1 AND id = $2 \
             AND status = 'open'"
        )
        .bind(union_id.0)
        .bind(id)
        .bind(at)
    )
}

/// Names of the union's members among `ids` (others are left out).
#[tracing::instrument(level = "debug", name = "activity::contest::member_names", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn member_names(tx: &mut Tx, union_id: UnionId, ids: &[Uuid]) -> Result<Vec<(Uuid, String)>> {
    crate::counted(async move {
        let mut out = Vec::with_capacity(ids.len());
        // A team has a handful of people: one primary-key read each.
        for id in ids {
            let row: Option<(Uuid, String)> = on!(tx, c => sqlx::query_as(
                "SELECT id, name FROM members WHERE union_id = $1 AND id = $2")
                .bind(union_id.0).bind(*id).fetch_optional(c).await)?;
            out.extend(row);
        }
        Ok(out)
    })
    .await
}

/// Adds an entrant and, for a team, its people. False when the member has
/// entered this contest already.
#[tracing::instrument(level = "debug", name = "activity::contest::insert_entrant", skip_all, fields(union = %union_id))]
pub async fn insert_entrant(
    tx: &mut Tx,
    union_id: UnionId,
    e: &Entrant,
    team: &[(Uuid, String)],
) -> Result<bool> {
    let n = exec!(
        tx,
        sqlx::query(
            "INSERT INTO contest_entrants (union_id, contest_id, id, member_id, name, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"
        )
        .bind(union_id.0)
        .bind(e.contest_id)
        .bind(e.id)
        .bind(e.member_id)
        .bind(&e.name)
        .bind(e.created_at)
    )?;
    if n == 0 {
        return Ok(false);
    }
    for (member_id, name) in team {
        exec!(
            tx,
            sqlx::query(
                "INSERT INTO contest_team_members (union_id, entrant_id, member_id, name) VALUES ($1, $2, $3, $4)"
            )
            .bind(union_id.0)
            .bind(e.id)
            .bind(*member_id)
            .bind(name)
        )?;
    }
    Ok(true)
}

#[tracing::instrument(level = "debug", name = "activity::contest::entrants", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn entrants(tx: &mut Tx, union_id: UnionId, contest_id: Uuid) -> Result<Vec<Entrant>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT union_id, contest_id, id, member_id, name, created_at FROM contest_entrants \
             WHERE union_id = $1 AND contest_id = $2 ORDER BY created_at, id")
            .bind(union_id.0).bind(contest_id).fetch_all(c).await)
    })
    .await
}

/// The people of the contest's teams.
#[tracing::instrument(level = "debug", name = "activity::contest::team_members", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn team_members(tx: &mut Tx, union_id: UnionId, contest_id: Uuid) -> Result<Vec<TeamMember>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT t.entrant_id, t.member_id, t.name FROM contest_team_members t \
             JOIN contest_entrants e ON e.union_id = t.union_id AND e.id = t.entrant_id \
             WHERE t.union_id = $1 AND e.contest_id = $2 ORDER BY t.entrant_id, t.name")
            .bind(union_id.0).bind(contest_id).fetch_all(c).await)
    })
    .await
}

/// Adds a judge; false when already one.
#[tracing::instrument(level = "debug", name = "activity::contest::insert_judge", skip_all, fields(union = %union_id))]
pub async fn insert_judge(
    tx: &mut Tx,
    union_id: UnionId,
    contest_id: Uuid,
    user_id: Uuid,
    name: &str,
) -> Result<bool> {
    let n = exec!(
        tx,
        sqlx::query(
            "INSERT INTO contest_judges (union_id, contest_id, user_id, name, added_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT DO NOTHING"
        )
        .bind(union_id.0)
        .bind(contest_id)
        .bind(user_id)
        .bind(name)
        .bind(crate::now())
    )?;
    Ok(n == 1)
}

#[tracing::instrument(level = "debug", name = "activity::contest::judges", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn judges(tx: &mut Tx, union_id: UnionId, contest_id: Uuid) -> Result<Vec<Judge>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT user_id, name, added_at FROM contest_judges WHERE union_id = $1 AND contest_id = $2 \
             ORDER BY added_at, user_id")
            .bind(union_id.0).bind(contest_id).fetch_all(c).await)
    })
    .await
}

/// Stores a sheet; false when this judge has a sheet for this entrant in
/// this round already (the first one stays).
#[tracing::instrument(level = "debug", name = "activity::contest::insert_sheet", skip_all, fields(union = %union_id))]
pub async fn insert_sheet(tx: &mut Tx, union_id: UnionId, contest_id: Uuid, s: &Sheet) -> Result<bool> {
    let n = exec!(
        tx,
        sqlx::query(
            "INSERT INTO contest_sheets (union_id, contest_id, round_id, judge_id, entrant_id, scores, submitted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING"
        )
        .bind(union_id.0)
        .bind(contest_id)
        .bind(s.round_id)
        .bind(s.judge_id)
        .bind(s.entrant_id)
        .bind(&s.scores)
        .bind(s.submitted_at)
    )?;
    Ok(n == 1)
}

/// The round's sheets, in the order they came in.
#[tracing::instrument(level = "debug", name = "activity::contest::sheets", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn sheets(tx: &mut Tx, union_id: UnionId, round_id: Uuid) -> Result<Vec<Sheet>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT round_id, judge_id, entrant_id, scores, submitted_at FROM contest_sheets \
             WHERE union_id = $1 AND round_id = $2 ORDER BY submitted_at, judge_id, entrant_id")
            .bind(union_id.0).bind(round_id).fetch_all(c).await)
    })
    .await
}

/// Replaces the contest's prizes with `prizes`.
#[tracing::instrument(level = "debug", name = "activity::contest::replace_prizes", skip_all, fields(union = %union_id))]
pub async fn replace_prizes(
    tx: &mut Tx,
    union_id: UnionId,
    contest_id: Uuid,
    prizes: &[Prize],
) -> Result<()> {
    exec!(
        tx,
        sqlx::query("DELETE FROM contest_prizes WHERE union_id = $1 AND contest_id = $2")
            .bind(union_id.0)
            .bind(contest_id)
    )?;
    for p in prizes {
        exec!(
            tx,
            sqlx::query(
                "INSERT INTO contest_prizes (union_id, contest_id, entrant_id, title, amount_fen, form, created_by, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            )
            .bind(union_id.0)
            .bind(contest_id)
            .bind(p.entrant_id)
            .bind(&p.title)
            .bind(p.amount_fen)
            .bind(&p.form)
            .bind(&p.created_by)
            .bind(p.created_at)
        )?;
    }
    Ok(())
}

#[tracing::instrument(level = "debug", name = "activity::contest::prizes", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn prizes(tx: &mut Tx, union_id: UnionId, contest_id: Uuid) -> Result<Vec<Prize>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT entrant_id, title, amount_fen, form, created_by, created_at FROM contest_prizes \
             WHERE union_id = $1 AND contest_id = $2 ORDER BY amount_fen DESC, entrant_id")
            .bind(union_id.0).bind(contest_id).fetch_all(c).await)
    })
    .await
}

/// The contest, locked until the transaction ends (PostgreSQL; SQLite
/// serialises writers anyway): taking someone off waits for a publication
/// under way, and a publication waits for the removal.
#[tracing::instrument(level = "debug", name = "activity::contest::get_for_update", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get_for_update(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Contest>> {
    crate::counted(async move {
        let sql = format!("SELECT {CONTEST_COLS} FROM contests WHERE union_id = $1 AND id = $2");
        match tx {
            Tx::Pg(t, _) => {
                sqlx::query_as(&format!("{sql} FOR UPDATE"))
                    .bind(union_id.0)
                    .bind(id)
                    .fetch_optional(&mut **t)
                    .await
            }
            _ => on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await),
        }
    })
    .await
}

/// An entrant of the contest, locked (PostgreSQL) so that a sheet being
/// entered for it is waited for and counted, and one entered afterwards
/// finds it gone.
#[tracing::instrument(level = "debug", name = "activity::contest::entrant_for_update", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn entrant_for_update(
    tx: &mut Tx,
    union_id: UnionId,
    contest_id: Uuid,
    id: Uuid,
) -> Result<Option<Entrant>> {
    crate::counted(async move {
        let sql = "SELECT union_id, contest_id, id, member_id, name, created_at FROM contest_entrants \
                   WHERE union_id = $1 AND contest_id = $2 AND id = $3";
        match tx {
            Tx::Pg(t, _) => {
                sqlx::query_as(&format!("{sql} FOR UPDATE"))
                    .bind(union_id.0)
                    .bind(contest_id)
                    .bind(id)
                    .fetch_optional(&mut **t)
                    .await
            }
            _ => on!(tx, c => sqlx::query_as(sql).bind(union_id.0).bind(contest_id).bind(id).fetch_optional(c).await),
        }
    })
    .await
}

/// A judge of the contest, locked as [`entrant_for_update`] locks an entrant.
#[tracing::instrument(level = "debug", name = "activity::contest::judge_for_update", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn judge_for_update(
    tx: &mut Tx,
    union_id: UnionId,
    contest_id: Uuid,
    user_id: Uuid,
) -> Result<Option<Judge>> {
    crate::counted(async move {
        let sql = "SELECT user_id, name, added_at FROM contest_judges \
                   WHERE union_id = $1 AND contest_id = $2 AND user_id = $3";
        match tx {
            Tx::Pg(t, _) => {
                sqlx::query_as(&format!("{sql} FOR UPDATE"))
                    .bind(union_id.0)
                    .bind(contest_id)
                    .bind(user_id)
                    .fetch_optional(&mut **t)
                    .await
            }
            _ => on!(tx, c => sqlx::query_as(sql).bind(union_id.0).bind(contest_id).bind(user_id).fetch_optional(c).await),
        }
    })
    .await
}

/// How many score sheets, over every round, name the entrant.
#[tracing::instrument(level = "debug", name = "activity::contest::entrant_sheet_count", skip_all, fields(union = %union_id))]
pub async fn entrant_sheet_count(
    tx: &mut Tx,
    union_id: UnionId,
    contest_id: Uuid,
    entrant_id: Uuid,
) -> Result<i64> {
    on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM contest_sheets WHERE union_id = $1 AND contest_id = $2 AND entrant_id = $3")
        .bind(union_id.0).bind(contest_id).bind(entrant_id).fetch_one(c).await)
}

/// How many score sheets, over every round, the judge has submitted.
#[tracing::instrument(level = "debug", name = "activity::contest::judge_sheet_count", skip_all, fields(union = %union_id))]
pub async fn judge_sheet_count(
    tx: &mut Tx,
    union_id: UnionId,
    contest_id: Uuid,
    user_id: Uuid,
) -> Result<i64> {
    on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM contest_sheets WHERE union_id = $1 AND contest_id = $2 AND judge_id = $3")
        .bind(union_id.0).bind(contest_id).bind(user_id).fetch_one(c).await)
}

/// Takes an entrant off the contest with its team's people and its prize
/// (a prize is set again as a whole before publication); the caller has
/// checked that no sheet names it. The number of entrants removed (0 or 1).
#[tracing::instrument(level = "debug", name = "activity::contest::delete_entrant", skip_all, fields(union = %union_id))]
pub async fn delete_entrant(tx: &mut Tx, union_id: UnionId, contest_id: Uuid, id: Uuid) -> Result<u64> {
    exec!(
        tx,
        sqlx::query("DELETE FROM contest_prizes WHERE union_id = $1 AND contest_id = $2 AND entrant_id = $3")
            .bind(union_id.0)
            .bind(contest_id)
            .bind(id)
    )?;
    exec!(
        tx,
        sqlx::query("DELETE FROM contest_team_members WHERE union_id = $1 AND entrant_id = $2")
            .bind(union_id.0)
            .bind(id)
    )?;
    exec!(
        tx,
        sqlx::query("DELETE FROM contest_entrants WHERE union_id = $1 AND contest_id = $2 AND id = $3")
            .bind(union_id.0)
            .bind(contest_id)
            .bind(id)
    )
}

/// Takes a judge off the contest; the caller has checked that they have
/// submitted no sheet. The number of judges removed (0 or 1).
#[tracing::instrument(level = "debug", name = "activity::contest::delete_judge", skip_all, fields(union = %union_id))]
pub async fn delete_judge(tx: &mut Tx, union_id: UnionId, contest_id: Uuid, user_id: Uuid) -> Result<u64> {
    exec!(
        tx,
        sqlx::query("DELETE FROM contest_judges WHERE union_id = $1 AND contest_id = $2 AND user_id = $3")
            .bind(union_id.0)
            .bind(contest_id)
            .bind(user_id)
    )
}
