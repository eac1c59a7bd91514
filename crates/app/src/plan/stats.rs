//! The annual statistics (年报) of a federation's subtree: the standard
//! tables computed from the records, per child org and in total.
//!
//! The counts (unions by ownership, members, staff, 联合工会, delegates) are
//! a handful of GROUP BY queries over the whole subtree (store::plan::stats,
//! one row per union), rolled up here per child by path. The register-based
//! rates (建会率, 入会率, 集体合同 and workers covered) are the rights
//! statistics (`app::rights::stats::compute`) of the subtree and of each
//! child federation: registers are kept by federations, so a union directly
//! below the root has no rates of its own (its employers are counted in the
//! total through the register that lists them).
//!
//! The pages run the roll-up as a job with progress ([`start`], [`job`]);
//! the API answers it directly ([`report`]).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use domain::org::EmployerType;
use domain::plan::annual::{Counts, UnionFacts, check_year, child_key, classify};
use domain::rights::employer::{EmployerRates, Ownership};
use domain::rights::stats::as_of;
use serde::Serialize;
use store::Tx;
use uuid::Uuid;

use crate::AppState;
use crate::error::{AppError, AppResult};

/// One row of the tables: a child org's subtree, or the total.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub org_id: Uuid,
    pub name: String,
    /// federation | union
    pub kind: String,
    pub counts: Counts,
    /// The register-based rates; None for a union below the root.
    pub rates: Option<EmployerRates>,
}

/// The annual statistics of an org for a year.
#[derive(Debug, Clone, Serialize)]
pub struct AnnualStats {
    pub org_id: Uuid,
    pub org_name: String,
    pub federation: bool,
    pub year: i32,
    /// The day the figures stand at: the year's end, or today in the
    /// current year.
    pub as_of: NaiveDate,
    /// One per child org (federations and unions directly below), by path.
    pub rows: Vec<Row>,
    pub total: Row,
}

/// Steps done and to do, for the progress bar.
#[derive(Debug, Default)]
pub struct Progress {
    pub done: AtomicUsize,
    pub total: AtomicUsize,
}

impl Progress {
    fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

/// The statistics of `org_id` for `year` (the API): 422 on `year`
/// outside 2000..=this year, 404 for an unknown org.
pub async fn report(state: &AppState, org_id: Uuid, year: Option<i32>) -> AppResult<AnnualStats> {
    let today = domain::time::today(store::now());
    let year = check_year(year, today)?;
    let mut tx = state.db.read().await?;
    compute(&mut tx, org_id, year, today, &Progress::default()).await
}

/// The queries the roll-up runs before the per-child rates.
const BASE_STEPS: usize = 7;

/// The statistics in the caller's transaction, counting steps in
/// `progress`.
pub async fn compute(
    tx: &mut Tx,
    org_id: Uuid,
    year: i32,
    today: NaiveDate,
    progress: &Progress,
) -> AppResult<AnnualStats> {
    let org = store::org::get(tx, org_id).await?.ok_or_else(AppError::not_found)?;
    let federation = org.kind == "federation";
    if !federation && org.kind != "union" {
        return Err(AppError::not_found());
    }
    let end = as_of(year, today);
    let (lo, hi) = (org.path.clone(), domain::org::subtree_upper_bound(&org.path));
    let children = if federation { store::plan::stats::children(tx, org_id).await? } else { Vec::new() };
    let child_feds = children.iter().filter(|c| c.kind == "federation").count();
    progress.total.store(BASE_STEPS + child_feds, Ordering::Relaxed);
    progress.step();

    let unions = store::plan::stats::unions(tx, &lo, &hi).await?;
    progress.step();
    let mut facts: HashMap<Uuid, UnionFacts> = HashMap::with_capacity(unions.len());
    let mut registered: HashMap<Uuid, Vec<Ownership>> = HashMap::new();
    for (u, ownership, n) in store::plan::stats::covered(tx, &lo, &hi).await? {
        facts.entry(u).or_default().units_covered += n.max(0) as u64;
        if let Some(o) = Ownership::parse(&ownership) {
            registered.entry(u).or_default().push(o);
        }
    }
    progress.step();
    for m in store::plan::stats::members(tx, &lo, &hi, end).await? {
        let f = facts.entry(m.union_id).or_default();
        f.members = m.members.max(0) as u64;
        f.women = m.women.max(0) as u64;
        f.migrant_workers = m.migrant_workers.max(0) as u64;
    }
    progress.step();
    for (u, full, part) in store::plan::stats::staff(tx, &lo, &hi, end).await? {
        let f = facts.entry(u).or_default();
        f.full_time_staff = full.max(0) as u64;
        f.part_time_staff = part.max(0) as u64;
    }
    progress.step();
    for (u, n, women) in store::plan::stats::delegates(tx, &lo, &hi, end).await? {
        let f = facts.entry(u).or_default();
        f.delegates = n.max(0) as u64;
        f.delegate_women = women.max(0) as u64;
    }
    progress.step();

    let mut rows: Vec<Row> = children
        .iter()
        .map(|c| Row {
            org_id: c.id,
            name: c.name.clone(),
            kind: c.kind.clone(),
            counts: Counts::default(),
            rates: None,
        })
        .collect();
    let index: HashMap<&str, usize> =
        children.iter().enumerate().map(|(i, c)| (c.path.as_str(), i)).collect();
    let mut total = Counts::default();
    let mut counted: HashMap<Uuid, i64> = HashMap::with_capacity(unions.len());
    for u in &unions {
        let mut f = facts.remove(&u.id).unwrap_or_default();
        counted.insert(u.id, i64::try_from(f.members).unwrap_or(i64::MAX));
        let types = u.employer_type.as_deref().and_then(EmployerType::parse);
        f.class = Some(classify(registered.get(&u.id).map_or(&[][..], Vec::as_slice), types));
        let c = Counts::of_union(&f);
        total.add(&c);
        if let Some(i) = child_key(&org.path, &u.path).and_then(|k| index.get(k)) {
            rows[*i].counts.add(&c);
        }
    }

    // The rates reuse the members counted above (every union of the
    // subtree, 0 for one without members) instead of counting them again
    // for the total and each child federation.
    let rates = crate::rights::stats::compute_with;
    let total_rates = rates(tx, &org.path, year, today, Some(&counted)).await?.employers;
    progress.step();
    for (row, child) in rows.iter_mut().zip(&children) {
        if child.kind == "federation" {
            row.rates = Some(rates(tx, &child.path, year, today, Some(&counted)).await?.employers);
            progress.step();
        }
    }
    Ok(AnnualStats {
        org_id,
        org_name: org.name.clone(),
        federation,
        year,
        as_of: end,
        rows,
        total: Row {
            org_id,
            name: "合计".to_owned(),
            kind: org.kind,
            counts: total,
            rates: Some(total_rates),
        },
    })
}

/// A roll-up started from the pages.
#[derive(Clone)]
pub enum JobState {
    Running,
    Finished(Arc<AnnualStats>),
    Failed(String),
}

struct Job {
    started: Instant,
    progress: Arc<Progress>,
    state: JobState,
}

/// Roll-ups by (org, year). A finished one is reused for ten minutes, so
/// the officer's reloads and the export read it instead of counting again.
static JOBS: LazyLock<Mutex<HashMap<(Uuid, i32), Job>>> = LazyLock::new(Default::default);
const KEEP: Duration = Duration::from_secs(600);
/// Most roll-ups kept: the oldest finished ones make room.
const MAX_JOBS: usize = 64;

/// A snapshot of a job: its state and (done, total) steps.
pub struct JobView {
    pub year: i32,
    pub state: JobState,
    pub done: usize,
    pub total: usize,
}

impl JobView {
    /// The bar's fill, 0–100.
    pub fn percent(&self) -> usize {
        (self.done * 100).checked_div(self.total).unwrap_or(0).min(100)
    }
}

fn view(year: i32, j: &Job) -> JobView {
    JobView {
        year,
        state: j.state.clone(),
        done: j.progress.done.load(Ordering::Relaxed),
        total: j.progress.total.load(Ordering::Relaxed).max(1),
    }
}

/// Starts the roll-up of `org_id` for `year` in the background, or reuses
/// the one running or recently finished (`fresh`: count again unless one
/// is running). 422 on `year`, 404 for an unknown org, before anything runs.
pub async fn start(state: &AppState, org_id: Uuid, year: Option<i32>, fresh: bool) -> AppResult<JobView> {
    let today = domain::time::today(store::now());
    let year = check_year(year, today)?;
    {
        let mut tx = state.db.read().await?;
        let org = store::org::get(&mut tx, org_id).await?.ok_or_else(AppError::not_found)?;
        if org.kind == "group" {
            return Err(AppError::not_found());
        }
    }
    let key = (org_id, year);
    let progress = {
        let mut jobs = JOBS.lock().expect("stats jobs lock");
        jobs.retain(|_, j| matches!(j.state, JobState::Running) || j.started.elapsed() < KEEP);
        if let Some(j) = jobs.get(&key) {
            let reuse =
                matches!(j.state, JobState::Running) || (!fresh && matches!(j.state, JobState::Finished(_)));
            if reuse {
                return Ok(view(year, j));
            }
        }
        while jobs.len() >= MAX_JOBS {
            let oldest = jobs
                .iter()
                .filter(|(_, j)| !matches!(j.state, JobState::Running))
                .min_by_key(|(_, j)| j.started)
                .map(|(k, _)| *k);
            match oldest {
                Some(k) => jobs.remove(&k),
                None => break,
            };
        }
        let progress = Arc::new(Progress::default());
        jobs.insert(
            key,
            Job { started: Instant::now(), progress: Arc::clone(&progress), state: JobState::Running },
        );
        progress
    };
    let db = state.clone();
    let p = Arc::clone(&progress);
    tokio::spawn(async move {
        let result = async {
            let mut tx = db.db.read().await?;
            compute(&mut tx, org_id, year, today, &p).await
        }
        .await;
        let mut jobs = JOBS.lock().expect("stats jobs lock");
        if let Some(j) = jobs.get_mut(&key) {
            j.state = match result {
                Ok(s) => JobState::Finished(Arc::new(s)),
                Err(e) => JobState::Failed(e.0.message),
            };
        }
    });
    let jobs = JOBS.lock().expect("stats jobs lock");
    Ok(jobs.get(&key).map(|j| view(year, j)).unwrap_or(JobView {
        year,
        state: JobState::Running,
        done: 0,
        total: 1,
    }))
}

/// The finished statistics for the export: the job's when it has finished,
/// else counted now.
pub async fn finished_or_report(
    state: &AppState,
    org_id: Uuid,
    year: Option<i32>,
) -> AppResult<Arc<AnnualStats>> {
    let today = domain::time::today(store::now());
    let y = check_year(year, today)?;
    let done = {
        let jobs = JOBS.lock().expect("stats jobs lock");
        jobs.get(&(org_id, y)).and_then(|j| match &j.state {
            JobState::Finished(s) if j.started.elapsed() < KEEP => Some(Arc::clone(s)),
            _ => None,
        })
    };
    match done {
        Some(s) => Ok(s),
        None => Ok(Arc::new(report(state, org_id, Some(y)).await?)),
    }
}

/// One table of the statistics as pages and the workbook show it: its
/// name, headers, and rows (the child org to drill down to, its cells),
/// the 合计 row last.
pub struct Table {
    pub name: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<(Option<Uuid>, Vec<String>)>,
}

fn rate(r: Option<&EmployerRates>, f: impl Fn(&EmployerRates) -> domain::ratio::Ratio) -> String {
    r.map_or_else(|| "—".to_owned(), |r| f(r).display())
}

/// The standard tables: 基层工会数 by ownership; 会员 and 联合工会; union
/// staff and congress delegates; 建会, 入会 and collective contracts.
pub fn tables(s: &AnnualStats) -> Vec<Table> {
    use domain::plan::annual::UnionClass;
    let all: Vec<&Row> = s.rows.iter().chain(std::iter::once(&s.total)).collect();
    let link = |r: &Row| if r.org_id == s.org_id { None } else { Some(r.org_id) };
    let table = |name, headers: Vec<&'static str>, cells: &dyn Fn(&Row) -> Vec<String>| Table {
        name,
        headers,
        rows: all
            .iter()
            .map(|r| {
                let mut row = vec![r.name.clone()];
                row.extend(cells(r));
                (link(r), row)
            })
            .collect(),
    };
    let mut unions_headers = vec!["单位", "基层工会数"];
    unions_headers.extend(UnionClass::ALL.iter().map(|c| c.label()));
    vec![
        table("基层工会数", unions_headers, &|r| {
            let c = &r.counts;
            let mut v = vec![c.unions.to_string()];
            v.extend(UnionClass::ALL.iter().map(|k| c.of_class(*k).to_string()));
            v
        }),
        table(
            "会员和联合工会",
            vec!["单位", "会员数", "女会员", "农民工会员", "联合工会数", "联合工会覆盖单位", "联合工会会员"],
            &|r| {
                let c = &r.counts;
                [c.members, c.women, c.migrant_workers, c.joint_unions, c.joint_units, c.joint_members]
                    .iter()
                    .map(u64::to_string)
                    .collect()
            },
        ),
        table(
            "工会干部和职代会代表",
            vec!["单位", "专职工会干部", "兼职工会干部", "职代会代表", "女代表"],
            &|r| {
                let c = &r.counts;
                [c.full_time_staff, c.part_time_staff, c.delegates, c.delegate_women]
                    .iter()
                    .map(u64::to_string)
                    .collect()
            },
        ),
        table(
            "建会率入会率和集体合同",
            vec!["单位", "建会率", "入会率", "集体合同签订率", "签订集体合同单位", "集体合同覆盖职工"],
            &|r| {
                let x = r.rates.as_ref();
                vec![
                    rate(x, |e| e.unionisation),
                    rate(x, |e| e.membership),
                    rate(x, |e| e.contract),
                    x.map_or_else(|| "—".to_owned(), |e| e.contract.numerator.to_string()),
                    x.map_or_else(|| "—".to_owned(), |e| e.workers_covered.to_string()),
                ]
            },
        ),
    ]
}

/// The workbook an officer hands up: one sheet per table, each with the
/// title, the org, the year and the day the figures stand at.
pub async fn xlsx(s: &AnnualStats) -> AppResult<Vec<u8>> {
    let titles = vec![
        format!("{}{}年工会统计年报", s.org_name, s.year),
        format!("填报单位：{}", s.org_name),
        format!("统计年度：{}年（数据截至{}）", s.year, domain::time::fmt_date(s.as_of)),
    ];
    let sheets: Vec<sheet::ReportPart> = tables(s)
        .into_iter()
        .map(|t| {
            let mut lines = titles.clone();
            lines[0] = format!("{}——{}", lines[0], t.name);
            (
                t.name.to_owned(),
                lines,
                t.headers.iter().map(|h| (*h).to_owned()).collect(),
                t.rows.into_iter().map(|(_, r)| r).collect(),
            )
        })
        .collect();
    tokio::task::spawn_blocking(move || sheet::write_xlsx_report(&sheets))
        .await
        .map_err(|_| AppError::code(domain::ErrorCode::Internal))?
        .map_err(|e| AppError::field(domain::ErrorCode::Internal, "file", e.message()))
}
