//! `gonghui bench activity`: the two numbers of issue 16. First a crowd:
//! `members` members press 我要报名 at the same instant for `places`
//! places, each over its own HTTP connection on loopback against the real
//! router, guard and service; exactly `places` must be confirmed and the
//! rest waiting, each once, in one arrival order. Then 参与面 for a large
//! union: `roster` members, `activities` activities and `checkins`
//! check-ins, computed as the participation page and API compute it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::activity::service::{self as activities, ActivityInput};
use app::crypto::Keys;
use domain::UnionId;
use domain::activity::Audience;
use store::Db;
use uuid::Uuid;

use super::{bench_setup, http_post, new_union, percentile, serve_loopback, synthetic_member};

pub struct Sizes {
    /// Members pressing 我要报名 at once.
    pub members: usize,
    pub places: usize,
    /// The large union of the participation query.
    pub roster: usize,
    pub activities: usize,
    pub checkins: usize,
}

pub(super) fn err(e: app::error::AppError) -> anyhow::Error {
    anyhow::anyhow!("{}", e.0)
}

/// An activity of this year, open for sign-up now.
pub(super) fn input(title: String, places: usize, starts_in_days: i64) -> ActivityInput {
    let now = store::now();
    let starts_at = now + chrono::Duration::days(starts_in_days);
    ActivityInput {
        title,
        kind: "sports".into(),
        place: "职工活动中心".into(),
        description: String::new(),
        organiser_group_id: None,
        starts_at,
        ends_at: starts_at + chrono::Duration::hours(3),
        places: places as i64,
        signup_opens_at: None,
        signup_closes_at: starts_at - chrono::Duration::hours(1),
        cancel_until: None,
        audience: Audience::whole_union(),
        needs_approval: false,
    }
}

pub async fn activity(db: Db, sizes: Sizes) -> anyhow::Result<()> {
    let keys = Arc::new(Keys::from_secret(&rand::random::<[u8; 32]>()));
    let (state, p, fed) = bench_setup(&db, &keys).await?;
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    println!("database: {}, cores: {cores}", db.backend());
    if sizes.members > 0 {
        signups(&db, &keys, &state, &p, fed, &sizes).await?;
    }
    if sizes.roster > 0 {
        participation(&db, &keys, &state, &p, fed, &sizes).await?;
    }
    Ok(())
}

/// The crowd at the sign-up button.
async fn signups(
    db: &Db,
    keys: &Keys,
    state: &app::AppState,
    p: &app::auth::Principal,
    fed: Uuid,
    sizes: &Sizes,
) -> anyhow::Result<()> {
    let n = sizes.members;
    let union = new_union(state, p, fed, &format!("报名基准工会{}", Uuid::now_v7())).await?;
    // Members with a login each, linked to their member record, and an API
    // token, written directly (argon2 sign-ins are not what is measured).
    let t0 = Instant::now();
    let now = store::now();
    let tag = Uuid::now_v7().simple().to_string();
    let mut people = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(1000) {
        let members: Vec<_> =
            chunk.iter().map(|&i| synthetic_member(keys, union, 5_000_000 + i, now)).collect();
        let mut tx = db.write().await?;
        store::member::insert_many(&mut tx, &members).await?;
        for (m, &i) in members.iter().zip(chunk) {
            let id = Uuid::now_v7();
            let u = store::auth::User {
                id,
                username: format!("s{}{i}", &tag[20..]),
                display_name: m.name.clone(),
                password_hash: "!".into(),
                home_org_id: Some(union),
                disabled_at: None,
                created_at: now,
                updated_at: now,
                must_change_password: false,
            };
            store::auth::insert_user(&mut tx, &u).await?;
            store::auth::insert_grant(&mut tx, Uuid::now_v7(), id, "member", Some(union), None, now).await?;
            store::auth::link_user(&mut tx, id, UnionId(union), m.id, "bench", false).await?;
            let token = app::auth::secrets::random_token();
            let hash = app::auth::secrets::token_hash(&token);
            store::auth::insert_token(&mut tx, &hash, id, now, now + chrono::Duration::days(1)).await?;
            people.push((m.id, token));
        }
        tx.commit().await?;
    }
    let a = activities::create(state, p, union, &input("基准测试：职工趣味运动会".into(), sizes.places, 7))
        .await
        .map_err(err)?;
    println!(
        "setup: {n} members with logins and tokens, one activity with {} places: {:.1} s",
        sizes.places,
        t0.elapsed().as_secs_f64()
    );

    let (addr, server) = serve_loopback(state)?;
    let path = format!("/api/v1/activities/{}/signups", a.id);
    let start = Arc::new(tokio::sync::Barrier::new(n + 1));
    let mut tasks = Vec::with_capacity(n);
    for (_, token) in &people {
        let (start, path, token) = (Arc::clone(&start), path.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            let t = Instant::now();
            let r = http_post(addr, &path, &token, "{}").await;
            (r, t.elapsed())
        }));
    }
    start.wait().await;
    let t0 = Instant::now();
    let mut latencies: Vec<Duration> = Vec::with_capacity(n);
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
        "sign-ups over HTTP: {n} members at once for {} places: {accepted} accepted (201) in {:.2} s = {:.0} sign-ups/s; latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        sizes.places,
        wall.as_secs_f64(),
        n as f64 / wall.as_secs_f64(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.9),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
    );
    anyhow::ensure!(accepted == n, "not every sign-up was accepted: {statuses:?}");

    // Exactly the places confirmed, everyone else waiting, each once, and
    // the arrival numbers one sequence: the waiting list is in the order
    // the sign-ups were taken.
    let (_, lines) = app::activity::signup::list(state, a.id).await.map_err(err)?;
    let confirmed = lines.iter().filter(|l| l.status == domain::activity::SignupStatus::Confirmed).count();
    let waiting: Vec<_> =
        lines.iter().filter(|l| l.status == domain::activity::SignupStatus::Waiting).collect();
    let mut members: Vec<Uuid> = lines.iter().map(|l| l.row.member_id).collect();
    members.sort();
    members.dedup();
    anyhow::ensure!(
        members.len() == n && lines.len() == n,
        "{} rows for {} members",
        lines.len(),
        members.len()
    );
    anyhow::ensure!(confirmed == sizes.places.min(n), "{confirmed} confirmed for {} places", sizes.places);
    anyhow::ensure!(waiting.len() == n - confirmed, "{} waiting", waiting.len());
    let mut seqs: Vec<i64> = lines.iter().map(|l| l.row.seq).collect();
    seqs.sort();
    anyhow::ensure!(seqs.iter().copied().eq(1..=n as i64), "arrival numbers are not 1..{n}");
    let positions: Vec<u32> = waiting.iter().filter_map(|l| l.position).collect();
    anyhow::ensure!(
        positions.iter().copied().eq(1..=waiting.len() as u32),
        "waiting positions are not 1..{} in arrival order",
        waiting.len()
    );
    let max_confirmed_seq =
        lines.iter().filter(|l| l.position.is_none()).map(|l| l.row.seq).max().unwrap_or(0);
    anyhow::ensure!(
        waiting.iter().all(|l| l.row.seq > max_confirmed_seq),
        "someone waits who arrived before a confirmed member"
    );
    let mut second = 0;
    for (_, token) in people.iter().take(50) {
        second += usize::from(http_post(addr, &path, token, "{}").await? == 409);
    }
    anyhow::ensure!(second == 50, "a second sign-up was not refused");
    println!(
        "exactly: {confirmed} confirmed, {} waiting in arrival order (positions 1..{}), nobody twice; 50 second sign-ups refused (409)",
        waiting.len(),
        waiting.len()
    );
    server.abort();
    Ok(())
}

/// 参与面 of a large union.
async fn participation(
    db: &Db,
    keys: &Keys,
    state: &app::AppState,
    p: &app::auth::Principal,
    fed: Uuid,
    sizes: &Sizes,
) -> anyhow::Result<()> {
    let t0 = Instant::now();
    let union = new_union(state, p, fed, &format!("参与面基准工会{}", Uuid::now_v7())).await?;
    // Thirty groups, members spread over them.
    let mut groups = Vec::new();
    for g in 0..30 {
        let fields =
            domain::org::OrgFields { name: format!("第{}工会小组", g + 1), ..Default::default() };
        let o = app::org::service::create(state, p, "group", Some(union), &fields).await.map_err(err)?;
        groups.push(o.id);
    }
    let now = store::now();
    let mut member_ids = Vec::with_capacity(sizes.roster);
    for chunk in (0..sizes.roster).collect::<Vec<_>>().chunks(5000) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|&i| {
                let mut m = synthetic_member(keys, union, 7_000_000 + i, now);
                m.group_id = Some(groups[i % groups.len()]);
                m
            })
            .collect();
        member_ids.extend(rows.iter().map(|m| m.id));
        let mut tx = db.write().await?;
        store::member::insert_many(&mut tx, &rows).await?;
        tx.commit().await?;
    }
    // Activities of this year (so that they count for it), started already.
    let year = app::activity::service::year_of_start(now + chrono::Duration::days(1));
    let mut ids = Vec::with_capacity(sizes.activities);
    for k in 0..sizes.activities {
        let a = activities::create(state, p, union, &input(format!("基准活动{}", k + 1), 1000, 1))
            .await
            .map_err(err)?;
        ids.push(a.id);
    }
    // Check-ins: spread so that about a tenth of the roster takes part in
    // nothing (as in a real union), the rest in several activities each.
    let reach = sizes.roster - sizes.roster / 10;
    let mut rng: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut seen = std::collections::HashSet::with_capacity(sizes.checkins);
    let mut batch = Vec::with_capacity(5000);
    let at = now;
    let mut written = 0;
    while written < sizes.checkins && reach > 0 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let m = (rng % reach as u64) as usize;
        let a = ((rng >> 32) % ids.len() as u64) as usize;
        if !seen.insert((a, m)) {
            continue;
        }
        batch.push(store::activity::checkin::Checkin {
            activity_id: ids[a],
            member_id: member_ids[m],
            method: "officer".into(),
            walk_in: false,
            at,
            by_name: "bench".into(),
        });
        written += 1;
        if batch.len() == 5000 || written == sizes.checkins {
            let mut tx = db.write().await?;
            store::activity::checkin::insert_many(&mut tx, UnionId(union), year, &batch).await?;
            tx.commit().await?;
            batch.clear();
        }
    }
    // Statistics after a bulk load, as after any large import: without
    // them PostgreSQL takes the tallies for empty and probes them by a
    // full scan per member.
    match db {
        Db::Pg(pool) => {
            sqlx::query("ANALYZE members").execute(pool).await?;
            sqlx::query("ANALYZE member_activity_years").execute(pool).await?;
        }
        Db::Sqlite(pool) => {
            sqlx::query("ANALYZE").execute(pool).await?;
        }
    }
    println!(
        "setup: {} members in 30 groups, {} activities, {written} check-ins: {:.1} s",
        sizes.roster,
        sizes.activities,
        t0.elapsed().as_secs_f64()
    );

    let runs = 20;
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let y = app::activity::participation::for_year(state, p, union, year).await.map_err(err)?;
        times.push(t.elapsed());
        last = Some(y);
    }
    times.sort();
    let y = last.expect("ran");
    anyhow::ensure!(y.overall.active_members == sizes.roster as u64, "active {}", y.overall.active_members);
    println!(
        "participation {year}: {} of {} active members took part ({}), {} groups, {} activities, {} took part in nothing; {runs} runs: p50 {:.1} ms, max {:.1} ms",
        y.overall.participants,
        y.overall.active_members,
        y.overall.percent_text(),
        y.by_group.len(),
        y.by_activity.len(),
        y.absent_count,
        percentile(&times, 0.5),
        percentile(&times, 1.0),
    );
    Ok(())
}
