//! Suggestions (合理化建议, 金点子): submit, assess, implement, accept,
//! reward through the spending rules, merge, turn into a proposal; rates
//! and the yearly ranking.
//!
//! Who reads a suggestion: its submitter (the member linked to the
//! caller's account), and whoever may see the union's suggestions
//! (`RecognitionView`); to anyone else it does not exist (404). The steps
//! after submission are the officers' (`RecognitionManage`), but for the
//! resubmission after 需完善, which is the submitter's (or an officer's on
//! their behalf, for a member without a phone).

pub mod lists;
pub mod steps;
pub mod submit;

use chrono::NaiveDate;
use domain::UnionId;
use domain::auth::Perm;
use domain::recognition::suggestion::Status;
use store::Tx;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

pub use lists::{ListQuery, RankRow, SuggestionStats, stats};
pub use store::recognition::suggestion::{Listed, LogEntry, Suggestion};

pub fn today() -> NaiveDate {
    domain::time::today(store::now())
}

pub fn status(s: &Suggestion) -> Status {
    Status::parse(&s.status).unwrap_or(Status::Submitted)
}

/// How the caller stands to a suggestion they may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// Handles the union's suggestions (`RecognitionManage`).
    Officer,
    /// Reads the union's suggestions (`RecognitionView`): an auditor, the
    /// federation above.
    Reader,
    /// The submitter (or the account that submitted it).
    Submitter,
}

/// The member record linked to the caller's account in this union.
pub async fn own_member(tx: &mut Tx, p: &Principal, union_id: Uuid) -> AppResult<Option<Uuid>> {
    Ok(store::auth::member_of_user(tx, p.user_id).await?.filter(|(u, _)| *u == union_id).map(|(_, m)| m))
}

async fn is_submitter(tx: &mut Tx, p: &Principal, s: &Suggestion) -> AppResult<bool> {
    if s.submitted_by_user == Some(p.user_id) {
        return Ok(true);
    }
    Ok(own_member(tx, p, s.union_id).await? == Some(s.member_id))
}

/// The suggestion and how the caller stands to it; 404 for anyone who may
/// neither see the union's suggestions nor submitted it.
pub(crate) async fn load_for(
    tx: &mut Tx,
    p: &Principal,
    id: Uuid,
) -> AppResult<(Suggestion, store::org::Org, Viewer)> {
    let row = store::recognition::suggestion::by_id(tx, id).await?.ok_or_else(AppError::not_found)?;
    let union = load_union(tx, row.union_id).await?;
    let viewer = if p.can(Perm::RecognitionManage, Some(&union.path)) {
        Viewer::Officer
    } else if is_submitter(tx, p, &row).await? {
        Viewer::Submitter
    } else if p.can(Perm::RecognitionView, Some(&union.path)) {
        Viewer::Reader
    } else {
        return Err(AppError::not_found());
    };
    Ok((row, union, viewer))
}

/// The suggestion for one of the officers' steps (the guard checked it;
/// checked again for other callers of the service).
pub(crate) async fn load_for_officer(
    tx: &mut Tx,
    p: &Principal,
    id: Uuid,
) -> AppResult<(Suggestion, store::org::Org)> {
    match load_for(tx, p, id).await? {
        (row, union, Viewer::Officer) => Ok((row, union)),
        _ => Err(AppError::code(domain::ErrorCode::Forbidden)),
    }
}

/// How the caller stands to the suggestion, or 404.
pub async fn check_reader(state: &AppState, p: &Principal, id: Uuid) -> AppResult<Viewer> {
    let mut tx = state.db.read().await?;
    Ok(load_for(&mut tx, p, id).await?.2)
}

/// One suggestion as its reader sees it.
#[derive(Debug, Clone)]
pub struct Detail {
    pub suggestion: Suggestion,
    pub viewer: Viewer,
    pub union_name: String,
    pub member_name: String,
    pub log: Vec<LogEntry>,
    pub files: Vec<store::recognition::files::EvidenceFile>,
    /// The voucher of the reward: (id, status).
    pub voucher: Option<(Uuid, String)>,
}

pub async fn get(state: &AppState, p: &Principal, id: Uuid) -> AppResult<Detail> {
    let mut tx = state.db.read().await?;
    let (suggestion, union, viewer) = load_for(&mut tx, p, id).await?;
    let u = UnionId(suggestion.union_id);
    let member_name =
        store::member::get(&mut tx, u, suggestion.member_id).await?.map(|m| m.name).unwrap_or_default();
    let log = store::recognition::suggestion::log_of(&mut tx, u, id).await?;
    let files = store::recognition::files::of(&mut tx, u, "suggestion", id).await?;
    let voucher = match suggestion.reward_voucher_id {
        Some(v) => store::finance::get_voucher(&mut tx, u, v).await?.map(|v| (v.id, v.status)),
        None => None,
    };
    Ok(Detail { suggestion, viewer, union_name: union.name, member_name, log, files, voucher })
}

/// Adds an evidence file (验收材料) to a suggestion: its officers and its
/// submitter.
pub async fn add_file(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    file_name: &str,
    bytes: &[u8],
) -> AppResult<store::recognition::files::EvidenceFile> {
    let mut tx = state.db.write().await?;
    let (row, _, viewer) = load_for(&mut tx, p, id).await?;
    if viewer == Viewer::Reader {
        return Err(AppError::field(
            domain::ErrorCode::Forbidden,
            "file",
            "只有建议人本人和工会干部可以上传材料",
        ));
    }
    let f =
        crate::recognition::files::add(&mut tx, p, row.union_id, "suggestion", id, file_name, bytes).await?;
    store::recognition::suggestion::log(
        &mut tx,
        UnionId(row.union_id),
        id,
        "file",
        &format!("上传材料：{}", f.file_name),
        &p.display_name,
    )
    .await?;
    tx.commit().await?;
    Ok(f)
}

/// One evidence file of a suggestion, for whoever may read the suggestion.
pub async fn file(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    file_id: Uuid,
) -> AppResult<(store::recognition::files::EvidenceFile, Vec<u8>)> {
    let row = {
        let mut tx = state.db.read().await?;
        load_for(&mut tx, p, id).await?.0
    };
    crate::recognition::files::download(state, row.union_id, "suggestion", id, file_id).await
}
