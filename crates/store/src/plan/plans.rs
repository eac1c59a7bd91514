//! Work plans, their sections, tasks, targets and typed progress. Every
//! table's tenant is the org owning the plan (`union_id`, a union or a
//! federation); every query names it first.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

/// One row of `work_plans`.
#[derive(Debug, Clone, FromRow)]
pub struct Plan {
    pub union_id: Uuid,
    pub id: Uuid,
    pub title: String,
    pub year: i32,
    /// None: the whole year; 1 or 2: a half-year.
    pub half: Option<i32>,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub body: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A plan in the org's list, with its counts.
#[derive(Debug, Clone, FromRow)]
pub struct PlanBrief {
    pub id: Uuid,
    pub title: String,
    pub year: i32,
    pub half: Option<i32>,
    pub targets: i64,
    pub tasks: i64,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, FromRow)]
pub struct Section {
    pub union_id: Uuid,
    pub id: Uuid,
    pub plan_id: Uuid,
    pub position: i32,
    pub title: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct Task {
    pub union_id: Uuid,
    pub id: Uuid,
    pub plan_id: Uuid,
    pub section_id: Option<Uuid>,
    pub position: i32,
    pub title: String,
    pub owner: String,
    pub month: Option<i32>,
    pub done: bool,
    pub note: String,
    pub done_at: Option<DateTime<Utc>>,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, FromRow)]
pub struct Target {
    pub union_id: Uuid,
    pub id: Uuid,
    pub plan_id: Uuid,
    pub section_id: Option<Uuid>,
    pub position: i32,
    pub sentence: String,
    /// `domain::plan::extract::Comparator::as_str`.
    pub comparator: String,
    pub value: f64,
    pub unit: String,
    pub upper: Option<f64>,
    /// `domain::plan::metric::Metric::as_str`.
    pub metric: Option<String>,
    /// JSON of `domain::plan::metric::Scope`.
    pub scope: Option<String>,
    /// suggested | confirmed | manual
    pub status: String,
    pub updated_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A manual target's progress as typed.
#[derive(Debug, Clone, FromRow)]
pub struct Entry {
    pub union_id: Uuid,
    pub id: Uuid,
    pub target_id: Uuid,
    pub value: f64,
    pub note: String,
    pub entered_on: NaiveDate,
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
}

const PLAN: &str =
    "union_id, id, title, year, half, period_from, period_to, body, created_by, created_at, updated_at";
const SECTION: &str = "union_id, id, plan_id, position, title";
const TASK: &str = "union_id, id, plan_id, section_id, position, title, owner, month, done, note, done_at, \
    updated_by, updated_at";
const TARGET: &str = "union_id, id, plan_id, section_id, position, sentence, comparator, value, unit, upper, \
    metric, scope, status, updated_by, created_at, updated_at";
const ENTRY: &str = "union_id, id, target_id, value, note, entered_on, entered_by, entered_at";

/// Writes a new plan and its id in the union directory (routes name a plan
/// alone), in the caller's transaction.
#[tracing::instrument(level = "debug", name = "plan::insert_plan", skip_all, fields(union = %u))]
pub async fn insert_plan(tx: &mut Tx, u: UnionId, p: &Plan) -> Result<()> {
    let sql =
        format!("INSERT INTO work_plans ({PLAN}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(u.0)
            .bind(p.id)
            .bind(&p.title)
            .bind(p.year)
            .bind(p.half)
            .bind(p.period_from)
            .bind(p.period_to)
            .bind(&p.body)
            .bind(&p.created_by)
            .bind(p.created_at)
            .bind(p.updated_at)
    )?;
    crate::directory::register(tx, u, crate::directory::WORK_PLAN, p.id).await
}

#[tracing::instrument(level = "debug", name = "plan::insert_sections", skip_all, fields(union = %u, rows = rows.len()))]
pub async fn insert_sections(tx: &mut Tx, u: UnionId, rows: &[Section]) -> Result<()> {
    for chunk in rows.chunks(500) {
        let sql =
            format!("INSERT INTO plan_sections ({SECTION}) VALUES {}", tx.values_list(chunk.len(), 5, 1));
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for s in chunk {
                q = q.bind(u.0).bind(s.id).bind(s.plan_id).bind(s.position).bind(&s.title);
            }
            q
        })?;
    }
    Ok(())
}

/// Writes new targets, many per statement.
#[tracing::instrument(level = "debug", name = "plan::insert_targets", skip_all, fields(union = %u, rows = rows.len()))]
pub async fn insert_targets(tx: &mut Tx, u: UnionId, rows: &[Target]) -> Result<()> {
    for chunk in rows.chunks(200) {
        let sql =
            format!("INSERT INTO plan_targets ({TARGET}) VALUES {}", tx.values_list(chunk.len(), 16, 1));
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for t in chunk {
                q = q
                    .bind(u.0)
                    .bind(t.id)
                    .bind(t.plan_id)
                    .bind(t.section_id)
                    .bind(t.position)
                    .bind(&t.sentence)
                    .bind(&t.comparator)
                    .bind(t.value)
                    .bind(&t.unit)
                    .bind(t.upper)
                    .bind(&t.metric)
                    .bind(&t.scope)
                    .bind(&t.status)
                    .bind(&t.updated_by)
                    .bind(t.created_at)
                    .bind(t.updated_at);
            }
            q
        })?;
    }
    Ok(())
}

/// Writes a target's fields (binding, value, status).
#[tracing::instrument(level = "debug", name = "plan::update_target", skip_all, fields(union = %u))]
pub async fn update_target(tx: &mut Tx, u: UnionId, t: &Target) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE plan_targets SET comparator = $3, value = $4, unit = $5, metric = $6, scope = $7, status = $8, \
             updated_by = $9, updated_at = $10 WHERE union_id = $1 AND id = $2"
        )
        .bind(u.0)
        .bind(t.id)
        .bind(&t.comparator)
        .bind(t.value)
        .bind(&t.unit)
        .bind(&t.metric)
        .bind(&t.scope)
        .bind(&t.status)
        .bind(&t.updated_by)
        .bind(t.updated_at)
    )?;
    Ok(())
}

/// Removes a target and its typed entries.
#[tracing::instrument(level = "debug", name = "plan::delete_target", skip_all, fields(union = %u))]
pub async fn delete_target(tx: &mut Tx, u: UnionId, id: Uuid) -> Result<()> {
    exec!(
        tx,
        sqlx::query("DELETE FROM plan_target_entries WHERE union_id = $1 AND target_id = $2")
            .bind(u.0)
            .bind(id)
    )?;
    exec!(tx, sqlx::query("DELETE FROM plan_targets WHERE union_id = $1 AND id = $2").bind(u.0).bind(id))?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "plan::insert_entry", skip_all, fields(union = %u))]
pub async fn insert_entry(tx: &mut Tx, u: UnionId, e: &Entry) -> Result<()> {
    let sql = format!("INSERT INTO plan_target_entries ({ENTRY}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(u.0)
            .bind(e.id)
            .bind(e.target_id)
            .bind(e.value)
            .bind(&e.note)
            .bind(e.entered_on)
            .bind(&e.entered_by)
            .bind(e.entered_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "plan::insert_task", skip_all, fields(union = %u))]
pub async fn insert_task(tx: &mut Tx, u: UnionId, t: &Task) -> Result<()> {
    let sql = format!(
        "INSERT INTO plan_tasks ({TASK}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(u.0)
            .bind(t.id)
            .bind(t.plan_id)
            .bind(t.section_id)
            .bind(t.position)
            .bind(&t.title)
            .bind(&t.owner)
            .bind(t.month)
            .bind(t.done)
            .bind(&t.note)
            .bind(t.done_at)
            .bind(&t.updated_by)
            .bind(t.updated_at)
    )?;
    Ok(())
}

/// Marks a task done or not, with its note.
#[tracing::instrument(level = "debug", name = "plan::update_task", skip_all, fields(union = %u))]
pub async fn update_task(tx: &mut Tx, u: UnionId, t: &Task) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE plan_tasks SET done = $3, note = $4, done_at = $5, updated_by = $6, updated_at = $7 \
             WHERE union_id = $1 AND id = $2"
        )
        .bind(u.0)
        .bind(t.id)
        .bind(t.done)
        .bind(&t.note)
        .bind(t.done_at)
        .bind(&t.updated_by)
        .bind(t.updated_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "plan::delete_task", skip_all, fields(union = %u))]
pub async fn delete_task(tx: &mut Tx, u: UnionId, id: Uuid) -> Result<()> {
    exec!(tx, sqlx::query("DELETE FROM plan_tasks WHERE union_id = $1 AND id = $2").bind(u.0).bind(id))?;
    Ok(())
}

/// Removes a plan with everything in it, and its directory row.
#[tracing::instrument(level = "debug", name = "plan::delete_plan", skip_all, fields(union = %u))]
pub async fn delete_plan(tx: &mut Tx, u: UnionId, id: Uuid) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "DELETE FROM plan_target_entries WHERE union_id = $1 AND target_id IN \
             (SELECT id FROM plan_targets WHERE union_id = $1 AND plan_id = $2)"
        )
        .bind(u.0)
        .bind(id)
    )?;
    for table in ["plan_targets", "plan_tasks", "plan_sections"] {
        let sql = format!("DELETE FROM {table} WHERE union_id = $1 AND plan_id = $2");
        exec!(tx, sqlx::query(&sql).bind(u.0).bind(id))?;
    }
    exec!(tx, sqlx::query("DELETE FROM work_plans WHERE union_id = $1 AND id = $2").bind(u.0).bind(id))?;
    exec!(
        tx,
        sqlx::query("DELETE FROM union_directory WHERE id = $1 AND kind = $2")
            .bind(id)
            .bind(crate::directory::WORK_PLAN)
    )?;
    Ok(())
}

/// The org's plans, the latest year first.
#[tracing::instrument(level = "debug", name = "plan::list_plans", skip_all, fields(union = %u))]
pub async fn list_plans(tx: &mut Tx, u: UnionId) -> Result<Vec<PlanBrief>> {
    on!(tx, c => sqlx::query_as(
        "SELECT p.id, p.title, p.year, p.half, \
         (SELECT COUNT(*) FROM plan_targets t WHERE t.union_id = p.union_id AND t.plan_id = p.id) AS targets, \
         (SELECT COUNT(*) FROM plan_tasks k WHERE k.union_id = p.union_id AND k.plan_id = p.id) AS tasks, \
         p.created_by, p.created_at \
         FROM work_plans p WHERE p.union_id = $1 ORDER BY p.year DESC, p.half, p.created_at DESC")
        .bind(u.0).fetch_all(c).await)
}

#[tracing::instrument(level = "debug", name = "plan::get_plan", skip_all, fields(union = %u))]
pub async fn get_plan(tx: &mut Tx, u: UnionId, id: Uuid) -> Result<Option<Plan>> {
    let sql = format!("SELECT {PLAN} FROM work_plans WHERE union_id = $1 AND id = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(u.0).bind(id).fetch_optional(c).await)
}

/// The org's plan for `year`: the whole-year plan, else the latest
/// half-year's; the newest of several.
#[tracing::instrument(level = "debug", name = "plan::plan_of_year", skip_all, fields(union = %u))]
pub async fn plan_of_year(tx: &mut Tx, u: UnionId, year: i32) -> Result<Option<Plan>> {
    let sql = format!(
        "SELECT {PLAN} FROM work_plans WHERE union_id = $1 AND year = $2 \
         ORDER BY CASE WHEN half IS NULL THEN 0 ELSE 1 END, half DESC, created_at DESC LIMIT 1"
    );
    on!(tx, c => sqlx::query_as(&sql).bind(u.0).bind(year).fetch_optional(c).await)
}

#[tracing::instrument(level = "debug", name = "plan::sections", skip_all, fields(union = %u))]
pub async fn sections(tx: &mut Tx, u: UnionId, plan: Uuid) -> Result<Vec<Section>> {
    let sql =
        format!("SELECT {SECTION} FROM plan_sections WHERE union_id = $1 AND plan_id = $2 ORDER BY position");
    on!(tx, c => sqlx::query_as(&sql).bind(u.0).bind(plan).fetch_all(c).await)
}

#[tracing::instrument(level = "debug", name = "plan::targets", skip_all, fields(union = %u))]
pub async fn targets(tx: &mut Tx, u: UnionId, plan: Uuid) -> Result<Vec<Target>> {
    let sql = format!(
        "SELECT {TARGET} FROM plan_targets WHERE union_id = $1 AND plan_id = $2 ORDER BY position, id"
    );
    on!(tx, c => sqlx::query_as(&sql).bind(u.0).bind(plan).fetch_all(c).await)
}

#[tracing::instrument(level = "debug", name = "plan::tasks", skip_all, fields(union = %u))]
pub async fn tasks(tx: &mut Tx, u: UnionId, plan: Uuid) -> Result<Vec<Task>> {
    let sql =
        format!("SELECT {TASK} FROM plan_tasks WHERE union_id = $1 AND plan_id = $2 ORDER BY position, id");
    on!(tx, c => sqlx::query_as(&sql).bind(u.0).bind(plan).fetch_all(c).await)
}

/// The typed entries of a plan's targets, oldest first.
#[tracing::instrument(level = "debug", name = "plan::entries", skip_all, fields(union = %u))]
pub async fn entries(tx: &mut Tx, u: UnionId, plan: Uuid) -> Result<Vec<Entry>> {
    on!(tx, c => sqlx::query_as(
        "SELECT e.union_id, e.id, e.target_id, e.value, e.note, e.entered_on, e.entered_by, e.entered_at \
         FROM plan_target_entries e JOIN plan_targets t ON t.union_id = e.union_id AND t.id = e.target_id \
         WHERE e.union_id = $1 AND t.plan_id = $2 ORDER BY e.entered_on, e.entered_at, e.id")
        .bind(u.0).bind(plan).fetch_all(c).await)
}

/// The next position after the plan's last target or task.
#[tracing::instrument(level = "debug", name = "plan::next_position", skip_all, fields(union = %u))]
pub async fn next_position(tx: &mut Tx, u: UnionId, plan: Uuid, tasks: bool) -> Result<i32> {
    let table = if tasks { "plan_tasks" } else { "plan_targets" };
    let sql = format!("SELECT MAX(position) FROM {table} WHERE union_id = $1 AND plan_id = $2");
    let max: Option<i32> = on!(tx, c => sqlx::query_scalar(&sql).bind(u.0).bind(plan).fetch_one(c).await)?;
    Ok(max.map_or(0, |m| m + 1))
}
