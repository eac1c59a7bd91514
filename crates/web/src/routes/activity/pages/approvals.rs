//! Sign-up approval on the activity page (活动需审核): the officers' 通过 /
//! 不通过 buttons on each pending row and 全部按报名先后通过.

use crate::extract::{PageForm, Path};
use axum::extract::State;
use serde::Deserialize;
use uuid::Uuid;

use super::activities::{after, after_reject};
use crate::pages::PageResult;
use app::AppState;
use app::activity::approval;
use app::auth::Principal;

/// 通过
pub async fn approve(
    State(state): State<AppState>,
    p: Principal,
    Path((id, member_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let r = approval::approve(&state, &p, id, member_id).await.map(|a| match a.position {
        Some(n) => format!("已通过；名额已满，排入候补第{n}位"),
        None => "已通过，该会员已获正式名额".to_owned(),
    });
    after(&state, &p, id, r).await
}

#[derive(Deserialize, Default)]
pub struct RejectForm {
    #[serde(default)]
    pub reason: String,
}

/// 不通过 (with the reason, which the member sees).
pub async fn reject(
    State(state): State<AppState>,
    p: Principal,
    Path((id, member_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<RejectForm>,
) -> PageResult {
    let r =
        approval::reject(&state, &p, id, member_id, &f.reason).await.map(|()| "已设为审核不通过".to_owned());
    after_reject(&state, &p, id, member_id, f.reason, r).await
}

/// 全部按报名先后通过
pub async fn approve_all(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let r = approval::approve_all(&state, &p, id).await.map(|d| {
        if d.approved() == 0 {
            "没有待审核的报名".to_owned()
        } else if d.waiting == 0 {
            format!("已按报名先后通过{}人，均获正式名额", d.approved())
        } else {
            format!("已按报名先后通过{}人：正式名额{}人，候补{}人", d.approved(), d.confirmed, d.waiting)
        }
    });
    after(&state, &p, id, r).await
}
