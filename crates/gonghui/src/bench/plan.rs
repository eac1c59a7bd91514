//! `gonghui bench plan`: the numbers of issue 20's work plans. Reading the
//! targets of the three shared seed plans (target: under 50 ms for all),
//! and a union's live plan page — 20 targets bound to metrics, each with
//! its current value, progress and monthly trend — for a union of
//! `members` members with a year of activities and check-ins (target:
//! under 300 ms).

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::crypto::Keys;
use app::plan::plans::{self as service, NewPlan, TargetInput};
use chrono::Datelike;
use domain::plan::metric::Metric;
use store::Db;
use uuid::Uuid;

use super::activity::{err, input};
use super::{analyze, bench_setup, new_union, percentile, synthetic_member};

pub struct Sizes {
    pub members: usize,
    pub activities: usize,
    pub checkins: usize,
    pub runs: usize,
}

const SEEDS: [&str; 3] = [
    include_str!("../../../domain/src/plan/seeds/000_6fd2ff6756ff44f6.txt"),
    include_str!("../../../domain/src/plan/seeds/001_031ff6f7eb7b6571.txt"),
    include_str!("../../../domain/src/plan/seeds/002_81eccbbc9132d5d4.txt"),
];

/// The twenty metrics a union's plan page binds.
const METRICS: [Metric; 20] = [
    Metric::Members,
    Metric::MembershipRate,
    Metric::NewMembers,
    Metric::ContractRate,
    Metric::ContractWorkers,
    Metric::ActivitiesHeld,
    Metric::ParticipationRate,
    Metric::ContestsHeld,
    Metric::ContestEntrants,
    Metric::SuggestionsSubmitted,
    Metric::SuggestionsAdopted,
    Metric::Honours,
    Metric::TrainingCourses,
    Metric::TrainingPersonTimes,
    Metric::HardshipFamilies,
    Metric::AidPaid,
    Metric::CareAmount,
    Metric::CarePeopleReached,
    Metric::VisitsDone,
    Metric::PetitionsReceived,
];

pub async fn plan(db: Db, sizes: Sizes) -> anyhow::Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    println!("database: {}, cores: {cores}", db.backend());

    // Extraction: all three seeds, many times.
    let chars: usize = SEEDS.iter().map(|s| s.chars().count()).sum();
    let mut times = Vec::with_capacity(sizes.runs);
    let mut found = 0;
    for _ in 0..sizes.runs.max(1) {
        let t = Instant::now();
        found = SEEDS.iter().map(|s| domain::plan::extract::extract(s).len()).sum::<usize>();
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "extraction: 3 seed plans, {chars} characters, {found} targets: p50 {:.2} ms, max {:.2} ms (target < 50 ms)",
        percentile(&times, 0.5),
        percentile(&times, 1.0)
    );

    // A union with a year of records.
    let keys = Arc::new(Keys::from_secret(&rand::random::<[u8; 32]>()));
    let (state, p, fed) = bench_setup(&db, &keys).await?;
    let t0 = Instant::now();
    let union = new_union(&state, &p, fed, &format!("计划基准工会{}", Uuid::now_v7())).await?;
    let now = store::now();
    let mut member_ids = Vec::with_capacity(sizes.members);
    for chunk in (0..sizes.members).collect::<Vec<_>>().chunks(5000) {
        let rows: Vec<_> =
            chunk.iter().map(|&i| synthetic_member(&keys, union, 9_000_000 + i, now)).collect();
        member_ids.extend(rows.iter().map(|m| m.id));
        let mut tx = db.write().await?;
        store::member::insert_many(&mut tx, &rows).await?;
        tx.commit().await?;
    }
    let mut activities = Vec::with_capacity(sizes.activities);
    for k in 0..sizes.activities {
        let a = app::activity::service::create(
            &state,
            &p,
            union,
            &input(format!("计划基准活动{}", k + 1), 1000, 1),
        )
        .await
        .map_err(err)?;
        activities.push(a.id);
    }
    let act_year = app::activity::service::year_of_start(now + chrono::Duration::days(1));
    let mut written = 0;
    let mut rng: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut seen = std::collections::HashSet::with_capacity(sizes.checkins);
    let mut batch = Vec::with_capacity(5000);
    while written < sizes.checkins && !activities.is_empty() && !member_ids.is_empty() {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let m = (rng % member_ids.len() as u64) as usize;
        let a = ((rng >> 32) % activities.len() as u64) as usize;
        if !seen.insert((a, m)) {
            continue;
        }
        batch.push(store::activity::checkin::Checkin {
            activity_id: activities[a],
            member_id: member_ids[m],
            method: "officer".into(),
            walk_in: false,
            at: now,
            by_name: "bench".into(),
        });
        written += 1;
        if batch.len() == 5000 || written == sizes.checkins {
            let mut tx = db.write().await?;
            store::activity::checkin::insert_many(&mut tx, domain::UnionId(union), act_year, &batch).await?;
            tx.commit().await?;
            batch.clear();
        }
    }
    // The plan: one target read from its text, nineteen bound by hand.
    let year = domain::time::today(now).year();
    let n = NewPlan {
        title: "基准年度计划".into(),
        year,
        half: None,
        text: "全年举办文体活动不少于50次。".into(),
    };
    let plan_id = service::create(&state, &p, union, &n).await.map_err(err)?;
    for m in METRICS.iter().skip(1) {
        let i = TargetInput {
            sentence: format!("{}达到目标", m.label()),
            comparator: ">=".into(),
            value: if m.is_rate() { 90.0 } else { 100.0 },
            unit: m.unit().into(),
            metric: Some(m.as_str().into()),
            ..TargetInput::default()
        };
        service::add_target(&state, &p, plan_id, &i).await.map_err(err)?;
    }
    analyze(&db).await?;
    println!(
        "setup: {} members, {} activities, {written} check-ins, a plan of {} targets: {:.1} s",
        sizes.members,
        sizes.activities,
        METRICS.len(),
        t0.elapsed().as_secs_f64()
    );

    let mut times: Vec<Duration> = Vec::with_capacity(sizes.runs);
    let mut targets = 0;
    for _ in 0..sizes.runs.max(1) {
        let t = Instant::now();
        let v = service::view(&state, plan_id).await.map_err(err)?;
        times.push(t.elapsed());
        targets = v.targets.len();
    }
    times.sort();
    println!(
        "live plan page (service, {targets} targets with trends): p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms (target < 300 ms)",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 1.0)
    );
    Ok(())
}
