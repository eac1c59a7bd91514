//! Labour-dispute mediation (劳动争议调解): the committee, a case from its
//! application (or a petition) through acceptance or refusal, sessions,
//! extension and the outcome, and the yearly counts. Each step checks the
//! rule in `domain::rights::mediation`, writes the row only if nobody moved
//! it meanwhile, logs the step on the case and audits it.

pub mod case;
pub mod committee;
pub mod read;

use chrono::NaiveDate;
use domain::rights::mediation::{MediationSettings, Status, WorkCalendar};
use domain::{ErrorCode, UnionId};
use store::Tx;
use uuid::Uuid;

use crate::error::{AppError, AppResult};

/// The records the services answer with, as pages and the API name them.
pub use store::rights::mediation::{
    Applicant, Case, Claim, Filter, Listed, LogEntry, PetitionSource, Seat, Session,
};

pub fn today() -> NaiveDate {
    domain::time::today(store::now())
}

/// The working-day calendar: Monday to Friday. gonghui keeps no official
/// calendar of days off (see `WorkCalendar`); a deadline that falls in a
/// holiday week is one a union meets early, never late.
pub fn calendar() -> WorkCalendar {
    WorkCalendar::default()
}

pub fn status_of(c: &Case) -> Status {
    Status::parse(&c.status).unwrap_or(Status::Applied)
}

/// The case's clock on `at` (days left, referable …).
pub fn clock_of(c: &Case, at: NaiveDate, s: &MediationSettings) -> domain::rights::mediation::Clock {
    let status = status_of(c);
    let decided_on = if status == Status::Refused { c.closed_on } else { c.accepted_on };
    domain::rights::mediation::clock(
        status,
        c.applied_on,
        c.accepted_on,
        decided_on,
        u32::try_from(c.extension_days).unwrap_or(0),
        at,
        &calendar(),
        s,
    )
}

/// 第N号.
pub fn case_title(c: &Case) -> String {
    format!("调解案件第{}号", c.number)
}

/// The union of a case reached by its id alone (404 when unknown).
pub(crate) async fn owner(tx: &mut Tx, case_id: Uuid) -> AppResult<UnionId> {
    store::directory::owner(tx, store::directory::MEDIATION_CASE, case_id)
        .await?
        .ok_or_else(AppError::not_found)
}

/// The case by its id alone, with its union's path.
pub(crate) async fn load(tx: &mut Tx, case_id: Uuid) -> AppResult<(Case, store::org::Org)> {
    let union_id = owner(tx, case_id).await?;
    let c =
        store::rights::mediation::get_case(tx, union_id, case_id).await?.ok_or_else(AppError::not_found)?;
    let union = crate::org::load_union(tx, union_id.0).await?;
    Ok((c, union))
}

/// A member of this union, or 404 naming the field: an id from another
/// union answers like a missing one.
pub(crate) async fn check_member(
    tx: &mut Tx,
    union_id: Uuid,
    member_id: Uuid,
    field: &str,
) -> AppResult<String> {
    match store::member::get(tx, UnionId(union_id), member_id).await? {
        Some(m) => Ok(m.name),
        None => Err(AppError::field(ErrorCode::NotFound, field, "所选会员不存在")),
    }
}

/// A date not after today, naming the field.
pub(crate) fn not_future(field: &str, label: &str, d: NaiveDate) -> AppResult<()> {
    if d > today() {
        return Err(AppError::field(
            ErrorCode::InvalidDate,
            field,
            format!("{label}（{}）不能晚于今天", domain::time::fmt_date(d)),
        ));
    }
    Ok(())
}

/// The first of a rule's faults (the API answers one; forms show it by
/// its field).
pub(crate) fn first(mut errors: Vec<domain::DomainError>) -> AppError {
    if errors.is_empty() { AppError::code(ErrorCode::InvalidValue) } else { AppError(errors.remove(0)) }
}
