//! The administrator's outbox (`OutboxView`): every union's deliveries,
//! queued, sent and failed, with the sender's error and attempts; retry.

use domain::ErrorCode;
use domain::me::notify::{Channel, Status};
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};

pub use store::me::notify::{Delivery, Listed, OutboxFilter};

/// The outbox with filters (status, channel, union), newest first; the
/// total; and the count of each status.
pub async fn list(
    state: &AppState,
    f: &OutboxFilter,
    page: store::Page,
) -> AppResult<(Vec<Listed>, i64, Vec<(String, i64)>)> {
    if let Some(s) = &f.status
        && Status::parse(s).is_none()
    {
        return Err(AppError::field(ErrorCode::InvalidQuery, "status", "状态只能是 queued、sent 或 failed"));
    }
    if let Some(c) = &f.channel
        && Channel::parse(c).is_none()
    {
        return Err(AppError::field(ErrorCode::InvalidQuery, "channel", "渠道只能是 email 或 webhook"));
    }
    let mut tx = state.db.read().await?;
    let (rows, total) = store::me::notify::outbox(&mut tx, f, page).await?;
    let counts = store::me::notify::outbox_counts(&mut tx).await?;
    Ok((rows, total, counts))
}

/// Sends one delivery again now (queued or failed); answers it as it
/// stands after the attempt.
pub async fn retry(state: &AppState, p: &Principal, id: Uuid) -> AppResult<Delivery> {
    let before = {
        let mut tx = state.db.read().await?;
        store::me::notify::delivery(&mut tx, id).await?.ok_or_else(AppError::not_found)?
    };
    if before.status == Status::Sent.as_str() {
        return Err(AppError::field(ErrorCode::Conflict, "status", "该消息已发送，无需重试"));
    }
    let Some(_report) = super::drain::send_one(state, id).await? else {
        return Err(AppError::field(ErrorCode::Conflict, "status", "该消息正在发送或已发送，请稍后刷新查看"));
    };
    let mut tx = state.db.write().await?;
    let after = store::me::notify::delivery(&mut tx, id).await?.ok_or_else(AppError::not_found)?;
    let outcome = match Status::parse(&after.status) {
        Some(Status::Sent) => "已发送".to_owned(),
        _ => format!("未送达：{}", after.last_error.as_deref().unwrap_or("")),
    };
    record(
        &mut tx,
        p.actor(),
        "outbox.retry",
        format!("outbox:{id}"),
        None,
        format!("重试发送（{}，第{}次）：{outcome}", channel_label(&after.channel), after.attempts),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

pub fn channel_label(c: &str) -> &'static str {
    Channel::parse(c).map_or("", |c| c.label())
}

pub fn status_label(s: &str) -> &'static str {
    Status::parse(s).map_or("", |s| s.label())
}
