//! A union's rights settings: whether its mailbox takes anonymous letters,
//! the petition deadlines, the mediation and contract figures, and the
//! labour-protection checklist template. Every figure is policy data with
//! a documented default in `domain::rights`; a union that saved nothing
//! uses the defaults.

use domain::UnionId;
use domain::rights::contract::ContractSettings;
use domain::rights::inspection::{ChecklistItem, default_checklist, validate_checklist};
use domain::rights::mediation::MediationSettings;
use domain::rights::petition::PetitionSettings;
use serde::{Deserialize, Serialize};
use store::Tx;
use store::rights::settings::SettingsRow;
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::AppResult;
use crate::org::load_union;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RightsSettings {
    /// Whether members may write to the chair's mailbox anonymously.
    /// Default: no — the union opens it (issue 17: "when the union allows it").
    pub anonymous_allowed: bool,
    #[schema(value_type = Object)]
    pub petition: PetitionSettings,
    #[schema(value_type = Object)]
    pub mediation: MediationSettings,
    #[schema(value_type = Object)]
    pub contract: ContractSettings,
    #[schema(value_type = Vec<Object>)]
    pub checklist: Vec<ChecklistItem>,
}

impl Default for RightsSettings {
    fn default() -> Self {
        RightsSettings {
            anonymous_allowed: false,
            petition: PetitionSettings::default(),
            mediation: MediationSettings::default(),
            contract: ContractSettings::default(),
            checklist: default_checklist(),
        }
    }
}

impl RightsSettings {
    /// Checks every part, returning the first fault (with its field).
    pub fn check(mut self) -> AppResult<Self> {
        self.petition.check()?;
        self.mediation.check()?;
        self.contract.check()?;
        self.checklist = validate_checklist(&self.checklist)?;
        Ok(self)
    }
}

/// A part stored by an older or hand-edited row that no longer decodes is
/// replaced by its default, loudly: a broken figure must not stop the
/// mailbox.
fn part<T: serde::de::DeserializeOwned>(union_id: Uuid, name: &str, json: &str, default: T) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| {
        tracing::warn!(%union_id, part = name, error = %e, "rights settings part does not decode; using the default");
        default
    })
}

/// The union's settings, in the caller's transaction.
pub async fn load(tx: &mut Tx, union_id: Uuid) -> AppResult<RightsSettings> {
    let Some(row) = store::rights::settings::get(tx, UnionId(union_id)).await? else {
        return Ok(RightsSettings::default());
    };
    let d = RightsSettings::default();
    Ok(RightsSettings {
        anonymous_allowed: row.anonymous_allowed,
        petition: part(union_id, "petition", &row.petition, d.petition),
        mediation: part(union_id, "mediation", &row.mediation, d.mediation),
        contract: part(union_id, "contract", &row.contract, d.contract),
        checklist: part(union_id, "checklist", &row.checklist, d.checklist),
    })
}

pub async fn get(state: &AppState, union_id: Uuid) -> AppResult<RightsSettings> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    load(&mut tx, union_id).await
}

/// Saves the union's settings after checking every part.
pub async fn save(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    s: RightsSettings,
) -> AppResult<RightsSettings> {
    let s = s.check()?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let row = SettingsRow {
        union_id,
        anonymous_allowed: s.anonymous_allowed,
        petition: to_json(&s.petition),
        mediation: to_json(&s.mediation),
        contract: to_json(&s.contract),
        checklist: to_json(&s.checklist),
        set_by: p.display_name.clone(),
        set_at: store::now(),
    };
    store::rights::settings::put(&mut tx, UnionId(union_id), &row).await?;
    record(
        &mut tx,
        p.actor(),
        "rights.settings",
        format!("union:{union_id}"),
        Some((union_id, &union.path)),
        format!(
            "维权设置：{}匿名来信，答复期限{}天，检查表{}项",
            if s.anonymous_allowed { "允许" } else { "不允许" },
            s.petition.answer_days,
            s.checklist.len()
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(s)
}

/// Settings parts are plain data: serialising them cannot fail.
fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("settings serialise")
}
