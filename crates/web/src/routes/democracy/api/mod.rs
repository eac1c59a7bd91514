//! `/api/v1` for democratic management: the congress (terms, delegates,
//! sessions, agenda, papers, check-in, quorum) and ballots (create, open,
//! close, vote, tally with the published papers, receipt look-up, paper
//! counts, further rounds).
//!
//! This module holds the answers several of them share.

pub mod ballots;
pub mod sessions;
pub mod terms;
pub mod voting;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use app::democracy::{Ballot, Delegate, Term};

pub use crate::kit::Created;

#[derive(Debug, Serialize, ToSchema)]
pub struct TermOut {
    pub id: Uuid,
    pub number: i64,
    pub form: String,
    pub starts_on: NaiveDate,
    pub years: i64,
    pub ends_on: NaiveDate,
}

fn term_out(t: &Term) -> TermOut {
    TermOut {
        id: t.id,
        number: t.number,
        form: t.form.clone(),
        starts_on: t.starts_on,
        years: t.years,
        ends_on: t.ends_on,
    }
}
#[derive(Debug, Serialize, ToSchema)]
pub struct DelegateOut {
    pub id: Uuid,
    pub member_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub name: String,
    pub gender: Option<String>,
    pub manager: bool,
    pub frontline: bool,
    pub presidium: bool,
    /// elected | entered
    pub source: String,
}

fn delegate_out(d: &Delegate) -> DelegateOut {
    DelegateOut {
        id: d.id,
        member_id: d.member_id,
        user_id: d.user_id,
        name: d.name.clone(),
        gender: d.gender.clone(),
        manager: d.manager,
        frontline: d.frontline,
        presidium: d.presidium,
        source: d.source.clone(),
    }
}
#[derive(Debug, Serialize, ToSchema)]
pub struct BallotBrief {
    pub id: Uuid,
    pub session_id: Option<Uuid>,
    pub kind: String,
    pub purpose: String,
    pub mode: String,
    pub title: String,
    pub round: i64,
    pub previous_id: Option<Uuid>,
    pub entitled: i64,
    /// draft | open | counting | closed
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub opened_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

pub fn ballot_brief(b: &Ballot) -> BallotBrief {
    BallotBrief {
        id: b.id,
        session_id: b.session_id,
        kind: b.kind.clone(),
        purpose: b.purpose.clone(),
        mode: b.mode.clone(),
        title: b.title.clone(),
        round: b.round,
        previous_id: b.previous_id,
        entitled: b.entitled,
        status: b.status.clone(),
        created_at: b.created_at,
        opened_at: b.opened_at,
        closed_at: b.closed_at,
    }
}
