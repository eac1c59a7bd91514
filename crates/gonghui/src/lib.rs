//! Wiring of the `gonghui` binary, as a library so tests start the very
//! same server on port 0.

pub mod admin;
pub mod bench;
pub mod demo;
pub mod smtp_sink;
pub mod verify;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use app::crypto::Keys;
use app::{AppState, Config};
use store::Db;
use tokio::net::TcpListener;
use tokio::sync::watch;
use web::RouteSpec;

/// Connects and brings the schema up to date.
pub async fn open_db(url: &str) -> anyhow::Result<Db> {
    open_db_with(url, None).await
}

/// As [`open_db`], with at most `pool` connections.
pub async fn open_db_with(url: &str, pool: Option<u32>) -> anyhow::Result<Db> {
    open_db_partitioned(url, pool, false).await
}

/// As [`open_db_with`]; with `partitioned` (PostgreSQL only), every tenant
/// table then becomes `PARTITION BY HASH (union_id)` (see
/// `store::partition`). A database partitioned once stays so without it.
pub async fn open_db_partitioned(url: &str, pool: Option<u32>, partitioned: bool) -> anyhow::Result<Db> {
    let db = Db::connect_with(url, pool)
        .await
        .with_context(|| format!("无法连接数据库 {}", store::redact_url(url)))?;
    db.migrate_with(partitioned).await.context("数据库迁移失败")?;
    // Search keys are computed in Rust (pinyin readings), which a migration
    // cannot run: members keyed by older rules are rekeyed here, once.
    let rekeyed = store::member::refresh_search_keys(&db).await.context("更新会员检索键失败")?;
    if rekeyed > 0 {
        tracing::info!(rekeyed, "member search keys recomputed");
    }
    Ok(db)
}

/// Loads the field-encryption key, creating it (mode 0600) at first start.
/// Losing it loses every encrypted field.
pub fn ensure_secret_key(path: &Path) -> anyhow::Result<Keys> {
    if path.exists() {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("无法读取密钥文件 {}", path.display()))?;
        return match Keys::from_hex(&text) {
            Some(keys) => Ok(keys),
            None => bail!("密钥文件 {} 格式不正确（应为64位十六进制）", path.display()),
        };
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut key = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut key);
    write_private(path, hex::encode(key).as_bytes())
        .with_context(|| format!("无法创建密钥文件 {}", path.display()))?;
    tracing::info!(path = %path.display(), "created the field-encryption key");
    Ok(Keys::from_secret(&key))
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

pub struct ServeOptions {
    pub listen: String,
    pub database_url: String,
    /// Connections kept at most (None: the engine's default).
    pub pool_size: Option<u32>,
    pub secret_key_file: PathBuf,
    pub admin_password: Option<String>,
    pub demo: bool,
    /// PostgreSQL with every tenant table hash-partitioned by union
    /// (`--partitioned`, GONGHUI_PARTITIONED=1).
    pub partitioned: bool,
    pub config: Config,
}

/// A running server.
pub struct Running {
    pub addr: SocketAddr,
    pub routes: Vec<RouteSpec>,
    pub db: Db,
    /// The admin password generated at first start, if one was.
    pub generated_admin_password: Option<String>,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    notify: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Stops accepting, lets requests in flight finish, closes the pool.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
        let _ = self.notify.await;
        self.db.close().await;
    }

    /// Waits until the server ends (after a shutdown signal).
    pub async fn wait(self) -> anyhow::Result<()> {
        let r = self.task.await;
        let _ = self.stop.send(true);
        let _ = self.notify.await;
        self.db.close().await;
        r??;
        Ok(())
    }
}

/// Starts the server: key, database, first admin, demo data, listener.
pub async fn start(opts: ServeOptions) -> anyhow::Result<Running> {
    let keys = Arc::new(ensure_secret_key(&opts.secret_key_file)?);
    let db = open_db_partitioned(&opts.database_url, opts.pool_size, opts.partitioned).await?;
    let generated = app::auth::service::ensure_admin(&db, opts.admin_password.as_deref())
        .await
        .map_err(|e| anyhow::anyhow!("无法创建首个系统管理员，服务未启动：{}", e.0.message))?;
    if opts.demo {
        demo::create_if_empty(&db, &keys).await?;
    }
    let listener =
        TcpListener::bind(&opts.listen).await.with_context(|| format!("无法监听 {}", opts.listen))?;
    let addr = listener.local_addr()?;
    let interval = opts.config.notify_interval;
    let state = AppState::new(db.clone(), Arc::new(opts.config), keys);
    let (stop, mut stopped) = watch::channel(false);
    // The outbox's drain (and the daily dues reminder), stopped with the server.
    let notify = tokio::spawn(app::me::notify::drain::run(state.clone(), interval, stop.subscribe()));
    let app = web::app(state);
    let service = app.router.into_make_service_with_connect_info::<SocketAddr>();
    let task = tokio::spawn(async move {
        axum::serve(listener, service)
            .with_graceful_shutdown(async move {
                let _ = stopped.changed().await;
            })
            .await
    });
    tracing::info!(%addr, backend = db.backend(), "gonghui is serving");
    Ok(Running { addr, routes: app.routes, db, generated_admin_password: generated, stop, task, notify })
}

/// Resolves when Ctrl-C or SIGTERM arrives.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

impl Running {
    /// Runs until a shutdown signal, then stops gracefully.
    pub async fn serve_until_signal(self) -> anyhow::Result<()> {
        shutdown_signal().await;
        tracing::info!("shutting down");
        self.stop().await;
        Ok(())
    }
}
