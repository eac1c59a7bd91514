//! Opening balances (期初余额): entered once for the union's first period,
//! balanced, reviewed and posted like a voucher, locked after the first
//! close.
//!
//! They are one voucher of kind `opening` (at most one per union, a unique
//! index), dated the last day before the first period. So the trial
//! balance, the 资产负债表 and every ledger read them as the balance
//! brought forward with no code of their own, the hash chain covers them,
//! and a posted opening is as immutable as any posted voucher. Until it is
//! reviewed the maker may change it as often as needed (the draft is
//! replaced); review and posting follow the voucher rules (the reviewer is
//! not the maker; with three-person books the poster is neither).

use domain::ErrorCode;
use domain::UnionId;
use domain::finance::chart::{Account, Class, Side};
use domain::finance::ledger::Period;
use domain::finance::money::fmt_yuan;
use domain::finance::opening::{self, Balance};
use store::Tx;
use store::finance::Voucher;
use uuid::Uuid;

use super::service::{self, chart_in, check_open, new_voucher, today};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// What is being done to a voucher, for [`guard`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Edit,
    Review,
    Post,
    Reverse,
}

fn locked(first_close: &str) -> AppError {
    let label = Period::parse(first_close).map(|p| p.label()).unwrap_or_default();
    AppError::field(
        ErrorCode::OpeningLocked,
        "balances",
        format!(
            "{label}已结账，期初余额已锁定，不能再录入、修改、审核或记账；如有差错，请用普通记账凭证调整"
        ),
    )
}

async fn check_unlocked(tx: &mut Tx, union_id: Uuid) -> AppResult<()> {
    match store::finance::opening::first_close(tx, UnionId(union_id)).await? {
        Some(p) => Err(locked(&p)),
        None => Ok(()),
    }
}

/// The voucher routes keep to the opening's rules: it is changed only on
/// its own page, never reversed, and not reviewed or posted once locked.
pub async fn guard(tx: &mut Tx, v: &Voucher, act: Act) -> AppResult<()> {
    if v.kind != opening::KIND {
        return Ok(());
    }
    match act {
        Act::Edit => {
            Err(AppError::field(ErrorCode::VoucherState, "kind", "这是期初余额凭证，请在“期初余额”页修改"))
        }
        Act::Reverse => Err(AppError::field(
            ErrorCode::VoucherState,
            "kind",
            "期初余额凭证不能红字冲销；如有差错，请用普通记账凭证调整",
        )),
        Act::Review | Act::Post => check_unlocked(tx, v.union_id).await,
    }
}

/// The union's opening balances as they stand.
#[derive(Debug, Clone)]
pub struct Opening {
    pub first_period: Period,
    pub voucher: Option<Voucher>,
    pub balances: Vec<Balance>,
    /// The first month closed, which locked them.
    pub locked_by: Option<String>,
    /// The accounts that take an opening balance.
    pub accounts: Vec<Account>,
}

impl Opening {
    pub fn status(&self) -> &str {
        self.voucher.as_ref().map_or("none", |v| v.status.as_str())
    }

    pub fn amount(&self, code: &str) -> i64 {
        self.balances.iter().find(|b| b.account == code).map_or(0, |b| b.amount_fen)
    }

    /// Debit total (assets) and credit total (liabilities and net assets).
    pub fn totals(&self) -> (i64, i64) {
        self.accounts.iter().fold((0, 0), |(d, c), a| match a.side {
            Side::Debit => (d + self.amount(&a.code), c),
            Side::Credit => (d, c + self.amount(&a.code)),
        })
    }
}

/// Where the books begin: the opening's own first period, else the month of
/// the earliest voucher, else this month.
async fn first_period_in(tx: &mut Tx, union_id: Uuid, v: Option<&Voucher>) -> AppResult<Period> {
    if let Some(p) = v.and_then(|v| Period::parse(&v.period)) {
        return Ok(p.next());
    }
    let earliest = store::finance::opening::first_voucher_period(tx, UnionId(union_id)).await?;
    Ok(earliest.as_deref().and_then(Period::parse).unwrap_or_else(|| Period::of(today())))
}

pub async fn get(state: &AppState, union_id: Uuid) -> AppResult<Opening> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let chart = chart_in(&mut tx, union_id).await?;
    let voucher = store::finance::opening::opening_voucher(&mut tx, UnionId(union_id)).await?;
    let lines = match &voucher {
        Some(v) => store::finance::lines(&mut tx, UnionId(union_id), v.id).await?,
        None => Vec::new(),
    };
    let first_period = first_period_in(&mut tx, union_id, voucher.as_ref()).await?;
    let locked_by = store::finance::opening::first_close(&mut tx, UnionId(union_id)).await?;
    let accounts = opening::opening_accounts(&chart).into_iter().cloned().collect();
    Ok(Opening { first_period, voucher, balances: opening::balances_of(&chart, &lines), locked_by, accounts })
}

/// Enters or replaces the opening balances (a draft voucher). Refused once
/// reviewed (return it first), posted, or locked by a close.
pub async fn save(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    first_period: Option<Period>,
    balances: &[Balance],
) -> AppResult<Voucher> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    check_unlocked(&mut tx, union_id).await?;
    let existing = store::finance::opening::opening_voucher(&mut tx, UnionId(union_id)).await?;
    match existing.as_ref().map(|v| v.status.as_str()) {
        Some("posted") => {
            return Err(AppError::field(
                ErrorCode::VoucherPosted,
                "status",
                "期初余额已记账，不能再修改；如有差错，请用普通记账凭证调整",
            ));
        }
        Some("reviewed") => {
            return Err(AppError::field(
                ErrorCode::VoucherState,
                "status",
                "期初余额已审核，须先由审核人退回才能修改",
            ));
        }
        _ => {}
    }
    let earliest = store::finance::opening::first_voucher_period(&mut tx, UnionId(union_id)).await?;
    let earliest = earliest.as_deref().and_then(Period::parse);
    let first = match first_period {
        Some(f) => f,
        None => first_period_in(&mut tx, union_id, existing.as_ref()).await?,
    };
    if let Some(e) = earliest.filter(|e| first > *e) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "first_period",
            format!("本会最早的凭证在{}，启用月份不能晚于该月", e.label()),
        ));
    }
    let chart = chart_in(&mut tx, union_id).await?;
    let lines = opening::opening_lines(&chart, balances)?;
    let total: i64 = lines.iter().map(|l| l.debit_fen).sum();
    let date = domain::finance::ledger::check_voucher_date("first_period", opening::opening_date(first))?;
    check_open(&mut tx, union_id, Period::of(date)).await?;
    let summary = format!("{}（{}启用）", opening::SUMMARY, first.label());
    let v = match existing {
        Some(mut v) => {
            v.date = date;
            v.period = Period::of(date).to_string();
            v.summary = summary;
            v.total_fen = total;
            store::finance::update_draft(&mut tx, &v, &lines).await?;
            v
        }
        None => {
            let v = new_voucher(union_id, p, date, summary, 0, total, opening::KIND, None, None);
            store::finance::insert_vouchers(&mut tx, &[(v.clone(), lines)]).await?;
            v
        }
    };
    record(
        &mut tx,
        p.actor(),
        "finance.opening_save",
        format!("voucher:{}", v.id),
        Some((union_id, &union.path)),
        format!("录入期初余额（{}启用）：借贷合计各{}元", first.label(), fmt_yuan(total)),
    )
    .await?;
    tx.commit().await?;
    Ok(v)
}

async fn voucher_id(state: &AppState, union_id: Uuid) -> AppResult<Uuid> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let v = store::finance::opening::opening_voucher(&mut tx, UnionId(union_id)).await?;
    v.map(|v| v.id).ok_or_else(|| AppError::field(ErrorCode::VoucherState, "status", "尚未录入期初余额"))
}

/// 审核 (`approve`) or 退回 the opening, by the voucher rules.
pub async fn review(state: &AppState, p: &Principal, union_id: Uuid, approve: bool) -> AppResult<Voucher> {
    let id = voucher_id(state, union_id).await?;
    service::review(state, p, union_id, id, approve).await
}

/// 记账: the opening enters the books and the chain.
pub async fn post(state: &AppState, p: &Principal, union_id: Uuid) -> AppResult<Voucher> {
    let id = voucher_id(state, union_id).await?;
    let (v, _) = service::post(state, p, union_id, id, None).await?;
    Ok(v)
}

/// The classes shown on the page, in order, with their heading.
pub fn sections() -> [(Class, &'static str); 3] {
    [(Class::Asset, "资产"), (Class::Liability, "负债"), (Class::NetAssets, "净资产")]
}
