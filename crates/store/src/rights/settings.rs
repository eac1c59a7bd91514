//! A union's rights settings (`rights_settings`): whether the mailbox takes
//! anonymous letters, and each part's figures as the JSON of its domain
//! settings struct. The app decodes them; a union without a row uses the
//! defaults.

use chrono::{DateTime, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

#[derive(Debug, Clone, FromRow)]
pub struct SettingsRow {
    pub union_id: Uuid,
    pub anonymous_allowed: bool,
    pub petition: String,
    pub mediation: String,
    pub contract: String,
    pub checklist: String,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "rights::settings::get", skip_all, fields(union = %union_id))]
pub async fn get(tx: &mut Tx, union_id: UnionId) -> Result<Option<SettingsRow>> {
    on!(tx, c => sqlx::query_as("SELECT union_id, anonymous_allowed, petition, mediation, contract, checklist, \
        set_by, set_at FROM rights_settings WHERE union_id = $1")
        .bind(union_id.0).fetch_optional(c).await)
}

#[tracing::instrument(level = "debug", name = "rights::settings::put", skip_all, fields(union = %union_id))]
pub async fn put(tx: &mut Tx, union_id: UnionId, row: &SettingsRow) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO rights_settings (union_id, anonymous_allowed, petition, mediation, contract, checklist, \
             set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (union_id) DO UPDATE SET anonymous_allowed = $2, petition = $3, mediation = $4, \
             contract = $5, checklist = $6, set_by = $7, set_at = $8"
        )
        .bind(union_id.0)
        .bind(row.anonymous_allowed)
        .bind(&row.petition)
        .bind(&row.mediation)
        .bind(&row.contract)
        .bind(&row.checklist)
        .bind(&row.set_by)
        .bind(row.set_at)
    )?;
    Ok(())
}
