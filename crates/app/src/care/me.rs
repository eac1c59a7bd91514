//! A member's own care record (PIPL §44–45: a person may see their data),
//! reached through the link between a login and a member; the link itself
//! (service and API).

use domain::ErrorCode;
use domain::UnionId;
use store::care::Claim;
use uuid::Uuid;

use super::files::{FileView, unseal};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// The answer for a user id that may not be linked here: the same whether
/// the account does not exist, belongs to another union or is the admin, so
/// it tells nothing about which ids exist.
fn no_such_user() -> AppError {
    AppError::field(ErrorCode::NotFound, "user_id", "账号不存在")
}

/// Links a login to a member of the union. The account must belong to the
/// union (a role in it, or already linked to one of its members) and not be
/// the admin. An existing link of either side is replaced only when asked,
/// and only inside this union; a replacement is audited as such.
pub async fn link(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    member_id: Uuid,
    user_id: Uuid,
    replace: bool,
) -> AppResult<()> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let m =
        store::member::get(&mut tx, UnionId(union_id), member_id).await?.ok_or_else(AppError::not_found)?;
    if store::auth::accounts_in_union(&mut tx, UnionId(union_id), &union.path, &[user_id]).await?.is_empty()
        || store::auth::is_admin(&mut tx, user_id).await?
    {
        return Err(no_such_user());
    }
    let user = store::auth::user_by_id(&mut tx, user_id).await?.ok_or_else(no_such_user)?;
    let user_link = store::auth::member_of_user(&mut tx, user_id).await?;
    if user_link == Some((union_id, member_id)) {
        return Ok(());
    }
    let member_link = store::democracy::user_of_member(&mut tx, UnionId(union_id), member_id).await?;
    let mut old = Vec::new();
    if let Some((lu, lm)) = user_link {
        if lu != union_id {
            return Err(AppError::field(
                ErrorCode::Conflict,
                "user_id",
                format!("账号{}已关联其他工会的会员，不能改为关联本会会员", user.username),
            ));
        }
        let name =
            store::member::get(&mut tx, UnionId(union_id), lm).await?.map(|o| o.name).unwrap_or_default();
        old.push(format!("账号{}原关联会员{}", user.username, name));
    }
    if let Some(lu) = member_link {
        let name = store::auth::user_by_id(&mut tx, lu).await?.map(|u| u.username).unwrap_or_default();
        old.push(format!("会员{}原关联账号{}", m.name, name));
    }
    if !old.is_empty() && !replace {
        return Err(AppError::field(
            ErrorCode::Conflict,
            "user_id",
            format!("{}；如需改为关联，请明确要求替换（replace: true）", old.join("，")),
        ));
    }
    match store::auth::link_user(&mut tx, user_id, UnionId(union_id), member_id, &p.display_name, replace)
        .await
    {
        Ok(()) => {}
        Err(e) if store::is_unique_violation(&e) => {
            return Err(AppError::field(ErrorCode::Conflict, "user_id", "账号或会员已有关联，请刷新后重试"));
        }
        Err(e) => return Err(e.into()),
    }
    let (action, detail) = if old.is_empty() {
        ("member.link_user", format!("账号{}关联到会员{}", user.username, m.name))
    } else {
        ("member.relink_user", format!("{}，改为账号{}关联到会员{}", old.join("，"), user.username, m.name))
    };
    record(&mut tx, p.actor(), action, format!("member:{member_id}"), Some((union_id, &union.path)), detail)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a member's login link (audited). Idempotent: a member without a
/// link stays so, and nothing is recorded.
pub async fn unlink(state: &AppState, p: &Principal, union_id: Uuid, member_id: Uuid) -> AppResult<()> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let m =
        store::member::get(&mut tx, UnionId(union_id), member_id).await?.ok_or_else(AppError::not_found)?;
    let Some(user_id) = store::auth::unlink_member(&mut tx, UnionId(union_id), member_id).await? else {
        return Ok(());
    };
    let name = store::auth::user_by_id(&mut tx, user_id).await?.map(|u| u.username).unwrap_or_default();
    record(
        &mut tx,
        p.actor(),
        "member.unlink_user",
        format!("member:{member_id}"),
        Some((union_id, &union.path)),
        format!("解除账号{}与会员{}的关联", name, m.name),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What a member sees of their own care record; empty (no member) when the
/// login is not linked to a member yet.
#[derive(Default)]
pub struct MyCare {
    pub member_id: Option<Uuid>,
    pub name: String,
    pub files: Vec<FileView>,
    pub totals: Vec<(i64, String, i64, i64)>,
    pub claims: Vec<(Claim, String)>,
}

pub async fn my_care(state: &AppState, p: &Principal) -> AppResult<MyCare> {
    let mut tx = state.db.write().await?;
    let Some((union_id, member_id)) = store::auth::member_of_user(&mut tx, p.user_id).await? else {
        return Ok(MyCare::default());
    };
    let union = load_union(&mut tx, union_id).await?;
    let m =
        store::member::get(&mut tx, UnionId(union_id), member_id).await?.ok_or_else(AppError::not_found)?;
    let mut files = Vec::new();
    for f in store::care::files_of_member(&mut tx, UnionId(union_id), member_id).await? {
        let sealed = unseal(state, &f.sealed)?;
        let log = store::care::file_log(&mut tx, UnionId(union_id), f.id).await?;
        files.push(FileView {
            file: f,
            member_name: m.name.clone(),
            sealed,
            reasons: Vec::new(),
            log,
            documents: Vec::new(),
        });
    }
    if !files.is_empty() {
        record(
            &mut tx,
            p.actor(),
            "care.file.view_own",
            format!("member:{member_id}"),
            Some((union_id, &union.path)),
            "本人查看了自己的困难职工档案".into(),
        )
        .await?;
    }
    let totals = store::care::member_totals(&mut tx, UnionId(union_id), member_id).await?;
    let claims = store::care::claims(&mut tx, UnionId(union_id), Some(member_id)).await?;
    tx.commit().await?;
    Ok(MyCare { member_id: Some(member_id), name: m.name, files, totals, claims })
}
