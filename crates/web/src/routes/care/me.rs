//! A member's own care record (PIPL §44–45: a person may see their data),
//! reached through the link between a login and a member.

use domain::ErrorCode;
use store::care::Claim;
use uuid::Uuid;

use super::files::{FileView, unseal};
use crate::AppState;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::routes::audit::service::record;
use crate::routes::member::service::load_union;

pub async fn link(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    member_id: Uuid,
    user_id: Uuid,
) -> AppResult<()> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let m = store::member::get(&mut tx, union_id, member_id).await?.ok_or_else(AppError::not_found)?;
    let user = store::auth::user_by_id(&mut tx, user_id)
        .await?
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "user_id", "账号不存在"))?;
    store::care::link_user(&mut tx, user_id, union_id, member_id, &p.display_name).await?;
    record(
        &mut tx,
        p.actor(),
        "member.link_user",
        format!("member:{member_id}"),
        Some((union_id, &union.path)),
        format!("账号{}关联到会员{}", user.username, m.name),
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
    let Some((union_id, member_id)) = store::care::member_of_user(&mut tx, p.user_id).await? else {
        return Ok(MyCare::default());
    };
    let union = load_union(&mut tx, union_id).await?;
    let m = store::member::get(&mut tx, union_id, member_id).await?.ok_or_else(AppError::not_found)?;
    let mut files = Vec::new();
    for f in store::care::files_of_member(&mut tx, union_id, member_id).await? {
        let sealed = unseal(state, &f.sealed)?;
        let log = store::care::file_log(&mut tx, union_id, f.id).await?;
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
    let totals = store::care::member_totals(&mut tx, union_id, member_id).await?;
    let claims = store::care::claims(&mut tx, union_id, Some(member_id)).await?;
    tx.commit().await?;
    Ok(MyCare { member_id: Some(member_id), name: m.name, files, totals, claims })
}
