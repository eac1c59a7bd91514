//! `gonghui bench me`: the number of issue 19. 我的 of a member of ten
//! years — 120 monthly dues bills (all but the last two paid), 30
//! activities attended, 10 applications — served by the real router on
//! loopback to the member's own account, `runs` times: the page's time
//! (p50, max), the use case's own time (one read transaction), and the
//! page's size as the server sends it gzip-compressed.
//!
//! The applications table of issue 19 belongs to another part of the
//! work; until it exists, the ten applications are stood in for by the
//! records they become and 我的 lists: four mutual-aid claims (under one
//! enrolment in one plan), three letters to the chair's mailbox and three
//! rationalisation suggestions, all by this member.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use app::crypto::Keys;
use chrono::{Datelike, Months, NaiveDate};
use domain::UnionId;
use store::Db;
use uuid::Uuid;

use super::{analyze, api_token, bench_setup, new_union, percentile, serve_loopback, synthetic_member};

pub struct Sizes {
    /// Months of dues bills.
    pub bills: usize,
    /// Activities attended.
    pub activities: usize,
    /// Requests timed.
    pub runs: usize,
}

pub async fn me(db: Db, sizes: Sizes) -> anyhow::Result<()> {
    let keys = Arc::new(Keys::from_secret(&rand::random::<[u8; 32]>()));
    let (state, p, fed) = bench_setup(&db, &keys).await?;
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    println!("database: {}, cores: {cores}", db.backend());
    let started = Instant::now();
    let union = new_union(&state, &p, fed, &format!("我的基准工会{}", Uuid::now_v7())).await?;
    let u = UnionId(union);
    let now = store::now();
    let today = domain::time::today(now);
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).context("month")?;

    // The member: joined ten years ago, linked to an account with a token.
    let mut m = synthetic_member(&keys, union, 19_000_000, now);
    m.join_date = first.checked_sub_months(Months::new(120));
    m.card_number = Some("GH-2016-0001".into());
    let member = m.id;
    let user_id = Uuid::now_v7();
    {
        let mut tx = db.write().await?;
        store::member::insert_many(&mut tx, std::slice::from_ref(&m)).await?;
        let user = store::auth::User {
            id: user_id,
            username: format!("me{}", &Uuid::now_v7().simple().to_string()[20..]),
            display_name: m.name.clone(),
            password_hash: "unused".into(),
            home_org_id: Some(union),
            disabled_at: None,
            created_at: now,
            updated_at: now,
            must_change_password: false,
        };
        store::auth::insert_user(&mut tx, &user).await?;
        store::auth::insert_grant(&mut tx, Uuid::now_v7(), user_id, "member", Some(union), None, now).await?;
        store::auth::link_user(&mut tx, user_id, u, member, "bench", false).await?;

        // Dues: one bill a month for ten years, all paid but the last two.
        let amount = m.dues_base_fen.unwrap_or(500_000) / 200;
        for k in 1..=sizes.bills {
            let month = first.checked_sub_months(Months::new(k as u32)).context("month")?;
            let key = month.format("%Y-%m").to_string();
            store::dues::insert_bills(&mut tx, u, &key, &[(member, amount * 200, amount)]).await?;
            if k > 2 {
                store::finance::pay_bills(&mut tx, u, &key, Some(member), "payroll", Uuid::now_v7()).await?;
            }
        }

        // Activities attended: one every four months or so.
        for k in 0..sizes.activities {
            let at = now - chrono::Duration::days(30 + (k as i64) * 120);
            let a = store::activity::Activity {
                union_id: union,
                id: Uuid::now_v7(),
                kind: ["sports", "culture", "outing", "lecture", "volunteer"][k % 5].into(),
                title: format!("基准活动第{}期", k + 1),
                place: "职工活动中心".into(),
                description: String::new(),
                organiser_group_id: None,
                starts_at: at,
                ends_at: at + chrono::Duration::hours(3),
                audience: serde_json::to_string(&domain::activity::Audience::whole_union())?,
                places: 100,
                signup_opens_at: at - chrono::Duration::days(14),
                signup_closes_at: at - chrono::Duration::days(1),
                cancel_until: at - chrono::Duration::days(1),
                needs_approval: false,
                checkin_code: hex::encode(rand::random::<[u8; 16]>()),
                status: "open".into(),
                confirmed_count: 1,
                waiting_count: 0,
                last_seq: 1,
                created_by: "bench".into(),
                created_at: at,
                updated_at: at,
            };
            store::activity::insert(&mut tx, u, &a).await?;
            let k = store::activity::checkin::Checkin {
                activity_id: a.id,
                member_id: member,
                method: "code".into(),
                walk_in: false,
                at,
                by_name: m.name.clone(),
            };
            store::activity::checkin::insert(&mut tx, u, domain::time::today(at).year(), &k).await?;
        }

        // The ten applications' stand-ins (see the module's comment).
        let plan = store::care::Plan {
            union_id: union,
            id: Uuid::now_v7(),
            kind: "hospital".into(),
            name: "职工住院医疗互助保障".into(),
            premium_fen: 5_000,
            term_months: 12,
            payout_pct: 60,
            per_claim_cap_fen: 1_000_000,
            yearly_cap_fen: 3_000_000,
            women_only: false,
            max_age: None,
            created_at: now,
        };
        store::care::insert_plan(&mut tx, &plan).await?;
        let enrolment = store::care::Enrolment {
            union_id: union,
            id: Uuid::now_v7(),
            plan_id: plan.id,
            member_id: member,
            term_start: first,
            term_end: first.checked_add_months(Months::new(12)).context("term")? - chrono::Days::new(1),
            premium_fen: plan.premium_fen,
            voucher_id: Uuid::now_v7(),
            at: now,
        };
        store::care::insert_enrolments(&mut tx, std::slice::from_ref(&enrolment)).await?;
        for k in 0..4 {
            let c = store::care::Claim {
                union_id: union,
                id: Uuid::now_v7(),
                plan_id: plan.id,
                enrolment_id: enrolment.id,
                member_id: member,
                event_date: today - chrono::Days::new(10 + k * 20),
                claimed_fen: 200_000,
                description: "住院治疗".into(),
                status: ["filed", "approved", "paid", "rejected"][k as usize].into(),
                approved_fen: None,
                assessment: None,
                assessed_by: None,
                voucher_id: None,
                filed_by: "bench".into(),
                filed_at: now - chrono::Duration::days(k as i64 * 20),
            };
            store::care::insert_claim(&mut tx, &c).await?;
        }
        for k in 0..3i64 {
            let received = today - chrono::Days::new(30 * k as u64 + 5);
            let pt = store::rights::petition::Petition {
                union_id: union,
                id: Uuid::now_v7(),
                number: k + 1,
                channel: "mailbox".into(),
                subject: format!("基准来信{}", k + 1),
                content: "请工会帮助解决。".into(),
                received_on: received,
                anonymous: false,
                writer_name: Some(m.name.clone()),
                writer_contact: None,
                writer_department: None,
                writer_member_id: Some(member),
                writer_user_id: Some(user_id),
                status: ["received", "answered", "closed"][k as usize].into(),
                round: 1,
                dispatch_by: received + chrono::Days::new(3),
                answer_by: received + chrono::Days::new(15),
                dispatched_on: None,
                reject_reason: None,
                answer: None,
                answered_by: None,
                answered_on: None,
                answered_in_time: None,
                rating: None,
                rating_note: None,
                closed_on: None,
                turned_into_kind: None,
                turned_into_id: None,
                registered_by: m.name.clone(),
                created_at: now,
                updated_at: now,
            };
            store::rights::petition::insert(&mut tx, &pt, None).await?;
        }
        for k in 0..3i64 {
            let s = store::recognition::suggestion::Suggestion {
                union_id: union,
                id: Uuid::now_v7(),
                number: k + 1,
                year: i64::from(today.year()),
                category: "energy_saving".into(),
                title: format!("基准建议{}", k + 1),
                current_state: "现状".into(),
                proposal: "建议".into(),
                expected_benefit: "效益".into(),
                member_id: member,
                submitted_by_user: Some(user_id),
                team: String::new(),
                status: "submitted".into(),
                decision: None,
                decision_reason: None,
                assessed_by: None,
                assessed_on: None,
                implementer: None,
                implement_by: None,
                value_fen_per_year: None,
                acceptance_note: None,
                accepted_by: None,
                accepted_on: None,
                reward_fen: None,
                reward_voucher_id: None,
                rewarded_on: None,
                merged_into_id: None,
                proposal_id: None,
                created_at: now,
                updated_at: now,
            };
            store::recognition::suggestion::insert(&mut tx, u, &s).await?;
        }
        tx.commit().await?;
    }
    analyze(&db).await?;
    println!(
        "我的 of one member of ten years: {} dues bills, {} activities attended, 10 applications \
         (4 mutual-aid claims, 3 letters, 3 suggestions) (seeded in {:.1}s)",
        sizes.bills,
        sizes.activities,
        started.elapsed().as_secs_f64()
    );

    // The use case alone: one read transaction.
    let principal = app::auth::Principal {
        user_id,
        username: m.name.clone(),
        display_name: m.name.clone(),
        grants: Vec::new(),
        ip: "bench".into(),
        session: None,
    };
    let mut reads = Vec::with_capacity(sizes.runs);
    for _ in 0..sizes.runs.max(1) {
        let t = Instant::now();
        let h = app::me::home::home(&state, &principal).await.map_err(|e| anyhow::anyhow!("{}", e.0))?;
        reads.push(t.elapsed());
        anyhow::ensure!(h.records.is_some_and(|r| r.dues.total == sizes.bills as i64), "the records");
    }
    reads.sort();

    // The page over HTTP, as the phone asks for it (gzip).
    let token = api_token(&db, user_id).await?;
    let (addr, server) = serve_loopback(&state)?;
    let mut pages = Vec::with_capacity(sizes.runs);
    let mut sizes_seen = (0, false);
    for _ in 0..sizes.runs.max(1) {
        let t = Instant::now();
        let (code, body, gzipped) = get_gzip(addr, "/me", &token).await?;
        pages.push(t.elapsed());
        anyhow::ensure!(code == 200, "GET /me answered {code}");
        sizes_seen = (body, gzipped);
    }
    let (_, plain, _) = get_plain(addr, "/me", &token).await?;
    server.abort();
    pages.sort();
    println!(
        "  {} runs: page p50 {:.1} ms, max {:.1} ms (target < 50 ms); the use case's read p50 {:.1} ms, max {:.1} ms",
        pages.len(),
        percentile(&pages, 0.5),
        percentile(&pages, 1.0),
        percentile(&reads, 0.5),
        percentile(&reads, 1.0)
    );
    println!(
        "  page size: {:.1} KB gzip-compressed as sent{} ({:.1} KB uncompressed; target < 200 KB compressed)",
        sizes_seen.0 as f64 / 1024.0,
        if sizes_seen.1 { "" } else { " (the server did not compress it)" },
        plain as f64 / 1024.0
    );
    Ok(())
}

/// GET with `Accept-Encoding: gzip`: the status, the body's size on the
/// wire, and whether it came compressed.
async fn get_gzip(addr: std::net::SocketAddr, path: &str, token: &str) -> anyhow::Result<(u16, usize, bool)> {
    get(addr, path, token, "Accept-Encoding: gzip\r\n").await
}

async fn get_plain(
    addr: std::net::SocketAddr,
    path: &str,
    token: &str,
) -> anyhow::Result<(u16, usize, bool)> {
    get(addr, path, token, "").await
}

async fn get(
    addr: std::net::SocketAddr,
    path: &str,
    token: &str,
    extra: &str,
) -> anyhow::Result<(u16, usize, bool)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n{extra}Connection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes()).await?;
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), s.read_to_end(&mut buf)).await??;
    let split = buf.windows(4).position(|w| w == b"\r\n\r\n").context("no header end")?;
    let head = String::from_utf8_lossy(&buf[..split]).to_ascii_lowercase();
    let code = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = &buf[split + 4..];
    let size = if head.contains("transfer-encoding: chunked") { dechunked_len(body) } else { body.len() };
    Ok((code, size, head.contains("content-encoding: gzip")))
}

/// The length of a chunked body's data.
fn dechunked_len(mut b: &[u8]) -> usize {
    let mut total = 0;
    while let Some(end) = b.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(String::from_utf8_lossy(&b[..end]).trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        total += n;
        b = b.get(end + 2 + n + 2..).unwrap_or_default();
    }
    total
}
