//! Competition winners offered for nomination: the prize winners of the
//! union's published contests that no honour names yet, each nominated
//! with one click. The nomination keeps its source (the contest and the
//! entrant), so a winner is offered once.

use chrono::Datelike;
use domain::recognition::honour::{self as rules, CollectiveKind, Level, Source, Status, Title};
use domain::{ErrorCode, UnionId};
use uuid::Uuid;

use super::{Honour, insert, today};
use crate::AppState;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

pub use store::recognition::honour::Candidate;

pub async fn candidates(state: &AppState, union_id: Uuid) -> AppResult<Vec<Candidate>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::recognition::honour::candidates(&mut tx, UnionId(union_id)).await?)
}

/// The title a winner is nominated for unless one is given: a skills
/// contest's winner for 工匠, another individual for 先进工作者, a team
/// for 工人先锋号.
pub fn default_title(c: &Candidate) -> Title {
    match (c.member_id, c.contest_kind.as_str()) {
        (None, _) => Title::PioneerTeam,
        (Some(_), "skill_contest") => Title::Craftsman,
        (Some(_), _) => Title::AdvancedWorker,
    }
}

#[derive(Debug, Clone, Default)]
pub struct FromContest {
    pub contest_id: Option<Uuid>,
    pub entrant_id: Option<Uuid>,
    pub title: Option<String>,
    pub level: Option<String>,
}

/// Nominates a prize winner of a published contest: the person (or the
/// team as a collective), the title and level given or the defaults
/// (level 单位, awarded by the union), the prize as the citation.
pub async fn nominate(state: &AppState, p: &Principal, union_id: Uuid, i: &FromContest) -> AppResult<Honour> {
    let contest_id =
        i.contest_id.ok_or_else(|| AppError::field(ErrorCode::Required, "contest_id", "请选择竞赛"))?;
    let entrant_id =
        i.entrant_id.ok_or_else(|| AppError::field(ErrorCode::Required, "entrant_id", "请选择获奖者"))?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let Some(c) =
        store::recognition::honour::candidate(&mut tx, UnionId(union_id), contest_id, entrant_id).await?
    else {
        // Another union's contest, an entrant without a prize, a result
        // not yet published, or one nominated already.
        let exists = store::activity::contest::get(&mut tx, UnionId(union_id), contest_id).await?.is_some();
        return Err(if exists {
            AppError::field(ErrorCode::Conflict, "entrant_id", "该参赛者不是已公布结果的获奖者，或已经提名过")
        } else {
            AppError::field(ErrorCode::NotFound, "contest_id", "本工会没有这个竞赛")
        });
    };
    let title = match i.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => t.to_owned(),
        None => default_title(&c).label().to_owned(),
    };
    let level =
        i.level.clone().filter(|l| !l.trim().is_empty()).unwrap_or_else(|| Level::Unit.as_str().into());
    let checked = rules::validate(
        &rules::NewHonour {
            has_member: c.member_id.is_some(),
            collective: c.member_id.is_none().then(|| c.entrant_name.clone()),
            collective_kind: Some(CollectiveKind::Group.as_str().into()),
            title,
            level,
            year: Some(i64::from(c.ends_on.year())),
            awarding_body: union.name.clone(),
            citation: format!("在“{}”中获{}。", c.contest_title, c.prize),
        },
        today(),
    )?;
    let mut h = super::row(p, union_id, c.member_id, None, checked, Status::Nominated, Source::Contest);
    h.contest_id = Some(contest_id);
    h.entrant_id = Some(entrant_id);
    insert(&mut tx, p, &h, "竞赛获奖者提名荣誉").await?;
    tx.commit().await?;
    Ok(h)
}
