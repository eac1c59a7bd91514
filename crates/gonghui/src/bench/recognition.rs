//! `gonghui bench recognition`: the number of issue 18. The yearly
//! suggestion and training statistics of one union of `members` members
//! with `suggestions` suggestions and `attendances` credited attendances
//! (人次) this year, computed as the API and the statistics pages compute
//! them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::crypto::Keys;
use chrono::{Datelike, Days, NaiveDate};
use domain::UnionId;
use domain::activity::Audience;
use store::Db;
use uuid::Uuid;

use super::{analyze, bench_setup, new_union, percentile, synthetic_member};

pub struct Sizes {
    pub members: usize,
    pub suggestions: usize,
    pub courses: usize,
    pub attendances: usize,
    pub runs: usize,
}

const CATEGORIES: [&str; 6] =
    ["tech_innovation", "management", "safety", "energy_saving", "worker_life", "other"];
/// Where a year's suggestions stand, in proportions a union sees.
const STATUSES: [&str; 8] =
    ["submitted", "needs_revision", "rejected", "adopted", "implementing", "accepted", "rewarded", "merged"];

pub async fn recognition(db: Db, sizes: Sizes) -> anyhow::Result<()> {
    let keys = Arc::new(Keys::from_secret(&rand::random::<[u8; 32]>()));
    let (state, p, fed) = bench_setup(&db, &keys).await?;
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    println!("database: {}, cores: {cores}", db.backend());
    let started = Instant::now();
    let union = new_union(&state, &p, fed, "表彰培训基准工会").await?;
    let u = UnionId(union);
    let now = store::now();
    let today = domain::time::today(now);
    let year = today.year();
    let jan = NaiveDate::from_ymd_opt(year, 1, 1).expect("January the first");
    let members: Vec<_> =
        (0..sizes.members).map(|i| synthetic_member(&keys, union, 12_000_000 + i, now)).collect();
    let member_ids: Vec<Uuid> = members.iter().map(|m| m.id).collect();
    {
        let mut tx = db.write().await?;
        for chunk in members.chunks(2_000) {
            store::member::insert_many(&mut tx, chunk).await?;
        }
        tx.commit().await?;
    }
    // Courses through the use case (each is an activity of kind training).
    let mut courses = Vec::with_capacity(sizes.courses);
    for i in 0..sizes.courses.max(1) {
        let day = jan.checked_add_days(Days::new((i % 300) as u64)).unwrap_or(jan);
        let input = app::recognition::training::courses::CourseInput {
            title: format!("基准培训第{}期", i + 1),
            organiser: "本会".into(),
            external: false,
            for_cadres: i % 10 == 0,
            tenth_hours: 40,
            starts_on: day,
            ends_on: day,
            capacity: 1_000,
            certificate: String::new(),
            place: "培训室".into(),
            audience: Audience::whole_union(),
            signup_closes_at: None,
        };
        let c = app::recognition::training::courses::create(&state, &p, union, &input)
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.0))?;
        courses.push(c);
    }
    {
        let mut tx = db.write().await?;
        let per_course = sizes.attendances.div_ceil(courses.len());
        let mut made = 0;
        for (k, c) in courses.iter().enumerate() {
            let rows: Vec<_> = (0..per_course.min(sizes.attendances - made))
                .map(|i| store::recognition::training::NewCredit {
                    course_id: c.id,
                    member_id: member_ids[(k * 7919 + i) % member_ids.len()],
                    tenth_hours: c.tenth_hours,
                    year: i64::from(year),
                    for_cadres: c.for_cadres,
                    credited_by: "bench".into(),
                    credited_at: now,
                })
                .collect();
            made += rows.len();
            for chunk in rows.chunks(1_000) {
                store::recognition::training::credit_many(&mut tx, u, chunk).await?;
            }
        }
        for i in 0..sizes.suggestions {
            let status = STATUSES[i % STATUSES.len()];
            let accepted = matches!(status, "accepted" | "rewarded");
            let s = store::recognition::suggestion::Suggestion {
                union_id: union,
                id: Uuid::now_v7(),
                number: i as i64 + 1,
                year: i64::from(year),
                category: CATEGORIES[i % CATEGORIES.len()].into(),
                title: format!("金点子{}", i + 1),
                current_state: "现状".into(),
                proposal: "建议".into(),
                expected_benefit: "效益".into(),
                member_id: member_ids[i % member_ids.len()],
                submitted_by_user: None,
                team: String::new(),
                status: status.into(),
                decision: None,
                decision_reason: None,
                assessed_by: None,
                assessed_on: None,
                implementer: None,
                implement_by: None,
                value_fen_per_year: accepted.then_some(((i * 7_919) % 5_000_000) as i64),
                acceptance_note: None,
                accepted_by: None,
                accepted_on: None,
                reward_fen: (status == "rewarded").then_some(20_000),
                reward_voucher_id: None,
                rewarded_on: None,
                merged_into_id: None,
                proposal_id: None,
                created_at: now,
                updated_at: now,
            };
            // A new row holds what was submitted; the later steps' fields
            // are written as the workflow writes them.
            store::recognition::suggestion::insert(&mut tx, u, &s).await?;
            if accepted {
                store::recognition::suggestion::update(&mut tx, u, &s, status).await?;
            }
        }
        tx.commit().await?;
    }
    analyze(&db).await?;
    println!(
        "yearly statistics of one union: {} members, {} suggestions, {} courses, {} attendances (seeded in {:.1}s)",
        sizes.members,
        sizes.suggestions,
        courses.len(),
        sizes.attendances,
        started.elapsed().as_secs_f64()
    );
    let mut both: Vec<Duration> = Vec::with_capacity(sizes.runs);
    let mut sugg: Vec<Duration> = Vec::with_capacity(sizes.runs);
    let mut train: Vec<Duration> = Vec::with_capacity(sizes.runs);
    let mut last = None;
    for _ in 0..sizes.runs.max(1) {
        let t = Instant::now();
        let s = app::recognition::suggestion::stats(&state, union, year)
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.0))?;
        let t1 = t.elapsed();
        let tr = app::recognition::training::stats(&state, union, year)
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.0))?;
        both.push(t.elapsed());
        sugg.push(t1);
        train.push(t.elapsed() - t1);
        last = Some((s, tr));
    }
    for v in [&mut both, &mut sugg, &mut train] {
        v.sort();
    }
    let (s, tr) = last.expect("one run at least");
    println!(
        "  建议 {} 件（采纳 {}，采纳率 {}，验收 {}，创效 {} 元/年）；培训 {} 期，{} 人次，{} 学时，工会干部 {} 人次",
        s.submitted,
        s.adopted,
        s.adoption_rate,
        s.accepted,
        s.value_fen_per_year / 100,
        tr.courses,
        tr.person_times,
        domain::recognition::training::fmt_hours(tr.tenth_hours),
        tr.cadre_person_times
    );
    println!(
        "  {} runs: both p50 {:.1} ms, max {:.1} ms (target < 200 ms); suggestions p50 {:.1} ms; training p50 {:.1} ms",
        both.len(),
        percentile(&both, 0.5),
        percentile(&both, 1.0),
        percentile(&sugg, 0.5),
        percentile(&train, 0.5)
    );
    Ok(())
}
