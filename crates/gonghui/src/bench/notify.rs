//! `gonghui bench notify`: the numbers of issue 19 for notifications. A vote
//! opened to `members` accounts, every one of them with email on: the
//! fan-out (inbox rows and outbox rows, in the transaction that opens the
//! ballot; target < 2 s for 30,000), then the outbox drained by the email
//! sender against a local SMTP sink (target ≥ 500 messages/s).

use std::sync::Arc;
use std::time::Instant;

use app::crypto::Keys;
use store::Db;
use uuid::Uuid;

use super::{bench_setup, new_union};

pub struct Sizes {
    pub members: usize,
}

pub async fn notify(db: Db, sizes: Sizes) -> anyhow::Result<()> {
    use app::democracy::service as ballots;
    let keys = Arc::new(Keys::from_secret(&rand::random::<[u8; 32]>()));
    let (state, p, fed) = bench_setup(&db, &keys).await?;
    let err = |e: app::error::AppError| anyhow::anyhow!("{}", e.0);
    let n = sizes.members;
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    println!("database: {}, cores: {cores}, accounts on the roll: {n}, each with email on", db.backend());
    let union = new_union(&state, &p, fed, &format!("通知基准工会{}", Uuid::now_v7())).await?;

    // Accounts with a member grant and their email on, written directly.
    let t0 = Instant::now();
    let now = store::now();
    let tag = Uuid::now_v7().simple().to_string();
    let mut users = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(2_000) {
        let mut tx = db.write().await?;
        for &i in chunk {
            let id = Uuid::now_v7();
            let u = store::auth::User {
                id,
                username: format!("n{}{i}", &tag[20..]),
                display_name: format!("会员{i}"),
                password_hash: "!".into(),
                home_org_id: Some(union),
                disabled_at: None,
                created_at: now,
                updated_at: now,
                must_change_password: false,
            };
            store::auth::insert_user(&mut tx, &u).await?;
            store::auth::insert_grant(&mut tx, Uuid::now_v7(), id, "member", Some(union), None, now).await?;
            let prefs = store::me::notify::Prefs {
                user_id: id,
                email: Some(format!("member{i}@bench.example.com")),
                email_on: true,
                webhook_address: None,
                webhook_on: false,
                updated_at: now,
            };
            store::me::notify::save_prefs(&mut tx, &prefs).await?;
            users.push(id);
        }
        tx.commit().await?;
    }
    let input = ballots::BallotInput {
        kind: "motion".into(),
        title: "通知基准表决".into(),
        voter_user_ids: users.clone(),
        ..Default::default()
    };
    let ballot = ballots::create(&state, &p, union, &input).await.map_err(err)?;
    println!(
        "setup: {n} accounts with channels, one motion with its roll: {:.1} s",
        t0.elapsed().as_secs_f64()
    );

    // The fan-out, inside the transaction that opens the ballot.
    let t = Instant::now();
    ballots::open(&state, &p, ballot.id).await.map_err(err)?;
    let fan_out = t.elapsed();
    let (inbox, queued) = {
        let mut tx = db.read().await?;
        let f = store::me::notify::OutboxFilter {
            union_id: Some(union),
            status: Some("queued".into()),
            channel: None,
        };
        let (_, queued) = store::me::notify::outbox(&mut tx, &f, store::Page::new(Some(1), Some(1))).await?;
        let inbox = store::me::notify::unread_count(&mut tx, users[0]).await?;
        (inbox, queued)
    };
    println!(
        "fan-out of a vote opened: {n} inbox rows and {queued} emails queued in {:.0} ms (opening the ballot included; target < 2000 ms)",
        fan_out.as_secs_f64() * 1000.0
    );
    anyhow::ensure!(inbox == 1 && queued as usize == n, "fan-out incomplete: inbox {inbox}, queued {queued}");

    // The drain: the email sender against a local sink.
    let sink = crate::smtp_sink::SmtpSink::start(false).await?;
    let config = app::Config { smtp_url: Some(sink.url()), ..Default::default() };
    let mailer = app::AppState::new(db.clone(), Arc::new(config), Arc::clone(&keys));
    let t = Instant::now();
    let r = store::one_connection_at_a_time(app::me::notify::drain::drain(&mailer, usize::MAX))
        .await
        .map_err(err)?;
    let wall = t.elapsed();
    println!(
        "outbox drained by SMTP to a local sink: {} sent, {} retrying, {} failed in {:.2} s = {:.0} messages/s ({} at once; target ≥ 500/s); the sink took {}",
        r.sent,
        r.retrying,
        r.failed,
        wall.as_secs_f64(),
        r.sent as f64 / wall.as_secs_f64(),
        app::me::notify::drain::CONCURRENCY,
        sink.count(),
    );
    anyhow::ensure!(r.sent == n && sink.count() == n, "not every email was sent exactly once: {r:?}");
    Ok(())
}
