//! `gonghui`: 工会业务系统 — one binary for the web UI, the API and the tools.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "gonghui", version, about = "工会业务系统：组织、会员、经费、帮扶、民主管理")]
struct Cli {
    /// Database URL: sqlite://path/file.db or postgres://user@host/db.
    #[arg(
        long = "database",
        env = "GONGHUI_DATABASE_URL",
        global = true,
        default_value = "sqlite://data/gonghui.db"
    )]
    database: String,
    /// The field-encryption key; created (mode 0600) at first start.
    #[arg(long, env = "GONGHUI_SECRET_KEY_FILE", global = true, default_value = "data/secret.key")]
    secret_key_file: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web UI and the API.
    Serve {
        #[arg(long, env = "GONGHUI_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// Create the demo data when the database has no orgs yet.
        #[arg(long)]
        demo: bool,
        /// Mark cookies Secure (set when served over HTTPS).
        #[arg(long, env = "GONGHUI_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Database connections kept at most (default: 8 on SQLite, 16 on PostgreSQL).
        #[arg(long, env = "GONGHUI_DB_POOL", value_parser = clap::value_parser!(u32).range(1..=1000))]
        db_pool: Option<u32>,
        /// A reverse proxy whose X-Forwarded-For is believed (IP address; may
        /// be given several times or comma-separated). From other peers the
        /// header is ignored.
        #[arg(long = "trusted-proxy", env = "GONGHUI_TRUSTED_PROXY", value_delimiter = ',')]
        trusted_proxy: Vec<String>,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Create the demo data in an empty database.
    Demo,
    /// Audit-log tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Ledger tools.
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
    /// Ballot tools.
    Tally {
        #[command(subcommand)]
        command: TallyCommand,
    },
    /// Benchmarks (they write into the database given: use a scratch one).
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// Account tools for the person who runs the server (audited).
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Write a consistent copy of an SQLite database (for PostgreSQL use pg_dump).
    Backup {
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Set a new password for an account and end all its sessions and API
    /// tokens. Prints a new random password once, or with --password-stdin
    /// reads it from the first line of standard input.
    ResetPassword {
        /// The account's username.
        user: String,
        /// Read the new password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Grant an account the admin role (and enable it if it was disabled).
    Grant {
        /// The account's username.
        user: String,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Roster: import rate vs bare INSERT, search latency, export.
    Members {
        #[arg(long, default_value_t = 100_000)]
        import_rows: usize,
        #[arg(long, default_value_t = 1_000_000)]
        members: usize,
        #[arg(long, default_value_t = 5_000)]
        unions: usize,
        #[arg(long, default_value_t = 500)]
        queries: usize,
        /// Members of the one large union searched and viewed over HTTP (0: skip).
        #[arg(long, default_value_t = 50_000)]
        large_union: usize,
        /// API searches in flight at once in the large union.
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
        /// Roster page viewers at once in the large union.
        #[arg(long, default_value_t = 50)]
        viewers: usize,
    },
    /// The server under a crowd over HTTP: roster viewers at once, then mixed
    /// clients with writes; throughput, errors and latency.
    Load {
        #[arg(long, default_value_t = 2_000)]
        members: usize,
        #[arg(long, default_value_t = 64)]
        viewers: usize,
        #[arg(long, default_value_t = 200)]
        clients: usize,
        /// Seconds of each phase.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Database connections kept at most (default: the engine's).
        #[arg(long)]
        db_pool: Option<u32>,
    },
    /// Ballots: voters casting one vote each over HTTP on loopback, at once;
    /// latency, exactly-once, close and tally.
    Democracy {
        #[arg(long, default_value_t = 2_000)]
        voters: usize,
        /// Requests in flight at once (default: every voter at once).
        #[arg(long)]
        concurrency: Option<usize>,
    },
    /// Ledger: batch posting rate, reports, federation roll-up, dues bills.
    Finance {
        #[arg(long, default_value_t = 1_000_000)]
        lines: usize,
        #[arg(long, default_value_t = 100)]
        unions: usize,
        #[arg(long, default_value_t = 1_000_000)]
        members: usize,
    },
    /// Care: recompute hardship categories and yearly aid totals; build and
    /// pay a 送温暖 list.
    Care {
        #[arg(long, default_value_t = 100_000)]
        members: usize,
        #[arg(long, default_value_t = 20_000)]
        files: usize,
        #[arg(long, default_value_t = 200_000)]
        payments: usize,
        #[arg(long, default_value_t = 5_000)]
        recipients: usize,
    },
}

#[derive(Subcommand)]
enum LedgerCommand {
    /// Check every union's chain of posted vouchers; exit 1 naming the first
    /// voucher that was changed or removed.
    Verify,
}

#[derive(Subcommand)]
enum TallyCommand {
    /// Recount closed ballots from their published papers and compare with
    /// the recorded results; with --file, recount a tally downloaded from
    /// GET /api/v1/ballots/{id}/tally without the database. Exit 1 on any
    /// difference.
    Verify {
        /// Only this ballot.
        #[arg(long)]
        ballot: Option<uuid::Uuid>,
        /// A published tally (JSON) to recount on its own.
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain; exit 1 naming the first changed or removed entry.
    Verify,
}

/// glibc raises its mmap threshold once a large block is freed, so every
/// later argon2 hash (19 MiB each) comes from the heap and stays resident:
/// ten sign-ins left 170 MiB behind. A fixed threshold keeps such blocks
/// mmapped, and freeing them gives the memory back.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_large_blocks_mmapped() {
    // SAFETY: mallopt only sets an allocator parameter; called before any
    // other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_large_blocks_mmapped() {}

fn main() -> ExitCode {
    keep_large_blocks_mmapped();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("GONGHUI_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_target(false)
        .init();
    let cli = Cli::parse();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    match rt.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve { listen, demo, secure_cookies, db_pool, trusted_proxy } => {
            let trusted_proxies =
                web::client_ip::parse_trusted(&trusted_proxy).map_err(anyhow::Error::msg)?;
            let opts = gonghui::ServeOptions {
                listen,
                database_url: cli.database,
                pool_size: db_pool,
                secret_key_file: cli.secret_key_file,
                admin_password: std::env::var("GONGHUI_ADMIN_PASSWORD").ok().filter(|s| !s.is_empty()),
                demo,
                config: web::Config { secure_cookies, trusted_proxies, ..Default::default() },
            };
            let running = gonghui::start(opts).await?;
            if let Some(pw) = &running.generated_admin_password {
                // Printed once, to the console only: never logged.
                println!("\n首次启动：已创建系统管理员 admin，初始密码：{pw}\n请登录后立即修改密码。\n");
            }
            println!("gonghui 已启动：http://{}", running.addr);
            running.serve_until_signal().await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            let db = gonghui::open_db(&cli.database).await?;
            let versions = db.applied_migrations().await?;
            println!("数据库已是最新结构（{}，迁移版本 {:?}）", db.backend(), versions);
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo => {
            let db = gonghui::open_db(&cli.database).await?;
            let pw = web::routes::auth::service::ensure_admin(
                &db,
                std::env::var("GONGHUI_ADMIN_PASSWORD").ok().as_deref(),
            )
            .await
            .map_err(|e| anyhow::anyhow!(e.0.message))?;
            if let Some(pw) = pw {
                println!("已创建系统管理员 admin，初始密码：{pw}");
            }
            let keys = std::sync::Arc::new(gonghui::ensure_secret_key(&cli.secret_key_file)?);
            gonghui::demo::create(&db, &keys).await?;
            println!("演示数据已生成。演示账号的密码均为 {}", gonghui::demo::DEMO_PASSWORD);
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit { command: AuditCommand::Verify } => {
            let db = gonghui::open_db(&cli.database).await?;
            match gonghui::verify::audit(&db).await? {
                Ok(n) => {
                    println!("审计日志完整：共 {n} 条记录，哈希链无误。");
                    Ok(ExitCode::SUCCESS)
                }
                Err(b) => {
                    eprintln!("审计日志被篡改：第 {} 条记录异常：{}", b.seq, b.reason);
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Ledger { command: LedgerCommand::Verify } => {
            let db = gonghui::open_db(&cli.database).await?;
            let mut tx = db.read().await?;
            match store::finance::verify_chains(&mut tx).await? {
                Ok(n) => {
                    println!("账簿完整：共 {n} 张已记账凭证，各工会哈希链无误。");
                    Ok(ExitCode::SUCCESS)
                }
                Err((union_id, b)) => {
                    eprintln!("账簿被篡改：工会 {union_id} 第 {} 号记账记录异常：{}", b.seq, b.reason);
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Tally { command: TallyCommand::Verify { file: Some(file), .. } } => {
            let text = std::fs::read_to_string(&file)?;
            let problems = gonghui::verify::tally_file(&text)?;
            if problems.is_empty() {
                println!("复核无误：按公布的选票重新计票，与公布的结果一致。");
                Ok(ExitCode::SUCCESS)
            } else {
                for p in problems {
                    eprintln!("不符：{p}");
                }
                Ok(ExitCode::FAILURE)
            }
        }
        Command::Tally { command: TallyCommand::Verify { ballot, file: None } } => {
            let db = gonghui::open_db(&cli.database).await?;
            let recounts = gonghui::verify::tallies(&db, ballot).await?;
            let mut bad = 0;
            for r in &recounts {
                if r.problems.is_empty() {
                    println!("无误：{}（{}）共{}张选票", r.title, r.ballot_id, r.papers);
                } else {
                    bad += 1;
                    for p in &r.problems {
                        eprintln!("不符：{}（{}）：{p}", r.title, r.ballot_id);
                    }
                }
            }
            if ballot.is_some() && recounts.is_empty() {
                anyhow::bail!("没有这个已结束的投票");
            }
            println!("共复核{}个已结束的投票，{}个不符。", recounts.len(), bad);
            Ok(if bad == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Command::Bench { command: BenchCommand::Finance { lines, unions, members } } => {
            let db = gonghui::open_db(&cli.database).await?;
            gonghui::bench::finance(db, lines, unions, members).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { command: BenchCommand::Load { members, viewers, clients, seconds, db_pool } } => {
            let db = gonghui::open_db_with(&cli.database, db_pool).await?;
            gonghui::bench::load(db, gonghui::bench::LoadSizes { members, viewers, clients, seconds })
                .await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { command: BenchCommand::Democracy { voters, concurrency } } => {
            let db = gonghui::open_db(&cli.database).await?;
            let sizes = gonghui::bench::VoteSizes { voters, concurrency: concurrency.unwrap_or(voters) };
            gonghui::bench::democracy(db, sizes).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            command:
                BenchCommand::Members { import_rows, members, unions, queries, large_union, concurrency, viewers },
        } => {
            let db = gonghui::open_db(&cli.database).await?;
            let large = gonghui::bench::LargeSizes { members: large_union, queries, concurrency, viewers };
            gonghui::bench::members(
                db,
                gonghui::bench::Sizes { import_rows, members, unions, queries, large },
            )
            .await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { command: BenchCommand::Care { members, files, payments, recipients } } => {
            let db = gonghui::open_db(&cli.database).await?;
            gonghui::bench::care(db, gonghui::bench::CareSizes { members, files, payments, recipients })
                .await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Admin { command: AdminCommand::ResetPassword { user, password_stdin } } => {
            let db = gonghui::open_db(&cli.database).await?;
            let source = if password_stdin {
                gonghui::admin::NewPassword::Stdin
            } else {
                gonghui::admin::NewPassword::Random
            };
            let generated = gonghui::admin::reset_password(&db, &user, source).await?;
            match generated {
                // Printed once, to the console only: never logged.
                Some(pw) => println!("已重置账号 {user} 的密码，新密码：{pw}\n请通知本人登录后立即修改。"),
                None => println!("已重置账号 {user} 的密码。"),
            }
            println!("该账号的全部会话和接口令牌已失效。");
            Ok(ExitCode::SUCCESS)
        }
        Command::Admin { command: AdminCommand::Grant { user } } => {
            let db = gonghui::open_db(&cli.database).await?;
            let done = gonghui::admin::grant(&db, &user).await?;
            if done.granted {
                println!("已授予账号 {user} 系统管理员角色。");
            } else {
                println!("账号 {user} 已有系统管理员角色。");
            }
            if done.enabled {
                println!("该账号原已停用，现已启用。");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { out } => {
            let db = gonghui::open_db(&cli.database).await?;
            if out.exists() {
                anyhow::bail!("备份文件 {} 已存在，请换一个文件名", out.display());
            }
            if db.backup_sqlite(&out).await? {
                println!("已备份到 {}", out.display());
                Ok(ExitCode::SUCCESS)
            } else {
                anyhow::bail!("PostgreSQL 请使用 pg_dump 备份")
            }
        }
    }
}
