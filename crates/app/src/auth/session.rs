//! Who a request comes from (API token or session cookie), where its targets
//! lie in the tree, and the session's one-shot flash message: what the HTTP
//! guard and layout ask of the database.

use domain::ErrorCode;
use domain::auth::Role;
use store::Tx;
use uuid::Uuid;

use super::cache::{Credential, Identity, Kind};
use super::secrets::token_hash;
use super::{Principal, SessionInfo};
use crate::AppState;
use crate::error::{AppError, AppResult};

/// The principal of a request carrying this bearer token or, without one,
/// this session cookie, and whether its password must be changed first.
/// A wrong token is an error (not anonymity); an unknown or expired session
/// is anonymity. Touches the session's idle clock at most once a minute,
/// never holding the read connection while writing.
///
/// What the database says about a credential is kept in the identity cache
/// (`auth::cache`) for a short while: most requests read nothing here.
pub async fn resolve(
    state: &AppState,
    bearer: Option<&str>,
    cookie: Option<&str>,
    ip: String,
) -> AppResult<Option<(Principal, bool)>> {
    let now = store::now();
    let (kind, hash) = match (bearer, cookie) {
        (Some(token), _) => (Kind::Token, token_hash(token)),
        (None, Some(cookie)) => (Kind::Session, token_hash(cookie)),
        (None, None) => return Ok(None),
    };
    let cache = &state.identities;
    let idle_limit = now - state.config.session_idle;
    let live = |i: &Identity| match &i.credential {
        Credential::Token { expires_at } => *expires_at > now,
        Credential::Session { expires_at, last_seen_at, .. } => {
            *expires_at > now && *last_seen_at > idle_limit
        }
    };
    // A cached credential that looks expired is read again: another process
    // may have refreshed the session's idle clock since.
    let identity = match cache.get(kind, &hash, now).filter(|hit| live(hit)) {
        Some(hit) => hit,
        None => {
            let epoch = cache.epoch();
            let Some(found) = read_identity(state, kind, &hash, now).await? else {
                // A wrong token is an error, not anonymity.
                return match kind {
                    Kind::Token => Err(AppError::code(ErrorCode::Unauthenticated)),
                    Kind::Session => Ok(None),
                };
            };
            cache.put(kind, &hash, found.clone(), epoch, now);
            found
        }
    };
    if !live(&identity) {
        return match kind {
            Kind::Token => Err(AppError::code(ErrorCode::Unauthenticated)),
            Kind::Session => Ok(None),
        };
    }
    let session = match &identity.credential {
        Credential::Token { .. } => None,
        Credential::Session { csrf, last_seen_at, .. } => {
            // Refresh the idle clock at most once a minute: one write, not
            // one per request.
            if now - *last_seen_at > chrono::Duration::seconds(60) {
                let mut w = state.db.write().await?;
                store::auth::touch_session(&mut w, &hash, now).await?;
                w.commit().await?;
                cache.touched(&hash, now);
            }
            // The flash is read where the page takes it (`layout_facts`), not
            // from the cache: another process may have left it.
            Some(SessionInfo { token_hash: hash, csrf: csrf.clone(), flash: None })
        }
    };
    if identity.disabled {
        return Err(AppError::code(ErrorCode::AccountDisabled));
    }
    let p = Principal {
        user_id: identity.user_id,
        username: identity.username,
        display_name: identity.display_name,
        grants: identity.grants,
        ip,
        session,
    };
    Ok(Some((p, identity.must_change_password)))
}

/// The credential and its account as the database has them now; `None`
/// for an unknown or expired token, an unknown session or a deleted account.
async fn read_identity(
    state: &AppState,
    kind: Kind,
    hash: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Option<Identity>> {
    let mut tx = state.db.read().await?;
    let (user_id, credential) = match kind {
        Kind::Token => match store::auth::token_owner(&mut tx, hash, now).await? {
            Some((u, expires_at)) => (u, Credential::Token { expires_at }),
            None => return Ok(None),
        },
        Kind::Session => match store::auth::session(&mut tx, hash).await? {
            Some(s) => (
                s.user_id,
                Credential::Session {
                    csrf: s.csrf_token,
                    expires_at: s.expires_at,
                    last_seen_at: s.last_seen_at,
                },
            ),
            None => return Ok(None),
        },
    };
    let Some(user) = store::auth::user_by_id(&mut tx, user_id).await? else { return Ok(None) };
    let grants = store::auth::grants_of(&mut tx, user.id)
        .await?
        .into_iter()
        .filter_map(|g| {
            let role = Role::parse(&g.role).ok()?;
            // A grant on a node must still resolve to a path; admin's has none.
            match (role, g.org_path) {
                (Role::Admin, _) => Some((role, None)),
                (_, Some(path)) => Some((role, Some(path))),
                (_, None) => None,
            }
        })
        .collect();
    Ok(Some(Identity {
        user_id: user.id,
        username: user.username,
        display_name: user.display_name,
        disabled: user.disabled_at.is_some(),
        must_change_password: user.must_change_password,
        grants,
        credential,
    }))
}

/// The places of a route's targets in the tree, all looked up in one read
/// (held while the caller checks each target in turn).
pub struct Targets {
    tx: Tx,
}

impl Targets {
    pub async fn open(state: &AppState) -> AppResult<Targets> {
        Ok(Targets { tx: state.db.read().await? })
    }

    /// The path of an org; 404 when there is none.
    pub async fn org(&mut self, id: Uuid) -> AppResult<String> {
        store::org::path_of(&mut self.tx, id).await?.ok_or_else(AppError::not_found)
    }

    /// The path of an org named by a body field, `None` when it does not
    /// exist.
    pub async fn body_org(&mut self, id: Uuid) -> AppResult<Option<String>> {
        Ok(store::org::path_of(&mut self.tx, id).await?)
    }

    /// Where an account lives: its home org's path (`None`: no home org,
    /// global scope only); 404 when there is no such account.
    pub async fn user(&mut self, id: Uuid) -> AppResult<Option<String>> {
        store::auth::user_home_path(&mut self.tx, id).await?.ok_or_else(AppError::not_found)
    }

    /// The path of the union owning the object `id` of `kind` (a kind of
    /// [`super::owned`]); 404 when there is no such object.
    pub async fn owned(&mut self, kind: &str, id: Uuid) -> AppResult<String> {
        store::directory::owner_path(&mut self.tx, kind, id).await?.ok_or_else(AppError::not_found)
    }
}

/// Leaves a message for the session's next page (best effort: a failure
/// only loses the message).
pub async fn set_flash(state: &AppState, p: &Principal, msg: &str) {
    if let Some(s) = &p.session
        && let Ok(mut tx) = state.db.write().await
        && store::auth::set_flash(&mut tx, &s.token_hash, Some(msg)).await.is_ok()
    {
        let _ = tx.commit().await;
    }
}

/// Takes the flash message the previous request left: returns it and clears
/// it (best effort, like setting it). Read from the session row, not the
/// identity cache: the request that left it may have run in another process.
pub async fn take_flash(state: &AppState, p: &Principal) -> Option<String> {
    let s = p.session.as_ref()?;
    let flash = {
        let mut tx = state.db.read().await.ok()?;
        session_flash(&mut tx, &s.token_hash).await
    };
    clear_flash(state, p, flash.is_some()).await;
    flash
}

async fn session_flash(tx: &mut Tx, hash: &str) -> Option<String> {
    store::auth::session(tx, hash).await.ok().flatten().and_then(|s| s.flash)
}

/// Clears the session's flash once it was shown (no write when there was
/// none).
async fn clear_flash(state: &AppState, p: &Principal, shown: bool) {
    if let (true, Some(s)) = (shown, &p.session)
        && let Ok(mut tx) = state.db.write().await
    {
        let cleared = store::auth::set_flash(&mut tx, &s.token_hash, None).await;
        if cleared.is_ok() {
            let _ = tx.commit().await;
        }
    }
}

/// What the page layout shows about the caller, read at once.
pub struct LayoutFacts {
    /// The flash message the previous request left (now cleared).
    pub flash: Option<String>,
    /// For each permission asked about, the node its scope opens on (the top
    /// of the tree for a global scope, else the node of its first grant);
    /// `None` when the database could not be read.
    pub nodes: Option<Vec<Option<store::org::Org>>>,
    /// Whether the login is linked to a member (their own records).
    pub own: bool,
    /// How many things wait for the user (待办).
    pub todo: i64,
    /// How many of the user's notifications are unread (消息).
    pub unread: i64,
}

/// Takes the flash, then in one read for the whole navigation: the scope
/// node of each of `perms` (each distinct scope's node looked up once: most
/// callers hold every permission on one node), whether the login is linked
/// to a member, and the 待办 count. Failures only leave things out.
pub async fn layout_facts(state: &AppState, p: &Principal, perms: &[domain::auth::Perm]) -> LayoutFacts {
    let mut tx = state.db.read().await.ok();
    let flash = match (tx.as_mut(), &p.session) {
        (Some(tx), Some(s)) => session_flash(tx, &s.token_hash).await,
        _ => None,
    };
    let nodes = match tx.as_mut() {
        Some(tx) => {
            let mut seen: Vec<(Option<String>, Option<store::org::Org>)> = Vec::new();
            let mut nodes = Vec::new();
            for perm in perms {
                let scope = p.scope(*perm);
                let node_key = if scope.global { None } else { scope.roots.first().cloned() };
                if !seen.iter().any(|(k, _)| *k == node_key) {
                    let node = scope_node(tx, node_key.as_deref()).await;
                    seen.push((node_key.clone(), node));
                }
                nodes.push(seen.iter().find(|(k, _)| *k == node_key).and_then(|(_, n)| n.clone()));
            }
            Some(nodes)
        }
        None => None,
    };
    let own = match tx.as_mut() {
        Some(tx) => matches!(store::auth::member_of_user(tx, p.user_id).await, Ok(Some(_))),
        None => false,
    };
    // The 待办 count, in the same read (a few count queries).
    let todo = match tx.as_mut() {
        Some(tx) => {
            crate::todo::items_in(tx, p).await.map(|items| items.iter().map(|i| i.count).sum()).unwrap_or(0)
        }
        None => 0,
    };
    // The unread notifications, in the same read.
    let unread = match tx.as_mut() {
        Some(tx) => store::me::notify::unread_count(tx, p.user_id).await.unwrap_or(0),
        None => 0,
    };
    // The read ends before the flash is cleared: one connection at a time.
    drop(tx);
    clear_flash(state, p, flash.is_some()).await;
    LayoutFacts { flash, nodes, own, todo, unread }
}

/// The node a scope opens on: the top of the tree for a global scope, else
/// the node of its first grant. `None` as the key stands for global.
async fn scope_node(tx: &mut Tx, key: Option<&str>) -> Option<store::org::Org> {
    match key {
        None => {
            let filter = store::org::OrgFilter::default();
            let page = store::Page::new(Some(1), Some(1));
            let (top, _) = store::org::list(tx, &["/".to_owned()], &filter, page).await.ok()?;
            top.into_iter().next()
        }
        Some(root) => {
            let id = root.trim_end_matches('/').rsplit('/').next().and_then(|s| Uuid::parse_str(s).ok())?;
            store::org::get(tx, id).await.ok()?
        }
    }
}
