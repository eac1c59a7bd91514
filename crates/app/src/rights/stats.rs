//! The rights statistics of an org's subtree (issue 17): 建会率, 入会率,
//! 集体合同签订率 and workers covered from the employer registers kept in
//! the subtree; petitions and mediation cases of its unions in a year.
//! Computed from the records on every request, never typed.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use domain::ErrorCode;
use domain::rights::contract::{ContractDates, ContractKind, ContractSettings, Review};
use domain::rights::employer::{EmployerFacts, RateSettings, rates};
use domain::rights::mediation::{self, DisputeType, Status as CaseStatus};
use domain::rights::petition::{self, Deadlines, Rating, Status};
use domain::rights::stats::{ByType, RightsStats, as_of, signed_in_force};
use store::Tx;
use store::rights::stats::{ContractFact, EmployerFact};
use uuid::Uuid;

use crate::AppState;
use crate::error::{AppError, AppResult};

/// The earliest year a report may ask for: before any union kept records
/// here, and far from the dates a typo makes.
const FIRST_YEAR: i32 = 2000;

/// The report for `year` over the subtree of `org_id` (a federation, or a
/// union alone). Readers are checked by the route (RightsView on the org).
pub async fn report(state: &AppState, org_id: Uuid, year: Option<i32>) -> AppResult<RightsStats> {
    let today = domain::time::today(store::now());
    let year = year.unwrap_or(today.year());
    if !(FIRST_YEAR..=today.year()).contains(&year) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "year",
            format!("年份应在{FIRST_YEAR}年至{}年之间", today.year()),
        ));
    }
    let mut tx = state.db.read().await?;
    let org = store::org::get(&mut tx, org_id).await?.ok_or_else(AppError::not_found)?;
    compute(&mut tx, &org.path, year, today).await
}

/// The report over the subtree rooted at `path`, in the caller's
/// transaction.
pub async fn compute(tx: &mut Tx, path: &str, year: i32, today: NaiveDate) -> AppResult<RightsStats> {
    compute_with(tx, path, year, today, None).await
}

/// [`compute`], with the active members of unions already counted by the
/// caller (the annual statistics count every union of a subtree in one
/// query): used when it holds every union covering an employer of the
/// subtree's registers, else counted here as usual.
pub async fn compute_with(
    tx: &mut Tx,
    path: &str,
    year: i32,
    today: NaiveDate,
    counted: Option<&HashMap<Uuid, i64>>,
) -> AppResult<RightsStats> {
    let hi = domain::org::subtree_upper_bound(path);
    let at = as_of(year, today);
    let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(AppError::not_found)?;
    let employers = store::rights::stats::employers(tx, path, &hi).await?;
    let members: HashMap<Uuid, i64> = match counted {
        Some(m) if employers.iter().filter_map(|e| e.covered_by_union_id).all(|u| m.contains_key(&u)) => {
            m.clone()
        }
        _ => store::rights::stats::covering_members(tx, path, &hi).await?.into_iter().collect(),
    };
    let contracts = store::rights::stats::contracts(tx, path, &hi, ContractKind::General.as_str()).await?;
    let settings: HashMap<Uuid, ContractSettings> = store::rights::stats::contract_settings(tx, path, &hi)
        .await?
        .into_iter()
        .filter_map(|(u, json)| serde_json::from_str(&json).ok().map(|s| (u, s)))
        .collect();
    let petitions = store::rights::stats::petitions(tx, path, &hi, from, at).await?;
    let cases = store::rights::stats::mediation(tx, path, &hi, from, at).await?;

    let facts = employer_facts(&employers, &members, &contracts, &settings, at);
    let employers = rates(&facts, &RateSettings::default());

    let stored: Vec<(&store::rights::stats::PetitionFact, Status)> =
        petitions.iter().filter_map(|p| Some((p, Status::parse(&p.status)?))).collect();
    let summaries: Vec<petition::Summary> = stored
        .iter()
        .map(|(p, status)| {
            petition::Summary::stored(
                *status,
                p.answer_by,
                p.answered_in_time,
                p.rating.as_deref().and_then(Rating::parse),
            )
        })
        .collect();
    let petitions_overdue = stored
        .iter()
        .filter(|(p, status)| {
            petition::overdue(*status, &Deadlines { dispatch_by: p.dispatch_by, answer_by: p.answer_by }, at)
                .is_some()
        })
        .count() as u64;

    let statuses: Vec<CaseStatus> = cases.iter().filter_map(|(s, _)| CaseStatus::parse(s)).collect();
    let typed: Vec<(DisputeType, CaseStatus)> =
        cases.iter().filter_map(|(s, t)| Some((DisputeType::parse(t)?, CaseStatus::parse(s)?))).collect();
    let by_type = mediation::stats_by_type(&typed)
        .into_iter()
        .map(|(t, m)| ByType {
            dispute_type: t.as_str().to_owned(),
            label: t.label().to_owned(),
            cases: m.total,
            agreements: m.agreements,
        })
        .collect();
    Ok(RightsStats {
        year,
        as_of: at,
        employers,
        petitions: petition::rates(&summaries, at),
        petitions_overdue,
        mediation: mediation::stats(&statuses),
        mediation_by_type: by_type,
    })
}

fn dates(c: &ContractFact) -> ContractDates {
    let review = match (c.review.as_str(), c.reviewed_on) {
        ("no_objection", Some(d)) => Review::NoObjection(d),
        ("objection", Some(d)) => Review::Objection(d),
        _ => Review::Pending,
    };
    ContractDates { signed_on: c.signed_on, filed_on: c.filed_on, review, published_on: None }
}

/// One fact per employer. An employer listed in two registers of the
/// subtree (the street's and the district's) is counted once, by its credit
/// code. A contract counts for the employer it names; one that names none
/// (a 区域性 or 行业性 contract of a 联合工会) counts for every employer its
/// union covers. Sums that belong to a union or a contract, not to one
/// employer — a joint union's members, a regional contract's workers — are
/// carried by the first employer they reach, so each is summed once.
pub(crate) fn employer_facts(
    employers: &[EmployerFact],
    members: &HashMap<Uuid, i64>,
    contracts: &[ContractFact],
    settings: &HashMap<Uuid, ContractSettings>,
    at: NaiveDate,
) -> Vec<EmployerFacts> {
    let default = ContractSettings::default();
    let in_force: Vec<&ContractFact> = contracts
        .iter()
        .filter(|c| {
            let s = settings.get(&c.union_id).unwrap_or(&default);
            signed_in_force(&dates(c), u32::try_from(c.term_months).unwrap_or(0), at, s)
        })
        .collect();
    let mut by_code: BTreeMap<&str, Vec<&EmployerFact>> = BTreeMap::new();
    for e in employers {
        by_code.entry(e.credit_code.as_str()).or_default().push(e);
    }
    let mut members_counted: HashSet<Uuid> = HashSet::new();
    let mut contracts_counted: HashSet<usize> = HashSet::new();
    let mut out = Vec::with_capacity(by_code.len());
    for rows in by_code.values() {
        let staff = rows.iter().map(|e| e.staff.max(0) as u64).max().unwrap_or(0);
        let unions: Vec<Uuid> = rows.iter().filter_map(|e| e.covered_by_union_id).collect();
        let mut f = EmployerFacts { staff, has_union: !unions.is_empty(), ..Default::default() };
        for u in &unions {
            if members_counted.insert(*u) {
                f.members += members.get(u).copied().unwrap_or(0).max(0) as u64;
            }
        }
        if f.has_union {
            for (i, c) in in_force.iter().enumerate() {
                let names_it = rows
                    .iter()
                    .any(|e| c.employer_org_id == Some(e.register_id) && c.employer_id == Some(e.id));
                let covers_it = c.employer_id.is_none() && unions.contains(&c.union_id);
                if names_it || covers_it {
                    f.contract_in_force = true;
                    if contracts_counted.insert(i) {
                        f.workers_covered += c.workers_covered.max(0) as u64;
                    }
                }
            }
        }
        out.push(f);
    }
    out
}
