//! 记账凭证: the list with batch posting, one voucher with its review,
//! posting, reversal and attachments, and the printed voucher.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use domain::ErrorCode;
use domain::finance::chart::Account;
use domain::finance::money::{fmt_yuan, in_words};
use domain::time::{fmt_date, fmt_datetime};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    Can, account_name, base, blank, done, download, period_label, status_of, this_month, union_page,
    voucher_kind, voucher_number, voucher_status, voucher_url, yuan_cell,
};
use crate::extract::{PageForm, Path, Query};
use crate::kit::file_field;
use crate::pages::{FormErrors, Layout, PageResult, Pager, redirect_with_flash, render, render_status};
use crate::routes::finance::api::vouchers::{VoucherQuery, voucher_filter};
use app::AppState;
use app::Page;
use app::auth::Principal;
use app::error::AppError;
use app::finance::{Voucher, dues, service};

// ---------------------------------------------------------------------------
// 凭证列表

pub struct VoucherRow {
    pub id: Uuid,
    pub date: String,
    pub number: String,
    pub summary: String,
    pub total: String,
    pub status: &'static str,
    pub kind: &'static str,
    pub maker: String,
}

fn voucher_row(v: &Voucher) -> VoucherRow {
    VoucherRow {
        id: v.id,
        date: fmt_date(v.date),
        number: voucher_number(v),
        summary: v.summary.clone(),
        total: fmt_yuan(v.total_fen),
        status: voucher_status(&v.status),
        kind: voucher_kind(&v.kind),
        maker: v.maker_name.clone(),
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct VoucherListParams {
    #[serde(default)]
    period: String,
    #[serde(default)]
    status: String,
    page: Option<i64>,
}

#[derive(Deserialize, Default, Clone)]
pub struct BatchForm {
    #[serde(default)]
    period: String,
}

#[derive(Template)]
#[template(path = "finance/vouchers.html")]
struct VouchersPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    f: VoucherListParams,
    rows: Vec<VoucherRow>,
    pager: Pager,
    statuses: Vec<(&'static str, &'static str)>,
    filter_error: Option<String>,
    batch: BatchForm,
    batch_errors: FormErrors,
}

async fn vouchers_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    f: VoucherListParams,
    batch: BatchForm,
    e: Option<AppError>,
) -> PageResult {
    let page = Page::new(f.page, Some(50));
    let q = VoucherQuery {
        period: Some(f.period.trim().to_owned()),
        status: Some(f.status.clone()),
        page: f.page,
        per_page: Some(50),
    };
    let (rows, total, filter_error) = match voucher_filter(&q) {
        Ok(filter) => {
            let (list, total) = service::list(state, union_id, &filter, page).await?;
            (list.iter().map(voucher_row).collect(), total, None)
        }
        Err(err) => (Vec::new(), 0, Some(err.0.message)),
    };
    let query = serde_urlencoded::to_string([("period", f.period.as_str()), ("status", f.status.as_str())])
        .unwrap_or_default();
    let pager = Pager::new(&format!("{}/vouchers?{query}&", base(union_id)), page, total);
    let (layout, can, _) =
        union_page(state, p, union_id, "finance", "记账凭证", Some(format!("{}/vouchers", base(union_id))))
            .await?;
    Ok(render_status(
        status_of(e.as_ref()),
        &VouchersPage {
            layout,
            union_id,
            can,
            nav: "vouchers",
            f,
            rows,
            pager,
            statuses: vec![("draft", "草稿"), ("reviewed", "已审核"), ("posted", "已记账")],
            filter_error,
            batch,
            batch_errors: e.as_ref().map(FormErrors::from_error).unwrap_or_default(),
        },
    ))
}

pub async fn vouchers(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(f): Query<VoucherListParams>,
) -> PageResult {
    let batch =
        BatchForm { period: if f.period.is_empty() { this_month().to_string() } else { f.period.clone() } };
    vouchers_page(&state, &p, union_id, f, batch, None).await
}

pub async fn post_batch(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<BatchForm>,
) -> PageResult {
    let result = match dues::parse_month("period", &f.period) {
        Ok(period) => service::post_batch(&state, &p, union_id, period).await.map(|n| (period, n)),
        Err(e) => Err(e),
    };
    match result {
        Ok((period, n)) => {
            let msg = if n == 0 {
                format!("{}没有可由您记账的已审核凭证", period.label())
            } else {
                format!("已批量记账{}凭证{n}张", period.label())
            };
            let to = format!("{}/vouchers?period={period}", base(union_id));
            Ok(redirect_with_flash(&state, &p, &to, &msg).await)
        }
        Err(e) => vouchers_page(&state, &p, union_id, VoucherListParams::default(), f, Some(e)).await,
    }
}

// ---------------------------------------------------------------------------
// 凭证

pub struct ShownLine {
    pub account: String,
    pub name: String,
    pub summary: String,
    pub debit: String,
    pub credit: String,
}

pub struct AttachmentRow {
    pub id: Uuid,
    pub name: String,
    pub size: String,
    pub sha256: String,
    pub by: String,
    pub at: String,
}

/// A voucher as both the voucher page and the printed voucher show it.
pub struct VoucherShown {
    pub id: Uuid,
    pub period: String,
    pub number: String,
    pub date: String,
    pub summary: String,
    pub attachments: i64,
    pub status_key: String,
    pub status: &'static str,
    pub kind: &'static str,
    pub maker: String,
    pub made_at: String,
    pub reviewer: String,
    pub reviewed_at: String,
    pub poster: String,
    pub posted_at: String,
    pub lines: Vec<ShownLine>,
    pub total: String,
    pub total_words: String,
    pub reverses: Option<Uuid>,
    pub reversed_by: Option<(Uuid, &'static str)>,
    pub seq: Option<i64>,
    pub hash: String,
}

fn shown(v: &service::VoucherView, chart: &[Account]) -> VoucherShown {
    let x = &v.voucher;
    let at = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(fmt_datetime).unwrap_or_default();
    VoucherShown {
        id: x.id,
        period: period_label(&x.period),
        number: voucher_number(x),
        date: fmt_date(x.date),
        summary: x.summary.clone(),
        attachments: x.attachments,
        status_key: x.status.clone(),
        status: voucher_status(&x.status),
        kind: voucher_kind(&x.kind),
        maker: x.maker_name.clone(),
        made_at: fmt_datetime(x.made_at),
        reviewer: x.reviewer_name.clone().unwrap_or_default(),
        reviewed_at: at(x.reviewed_at),
        poster: x.poster_name.clone().unwrap_or_default(),
        posted_at: at(x.posted_at),
        lines: v
            .lines
            .iter()
            .map(|l| ShownLine {
                account: l.account.clone(),
                name: account_name(chart, &l.account),
                summary: if l.summary.is_empty() { x.summary.clone() } else { l.summary.clone() },
                debit: yuan_cell(l.debit_fen),
                credit: yuan_cell(l.credit_fen),
            })
            .collect(),
        total: fmt_yuan(x.total_fen),
        total_words: in_words(x.total_fen),
        reverses: x.reverses,
        reversed_by: v.reversed_by.as_ref().map(|r| (r.id, voucher_status(&r.status))),
        seq: x.seq,
        hash: x.hash.clone().unwrap_or_default(),
    }
}

#[derive(Deserialize, Default)]
pub struct VoucherParams {
    /// Set after a refused posting: the override fields open, as typed.
    #[serde(default)]
    over: String,
    #[serde(default)]
    override_reason: String,
    #[serde(default)]
    override_approver: String,
}

#[derive(Template)]
#[template(path = "finance/voucher.html")]
struct VoucherPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    v: VoucherShown,
    attachments: Vec<AttachmentRow>,
    can_edit: bool,
    can_delete: bool,
    can_review: bool,
    /// A draft the caller made: someone else reviews it (no button that
    /// always fails; a hint instead).
    own_draft: bool,
    can_unreview: bool,
    can_post: bool,
    can_reverse: bool,
    can_attach: bool,
    over_open: bool,
    override_reason: String,
    override_approver: String,
    approvers: Vec<service::Approver>,
}

pub async fn voucher(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    Query(q): Query<VoucherParams>,
) -> PageResult {
    let view = service::voucher(&state, union_id, id).await?;
    let chart = service::accounts(&state, union_id).await?;
    let v = shown(&view, &chart);
    let title = match v.number.as_str() {
        "" => format!("凭证：{}", v.summary),
        n => format!("{}{n}", v.period),
    };
    let (layout, can, _) =
        union_page(&state, &p, union_id, "finance", &title, Some(voucher_url(union_id, id))).await?;
    let status = v.status_key.as_str();
    let posted = status == "posted";
    let approvers = if can.review { service::approvers(&state, union_id).await? } else { Vec::new() };
    Ok(render(&VoucherPage {
        layout,
        union_id,
        can,
        nav: "vouchers",
        attachments: view
            .attachments
            .iter()
            .map(|a| AttachmentRow {
                id: a.id,
                name: a.file_name.clone(),
                size: if a.size >= 1024 * 1024 {
                    format!("{:.1} MB", a.size as f64 / 1024.0 / 1024.0)
                } else {
                    format!("{:.1} KB", a.size as f64 / 1024.0)
                },
                sha256: a.sha256.clone(),
                by: a.uploaded_by.clone(),
                at: fmt_datetime(a.uploaded_at),
            })
            .collect(),
        can_edit: status == "draft" && can.make,
        can_delete: !posted && can.make,
        can_review: status == "draft" && can.review && view.voucher.maker_id != p.user_id,
        own_draft: status == "draft" && can.review && view.voucher.maker_id == p.user_id,
        can_unreview: status == "reviewed" && can.review,
        can_post: status == "reviewed" && can.review,
        can_reverse: posted && can.make && v.reverses.is_none() && v.reversed_by.is_none(),
        can_attach: !posted && can.make,
        over_open: q.over == "1" || !q.override_reason.is_empty() || !q.override_approver.is_empty(),
        override_reason: q.override_reason,
        override_approver: q.override_approver,
        approvers,
        v,
    }))
}

#[derive(Template)]
#[template(path = "finance/print_voucher.html")]
struct PrintVoucherPage {
    union_id: Uuid,
    union_name: String,
    v: VoucherShown,
    blank_rows: Vec<usize>,
}

pub async fn print_voucher(
    State(state): State<AppState>,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let view = service::voucher(&state, union_id, id).await?;
    let chart = service::accounts(&state, union_id).await?;
    let union = app::org::union(&state, union_id).await?;
    let v = shown(&view, &chart);
    // A printed voucher has at least five line rows.
    let blank_rows = (v.lines.len()..5).collect();
    Ok(render(&PrintVoucherPage { union_id, union_name: union.name, v, blank_rows }))
}

pub async fn review(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let r = service::review(&state, &p, union_id, id, true)
        .await
        .map(|v| format!("已审核：{}，可以记账", v.summary));
    done(&state, &p, &voucher_url(union_id, id), r).await
}

pub async fn unreview(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let r = service::review(&state, &p, union_id, id, false)
        .await
        .map(|v| format!("已退回：{}，制单人可以修改后重新提交审核", v.summary));
    done(&state, &p, &voucher_url(union_id, id), r).await
}

#[derive(Deserialize, Default)]
pub struct PostForm {
    #[serde(default)]
    override_reason: String,
    #[serde(default)]
    override_approver: String,
    #[serde(default)]
    confirm_below_zero: String,
}

pub async fn post(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<PostForm>,
) -> PageResult {
    let over = service::Override {
        reason: f.override_reason.clone(),
        approver_user_id: f.override_approver.trim().parse().ok(),
        confirm_below_zero: f.confirm_below_zero == "1",
    };
    let to = voucher_url(union_id, id);
    match service::post(&state, &p, union_id, id, Some(&over)).await {
        Ok((v, warnings)) => {
            let mut msg = format!("已记账：{}{}", period_label(&v.period), voucher_number(&v));
            for w in warnings {
                msg.push_str("。预算提醒：");
                msg.push_str(&w);
            }
            Ok(redirect_with_flash(&state, &p, &to, &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            // The override as typed comes back with the message.
            let keep = e.0.code == ErrorCode::BudgetExceeded
                || !blank(&f.override_reason)
                || !blank(&f.override_approver);
            let to = if keep {
                let q = serde_urlencoded::to_string([
                    ("over", "1"),
                    ("override_reason", f.override_reason.as_str()),
                    ("override_approver", f.override_approver.as_str()),
                ])
                .unwrap_or_default();
                format!("{to}?{q}")
            } else {
                to
            };
            Ok(redirect_with_flash(&state, &p, &to, &e.0.message).await)
        }
    }
}

pub async fn reverse(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    match service::reverse(&state, &p, union_id, id).await {
        Ok(v) => {
            let msg = "已生成红字冲销凭证（草稿），请审核后记账";
            Ok(redirect_with_flash(&state, &p, &voucher_url(union_id, v.id), msg).await)
        }
        Err(e) => done(&state, &p, &voucher_url(union_id, id), Err(e)).await,
    }
}

pub async fn delete_voucher(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    match service::delete_voucher(&state, &p, union_id, id).await {
        Ok(()) => {
            Ok(redirect_with_flash(&state, &p, &format!("{}/vouchers", base(union_id)), "凭证已删除").await)
        }
        Err(e) => done(&state, &p, &voucher_url(union_id, id), Err(e)).await,
    }
}

pub async fn attach(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    mp: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let r = match file_field(mp).await {
        Ok((name, content_type, bytes)) => {
            service::attach(&state, &p, union_id, id, &name, &content_type, &bytes)
                .await
                .map(|a| format!("已上传附件：{}（SHA-256 {}…）", a.file_name, &a.sha256[..16]))
        }
        Err(e) => Err(e),
    };
    done(&state, &p, &voucher_url(union_id, id), r).await
}

pub async fn attachment(
    State(state): State<AppState>,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let (a, bytes) = service::attachment(&state, union_id, id).await?;
    Ok(download(&a.file_name, &a.content_type, bytes))
}
