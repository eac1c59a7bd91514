//! The year at a glance: the monthly series the union's and the
//! federation's home pages chart — members at each month end, money in and
//! out of the books, care reached, participation, petitions and their
//! answer rate. One read of each source for the year (the metrics' facts),
//! every month evaluated in memory.

use chrono::{Datelike, NaiveDate};
use domain::ErrorCode;
use domain::plan::metric::Metric;
use domain::plan::period::Period;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::metrics::{Ask, Facts, Subject, subject_in};
use crate::AppState;
use crate::error::{AppError, AppResult};

/// The earliest year a dashboard shows.
const FIRST_YEAR: i32 = 2000;

/// The series of one year, one value per month up to this month.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = PlanDashboard)]
pub struct Dashboard {
    pub org_id: Uuid,
    pub year: i32,
    /// 总工会（按下属全部基层工会统计）
    pub federation: bool,
    /// 各月（1–12），截至本月
    pub months: Vec<u32>,
    /// 各月末在册会员数（人）
    pub members: Vec<f64>,
    /// 各月收入（元，已记账的收入类科目）
    pub income: Vec<f64>,
    /// 各月支出（元，已记账的支出类科目）
    pub spending: Vec<f64>,
    /// 各月新惠及的帮扶与慰问对象（人，全年不重复）
    pub care_people: Vec<f64>,
    /// 各月发放的帮扶与慰问金额（元）
    pub care_amount: Vec<f64>,
    /// 各月末的活动参与面（%，年初至月末）
    pub participation: Vec<f64>,
    /// 各月受理的来信来访（件）
    pub petitions: Vec<f64>,
    /// 各月末的按期答复率（%，年初至月末）
    pub answer_rate: Vec<f64>,
}

/// The metrics whose sources the dashboard reads.
const READS: &[Metric] = &[
    Metric::Members,
    Metric::ParticipationRate,
    Metric::AidPaid,
    Metric::CarePeopleReached,
    Metric::PetitionsReceived,
    Metric::DuesCollected,
];

/// `year` checked (2000 to this year; None: this year).
pub fn year_of(year: Option<i32>) -> AppResult<i32> {
    let this = domain::time::today(crate::now()).year();
    let year = year.unwrap_or(this);
    if !(FIRST_YEAR..=this).contains(&year) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "year",
            format!("年份应在{FIRST_YEAR}年至{this}年之间"),
        ));
    }
    Ok(year)
}

/// The dashboard of `org_id` (a union or a federation's subtree) for `year`.
pub async fn year(state: &AppState, org_id: Uuid, year: Option<i32>) -> AppResult<Dashboard> {
    let year = year_of(year)?;
    let mut tx = state.db.read().await?;
    let subject = subject_in(&mut tx, org_id).await?;
    compute(&mut tx, &subject, year).await
}

/// The dashboard of a subject, in the caller's transaction.
pub async fn compute(tx: &mut store::Tx, subject: &Subject, year: i32) -> AppResult<Dashboard> {
    let period = Period::year(year).ok_or_else(AppError::not_found)?;
    let ends = period.checkpoints(domain::time::today(crate::now()));
    let facts = Facts::load_sources(tx, subject, READS, period).await?;
    let from = period.from;
    let at = |m: Metric, a: NaiveDate, d: NaiveDate| facts.eval(Ask::of(m), a, d).value;
    let mut out = Dashboard {
        org_id: subject.org_id,
        year,
        federation: subject.federation,
        months: Vec::new(),
        members: Vec::new(),
        income: Vec::new(),
        spending: Vec::new(),
        care_people: Vec::new(),
        care_amount: Vec::new(),
        participation: Vec::new(),
        petitions: Vec::new(),
        answer_rate: Vec::new(),
    };
    for end in ends {
        let start = end.with_day(1).unwrap_or(end);
        let yuan = |fen: f64| fen.round() / 100.0;
        out.months.push(end.month());
        out.members.push(at(Metric::Members, from, end));
        out.income.push(yuan(facts.income_fen(start, end)));
        out.spending.push(yuan(facts.spending_fen(start, end)));
        out.care_people.push(at(Metric::CarePeopleReached, start, end));
        out.care_amount.push(yuan(facts.care_fen_between(start, end)));
        out.participation.push(at(Metric::ParticipationRate, from, end));
        out.petitions.push(at(Metric::PetitionsReceived, start, end));
        out.answer_rate.push(at(Metric::PetitionAnswerRate, from, end));
    }
    Ok(out)
}
