//! The register out: the .xlsx export (in the import template's columns,
//! so an exported register can be edited and imported back) and the blank
//! template.

use domain::rights::employer::{Column, Ownership};
use uuid::Uuid;

use super::{Employer, Filter};
use crate::AppState;
use crate::error::{AppError, AppResult};
use domain::ErrorCode;

/// The headers of the template and the export, in the import's columns.
pub fn headers() -> Vec<&'static str> {
    Column::ALL.iter().map(|c| c.label()).collect()
}

/// An employer's cells under [`headers`].
pub fn cells(e: &Employer) -> Vec<String> {
    vec![
        e.name.clone(),
        e.credit_code.clone(),
        Ownership::parse(&e.ownership).map_or_else(|| e.ownership.clone(), |o| o.label().to_owned()),
        e.staff.to_string(),
        e.women.to_string(),
        e.migrant_workers.to_string(),
        e.covered_by_name.clone().unwrap_or_default(),
    ]
}

async fn write(sheet_name: &'static str, rows: Vec<Vec<String>>) -> AppResult<Vec<u8>> {
    tokio::task::spawn_blocking(move || sheet::write_xlsx(sheet_name, &headers(), &rows))
        .await?
        .map_err(|e| AppError::field(ErrorCode::Internal, "file", e.message()))
}

/// The filtered register as .xlsx, and the register's name.
pub async fn register_xlsx(state: &AppState, org_id: Uuid, f: &Filter) -> AppResult<(String, Vec<u8>)> {
    let (org, rows) = super::all(state, org_id, f).await?;
    let rows = rows.iter().map(cells).collect();
    Ok((org.name, write("企业名录", rows).await?))
}

/// The blank import template.
pub async fn template_xlsx() -> AppResult<Vec<u8>> {
    write("企业名录", Vec::new()).await
}
