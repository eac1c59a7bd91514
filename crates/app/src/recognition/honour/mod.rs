//! The honours register: nominate, public notice on the disclosure
//! board, the chair's approval; competition winners offered for
//! nomination; model workers' yearly care.
//!
//! An honour awarded by an outside body is recorded straight away (the
//! register keeps it); a nomination by the union (`nominate`) starts as
//! 已提名 and runs through [`steps`]. Whenever a personal 劳动模范 or
//! 五一劳动奖章 becomes recorded, the member is flagged a model worker in
//! the same transaction, so the activities' `model_workers` audience and
//! the yearly care ([`care`]) find them.

pub mod care;
pub mod contest;
pub mod steps;

use chrono::NaiveDate;
use domain::recognition::honour::{self as rules, NewHonour, Nominee, Source, Status, Title};
use domain::{ErrorCode, UnionId};
use store::Tx;
use store::disclosure::Feedback;
use store::recognition::files::EvidenceFile;
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

pub use store::recognition::honour::{Filter, Honour, Named};

/// The owner kind of an honour's evidence files.
pub const FILES: &str = "honour";

pub fn today() -> NaiveDate {
    domain::time::today(store::now())
}

pub fn status(h: &Honour) -> Status {
    Status::parse(&h.status).unwrap_or(Status::Nominated)
}

pub fn title_kind(h: &Honour) -> Title {
    Title::parse(&h.title_kind).unwrap_or(Title::Other)
}

pub fn level_label(s: &str) -> &'static str {
    rules::Level::parse(s).map_or("", |l| l.label())
}

/// An honour as the form or the API sends it.
#[derive(Debug, Clone, Default)]
pub struct HonourInput {
    pub member_id: Option<Uuid>,
    pub collective: Option<String>,
    /// group | department | union
    pub collective_kind: Option<String>,
    /// The 工会小组 a group's honour belongs to (its members see it).
    pub group_id: Option<Uuid>,
    pub title: String,
    pub level: String,
    pub year: Option<i64>,
    pub awarding_body: String,
    pub citation: String,
    /// A nomination by the union (→ 已提名) rather than an honour awarded
    /// by an outside body (→ 已记录).
    pub nominate: bool,
    /// Who proposed a nomination: union (default) | group.
    pub source: Option<String>,
}

/// Checks an input against the rules and the union: the member and the
/// group must be the union's (404 naming the field otherwise).
async fn check(tx: &mut Tx, union_id: Uuid, i: &HonourInput) -> AppResult<(rules::Checked, Option<Uuid>)> {
    let checked = rules::validate(
        &NewHonour {
            has_member: i.member_id.is_some(),
            collective: i.collective.clone(),
            collective_kind: i.collective_kind.clone(),
            title: i.title.clone(),
            level: i.level.clone(),
            year: i.year,
            awarding_body: i.awarding_body.clone(),
            citation: i.citation.clone(),
        },
        today(),
    )?;
    if let Some(m) = i.member_id {
        store::member::get(tx, UnionId(union_id), m)
            .await?
            .ok_or_else(|| AppError::field(ErrorCode::NotFound, "member_id", "本工会没有这名会员"))?;
    }
    let group = match i.group_id {
        Some(g) => {
            let org = store::org::get(tx, g).await?;
            match org {
                Some(o) if o.kind == domain::org::OrgKind::Group.as_str() && o.union_id == Some(union_id) => {
                    Some(o.id)
                }
                _ => return Err(AppError::field(ErrorCode::NotFound, "group_id", "本工会没有这个工会小组")),
            }
        }
        None => None,
    };
    if group.is_some() && checked.nominee == Nominee::Person {
        return Err(AppError::field(ErrorCode::InvalidValue, "group_id", "个人荣誉不需选择工会小组"));
    }
    Ok((checked, group))
}

/// A new honour row from a checked input.
fn row(
    p: &Principal,
    union_id: Uuid,
    member_id: Option<Uuid>,
    group_id: Option<Uuid>,
    c: rules::Checked,
    status: Status,
    source: Source,
) -> Honour {
    let now = store::now();
    let (collective_name, collective_kind) = match c.nominee {
        Nominee::Person => (None, None),
        Nominee::Collective { name, kind } => (Some(name), Some(kind.as_str().to_owned())),
    };
    Honour {
        union_id,
        id: Uuid::now_v7(),
        member_id,
        collective_name,
        collective_kind,
        group_id,
        title_kind: c.title_kind.as_str().to_owned(),
        title: c.title,
        level: c.level.as_str().to_owned(),
        awarding_body: c.awarding_body,
        year: i64::from(c.year),
        citation: c.citation,
        status: status.as_str().to_owned(),
        source: source.as_str().to_owned(),
        contest_id: None,
        entrant_id: None,
        notice_days: None,
        notice_from: None,
        notice_until: None,
        disclosure_item_id: None,
        decided_by: None,
        decided_on: None,
        decision_note: None,
        created_by: p.display_name.clone(),
        created_at: now,
        updated_at: now,
    }
}

/// Inserts the honour in the caller's transaction: the directory entry,
/// the model-worker flag of a recorded one, the audit entry.
pub(crate) async fn insert(tx: &mut Tx, p: &Principal, h: &Honour, what: &str) -> AppResult<()> {
    let union = load_union(tx, h.union_id).await?;
    let u = UnionId(h.union_id);
    store::recognition::honour::insert(tx, u, h).await?;
    store::directory::register(tx, u, store::directory::HONOUR, h.id).await?;
    if status(h) == Status::Recorded {
        mark_model_worker(tx, h).await?;
    }
    record(
        tx,
        p.actor(),
        "honour.create",
        format!("honour:{}", h.id),
        Some((h.union_id, &union.path)),
        format!("{what}：{}年{}（{}，{}）", h.year, h.title, level_label(&h.level), h.awarding_body),
    )
    .await?;
    Ok(())
}

/// A recorded personal model-worker honour flags its holder.
pub(crate) async fn mark_model_worker(tx: &mut Tx, h: &Honour) -> AppResult<()> {
    if let (Some(m), true) = (h.member_id, title_kind(h).makes_model_worker()) {
        store::recognition::honour::set_model_worker(tx, UnionId(h.union_id), m).await?;
    }
    Ok(())
}

/// Records an honour awarded outside, or nominates one (`nominate`).
pub async fn create(state: &AppState, p: &Principal, union_id: Uuid, i: &HonourInput) -> AppResult<Honour> {
    let source = if !i.nominate {
        Source::Record
    } else {
        match i.source.as_deref().map(str::trim) {
            None | Some("") | Some("union") => Source::Union,
            Some("group") => Source::Group,
            Some(_) => {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    "source",
                    "提名来源只能是 union（工会提名）或 group（小组推荐）；竞赛获奖者请从“竞赛获奖候选”提名",
                ));
            }
        }
    };
    let mut tx = state.db.write().await?;
    load_union(&mut tx, union_id).await?;
    let (checked, group) = check(&mut tx, union_id, i).await?;
    let status = if i.nominate { Status::Nominated } else { Status::Recorded };
    let h = row(p, union_id, i.member_id, group, checked, status, source);
    let what = if i.nominate { "提名荣誉" } else { "登记荣誉" };
    insert(&mut tx, p, &h, what).await?;
    tx.commit().await?;
    Ok(h)
}

/// The honour (404 when unknown).
pub(crate) async fn load(tx: &mut Tx, id: Uuid) -> AppResult<Named> {
    store::recognition::honour::by_id(tx, id).await?.ok_or_else(AppError::not_found)
}

/// One honour with its notice's feedback and its evidence files.
#[derive(Debug, Clone)]
pub struct Detail {
    pub honour: Named,
    pub union_name: String,
    /// Members' feedback on the public notice (公示意见).
    pub feedback: Vec<Feedback>,
    pub files: Vec<EvidenceFile>,
    /// Whether the caller may approve (the chair).
    pub may_approve: bool,
    /// Whether the caller may run the other steps.
    pub may_manage: bool,
}

pub async fn get(state: &AppState, p: &Principal, id: Uuid) -> AppResult<Detail> {
    let mut tx = state.db.read().await?;
    let honour = load(&mut tx, id).await?;
    let u = UnionId(honour.honour.union_id);
    let union = load_union(&mut tx, u.0).await?;
    let mut feedback = match honour.honour.disclosure_item_id {
        Some(item) => store::disclosure::feedback(&mut tx, u, item, None).await?,
        None => Vec::new(),
    };
    // Who said what about a nominee is for the board's keepers, as on the
    // board itself; the auditor and the federation above read what was
    // said, not by whom.
    if !p.can(domain::auth::Perm::DisclosurePublish, Some(&union.path)) {
        for f in &mut feedback {
            f.author = "职工".into();
        }
    }
    let files = store::recognition::files::of(&mut tx, u, FILES, id).await?;
    Ok(Detail {
        may_approve: p.can(domain::auth::Perm::HonourApprove, Some(&union.path)),
        may_manage: p.can(domain::auth::Perm::RecognitionManage, Some(&union.path)),
        honour,
        union_name: union.name,
        feedback,
        files,
    })
}

/// The list's filters as typed (codes or labels; empty: any).
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub year: Option<i64>,
    pub level: Option<String>,
    pub title: Option<String>,
    /// person | collective
    pub holder: Option<String>,
    pub status: Option<String>,
}

fn filter(q: &ListQuery) -> AppResult<Filter> {
    let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let level = match given(&q.level) {
        Some(l) => Some(rules::Level::parse_field(&l)?.as_str().to_owned()),
        None => None,
    };
    let title_kind = match given(&q.title) {
        Some(t) => Some(
            Title::parse(&t)
                .ok_or_else(|| AppError::field(ErrorCode::InvalidQuery, "title", "荣誉称号类别不正确"))?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    let status = match given(&q.status) {
        Some(s) => Some(
            Status::parse(&s)
                .ok_or_else(|| AppError::field(ErrorCode::InvalidQuery, "status", "状态不正确"))?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    let person = match given(&q.holder).as_deref() {
        None => None,
        Some("person") | Some("个人") => Some(true),
        Some("collective") | Some("集体") => Some(false),
        Some(_) => {
            return Err(AppError::field(
                ErrorCode::InvalidQuery,
                "holder",
                "只能按 person（个人）或 collective（集体）筛选",
            ));
        }
    };
    Ok(Filter { year: q.year, level, title_kind, person, status, member_id: None })
}

pub async fn list(state: &AppState, union_id: Uuid, q: &ListQuery) -> AppResult<Vec<Named>> {
    let f = filter(q)?;
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::recognition::honour::list(&mut tx, UnionId(union_id), &f).await?)
}

/// The caller's own honours in this union (and those of their group and
/// of the union), on notice or recorded; nothing when the account is
/// linked to no member of the union.
pub async fn mine(state: &AppState, p: &Principal, union_id: Uuid) -> AppResult<Vec<Named>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let linked = store::auth::member_of_user(&mut tx, p.user_id).await?.filter(|(u, _)| *u == union_id);
    let Some((_, member_id)) = linked else { return Ok(Vec::new()) };
    let Some(m) = store::member::get(&mut tx, UnionId(union_id), member_id).await? else {
        return Ok(Vec::new());
    };
    Ok(store::recognition::honour::of_member(&mut tx, UnionId(union_id), m.id, m.group_id).await?)
}

/// The register's columns, printed and in Excel.
pub const REGISTER_HEADERS: [&str; 9] =
    ["年度", "获得者", "个人/集体", "荣誉称号", "级别", "授予单位", "状态", "来源", "主要事迹"];

pub fn register_row(n: &Named) -> Vec<String> {
    let h = &n.honour;
    vec![
        h.year.to_string(),
        n.holder.clone(),
        if h.member_id.is_some() { "个人" } else { "集体" }.to_owned(),
        h.title.clone(),
        level_label(&h.level).to_owned(),
        h.awarding_body.clone(),
        status(h).label().to_owned(),
        Source::label(&h.source).to_owned(),
        h.citation.clone(),
    ]
}

pub async fn register_xlsx(state: &AppState, union_id: Uuid, q: &ListQuery) -> AppResult<(String, Vec<u8>)> {
    let union = crate::org::union(state, union_id).await?;
    let rows = list(state, union_id, q).await?;
    let rows: Vec<Vec<String>> = rows.iter().map(register_row).collect();
    let bytes = crate::activity::exports::xlsx("荣誉台帐", &REGISTER_HEADERS, rows).await?;
    Ok((union.name, bytes))
}
