//! The books: chart of accounts, vouchers from draft to posted, reversal,
//! month close, attachments and finance settings. Posting is one function
//! (`post_in`) for manual and generated vouchers alike: it checks the month,
//! numbers the voucher and links it into the union's hash chain.

use chrono::NaiveDate;
use domain::UnionId;
use domain::finance::chart::{self, Account, Class, Side};
use domain::finance::ledger::{self, Line, Period, check_lines, reversal_lines, voucher_hash};
use domain::finance::money::fmt_yuan;
use domain::{ErrorCode, text};
use store::finance::{Settings, Voucher, VoucherFilter};
use store::{Page, Tx};
use uuid::Uuid;

pub use super::periods::{attach, attachment, periods, set_period};

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

pub fn today() -> NaiveDate {
    domain::time::today(store::now())
}

/// The union's chart: the shipped accounts and its own sub-accounts.
pub async fn chart_in(tx: &mut Tx, union_id: Uuid) -> AppResult<Vec<Account>> {
    let mut accounts = chart::standard();
    for (code, name) in store::finance::custom_accounts(tx, UnionId(union_id)).await? {
        let Some(parent) =
            accounts.iter().find(|a| code.starts_with(&a.code) && a.code.len() + 2 == code.len())
        else {
            continue;
        };
        let (class, side) = (parent.class, parent.side);
        let at = accounts
            .iter()
            .rposition(|a| a.code.starts_with(&code[..code.len() - 2]))
            .unwrap_or(accounts.len() - 1);
        accounts.insert(at + 1, Account { code, name, class, side });
    }
    Ok(accounts)
}

pub async fn accounts(state: &AppState, union_id: Uuid) -> AppResult<Vec<Account>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    chart_in(&mut tx, union_id).await
}

pub async fn add_account(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    parent: &str,
    code: &str,
    name: &str,
) -> AppResult<Account> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let chart = chart_in(&mut tx, union_id).await?;
    let a = chart::new_sub_account(&chart, parent.trim(), code, name)?;
    if store::finance::has_lines(&mut tx, UnionId(union_id), parent.trim()).await? {
        return Err(AppError::field(
            ErrorCode::Conflict,
            "parent",
            format!("科目{}已有记账记录，不能再增设明细科目", parent.trim()),
        ));
    }
    store::finance::insert_account(&mut tx, UnionId(union_id), &a.code, &a.name).await?;
    record(
        &mut tx,
        p.actor(),
        "finance.account_add",
        format!("account:{}", a.code),
        Some((union_id, &union.path)),
        format!("增设明细科目 {} {}", a.code, a.name),
    )
    .await?;
    tx.commit().await?;
    Ok(a)
}

/// A voucher as typed.
#[derive(Debug, Clone, Default)]
pub struct VoucherInput {
    pub date: Option<NaiveDate>,
    pub summary: String,
    pub attachments: i64,
    pub lines: Vec<Line>,
    /// The maker saw that cash or bank goes below zero and goes on.
    pub confirm_below_zero: bool,
}

/// A voucher with its lines.
#[derive(Debug, Clone)]
pub struct VoucherView {
    pub voucher: Voucher,
    pub lines: Vec<Line>,
    pub attachments: Vec<store::finance::Attachment>,
    pub reversed_by: Option<Voucher>,
}

fn checked(input: &VoucherInput, chart: &[Account]) -> AppResult<(NaiveDate, String, i64, Vec<Line>)> {
    let date = input.date.ok_or_else(|| AppError::field(ErrorCode::Required, "date", "请填写凭证日期"))?;
    let date = domain::finance::ledger::check_voucher_date("date", date)?;
    let summary = text::required_line("summary", "摘要", &input.summary, 100)?;
    if !(0..=999).contains(&input.attachments) {
        return Err(AppError::field(ErrorCode::InvalidValue, "attachments", "附件张数应在0到999之间"));
    }
    let mut lines = Vec::with_capacity(input.lines.len());
    for (i, l) in input.lines.iter().enumerate() {
        let s = text::line(&format!("lines[{i}].summary"), "分录摘要", &l.summary, 100)?.unwrap_or_default();
        lines.push(Line { account: l.account.trim().to_owned(), summary: s, ..l.clone() });
    }
    let total = check_lines(chart, &lines)?;
    Ok((date, summary, total, lines))
}

pub(crate) async fn check_open(tx: &mut Tx, union_id: Uuid, period: Period) -> AppResult<()> {
    if store::finance::is_closed(tx, UnionId(union_id), &period.to_string()).await? {
        return Err(AppError::field(
            ErrorCode::PeriodClosed,
            "date",
            format!(
                "{}已结账，不能再记账；如需更正请在未结账月份做红字冲销，或由工会主席说明理由后反结账",
                period.label()
            ),
        ));
    }
    Ok(())
}

pub(crate) async fn load_voucher(tx: &mut Tx, union_id: Uuid, id: Uuid) -> AppResult<Voucher> {
    store::finance::get_voucher(tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)
}

pub(super) fn posted_conflict(v: &Voucher) -> AppError {
    AppError::field(
        ErrorCode::VoucherPosted,
        "status",
        format!(
            "{}记字第{}号凭证已记账，不能修改或删除，请用红字冲销更正",
            Period::parse(&v.period).map(|p| p.label()).unwrap_or_default(),
            v.number.unwrap_or(0)
        ),
    )
}

pub async fn create_voucher(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    input: &VoucherInput,
) -> AppResult<Voucher> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let chart = chart_in(&mut tx, union_id).await?;
    let (date, summary, total, lines) = checked(input, &chart)?;
    let period = Period::of(date);
    check_open(&mut tx, union_id, period).await?;
    super::cash::check(&mut tx, union_id, &lines, input.confirm_below_zero).await?;
    let v = new_voucher(union_id, p, date, summary, input.attachments, total, "manual", None, None);
    store::finance::insert_vouchers(&mut tx, &[(v.clone(), lines)]).await?;
    record(
        &mut tx,
        p.actor(),
        "finance.voucher_make",
        format!("voucher:{}", v.id),
        Some((union_id, &union.path)),
        format!("制单：{} {}，金额{}元", v.date, v.summary, fmt_yuan(total)),
    )
    .await?;
    tx.commit().await?;
    Ok(v)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn new_voucher(
    union_id: Uuid,
    p: &Principal,
    date: NaiveDate,
    summary: String,
    attachments: i64,
    total_fen: i64,
    kind: &str,
    source: Option<String>,
    reverses: Option<Uuid>,
) -> Voucher {
    Voucher {
        union_id,
        id: Uuid::now_v7(),
        period: Period::of(date).to_string(),
        number: None,
        date,
        summary,
        attachments,
        status: "draft".into(),
        kind: kind.into(),
        source,
        total_fen,
        maker_id: p.user_id,
        maker_name: p.display_name.clone(),
        made_at: store::now(),
        reviewer_id: None,
        reviewer_name: None,
        reviewed_at: None,
        poster_id: None,
        poster_name: None,
        posted_at: None,
        reverses,
        seq: None,
        prev_hash: None,
        hash: None,
    }
}

pub async fn voucher(state: &AppState, union_id: Uuid, id: Uuid) -> AppResult<VoucherView> {
    let mut tx = state.db.read().await?;
    let voucher = load_voucher(&mut tx, union_id, id).await?;
    let lines = store::finance::lines(&mut tx, UnionId(union_id), id).await?;
    let attachments = store::finance::attachments(&mut tx, UnionId(union_id), id).await?;
    let reversed_by = store::finance::reversal_of(&mut tx, UnionId(union_id), id).await?;
    Ok(VoucherView { voucher, lines, attachments, reversed_by })
}

pub async fn list(
    state: &AppState,
    union_id: Uuid,
    f: &VoucherFilter,
    page: Page,
) -> AppResult<(Vec<Voucher>, i64)> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::finance::list_vouchers(&mut tx, UnionId(union_id), f, page).await?)
}

pub async fn update_voucher(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    input: &VoucherInput,
) -> AppResult<Voucher> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut v = load_voucher(&mut tx, union_id, id).await?;
    super::opening::guard(&mut tx, &v, super::opening::Act::Edit).await?;
    match v.status.as_str() {
        "posted" => return Err(posted_conflict(&v)),
        "reviewed" => {
            return Err(AppError::field(
                ErrorCode::VoucherState,
                "status",
                "凭证已审核，须先由审核人退回才能修改",
            ));
        }
        _ => {}
    }
    let chart = chart_in(&mut tx, union_id).await?;
    let (date, summary, total, lines) = checked(input, &chart)?;
    check_open(&mut tx, union_id, Period::of(date)).await?;
    v.date = date;
    v.period = Period::of(date).to_string();
    v.summary = summary;
    v.attachments = input.attachments;
    v.total_fen = total;
    store::finance::update_draft(&mut tx, &v, &lines).await?;
    record(
        &mut tx,
        p.actor(),
        "finance.voucher_edit",
        format!("voucher:{id}"),
        Some((union_id, &union.path)),
        format!("修改未审核凭证：{} {}，金额{}元", v.date, v.summary, fmt_yuan(total)),
    )
    .await?;
    tx.commit().await?;
    Ok(v)
}

pub async fn delete_voucher(state: &AppState, p: &Principal, union_id: Uuid, id: Uuid) -> AppResult<()> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let v = load_voucher(&mut tx, union_id, id).await?;
    if v.status == "posted" {
        return Err(posted_conflict(&v));
    }
    store::finance::delete_unposted(&mut tx, UnionId(union_id), id).await?;
    record(
        &mut tx,
        p.actor(),
        "finance.voucher_delete",
        format!("voucher:{id}"),
        Some((union_id, &union.path)),
        format!("删除未记账凭证：{} {}", v.date, v.summary),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// 审核: by someone other than the maker. `approve = false` returns a
/// reviewed voucher to draft.
pub async fn review(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    approve: bool,
) -> AppResult<Voucher> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let v = load_voucher(&mut tx, union_id, id).await?;
    super::opening::guard(&mut tx, &v, super::opening::Act::Review).await?;
    let wanted = if approve { "draft" } else { "reviewed" };
    if v.status == "posted" {
        return Err(posted_conflict(&v));
    }
    if v.status != wanted {
        let m = if approve { "凭证已审核" } else { "凭证尚未审核，无需退回" };
        return Err(AppError::field(ErrorCode::VoucherState, "status", m));
    }
    if approve && v.maker_id == p.user_id {
        return Err(AppError::field(
            ErrorCode::SameReviewer,
            "reviewer",
            format!("审核人不能是制单人（{}）：请由另一位财务人员审核", v.maker_name),
        ));
    }
    let reviewer = approve.then_some((p.user_id, p.display_name.as_str()));
    store::finance::set_reviewed(&mut tx, UnionId(union_id), id, reviewer, store::now()).await?;
    let (action, verb) =
        if approve { ("finance.voucher_review", "审核") } else { ("finance.voucher_unreview", "退回") };
    record(
        &mut tx,
        p.actor(),
        action,
        format!("voucher:{id}"),
        Some((union_id, &union.path)),
        format!("{verb}凭证：{} {}", v.date, v.summary),
    )
    .await?;
    tx.commit().await?;
    let mut tx = state.db.read().await?;
    load_voucher(&mut tx, union_id, id).await
}

/// Spending past a budget line: who approved it and why.
#[derive(Debug, Clone, Default)]
pub struct Override {
    pub reason: String,
    /// The approving account (批准人), chosen, never the voucher's maker.
    pub approver_user_id: Option<Uuid>,
    /// Also: the poster saw that cash or bank goes below zero and goes on.
    pub confirm_below_zero: bool,
}

/// 记账: posts a reviewed voucher. With three-person books the poster is
/// neither maker nor reviewer. Spending past a budget line needs `over`.
pub async fn post(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    over: Option<&Override>,
) -> AppResult<(Voucher, Vec<String>)> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut settings = store::finance::settings_for_update(&mut tx, UnionId(union_id)).await?;
    let mut v = load_voucher(&mut tx, union_id, id).await?;
    if v.status == "posted" {
        return Err(posted_conflict(&v));
    }
    if v.status != "reviewed" {
        return Err(AppError::field(ErrorCode::VoucherState, "status", "凭证须先审核才能记账"));
    }
    if settings.three_person && (v.maker_id == p.user_id || v.reviewer_id == Some(p.user_id)) {
        return Err(AppError::field(
            ErrorCode::SameReviewer,
            "poster",
            "本会要求制单、审核、记账由三个不同的人完成：记账人不能是制单人或审核人",
        ));
    }
    let lines = store::finance::lines(&mut tx, UnionId(union_id), id).await?;
    super::cash::check(&mut tx, union_id, &lines, over.is_some_and(|o| o.confirm_below_zero)).await?;
    let warnings = check_budget(&mut tx, p, union_id, &v, &lines, over).await?;
    post_in(&mut tx, &mut settings, &mut v, &lines, p).await?;
    store::finance::save_settings(&mut tx, UnionId(union_id), &settings).await?;
    record(
        &mut tx,
        p.actor(),
        "finance.voucher_post",
        format!("voucher:{id}"),
        Some((union_id, &union.path)),
        format!(
            "记账：{}记字第{}号 {}，金额{}元",
            v.period,
            v.number.unwrap_or(0),
            v.summary,
            fmt_yuan(v.total_fen)
        ),
    )
    .await?;
    tx.commit().await?;
    Ok((v, warnings))
}

/// Numbers a voucher (next in its month, no gaps), links it into the
/// union's chain and marks it posted — or inserts it posted, when it is new
/// (`v.status` not yet stored). The caller holds the settings lock.
pub async fn post_in(
    tx: &mut Tx,
    settings: &mut Settings,
    v: &mut Voucher,
    lines: &[Line],
    p: &Principal,
) -> AppResult<()> {
    let period = Period::parse(&v.period).ok_or_else(|| AppError::code(ErrorCode::Internal))?;
    check_open(tx, v.union_id, period).await?;
    super::opening::guard(tx, v, super::opening::Act::Post).await?;
    let number = store::finance::last_number(tx, UnionId(v.union_id), &v.period).await? + 1;
    stamp(settings, v, lines, number, p);
    if store::finance::set_posted(tx, v).await? != 1 {
        return Err(AppError::field(ErrorCode::VoucherState, "status", "凭证状态已变化，请刷新后重试"));
    }
    Ok(())
}

/// Fills in number, poster, seq and hashes; advances the chain head.
pub fn stamp(settings: &mut Settings, v: &mut Voucher, lines: &[Line], number: i64, p: &Principal) {
    v.number = Some(number);
    v.poster_id = Some(p.user_id);
    v.poster_name = Some(p.display_name.clone());
    v.posted_at = Some(store::now());
    v.seq = Some(settings.chain_seq + 1);
    v.prev_hash = Some(settings.chain_hash.clone());
    let hash = store::finance::with_chain_fields(v, lines, |f| voucher_hash(&settings.chain_hash, f));
    v.hash = Some(hash.clone());
    v.status = "posted".into();
    settings.chain_seq += 1;
    settings.chain_hash = hash;
}

/// A voucher generated by the system (dues, funds, welfare): made by the
/// acting user and posted at once, reviewed by the rule that produced it.
pub async fn post_generated(
    tx: &mut Tx,
    p: &Principal,
    union_id: Uuid,
    kind: &str,
    posting: NewPosting,
) -> AppResult<Voucher> {
    let mut posted = post_many(tx, p, union_id, kind, vec![posting], None).await?;
    posted.pop().ok_or_else(|| AppError::code(ErrorCode::Internal))
}

/// The account that approved a payment out of the union's money (批准人).
#[derive(Debug, Clone)]
pub struct Approver {
    pub id: Uuid,
    pub name: String,
}

/// The accounts of a union that may approve a payment: the chair and the
/// treasurer (see [`domain::auth::approves_payments`]).
pub async fn approvers_in(tx: &mut Tx, union_path: &str) -> AppResult<Vec<Approver>> {
    let roles = domain::auth::payment_approver_roles();
    Ok(store::auth::approvers(tx, union_path, &roles)
        .await?
        .into_iter()
        .map(|(id, name)| Approver { id, name })
        .collect())
}

pub async fn approvers(state: &AppState, union_id: Uuid) -> AppResult<Vec<Approver>> {
    let mut tx = state.db.read().await?;
    let union = load_union(&mut tx, union_id).await?;
    approvers_in(&mut tx, &union.path).await
}

/// Checks the chosen approver of a payment: one of the union's approving
/// accounts (any other id answers as one that does not exist), and not the
/// person paying.
pub async fn approver_in(
    tx: &mut Tx,
    p: &Principal,
    union_id: Uuid,
    id: Option<Uuid>,
) -> AppResult<Approver> {
    let union = load_union(tx, union_id).await?;
    let all = approvers_in(tx, &union.path).await?;
    let Some(id) = id else {
        let names: Vec<&str> = all.iter().map(|a| a.name.as_str()).collect();
        let choices = if names.is_empty() {
            "本会尚无主席或财务负责人账号".to_owned()
        } else {
            names.join("、")
        };
        return Err(AppError::field(
            ErrorCode::Required,
            "approver_user_id",
            format!("请从本会账号中选择批准人（approver_user_id），不再接受手填的姓名；可选：{choices}"),
        ));
    };
    let a = all
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "approver_user_id", "批准人账号不存在"))?;
    domain::auth::check_payment_approver(p.user_id, a.id)?;
    Ok(a)
}

/// A generated payment voucher with its approver as reviewer (审核). With
/// three-person books it waits, reviewed, for someone who is neither maker
/// nor approver to post it (记账); otherwise the maker posts it at once,
/// as they may a reviewed hand-made voucher.
pub async fn post_approved(
    tx: &mut Tx,
    p: &Principal,
    union_id: Uuid,
    kind: &str,
    posting: NewPosting,
    approver: &Approver,
) -> AppResult<Voucher> {
    domain::finance::ledger::check_voucher_date(posting.date_field, posting.date)?;
    super::cash::check(tx, union_id, &posting.lines, posting.confirm_below_zero).await?;
    let three_person = store::finance::settings(tx, UnionId(union_id)).await?.three_person;
    if !three_person {
        let mut posted = post_many(tx, p, union_id, kind, vec![posting], Some(approver)).await?;
        return posted.pop().ok_or_else(|| AppError::code(ErrorCode::Internal));
    }
    let chart = chart_in(tx, union_id).await?;
    domain::finance::ledger::check_voucher_date(posting.date_field, posting.date)?;
    let total = check_lines(&chart, &posting.lines)?;
    check_open(tx, union_id, Period::of(posting.date)).await?;
    let mut v = new_voucher(union_id, p, posting.date, posting.summary, 0, total, kind, None, None);
    v.status = "reviewed".into();
    v.reviewer_id = Some(approver.id);
    v.reviewer_name = Some(approver.name.clone());
    v.reviewed_at = Some(v.made_at);
    store::finance::insert_vouchers(tx, &[(v.clone(), posting.lines)]).await?;
    Ok(v)
}

/// A generated payment voucher left a draft made by the caller: for a
/// payment the caller approved themselves, whose voucher someone else must
/// review (审核) and post, as a hand-made voucher.
pub async fn post_for_review(
    tx: &mut Tx,
    p: &Principal,
    union_id: Uuid,
    kind: &str,
    posting: NewPosting,
) -> AppResult<Voucher> {
    domain::finance::ledger::check_voucher_date(posting.date_field, posting.date)?;
    super::cash::check(tx, union_id, &posting.lines, posting.confirm_below_zero).await?;
    let chart = chart_in(tx, union_id).await?;
    let total = check_lines(&chart, &posting.lines)?;
    check_open(tx, union_id, Period::of(posting.date)).await?;
    let v = new_voucher(union_id, p, posting.date, posting.summary, 0, total, kind, None, None);
    store::finance::insert_vouchers(tx, &[(v.clone(), posting.lines)]).await?;
    Ok(v)
}

/// A voucher to generate and post in a batch.
#[derive(Default)]
pub struct NewPosting {
    /// The name of the date field the caller sent, for the error.
    pub date_field: &'static str,
    pub date: NaiveDate,
    pub summary: String,
    pub lines: Vec<Line>,
    /// A payment ([`post_approved`]) may take cash below zero only so.
    pub confirm_below_zero: bool,
}

/// Posts many generated vouchers in the caller's transaction, numbered and
/// chained in order, written with multi-row INSERTs. All or nothing: a
/// crash before commit leaves the books as they were.
pub async fn post_many(
    tx: &mut Tx,
    p: &Principal,
    union_id: Uuid,
    kind: &str,
    postings: Vec<NewPosting>,
    approver: Option<&Approver>,
) -> AppResult<Vec<Voucher>> {
    let chart = chart_in(tx, union_id).await?;
    let mut settings = store::finance::settings_for_update(tx, UnionId(union_id)).await?;
    let mut numbers: std::collections::HashMap<String, i64> = Default::default();
    let mut out = Vec::with_capacity(postings.len());
    for n in postings {
        // The one date rule for everything that posts (the manual voucher's).
        domain::finance::ledger::check_voucher_date(n.date_field, n.date)?;
        let total = check_lines(&chart, &n.lines)?;
        let mut v = new_voucher(union_id, p, n.date, n.summary, 0, total, kind, None, None);
        if !numbers.contains_key(&v.period) {
            check_open(tx, union_id, Period::of(n.date)).await?;
            let last = store::finance::last_number(tx, UnionId(union_id), &v.period).await?;
            numbers.insert(v.period.clone(), last);
        }
        let number = numbers.get_mut(&v.period).expect("just inserted");
        *number += 1;
        match approver {
            Some(a) => {
                v.reviewer_id = Some(a.id);
                v.reviewer_name = Some(a.name.clone());
            }
            None => v.reviewer_name = Some("系统按规则生成".into()),
        }
        stamp(&mut settings, &mut v, &n.lines, *number, p);
        v.reviewed_at = v.posted_at;
        out.push((v, n.lines));
    }
    store::finance::insert_vouchers(tx, &out).await?;
    store::finance::save_settings(tx, UnionId(union_id), &settings).await?;
    Ok(out.into_iter().map(|(v, _)| v).collect())
}

/// Refuses spending past a budget line unless a reason and approver are
/// given (then recorded); returns warnings for lines at 90 % or more.
async fn check_budget(
    tx: &mut Tx,
    p: &Principal,
    union_id: Uuid,
    v: &Voucher,
    lines: &[Line],
    over: Option<&Override>,
) -> AppResult<Vec<String>> {
    let year = chrono::Datelike::year(&v.date);
    let budget = store::finance::budget(tx, UnionId(union_id), i64::from(year)).await?;
    if budget.is_empty() {
        return Ok(Vec::new());
    }
    let chart = chart_in(tx, union_id).await?;
    let spent: Vec<&Line> = lines
        .iter()
        .filter(|l| chart.iter().any(|a| a.code == l.account && a.class == Class::Expenditure))
        .collect();
    if spent.is_empty() {
        return Ok(Vec::new());
    }
    let actual =
        store::finance::movements(tx, UnionId(union_id), &format!("{year}-01"), &format!("{year}-12"))
            .await?;
    let mut warnings = Vec::new();
    let mut exceeded = Vec::new();
    // Each expenditure line belongs to the most specific budget line above it.
    let mut by_line: std::collections::BTreeMap<String, i64> = Default::default();
    for l in spent {
        let line = budget
            .iter()
            .filter(|(code, _)| l.account.starts_with(code.as_str()))
            .max_by_key(|(c, _)| c.len());
        let key = line.map(|(c, _)| c.clone()).unwrap_or_else(|| l.account[..4].to_owned());
        *by_line.entry(key).or_default() += Side::Debit.balance(l.debit_fen, l.credit_fen);
    }
    for (code, amount) in by_line {
        let budget_fen = budget.iter().find(|(c, _)| *c == code).map(|(_, b)| *b).unwrap_or(0);
        let before: i64 = actual
            .iter()
            .filter(|(a, _)| a.starts_with(&code))
            .map(|(_, m)| m.debit_fen - m.credit_fen)
            .sum();
        let after = before + amount;
        let name = chart.iter().find(|a| a.code == code).map(|a| a.name.clone()).unwrap_or_default();
        // Spending without a budget line needs the same approval as spending
        // past one (as before the state had its own name).
        let state = match ledger::budget_state(budget_fen, after) {
            ledger::BudgetState::NoBudget if after > 0 => ledger::BudgetState::Exceeded,
            ledger::BudgetState::NoBudget => ledger::BudgetState::Ok,
            s => s,
        };
        match state {
            ledger::BudgetState::Exceeded if amount > 0 => exceeded.push((code, name, budget_fen, after)),
            ledger::BudgetState::Warning | ledger::BudgetState::Exceeded => warnings.push(format!(
                "{code} {name}：预算{}元，已支出{}元",
                fmt_yuan(budget_fen),
                fmt_yuan(after)
            )),
            ledger::BudgetState::Ok | ledger::BudgetState::NoBudget => {}
        }
    }
    if exceeded.is_empty() {
        return Ok(warnings);
    }
    let (code, name, budget_fen, after) = exceeded[0].clone();
    let given = over.filter(|o| !o.reason.trim().is_empty() && o.approver_user_id.is_some());
    let Some(o) = given else {
        return Err(AppError::field(
            ErrorCode::BudgetExceeded,
            "override",
            format!(
                "超出预算：{code} {name} 本年预算{}元，记账后支出{}元。超预算支出须填写原因并选择批准人（本会主席或财务负责人，不能是制单人）",
                fmt_yuan(budget_fen),
                fmt_yuan(after)
            ),
        ));
    };
    let reason = text::required_line("override.reason", "超预算原因", &o.reason, 200)?;
    let a = approver_in(tx, p, union_id, o.approver_user_id).await?;
    domain::auth::check_payment_approver(v.maker_id, a.id)?;
    let approver = a.name;
    for (code, _, budget_fen, after) in exceeded {
        store::finance::insert_budget_override(
            tx,
            &store::finance::BudgetOverride {
                union_id,
                id: Uuid::now_v7(),
                voucher_id: v.id,
                year: i64::from(year),
                account: code,
                budget_fen,
                actual_fen: after,
                reason: reason.clone(),
                approver: approver.clone(),
                actor_name: p.display_name.clone(),
                at: store::now(),
            },
        )
        .await?;
    }
    warnings.push(format!("已按批准（{approver}）超预算记账：{reason}"));
    Ok(warnings)
}

/// 红字冲销: a new draft voucher with the original's lines negated, linked
/// to it, dated today (the original's month may be closed). It is reviewed
/// and posted like any other.
pub async fn reverse(state: &AppState, p: &Principal, union_id: Uuid, id: Uuid) -> AppResult<Voucher> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let original = load_voucher(&mut tx, union_id, id).await?;
    super::opening::guard(&mut tx, &original, super::opening::Act::Reverse).await?;
    if original.status != "posted" {
        return Err(AppError::field(
            ErrorCode::VoucherState,
            "status",
            "只有已记账的凭证需要红字冲销；未记账凭证可直接修改或删除",
        ));
    }
    if original.reverses.is_some() {
        return Err(AppError::field(ErrorCode::VoucherState, "status", "这是一张冲销凭证，不能再冲销"));
    }
    if let Some(r) = store::finance::reversal_of(&mut tx, UnionId(union_id), id).await? {
        return Err(AppError::field(
            ErrorCode::Conflict,
            "status",
            format!(
                "该凭证已有冲销凭证（{} {}）",
                r.date,
                if r.status == "posted" { "已记账" } else { "待审核记账" }
            ),
        ));
    }
    let lines = reversal_lines(&store::finance::lines(&mut tx, UnionId(union_id), id).await?);
    let date = today();
    check_open(&mut tx, union_id, Period::of(date)).await?;
    let summary =
        format!("冲销{}记字第{}号：{}", original.period, original.number.unwrap_or(0), original.summary);
    let summary: String = summary.chars().take(100).collect();
    let v = new_voucher(union_id, p, date, summary, 0, -original.total_fen, "reversal", None, Some(id));
    store::finance::insert_vouchers(&mut tx, &[(v.clone(), lines)]).await?;
    record(
        &mut tx,
        p.actor(),
        "finance.voucher_reverse",
        format!("voucher:{}", v.id),
        Some((union_id, &union.path)),
        format!(
            "红字冲销{}记字第{}号凭证（{}元）",
            original.period,
            original.number.unwrap_or(0),
            fmt_yuan(original.total_fen)
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(v)
}

/// Vouchers posted per transaction in a batch: a crash loses at most the
/// batch in flight, and never half a voucher.
pub const POST_BATCH: usize = 200;

/// Posts every reviewed voucher of a month (批量记账), in transactions of
/// `POST_BATCH`. Returns how many were posted.
pub async fn post_batch(state: &AppState, p: &Principal, union_id: Uuid, period: Period) -> AppResult<usize> {
    let mut done = 0;
    loop {
        let mut tx = state.db.write().await?;
        let union = load_union(&mut tx, union_id).await?;
        let mut settings = store::finance::settings_for_update(&mut tx, UnionId(union_id)).await?;
        let batch =
            store::finance::reviewed_in(&mut tx, UnionId(union_id), &period.to_string(), POST_BATCH as i64)
                .await?;
        if batch.is_empty() {
            break;
        }
        let n = batch.len();
        let before = done;
        for mut v in batch {
            if settings.three_person && (v.maker_id == p.user_id || v.reviewer_id == Some(p.user_id)) {
                continue;
            }
            let lines = store::finance::lines(&mut tx, UnionId(union_id), v.id).await?;
            check_budget(&mut tx, p, union_id, &v, &lines, None).await?;
            post_in(&mut tx, &mut settings, &mut v, &lines, p).await?;
            done += 1;
        }
        store::finance::save_settings(&mut tx, UnionId(union_id), &settings).await?;
        record(
            &mut tx,
            p.actor(),
            "finance.voucher_post_batch",
            format!("period:{period}"),
            Some((union_id, &union.path)),
            format!("批量记账{}：{}张", period.label(), n),
        )
        .await?;
        tx.commit().await?;
        // A full batch the caller may not post (three people) would come
        // back unchanged: stop instead of fetching it again.
        if n < POST_BATCH || done == before {
            break;
        }
    }
    Ok(done)
}

pub async fn settings(state: &AppState, union_id: Uuid) -> AppResult<Settings> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::finance::settings(&mut tx, UnionId(union_id)).await?)
}

/// What may change in the finance settings (the chain head may not).
#[derive(Debug, Clone, Default)]
pub struct SettingsInput {
    pub three_person: Option<bool>,
    pub keep_permille: Option<i64>,
    pub fund_flow: Option<String>,
}

pub async fn save_settings(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    input: &SettingsInput,
) -> AppResult<Settings> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut s = store::finance::settings_for_update(&mut tx, UnionId(union_id)).await?;
    let before = s.clone();
    if let Some(t) = input.three_person {
        s.three_person = t;
    }
    if let Some(k) = input.keep_permille {
        s.keep_permille = domain::finance::dues::check_keep_permille(k)?;
    }
    if let Some(f) = &input.fund_flow {
        let flow = domain::finance::dues::FundFlow::parse(f).ok_or_else(|| {
            AppError::field(
                ErrorCode::InvalidValue,
                "fund_flow",
                "经费拨缴方式只能是 direct（单位直接拨缴）或 tax（税务代收）",
            )
        })?;
        s.fund_flow = flow.as_str().into();
    }
    store::finance::save_settings(&mut tx, UnionId(union_id), &s).await?;
    record(
        &mut tx,
        p.actor(),
        "finance.settings",
        format!("union:{union_id}"),
        Some((union_id, &union.path)),
        format!(
            "财务设置：三人分设 {}→{}，留成比例 {}‰→{}‰，拨缴方式 {}→{}",
            before.three_person,
            s.three_person,
            before.keep_permille,
            s.keep_permille,
            before.fund_flow,
            s.fund_flow
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(s)
}
