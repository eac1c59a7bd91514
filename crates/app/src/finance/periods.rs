//! Month close and reopening (结账、反结账), and the files attached to
//! vouchers.

use super::service::{load_voucher, posted_conflict};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;
use domain::UnionId;
use domain::finance::ledger::Period;
use domain::{ErrorCode, text};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// 结账 or 反结账. Closing needs no reviewed-but-unposted vouchers left;
/// reopening is the chair's, with a reason, and the auditor sees it.
pub async fn set_period(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    period: Period,
    close: bool,
    reason: Option<&str>,
) -> AppResult<()> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let key = period.to_string();
    let closed = store::finance::is_closed(&mut tx, UnionId(union_id), &key).await?;
    if closed == close {
        let m = if close { "该月份已结账" } else { "该月份未结账" };
        return Err(AppError::field(ErrorCode::Conflict, "period", m));
    }
    let reason = if close {
        text::line("reason", "说明", reason.unwrap_or(""), 200)?
    } else {
        Some(text::required_line("reason", "反结账原因", reason.unwrap_or(""), 200)?)
    };
    if close {
        let unposted = store::finance::unposted_in(&mut tx, UnionId(union_id), &key).await? > 0;
        if unposted {
            return Err(AppError::field(
                ErrorCode::VoucherState,
                "period",
                format!("{}还有未记账的凭证，请先记账或删除后再结账", period.label()),
            ));
        }
    }
    store::finance::set_closed(&mut tx, UnionId(union_id), &key, close, &p.display_name).await?;
    store::finance::add_period_event(
        &mut tx,
        &store::finance::PeriodEvent {
            union_id,
            id: Uuid::now_v7(),
            period: key.clone(),
            action: if close { "close" } else { "reopen" }.into(),
            reason: reason.clone(),
            actor_name: p.display_name.clone(),
            at: store::now(),
        },
    )
    .await?;
    let (action, summary) = if close {
        ("finance.period_close", format!("结账：{}", period.label()))
    } else {
        ("finance.period_reopen", format!("反结账：{}，原因：{}", period.label(), reason.unwrap_or_default()))
    };
    record(&mut tx, p.actor(), action, format!("period:{key}"), Some((union_id, &union.path)), summary)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn periods(
    state: &AppState,
    union_id: Uuid,
) -> AppResult<(Vec<String>, Vec<store::finance::PeriodEvent>)> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let closed = store::finance::closed_periods(&mut tx, UnionId(union_id)).await?;
    let events = store::finance::period_events(&mut tx, UnionId(union_id)).await?;
    Ok((closed, events))
}

/// Largest voucher attachment (a scan or a photo of a receipt).
pub const MAX_ATTACHMENT: usize = 10 * 1024 * 1024;

/// Attaches a file to a voucher that is not yet posted; its SHA-256 is kept
/// so the auditor can prove the file is the one filed.
pub async fn attach(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    voucher_id: Uuid,
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
) -> AppResult<store::finance::Attachment> {
    if bytes.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "file", "请选择要上传的附件"));
    }
    if bytes.len() > MAX_ATTACHMENT {
        return Err(AppError::field(ErrorCode::BodyTooLarge, "file", "附件不能超过10MB"));
    }
    let name = text::required_line("file", "文件名", file_name, 120)?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let v = load_voucher(&mut tx, union_id, voucher_id).await?;
    if v.status == "posted" {
        return Err(posted_conflict(&v));
    }
    let a = store::finance::Attachment {
        union_id,
        id: Uuid::now_v7(),
        voucher_id,
        file_name: name,
        content_type: content_type.chars().take(100).collect(),
        size: bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(bytes)),
        uploaded_by: p.display_name.clone(),
        uploaded_at: store::now(),
    };
    store::finance::insert_attachment(&mut tx, &a, bytes).await?;
    record(
        &mut tx,
        p.actor(),
        "finance.attachment_add",
        format!("voucher:{voucher_id}"),
        Some((union_id, &union.path)),
        format!("上传凭证附件：{}（SHA-256 {}）", a.file_name, &a.sha256[..16]),
    )
    .await?;
    tx.commit().await?;
    Ok(a)
}

pub async fn attachment(
    state: &AppState,
    union_id: Uuid,
    id: Uuid,
) -> AppResult<(store::finance::Attachment, Vec<u8>)> {
    let mut tx = state.db.read().await?;
    store::finance::attachment(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)
}
