//! Labour-protection inspections (劳动保护监督): an inspection against the
//! union's checklist template, the hazards found with their rectification
//! notices (整改通知书) and deadlines, follow-up visits (复查, append-only),
//! closing a finding once fixed (销号), and the overdue list. The rules are
//! in `domain::rights::inspection`.

pub mod read;

use chrono::NaiveDate;
use domain::rights::inspection::{
    self as rules, CheckedItem, FindingStatus, ItemResult, NewFinding, NewInspection, Severity,
};
use domain::{ErrorCode, UnionId};
use store::Tx;
use store::rights::inspection as db;
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;
use crate::rights::settings;

/// The records the services answer with.
pub use store::rights::inspection::{Finding, Followup, Inspection, Listed, ListedFinding};

pub fn today() -> NaiveDate {
    domain::time::today(store::now())
}

/// The checklist as used by a stored inspection.
pub fn items_of(i: &Inspection) -> Vec<CheckedItem> {
    serde_json::from_str(&i.checklist).unwrap_or_default()
}

pub fn finding_status(f: &Finding) -> FindingStatus {
    FindingStatus::parse(&f.status).unwrap_or(FindingStatus::Open)
}

/// The inspection by its id alone, with its union.
pub(crate) async fn load(tx: &mut Tx, id: Uuid) -> AppResult<(Inspection, store::org::Org)> {
    let union_id = store::directory::owner(tx, store::directory::SAFETY_INSPECTION, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let i = db::get(tx, union_id, id).await?.ok_or_else(AppError::not_found)?;
    let union = load_union(tx, union_id.0).await?;
    Ok((i, union))
}

fn first(mut errors: Vec<domain::DomainError>) -> AppError {
    if errors.is_empty() { AppError::code(ErrorCode::InvalidValue) } else { AppError(errors.remove(0)) }
}

/// A finding as typed.
#[derive(Debug, Clone, Default)]
pub struct FindingInput {
    /// The checklist heading's code.
    pub item_code: String,
    pub description: String,
    /// minor | major | severe (or 一般 / 较重 / 严重).
    pub severity: String,
    pub deadline: Option<NaiveDate>,
}

fn severity(s: &str) -> AppResult<Severity> {
    Severity::parse(s).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            "severity",
            "隐患等级须为 minor（一般）、major（较重）或 severe（严重）",
        )
    })
}

/// An inspection as typed: results by checklist code, and the findings of
/// the day (which may also be added later).
#[derive(Debug, Clone, Default)]
pub struct InspectionInput {
    /// None: today.
    pub inspected_on: Option<NaiveDate>,
    pub scope: String,
    pub inspectors: String,
    pub note: String,
    /// (code, result as code or label, note).
    pub results: Vec<(String, String, String)>,
    pub findings: Vec<FindingInput>,
}

/// Records an inspection against the union's checklist as it stands today,
/// with its findings, each numbered as a rectification notice, in one
/// transaction.
pub async fn create(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    input: &InspectionInput,
) -> AppResult<(Inspection, Vec<Finding>)> {
    let mut results = Vec::with_capacity(input.results.len());
    for (code, result, note) in &input.results {
        let r = if result.trim().is_empty() {
            None
        } else {
            Some(ItemResult::parse(result).ok_or_else(|| {
                AppError::field(
                    ErrorCode::InvalidValue,
                    "results",
                    "检查结果须为 pass（符合）、fail（不符合）或 not_applicable（不涉及）",
                )
            })?)
        };
        results.push((code.clone(), r, note.clone()));
    }
    let inspected_on = input.inspected_on.unwrap_or_else(today);
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let checklist = settings::load(&mut tx, union_id).await?.checklist;
    let typed = NewInspection {
        inspected_on,
        scope: input.scope.clone(),
        inspectors: input.inspectors.clone(),
        note: input.note.clone(),
        results,
    };
    let checked = rules::validate_inspection(&typed, &checklist, today()).map_err(first)?;
    let mut findings = Vec::with_capacity(input.findings.len());
    for f in &input.findings {
        findings.push(check_finding(f, inspected_on, &checklist)?);
    }
    let now = store::now();
    let row = Inspection {
        union_id,
        id: Uuid::now_v7(),
        inspected_on,
        scope: checked.scope,
        inspectors: checked.inspectors,
        checklist: serde_json::to_string(&checked.items).map_err(|_| AppError::code(ErrorCode::Internal))?,
        note: checked.note,
        created_by: p.display_name.clone(),
        created_at: now,
        updated_at: now,
    };
    db::insert(&mut tx, &row).await?;
    store::directory::register(&mut tx, UnionId(union_id), store::directory::SAFETY_INSPECTION, row.id)
        .await?;
    let mut written = Vec::with_capacity(findings.len());
    for f in findings {
        written.push(insert_finding(&mut tx, &row, f).await?);
    }
    let failed = checked.items.iter().filter(|i| i.result == ItemResult::Fail).count();
    record(
        &mut tx,
        p.actor(),
        "inspection.create",
        format!("safety_inspection:{}", row.id),
        Some((union_id, &union.path)),
        format!(
            "劳动保护监督检查（{}，{}）：{}项不符合，发现隐患{}处",
            row.scope,
            domain::time::fmt_date(row.inspected_on),
            failed,
            written.len()
        ),
    )
    .await?;
    tx.commit().await?;
    Ok((row, written))
}

fn check_finding(
    f: &FindingInput,
    inspected_on: NaiveDate,
    checklist: &[rules::ChecklistItem],
) -> AppResult<NewFinding> {
    let typed = NewFinding {
        item_code: f.item_code.clone(),
        description: f.description.clone(),
        severity: severity(&f.severity)?,
        deadline: f.deadline,
    };
    rules::validate_finding(&typed, inspected_on, checklist).map_err(first)
}

async fn insert_finding(tx: &mut Tx, i: &Inspection, f: NewFinding) -> AppResult<Finding> {
    let now = store::now();
    let number = db::next_number(tx, UnionId(i.union_id)).await?;
    let row = Finding {
        union_id: i.union_id,
        id: Uuid::now_v7(),
        inspection_id: i.id,
        number,
        item_code: f.item_code,
        description: f.description,
        severity: f.severity.as_str().to_owned(),
        // validate_finding refuses a finding without one.
        deadline: f.deadline.unwrap_or(i.inspected_on),
        status: FindingStatus::Open.as_str().to_owned(),
        closed_on: None,
        closing_note: None,
        created_at: now,
        updated_at: now,
    };
    db::insert_finding(tx, &row).await.map_err(|e| {
        if store::is_unique_violation(&e) {
            AppError::field(ErrorCode::Conflict, "number", "同时有其他整改通知书编号，请重试")
        } else {
            e.into()
        }
    })?;
    Ok(row)
}

/// Adds a hazard found on the inspection, checked against the checklist
/// the inspection used (a heading dropped from the template since still
/// counts for it).
pub async fn add_finding(
    state: &AppState,
    p: &Principal,
    inspection_id: Uuid,
    input: &FindingInput,
) -> AppResult<Finding> {
    let mut tx = state.db.write().await?;
    let (i, union) = load(&mut tx, inspection_id).await?;
    let used: Vec<rules::ChecklistItem> = items_of(&i)
        .into_iter()
        .map(|c| rules::ChecklistItem { code: c.code, label: c.label, points: c.points })
        .collect();
    let f = check_finding(input, i.inspected_on, &used)?;
    let row = insert_finding(&mut tx, &i, f).await?;
    db::touch(&mut tx, UnionId(i.union_id), i.id, row.created_at).await?;
    record(
        &mut tx,
        p.actor(),
        "inspection.finding",
        format!("safety_inspection:{}", i.id),
        Some((i.union_id, &union.path)),
        format!(
            "发出整改通知书第{}号（{}隐患），整改期限{}",
            row.number,
            severity(&row.severity).map_or("", |s| s.label()),
            domain::time::fmt_date(row.deadline)
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

async fn load_finding(
    tx: &mut Tx,
    inspection_id: Uuid,
    finding_id: Uuid,
) -> AppResult<(Inspection, Finding, String)> {
    let (i, union) = load(tx, inspection_id).await?;
    let f = db::finding(tx, UnionId(i.union_id), i.id, finding_id).await?.ok_or_else(AppError::not_found)?;
    Ok((i, f, union.path))
}

/// A follow-up visit as typed.
#[derive(Debug, Clone, Default)]
pub struct FollowupInput {
    /// None: today.
    pub checked_on: Option<NaiveDate>,
    pub note: String,
    /// The employer has started rectifying (待整改 → 整改中).
    pub rectifying: bool,
}

/// Records a follow-up (复查); it may mark that rectification has begun.
pub async fn follow_up(
    state: &AppState,
    p: &Principal,
    inspection_id: Uuid,
    finding_id: Uuid,
    input: &FollowupInput,
) -> AppResult<(Finding, Followup)> {
    let checked_on = input.checked_on.unwrap_or_else(today);
    let mut tx = state.db.write().await?;
    let (i, mut f, path) = load_finding(&mut tx, inspection_id, finding_id).await?;
    let now_status = finding_status(&f);
    let note = rules::validate_followup(now_status, i.inspected_on, checked_on, &input.note, today())?;
    let now = store::now();
    if input.rectifying && now_status == FindingStatus::Open {
        f.status = rules::start_rectifying(now_status)?.as_str().to_owned();
        f.updated_at = now;
        if db::update_finding(&mut tx, &f, now_status.as_str()).await? == 0 {
            return Err(AppError::field(ErrorCode::Conflict, "status", "隐患已被他人处理，请刷新后再试"));
        }
    }
    let row = Followup {
        union_id: i.union_id,
        id: Uuid::now_v7(),
        finding_id: f.id,
        checked_on,
        note,
        recorded_by: p.display_name.clone(),
        at: now,
    };
    db::insert_followup(&mut tx, &row).await?;
    db::touch(&mut tx, UnionId(i.union_id), i.id, now).await?;
    record(
        &mut tx,
        p.actor(),
        "inspection.follow_up",
        format!("safety_inspection:{}", i.id),
        Some((i.union_id, &path)),
        format!("复查整改通知书第{}号：{}", f.number, row.note),
    )
    .await?;
    tx.commit().await?;
    Ok((f, row))
}

/// Closes a finding once the fix is checked (销号); the check is recorded
/// as the last follow-up. A second close is a conflict.
pub async fn close_finding(
    state: &AppState,
    p: &Principal,
    inspection_id: Uuid,
    finding_id: Uuid,
    checked_on: Option<NaiveDate>,
    note: &str,
) -> AppResult<Finding> {
    let checked_on = checked_on.unwrap_or_else(today);
    let mut tx = state.db.write().await?;
    let (i, mut f, path) = load_finding(&mut tx, inspection_id, finding_id).await?;
    let from = finding_status(&f);
    let next = rules::close_finding(from, i.inspected_on, checked_on, note)?;
    if checked_on > today() {
        return Err(AppError::field(ErrorCode::InvalidDate, "checked_on", "复查日期不能晚于今天"));
    }
    let now = store::now();
    f.status = next.as_str().to_owned();
    f.closed_on = Some(checked_on);
    f.closing_note = Some(note.trim().to_owned());
    f.updated_at = now;
    if db::update_finding(&mut tx, &f, from.as_str()).await? == 0 {
        return Err(AppError::field(ErrorCode::Conflict, "status", "隐患已被他人处理，请刷新后再试"));
    }
    let followup = Followup {
        union_id: i.union_id,
        id: Uuid::now_v7(),
        finding_id: f.id,
        checked_on,
        note: format!("整改完成，销号：{}", note.trim()),
        recorded_by: p.display_name.clone(),
        at: now,
    };
    db::insert_followup(&mut tx, &followup).await?;
    db::touch(&mut tx, UnionId(i.union_id), i.id, now).await?;
    record(
        &mut tx,
        p.actor(),
        "inspection.close_finding",
        format!("safety_inspection:{}", i.id),
        Some((i.union_id, &path)),
        format!("整改通知书第{}号隐患整改完成，销号", f.number),
    )
    .await?;
    tx.commit().await?;
    Ok(f)
}
