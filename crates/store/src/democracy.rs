//! Democratic management: congress terms, delegates, sessions, agenda and
//! check-in; ballots, their voter roll, who has voted, the box of papers
//! while voting is open and the published papers after close, and the
//! counts entered from paper ballots. Every function takes the union first,
//! except the look-ups by ballot id that routes without a union need.
//!
//! Secrecy lives in the schema (see the migration): `ballot_cast` (who) and
//! `ballot_box` / `ballot_papers` (what) share only the ballot's key, and
//! nothing here reads them together.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

/// Rows per multi-row INSERT.
const BATCH: usize = 500;

// --- Congress terms -----------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Term {
    pub union_id: Uuid,
    pub id: Uuid,
    pub number: i64,
    pub form: String,
    pub starts_on: NaiveDate,
    pub years: i64,
    pub ends_on: NaiveDate,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

const TCOLS: &str = "union_id, id, number, form, starts_on, years, ends_on, created_by, created_at";

#[tracing::instrument(level = "debug", name = "democracy::insert_term", skip_all)]
pub async fn insert_term(tx: &mut Tx, t: &Term) -> Result<()> {
    let sql = format!("INSERT INTO congress_terms ({TCOLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(t.union_id)
            .bind(t.id)
            .bind(t.number)
            .bind(&t.form)
            .bind(t.starts_on)
            .bind(t.years)
            .bind(t.ends_on)
            .bind(&t.created_by)
            .bind(t.created_at)
    )?;
    Ok(())
}

/// The union's terms, newest first.
#[tracing::instrument(level = "debug", name = "democracy::terms", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn terms(tx: &mut Tx, union_id: UnionId) -> Result<Vec<Term>> {
    crate::counted(async move {
        let sql = format!("SELECT {TCOLS} FROM congress_terms WHERE union_id = $1 ORDER BY number DESC");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "democracy::term", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn term(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Term>> {
    crate::counted(async move {
        let sql = format!("SELECT {TCOLS} FROM congress_terms WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

// --- Delegates ----------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Delegate {
    pub union_id: Uuid,
    pub id: Uuid,
    pub term_id: Uuid,
    pub member_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub name: String,
    pub gender: Option<String>,
    pub manager: bool,
    pub frontline: bool,
    pub presidium: bool,
    pub source: String,
    pub ballot_id: Option<Uuid>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

const DCOLS: &str = "union_id, id, term_id, member_id, user_id, name, gender, manager, frontline, presidium, \
    source, ballot_id, created_by, created_at";

#[tracing::instrument(level = "debug", name = "democracy::insert_delegate", skip_all)]
pub async fn insert_delegate(tx: &mut Tx, d: &Delegate) -> Result<()> {
    let sql = format!(
        "INSERT INTO congress_delegates ({DCOLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(d.union_id)
            .bind(d.id)
            .bind(d.term_id)
            .bind(d.member_id)
            .bind(d.user_id)
            .bind(&d.name)
            .bind(&d.gender)
            .bind(d.manager)
            .bind(d.frontline)
            .bind(d.presidium)
            .bind(&d.source)
            .bind(d.ballot_id)
            .bind(&d.created_by)
            .bind(d.created_at)
    )?;
    Ok(())
}

/// A term's delegates in the order entered.
#[tracing::instrument(level = "debug", name = "democracy::delegates", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn delegates(tx: &mut Tx, union_id: UnionId, term_id: Uuid) -> Result<Vec<Delegate>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {DCOLS} FROM congress_delegates WHERE union_id = $1 AND term_id = $2 ORDER BY created_at, id"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(term_id).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "democracy::delegate", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn delegate(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Delegate>> {
    crate::counted(async move {
        let sql = format!("SELECT {DCOLS} FROM congress_delegates WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// Active members and active women members of the union: the staff the
/// delegates stand for.
#[tracing::instrument(level = "debug", name = "democracy::staff_counts", skip_all, fields(union = %union_id))]
pub async fn staff_counts(tx: &mut Tx, union_id: UnionId) -> Result<(i64, i64)> {
    on!(tx, c => sqlx::query_as("SELECT COUNT(*), COALESCE(SUM(CASE WHEN gender = 'female' THEN 1 ELSE 0 END), 0) \
        FROM members WHERE union_id = $1 AND status = 'active'").bind(union_id.0).fetch_one(c).await)
}

// --- Sessions, agenda, check-in -----------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Session {
    pub union_id: Uuid,
    pub id: Uuid,
    pub term_id: Uuid,
    pub number: i64,
    pub title: String,
    pub meets_on: NaiveDate,
    pub place: Option<String>,
    pub papers_sent_on: Option<NaiveDate>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

const SCOLS: &str =
    "union_id, id, term_id, number, title, meets_on, place, papers_sent_on, created_by, created_at";

#[tracing::instrument(level = "debug", name = "democracy::insert_session", skip_all)]
pub async fn insert_session(tx: &mut Tx, s: &Session) -> Result<()> {
    let sql =
        format!("INSERT INTO congress_sessions ({SCOLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(s.union_id)
            .bind(s.id)
            .bind(s.term_id)
            .bind(s.number)
            .bind(&s.title)
            .bind(s.meets_on)
            .bind(&s.place)
            .bind(s.papers_sent_on)
            .bind(&s.created_by)
            .bind(s.created_at)
    )?;
    Ok(())
}

/// The union's sessions, newest first.
#[tracing::instrument(level = "debug", name = "democracy::sessions", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn sessions(tx: &mut Tx, union_id: UnionId) -> Result<Vec<Session>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {SCOLS} FROM congress_sessions WHERE union_id = $1 ORDER BY meets_on DESC, number DESC"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "democracy::session", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn session(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Session>> {
    crate::counted(async move {
        let sql = format!("SELECT {SCOLS} FROM congress_sessions WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "democracy::next_session_number", skip_all, fields(union = %union_id))]
pub async fn next_session_number(tx: &mut Tx, union_id: UnionId, term_id: Uuid) -> Result<i64> {
    let n: Option<i64> = on!(tx, c => sqlx::query_scalar("SELECT MAX(number) FROM congress_sessions WHERE union_id = $1 AND term_id = $2")
        .bind(union_id.0).bind(term_id).fetch_one(c).await)?;
    Ok(n.unwrap_or(0) + 1)
}

#[tracing::instrument(level = "debug", name = "democracy::set_papers_sent", skip_all, fields(union = %union_id))]
pub async fn set_papers_sent(tx: &mut Tx, union_id: UnionId, id: Uuid, on: NaiveDate) -> Result<()> {
    exec!(
        tx,
        sqlx::query("UPDATE congress_sessions SET papers_sent_on = $3 WHERE union_id = $1 AND id = $2")
            .bind(union_id.0)
            .bind(id)
            .bind(on)
    )?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct AgendaItem {
    pub id: Uuid,
    pub position: i64,
    pub title: String,
    pub note: Option<String>,
}

#[tracing::instrument(level = "debug", name = "democracy::add_agenda_item", skip_all, fields(union = %union_id))]
pub async fn add_agenda_item(
    tx: &mut Tx,
    union_id: UnionId,
    session_id: Uuid,
    title: &str,
    note: Option<&str>,
) -> Result<AgendaItem> {
    let pos: Option<i64> = on!(tx, c => sqlx::query_scalar("SELECT MAX(position) FROM congress_agenda WHERE union_id = $1 AND session_id = $2")
        .bind(union_id.0).bind(session_id).fetch_one(c).await)?;
    let item = AgendaItem {
        id: Uuid::now_v7(),
        position: pos.unwrap_or(0) + 1,
        title: title.to_owned(),
        note: note.map(str::to_owned),
    };
    exec!(tx, sqlx::query("INSERT INTO congress_agenda (union_id, id, session_id, position, title, note) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(union_id.0).bind(item.id).bind(session_id).bind(item.position).bind(&item.title).bind(&item.note))?;
    Ok(item)
}

#[tracing::instrument(level = "debug", name = "democracy::agenda", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn agenda(tx: &mut Tx, union_id: UnionId, session_id: Uuid) -> Result<Vec<AgendaItem>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT id, position, title, note FROM congress_agenda WHERE union_id = $1 AND session_id = $2 ORDER BY position")
            .bind(union_id.0).bind(session_id).fetch_all(c).await)
    })
    .await
}

/// Records a delegate's arrival; false when already checked in.
#[tracing::instrument(level = "debug", name = "democracy::check_in", skip_all, fields(union = %union_id))]
pub async fn check_in(
    tx: &mut Tx,
    union_id: UnionId,
    session_id: Uuid,
    delegate_id: Uuid,
    by: &str,
) -> Result<bool> {
    let n = exec!(
        tx,
        sqlx::query(
            "INSERT INTO congress_checkins (union_id, session_id, delegate_id, checked_in_by, at) \
        VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING"
        )
        .bind(union_id.0)
        .bind(session_id)
        .bind(delegate_id)
        .bind(by)
        .bind(crate::now())
    )?;
    Ok(n == 1)
}

/// The delegates checked in to a session.
#[tracing::instrument(level = "debug", name = "democracy::checked_in", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn checked_in(tx: &mut Tx, union_id: UnionId, session_id: Uuid) -> Result<Vec<Uuid>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_scalar("SELECT delegate_id FROM congress_checkins WHERE union_id = $1 AND session_id = $2")
            .bind(union_id.0).bind(session_id).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "democracy::checkin_count", skip_all, fields(union = %union_id))]
pub async fn checkin_count(tx: &mut Tx, union_id: UnionId, session_id: Uuid) -> Result<i64> {
    on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM congress_checkins WHERE union_id = $1 AND session_id = $2")
        .bind(union_id.0).bind(session_id).fetch_one(c).await)
}

// --- Ballots ------------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Ballot {
    pub union_id: Uuid,
    pub id: Uuid,
    pub session_id: Option<Uuid>,
    pub kind: String,
    pub purpose: String,
    pub mode: String,
    pub title: String,
    pub spec: String,
    pub round: i64,
    pub previous_id: Option<Uuid>,
    pub entitled: i64,
    pub present: Option<i64>,
    pub status: String,
    pub result: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub opened_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

const BCOLS: &str = "union_id, id, session_id, kind, purpose, mode, title, spec, round, previous_id, entitled, \
    present, status, result, created_by, created_at, opened_at, closed_at";

/// Writes a new ballot and its voter roll.
#[tracing::instrument(level = "debug", name = "democracy::insert_ballot", skip_all)]
pub async fn insert_ballot(tx: &mut Tx, b: &Ballot, voters: &[Uuid]) -> Result<()> {
    let sql = format!(
        "INSERT INTO ballots ({BCOLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(b.union_id)
            .bind(b.id)
            .bind(b.session_id)
            .bind(&b.kind)
            .bind(&b.purpose)
            .bind(&b.mode)
            .bind(&b.title)
            .bind(&b.spec)
            .bind(b.round)
            .bind(b.previous_id)
            .bind(b.entitled)
            .bind(b.present)
            .bind(&b.status)
            .bind(&b.result)
            .bind(&b.created_by)
            .bind(b.created_at)
            .bind(b.opened_at)
            .bind(b.closed_at)
    )?;
    // Routes reach a ballot by id alone: the directory names its union.
    crate::directory::register(tx, UnionId(b.union_id), crate::directory::BALLOT, b.id).await?;
    for chunk in voters.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO ballot_voters (union_id, ballot_id, user_id) VALUES {}",
            tx.values_list(chunk.len(), 3, 1)
        );
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for u in chunk {
                q = q.bind(b.union_id).bind(b.id).bind(*u);
            }
            q
        })?;
    }
    Ok(())
}

#[tracing::instrument(level = "debug", name = "democracy::ballot", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn ballot(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Ballot>> {
    crate::counted(async move {
        let sql = format!("SELECT {BCOLS} FROM ballots WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// A ballot by id alone, with its union's path (routes that name no union):
/// the directory names the union, then one tenant is read.
#[tracing::instrument(level = "debug", name = "democracy::ballot_by_id", skip_all, fields(rows = tracing::field::Empty))]
pub async fn ballot_by_id(tx: &mut Tx, id: Uuid) -> Result<Option<(Ballot, String)>> {
    crate::counted(async move {
        let Some(union_id) = crate::directory::owner(tx, crate::directory::BALLOT, id).await? else {
            return Ok(None);
        };
        let cols: String = BCOLS.split(", ").map(|c| format!("b.{c}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT {cols}, o.path AS union_path FROM ballots b JOIN orgs o ON o.id = b.union_id \
            WHERE b.union_id = $1 AND b.id = $2"
        );
        let row: Option<BallotPath> =
            on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)?;
        Ok(row.map(|r| (r.ballot, r.union_path)))
    })
    .await
}

#[derive(FromRow)]
struct BallotPath {
    #[sqlx(flatten)]
    ballot: Ballot,
    union_path: String,
}

/// A ballot by id with its union's path and whether `user_id` is on its
/// roll: everything a vote checks before it writes, in one query after the
/// directory's.
#[derive(Debug, Clone, FromRow)]
pub struct BallotAccess {
    #[sqlx(flatten)]
    pub ballot: Ballot,
    pub union_path: String,
    pub voter: bool,
}

#[tracing::instrument(level = "debug", name = "democracy::ballot_access", skip_all, fields(rows = tracing::field::Empty))]
pub async fn ballot_access(tx: &mut Tx, id: Uuid, user_id: Uuid) -> Result<Option<BallotAccess>> {
    crate::counted(async move {
        let Some(union_id) = crate::directory::owner(tx, crate::directory::BALLOT, id).await? else {
            return Ok(None);
        };
        let cols: String = BCOLS.split(", ").map(|c| format!("b.{c}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT {cols}, o.path AS union_path, EXISTS (SELECT 1 FROM ballot_voters v \
            WHERE v.union_id = b.union_id AND v.ballot_id = b.id AND v.user_id = $3) AS voter \
            FROM ballots b JOIN orgs o ON o.id = b.union_id WHERE b.union_id = $1 AND b.id = $2"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).bind(user_id).fetch_optional(c).await)
    })
    .await
}

/// The union's ballots, newest first; or one session's.
#[tracing::instrument(level = "debug", name = "democracy::ballots", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn ballots(tx: &mut Tx, union_id: UnionId, session_id: Option<Uuid>) -> Result<Vec<Ballot>> {
    crate::counted(async move {
        match session_id {
            Some(s) => {
                let sql = format!(
                    "SELECT {BCOLS} FROM ballots WHERE union_id = $1 AND session_id = $2 ORDER BY created_at, id"
                );
                on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(s).fetch_all(c).await)
            }
            None => {
                let sql =
                    format!("SELECT {BCOLS} FROM ballots WHERE union_id = $1 ORDER BY created_at DESC, id DESC");
                on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)
            }
        }
    })
    .await
}

/// The ballots a user is on the roll of, with whether they have voted,
/// newest first (their own 'my ballots' list).
#[tracing::instrument(level = "debug", name = "democracy::ballots_of_voter", skip_all, fields(rows = tracing::field::Empty))]
pub async fn ballots_of_voter(tx: &mut Tx, user_id: Uuid) -> Result<Vec<(Ballot, bool)>> {
    crate::counted(async move {
        let cols: String = BCOLS.split(", ").map(|c| format!("b.{c}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT {cols} FROM ballot_voters v JOIN ballots b ON b.union_id = v.union_id AND b.id = v.ballot_id \
            WHERE v.user_id = $1 AND b.mode = 'electronic' ORDER BY b.created_at DESC, b.id DESC"
        );
        let list: Vec<Ballot> = on!(tx, c => sqlx::query_as(&sql).bind(user_id).fetch_all(c).await)?;
        let mut out = Vec::with_capacity(list.len());
        for b in list {
            let voted = has_voted(tx, UnionId(b.union_id), b.id, user_id).await?;
            out.push((b, voted));
        }
        Ok(out)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "democracy::is_voter", skip_all, fields(union = %union_id))]
pub async fn is_voter(tx: &mut Tx, union_id: UnionId, ballot_id: Uuid, user_id: Uuid) -> Result<bool> {
    let n: i64 = on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM ballot_voters WHERE union_id = $1 AND ballot_id = $2 AND user_id = $3")
        .bind(union_id.0).bind(ballot_id).bind(user_id).fetch_one(c).await)?;
    Ok(n > 0)
}

#[tracing::instrument(level = "debug", name = "democracy::has_voted", skip_all, fields(union = %union_id))]
pub async fn has_voted(tx: &mut Tx, union_id: UnionId, ballot_id: Uuid, user_id: Uuid) -> Result<bool> {
    let n: i64 = on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM ballot_cast WHERE union_id = $1 AND ballot_id = $2 AND user_id = $3")
        .bind(union_id.0).bind(ballot_id).bind(user_id).fetch_one(c).await)?;
    Ok(n > 0)
}

/// The voter roll.
#[tracing::instrument(level = "debug", name = "democracy::voters", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn voters(tx: &mut Tx, union_id: UnionId, ballot_id: Uuid) -> Result<Vec<Uuid>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_scalar("SELECT user_id FROM ballot_voters WHERE union_id = $1 AND ballot_id = $2 ORDER BY user_id")
            .bind(union_id.0).bind(ballot_id).fetch_all(c).await)
    })
    .await
}

/// Those who have voted (the roll's other half: names, never choices).
#[tracing::instrument(level = "debug", name = "democracy::cast_by", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn cast_by(tx: &mut Tx, union_id: UnionId, ballot_id: Uuid) -> Result<Vec<Uuid>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_scalar("SELECT user_id FROM ballot_cast WHERE union_id = $1 AND ballot_id = $2 ORDER BY user_id")
            .bind(union_id.0).bind(ballot_id).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "democracy::cast_count", skip_all, fields(union = %union_id))]
pub async fn cast_count(tx: &mut Tx, union_id: UnionId, ballot_id: Uuid) -> Result<i64> {
    on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM ballot_cast WHERE union_id = $1 AND ballot_id = $2")
        .bind(union_id.0).bind(ballot_id).fetch_one(c).await)
}

/// The ballot's status, read so that it cannot change before the
/// transaction ends: PostgreSQL takes a share lock on the row (votes run
/// side by side, a close waits for them); SQLite's write transaction already
/// holds the database.
#[tracing::instrument(level = "debug", name = "democracy::status_for_vote", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn status_for_vote(tx: &mut Tx, union_id: UnionId, ballot_id: Uuid) -> Result<Option<String>> {
    crate::counted(async move {
        match tx {
            Tx::Sqlite(t, _) => {
                sqlx::query_scalar("SELECT status FROM ballots WHERE union_id = $1 AND id = $2")
                    .bind(union_id.0)
                    .bind(ballot_id)
                    .fetch_optional(&mut **t)
                    .await
            }
            Tx::Pg(t, _) => {
                sqlx::query_scalar("SELECT status FROM ballots WHERE union_id = $1 AND id = $2 FOR SHARE")
                    .bind(union_id.0)
                    .bind(ballot_id)
                    .fetch_optional(&mut **t)
                    .await
            }
        }
    })
    .await
}

/// The ballot, locked against votes in flight (PostgreSQL: FOR UPDATE waits
/// for every vote holding its share lock).
#[tracing::instrument(level = "debug", name = "democracy::ballot_for_update", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn ballot_for_update(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Ballot>> {
    crate::counted(async move {
        match tx {
            Tx::Sqlite(t, _) => {
                let sql = format!("SELECT {BCOLS} FROM ballots WHERE union_id = $1 AND id = $2");
                sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(&mut **t).await
            }
            Tx::Pg(t, _) => {
                let sql = format!("SELECT {BCOLS} FROM ballots WHERE union_id = $1 AND id = $2 FOR UPDATE");
                sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(&mut **t).await
            }
        }
    })
    .await
}

/// Records that `user_id` has voted and drops their paper in the box, in the
/// caller's transaction. A second vote fails on the roll's primary key (a
/// unique violation), before any paper is written.
#[tracing::instrument(level = "debug", name = "democracy::cast", skip_all, fields(union = %union_id))]
pub async fn cast(
    tx: &mut Tx,
    union_id: UnionId,
    ballot_id: Uuid,
    user_id: Uuid,
    receipt: &str,
    marks: &str,
) -> Result<()> {
    exec!(
        tx,
        sqlx::query("INSERT INTO ballot_cast (union_id, ballot_id, user_id) VALUES ($1, $2, $3)")
            .bind(union_id.0)
            .bind(ballot_id)
            .bind(user_id)
    )?;
    exec!(
        tx,
        sqlx::query("INSERT INTO ballot_box (union_id, ballot_id, receipt, marks) VALUES ($1, $2, $3, $4)")
            .bind(union_id.0)
            .bind(ballot_id)
            .bind(receipt)
            .bind(marks)
    )?;
    Ok(())
}

/// What became of one vote in a write transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CastOutcome {
    /// On the roll of those who voted, its paper in the box.
    Stored,
    /// The ballot has not opened.
    NotOpen,
    /// The ballot is no longer open (closed, or counting paper).
    Closed,
    /// No such ballot in the union.
    Missing,
    /// The voter has voted already: nothing written.
    AlreadyVoted,
}

/// One vote inside a write transaction that may carry others (a group
/// commit): checks the ballot is open and casts, within its own SAVEPOINT
/// when `savepoint` is set, so that a refused or failed vote leaves nothing
/// and the transaction goes on with the next. An error other than a refusal
/// is returned after the savepoint is rolled back.
#[tracing::instrument(level = "debug", name = "democracy::cast_checked", skip_all, fields(union = %union_id))]
pub async fn cast_checked(
    tx: &mut Tx,
    union_id: UnionId,
    ballot_id: Uuid,
    user_id: Uuid,
    receipt: &str,
    marks: &str,
    savepoint: bool,
) -> Result<CastOutcome> {
    if savepoint {
        exec!(tx, sqlx::query("SAVEPOINT vote"))?;
    }
    let r = async {
        match status_for_vote(tx, union_id, ballot_id).await?.as_deref() {
            Some("open") => {}
            Some("draft") => return Ok(CastOutcome::NotOpen),
            Some(_) => return Ok(CastOutcome::Closed),
            None => return Ok(CastOutcome::Missing),
        }
        cast(tx, union_id, ballot_id, user_id, receipt, marks).await?;
        Ok(CastOutcome::Stored)
    }
    .await;
    let r = match r {
        Err(e) if crate::is_unique_violation(&e) => Err((Some(CastOutcome::AlreadyVoted), e)),
        Err(e) => Err((None, e)),
        Ok(o) => Ok(o),
    };
    if !savepoint {
        return r.or_else(|(o, e)| o.ok_or(e));
    }
    match r {
        Ok(o) => {
            exec!(tx, sqlx::query("RELEASE SAVEPOINT vote"))?;
            Ok(o)
        }
        Err((o, e)) => {
            // The failed vote's rows go; the votes before it stay.
            exec!(tx, sqlx::query("ROLLBACK TO SAVEPOINT vote"))?;
            exec!(tx, sqlx::query("RELEASE SAVEPOINT vote"))?;
            o.ok_or(e)
        }
    }
}

/// The marks of the papers in the box (to count them at close).
#[tracing::instrument(level = "debug", name = "democracy::box_marks", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn box_marks(tx: &mut Tx, union_id: UnionId, ballot_id: Uuid) -> Result<Vec<String>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_scalar("SELECT marks FROM ballot_box WHERE union_id = $1 AND ballot_id = $2 ORDER BY receipt")
            .bind(union_id.0).bind(ballot_id).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "democracy::set_open", skip_all, fields(union = %union_id))]
pub async fn set_open(
    tx: &mut Tx,
    union_id: UnionId,
    id: Uuid,
    present: Option<i64>,
    at: DateTime<Utc>,
) -> Result<()> {
    exec!(tx, sqlx::query("UPDATE ballots SET status = 'open', present = $3, opened_at = $4 WHERE union_id = $1 AND id = $2 AND status = 'draft'")
        .bind(union_id.0).bind(id).bind(present).bind(at))?;
    Ok(())
}

/// Paper ballots: voting over, counts to enter.
#[tracing::instrument(level = "debug", name = "democracy::set_counting", skip_all, fields(union = %union_id))]
pub async fn set_counting(tx: &mut Tx, union_id: UnionId, id: Uuid, at: DateTime<Utc>) -> Result<()> {
    exec!(tx, sqlx::query("UPDATE ballots SET status = 'counting', closed_at = $3 WHERE union_id = $1 AND id = $2 AND status = 'open'")
        .bind(union_id.0).bind(id).bind(at))?;
    Ok(())
}

/// Closes a ballot with its result. For an electronic ballot the box is
/// emptied into the published papers, written in receipt order (random), so
/// the order the votes came in is not kept anywhere.
#[tracing::instrument(level = "debug", name = "democracy::close", skip_all, fields(union = %union_id))]
pub async fn close(
    tx: &mut Tx,
    union_id: UnionId,
    id: Uuid,
    present: Option<i64>,
    result: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    // The box is emptied here only, and only once the ballot is closed: the
    // close must have written the row (a closed ballot's own trigger refuses
    // a second close). This check replaced a trigger on the box that read
    // the ballot's status, which a distributed engine cannot do safely.
    let closed = exec!(tx, sqlx::query("UPDATE ballots SET status = 'closed', present = $3, result = $4, closed_at = COALESCE(closed_at, $5) \
        WHERE union_id = $1 AND id = $2")
        .bind(union_id.0).bind(id).bind(present).bind(result).bind(at))?;
    if closed != 1 {
        return Err(sqlx::Error::RowNotFound);
    }
    exec!(tx, sqlx::query("INSERT INTO ballot_papers (union_id, ballot_id, receipt, marks) \
        SELECT union_id, ballot_id, receipt, marks FROM ballot_box WHERE union_id = $1 AND ballot_id = $2 ORDER BY receipt")
        .bind(union_id.0).bind(id))?;
    exec!(
        tx,
        sqlx::query("DELETE FROM ballot_box WHERE union_id = $1 AND ballot_id = $2")
            .bind(union_id.0)
            .bind(id)
    )?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct PublishedPaper {
    pub receipt: String,
    pub marks: String,
}

/// The published papers of a closed ballot, by receipt.
#[tracing::instrument(level = "debug", name = "democracy::papers", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn papers(tx: &mut Tx, union_id: UnionId, ballot_id: Uuid) -> Result<Vec<PublishedPaper>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT receipt, marks FROM ballot_papers WHERE union_id = $1 AND ballot_id = $2 ORDER BY receipt")
            .bind(union_id.0).bind(ballot_id).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "democracy::paper", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn paper(
    tx: &mut Tx,
    union_id: UnionId,
    ballot_id: Uuid,
    receipt: &str,
) -> Result<Option<PublishedPaper>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT receipt, marks FROM ballot_papers WHERE union_id = $1 AND ballot_id = $2 AND receipt = $3")
            .bind(union_id.0).bind(ballot_id).bind(receipt).fetch_optional(c).await)
    })
    .await
}

/// Every closed ballot of every union (for `gonghui tally verify`).
#[tracing::instrument(level = "debug", name = "democracy::closed_ballots", skip_all, fields(rows = tracing::field::Empty))]
pub async fn closed_ballots(tx: &mut Tx) -> Result<Vec<Ballot>> {
    crate::counted(async move {
        let sql =
            format!("SELECT {BCOLS} FROM ballots WHERE status = 'closed' ORDER BY union_id, created_at, id");
        on!(tx, c => sqlx::query_as(&sql).fetch_all(c).await)
    })
    .await
}

// --- Paper counts ---------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct CountEntry {
    pub entry: i64,
    pub present: i64,
    pub counts: String,
    pub entered_by_id: Uuid,
    pub entered_by: String,
    pub at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "democracy::count_entries", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn count_entries(tx: &mut Tx, union_id: UnionId, ballot_id: Uuid) -> Result<Vec<CountEntry>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT entry, present, counts, entered_by_id, entered_by, at FROM ballot_count_entries \
            WHERE union_id = $1 AND ballot_id = $2 ORDER BY entry")
            .bind(union_id.0).bind(ballot_id).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "democracy::add_count_entry", skip_all, fields(union = %union_id))]
pub async fn add_count_entry(tx: &mut Tx, union_id: UnionId, ballot_id: Uuid, e: &CountEntry) -> Result<()> {
    exec!(tx, sqlx::query("INSERT INTO ballot_count_entries (union_id, ballot_id, entry, present, counts, entered_by_id, entered_by, at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(union_id.0).bind(ballot_id).bind(e.entry).bind(e.present).bind(&e.counts).bind(e.entered_by_id)
        .bind(&e.entered_by).bind(e.at))?;
    Ok(())
}

/// The account linked to a member (care's user ↔ member link), if any.
#[tracing::instrument(level = "debug", name = "democracy::user_of_member", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn user_of_member(tx: &mut Tx, union_id: UnionId, member_id: Uuid) -> Result<Option<Uuid>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_scalar("SELECT user_id FROM user_members WHERE union_id = $1 AND member_id = $2")
            .bind(union_id.0).bind(member_id).fetch_optional(c).await)
    })
    .await
}

/// Accounts holding a role on the union or one of its groups (not
/// disabled): those a page offers as voters and as delegates' accounts.
#[tracing::instrument(level = "debug", name = "democracy::union_accounts", skip_all, fields(rows = tracing::field::Empty))]
pub async fn union_accounts(tx: &mut Tx, union_path: &str) -> Result<Vec<(Uuid, String, String)>> {
    crate::counted(async move {
        let upper = domain::org::subtree_upper_bound(union_path);
        on!(tx, c => sqlx::query_as("SELECT DISTINCT u.id, u.username, u.display_name FROM users u \
            JOIN role_grants g ON g.user_id = u.id JOIN orgs o ON o.id = g.org_id \
            WHERE o.path >= $1 AND o.path < $2 AND u.disabled_at IS NULL ORDER BY u.username")
            .bind(union_path).bind(upper).fetch_all(c).await)
    })
    .await
}

/// Active members of the union with exactly this name: (id, gender).
#[tracing::instrument(level = "debug", name = "democracy::active_members_named", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn active_members_named(
    tx: &mut Tx,
    union_id: UnionId,
    name: &str,
) -> Result<Vec<(Uuid, Option<String>)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT id, gender FROM members WHERE union_id = $1 AND name = $2 AND status = 'active'")
            .bind(union_id.0).bind(name).fetch_all(c).await)
    })
    .await
}
