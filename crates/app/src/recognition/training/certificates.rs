//! Certificates and qualifications (证书, 资格) with their validity, the
//! expiry warning list, and their evidence files (scans).

use chrono::{Duration, NaiveDate};
use domain::recognition::training::{NewCertificate, expiry_window, validate_certificate};
use domain::{ErrorCode, UnionId};
use store::Tx;
use store::recognition::files::EvidenceFile;
use store::recognition::training::Certificate;
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// The owner kind of a certificate's files.
pub const FILE_OWNER: &str = "certificate";

/// A certificate as typed.
#[derive(Debug, Clone)]
pub struct CertificateInput {
    pub member_id: Uuid,
    pub name: String,
    pub issuer: String,
    pub number: String,
    pub issued_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    /// The course that led to it, of this union.
    pub course_id: Option<Uuid>,
}

/// Records a certificate of a member of the union (404 naming `member_id`
/// or `course_id` for another union's ids).
pub async fn create(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    input: &CertificateInput,
) -> AppResult<Certificate> {
    let rules = validate_certificate(&NewCertificate {
        name: input.name.clone(),
        issuer: input.issuer.clone(),
        number: input.number.clone(),
        issued_on: input.issued_on,
        valid_until: input.valid_until,
    })
    .map_err(|mut e| AppError(e.remove(0)))?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let u = UnionId(union_id);
    let m = store::member::get(&mut tx, u, input.member_id)
        .await?
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "member_id", "本工会没有这名会员"))?;
    if let Some(c) = input.course_id
        && store::recognition::training::get(&mut tx, u, c).await?.is_none()
    {
        return Err(AppError::field(ErrorCode::NotFound, "course_id", "本工会没有这个培训课程"));
    }
    let row = Certificate {
        union_id,
        id: Uuid::now_v7(),
        member_id: m.id,
        name: rules.name,
        issuer: rules.issuer,
        number: rules.number,
        issued_on: rules.issued_on,
        valid_until: rules.valid_until,
        course_id: input.course_id,
        recorded_by: p.display_name.clone(),
        created_at: store::now(),
        member_name: m.name.clone(),
    };
    store::recognition::training::insert_certificate(&mut tx, u, &row).await?;
    let until = row
        .valid_until
        .map_or("长期有效".to_owned(), |d| format!("有效期至{}", domain::time::fmt_date(d)));
    record(
        &mut tx,
        p.actor(),
        "training.certificate",
        format!("certificate:{}", row.id),
        Some((union_id, &union.path)),
        format!("登记{}的证书“{}”（{}）", m.name, row.name, until),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// The union's certificates; with `expiring` (days), the warning list:
/// those expiring within that many days from today and those expired.
pub async fn list(state: &AppState, union_id: Uuid, expiring: Option<i64>) -> AppResult<Vec<Certificate>> {
    let until = match expiring {
        Some(d) => Some(super::today() + Duration::days(expiry_window(d).map_err(AppError)?)),
        None => None,
    };
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::recognition::training::certificates(&mut tx, UnionId(union_id), until).await?)
}

async fn load(tx: &mut Tx, union_id: Uuid, id: Uuid) -> AppResult<Certificate> {
    store::recognition::training::certificate(tx, UnionId(union_id), id)
        .await?
        .ok_or_else(AppError::not_found)
}

/// One certificate of the union with its files.
pub async fn get(state: &AppState, union_id: Uuid, id: Uuid) -> AppResult<(Certificate, Vec<EvidenceFile>)> {
    let c = {
        let mut tx = state.db.read().await?;
        load(&mut tx, union_id, id).await?
    };
    let files = crate::recognition::files::of(state, union_id, FILE_OWNER, id).await?;
    Ok((c, files))
}

/// Adds a scan of the certificate (image or PDF).
pub async fn add_file(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    file_name: &str,
    bytes: &[u8],
) -> AppResult<EvidenceFile> {
    let mut tx = state.db.write().await?;
    load(&mut tx, union_id, id).await?;
    let f = crate::recognition::files::add(&mut tx, p, union_id, FILE_OWNER, id, file_name, bytes).await?;
    tx.commit().await?;
    Ok(f)
}

/// The headers of the certificates ledger (证书台帐).
pub const LEDGER_HEADERS: [&str; 8] =
    ["姓名", "证书名称", "发证机构", "证书编号", "发证日期", "有效期至", "状态", "登记人"];

/// One line of the ledger on `today` with the warning window.
pub fn ledger_row(c: &Certificate, today: NaiveDate, window: i64) -> Vec<String> {
    let e = domain::recognition::training::expiry(c.valid_until, today, window);
    vec![
        c.member_name.clone(),
        c.name.clone(),
        c.issuer.clone(),
        c.number.clone(),
        domain::time::fmt_date(c.issued_on),
        c.valid_until.map_or("长期".to_owned(), domain::time::fmt_date),
        e.label(),
        c.recorded_by.clone(),
    ]
}

/// The ledger as .xlsx: (union name, bytes).
pub async fn ledger_xlsx(
    state: &AppState,
    union_id: Uuid,
    expiring: Option<i64>,
) -> AppResult<(String, Vec<u8>)> {
    let union = crate::org::union(state, union_id).await?;
    let rows = list(state, union_id, expiring).await?;
    let window = expiring.unwrap_or(domain::recognition::training::DEFAULT_EXPIRY_DAYS);
    let today = super::today();
    let rows = rows.iter().map(|c| ledger_row(c, today, window)).collect();
    let bytes = crate::activity::exports::xlsx("证书台帐", &LEDGER_HEADERS, rows).await?;
    Ok((union.name, bytes))
}
