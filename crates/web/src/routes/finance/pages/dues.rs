//! The dues pages (会费): the month's totals and collection forms, every
//! member's bill, the members without a 会费基数, a member's dues history
//! and the printable receipt (收据).

use app::Page;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::ErrorCode;
use domain::finance::ledger::Period;
use domain::finance::money::{fmt_yuan, in_words};
use serde::Deserialize;
use uuid::Uuid;

use super::{Can, base, blank, optional_date, period_label, this_month, union_page};
use crate::extract::{PageForm, Path, Query};
use crate::kit::member_choices;
use crate::pages::{FormErrors, Layout, PageResult, Pager, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::finance::dues;
use app::member::service as members;

/// The bill list's page links: `bpage`, keeping the month and filter.
fn bill_pager(union_id: Uuid, month: Period, f: &app::finance::BillFilter, page: Page, total: i64) -> Pager {
    let mut url = format!("{}/dues?month={month}", base(union_id));
    if f.unpaid {
        url.push_str("&unpaid=1");
    }
    if let Some(g) = f.group_id {
        url.push_str(&format!("&group_id={g}"));
    }
    url.push_str("&bpage=");
    Pager::with_suffix(&url, "#bills", page, total)
}

pub struct ArrearsRow {
    pub member_id: Uuid,
    pub name: String,
    pub months: i64,
    pub amount: String,
    pub from: String,
    pub to: String,
    pub review: bool,
}

#[derive(Deserialize, Default, Clone)]
pub struct DuesParams {
    #[serde(default)]
    month: String,
    page: Option<i64>,
    /// The bill list's page (the arrears list has `page`).
    bpage: Option<i64>,
    /// `1`: only unpaid bills.
    #[serde(default)]
    unpaid: String,
    /// Only this group's members (empty: all).
    #[serde(default)]
    group_id: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct BillsForm {
    #[serde(default)]
    month: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct CollectForm {
    #[serde(default)]
    month: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    member_id: String,
    #[serde(default)]
    date: String,
}

#[derive(Template)]
#[template(path = "finance/dues.html")]
struct DuesPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    month: String,
    month_label: String,
    month_error: Option<String>,
    billed: i64,
    billed_amount: String,
    paid: i64,
    paid_amount: String,
    unpaid: i64,
    unpaid_amount: String,
    arrears: Vec<ArrearsRow>,
    pager: Pager,
    bills: BillsForm,
    bills_errors: FormErrors,
    collect: CollectForm,
    collect_errors: FormErrors,
    members: Option<Vec<(String, String)>>,
    methods: Vec<(&'static str, &'static str)>,
    /// The month's bills, member by member, with the filter and its pages.
    bill_rows: Vec<BillLine>,
    unpaid_only: bool,
    group_id: String,
    groups: Vec<(String, String)>,
    bill_pages: Pager,
    /// Members in good standing without a 会费基数 (no bill, listed).
    missing: Vec<app::finance::MissingBase>,
}

/// A bill as the list shows it.
pub struct BillLine {
    pub member_id: Uuid,
    pub name: String,
    pub group: String,
    pub base: String,
    pub amount: String,
    pub paid: String,
    pub owed: String,
    pub status: &'static str,
    pub is_paid: bool,
    /// The receipt of the payment, when paid.
    pub receipt: Option<String>,
}

impl BillLine {
    pub fn of(union_id: Uuid, b: &app::finance::BillRow) -> BillLine {
        let paid = b.paid_fen.unwrap_or(0);
        BillLine {
            member_id: b.member_id,
            name: b.name.clone(),
            group: b.group_name.clone().unwrap_or_default(),
            base: fmt_yuan(b.base_fen),
            amount: fmt_yuan(b.amount_fen),
            paid: fmt_yuan(paid),
            owed: fmt_yuan(b.amount_fen - paid),
            status: bill_status(b.paid_fen.is_some()),
            is_paid: b.paid_fen.is_some(),
            receipt: b.voucher_id.map(|v| receipt_url(union_id, b.member_id, v)),
        }
    }
}

pub fn receipt_url(union_id: Uuid, member_id: Uuid, voucher_id: Uuid) -> String {
    format!("{}/dues/members/{member_id}/receipts/{voucher_id}", base(union_id))
}

fn bill_status(paid: bool) -> &'static str {
    if paid { "已缴" } else { "未缴" }
}

enum DuesTyped {
    None,
    Bills(BillsForm, AppError),
    Collect(CollectForm, AppError),
}

async fn dues_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    q: DuesParams,
    typed: DuesTyped,
) -> PageResult {
    let (month, month_error) = match q.month.trim() {
        "" => (this_month(), None),
        m => match dues::parse_month("month", m) {
            Ok(p) => (p, None),
            Err(e) => (this_month(), Some(e.0.message)),
        },
    };
    let s = dues::summary(state, union_id, month).await?;
    let page = Page::new(q.page, Some(50));
    let (list, total) = dues::arrears(state, union_id, page).await?;
    let pager = Pager::new(&format!("{}/dues?month={month}&", base(union_id)), page, total);
    let group = match q.group_id.trim() {
        "" => None,
        g => Some(Uuid::parse_str(g).map_err(|_| AppError::not_found())?),
    };
    let filter = app::finance::BillFilter { unpaid: q.unpaid == "1", group_id: group };
    let bpage = Page::new(q.bpage, Some(50));
    let (bill_list, bill_total) = dues::bills(state, union_id, month, &filter, bpage).await?;
    let bill_pages = bill_pager(union_id, month, &filter, bpage, bill_total);
    let missing = dues::missing_base(state, union_id).await?;
    let groups = members::groups(state, union_id).await?;
    let (layout, can, _) =
        union_page(state, p, union_id, "finance", "会费", Some(format!("{}/dues", base(union_id)))).await?;
    let members = if can.make { member_choices(state, union_id).await? } else { None };
    let default_bills = BillsForm { month: month.to_string() };
    let default_collect =
        CollectForm { month: month.to_string(), method: "payroll".into(), ..Default::default() };
    let (bills, bills_errors, collect, collect_errors, status) = match typed {
        DuesTyped::None => {
            (default_bills, FormErrors::default(), default_collect, FormErrors::default(), StatusCode::OK)
        }
        DuesTyped::Bills(f, e) => {
            (f, FormErrors::from_error(&e), default_collect, FormErrors::default(), e.status())
        }
        DuesTyped::Collect(f, e) => {
            (default_bills, FormErrors::default(), f, FormErrors::from_error(&e), e.status())
        }
    };
    Ok(render_status(
        status,
        &DuesPage {
            layout,
            union_id,
            can,
            nav: "dues",
            month: month.to_string(),
            month_label: month.label(),
            month_error,
            billed: s.billed,
            billed_amount: fmt_yuan(s.billed_fen),
            paid: s.paid,
            paid_amount: fmt_yuan(s.paid_fen),
            unpaid: s.billed - s.paid,
            unpaid_amount: fmt_yuan(s.billed_fen - s.paid_fen),
            arrears: list
                .into_iter()
                .map(|a| ArrearsRow {
                    member_id: a.member_id,
                    name: a.name,
                    months: a.months,
                    amount: fmt_yuan(a.amount_fen),
                    from: period_label(&a.first_month),
                    to: period_label(&a.last_month),
                    review: a.dues_review,
                })
                .collect(),
            pager,
            bills,
            bills_errors,
            collect,
            collect_errors,
            members,
            methods: vec![("payroll", "工资代扣"), ("transfer", "转账"), ("cash", "现金")],
            bill_rows: bill_list.iter().map(|b| BillLine::of(union_id, b)).collect(),
            unpaid_only: filter.unpaid,
            group_id: group.map(|g| g.to_string()).unwrap_or_default(),
            groups: groups.into_iter().map(|(id, name)| (id.to_string(), name)).collect(),
            bill_pages,
            missing,
        },
    ))
}

pub async fn dues(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<DuesParams>,
) -> PageResult {
    dues_page(&state, &p, union_id, q, DuesTyped::None).await
}

pub async fn dues_bills(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<BillsForm>,
) -> PageResult {
    let r = match dues::parse_month("month", &f.month) {
        Ok(month) => dues::generate_bills(&state, &p, union_id, month).await.map(|r| (month, r)),
        Err(e) => Err(e),
    };
    match r {
        Ok((month, r)) => {
            let mut msg = format!(
                "已生成{}会费账单：新增{}人，当月共{}人，应收{}元",
                month.label(),
                r.count,
                r.month_count,
                fmt_yuan(r.total_fen)
            );
            if r.without_base > 0 {
                msg.push_str(&format!("。另有{}名在籍会员未设会费基数，没有账单", r.without_base));
            }
            if r.base_under_min > 0 {
                msg.push_str(&format!(
                    "。另有{}名在籍会员会费基数不足10元，不计会费，没有账单",
                    r.base_under_min
                ));
            }
            Ok(redirect_with_flash(&state, &p, &format!("{}/dues?month={month}", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            // The month shown: the one typed when it is one.
            let month = Period::parse(&f.month).map(|m| m.to_string()).unwrap_or_default();
            let q = DuesParams { month, ..Default::default() };
            dues_page(&state, &p, union_id, q, DuesTyped::Bills(f, e)).await
        }
    }
}

/// The month, member (None: everyone unpaid) and date of a collection.
fn collect_args(f: &CollectForm) -> AppResult<(Period, Option<Uuid>, Option<chrono::NaiveDate>)> {
    let month = dues::parse_month("month", &f.month)?;
    let member = match f.member_id.trim() {
        "" => None,
        m => Some(
            Uuid::parse_str(m)
                .map_err(|_| AppError::field(ErrorCode::InvalidValue, "member_id", "请从列表中选择会员"))?,
        ),
    };
    Ok((month, member, optional_date(&f.date, "收款日期")?))
}

pub async fn dues_collect(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<CollectForm>,
) -> PageResult {
    let parsed = collect_args(&f);
    let method = if blank(&f.method) { "payroll" } else { f.method.trim() };
    let r = match parsed {
        Ok((month, member, date)) => {
            dues::collect(&state, &p, union_id, month, member, method, date).await.map(|c| (month, c))
        }
        Err(e) => Err(e),
    };
    match r {
        Ok((month, c)) => {
            let msg = format!(
                "已收缴{}会费：{}人，共{}元（{}），已自动记账",
                month.label(),
                c.count,
                fmt_yuan(c.total_fen),
                dues::method_label(method)
            );
            Ok(redirect_with_flash(&state, &p, &format!("{}/dues?month={month}", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            // The month shown: the one typed when it is one.
            let month = Period::parse(&f.month).map(|m| m.to_string()).unwrap_or_default();
            let q = DuesParams { month, ..Default::default() };
            dues_page(&state, &p, union_id, q, DuesTyped::Collect(f, e)).await
        }
    }
}

// --- A member's dues and receipts ------------------------------------------

#[derive(Template)]
#[template(path = "finance/dues_member.html")]
struct MemberDuesPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    member_id: Uuid,
    name: String,
    card_number: String,
    base: String,
    /// Shown when the member has no base: they get no bill.
    no_base: bool,
    rows: Vec<HistoryLine>,
    billed: String,
    paid: String,
    owed: String,
}

/// One month of a member's dues.
pub struct HistoryLine {
    pub month: String,
    pub base: String,
    pub amount: String,
    pub paid: String,
    pub owed: String,
    pub status: &'static str,
    pub is_paid: bool,
    pub method: String,
    pub paid_on: String,
    pub receipt: Option<String>,
}

pub async fn member_dues(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, member_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let d = dues::member_dues(&state, union_id, member_id).await?;
    let (layout, can, _) =
        union_page(&state, &p, union_id, "finance", "会费", Some(format!("{}/dues", base(union_id)))).await?;
    let layout = layout
        .crumb(format!("{}的会费", d.member.name), format!("{}/dues/members/{member_id}", base(union_id)));
    let rows = d
        .bills
        .iter()
        .map(|b| {
            let paid = b.paid_fen.unwrap_or(0);
            HistoryLine {
                month: period_label(&b.month),
                base: fmt_yuan(b.base_fen),
                amount: fmt_yuan(b.amount_fen),
                paid: fmt_yuan(paid),
                owed: fmt_yuan(b.amount_fen - paid),
                status: bill_status(b.paid_fen.is_some()),
                is_paid: b.paid_fen.is_some(),
                method: b.method.as_deref().map(dues::method_label).unwrap_or_default().to_owned(),
                paid_on: b.paid_at.map(domain::time::fmt_datetime).unwrap_or_default(),
                receipt: b.voucher_id.map(|v| receipt_url(union_id, member_id, v)),
            }
        })
        .collect();
    let (billed, paid) = (d.billed_fen(), d.paid_fen());
    Ok(render(&MemberDuesPage {
        layout,
        union_id,
        can,
        nav: "dues",
        member_id,
        name: d.member.name.clone(),
        card_number: d.member.card_number.clone().unwrap_or_default(),
        base: d.member.dues_base_fen.map(fmt_yuan).unwrap_or_default(),
        no_base: d.member.dues_base_fen.is_none(),
        rows,
        billed: fmt_yuan(billed),
        paid: fmt_yuan(paid),
        owed: fmt_yuan(billed - paid),
    }))
}

#[derive(Template)]
#[template(path = "finance/dues_receipt.html")]
struct ReceiptPage {
    union_id: Uuid,
    member_id: Uuid,
    r: dues::Receipt,
    months: Vec<(String, String)>,
    period: String,
    total: String,
    total_words: String,
    date: String,
}

/// The printable 收据 of what one member paid on one collection.
pub async fn receipt(
    State(state): State<AppState>,
    Path((union_id, member_id, voucher_id)): Path<(Uuid, Uuid, Uuid)>,
) -> PageResult {
    let r = dues::receipt(&state, union_id, member_id, voucher_id).await?;
    let months: Vec<(String, String)> =
        r.months.iter().map(|(m, fen)| (period_label(m), fmt_yuan(*fen))).collect();
    let period = match (months.first(), months.last()) {
        (Some(a), Some(z)) if months.len() > 1 => format!("{}至{}", a.0, z.0),
        (Some(a), _) => a.0.clone(),
        _ => String::new(),
    };
    Ok(render(&ReceiptPage {
        union_id,
        member_id,
        total: fmt_yuan(r.total_fen),
        total_words: in_words(r.total_fen),
        date: domain::time::fmt_date(r.date),
        months,
        period,
        r,
    }))
}
