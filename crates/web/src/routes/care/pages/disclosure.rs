//! The aid disclosure list (受助情况公示), its publication, and the members'
//! consent to be named on it.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use super::{YearParams, base, union_page};
use crate::extract::{PageForm, Query};
use crate::pages::{Layout, PageResult, redirect_with_flash, render};
use app::AppState;
use app::auth::Principal;
use app::care::aid;
use app::care::files;
use app::error::AppError;

#[derive(Template)]
#[template(path = "care/disclosure.html")]
struct DisclosurePage {
    layout: Layout,
    union_id: Uuid,
    can_publish: bool,
    d: aid::AidDisclosure,
}

pub async fn disclosure(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> PageResult {
    let (layout, _) =
        union_page(&state, &p, union_id, "受助情况公示", Some(format!("{}/disclosure", base(union_id))))
            .await?;
    let year = q.year.unwrap_or_else(|| chrono::Datelike::year(&files::today()));
    let can_publish = app::disclosure::service::may_publish(&state, &p, union_id).await?;
    Ok(render(&DisclosurePage {
        layout,
        union_id,
        can_publish,
        d: aid::disclosure(&state, union_id, year).await?,
    }))
}

#[derive(Deserialize)]
pub struct YearForm {
    pub year: i32,
}

/// Publishes the year's list to the disclosure board and opens it there.
pub async fn publish_disclosure(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<YearForm>,
) -> PageResult {
    match aid::publish_disclosure(&state, &p, union_id, f.year).await {
        Ok(item) => Ok(redirect_with_flash(
            &state,
            &p,
            &format!("/unions/{union_id}/disclosure/{}", item.id),
            "受助名单已发布到公开栏",
        )
        .await),
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => Ok(redirect_with_flash(
            &state,
            &p,
            &format!("{}/disclosure?year={}", base(union_id), f.year),
            &format!("未能发布：{}", e.0.message),
        )
        .await),
    }
}

#[derive(Deserialize, Default)]
pub struct ConsentForm {
    #[serde(default)]
    pub consent: String,
}

/// Records the member's written consent (or its withdrawal) to be named on
/// the disclosure board; back to the member's page.
pub async fn consent(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, member_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<ConsentForm>,
) -> PageResult {
    let yes = match f.consent.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(
                AppError::field(domain::ErrorCode::InvalidValue, "consent", "请选择同意或撤回同意").into()
            );
        }
    };
    aid::set_consent(&state, &p, union_id, member_id, yes).await?;
    let msg = if yes { "已登记本人书面同意公示" } else { "已撤回公示同意" };
    Ok(redirect_with_flash(&state, &p, &format!("/unions/{union_id}/members/{member_id}#care"), msg).await)
}
