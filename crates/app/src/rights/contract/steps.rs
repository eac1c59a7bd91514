//! The steps of a contract after it is recorded: the negotiation record
//! (append-only), the worker congress's vote on the draft (a ballot of the
//! democracy area, or the counts of a paper vote), signing, filing with the
//! labour bureau, the bureau's review, and publication to the staff on the
//! disclosure board. Each step checks the rule in
//! `domain::rights::contract`, writes the row only if nobody changed it
//! meanwhile, and is audited.

use chrono::{Datelike, NaiveDate};
use domain::democracy::ballot::BallotKind;
use domain::rights::contract::{self as rules, ContractKind, ForFiling, Review, WageTerms};
use domain::{ErrorCode, UnionId, text};
use uuid::Uuid;

use super::{Contract, Negotiation, kind_of, locate, save, settings, today};
use crate::AppState;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};

fn fmt(d: NaiveDate) -> String {
    domain::time::fmt_date(d)
}

/// Appends a round of negotiation (协商记录) with its summary.
pub async fn add_negotiation(
    state: &AppState,
    p: &Principal,
    contract_id: Uuid,
    held_on: Option<NaiveDate>,
    summary: &str,
) -> AppResult<Negotiation> {
    let held_on = held_on.ok_or_else(|| AppError::field(ErrorCode::Required, "held_on", "请填写协商日期"))?;
    rules::check_not_after_today("held_on", "协商日期", held_on, today())?;
    let summary = text::multiline("summary", "协商情况", summary, 5_000)?
        .ok_or_else(|| AppError::field(ErrorCode::Required, "summary", "请填写协商情况"))?;
    let mut tx = state.db.write().await?;
    let (mut c, union) = locate(&mut tx, contract_id).await?;
    if c.filed_on.is_some() && c.review != "objection" {
        return Err(AppError::field(ErrorCode::InvalidTransition, "held_on", "合同已报送审查，协商已经结束"));
    }
    let n = Negotiation {
        id: Uuid::now_v7(),
        held_on,
        summary,
        recorded_by: p.display_name.clone(),
        at: store::now(),
    };
    store::rights::contract::add_negotiation(&mut tx, UnionId(c.union_id), c.id, &n).await?;
    save(&mut tx, p, &union, &mut c, "negotiate", format!("记录{}的协商情况", fmt(held_on))).await?;
    tx.commit().await?;
    Ok(n)
}

/// The congress's vote on the draft: a closed motion ballot of the same
/// union, or the counts of a paper vote.
#[derive(Debug, Clone, Copy, Default)]
pub struct CongressInput {
    pub ballot_id: Option<Uuid>,
    pub delegates: Option<i64>,
    pub present: Option<i64>,
    pub in_favour: Option<i64>,
}

fn count(field: &str, label: &str, v: Option<i64>) -> AppResult<u64> {
    match v {
        None => Err(AppError::field(ErrorCode::Required, field, format!("请填写{label}"))),
        Some(n) if n < 0 => {
            Err(AppError::field(ErrorCode::InvalidCount, field, format!("{label}不能为负数")))
        }
        Some(n) => Ok(n as u64),
    }
}

/// Records the congress's approval of the draft (职代会审议通过): two thirds
/// present and more than half of all delegates in favour, or it is refused
/// naming the count at fault. A ballot's result is read from the democracy
/// area: it must be a closed motion of this union (another union's ballot
/// is missing, 404).
pub async fn record_congress(
    state: &AppState,
    p: &Principal,
    contract_id: Uuid,
    i: CongressInput,
) -> AppResult<Contract> {
    let mut tx = state.db.write().await?;
    let (mut c, union) = locate(&mut tx, contract_id).await?;
    if c.filed_on.is_some() && c.review != "objection" {
        return Err(AppError::field(
            ErrorCode::InvalidTransition,
            "congress",
            "合同已报送审查，不能再记录职代会表决",
        ));
    }
    let (delegates, present, in_favour, how) = match i.ballot_id {
        Some(bid) => {
            if i.delegates.is_some() || i.present.is_some() || i.in_favour.is_some() {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    "ballot_id",
                    "关联表决时人数由表决结果得出，请不要另填应到、实到和赞成人数",
                ));
            }
            let b = store::democracy::ballot(&mut tx, UnionId(c.union_id), bid)
                .await?
                .ok_or_else(|| AppError::field(ErrorCode::NotFound, "ballot_id", "所选表决不存在"))?;
            let spec = crate::democracy::service::spec_of(&b)?;
            if spec.kind != BallotKind::Motion {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    "ballot_id",
                    "请选择对合同草案的表决（议案表决），而不是选举或评议",
                ));
            }
            let o = crate::democracy::service::decided(&b, &spec)?.ok_or_else(|| {
                AppError::field(ErrorCode::BallotState, "ballot_id", format!("表决“{}”尚未结束计票", b.title))
            })?;
            let yes = o.rows.first().and_then(|r| r.counts.first()).copied().unwrap_or(0);
            c.ballot_id = Some(bid);
            (o.entitled, o.present, yes, format!("表决“{}”", b.title))
        }
        None => {
            let d = count("delegates", "应到代表人数", i.delegates)?;
            let pr = count("present", "实到代表人数", i.present)?;
            let f = count("in_favour", "赞成人数", i.in_favour)?;
            if d == 0 {
                return Err(AppError::field(ErrorCode::InvalidCount, "delegates", "应到代表人数应大于0"));
            }
            c.ballot_id = None;
            (d, pr, f, "纸质表决".to_owned())
        }
    };
    rules::check_congress_approval(delegates, present, in_favour)?;
    c.congress_delegates = Some(delegates as i64);
    c.congress_present = Some(present as i64);
    c.congress_in_favour = Some(in_favour as i64);
    let summary =
        format!("职代会审议通过合同草案（{how}：应到{delegates}人，实到{present}人，赞成{in_favour}人）");
    save(&mut tx, p, &union, &mut c, "congress", summary).await?;
    tx.commit().await?;
    Ok(c)
}

/// The congress vote recorded on a contract, as the rule reads it.
pub fn congress_of(c: &Contract) -> Option<(u64, u64, u64)> {
    let n = |v: Option<i64>| v.map(|x| x.max(0) as u64);
    Some((n(c.congress_delegates)?, n(c.congress_present)?, n(c.congress_in_favour)?))
}

/// Signs a negotiated draft (签订), once the congress approved it.
pub async fn sign(
    state: &AppState,
    p: &Principal,
    contract_id: Uuid,
    signed_on: Option<NaiveDate>,
) -> AppResult<Contract> {
    let signed_on =
        signed_on.ok_or_else(|| AppError::field(ErrorCode::Required, "signed_on", "请填写签订日期"))?;
    rules::check_not_after_today("signed_on", "签订日期", signed_on, today())?;
    let mut tx = state.db.write().await?;
    let (mut c, union) = locate(&mut tx, contract_id).await?;
    if c.signed_on.is_some() {
        return Err(AppError::field(ErrorCode::InvalidTransition, "signed_on", "合同已经签订"));
    }
    rules::check_signing(congress_of(&c))?;
    c.signed_on = Some(signed_on);
    save(&mut tx, p, &union, &mut c, "sign", format!("{}签订", fmt(signed_on))).await?;
    tx.commit().await?;
    Ok(c)
}

/// Files the signed text with the labour bureau (报送审查). Everything must
/// be in place: the term, the coverage, and for a wage agreement its wage
/// figures; every fault is refused naming its field (the first one
/// answers). Filing again after an objection restarts the review.
pub async fn file(
    state: &AppState,
    p: &Principal,
    contract_id: Uuid,
    filed_on: Option<NaiveDate>,
) -> AppResult<Contract> {
    let filed_on =
        filed_on.ok_or_else(|| AppError::field(ErrorCode::Required, "filed_on", "请填写报送日期"))?;
    rules::check_not_after_today("filed_on", "报送日期", filed_on, today())?;
    let mut tx = state.db.write().await?;
    let (mut c, union) = locate(&mut tx, contract_id).await?;
    let s = settings(&mut tx, c.union_id).await?;
    if c.signed_on.is_none() {
        return Err(AppError::field(ErrorCode::InvalidTransition, "filed_on", "合同尚未签订，不能报送审查"));
    }
    if c.filed_on.is_some() && c.review != "objection" {
        return Err(AppError::field(ErrorCode::InvalidTransition, "filed_on", "合同已报送审查"));
    }
    let f = ForFiling {
        kind: kind_of(&c),
        term_months: c.term_months,
        workers_covered: Some(c.workers_covered),
        employer_staff: c.employer_staff.unwrap_or(i64::MAX),
        wage: WageTerms { average_wage_fen: c.average_wage_fen, adjustment_bp: c.adjustment_bp },
    };
    rules::check_for_filing(&f, &s).map_err(|mut e| AppError(e.remove(0)))?;
    let dates =
        rules::ContractDates { filed_on: Some(filed_on), review: Review::Pending, ..super::dates_of(&c) };
    rules::check_dates(&dates)?;
    let again = c.filed_on.is_some();
    c.filed_on = Some(filed_on);
    c.review = "pending".to_owned();
    c.reviewed_on = None;
    c.review_opinion = None;
    let due = rules::filing_due(c.signed_on.unwrap_or(filed_on), &s);
    let late =
        if filed_on > due { format!("（逾期，应于{}前报送）", fmt(due)) } else { String::new() };
    let what = if again { "重新报送" } else { "报送" };
    save(&mut tx, p, &union, &mut c, "file", format!("{}{what}劳动保障行政部门审查{late}", fmt(filed_on)))
        .await?;
    tx.commit().await?;
    Ok(c)
}

/// The bureau's answer: a review opinion without objection, or an
/// objection (with its opinion). Without either, the contract takes effect
/// by itself once the review period has passed.
pub async fn review(
    state: &AppState,
    p: &Principal,
    contract_id: Uuid,
    outcome: &str,
    reviewed_on: Option<NaiveDate>,
    opinion: &str,
) -> AppResult<Contract> {
    let objection = match outcome.trim() {
        "no_objection" => false,
        "objection" => true,
        _ => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "outcome",
                "审查结果应为 no_objection（无异议）或 objection（有异议）",
            ));
        }
    };
    let reviewed_on = reviewed_on
        .ok_or_else(|| AppError::field(ErrorCode::Required, "reviewed_on", "请填写审查意见书日期"))?;
    rules::check_not_after_today("reviewed_on", "审查意见日期", reviewed_on, today())?;
    let opinion = text::multiline("opinion", "审查意见", opinion, 2_000)?;
    if objection && opinion.is_none() {
        return Err(AppError::field(ErrorCode::Required, "opinion", "有异议时请填写审查意见的内容"));
    }
    let mut tx = state.db.write().await?;
    let (mut c, union) = locate(&mut tx, contract_id).await?;
    if c.filed_on.is_none() {
        return Err(AppError::field(ErrorCode::InvalidTransition, "reviewed_on", "合同尚未报送审查"));
    }
    if c.review != "pending" {
        return Err(AppError::field(ErrorCode::InvalidTransition, "reviewed_on", "审查意见已经记录"));
    }
    let review = if objection { Review::Objection(reviewed_on) } else { Review::NoObjection(reviewed_on) };
    rules::check_dates(&rules::ContractDates { review, ..super::dates_of(&c) })?;
    c.review = if objection { "objection" } else { "no_objection" }.to_owned();
    c.reviewed_on = Some(reviewed_on);
    c.review_opinion = opinion;
    let what = if objection { "审查有异议，须重新协商后报送" } else { "审查无异议" };
    save(
        &mut tx,
        p,
        &union,
        &mut c,
        "review",
        format!("劳动保障行政部门{}出具审查意见：{what}", fmt(reviewed_on)),
    )
    .await?;
    tx.commit().await?;
    Ok(c)
}

/// The text posted on the disclosure board.
fn notice(c: &Contract, note: Option<&str>) -> String {
    let mut lines =
        vec![format!("{}：{}", kind_of(c).label(), c.title), format!("用人单位：{}", c.employer_name)];
    if let Some(d) = c.signed_on {
        lines.push(format!("签订日期：{}", fmt(d)));
    }
    lines.push(format!("合同期限：{}个月；覆盖职工{}人", c.term_months, c.workers_covered));
    if kind_of(c) == ContractKind::Wage {
        if let Some(w) = c.average_wage_fen {
            lines.push(format!("上年度职工平均工资：{}元", domain::finance::money::fmt_yuan(w)));
        }
        if let Some(a) = c.adjustment_bp {
            lines.push(format!("本年度工资调整幅度：{}", rules::fmt_adjustment(a)));
        }
    }
    if let (Some(d), Some(pr), Some(f)) = (c.congress_delegates, c.congress_present, c.congress_in_favour) {
        lines.push(format!("职工代表大会审议通过：应到{d}人，实到{pr}人，赞成{f}人"));
    }
    if let Some(n) = note.filter(|n| !n.trim().is_empty()) {
        lines.push(String::new());
        lines.push(n.trim().to_owned());
    }
    lines.join("\n")
}

/// Publishes the contract to the staff (向全体职工公布): an item on the
/// union's disclosure board, in the same transaction; the contract keeps
/// its id.
pub async fn publish(
    state: &AppState,
    p: &Principal,
    contract_id: Uuid,
    published_on: Option<NaiveDate>,
    note: &str,
) -> AppResult<(Contract, crate::disclosure::Item)> {
    let published_on = published_on.unwrap_or_else(today);
    rules::check_not_after_today("published_on", "公布日期", published_on, today())?;
    let note = text::multiline("note", "公布说明", note, 5_000)?;
    let mut tx = state.db.write().await?;
    let (mut c, union) = locate(&mut tx, contract_id).await?;
    if c.published_on.is_some() {
        return Err(AppError::field(ErrorCode::InvalidTransition, "published_on", "合同已经向职工公布"));
    }
    if c.signed_on.is_none() {
        return Err(AppError::field(ErrorCode::InvalidTransition, "published_on", "合同尚未签订，不能公布"));
    }
    rules::check_dates(&rules::ContractDates { published_on: Some(published_on), ..super::dates_of(&c) })?;
    let item = crate::disclosure::service::publish(
        &mut tx,
        p,
        c.union_id,
        crate::disclosure::service::NewItem {
            category: domain::disclosure::Category::Affairs,
            title: c.title.clone(),
            period: format!("{}年{}月", published_on.year(), published_on.month()),
            body: notice(&c, note.as_deref()),
            source: Some(format!("collective_contract:{}", c.id)),
        },
    )
    .await?;
    c.published_on = Some(published_on);
    c.disclosure_id = Some(item.id);
    save(&mut tx, p, &union, &mut c, "publish", format!("{}在厂务公开栏向全体职工公布", fmt(published_on)))
        .await?;
    // Every member with an account is told, with the board's item.
    let users = store::me::notify::linked_users(&mut tx, domain::UnionId(c.union_id)).await?;
    let notice = crate::me::notify::Notice {
        kind: crate::me::notify::Kind::ContractPublished,
        title: format!("集体合同公布：{}", c.title),
        body: "集体合同已在厂务公开栏向全体职工公布，请查看。".to_owned(),
        link: format!("/unions/{}/disclosure/{}", c.union_id, item.id),
    };
    crate::me::notify::notify_in(&mut tx, domain::UnionId(c.union_id), &users, &notice).await?;
    tx.commit().await?;
    Ok((c, item))
}
