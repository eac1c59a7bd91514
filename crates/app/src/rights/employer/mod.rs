//! The employer register (企业名录): the employers of a jurisdiction with
//! their staff and the union covering each. A federation keeps the register
//! of its jurisdiction; a grassroots union may keep one too. The register's
//! rows live in the keeping org's tenant; the covering union is any union
//! in that org's subtree. Imports are in [`import`], exports in [`export`].

pub mod export;
pub mod import;

use domain::auth::Perm;
use domain::org::OrgKind;
use domain::rights::employer::{self as rules, EmployerInput as Fields, Ownership, RateSettings};
use domain::{ErrorCode, UnionId};
use store::Tx;
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::Org;

pub use store::rights::contract::Contract;
pub use store::rights::employer::{Employer, Filter, UnionRef};

/// The org keeping a register: a federation or a union (not a group), or
/// 404.
pub async fn load_register(tx: &mut Tx, org_id: Uuid) -> AppResult<Org> {
    let o = store::org::get(tx, org_id).await?.ok_or_else(AppError::not_found)?;
    if o.kind == OrgKind::Group.as_str() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "org_id",
            "工会小组不建企业名录，请在所属工会或总工会建立",
        ));
    }
    Ok(o)
}

/// The register's org in a read of its own (pages' titles).
pub async fn register(state: &AppState, org_id: Uuid) -> AppResult<Org> {
    let mut tx = state.db.read().await?;
    load_register(&mut tx, org_id).await
}

/// An employer as typed in the form or sent to the API.
#[derive(Debug, Clone, Default)]
pub struct EmployerInput {
    pub name: String,
    pub credit_code: String,
    /// `Ownership` by code or (short or full) label.
    pub ownership: String,
    pub staff: i64,
    pub women: i64,
    pub migrant_workers: i64,
    pub covered_by_union_id: Option<Uuid>,
}

/// Checks the fields (the first fault, naming its field in Chinese).
fn check(i: &EmployerInput) -> AppResult<rules::Employer> {
    let fields = Fields {
        name: i.name.clone(),
        credit_code: i.credit_code.clone(),
        ownership: i.ownership.clone(),
        staff: i.staff,
        women: i.women,
        migrant_workers: i.migrant_workers,
    };
    rules::validate(&fields).map_err(|mut e| AppError(e.remove(0)))
}

/// The covering union: a union (not archived) in the register's subtree;
/// anything else answers 404 naming the field, as a missing id does.
async fn check_covering(tx: &mut Tx, register: &Org, union_id: Option<Uuid>) -> AppResult<Option<Org>> {
    let Some(id) = union_id else { return Ok(None) };
    let missing = || {
        AppError::field(ErrorCode::NotFound, "covered_by_union_id", "所选工会不存在或不在本名录的管辖范围内")
    };
    let u = store::org::get(tx, id).await?.ok_or_else(missing)?;
    if u.kind != OrgKind::Union.as_str() || u.archived_at.is_some() || !u.path.starts_with(&register.path) {
        return Err(missing());
    }
    Ok(Some(u))
}

/// A credit code taken by another row of the same register: 409 naming it.
async fn check_unique(tx: &mut Tx, register: Uuid, code: &str, id: Uuid) -> AppResult<()> {
    match store::rights::employer::by_credit_code(tx, UnionId(register), code).await? {
        Some(other) if other != id => Err(AppError::field(
            ErrorCode::DuplicateCreditCode,
            "credit_code",
            format!("统一社会信用代码{code}已在本名录中登记，请勿重复登记"),
        )),
        _ => Ok(()),
    }
}

fn row_of(register: Uuid, id: Uuid, e: rules::Employer, covered: Option<Uuid>, by: &str) -> Employer {
    let now = store::now();
    Employer {
        union_id: register,
        id,
        credit_code: e.credit_code,
        name: e.name,
        ownership: e.ownership.as_str().to_owned(),
        staff: i64::from(e.staff),
        women: i64::from(e.women),
        migrant_workers: i64::from(e.migrant_workers),
        covered_by_union_id: covered,
        covered_by_name: None,
        created_by: by.to_owned(),
        created_at: now,
        updated_at: now,
    }
}

fn describe(e: &Employer, covering: Option<&Org>) -> String {
    let union = match covering {
        Some(u) => format!("，由“{}”覆盖", u.name),
        None => "，未建会".to_owned(),
    };
    format!(
        "“{}”（{}，{}，职工{}人、女职工{}人、农民工{}人{union}）",
        e.name,
        e.credit_code,
        Ownership::parse(&e.ownership).map_or("", |o| o.label()),
        e.staff,
        e.women,
        e.migrant_workers
    )
}

/// Registers an employer in the org's register (登记企业).
pub async fn create(state: &AppState, p: &Principal, org_id: Uuid, i: &EmployerInput) -> AppResult<Employer> {
    let checked = check(i)?;
    let mut tx = state.db.write().await?;
    let register = load_register(&mut tx, org_id).await?;
    let covering = check_covering(&mut tx, &register, i.covered_by_union_id).await?;
    let id = Uuid::now_v7();
    check_unique(&mut tx, org_id, &checked.credit_code, id).await?;
    let mut row = row_of(org_id, id, checked, i.covered_by_union_id, &p.display_name);
    store::rights::employer::insert_many(&mut tx, UnionId(org_id), std::slice::from_ref(&row)).await?;
    record(
        &mut tx,
        p.actor(),
        "employer.create",
        format!("employer:{id}"),
        Some((org_id, &register.path)),
        format!("企业名录登记{}", describe(&row, covering.as_ref())),
    )
    .await?;
    tx.commit().await?;
    row.covered_by_name = covering.map(|u| u.name);
    Ok(row)
}

/// The employer by its id alone (the directory names its register), with
/// the register's org.
async fn locate(tx: &mut Tx, employer_id: Uuid) -> AppResult<(Employer, Org)> {
    let register = store::directory::owner(tx, store::directory::EMPLOYER, employer_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let e = store::rights::employer::get(tx, register, employer_id).await?.ok_or_else(AppError::not_found)?;
    let org = load_register(tx, register.0).await?;
    Ok((e, org))
}

/// Changes an employer's particulars; the credit code stays unique in the
/// register.
pub async fn update(
    state: &AppState,
    p: &Principal,
    employer_id: Uuid,
    i: &EmployerInput,
) -> AppResult<Employer> {
    let checked = check(i)?;
    let mut tx = state.db.write().await?;
    let (old, register) = locate(&mut tx, employer_id).await?;
    let covering = check_covering(&mut tx, &register, i.covered_by_union_id).await?;
    check_unique(&mut tx, old.union_id, &checked.credit_code, old.id).await?;
    let mut row = row_of(old.union_id, old.id, checked, i.covered_by_union_id, &old.created_by);
    row.created_at = old.created_at;
    store::rights::employer::update_many(&mut tx, UnionId(old.union_id), std::slice::from_ref(&row)).await?;
    record(
        &mut tx,
        p.actor(),
        "employer.update",
        format!("employer:{}", row.id),
        Some((row.union_id, &register.path)),
        format!("修改企业名录：{}", describe(&row, covering.as_ref())),
    )
    .await?;
    tx.commit().await?;
    row.covered_by_name = covering.map(|u| u.name);
    Ok(row)
}

/// An employer with its register's org and the collective contracts signed
/// for it (by the covering union, or by the register's own union).
pub async fn get(state: &AppState, employer_id: Uuid) -> AppResult<(Employer, Org, Vec<Contract>)> {
    let mut tx = state.db.read().await?;
    let (e, register) = locate(&mut tx, employer_id).await?;
    let mut signers: Vec<Uuid> = e.covered_by_union_id.into_iter().collect();
    if register.kind == OrgKind::Union.as_str() && !signers.contains(&register.id) {
        signers.push(register.id);
    }
    let mut contracts = Vec::new();
    for u in signers {
        contracts.extend(store::rights::contract::for_employer(&mut tx, UnionId(u), e.union_id, e.id).await?);
    }
    contracts.sort_by(|a, b| b.signed_on.cmp(&a.signed_on).then(b.created_at.cmp(&a.created_at)));
    Ok((e, register, contracts))
}

/// Where the caller may edit the register at `path`.
pub fn may_manage(p: &Principal, path: &str) -> bool {
    p.can(Perm::RightsManage, Some(path))
}

/// The figures at the head of the register: employers, staff, those
/// expected to have a union (≥ 25 staff) and of them those covered.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    pub employers: i64,
    pub staff: i64,
    pub required: i64,
    pub covered: i64,
    /// The staff from which a union is expected (25).
    pub threshold: i64,
}

impl Summary {
    /// 建会率 of the register as text ("96.00%"), or "—" without a base.
    pub fn rate(&self) -> String {
        domain::ratio::Ratio::new(self.covered.max(0) as u64, self.required.max(0) as u64).to_string()
    }
}

/// A page of the register with its figures.
pub async fn list(
    state: &AppState,
    org_id: Uuid,
    f: &Filter,
    page: store::Page,
) -> AppResult<(Org, Vec<Employer>, i64, Summary)> {
    let mut tx = state.db.read().await?;
    let register = load_register(&mut tx, org_id).await?;
    let (rows, total) = store::rights::employer::list(&mut tx, UnionId(org_id), f, page).await?;
    let threshold = i64::from(RateSettings::default().union_required_staff);
    let (employers, staff, required, covered) =
        store::rights::employer::summary(&mut tx, UnionId(org_id), threshold).await?;
    Ok((register, rows, total, Summary { employers, staff, required, covered, threshold }))
}

/// The whole filtered register (export, print).
pub async fn all(state: &AppState, org_id: Uuid, f: &Filter) -> AppResult<(Org, Vec<Employer>)> {
    let mut tx = state.db.read().await?;
    let register = load_register(&mut tx, org_id).await?;
    let rows = store::rights::employer::all(&mut tx, UnionId(org_id), f).await?;
    Ok((register, rows))
}

/// The unions an employer of this register may be covered by (the form's
/// choices).
pub async fn covering_unions(state: &AppState, org_id: Uuid) -> AppResult<Vec<UnionRef>> {
    let mut tx = state.db.read().await?;
    let register = load_register(&mut tx, org_id).await?;
    Ok(store::rights::employer::unions_under(&mut tx, &register.path).await?)
}

/// The 未建会 filter's threshold: the staff from which a union is expected.
pub fn unionless_threshold() -> i64 {
    i64::from(RateSettings::default().union_required_staff)
}
