//! Work plans (工作计划) of an org: the text pasted, its sections, tasks and
//! the targets read from it, each bound to a metric (or manual), with its
//! live progress. The edits of targets and tasks are in [`edit`].

mod edit;

pub use edit::{
    EntryInput, TargetInput, TaskInput, add_target, add_task, delete_target, delete_task, enter, set_task,
    update_target,
};

use chrono::{Datelike, NaiveDate};
use domain::ErrorCode;
use domain::UnionId;
use domain::org::OrgKind;
use domain::plan::extract::{Comparator, MAX_CHARS};
use domain::plan::metric::{Metric, Scope};
use domain::plan::period::Period;
use domain::plan::progress::{Progress, progress};
use domain::plan::{sections, target as rules};
use store::Tx;
use uuid::Uuid;

pub use store::plan::plans::{Entry, Plan, PlanBrief, Section, Target, Task};

use super::metrics::{self, Ask};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::Org;

/// A target's status.
pub const SUGGESTED: &str = "suggested";
pub const CONFIRMED: &str = "confirmed";
pub const MANUAL: &str = "manual";

/// The years a plan may be for.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A plan as pasted.
#[derive(Debug, Clone, Default)]
pub struct NewPlan {
    pub title: String,
    pub year: i32,
    /// None: the whole year; 1 or 2: a half-year.
    pub half: Option<i32>,
    pub text: String,
}

/// The org whose plans these are: a union or a federation (not a group),
/// or 404.
pub async fn load_org(tx: &mut Tx, org_id: Uuid) -> AppResult<Org> {
    let o = store::org::get(tx, org_id).await?.ok_or_else(AppError::not_found)?;
    if o.kind == OrgKind::Group.as_str() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "org_id",
            "工会小组不单独制定工作计划，请在所属工会制定",
        ));
    }
    Ok(o)
}

pub fn is_federation(org: &Org) -> bool {
    org.kind == OrgKind::Federation.as_str()
}

/// The plan's period, or 422 naming `year` or `half`.
pub fn period_of(year: i32, half: Option<i32>) -> AppResult<Period> {
    if !YEARS.contains(&year) {
        return Err(AppError::field(ErrorCode::InvalidValue, "year", "年度应在2000至2100之间"));
    }
    let half = match half {
        None => None,
        Some(h @ (1 | 2)) => Some(h as u8),
        Some(_) => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "half",
                "半年只能是1（上半年）或2（下半年），全年计划请留空",
            ));
        }
    };
    Period::of_plan(year, half).ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "year", "年度不正确"))
}

/// The plan's title and text as checked, and its sections (each with the
/// targets read from it).
fn check_new(n: &NewPlan) -> AppResult<(String, Period, Vec<sections::Section>)> {
    let title = n.title.trim().to_owned();
    if title.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "title", "请填写计划名称"));
    }
    if title.chars().count() > 100 {
        return Err(AppError::field(ErrorCode::TooLong, "title", "计划名称不能超过100个字"));
    }
    let period = period_of(n.year, n.half)?;
    let chars = n.text.chars().count();
    if chars > MAX_CHARS {
        return Err(AppError::field(
            ErrorCode::TooLong,
            "text",
            format!("计划正文不能超过{MAX_CHARS}个字（现有{chars}个字），请分开粘贴或删去无关内容"),
        ));
    }
    if n.text.trim().is_empty() {
        return Err(AppError::field(ErrorCode::Required, "text", "请粘贴计划正文"));
    }
    let parts = sections::split(&n.text);
    if parts.iter().all(|s| s.targets.is_empty()) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "text",
            "没有找到量化目标：请粘贴含有目标数字的计划正文（如“建会率达到95%以上”“全年举办活动不少于10次”）",
        ));
    }
    Ok((title, period, parts))
}

/// Creates a plan from its text: sections and targets read from it, each
/// target suggested with its metric when one applies at the org's level.
/// Nothing is written when the text holds no target.
pub async fn create(state: &AppState, p: &Principal, org_id: Uuid, n: &NewPlan) -> AppResult<Uuid> {
    let (title, period, parts) = check_new(n)?;
    let mut tx = state.db.write().await?;
    let org = load_org(&mut tx, org_id).await?;
    let federation = is_federation(&org);
    let u = UnionId(org_id);
    let now = crate::now();
    let plan = Plan {
        union_id: org_id,
        id: Uuid::now_v7(),
        title,
        year: n.year,
        half: n.half,
        period_from: period.from,
        period_to: period.to,
        body: n.text.clone(),
        created_by: p.display_name.clone(),
        created_at: now,
        updated_at: now,
    };
    store::plan::plans::insert_plan(&mut tx, u, &plan).await?;
    let mut secs = Vec::new();
    let mut targets = Vec::new();
    for (i, s) in parts.into_iter().enumerate() {
        let section_id = (!s.title.is_empty()).then(Uuid::now_v7);
        if let Some(id) = section_id {
            secs.push(Section { union_id: org_id, id, plan_id: plan.id, position: i as i32, title: s.title });
        }
        for c in s.targets {
            let unit = rules::normalise_unit(&c.unit);
            let metric = c.metric.filter(|m| rules::binds(*m, &unit, federation));
            targets.push(Target {
                union_id: org_id,
                id: Uuid::now_v7(),
                plan_id: plan.id,
                section_id,
                position: targets.len() as i32,
                sentence: c.sentence,
                comparator: c.comparator.as_str().to_owned(),
                value: c.value,
                unit,
                upper: c.upper,
                metric: metric.map(|m| m.as_str().to_owned()),
                scope: metric.and(c.scope).filter(|s| !s.is_empty()).map(|s| scope_json(&s)),
                status: SUGGESTED.to_owned(),
                updated_by: p.display_name.clone(),
                created_at: now,
                updated_at: now,
            });
        }
    }
    store::plan::plans::insert_sections(&mut tx, u, &secs).await?;
    store::plan::plans::insert_targets(&mut tx, u, &targets).await?;
    record(
        &mut tx,
        p.actor(),
        "work_plan.create",
        format!("work_plan:{}", plan.id),
        Some((org_id, &org.path)),
        format!("制定工作计划“{}”（{}），读出{}个量化目标", plan.title, period.label(), targets.len()),
    )
    .await?;
    tx.commit().await?;
    Ok(plan.id)
}

pub fn scope_json(s: &Scope) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "{}".to_owned())
}

pub fn scope_of(t: &Target) -> Scope {
    t.scope.as_deref().and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default()
}

/// The org's plans.
pub async fn list(state: &AppState, org_id: Uuid) -> AppResult<(Org, Vec<PlanBrief>)> {
    let mut tx = state.db.read().await?;
    let org = load_org(&mut tx, org_id).await?;
    let rows = store::plan::plans::list_plans(&mut tx, UnionId(org_id)).await?;
    Ok((org, rows))
}

/// A target with its binding read and its progress computed.
#[derive(Debug, Clone)]
pub struct TargetView {
    pub row: Target,
    pub comparator: Comparator,
    pub metric: Option<Metric>,
    pub scope: Scope,
    /// The current value in the target's unit; None when it is not known
    /// (no metric bound, or a manual target with nothing typed).
    pub current: Option<f64>,
    pub progress: Option<Progress>,
    /// The values at the plan's checkpoints (for a manual target: the
    /// entries typed).
    pub trend: Vec<f64>,
    /// A manual target's entries, oldest first.
    pub entries: Vec<Entry>,
}

/// A plan with everything its page shows.
#[derive(Debug, Clone)]
pub struct PlanView {
    pub org: Org,
    pub plan: Plan,
    pub period: Period,
    pub sections: Vec<Section>,
    pub tasks: Vec<Task>,
    pub targets: Vec<TargetView>,
    /// The dates of the trend points.
    pub checkpoints: Vec<NaiveDate>,
}

/// The plan by its id alone (the directory names its org), with the org.
pub async fn locate(tx: &mut Tx, plan_id: Uuid) -> AppResult<(Plan, Org)> {
    let owner = store::directory::owner(tx, store::directory::WORK_PLAN, plan_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let plan = store::plan::plans::get_plan(tx, owner, plan_id).await?.ok_or_else(AppError::not_found)?;
    let org = load_org(tx, owner.0).await?;
    Ok((plan, org))
}

/// One plan with its sections, tasks and targets, each target's current
/// value, progress and trend (the metrics asked in one call).
pub async fn view(state: &AppState, plan_id: Uuid) -> AppResult<PlanView> {
    let mut tx = state.db.read().await?;
    let (plan, org) = locate(&mut tx, plan_id).await?;
    view_in(&mut tx, plan, org).await
}

/// The share of the period passed by `today` (0 to 1).
pub fn elapsed(period: Period, today: NaiveDate) -> f64 {
    let days = (period.to - period.from).num_days() + 1;
    let passed = (today.min(period.to) - period.from).num_days() + 1;
    (passed as f64 / days as f64).clamp(0.0, 1.0)
}

pub async fn view_in(tx: &mut Tx, plan: Plan, org: Org) -> AppResult<PlanView> {
    let u = UnionId(org.id);
    let period = Period { from: plan.period_from, to: plan.period_to };
    let today = domain::time::today(crate::now());
    let checkpoints = period.checkpoints(today);
    let sections = store::plan::plans::sections(tx, u, plan.id).await?;
    let tasks = store::plan::plans::tasks(tx, u, plan.id).await?;
    let rows = store::plan::plans::targets(tx, u, plan.id).await?;
    let mut entries = store::plan::plans::entries(tx, u, plan.id).await?;
    let federation = is_federation(&org);
    let bound = |t: &Target| {
        (t.status != MANUAL)
            .then(|| t.metric.as_deref().and_then(Metric::parse))
            .flatten()
            .filter(|m| rules::binds(*m, &t.unit, federation))
    };
    let asks: Vec<Ask> =
        rows.iter().filter_map(|t| bound(t).map(|metric| Ask { metric, scope: scope_of(t) })).collect();
    let mut values = if asks.is_empty() || checkpoints.is_empty() {
        vec![Vec::new(); asks.len()]
    } else {
        let subject = metrics::subject_in(tx, org.id).await?;
        metrics::values_in(tx, &subject, &asks, period, &checkpoints).await?
    }
    .into_iter();
    let share = elapsed(period, today);
    let mut targets = Vec::with_capacity(rows.len());
    for row in rows {
        let comparator = Comparator::parse(&row.comparator).unwrap_or(Comparator::AtLeast);
        let metric = bound(&row);
        let (mine, rest): (Vec<Entry>, Vec<Entry>) = entries.into_iter().partition(|e| e.target_id == row.id);
        entries = rest;
        let (current, trend) = match metric {
            Some(m) => {
                let f = rules::factor(&row.unit, m).unwrap_or(1.0);
                let trend: Vec<f64> = values.next().unwrap_or_default().into_iter().map(|v| v / f).collect();
                (Some(trend.last().copied().unwrap_or(0.0)), trend)
            }
            None if row.status == MANUAL => {
                (mine.last().map(|e| e.value), mine.iter().map(|e| e.value).collect())
            }
            None => (None, Vec::new()),
        };
        let rate = row.unit == "%";
        let progress = current.map(|c| progress(comparator, row.value, c, share, rate));
        targets.push(TargetView {
            comparator,
            metric: row.metric.as_deref().and_then(Metric::parse),
            scope: scope_of(&row),
            current,
            progress,
            trend,
            entries: mine,
            row,
        });
    }
    Ok(PlanView { org, plan, period, sections, tasks, targets, checkpoints })
}

/// Deletes a plan with its sections, tasks, targets and typed progress.
pub async fn delete(state: &AppState, p: &Principal, plan_id: Uuid) -> AppResult<Org> {
    let mut tx = state.db.write().await?;
    let (plan, org) = locate(&mut tx, plan_id).await?;
    store::plan::plans::delete_plan(&mut tx, UnionId(org.id), plan.id).await?;
    record(
        &mut tx,
        p.actor(),
        "work_plan.delete",
        format!("work_plan:{}", plan.id),
        Some((org.id, &org.path)),
        format!("删除工作计划“{}”", plan.title),
    )
    .await?;
    tx.commit().await?;
    Ok(org)
}

/// The org's plan for the current year, with its live targets (the org
/// page's section).
pub async fn current(state: &AppState, org_id: Uuid) -> AppResult<Option<PlanView>> {
    let mut tx = state.db.read().await?;
    let org = load_org(&mut tx, org_id).await?;
    let year = domain::time::today(crate::now()).year();
    let Some(plan) = store::plan::plans::plan_of_year(&mut tx, UnionId(org_id), year).await? else {
        return Ok(None);
    };
    Ok(Some(view_in(&mut tx, plan, org).await?))
}

/// A plan's sections and targets, as the year-end summary follows them.
#[derive(Debug, Clone)]
pub struct Outline {
    pub plan_id: Uuid,
    pub title: String,
    pub sections: Vec<OutlineSection>,
}

#[derive(Debug, Clone)]
pub struct OutlineSection {
    pub title: String,
    pub targets: Vec<OutlineTarget>,
}

#[derive(Debug, Clone)]
pub struct OutlineTarget {
    pub sentence: String,
    pub comparator: Comparator,
    pub value: f64,
    pub unit: String,
    /// The metric it is bound to (suggested or confirmed); `None` for a
    /// manual target.
    pub metric: Option<Metric>,
    pub scope: Scope,
    /// A manual target's latest typed value.
    pub manual: Option<f64>,
}

/// The outline of the org's plan for `year` (the whole-year plan, else the
/// latest half-year's), if it has one. Targets outside any section come
/// under an untitled section first.
pub async fn outline_in(tx: &mut Tx, org_id: Uuid, year: i32) -> AppResult<Option<Outline>> {
    let u = UnionId(org_id);
    let Some(plan) = store::plan::plans::plan_of_year(tx, u, year).await? else { return Ok(None) };
    let secs = store::plan::plans::sections(tx, u, plan.id).await?;
    let rows = store::plan::plans::targets(tx, u, plan.id).await?;
    let entries = store::plan::plans::entries(tx, u, plan.id).await?;
    let mut out: Vec<(Option<Uuid>, OutlineSection)> =
        vec![(None, OutlineSection { title: String::new(), targets: Vec::new() })];
    out.extend(
        secs.into_iter().map(|s| (Some(s.id), OutlineSection { title: s.title, targets: Vec::new() })),
    );
    for t in rows {
        let manual = t.status == MANUAL;
        let target = OutlineTarget {
            comparator: Comparator::parse(&t.comparator).unwrap_or(Comparator::AtLeast),
            value: t.value,
            metric: if manual { None } else { t.metric.as_deref().and_then(Metric::parse) },
            scope: scope_of(&t),
            manual: if manual {
                entries.iter().rev().find(|e| e.target_id == t.id).map(|e| e.value)
            } else {
                None
            },
            unit: t.unit,
            sentence: t.sentence,
        };
        let at = out.iter().position(|(id, _)| *id == t.section_id).unwrap_or(0);
        out[at].1.targets.push(target);
    }
    let sections =
        out.into_iter().map(|(_, s)| s).filter(|s| !s.title.is_empty() || !s.targets.is_empty()).collect();
    Ok(Some(Outline { plan_id: plan.id, title: plan.title, sections }))
}
