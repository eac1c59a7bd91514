//! gonghui's use cases, one folder per area: the services that the pages
//! and JSON API (crate `web`), the CLI, the demo, the benchmarks and
//! background jobs all call. Rules live in `domain` as pure functions and
//! SQL in `store`; a service loads, checks with the rule, writes, and
//! records the audit entry, in one place for every caller.

pub mod activity;
pub mod audit;
pub mod auth;
pub mod care;
pub mod crypto;
pub mod democracy;
pub mod disclosure;
pub mod error;
pub mod finance;
pub mod group;
pub mod me;
pub mod member;
pub mod org;
pub mod par;
pub mod plan;
pub mod proposal;
pub mod recognition;
pub mod rights;
pub mod todo;

use std::sync::Arc;

use store::Db;

pub use error::{AppError, AppResult};
/// The store's error, which every service error converts from.
pub use store::Error as StoreError;
/// Pagination of lists, as every area's list services take it.
pub use store::Page;
/// The clock every service reads (tests may move it).
pub use store::now;
/// Every request runs under the store's one-connection rule: a task that
/// acquires a second transaction while holding one fails loudly in debug
/// builds instead of deadlocking the pool under load.
pub use store::one_connection_at_a_time;

/// Whether the database answers (the health check).
pub async fn db_ready(state: &AppState) -> bool {
    state.db.ping().await
}

/// Settings of the application (security figures, not union policy).
#[derive(Debug, Clone)]
pub struct Config {
    /// A session ends after this long without a request.
    pub session_idle: chrono::Duration,
    /// And after this long in any case.
    pub session_absolute: chrono::Duration,
    /// API tokens live this long.
    pub token_ttl: chrono::Duration,
    /// Send cookies with `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Failed logins in a row per account that cost nothing; from then on
    /// each further attempt waits `login_delay · 2^k`, at most
    /// `login_delay_max` (never a hard lock).
    pub login_limit_account: i64,
    /// The same allowance per source address.
    pub login_limit_ip: i64,
    /// The first wait once the allowance is used up.
    pub login_delay: chrono::Duration,
    /// The longest wait.
    pub login_delay_max: chrono::Duration,
    /// Failed logins are forgotten after this long without one; also the
    /// window of the join page's limit per address.
    pub lockout: chrono::Duration,
    /// Reverse proxies whose `X-Forwarded-For` is believed (the client is
    /// the right-most address that is not one of them); from any other peer
    /// the header is ignored and the peer's address is the client's.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How long a process trusts what it read about a token or session
    /// (`auth::cache`): at most this long after another process revokes it,
    /// it is still honoured here. Zero turns the cache off.
    pub identity_cache_ttl: chrono::Duration,
    /// How long an e-card's token is good for (`domain::me::ecard`).
    pub ecard_ttl: chrono::Duration,
    /// The SMTP server notifications are emailed through
    /// (`smtp://host:25`, `smtp://host:587?tls=required`,
    /// `smtps://user:pass@host:465`). None: email is queued, not sent, and
    /// the administrator's outbox says why.
    pub smtp_url: Option<String>,
    /// The sender of notification email (`工会 <noreply@example.com>`).
    pub mail_from: Option<String>,
    /// How long one email or webhook call may take.
    pub webhook_timeout: std::time::Duration,
    /// How often the server drains the outbox.
    pub notify_interval: std::time::Duration,
}

impl Config {
    /// The progressive delay of failed logins for a key with this allowance.
    pub fn backoff(&self, free: i64) -> domain::auth::Backoff {
        domain::auth::Backoff {
            free,
            base: self.login_delay,
            cap: self.login_delay_max,
            forget: self.lockout,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            session_idle: chrono::Duration::hours(2),
            session_absolute: chrono::Duration::hours(12),
            token_ttl: chrono::Duration::days(30),
            secure_cookies: false,
            login_limit_account: 5,
            login_limit_ip: 20,
            login_delay: chrono::Duration::seconds(1),
            login_delay_max: chrono::Duration::minutes(5),
            lockout: chrono::Duration::minutes(15),
            trusted_proxies: Vec::new(),
            identity_cache_ttl: chrono::Duration::seconds(30),
            ecard_ttl: chrono::Duration::seconds(domain::me::ecard::DEFAULT_TTL_SECONDS),
            smtp_url: None,
            mail_from: None,
            webhook_timeout: std::time::Duration::from_secs(10),
            notify_interval: std::time::Duration::from_secs(15),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    /// Keys for sensitive fields, from the secret key file.
    pub keys: Arc<crypto::Keys>,
    /// Who each recently seen token or session belongs to (`auth::cache`).
    pub identities: Arc<auth::cache::IdentityCache>,
    /// The outbox's senders (email, webhook), built from the config once:
    /// the SMTP connection pool is shared by every drain.
    pub senders: Arc<me::notify::sender::Senders>,
}

impl AppState {
    pub fn new(db: Db, config: Arc<Config>, keys: Arc<crypto::Keys>) -> Self {
        let identities = Arc::new(auth::cache::IdentityCache::new(config.identity_cache_ttl));
        let senders = Arc::new(me::notify::sender::Senders::from_config(&config));
        Self { db, config, keys, identities, senders }
    }
}
