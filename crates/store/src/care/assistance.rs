//! Assistance given (救助) and members' consents.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use super::BATCH;
use crate::{Result, Tx, exec, on};
use domain::UnionId;

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

#[tracing::instrument(level = "debug", name = "care::insert_assistance_many", skip_all)]
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

#[tracing::instrument(level = "debug", name = "care::assistance_by_key", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn assistance_by_key(tx: &mut Tx, union_id: UnionId, key: &str) -> Result<Option<Assistance>> {
    crate::counted(async move {
        let sql = format!("SELECT {ASCOLS} FROM care_assistance WHERE union_id = $1 AND idem_key = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(key).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "care::assistance", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn assistance(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Assistance>> {
    crate::counted(async move {
        let sql = format!("SELECT {ASCOLS} FROM care_assistance WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// A year's assistance with the member's name, newest first; or one
/// member's, or one campaign's.
#[tracing::instrument(level = "debug", name = "care::assistance_list", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn assistance_list(
    tx: &mut Tx,
    union_id: UnionId,
    year: i64,
    member_id: Option<Uuid>,
    campaign_id: Option<Uuid>,
) -> Result<Vec<(Assistance, String)>> {
    crate::counted(async move {
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
            let mut q = sqlx::query_as(&sql).bind(union_id.0).bind(year);
            if let Some(m) = member_id { q = q.bind(m); }
            if let Some(cid) = campaign_id { q = q.bind(cid); }
            q.fetch_all(c).await
        })?;
        Ok(rows.into_iter().map(|r| (r.a, r.name)).collect())
    })
    .await
}

#[derive(FromRow)]
struct AssistanceNamed {
    #[sqlx(flatten)]
    a: Assistance,
    name: String,
}

/// Yearly totals per member over all care payments: (member, count, fen).
#[tracing::instrument(level = "debug", name = "care::yearly_totals", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn yearly_totals(tx: &mut Tx, union_id: UnionId, year: i64) -> Result<Vec<(Uuid, i64, i64)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT member_id, COUNT(*), CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM care_assistance \
            WHERE union_id = $1 AND year = $2 GROUP BY member_id").bind(union_id.0).bind(year).fetch_all(c).await)
    })
    .await
}

/// One member's totals by year and item: (year, item, count, fen).
#[tracing::instrument(level = "debug", name = "care::member_totals", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn member_totals(
    tx: &mut Tx,
    union_id: UnionId,
    member_id: Uuid,
) -> Result<Vec<(i64, String, i64, i64)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT year, item, COUNT(*), CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM care_assistance \
            WHERE union_id = $1 AND member_id = $2 GROUP BY year, item ORDER BY year DESC, item")
            .bind(union_id.0).bind(member_id).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "care::insert_consent", skip_all, fields(union = %union_id))]
pub async fn insert_consent(
    tx: &mut Tx,
    union_id: UnionId,
    member_id: Uuid,
    consent: bool,
    by: &str,
) -> Result<()> {
    exec!(tx, sqlx::query("INSERT INTO care_consents (union_id, id, member_id, consent, recorded_by, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(union_id.0).bind(Uuid::now_v7()).bind(member_id).bind(consent).bind(by).bind(crate::now()))?;
    Ok(())
}

/// Members whose latest consent record says yes.
#[tracing::instrument(level = "debug", name = "care::consenting", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn consenting(tx: &mut Tx, union_id: UnionId) -> Result<Vec<Uuid>> {
    crate::counted(async move {
        let rows: Vec<(Uuid, bool)> = on!(tx, c => sqlx::query_as("SELECT member_id, consent FROM care_consents WHERE union_id = $1 ORDER BY at, id")
            .bind(union_id.0).fetch_all(c).await)?;
        let mut latest = std::collections::HashMap::new();
        for (m, yes) in rows {
            latest.insert(m, yes);
        }
        Ok(latest.into_iter().filter_map(|(m, yes)| yes.then_some(m)).collect())
    })
    .await
}
