//! The disclosure board's rules in the server: publishing (by hand, or by
//! another area inside its own transaction), withdrawal, members' feedback.

use domain::ErrorCode;
use domain::UnionId;
use domain::auth::Perm;
use domain::disclosure::{self, Category};
use store::Tx;
use store::disclosure::{Feedback, Item};
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// What another area hands over to publish.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub category: Category,
    pub title: String,
    pub period: String,
    pub body: String,
    /// What produced it ("care_aid:2026", "ballot:<id>"): one item per
    /// source stays on the board; publishing it again withdraws the old one.
    pub source: Option<String>,
}

/// Publishes in the caller's transaction, so an area's change and its
/// disclosure land together or not at all. A source published before is
/// replaced: the old item is withdrawn ("已更新") and stays on record.
pub async fn publish(tx: &mut Tx, p: &Principal, union_id: Uuid, n: NewItem) -> AppResult<Item> {
    let union = load_union(tx, union_id).await?;
    let checked = disclosure::Item::parse(n.category.as_str(), &n.title, &n.period, &n.body)?;
    if let Some(src) = &n.source {
        store::disclosure::withdraw_source(tx, UnionId(union_id), src, &p.display_name, "已发布更新后的内容")
            .await?;
    }
    let item = Item {
        union_id,
        id: Uuid::now_v7(),
        category: checked.category.as_str().into(),
        title: checked.title,
        period: checked.period,
        body: checked.body,
        source: n.source,
        published_by: p.display_name.clone(),
        published_at: store::now(),
        withdrawn_by: None,
        withdrawn_at: None,
        withdraw_reason: None,
    };
    store::disclosure::insert(tx, &item).await?;
    record(
        tx,
        p.actor(),
        "disclosure.publish",
        format!("disclosure:{}", item.id),
        Some((union_id, &union.path)),
        format!("在公开栏发布“{}”（{}，{}）", item.title, checked.category.label(), item.period),
    )
    .await?;
    Ok(item)
}

/// Publishes an item typed by an officer.
pub async fn create(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    category: &str,
    title: &str,
    period: &str,
    body: &str,
) -> AppResult<Item> {
    let checked = disclosure::Item::parse(category, title, period, body)?;
    let mut tx = state.db.write().await?;
    let item = publish(
        &mut tx,
        p,
        union_id,
        NewItem {
            category: checked.category,
            title: checked.title,
            period: checked.period,
            body: checked.body,
            source: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(item)
}

/// Whether the caller keeps this union's board (and so sees withdrawn
/// items and everyone's feedback).
pub async fn may_publish(state: &AppState, p: &Principal, union_id: Uuid) -> AppResult<bool> {
    let mut tx = state.db.read().await?;
    keeper(&mut tx, p, union_id).await
}

async fn keeper(tx: &mut Tx, p: &Principal, union_id: Uuid) -> AppResult<bool> {
    let union = load_union(tx, union_id).await?;
    Ok(p.can(Perm::DisclosurePublish, Some(&union.path)))
}

pub async fn list(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    category: Option<&str>,
) -> AppResult<Vec<Item>> {
    let category = match category.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => Some(Category::parse(c).ok_or_else(|| {
            AppError::field(ErrorCode::InvalidQuery, "category", format!("公开类别“{c}”不存在"))
        })?),
        None => None,
    };
    let mut tx = state.db.read().await?;
    let keeper = keeper(&mut tx, p, union_id).await?;
    Ok(store::disclosure::list(&mut tx, UnionId(union_id), category.map(Category::as_str), keeper).await?)
}

/// An item with its feedback: everyone's for the board's keepers, one's own
/// otherwise. A withdrawn item is gone for members (404).
pub async fn get(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
) -> AppResult<(Item, Vec<Feedback>)> {
    let mut tx = state.db.read().await?;
    let keeper = keeper(&mut tx, p, union_id).await?;
    let item = store::disclosure::get(&mut tx, UnionId(union_id), id)
        .await?
        .filter(|i| keeper || i.withdrawn_at.is_none())
        .ok_or_else(AppError::not_found)?;
    let feedback =
        store::disclosure::feedback(&mut tx, UnionId(union_id), id, (!keeper).then_some(p.user_id)).await?;
    Ok((item, feedback))
}

pub async fn withdraw(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    reason: &str,
) -> AppResult<Item> {
    let reason = disclosure::parse_withdraw_reason(reason)?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let item =
        store::disclosure::get(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    if store::disclosure::withdraw(&mut tx, UnionId(union_id), id, &p.display_name, &reason).await? == 0 {
        return Err(AppError::field(ErrorCode::Conflict, "status", format!("“{}”已撤回", item.title)));
    }
    record(
        &mut tx,
        p.actor(),
        "disclosure.withdraw",
        format!("disclosure:{id}"),
        Some((union_id, &union.path)),
        format!("撤回公开栏“{}”，原因：{reason}", item.title),
    )
    .await?;
    let item =
        store::disclosure::get(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    tx.commit().await?;
    Ok(item)
}

/// A member's feedback on a published item.
pub async fn add_feedback(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    body: &str,
) -> AppResult<Feedback> {
    let body = disclosure::parse_feedback(body)?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let item = store::disclosure::get(&mut tx, UnionId(union_id), id)
        .await?
        .filter(|i| i.withdrawn_at.is_none())
        .ok_or_else(AppError::not_found)?;
    let f = Feedback {
        union_id,
        id: Uuid::now_v7(),
        item_id: id,
        user_id: p.user_id,
        author: p.display_name.clone(),
        body,
        at: store::now(),
    };
    store::disclosure::insert_feedback(&mut tx, &f).await?;
    record(
        &mut tx,
        p.actor(),
        "disclosure.feedback",
        format!("disclosure:{id}"),
        Some((union_id, &union.path)),
        format!("对公开栏“{}”提出意见", item.title),
    )
    .await?;
    tx.commit().await?;
    Ok(f)
}
