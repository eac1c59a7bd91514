//! The caller of a request and what their grants cover.

use domain::auth::{Perm, Role, role_allows};
use uuid::Uuid;

/// A signed-in user, with every role they hold and where.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub grants: Vec<(Role, Option<String>)>,
    /// The source address, for the audit log.
    pub ip: String,
    /// Set when signed in through the browser.
    pub session: Option<SessionInfo>,
}

#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub token_hash: String,
    pub csrf: String,
    /// A message left by the previous request (shown once).
    pub flash: Option<String>,
}

/// Where a permission applies: everywhere, or in these subtrees (paths).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scope {
    pub global: bool,
    pub roots: Vec<String>,
}

impl Principal {
    /// Whether a grant covers `path`: admin's covers everything.
    fn covers(grant: &Option<String>, path: Option<&str>) -> bool {
        match (grant, path) {
            (None, _) => true,
            (Some(root), Some(path)) => domain::org::in_subtree(path, root),
            (Some(_), None) => false,
        }
    }

    /// Whether any grant covers the node at `path` (None: a thing outside the
    /// tree, which only global grants cover). What is not visible answers 404.
    pub fn can_see(&self, path: Option<&str>) -> bool {
        self.grants.iter().any(|(_, g)| Self::covers(g, path))
    }

    /// Whether a grant covering `path` allows `perm`.
    pub fn can(&self, perm: Perm, path: Option<&str>) -> bool {
        self.grants.iter().any(|(role, g)| role_allows(*role, perm) && Self::covers(g, path))
    }

    /// Whether any grant allows `perm` somewhere.
    pub fn has(&self, perm: Perm) -> bool {
        self.grants.iter().any(|(role, _)| role_allows(*role, perm))
    }

    pub fn scope(&self, perm: Perm) -> Scope {
        let mut s = Scope::default();
        for (role, g) in &self.grants {
            if !role_allows(*role, perm) {
                continue;
            }
            match g {
                None => s.global = true,
                Some(root) => s.roots.push(root.clone()),
            }
        }
        s
    }

    /// The roles held on nodes covering `path` (for who may grant what).
    pub fn roles_at(&self, path: Option<&str>) -> Vec<Role> {
        self.grants.iter().filter(|(_, g)| Self::covers(g, path)).map(|(r, _)| *r).collect()
    }

    pub fn is_global(&self) -> bool {
        self.grants.iter().any(|(_, g)| g.is_none())
    }

    /// Whether the ancestor `id` on `path` lies inside what the caller sees
    /// (breadcrumbs link only to visible nodes).
    pub fn can_see_id_path(&self, path: &str, id: Uuid) -> bool {
        let marker = format!("/{}/", id.simple());
        match path.find(&marker) {
            Some(at) => self.can_see(Some(&path[..at + marker.len()])),
            None => false,
        }
    }

    pub fn csrf(&self) -> &str {
        self.session.as_ref().map(|s| s.csrf.as_str()).unwrap_or("")
    }
}

/// The principal a guarded handler runs for.
#[cfg(feature = "http")]
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Principal {
    type Rejection = axum::response::Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        use axum::response::{IntoResponse, Redirect};
        parts.extensions.get::<Principal>().cloned().ok_or_else(|| {
            // The API answers 401 in its error shape; a page sends the browser to sign in.
            if parts.uri.path().starts_with("/api/") {
                crate::error::AppError::code(domain::ErrorCode::Unauthenticated).into_response()
            } else {
                Redirect::to("/login").into_response()
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(grants: Vec<(Role, Option<&str>)>) -> Principal {
        Principal {
            user_id: Uuid::nil(),
            username: "u".into(),
            display_name: "u".into(),
            grants: grants.into_iter().map(|(r, g)| (r, g.map(str::to_owned))).collect(),
            ip: String::new(),
            session: None,
        }
    }

    #[test]
    fn grants_cover_their_subtree_only() {
        let chair = p(vec![(Role::Chair, Some("/f/u/"))]);
        assert!(chair.can_see(Some("/f/u/")));
        assert!(chair.can_see(Some("/f/u/g/")));
        assert!(!chair.can_see(Some("/f/")));
        assert!(!chair.can_see(Some("/f/v/")));
        assert!(!chair.can_see(None));
        assert!(chair.can(Perm::OrgManage, Some("/f/u/g/")));
        assert!(!chair.can(Perm::AuditView, Some("/f/u/")));
    }

    #[test]
    fn admin_sees_everything_and_scopes_merge() {
        let admin = p(vec![(Role::Admin, None)]);
        assert!(admin.can_see(None) && admin.can(Perm::AuditView, Some("/x/")));
        assert!(admin.scope(Perm::OrgView).global);
        let two = p(vec![(Role::Member, Some("/a/")), (Role::Officer, Some("/b/"))]);
        assert_eq!(two.scope(Perm::OrgView).roots, vec!["/a/", "/b/"]);
        assert_eq!(two.scope(Perm::OrgManage).roots, vec!["/b/"]);
    }
}
