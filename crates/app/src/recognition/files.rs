//! Evidence files of suggestions (验收材料), honours (证书扫描件) and
//! certificates: images or PDFs, at most [`MAX_EVIDENCE`] bytes, their type
//! read from the bytes rather than the name. Each area checks that the
//! record exists and who may add to it, then calls [`add`] in its own
//! transaction.

use domain::{ErrorCode, UnionId, text};
use sha2::{Digest, Sha256};
use store::Tx;
use store::recognition::files::EvidenceFile;
use uuid::Uuid;

use crate::AppState;
use crate::activity::cost::image_type;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// The largest evidence file: 10 MB, as for care documents.
pub const MAX_EVIDENCE: usize = 10 * 1024 * 1024;

/// The owners a file may belong to.
pub const OWNER_KINDS: [&str; 3] = ["suggestion", "honour", "certificate"];

/// The type of an evidence upload from its first bytes: an image or a PDF.
pub fn evidence_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") { Some("application/pdf") } else { image_type(bytes) }
}

/// Checks and stores a file of `owner_kind` / `owner_id` (which the caller
/// has found in this union), with an audit entry; in the caller's
/// transaction.
pub async fn add(
    tx: &mut Tx,
    p: &Principal,
    union_id: Uuid,
    owner_kind: &'static str,
    owner_id: Uuid,
    file_name: &str,
    bytes: &[u8],
) -> AppResult<EvidenceFile> {
    debug_assert!(OWNER_KINDS.contains(&owner_kind));
    if bytes.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "file", "请选择要上传的文件"));
    }
    if bytes.len() > MAX_EVIDENCE {
        return Err(AppError::field(
            ErrorCode::BodyTooLarge,
            "file",
            format!("文件不能超过10MB，这个文件有{:.1}MB", bytes.len() as f64 / 1_048_576.0),
        ));
    }
    let content_type = evidence_type(bytes).ok_or_else(|| {
        AppError::field(ErrorCode::InvalidValue, "file", "只能上传图片（JPEG、PNG、GIF、WebP）或PDF文件")
    })?;
    let name = text::required_line("file", "文件名", file_name, 120)?;
    let union = load_union(tx, union_id).await?;
    let f = EvidenceFile {
        union_id,
        id: Uuid::now_v7(),
        owner_kind: owner_kind.into(),
        owner_id,
        file_name: name,
        content_type: content_type.into(),
        size: bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(bytes)),
        uploaded_by: p.display_name.clone(),
        uploaded_at: store::now(),
    };
    store::recognition::files::insert(tx, UnionId(union_id), &f, bytes).await?;
    record(
        tx,
        p.actor(),
        "recognition.file",
        format!("{owner_kind}:{owner_id}"),
        Some((union_id, &union.path)),
        format!("上传{}（{}字节，SHA-256 {}）", f.file_name, f.size, &f.sha256[..12]),
    )
    .await?;
    Ok(f)
}

/// The files of one record.
pub async fn of(
    state: &AppState,
    union_id: Uuid,
    owner_kind: &str,
    owner_id: Uuid,
) -> AppResult<Vec<EvidenceFile>> {
    let mut tx = state.db.read().await?;
    Ok(store::recognition::files::of(&mut tx, UnionId(union_id), owner_kind, owner_id).await?)
}

/// One file with its content, for a download; 404 unless it belongs to
/// `owner_kind` / `owner_id` of this union (the route names the owner).
pub async fn download(
    state: &AppState,
    union_id: Uuid,
    owner_kind: &str,
    owner_id: Uuid,
    id: Uuid,
) -> AppResult<(EvidenceFile, Vec<u8>)> {
    let mut tx = state.db.read().await?;
    let (f, content) = store::recognition::files::get(&mut tx, UnionId(union_id), id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if f.owner_kind != owner_kind || f.owner_id != owner_id {
        return Err(AppError::not_found());
    }
    Ok((f, content))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_is_an_image_or_a_pdf_by_its_bytes() {
        assert_eq!(evidence_type(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(evidence_type(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(evidence_type(b"PK\x03\x04 a docx"), None);
        assert_eq!(evidence_type(b""), None);
    }
}
