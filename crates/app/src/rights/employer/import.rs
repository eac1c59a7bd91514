//! Importing the register from Excel or CSV (like the roster import): find
//! the header row, check every row, report each bad row with its number and
//! reasons, and write all rows or none — or, at the user's choice, the good
//! rows — in one transaction. A credit code already in the register updates
//! that row. What needs the database (the codes already registered, the
//! unions that may cover an employer) is read once before the rows are
//! judged, and rows are written many per statement: 20,000 rows are a few
//! dozen statements.

use std::collections::HashMap;

use domain::rights::employer::{self as rules, Column, find_header_row, row_of};
use domain::{ErrorCode, UnionId};
use uuid::Uuid;

use super::{Employer, load_register};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};

/// How an import runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Check and report only; write nothing.
    pub dry_run: bool,
    /// Write the good rows even when others are bad (the user's choice);
    /// by default one bad row writes nothing.
    pub skip_bad_rows: bool,
}

/// A row that cannot be imported.
#[derive(Debug, Clone)]
pub struct RejectedRow {
    /// The spreadsheet's own row number (1-based, as Excel shows it).
    pub row: usize,
    pub name: String,
    pub credit_code: String,
    /// (field, Chinese reason), every fault of the row.
    pub errors: Vec<(String, String)>,
}

impl RejectedRow {
    /// The reasons in one sentence.
    pub fn message(&self) -> String {
        self.errors.iter().map(|(_, m)| m.as_str()).collect::<Vec<_>>().join("；")
    }
}

/// What an import found and did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Data rows in the file (empty rows not counted).
    pub rows: usize,
    /// New employers (written, or that would be with a dry run or once the
    /// bad rows are fixed).
    pub created: usize,
    /// Employers already registered under their credit code, updated.
    pub updated: usize,
    pub rejected: Vec<RejectedRow>,
    /// Whether anything was written.
    pub written: bool,
    pub dry_run: bool,
    pub skip_bad_rows: bool,
}

/// Reads the file into rows of text (limits on size, rows, columns and
/// decompression are the `sheet` crate's).
fn read(filename: &str, bytes: &[u8]) -> AppResult<sheet::Table> {
    sheet::read_table(filename, bytes, &sheet::Limits::default())
        .map_err(|e| AppError::field(ErrorCode::InvalidValue, "file", e.message()))
}

/// A row judged on its own (before the register is looked at).
struct Judged {
    row: usize,
    name: String,
    code: String,
    verdict: Result<rules::Employer, Vec<(String, String)>>,
    covered_by: String,
}

/// Reads and checks every row off the async threads.
fn judge_file(filename: String, bytes: Vec<u8>) -> AppResult<(Vec<Judged>, bool)> {
    let table = read(&filename, &bytes)?;
    drop(bytes);
    let (header, columns) = find_header_row(&table.rows).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            "file",
            "找不到表头行：前20行中没有同时包含“单位名称”和“统一社会信用代码”的行。请使用导入模板",
        )
    })?;
    let has_covered = columns.contains(&Some(Column::CoveredBy));
    let judged = table
        .rows
        .iter()
        .enumerate()
        .skip(header + 1)
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, cells)| {
            let (r, covered_by) = row_of(cells, &columns);
            let verdict = rules::validate_row(&r).map_err(|errs| {
                errs.into_iter().map(|e| (e.field.unwrap_or_default(), e.message)).collect::<Vec<_>>()
            });
            Judged {
                row: i + 1,
                name: r.name.trim().to_owned(),
                code: r.credit_code.trim().to_owned(),
                verdict,
                covered_by,
            }
        })
        .collect();
    Ok((judged, has_covered))
}

/// The unions of the register's subtree by credit code and by name (a name
/// two unions share finds both).
struct Unions {
    by_code: HashMap<String, Uuid>,
    by_name: HashMap<String, Vec<Uuid>>,
}

impl Unions {
    fn new(list: Vec<super::UnionRef>) -> Self {
        let mut u = Unions { by_code: HashMap::new(), by_name: HashMap::new() };
        for (id, name, code) in list {
            if let Some(c) = code {
                u.by_code.insert(c, id);
            }
            u.by_name.entry(name).or_default().push(id);
        }
        u
    }

    /// The union a 所属工会 cell names: its credit code or its exact name.
    fn find(&self, cell: &str) -> Result<Uuid, String> {
        if let Ok(code) = domain::org::parse_credit_code(cell)
            && let Some(id) = self.by_code.get(&code)
        {
            return Ok(*id);
        }
        match self.by_name.get(cell).map(Vec::as_slice) {
            Some([one]) => Ok(*one),
            Some(_) => Err(format!("所属工会“{cell}”有重名，请改填该工会的统一社会信用代码")),
            None => Err(format!("所属工会“{cell}”不存在，或不在本名录的管辖范围内")),
        }
    }
}

/// Imports a register file into the register kept by `org_id` (a
/// federation or a union). Every bad row is reported with its row number
/// and reasons; with a bad row nothing is written unless
/// `skip_bad_rows`; a credit code already registered updates that row.
/// The benchmark calls this as the pages and the API do.
pub async fn import(
    state: &AppState,
    p: &Principal,
    org_id: Uuid,
    bytes: Vec<u8>,
    filename: &str,
    options: ImportOptions,
) -> AppResult<ImportReport> {
    let name = filename.to_owned();
    let (judged, has_covered) = tokio::task::spawn_blocking(move || judge_file(name, bytes)).await??;

    let mut tx = if options.dry_run { state.db.read().await? } else { state.db.write().await? };
    let register = load_register(&mut tx, org_id).await?;
    let known: HashMap<String, (Uuid, chrono::DateTime<chrono::Utc>, String)> =
        store::rights::employer::codes(&mut tx, UnionId(org_id))
            .await?
            .into_iter()
            .map(|(code, id, at, by)| (code, (id, at, by)))
            .collect();
    let unions = Unions::new(store::rights::employer::unions_under(&mut tx, &register.path).await?);
    // Without a 所属工会 column, an update keeps the covering union it had.
    let kept: HashMap<Uuid, Option<Uuid>> = if has_covered || known.is_empty() {
        HashMap::new()
    } else {
        store::rights::employer::all(&mut tx, UnionId(org_id), &Default::default())
            .await?
            .into_iter()
            .map(|e| (e.id, e.covered_by_union_id))
            .collect()
    };

    let mut report = ImportReport {
        rows: judged.len(),
        dry_run: options.dry_run,
        skip_bad_rows: options.skip_bad_rows,
        ..Default::default()
    };
    let mut first_row_of: HashMap<String, usize> = HashMap::new();
    let (mut fresh, mut changed) = (Vec::new(), Vec::new());
    let now = store::now();
    for j in judged {
        let mut errors = match &j.verdict {
            Ok(_) => Vec::new(),
            Err(e) => e.clone(),
        };
        let covered = match j.covered_by.as_str() {
            "" => None,
            cell => match unions.find(cell) {
                Ok(id) => Some(id),
                Err(m) => {
                    errors.push(("covered_by_union_id".to_owned(), m));
                    None
                }
            },
        };
        if let Ok(e) = &j.verdict {
            if let Some(first) = first_row_of.get(&e.credit_code) {
                errors.push(("credit_code".to_owned(), format!("统一社会信用代码与第{first}行重复")));
            } else {
                first_row_of.insert(e.credit_code.clone(), j.row);
            }
        }
        let e = match j.verdict {
            Ok(e) if errors.is_empty() => e,
            _ => {
                report.rejected.push(RejectedRow { row: j.row, name: j.name, credit_code: j.code, errors });
                continue;
            }
        };
        let (id, created_at, created_by, is_new) = match known.get(&e.credit_code) {
            Some((id, at, by)) => (*id, *at, by.clone(), false),
            None => (Uuid::now_v7(), now, p.display_name.clone(), true),
        };
        let covered = if has_covered { covered } else { kept.get(&id).copied().flatten() };
        let row = Employer {
            union_id: org_id,
            id,
            credit_code: e.credit_code,
            name: e.name,
            ownership: e.ownership.as_str().to_owned(),
            staff: i64::from(e.staff),
            women: i64::from(e.women),
            migrant_workers: i64::from(e.migrant_workers),
            covered_by_union_id: covered,
            covered_by_name: None,
            created_by,
            created_at,
            updated_at: now,
        };
        if is_new { fresh.push(row) } else { changed.push(row) }
    }
    report.created = fresh.len();
    report.updated = changed.len();
    let blocked = !report.rejected.is_empty() && !options.skip_bad_rows;
    if options.dry_run || blocked || (fresh.is_empty() && changed.is_empty()) {
        return Ok(report);
    }
    store::rights::employer::insert_many(&mut tx, UnionId(org_id), &fresh).await.map_err(|e| {
        if store::is_unique_violation(&e) {
            AppError::field(ErrorCode::Conflict, "file", "导入期间有人同时登记了其中的企业，请重新导入")
        } else {
            e.into()
        }
    })?;
    store::rights::employer::update_many(&mut tx, UnionId(org_id), &changed).await?;
    let skipped = if report.rejected.is_empty() {
        String::new()
    } else {
        format!("，{}行有误未导入", report.rejected.len())
    };
    record(
        &mut tx,
        p.actor(),
        "employer.import",
        format!("org:{org_id}"),
        Some((org_id, &register.path)),
        format!("从“{filename}”导入企业名录：新登记{}家，更新{}家{skipped}", report.created, report.updated),
    )
    .await?;
    tx.commit().await?;
    report.written = true;
    Ok(report)
}
