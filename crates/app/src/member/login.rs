//! The login linked to a member, as seen from the user's page.

use domain::ErrorCode;
use domain::UnionId;
use domain::auth::Perm;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};

fn page(union_id: Uuid, member_id: Uuid) -> String {
    format!("/unions/{union_id}/members/{member_id}")
}

/// The member a login is linked to (name, page), and where it may be linked
/// from the user's page: the union of the account's home organisation.
#[derive(Default)]
pub struct UserLink {
    pub member: Option<(String, String)>,
    pub union_id: Option<Uuid>,
    pub union_name: String,
    pub can_link: bool,
}

pub async fn user_link(state: &AppState, p: &Principal, user: &store::auth::User) -> AppResult<UserLink> {
    let mut tx = state.db.read().await?;
    let mut out = UserLink::default();
    let union = match store::auth::member_of_user(&mut tx, user.id).await? {
        Some((union_id, member_id)) => {
            if let Some(m) = store::member::get(&mut tx, UnionId(union_id), member_id).await? {
                out.member = Some((m.name, page(union_id, member_id)));
            }
            store::org::get(&mut tx, union_id).await?
        }
        None => match user.home_org_id {
            Some(h) => match store::org::get(&mut tx, h).await? {
                Some(o) if o.kind == "group" => match o.union_id {
                    Some(u) => store::org::get(&mut tx, u).await?,
                    None => None,
                },
                Some(o) if o.kind == "union" => Some(o),
                _ => None,
            },
            None => None,
        },
    };
    if let Some(u) = union {
        out.can_link = p.can(Perm::MemberManage, Some(&u.path));
        out.union_id = Some(u.id);
        out.union_name = u.name;
    }
    Ok(out)
}

/// The member of the union by this exact name, when there is exactly one.
pub async fn member_named(state: &AppState, union_id: Uuid, name: &str) -> AppResult<Uuid> {
    let found = {
        let mut tx = state.db.read().await?;
        store::member::by_name(&mut tx, UnionId(union_id), name, 2).await?
    };
    match found.as_slice() {
        [] if name.is_empty() => {
            Err(AppError::field(ErrorCode::Required, "member", "请填写要关联的会员姓名"))
        }
        [] => Err(AppError::field(ErrorCode::NotFound, "member", format!("本会没有名为“{name}”的在籍会员"))),
        [(id, _)] => Ok(*id),
        _ => Err(AppError::field(
            ErrorCode::Conflict,
            "member",
            format!("本会有不止一位名为“{name}”的会员，请在该会员的档案页关联"),
        )),
    }
}

/// The union and member a login is linked to, if any.
pub async fn member_of_user(state: &AppState, user_id: Uuid) -> AppResult<Option<(Uuid, Uuid)>> {
    let mut tx = state.db.read().await?;
    Ok(store::auth::member_of_user(&mut tx, user_id).await?)
}
