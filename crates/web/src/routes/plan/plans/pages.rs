//! Work-plan pages: the org's plans with the form to paste a new one, one
//! plan with its sections, targets (live progress, the confirm / correct
//! form, typed progress for manual ones) and tasks, and its print view.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::ErrorCode;
use domain::auth::Perm;
use domain::plan::extract::Comparator;
use domain::plan::metric::{Metric, OwnershipScope, Scope};
use domain::plan::target::UNITS;
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Path};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::org::Org;
use app::plan::plans::{self as service, EntryInput, NewPlan, PlanBrief, PlanView, TargetInput, TaskInput};

pub fn base(org_id: Uuid) -> String {
    format!("/orgs/{org_id}/work-plans")
}

/// A number as people write it: 95, 2.5, 40,350.25.
pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_owned();
    }
    // `+ 0.0` turns a rounded -0 (a tiny negative, or 0 ÷ a negative) into 0.
    let r = (v * 100.0).round() / 100.0 + 0.0;
    let s = if r.fract() == 0.0 { format!("{r:.0}") } else { format!("{r:.2}") };
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s };
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

fn with_unit(v: f64, unit: &str) -> String {
    format!("{}{unit}", fmt_num(v))
}

fn half_label(half: Option<i32>) -> &'static str {
    match half {
        Some(1) => "上半年",
        Some(2) => "下半年",
        _ => "全年",
    }
}

async fn layout(state: &AppState, p: &Principal, org: &Org, title: &str) -> Layout {
    Layout::new(state, p, "work_plans", title)
        .await
        .crumb(org.name.clone(), format!("/orgs/{}", org.id))
        .crumb("工作计划", base(org.id))
}

/// The new-plan form as typed.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct PlanForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub half: String,
    #[serde(default)]
    pub text: String,
}

impl PlanForm {
    fn input(&self) -> AppResult<NewPlan> {
        let year = self
            .year
            .trim()
            .parse::<i32>()
            .map_err(|_| AppError::field(ErrorCode::InvalidValue, "year", "请填写年度（如2026）"))?;
        let half = match self.half.trim() {
            "" => None,
            s => Some(s.parse::<i32>().map_err(|_| {
                AppError::field(
                    ErrorCode::InvalidValue,
                    "half",
                    "半年只能是上半年或下半年，全年计划请选“全年”",
                )
            })?),
        };
        Ok(NewPlan { title: self.title.clone(), year, half, text: self.text.clone() })
    }
}

pub struct PlanRow {
    pub id: Uuid,
    pub title: String,
    pub period: String,
    pub targets: i64,
    pub tasks: i64,
    pub created: String,
}

#[derive(Template)]
#[template(path = "plan/plans/list.html")]
struct ListPage {
    layout: Layout,
    org: Org,
    rows: Vec<PlanRow>,
    can_manage: bool,
    form: PlanForm,
    errors: FormErrors,
}

async fn list_page(
    state: &AppState,
    p: &Principal,
    org_id: Uuid,
    form: PlanForm,
    e: Option<AppError>,
) -> PageResult {
    let (org, rows) = service::list(state, org_id).await?;
    let layout = layout(state, p, &org, "工作计划").await;
    let status = e.as_ref().map_or(StatusCode::OK, |e| e.status());
    let rows = rows
        .into_iter()
        .map(|r: PlanBrief| PlanRow {
            id: r.id,
            period: format!("{}年{}", r.year, half_label(r.half)),
            title: r.title,
            targets: r.targets,
            tasks: r.tasks,
            created: format!("{} {}", r.created_by, domain::time::fmt_datetime(r.created_at)),
        })
        .collect();
    Ok(render_status(
        status,
        &ListPage {
            layout,
            can_manage: p.can(Perm::PlanManage, Some(&org.path)),
            org,
            rows,
            form,
            errors: e.as_ref().map(FormErrors::from_error).unwrap_or_default(),
        },
    ))
}

pub async fn list(State(state): State<AppState>, p: Principal, Path(org_id): Path<Uuid>) -> PageResult {
    let year = chrono::Datelike::year(&domain::time::today(app::now()));
    let form = PlanForm { year: year.to_string(), ..PlanForm::default() };
    list_page(&state, &p, org_id, form, None).await
}

pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(org_id): Path<Uuid>,
    body: axum::body::Bytes,
) -> PageResult {
    // Read whole (the route's PASTE_LIMIT) so that a huge paste is answered
    // on the form, naming the text's limit.
    let f: PlanForm =
        serde_urlencoded::from_bytes(&body).map_err(|_| AppError::code(ErrorCode::MalformedForm))?;
    let r = match f.input() {
        Ok(n) => service::create(&state, &p, org_id, &n).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(id) => {
            let msg = "计划已保存，已从正文中读出量化目标，请逐条确认或更正";
            Ok(redirect_with_flash(&state, &p, &format!("/work-plans/{id}"), msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            // A paste far over the limit is not sent back whole: the form
            // keeps its first MAX_CHARS characters, the message says why.
            let mut f = f;
            if let Some((i, _)) = f.text.char_indices().nth(domain::plan::extract::MAX_CHARS) {
                f.text.truncate(i);
            }
            list_page(&state, &p, org_id, f, Some(e)).await
        }
    }
}

/// A target as its card shows it.
pub struct TargetCard {
    pub id: Uuid,
    pub sentence: String,
    /// 不低于95%
    pub goal: String,
    pub comparator: &'static str,
    pub value: String,
    pub unit: String,
    pub metric: String,
    pub metric_label: String,
    pub ownership: String,
    pub min_staff: String,
    pub scope_label: String,
    pub status: String,
    pub pending: bool,
    pub manual: bool,
    pub current: String,
    pub gap: String,
    pub percent: u32,
    /// green | amber | red | none
    pub light: &'static str,
    pub light_label: &'static str,
    pub sparkline: String,
    /// A manual target's entries: (date, value, note, by).
    pub entries: Vec<(String, String, String, String)>,
}

pub fn card(t: &service::TargetView) -> TargetCard {
    let unit = t.row.unit.clone();
    let (percent, light, light_label, gap) = match t.progress {
        Some(p) => {
            let light = match p.light {
                domain::plan::progress::Light::Green => "green",
                domain::plan::progress::Light::Amber => "amber",
                domain::plan::progress::Light::Red => "red",
            };
            ((p.ratio * 100.0).round() as u32, light, p.light.label(), with_unit(p.gap, &unit))
        }
        None => (0, "none", "未计算", "—".to_owned()),
    };
    TargetCard {
        id: t.row.id,
        sentence: t.row.sentence.clone(),
        goal: format!("{}{}", t.comparator.label(), with_unit(t.row.value, &unit)),
        comparator: t.comparator.as_str(),
        value: fmt_num(t.row.value).replace(',', ""),
        metric: t.metric.map(|m| m.as_str().to_owned()).unwrap_or_default(),
        metric_label: match (t.row.status.as_str(), t.metric) {
            (service::MANUAL, _) => "手工填报".to_owned(),
            (_, Some(m)) => m.label().to_owned(),
            _ => "未绑定指标".to_owned(),
        },
        ownership: t.scope.ownership.map(|o| o.as_str().to_owned()).unwrap_or_default(),
        min_staff: t.scope.min_staff.map(|n| n.to_string()).unwrap_or_default(),
        scope_label: t.scope.label(),
        status: t.row.status.clone(),
        pending: t.row.status == service::SUGGESTED,
        manual: t.row.status == service::MANUAL,
        current: t.current.map_or("—".to_owned(), |c| with_unit(c, &unit)),
        gap,
        percent: percent.min(100),
        light,
        light_label,
        sparkline: if t.trend.is_empty() {
            String::new()
        } else {
            crate::charts::sparkline(&t.row.sentence, &t.trend, Some(t.row.value))
        },
        entries: t
            .entries
            .iter()
            .map(|e| {
                (
                    domain::time::fmt_date(e.entered_on),
                    with_unit(e.value, &unit),
                    e.note.clone(),
                    e.entered_by.clone(),
                )
            })
            .collect(),
        unit,
    }
}

pub struct TaskRow {
    pub id: Uuid,
    pub title: String,
    pub owner: String,
    pub month: String,
    pub done: bool,
    pub note: String,
}

pub struct SectionCard {
    pub id: String,
    pub title: String,
    pub targets: Vec<TargetCard>,
    pub tasks: Vec<TaskRow>,
}

/// The plan's sections with their targets and tasks (those outside any
/// section first, under 总体目标).
pub fn section_cards(v: &PlanView) -> Vec<SectionCard> {
    let mut out =
        vec![SectionCard {
            id: String::new(), title: "总体目标".to_owned(), targets: vec![], tasks: vec![]
        }];
    out.extend(v.sections.iter().map(|s| SectionCard {
        id: s.id.to_string(),
        title: s.title.clone(),
        targets: vec![],
        tasks: vec![],
    }));
    let at =
        |id: Option<Uuid>| id.and_then(|id| v.sections.iter().position(|s| s.id == id)).map_or(0, |i| i + 1);
    for t in &v.targets {
        out[at(t.row.section_id)].targets.push(card(t));
    }
    for t in &v.tasks {
        out[at(t.section_id)].tasks.push(TaskRow {
            id: t.id,
            title: t.title.clone(),
            owner: t.owner.clone(),
            month: t.month.map_or("全年".to_owned(), |m| format!("{m}月")),
            done: t.done,
            note: t.note.clone(),
        });
    }
    out.into_iter().filter(|s| !s.targets.is_empty() || !s.tasks.is_empty() || !s.id.is_empty()).collect()
}

#[derive(Template)]
#[template(path = "plan/plans/show.html")]
struct ShowPage {
    layout: Layout,
    org: Org,
    plan_id: Uuid,
    title: String,
    period: String,
    created: String,
    sections: Vec<SectionCard>,
    total: usize,
    pending: usize,
    met: usize,
    can_manage: bool,
    metrics: Vec<(&'static str, String)>,
    comparators: Vec<(&'static str, &'static str)>,
    units: &'static [&'static str],
    ownerships: Vec<(&'static str, &'static str)>,
    section_options: Vec<(String, String)>,
    errors: FormErrors,
    /// The target or task whose form failed.
    failed: String,
}

fn ownerships() -> Vec<(&'static str, &'static str)> {
    use domain::rights::employer::Ownership;
    std::iter::once(OwnershipScope::NonPublic)
        .chain(Ownership::ALL.iter().map(|o| OwnershipScope::Of(*o)))
        .map(|o| (o.as_str(), o.label()))
        .collect()
}

async fn show_page(
    state: &AppState,
    p: &Principal,
    plan_id: Uuid,
    e: Option<(AppError, String)>,
) -> PageResult {
    let v = service::view(state, plan_id).await?;
    let federation = service::is_federation(&v.org);
    let layout = layout(state, p, &v.org, &v.plan.title)
        .await
        .crumb(v.plan.title.clone(), format!("/work-plans/{plan_id}"));
    let status = e.as_ref().map_or(StatusCode::OK, |(e, _)| e.status());
    let page = ShowPage {
        layout,
        plan_id,
        title: v.plan.title.clone(),
        period: v.period.label(),
        created: format!("{} {}", v.plan.created_by, domain::time::fmt_datetime(v.plan.created_at)),
        sections: section_cards(&v),
        total: v.targets.len(),
        pending: v.targets.iter().filter(|t| t.row.status == service::SUGGESTED).count(),
        met: v.targets.iter().filter(|t| t.progress.is_some_and(|p| p.met)).count(),
        can_manage: p.can(Perm::PlanManage, Some(&v.org.path)),
        metrics: Metric::ALL
            .iter()
            .filter(|m| m.applies_to(federation))
            .map(|m| (m.as_str(), format!("{}（{}）", m.label(), m.unit())))
            .collect(),
        comparators: [Comparator::AtLeast, Comparator::AtMost, Comparator::Exactly]
            .iter()
            .map(|c| (c.as_str(), c.label()))
            .collect(),
        units: UNITS,
        ownerships: ownerships(),
        section_options: v.sections.iter().map(|s| (s.id.to_string(), s.title.clone())).collect(),
        errors: e.as_ref().map(|(e, _)| FormErrors::from_error(e)).unwrap_or_default(),
        failed: e.map(|(_, id)| id).unwrap_or_default(),
        org: v.org,
    };
    Ok(render_status(status, &page))
}

pub async fn show(State(state): State<AppState>, p: Principal, Path(plan_id): Path<Uuid>) -> PageResult {
    show_page(&state, &p, plan_id, None).await
}

#[derive(Template)]
#[template(path = "plan/plans/print.html")]
struct PrintPage {
    org: Org,
    plan_id: Uuid,
    title: String,
    period: String,
    today: String,
    sections: Vec<SectionCard>,
}

pub async fn print(State(state): State<AppState>, Path(plan_id): Path<Uuid>) -> PageResult {
    let v = service::view(&state, plan_id).await?;
    Ok(render(&PrintPage {
        plan_id,
        title: v.plan.title.clone(),
        period: v.period.label(),
        today: domain::time::fmt_date(domain::time::today(app::now())),
        sections: section_cards(&v),
        org: v.org,
    }))
}

/// After an edit: back to the plan, or the plan page with the error.
async fn after(
    state: &AppState,
    p: &Principal,
    plan_id: Uuid,
    failed: String,
    r: AppResult<()>,
    msg: &str,
) -> PageResult {
    match r {
        Ok(()) => Ok(redirect_with_flash(state, p, &format!("/work-plans/{plan_id}"), msg).await),
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => show_page(state, p, plan_id, Some((e, failed))).await,
    }
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct DeleteForm {
    /// "1": the officer ticked the confirmation.
    #[serde(default)]
    pub confirm: String,
}

pub async fn delete(
    State(state): State<AppState>,
    p: Principal,
    Path(plan_id): Path<Uuid>,
    PageForm(f): PageForm<DeleteForm>,
) -> PageResult {
    if f.confirm.is_empty() {
        return show_page(&state, &p, plan_id, Some((super::api::unconfirmed(), "delete".to_owned()))).await;
    }
    let org = service::delete(&state, &p, plan_id).await?;
    Ok(redirect_with_flash(&state, &p, &base(org.id), "计划已删除").await)
}

/// The target form as typed.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct TargetForm {
    #[serde(default)]
    pub sentence: String,
    #[serde(default)]
    pub comparator: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub metric: String,
    #[serde(default)]
    pub ownership: String,
    #[serde(default)]
    pub min_staff: String,
    /// "1": manual.
    #[serde(default)]
    pub manual: String,
    #[serde(default)]
    pub section_id: String,
}

fn parse_num(field: &str, what: &str, s: &str) -> AppResult<f64> {
    s.trim()
        .replace([',', '，'], "")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, field, format!("{what}应为数字")))
}

fn parse_id(field: &str, s: &str) -> AppResult<Option<Uuid>> {
    match s.trim() {
        "" => Ok(None),
        s => Uuid::parse_str(s)
            .map(Some)
            .map_err(|_| AppError::field(ErrorCode::NotFound, field, "所选部分不存在或不属于本计划")),
    }
}

impl TargetForm {
    fn input(&self) -> AppResult<TargetInput> {
        let ownership = match self.ownership.trim() {
            "" => None,
            s => Some(
                OwnershipScope::parse(s)
                    .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "scope", "单位类型不存在"))?,
            ),
        };
        let min_staff = match self.min_staff.trim() {
            "" => None,
            s => Some(
                s.parse::<u32>()
                    .map_err(|_| AppError::field(ErrorCode::InvalidValue, "scope", "职工人数下限应为整数"))?,
            ),
        };
        Ok(TargetInput {
            sentence: self.sentence.clone(),
            comparator: self.comparator.clone(),
            value: parse_num("value", "目标值", &self.value)?,
            unit: self.unit.clone(),
            metric: Some(self.metric.clone()),
            scope: Some(Scope { ownership, min_staff }),
            manual: !self.manual.is_empty(),
            section_id: parse_id("section_id", &self.section_id)?,
        })
    }
}

pub async fn update_target(
    State(state): State<AppState>,
    p: Principal,
    Path((plan_id, target_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<TargetForm>,
) -> PageResult {
    let r = match f.input() {
        Ok(i) => service::update_target(&state, &p, plan_id, target_id, &i).await.map(|_| ()),
        Err(e) => Err(e),
    };
    after(&state, &p, plan_id, target_id.to_string(), r, "目标已保存").await
}

pub async fn add_target(
    State(state): State<AppState>,
    p: Principal,
    Path(plan_id): Path<Uuid>,
    PageForm(f): PageForm<TargetForm>,
) -> PageResult {
    let r = match f.input() {
        Ok(i) => service::add_target(&state, &p, plan_id, &i).await.map(|_| ()),
        Err(e) => Err(e),
    };
    after(&state, &p, plan_id, "new-target".to_owned(), r, "目标已增加").await
}

pub async fn delete_target(
    State(state): State<AppState>,
    p: Principal,
    Path((plan_id, target_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let r = service::delete_target(&state, &p, plan_id, target_id).await;
    after(&state, &p, plan_id, target_id.to_string(), r, "目标已删除").await
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct EntryForm {
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub entered_on: String,
}

pub async fn enter(
    State(state): State<AppState>,
    p: Principal,
    Path((plan_id, target_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<EntryForm>,
) -> PageResult {
    let input = || -> AppResult<EntryInput> {
        let entered_on = match f.entered_on.trim() {
            "" => None,
            s => Some(domain::time::parse_date(s).ok_or_else(|| {
                AppError::field(ErrorCode::InvalidDate, "entered_on", "日期格式应为2026-05-31")
            })?),
        };
        Ok(EntryInput { value: parse_num("value", "进度", &f.value)?, note: f.note.clone(), entered_on })
    };
    let r = match input() {
        Ok(i) => service::enter(&state, &p, plan_id, target_id, &i).await.map(|_| ()),
        Err(e) => Err(e),
    };
    after(&state, &p, plan_id, target_id.to_string(), r, "进度已填报").await
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct TaskForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub month: String,
    #[serde(default)]
    pub section_id: String,
}

pub async fn add_task(
    State(state): State<AppState>,
    p: Principal,
    Path(plan_id): Path<Uuid>,
    PageForm(f): PageForm<TaskForm>,
) -> PageResult {
    let input = || -> AppResult<TaskInput> {
        let month = match f.month.trim() {
            "" => None,
            s => Some(s.parse::<i32>().map_err(|_| {
                AppError::field(ErrorCode::InvalidValue, "month", "月份应为1至12，全年任务请留空")
            })?),
        };
        Ok(TaskInput {
            title: f.title.clone(),
            owner: f.owner.clone(),
            month,
            section_id: parse_id("section_id", &f.section_id)?,
        })
    };
    let r = match input() {
        Ok(i) => service::add_task(&state, &p, plan_id, &i).await.map(|_| ()),
        Err(e) => Err(e),
    };
    after(&state, &p, plan_id, "new-task".to_owned(), r, "任务已增加").await
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct TaskStateForm {
    /// "1": done.
    #[serde(default)]
    pub done: String,
    #[serde(default)]
    pub note: String,
}

pub async fn set_task(
    State(state): State<AppState>,
    p: Principal,
    Path((plan_id, task_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<TaskStateForm>,
) -> PageResult {
    let r = service::set_task(&state, &p, plan_id, task_id, !f.done.is_empty(), &f.note).await.map(|_| ());
    after(&state, &p, plan_id, task_id.to_string(), r, "任务已更新").await
}

pub async fn delete_task(
    State(state): State<AppState>,
    p: Principal,
    Path((plan_id, task_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let r = service::delete_task(&state, &p, plan_id, task_id).await;
    after(&state, &p, plan_id, task_id.to_string(), r, "任务已删除").await
}

#[cfg(test)]
mod tests {
    use super::fmt_num;

    #[test]
    fn numbers_as_written() {
        assert_eq!(fmt_num(95.0), "95");
        assert_eq!(fmt_num(2.5), "2.5");
        assert_eq!(fmt_num(40350.25), "40,350.25");
        assert_eq!(fmt_num(-1234567.0), "-1,234,567");
        assert_eq!(fmt_num(0.333), "0.33");
        assert_eq!(fmt_num(-0.0), "0");
        assert_eq!(fmt_num(-0.001), "0");
    }
}
