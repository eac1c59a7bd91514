//! `gonghui bench writes`: audited writes in parallel. C clients each add
//! members through the service layer (validated, numbered, audited) — once
//! every client in a union of its own, once all of them in one union. If
//! writes of unrelated unions never wait for each other, the first rate
//! grows with the clients while the second stays bounded by one union's
//! chain; a global lock makes the two equal.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use app::crypto::Keys;
use app::member::service::{self, MemberInput};
use domain::member::{Column, MemberStatus};
use store::Db;
use uuid::Uuid;

use super::{bench_setup, new_union, person};

pub struct Sizes {
    pub clients: usize,
    /// Members written per case (ignored when `seconds` is given).
    pub members: usize,
    /// Run each case for this long instead of a fixed count.
    pub seconds: Option<u64>,
}

/// One case: `clients` tasks writing into `unions` (client i into
/// `unions[i % len]`) until the count or the time is reached. Returns
/// members written and the elapsed seconds.
async fn run_case(
    state: &app::AppState,
    p: &Arc<app::auth::Principal>,
    unions: &[Uuid],
    sizes: &Sizes,
    first_person: usize,
) -> anyhow::Result<(usize, f64)> {
    let next = Arc::new(AtomicUsize::new(0));
    let deadline = sizes.seconds.map(|s| Instant::now() + Duration::from_secs(s));
    let limit = if deadline.is_some() { usize::MAX } else { sizes.members };
    let t0 = Instant::now();
    let mut tasks = Vec::with_capacity(sizes.clients);
    for c in 0..sizes.clients {
        let (state, p, next) = (state.clone(), Arc::clone(p), Arc::clone(&next));
        let union_id = unions[c % unions.len()];
        tasks.push(tokio::spawn(async move {
            let mut written = 0usize;
            loop {
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    break;
                }
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= limit {
                    break;
                }
                let (name, id, mobile) = person(first_person + n);
                let input = MemberInput {
                    cells: vec![(Column::Name, name), (Column::IdNumber, id), (Column::Mobile, mobile)],
                    ..Default::default()
                };
                service::create(&state, p.actor(), union_id, &input, MemberStatus::Active)
                    .await
                    .map_err(|e| anyhow::anyhow!("member {n}: {}", e.0))?;
                written += 1;
            }
            anyhow::Ok(written)
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await??;
    }
    Ok((total, t0.elapsed().as_secs_f64()))
}

pub async fn writes(db: Db, sizes: Sizes) -> anyhow::Result<()> {
    anyhow::ensure!(sizes.clients > 0, "at least one client");
    let keys = Arc::new(Keys::from_secret(&rand::random::<[u8; 32]>()));
    let (state, p, fed) = bench_setup(&db, &keys).await?;
    let p = Arc::new(p);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "database: {}; cores: {cores}; clients: {}; connections: {}",
        db.backend(),
        sizes.clients,
        db.pool_size()
    );
    let mut many = Vec::with_capacity(sizes.clients);
    for i in 0..sizes.clients {
        many.push(new_union(&state, &p, fed, &format!("写入基准工会{i:02}")).await?);
    }
    let one = [new_union(&state, &p, fed, "写入基准单一工会").await?];
    // ID numbers are unique nationwide: each run and each case takes its own
    // range of synthetic people (a bench database may hold earlier runs).
    let base = 8_000_000 + (rand::random::<u32>() % 20) as usize * 500_000;
    let (n_many, t_many) = run_case(&state, &p, &many, &sizes, base).await?;
    let r_many = n_many as f64 / t_many;
    println!(
        "{} clients into {} different unions: {n_many} members in {t_many:.2} s = {r_many:.0} members/s",
        sizes.clients,
        many.len()
    );
    let (n_one, t_one) = run_case(&state, &p, &one, &sizes, base + 250_000).await?;
    let r_one = n_one as f64 / t_one;
    println!(
        "{} clients into one union: {n_one} members in {t_one:.2} s = {r_one:.0} members/s",
        sizes.clients
    );
    println!("ratio (different unions / one union): {:.2}", r_many / r_one);
    Ok(())
}
