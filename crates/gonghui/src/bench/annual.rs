//! `gonghui bench annual-stats`: the numbers of issue 20's reports. A city
//! federation of `districts` district federations and `unions` unions with
//! `members` members in all (each union with a committee, a congress of
//! delegates and an employer in its district's register) is seeded in bulk
//! (INSERT … SELECT over generate_series on PostgreSQL, a recursive CTE on
//! SQLite); then the annual statistics of the city are timed as the API
//! computes them (target < 2 s), and the year-end summary of one union
//! (target < 500 ms).

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::crypto::Keys;
use chrono::{Datelike, NaiveDate};
use store::Db;
use uuid::Uuid;

use super::{analyze, bench_setup, percentile};

pub struct Sizes {
    pub districts: usize,
    pub unions: usize,
    pub members: usize,
    pub delegates_per_union: usize,
    pub runs: usize,
}

const EMPLOYER_TYPES: [&str; 6] =
    ["non_public", "state_owned", "public_institution", "government", "social_organisation", "collective"];

/// Runs `sql` with `binds` on whichever database.
macro_rules! run {
    ($db:expr, $sql:expr $(, $b:expr)*) => {
        match $db {
            Db::Sqlite(p) => sqlx::query($sql)$(.bind($b))*.execute(p).await.map(|r| r.rows_affected())?,
            Db::Pg(p) => sqlx::query($sql)$(.bind($b))*.execute(p).await.map(|r| r.rows_affected())?,
        }
    };
}

pub async fn annual(db: Db, sizes: Sizes) -> anyhow::Result<()> {
    let keys = Arc::new(Keys::from_secret(&rand::random::<[u8; 32]>()));
    let (state, p, city) = bench_setup(&db, &keys).await?;
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    println!("database: {}, cores: {cores}", db.backend());
    let started = Instant::now();
    let unions = seed(&db, &state, &p, city, &sizes).await?;
    analyze(&db).await?;
    println!(
        "seeded: 1 city, {} districts, {} unions, {} members, {} delegates in {:.1} s",
        sizes.districts,
        unions.len(),
        sizes.members,
        unions.len() * sizes.delegates_per_union,
        started.elapsed().as_secs_f64()
    );

    let year = domain::time::today(store::now()).year();
    let mut times = Vec::with_capacity(sizes.runs);
    let mut last = None;
    for _ in 0..sizes.runs.max(1) {
        let t = Instant::now();
        last = Some(
            app::plan::stats::report(&state, city, Some(year))
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.0))?,
        );
        times.push(t.elapsed());
    }
    let s = last.expect("one run");
    anyhow::ensure!(
        s.total.counts.members as usize == sizes.members,
        "members counted: {}",
        s.total.counts.members
    );
    report("annual statistics of the city (target < 2000 ms)", &mut times);
    println!(
        "  rows: {}, unions: {}, members: {}, delegates: {}",
        s.rows.len(),
        s.total.counts.unions,
        s.total.counts.members,
        s.total.counts.delegates
    );

    let one = unions[unions.len() / 2];
    let mut times = Vec::with_capacity(sizes.runs);
    for _ in 0..sizes.runs.max(1) {
        let t = Instant::now();
        app::plan::summary::draft(&state, one, Some(year)).await.map_err(|e| anyhow::anyhow!("{}", e.0))?;
        times.push(t.elapsed());
    }
    report("summary of one union (target < 500 ms)", &mut times);
    Ok(())
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    println!(
        "{what}: median {:.0} ms, p95 {:.0} ms, max {:.0} ms over {} runs",
        percentile(times, 0.5),
        percentile(times, 0.95),
        percentile(times, 1.0),
        times.len()
    );
}

/// The city's subtree in bulk; returns the unions' ids.
async fn seed(
    db: &Db,
    state: &app::AppState,
    p: &app::auth::Principal,
    city: Uuid,
    sizes: &Sizes,
) -> anyhow::Result<Vec<Uuid>> {
    let mut districts = Vec::with_capacity(sizes.districts);
    for i in 0..sizes.districts.max(1) {
        let fields = domain::org::OrgFields { name: format!("基准区总工会{i}"), ..Default::default() };
        let d = app::org::service::create(state, p, "federation", Some(city), &fields)
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.0))?;
        districts.push((d.id, d.path));
    }
    let now = store::now();
    let year = domain::time::today(now).year();
    let jan = NaiveDate::from_ymd_opt(year, 1, 1).expect("January the first");
    let end = NaiveDate::from_ymd_opt(year + 4, 12, 31).expect("a term's end");

    // Unions: rows made here (their ids are in their paths), inserted 200 a statement.
    let mut unions = Vec::with_capacity(sizes.unions);
    for chunk in (0..sizes.unions).collect::<Vec<_>>().chunks(200) {
        let mut sql = String::from(
            "INSERT INTO orgs (id, kind, parent_id, union_id, path, name, employer_type, staff_count, created_at, updated_at) VALUES ",
        );
        let mut rows = Vec::new();
        for (j, i) in chunk.iter().enumerate() {
            let id = Uuid::now_v7();
            let (d, dpath) = &districts[i % districts.len()];
            let b = j * 7;
            sql.push_str(&format!(
                "{}(${}, 'union', ${}, ${}, ${}, ${}, ${}, 200, ${}, ${})",
                if j == 0 { "" } else { ", " },
                b + 1,
                b + 2,
                b + 1,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7
            ));
            rows.push((id, *d, format!("{dpath}{id}/"), format!("基准工会{i}"), EMPLOYER_TYPES[i % 6]));
            unions.push(id);
        }
        match db {
            Db::Sqlite(pool) => {
                let mut q = sqlx::query(&sql);
                for (id, d, path, name, t) in &rows {
                    q = q.bind(id).bind(d).bind(path).bind(name).bind(*t).bind(now).bind(now);
                }
                q.execute(pool).await?;
            }
            Db::Pg(pool) => {
                let mut q = sqlx::query(&sql);
                for (id, d, path, name, t) in &rows {
                    q = q.bind(id).bind(d).bind(path).bind(name).bind(*t).bind(now).bind(now);
                }
                q.execute(pool).await?;
            }
        }
    }
    let city_path = {
        let mut tx = db.read().await?;
        store::org::get(&mut tx, city).await?.map(|o| o.path).unwrap_or_default()
    };
    let hi = domain::org::subtree_upper_bound(&city_path);
    let per_union = (sizes.members / unions.len().max(1)) as i64;
    let delegates = sizes.delegates_per_union as i64;
    let migrant = "农民工";

    match db {
        Db::Pg(_) => {
            run!(
                db,
                "INSERT INTO members (union_id, id, name, name_pinyin, name_initials, gender, doc_type, id_cipher, \
                id_hash, id_masked, id_tail, employment, join_date, status, created_at, updated_at) \
                SELECT u.id, gen_random_uuid(), '会员' || g, 'huiyuan', 'hy', \
                CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END, 'resident_id', '\\x00'::bytea, \
                'bench-' || u.id::text || '-' || g, '110***********000X', '000X', \
                CASE WHEN g % 5 = 0 THEN $4 ELSE '在岗' END, $5, 'active', $3, $3 \
                FROM orgs u CROSS JOIN generate_series(1, $6) g \
                WHERE u.path >= $1 AND u.path < $2 AND u.kind = 'union'",
                &city_path,
                &hi,
                now,
                migrant,
                jan,
                per_union
            );
            run!(
                db,
                "INSERT INTO committee_terms (union_id, id, number, starts_on, years, ends_on, created_at) \
                SELECT u.id, gen_random_uuid(), 1, $3, 5, $4, $5 FROM orgs u \
                WHERE u.path >= $1 AND u.path < $2 AND u.kind = 'union'",
                &city_path,
                &hi,
                jan,
                end,
                now
            );
            run!(
                db,
                "INSERT INTO committee_posts (union_id, id, term_id, post, person_name, full_time, created_at) \
                SELECT t.union_id, gen_random_uuid(), t.id, p.post, p.who, p.ft, $3 FROM committee_terms t \
                JOIN orgs u ON u.id = t.union_id \
                CROSS JOIN (VALUES ('chair', '主席', TRUE), ('vice_chair', '副主席', FALSE), ('member', '委员', FALSE)) p(post, who, ft) \
                WHERE u.path >= $1 AND u.path < $2",
                &city_path,
                &hi,
                now
            );
            run!(
                db,
                "INSERT INTO congress_terms (union_id, id, number, form, starts_on, years, ends_on, created_by, created_at) \
                SELECT u.id, gen_random_uuid(), 1, 'delegates', $3, 5, $4, 'bench', $5 FROM orgs u \
                WHERE u.path >= $1 AND u.path < $2 AND u.kind = 'union'",
                &city_path,
                &hi,
                jan,
                end,
                now
            );
            run!(
                db,
                "INSERT INTO congress_delegates (union_id, id, term_id, name, gender, manager, frontline, presidium, \
                source, created_by, created_at) \
                SELECT t.union_id, gen_random_uuid(), t.id, '代表' || g, CASE WHEN g % 3 = 0 THEN 'female' ELSE 'male' END, \
                FALSE, TRUE, FALSE, 'entered', 'bench', $3 FROM congress_terms t JOIN orgs u ON u.id = t.union_id \
                CROSS JOIN generate_series(1, $4) g WHERE u.path >= $1 AND u.path < $2",
                &city_path,
                &hi,
                now,
                delegates
            );
            run!(
                db,
                "INSERT INTO employers (union_id, id, credit_code, name, ownership, staff, women, migrant_workers, \
                covered_by_union_id, created_by, created_at, updated_at) \
                SELECT u.parent_id, gen_random_uuid(), 'BENCH' || u.id::text, u.name || '企业', \
                (ARRAY['domestic','hk_macao_taiwan','foreign','public_institution','government','individual','social_organisation'])[1 + abs(hashtext(u.id::text)) % 7], \
                200, 0, 0, u.id, 'bench', $3, $3 FROM orgs u \
                WHERE u.path >= $1 AND u.path < $2 AND u.kind = 'union'",
                &city_path,
                &hi,
                now
            );
        }
        Db::Sqlite(_) => {
            run!(
                db,
                "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ?6) \
                INSERT INTO members (union_id, id, name, name_pinyin, name_initials, gender, doc_type, id_cipher, \
                id_hash, id_masked, id_tail, employment, join_date, status, created_at, updated_at) \
                SELECT u.id, randomblob(16), '会员' || g.n, 'huiyuan', 'hy', \
                CASE WHEN g.n % 2 = 0 THEN 'female' ELSE 'male' END, 'resident_id', x'00', \
                'bench-' || hex(u.id) || '-' || g.n, '110***********000X', '000X', \
                CASE WHEN g.n % 5 = 0 THEN ?4 ELSE '在岗' END, ?5, 'active', ?3, ?3 \
                FROM orgs u CROSS JOIN g WHERE u.path >= ?1 AND u.path < ?2 AND u.kind = 'union'",
                &city_path,
                &hi,
                now,
                migrant,
                jan,
                per_union
            );
            run!(
                db,
                "INSERT INTO committee_terms (union_id, id, number, starts_on, years, ends_on, created_at) \
                SELECT u.id, randomblob(16), 1, ?3, 5, ?4, ?5 FROM orgs u \
                WHERE u.path >= ?1 AND u.path < ?2 AND u.kind = 'union'",
                &city_path,
                &hi,
                jan,
                end,
                now
            );
            run!(
                db,
                "WITH p(post, who, ft) AS (VALUES ('chair', '主席', 1), ('vice_chair', '副主席', 0), ('member', '委员', 0)) \
                INSERT INTO committee_posts (union_id, id, term_id, post, person_name, full_time, created_at) \
                SELECT t.union_id, randomblob(16), t.id, p.post, p.who, p.ft, ?3 FROM committee_terms t \
                JOIN orgs u ON u.id = t.union_id CROSS JOIN p WHERE u.path >= ?1 AND u.path < ?2",
                &city_path,
                &hi,
                now
            );
            run!(
                db,
                "INSERT INTO congress_terms (union_id, id, number, form, starts_on, years, ends_on, created_by, created_at) \
                SELECT u.id, randomblob(16), 1, 'delegates', ?3, 5, ?4, 'bench', ?5 FROM orgs u \
                WHERE u.path >= ?1 AND u.path < ?2 AND u.kind = 'union'",
                &city_path,
                &hi,
                jan,
                end,
                now
            );
            run!(
                db,
                "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ?4) \
                INSERT INTO congress_delegates (union_id, id, term_id, name, gender, manager, frontline, presidium, \
                source, created_by, created_at) \
                SELECT t.union_id, randomblob(16), t.id, '代表' || g.n, CASE WHEN g.n % 3 = 0 THEN 'female' ELSE 'male' END, \
                0, 1, 0, 'entered', 'bench', ?3 FROM congress_terms t JOIN orgs u ON u.id = t.union_id \
                CROSS JOIN g WHERE u.path >= ?1 AND u.path < ?2",
                &city_path,
                &hi,
                now,
                delegates
            );
            run!(
                db,
                "INSERT INTO employers (union_id, id, credit_code, name, ownership, staff, women, migrant_workers, \
                covered_by_union_id, created_by, created_at, updated_at) \
                SELECT u.parent_id, randomblob(16), 'BENCH' || hex(u.id), u.name || '企业', \
                CASE abs(random()) % 7 WHEN 0 THEN 'domestic' WHEN 1 THEN 'hk_macao_taiwan' WHEN 2 THEN 'foreign' \
                WHEN 3 THEN 'public_institution' WHEN 4 THEN 'government' WHEN 5 THEN 'individual' ELSE 'social_organisation' END, \
                200, 0, 0, u.id, 'bench', ?3, ?3 FROM orgs u \
                WHERE u.path >= ?1 AND u.path < ?2 AND u.kind = 'union'",
                &city_path,
                &hi,
                now
            );
        }
    }
    Ok(unions)
}
