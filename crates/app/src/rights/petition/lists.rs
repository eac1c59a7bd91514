//! The lists of petitions: the officers' (with filters and the overdue
//! lists), the writer's own, the rates report, and the rows of the printed
//! and exported ledger (台帐).

use chrono::{Datelike, NaiveDate};
use domain::rights::petition::{Channel, PetitionRates, Status, Summary, rates};
use domain::{ErrorCode, UnionId};
use serde::Serialize;
use uuid::Uuid;

use super::{Petition, overdue, rating, seal, status, today, writer_view};
use crate::AppState;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// What the officers' list shows.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Only this status (code or label).
    pub status: Option<String>,
    /// Only the overdue ones (超期未受理, 超期未答复).
    pub overdue: bool,
    /// Only those received in this year.
    pub year: Option<i32>,
}

/// The first day of `year` and of the next: the range of a year's report.
fn year_range(year: i32) -> AppResult<(NaiveDate, NaiveDate)> {
    let bad = || AppError::field(ErrorCode::InvalidQuery, "year", "年份应在2000至2100之间");
    if !(2000..=2100).contains(&year) {
        return Err(bad());
    }
    let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad)?;
    let until = NaiveDate::from_ymd_opt(year + 1, 1, 1).ok_or_else(bad)?;
    Ok((from, until))
}

/// The union's petitions for its officers, newest first.
pub async fn list(state: &AppState, union_id: Uuid, q: &ListQuery) -> AppResult<Vec<Petition>> {
    let status = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            Status::parse(s)
                .ok_or_else(|| {
                    AppError::field(
                        ErrorCode::InvalidQuery,
                        "status",
                        "状态只能是 received、dispatched、in_progress、answered、closed 或 rejected",
                    )
                })?
                .as_str()
                .to_owned(),
        ),
    };
    let (from, until) = match q.year {
        Some(y) => year_range(y).map(|(a, b)| (Some(a), Some(b)))?,
        None => (None, None),
    };
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let filter = store::rights::petition::Filter {
        status,
        from,
        until,
        // The SQL narrows to what may be overdue; the domain says which.
        overdue_on: q.overdue.then(today),
    };
    let mut rows = store::rights::petition::list(&mut tx, UnionId(union_id), &filter).await?;
    if q.overdue {
        let at = today();
        rows.retain(|r| overdue(r, at).is_some());
    }
    Ok(rows)
}

/// The caller's own petitions in the union, named and anonymous.
pub async fn mine(state: &AppState, p: &Principal, union_id: Uuid) -> AppResult<Vec<Petition>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let seal = seal(state, p.user_id);
    Ok(store::rights::petition::mine(&mut tx, UnionId(union_id), p.user_id, &seal).await?)
}

/// A count under its label.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Count {
    pub key: String,
    pub label: String,
    pub count: u64,
}

/// The rates of a year: counts and rates only, never a letter's contents
/// (the federation above and the auditor read it too).
#[derive(Debug, Clone)]
pub struct Report {
    pub union_name: String,
    pub year: i32,
    pub rates: PetitionRates,
    pub by_channel: Vec<Count>,
    pub by_status: Vec<Count>,
    /// Still 待受理 after the dispatch deadline (超期未受理).
    pub overdue_dispatch: u64,
    /// Not answered after the answer deadline (超期未答复).
    pub overdue_answer: u64,
    pub rated: u64,
    pub satisfied: u64,
    pub basically: u64,
    pub unsatisfied: u64,
}

/// The rates of the petitions received in `year` (default: this year).
pub async fn report(state: &AppState, union_id: Uuid, year: Option<i32>) -> AppResult<Report> {
    let at = today();
    let year = year.unwrap_or_else(|| at.year());
    let (from, until) = year_range(year)?;
    let mut tx = state.db.read().await?;
    let union = load_union(&mut tx, union_id).await?;
    let filter =
        store::rights::petition::Filter { from: Some(from), until: Some(until), ..Default::default() };
    let rows = store::rights::petition::list(&mut tx, UnionId(union_id), &filter).await?;
    drop(tx);
    let summaries: Vec<Summary> =
        rows.iter().map(|r| Summary::stored(status(r), r.answer_by, r.answered_in_time, rating(r))).collect();
    let count = |pred: &dyn Fn(&Petition) -> bool| rows.iter().filter(|r| pred(r)).count() as u64;
    let by_channel = Channel::ALL
        .iter()
        .map(|c| Count {
            key: c.as_str().to_owned(),
            label: c.label().to_owned(),
            count: count(&|r| r.channel == c.as_str()),
        })
        .collect();
    let by_status = Status::ALL
        .iter()
        .map(|s| Count {
            key: s.as_str().to_owned(),
            label: s.label().to_owned(),
            count: count(&|r| r.status == s.as_str()),
        })
        .collect();
    use domain::rights::petition::{Overdue, Rating};
    let rated_as = |x: Rating| count(&|r| r.status == "closed" && rating(r) == Some(x));
    Ok(Report {
        union_name: union.name,
        year,
        rates: rates(&summaries, at),
        by_channel,
        by_status,
        overdue_dispatch: count(&|r| overdue(r, at) == Some(Overdue::Dispatch)),
        overdue_answer: count(&|r| overdue(r, at) == Some(Overdue::Answer)),
        rated: count(&|r| r.status == "closed" && r.rating.is_some()),
        satisfied: rated_as(Rating::Satisfied),
        basically: rated_as(Rating::Basically),
        unsatisfied: rated_as(Rating::Unsatisfied),
    })
}

/// The headers of the ledger (台帐) of petitions.
pub const LEDGER_HEADERS: [&str; 11] =
    ["编号", "收件日期", "渠道", "来信人", "主题", "状态", "答复期限", "超期", "答复日期", "评价", "转办"];

/// One petition as a ledger row. An anonymous one shows 匿名 and nothing
/// else of its writer.
pub fn ledger_row(r: &Petition, at: NaiveDate) -> Vec<String> {
    let fmt = domain::time::fmt_date;
    vec![
        format!("第{}号", r.number),
        fmt(r.received_on),
        Channel::parse(&r.channel).map_or("", |c| c.label()).to_owned(),
        writer_view(r).label(),
        r.subject.clone(),
        status(r).label().to_owned()
            + &(if r.round > 1 { format!("（第{}轮）", r.round) } else { String::new() }),
        fmt(r.answer_by),
        overdue(r, at).map_or("", |o| o.label()).to_owned(),
        r.answered_on.map(fmt).unwrap_or_default(),
        rating(r).map_or("", |x| x.label()).to_owned(),
        r.turned_into_kind
            .as_deref()
            .and_then(domain::rights::petition::TurnedInto::parse)
            .map_or("", |t| t.label())
            .to_owned(),
    ]
}

/// The ledger as a workbook, with the union's name for the file.
pub async fn ledger_xlsx(state: &AppState, union_id: Uuid, q: &ListQuery) -> AppResult<(String, Vec<u8>)> {
    let union = crate::org::union(state, union_id).await?;
    let rows = list(state, union_id, q).await?;
    let at = today();
    let rows: Vec<Vec<String>> = rows.iter().map(|r| ledger_row(r, at)).collect();
    let bytes = crate::activity::exports::xlsx("来信来访台帐", &LEDGER_HEADERS, rows).await?;
    Ok((union.name, bytes))
}

/// The accounts a petition may be dispatched to, for the page's picker:
/// (id, name).
pub async fn handler_choices(state: &AppState, union_id: Uuid) -> AppResult<Vec<(Uuid, String)>> {
    let mut tx = state.db.read().await?;
    let union = load_union(&mut tx, union_id).await?;
    Ok(store::auth::approvers(&mut tx, &union.path, &super::steps::HANDLER_ROLES).await?)
}
