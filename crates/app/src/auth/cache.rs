//! A small in-process cache of who a token or session cookie belongs to, so
//! that a request's identity check costs no database read.
//!
//! Entries live at most `Config::identity_cache_ttl` (30 s by default): a
//! change made by another server process behind the same database (or by the
//! CLI) is honoured within that time. Changes made by this process drop the
//! entries they affect at once, after their transaction commits: logout,
//! token revocation, password change or reset, account disabled or enabled,
//! role granted or removed, an org moved (grants carry the org's path).
//!
//! A read that started before an invalidation must not put what it read
//! back afterwards: every invalidation bumps an epoch, and a read only
//! stores its result when the epoch is still the one it started under.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use domain::auth::Role;
use uuid::Uuid;

/// Entries kept at most; past that, expired ones go, then everything (a
/// burst of distinct tokens costs re-reads, never unbounded memory).
pub const MAX_ENTRIES: usize = 20_000;

/// Which credential an entry is keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Token,
    Session,
}

/// What the database said about a credential and its account.
#[derive(Debug, Clone)]
pub struct Identity {
    pub user_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub disabled: bool,
    pub must_change_password: bool,
    pub grants: Vec<(Role, Option<String>)>,
    pub credential: Credential,
}

#[derive(Debug, Clone)]
pub enum Credential {
    Token { expires_at: DateTime<Utc> },
    Session { csrf: String, expires_at: DateTime<Utc>, last_seen_at: DateTime<Utc> },
}

struct Entry {
    /// When it was read (the application clock, which tests may move).
    read_at: DateTime<Utc>,
    identity: Identity,
}

#[derive(Default)]
struct Inner {
    map: HashMap<(Kind, String), Entry>,
    epoch: u64,
}

pub struct IdentityCache {
    ttl: chrono::Duration,
    inner: Mutex<Inner>,
}

impl IdentityCache {
    /// A cache whose entries live `ttl` (zero or less: nothing is cached).
    pub fn new(ttl: chrono::Duration) -> Self {
        Self { ttl, inner: Mutex::default() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves only a map behind: go on.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn fresh(&self, e: &Entry, now: DateTime<Utc>) -> bool {
        // A clock moved back makes an entry "from the future": re-read it.
        e.read_at <= now && now - e.read_at < self.ttl
    }

    /// The cached identity of a credential, if read less than the lifetime
    /// ago.
    pub fn get(&self, kind: Kind, hash: &str, now: DateTime<Utc>) -> Option<Identity> {
        let mut inner = self.lock();
        let key = (kind, hash.to_owned());
        match inner.map.get(&key) {
            Some(e) if self.fresh(e, now) => Some(e.identity.clone()),
            Some(_) => {
                inner.map.remove(&key);
                None
            }
            None => None,
        }
    }

    /// The epoch a database read starts under (pass it to [`Self::put`]).
    pub fn epoch(&self) -> u64 {
        self.lock().epoch
    }

    /// Stores what a read found, unless something was invalidated since the
    /// read began (then it may be stale, and the next request reads again).
    pub fn put(&self, kind: Kind, hash: &str, identity: Identity, epoch: u64, now: DateTime<Utc>) {
        if self.ttl <= chrono::Duration::zero() {
            return;
        }
        let mut inner = self.lock();
        if inner.epoch != epoch {
            return;
        }
        if inner.map.len() >= MAX_ENTRIES {
            inner.map.retain(|_, e| e.read_at <= now && now - e.read_at < self.ttl);
            if inner.map.len() >= MAX_ENTRIES {
                inner.map.clear();
            }
        }
        inner.map.insert((kind, hash.to_owned()), Entry { read_at: now, identity });
    }

    /// Records that a session's idle clock was refreshed.
    pub fn touched(&self, hash: &str, at: DateTime<Utc>) {
        let mut inner = self.lock();
        if let Some(Entry {
            identity: Identity { credential: Credential::Session { last_seen_at, .. }, .. },
            ..
        }) = inner.map.get_mut(&(Kind::Session, hash.to_owned()))
        {
            *last_seen_at = at;
        }
    }

    /// Drops one credential (logout, token revoked).
    pub fn forget(&self, kind: Kind, hash: &str) {
        let mut inner = self.lock();
        inner.epoch += 1;
        inner.map.remove(&(kind, hash.to_owned()));
    }

    /// Drops every credential of an account (password, status or roles
    /// changed).
    pub fn forget_user(&self, user_id: Uuid) {
        let mut inner = self.lock();
        inner.epoch += 1;
        inner.map.retain(|_, e| e.identity.user_id != user_id);
    }

    /// Drops everything (org paths changed under the grants).
    pub fn clear(&self) {
        let mut inner = self.lock();
        inner.epoch += 1;
        inner.map.clear();
    }

    /// How many entries are held (for tests and diagnostics).
    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(user_id: Uuid) -> Identity {
        Identity {
            user_id,
            username: "u".into(),
            display_name: "u".into(),
            disabled: false,
            must_change_password: false,
            grants: Vec::new(),
            credential: Credential::Token { expires_at: store::now() + chrono::Duration::days(1) },
        }
    }

    #[test]
    fn entries_expire_after_the_lifetime() {
        let c = IdentityCache::new(chrono::Duration::seconds(30));
        let now = store::now();
        let u = Uuid::now_v7();
        c.put(Kind::Token, "h", identity(u), c.epoch(), now);
        assert!(c.get(Kind::Token, "h", now + chrono::Duration::seconds(29)).is_some());
        assert!(c.get(Kind::Token, "h", now + chrono::Duration::seconds(30)).is_none());
        // A clock moved back does not serve an entry read "later".
        c.put(Kind::Token, "h", identity(u), c.epoch(), now);
        assert!(c.get(Kind::Token, "h", now - chrono::Duration::seconds(1)).is_none());
    }

    #[test]
    fn a_read_older_than_an_invalidation_is_not_stored() {
        let c = IdentityCache::new(chrono::Duration::seconds(30));
        let now = store::now();
        let u = Uuid::now_v7();
        let epoch = c.epoch();
        c.forget_user(u);
        c.put(Kind::Token, "h", identity(u), epoch, now);
        assert!(c.get(Kind::Token, "h", now).is_none());
        c.put(Kind::Token, "h", identity(u), c.epoch(), now);
        c.put(Kind::Session, "s", identity(Uuid::now_v7()), c.epoch(), now);
        c.forget_user(u);
        assert!(c.get(Kind::Token, "h", now).is_none());
        assert!(c.get(Kind::Session, "s", now).is_some(), "another account's entry stays");
    }

    #[test]
    fn the_cache_stays_bounded_and_a_zero_lifetime_caches_nothing() {
        let c = IdentityCache::new(chrono::Duration::seconds(30));
        let now = store::now();
        for i in 0..MAX_ENTRIES + 10 {
            c.put(Kind::Token, &i.to_string(), identity(Uuid::now_v7()), c.epoch(), now);
        }
        assert!(c.len() <= MAX_ENTRIES);
        let off = IdentityCache::new(chrono::Duration::zero());
        off.put(Kind::Token, "h", identity(Uuid::now_v7()), off.epoch(), now);
        assert!(off.is_empty());
    }
}
