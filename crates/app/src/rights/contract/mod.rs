//! Collective contracts (集体合同), wage agreements (工资专项集体协议) and
//! women workers' special contracts: recording one (a signed contract
//! after the fact needs only its kind, signing date, term and coverage), its
//! particulars, and where it stands on a day with what needs doing. The
//! later steps — negotiation record, congress approval, signing, filing,
//! the bureau's review, publication — are in [`steps`]. The rules are
//! `domain::rights::contract`.

pub mod steps;

use chrono::NaiveDate;
use domain::org::OrgKind;
use domain::rights::contract::{
    self as rules, ContractDates, ContractKind, ContractSettings, ContractStatus, Reminder, Review, WageTerms,
};
use domain::{ErrorCode, UnionId, text};
use store::Tx;
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::{Org, load_union};

pub use store::rights::contract::{Contract, Negotiation};

pub fn today() -> NaiveDate {
    domain::time::today(store::now())
}

/// The union's contract rules (its rights settings, or the defaults).
pub async fn settings(tx: &mut Tx, union_id: Uuid) -> AppResult<ContractSettings> {
    Ok(crate::rights::settings::load(tx, union_id).await?.contract)
}

/// A contract as typed in the form or sent to the API. On an edit, `kind`
/// and `renews_id` are those of the contract.
#[derive(Debug, Clone, Default)]
pub struct ContractInput {
    /// `ContractKind` by code or label.
    pub kind: String,
    /// Default: the kind's name and the year.
    pub title: Option<String>,
    /// None: a draft still under negotiation.
    pub signed_on: Option<NaiveDate>,
    pub term_months: i64,
    pub workers_covered: i64,
    /// An employer of a register kept by this union or a federation above
    /// it, covered by this union.
    pub employer_id: Option<Uuid>,
    /// Without a register entry: the employer's name (default: the union's
    /// employer) and its staff (the ceiling of coverage).
    pub employer_name: Option<String>,
    pub employer_staff: Option<i64>,
    pub union_negotiator: Option<String>,
    pub employer_negotiator: Option<String>,
    pub average_wage_fen: Option<i64>,
    pub adjustment_bp: Option<i64>,
    /// The contract this one renews (续签).
    pub renews_id: Option<Uuid>,
}

pub fn kind_of(c: &Contract) -> ContractKind {
    ContractKind::parse(&c.kind).unwrap_or(ContractKind::General)
}

/// The recorded dates, as the rules read them.
pub fn dates_of(c: &Contract) -> ContractDates {
    let review = match (c.review.as_str(), c.reviewed_on) {
        ("no_objection", Some(d)) => Review::NoObjection(d),
        ("objection", Some(d)) => Review::Objection(d),
        _ => Review::Pending,
    };
    ContractDates { signed_on: c.signed_on, filed_on: c.filed_on, review, published_on: c.published_on }
}

pub fn term_of(c: &Contract) -> u32 {
    u32::try_from(c.term_months).unwrap_or(0)
}

/// A contract with where it stands on a day and what needs doing.
#[derive(Debug, Clone)]
pub struct ContractView {
    pub row: Contract,
    pub status: ContractStatus,
    pub filing_due: Option<NaiveDate>,
    pub effective_on: Option<NaiveDate>,
    pub publication_due: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub reminders: Vec<Reminder>,
    /// A later contract renews this one (its re-sign reminder is done).
    pub renewed: bool,
}

impl ContractView {
    pub fn new(row: Contract, at: NaiveDate, s: &ContractSettings, renewed: bool) -> Self {
        let d = dates_of(&row);
        let term = term_of(&row);
        let status = rules::status_at(&d, term, at, s);
        let effective_on = rules::effective_as_of(&d, at, s);
        let mut reminders = rules::reminders(&d, term, at, s);
        if renewed {
            reminders.retain(|r| !matches!(r, Reminder::Renew { .. }));
        }
        ContractView {
            status,
            filing_due: row.signed_on.map(|x| rules::filing_due(x, s)),
            publication_due: effective_on.map(|x| rules::publication_due(x, s)),
            expires_on: effective_on.map(|x| rules::expires_on(x, term)),
            effective_on,
            reminders,
            renewed,
            row,
        }
    }

    /// Whether the list shows it highlighted: expiring, or a step overdue.
    pub fn needs_attention(&self) -> bool {
        self.status == ContractStatus::Expiring
            || self.reminders.iter().any(|r| {
                matches!(r, Reminder::File { overdue: true, .. } | Reminder::Publish { overdue: true, .. })
            })
    }
}

/// The employer the contract is for: (register org, id, name, staff).
type EmployerLink = (Option<Uuid>, Option<Uuid>, String, Option<i64>);

/// Resolves the employer: an id of a register kept by this union or a
/// federation above it, and covered by this union (or in the union's own
/// register); anything else answers 404 naming `employer_id`.
async fn employer_link(tx: &mut Tx, union: &Org, i: &ContractInput) -> AppResult<EmployerLink> {
    if let Some(id) = i.employer_id {
        let missing = || {
            AppError::field(
                ErrorCode::NotFound,
                "employer_id",
                "所选单位不存在，或不在本会可关联的企业名录中",
            )
        };
        let register =
            store::directory::owner(tx, store::directory::EMPLOYER, id).await?.ok_or_else(missing)?;
        let e = store::rights::employer::get(tx, register, id).await?.ok_or_else(missing)?;
        let keeper = store::org::get(tx, register.0).await?.ok_or_else(missing)?;
        let above = union.path.starts_with(&keeper.path);
        let covers = e.covered_by_union_id == Some(union.id) || keeper.id == union.id;
        if !above || !covers {
            return Err(missing());
        }
        return Ok((Some(register.0), Some(id), e.name, Some(e.staff)));
    }
    let name = match i.employer_name.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(n) => text::required_line("employer_name", "用人单位名称", n, 100)?,
        None => {
            union.employer_name.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| union.name.clone())
        }
    };
    let staff = match i.employer_staff {
        Some(n) if n <= 0 => {
            return Err(AppError::field(ErrorCode::InvalidCount, "employer_staff", "单位职工人数应大于0"));
        }
        Some(n) => Some(n),
        None => union.staff_count.filter(|n| *n > 0),
    };
    Ok((None, None, name, staff))
}

fn line(field: &str, label: &str, v: &Option<String>, max: usize) -> AppResult<String> {
    Ok(text::line(field, label, v.as_deref().unwrap_or(""), max)?.unwrap_or_default())
}

/// Checks the particulars and fills `c` with them (everything but the
/// steps).
async fn fill(
    tx: &mut Tx,
    union: &Org,
    i: &ContractInput,
    kind: ContractKind,
    c: &mut Contract,
) -> AppResult<()> {
    let s = settings(tx, union.id).await?;
    rules::check_term(kind, i.term_months, &s)?;
    if let Some(d) = i.signed_on {
        rules::check_not_after_today("signed_on", "签订日期", d, today())?;
    }
    let wage = WageTerms { average_wage_fen: i.average_wage_fen, adjustment_bp: i.adjustment_bp };
    if kind == ContractKind::Wage {
        rules::check_wage_terms(&wage)?;
    }
    let (org, id, name, staff) = employer_link(tx, union, i).await?;
    match staff {
        Some(staff) => {
            rules::check_workers_covered(i.workers_covered, staff)?;
        }
        None if i.workers_covered <= 0 => {
            return Err(AppError::field(ErrorCode::InvalidCount, "workers_covered", "覆盖职工人数应大于0"));
        }
        None => {}
    }
    let title = line("title", "合同名称", &i.title, 100)?;
    let year =
        i.signed_on.map(|d| chrono::Datelike::year(&d)).unwrap_or_else(|| chrono::Datelike::year(&today()));
    c.title = if title.is_empty() { format!("{name}{year}年{}", kind.label()) } else { title };
    c.employer_org_id = org;
    c.employer_id = id;
    c.employer_name = name;
    c.employer_staff = staff;
    c.union_negotiator = line("union_negotiator", "工会方首席代表", &i.union_negotiator, 50)?;
    c.employer_negotiator = line("employer_negotiator", "企业方首席代表", &i.employer_negotiator, 50)?;
    c.signed_on = i.signed_on;
    c.term_months = i.term_months;
    c.workers_covered = i.workers_covered;
    (c.average_wage_fen, c.adjustment_bp) =
        if kind == ContractKind::Wage { (wage.average_wage_fen, wage.adjustment_bp) } else { (None, None) };
    Ok(())
}

fn describe(c: &Contract) -> String {
    let signed = c
        .signed_on
        .map(|d| format!("，{}签订", domain::time::fmt_date(d)))
        .unwrap_or_else(|| "（草拟中）".into());
    format!(
        "{}“{}”（{}，期限{}个月，覆盖职工{}人{signed}）",
        kind_of(c).label(),
        c.title,
        c.employer_name,
        c.term_months,
        c.workers_covered
    )
}

/// Records a contract (登记集体合同): signed after the fact with its date,
/// or a draft whose negotiation starts now.
pub async fn create(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    i: &ContractInput,
) -> AppResult<Contract> {
    let kind = ContractKind::parse(&i.kind).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            "kind",
            "合同类型应为 general（集体合同）、wage（工资专项集体协议）或 women（女职工权益保护专项集体合同）",
        )
    })?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    if let Some(r) = i.renews_id {
        let old = store::rights::contract::get(&mut tx, UnionId(union_id), r)
            .await?
            .ok_or_else(|| AppError::field(ErrorCode::NotFound, "renews_id", "要续签的合同不存在"))?;
        if kind_of(&old) != kind {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "renews_id",
                format!("续签的合同应与原合同同类（{}）", kind_of(&old).label()),
            ));
        }
        if store::rights::contract::renewed(&mut tx, UnionId(union_id)).await?.contains(&r) {
            return Err(AppError::field(ErrorCode::Conflict, "renews_id", "该合同已经续签过"));
        }
    }
    let now = store::now();
    let mut c = Contract {
        union_id,
        id: Uuid::now_v7(),
        kind: kind.as_str().to_owned(),
        title: String::new(),
        employer_org_id: None,
        employer_id: None,
        employer_name: String::new(),
        employer_staff: None,
        union_negotiator: String::new(),
        employer_negotiator: String::new(),
        ballot_id: None,
        congress_delegates: None,
        congress_present: None,
        congress_in_favour: None,
        signed_on: None,
        term_months: 0,
        workers_covered: 0,
        average_wage_fen: None,
        adjustment_bp: None,
        filed_on: None,
        review: "pending".to_owned(),
        reviewed_on: None,
        review_opinion: None,
        published_on: None,
        disclosure_id: None,
        renews_id: i.renews_id,
        created_by: p.display_name.clone(),
        created_at: now,
        updated_at: now,
    };
    fill(&mut tx, &union, i, kind, &mut c).await?;
    store::rights::contract::insert(&mut tx, UnionId(union_id), &c).await?;
    let renews = if c.renews_id.is_some() { "续签" } else { "登记" };
    record(
        &mut tx,
        p.actor(),
        "collective_contract.create",
        format!("collective_contract:{}", c.id),
        Some((union_id, &union.path)),
        format!("{renews}{}", describe(&c)),
    )
    .await?;
    tx.commit().await?;
    Ok(c)
}

/// The contract by its id alone (the directory names its union), with the
/// union.
pub(crate) async fn locate(tx: &mut Tx, contract_id: Uuid) -> AppResult<(Contract, Org)> {
    let union_id = store::directory::owner(tx, store::directory::COLLECTIVE_CONTRACT, contract_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let c = store::rights::contract::get(tx, union_id, contract_id).await?.ok_or_else(AppError::not_found)?;
    let union = load_union(tx, union_id.0).await?;
    Ok((c, union))
}

/// Writes a changed contract if nobody changed it meanwhile, and audits it.
pub(crate) async fn save(
    tx: &mut Tx,
    p: &Principal,
    union: &Org,
    c: &mut Contract,
    action: &str,
    summary: String,
) -> AppResult<()> {
    let was = c.updated_at;
    c.updated_at = store::now().max(was + chrono::Duration::microseconds(1));
    if store::rights::contract::update(tx, UnionId(c.union_id), c, was).await? == 0 {
        return Err(AppError::field(ErrorCode::Conflict, "contract", "合同已被他人修改，请刷新后再试"));
    }
    record(
        tx,
        p.actor(),
        &format!("collective_contract.{action}"),
        format!("collective_contract:{}", c.id),
        Some((c.union_id, &union.path)),
        format!("{}：{summary}", c.title),
    )
    .await
}

/// Changes the particulars (parties, term, coverage, wage figures) while
/// the contract is not with the labour bureau (before filing, or after an
/// objection).
pub async fn edit(
    state: &AppState,
    p: &Principal,
    contract_id: Uuid,
    i: &ContractInput,
) -> AppResult<Contract> {
    let mut tx = state.db.write().await?;
    let (mut c, union) = locate(&mut tx, contract_id).await?;
    if c.filed_on.is_some() && c.review != "objection" {
        return Err(AppError::field(
            ErrorCode::InvalidTransition,
            "contract",
            "合同已报送劳动保障行政部门审查，不能再修改；如有变更，请协商变更后重新报送或续签",
        ));
    }
    if c.signed_on.is_some() && i.signed_on.is_none() {
        return Err(AppError::field(ErrorCode::Required, "signed_on", "已签订的合同须填写签订日期"));
    }
    if c.signed_on.is_none() && i.signed_on.is_some() {
        // Signing a draft is the signing step, which checks the congress vote.
        return Err(AppError::field(
            ErrorCode::InvalidTransition,
            "signed_on",
            "草拟中的合同请在职代会通过后通过“签订”一步登记签订日期",
        ));
    }
    let kind = kind_of(&c);
    fill(&mut tx, &union, i, kind, &mut c).await?;
    let summary = format!("修改合同内容：{}", describe(&c));
    save(&mut tx, p, &union, &mut c, "edit", summary).await?;
    tx.commit().await?;
    Ok(c)
}

/// A contract with where it stands today, its negotiation record and the
/// contracts that renew it or that it renews.
pub async fn get(state: &AppState, contract_id: Uuid) -> AppResult<(ContractView, Vec<Negotiation>, Org)> {
    let mut tx = state.db.read().await?;
    let (c, union) = locate(&mut tx, contract_id).await?;
    let s = settings(&mut tx, union.id).await?;
    let renewed = store::rights::contract::renewed(&mut tx, UnionId(union.id)).await?.contains(&c.id);
    let n = store::rights::contract::negotiations(&mut tx, UnionId(union.id), c.id).await?;
    Ok((ContractView::new(c, today(), &s, renewed), n, union))
}

/// The union's contracts with where each stands today.
pub async fn list(state: &AppState, union_id: Uuid) -> AppResult<(Org, Vec<ContractView>)> {
    let mut tx = state.db.read().await?;
    let union = load_union(&mut tx, union_id).await?;
    let s = settings(&mut tx, union_id).await?;
    let renewed = store::rights::contract::renewed(&mut tx, UnionId(union_id)).await?;
    let rows = store::rights::contract::list(&mut tx, UnionId(union_id)).await?;
    let today = today();
    let views = rows
        .into_iter()
        .map(|c| {
            let r = renewed.contains(&c.id);
            ContractView::new(c, today, &s, r)
        })
        .collect();
    Ok((union, views))
}

/// What needs doing about the union's contracts today: filing due,
/// publication due, re-signing before expiry; overdue first, then by date.
pub async fn reminders(state: &AppState, union_id: Uuid) -> AppResult<Vec<(ContractView, Reminder)>> {
    let (_, views) = list(state, union_id).await?;
    let mut out: Vec<(ContractView, Reminder)> = views
        .into_iter()
        .flat_map(|v| v.reminders.clone().into_iter().map(move |r| (v.clone(), r)))
        .collect();
    let key = |r: &Reminder| match *r {
        Reminder::File { due, overdue } | Reminder::Publish { due, overdue } => (!overdue, due),
        Reminder::Renew { expires_on } => (true, expires_on),
    };
    out.sort_by_key(|(_, r)| key(r));
    Ok(out)
}

/// The unions an org's contract pages may link an employer from: whether
/// the union is one (pages show the register's choices only for unions).
pub fn is_union(o: &Org) -> bool {
    o.kind == OrgKind::Union.as_str()
}

/// The employers the union may link a contract to: those of registers kept
/// by the union or a federation above it that the union covers (or in the
/// union's own register).
pub async fn employer_choices(state: &AppState, union_id: Uuid) -> AppResult<Vec<(Uuid, String)>> {
    let mut tx = state.db.read().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut out = Vec::new();
    let own = store::rights::employer::Filter::default();
    out.extend(store::rights::employer::all(&mut tx, UnionId(union_id), &own).await?);
    let covered = store::rights::employer::Filter { covered_by: Some(union_id), ..Default::default() };
    let ancestors = store::org::ancestors(&mut tx, &union.path).await?;
    for (id, _) in ancestors.into_iter().filter(|(id, _)| *id != union_id) {
        out.extend(store::rights::employer::all(&mut tx, UnionId(id), &covered).await?);
    }
    Ok(out.into_iter().map(|e| (e.id, format!("{}（{}人）", e.name, e.staff))).collect())
}

/// A ledger as .xlsx (every cell text), written off the async threads.
pub async fn xlsx(
    sheet_name: &'static str,
    headers: &'static [&'static str],
    rows: Vec<Vec<String>>,
) -> AppResult<Vec<u8>> {
    tokio::task::spawn_blocking(move || sheet::write_xlsx(sheet_name, headers, &rows))
        .await?
        .map_err(|e| AppError::field(ErrorCode::Internal, "file", e.message()))
}
