//! Campaigns (送温暖 and other lists) and their recipients.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use super::BATCH;
use crate::{Result, Tx, exec, on};
use domain::UnionId;

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

#[tracing::instrument(level = "debug", name = "care::insert_campaign", skip_all)]
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

#[tracing::instrument(level = "debug", name = "care::update_campaign_status", skip_all)]
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

#[tracing::instrument(level = "debug", name = "care::campaign", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn campaign(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Campaign>> {
    crate::counted(async move {
        let sql = format!("SELECT {CCOLS} FROM care_campaigns WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "care::campaigns", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn campaigns(tx: &mut Tx, union_id: UnionId) -> Result<Vec<Campaign>> {
    crate::counted(async move {
        let sql = format!("SELECT {CCOLS} FROM care_campaigns WHERE union_id = $1 ORDER BY created_at DESC");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "care::insert_recipients", skip_all, fields(union = %union_id))]
pub async fn insert_recipients(
    tx: &mut Tx,
    union_id: UnionId,
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
                q = q.bind(union_id.0).bind(campaign_id).bind(*m).bind(*fen);
            }
            q
        })?;
    }
    Ok(())
}

#[tracing::instrument(level = "debug", name = "care::remove_recipient", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn remove_recipient(
    tx: &mut Tx,
    union_id: UnionId,
    campaign_id: Uuid,
    member_id: Uuid,
) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "DELETE FROM care_recipients WHERE union_id = $1 AND campaign_id = $2 AND member_id = $3"
            )
            .bind(union_id.0)
            .bind(campaign_id)
            .bind(member_id)
        )
    })
    .await
}

#[tracing::instrument(level = "debug", name = "care::set_recipient_amount", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn set_recipient_amount(
    tx: &mut Tx,
    union_id: UnionId,
    campaign_id: Uuid,
    member_id: Uuid,
    fen: i64,
) -> Result<u64> {
    crate::counted(async move {
        exec!(tx, sqlx::query("UPDATE care_recipients SET amount_fen = $4 WHERE union_id = $1 AND campaign_id = $2 AND member_id = $3")
            .bind(union_id.0).bind(campaign_id).bind(member_id).bind(fen))
    })
    .await
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

#[tracing::instrument(level = "debug", name = "care::recipients", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn recipients(tx: &mut Tx, union_id: UnionId, campaign_id: Uuid) -> Result<Vec<Recipient>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT r.member_id, m.name, m.card_number, m.group_id, r.amount_fen FROM care_recipients r \
            JOIN members m ON m.union_id = r.union_id AND m.id = r.member_id WHERE r.union_id = $1 AND r.campaign_id = $2 \
            ORDER BY m.name_pinyin, m.id").bind(union_id.0).bind(campaign_id).fetch_all(c).await)
    })
    .await
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
#[tracing::instrument(level = "debug", name = "care::candidates", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn candidates(tx: &mut Tx, union_id: UnionId) -> Result<Vec<CandidateRow>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT id, hardship, model_worker, group_id, birth_date, gender FROM members \
            WHERE union_id = $1 AND status = 'active'").bind(union_id.0).fetch_all(c).await)
    })
    .await
}

/// Records which account approved a list (see `campaign_reviewer_id`).
#[tracing::instrument(level = "debug", name = "care::set_campaign_reviewer_id", skip_all, fields(union = %union_id))]
pub async fn set_campaign_reviewer_id(
    tx: &mut Tx,
    union_id: UnionId,
    id: Uuid,
    user: Option<Uuid>,
) -> Result<()> {
    exec!(
        tx,
        sqlx::query("UPDATE care_campaigns SET reviewed_by_id = $3 WHERE union_id = $1 AND id = $2")
            .bind(union_id.0)
            .bind(id)
            .bind(user)
    )?;
    Ok(())
}

/// The account that approved a list, when it was approved after accounts
/// were recorded.
#[tracing::instrument(level = "debug", name = "care::campaign_reviewer_id", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn campaign_reviewer_id(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Uuid>> {
    crate::counted(async move {
        let sql = "SELECT reviewed_by_id FROM care_campaigns WHERE union_id = $1 AND id = $2";
        let v: Option<Option<Uuid>> =
            on!(tx, c => sqlx::query_scalar(sql).bind(union_id.0).bind(id).fetch_optional(c).await)?;
        Ok(v.flatten())
    })
    .await
}
