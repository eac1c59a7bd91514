//! The spending-rule engine at work: the union's policy (a preset or its
//! own), checking a payment before it is made, recording welfare payments
//! with their voucher, and exceptions with reason and approver. The care
//! and activity areas pay through [`pay`].

use chrono::{Datelike, NaiveDate};
use domain::ErrorCode;
use domain::UnionId;
use domain::finance::chart::{Class, codes};
use domain::finance::holidays::Holiday;
use domain::finance::ledger::Line;
use domain::finance::money::fmt_yuan;
use domain::finance::policy::{self, Form, Given, Item, Policy, Request, Verdict};
use domain::text;
use store::Tx;
use store::finance::{PolicyException, Welfare};
use uuid::Uuid;

use super::service::{Approver, NewPosting, approver_in, chart_in, post_approved, post_for_review};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// The union's policy in force.
pub async fn policy_in(tx: &mut Tx, union_id: Uuid) -> AppResult<Policy> {
    let s = store::finance::settings(tx, UnionId(union_id)).await?;
    let custom = s.policy_json.as_deref().filter(|_| s.policy_key == "custom");
    match custom {
        Some(json) => Ok(policy::parse(json)?),
        None => policy::preset(&s.policy_key).ok_or_else(|| AppError::code(ErrorCode::Internal)),
    }
}

pub async fn get_policy(state: &AppState, union_id: Uuid) -> AppResult<Policy> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    policy_in(&mut tx, union_id).await
}

/// Chooses a preset; with `custom`, `custom_json` (the preset file format)
/// becomes the union's own policy, parsed strictly.
pub async fn set_policy(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    key: &str,
    custom_json: Option<&str>,
) -> AppResult<Policy> {
    if !policy::PRESETS.contains(&key) {
        return Err(AppError::field(
            ErrorCode::InvalidPolicy,
            "preset",
            format!("政策预设“{key}”不存在，可选：{}", policy::PRESETS.join("、")),
        ));
    }
    let (policy, stored) = match (key, custom_json) {
        ("custom", Some(json)) => {
            let mut pol = policy::parse(json)
                .map_err(|e| AppError::field(ErrorCode::InvalidPolicy, "policy", e.message))?;
            pol.key = "custom".into();
            let json = policy::to_json(&pol);
            (pol, Some(json))
        }
        (_, Some(_)) => {
            return Err(AppError::field(
                ErrorCode::InvalidPolicy,
                "policy",
                "只有自定义政策（custom）可以修改标准；省级预设不能修改",
            ));
        }
        (key, None) => (policy::preset(key).ok_or_else(|| AppError::code(ErrorCode::Internal))?, None),
    };
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut s = store::finance::settings_for_update(&mut tx, UnionId(union_id)).await?;
    s.policy_key = key.into();
    if key == "custom" {
        s.policy_json = stored.or(s.policy_json);
    }
    store::finance::save_settings(&mut tx, UnionId(union_id), &s).await?;
    record(
        &mut tx,
        p.actor(),
        "finance.policy",
        format!("union:{union_id}"),
        Some((union_id, &union.path)),
        format!("经费支出政策改为：{}（{}）", policy.name, key),
    )
    .await?;
    tx.commit().await?;
    Ok(policy)
}

/// A welfare payment as asked for.
#[derive(Debug, Clone)]
pub struct PaymentInput {
    pub member_id: Uuid,
    pub item: String,
    pub amount_fen: i64,
    pub form: String,
    pub date: Option<NaiveDate>,
    pub holiday: Option<String>,
    pub surgery: bool,
    pub winners: Option<u32>,
    pub entrants: Option<u32>,
    /// The account approving the payment (批准人): the union's chair or
    /// treasurer, never the one paying.
    pub approver_user_id: Option<Uuid>,
    /// Paid even though cash or bank then goes below zero (the payer saw it).
    pub confirm_below_zero: bool,
}

fn request(input: &PaymentInput) -> AppResult<Request> {
    let item = Item::parse(&input.item).ok_or_else(|| {
        AppError::field(ErrorCode::InvalidValue, "item", format!("支出项目“{}”不存在", input.item))
    })?;
    let form = Form::parse(&input.form).ok_or_else(|| {
        AppError::field(ErrorCode::InvalidValue, "form", format!("发放形式“{}”不存在", input.form))
    })?;
    let holiday = match input.holiday.as_deref().filter(|h| !h.trim().is_empty()) {
        Some(h) => Some(Holiday::parse(h).ok_or_else(|| {
            AppError::field(
                ErrorCode::InvalidValue,
                "holiday",
                format!("节日“{h}”不在可发放慰问品的节日之列"),
            )
        })?),
        None => None,
    };
    if input.amount_fen <= 0 || input.amount_fen > domain::finance::money::MAX_FEN {
        return Err(AppError::field(ErrorCode::InvalidMoney, "amount_fen", "金额应大于0"));
    }
    let date = input.date.ok_or_else(|| AppError::field(ErrorCode::Required, "date", "请填写发放日期"))?;
    Ok(Request {
        item,
        amount_fen: input.amount_fen,
        form,
        date,
        holiday,
        surgery: input.surgery,
        winners: input.winners,
        entrants: input.entrants,
    })
}

async fn given_in(tx: &mut Tx, union_id: Uuid, member_id: Uuid, year: i32) -> AppResult<Vec<Given>> {
    Ok(store::finance::welfare_of(tx, UnionId(union_id), member_id, i64::from(year))
        .await?
        .into_iter()
        .filter_map(|w| {
            Some(Given {
                item: Item::parse(&w.item)?,
                holiday: w.holiday.as_deref().and_then(Holiday::parse),
                amount_fen: w.amount_fen,
            })
        })
        .collect())
}

/// Checks a payment against the policy and what the member already got
/// this year, recording nothing.
pub async fn check(state: &AppState, union_id: Uuid, input: &PaymentInput) -> AppResult<Verdict> {
    let req = request(input)?;
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    store::member::get(&mut tx, UnionId(union_id), input.member_id).await?.ok_or_else(AppError::not_found)?;
    let pol = policy_in(&mut tx, union_id).await?;
    let given = given_in(&mut tx, union_id, input.member_id, req.date.year()).await?;
    Ok(policy::check(&pol, &req, &given))
}

/// The expenditure account a welfare item is booked to by default.
pub fn default_account(item: Item) -> &'static str {
    match item {
        Item::Outing | Item::ContestPrize | Item::SuggestionReward => "510102",
        Item::Uniform => "510105",
        Item::Assistance => "530104",
        _ => "510104",
    }
}

/// An exception to the policy: why, and who approved it.
#[derive(Debug, Clone, Default)]
pub struct ExceptionInput {
    pub reason: String,
    pub approver: String,
}

/// Checks and records one welfare payment and posts its voucher (借 支出科目
/// 贷 银行存款，现金发放贷 库存现金), in the caller's transaction. Refused
/// payments are errors naming the rule, unless the policy allows an
/// exception and one is given. The same `idem_key` twice returns the first
/// record: a form submitted twice pays once.
#[allow(clippy::too_many_arguments)]
pub async fn pay(
    tx: &mut Tx,
    p: &Principal,
    union_id: Uuid,
    input: &PaymentInput,
    account: Option<&str>,
    exception: Option<&ExceptionInput>,
    idem_key: Option<&str>,
    summary: Option<&str>,
) -> AppResult<(Welfare, Verdict)> {
    pay_as(tx, p, union_id, input, account, exception, idem_key, summary, false).await
}

/// Like [`pay`], for a payment the caller decided as its approver (a
/// suggestion's reward approved by the officer paying it): the caller may
/// not also review its voucher, so the voucher is left a draft made by the
/// caller, awaiting review (审核) by another of the union's finance
/// reviewers and then posting, as a hand-made voucher does. The welfare
/// record counts against the caps at once. No policy exception: an
/// exception needs an approver other than the payer.
pub async fn pay_for_review(
    tx: &mut Tx,
    p: &Principal,
    union_id: Uuid,
    input: &PaymentInput,
    account: Option<&str>,
    summary: Option<&str>,
) -> AppResult<(Welfare, Verdict)> {
    pay_as(tx, p, union_id, input, account, None, None, summary, true).await
}

#[allow(clippy::too_many_arguments)]
async fn pay_as(
    tx: &mut Tx,
    p: &Principal,
    union_id: Uuid,
    input: &PaymentInput,
    account: Option<&str>,
    exception: Option<&ExceptionInput>,
    idem_key: Option<&str>,
    summary: Option<&str>,
    for_review: bool,
) -> AppResult<(Welfare, Verdict)> {
    let req = request(input)?;
    if let Some(key) = idem_key
        && let Some(w) = store::finance::welfare_by_key(tx, UnionId(union_id), key).await?
    {
        let v = Verdict {
            allowed: true,
            code: "ok",
            rule: "重复提交：已按第一次提交记录".into(),
            cap_fen: None,
            already_fen: 0,
        };
        return Ok((w, v));
    }
    let member = store::member::get(tx, UnionId(union_id), input.member_id)
        .await?
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "member_id", "会员不存在"))?;
    let approver =
        if for_review { None } else { Some(approver_in(tx, p, union_id, input.approver_user_id).await?) };
    let pol = policy_in(tx, union_id).await?;
    let given = given_in(tx, union_id, input.member_id, req.date.year()).await?;
    let verdict = policy::check(&pol, &req, &given);
    let mut exception_id = None;
    if !verdict.allowed {
        // The exception's approver is the payment's: an account, chosen.
        let usable = exception.filter(|e| !e.reason.trim().is_empty());
        match usable {
            Some(e) if verdict.exception_possible(&pol) && approver.is_some() => {
                let ex = PolicyException {
                    union_id,
                    id: Uuid::now_v7(),
                    member_id: member.id,
                    item: req.item.as_str().into(),
                    amount_fen: req.amount_fen,
                    rule: verdict.rule.clone(),
                    reason: text::required_line("exception.reason", "例外原因", &e.reason, 200)?,
                    approver: approver.as_ref().map(|a| a.name.clone()).unwrap_or_default(),
                    actor_name: p.display_name.clone(),
                    at: store::now(),
                };
                store::finance::insert_exception(tx, &ex).await?;
                exception_id = Some(ex.id);
            }
            _ => {
                let hint = if verdict.exception_possible(&pol) {
                    "（本会政策允许例外：须填写例外原因，批准人即所选的批准人账号）"
                } else {
                    ""
                };
                return Err(AppError::field(
                    ErrorCode::PolicyRefused,
                    "amount_fen",
                    format!("{}{hint}", verdict.rule),
                ));
            }
        }
    }
    let chart = chart_in(tx, union_id).await?;
    let account = account.unwrap_or(default_account(req.item));
    if !chart.iter().any(|a| a.code == account && a.class == Class::Expenditure) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "account",
            format!("“{account}”不是支出类明细科目"),
        ));
    }
    let credit = if req.form == Form::Cash { codes::CASH } else { codes::BANK };
    let what = match req.holiday {
        Some(h) => format!("{}{}", h.label(), req.item.label()),
        None => req.item.label().to_owned(),
    };
    let summary = summary.map(str::to_owned).unwrap_or_else(|| format!("{what}：{}", member.name));
    let summary: String = summary.chars().take(100).collect();
    let lines = vec![
        Line { account: account.into(), summary: String::new(), debit_fen: req.amount_fen, credit_fen: 0 },
        Line { account: credit.into(), summary: String::new(), debit_fen: 0, credit_fen: req.amount_fen },
    ];
    let posting = NewPosting {
        date_field: "date",
        date: req.date,
        summary: summary.clone(),
        lines,
        confirm_below_zero: input.confirm_below_zero,
    };
    let v = match &approver {
        Some(a) => post_approved(tx, p, union_id, "welfare", posting, a).await?,
        None => post_for_review(tx, p, union_id, "welfare", posting).await?,
    };
    let w = Welfare {
        union_id,
        id: Uuid::now_v7(),
        member_id: member.id,
        year: i64::from(req.date.year()),
        item: req.item.as_str().into(),
        holiday: req.holiday.map(|h| h.as_str().to_owned()),
        form: req.form.as_str().into(),
        amount_fen: req.amount_fen,
        date: req.date,
        account: account.into(),
        voucher_id: v.id,
        exception_id,
        idem_key: idem_key.map(str::to_owned),
        actor_name: p.display_name.clone(),
        at: store::now(),
    };
    store::finance::insert_welfare(tx, &w).await?;
    Ok((w, verdict))
}

/// One line of a list payment: who, how much, and the name for messages.
#[derive(Debug, Clone)]
pub struct ListLine {
    pub member_id: Uuid,
    pub name: String,
    pub amount_fen: i64,
}

/// The expenditure account must exist as a postable expenditure account.
async fn check_expenditure(tx: &mut Tx, union_id: Uuid, account: &str) -> AppResult<()> {
    let chart = chart_in(tx, union_id).await?;
    if !chart.iter().any(|a| a.code == account && a.class == Class::Expenditure)
        || !domain::finance::chart::is_leaf(&chart, account)
    {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "account",
            format!("“{account}”不是支出类明细科目"),
        ));
    }
    Ok(())
}

/// Pays a whole list (a campaign, a festival distribution) in the caller's
/// transaction: every line is checked against the policy with what that
/// person already had this year; if any is refused nothing is paid and the
/// error names each refused person and rule. One voucher carries the total
/// (借 支出科目 贷 银行存款/库存现金), one welfare record per person counts
/// against the yearly caps.
#[allow(clippy::too_many_arguments)]
pub async fn pay_list(
    tx: &mut Tx,
    p: &Principal,
    union_id: Uuid,
    item: Item,
    holiday: Option<Holiday>,
    form: Form,
    date: NaiveDate,
    account: &str,
    lines: &[ListLine],
    summary: &str,
    approver: &Approver,
    confirm_below_zero: bool,
) -> AppResult<(store::finance::Voucher, Vec<Welfare>)> {
    let pol = policy_in(tx, union_id).await?;
    let year = i64::from(date.year());
    let mut given: std::collections::HashMap<Uuid, Vec<Given>> = Default::default();
    for w in store::finance::welfare_year(tx, UnionId(union_id), year).await? {
        if let Some(i) = Item::parse(&w.item) {
            given.entry(w.member_id).or_default().push(Given {
                item: i,
                holiday: w.holiday.as_deref().and_then(Holiday::parse),
                amount_fen: w.amount_fen,
            });
        }
    }
    let mut refused = Vec::new();
    for l in lines {
        let req = Request {
            item,
            amount_fen: l.amount_fen,
            form,
            date,
            holiday,
            surgery: false,
            winners: None,
            entrants: None,
        };
        let v = policy::check(&pol, &req, given.get(&l.member_id).map_or(&[][..], Vec::as_slice));
        if !v.allowed {
            refused.push(format!("{}：{}", l.name, v.rule));
        }
    }
    if !refused.is_empty() {
        let n = refused.len();
        refused.truncate(5);
        let more = if n > 5 { format!("……共{n}人") } else { String::new() };
        return Err(AppError::field(
            ErrorCode::PolicyRefused,
            "recipients",
            format!("{n}人不符合经费支出规定，未发放：{}{more}", refused.join("；")),
        ));
    }
    check_expenditure(tx, union_id, account).await?;
    let total = lines.iter().try_fold(0i64, |acc, l| acc.checked_add(l.amount_fen));
    let total = total
        .filter(|t| *t > 0 && *t <= domain::finance::money::MAX_FEN)
        .ok_or_else(|| AppError::field(ErrorCode::InvalidMoney, "amount_fen", "发放总额应大于0"))?;
    let credit = if form == Form::Cash { codes::CASH } else { codes::BANK };
    let posting = vec![
        Line { account: account.into(), summary: String::new(), debit_fen: total, credit_fen: 0 },
        Line { account: credit.into(), summary: String::new(), debit_fen: 0, credit_fen: total },
    ];
    let summary: String = summary.chars().take(100).collect();
    let v = post_approved(
        tx,
        p,
        union_id,
        "welfare",
        NewPosting { date_field: "pay_date", date, summary, lines: posting, confirm_below_zero },
        approver,
    )
    .await?;
    let at = store::now();
    let rows: Vec<Welfare> = lines
        .iter()
        .map(|l| Welfare {
            union_id,
            id: Uuid::now_v7(),
            member_id: l.member_id,
            year,
            item: item.as_str().into(),
            holiday: holiday.map(|h| h.as_str().to_owned()),
            form: form.as_str().into(),
            amount_fen: l.amount_fen,
            date,
            account: account.into(),
            voucher_id: v.id,
            exception_id: None,
            idem_key: None,
            actor_name: p.display_name.clone(),
            at,
        })
        .collect();
    store::finance::insert_welfare_many(tx, &rows).await?;
    Ok((v, rows))
}

/// Records one payment in its own transaction, audited.
pub async fn record_payment(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    input: &PaymentInput,
    account: Option<&str>,
    exception: Option<&ExceptionInput>,
    idem_key: Option<&str>,
) -> AppResult<(Welfare, Verdict)> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let (w, verdict) = pay(&mut tx, p, union_id, input, account, exception, idem_key, None).await?;
    let note = if w.exception_id.is_some() { "（政策例外，已记录原因和批准人）" } else { "" };
    record(
        &mut tx,
        p.actor(),
        "finance.welfare",
        format!("member:{}", w.member_id),
        Some((union_id, &union.path)),
        format!(
            "发放{}{}元{note}：{}",
            Item::parse(&w.item).map(|i| i.label()).unwrap_or(""),
            fmt_yuan(w.amount_fen),
            verdict.rule
        ),
    )
    .await?;
    tx.commit().await?;
    Ok((w, verdict))
}

pub async fn payments(
    state: &AppState,
    union_id: Uuid,
    year: i32,
) -> AppResult<Vec<(Welfare, String, Option<String>)>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::finance::welfare_list(&mut tx, UnionId(union_id), i64::from(year)).await?)
}

pub async fn exceptions(state: &AppState, union_id: Uuid) -> AppResult<Vec<PolicyException>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::finance::exceptions(&mut tx, UnionId(union_id)).await?)
}
