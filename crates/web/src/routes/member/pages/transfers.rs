//! Transfers between unions: requesting, deciding, and those awaiting the
//! caller's decision.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::auth::Perm;
use domain::time::fmt_datetime;
use serde::Deserialize;
use uuid::Uuid;

use super::{MemberForm, form_errors, union_layout};
use crate::extract::{PageForm, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use app::member::{service, transfers};

pub struct TransferRow {
    pub id: Uuid,
    pub incoming: bool,
    pub other_union: String,
    pub person: String,
    pub status: &'static str,
    pub pending: bool,
    pub reason: String,
    pub requested: String,
}

#[derive(Template)]
#[template(path = "member/transfers.html")]
struct TransfersPage {
    layout: Layout,
    union_id: Uuid,
    rows: Vec<TransferRow>,
    can_manage: bool,
    can_decide: bool,
    form: MemberForm,
    groups: Vec<(String, String)>,
    errors: FormErrors,
}

async fn transfers_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: MemberForm,
    e: Option<AppError>,
) -> PageResult {
    let list = transfers::transfers(state, union_id).await?;
    let rows = list
        .iter()
        .map(|v| TransferRow {
            id: v.transfer.id,
            incoming: v.incoming,
            other_union: v.other_union.clone(),
            person: v.person.clone(),
            status: match v.transfer.status.as_str() {
                "requested" => "待审批",
                "confirmed" => "已同意",
                _ => "未同意",
            },
            pending: v.transfer.status == "requested",
            reason: v.transfer.reason.clone().unwrap_or_default(),
            requested: fmt_datetime(v.transfer.requested_at),
        })
        .collect();
    let path = app::org::path_of(state, union_id).await?;
    let groups =
        service::groups(state, union_id).await?.into_iter().map(|(id, n)| (id.to_string(), n)).collect();
    let layout = union_layout(state, p, union_id, "转会")
        .await?
        .crumb("转会", format!("/unions/{union_id}/transfers"));
    let status = e.as_ref().map(|e| e.status()).unwrap_or(StatusCode::OK);
    Ok(render_status(
        status,
        &TransfersPage {
            layout,
            union_id,
            rows,
            can_manage: p.can(Perm::MemberManage, path.as_deref()),
            can_decide: p.can(Perm::TransferDecide, path.as_deref()),
            form,
            groups,
            errors: e.as_ref().map(form_errors).unwrap_or_default(),
        },
    ))
}

/// Prefill from a refused registration: name and mobile travel in the link;
/// the ID number is typed again (it never goes into a URL).
#[derive(Deserialize)]
pub struct TransferQuery {
    #[serde(default)]
    name: String,
    #[serde(default)]
    mobile: String,
}

pub async fn transfers(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<TransferQuery>,
) -> PageResult {
    // Arriving from a refused registration, the form comes prefilled.
    let form = MemberForm { name: q.name, mobile: q.mobile, ..Default::default() };
    transfers_page(&state, &p, union_id, form, None).await
}

pub async fn request_transfer(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<MemberForm>,
) -> PageResult {
    match transfers::request_transfer(&state, &p, union_id, &f.input()).await {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &p,
            &format!("/unions/{union_id}/transfers"),
            "转会申请已发出，等待对方工会审批",
        )
        .await),
        Err(e) => transfers_page(&state, &p, union_id, f, Some(e)).await,
    }
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    reason: String,
}

pub async fn decide(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, transfer_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<DecisionForm>,
) -> PageResult {
    let confirm = f.confirm == "1";
    match transfers::decide_transfer(&state, &p, union_id, transfer_id, confirm, &f.reason).await {
        Ok(_) => {
            let msg = if confirm { "已同意转出" } else { "已答复不同意转出" };
            Ok(redirect_with_flash(&state, &p, &format!("/unions/{union_id}/transfers"), msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => transfers_page(&state, &p, union_id, MemberForm::default(), Some(e)).await,
    }
}

pub struct PendingRow {
    pub id: Uuid,
    pub from_union_id: Uuid,
    pub from_union: String,
    pub to_union: String,
    pub person: String,
    pub requested: String,
    /// Waiting longer than a week: the releasing union has not answered.
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "member/pending.html")]
struct PendingPage {
    layout: Layout,
    rows: Vec<PendingRow>,
}

/// Transfers awaiting the caller's decision, across their scope.
pub async fn pending(State(state): State<AppState>, p: Principal) -> PageResult {
    let now = app::now();
    let rows = transfers::pending_transfers(&state, &p)
        .await?
        .into_iter()
        .map(|v| PendingRow {
            id: v.transfer.id,
            from_union_id: v.transfer.from_union_id,
            overdue: now - v.transfer.requested_at > chrono::Duration::days(7),
            requested: fmt_datetime(v.transfer.requested_at),
            from_union: v.from_union,
            to_union: v.to_union,
            person: v.person,
        })
        .collect();
    let layout = Layout::new(&state, &p, "member", "待审批的转会").await.crumb("待审批的转会", "/transfers");
    Ok(render(&PendingPage { layout, rows }))
}
