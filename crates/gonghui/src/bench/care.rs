//! `gonghui bench care`: the care numbers of issue 5 on the database given —
//! recompute every open hardship file's category and the yearly per-person
//! aid totals over a large union, then build a 送温暖 list and pay it.

use domain::UnionId;
use std::sync::Arc;
use std::time::Instant;

use app::care::{aid, files};
use app::crypto::Keys;
use chrono::NaiveDate;
use domain::care::campaign::Filter;
use domain::care::hardship::CarePolicy;
use store::Db;
use store::care::{Assistance, File};
use store::member::Member;
use uuid::Uuid;

use super::{bench_setup, new_union, synthetic_member};

pub struct Sizes {
    pub members: usize,
    pub files: usize,
    pub payments: usize,
    pub recipients: usize,
}

pub async fn care(db: Db, sizes: Sizes) -> anyhow::Result<()> {
    let Sizes { members, files: file_count, payments, recipients } = sizes;
    anyhow::ensure!(file_count <= members && recipients <= members, "more files or recipients than members");
    let keys = Arc::new(Keys::from_secret(&rand::random::<[u8; 32]>()));
    let (state, p, fed) = bench_setup(&db, &keys).await?;
    let err = |e: app::error::AppError| anyhow::anyhow!("{}", e.0);
    println!("database: {}", db.backend());
    let union_id = new_union(&state, &p, fed, "帮扶基准工会").await?;

    // Setup, not timed: the roster (the first `recipients` flagged 困难职工),
    // the local figures, the files and a year of payments.
    let t0 = Instant::now();
    let mut ids = Vec::with_capacity(members);
    let mut made = 0;
    while made < members {
        let chunk = (members - made).min(50_000);
        let k = Arc::clone(&keys);
        let batch: Vec<Member> = tokio::task::spawn_blocking(move || {
            let now = store::now();
            (made..made + chunk)
                .map(|i| {
                    let mut m = synthetic_member(&k, union_id, 6_000_000 + i, now);
                    m.hardship = i < recipients;
                    m
                })
                .collect()
        })
        .await?;
        ids.extend(batch.iter().map(|m| m.id));
        let mut tx = db.write().await?;
        store::member::insert_many(&mut tx, &batch).await?;
        tx.commit().await?;
        made += chunk;
    }
    let today = files::today();
    let figures = CarePolicy { dibao_monthly_fen: 80_000, province_avg_income_fen: 4_500_000 };
    files::put_policy(&state, &p, union_id, figures, Some(today)).await.map_err(err)?;
    let now = store::now();
    let mut tx = db.write().await?;
    for (n, member_id) in ids.iter().take(file_count).enumerate() {
        // Incomes spread across the three outcomes of the formula.
        let size = 1 + (n % 5) as i64;
        let sealed = files::Sealed {
            annual_income_fen: size * (600_000 + (n as i64 * 7_919) % 4_000_000),
            hardship_spending_fen: (n as i64 * 104_729) % 3_000_000,
            household: Vec::new(),
            situation: None,
        };
        let f = File {
            union_id,
            id: Uuid::now_v7(),
            member_id: *member_id,
            status: "approved".into(),
            computed_category: "relative".into(),
            category: "relative".into(),
            override_reason: None,
            main_cause: "illness".into(),
            secondary_causes: String::new(),
            exclusions: String::new(),
            accident: n % 17 == 0,
            household_size: size,
            sealed: files::seal(&state, &sealed),
            assessed_on: today,
            next_review: Some(today + chrono::Days::new(365)),
            approved_by: Some("基准".into()),
            approved_at: Some(now),
            close_reason: None,
            closed_on: None,
            retain_until: None,
            created_by: "基准".into(),
            created_at: now,
            updated_at: now,
        };
        store::care::insert_file(&mut tx, &f).await?;
    }
    tx.commit().await?;
    let year = i64::from(chrono::Datelike::year(&today));
    let mut paid = 0;
    while paid < payments {
        let chunk = (payments - paid).min(20_000);
        let rows: Vec<Assistance> = (paid..paid + chunk)
            .map(|i| Assistance {
                union_id,
                id: Uuid::now_v7(),
                member_id: ids[(i * 7) % ids.len()],
                kind: "assistance".into(),
                item: "assistance".into(),
                reason: "困难帮扶".into(),
                amount_fen: 20_000 + (i as i64 % 50) * 1_000,
                goods: None,
                form: "cash".into(),
                date: NaiveDate::from_yo_opt(year as i32, 1 + (i % 300) as u32).expect("day of year"),
                year,
                approved_by: "基准".into(),
                delivered_by: None,
                campaign_id: None,
                event_id: None,
                welfare_id: None,
                voucher_id: None,
                idem_key: None,
                actor_name: "基准".into(),
                at: now,
            })
            .collect();
        let mut tx = db.write().await?;
        store::care::insert_assistance_many(&mut tx, &rows).await?;
        tx.commit().await?;
        paid += chunk;
    }
    match &db {
        Db::Pg(pool) => {
            sqlx::query("ANALYZE").execute(pool).await?;
        }
        Db::Sqlite(pool) => {
            sqlx::query("ANALYZE").execute(pool).await?;
        }
    }
    println!(
        "setup: {members} members, {file_count} hardship files, {payments} payments in {:.1} s",
        t0.elapsed().as_secs_f64()
    );

    // 1. Recompute every open file's category under today's figures (each
    // file's sealed figures decrypted) and the year's per-person totals.
    for run in 1..=3 {
        let t0 = Instant::now();
        let (checked, changed) = files::recompute_all(&state, union_id).await.map_err(err)?;
        let t_files = t0.elapsed().as_secs_f64();
        let mut tx = db.read().await?;
        let totals = store::care::yearly_totals(&mut tx, UnionId(union_id), year).await?;
        drop(tx);
        let t = t0.elapsed().as_secs_f64();
        anyhow::ensure!(checked == file_count, "recomputed {checked} of {file_count} files");
        let sum: i64 = totals.iter().map(|(_, n, _)| n).sum();
        anyhow::ensure!(sum as usize == payments, "totals count {sum} payments of {payments}");
        println!(
            "run {run}: recompute {checked} files ({} change category) {t_files:.2} s + yearly totals of {} members over {payments} payments = {t:.2} s (goal < 2 s)",
            changed.len(),
            totals.len()
        );
    }

    // 2. A 送温暖 list from the roster flag, approved and paid: one voucher,
    // every person checked by the spending rules, one record each.
    let t0 = Instant::now();
    let input = aid::CampaignInput {
        kind: "warmth".into(),
        title: "基准送温暖".into(),
        holiday: None,
        form: "cash".into(),
        amount_fen: 50_000,
        goods: None,
        account: None,
        pay_date: Some(today),
        filter: Filter { hardship_flag: true, ..Default::default() },
    };
    let (c, listed) = aid::create_campaign(&state, &p, union_id, &input).await.map_err(err)?;
    let t_build = t0.elapsed().as_secs_f64();
    aid::approve_campaign(&state, &p, union_id, c.id).await.map_err(err)?;
    let t1 = Instant::now();
    let (_, count) = aid::pay_campaign(&state, &p, union_id, c.id, true).await.map_err(err)?;
    let t_pay = t1.elapsed().as_secs_f64();
    anyhow::ensure!(listed == recipients && count == recipients, "listed {listed}, paid {count}");
    println!(
        "送温暖 list of {listed} built from the roster of {members} in {t_build:.2} s, approved and paid (spending rules per person, one voucher, {count} records) in {t_pay:.2} s: build + pay {:.2} s (goal < 3 s)",
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}
