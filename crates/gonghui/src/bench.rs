//! `gonghui bench members|finance|care`: each area's numbers on the database
//! given (the roster: import rate against a bare batched INSERT, search
//! latency, export time and memory). Prints what it measured and on what.

use domain::UnionId;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use app::audit::service::Actor;
use app::crypto::Keys;
use app::member::{import, service};
use domain::member::{MemberStatus, id_check_char, pinyin_keys, sort_key};
use store::Db;
use store::member::{Member, MemberFilter, Search, Sort};
use uuid::Uuid;

mod activity;
mod annual;
mod care;
mod load;
mod me;
mod members;
mod notify;
mod plan;
mod recognition;
mod rights;
mod writes;
pub use activity::{Sizes as ActivitySizes, activity};
pub use annual::{Sizes as AnnualSizes, annual};
pub use care::{Sizes as CareSizes, care};
pub use load::{Sizes as LoadSizes, load};
pub use me::{Sizes as MeSizes, me};
pub use members::LargeSizes;
pub use notify::{Sizes as NotifySizes, notify};
pub use plan::{Sizes as PlanSizes, plan};
pub use recognition::{Sizes as RecognitionSizes, recognition};
pub use rights::{Sizes as RightsSizes, rights};
pub use writes::{Sizes as WriteSizes, writes};

pub struct Sizes {
    pub import_rows: usize,
    pub members: usize,
    pub unions: usize,
    pub queries: usize,
    /// One large union, searched and viewed over HTTP (0: skipped).
    pub large: LargeSizes,
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
    "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "欧阳", "司马", "诸葛",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀兰", "霞", "平", "刚", "桂英", "建国", "建华", "志强", "海燕", "晓东", "红梅", "春梅", "文博",
    "子涵",
];

/// The n-th synthetic person: unique valid ID number, mobile and a name.
fn person(n: usize) -> (String, String, String) {
    let day = chrono::NaiveDate::from_ymd_opt(1960, 1, 1).unwrap() + chrono::Days::new((n / 1000) as u64);
    let body = format!("110105{}{:03}", day.format("%Y%m%d"), n % 1000);
    let id = format!("{body}{}", id_check_char(&body).expect("17 digits"));
    // Spread over the number space as real numbers are (a bijection, so
    // still unique): consecutive people do not share a 7-digit prefix.
    let mobile = format!("13{:09}", (n as u64 * 7919 + 12345) % 1_000_000_000);
    let name = format!("{}{}", SURNAMES[n % SURNAMES.len()], GIVEN[(n / SURNAMES.len()) % GIVEN.len()]);
    (name, id, mobile)
}

/// Fresh statistics after the bulk load, as a day of ordinary use leaves.
pub(crate) async fn analyze(db: &Db) -> anyhow::Result<()> {
    match db {
        Db::Sqlite(pool) => {
            sqlx::query("ANALYZE").execute(pool).await?;
        }
        Db::Pg(pool) => {
            sqlx::query("ANALYZE").execute(pool).await?;
        }
    }
    Ok(())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Samples the process's resident memory until stopped; returns the peak.
fn rss_sampler(stop: Arc<AtomicBool>) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let mut peak = 0;
        while !stop.load(Ordering::Relaxed) {
            peak = peak.max(rss_kib());
            std::thread::sleep(Duration::from_millis(5));
        }
        peak
    })
}

fn rss_kib() -> usize {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

async fn new_union(
    state: &app::AppState,
    p: &app::auth::Principal,
    fed: Uuid,
    name: &str,
) -> anyhow::Result<Uuid> {
    let fields = domain::org::OrgFields { name: name.into(), ..Default::default() };
    let o = app::org::service::create(state, p, "union", Some(fed), &fields)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.0))?;
    Ok(o.id)
}

/// The n-th synthetic active member of a union (dues base 5,000 yuan).
fn synthetic_member(k: &Keys, union_id: Uuid, n: usize, now: chrono::DateTime<chrono::Utc>) -> Member {
    let (name, id, mobile) = person(n);
    let (name_pinyin, name_initials) = (sort_key(&name), pinyin_keys(&name).1);
    Member {
        union_id,
        id: Uuid::now_v7(),
        name,
        name_pinyin,
        name_initials,
        gender: None,
        ethnicity: None,
        birth_date: None,
        doc_type: "resident_id".into(),
        id_cipher: k.encrypt(&id),
        id_hash: k.lookup_hash("id", &format!("resident_id:{id}")),
        id_masked: domain::member::mask_id(&id),
        id_tail: domain::member::id_tail(&id),
        mobile: Some(mobile),
        education: None,
        political: None,
        employment: None,
        post: None,
        group_id: None,
        dues_base_fen: Some(500000 + (n % 3000) as i64 * 100),
        join_date: None,
        card_number: None,
        status: MemberStatus::Active.as_str().into(),
        status_date: None,
        status_reason: None,
        model_worker: false,
        hardship: false,
        dues_review: false,
        created_at: now,
        updated_at: now,
    }
}

/// An admin principal and a fresh federation to put benchmark unions under.
async fn bench_setup(
    db: &Db,
    keys: &Arc<Keys>,
) -> anyhow::Result<(app::AppState, app::auth::Principal, Uuid)> {
    let state = app::AppState::new(db.clone(), Default::default(), Arc::clone(keys));
    app::auth::service::ensure_admin(db, Some("bench12345")).await.map_err(|e| anyhow::anyhow!("{}", e.0))?;
    let mut tx = db.read().await?;
    let admin = store::auth::user_by_username(&mut tx, "admin").await?.context("admin")?;
    drop(tx);
    let p = app::auth::Principal {
        user_id: admin.id,
        username: "bench".into(),
        display_name: "bench".into(),
        grants: vec![(domain::auth::Role::Admin, None)],
        ip: "bench".into(),
        session: None,
    };
    let fields = domain::org::OrgFields {
        name: format!("基准测试总工会{}", Uuid::now_v7()),
        ..Default::default()
    };
    let fed = app::org::service::create(&state, &p, "federation", None, &fields)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.0))?
        .id;
    Ok((state, p, fed))
}

/// The real application on loopback, as clients reach it: its address and
/// the serving task.
fn serve_loopback(
    state: &app::AppState,
) -> anyhow::Result<(std::net::SocketAddr, tokio::task::JoinHandle<std::io::Result<()>>)> {
    let app = web::app(state.clone());
    let sock = tokio::net::TcpSocket::new_v4()?;
    sock.bind("127.0.0.1:0".parse()?)?;
    let listener = sock.listen(4096)?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move {
        axum::serve(listener, app.router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await
    });
    Ok((addr, server))
}

/// An API token for an account, written directly (argon2 sign-ins are not
/// what a benchmark measures).
async fn api_token(db: &Db, user_id: Uuid) -> anyhow::Result<String> {
    let token = app::auth::secrets::random_token();
    let now = store::now();
    let mut tx = db.write().await?;
    store::auth::insert_token(
        &mut tx,
        &app::auth::secrets::token_hash(&token),
        user_id,
        now,
        now + chrono::Duration::days(1),
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Vouchers posted per transaction by the finance benchmark.
const BENCH_VOUCHERS_PER_TX: usize = 1000;

/// `gonghui bench finance`: posts `lines` voucher lines across `unions`
/// unions in batches, times the reports of one union's year and the
/// federation's roll-up, then monthly dues bills for `members` members.
pub async fn finance(db: Db, lines: usize, unions: usize, members: usize) -> anyhow::Result<()> {
    use app::finance::{reports, service as fin};
    use domain::finance::ledger::{Line, Span};
    let keys = Arc::new(Keys::from_secret(&rand::random::<[u8; 32]>()));
    let (state, p, fed) = bench_setup(&db, &keys).await?;
    println!("database: {}; cores: {}", db.backend(), app::par::cores());
    let mut ids = Vec::with_capacity(unions);
    for i in 0..unions {
        ids.push(new_union(&state, &p, fed, &format!("财务基准工会{i:03}")).await?);
    }
    let err = |e: app::error::AppError| anyhow::anyhow!("{}", e.0);

    // 1. Batch posting: vouchers of 4 lines (dues in, activity spending out).
    let vouchers = lines / 4;
    let per_union = vouchers / unions.max(1);
    let t0 = Instant::now();
    let mut posted_lines = 0;
    for (u, union_id) in ids.iter().enumerate() {
        let mut made = 0;
        while made < per_union {
            let n = (per_union - made).min(BENCH_VOUCHERS_PER_TX);
            let postings = (made..made + n)
                .map(|i| {
                    let month = (i * 12 / per_union.max(1)) as u32 + 1;
                    let date =
                        chrono::NaiveDate::from_ymd_opt(2026, month, 1 + (i % 28) as u32).expect("date");
                    let (a, b) =
                        (10_000 + (i as i64 * 37 + u as i64) % 90_000, 5_000 + (i as i64 * 53) % 40_000);
                    let l = |acc: &str, d: i64, c: i64| Line {
                        account: acc.into(),
                        summary: String::new(),
                        debit_fen: d,
                        credit_fen: c,
                    };
                    fin::NewPosting {
                        date_field: "date",
                        date,
                        summary: format!("会费收入及活动支出{i}"),
                        lines: vec![l("1002", a, 0), l("4101", 0, a), l("510102", b, 0), l("1002", 0, b)],
                        ..Default::default()
                    }
                })
                .collect();
            let mut tx = db.write().await?;
            fin::post_many(&mut tx, &p, *union_id, "manual", postings, None).await.map_err(err)?;
            tx.commit().await?;
            made += n;
            posted_lines += n * 4;
        }
    }
    let t = t0.elapsed().as_secs_f64();
    println!(
        "batch posting: {posted_lines} lines ({} vouchers, {unions} unions, {BENCH_VOUCHERS_PER_TX} vouchers per transaction, numbered and hash-chained): {t:.2} s = {:.0} lines/s",
        posted_lines / 4,
        posted_lines as f64 / t
    );
    if let Db::Pg(pool) = &db {
        sqlx::query("ANALYZE fin_lines").execute(pool).await?;
        sqlx::query("ANALYZE fin_vouchers").execute(pool).await?;
    }
    if let Db::Sqlite(pool) = &db {
        sqlx::query("ANALYZE").execute(pool).await?;
    }

    // 2. One union's year: trial balance, balance sheet, income statement.
    let year = Span::parse("2026").context("span")?;
    let union = ids[0];
    let time = |label: &'static str, samples: &mut Vec<Duration>| {
        samples.sort();
        println!(
            "{label} for one union's year ({} lines): median {:.1} ms, max {:.1} ms over {} runs",
            per_union * 4,
            percentile(samples, 0.5),
            percentile(samples, 1.0),
            samples.len()
        );
    };
    let mut s = Vec::new();
    for _ in 0..10 {
        let t0 = Instant::now();
        let tb = reports::trial_balance(&state, union, year).await.map_err(err)?;
        s.push(t0.elapsed());
        anyhow::ensure!(tb.balanced, "trial balance not balanced");
    }
    time("trial balance (试算平衡表)", &mut s);
    let mut s = Vec::new();
    for _ in 0..10 {
        let t0 = Instant::now();
        let bs = reports::balance_sheet(&state, union, year).await.map_err(err)?;
        s.push(t0.elapsed());
        anyhow::ensure!(bs.balanced, "balance sheet not balanced");
    }
    time("balance sheet (资产负债表)", &mut s);
    let mut s = Vec::new();
    for _ in 0..10 {
        let t0 = Instant::now();
        reports::income_statement(&state, union, year).await.map_err(err)?;
        s.push(t0.elapsed());
    }
    time("income statement (收入支出表)", &mut s);
    let mut s = Vec::new();
    for _ in 0..3 {
        let t0 = Instant::now();
        let r = reports::rollup(&state, fed, year).await.map_err(err)?;
        s.push(t0.elapsed());
        anyhow::ensure!(r.trial_balance.balanced && r.balance_sheet.balanced, "roll-up not balanced");
    }
    s.sort();
    println!(
        "federation roll-up (three statements over {unions} unions, {posted_lines} lines): median {:.0} ms, max {:.0} ms",
        percentile(&s, 0.5),
        percentile(&s, 1.0)
    );
    let t0 = Instant::now();
    let checked = app::finance::chains::verify_all(&db)
        .await
        .map_err(err)?
        .map_err(|(u, b)| anyhow::anyhow!("chain broken in {u}: {}", b.reason))?;
    println!(
        "ledger verify: {checked} vouchers of {unions} unions re-hashed in {:.2} s ({} cores)",
        t0.elapsed().as_secs_f64(),
        app::par::cores()
    );

    // 3. Monthly dues bills for `members` members across the unions.
    if members > 0 {
        let per = members / unions.max(1);
        let mut made = 0;
        while made < members {
            let chunk = (members - made).min(50_000);
            let k = Arc::clone(&keys);
            let ids2 = ids.clone();
            let batch: Vec<Member> = tokio::task::spawn_blocking(move || {
                let now = store::now();
                (made..made + chunk)
                    .map(|i| {
                        synthetic_member(&k, ids2[(i / per.max(1)).min(ids2.len() - 1)], 4_000_000 + i, now)
                    })
                    .collect()
            })
            .await?;
            let mut tx = db.write().await?;
            store::member::insert_many(&mut tx, &batch).await?;
            tx.commit().await?;
            made += chunk;
        }
        let month = domain::finance::ledger::Period::parse("2026-11").context("month")?;
        let t0 = Instant::now();
        let mut billed = 0;
        let mut total = 0;
        for union_id in &ids {
            let r = app::finance::dues::generate_bills(&state, &p, *union_id, month).await.map_err(err)?;
            billed += r.count;
            total += r.total_fen;
        }
        let t = t0.elapsed().as_secs_f64();
        println!(
            "dues bills for 2026-11: {billed} members in {unions} unions, {} yuan, {t:.2} s = {:.0} bills/s",
            domain::finance::money::fmt_yuan(total),
            billed as f64 / t
        );
    }
    Ok(())
}

pub async fn members(db: Db, sizes: Sizes) -> anyhow::Result<()> {
    let keys = Arc::new(Keys::from_secret(&rand::random::<[u8; 32]>()));
    let state = app::AppState::new(db.clone(), Default::default(), Arc::clone(&keys));
    app::auth::service::ensure_admin(&db, Some("bench12345"))
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.0))?;
    let mut tx = db.read().await?;
    let admin = store::auth::user_by_username(&mut tx, "admin").await?.context("admin")?;
    drop(tx);
    let p = app::auth::Principal {
        user_id: admin.id,
        username: "bench".into(),
        display_name: "bench".into(),
        grants: vec![(domain::auth::Role::Admin, None)],
        ip: "bench".into(),
        session: None,
    };
    let fields = domain::org::OrgFields {
        name: format!("基准测试总工会{}", Uuid::now_v7()),
        ..Default::default()
    };
    let fed = app::org::service::create(&state, &p, "federation", None, &fields)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.0))?
        .id;
    println!("database: {}", db.backend());

    // 1. Import a generated workbook end to end, then the same rows bare.
    let union = new_union(&state, &p, fed, "导入测试工会").await?;
    let n = sizes.import_rows;
    let headers = ["姓名", "身份证号", "手机号", "入会时间", "会费基数"];
    let rows: Vec<Vec<String>> = (0..n)
        .map(|i| {
            let (name, id, mobile) = person(i);
            vec![name, id, mobile, "2020-09-01".into(), format!("{}", 3000 + i % 5000)]
        })
        .collect();
    let book = sheet::write_xlsx("花名册", &headers, &rows).map_err(|e| anyhow::anyhow!(e.message()))?;
    drop(rows);
    println!("workbook: {n} rows, {:.1} MiB .xlsx", book.len() as f64 / 1048576.0);

    let t0 = Instant::now();
    let table = tokio::task::spawn_blocking(move || import::read("bench.xlsx", &book))
        .await?
        .map_err(|e| anyhow::anyhow!(e.0.message))?;
    let t_read = t0.elapsed();
    let (header, columns) = import::plan(&table, None).map_err(|e| anyhow::anyhow!(e.0.message))?;
    let actor = Actor { id: Some(admin.id), name: "bench", ip: "" };
    let done = AtomicUsize::new(0);
    let commit = import::Commit { actor, filename: "bench.xlsx", progress: &done };
    let e = import::run(&state, union, table, header, columns, import::Options::default(), Some(commit))
        .await
        .map_err(|e| anyhow::anyhow!(e.0.message))?;
    anyhow::ensure!(
        e.rejected().count() == 0,
        "generated rows were rejected: {:?}",
        e.rejected().next().map(|r| r.rejection.clone())
    );
    let t_import = t0.elapsed();
    let imported = e.imported;
    let import_rate = imported as f64 / t_import.as_secs_f64();
    println!(
        "import end to end ({imported} rows: parse, validate, encrypt, insert, one transaction): {:.2} s = {:.0} rows/s  [read {:.2} s, then validate ∥ insert {:.2} s]",
        t_import.as_secs_f64(),
        import_rate,
        t_read.as_secs_f64(),
        (t_import - t_read).as_secs_f64()
    );

    // The same rows, validated and encrypted beforehand (not timed), by a bare
    // batched INSERT into a second union of the same table (other ID hashes,
    // so the one-membership index lets them in).
    let bare_union = new_union(&state, &p, fed, "对照工会").await?;
    let k = Arc::clone(&keys);
    let bare: Vec<Member> = tokio::task::spawn_blocking(move || {
        let today = chrono::Utc::now().date_naive();
        (0..n)
            .map(|i| {
                let (name, id, mobile) = person(i);
                let cells = [
                    (domain::member::Column::Name, name),
                    (domain::member::Column::IdNumber, id),
                    (domain::member::Column::Mobile, mobile),
                    (domain::member::Column::JoinDate, "2020-09-01".to_owned()),
                    (domain::member::Column::DuesBase, format!("{}", 3000 + i % 5000)),
                ];
                let d = domain::member::draft_from_row(&cells, today).expect("generated rows are valid");
                let m = service::member_row(&k, bare_union, &d, MemberStatus::Active, (false, false));
                Member { id_hash: format!("bare-{}", m.id_hash), ..m }
            })
            .collect()
    })
    .await?;
    let t0 = Instant::now();
    let mut tx = db.write().await?;
    store::member::insert_many(&mut tx, &bare).await?;
    tx.commit().await?;
    let t_bare = t0.elapsed();
    let bare_rate = bare.len() as f64 / t_bare.as_secs_f64();
    println!(
        "bare batched INSERT of the same {} rows: {:.2} s = {:.0} rows/s; end-to-end import runs at {:.0}% of it",
        bare.len(),
        t_bare.as_secs_f64(),
        bare_rate,
        100.0 * import_rate / bare_rate
    );
    drop(bare);

    // 2. Export the imported roster.
    let q = app::member::roster::RosterQuery::default();
    let stop = Arc::new(AtomicBool::new(false));
    let base = rss_kib();
    let sampler = rss_sampler(Arc::clone(&stop));
    let t0 = Instant::now();
    let (_, rows) = app::member::export::rows(&state, union, &q, false)
        .await
        .map_err(|e| anyhow::anyhow!(e.0.message))?;
    let count = rows.len();
    let bytes = tokio::task::spawn_blocking(move || {
        sheet::write_xlsx("会员花名册", &app::member::export::HEADERS, &rows)
    })
    .await?
    .map_err(|e| anyhow::anyhow!(e.message()))?;
    let t_export = t0.elapsed();
    stop.store(true, Ordering::Relaxed);
    let peak = sampler.join().unwrap_or(0);
    println!(
        "export {count} rows to .xlsx ({:.1} MiB): {:.2} s, peak RSS +{:.0} MiB over {:.0} MiB",
        bytes.len() as f64 / 1048576.0,
        t_export.as_secs_f64(),
        (peak.saturating_sub(base)) as f64 / 1024.0,
        base as f64 / 1024.0
    );

    // 3. A large roster: `members` people in `unions` unions, then searches
    // inside random unions, the way the API searches.
    let per_union = sizes.members / sizes.unions;
    let t0 = Instant::now();
    let mut unions = Vec::with_capacity(sizes.unions);
    {
        let mut tx = db.write().await?;
        let fed_path = store::org::path_of(&mut tx, fed).await?.context("fed path")?;
        let now = store::now();
        for i in 0..sizes.unions {
            let id = Uuid::now_v7();
            let path = domain::org::child_path(Some(&fed_path), &id.simple().to_string());
            let f = domain::org::OrgFields { name: format!("基层工会{i:05}"), ..Default::default() };
            store::org::insert(&mut tx, id, "union", Some(fed), Some(id), &path, &f, now).await?;
            unions.push(id);
        }
        tx.commit().await?;
    }
    let offset = 2_000_000;
    let mut made = 0;
    while made < sizes.members {
        let chunk = (sizes.members - made).min(50_000);
        let k = Arc::clone(&keys);
        let unions2 = unions.clone();
        let batch: Vec<Member> = tokio::task::spawn_blocking(move || {
            let now = store::now();
            (made..made + chunk)
                .map(|i| synthetic_member(&k, unions2[i / per_union.max(1) % unions2.len()], offset + i, now))
                .collect()
        })
        .await?;
        let mut tx = db.write().await?;
        store::member::insert_many(&mut tx, &batch).await?;
        tx.commit().await?;
        made += chunk;
    }
    if let Db::Pg(pool) = &db {
        sqlx::query("ANALYZE members").execute(pool).await?;
    }
    if let Db::Sqlite(pool) = &db {
        sqlx::query("ANALYZE").execute(pool).await?;
    }
    println!(
        "roster for search: {} members in {} unions ({} each), built in {:.1} s",
        sizes.members,
        sizes.unions,
        per_union,
        t0.elapsed().as_secs_f64()
    );

    let mut rng = rand::rng();
    for (label, kind) in [
        ("name (contains 2 chars)", 0),
        ("pinyin initials", 1),
        ("mobile prefix", 2),
        ("ID number suffix", 3),
    ] {
        let mut times = Vec::with_capacity(sizes.queries);
        let mut hits = 0;
        for _ in 0..sizes.queries {
            let i = rand::Rng::random_range(&mut rng, 0..sizes.members);
            let (name, id, mobile) = person(offset + i);
            let union = unions[i / per_union.max(1) % unions.len()];
            let search = match kind {
                0 => Search::Name(name.chars().rev().take(2).collect::<Vec<_>>().into_iter().rev().collect()),
                1 => Search::Pinyin(pinyin_keys(&name).1),
                2 => Search::Mobile(mobile[..7].to_owned()),
                _ => Search::Tail(id[14..].to_owned()),
            };
            let filter = MemberFilter { search: Some(search), ..Default::default() };
            let t = Instant::now();
            let (found, _) =
                service::list(&state, union, &filter, Sort::Name, false, store::Page::new(Some(1), Some(20)))
                    .await
                    .map_err(|e| anyhow::anyhow!(e.0.message))?;
            times.push(t.elapsed());
            hits += usize::from(found.iter().any(|m| m.mobile.as_deref() == Some(mobile.as_str())));
        }
        times.sort();
        println!(
            "search by {label:<24} {} queries: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (first page of 20 holds the person sought: {hits}/{})",
            sizes.queries,
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            times.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
            sizes.queries
        );
    }

    // 4. One large union over HTTP.
    if sizes.large.members > 0 {
        members::large_union(&db, &keys, &state, &p, fed, &sizes.large).await?;
    }
    Ok(())
}

/// Sizes of `gonghui bench democracy`.
pub struct VoteSizes {
    pub voters: usize,
    /// Requests in flight at once (all voters at once when equal to voters).
    pub concurrency: usize,
}

/// One HTTP/1.1 request on a fresh loopback connection (each voter is a
/// phone of its own); returns the status code.
async fn http_post(addr: std::net::SocketAddr, path: &str, token: &str, body: &str) -> anyhow::Result<u16> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    s.set_nodelay(true)?;
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await?;
    let mut buf = Vec::with_capacity(512);
    s.read_to_end(&mut buf).await?;
    let head = String::from_utf8_lossy(&buf[..buf.len().min(16)]).into_owned();
    head.split(' ').nth(1).and_then(|c| c.parse().ok()).ok_or_else(|| anyhow::anyhow!("bad response: {head}"))
}

async fn http_get(addr: std::net::SocketAddr, path: &str, token: &str) -> anyhow::Result<(u16, usize)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes()).await?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await?;
    let head = String::from_utf8_lossy(&buf[..buf.len().min(16)]).into_owned();
    let code = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    Ok((code, buf.len()))
}

/// `gonghui bench democracy`: `voters` voters each cast one ballot over
/// HTTP on loopback, `concurrency` at a time, against the real router and
/// guard; then the close (count and publish) and the published tally.
pub async fn democracy(db: Db, sizes: VoteSizes) -> anyhow::Result<()> {
    use app::democracy::service as ballots;
    let keys = Arc::new(Keys::from_secret(&rand::random::<[u8; 32]>()));
    let (state, p, fed) = bench_setup(&db, &keys).await?;
    let err = |e: app::error::AppError| anyhow::anyhow!("{}", e.0);
    let union = new_union(&state, &p, fed, &format!("投票基准工会{}", Uuid::now_v7())).await?;
    let n = sizes.voters;
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    println!("database: {}, cores: {cores}, voters: {n}", db.backend());

    // Voters: accounts with a member grant and an API token, written
    // directly (argon2 sign-ins are not what is measured).
    let t0 = Instant::now();
    let mut voters = Vec::with_capacity(n);
    let now = store::now();
    let tag = Uuid::now_v7().simple().to_string();
    for chunk in (0..n).collect::<Vec<_>>().chunks(1000) {
        let mut tx = db.write().await?;
        for &i in chunk {
            let id = Uuid::now_v7();
            let u = store::auth::User {
                id,
                username: format!("v{}{i}", &tag[20..]),
                display_name: format!("投票人{i}"),
                password_hash: "!".into(),
                home_org_id: Some(union),
                disabled_at: None,
                created_at: now,
                updated_at: now,
                must_change_password: false,
            };
            store::auth::insert_user(&mut tx, &u).await?;
            store::auth::insert_grant(&mut tx, Uuid::now_v7(), id, "member", Some(union), None, now).await?;
            let token = app::auth::secrets::random_token();
            let hash = app::auth::secrets::token_hash(&token);
            store::auth::insert_token(&mut tx, &hash, id, now, now + chrono::Duration::days(1)).await?;
            voters.push((id, token));
        }
        tx.commit().await?;
    }
    let input = ballots::BallotInput {
        kind: "motion".into(),
        title: "基准测试表决".into(),
        voter_user_ids: voters.iter().map(|v| v.0).collect(),
        ..Default::default()
    };
    let ballot = ballots::create(&state, &p, union, &input).await.map_err(err)?;
    ballots::open(&state, &p, ballot.id).await.map_err(err)?;
    println!(
        "setup: {n} voters with accounts and tokens, one open motion: {:.1} s",
        t0.elapsed().as_secs_f64()
    );

    // The real application on loopback.
    let (addr, server) = serve_loopback(&state)?;

    // Every voter at once (up to the concurrency), one request each.
    let path = format!("/api/v1/ballots/{}/vote", ballot.id);
    let gate = Arc::new(tokio::sync::Semaphore::new(sizes.concurrency.max(1)));
    let start = Arc::new(tokio::sync::Barrier::new(n + 1));
    let mut tasks = Vec::with_capacity(n);
    for (i, (_, token)) in voters.iter().enumerate() {
        let (gate, start, path, token) = (Arc::clone(&gate), Arc::clone(&start), path.clone(), token.clone());
        let body = if i % 3 == 0 { r#"{"choice":"no"}"# } else { r#"{"choice":"yes"}"# };
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            let _permit = gate.acquire().await.expect("semaphore open");
            let t = Instant::now();
            let r = http_post(addr, &path, &token, body).await;
            (r, t.elapsed())
        }));
    }
    start.wait().await;
    let t0 = Instant::now();
    let mut latencies = Vec::with_capacity(n);
    let mut statuses = std::collections::BTreeMap::new();
    for t in tasks {
        let (r, d) = t.await?;
        *statuses.entry(r.map_err(|e| e.to_string())).or_insert(0usize) += 1;
        latencies.push(d);
    }
    let wall = t0.elapsed();
    latencies.sort();
    let accepted = statuses.get(&Ok(201)).copied().unwrap_or(0);
    println!(
        "votes over HTTP: {n} voters, {} in flight at once: {accepted} accepted (201) in {:.2} s = {:.0} votes/s; latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        sizes.concurrency.min(n),
        wall.as_secs_f64(),
        n as f64 / wall.as_secs_f64(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.9),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
    );
    anyhow::ensure!(accepted == n, "not every vote was accepted exactly once: {statuses:?}");
    // A second vote from everyone is refused, and counts nothing.
    let mut second = 0;
    for (_, token) in voters.iter().take(50) {
        second += usize::from(http_post(addr, &path, token, r#"{"choice":"yes"}"#).await? == 409);
    }
    anyhow::ensure!(second == 50, "a second vote was not refused");
    let mut tx = db.read().await?;
    let cast = store::democracy::cast_count(&mut tx, UnionId(union), ballot.id).await?;
    drop(tx);
    anyhow::ensure!(cast == n as i64, "{cast} on the roll of who voted, {n} voters");
    println!("exactly once: {cast} on the roll of who voted, 50 second votes refused (409)");

    let t0 = Instant::now();
    ballots::close(&state, &p, ballot.id).await.map_err(err)?;
    let t_close = t0.elapsed();
    let t0 = Instant::now();
    let (code, bytes) = http_get(addr, &format!("/api/v1/ballots/{}/tally", ballot.id), &voters[0].1).await?;
    let t_tally = t0.elapsed();
    anyhow::ensure!(code == 200, "tally answered {code}");
    let t0 = Instant::now();
    let recount = crate::verify::tallies(&db, Some(ballot.id)).await?;
    let t_verify = t0.elapsed();
    anyhow::ensure!(recount.iter().all(|r| r.problems.is_empty()), "recount differs: {recount:?}");
    let mut tx = db.read().await?;
    let b = store::democracy::ballot(&mut tx, UnionId(union), ballot.id).await?.context("ballot")?;
    drop(tx);
    let counts: domain::democracy::ballot::Counts =
        serde_json::from_str(b.result.as_deref().unwrap_or("{}"))?;
    let no = (0..n).filter(|i| i % 3 == 0).count() as u64;
    anyhow::ensure!(counts.rows[0].counts[..2] == [n as u64 - no, no], "counts {:?}", counts.rows[0].counts);
    println!(
        "close (count {n} papers, publish in receipt order): {:.0} ms; GET tally with all {n} papers ({:.0} KiB JSON): {:.0} ms; tally verify (recount from published papers): {:.0} ms",
        t_close.as_secs_f64() * 1000.0,
        bytes as f64 / 1024.0,
        t_tally.as_secs_f64() * 1000.0,
        t_verify.as_secs_f64() * 1000.0
    );
    server.abort();
    Ok(())
}
