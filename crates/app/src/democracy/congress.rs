//! The worker congress: terms (届), delegates and their composition,
//! sessions (次) with agenda, meeting papers, check-in and the live quorum.

use chrono::NaiveDate;
use domain::ErrorCode;
use domain::UnionId;
use domain::democracy::congress::{self, Composition, CongressForm};
use domain::democracy::outcome;
use domain::member::Gender;
use domain::text;
use store::democracy::{AgendaItem, Delegate, Session, Term};
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

pub fn today() -> NaiveDate {
    domain::time::today(store::now())
}

pub async fn create_term(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    starts_on: Option<NaiveDate>,
    years: i64,
    form: Option<&str>,
) -> AppResult<Term> {
    congress::check_term_years(years)?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let form = match form.map(str::trim).filter(|s| !s.is_empty()) {
        Some(f) => CongressForm::parse(f).ok_or_else(|| {
            AppError::field(
                ErrorCode::InvalidValue,
                "form",
                format!("会议形式“{f}”不存在，应为 delegates 或 all_staff"),
            )
        })?,
        None => CongressForm::for_staff(union.staff_count),
    };
    let starts_on = starts_on.unwrap_or_else(today);
    let number =
        store::democracy::terms(&mut tx, UnionId(union_id)).await?.first().map_or(1, |t| t.number + 1);
    let t = Term {
        union_id,
        id: Uuid::now_v7(),
        number,
        form: form.as_str().to_owned(),
        starts_on,
        years,
        ends_on: domain::org::term_ends_on(starts_on, years),
        created_by: p.display_name.clone(),
        created_at: store::now(),
    };
    store::democracy::insert_term(&mut tx, &t).await?;
    record(
        &mut tx,
        p.actor(),
        "congress.term_create",
        format!("congress_term:{}", t.id),
        Some((union_id, &union.path)),
        format!(
            "新建第{}届{}，自{}起，任期{}年",
            number,
            form.label(),
            domain::time::fmt_date(starts_on),
            years
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(t)
}

/// A delegate as entered.
#[derive(Debug, Clone, Default)]
pub struct DelegateInput {
    pub member_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub name: Option<String>,
    pub gender: Option<String>,
    pub manager: bool,
    pub frontline: bool,
    pub presidium: bool,
}

pub async fn add_delegate(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    term_id: Uuid,
    i: &DelegateInput,
) -> AppResult<Delegate> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let term =
        store::democracy::term(&mut tx, UnionId(union_id), term_id).await?.ok_or_else(AppError::not_found)?;
    let member = match i.member_id {
        Some(m) => Some(
            store::member::get(&mut tx, UnionId(union_id), m)
                .await?
                .ok_or_else(|| AppError::field(ErrorCode::NotFound, "member_id", "所选会员不属于本工会"))?,
        ),
        None => None,
    };
    if let Some(m) = &member
        && m.status != "active"
    {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "member_id",
            format!("{}不是在籍会员，不能当选代表", m.name),
        ));
    }
    let name = match (&i.name, &member) {
        (Some(n), _) if !n.trim().is_empty() => text::required_line("name", "代表姓名", n, 40)?,
        (_, Some(m)) => m.name.clone(),
        _ => return Err(AppError::field(ErrorCode::Required, "name", "请选择会员或填写代表姓名")),
    };
    let gender = match i.gender.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(g) => Some(
            Gender::parse(g)
                .ok_or_else(|| {
                    AppError::field(ErrorCode::InvalidValue, "gender", format!("性别“{g}”无法识别"))
                })?
                .as_str()
                .to_owned(),
        ),
        None => member.as_ref().and_then(|m| m.gender.clone()),
    };
    // The account to vote with: as given, or the one linked to the member.
    let user_id = match (i.user_id, i.member_id) {
        (Some(u), _) => {
            // An account of this union (a role in it, or linked to one of its
            // members); another union's answers as a missing id does.
            if store::auth::accounts_in_union(&mut tx, UnionId(union_id), &union.path, &[u]).await?.is_empty()
            {
                return Err(AppError::field(ErrorCode::NotFound, "user_id", "所选账号不存在或已停用"));
            }
            Some(u)
        }
        (None, Some(m)) => user_of_member(&mut tx, union_id, m).await?,
        (None, None) => None,
    };
    let d = Delegate {
        union_id,
        id: Uuid::now_v7(),
        term_id,
        member_id: i.member_id,
        user_id,
        name,
        gender,
        manager: i.manager,
        frontline: i.frontline,
        presidium: i.presidium,
        source: "entered".into(),
        ballot_id: None,
        created_by: p.display_name.clone(),
        created_at: store::now(),
    };
    match store::democracy::insert_delegate(&mut tx, &d).await {
        Ok(()) => {}
        Err(e) if store::is_unique_violation(&e) => {
            let field = if d.member_id.is_some() { "member_id" } else { "user_id" };
            return Err(AppError::field(ErrorCode::Conflict, field, format!("{}已是本届代表", d.name)));
        }
        Err(e) => return Err(e.into()),
    }
    record(
        &mut tx,
        p.actor(),
        "congress.delegate_add",
        format!("congress_delegate:{}", d.id),
        Some((union_id, &union.path)),
        format!("登记第{}届职工代表{}", term.number, d.name),
    )
    .await?;
    tx.commit().await?;
    Ok(d)
}

async fn user_of_member(tx: &mut store::Tx, union_id: Uuid, member_id: Uuid) -> AppResult<Option<Uuid>> {
    Ok(store::democracy::user_of_member(tx, UnionId(union_id), member_id).await?)
}

/// A term with its delegates, their composition and the warnings.
#[derive(Debug, Clone)]
pub struct TermView {
    pub term: Term,
    pub form: CongressForm,
    pub delegates: Vec<Delegate>,
    pub composition: Composition,
    pub warnings: Vec<String>,
}

pub async fn term_view(state: &AppState, union_id: Uuid, term_id: Uuid) -> AppResult<TermView> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let term =
        store::democracy::term(&mut tx, UnionId(union_id), term_id).await?.ok_or_else(AppError::not_found)?;
    view_of(&mut tx, term).await
}

async fn view_of(tx: &mut store::Tx, term: Term) -> AppResult<TermView> {
    let delegates = store::democracy::delegates(tx, UnionId(term.union_id), term.id).await?;
    let (staff, staff_women) = store::democracy::staff_counts(tx, UnionId(term.union_id)).await?;
    let composition = Composition {
        delegates: delegates.len() as u64,
        managers: delegates.iter().filter(|d| d.manager).count() as u64,
        women: delegates.iter().filter(|d| d.gender.as_deref() == Some("female")).count() as u64,
        presidium: delegates.iter().filter(|d| d.presidium).count() as u64,
        presidium_frontline: delegates.iter().filter(|d| d.presidium && d.frontline).count() as u64,
        staff: staff.max(0) as u64,
        staff_women: staff_women.max(0) as u64,
    };
    let form = CongressForm::parse(&term.form).unwrap_or(CongressForm::Delegates);
    let warnings = congress::composition_warnings(form, &composition);
    Ok(TermView { term, form, delegates, composition, warnings })
}

/// The congress of a union: its terms (newest first, the newest with its
/// delegates), sessions and ballots.
#[derive(Debug, Clone)]
pub struct Overview {
    pub union: store::org::Org,
    pub form: CongressForm,
    pub terms: Vec<Term>,
    pub current: Option<TermView>,
    pub sessions: Vec<(Session, Option<String>)>,
    pub ballots: Vec<store::democracy::Ballot>,
}

pub async fn overview(state: &AppState, union_id: Uuid) -> AppResult<Overview> {
    let mut tx = state.db.read().await?;
    let union = load_union(&mut tx, union_id).await?;
    let terms = store::democracy::terms(&mut tx, UnionId(union_id)).await?;
    let current = match terms.first() {
        Some(t) => Some(view_of(&mut tx, t.clone()).await?),
        None => None,
    };
    let today = today();
    let sessions = store::democracy::sessions(&mut tx, UnionId(union_id))
        .await?
        .into_iter()
        .map(|s| {
            let w = congress::papers_warning(s.meets_on, s.papers_sent_on, today);
            (s, w)
        })
        .collect();
    let ballots = store::democracy::ballots(&mut tx, UnionId(union_id), None).await?;
    let form = CongressForm::for_staff(union.staff_count);
    Ok(Overview { union, form, terms, current, sessions, ballots })
}

pub async fn create_session(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    term_id: Option<Uuid>,
    title: Option<&str>,
    meets_on: NaiveDate,
    place: Option<&str>,
) -> AppResult<Session> {
    let place = match place {
        Some(s) => text::line("place", "会议地点", s, 100)?,
        None => None,
    };
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let term = match term_id {
        Some(t) => store::democracy::term(&mut tx, UnionId(union_id), t)
            .await?
            .ok_or_else(|| AppError::field(ErrorCode::NotFound, "term_id", "所选届次不存在"))?,
        None => store::democracy::terms(&mut tx, UnionId(union_id))
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| AppError::field(ErrorCode::Required, "term_id", "请先新建一届职代会"))?,
    };
    let number = store::democracy::next_session_number(&mut tx, UnionId(union_id), term.id).await?;
    let form = CongressForm::parse(&term.form).unwrap_or(CongressForm::Delegates);
    let title = match title.map(str::trim).filter(|s| !s.is_empty()) {
        Some(t) => text::required_line("title", "会议名称", t, 100)?,
        None => format!("第{}届{}第{}次会议", term.number, form.label(), number),
    };
    let s = Session {
        union_id,
        id: Uuid::now_v7(),
        term_id: term.id,
        number,
        title,
        meets_on,
        place,
        papers_sent_on: None,
        created_by: p.display_name.clone(),
        created_at: store::now(),
    };
    store::democracy::insert_session(&mut tx, &s).await?;
    record(
        &mut tx,
        p.actor(),
        "congress.session_create",
        format!("congress_session:{}", s.id),
        Some((union_id, &union.path)),
        format!("筹备{}，{}召开", s.title, domain::time::fmt_date(meets_on)),
    )
    .await?;
    tx.commit().await?;
    Ok(s)
}

/// The live quorum of a session.
#[derive(Debug, Clone, Copy)]
pub struct Quorum {
    pub delegates: u64,
    pub present: u64,
    pub needed: u64,
    pub met: bool,
}

/// A session with its agenda, delegates (checked in or not), quorum, the
/// papers warning and its ballots.
#[derive(Debug, Clone)]
pub struct SessionView {
    pub session: Session,
    pub term: Term,
    pub agenda: Vec<AgendaItem>,
    pub delegates: Vec<(Delegate, bool)>,
    pub quorum: Quorum,
    pub papers_warning: Option<String>,
    pub ballots: Vec<store::democracy::Ballot>,
}

pub async fn session_view(state: &AppState, union_id: Uuid, session_id: Uuid) -> AppResult<SessionView> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let session = store::democracy::session(&mut tx, UnionId(union_id), session_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let term = store::democracy::term(&mut tx, UnionId(union_id), session.term_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let agenda = store::democracy::agenda(&mut tx, UnionId(union_id), session_id).await?;
    let here = store::democracy::checked_in(&mut tx, UnionId(union_id), session_id).await?;
    let delegates: Vec<(Delegate, bool)> = store::democracy::delegates(&mut tx, UnionId(union_id), term.id)
        .await?
        .into_iter()
        .map(|d| {
            let h = here.contains(&d.id);
            (d, h)
        })
        .collect();
    let quorum = quorum_of(delegates.len() as u64, here.len() as u64);
    let papers_warning = congress::papers_warning(session.meets_on, session.papers_sent_on, today());
    let ballots = store::democracy::ballots(&mut tx, UnionId(union_id), Some(session_id)).await?;
    Ok(SessionView { session, term, agenda, delegates, quorum, papers_warning, ballots })
}

fn quorum_of(delegates: u64, present: u64) -> Quorum {
    Quorum {
        delegates,
        present,
        needed: outcome::quorum_needed(delegates),
        met: outcome::quorum_met(present, delegates),
    }
}

/// Only the numbers (the live quorum polls this).
pub async fn quorum(state: &AppState, union_id: Uuid, session_id: Uuid) -> AppResult<Quorum> {
    let mut tx = state.db.read().await?;
    let session = store::democracy::session(&mut tx, UnionId(union_id), session_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let delegates =
        store::democracy::delegates(&mut tx, UnionId(union_id), session.term_id).await?.len() as u64;
    let present = store::democracy::checkin_count(&mut tx, UnionId(union_id), session_id).await? as u64;
    Ok(quorum_of(delegates, present))
}

pub async fn add_agenda_item(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    session_id: Uuid,
    title: &str,
    note: Option<&str>,
) -> AppResult<AgendaItem> {
    let title = text::required_line("title", "议题", title, 200)?;
    let note = match note {
        Some(n) => text::multiline("note", "说明", n, 2000)?,
        None => None,
    };
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let s = store::democracy::session(&mut tx, UnionId(union_id), session_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let item =
        store::democracy::add_agenda_item(&mut tx, UnionId(union_id), session_id, &title, note.as_deref())
            .await?;
    record(
        &mut tx,
        p.actor(),
        "congress.agenda_add",
        format!("congress_session:{session_id}"),
        Some((union_id, &union.path)),
        format!("{}增加议题：{}", s.title, title),
    )
    .await?;
    tx.commit().await?;
    Ok(item)
}

/// Records the day the meeting papers reached the delegates.
pub async fn papers_sent(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    session_id: Uuid,
    on: Option<NaiveDate>,
) -> AppResult<Option<String>> {
    let on = on.unwrap_or_else(today);
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let s = store::democracy::session(&mut tx, UnionId(union_id), session_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if on > s.meets_on {
        return Err(AppError::field(ErrorCode::InvalidDate, "sent_on", "送达日期不能晚于开会日期"));
    }
    store::democracy::set_papers_sent(&mut tx, UnionId(union_id), session_id, on).await?;
    let warning = congress::papers_warning(s.meets_on, Some(on), today());
    record(
        &mut tx,
        p.actor(),
        "congress.papers_sent",
        format!("congress_session:{session_id}"),
        Some((union_id, &union.path)),
        format!(
            "{}会议材料于{}送达代表{}",
            s.title,
            domain::time::fmt_date(on),
            if warning.is_some() { "（不足7天）" } else { "" }
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(warning)
}

/// Checks a delegate in; returns the quorum after it.
pub async fn check_in(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    session_id: Uuid,
    delegate_id: Uuid,
) -> AppResult<Quorum> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let s = store::democracy::session(&mut tx, UnionId(union_id), session_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let d = store::democracy::delegate(&mut tx, UnionId(union_id), delegate_id)
        .await?
        .filter(|d| d.term_id == s.term_id)
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "delegate_id", "该代表不是本届代表"))?;
    let new =
        store::democracy::check_in(&mut tx, UnionId(union_id), session_id, delegate_id, &p.display_name)
            .await?;
    if new {
        record(
            &mut tx,
            p.actor(),
            "congress.checkin",
            format!("congress_session:{session_id}"),
            Some((union_id, &union.path)),
            format!("{}：代表{}签到", s.title, d.name),
        )
        .await?;
    }
    let delegates = store::democracy::delegates(&mut tx, UnionId(union_id), s.term_id).await?.len() as u64;
    let present = store::democracy::checkin_count(&mut tx, UnionId(union_id), session_id).await? as u64;
    tx.commit().await?;
    Ok(quorum_of(delegates, present))
}

/// Seats the winners of a closed delegate election (职工代表选举) as
/// delegates of a term: each is linked to the member of that name when
/// there is exactly one, and to that member's account. Those already
/// seated are left as they are. Returns the delegates added.
pub async fn seat_elected(
    state: &AppState,
    p: &Principal,
    ballot_id: Uuid,
    term_id: Uuid,
) -> AppResult<Vec<Delegate>> {
    use domain::democracy::ballot::{BallotKind, Purpose};
    let mut tx = state.db.write().await?;
    let (b, path) =
        store::democracy::ballot_by_id(&mut tx, ballot_id).await?.ok_or_else(AppError::not_found)?;
    if BallotKind::parse(&b.kind) != Some(BallotKind::Election)
        || Purpose::parse(&b.purpose) != Some(Purpose::Delegates)
    {
        return Err(AppError::field(
            ErrorCode::BallotState,
            "purpose",
            "只有职工代表选举的当选人才能登记为代表",
        ));
    }
    let spec = super::service::spec_of(&b)?;
    let o = super::service::decided(&b, &spec)?.ok_or_else(|| {
        AppError::field(ErrorCode::BallotState, "status", "选举结束并计票后才能登记当选的代表")
    })?;
    let term = store::democracy::term(&mut tx, UnionId(b.union_id), term_id)
        .await?
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "term_id", "所选届次不存在"))?;
    let seated = store::democracy::delegates(&mut tx, UnionId(b.union_id), term.id).await?;
    let mut added = Vec::new();
    for r in o.elected() {
        if seated.iter().any(|d| d.name == r.name) {
            continue;
        }
        let named = store::democracy::active_members_named(&mut tx, UnionId(b.union_id), &r.name).await?;
        let (member_id, gender) = match named.as_slice() {
            [(id, g)] => (Some(*id), g.clone()),
            _ => (None, None),
        };
        let user_id = match member_id {
            Some(m) => user_of_member(&mut tx, b.union_id, m).await?,
            None => None,
        };
        let d = Delegate {
            union_id: b.union_id,
            id: Uuid::now_v7(),
            term_id: term.id,
            member_id,
            user_id,
            name: r.name.clone(),
            gender,
            manager: false,
            frontline: false,
            presidium: false,
            source: "elected".into(),
            ballot_id: Some(b.id),
            created_by: p.display_name.clone(),
            created_at: store::now(),
        };
        store::democracy::insert_delegate(&mut tx, &d).await?;
        added.push(d);
    }
    if !added.is_empty() {
        record(
            &mut tx,
            p.actor(),
            "congress.delegates_elected",
            format!("ballot:{ballot_id}"),
            Some((b.union_id, &path)),
            format!(
                "“{}”当选的{}人登记为第{}届代表：{}",
                b.title,
                added.len(),
                term.number,
                added.iter().map(|d| d.name.as_str()).collect::<Vec<_>>().join("、")
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(added)
}
