//! The id → union directory (`union_directory`): where an object reached by
//! id alone lives. A route such as `/ballots/{id}` names no union; instead
//! of searching every union's rows for the id (on a distributed engine, a
//! query sent to every shard), the request reads one directory row by its
//! primary key and then reads the object with `union_id = … AND id = …`,
//! which touches one tenant. The row is written in the transaction that
//! creates the object, so the two never disagree.

use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

/// The kind of a ballot's row.
pub const BALLOT: &str = "ballot";
/// The kind of an activity's row.
pub const ACTIVITY: &str = "activity";
/// The kind of a contest's row (劳动竞赛, 技能比武 …).
pub const CONTEST: &str = "contest";
/// The kind of a petition's row (来信来访, 主席信箱).
pub const PETITION: &str = "petition";
/// The kind of a labour-dispute mediation case's row.
pub const MEDIATION_CASE: &str = "mediation_case";
/// The kind of a collective contract's row (集体合同, 工资专项集体协议, 女职工专项集体合同).
pub const COLLECTIVE_CONTRACT: &str = "collective_contract";
/// The kind of a labour-protection inspection's row.
pub const SAFETY_INSPECTION: &str = "safety_inspection";
/// The kind of an employer's row in a register (企业名录); its owner is the
/// org keeping the register.
pub const EMPLOYER: &str = "employer";
/// The kind of a rationalisation suggestion's row (合理化建议).
pub const SUGGESTION: &str = "suggestion";
/// The kind of an honour's row (荣誉).
pub const HONOUR: &str = "honour";
/// The kind of a training course's row (培训).
pub const COURSE: &str = "course";
/// The kind of a work plan's row (工作计划); its owner is the org whose
/// plan it is (a union or a federation).
pub const WORK_PLAN: &str = "work_plan";

/// Records that `id` (of `kind`) belongs to `union_id`, in the creating
/// transaction.
#[tracing::instrument(level = "debug", name = "directory::register", skip_all, fields(union = %union_id))]
pub async fn register(tx: &mut Tx, union_id: UnionId, kind: &str, id: Uuid) -> Result<()> {
    exec!(
        tx,
        sqlx::query("INSERT INTO union_directory (id, kind, owner_union_id) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(kind)
            .bind(union_id.0)
    )?;
    Ok(())
}

/// The union an id of `kind` belongs to, if the directory knows it: one row
/// read by primary key.
#[tracing::instrument(level = "debug", name = "directory::owner", skip_all, fields(rows = tracing::field::Empty))]
pub async fn owner(tx: &mut Tx, kind: &str, id: Uuid) -> Result<Option<UnionId>> {
    crate::counted(async move {
        let u: Option<Uuid> = on!(tx, c => sqlx::query_scalar(
            "SELECT owner_union_id FROM union_directory WHERE id = $1 AND kind = $2")
            .bind(id).bind(kind).fetch_optional(c).await)?;
        Ok(u.map(UnionId))
    })
    .await
}

/// The path of the union owning `id` of `kind` (for the guard): the
/// directory row by primary key, then the union's org row. `None` when the
/// directory does not know the id.
#[tracing::instrument(level = "debug", name = "directory::owner_path", skip_all, fields(rows = tracing::field::Empty))]
pub async fn owner_path(tx: &mut Tx, kind: &str, id: Uuid) -> Result<Option<String>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_scalar("SELECT o.path FROM union_directory d JOIN orgs o ON o.id = d.owner_union_id \
            WHERE d.id = $1 AND d.kind = $2")
            .bind(id).bind(kind).fetch_optional(c).await)
    })
    .await
}
