//! Mutual-aid insurance: plans (from the templates or the union's own),
//! enrolment by unit under the participation rule with its premium voucher,
//! renewals due, claims assessed against the caps with the payout voucher,
//! and the report by plan and year.

use chrono::{Datelike, Months, NaiveDate};
use domain::ErrorCode;
use domain::UnionId;
use domain::care::mutual_aid::{self, Plan as PlanRule, PlanKind};
use domain::finance::chart::codes;
use domain::finance::ledger::Line;
use domain::text;
use store::Tx;
use store::care::{Claim, Enrolment, Plan};
use uuid::Uuid;

use super::files::today;
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::finance::service::{NewPosting, approver_in, post_approved};
use crate::org::load_union;

/// Premiums are booked to 职工集体福利费; payouts pass through 其他应付款
/// (received from the mutual-aid fund, paid on to the member).
const PREMIUM_ACCOUNT: &str = "510104";
const PASS_THROUGH: &str = "2401";

pub fn rule(p: &Plan) -> PlanRule {
    PlanRule {
        kind: PlanKind::parse(&p.kind).unwrap_or(PlanKind::Hospital),
        name: p.name.clone(),
        premium_fen: p.premium_fen,
        term_months: p.term_months,
        payout_pct: p.payout_pct,
        per_claim_cap_fen: p.per_claim_cap_fen,
        yearly_cap_fen: p.yearly_cap_fen,
        women_only: p.women_only,
        max_age: p.max_age,
    }
}

pub async fn add_plan(state: &AppState, p: &Principal, union_id: Uuid, r: &PlanRule) -> AppResult<Plan> {
    r.check()?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let plan = Plan {
        union_id,
        id: Uuid::now_v7(),
        kind: r.kind.as_str().into(),
        name: r.name.trim().into(),
        premium_fen: r.premium_fen,
        term_months: r.term_months,
        payout_pct: r.payout_pct,
        per_claim_cap_fen: r.per_claim_cap_fen,
        yearly_cap_fen: r.yearly_cap_fen,
        women_only: r.women_only,
        max_age: r.max_age,
        created_at: store::now(),
    };
    store::care::insert_plan(&mut tx, &plan).await?;
    record(
        &mut tx,
        p.actor(),
        "care.plan",
        format!("care_plan:{}", plan.id),
        Some((union_id, &union.path)),
        format!(
            "设立互助保障计划“{}”，每人每期{}元",
            plan.name,
            domain::finance::money::yuan_short(plan.premium_fen)
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(plan)
}

pub async fn plans(state: &AppState, union_id: Uuid) -> AppResult<Vec<Plan>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::care::plans(&mut tx, UnionId(union_id)).await?)
}

async fn load_plan(tx: &mut Tx, union_id: Uuid, id: Uuid) -> AppResult<Plan> {
    store::care::plan(tx, UnionId(union_id), id)
        .await?
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "plan_id", "保障计划不存在"))
}

fn age_on(birth: NaiveDate, day: NaiveDate) -> i64 {
    let mut a = i64::from(day.year() - birth.year());
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        a -= 1;
    }
    a
}

/// Members a plan covers on `day`.
async fn covered_on(
    tx: &mut Tx,
    union_id: Uuid,
    plan_id: Uuid,
    day: NaiveDate,
) -> AppResult<std::collections::HashSet<Uuid>> {
    Ok(store::care::enrolments(tx, UnionId(union_id), Some(plan_id), None)
        .await?
        .into_iter()
        .filter(|(e, _)| e.term_start <= day && e.term_end > day)
        .map(|(e, _)| e.member_id)
        .collect())
}

/// The active members a plan would take for a term starting `term_start`
/// (women's plans: women under its age limit), with nobody already covered
/// then: what "enrol the whole unit" means on the page. Diagnoses are not
/// on the roster; the service still refuses a diagnosed member if told.
pub async fn eligible_members(
    state: &AppState,
    union_id: Uuid,
    plan_id: Uuid,
    term_start: NaiveDate,
) -> AppResult<Vec<Uuid>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let plan = load_plan(&mut tx, union_id, plan_id).await?;
    let r = rule(&plan);
    let covered = covered_on(&mut tx, union_id, plan_id, term_start).await?;
    Ok(store::care::candidates(&mut tx, UnionId(union_id))
        .await?
        .into_iter()
        .filter(|m| !covered.contains(&m.id))
        .filter(|m| {
            let female = m.gender.as_deref().map(|g| g == "female" || g == "女");
            r.eligible(female, m.birth_date.map(|b| age_on(b, term_start)), false).is_ok()
        })
        .map(|m| m.id)
        .collect())
}

/// How a premium is paid: like every payment out of the union's money it
/// names its 批准人 (an approving account of the union, not the payer), and
/// a payment that would take cash or bank below zero needs confirming.
#[derive(Debug, Clone, Copy, Default)]
pub struct PremiumPayment {
    pub approver_user_id: Option<Uuid>,
    pub confirm_below_zero: bool,
}

/// Enrols members of the union (the unit) in a plan for one term starting
/// `term_start`: each must be eligible, the unit must meet the participation
/// rule, and the premium is paid as one voucher with its approver.
#[allow(clippy::too_many_arguments)]
pub async fn enrol(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    plan_id: Uuid,
    member_ids: &[Uuid],
    diagnosed: &[Uuid],
    term_start: Option<NaiveDate>,
    pay: PremiumPayment,
) -> AppResult<Vec<Enrolment>> {
    let term_start =
        term_start.ok_or_else(|| AppError::field(ErrorCode::Required, "term_start", "请填写保障起始日期"))?;
    if member_ids.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "member_ids", "请选择参保会员"));
    }
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let plan = load_plan(&mut tx, union_id, plan_id).await?;
    let r = rule(&plan);
    let mut ids = member_ids.to_vec();
    ids.sort();
    ids.dedup();
    let already = covered_on(&mut tx, union_id, plan_id, term_start).await?;
    let mut refused = Vec::new();
    for id in &ids {
        let m = store::member::get(&mut tx, UnionId(union_id), *id)
            .await?
            .ok_or_else(|| AppError::field(ErrorCode::NotFound, "member_ids", "名单中有会员不存在"))?;
        if m.status != "active" {
            refused.push(format!("{}：不是在籍会员", m.name));
            continue;
        }
        if already.contains(id) {
            refused.push(format!("{}：本期已参保", m.name));
            continue;
        }
        let female = m.gender.as_deref().map(|g| g == "female" || g == "女");
        let age = m.birth_date.map(|b| age_on(b, term_start));
        if let Err(why) = r.eligible(female, age, diagnosed.contains(id)) {
            refused.push(format!("{}：{why}", m.name));
        }
    }
    if !refused.is_empty() {
        let n = refused.len();
        refused.truncate(5);
        return Err(AppError::field(
            ErrorCode::PolicyRefused,
            "member_ids",
            format!("{n}人不能参保：{}", refused.join("；")),
        ));
    }
    // Women's plan: the unit is its women staff; the rule counts those
    // eligible. Otherwise the unit's staff count.
    let staff = union.staff_count.unwrap_or(0);
    if !r.women_only {
        mutual_aid::check_participation(staff, ids.len() as i64 + already.len() as i64)?;
    }
    let term_end = term_start.checked_add_months(Months::new(plan.term_months as u32)).unwrap_or(term_start);
    let total = plan.premium_fen * ids.len() as i64;
    let approver = approver_in(&mut tx, p, union_id, pay.approver_user_id).await?;
    let lines = vec![
        Line { account: PREMIUM_ACCOUNT.into(), summary: String::new(), debit_fen: total, credit_fen: 0 },
        Line { account: codes::BANK.into(), summary: String::new(), debit_fen: 0, credit_fen: total },
    ];
    let v = post_approved(
        &mut tx,
        p,
        union_id,
        "welfare",
        NewPosting {
            date_field: "date",
            date: today(),
            summary: format!("{}保费：{}人", plan.name, ids.len()),
            lines,
            confirm_below_zero: pay.confirm_below_zero,
        },
        &approver,
    )
    .await?;
    let at = store::now();
    let rows: Vec<Enrolment> = ids
        .iter()
        .map(|m| Enrolment {
            union_id,
            id: Uuid::now_v7(),
            plan_id,
            member_id: *m,
            term_start,
            term_end,
            premium_fen: plan.premium_fen,
            voucher_id: v.id,
            at,
        })
        .collect();
    store::care::insert_enrolments(&mut tx, &rows).await?;
    record(
        &mut tx,
        p.actor(),
        "care.enrol",
        format!("care_plan:{plan_id}"),
        Some((union_id, &union.path)),
        format!(
            "{}参保{}人（{}至{}），保费{}元",
            plan.name,
            rows.len(),
            term_start,
            term_end,
            domain::finance::money::yuan_short(total)
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(rows)
}

/// Enrolments ending within 30 days with no later term: the renewal list.
pub async fn renewals_due(state: &AppState, union_id: Uuid) -> AppResult<Vec<(Enrolment, String)>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let all = store::care::enrolments(&mut tx, UnionId(union_id), None, None).await?;
    let day = today();
    let soon = day + chrono::Duration::days(30);
    let renewed: std::collections::HashSet<(Uuid, Uuid, NaiveDate)> =
        all.iter().map(|(e, _)| (e.plan_id, e.member_id, e.term_start)).collect();
    Ok(all
        .into_iter()
        .filter(|(e, _)| {
            e.term_end >= day
                && e.term_end <= soon
                && !renewed.contains(&(e.plan_id, e.member_id, e.term_end))
        })
        .collect())
}

pub async fn enrolments(
    state: &AppState,
    union_id: Uuid,
    plan_id: Option<Uuid>,
    member_id: Option<Uuid>,
) -> AppResult<Vec<(Enrolment, String)>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::care::enrolments(&mut tx, UnionId(union_id), plan_id, member_id).await?)
}

/// Files a claim under an enrolment covering the event date. Refused when
/// the term's cap is used up.
pub async fn file_claim(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    enrolment_id: Option<Uuid>,
    event_date: Option<NaiveDate>,
    claimed_fen: i64,
    description: &str,
) -> AppResult<(Claim, i64)> {
    let enrolment_id =
        enrolment_id.ok_or_else(|| AppError::field(ErrorCode::Required, "enrolment_id", "请选择参保记录"))?;
    let event_date =
        event_date.ok_or_else(|| AppError::field(ErrorCode::Required, "event_date", "请填写出险日期"))?;
    let description = text::required_line("description", "出险情况", description, 300)?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let e = store::care::enrolment(&mut tx, UnionId(union_id), enrolment_id)
        .await?
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "enrolment_id", "参保记录不存在"))?;
    if event_date < e.term_start || event_date >= e.term_end {
        return Err(AppError::field(
            ErrorCode::PolicyRefused,
            "event_date",
            format!("出险日期{event_date}不在保障期{}至{}内", e.term_start, e.term_end),
        ));
    }
    let plan = load_plan(&mut tx, union_id, e.plan_id).await?;
    let paid = store::care::paid_under(&mut tx, UnionId(union_id), enrolment_id).await?;
    let proposed = mutual_aid::assess_claim(&rule(&plan), claimed_fen, paid)?;
    let c = Claim {
        union_id,
        id: Uuid::now_v7(),
        plan_id: plan.id,
        enrolment_id,
        member_id: e.member_id,
        event_date,
        claimed_fen,
        description,
        status: "filed".into(),
        approved_fen: None,
        assessment: None,
        assessed_by: None,
        voucher_id: None,
        filed_by: p.display_name.clone(),
        filed_at: store::now(),
    };
    store::care::insert_claim(&mut tx, &c).await?;
    record(
        &mut tx,
        p.actor(),
        "care.claim",
        format!("care_claim:{}", c.id),
        Some((union_id, &union.path)),
        format!(
            "{}理赔申请{}元，按规定可赔{}元",
            plan.name,
            domain::finance::money::yuan_short(claimed_fen),
            domain::finance::money::yuan_short(proposed)
        ),
    )
    .await?;
    tx.commit().await?;
    Ok((c, proposed))
}

/// Assesses a filed claim: approve an amount within the caps, or reject it
/// with a reason.
pub async fn assess(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    approve: bool,
    approved_fen: Option<i64>,
    note: &str,
) -> AppResult<Claim> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut c = store::care::claim(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    if c.status != "filed" {
        return Err(AppError::field(ErrorCode::Conflict, "status", "该理赔已审核"));
    }
    let plan = load_plan(&mut tx, union_id, c.plan_id).await?;
    let paid = store::care::paid_under(&mut tx, UnionId(union_id), c.enrolment_id).await?;
    if approve {
        let amount = match approved_fen {
            Some(a) => a,
            None => mutual_aid::assess_claim(&rule(&plan), c.claimed_fen, paid)?,
        };
        mutual_aid::check_payout(&rule(&plan), amount, paid)?;
        c.status = "approved".into();
        c.approved_fen = Some(amount);
        c.assessment = text::line("note", "审核意见", note, 300)?;
    } else {
        c.status = "rejected".into();
        c.assessment = Some(text::required_line("note", "不予赔付理由", note, 300)?);
    }
    c.assessed_by = Some(p.display_name.clone());
    if store::care::update_claim(&mut tx, &c, "filed").await? == 0 {
        return Err(AppError::field(ErrorCode::Conflict, "status", "该理赔已审核"));
    }
    record(
        &mut tx,
        p.actor(),
        "care.claim.assess",
        format!("care_claim:{id}"),
        Some((union_id, &union.path)),
        if approve {
            format!("核定赔付{}元", domain::finance::money::yuan_short(c.approved_fen.unwrap_or(0)))
        } else {
            "不予赔付".into()
        },
    )
    .await?;
    let notice = crate::me::notify::Notice {
        kind: crate::me::notify::Kind::ApplicationDecided,
        title: if approve {
            format!(
                "您的互助保障理赔已核定：赔付{}元",
                domain::finance::money::yuan_short(c.approved_fen.unwrap_or(0))
            )
        } else {
            "您的互助保障理赔经审核不予赔付".to_owned()
        },
        body: c.assessment.clone().unwrap_or_default(),
        link: "/me/care".to_owned(),
    };
    crate::me::notify::notify_members_in(&mut tx, UnionId(union_id), &[c.member_id], &notice).await?;
    tx.commit().await?;
    Ok(c)
}

/// Pays an approved claim: the payout received from the fund and paid on
/// to the member, one voucher. Like every payment out of the union's money
/// it names its 批准人: an approving account of the union, not the payer,
/// recorded as the voucher's reviewer.
pub async fn pay_claim(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    approver_user_id: Option<Uuid>,
) -> AppResult<Claim> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut c = store::care::claim(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    match c.status.as_str() {
        "approved" => {}
        "paid" => {
            return Err(AppError::field(ErrorCode::AlreadyPaid, "status", "该理赔已赔付，不能重复赔付"));
        }
        _ => return Err(AppError::field(ErrorCode::Conflict, "status", "理赔尚未核定，不能赔付")),
    }
    let amount = c.approved_fen.unwrap_or(0);
    if amount > 0 {
        let approver = approver_in(&mut tx, p, union_id, approver_user_id).await?;
        let plan = load_plan(&mut tx, union_id, c.plan_id).await?;
        let m = store::member::get(&mut tx, UnionId(union_id), c.member_id)
            .await?
            .map(|m| m.name)
            .unwrap_or_default();
        let lines = vec![
            Line {
                account: codes::BANK.into(),
                summary: "收到互助保障理赔款".into(),
                debit_fen: amount,
                credit_fen: 0,
            },
            Line {
                account: PASS_THROUGH.into(),
                summary: "收到互助保障理赔款".into(),
                debit_fen: 0,
                credit_fen: amount,
            },
            Line {
                account: PASS_THROUGH.into(),
                summary: format!("支付{m}理赔款"),
                debit_fen: amount,
                credit_fen: 0,
            },
            Line {
                account: codes::BANK.into(),
                summary: format!("支付{m}理赔款"),
                debit_fen: 0,
                credit_fen: amount,
            },
        ];
        let v = post_approved(
            &mut tx,
            p,
            union_id,
            "welfare",
            NewPosting {
                date_field: "date",
                date: today(),
                summary: format!("{}理赔：{m}", plan.name),
                lines,
                ..Default::default()
            },
            &approver,
        )
        .await?;
        c.voucher_id = Some(v.id);
    }
    c.status = "paid".into();
    if store::care::update_claim(&mut tx, &c, "approved").await? == 0 {
        return Err(AppError::field(ErrorCode::AlreadyPaid, "status", "该理赔已赔付，不能重复赔付"));
    }
    record(
        &mut tx,
        p.actor(),
        "care.claim.pay",
        format!("care_claim:{id}"),
        Some((union_id, &union.path)),
        format!("理赔款{}元已支付", domain::finance::money::yuan_short(amount)),
    )
    .await?;
    tx.commit().await?;
    Ok(c)
}

pub async fn claims(
    state: &AppState,
    union_id: Uuid,
    member_id: Option<Uuid>,
) -> AppResult<Vec<(Claim, String)>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::care::claims(&mut tx, UnionId(union_id), member_id).await?)
}

/// One line of the report: plan, year, enrolled, premiums, claims, paid.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ReportLine {
    pub plan_id: Uuid,
    pub plan: String,
    pub year: i32,
    pub enrolled: i64,
    pub premium_fen: i64,
    pub claims: i64,
    pub paid_fen: i64,
}

pub async fn report(state: &AppState, union_id: Uuid) -> AppResult<Vec<ReportLine>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let plans = store::care::plans(&mut tx, UnionId(union_id)).await?;
    let mut out: std::collections::BTreeMap<(Uuid, i32), ReportLine> = Default::default();
    for (e, _) in store::care::enrolments(&mut tx, UnionId(union_id), None, None).await? {
        let name = plans.iter().find(|p| p.id == e.plan_id).map(|p| p.name.clone()).unwrap_or_default();
        let l = out.entry((e.plan_id, e.term_start.year())).or_insert(ReportLine {
            plan_id: e.plan_id,
            plan: name,
            year: e.term_start.year(),
            enrolled: 0,
            premium_fen: 0,
            claims: 0,
            paid_fen: 0,
        });
        l.enrolled += 1;
        l.premium_fen += e.premium_fen;
    }
    for (c, _) in store::care::claims(&mut tx, UnionId(union_id), None).await? {
        let name = plans.iter().find(|p| p.id == c.plan_id).map(|p| p.name.clone()).unwrap_or_default();
        let l = out.entry((c.plan_id, c.event_date.year())).or_insert(ReportLine {
            plan_id: c.plan_id,
            plan: name,
            year: c.event_date.year(),
            enrolled: 0,
            premium_fen: 0,
            claims: 0,
            paid_fen: 0,
        });
        l.claims += 1;
        if c.status == "paid" {
            l.paid_fen += c.approved_fen.unwrap_or(0);
        }
    }
    Ok(out.into_values().collect())
}
