//! Dues (会费) bills and collection, arrears, and union funds (工会经费):
//! the 2 % due, its split, both flows and their reconciliation. Collected
//! money posts to the ledger at once.

use chrono::NaiveDate;
use domain::ErrorCode;
use domain::UnionId;
use domain::finance::chart::codes;
use domain::finance::dues::{FundFlow, fund_due, monthly_dues, split};
use domain::finance::ledger::{Line, Period};
use domain::finance::money::{MAX_FEN, fmt_yuan};
use serde::Serialize;
use store::Page;
use store::finance::{Arrears, DuesSummary, FundMonth, FundReceipt};
use uuid::Uuid;

use super::service::{NewPosting, post_generated};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

fn line(account: &str, debit_fen: i64, credit_fen: i64) -> Line {
    Line { account: account.into(), summary: String::new(), debit_fen, credit_fen }
}

pub fn parse_month(field: &str, s: &str) -> AppResult<Period> {
    Period::parse(s).ok_or_else(|| {
        AppError::field(ErrorCode::InvalidValue, field, format!("月份“{}”不正确，应如2026-11", s.trim()))
    })
}

#[derive(Debug, Serialize)]
pub struct BillsResult {
    /// Bills written now.
    pub count: i64,
    /// The month's total billed (all bills of the month).
    pub total_fen: i64,
    pub month_count: i64,
    /// Active members without a dues base, so without a bill.
    pub without_base: i64,
    /// Active members whose base is under 10 yuan (no dues, so no bill).
    pub base_under_min: i64,
}

/// Writes the month's bills (idempotent: existing bills stay).
pub async fn generate_bills(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    month: Period,
) -> AppResult<BillsResult> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let key = month.to_string();
    // The amounts come from the domain's rule (one place for it), not SQL.
    let all: Vec<(Uuid, i64, i64)> = store::dues::billable(&mut tx, UnionId(union_id))
        .await?
        .into_iter()
        .map(|(id, base)| (id, base, monthly_dues(base)))
        .collect();
    // A base that earns no dues (under 10 yuan) gets no bill, and is counted.
    let (bills, under_min): (Vec<_>, Vec<_>) = all.into_iter().partition(|(_, _, amount)| *amount > 0);
    let base_under_min = under_min.len() as i64;
    let count = store::dues::insert_bills(&mut tx, UnionId(union_id), &key, &bills).await? as i64;
    let s = store::finance::dues_summary(&mut tx, UnionId(union_id), &key).await?;
    let without_base = store::finance::members_without_base(&mut tx, UnionId(union_id)).await?;
    store::finance::refresh_dues_review(&mut tx, UnionId(union_id)).await?;
    record(
        &mut tx,
        p.actor(),
        "finance.dues_bills",
        format!("dues:{key}"),
        Some((union_id, &union.path)),
        format!("生成{}会费账单：新增{}人，当月应收{}元", month.label(), count, fmt_yuan(s.billed_fen)),
    )
    .await?;
    tx.commit().await?;
    Ok(BillsResult { count, total_fen: s.billed_fen, month_count: s.billed, without_base, base_under_min })
}

pub async fn summary(state: &AppState, union_id: Uuid, month: Period) -> AppResult<DuesSummary> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::finance::dues_summary(&mut tx, UnionId(union_id), &month.to_string()).await?)
}

#[derive(Debug, Serialize)]
pub struct Collected {
    pub count: i64,
    pub total_fen: i64,
    pub voucher_id: Option<Uuid>,
}

/// Records dues received: every unpaid bill of the month (payroll
/// deduction, `member` None) or one member's, and posts 借 银行存款（或库存
/// 现金） 贷 会费收入. Paying twice is refused.
pub async fn collect(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    month: Period,
    member: Option<Uuid>,
    method: &str,
    date: Option<NaiveDate>,
) -> AppResult<Collected> {
    let cash_account = match method {
        "payroll" | "transfer" => codes::BANK,
        "cash" => codes::CASH,
        _ => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "method",
                "收缴方式只能是 payroll（工资代扣）、transfer（转账）或 cash（现金）",
            ));
        }
    };
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let key = month.to_string();
    let (count, total) = store::finance::unpaid(&mut tx, UnionId(union_id), &key, member).await?;
    if count == 0 {
        let m = if member.is_some() {
            "该会员本月会费已缴纳或没有账单"
        } else {
            "本月没有未缴的会费账单（请先生成账单）"
        };
        return Err(AppError::field(ErrorCode::AlreadyPaid, "month", m));
    }
    let date = date.unwrap_or_else(super::service::today);
    let who = match member {
        Some(id) => {
            store::member::get(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?.name
        }
        None => format!("{count}人"),
    };
    let summary = format!("收{}会费（{}，{}）", month.label(), method_label(method), who);
    let lines = vec![line(cash_account, total, 0), line(codes::DUES_INCOME, 0, total)];
    let v = post_generated(
        &mut tx,
        p,
        union_id,
        "dues",
        NewPosting { date_field: "date", date, summary: summary.clone(), lines, ..Default::default() },
    )
    .await?;
    let paid =
        store::finance::pay_bills(&mut tx, UnionId(union_id), &key, member, method, v.id).await? as i64;
    if paid != count {
        // A concurrent collection took some bills: write nothing.
        return Err(AppError::field(ErrorCode::Conflict, "month", "会费正在被另一操作收缴，请刷新后重试"));
    }
    store::finance::refresh_dues_review(&mut tx, UnionId(union_id)).await?;
    record(
        &mut tx,
        p.actor(),
        "finance.dues_collect",
        format!("dues:{key}"),
        Some((union_id, &union.path)),
        format!("{summary}：{}元，记账凭证{}记字第{}号", fmt_yuan(total), v.period, v.number.unwrap_or(0)),
    )
    .await?;
    tx.commit().await?;
    Ok(Collected { count, total_fen: total, voucher_id: Some(v.id) })
}

pub fn method_label(m: &str) -> &'static str {
    match m {
        "payroll" => "工资代扣",
        "transfer" => "转账",
        "cash" => "现金",
        _ => "其他",
    }
}

pub async fn arrears(state: &AppState, union_id: Uuid, page: Page) -> AppResult<(Vec<Arrears>, i64)> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::finance::arrears(&mut tx, UnionId(union_id), page).await?)
}

/// A month of union funds with what was received against what is due.
#[derive(Debug, Serialize)]
pub struct FundLine {
    pub month: String,
    pub flow: String,
    pub flow_label: &'static str,
    pub payroll_fen: i64,
    pub due_fen: i64,
    pub keep_fen: i64,
    pub up_fen: i64,
    /// Direct flow: the 2 % from the employer. Tax flow: the kept share refunded.
    pub expected_in_fen: i64,
    pub received_in_fen: i64,
    /// Direct flow: the upper share to remit. Tax flow: nothing (the tax
    /// authority remits the whole 2 %).
    pub expected_out_fen: i64,
    pub remitted_fen: i64,
    pub reconciled: bool,
}

fn reconcile(m: &FundMonth, receipts: &[FundReceipt]) -> FundLine {
    let sum = |kind: &str| {
        receipts.iter().filter(|r| r.month == m.month && r.kind == kind).map(|r| r.amount_fen).sum()
    };
    let flow = FundFlow::parse(&m.flow).unwrap_or(FundFlow::Direct);
    let (expected_in, received_in, expected_out) = match flow {
        FundFlow::Direct => (m.due_fen, sum("employer_paid"), m.up_fen),
        FundFlow::Tax => (m.keep_fen, sum("refund_received"), 0),
    };
    let remitted: i64 = sum("remitted_up");
    FundLine {
        month: m.month.clone(),
        flow: m.flow.clone(),
        flow_label: flow.label(),
        payroll_fen: m.payroll_fen,
        due_fen: m.due_fen,
        keep_fen: m.keep_fen,
        up_fen: m.up_fen,
        expected_in_fen: expected_in,
        received_in_fen: received_in,
        expected_out_fen: expected_out,
        remitted_fen: remitted,
        reconciled: received_in == expected_in && remitted == expected_out,
    }
}

/// Declares a month's payroll: the 2 % due and its split by the union's
/// preset and flow. A month is declared once.
pub async fn declare(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    month: Period,
    payroll_fen: i64,
) -> AppResult<FundLine> {
    if !(0..=MAX_FEN).contains(&payroll_fen) {
        return Err(AppError::field(ErrorCode::InvalidMoney, "payroll_fen", "工资总额不正确"));
    }
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let s = store::finance::settings(&mut tx, UnionId(union_id)).await?;
    let due = fund_due(payroll_fen);
    let (keep, up) = split(due, s.keep_permille);
    let m = FundMonth {
        union_id,
        month: month.to_string(),
        payroll_fen,
        due_fen: due,
        keep_fen: keep,
        up_fen: up,
        keep_permille: s.keep_permille,
        flow: s.fund_flow.clone(),
        declared_by: p.display_name.clone(),
        declared_at: store::now(),
    };
    if store::finance::fund_month(&mut tx, UnionId(union_id), &m.month).await?.is_some() {
        return Err(AppError::field(
            ErrorCode::Conflict,
            "month",
            format!("{}的工资总额已申报", month.label()),
        ));
    }
    store::finance::insert_fund_month(&mut tx, &m).await?;
    record(
        &mut tx,
        p.actor(),
        "finance.fund_declare",
        format!("fund:{}", m.month),
        Some((union_id, &union.path)),
        format!(
            "申报{}工资总额{}元：应拨缴经费{}元，留成{}元，上解{}元",
            month.label(),
            fmt_yuan(payroll_fen),
            fmt_yuan(due),
            fmt_yuan(keep),
            fmt_yuan(up)
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(reconcile(&m, &[]))
}

/// Records money that moved for a month's funds and posts its voucher:
/// employer_paid 借 银行存款 贷 拨缴经费收入（留成）、应付上级经费（上解）;
/// remitted_up 借 应付上级经费 贷 银行存款; refund_received 借 银行存款 贷 拨缴经费收入.
pub async fn receive(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    month: Period,
    kind: &str,
    amount_fen: i64,
    date: Option<NaiveDate>,
) -> AppResult<FundLine> {
    if amount_fen <= 0 || amount_fen > MAX_FEN {
        return Err(AppError::field(ErrorCode::InvalidMoney, "amount_fen", "金额应大于0且不超过1万亿元"));
    }
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let key = month.to_string();
    let m = store::finance::fund_month(&mut tx, UnionId(union_id), &key).await?.ok_or_else(|| {
        AppError::field(ErrorCode::InvalidValue, "month", format!("请先申报{}的工资总额", month.label()))
    })?;
    let flow = FundFlow::parse(&m.flow).unwrap_or(FundFlow::Direct);
    let (lines, label) = match (kind, flow) {
        ("employer_paid", FundFlow::Direct) => {
            let (keep, up) = split(amount_fen, m.keep_permille);
            let mut ls = vec![line(codes::BANK, amount_fen, 0), line(codes::FUND_INCOME, 0, keep)];
            if up > 0 {
                ls.push(line(codes::PAYABLE_UP, 0, up));
            }
            (ls, "收到单位拨缴经费")
        }
        ("remitted_up", FundFlow::Direct) => (
            vec![line(codes::PAYABLE_UP, amount_fen, 0), line(codes::BANK, 0, amount_fen)],
            "上解上级工会经费",
        ),
        ("refund_received", FundFlow::Tax) => (
            vec![line(codes::BANK, amount_fen, 0), line(codes::FUND_INCOME, 0, amount_fen)],
            "收到上级工会回拨经费",
        ),
        ("employer_paid" | "remitted_up" | "refund_received", _) => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "kind",
                format!("本月经费按“{}”方式拨缴，不能登记这类款项", flow.label()),
            ));
        }
        _ => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "kind",
                "款项类型只能是 employer_paid（单位拨缴）、remitted_up（上解）或 refund_received（回拨）",
            ));
        }
    };
    let date = date.unwrap_or_else(super::service::today);
    let summary = format!("{label}（{}）", month.label());
    let v = post_generated(
        &mut tx,
        p,
        union_id,
        "fund",
        NewPosting { date_field: "date", date, summary: summary.clone(), lines, ..Default::default() },
    )
    .await?;
    let r = FundReceipt {
        union_id,
        id: Uuid::now_v7(),
        month: key.clone(),
        kind: kind.into(),
        amount_fen,
        date,
        voucher_id: v.id,
        actor_name: p.display_name.clone(),
        at: store::now(),
    };
    store::finance::insert_fund_receipt(&mut tx, &r).await?;
    record(
        &mut tx,
        p.actor(),
        "finance.fund_receipt",
        format!("fund:{key}"),
        Some((union_id, &union.path)),
        format!(
            "{summary}：{}元，记账凭证{}记字第{}号",
            fmt_yuan(amount_fen),
            v.period,
            v.number.unwrap_or(0)
        ),
    )
    .await?;
    let receipts = store::finance::fund_receipts(&mut tx, UnionId(union_id)).await?;
    tx.commit().await?;
    Ok(reconcile(&m, &receipts))
}

/// Every declared month, reconciled.
pub async fn funds(state: &AppState, union_id: Uuid) -> AppResult<Vec<FundLine>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let months = store::finance::fund_months(&mut tx, UnionId(union_id)).await?;
    let receipts = store::finance::fund_receipts(&mut tx, UnionId(union_id)).await?;
    Ok(months.iter().map(|m| reconcile(m, &receipts)).collect())
}

// --- Per member: bills, history, members without a base, receipts --------

/// A month's bills member by member (with the filter), and how many.
pub async fn bills(
    state: &AppState,
    union_id: Uuid,
    month: Period,
    filter: &store::dues::BillFilter,
    page: Page,
) -> AppResult<(Vec<store::dues::BillRow>, i64)> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    if let Some(g) = filter.group_id {
        // Another union's group (or none) answers like a missing one.
        match store::org::get(&mut tx, g).await? {
            Some(o) if o.kind == "group" && o.union_id == Some(union_id) => {}
            _ => return Err(AppError::not_found()),
        }
    }
    Ok(store::dues::bills(&mut tx, UnionId(union_id), &month.to_string(), filter, page).await?)
}

/// Members in good standing without a 会费基数: they get no bill until one
/// is entered, so they are listed rather than left out.
pub async fn missing_base(state: &AppState, union_id: Uuid) -> AppResult<Vec<store::dues::MissingBase>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::dues::missing_base(&mut tx, UnionId(union_id)).await?)
}

/// A member's dues: who, and every bill with its payment, newest first.
pub struct MemberDues {
    pub member: store::member::Member,
    pub bills: Vec<store::dues::BillRow>,
}

impl MemberDues {
    pub fn billed_fen(&self) -> i64 {
        self.bills.iter().map(|b| b.amount_fen).sum()
    }

    pub fn paid_fen(&self) -> i64 {
        self.bills.iter().filter_map(|b| b.paid_fen).sum()
    }
}

pub async fn member_dues(state: &AppState, union_id: Uuid, member_id: Uuid) -> AppResult<MemberDues> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let member =
        store::member::get(&mut tx, UnionId(union_id), member_id).await?.ok_or_else(AppError::not_found)?;
    let bills = store::dues::member_bills(&mut tx, UnionId(union_id), member_id).await?;
    Ok(MemberDues { member, bills })
}

/// What a dues receipt (收据) prints.
pub struct Receipt {
    pub union_name: String,
    /// 会收 + the voucher's month and number + the member's place in it.
    pub number: String,
    pub member_name: String,
    pub card_number: Option<String>,
    pub months: Vec<(String, i64)>,
    pub total_fen: i64,
    pub method: String,
    pub date: NaiveDate,
    /// 收款人: who recorded the collection.
    pub payee: String,
    /// The voucher it was booked on: `2026-11 记字第3号`.
    pub voucher: String,
}

/// The receipt for what one member paid on one collection (one voucher).
pub async fn receipt(
    state: &AppState,
    union_id: Uuid,
    member_id: Uuid,
    voucher_id: Uuid,
) -> AppResult<Receipt> {
    let mut tx = state.db.read().await?;
    let union = load_union(&mut tx, union_id).await?;
    let member =
        store::member::get(&mut tx, UnionId(union_id), member_id).await?.ok_or_else(AppError::not_found)?;
    let lines = store::dues::receipt_lines(&mut tx, UnionId(union_id), member_id, voucher_id).await?;
    let first = lines.first().cloned().ok_or_else(AppError::not_found)?;
    let place = store::dues::place_in_voucher(&mut tx, UnionId(union_id), voucher_id, member_id).await?;
    let number_in_month = first.number.unwrap_or(0);
    Ok(Receipt {
        union_name: union.name,
        number: format!("会收{}{:03}-{:03}", first.period.replace('-', ""), number_in_month, place),
        member_name: member.name,
        card_number: member.card_number,
        total_fen: lines.iter().map(|l| l.amount_fen).sum(),
        months: lines.iter().map(|l| (l.month.clone(), l.amount_fen)).collect(),
        method: method_label(&first.method).to_owned(),
        date: first.date,
        payee: first.maker_name,
        voucher: format!("{} 记字第{}号", first.period, number_in_month),
    })
}
