//! Assistance and condolences, consents, life events and 五必访 visits,
//! birthdays, campaigns with their sign-off sheet, and the aid list for the
//! disclosure board. Every payment goes through the spending rules and into
//! the books ([`welfare`]).

use chrono::{Datelike, NaiveDate};
use domain::ErrorCode;
use domain::UnionId;
use domain::care::campaign::{CampaignKind, Candidate, Filter};
use domain::care::events::{self, EventKind};
use domain::care::hardship::Category;
use domain::finance::holidays::Holiday;
use domain::finance::policy::{self, Form, Item, Request};
use domain::text;
use store::Tx;
use store::care::{Assistance, Campaign, Event, Recipient, Visit};
use uuid::Uuid;

use super::files::today;
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::finance::service::{Approver, approver_in};
use crate::finance::welfare::{self, ExceptionInput, ListLine, PaymentInput};
use crate::org::load_union;

// --- One payment --------------------------------------------------------------

/// A payment or gift to one person.
#[derive(Debug, Clone, Default)]
pub struct AidInput {
    pub member_id: Option<Uuid>,
    /// assistance | condolence
    pub kind: String,
    /// The spending-rule item (`assistance`, `hospital`, `marriage` …).
    pub item: String,
    pub holiday: Option<String>,
    pub reason: String,
    pub amount_fen: i64,
    pub goods: Option<String>,
    pub form: String,
    pub date: Option<NaiveDate>,
    /// The approving account (批准人): the union's chair or treasurer.
    pub approver_user_id: Option<Uuid>,
    pub delivered_by: Option<String>,
    pub surgery: bool,
    pub account: Option<String>,
    pub exception: Option<ExceptionInput>,
    pub idem_key: Option<String>,
    pub event_id: Option<Uuid>,
    /// Paid even though cash or bank then goes below zero (the payer saw it).
    pub confirm_below_zero: bool,
}

/// Records one payment: checked by the spending rules, posted as a voucher,
/// counted against the yearly caps, kept append-only. The same `idem_key`
/// twice returns the first record.
pub async fn pay(state: &AppState, p: &Principal, union_id: Uuid, i: &AidInput) -> AppResult<Assistance> {
    let member_id =
        i.member_id.ok_or_else(|| AppError::field(ErrorCode::Required, "member_id", "请选择会员"))?;
    let kind = match i.kind.as_str() {
        "" | "assistance" => "assistance",
        "condolence" => "condolence",
        other => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "kind",
                format!("类型“{other}”不存在，应为 assistance（帮扶）或 condolence（慰问）"),
            ));
        }
    };
    let reason = text::required_line("reason", "事由", &i.reason, 200)?;
    let delivered_by = text::line("delivered_by", "送达人", i.delivered_by.as_deref().unwrap_or(""), 40)?;
    let goods = text::line("goods", "慰问品", i.goods.as_deref().unwrap_or(""), 100)?;
    let key = i
        .idem_key
        .as_deref()
        .filter(|k| !k.trim().is_empty())
        .map(|k| k.chars().take(80).collect::<String>());
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    if let Some(k) = &key
        && let Some(a) = store::care::assistance_by_key(&mut tx, UnionId(union_id), k).await?
    {
        return Ok(a);
    }
    let event = match i.event_id {
        Some(eid) => {
            let e = store::care::event(&mut tx, UnionId(union_id), eid)
                .await?
                .ok_or_else(|| AppError::field(ErrorCode::NotFound, "event_id", "事件不存在"))?;
            if e.member_id != member_id {
                return Err(AppError::field(ErrorCode::InvalidValue, "event_id", "该事件不是这位会员的"));
            }
            if e.condolence_status != "due" {
                return Err(AppError::field(ErrorCode::AlreadyPaid, "event_id", "该事件的慰问已发放"));
            }
            Some(e)
        }
        None => None,
    };
    let input = PaymentInput {
        member_id,
        item: i.item.clone(),
        amount_fen: i.amount_fen,
        form: i.form.clone(),
        date: i.date,
        holiday: i.holiday.clone(),
        surgery: i.surgery,
        winners: None,
        entrants: None,
        approver_user_id: i.approver_user_id,
        confirm_below_zero: i.confirm_below_zero,
    };
    let summary = format!(
        "{reason}：{}",
        store::member::get(&mut tx, UnionId(union_id), member_id).await?.map(|m| m.name).unwrap_or_default()
    );
    let (w, verdict) = welfare::pay(
        &mut tx,
        p,
        union_id,
        &input,
        i.account.as_deref().filter(|a| !a.is_empty()),
        i.exception.as_ref(),
        None,
        Some(&summary),
    )
    .await?;
    let a = Assistance {
        union_id,
        id: Uuid::now_v7(),
        member_id,
        kind: kind.into(),
        item: w.item.clone(),
        reason,
        amount_fen: w.amount_fen,
        goods,
        form: w.form.clone(),
        date: w.date,
        year: w.year,
        approved_by: store::finance::get_voucher(&mut tx, UnionId(union_id), w.voucher_id)
            .await?
            .and_then(|v| v.reviewer_name)
            .unwrap_or_default(),
        delivered_by,
        campaign_id: None,
        event_id: event.as_ref().map(|e| e.id),
        welfare_id: Some(w.id),
        voucher_id: Some(w.voucher_id),
        idem_key: key,
        actor_name: p.display_name.clone(),
        at: store::now(),
    };
    store::care::insert_assistance_many(&mut tx, std::slice::from_ref(&a)).await?;
    if let Some(e) = &event {
        store::care::set_event_paid(&mut tx, UnionId(union_id), e.id, a.id).await?;
    }
    record(
        &mut tx,
        p.actor(),
        "care.assistance",
        format!("member:{member_id}"),
        Some((union_id, &union.path)),
        format!("{}：{}元（{}）", a.reason, domain::finance::money::yuan_short(a.amount_fen), verdict.rule),
    )
    .await?;
    tx.commit().await?;
    Ok(a)
}

pub async fn list(
    state: &AppState,
    union_id: Uuid,
    year: i32,
    member_id: Option<Uuid>,
) -> AppResult<Vec<(Assistance, String)>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::care::assistance_list(&mut tx, UnionId(union_id), i64::from(year), member_id, None).await?)
}

/// One member's totals by year and item, and their consent.
pub async fn member_totals(
    state: &AppState,
    union_id: Uuid,
    member_id: Uuid,
) -> AppResult<(Vec<(i64, String, i64, i64)>, bool)> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    store::member::get(&mut tx, UnionId(union_id), member_id).await?.ok_or_else(AppError::not_found)?;
    let totals = store::care::member_totals(&mut tx, UnionId(union_id), member_id).await?;
    let consent = store::care::consenting(&mut tx, UnionId(union_id)).await?.contains(&member_id);
    Ok((totals, consent))
}

pub async fn set_consent(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    member_id: Uuid,
    consent: bool,
) -> AppResult<()> {
    let mut tx = state.db.write().await?;
    set_consent_in(&mut tx, p, union_id, member_id, consent, "书面").await?;
    tx.commit().await?;
    Ok(())
}

/// Records a consent (or its withdrawal) in the caller's transaction;
/// `how` says how it was given (书面 on paper to an officer, 本人在线 by
/// the member).
pub async fn set_consent_in(
    tx: &mut Tx,
    p: &Principal,
    union_id: Uuid,
    member_id: Uuid,
    consent: bool,
    how: &str,
) -> AppResult<()> {
    let union = load_union(tx, union_id).await?;
    let m = store::member::get(tx, UnionId(union_id), member_id).await?.ok_or_else(AppError::not_found)?;
    store::care::insert_consent(tx, UnionId(union_id), member_id, consent, &p.display_name).await?;
    record(
        tx,
        p.actor(),
        "care.consent",
        format!("member:{member_id}"),
        Some((union_id, &union.path)),
        format!(
            "{}{}在公开栏公示其受助信息",
            m.name,
            if consent { format!("{how}同意") } else { format!("{how}不同意（或撤回同意）") }
        ),
    )
    .await?;
    Ok(())
}

// --- Life events and visits ---------------------------------------------------

/// Records a life event: the condolence it is due under the spending rules
/// (with the room left under this year's cap) and a visit task.
pub async fn record_event(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    member_id: Option<Uuid>,
    kind: &str,
    date: Option<NaiveDate>,
    note: &str,
) -> AppResult<(Event, Visit)> {
    let member_id =
        member_id.ok_or_else(|| AppError::field(ErrorCode::Required, "member_id", "请选择会员"))?;
    let kind = EventKind::parse(kind).ok_or_else(|| {
        let all: Vec<String> =
            EventKind::ALL.iter().map(|k| format!("{}（{}）", k.as_str(), k.label())).collect();
        AppError::field(
            ErrorCode::InvalidValue,
            "kind",
            format!("事件类型“{kind}”不存在，可选：{}", all.join("、")),
        )
    })?;
    let date = date.ok_or_else(|| AppError::field(ErrorCode::Required, "date", "请填写事件日期"))?;
    if date > today() + chrono::Duration::days(366) {
        return Err(AppError::field(ErrorCode::InvalidDate, "date", "事件日期不能晚于一年以后"));
    }
    let note = text::line("note", "情况说明", note, 300)?;
    let mut tx = state.db.write().await?;
    let out = record_event_in(&mut tx, p, union_id, member_id, kind, date, note).await?;
    tx.commit().await?;
    Ok(out)
}

/// Records a checked life event in the caller's transaction (an approved
/// condolence report of a member is recorded with it).
pub async fn record_event_in(
    tx: &mut Tx,
    p: &Principal,
    union_id: Uuid,
    member_id: Uuid,
    kind: EventKind,
    date: NaiveDate,
    note: Option<String>,
) -> AppResult<(Event, Visit)> {
    let union = load_union(tx, union_id).await?;
    let m = store::member::get(tx, UnionId(union_id), member_id)
        .await?
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "member_id", "会员不存在"))?;
    let item = kind.condolence_item();
    let (due_fen, due_rule) = condolence_due(tx, union_id, member_id, item, date).await?;
    let now = store::now();
    let e = Event {
        union_id,
        id: Uuid::now_v7(),
        member_id,
        kind: kind.as_str().into(),
        date,
        note,
        item: item.as_str().into(),
        due_fen,
        due_rule,
        condolence_status: if due_fen == Some(0) { "none".into() } else { "due".into() },
        assistance_id: None,
        created_by: p.display_name.clone(),
        created_at: now,
    };
    store::care::insert_event(tx, &e).await?;
    let v = Visit {
        union_id,
        id: Uuid::now_v7(),
        member_id,
        event_id: Some(e.id),
        kind: kind.as_str().into(),
        due_date: kind.visit_due(date),
        status: "open".into(),
        visited_on: None,
        visitors: None,
        notes: None,
        follow_up: None,
        recorded_by: None,
        recorded_at: None,
    };
    store::care::insert_visit(tx, &v).await?;
    let notice = crate::me::notify::Notice {
        kind: crate::me::notify::Kind::VisitScheduled,
        title: format!("工会将于{}前来走访慰问", domain::time::fmt_date(v.due_date)),
        body: "工会干部会与您联系具体时间。如有困难或需求，可提前告诉工会。".to_owned(),
        link: "/me/care".to_owned(),
    };
    crate::me::notify::notify_members_in(tx, UnionId(union_id), &[member_id], &notice).await?;
    record(
        tx,
        p.actor(),
        "care.event",
        format!("member:{member_id}"),
        Some((union_id, &union.path)),
        format!("{}：{}（{}），应于{}前走访", m.name, kind.label(), date, v.due_date),
    )
    .await?;
    Ok((e, v))
}

/// What the policy allows for this condolence now: the room left under the
/// deciding cap (None: no cap), and the rule in words. Not provided → 0.
async fn condolence_due(
    tx: &mut Tx,
    union_id: Uuid,
    member_id: Uuid,
    item: Item,
    date: NaiveDate,
) -> AppResult<(Option<i64>, String)> {
    let pol = welfare::policy_in(tx, union_id).await?;
    let given: Vec<policy::Given> =
        store::finance::welfare_of(tx, UnionId(union_id), member_id, i64::from(date.year()))
            .await?
            .into_iter()
            .filter_map(|w| {
                Some(policy::Given { item: Item::parse(&w.item)?, holiday: None, amount_fen: w.amount_fen })
            })
            .collect();
    let req = Request {
        item,
        amount_fen: 1,
        form: Form::Cash,
        date,
        holiday: None,
        surgery: false,
        winners: None,
        entrants: None,
    };
    let v = policy::check(&pol, &req, &given);
    Ok(match v.code {
        "not_provided" => (Some(0), v.rule),
        _ => (v.remaining_fen(), pol.describe(item).unwrap_or(v.rule)),
    })
}

/// One life event of the union (404 when it is another union's).
pub async fn event(state: &AppState, union_id: Uuid, id: Uuid) -> AppResult<store::care::Event> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    store::care::event(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)
}

pub async fn events(
    state: &AppState,
    union_id: Uuid,
    member_id: Option<Uuid>,
) -> AppResult<Vec<(Event, String)>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::care::events(&mut tx, UnionId(union_id), member_id).await?)
}

pub async fn visits(
    state: &AppState,
    union_id: Uuid,
    status: Option<&str>,
) -> AppResult<Vec<(Visit, String)>> {
    if let Some(s) = status
        && !["open", "done", "overdue"].contains(&s)
    {
        return Err(AppError::field(ErrorCode::InvalidQuery, "status", "状态只能是 open、overdue 或 done"));
    }
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::care::visits(&mut tx, UnionId(union_id), status, today()).await?)
}

#[derive(Debug, Clone, Default)]
pub struct VisitLog {
    pub visited_on: Option<NaiveDate>,
    pub visitors: String,
    pub notes: String,
    pub follow_up: String,
}

pub async fn complete_visit(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    l: &VisitLog,
) -> AppResult<Visit> {
    let visited_on =
        l.visited_on.ok_or_else(|| AppError::field(ErrorCode::Required, "visited_on", "请填写走访日期"))?;
    if visited_on > today() {
        return Err(AppError::field(ErrorCode::InvalidDate, "visited_on", "走访日期不能晚于今天"));
    }
    let visitors = text::required_line("visitors", "走访人", &l.visitors, 100)?;
    let notes = text::multiline("notes", "走访情况", &l.notes, 1000)?;
    let follow_up = text::line("follow_up", "后续跟进", &l.follow_up, 300)?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut v = store::care::visit(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    v.visited_on = Some(visited_on);
    v.visitors = Some(visitors);
    v.notes = notes;
    v.follow_up = follow_up;
    v.recorded_by = Some(p.display_name.clone());
    v.recorded_at = Some(store::now());
    if store::care::complete_visit(&mut tx, &v).await? == 0 {
        return Err(AppError::field(ErrorCode::Conflict, "status", "该走访已登记完成"));
    }
    v.status = "done".into();
    record(
        &mut tx,
        p.actor(),
        "care.visit",
        format!("member:{}", v.member_id),
        Some((union_id, &union.path)),
        format!("登记走访（{}）", visited_on),
    )
    .await?;
    tx.commit().await?;
    Ok(v)
}

/// Active members born in the coming month: (id, name, birth date).
pub async fn birthdays(state: &AppState, union_id: Uuid) -> AppResult<(u32, Vec<(Uuid, String, NaiveDate)>)> {
    let (_, month) = events::next_month(today());
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let rows = store::care::candidates(&mut tx, UnionId(union_id)).await?;
    let ids: Vec<(Uuid, NaiveDate)> = rows
        .into_iter()
        .filter_map(|r| r.birth_date.filter(|d| d.month() == month).map(|d| (r.id, d)))
        .collect();
    let mut out = Vec::with_capacity(ids.len());
    for (id, d) in ids {
        if let Some(m) = store::member::get(&mut tx, UnionId(union_id), id).await? {
            out.push((id, m.name, d));
        }
    }
    out.sort_by_key(|(_, _, d)| d.day());
    Ok((month, out))
}

// --- Campaigns ----------------------------------------------------------------

#[derive(Debug, Clone, Default)]
pub struct CampaignInput {
    pub kind: String,
    pub title: String,
    pub holiday: Option<String>,
    pub form: String,
    pub amount_fen: i64,
    pub goods: Option<String>,
    pub account: Option<String>,
    pub pay_date: Option<NaiveDate>,
    pub filter: Filter,
}

/// Plans a campaign and builds its list from the filter: every active
/// member who matches, each at the standard amount. The list is then
/// reviewed (people removed, amounts changed), approved, and paid.
pub async fn create_campaign(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    i: &CampaignInput,
) -> AppResult<(Campaign, usize)> {
    let kind = CampaignKind::parse(&i.kind).ok_or_else(|| {
        let all: Vec<String> =
            CampaignKind::ALL.iter().map(|k| format!("{}（{}）", k.as_str(), k.label())).collect();
        AppError::field(
            ErrorCode::InvalidValue,
            "kind",
            format!("活动类型“{}”不存在，可选：{}", i.kind, all.join("、")),
        )
    })?;
    let title = text::required_line("title", "名称", &i.title, 60)?;
    let pay_date =
        i.pay_date.ok_or_else(|| AppError::field(ErrorCode::Required, "pay_date", "请填写发放日期"))?;
    let holiday = match i.holiday.as_deref().filter(|h| !h.trim().is_empty()) {
        Some(h) => Some(Holiday::parse(h).ok_or_else(|| {
            AppError::field(
                ErrorCode::InvalidValue,
                "holiday",
                format!("节日“{h}”不在可发放慰问品的节日之列"),
            )
        })?),
        None => None,
    };
    let (form, amount, account) = match kind.item() {
        Some(item) => {
            let form = Form::parse(&i.form).ok_or_else(|| {
                AppError::field(ErrorCode::InvalidValue, "form", format!("发放形式“{}”不存在", i.form))
            })?;
            if i.amount_fen <= 0 || i.amount_fen > domain::finance::money::MAX_FEN {
                return Err(AppError::field(ErrorCode::InvalidMoney, "amount_fen", "每人标准应大于0元"));
            }
            // The standard itself is checked now (form, holiday, cap), so a
            // wrong plan is refused before any list is built.
            let mut tx = state.db.read().await?;
            load_union(&mut tx, union_id).await?;
            let pol = welfare::policy_in(&mut tx, union_id).await?;
            let req = Request {
                item,
                amount_fen: i.amount_fen,
                form,
                date: pay_date,
                holiday,
                surgery: false,
                winners: None,
                entrants: None,
            };
            let v = policy::check(&pol, &req, &[]);
            if !v.allowed {
                let field = match v.code {
                    "forbidden_form" => "form",
                    "not_a_holiday" | "holiday_mismatch" | "invalid" if item == Item::Festival => "holiday",
                    _ => "amount_fen",
                };
                return Err(AppError::field(ErrorCode::PolicyRefused, field, v.rule));
            }
            let account = i
                .account
                .clone()
                .filter(|a| !a.trim().is_empty())
                .or(kind.default_account().map(str::to_owned));
            (form, i.amount_fen, account)
        }
        None => (Form::Goods, 0, None),
    };
    let goods = text::line("goods", "慰问品", i.goods.as_deref().unwrap_or(""), 100)?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let cats: std::collections::HashMap<Uuid, Category> =
        store::care::approved_categories(&mut tx, UnionId(union_id))
            .await?
            .into_iter()
            .filter_map(|(m, c)| Some((m, Category::parse(&c)?)))
            .collect();
    let picked: Vec<(Uuid, i64)> = store::care::candidates(&mut tx, UnionId(union_id))
        .await?
        .into_iter()
        .filter(|r| {
            i.filter.matches(&Candidate {
                category: cats.get(&r.id).copied(),
                hardship_flag: r.hardship,
                model_worker: r.model_worker,
                group_id: r.group_id,
                birth_month: r.birth_date.map(|d| d.month()),
            })
        })
        .map(|r| (r.id, amount))
        .collect();
    let c = Campaign {
        union_id,
        id: Uuid::now_v7(),
        kind: kind.as_str().into(),
        title,
        year: i64::from(pay_date.year()),
        holiday: holiday.map(|h| h.as_str().to_owned()),
        form: form.as_str().into(),
        amount_fen: amount,
        goods,
        account,
        pay_date,
        filter: serde_json::to_string(&i.filter).unwrap_or_default(),
        status: "draft".into(),
        voucher_id: None,
        created_by: p.display_name.clone(),
        created_at: store::now(),
        reviewed_by: None,
        reviewed_at: None,
        paid_by: None,
        paid_at: None,
    };
    store::care::insert_campaign(&mut tx, &c).await?;
    store::care::insert_recipients(&mut tx, UnionId(union_id), c.id, &picked).await?;
    record(
        &mut tx,
        p.actor(),
        "care.campaign",
        format!("care_campaign:{}", c.id),
        Some((union_id, &union.path)),
        format!("{}“{}”：按“{}”生成名单{}人", kind.label(), c.title, i.filter.describe(), picked.len()),
    )
    .await?;
    tx.commit().await?;
    Ok((c, picked.len()))
}

pub async fn campaigns(state: &AppState, union_id: Uuid) -> AppResult<Vec<Campaign>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::care::campaigns(&mut tx, UnionId(union_id)).await?)
}

pub async fn campaign(state: &AppState, union_id: Uuid, id: Uuid) -> AppResult<(Campaign, Vec<Recipient>)> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let c = store::care::campaign(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    let r = store::care::recipients(&mut tx, UnionId(union_id), id).await?;
    Ok((c, r))
}

async fn draft_campaign(tx: &mut Tx, union_id: Uuid, id: Uuid) -> AppResult<Campaign> {
    let c = store::care::campaign(tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    if c.status != "draft" {
        return Err(AppError::field(ErrorCode::Conflict, "status", "名单已审核或已发放，不能再修改"));
    }
    Ok(c)
}

/// Review edits: drop a person, or change one amount (None = remove).
pub async fn edit_recipient(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    member_id: Uuid,
    amount_fen: Option<i64>,
) -> AppResult<()> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let c = draft_campaign(&mut tx, union_id, id).await?;
    let n = match amount_fen {
        None => store::care::remove_recipient(&mut tx, UnionId(union_id), id, member_id).await?,
        Some(f) if f <= 0 || f > domain::finance::money::MAX_FEN || c.amount_fen == 0 => {
            return Err(AppError::field(ErrorCode::InvalidMoney, "amount_fen", "金额应大于0元"));
        }
        Some(f) => store::care::set_recipient_amount(&mut tx, UnionId(union_id), id, member_id, f).await?,
    };
    if n == 0 {
        return Err(AppError::not_found());
    }
    record(
        &mut tx,
        p.actor(),
        "care.campaign.edit",
        format!("care_campaign:{id}"),
        Some((union_id, &union.path)),
        match amount_fen {
            None => format!("“{}”名单移除一人", c.title),
            Some(f) => format!("“{}”名单调整金额为{}元", c.title, domain::finance::money::yuan_short(f)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The chair approves the reviewed list.
pub async fn approve_campaign(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
) -> AppResult<Campaign> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut c = draft_campaign(&mut tx, union_id, id).await?;
    if store::care::recipients(&mut tx, UnionId(union_id), id).await?.is_empty() {
        return Err(AppError::field(ErrorCode::InvalidValue, "recipients", "名单为空，不能审核"));
    }
    c.status = "reviewed".into();
    c.reviewed_by = Some(p.display_name.clone());
    c.reviewed_at = Some(store::now());
    store::care::update_campaign_status(&mut tx, &c).await?;
    store::care::set_campaign_reviewer_id(&mut tx, UnionId(union_id), id, Some(p.user_id)).await?;
    record(
        &mut tx,
        p.actor(),
        "care.campaign.approve",
        format!("care_campaign:{id}"),
        Some((union_id, &union.path)),
        format!("审核通过“{}”名单", c.title),
    )
    .await?;
    tx.commit().await?;
    Ok(c)
}

/// The approver of a list's payment: the account that approved the list
/// (审核), which must still be one of the union's approvers and must not
/// be the one paying.
async fn campaign_approver(tx: &mut Tx, p: &Principal, union_id: Uuid, c: &Campaign) -> AppResult<Approver> {
    let id = store::care::campaign_reviewer_id(tx, UnionId(union_id), c.id).await?;
    let Some(id) = id else {
        return Err(AppError::field(
            ErrorCode::Conflict,
            "status",
            "该名单审核时未记录审核人账号：请主席退回后重新审核，再发放",
        ));
    };
    approver_in(tx, p, union_id, Some(id)).await.map_err(|e| match e.0.code {
        ErrorCode::NotFound => AppError::field(
            ErrorCode::Conflict,
            "status",
            "审核该名单的账号已不是本会主席或财务负责人：请重新审核后发放",
        ),
        _ => AppError::field(
            ErrorCode::SameReviewer,
            "status",
            "发放人不能是审核名单的人：请由另一位经办人发放",
        ),
    })
}

/// Pays an approved list in one transaction: every person checked by the
/// spending rules, one voucher for the total, one record per person. A
/// second payment is refused (409); a refusal pays nobody.
pub async fn pay_campaign(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    confirm_below_zero: bool,
) -> AppResult<(Campaign, usize)> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut c =
        store::care::campaign(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    match c.status.as_str() {
        "paid" => {
            return Err(AppError::field(
                ErrorCode::AlreadyPaid,
                "status",
                format!(
                    "“{}”已于{}发放，不能重复发放",
                    c.title,
                    c.paid_at.map(domain::time::fmt_datetime).unwrap_or_default()
                ),
            ));
        }
        "draft" => return Err(AppError::field(ErrorCode::Conflict, "status", "名单尚未审核，不能发放")),
        _ => {}
    }
    let kind = CampaignKind::parse(&c.kind).ok_or_else(|| AppError::code(ErrorCode::Internal))?;
    let recipients = store::care::recipients(&mut tx, UnionId(union_id), id).await?;
    let form = Form::parse(&c.form).unwrap_or(Form::Goods);
    let holiday = c.holiday.as_deref().and_then(Holiday::parse);
    let (item_str, voucher, welfare_ids) = match (kind.item(), c.account.as_deref()) {
        (Some(item), Some(account)) => {
            let lines: Vec<ListLine> = recipients
                .iter()
                .map(|r| ListLine { member_id: r.member_id, name: r.name.clone(), amount_fen: r.amount_fen })
                .collect();
            let summary = format!("{}：{}（{}人，附签收表）", kind.label(), c.title, lines.len());
            let approver = campaign_approver(&mut tx, p, union_id, &c).await?;
            let (v, rows) = welfare::pay_list(
                &mut tx,
                p,
                union_id,
                item,
                holiday,
                form,
                c.pay_date,
                account,
                &lines,
                &summary,
                &approver,
                confirm_below_zero,
            )
            .await?;
            (item.as_str(), Some(v.id), rows.into_iter().map(|w| Some(w.id)).collect::<Vec<_>>())
        }
        _ => ("jobs", None, vec![None; recipients.len()]),
    };
    let at = store::now();
    let rows: Vec<Assistance> = recipients
        .iter()
        .zip(welfare_ids)
        .map(|(r, w)| Assistance {
            union_id,
            id: Uuid::now_v7(),
            member_id: r.member_id,
            kind: if kind == CampaignKind::Jobs { "job".into() } else { "gift".into() },
            item: item_str.into(),
            reason: format!("{}：{}", kind.label(), c.title),
            amount_fen: r.amount_fen,
            goods: c.goods.clone(),
            form: c.form.clone(),
            date: c.pay_date,
            year: c.year,
            approved_by: c.reviewed_by.clone().unwrap_or_default(),
            delivered_by: None,
            campaign_id: Some(id),
            event_id: None,
            welfare_id: w,
            voucher_id: voucher,
            idem_key: None,
            actor_name: p.display_name.clone(),
            at,
        })
        .collect();
    store::care::insert_assistance_many(&mut tx, &rows).await?;
    c.status = "paid".into();
    c.voucher_id = voucher;
    c.paid_by = Some(p.display_name.clone());
    c.paid_at = Some(at);
    store::care::update_campaign_status(&mut tx, &c).await?;
    let total: i64 = recipients.iter().map(|r| r.amount_fen).sum();
    record(
        &mut tx,
        p.actor(),
        "care.campaign.pay",
        format!("care_campaign:{id}"),
        Some((union_id, &union.path)),
        format!("发放“{}”：{}人，合计{}元", c.title, rows.len(), domain::finance::money::yuan_short(total)),
    )
    .await?;
    tx.commit().await?;
    Ok((c, rows.len()))
}

// --- Disclosure ---------------------------------------------------------------

/// The aid list for the disclosure board: named rows only for those whose
/// latest consent says yes; everyone else as a count and a total.
#[derive(Debug, Clone, Default)]
pub struct AidDisclosure {
    pub year: i32,
    pub named: Vec<(String, String, i64)>,
    pub others_count: i64,
    pub others_fen: i64,
    pub total_count: i64,
    pub total_fen: i64,
}

pub async fn disclosure(state: &AppState, union_id: Uuid, year: i32) -> AppResult<AidDisclosure> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let consenting: std::collections::HashSet<Uuid> =
        store::care::consenting(&mut tx, UnionId(union_id)).await?.into_iter().collect();
    let rows = store::care::assistance_list(&mut tx, UnionId(union_id), i64::from(year), None, None).await?;
    let mut d = AidDisclosure { year, ..Default::default() };
    for (a, name) in rows.into_iter().filter(|(a, _)| a.kind != "job") {
        d.total_count += 1;
        d.total_fen += a.amount_fen;
        if consenting.contains(&a.member_id) {
            d.named.push((name, a.reason, a.amount_fen));
        } else {
            d.others_count += 1;
            d.others_fen += a.amount_fen;
        }
    }
    Ok(d)
}

/// Publishes the year's aid list to the disclosure board: by name only
/// those who consented, everyone else as a count and a total. Publishing
/// again replaces the year's earlier list (withdrawn, kept on record).
pub async fn publish_disclosure(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    year: i32,
) -> AppResult<store::disclosure::Item> {
    use domain::finance::money::fmt_yuan;
    let d = disclosure(state, union_id, year).await?;
    if d.total_count == 0 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "year",
            format!("{year}年没有帮扶慰问发放记录，无需公示"),
        ));
    }
    let mut body = format!("{year}年帮扶慰问发放情况公示\n\n");
    if !d.named.is_empty() {
        body.push_str(&format!("一、经本人书面同意公示的受助情况（{}人次）：\n", d.named.len()));
        for (name, reason, fen) in &d.named {
            body.push_str(&format!("{name}　{reason}　{}元\n", fmt_yuan(*fen)));
        }
        body.push('\n');
    }
    if d.others_count > 0 {
        body.push_str(&format!(
            "{}其他受助{}人次，合计{}元（未经本人同意，不公示姓名）。\n",
            if d.named.is_empty() { "一、" } else { "二、" },
            d.others_count,
            fmt_yuan(d.others_fen)
        ));
    }
    body.push_str(&format!(
        "\n全年合计{}人次，{}元。如有疑问，请在下方提出意见。",
        d.total_count,
        fmt_yuan(d.total_fen)
    ));
    let mut tx = state.db.write().await?;
    let item = crate::disclosure::service::publish(
        &mut tx,
        p,
        union_id,
        crate::disclosure::service::NewItem {
            category: domain::disclosure::Category::Aid,
            title: format!("{year}年帮扶慰问公示"),
            period: format!("{year}年度"),
            body,
            source: Some(format!("care_aid:{year}")),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(item)
}
