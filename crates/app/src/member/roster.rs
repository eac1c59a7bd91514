//! Reading the roster: the filter of a roster query, the rosters a caller
//! may open, the union behind a public join link, a member's login.

use domain::ErrorCode;
use domain::UnionId;
use domain::auth::Perm;
use domain::member::MemberStatus;
use uuid::Uuid;

use super::service;
use crate::AppState;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};

use super::{MemberFilter, Sort};

/// A roster query as the pages, the API, the export and the benchmark give
/// it: each field as typed, checked by [`RosterQuery::filter`].
#[derive(Debug, Clone, Default)]
pub struct RosterQuery {
    /// Name, pinyin initials or full pinyin, mobile, last digits of the ID.
    pub q: Option<String>,
    pub group_id: Option<Uuid>,
    /// Statuses, comma-separated; `all` for every one; none: active and
    /// retained.
    pub status: Option<String>,
    /// model_worker, hardship, dues_review, women, comma-separated.
    pub flags: Option<String>,
    /// name (by pinyin) | join_date | card_number | created
    pub sort: Option<String>,
    pub desc: Option<bool>,
}

impl RosterQuery {
    /// The store's filter and order for this query; a group outside the
    /// union, an unknown status or order is the query's error.
    pub async fn filter(&self, state: &AppState, union_id: Uuid) -> AppResult<(MemberFilter, Sort)> {
        let group_path = match self.group_id {
            Some(g) => {
                let groups = service::groups(state, union_id).await?;
                if !groups.iter().any(|(id, _)| *id == g) {
                    return Err(AppError::field(ErrorCode::InvalidValue, "group_id", "所选小组不属于本工会"));
                }
                let mut tx = state.db.read().await?;
                store::org::path_of(&mut tx, g).await?
            }
            None => None,
        };
        let statuses = match self.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some("all") => Some(Vec::new()),
            Some(list) => {
                let mut out = Vec::new();
                for s in list.split(',') {
                    let st = MemberStatus::parse(s.trim()).ok_or_else(|| {
                        AppError::field(ErrorCode::InvalidValue, "status", format!("会籍状态“{s}”不存在"))
                    })?;
                    out.push(st.as_str().to_owned());
                }
                Some(out)
            }
        };
        let flags: Vec<&str> = self.flags.as_deref().unwrap_or("").split(',').map(str::trim).collect();
        let sort = match self.sort.as_deref() {
            None | Some("") | Some("name") => Sort::Name,
            Some("join_date") => Sort::JoinDate,
            Some("card_number") => Sort::CardNumber,
            Some("created") => Sort::Created,
            Some(other) => {
                return Err(AppError::field(ErrorCode::InvalidValue, "sort", format!("不能按“{other}”排序")));
            }
        };
        Ok((
            MemberFilter {
                search: self.q.as_deref().and_then(service::classify),
                group_path,
                statuses,
                model_worker: flags.contains(&"model_worker"),
                hardship: flags.contains(&"hardship"),
                dues_review: flags.contains(&"dues_review"),
                women: flags.contains(&"women"),
            },
            sort,
        ))
    }
}

/// A roster the caller may open.
pub enum Roster {
    /// A union's whole roster.
    Union(Uuid),
    /// A group's roster (its union's is not visible to the caller).
    Group(Uuid),
}

/// The rosters of the caller's member-view choices, with their names: a
/// union's, or a group's when the caller does not see the group's whole
/// union.
pub async fn rosters(state: &AppState, p: &Principal) -> AppResult<Vec<(Roster, String)>> {
    let choices = crate::org::service::choices(state, p, Perm::MemberView).await?;
    let mut rosters = Vec::new();
    let mut tx = state.db.read().await?;
    for (id, name) in choices {
        let Some(o) = store::org::get(&mut tx, Uuid::parse_str(&id).unwrap_or_default()).await? else {
            continue;
        };
        let name = name.trim().to_owned();
        match (o.kind.as_str(), o.union_id) {
            ("union", _) => rosters.push((Roster::Union(o.id), name)),
            // A group whose whole union the caller sees is in that roster.
            ("group", Some(u)) => {
                let union_path = store::org::path_of(&mut tx, u).await?;
                if !p.can(Perm::MemberView, union_path.as_deref()) {
                    rosters.push((Roster::Group(o.id), name));
                }
            }
            _ => {}
        }
    }
    Ok(rosters)
}

/// The union whose public join page has this token; 404 otherwise.
pub async fn join_union(state: &AppState, token: &str) -> AppResult<Uuid> {
    let mut tx = state.db.read().await?;
    store::member::union_by_join_token(&mut tx, token)
        .await?
        .map(|(id, _)| id)
        .ok_or_else(AppError::not_found)
}

/// The path of the member's union and the username of the login linked to
/// the member, if any, in one read.
pub async fn path_and_login(
    state: &AppState,
    union_id: Uuid,
    member_id: Uuid,
) -> AppResult<(Option<String>, Option<String>)> {
    let mut tx = state.db.read().await?;
    let path = store::org::path_of(&mut tx, union_id).await?;
    let login = match store::democracy::user_of_member(&mut tx, UnionId(union_id), member_id).await? {
        Some(u) => store::auth::user_by_id(&mut tx, u).await?.map(|u| u.username),
        None => None,
    };
    Ok((path, login))
}
