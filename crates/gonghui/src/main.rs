//! `gonghui`: 工会业务系统 — one binary for the web UI, the API and the tools.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

#[derive(Parser)]
#[command(name = "gonghui", version, about = "工会业务系统：组织、会员、经费、帮扶、民主管理")]
struct Cli {
    /// 数据库地址：sqlite://路径/文件.db 或 postgres://用户@主机/库名。
    #[arg(
        long = "database",
        env = "GONGHUI_DATABASE_URL",
        global = true,
        default_value = "sqlite://data/gonghui.db"
    )]
    database: String,
    /// 字段加密密钥文件；首次启动时创建（权限0600）。
    #[arg(long, env = "GONGHUI_SECRET_KEY_FILE", global = true, default_value = "data/secret.key")]
    secret_key_file: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 启动网页和接口服务。
    Serve {
        /// 监听地址和端口。
        #[arg(long, env = "GONGHUI_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// 数据库中还没有组织时，创建演示数据。
        #[arg(long)]
        demo: bool,
        /// 仅通过加密连接发送登录凭据（经 HTTPS 提供服务时设置）。
        #[arg(long, env = "GONGHUI_SECURE_COOKIES")]
        secure_cookies: bool,
        /// 数据库连接数上限（默认：SQLite 8个，PostgreSQL 16个）。
        #[arg(long, env = "GONGHUI_DB_POOL", value_parser = clap::value_parser!(u32).range(1..=1000))]
        db_pool: Option<u32>,
        /// 可信的反向代理地址（其转发的来源地址才被采信；可多次给出或用逗号分隔）。
        #[arg(long = "trusted-proxy", env = "GONGHUI_TRUSTED_PROXY", value_delimiter = ',')]
        trusted_proxy: Vec<String>,
        /// 将各工会数据表按工会哈希分区（仅 PostgreSQL；分区后一直保持）。
        #[arg(long, env = "GONGHUI_PARTITIONED")]
        partitioned: bool,
        /// 登录身份缓存的秒数（0至30；0为不缓存）。多个服务进程共用一个数据库时，在其他进程注销的令牌、停用的账号、撤销的角色，最多在这段时间后生效。
        #[arg(long, env = "GONGHUI_IDENTITY_CACHE_SECONDS", default_value_t = 30,
            value_parser = clap::value_parser!(u8).range(0..=30))]
        identity_cache_seconds: u8,
        /// 发送通知邮件的 SMTP 服务器，例如 smtp://主机:25、smtp://主机:587?tls=required（STARTTLS）、smtps://用户:密码@主机:465。不设置时，邮件只排队不发送，管理员可在“发件箱”中看到。
        #[arg(long, env = "GONGHUI_SMTP_URL")]
        smtp_url: Option<String>,
        /// 通知邮件的发件人：发件人名称和邮箱地址，如“某某工会”加本会的发信邮箱。
        #[arg(long, env = "GONGHUI_MAIL_FROM")]
        mail_from: Option<String>,
        /// 发送一封邮件或一次推送（短信/公众号）最长等待的秒数。
        #[arg(long, env = "GONGHUI_NOTIFY_TIMEOUT_SECONDS", default_value_t = 10,
            value_parser = clap::value_parser!(u16).range(1..=300))]
        notify_timeout_seconds: u16,
        /// 发件箱检查间隔（秒）：每隔这么久发送到期的通知邮件和推送。
        #[arg(long, env = "GONGHUI_NOTIFY_INTERVAL_SECONDS", default_value_t = 15,
            value_parser = clap::value_parser!(u16).range(1..=3600))]
        notify_interval_seconds: u16,
    },
    /// 消息通知工具。
    Notify {
        #[command(subcommand)]
        command: NotifyCommand,
    },
    /// 升级数据库结构后退出。
    Migrate {
        /// 将各工会数据表按工会哈希分区（仅 PostgreSQL；分区后一直保持）。
        #[arg(long, env = "GONGHUI_PARTITIONED")]
        partitioned: bool,
    },
    /// 在空数据库中创建演示数据。
    Demo,
    /// 审计日志工具。
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// 账簿工具。
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
    /// 投票计票工具。
    Tally {
        #[command(subcommand)]
        command: TallyCommand,
    },
    /// 性能测试（会写入所给数据库，请使用临时库）。
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// 服务器管理员的账号工具（记入审计日志）。
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// 备份 SQLite 数据库为一致的副本（PostgreSQL 请用 pg_dump）。
    Backup {
        /// 备份文件路径。
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum NotifyCommand {
    /// 立即发送发件箱中到期的通知（一次），然后退出。
    Drain {
        /// 发送通知邮件的 SMTP 服务器（同 serve 的 --smtp-url）。
        #[arg(long, env = "GONGHUI_SMTP_URL")]
        smtp_url: Option<String>,
        /// 通知邮件的发件人（同 serve 的 --mail-from）。
        #[arg(long, env = "GONGHUI_MAIL_FROM")]
        mail_from: Option<String>,
    },
    /// 提醒欠缴会费的会员（每人每月至多一次），然后退出。
    DuesOverdue,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// 为账号设置新密码，并结束其全部会话和接口令牌。默认生成随机密码并显示一次；加 --password-stdin 则从标准输入的第一行读取。
    ResetPassword {
        /// 账号的用户名。
        user: String,
        /// 从标准输入读取新密码，不自动生成。
        #[arg(long)]
        password_stdin: bool,
    },
    /// 授予账号系统管理员角色（账号已停用的，同时启用）。
    Grant {
        /// 账号的用户名。
        user: String,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// 会员名册：导入速度、查询延迟、导出。
    Members {
        /// 导入测试的行数。
        #[arg(long, default_value_t = 100_000)]
        import_rows: usize,
        /// 会员数。
        #[arg(long, default_value_t = 1_000_000)]
        members: usize,
        /// 工会数。
        #[arg(long, default_value_t = 5_000)]
        unions: usize,
        /// 查询次数。
        #[arg(long, default_value_t = 500)]
        queries: usize,
        /// 大型工会的会员数，用于网页查询和浏览测试（0：跳过）。
        #[arg(long, default_value_t = 50_000)]
        large_union: usize,
        /// 大型工会中同时进行的接口查询数。
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
        /// 大型工会中同时浏览名册的人数。
        /// 同时浏览名册的人数。
        #[arg(long, default_value_t = 50)]
        viewers: usize,
    },
    /// 多人同时访问：先同时浏览名册，再混合读写；吞吐量、错误和延迟。
    Load {
        /// 会员数。
        #[arg(long, default_value_t = 2_000)]
        members: usize,
        /// 同时浏览名册的人数。
        #[arg(long, default_value_t = 64)]
        viewers: usize,
        /// 混合读写的客户端数。
        #[arg(long, default_value_t = 200)]
        clients: usize,
        /// 每个阶段的秒数。
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// 数据库连接数上限（默认：按数据库类型）。
        #[arg(long)]
        db_pool: Option<u32>,
    },
    /// 投票：大量投票人同时各投一票；延迟、一人一票、结束和计票。
    Democracy {
        /// 投票人数。
        #[arg(long, default_value_t = 2_000)]
        voters: usize,
        /// 同时进行的请求数（默认：全部投票人同时）。
        #[arg(long)]
        concurrency: Option<usize>,
    },
    /// 账簿：批量记账速度、报表、上级汇总、会费账单。
    Finance {
        /// 凭证分录行数。
        #[arg(long, default_value_t = 1_000_000)]
        lines: usize,
        /// 工会数。
        #[arg(long, default_value_t = 100)]
        unions: usize,
        /// 会员数。
        #[arg(long, default_value_t = 1_000_000)]
        members: usize,
    },
    /// 并行写入：多个客户端同时经服务层新增会员（记审计日志），分别写入各自的工会和同一个工会；比较速度。
    Writes {
        /// 客户端数。
        #[arg(long, default_value_t = 16)]
        clients: usize,
        /// 每种情形写入的会员数。
        #[arg(long, default_value_t = 3_200)]
        members: usize,
        /// 每种情形持续的秒数（给出时不按会员数）。
        #[arg(long)]
        seconds: Option<u64>,
    },
    /// 帮扶：重算困难类别和年度帮扶合计；生成并发放送温暖名单。
    Care {
        /// 会员数。
        #[arg(long, default_value_t = 100_000)]
        members: usize,
        /// 困难职工档案数。
        #[arg(long, default_value_t = 20_000)]
        files: usize,
        /// 帮扶发放记录数。
        #[arg(long, default_value_t = 200_000)]
        payments: usize,
        /// 送温暖名单人数。
        #[arg(long, default_value_t = 5_000)]
        recipients: usize,
    },
    /// 活动：许多会员同时经 HTTP 报名（名额与候补恰好无误）；大工会全年参与面。
    Activity {
        /// 同时报名的会员数（0：跳过）。
        #[arg(long, default_value_t = 5_000)]
        members: usize,
        /// 名额。
        #[arg(long, default_value_t = 500)]
        places: usize,
        /// 计算参与面的工会会员数（0：跳过）。
        #[arg(long, default_value_t = 30_000)]
        roster: usize,
        /// 全年活动数。
        #[arg(long, default_value_t = 300)]
        activities: usize,
        /// 签到记录数。
        #[arg(long, default_value_t = 200_000)]
        checkins: usize,
    },
    /// 我的：一名入会十年的会员（会费账单、参加的活动、申请）的“我的”页面的服务端用时和压缩后的页面大小。
    Me {
        /// 会费账单月数。
        #[arg(long, default_value_t = 120)]
        bills: usize,
        /// 参加的活动数。
        #[arg(long, default_value_t = 30)]
        activities: usize,
        /// 计时的请求次数。
        #[arg(long, default_value_t = 50)]
        runs: usize,
    },
    /// 工作计划：读出三份示例计划中量化目标的耗时；一个工会的计划页面（20个目标，含当前值、进度和趋势）的耗时。
    Plan {
        /// 会员数。
        #[arg(long, default_value_t = 30_000)]
        members: usize,
        /// 全年活动次数。
        #[arg(long, default_value_t = 200)]
        activities: usize,
        /// 全年签到人次。
        #[arg(long, default_value_t = 100_000)]
        checkins: usize,
        /// 计时的次数。
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
    /// 表彰与培训：一个工会全年的合理化建议统计和培训统计（人次、学时、工会干部培训）。
    Recognition {
        /// 会员数。
        #[arg(long, default_value_t = 30_000)]
        members: usize,
        /// 全年合理化建议件数。
        #[arg(long, default_value_t = 20_000)]
        suggestions: usize,
        /// 全年培训期数。
        #[arg(long, default_value_t = 200)]
        courses: usize,
        /// 全年培训人次（计入学时的参训记录）。
        #[arg(long, default_value_t = 100_000)]
        attendances: usize,
        /// 统计重复计算的次数。
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
    /// 消息通知：投票开始时向全体选民发通知（站内消息和邮件排队）的耗时；发件箱经 SMTP 发往本机模拟邮件服务器的速度。
    Notify {
        /// 选民名单上的账号数（均开启邮件通知）。
        #[arg(long, default_value_t = 30_000)]
        members: usize,
    },
    /// 工作计划：市总工会（若干区总工会、基层工会和会员）的工会统计年报耗时，及一个基层工会年终工作总结数据稿的耗时。
    AnnualStats {
        /// 区总工会数。
        #[arg(long, default_value_t = 10)]
        districts: usize,
        /// 基层工会数。
        #[arg(long, default_value_t = 5_000)]
        unions: usize,
        /// 会员总数（平均分到各工会）。
        #[arg(long, default_value_t = 1_000_000)]
        members: usize,
        /// 每个工会的职代会代表数。
        #[arg(long, default_value_t = 20)]
        delegates_per_union: usize,
        /// 重复计算的次数。
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// 维权：区总工会的维权统计（企业名录、工会、来信来访、调解案件）；企业名录表格导入速度。
    Rights {
        /// 企业名录中的企业数（0：跳过统计）。
        #[arg(long, default_value_t = 2_000)]
        employers: usize,
        #[arg(long, default_value_t = 500)]
        unions: usize,
        /// 每个工会的会员数。
        #[arg(long, default_value_t = 20)]
        members_per_union: usize,
        #[arg(long, default_value_t = 5_000)]
        petitions: usize,
        #[arg(long, default_value_t = 1_000)]
        cases: usize,
        /// 导入的企业名录行数（0：跳过）。
        #[arg(long, default_value_t = 20_000)]
        import_rows: usize,
        /// 统计重复计算的次数。
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
}

#[derive(Subcommand)]
enum LedgerCommand {
    /// 核对各工会已记账凭证的链；发现被改动或删除的凭证时指出第一张，并以状态1退出。
    Verify,
}

#[derive(Subcommand)]
enum TallyCommand {
    /// 按公布的选票重新计算已结束的投票，并与记录的结果核对；加 --file 则不用数据库，重新计算从接口下载的计票文件。有任何不符时以状态1退出。
    Verify {
        /// 只核对这一次投票。
        #[arg(long)]
        ballot: Option<uuid::Uuid>,
        /// 要单独重新计算的计票文件（JSON）。
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// 核对哈希链；发现被改动或删除的记录时指出第一条，并以状态1退出。
    Verify,
}

/// The command line with its help in Chinese: clap's own headings, usage
/// line and help and version flags are set here, on every subcommand.
fn command() -> clap::Command {
    localize(Cli::command().disable_version_flag(true).arg(
        clap::Arg::new("version").short('V').long("version").action(ArgAction::Version).help("显示版本"),
    ))
}

fn localize(cmd: clap::Command) -> clap::Command {
    let cmd = cmd
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(clap::Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助"))
        .mut_args(|a| if a.is_positional() { a.help_heading("参数") } else { a.help_heading("选项") });
    let names: Vec<String> = cmd.get_subcommands().map(|c| c.get_name().to_owned()).collect();
    names.iter().fold(cmd, |c, name| c.mut_subcommand(name, localize))
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
        // Each span's time when it closes: with GONGHUI_LOG=debug, a
        // request's line is preceded by one line per store function it
        // called (its union, its rows, how long it took). Store and request
        // spans are debug-level, so the default filter prints none of them.
        .with_span_events(FmtSpan::CLOSE)
        .init();
    let cli = match Cli::from_arg_matches(&command().get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
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
        Command::Serve {
            listen,
            demo,
            secure_cookies,
            db_pool,
            trusted_proxy,
            partitioned,
            identity_cache_seconds,
            smtp_url,
            mail_from,
            notify_timeout_seconds,
            notify_interval_seconds,
        } => {
            let trusted_proxies =
                web::client_ip::parse_trusted(&trusted_proxy).map_err(anyhow::Error::msg)?;
            let opts = gonghui::ServeOptions {
                listen,
                database_url: cli.database,
                pool_size: db_pool,
                secret_key_file: cli.secret_key_file,
                admin_password: std::env::var("GONGHUI_ADMIN_PASSWORD").ok().filter(|s| !s.is_empty()),
                demo,
                partitioned,
                config: app::Config {
                    secure_cookies,
                    trusted_proxies,
                    identity_cache_ttl: chrono::Duration::seconds(identity_cache_seconds.into()),
                    smtp_url: smtp_url.filter(|s| !s.is_empty()),
                    mail_from: mail_from.filter(|s| !s.is_empty()),
                    webhook_timeout: std::time::Duration::from_secs(notify_timeout_seconds.into()),
                    notify_interval: std::time::Duration::from_secs(notify_interval_seconds.into()),
                    ..Default::default()
                },
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
        Command::Notify { command: NotifyCommand::Drain { smtp_url, mail_from } } => {
            let db = gonghui::open_db(&cli.database).await?;
            let keys = std::sync::Arc::new(gonghui::ensure_secret_key(&cli.secret_key_file)?);
            let config = app::Config {
                smtp_url: smtp_url.filter(|s| !s.is_empty()),
                mail_from: mail_from.filter(|s| !s.is_empty()),
                ..Default::default()
            };
            let state = app::AppState::new(db.clone(), std::sync::Arc::new(config), keys);
            let r = store::one_connection_at_a_time(app::me::notify::drain::drain(&state, usize::MAX))
                .await
                .map_err(|e| anyhow::anyhow!(e.0.message))?;
            db.close().await;
            println!(
                "发件箱：取出{}条，已发送{}条，待重试{}条，发送失败{}条，未发送（渠道未配置）{}条",
                r.taken, r.sent, r.retrying, r.failed, r.parked
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Notify { command: NotifyCommand::DuesOverdue } => {
            let db = gonghui::open_db(&cli.database).await?;
            let keys = std::sync::Arc::new(gonghui::ensure_secret_key(&cli.secret_key_file)?);
            let state = app::AppState::new(db.clone(), Default::default(), keys);
            let n = store::one_connection_at_a_time(app::me::notify::dues::remind(&state))
                .await
                .map_err(|e| anyhow::anyhow!(e.0.message))?;
            db.close().await;
            println!("已提醒欠缴会费的会员{n}人（本月已提醒过的不再重复）");
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate { partitioned } => {
            let db = gonghui::open_db_partitioned(&cli.database, None, partitioned).await?;
            let versions = db.applied_migrations().await?;
            let parted = match &db {
                store::Db::Pg(p) => store::partition::recorded(p).await?,
                store::Db::Sqlite(_) => false,
            };
            let note = if parted { "，各工会数据表按工会哈希分区" } else { "" };
            println!("数据库已是最新结构（{}{note}，迁移版本 {:?}）", db.backend(), versions);
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo => {
            let db = gonghui::open_db(&cli.database).await?;
            let pw = app::auth::service::ensure_admin(
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
                    println!("审计日志完整：共 {n} 条记录，各组织的哈希链无误。");
                    Ok(ExitCode::SUCCESS)
                }
                Err(faults) => {
                    for f in faults {
                        eprintln!(
                            "审计日志被篡改：{}（{}）的审计链第 {} 条记录异常：{}",
                            f.org, f.union_id, f.seq, f.reason
                        );
                    }
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Ledger { command: LedgerCommand::Verify } => {
            let db = gonghui::open_db(&cli.database).await?;
            let checked =
                app::finance::chains::verify_all(&db).await.map_err(|e| anyhow::anyhow!("{}", e.0))?;
            match checked {
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
        Command::Bench { command: BenchCommand::Writes { clients, members, seconds } } => {
            let db = gonghui::open_db(&cli.database).await?;
            gonghui::bench::writes(db, gonghui::bench::WriteSizes { clients, members, seconds }).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { command: BenchCommand::Care { members, files, payments, recipients } } => {
            let db = gonghui::open_db(&cli.database).await?;
            gonghui::bench::care(db, gonghui::bench::CareSizes { members, files, payments, recipients })
                .await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            command: BenchCommand::Activity { members, places, roster, activities, checkins },
        } => {
            let db = gonghui::open_db(&cli.database).await?;
            let sizes = gonghui::bench::ActivitySizes { members, places, roster, activities, checkins };
            gonghui::bench::activity(db, sizes).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            command:
                BenchCommand::Rights { employers, unions, members_per_union, petitions, cases, import_rows, runs },
        } => {
            let db = gonghui::open_db(&cli.database).await?;
            let sizes = gonghui::bench::RightsSizes {
                employers,
                unions,
                members_per_union,
                petitions,
                cases,
                import_rows,
                runs,
            };
            gonghui::bench::rights(db, sizes).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            command: BenchCommand::AnnualStats { districts, unions, members, delegates_per_union, runs },
        } => {
            let db = gonghui::open_db(&cli.database).await?;
            let sizes = gonghui::bench::AnnualSizes { districts, unions, members, delegates_per_union, runs };
            gonghui::bench::annual(db, sizes).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { command: BenchCommand::Me { bills, activities, runs } } => {
            let db = gonghui::open_db(&cli.database).await?;
            gonghui::bench::me(db, gonghui::bench::MeSizes { bills, activities, runs }).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { command: BenchCommand::Plan { members, activities, checkins, runs } } => {
            let db = gonghui::open_db(&cli.database).await?;
            gonghui::bench::plan(db, gonghui::bench::PlanSizes { members, activities, checkins, runs })
                .await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            command: BenchCommand::Recognition { members, suggestions, courses, attendances, runs },
        } => {
            let db = gonghui::open_db(&cli.database).await?;
            let sizes = gonghui::bench::RecognitionSizes { members, suggestions, courses, attendances, runs };
            gonghui::bench::recognition(db, sizes).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { command: BenchCommand::Notify { members } } => {
            let db = gonghui::open_db(&cli.database).await?;
            gonghui::bench::notify(db, gonghui::bench::NotifySizes { members }).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every help text, the top one and each subcommand's.
    fn helps(cmd: &mut clap::Command, out: &mut Vec<(String, String)>) {
        out.push((cmd.get_name().to_owned(), cmd.render_help().to_string()));
        for sub in cmd.get_subcommands_mut() {
            helps(sub, out);
        }
    }

    #[test]
    fn help_is_in_chinese() {
        let mut cmd = command();
        cmd.build();
        let mut all = Vec::new();
        helps(&mut cmd, &mut all);
        assert!(all.len() > 15);
        // Names and codes: the program, subcommands and options (typed as
        // they are), databases, environment variables, file kinds.
        let re = regex_lite::Regex::new(
            r"--?[a-z][a-z-]*|\$?GONGHUI_[A-Z_]+|[a-z]+://\S*|[\w.-]*/[\w./-]+|[A-Za-z]*[0-9][A-Za-z0-9.:]*",
        )
        .unwrap();
        let allowed = ["gonghui", "SQLite", "PostgreSQL", "pg_dump", "HTTPS", "JSON", "default", "env"];
        for (name, text) in &all {
            let text = re.replace_all(text, " ");
            let names: Vec<&str> = all.iter().flat_map(|(n, _)| n.split('-')).collect();
            for word in text.split(|c: char| !(c.is_ascii_alphabetic() || c == '_')).filter(|w| w.len() > 1) {
                assert!(
                    allowed.contains(&word)
                        || names.contains(&word)
                        || word.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
                    "English in the help of {name}: {word:?}\n{text}"
                );
            }
        }
    }
}
