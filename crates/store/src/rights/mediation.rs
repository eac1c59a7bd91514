//! Labour-dispute mediation (劳动争议调解): the committee, cases with their
//! applicants and claims, sessions (append-only minutes), the case log, the
//! yearly counts, and turning a petition into a case. Every function takes
//! the union first.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

// ---------------------------------------------------------------------------
// The committee

#[derive(Debug, Clone, FromRow)]
pub struct Seat {
    pub union_id: Uuid,
    pub id: Uuid,
    pub name: String,
    /// 'worker' or 'employer'.
    pub side: String,
    pub chair: bool,
    pub member_id: Option<Uuid>,
    pub title: String,
    pub appointed_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
}

const SEAT_COLS: &str = "union_id, id, name, side, chair, member_id, title, appointed_on, left_on";

/// Every seat the committee has had, sitting members first (chair, workers,
/// employer), then those who left, latest first.
#[tracing::instrument(level = "debug", name = "mediation::committee", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn committee(tx: &mut Tx, union_id: UnionId) -> Result<Vec<Seat>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {SEAT_COLS} FROM mediation_committee WHERE union_id = $1 \
             ORDER BY CASE WHEN left_on IS NULL THEN 0 ELSE 1 END, left_on DESC, \
             CASE WHEN chair THEN 0 ELSE 1 END, CASE WHEN side = 'worker' THEN 0 ELSE 1 END, appointed_on, id"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "mediation::insert_seat", skip_all, fields(union = %s.union_id))]
pub async fn insert_seat(tx: &mut Tx, s: &Seat) -> Result<()> {
    let sql =
        format!("INSERT INTO mediation_committee ({SEAT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(s.union_id)
            .bind(s.id)
            .bind(&s.name)
            .bind(&s.side)
            .bind(s.chair)
            .bind(s.member_id)
            .bind(&s.title)
            .bind(s.appointed_on)
            .bind(s.left_on)
    )?;
    Ok(())
}

/// Rewrites a sitting seat (its name, side, chair, link, title, or its
/// leaving day); 0 when it is not a sitting seat of the union.
#[tracing::instrument(level = "debug", name = "mediation::update_seat", skip_all, fields(union = %s.union_id, rows = tracing::field::Empty))]
pub async fn update_seat(tx: &mut Tx, s: &Seat) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "UPDATE mediation_committee SET name = $3, side = $4, chair = $5, member_id = $6, title = $7, \
                 left_on = $8 WHERE union_id = $1 AND id = $2 AND left_on IS NULL"
            )
            .bind(s.union_id)
            .bind(s.id)
            .bind(&s.name)
            .bind(&s.side)
            .bind(s.chair)
            .bind(s.member_id)
            .bind(&s.title)
            .bind(s.left_on)
        )
    })
    .await
}

// ---------------------------------------------------------------------------
// Cases

#[derive(Debug, Clone, FromRow)]
pub struct Case {
    pub union_id: Uuid,
    pub id: Uuid,
    pub number: i64,
    pub dispute_type: String,
    pub respondent: String,
    pub common_claim: bool,
    pub facts: String,
    pub claimed_fen: i64,
    pub applied_on: NaiveDate,
    pub acceptance_due: NaiveDate,
    pub status: String,
    pub accepted_on: Option<NaiveDate>,
    pub refused_reason: Option<String>,
    pub extension_days: i64,
    pub mediator_id: Option<Uuid>,
    /// The day it ended: closed with an outcome, or refused.
    pub closed_on: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub outcome_text: Option<String>,
    pub agreed_fen: Option<i64>,
    pub petition_id: Option<Uuid>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const CASE_COLS: &str = "union_id, id, number, dispute_type, respondent, common_claim, facts, claimed_fen, \
    applied_on, acceptance_due, status, accepted_on, refused_reason, extension_days, mediator_id, closed_on, \
    outcome, outcome_text, agreed_fen, petition_id, created_by, created_at, updated_at";

/// The case columns prefixed with `c.` for the list's join.
const CASE_COLS_C: &str = "c.union_id, c.id, c.number, c.dispute_type, c.respondent, c.common_claim, c.facts, \
    c.claimed_fen, c.applied_on, c.acceptance_due, c.status, c.accepted_on, c.refused_reason, c.extension_days, \
    c.mediator_id, c.closed_on, c.outcome, c.outcome_text, c.agreed_fen, c.petition_id, c.created_by, \
    c.created_at, c.updated_at";

#[tracing::instrument(level = "debug", name = "mediation::insert_case", skip_all, fields(union = %c.union_id))]
pub async fn insert_case(tx: &mut Tx, c: &Case) -> Result<()> {
    let sql = format!(
        "INSERT INTO mediation_cases ({CASE_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
         $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(c.union_id)
            .bind(c.id)
            .bind(c.number)
            .bind(&c.dispute_type)
            .bind(&c.respondent)
            .bind(c.common_claim)
            .bind(&c.facts)
            .bind(c.claimed_fen)
            .bind(c.applied_on)
            .bind(c.acceptance_due)
            .bind(&c.status)
            .bind(c.accepted_on)
            .bind(&c.refused_reason)
            .bind(c.extension_days)
            .bind(c.mediator_id)
            .bind(c.closed_on)
            .bind(&c.outcome)
            .bind(&c.outcome_text)
            .bind(c.agreed_fen)
            .bind(c.petition_id)
            .bind(&c.created_by)
            .bind(c.created_at)
            .bind(c.updated_at)
    )?;
    Ok(())
}

/// Writes a step back, only if the status and the extension are still as
/// read (`from`): two officers at once, one wins, the other gets 0 rows —
/// and two extensions at once do not add up past the limit.
#[tracing::instrument(level = "debug", name = "mediation::update_case", skip_all, fields(union = %c.union_id, rows = tracing::field::Empty))]
pub async fn update_case(tx: &mut Tx, c: &Case, from: (&str, i64)) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "UPDATE mediation_cases SET status = $3, accepted_on = $4, refused_reason = $5, extension_days = $6, \
                 mediator_id = $7, closed_on = $8, outcome = $9, outcome_text = $10, agreed_fen = $11, \
                 updated_at = $12 WHERE union_id = $1 AND id = $2 AND status = $13 AND extension_days = $14"
            )
            .bind(c.union_id)
            .bind(c.id)
            .bind(&c.status)
            .bind(c.accepted_on)
            .bind(&c.refused_reason)
            .bind(c.extension_days)
            .bind(c.mediator_id)
            .bind(c.closed_on)
            .bind(&c.outcome)
            .bind(&c.outcome_text)
            .bind(c.agreed_fen)
            .bind(c.updated_at)
            .bind(from.0)
            .bind(from.1)
        )
    })
    .await
}

#[tracing::instrument(level = "debug", name = "mediation::get_case", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get_case(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Case>> {
    crate::counted(async move {
        let sql = format!("SELECT {CASE_COLS} FROM mediation_cases WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// The next 第N号 of the union's cases.
#[tracing::instrument(level = "debug", name = "mediation::next_number", skip_all, fields(union = %union_id))]
pub async fn next_number(tx: &mut Tx, union_id: UnionId) -> Result<i64> {
    let (n,): (i64,) = on!(tx, c => sqlx::query_as(
        "SELECT CAST(COALESCE(MAX(number), 0) + 1 AS BIGINT) FROM mediation_cases WHERE union_id = $1")
        .bind(union_id.0).fetch_one(c).await)?;
    Ok(n)
}

/// A case in a list: the row, its first applicant and how many there are.
#[derive(Debug, Clone, FromRow)]
pub struct Listed {
    #[sqlx(flatten)]
    pub case: Case,
    pub first_applicant: Option<String>,
    pub applicants: i64,
}

/// Filters of the case list; None: any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<String>,
    pub dispute_type: Option<String>,
    /// Applied on or after / on or before.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Only applications still undecided after their deadline, as of this day.
    pub overdue_on: Option<NaiveDate>,
}

/// The union's cases, newest number first.
#[tracing::instrument(level = "debug", name = "mediation::list", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn list(tx: &mut Tx, union_id: UnionId, f: &Filter) -> Result<Vec<Listed>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {CASE_COLS_C}, \
             (SELECT a.name FROM mediation_applicants a WHERE a.union_id = c.union_id AND a.case_id = c.id \
              ORDER BY a.seq LIMIT 1) AS first_applicant, \
             (SELECT CAST(COUNT(*) AS BIGINT) FROM mediation_applicants a WHERE a.union_id = c.union_id \
              AND a.case_id = c.id) AS applicants \
             FROM mediation_cases c WHERE c.union_id = $1 \
             AND ($2 IS NULL OR c.status = $2) AND ($3 IS NULL OR c.dispute_type = $3) \
             AND ($4 IS NULL OR c.applied_on >= $4) AND ($5 IS NULL OR c.applied_on <= $5) \
             AND ($6 IS NULL OR (c.status = 'applied' AND c.acceptance_due < $6)) \
             ORDER BY c.number DESC"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(&f.status).bind(&f.dispute_type)
            .bind(f.from).bind(f.to).bind(f.overdue_on).fetch_all(c).await)
    })
    .await
}

/// (dispute type, status) of every case applied for in [from, to]: the
/// report's counts are computed from these by the domain's rule.
#[tracing::instrument(level = "debug", name = "mediation::statuses", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn statuses(
    tx: &mut Tx,
    union_id: UnionId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, String)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT dispute_type, status FROM mediation_cases \
            WHERE union_id = $1 AND applied_on >= $2 AND applied_on <= $3")
            .bind(union_id.0).bind(from).bind(to).fetch_all(c).await)
    })
    .await
}

// ---------------------------------------------------------------------------
// Applicants and claims

#[derive(Debug, Clone, FromRow)]
pub struct Applicant {
    pub seq: i64,
    pub name: String,
    pub representative: bool,
    pub member_id: Option<Uuid>,
}

#[derive(Debug, Clone, FromRow)]
pub struct Claim {
    pub seq: i64,
    pub item: String,
    pub amount_fen: Option<i64>,
}

#[tracing::instrument(level = "debug", name = "mediation::insert_applicants", skip_all, fields(union = %union_id))]
pub async fn insert_applicants(
    tx: &mut Tx,
    union_id: UnionId,
    case_id: Uuid,
    rows: &[Applicant],
) -> Result<()> {
    for a in rows {
        exec!(
            tx,
            sqlx::query(
                "INSERT INTO mediation_applicants (union_id, case_id, seq, name, representative, member_id) \
                 VALUES ($1, $2, $3, $4, $5, $6)"
            )
            .bind(union_id.0)
            .bind(case_id)
            .bind(a.seq)
            .bind(&a.name)
            .bind(a.representative)
            .bind(a.member_id)
        )?;
    }
    Ok(())
}

#[tracing::instrument(level = "debug", name = "mediation::insert_claims", skip_all, fields(union = %union_id))]
pub async fn insert_claims(tx: &mut Tx, union_id: UnionId, case_id: Uuid, rows: &[Claim]) -> Result<()> {
    for c in rows {
        exec!(
            tx,
            sqlx::query(
                "INSERT INTO mediation_claims (union_id, case_id, seq, item, amount_fen) VALUES ($1, $2, $3, $4, $5)"
            )
            .bind(union_id.0)
            .bind(case_id)
            .bind(c.seq)
            .bind(&c.item)
            .bind(c.amount_fen)
        )?;
    }
    Ok(())
}

#[tracing::instrument(level = "debug", name = "mediation::applicants", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn applicants(tx: &mut Tx, union_id: UnionId, case_id: Uuid) -> Result<Vec<Applicant>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT seq, name, representative, member_id FROM mediation_applicants \
            WHERE union_id = $1 AND case_id = $2 ORDER BY seq")
            .bind(union_id.0).bind(case_id).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "mediation::claims", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn claims(tx: &mut Tx, union_id: UnionId, case_id: Uuid) -> Result<Vec<Claim>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT seq, item, amount_fen FROM mediation_claims \
            WHERE union_id = $1 AND case_id = $2 ORDER BY seq")
            .bind(union_id.0).bind(case_id).fetch_all(c).await)
    })
    .await
}

// ---------------------------------------------------------------------------
// Sessions and the log (append-only)

#[derive(Debug, Clone, FromRow)]
pub struct Session {
    pub union_id: Uuid,
    pub id: Uuid,
    pub case_id: Uuid,
    pub kind: String,
    pub held_on: NaiveDate,
    pub place: String,
    pub attendees: String,
    pub minutes: String,
    pub recorded_by: String,
    pub at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "mediation::insert_session", skip_all, fields(union = %s.union_id))]
pub async fn insert_session(tx: &mut Tx, s: &Session) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO mediation_sessions (union_id, id, case_id, kind, held_on, place, attendees, minutes, \
             recorded_by, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        )
        .bind(s.union_id)
        .bind(s.id)
        .bind(s.case_id)
        .bind(&s.kind)
        .bind(s.held_on)
        .bind(&s.place)
        .bind(&s.attendees)
        .bind(&s.minutes)
        .bind(&s.recorded_by)
        .bind(s.at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "mediation::sessions", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn sessions(tx: &mut Tx, union_id: UnionId, case_id: Uuid) -> Result<Vec<Session>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT union_id, id, case_id, kind, held_on, place, attendees, minutes, \
            recorded_by, at FROM mediation_sessions WHERE union_id = $1 AND case_id = $2 ORDER BY held_on, at, id")
            .bind(union_id.0).bind(case_id).fetch_all(c).await)
    })
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct LogEntry {
    pub action: String,
    pub note: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "mediation::log", skip_all, fields(union = %union_id))]
pub async fn log(
    tx: &mut Tx,
    union_id: UnionId,
    case_id: Uuid,
    action: &str,
    note: &str,
    actor: &str,
) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO mediation_log (union_id, id, case_id, action, note, actor, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)"
        )
        .bind(union_id.0)
        .bind(Uuid::now_v7())
        .bind(case_id)
        .bind(action)
        .bind(note)
        .bind(actor)
        .bind(crate::now())
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "mediation::log_of", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn log_of(tx: &mut Tx, union_id: UnionId, case_id: Uuid) -> Result<Vec<LogEntry>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT action, note, actor, at FROM mediation_log \
            WHERE union_id = $1 AND case_id = $2 ORDER BY at, id")
            .bind(union_id.0).bind(case_id).fetch_all(c).await)
    })
    .await
}

// ---------------------------------------------------------------------------
// From a petition (来信来访 → 调解案件)

/// What a case takes from the petition it comes from.
#[derive(Debug, Clone, FromRow)]
pub struct PetitionSource {
    pub id: Uuid,
    pub number: i64,
    pub subject: String,
    pub content: String,
    pub received_on: NaiveDate,
    pub anonymous: bool,
    /// NULL for an anonymous petition (never stored).
    pub writer_name: Option<String>,
    pub writer_member_id: Option<Uuid>,
    pub round: i64,
    pub turned_into_kind: Option<String>,
}

#[tracing::instrument(level = "debug", name = "mediation::petition_source", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn petition_source(
    tx: &mut Tx,
    union_id: UnionId,
    petition_id: Uuid,
) -> Result<Option<PetitionSource>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT id, number, subject, content, received_on, anonymous, writer_name, \
            writer_member_id, round, turned_into_kind FROM petitions WHERE union_id = $1 AND id = $2")
            .bind(union_id.0).bind(petition_id).fetch_optional(c).await)
    })
    .await
}

/// Marks the petition as turned into the case and logs it on the
/// petition, in the case's creating transaction; 0 when it was turned into
/// something meanwhile (the caller refuses with a conflict).
#[tracing::instrument(level = "debug", name = "mediation::turn_petition", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn turn_petition(
    tx: &mut Tx,
    union_id: UnionId,
    petition: &PetitionSource,
    case_id: Uuid,
    note: &str,
    actor: &str,
) -> Result<u64> {
    let now = crate::now();
    let n = exec!(
        tx,
        sqlx::query(
            "UPDATE petitions SET turned_into_kind = 'mediation_case', turned_into_id = $3, updated_at = $4 \
             WHERE union_id = $1 AND id = $2 AND turned_into_kind IS NULL"
        )
        .bind(union_id.0)
        .bind(petition.id)
        .bind(case_id)
        .bind(now)
    )?;
    if n == 0 {
        return Ok(0);
    }
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO petition_log (union_id, id, petition_id, round, action, note, actor, at) \
             VALUES ($1, $2, $3, $4, 'to_mediation', $5, $6, $7)"
        )
        .bind(union_id.0)
        .bind(Uuid::now_v7())
        .bind(petition.id)
        .bind(petition.round)
        .bind(note)
        .bind(actor)
        .bind(now)
    )?;
    Ok(n)
}
