//! Reading cases: one case with everything on it, the union's list with
//! each case's clock, the yearly report (成功调解率, counts by type), the
//! list as spreadsheet rows, and what a new case takes from a petition.

use chrono::{Datelike, NaiveDate};
use domain::UnionId;
use domain::rights::mediation::{
    Clock, DisputeType, MediationSettings, MediationStats, Status, stats, stats_by_type,
};
use store::rights::mediation as db;
use uuid::Uuid;

use super::{
    Applicant, Case, Claim, Filter, Listed, LogEntry, Seat, Session, clock_of, load, status_of, today,
};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::org::load_union;
use crate::rights::settings;

/// A case with its parts and its clock today.
#[derive(Debug, Clone)]
pub struct CaseView {
    pub case: Case,
    pub union_name: String,
    pub applicants: Vec<Applicant>,
    pub claims: Vec<Claim>,
    pub sessions: Vec<Session>,
    pub log: Vec<LogEntry>,
    pub mediator: Option<Seat>,
    /// The sitting committee (to choose a mediator).
    pub committee: Vec<Seat>,
    pub clock: Clock,
    pub settings: MediationSettings,
}

pub async fn get(state: &AppState, case_id: Uuid) -> AppResult<CaseView> {
    let mut tx = state.db.read().await?;
    let (case, union) = load(&mut tx, case_id).await?;
    let u = UnionId(case.union_id);
    let s = settings::load(&mut tx, case.union_id).await?.mediation;
    let applicants = db::applicants(&mut tx, u, case.id).await?;
    let claims = db::claims(&mut tx, u, case.id).await?;
    let sessions = db::sessions(&mut tx, u, case.id).await?;
    let log = db::log_of(&mut tx, u, case.id).await?;
    let seats = db::committee(&mut tx, u).await?;
    let mediator = case.mediator_id.and_then(|m| seats.iter().find(|s| s.id == m).cloned());
    let committee = seats.into_iter().filter(|s| s.left_on.is_none()).collect();
    Ok(CaseView {
        clock: clock_of(&case, today(), &s),
        case,
        union_name: union.name,
        applicants,
        claims,
        sessions,
        log,
        mediator,
        committee,
        settings: s,
    })
}

/// The union's cases by the filter, each with its clock today.
pub async fn list(state: &AppState, union_id: Uuid, f: &Filter) -> AppResult<Vec<(Listed, Clock)>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let s = settings::load(&mut tx, union_id).await?.mediation;
    let rows = db::list(&mut tx, UnionId(union_id), f).await?;
    let at = today();
    Ok(rows
        .into_iter()
        .map(|r| {
            let c = clock_of(&r.case, at, &s);
            (r, c)
        })
        .collect())
}

/// The filter of a list from its query: status (or `overdue` for
/// applications undecided past their deadline), dispute type, year.
pub fn filter(status: Option<&str>, dispute_type: Option<&str>, year: Option<i32>) -> AppResult<Filter> {
    let mut f = Filter::default();
    match status.map(str::trim).filter(|s| !s.is_empty()) {
        None => {}
        Some("overdue") => f.overdue_on = Some(today()),
        Some(s) => {
            let st = Status::parse(s).ok_or_else(|| {
                AppError::field(
                    domain::ErrorCode::InvalidValue,
                    "status",
                    "状态须为 applied、accepted、refused、agreed、withdrawn、referred 或 overdue",
                )
            })?;
            f.status = Some(st.as_str().to_owned());
        }
    }
    if let Some(t) = dispute_type.map(str::trim).filter(|s| !s.is_empty()) {
        let t = DisputeType::parse(t).ok_or_else(|| {
            AppError::field(domain::ErrorCode::InvalidValue, "dispute_type", "争议类型不正确")
        })?;
        f.dispute_type = Some(t.as_str().to_owned());
    }
    if let Some(y) = year {
        let (from, to) = year_bounds(y)?;
        f.from = Some(from);
        f.to = Some(to);
    }
    Ok(f)
}

fn year_bounds(year: i32) -> AppResult<(NaiveDate, NaiveDate)> {
    let bad = || AppError::field(domain::ErrorCode::InvalidValue, "year", "年份应在2000至2100之间");
    if !(2000..=2100).contains(&year) {
        return Err(bad());
    }
    let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad)?;
    let to = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(bad)?;
    Ok((from, to))
}

/// The year's report: every case applied for in it, and by dispute type.
#[derive(Debug, Clone)]
pub struct Report {
    pub union_name: String,
    pub year: i32,
    pub stats: MediationStats,
    pub by_type: Vec<(DisputeType, MediationStats)>,
}

pub async fn report(state: &AppState, union_id: Uuid, year: Option<i32>) -> AppResult<Report> {
    let year = year.unwrap_or_else(|| today().year());
    let (from, to) = year_bounds(year)?;
    let mut tx = state.db.read().await?;
    let union = load_union(&mut tx, union_id).await?;
    let rows = db::statuses(&mut tx, UnionId(union_id), from, to).await?;
    let typed: Vec<(DisputeType, Status)> = rows
        .iter()
        .map(|(t, s)| {
            (DisputeType::parse(t).unwrap_or(DisputeType::Other), Status::parse(s).unwrap_or(Status::Applied))
        })
        .collect();
    let all: Vec<Status> = typed.iter().map(|(_, s)| *s).collect();
    Ok(Report { union_name: union.name, year, stats: stats(&all), by_type: stats_by_type(&typed) })
}

/// The headers of the case list.
pub const HEADERS: [&str; 11] = [
    "编号",
    "申请日期",
    "争议类型",
    "申请人",
    "被申请人",
    "请求金额（元）",
    "状态",
    "受理日期",
    "调解期限",
    "结案日期",
    "可申请仲裁",
];

/// The applicants of a listed case as one cell: 张三 or 张三等12人.
pub fn applicants_text(r: &Listed) -> String {
    match (&r.first_applicant, r.applicants) {
        (Some(n), 1) => n.clone(),
        (Some(n), k) => format!("{n}等{k}人"),
        (None, _) => String::new(),
    }
}

/// The list as spreadsheet rows, with the union's name.
pub async fn sheet(state: &AppState, union_id: Uuid, f: &Filter) -> AppResult<(String, Vec<Vec<String>>)> {
    let union = crate::org::union(state, union_id).await?;
    let rows = list(state, union_id, f).await?;
    let fmt = domain::time::fmt_date;
    let rows = rows
        .into_iter()
        .map(|(r, c)| {
            let c_ = &r.case;
            vec![
                format!("第{}号", c_.number),
                fmt(c_.applied_on),
                DisputeType::parse(&c_.dispute_type).map_or("", |t| t.label()).to_owned(),
                applicants_text(&r),
                c_.respondent.clone(),
                domain::finance::money::fmt_yuan(c_.claimed_fen),
                status_of(c_).label().to_owned(),
                c_.accepted_on.map(fmt).unwrap_or_default(),
                c.mediation_due.map(fmt).unwrap_or_default(),
                c_.closed_on.map(fmt).unwrap_or_default(),
                if c.referable { "是" } else { "否" }.to_owned(),
            ]
        })
        .collect();
    Ok((union.name, rows))
}

/// What a new case takes from a petition: its subject and content as the
/// facts, the writer's name (never for an anonymous petition, which stores
/// none) and member link. 404 for another union's petition; a conflict
/// when it was turned into something already.
#[derive(Debug, Clone)]
pub struct Prefill {
    pub petition_id: Uuid,
    pub number: i64,
    pub facts: String,
    pub applicant: Option<String>,
    pub member_id: Option<Uuid>,
    pub received_on: NaiveDate,
}

pub async fn prefill(state: &AppState, union_id: Uuid, petition_id: Uuid) -> AppResult<Prefill> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let src = db::petition_source(&mut tx, UnionId(union_id), petition_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if src.turned_into_kind.is_some() {
        return Err(AppError::field(
            domain::ErrorCode::Conflict,
            "petition_id",
            format!("第{}号来信已转办，不能再转为调解案件", src.number),
        ));
    }
    let (applicant, member_id) =
        if src.anonymous { (None, None) } else { (src.writer_name.clone(), src.writer_member_id) };
    Ok(Prefill {
        petition_id: src.id,
        number: src.number,
        facts: format!("{}\n\n{}", src.subject, src.content),
        applicant,
        member_id,
        received_on: src.received_on,
    })
}
