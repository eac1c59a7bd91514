//! Care records of each union: hardship files, documents, campaigns and
//! their recipients, assistance, consents, life events and visits, mutual-aid
//! plans, enrolments and claims. Every function takes the union first.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};

/// Rows per multi-row INSERT.
const BATCH: usize = 400;

// --- User ↔ member ------------------------------------------------------------

// --- Policy -------------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct PolicyRow {
    pub union_id: Uuid,
    pub effective_from: NaiveDate,
    pub dibao_monthly_fen: i64,
    pub province_avg_income_fen: i64,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

pub async fn put_policy(tx: &mut Tx, p: &PolicyRow) -> Result<()> {
    exec!(
        tx,
        sqlx::query("DELETE FROM care_policies WHERE union_id = $1 AND effective_from = $2")
            .bind(p.union_id)
            .bind(p.effective_from)
    )?;
    exec!(tx, sqlx::query("INSERT INTO care_policies (union_id, effective_from, dibao_monthly_fen, province_avg_income_fen, set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(p.union_id).bind(p.effective_from).bind(p.dibao_monthly_fen).bind(p.province_avg_income_fen).bind(&p.set_by).bind(p.set_at))?;
    Ok(())
}

/// The policy history, newest first.
pub async fn policies(tx: &mut Tx, union_id: Uuid) -> Result<Vec<PolicyRow>> {
    on!(tx, c => sqlx::query_as("SELECT union_id, effective_from, dibao_monthly_fen, province_avg_income_fen, set_by, set_at \
        FROM care_policies WHERE union_id = $1 ORDER BY effective_from DESC").bind(union_id).fetch_all(c).await)
}

// --- Hardship files -----------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct File {
    pub union_id: Uuid,
    pub id: Uuid,
    pub member_id: Uuid,
    pub status: String,
    pub computed_category: String,
    pub category: String,
    pub override_reason: Option<String>,
    pub main_cause: String,
    pub secondary_causes: String,
    pub exclusions: String,
    pub accident: bool,
    pub household_size: i64,
    pub sealed: Vec<u8>,
    pub assessed_on: NaiveDate,
    pub next_review: Option<NaiveDate>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub close_reason: Option<String>,
    pub closed_on: Option<NaiveDate>,
    pub retain_until: Option<NaiveDate>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const FCOLS: &str = "union_id, id, member_id, status, computed_category, category, override_reason, main_cause, \
    secondary_causes, exclusions, accident, household_size, sealed, assessed_on, next_review, approved_by, approved_at, \
    close_reason, closed_on, retain_until, created_by, created_at, updated_at";

pub async fn insert_file(tx: &mut Tx, f: &File) -> Result<()> {
    let sql = format!(
        "INSERT INTO care_files ({FCOLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
        $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(f.union_id)
            .bind(f.id)
            .bind(f.member_id)
            .bind(&f.status)
            .bind(&f.computed_category)
            .bind(&f.category)
            .bind(&f.override_reason)
            .bind(&f.main_cause)
            .bind(&f.secondary_causes)
            .bind(&f.exclusions)
            .bind(f.accident)
            .bind(f.household_size)
            .bind(&f.sealed)
            .bind(f.assessed_on)
            .bind(f.next_review)
            .bind(&f.approved_by)
            .bind(f.approved_at)
            .bind(&f.close_reason)
            .bind(f.closed_on)
            .bind(f.retain_until)
            .bind(&f.created_by)
            .bind(f.created_at)
            .bind(f.updated_at)
    )?;
    Ok(())
}

/// Writes back every changeable field of a file.
pub async fn update_file(tx: &mut Tx, f: &File) -> Result<()> {
    let sql = "UPDATE care_files SET status = $3, computed_category = $4, category = $5, override_reason = $6, \
        main_cause = $7, secondary_causes = $8, exclusions = $9, accident = $10, household_size = $11, sealed = $12, \
        assessed_on = $13, next_review = $14, approved_by = $15, approved_at = $16, close_reason = $17, closed_on = $18, \
        retain_until = $19, updated_at = $20 WHERE union_id = $1 AND id = $2";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(f.union_id)
            .bind(f.id)
            .bind(&f.status)
            .bind(&f.computed_category)
            .bind(&f.category)
            .bind(&f.override_reason)
            .bind(&f.main_cause)
            .bind(&f.secondary_causes)
            .bind(&f.exclusions)
            .bind(f.accident)
            .bind(f.household_size)
            .bind(&f.sealed)
            .bind(f.assessed_on)
            .bind(f.next_review)
            .bind(&f.approved_by)
            .bind(f.approved_at)
            .bind(&f.close_reason)
            .bind(f.closed_on)
            .bind(f.retain_until)
            .bind(f.updated_at)
    )?;
    Ok(())
}

pub async fn file(tx: &mut Tx, union_id: Uuid, id: Uuid) -> Result<Option<File>> {
    let sql = format!("SELECT {FCOLS} FROM care_files WHERE union_id = $1 AND id = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(id).fetch_optional(c).await)
}

/// The member's files, the open one first.
pub async fn files_of_member(tx: &mut Tx, union_id: Uuid, member_id: Uuid) -> Result<Vec<File>> {
    let sql = format!(
        "SELECT {FCOLS} FROM care_files WHERE union_id = $1 AND member_id = $2 \
        ORDER BY CASE WHEN status = 'closed' THEN 1 ELSE 0 END, created_at DESC"
    );
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(member_id).fetch_all(c).await)
}

/// A file in a list: no sealed data.
#[derive(Debug, Clone, FromRow)]
pub struct FileListed {
    pub id: Uuid,
    pub member_id: Uuid,
    pub member_name: String,
    pub status: String,
    pub category: String,
    pub computed_category: String,
    pub main_cause: String,
    pub household_size: i64,
    pub assessed_on: NaiveDate,
    pub next_review: Option<NaiveDate>,
    pub close_reason: Option<String>,
}

/// Files by status (`open` = not closed) and, with `review_before`, only
/// approved files whose review falls before that day (the overdue list).
pub async fn files(
    tx: &mut Tx,
    union_id: Uuid,
    status: Option<&str>,
    review_before: Option<NaiveDate>,
) -> Result<Vec<FileListed>> {
    let mut sql = "SELECT f.id, f.member_id, m.name AS member_name, f.status, f.category, f.computed_category, f.main_cause, \
        f.household_size, f.assessed_on, f.next_review, f.close_reason FROM care_files f \
        JOIN members m ON m.union_id = f.union_id AND m.id = f.member_id WHERE f.union_id = $1".to_owned();
    match status {
        Some("open") => sql.push_str(" AND f.status <> 'closed'"),
        Some(_) => sql.push_str(" AND f.status = $2"),
        None => sql.push_str(" AND $2 = $2"),
    }
    if review_before.is_some() {
        sql.push_str(" AND f.status = 'approved' AND f.next_review < $3");
    }
    sql.push_str(" ORDER BY f.next_review, m.name_pinyin");
    let st = status.unwrap_or("").to_owned();
    on!(tx, c => {
        let q = sqlx::query_as(&sql).bind(union_id).bind(&st);
        let q = if let Some(d) = review_before { q.bind(d) } else { q };
        q.fetch_all(c).await
    })
}

#[derive(Debug, Clone, FromRow)]
pub struct FileLog {
    pub action: String,
    pub note: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

pub async fn log_file(
    tx: &mut Tx,
    union_id: Uuid,
    file_id: Uuid,
    action: &str,
    note: &str,
    actor: &str,
) -> Result<()> {
    exec!(tx, sqlx::query("INSERT INTO care_file_log (union_id, id, file_id, action, note, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(union_id).bind(Uuid::now_v7()).bind(file_id).bind(action).bind(note).bind(actor).bind(crate::now()))?;
    Ok(())
}

pub async fn file_log(tx: &mut Tx, union_id: Uuid, file_id: Uuid) -> Result<Vec<FileLog>> {
    on!(tx, c => sqlx::query_as("SELECT action, note, actor, at FROM care_file_log WHERE union_id = $1 AND file_id = $2 ORDER BY at, id")
        .bind(union_id).bind(file_id).fetch_all(c).await)
}

/// What recomputing every category needs of a file.
#[derive(Debug, Clone, FromRow)]
pub struct FileFigures {
    pub id: Uuid,
    pub member_id: Uuid,
    pub category: String,
    pub exclusions: String,
    pub accident: bool,
    pub household_size: i64,
    pub sealed: Vec<u8>,
}

pub async fn open_file_figures(tx: &mut Tx, union_id: Uuid) -> Result<Vec<FileFigures>> {
    on!(tx, c => sqlx::query_as("SELECT id, member_id, category, exclusions, accident, household_size, sealed FROM care_files \
        WHERE union_id = $1 AND status <> 'closed'").bind(union_id).fetch_all(c).await)
}

/// Approved categories by member, for campaign filters.
pub async fn approved_categories(tx: &mut Tx, union_id: Uuid) -> Result<Vec<(Uuid, String)>> {
    on!(tx, c => sqlx::query_as("SELECT member_id, category FROM care_files WHERE union_id = $1 AND status = 'approved'")
        .bind(union_id).fetch_all(c).await)
}

// --- Documents ----------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Document {
    pub union_id: Uuid,
    pub id: Uuid,
    pub owner_kind: String,
    pub owner_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

pub async fn insert_document(tx: &mut Tx, d: &Document, content: &[u8]) -> Result<()> {
    exec!(tx, sqlx::query("INSERT INTO care_documents (union_id, id, owner_kind, owner_id, file_name, content_type, size, sha256, \
        content, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .bind(d.union_id).bind(d.id).bind(&d.owner_kind).bind(d.owner_id).bind(&d.file_name).bind(&d.content_type)
        .bind(d.size).bind(&d.sha256).bind(content).bind(&d.uploaded_by).bind(d.uploaded_at))?;
    Ok(())
}

const DCOLS: &str =
    "union_id, id, owner_kind, owner_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at";

pub async fn documents(
    tx: &mut Tx,
    union_id: Uuid,
    owner_kind: &str,
    owner_id: Uuid,
) -> Result<Vec<Document>> {
    let sql = format!(
        "SELECT {DCOLS} FROM care_documents WHERE union_id = $1 AND owner_kind = $2 AND owner_id = $3 ORDER BY uploaded_at"
    );
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(owner_kind).bind(owner_id).fetch_all(c).await)
}

pub async fn document(tx: &mut Tx, union_id: Uuid, id: Uuid) -> Result<Option<(Document, Vec<u8>)>> {
    let sql = format!("SELECT {DCOLS} FROM care_documents WHERE union_id = $1 AND id = $2");
    let d: Option<Document> =
        on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(id).fetch_optional(c).await)?;
    let Some(d) = d else { return Ok(None) };
    let content: Vec<u8> = on!(tx, c => sqlx::query_scalar("SELECT content FROM care_documents WHERE union_id = $1 AND id = $2")
        .bind(union_id).bind(id).fetch_one(c).await)?;
    Ok(Some((d, content)))
}

// --- Assistance and consents -------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Assistance {
    pub union_id: Uuid,
    pub id: Uuid,
    pub member_id: Uuid,
    pub kind: String,
    pub item: String,
    pub reason: String,
    pub amount_fen: i64,
    pub goods: Option<String>,
    pub form: String,
    pub date: NaiveDate,
    pub year: i64,
    pub approved_by: String,
    pub delivered_by: Option<String>,
    pub campaign_id: Option<Uuid>,
    pub event_id: Option<Uuid>,
    pub welfare_id: Option<Uuid>,
    pub voucher_id: Option<Uuid>,
    pub idem_key: Option<String>,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

const ASCOLS: &str = "union_id, id, member_id, kind, item, reason, amount_fen, goods, form, date, year, approved_by, \
    delivered_by, campaign_id, event_id, welfare_id, voucher_id, idem_key, actor_name, at";
const ASN: usize = 20;

pub async fn insert_assistance_many(tx: &mut Tx, rows: &[Assistance]) -> Result<()> {
    for chunk in rows.chunks(BATCH) {
        let sql =
            format!("INSERT INTO care_assistance ({ASCOLS}) VALUES {}", tx.values_list(chunk.len(), ASN, 1));
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for a in chunk {
                q = q
                    .bind(a.union_id)
                    .bind(a.id)
                    .bind(a.member_id)
                    .bind(&a.kind)
                    .bind(&a.item)
                    .bind(&a.reason)
                    .bind(a.amount_fen)
                    .bind(&a.goods)
                    .bind(&a.form)
                    .bind(a.date)
                    .bind(a.year)
                    .bind(&a.approved_by)
                    .bind(&a.delivered_by)
                    .bind(a.campaign_id)
                    .bind(a.event_id)
                    .bind(a.welfare_id)
                    .bind(a.voucher_id)
                    .bind(&a.idem_key)
                    .bind(&a.actor_name)
                    .bind(a.at);
            }
            q
        })?;
    }
    Ok(())
}

pub async fn assistance_by_key(tx: &mut Tx, union_id: Uuid, key: &str) -> Result<Option<Assistance>> {
    let sql = format!("SELECT {ASCOLS} FROM care_assistance WHERE union_id = $1 AND idem_key = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(key).fetch_optional(c).await)
}

pub async fn assistance(tx: &mut Tx, union_id: Uuid, id: Uuid) -> Result<Option<Assistance>> {
    let sql = format!("SELECT {ASCOLS} FROM care_assistance WHERE union_id = $1 AND id = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(id).fetch_optional(c).await)
}

/// A year's assistance with the member's name, newest first; or one
/// member's, or one campaign's.
pub async fn assistance_list(
    tx: &mut Tx,
    union_id: Uuid,
    year: i64,
    member_id: Option<Uuid>,
    campaign_id: Option<Uuid>,
) -> Result<Vec<(Assistance, String)>> {
    let cols: Vec<String> = ASCOLS.split(", ").map(|c| format!("a.{c}")).collect();
    let mut sql = format!(
        "SELECT {}, m.name FROM care_assistance a JOIN members m ON m.union_id = a.union_id AND m.id = a.member_id \
        WHERE a.union_id = $1 AND a.year = $2",
        cols.join(", ")
    );
    if member_id.is_some() {
        sql.push_str(" AND a.member_id = $3");
    }
    if campaign_id.is_some() {
        sql.push_str(if member_id.is_some() { " AND a.campaign_id = $4" } else { " AND a.campaign_id = $3" });
    }
    sql.push_str(" ORDER BY a.date DESC, m.name_pinyin");
    let rows: Vec<AssistanceNamed> = on!(tx, c => {
        let mut q = sqlx::query_as(&sql).bind(union_id).bind(year);
        if let Some(m) = member_id { q = q.bind(m); }
        if let Some(cid) = campaign_id { q = q.bind(cid); }
        q.fetch_all(c).await
    })?;
    Ok(rows.into_iter().map(|r| (r.a, r.name)).collect())
}

#[derive(FromRow)]
struct AssistanceNamed {
    #[sqlx(flatten)]
    a: Assistance,
    name: String,
}

/// Yearly totals per member over all care payments: (member, count, fen).
pub async fn yearly_totals(tx: &mut Tx, union_id: Uuid, year: i64) -> Result<Vec<(Uuid, i64, i64)>> {
    on!(tx, c => sqlx::query_as("SELECT member_id, COUNT(*), CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM care_assistance \
        WHERE union_id = $1 AND year = $2 GROUP BY member_id").bind(union_id).bind(year).fetch_all(c).await)
}

/// One member's totals by year and item: (year, item, count, fen).
pub async fn member_totals(
    tx: &mut Tx,
    union_id: Uuid,
    member_id: Uuid,
) -> Result<Vec<(i64, String, i64, i64)>> {
    on!(tx, c => sqlx::query_as("SELECT year, item, COUNT(*), CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM care_assistance \
        WHERE union_id = $1 AND member_id = $2 GROUP BY year, item ORDER BY year DESC, item")
        .bind(union_id).bind(member_id).fetch_all(c).await)
}

pub async fn insert_consent(
    tx: &mut Tx,
    union_id: Uuid,
    member_id: Uuid,
    consent: bool,
    by: &str,
) -> Result<()> {
    exec!(tx, sqlx::query("INSERT INTO care_consents (union_id, id, member_id, consent, recorded_by, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(union_id).bind(Uuid::now_v7()).bind(member_id).bind(consent).bind(by).bind(crate::now()))?;
    Ok(())
}

/// Members whose latest consent record says yes.
pub async fn consenting(tx: &mut Tx, union_id: Uuid) -> Result<Vec<Uuid>> {
    let rows: Vec<(Uuid, bool)> = on!(tx, c => sqlx::query_as("SELECT member_id, consent FROM care_consents WHERE union_id = $1 ORDER BY at, id")
        .bind(union_id).fetch_all(c).await)?;
    let mut latest = std::collections::HashMap::new();
    for (m, yes) in rows {
        latest.insert(m, yes);
    }
    Ok(latest.into_iter().filter_map(|(m, yes)| yes.then_some(m)).collect())
}

// --- Campaigns ----------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Campaign {
    pub union_id: Uuid,
    pub id: Uuid,
    pub kind: String,
    pub title: String,
    pub year: i64,
    pub holiday: Option<String>,
    pub form: String,
    pub amount_fen: i64,
    pub goods: Option<String>,
    pub account: Option<String>,
    pub pay_date: NaiveDate,
    pub filter: String,
    pub status: String,
    pub voucher_id: Option<Uuid>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub paid_by: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
}

const CCOLS: &str = "union_id, id, kind, title, year, holiday, form, amount_fen, goods, account, pay_date, filter, status, \
    voucher_id, created_by, created_at, reviewed_by, reviewed_at, paid_by, paid_at";

pub async fn insert_campaign(tx: &mut Tx, c: &Campaign) -> Result<()> {
    let sql = format!(
        "INSERT INTO care_campaigns ({CCOLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
        $14, $15, $16, $17, $18, $19, $20)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(c.union_id)
            .bind(c.id)
            .bind(&c.kind)
            .bind(&c.title)
            .bind(c.year)
            .bind(&c.holiday)
            .bind(&c.form)
            .bind(c.amount_fen)
            .bind(&c.goods)
            .bind(&c.account)
            .bind(c.pay_date)
            .bind(&c.filter)
            .bind(&c.status)
            .bind(c.voucher_id)
            .bind(&c.created_by)
            .bind(c.created_at)
            .bind(&c.reviewed_by)
            .bind(c.reviewed_at)
            .bind(&c.paid_by)
            .bind(c.paid_at)
    )?;
    Ok(())
}

pub async fn update_campaign_status(tx: &mut Tx, c: &Campaign) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE care_campaigns SET status = $3, voucher_id = $4, reviewed_by = $5, reviewed_at = $6, \
        paid_by = $7, paid_at = $8 WHERE union_id = $1 AND id = $2"
        )
        .bind(c.union_id)
        .bind(c.id)
        .bind(&c.status)
        .bind(c.voucher_id)
        .bind(&c.reviewed_by)
        .bind(c.reviewed_at)
        .bind(&c.paid_by)
        .bind(c.paid_at)
    )?;
    Ok(())
}

pub async fn campaign(tx: &mut Tx, union_id: Uuid, id: Uuid) -> Result<Option<Campaign>> {
    let sql = format!("SELECT {CCOLS} FROM care_campaigns WHERE union_id = $1 AND id = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(id).fetch_optional(c).await)
}

pub async fn campaigns(tx: &mut Tx, union_id: Uuid) -> Result<Vec<Campaign>> {
    let sql = format!("SELECT {CCOLS} FROM care_campaigns WHERE union_id = $1 ORDER BY created_at DESC");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).fetch_all(c).await)
}

pub async fn insert_recipients(
    tx: &mut Tx,
    union_id: Uuid,
    campaign_id: Uuid,
    rows: &[(Uuid, i64)],
) -> Result<()> {
    for chunk in rows.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO care_recipients (union_id, campaign_id, member_id, amount_fen) VALUES {}",
            tx.values_list(chunk.len(), 4, 1)
        );
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for (m, fen) in chunk {
                q = q.bind(union_id).bind(campaign_id).bind(*m).bind(*fen);
            }
            q
        })?;
    }
    Ok(())
}

pub async fn remove_recipient(
    tx: &mut Tx,
    union_id: Uuid,
    campaign_id: Uuid,
    member_id: Uuid,
) -> Result<u64> {
    exec!(
        tx,
        sqlx::query(
            "DELETE FROM care_recipients WHERE union_id = $1 AND campaign_id = $2 AND member_id = $3"
        )
        .bind(union_id)
        .bind(campaign_id)
        .bind(member_id)
    )
}

pub async fn set_recipient_amount(
    tx: &mut Tx,
    union_id: Uuid,
    campaign_id: Uuid,
    member_id: Uuid,
    fen: i64,
) -> Result<u64> {
    exec!(tx, sqlx::query("UPDATE care_recipients SET amount_fen = $4 WHERE union_id = $1 AND campaign_id = $2 AND member_id = $3")
        .bind(union_id).bind(campaign_id).bind(member_id).bind(fen))
}

/// A recipient with what the sign-off sheet shows.
#[derive(Debug, Clone, FromRow)]
pub struct Recipient {
    pub member_id: Uuid,
    pub name: String,
    pub card_number: Option<String>,
    pub group_id: Option<Uuid>,
    pub amount_fen: i64,
}

pub async fn recipients(tx: &mut Tx, union_id: Uuid, campaign_id: Uuid) -> Result<Vec<Recipient>> {
    on!(tx, c => sqlx::query_as("SELECT r.member_id, m.name, m.card_number, m.group_id, r.amount_fen FROM care_recipients r \
        JOIN members m ON m.union_id = r.union_id AND m.id = r.member_id WHERE r.union_id = $1 AND r.campaign_id = $2 \
        ORDER BY m.name_pinyin, m.id").bind(union_id).bind(campaign_id).fetch_all(c).await)
}

/// What the campaign filter looks at of each active member.
#[derive(Debug, Clone, FromRow)]
pub struct CandidateRow {
    pub id: Uuid,
    pub hardship: bool,
    pub model_worker: bool,
    pub group_id: Option<Uuid>,
    pub birth_date: Option<NaiveDate>,
    pub gender: Option<String>,
}

/// The union's active members with what lists are built from.
pub async fn candidates(tx: &mut Tx, union_id: Uuid) -> Result<Vec<CandidateRow>> {
    on!(tx, c => sqlx::query_as("SELECT id, hardship, model_worker, group_id, birth_date, gender FROM members \
        WHERE union_id = $1 AND status = 'active'").bind(union_id).fetch_all(c).await)
}

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

pub async fn event(tx: &mut Tx, union_id: Uuid, id: Uuid) -> Result<Option<Event>> {
    let sql = format!("SELECT {ECOLS} FROM care_events WHERE union_id = $1 AND id = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(id).fetch_optional(c).await)
}

pub async fn set_event_paid(tx: &mut Tx, union_id: Uuid, id: Uuid, assistance_id: Uuid) -> Result<u64> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE care_events SET condolence_status = 'paid', assistance_id = $3 \
        WHERE union_id = $1 AND id = $2 AND condolence_status = 'due'"
        )
        .bind(union_id)
        .bind(id)
        .bind(assistance_id)
    )
}

/// Events with the member's name, newest first.
pub async fn events(tx: &mut Tx, union_id: Uuid, member_id: Option<Uuid>) -> Result<Vec<(Event, String)>> {
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
        let q = sqlx::query_as(&sql).bind(union_id);
        let q = if let Some(m) = member_id { q.bind(m) } else { q };
        q.fetch_all(c).await
    })?;
    Ok(rows.into_iter().map(|r| (r.e, r.name)).collect())
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
pub async fn complete_visit(tx: &mut Tx, v: &Visit) -> Result<u64> {
    exec!(tx, sqlx::query("UPDATE care_visits SET status = 'done', visited_on = $3, visitors = $4, notes = $5, follow_up = $6, \
        recorded_by = $7, recorded_at = $8 WHERE union_id = $1 AND id = $2 AND status = 'open'")
        .bind(v.union_id).bind(v.id).bind(v.visited_on).bind(&v.visitors).bind(&v.notes).bind(&v.follow_up)
        .bind(&v.recorded_by).bind(v.recorded_at))
}

pub async fn visit(tx: &mut Tx, union_id: Uuid, id: Uuid) -> Result<Option<Visit>> {
    let sql = format!("SELECT {VCOLS} FROM care_visits WHERE union_id = $1 AND id = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(id).fetch_optional(c).await)
}

/// Visits by status (`open`, `done`, or `overdue`: open and due before
/// `today`), with the member's name.
pub async fn visits(
    tx: &mut Tx,
    union_id: Uuid,
    status: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<(Visit, String)>> {
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
        on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(today).fetch_all(c).await)?;
    Ok(rows.into_iter().map(|r| (r.v, r.name)).collect())
}

#[derive(FromRow)]
struct VisitNamed {
    #[sqlx(flatten)]
    v: Visit,
    name: String,
}

// --- Mutual aid ---------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Plan {
    pub union_id: Uuid,
    pub id: Uuid,
    pub kind: String,
    pub name: String,
    pub premium_fen: i64,
    pub term_months: i64,
    pub payout_pct: i64,
    pub per_claim_cap_fen: i64,
    pub yearly_cap_fen: i64,
    pub women_only: bool,
    pub max_age: Option<i64>,
    pub created_at: DateTime<Utc>,
}

const PCOLS: &str = "union_id, id, kind, name, premium_fen, term_months, payout_pct, per_claim_cap_fen, yearly_cap_fen, \
    women_only, max_age, created_at";

pub async fn insert_plan(tx: &mut Tx, p: &Plan) -> Result<()> {
    let sql = format!(
        "INSERT INTO care_plans ({PCOLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(p.union_id)
            .bind(p.id)
            .bind(&p.kind)
            .bind(&p.name)
            .bind(p.premium_fen)
            .bind(p.term_months)
            .bind(p.payout_pct)
            .bind(p.per_claim_cap_fen)
            .bind(p.yearly_cap_fen)
            .bind(p.women_only)
            .bind(p.max_age)
            .bind(p.created_at)
    )?;
    Ok(())
}

pub async fn plans(tx: &mut Tx, union_id: Uuid) -> Result<Vec<Plan>> {
    let sql = format!("SELECT {PCOLS} FROM care_plans WHERE union_id = $1 ORDER BY created_at");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).fetch_all(c).await)
}

pub async fn plan(tx: &mut Tx, union_id: Uuid, id: Uuid) -> Result<Option<Plan>> {
    let sql = format!("SELECT {PCOLS} FROM care_plans WHERE union_id = $1 AND id = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(id).fetch_optional(c).await)
}

#[derive(Debug, Clone, FromRow)]
pub struct Enrolment {
    pub union_id: Uuid,
    pub id: Uuid,
    pub plan_id: Uuid,
    pub member_id: Uuid,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
    pub premium_fen: i64,
    pub voucher_id: Uuid,
    pub at: DateTime<Utc>,
}

const ENCOLS: &str = "union_id, id, plan_id, member_id, term_start, term_end, premium_fen, voucher_id, at";

pub async fn insert_enrolments(tx: &mut Tx, rows: &[Enrolment]) -> Result<()> {
    for chunk in rows.chunks(BATCH) {
        let sql =
            format!("INSERT INTO care_enrolments ({ENCOLS}) VALUES {}", tx.values_list(chunk.len(), 9, 1));
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for e in chunk {
                q = q
                    .bind(e.union_id)
                    .bind(e.id)
                    .bind(e.plan_id)
                    .bind(e.member_id)
                    .bind(e.term_start)
                    .bind(e.term_end)
                    .bind(e.premium_fen)
                    .bind(e.voucher_id)
                    .bind(e.at);
            }
            q
        })?;
    }
    Ok(())
}

/// Enrolments with the member's name; of one plan, or one member.
pub async fn enrolments(
    tx: &mut Tx,
    union_id: Uuid,
    plan_id: Option<Uuid>,
    member_id: Option<Uuid>,
) -> Result<Vec<(Enrolment, String)>> {
    let cols: Vec<String> = ENCOLS.split(", ").map(|c| format!("e.{c}")).collect();
    let mut sql = format!(
        "SELECT {}, m.name FROM care_enrolments e JOIN members m ON m.union_id = e.union_id AND m.id = e.member_id \
        WHERE e.union_id = $1",
        cols.join(", ")
    );
    let mut n = 1;
    if plan_id.is_some() {
        n += 1;
        sql.push_str(&format!(" AND e.plan_id = ${n}"));
    }
    if member_id.is_some() {
        n += 1;
        sql.push_str(&format!(" AND e.member_id = ${n}"));
    }
    sql.push_str(" ORDER BY e.term_end DESC, m.name_pinyin");
    let rows: Vec<EnrolmentNamed> = on!(tx, c => {
        let mut q = sqlx::query_as(&sql).bind(union_id);
        if let Some(p) = plan_id { q = q.bind(p); }
        if let Some(m) = member_id { q = q.bind(m); }
        q.fetch_all(c).await
    })?;
    Ok(rows.into_iter().map(|r| (r.e, r.name)).collect())
}

#[derive(FromRow)]
struct EnrolmentNamed {
    #[sqlx(flatten)]
    e: Enrolment,
    name: String,
}

pub async fn enrolment(tx: &mut Tx, union_id: Uuid, id: Uuid) -> Result<Option<Enrolment>> {
    let sql = format!("SELECT {ENCOLS} FROM care_enrolments WHERE union_id = $1 AND id = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(id).fetch_optional(c).await)
}

#[derive(Debug, Clone, FromRow)]
pub struct Claim {
    pub union_id: Uuid,
    pub id: Uuid,
    pub plan_id: Uuid,
    pub enrolment_id: Uuid,
    pub member_id: Uuid,
    pub event_date: NaiveDate,
    pub claimed_fen: i64,
    pub description: String,
    pub status: String,
    pub approved_fen: Option<i64>,
    pub assessment: Option<String>,
    pub assessed_by: Option<String>,
    pub voucher_id: Option<Uuid>,
    pub filed_by: String,
    pub filed_at: DateTime<Utc>,
}

const CLCOLS: &str = "union_id, id, plan_id, enrolment_id, member_id, event_date, claimed_fen, description, status, \
    approved_fen, assessment, assessed_by, voucher_id, filed_by, filed_at";

pub async fn insert_claim(tx: &mut Tx, c: &Claim) -> Result<()> {
    let sql = format!(
        "INSERT INTO care_claims ({CLCOLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(c.union_id)
            .bind(c.id)
            .bind(c.plan_id)
            .bind(c.enrolment_id)
            .bind(c.member_id)
            .bind(c.event_date)
            .bind(c.claimed_fen)
            .bind(&c.description)
            .bind(&c.status)
            .bind(c.approved_fen)
            .bind(&c.assessment)
            .bind(&c.assessed_by)
            .bind(c.voucher_id)
            .bind(&c.filed_by)
            .bind(c.filed_at)
    )?;
    Ok(())
}

/// Moves a claim on from `from`; 0 when it was not in that state.
pub async fn update_claim(tx: &mut Tx, c: &Claim, from: &str) -> Result<u64> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE care_claims SET status = $3, approved_fen = $4, assessment = $5, assessed_by = $6, \
        voucher_id = $7 WHERE union_id = $1 AND id = $2 AND status = $8"
        )
        .bind(c.union_id)
        .bind(c.id)
        .bind(&c.status)
        .bind(c.approved_fen)
        .bind(&c.assessment)
        .bind(&c.assessed_by)
        .bind(c.voucher_id)
        .bind(from)
    )
}

pub async fn claim(tx: &mut Tx, union_id: Uuid, id: Uuid) -> Result<Option<Claim>> {
    let sql = format!("SELECT {CLCOLS} FROM care_claims WHERE union_id = $1 AND id = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(id).fetch_optional(c).await)
}

pub async fn claims(tx: &mut Tx, union_id: Uuid, member_id: Option<Uuid>) -> Result<Vec<(Claim, String)>> {
    let cols: Vec<String> = CLCOLS.split(", ").map(|c| format!("c.{c}")).collect();
    let mut sql = format!(
        "SELECT {}, m.name FROM care_claims c JOIN members m ON m.union_id = c.union_id AND m.id = c.member_id \
        WHERE c.union_id = $1",
        cols.join(", ")
    );
    if member_id.is_some() {
        sql.push_str(" AND c.member_id = $2");
    }
    sql.push_str(" ORDER BY c.filed_at DESC");
    let rows: Vec<ClaimNamed> = on!(tx, conn => {
        let q = sqlx::query_as(&sql).bind(union_id);
        let q = if let Some(m) = member_id { q.bind(m) } else { q };
        q.fetch_all(conn).await
    })?;
    Ok(rows.into_iter().map(|r| (r.c, r.name)).collect())
}

#[derive(FromRow)]
struct ClaimNamed {
    #[sqlx(flatten)]
    c: Claim,
    name: String,
}

/// What was approved or paid under one enrolment (its term's total).
pub async fn paid_under(tx: &mut Tx, union_id: Uuid, enrolment_id: Uuid) -> Result<i64> {
    on!(tx, c => sqlx::query_scalar("SELECT CAST(COALESCE(SUM(approved_fen), 0) AS BIGINT) FROM care_claims WHERE union_id = $1 \
        AND enrolment_id = $2 AND status IN ('approved', 'paid')").bind(union_id).bind(enrolment_id).fetch_one(c).await)
}

/// Records which account approved a list (see `campaign_reviewer_id`).
pub async fn set_campaign_reviewer_id(
    tx: &mut Tx,
    union_id: Uuid,
    id: Uuid,
    user: Option<Uuid>,
) -> Result<()> {
    exec!(
        tx,
        sqlx::query("UPDATE care_campaigns SET reviewed_by_id = $3 WHERE union_id = $1 AND id = $2")
            .bind(union_id)
            .bind(id)
            .bind(user)
    )?;
    Ok(())
}

/// The account that approved a list, when it was approved after accounts
/// were recorded.
pub async fn campaign_reviewer_id(tx: &mut Tx, union_id: Uuid, id: Uuid) -> Result<Option<Uuid>> {
    let sql = "SELECT reviewed_by_id FROM care_campaigns WHERE union_id = $1 AND id = $2";
    let v: Option<Option<Uuid>> =
        on!(tx, c => sqlx::query_scalar(sql).bind(union_id).bind(id).fetch_optional(c).await)?;
    Ok(v.flatten())
}
