//! Evidence files of suggestions, honours and certificates
//! (`recognition_files`): the metadata lists without the content; the
//! content is read alone, for a download.

use chrono::{DateTime, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

#[derive(Debug, Clone, FromRow)]
pub struct EvidenceFile {
    pub union_id: Uuid,
    pub id: Uuid,
    /// 'suggestion' | 'honour' | 'certificate'.
    pub owner_kind: String,
    pub owner_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

const COLS: &str =
    "union_id, id, owner_kind, owner_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at";

#[tracing::instrument(level = "debug", name = "recognition::files::insert", skip_all, fields(union = %union_id))]
pub async fn insert(tx: &mut Tx, union_id: UnionId, f: &EvidenceFile, content: &[u8]) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO recognition_files (union_id, id, owner_kind, owner_id, file_name, \
        content_type, size, sha256, content, uploaded_by, uploaded_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        )
        .bind(union_id.0)
        .bind(f.id)
        .bind(&f.owner_kind)
        .bind(f.owner_id)
        .bind(&f.file_name)
        .bind(&f.content_type)
        .bind(f.size)
        .bind(&f.sha256)
        .bind(content)
        .bind(&f.uploaded_by)
        .bind(f.uploaded_at)
    )?;
    Ok(())
}

/// The files of one record, oldest first.
#[tracing::instrument(level = "debug", name = "recognition::files::of", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn of(
    tx: &mut Tx,
    union_id: UnionId,
    owner_kind: &str,
    owner_id: Uuid,
) -> Result<Vec<EvidenceFile>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {COLS} FROM recognition_files WHERE union_id = $1 AND owner_kind = $2 AND owner_id = $3 \
             ORDER BY uploaded_at, id"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(owner_kind).bind(owner_id).fetch_all(c).await)
    })
    .await
}

/// One file with its content.
#[tracing::instrument(level = "debug", name = "recognition::files::get", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<(EvidenceFile, Vec<u8>)>> {
    crate::counted(async move {
        let sql = format!("SELECT {COLS} FROM recognition_files WHERE union_id = $1 AND id = $2");
        let f: Option<EvidenceFile> =
            on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)?;
        let Some(f) = f else { return Ok(None) };
        let content: Vec<u8> = on!(tx, c => sqlx::query_scalar(
            "SELECT content FROM recognition_files WHERE union_id = $1 AND id = $2")
            .bind(union_id.0).bind(id).fetch_one(c).await)?;
        Ok(Some((f, content)))
    })
    .await
}
