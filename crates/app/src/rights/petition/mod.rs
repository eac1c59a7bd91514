//! Petitions and the chair's mailbox (来信来访, 主席信箱): a member writes
//! from a phone (named, or anonymously where the union allows it), an
//! officer registers letters, visits and calls; then the work order runs
//! through `domain::rights::petition::transition` — dispatch to handlers,
//! start, answer, the writer's rating (a second round after 不满意), close —
//! or 不予受理 with a reason. Every step is one transaction: the row only if
//! nobody moved it meanwhile, the log, the audit entry.
//!
//! Who reads a petition: the union's officers (`Perm::RightsCases`) and its
//! writer; to everyone else it does not exist (404), the federation and the
//! administrator included. An anonymous writer is kept in no column an
//! officer can read: only a keyed hash of the filing account (the seal)
//! finds the petition again for them.

pub mod filing;
pub mod lists;
pub mod steps;

use chrono::NaiveDate;
use domain::ErrorCode;
use domain::UnionId;
use domain::auth::Perm;
use domain::rights::petition::{Rating, State, Status, Writer, WriterView, writer_for_officer};
use store::Tx;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// The records the services answer with, as pages and the API name them.
pub use store::rights::petition::{HandlerRow as Handler, LogEntry, Petition};

/// Who registered a member's own petition: the mailbox itself, never the
/// writer's name (the column is shown to officers).
pub const MAILBOX: &str = "主席信箱";
/// The actor of the writer's own steps in the petition's log, named or not.
pub const WRITER: &str = "来信人";
/// The audit log's actor of an anonymous writer's steps.
pub const ANONYMOUS_WRITER: &str = "匿名来信人";

pub fn today() -> NaiveDate {
    domain::time::today(store::now())
}

/// The seal of an account's anonymous petitions: a keyed hash of the
/// account id with the installation's secret, so that neither the id nor
/// anything derived from it without the secret is stored.
pub fn seal(state: &AppState, user_id: Uuid) -> String {
    state.keys.lookup_hash("petition-writer", &user_id.to_string())
}

pub fn status(p: &Petition) -> Status {
    Status::parse(&p.status).unwrap_or(Status::Received)
}

pub fn state_of(p: &Petition) -> State {
    State { status: status(p), round: u8::try_from(p.round).unwrap_or(u8::MAX) }
}

pub fn rating(p: &Petition) -> Option<Rating> {
    p.rating.as_deref().and_then(Rating::parse)
}

/// What an officer sees of the writer (and the writer of themselves):
/// nothing at all when the petition is anonymous.
pub fn writer_view(p: &Petition) -> WriterView {
    let writer = p.writer_name.as_ref().map(|name| Writer {
        name: name.clone(),
        contact: p.writer_contact.clone(),
        member_id: p.writer_member_id,
        department: p.writer_department.clone(),
    });
    writer_for_officer(p.anonymous, writer.as_ref())
}

/// How the caller stands to a petition they may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The union's officer (chair, officer): reads and handles it.
    Officer,
    /// Its writer, named or anonymous: follows and rates it.
    Writer,
}

/// Whether `p` wrote the petition: by the account for a named one, by the
/// seal for an anonymous one.
pub(crate) async fn is_writer(
    tx: &mut Tx,
    state: &AppState,
    p: &Principal,
    row: &Petition,
) -> AppResult<bool> {
    if row.writer_user_id == Some(p.user_id) {
        return Ok(true);
    }
    if !row.anonymous {
        return Ok(false);
    }
    Ok(store::rights::petition::sealed_by(tx, UnionId(row.union_id), row.id, &seal(state, p.user_id)).await?)
}

/// The petition and how the caller stands to it; 404 for anyone who is
/// neither an officer of its union nor its writer, exactly as for a
/// missing id.
pub(crate) async fn load_for(
    tx: &mut Tx,
    state: &AppState,
    p: &Principal,
    id: Uuid,
) -> AppResult<(Petition, store::org::Org, Viewer)> {
    let row = store::rights::petition::by_id(tx, id).await?.ok_or_else(AppError::not_found)?;
    let union = load_union(tx, row.union_id).await?;
    let viewer = if p.can(Perm::RightsCases, Some(&union.path)) {
        Viewer::Officer
    } else if is_writer(tx, state, p, &row).await? {
        Viewer::Writer
    } else {
        return Err(AppError::not_found());
    };
    Ok((row, union, viewer))
}

/// How the caller stands to the petition, or 404: for a request that must
/// say "not found" before it says anything about its input.
pub async fn check_reader(state: &AppState, p: &Principal, id: Uuid) -> AppResult<Viewer> {
    let mut tx = state.db.read().await?;
    Ok(load_for(&mut tx, state, p, id).await?.2)
}

/// The petition for one of the officers' steps: the guard has checked the
/// caller handles petitions of its union; this is checked again so that no
/// other caller of the service can skip it.
pub(crate) async fn load_for_officer(
    tx: &mut Tx,
    state: &AppState,
    p: &Principal,
    id: Uuid,
) -> AppResult<(Petition, store::org::Org)> {
    match load_for(tx, state, p, id).await? {
        (row, union, Viewer::Officer) => Ok((row, union)),
        _ => Err(AppError::code(ErrorCode::Forbidden)),
    }
}

/// One petition as its reader sees it.
#[derive(Debug, Clone)]
pub struct Detail {
    pub petition: Petition,
    pub viewer: Viewer,
    pub union_name: String,
    pub handlers: Vec<Handler>,
    pub log: Vec<LogEntry>,
}

/// A petition with its handlers and log, for its officers and its writer.
pub async fn get(state: &AppState, p: &Principal, id: Uuid) -> AppResult<Detail> {
    let mut tx = state.db.read().await?;
    let (petition, union, viewer) = load_for(&mut tx, state, p, id).await?;
    let u = UnionId(petition.union_id);
    let handlers = store::rights::petition::handlers(&mut tx, u, id).await?;
    let log = store::rights::petition::log_of(&mut tx, u, id).await?;
    Ok(Detail { petition, viewer, union_name: union.name, handlers, log })
}

/// What is overdue on the petition today, if anything.
pub fn overdue(p: &Petition, at: NaiveDate) -> Option<domain::rights::petition::Overdue> {
    let d = domain::rights::petition::Deadlines { dispatch_by: p.dispatch_by, answer_by: p.answer_by };
    domain::rights::petition::overdue(status(p), &d, at)
}
