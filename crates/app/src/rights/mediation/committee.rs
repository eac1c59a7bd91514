//! The mediation committee (劳动争议调解委员会): set as a whole, so it is
//! never seen half-formed. Seats kept are rewritten, new ones appointed,
//! and those left out leave the committee that day — their rows stay, so
//! a past case still names its mediator.

use chrono::NaiveDate;
use domain::rights::mediation::{SeatInput as Typed, Side, validate_committee};
use domain::{ErrorCode, UnionId};
use store::rights::mediation as db;
use uuid::Uuid;

use super::{Seat, check_member, first, today};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// One seat as typed.
#[derive(Debug, Clone, Default)]
pub struct SeatInput {
    /// A sitting seat kept (None: a new appointment).
    pub id: Option<Uuid>,
    pub name: String,
    /// worker | employer (or 职工代表 / 企业代表).
    pub side: String,
    pub chair: bool,
    /// The member of the union sitting (the chair must be one).
    pub member_id: Option<Uuid>,
    pub title: String,
    /// None: today (new seats only).
    pub appointed_on: Option<NaiveDate>,
}

/// The sitting committee (and, after it, those who left).
pub async fn list(state: &AppState, union_id: Uuid) -> AppResult<Vec<Seat>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(db::committee(&mut tx, UnionId(union_id)).await?)
}

/// Sets the committee: checks the whole by the domain's rule (both sides,
/// one chair sitting for the workers and a member of the union), then
/// writes the differences in one transaction.
pub async fn set(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    seats: &[SeatInput],
) -> AppResult<Vec<Seat>> {
    let mut sides = Vec::with_capacity(seats.len());
    for (i, s) in seats.iter().enumerate() {
        sides.push(Side::parse(&s.side).ok_or_else(|| {
            AppError::field(
                ErrorCode::InvalidValue,
                "members",
                format!("第{}名委员的一方须为 worker（职工代表）或 employer（企业代表）", i + 1),
            )
        })?);
    }
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut names = Vec::with_capacity(seats.len());
    for s in seats {
        names.push(match s.member_id {
            Some(m) => Some(check_member(&mut tx, union_id, m, "members").await?),
            None => None,
        });
    }
    let typed: Vec<Typed> = seats
        .iter()
        .zip(&sides)
        .zip(&names)
        .map(|((s, side), member)| {
            // A seat linked to a member without a name typed takes the member's.
            let name =
                if s.name.trim().is_empty() { member.clone().unwrap_or_default() } else { s.name.clone() };
            Typed { name, side: *side, chair: s.chair, member: member.is_some(), title: s.title.clone() }
        })
        .collect();
    let checked = validate_committee(&typed).map_err(first)?;
    let now = db::committee(&mut tx, UnionId(union_id)).await?;
    let sitting: Vec<&Seat> = now.iter().filter(|s| s.left_on.is_none()).collect();
    let today = today();
    let mut kept = Vec::new();
    for (s, c) in seats.iter().zip(&checked) {
        let row = Seat {
            union_id,
            id: s.id.unwrap_or_else(Uuid::now_v7),
            name: c.name.clone(),
            side: c.side.as_str().to_owned(),
            chair: c.chair,
            member_id: s.member_id,
            title: c.title.clone(),
            appointed_on: s.appointed_on.unwrap_or(today),
            left_on: None,
        };
        match s.id {
            Some(id) => {
                if kept.contains(&id) || !sitting.iter().any(|x| x.id == id) {
                    return Err(AppError::field(
                        ErrorCode::NotFound,
                        "members",
                        "要保留的委员不在现任调解委员会中",
                    ));
                }
                kept.push(id);
                db::update_seat(&mut tx, &row).await?;
            }
            None => {
                if row.appointed_on > today {
                    return Err(AppError::field(ErrorCode::InvalidDate, "members", "任职日期不能晚于今天"));
                }
                db::insert_seat(&mut tx, &row).await?;
            }
        }
    }
    let mut left = 0;
    for s in sitting.iter().filter(|s| !kept.contains(&s.id)) {
        let mut gone = (*s).clone();
        gone.left_on = Some(today);
        db::update_seat(&mut tx, &gone).await?;
        left += 1;
    }
    let chair = checked.iter().find(|c| c.chair).map(|c| c.name.clone()).unwrap_or_default();
    record(
        &mut tx,
        p.actor(),
        "mediation.committee",
        format!("union:{union_id}"),
        Some((union_id, &union.path)),
        format!("调整劳动争议调解委员会：{}人，主任{chair}，离任{left}人", checked.len()),
    )
    .await?;
    let out = db::committee(&mut tx, UnionId(union_id)).await?;
    tx.commit().await?;
    Ok(out)
}
