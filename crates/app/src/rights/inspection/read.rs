//! Reading inspections: one with its checklist, findings and follow-ups;
//! the union's list; the findings list (open, overdue); the lists as
//! spreadsheet rows; and the rectification notice of one finding.

use chrono::NaiveDate;
use domain::UnionId;
use domain::rights::inspection::{CheckedItem, FindingStatus, Severity, overdue};
use store::rights::inspection as db;
use uuid::Uuid;

use super::{Finding, Followup, Inspection, Listed, ListedFinding, finding_status, items_of, load, today};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// A finding with its follow-ups and whether it is overdue today.
#[derive(Debug, Clone)]
pub struct FindingView {
    pub finding: Finding,
    pub item_label: String,
    pub followups: Vec<Followup>,
    pub overdue: bool,
}

#[derive(Debug, Clone)]
pub struct InspectionView {
    pub inspection: Inspection,
    pub union_name: String,
    pub items: Vec<CheckedItem>,
    pub findings: Vec<FindingView>,
    /// From the findings (`domain::rights::inspection::inspection_status`).
    pub status: FindingStatus,
}

pub fn label_of(items: &[CheckedItem], code: &str) -> String {
    items.iter().find(|i| i.code == code).map_or_else(|| code.to_owned(), |i| i.label.clone())
}

pub fn severity_label(s: &str) -> &'static str {
    Severity::parse(s).map_or("", |s| s.label())
}

pub fn status_label(s: &str) -> &'static str {
    FindingStatus::parse(s).map_or("", |s| s.label())
}

pub async fn get(state: &AppState, inspection_id: Uuid) -> AppResult<InspectionView> {
    let mut tx = state.db.read().await?;
    let (i, union) = load(&mut tx, inspection_id).await?;
    let u = UnionId(i.union_id);
    let findings = db::findings_of(&mut tx, u, i.id).await?;
    let followups = db::followups_of(&mut tx, u, i.id).await?;
    let items = items_of(&i);
    let at = today();
    let status = domain::rights::inspection::inspection_status(
        &findings.iter().map(finding_status).collect::<Vec<_>>(),
    );
    let findings = findings
        .into_iter()
        .map(|f| FindingView {
            item_label: label_of(&items, &f.item_code),
            followups: followups.iter().filter(|x| x.finding_id == f.id).cloned().collect(),
            overdue: overdue(finding_status(&f), f.deadline, at),
            finding: f,
        })
        .collect();
    Ok(InspectionView { inspection: i, union_name: union.name, items, findings, status })
}

/// The union's inspections (one year's, when given), with counts.
pub async fn list(state: &AppState, union_id: Uuid, year: Option<i32>) -> AppResult<Vec<Listed>> {
    let (from, to) = match year {
        None => (None, None),
        Some(y) => {
            let bad = || AppError::field(domain::ErrorCode::InvalidValue, "year", "年份应在2000至2100之间");
            if !(2000..=2100).contains(&y) {
                return Err(bad());
            }
            (NaiveDate::from_ymd_opt(y, 1, 1), NaiveDate::from_ymd_opt(y, 12, 31))
        }
    };
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(db::list(&mut tx, UnionId(union_id), from, to, today()).await?)
}

/// The union's findings: overdue ones (open past their deadline today),
/// open ones, or all.
pub async fn findings(
    state: &AppState,
    union_id: Uuid,
    overdue_only: bool,
    open_only: bool,
) -> AppResult<Vec<ListedFinding>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let on = overdue_only.then(today);
    Ok(db::findings(&mut tx, UnionId(union_id), open_only, on).await?)
}

pub const INSPECTION_HEADERS: [&str; 8] =
    ["检查日期", "检查范围", "检查人员", "不符合项", "发现隐患", "未整改", "逾期未整改", "记录人"];

pub async fn inspections_sheet(
    state: &AppState,
    union_id: Uuid,
    year: Option<i32>,
) -> AppResult<(String, Vec<Vec<String>>)> {
    let union = crate::org::union(state, union_id).await?;
    let rows = list(state, union_id, year).await?;
    let rows = rows
        .into_iter()
        .map(|r| {
            let failed: Vec<String> = items_of(&r.inspection)
                .into_iter()
                .filter(|i| i.result == domain::rights::inspection::ItemResult::Fail)
                .map(|i| i.label)
                .collect();
            vec![
                domain::time::fmt_date(r.inspection.inspected_on),
                r.inspection.scope,
                r.inspection.inspectors,
                failed.join("、"),
                r.findings.to_string(),
                r.open_findings.to_string(),
                r.overdue_findings.to_string(),
                r.inspection.created_by,
            ]
        })
        .collect();
    Ok((union.name, rows))
}

pub const FINDING_HEADERS: [&str; 9] =
    ["通知书编号", "检查日期", "检查范围", "检查项目", "隐患描述", "等级", "整改期限", "状态", "销号日期"];

/// The findings as spreadsheet rows. The heading's label is the code when
/// the list has no inspection at hand; the checklist labels come from the
/// union's template.
pub async fn findings_sheet(
    state: &AppState,
    union_id: Uuid,
    overdue_only: bool,
    open_only: bool,
) -> AppResult<(String, Vec<Vec<String>>)> {
    let union = crate::org::union(state, union_id).await?;
    let labels = {
        let mut tx = state.db.read().await?;
        crate::rights::settings::load(&mut tx, union_id).await?.checklist
    };
    let rows = findings(state, union_id, overdue_only, open_only).await?;
    let at = today();
    let rows = rows
        .into_iter()
        .map(|r| {
            let f = r.finding;
            let late = overdue(finding_status(&f), f.deadline, at);
            let label = labels
                .iter()
                .find(|l| l.code == f.item_code)
                .map_or(f.item_code.clone(), |l| l.label.clone());
            vec![
                format!("第{}号", f.number),
                domain::time::fmt_date(r.inspected_on),
                r.scope,
                label,
                f.description,
                severity_label(&f.severity).to_owned(),
                domain::time::fmt_date(f.deadline),
                format!("{}{}", status_label(&f.status), if late { "（逾期）" } else { "" }),
                f.closed_on.map(domain::time::fmt_date).unwrap_or_default(),
            ]
        })
        .collect();
    Ok((union.name, rows))
}

/// One finding with its inspection (the 整改通知书).
pub async fn notice(
    state: &AppState,
    inspection_id: Uuid,
    finding_id: Uuid,
) -> AppResult<(InspectionView, FindingView)> {
    let view = get(state, inspection_id).await?;
    let f =
        view.findings.iter().find(|f| f.finding.id == finding_id).cloned().ok_or_else(AppError::not_found)?;
    Ok((view, f))
}

/// The union's checklist template as it stands (the new-inspection form).
pub async fn checklist(
    state: &AppState,
    union_id: Uuid,
) -> AppResult<Vec<domain::rights::inspection::ChecklistItem>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(crate::rights::settings::load(&mut tx, union_id).await?.checklist)
}
