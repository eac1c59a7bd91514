//! 我的: the member's home and records, read in one transaction.
//!
//! The signed-in account's linked member (`store::auth::member_of_user`):
//! their union and group, status and card; what needs them now (ballots
//! open to them, coming sign-ups, answers waiting for their rating, visits
//! announced); and their records — profile (ID masked), dues, care,
//! honours, training, activities attended, suggestions, proposals,
//! petitions. Everything is read in one read transaction on one
//! connection; long lists are cut to the latest few on the home page, the
//! full lists are one section at a time ([`records`]).
//!
//! The types are what the JSON API answers as well (`GET /api/v1/me`,
//! `GET /api/v1/me/records`); labels are already in Chinese.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use domain::UnionId;
use domain::member::{DocType, Gender, MemberStatus};
use serde::Serialize;
use store::Tx;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::auth::secrets::verify_password;
use crate::error::{AppError, AppResult};
use domain::ErrorCode;

/// The linked member, as 我的 shows them at the top.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeMember {
    pub id: Uuid,
    pub name: String,
    /// active | retained | transferred_out | withdrawn | …
    pub status: String,
    /// 会籍状态（中文）
    pub status_label: String,
    /// 会籍有效（在籍或保留会籍）
    pub current: bool,
    pub join_date: Option<NaiveDate>,
    /// 会员证号
    pub card_number: Option<String>,
    pub group_id: Option<Uuid>,
    /// 工会小组
    pub group_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeUnion {
    pub id: Uuid,
    pub name: String,
}

/// What waits for the person now: counts.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct MePending {
    /// 可投票、尚未投票的投票
    pub ballots: i64,
    /// 已报名、尚未开始的活动
    pub signups: i64,
    /// 已答复、待本人评价的来信和提案
    pub ratings: i64,
    /// 已安排、尚未走访的慰问走访
    pub visits: i64,
}

/// A ballot open to the person.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeBallot {
    pub id: Uuid,
    pub title: String,
    pub link: String,
}

/// A coming activity the member signed up for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeSignup {
    pub activity_id: Uuid,
    pub title: String,
    pub kind_label: String,
    pub place: String,
    pub starts_at: DateTime<Utc>,
    /// confirmed | waiting | pending
    pub status: String,
    pub status_label: String,
    pub link: String,
}

/// An answer waiting for the person's rating.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeRating {
    /// petition | proposal
    pub kind: String,
    pub id: Uuid,
    pub title: String,
    pub link: String,
}

/// A visit announced to the member.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeVisit {
    pub id: Uuid,
    pub kind_label: String,
    pub due_date: NaiveDate,
}

/// The top of 我的 and the extra fields of `GET /api/v1/me`.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub member: Option<MeMember>,
    pub union: Option<MeUnion>,
    pub pending: MePending,
    pub ballots: Vec<MeBallot>,
    pub signups: Vec<MeSignup>,
    pub ratings: Vec<MeRating>,
    pub visits: Vec<MeVisit>,
}

/// 基本信息: the member's own record, the ID number masked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeProfile {
    pub name: String,
    /// 性别（男、女）
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub birth_date: Option<NaiveDate>,
    /// 证件类型（中文）
    pub doc_type_label: String,
    /// 证件号码（遮蔽）
    pub id_masked: String,
    pub mobile: Option<String>,
    pub education: Option<String>,
    pub political: Option<String>,
    pub employment: Option<String>,
    pub post: Option<String>,
    pub join_date: Option<NaiveDate>,
    pub card_number: Option<String>,
    pub status_label: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeDuesBill {
    /// YYYY-MM
    pub month: String,
    pub base_fen: i64,
    pub amount_fen: i64,
    /// 已缴金额（未缴为空）
    pub paid_fen: Option<i64>,
    pub method: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
}

/// 会费: the latest bills and the totals over all of them.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct MeDues {
    pub bills: Vec<MeDuesBill>,
    /// 账单总数
    pub total: i64,
    /// 未缴月数
    pub unpaid: i64,
    pub unpaid_fen: i64,
    pub paid_fen: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeAssistance {
    pub year: i64,
    pub item_label: String,
    pub count: i64,
    pub amount_fen: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeEnrolment {
    pub plan_name: String,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
    pub premium_fen: i64,
    /// 保障期内
    pub current: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeClaim {
    pub id: Uuid,
    pub plan_name: String,
    pub event_date: NaiveDate,
    pub claimed_fen: i64,
    pub approved_fen: Option<i64>,
    /// filed | approved | rejected | paid
    pub status: String,
    pub status_label: String,
}

/// 帮扶与互助保障.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct MeCare {
    /// 历年受助（年度、项目）
    pub assistance: Vec<MeAssistance>,
    /// 互助保障参保
    pub enrolments: Vec<MeEnrolment>,
    /// 互助保障理赔
    pub claims: Vec<MeClaim>,
    /// 本人的困难职工档案份数（内容见“我的帮扶”）
    pub hardship_files: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeHonour {
    pub id: Uuid,
    pub year: i64,
    pub title: String,
    pub level_label: String,
    pub awarding_body: String,
    /// 获得者（本人或所在集体）
    pub holder: String,
    pub status_label: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeCredit {
    pub course_title: String,
    pub year: i64,
    pub tenth_hours: i64,
    /// 学时（如“4.5”）
    pub hours: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeCertificate {
    pub name: String,
    pub issuer: String,
    pub number: String,
    pub issued_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

/// 培训学时与证书.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct MeTraining {
    /// 累计学时
    pub total_hours: String,
    /// 本年学时
    pub this_year_hours: String,
    pub credits: Vec<MeCredit>,
    pub certificates: Vec<MeCertificate>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeAttended {
    pub activity_id: Uuid,
    pub title: String,
    pub kind_label: String,
    pub starts_at: DateTime<Utc>,
    pub checked_in_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct MeActivities {
    pub items: Vec<MeAttended>,
    /// 参加活动总数
    pub total: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeSuggestion {
    pub id: Uuid,
    pub number: i64,
    pub year: i64,
    pub title: String,
    pub status_label: String,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct MeSuggestions {
    pub items: Vec<MeSuggestion>,
    pub total: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeProposal {
    pub id: Uuid,
    pub number: Option<i64>,
    pub title: String,
    pub status_label: String,
    pub rating_label: Option<String>,
    pub link: String,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct MeProposals {
    pub items: Vec<MeProposal>,
    pub total: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MePetition {
    pub id: Uuid,
    pub number: i64,
    pub subject: String,
    pub received_on: NaiveDate,
    pub anonymous: bool,
    pub status_label: String,
    pub link: String,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct MePetitions {
    pub items: Vec<MePetition>,
    pub total: i64,
}

/// The member's records. On the home page each list holds the latest few.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeRecords {
    pub profile: MeProfile,
    pub dues: MeDues,
    pub care: MeCare,
    pub honours: Vec<MeHonour>,
    pub training: MeTraining,
    pub activities: MeActivities,
    pub suggestions: MeSuggestions,
    pub proposals: MeProposals,
    pub petitions: MePetitions,
}

/// One section of the records, for the page of a full list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Dues,
    Care,
    Honours,
    Training,
    Activities,
    Suggestions,
    Proposals,
    Petitions,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::Dues,
        Section::Care,
        Section::Honours,
        Section::Training,
        Section::Activities,
        Section::Suggestions,
        Section::Proposals,
        Section::Petitions,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Dues => "dues",
            Section::Care => "care",
            Section::Honours => "honours",
            Section::Training => "training",
            Section::Activities => "activities",
            Section::Suggestions => "suggestions",
            Section::Proposals => "proposals",
            Section::Petitions => "petitions",
        }
    }

    pub fn parse(s: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Section::Dues => "会费",
            Section::Care => "帮扶与互助保障",
            Section::Honours => "荣誉",
            Section::Training => "培训",
            Section::Activities => "参加的活动",
            Section::Suggestions => "合理化建议",
            Section::Proposals => "提案",
            Section::Petitions => "来信",
        }
    }
}

/// How many of each long list the home page shows.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub dues: usize,
    pub activities: usize,
    pub others: usize,
}

impl Limits {
    /// The home page: the latest year of dues, the latest activities, the
    /// latest few of the rest.
    pub const HOME: Limits = Limits { dues: 12, activities: 10, others: 5 };
    /// Everything.
    pub const ALL: Limits = Limits { dues: usize::MAX, activities: usize::MAX, others: usize::MAX };
}

/// 我的 as one read: the summary and, for a linked member, the records.
#[derive(Debug, Clone, Default)]
pub struct Home {
    pub summary: Summary,
    pub records: Option<MeRecords>,
}

/// The member linked to the account, with their union (None: not linked).
async fn linked(tx: &mut Tx, p: &Principal) -> AppResult<Option<(store::member::Member, store::org::Org)>> {
    let Some((union_id, member_id)) = store::auth::member_of_user(tx, p.user_id).await? else {
        return Ok(None);
    };
    let Some(union) = store::org::get(tx, union_id).await? else { return Ok(None) };
    let m = store::member::get(tx, UnionId(union_id), member_id).await?;
    Ok(m.map(|m| (m, union)))
}

fn status_label(s: &str) -> String {
    MemberStatus::parse(s).map_or_else(|| s.to_owned(), |x| x.label().to_owned())
}

fn is_current(s: &str) -> bool {
    MemberStatus::parse(s).is_some_and(MemberStatus::holds_membership)
}

/// The summary, in the caller's transaction.
async fn summary_in(
    state: &AppState,
    tx: &mut Tx,
    p: &Principal,
    link: Option<&(store::member::Member, store::org::Org)>,
) -> AppResult<Summary> {
    let ballots: Vec<MeBallot> = store::todo::ballots_to_vote(tx, p.user_id)
        .await?
        .into_iter()
        .map(|(_, id, title)| MeBallot { id, title, link: format!("/ballots/{id}") })
        .collect();
    let mut s = Summary {
        pending: MePending { ballots: ballots.len() as i64, ..Default::default() },
        ballots,
        ..Default::default()
    };
    let Some((m, union)) = link else { return Ok(s) };
    let u = UnionId(union.id);
    let group_name = match m.group_id {
        Some(g) => store::org::get(tx, g).await?.map(|o| o.name),
        None => None,
    };
    s.member = Some(MeMember {
        id: m.id,
        name: m.name.clone(),
        status: m.status.clone(),
        status_label: status_label(&m.status),
        current: is_current(&m.status),
        join_date: m.join_date,
        card_number: m.card_number.clone(),
        group_id: m.group_id,
        group_name,
    });
    s.union = Some(MeUnion { id: union.id, name: union.name.clone() });
    s.signups = store::me::home::coming_signups(tx, u, m.id, store::now())
        .await?
        .into_iter()
        .map(|c| MeSignup {
            link: format!("/activities/{}", c.activity_id),
            kind_label: activity_kind(&c.kind),
            status_label: signup_status(&c.status),
            activity_id: c.activity_id,
            title: c.title,
            place: c.place,
            starts_at: c.starts_at,
            status: c.status,
        })
        .collect();
    s.visits = store::me::home::coming_visits(tx, u, m.id)
        .await?
        .into_iter()
        .map(|v| MeVisit { id: v.id, kind_label: visit_kind(&v.kind), due_date: v.due_date })
        .collect();
    let seal = crate::rights::petition::seal(state, p.user_id);
    s.ratings = store::me::home::ratings_waiting(tx, u, p.user_id, &seal)
        .await?
        .into_iter()
        .map(|r| MeRating {
            link: if r.kind == "petition" {
                format!("/petitions/{}", r.id)
            } else {
                format!("/unions/{}/proposals/{}", union.id, r.id)
            },
            kind: r.kind,
            id: r.id,
            title: r.title,
        })
        .collect();
    s.pending.signups = s.signups.len() as i64;
    s.pending.visits = s.visits.len() as i64;
    s.pending.ratings = s.ratings.len() as i64;
    Ok(s)
}

fn activity_kind(s: &str) -> String {
    domain::activity::ActivityKind::parse(s).map_or_else(|| s.to_owned(), |k| k.label().to_owned())
}

fn signup_status(s: &str) -> String {
    domain::activity::SignupStatus::parse(s).map_or_else(|| s.to_owned(), |k| k.label().to_owned())
}

fn visit_kind(s: &str) -> String {
    domain::care::events::EventKind::parse(s).map_or_else(|| s.to_owned(), |k| k.label().to_owned())
}

fn take<T>(v: Vec<T>, n: usize) -> Vec<T> {
    v.into_iter().take(n).collect()
}

/// The records, in the caller's transaction.
async fn records_in(
    state: &AppState,
    tx: &mut Tx,
    p: &Principal,
    m: &store::member::Member,
    union: &store::org::Org,
    limits: Limits,
) -> AppResult<MeRecords> {
    let u = UnionId(union.id);
    let profile = profile_of(m);

    // Dues: totals over every bill, the latest shown.
    let bills = store::dues::member_bills(tx, u, m.id).await?;
    let mut dues = MeDues { total: bills.len() as i64, ..Default::default() };
    for b in &bills {
        match b.paid_fen {
            Some(f) => dues.paid_fen += f,
            None => {
                dues.unpaid += 1;
                dues.unpaid_fen += b.amount_fen;
            }
        }
    }
    dues.bills = bills
        .into_iter()
        .take(limits.dues)
        .map(|b| MeDuesBill {
            month: b.month,
            base_fen: b.base_fen,
            amount_fen: b.amount_fen,
            paid_fen: b.paid_fen,
            method: b.method.map(|x| crate::finance::dues::method_label(&x).to_owned()),
            paid_at: b.paid_at,
        })
        .collect();

    // Care: assistance received, mutual aid, the count of hardship files.
    let today = domain::time::today(store::now());
    let assistance = store::care::member_totals(tx, u, m.id)
        .await?
        .into_iter()
        .map(|(year, item, count, amount_fen)| MeAssistance {
            year,
            item_label: domain::finance::policy::Item::parse(&item)
                .map_or_else(|| item.clone(), |i| i.label().to_owned()),
            count,
            amount_fen,
        })
        .collect();
    let enrolments = store::care::enrolments(tx, u, None, Some(m.id)).await?;
    let claims = store::care::claims(tx, u, Some(m.id)).await?;
    let plans = if enrolments.is_empty() && claims.is_empty() {
        Vec::new()
    } else {
        store::care::plans(tx, u).await?
    };
    let plan_name = |id: Uuid| plans.iter().find(|x| x.id == id).map_or_else(String::new, |x| x.name.clone());
    let hardship_files = store::care::files_of_member(tx, u, m.id).await?.len() as i64;
    let care = MeCare {
        assistance,
        enrolments: enrolments
            .into_iter()
            .map(|(e, _)| MeEnrolment {
                plan_name: plan_name(e.plan_id),
                term_start: e.term_start,
                term_end: e.term_end,
                premium_fen: e.premium_fen,
                current: e.term_start <= today && today <= e.term_end,
            })
            .collect(),
        claims: take(claims, limits.others.max(10))
            .into_iter()
            .map(|(c, _)| MeClaim {
                id: c.id,
                plan_name: plan_name(c.plan_id),
                event_date: c.event_date,
                claimed_fen: c.claimed_fen,
                approved_fen: c.approved_fen,
                status_label: claim_status(&c.status).to_owned(),
                status: c.status,
            })
            .collect(),
        hardship_files,
    };

    let honours = take(store::recognition::honour::of_member(tx, u, m.id, m.group_id).await?, limits.others)
        .into_iter()
        .map(|n| MeHonour {
            id: n.honour.id,
            year: n.honour.year,
            title: n.honour.title.clone(),
            level_label: crate::recognition::honour::level_label(&n.honour.level).to_owned(),
            awarding_body: n.honour.awarding_body.clone(),
            status_label: crate::recognition::honour::status(&n.honour).label().to_owned(),
            holder: n.holder,
        })
        .collect();

    let years = store::recognition::training::member_years(tx, u, m.id).await?;
    let this_year = i64::from(today.year());
    let fmt = domain::recognition::training::fmt_hours;
    let training = MeTraining {
        total_hours: fmt(years.iter().map(|y| y.2).sum()),
        this_year_hours: fmt(years.iter().filter(|y| y.0 == this_year).map(|y| y.2).sum()),
        credits: take(store::recognition::training::credits_of_member(tx, u, m.id).await?, limits.others)
            .into_iter()
            .map(|k| MeCredit {
                hours: fmt(k.tenth_hours),
                course_title: k.course_title,
                year: k.year,
                tenth_hours: k.tenth_hours,
            })
            .collect(),
        certificates: store::recognition::training::certificates_of_member(tx, u, m.id)
            .await?
            .into_iter()
            .map(|c| MeCertificate {
                name: c.name,
                issuer: c.issuer,
                number: c.number,
                issued_on: c.issued_on,
                valid_until: c.valid_until,
            })
            .collect(),
    };

    let limit = |n: usize| i64::try_from(n).unwrap_or(i64::MAX).min(100_000);
    let (attended, total) = store::me::home::attended(tx, u, m.id, limit(limits.activities)).await?;
    let activities = MeActivities {
        total,
        items: attended
            .into_iter()
            .map(|a| MeAttended {
                kind_label: activity_kind(&a.kind),
                activity_id: a.activity_id,
                title: a.title,
                starts_at: a.starts_at,
                checked_in_at: a.at,
            })
            .collect(),
    };

    let filter = store::recognition::suggestion::Filter { member_id: Some(m.id), ..Default::default() };
    let all = store::recognition::suggestion::list(tx, u, &filter).await?;
    let suggestions = MeSuggestions {
        total: all.len() as i64,
        items: take(all, limits.others)
            .into_iter()
            .map(|l| MeSuggestion {
                id: l.s.id,
                number: l.s.number,
                year: l.s.year,
                status_label: crate::recognition::suggestion::status(&l.s).label().to_owned(),
                title: l.s.title,
            })
            .collect(),
    };

    let (own, total) = store::me::home::own_proposals(tx, u, p.user_id, limit(limits.others)).await?;
    let proposals = MeProposals {
        total,
        items: own
            .into_iter()
            .map(|x| MeProposal {
                link: format!("/unions/{}/proposals/{}", union.id, x.id),
                id: x.id,
                number: x.number,
                title: x.title,
                status_label: domain::proposal::Status::parse(&x.status)
                    .map_or_else(|| x.status.clone(), |s| s.label().to_owned()),
                rating_label: x
                    .rating
                    .as_deref()
                    .and_then(domain::proposal::Rating::parse)
                    .map(|r| r.label().to_owned()),
            })
            .collect(),
    };

    let seal = crate::rights::petition::seal(state, p.user_id);
    let raw = store::rights::petition::mine(tx, u, p.user_id, &seal).await?;
    let petitions = MePetitions {
        total: raw.len() as i64,
        items: raw
            .iter()
            .take(limits.others)
            .map(|x| MePetition {
                id: x.id,
                number: x.number,
                subject: x.subject.clone(),
                received_on: x.received_on,
                anonymous: x.anonymous,
                status_label: crate::rights::petition::status(x).label().to_owned(),
                link: format!("/petitions/{}", x.id),
            })
            .collect(),
    };
    Ok(MeRecords { profile, dues, care, honours, training, activities, suggestions, proposals, petitions })
}

fn profile_of(m: &store::member::Member) -> MeProfile {
    MeProfile {
        name: m.name.clone(),
        gender: m
            .gender
            .as_deref()
            .map(|g| Gender::parse(g).map_or_else(|| g.to_owned(), |x| x.label().to_owned())),
        ethnicity: m.ethnicity.clone(),
        birth_date: m.birth_date,
        doc_type_label: DocType::parse(&m.doc_type)
            .map_or_else(|| m.doc_type.clone(), |d| d.label().to_owned()),
        id_masked: m.id_masked.clone(),
        mobile: m.mobile.clone(),
        education: m.education.clone(),
        political: m.political.clone(),
        employment: m.employment.clone(),
        post: m.post.clone(),
        join_date: m.join_date,
        card_number: m.card_number.clone(),
        status_label: status_label(&m.status),
    }
}

/// The member's profile (ID masked); None when not linked.
pub async fn profile(state: &AppState, p: &Principal) -> AppResult<Option<MeProfile>> {
    let mut tx = state.db.read().await?;
    Ok(linked(&mut tx, p).await?.map(|(m, _)| profile_of(&m)))
}

/// A mutual-aid claim's state, in Chinese.
pub fn claim_status(s: &str) -> &'static str {
    match s {
        "filed" => "待审核",
        "approved" => "已核定，待赔付",
        "rejected" => "不予赔付",
        "paid" => "已赔付",
        _ => "",
    }
}

/// The summary alone, for `GET /api/v1/me` (one read).
pub async fn summary(state: &AppState, p: &Principal) -> AppResult<Summary> {
    let mut tx = state.db.read().await?;
    let link = linked(&mut tx, p).await?;
    summary_in(state, &mut tx, p, link.as_ref()).await
}

/// 我的: the summary and the records (latest few of each list), in one read.
pub async fn home(state: &AppState, p: &Principal) -> AppResult<Home> {
    let mut tx = state.db.read().await?;
    let link = linked(&mut tx, p).await?;
    let summary = summary_in(state, &mut tx, p, link.as_ref()).await?;
    let Some((m, union)) = link else { return Ok(Home { summary, records: None }) };
    let records = records_in(state, &mut tx, p, &m, &union, Limits::HOME).await?;
    Ok(Home { summary, records: Some(records) })
}

/// The records in full (every bill, activity …), in one read; None when
/// the account is linked to no member.
pub async fn records(state: &AppState, p: &Principal) -> AppResult<Option<(Summary, MeRecords)>> {
    let mut tx = state.db.read().await?;
    let link = linked(&mut tx, p).await?;
    let summary = summary_in(state, &mut tx, p, link.as_ref()).await?;
    let Some((m, union)) = link else { return Ok(None) };
    let records = records_in(state, &mut tx, p, &m, &union, Limits::ALL).await?;
    Ok(Some((summary, records)))
}

/// The answer for an account linked to no member.
pub fn no_member() -> AppError {
    AppError::field(ErrorCode::NotFound, "member", "您的账号尚未关联会员档案，请联系本单位工会干部关联后再试")
}

/// Shows the member their own full ID number, after they typed their
/// password again; recorded in the audit log as a view of a sensitive
/// field by the member themself (`member.reveal_id_self`, the member as
/// target — the shape of the officers' `member.reveal_id`).
pub async fn reveal_id(state: &AppState, p: &Principal, password: &str) -> AppResult<String> {
    let mut tx = state.db.read().await?;
    let user = store::auth::user_by_id(&mut tx, p.user_id).await?.ok_or_else(AppError::not_found)?;
    drop(tx);
    if password.is_empty() || !verify_password(password.to_owned(), Some(user.password_hash)).await {
        return Err(AppError::field(
            ErrorCode::WrongPassword,
            "password",
            "密码不正确，请输入您登录用的密码",
        ));
    }
    let mut tx = state.db.write().await?;
    let (m, union) = linked(&mut tx, p).await?.ok_or_else(no_member)?;
    let plain = state.keys.decrypt(&m.id_cipher).ok_or_else(|| {
        tracing::error!(member = %m.id, "ID number does not decrypt: wrong secret key file?");
        AppError::code(ErrorCode::Internal)
    })?;
    record(
        &mut tx,
        p.actor(),
        "member.reveal_id_self",
        format!("member:{}", m.id),
        Some((union.id, &union.path)),
        format!("{}本人查看了自己的完整证件号码", m.name),
    )
    .await?;
    tx.commit().await?;
    Ok(plain)
}
