//! The officer's edits of a plan: confirm, correct or make manual a target,
//! add one by hand, type a manual target's progress (append-only), delete
//! one; add tasks, mark them done or not with a note, delete them. Every id
//! in a path or body must belong to the plan, else 404.

use chrono::NaiveDate;
use domain::plan::extract::Comparator;
use domain::plan::metric::{Metric, Scope};
use domain::plan::target as rules;
use domain::{ErrorCode, UnionId};
use store::Tx;
use uuid::Uuid;

use super::{CONFIRMED, MANUAL, Plan, Target, Task, is_federation, locate, scope_json};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::Org;

/// A target as the officer sets it.
#[derive(Debug, Clone, Default)]
pub struct TargetInput {
    /// The sentence (a new target's; kept as written on an edit).
    pub sentence: String,
    /// >= | <= | =
    pub comparator: String,
    pub value: f64,
    pub unit: String,
    /// The metric's key; None or empty: none.
    pub metric: Option<String>,
    pub scope: Option<Scope>,
    /// Progress typed by hand rather than computed.
    pub manual: bool,
    /// A new target's section.
    pub section_id: Option<Uuid>,
}

/// The binding as checked: comparator, unit, metric, scope, status.
struct Checked {
    comparator: Comparator,
    unit: String,
    metric: Option<Metric>,
    scope: Option<Scope>,
    status: &'static str,
}

fn check(i: &TargetInput, federation: bool) -> AppResult<Checked> {
    let comparator = Comparator::parse(i.comparator.trim()).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            "comparator",
            "比较方式只能是“>=”（不低于）、“<=”（不高于）或“=”（等于）",
        )
    })?;
    let metric =
        match i.metric.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(Metric::parse(s).ok_or_else(|| {
                AppError::field(ErrorCode::InvalidValue, "metric", format!("指标“{s}”不存在"))
            })?),
        };
    let unit = rules::normalise_unit(&i.unit);
    let metric = if i.manual { None } else { metric };
    rules::check(i.value, &unit, metric, federation).map_err(AppError)?;
    if !i.manual && metric.is_none() {
        return Err(AppError::field(ErrorCode::Required, "metric", "请选择对应的指标，或改为手工填报"));
    }
    let scope = metric.and(i.scope).filter(|s| !s.is_empty());
    Ok(Checked { comparator, unit, metric, scope, status: if i.manual { MANUAL } else { CONFIRMED } })
}

/// A target of the plan, or 404.
async fn target_of(tx: &mut Tx, plan: &Plan, target_id: Uuid) -> AppResult<Target> {
    store::plan::plans::targets(tx, UnionId(plan.union_id), plan.id)
        .await?
        .into_iter()
        .find(|t| t.id == target_id)
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "target_id", "该目标不存在或不属于本计划"))
}

/// A section of the plan (None stays None), or 404 naming the field.
async fn section_of(tx: &mut Tx, plan: &Plan, section_id: Option<Uuid>) -> AppResult<Option<Uuid>> {
    let Some(id) = section_id else { return Ok(None) };
    let secs = store::plan::plans::sections(tx, UnionId(plan.union_id), plan.id).await?;
    if secs.iter().any(|s| s.id == id) {
        Ok(Some(id))
    } else {
        Err(AppError::field(ErrorCode::NotFound, "section_id", "所选部分不存在或不属于本计划"))
    }
}

fn describe(t: &Target) -> String {
    let how = match t.metric.as_deref().and_then(Metric::parse) {
        Some(m) if t.status != MANUAL => format!("，按“{}”计算", m.label()),
        _ => "，手工填报".to_owned(),
    };
    format!("“{}”{}{}{}{how}", t.sentence, t.comparator, t.value, t.unit)
}

async fn audit(
    tx: &mut Tx,
    p: &Principal,
    org: &Org,
    plan: &Plan,
    action: &str,
    summary: String,
) -> AppResult<()> {
    record(tx, p.actor(), action, format!("work_plan:{}", plan.id), Some((org.id, &org.path)), summary).await
}

/// Confirms, corrects or makes manual a target of the plan.
pub async fn update_target(
    state: &AppState,
    p: &Principal,
    plan_id: Uuid,
    target_id: Uuid,
    i: &TargetInput,
) -> AppResult<Target> {
    let mut tx = state.db.write().await?;
    let (plan, org) = locate(&mut tx, plan_id).await?;
    let mut t = target_of(&mut tx, &plan, target_id).await?;
    let c = check(i, is_federation(&org))?;
    t.comparator = c.comparator.as_str().to_owned();
    t.value = i.value;
    t.unit = c.unit;
    t.metric = c.metric.map(|m| m.as_str().to_owned());
    t.scope = c.scope.as_ref().map(scope_json);
    t.status = c.status.to_owned();
    t.updated_by = p.display_name.clone();
    t.updated_at = crate::now();
    store::plan::plans::update_target(&mut tx, UnionId(org.id), &t).await?;
    audit(
        &mut tx,
        p,
        &org,
        &plan,
        "work_plan.target",
        format!("工作计划“{}”的目标改为{}", plan.title, describe(&t)),
    )
    .await?;
    tx.commit().await?;
    Ok(t)
}

/// Adds a target by hand.
pub async fn add_target(
    state: &AppState,
    p: &Principal,
    plan_id: Uuid,
    i: &TargetInput,
) -> AppResult<Target> {
    let sentence = i.sentence.trim().to_owned();
    if sentence.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "sentence",
            "请填写目标的表述（如“全年举办文体活动不少于10次”）",
        ));
    }
    if sentence.chars().count() > 500 {
        return Err(AppError::field(ErrorCode::TooLong, "sentence", "目标表述不能超过500个字"));
    }
    let mut tx = state.db.write().await?;
    let (plan, org) = locate(&mut tx, plan_id).await?;
    let c = check(i, is_federation(&org))?;
    let section_id = section_of(&mut tx, &plan, i.section_id).await?;
    let u = UnionId(org.id);
    let now = crate::now();
    let t = Target {
        union_id: org.id,
        id: Uuid::now_v7(),
        plan_id: plan.id,
        section_id,
        position: store::plan::plans::next_position(&mut tx, u, plan.id, false).await?,
        sentence,
        comparator: c.comparator.as_str().to_owned(),
        value: i.value,
        unit: c.unit,
        upper: None,
        metric: c.metric.map(|m| m.as_str().to_owned()),
        scope: c.scope.as_ref().map(scope_json),
        status: c.status.to_owned(),
        updated_by: p.display_name.clone(),
        created_at: now,
        updated_at: now,
    };
    store::plan::plans::insert_targets(&mut tx, u, std::slice::from_ref(&t)).await?;
    audit(
        &mut tx,
        p,
        &org,
        &plan,
        "work_plan.target",
        format!("工作计划“{}”增加目标{}", plan.title, describe(&t)),
    )
    .await?;
    tx.commit().await?;
    Ok(t)
}

/// Deletes a target with its typed progress.
pub async fn delete_target(state: &AppState, p: &Principal, plan_id: Uuid, target_id: Uuid) -> AppResult<()> {
    let mut tx = state.db.write().await?;
    let (plan, org) = locate(&mut tx, plan_id).await?;
    let t = target_of(&mut tx, &plan, target_id).await?;
    store::plan::plans::delete_target(&mut tx, UnionId(org.id), t.id).await?;
    audit(
        &mut tx,
        p,
        &org,
        &plan,
        "work_plan.target",
        format!("工作计划“{}”删除目标“{}”", plan.title, t.sentence),
    )
    .await?;
    tx.commit().await.map_err(Into::into)
}

/// A manual target's progress as typed.
#[derive(Debug, Clone, Default)]
pub struct EntryInput {
    pub value: f64,
    pub note: String,
    /// The day the value was true; None: today.
    pub entered_on: Option<NaiveDate>,
}

/// Types a manual target's progress: a new entry (entries are never
/// changed; the latest is the current value).
pub async fn enter(
    state: &AppState,
    p: &Principal,
    plan_id: Uuid,
    target_id: Uuid,
    i: &EntryInput,
) -> AppResult<store::plan::plans::Entry> {
    let today = domain::time::today(crate::now());
    let on = i.entered_on.unwrap_or(today);
    if on > today {
        return Err(AppError::field(ErrorCode::InvalidDate, "entered_on", "填报日期不能晚于今天"));
    }
    if i.note.chars().count() > 500 {
        return Err(AppError::field(ErrorCode::TooLong, "note", "说明不能超过500个字"));
    }
    let mut tx = state.db.write().await?;
    let (plan, org) = locate(&mut tx, plan_id).await?;
    let t = target_of(&mut tx, &plan, target_id).await?;
    if t.status != MANUAL {
        return Err(AppError::field(
            ErrorCode::InvalidTransition,
            "target_id",
            "该目标按指标自动计算，不能手工填报；如需手工填报，请先把它改为手工填报",
        ));
    }
    rules::check(i.value, &t.unit, None, is_federation(&org)).map_err(AppError)?;
    let e = store::plan::plans::Entry {
        union_id: org.id,
        id: Uuid::now_v7(),
        target_id: t.id,
        value: i.value,
        note: i.note.trim().to_owned(),
        entered_on: on,
        entered_by: p.display_name.clone(),
        entered_at: crate::now(),
    };
    store::plan::plans::insert_entry(&mut tx, UnionId(org.id), &e).await?;
    audit(
        &mut tx,
        p,
        &org,
        &plan,
        "work_plan.entry",
        format!("工作计划“{}”的目标“{}”填报进度{}{}（{on}）", plan.title, t.sentence, i.value, t.unit),
    )
    .await?;
    tx.commit().await?;
    Ok(e)
}

/// A task as typed.
#[derive(Debug, Clone, Default)]
pub struct TaskInput {
    pub title: String,
    pub owner: String,
    /// 1–12; None: all year.
    pub month: Option<i32>,
    pub section_id: Option<Uuid>,
}

/// A task of the plan, or 404.
async fn task_of(tx: &mut Tx, plan: &Plan, task_id: Uuid) -> AppResult<Task> {
    store::plan::plans::tasks(tx, UnionId(plan.union_id), plan.id)
        .await?
        .into_iter()
        .find(|t| t.id == task_id)
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "task_id", "该任务不存在或不属于本计划"))
}

/// Adds a task to the plan.
pub async fn add_task(state: &AppState, p: &Principal, plan_id: Uuid, i: &TaskInput) -> AppResult<Task> {
    let title = i.title.trim().to_owned();
    if title.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "title", "请填写任务内容"));
    }
    if title.chars().count() > 200 {
        return Err(AppError::field(ErrorCode::TooLong, "title", "任务内容不能超过200个字"));
    }
    if i.owner.chars().count() > 50 {
        return Err(AppError::field(ErrorCode::TooLong, "owner", "责任人不能超过50个字"));
    }
    if i.month.is_some_and(|m| !(1..=12).contains(&m)) {
        return Err(AppError::field(ErrorCode::InvalidValue, "month", "月份应为1至12，全年任务请留空"));
    }
    let mut tx = state.db.write().await?;
    let (plan, org) = locate(&mut tx, plan_id).await?;
    let section_id = section_of(&mut tx, &plan, i.section_id).await?;
    let u = UnionId(org.id);
    let t = Task {
        union_id: org.id,
        id: Uuid::now_v7(),
        plan_id: plan.id,
        section_id,
        position: store::plan::plans::next_position(&mut tx, u, plan.id, true).await?,
        title,
        owner: i.owner.trim().to_owned(),
        month: i.month,
        done: false,
        note: String::new(),
        done_at: None,
        updated_by: p.display_name.clone(),
        updated_at: crate::now(),
    };
    store::plan::plans::insert_task(&mut tx, u, &t).await?;
    audit(
        &mut tx,
        p,
        &org,
        &plan,
        "work_plan.task",
        format!("工作计划“{}”增加任务“{}”", plan.title, t.title),
    )
    .await?;
    tx.commit().await?;
    Ok(t)
}

/// Marks a task done or not, with a note.
pub async fn set_task(
    state: &AppState,
    p: &Principal,
    plan_id: Uuid,
    task_id: Uuid,
    done: bool,
    note: &str,
) -> AppResult<Task> {
    if note.chars().count() > 500 {
        return Err(AppError::field(ErrorCode::TooLong, "note", "说明不能超过500个字"));
    }
    let mut tx = state.db.write().await?;
    let (plan, org) = locate(&mut tx, plan_id).await?;
    let mut t = task_of(&mut tx, &plan, task_id).await?;
    let now = crate::now();
    t.done_at = if done { t.done_at.filter(|_| t.done).or(Some(now)) } else { None };
    t.done = done;
    t.note = note.trim().to_owned();
    t.updated_by = p.display_name.clone();
    t.updated_at = now;
    store::plan::plans::update_task(&mut tx, UnionId(org.id), &t).await?;
    let state_word = if done { "已完成" } else { "未完成" };
    audit(
        &mut tx,
        p,
        &org,
        &plan,
        "work_plan.task",
        format!("工作计划“{}”的任务“{}”标记为{state_word}", plan.title, t.title),
    )
    .await?;
    tx.commit().await?;
    Ok(t)
}

/// Deletes a task.
pub async fn delete_task(state: &AppState, p: &Principal, plan_id: Uuid, task_id: Uuid) -> AppResult<()> {
    let mut tx = state.db.write().await?;
    let (plan, org) = locate(&mut tx, plan_id).await?;
    let t = task_of(&mut tx, &plan, task_id).await?;
    store::plan::plans::delete_task(&mut tx, UnionId(org.id), t.id).await?;
    audit(
        &mut tx,
        p,
        &org,
        &plan,
        "work_plan.task",
        format!("工作计划“{}”删除任务“{}”", plan.title, t.title),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
