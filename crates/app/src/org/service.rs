//! The org tree and union committees.

use chrono::NaiveDate;
use domain::UnionId;
use domain::auth::Perm;
use domain::org::{
    self, CommitteePost, OrgFields, OrgKind, Placement, TermStatus, check_parent, check_post,
    check_term_years, term_ends_on, term_status,
};
use domain::{ErrorCode, text};
use store::org::{CommitteeTerm, Org, OrgFilter};
use store::{Page, Tx};
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};

fn kind_of(o: &Org) -> OrgKind {
    OrgKind::parse(&o.kind).unwrap_or(OrgKind::Group)
}

fn today() -> NaiveDate {
    domain::time::today(store::now())
}

async fn load(tx: &mut Tx, id: Uuid) -> AppResult<Org> {
    store::org::get(tx, id).await?.ok_or_else(AppError::not_found)
}

/// Refuses a credit code another org already has.
async fn check_credit_code(tx: &mut Tx, code: Option<&str>, own: Option<Uuid>) -> AppResult<()> {
    if let Some(code) = code
        && let Some(owner) = store::org::credit_code_owner(tx, code).await?
        && Some(owner) != own
    {
        return Err(AppError::field(
            ErrorCode::DuplicateCreditCode,
            "credit_code",
            "该统一社会信用代码已被其他组织使用",
        ));
    }
    Ok(())
}

/// Creates a node under `parent_id` (None: a root federation; the guard lets
/// only global admins get here without a parent).
pub async fn create(
    state: &AppState,
    p: &Principal,
    kind: &str,
    parent_id: Option<Uuid>,
    fields: &OrgFields,
) -> AppResult<Org> {
    let kind = OrgKind::parse(kind).ok_or_else(|| {
        AppError::field(ErrorCode::InvalidValue, "kind", "组织类型应为 federation、union 或 group")
    })?;
    let fields = org::validate(fields, today())?;
    let mut tx = state.db.write().await?;
    let parent = match parent_id {
        Some(id) => Some(load(&mut tx, id).await?),
        None => None,
    };
    check_parent(parent.as_ref().map(kind_of), kind)?;
    if parent.as_ref().is_some_and(|p| p.archived_at.is_some()) {
        return Err(AppError::field(ErrorCode::OrgArchived, "parent_id", "上级组织已撤销"));
    }
    check_credit_code(&mut tx, fields.credit_code.as_deref(), None).await?;
    let id = Uuid::now_v7();
    let path = org::child_path(parent.as_ref().map(|p| p.path.as_str()), &id.simple().to_string());
    let union_id = match kind {
        OrgKind::Federation => None,
        OrgKind::Union => Some(id),
        OrgKind::Group => parent.as_ref().and_then(|p| p.union_id),
    };
    let now = store::now();
    store::org::insert(&mut tx, id, kind.as_str(), parent_id, union_id, &path, &fields, now).await?;
    let summary = match &parent {
        Some(par) => format!("在“{}”下新建{}“{}”", par.name, kind.label(), fields.name),
        None => format!("新建顶级{}“{}”", kind.label(), fields.name),
    };
    record(&mut tx, p.actor(), "org.create", format!("org:{id}"), Some((id, &path)), summary).await?;
    let created = load(&mut tx, id).await?;
    tx.commit().await?;
    Ok(created)
}

/// An org with what its page shows.
pub struct OrgDetail {
    pub org: Org,
    pub ancestors: Vec<(Uuid, String)>,
    pub children: Vec<Org>,
}

pub async fn detail(state: &AppState, id: Uuid) -> AppResult<OrgDetail> {
    let mut tx = state.db.read().await?;
    let org = load(&mut tx, id).await?;
    let mut ancestors = store::org::ancestors(&mut tx, &org.path).await?;
    ancestors.pop();
    let filter = OrgFilter { parent_id: Some(id), include_archived: true, ..Default::default() };
    let (children, _) =
        store::org::list(&mut tx, std::slice::from_ref(&org.path), &filter, Page::new(Some(1), Some(200)))
            .await?;
    Ok(OrgDetail { org, ancestors, children })
}

pub async fn get(state: &AppState, id: Uuid) -> AppResult<Org> {
    let mut tx = state.db.read().await?;
    load(&mut tx, id).await
}

pub async fn list(
    state: &AppState,
    p: &Principal,
    filter: &OrgFilter,
    page: Page,
) -> AppResult<(Vec<Org>, i64)> {
    let scope = p.scope(Perm::OrgView);
    let roots = if scope.global { vec!["/".to_owned()] } else { scope.roots };
    let mut tx = state.db.read().await?;
    Ok(store::org::list(&mut tx, &roots, filter, page).await?)
}

/// Edits an org's record: `change` gets the current record and returns the
/// new one, inside the write transaction.
pub async fn update(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    change: impl FnOnce(OrgFields) -> OrgFields,
) -> AppResult<Org> {
    let mut tx = state.db.write().await?;
    let current = load(&mut tx, id).await?;
    if current.archived_at.is_some() {
        return Err(AppError::code(ErrorCode::OrgArchived));
    }
    let before = fields_of(&current);
    let fields = org::validate(&change(before.clone()), today())?;
    check_credit_code(&mut tx, fields.credit_code.as_deref(), Some(id)).await?;
    store::org::update(&mut tx, id, &fields, store::now()).await?;
    let summary = format!("修改“{}”：{}", current.name, describe_changes(&before, &fields));
    record(&mut tx, p.actor(), "org.update", format!("org:{id}"), Some((id, &current.path)), summary).await?;
    let updated = load(&mut tx, id).await?;
    tx.commit().await?;
    Ok(updated)
}

pub fn fields_of(o: &Org) -> OrgFields {
    OrgFields {
        name: o.name.clone(),
        credit_code: o.credit_code.clone(),
        employer_name: o.employer_name.clone(),
        employer_type: o.employer_type.clone(),
        staff_count: o.staff_count,
        founded_on: o.founded_on,
        bank_account: o.bank_account.clone(),
        star_rating: o.star_rating,
        honours: o.honours.clone(),
    }
}

/// "名称：甲 → 乙；职工人数：10 → 12" for the audit log.
fn describe_changes(a: &OrgFields, b: &OrgFields) -> String {
    fn show<T: std::fmt::Display>(v: &Option<T>) -> String {
        v.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "（空）".into())
    }
    let mut parts = Vec::new();
    let mut diff = |label: &str, x: String, y: String| {
        if x != y {
            parts.push(format!("{label}：{x} → {y}"));
        }
    };
    diff("名称", a.name.clone(), b.name.clone());
    diff("统一社会信用代码", show(&a.credit_code), show(&b.credit_code));
    diff("单位名称", show(&a.employer_name), show(&b.employer_name));
    diff("单位性质", show(&a.employer_type), show(&b.employer_type));
    diff("职工人数", show(&a.staff_count), show(&b.staff_count));
    diff("成立日期", show(&a.founded_on), show(&b.founded_on));
    diff("银行账号", show(&a.bank_account), show(&b.bank_account));
    diff("星级", show(&a.star_rating), show(&b.star_rating));
    diff("荣誉", show(&a.honours), show(&b.honours));
    if parts.is_empty() { "无变化".into() } else { parts.join("；") }
}

fn placement(o: &Org) -> Placement<'_> {
    Placement { kind: kind_of(o), path: &o.path, union_id: None, archived: o.archived_at.is_some() }
}

/// Moves a node (and its subtree) under another parent.
pub async fn move_to(state: &AppState, p: &Principal, id: Uuid, parent_id: Uuid) -> AppResult<Org> {
    let mut tx = state.db.write().await?;
    let node = load(&mut tx, id).await?;
    let parent = load(&mut tx, parent_id).await?;
    let (node_union, parent_union) =
        (node.union_id.map(|u| u.to_string()), parent.union_id.map(|u| u.to_string()));
    org::check_move(
        Placement { union_id: node_union.as_deref(), ..placement(&node) },
        Placement { union_id: parent_union.as_deref(), ..placement(&parent) },
    )?;
    let new_path = org::child_path(Some(&parent.path), &id.simple().to_string());
    store::org::move_subtree(&mut tx, id, parent_id, &node.path, &new_path, store::now()).await?;
    let old_parent = match node.parent_id {
        Some(pid) => store::org::get(&mut tx, pid).await?.map(|o| o.name).unwrap_or_default(),
        None => "（无）".into(),
    };
    let summary = format!("将“{}”从“{}”调整到“{}”下", node.name, old_parent, parent.name);
    record(&mut tx, p.actor(), "org.move", format!("org:{id}"), Some((id, &new_path)), summary).await?;
    let moved = load(&mut tx, id).await?;
    tx.commit().await?;
    // Grants carry the org's path: every cached principal may hold the old one.
    state.identities.clear();
    Ok(moved)
}

/// Archives (撤销) a node without active children, or restores one whose
/// parent is active. Nothing is deleted.
pub async fn set_archived(state: &AppState, p: &Principal, id: Uuid, archive: bool) -> AppResult<Org> {
    let mut tx = state.db.write().await?;
    let node = load(&mut tx, id).await?;
    let now = store::now();
    if archive {
        if node.archived_at.is_some() {
            return Err(AppError::code(ErrorCode::OrgArchived));
        }
        if store::org::count_active_children(&mut tx, id).await? > 0 {
            return Err(AppError::code(ErrorCode::OrgHasActiveChildren));
        }
    } else if node.archived_at.is_none() {
        return Err(AppError::field(ErrorCode::Conflict, "id", "该组织未被撤销，无需恢复"));
    } else if let Some(pid) = node.parent_id
        && load(&mut tx, pid).await?.archived_at.is_some()
    {
        return Err(AppError::field(ErrorCode::OrgArchived, "parent_id", "上级组织已撤销，请先恢复上级组织"));
    }
    store::org::set_archived(&mut tx, id, archive.then_some(now), now).await?;
    let (action, verb) = if archive { ("org.archive", "撤销") } else { ("org.restore", "恢复") };
    record(
        &mut tx,
        p.actor(),
        action,
        format!("org:{id}"),
        Some((id, &node.path)),
        format!("{verb}“{}”", node.name),
    )
    .await?;
    let out = load(&mut tx, id).await?;
    tx.commit().await?;
    Ok(out)
}

/// A union's committee: its terms (newest first) and the posts of each.
pub struct Committee {
    pub terms: Vec<CommitteeTerm>,
    pub posts: Vec<store::org::CommitteePost>,
    /// The newest term's status (换届提醒).
    pub status: Option<TermStatus>,
}

async fn load_union(tx: &mut Tx, id: Uuid) -> AppResult<Org> {
    let o = load(tx, id).await?;
    if kind_of(&o) != OrgKind::Union {
        return Err(AppError::field(ErrorCode::InvalidValue, "org_id", "只有基层工会设立委员会"));
    }
    Ok(o)
}

pub async fn committee(state: &AppState, union_id: Uuid) -> AppResult<Committee> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let terms = store::org::terms(&mut tx, UnionId(union_id)).await?;
    let posts = store::org::posts(&mut tx, UnionId(union_id)).await?;
    let status = terms.first().map(|t| term_status(t.ends_on, today()));
    Ok(Committee { terms, posts, status })
}

/// Records a new term (届): its number follows the last one.
pub async fn add_term(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    starts_on: Option<NaiveDate>,
    years: i64,
) -> AppResult<CommitteeTerm> {
    let starts_on = starts_on
        .ok_or_else(|| AppError::field(ErrorCode::Required, "starts_on", "请填写本届开始日期（选举日期）"))?;
    check_term_years(years)?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let terms = store::org::terms(&mut tx, UnionId(union_id)).await?;
    if let Some(last) = terms.first()
        && starts_on <= last.starts_on
    {
        return Err(AppError::field(ErrorCode::InvalidDate, "starts_on", "新一届的开始日期应晚于上一届"));
    }
    let term = CommitteeTerm {
        union_id,
        id: Uuid::now_v7(),
        number: terms.first().map_or(1, |t| t.number + 1),
        starts_on,
        years,
        ends_on: term_ends_on(starts_on, years),
        created_at: store::now(),
    };
    store::org::insert_term(&mut tx, &term).await?;
    let summary = format!(
        "“{}”第{}届委员会，任期{}年，{}至{}",
        union.name,
        term.number,
        years,
        domain::time::fmt_date(term.starts_on),
        domain::time::fmt_date(term.ends_on)
    );
    record(
        &mut tx,
        p.actor(),
        "committee.term_create",
        format!("term:{}", term.id),
        Some((union_id, &union.path)),
        summary,
    )
    .await?;
    tx.commit().await?;
    Ok(term)
}

pub async fn add_post(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    term_id: Option<Uuid>,
    post: &str,
    person_name: &str,
    full_time: bool,
) -> AppResult<store::org::CommitteePost> {
    let post = CommitteePost::parse(post)
        .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "post", "职务不在可选范围内"))?;
    let person_name = text::required_line("person_name", "姓名", person_name, 50)?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let terms = store::org::terms(&mut tx, UnionId(union_id)).await?;
    // Without a term named, the post goes on the newest term.
    let term = match term_id {
        Some(t) => terms.iter().find(|x| x.id == t),
        None => terms.first(),
    }
    .ok_or_else(|| AppError::field(ErrorCode::Required, "term_id", "请先录入委员会届次"))?;
    let existing: Vec<CommitteePost> = store::org::posts(&mut tx, UnionId(union_id))
        .await?
        .iter()
        .filter(|x| x.term_id == term.id)
        .filter_map(|x| CommitteePost::parse(&x.post))
        .collect();
    check_post(post, &existing)?;
    let row = store::org::CommitteePost {
        union_id,
        id: Uuid::now_v7(),
        term_id: term.id,
        post: post.as_str().to_owned(),
        person_name,
        full_time,
        created_at: store::now(),
    };
    store::org::insert_post(&mut tx, &row).await?;
    let summary = format!("“{}”第{}届：{}任{}", union.name, term.number, row.person_name, post.label());
    record(
        &mut tx,
        p.actor(),
        "committee.post_add",
        format!("post:{}", row.id),
        Some((union_id, &union.path)),
        summary,
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn remove_post(state: &AppState, p: &Principal, union_id: Uuid, post_id: Uuid) -> AppResult<()> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let post =
        store::org::get_post(&mut tx, UnionId(union_id), post_id).await?.ok_or_else(AppError::not_found)?;
    store::org::delete_post(&mut tx, UnionId(union_id), post_id).await?;
    let label = CommitteePost::parse(&post.post).map(|x| x.label()).unwrap_or("职务");
    let summary = format!("“{}”：免去{}的{}职务", union.name, post.person_name, label);
    record(
        &mut tx,
        p.actor(),
        "committee.post_remove",
        format!("post:{post_id}"),
        Some((union_id, &union.path)),
        summary,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Unions in the caller's view whose committee term ends within six months
/// (or has ended): the 换届提醒 list.
pub async fn term_warnings(
    state: &AppState,
    p: &Principal,
) -> AppResult<Vec<(Uuid, String, i64, NaiveDate, TermStatus)>> {
    let scope = p.scope(Perm::OrgView);
    let roots = if scope.global { vec!["/".to_owned()] } else { scope.roots };
    let today = today();
    let by = today.checked_add_months(chrono::Months::new(org::TERM_WARNING_MONTHS)).unwrap_or(today);
    let mut tx = state.db.read().await?;
    let rows = store::org::terms_ending_by(&mut tx, &roots, by).await?;
    Ok(rows.into_iter().map(|(id, name, n, ends)| (id, name, n, ends, term_status(ends, today))).collect())
}

/// Orgs where the caller may do `perm`, for select boxes (at most 200):
/// (id, name indented by depth), in tree order.
pub async fn choices(state: &AppState, p: &Principal, perm: Perm) -> AppResult<Vec<(String, String)>> {
    let scope = p.scope(perm);
    let roots = if scope.global { vec!["/".to_owned()] } else { scope.roots };
    let mut tx = state.db.read().await?;
    let (orgs, _) =
        store::org::list(&mut tx, &roots, &OrgFilter::default(), Page::new(Some(1), Some(200))).await?;
    Ok(orgs
        .into_iter()
        .map(|o| {
            let depth = o.path.matches('/').count().saturating_sub(2);
            (o.id.to_string(), format!("{}{}", "　".repeat(depth), o.name))
        })
        .collect())
}
