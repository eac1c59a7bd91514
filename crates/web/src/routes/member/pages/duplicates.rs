//! Records that look like the same person, and merging them.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use domain::ErrorCode;
use domain::auth::Perm;
use serde::Deserialize;
use uuid::Uuid;

use super::{Row, base, row, union_layout};
use crate::extract::PageForm;
use crate::pages::{Layout, PageResult, redirect_with_flash, render};
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use app::member::service;

pub struct DupGroup {
    pub kind: &'static str,
    pub members: Vec<Row>,
    pub keep: Uuid,
}

#[derive(Template)]
#[template(path = "member/duplicates.html")]
struct DupPage {
    layout: Layout,
    union_id: Uuid,
    groups: Vec<DupGroup>,
    can_manage: bool,
}

pub async fn duplicates(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    let groups = service::groups(&state, union_id).await?;
    let dups = service::duplicates(&state, union_id).await?;
    let path = app::org::path_of(&state, union_id).await?;
    let layout = union_layout(&state, &p, union_id, "重复记录")
        .await?
        .crumb("重复记录", format!("{}/duplicates", base(union_id)));
    Ok(render(&DupPage {
        layout,
        union_id,
        groups: dups
            .into_iter()
            .map(|(kind, ms)| DupGroup {
                kind: if kind == "id" { "证件号码相同" } else { "手机号相同" },
                keep: ms.first().map(|m| m.id).unwrap_or_default(),
                members: ms.iter().map(|m| row(m, &groups)).collect(),
            })
            .collect(),
        can_manage: p.can(Perm::MemberManage, path.as_deref()),
    }))
}

#[derive(Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    keep_id: String,
    #[serde(default)]
    merge_id: String,
}

pub async fn merge(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<MergeForm>,
) -> PageResult {
    let (Ok(keep), Ok(gone)) = (Uuid::parse_str(&f.keep_id), Uuid::parse_str(&f.merge_id)) else {
        return Err(AppError::field(ErrorCode::Required, "merge_id", "请选择要保留和要并入的记录").into());
    };
    let m = service::merge(&state, &p, union_id, keep, gone).await?;
    Ok(redirect_with_flash(
        &state,
        &p,
        &format!("{}/duplicates", base(union_id)),
        &format!("已将重复记录并入{}", m.name),
    )
    .await)
}
