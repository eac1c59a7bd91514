//! The dues rule has one home, `domain::finance::dues::monthly_dues`. Bills
//! generated through the app for members with random bases (none, 0, under
//! 10 yuan, around each 10 yuan, odd fen, up to the 10,000,000-yuan cap) are
//! exactly what the rule says, member by member; the counts the generation
//! answers (members without a base, bases under 10 yuan) and the SQL
//! aggregates (the month's summary, arrears, collection) agree with the sums
//! taken in Rust. There are more members than one SQLite statement of bills
//! holds, so the batching is crossed as well.

use std::collections::HashMap;

use domain::finance::dues::monthly_dues;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{PASSWORD, TestApp, id_number};

/// Members written straight to the store: about 70 % of them are billed,
/// more than the 10,000 bills one SQLite statement takes.
const BULK: usize = 15_000;

/// Bases typed through the members API: the edges of the rule.
const EDGES: [Option<i64>; 13] = [
    None,
    Some(0),
    Some(1),
    Some(999),
    Some(1_000),
    Some(1_001),
    Some(1_999),
    Some(2_000),
    Some(2_001),
    Some(567_890),
    Some(12_345_679),
    Some(999_999_999),
    Some(1_000_000_000),
];

/// A random 会费基数: none, 0, under 10 yuan, a fen either side of a multiple
/// of 10 yuan, a large wage, or an ordinary one with odd fen.
fn random_base(rng: &mut StdRng) -> Option<i64> {
    match rng.random_range(0..10) {
        0 => None,
        1 => Some(0),
        2 => Some(rng.random_range(1..1_000)),
        3 => Some(rng.random_range(1..100_000i64) * 1_000 + rng.random_range(-1..=1)),
        4 => Some(rng.random_range(1_000_000..=1_000_000_000)),
        _ => Some(rng.random_range(1_000..2_000_000)),
    }
}

/// A member as the bulk import would store it; only what billing reads
/// (union, status, base) matters here.
fn stored_member(union_id: Uuid, n: usize, status: &str, base: Option<i64>) -> store::member::Member {
    let now = store::now();
    let name = format!("基数{n}");
    store::member::Member {
        union_id,
        id: Uuid::now_v7(),
        name_pinyin: domain::search::sort_key(&name),
        name_initials: domain::search::pinyin_keys(&name).1,
        name,
        gender: None,
        ethnicity: None,
        birth_date: None,
        doc_type: "passport".into(),
        id_cipher: vec![0; 16],
        id_hash: format!("dues-agreement-{union_id}-{n}"),
        id_masked: "E******".into(),
        id_tail: format!("{:04}", n % 10_000),
        mobile: None,
        education: None,
        political: None,
        employment: None,
        post: None,
        group_id: None,
        dues_base_fen: base,
        join_date: None,
        card_number: None,
        status: status.into(),
        status_date: None,
        status_reason: None,
        model_worker: false,
        hardship: false,
        dues_review: false,
        created_at: now,
        updated_at: now,
    }
}

/// Every stored bill of the union's month: member → (base, amount).
async fn stored_bills(app: &TestApp, union: Uuid, month: &str) -> HashMap<Uuid, (i64, i64)> {
    let db = app.db().await;
    let mut tx = db.read().await.unwrap();
    let sql = "SELECT member_id, base_fen, amount_fen FROM fin_dues_bills WHERE union_id = $1 AND month = $2";
    let rows: Vec<(Uuid, i64, i64)> =
        store::on!(&mut tx, c => sqlx::query_as(sql).bind(union).bind(month).fetch_all(c).await).unwrap();
    rows.into_iter().map(|(m, b, a)| (m, (b, a))).collect()
}

async fn agreement(app: TestApp) {
    let mut rng = StdRng::seed_from_u64(20_261_204);
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "基数公司工会", Some(&fed)).await;
    let union_id: Uuid = u.parse().unwrap();
    app.user(&admin, "caiwu.a", "treasurer", Some(&u), Some(&u)).await;
    let caiwu = app.token("caiwu.a", PASSWORD).await;

    // Active members and their bases, as Rust knows them.
    let mut active: HashMap<Uuid, Option<i64>> = HashMap::new();
    for (seq, base) in EDGES.into_iter().enumerate() {
        let mut body = json!({"name": format!("边界{seq}"), "id_number": id_number(700 + seq as u32)});
        if let Some(b) = base {
            body["dues_base_fen"] = b.into();
        }
        let (s, m) = app.post(&admin, &format!("/api/v1/unions/{u}/members"), body).await;
        assert_eq!(s, StatusCode::CREATED, "{m}");
        assert_eq!(m["dues_base_fen"].as_i64(), base, "{m}");
        active.insert(m["id"].as_str().unwrap().parse().unwrap(), base);
    }
    let mut bulk = Vec::with_capacity(BULK);
    for n in 0..BULK {
        let base = random_base(&mut rng);
        // Members who left or keep a membership elsewhere are never billed.
        let status = match n % 50 {
            0 => "withdrawn",
            1 => "retained",
            _ => "active",
        };
        let m = stored_member(union_id, n, status, base);
        if status == "active" {
            active.insert(m.id, base);
        }
        bulk.push(m);
    }
    let db = app.db().await;
    let mut tx = db.write().await.unwrap();
    store::member::insert_many(&mut tx, &bulk).await.unwrap();
    tx.commit().await.unwrap();

    let expected: HashMap<Uuid, (i64, i64)> = active
        .iter()
        .filter_map(|(id, base)| base.map(|b| (*id, (b, monthly_dues(b)))))
        .filter(|(_, (_, amount))| *amount > 0)
        .collect();
    let sum: i64 = expected.values().map(|(_, a)| a).sum();
    let without_base = active.values().filter(|b| b.is_none()).count() as i64;
    let under_min = active.values().flatten().filter(|b| monthly_dues(**b) == 0).count() as i64;
    assert!(expected.len() > 10_000 && under_min > 1_000 && without_base > 1_000, "a wide spread");

    // The month's bills through the API: what it answers, then what it stored.
    let bills = format!("/api/v1/unions/{u}/dues/bills");
    let (s, r) = app.post(&caiwu, &bills, json!({"month": "2026-01"})).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let answered = |r: &Value| {
        (
            r["count"].as_i64(),
            r["total_fen"].as_i64(),
            r["month_count"].as_i64(),
            r["without_base"].as_i64(),
            r["base_under_min"].as_i64(),
        )
    };
    let n = expected.len() as i64;
    assert_eq!(answered(&r), (Some(n), Some(sum), Some(n), Some(without_base), Some(under_min)));
    let stored = stored_bills(&app, union_id, "2026-01").await;
    assert_eq!(stored.len(), expected.len());
    for (member, (base, amount)) in &stored {
        assert_eq!(
            expected.get(member),
            Some(&(*base, *amount)),
            "member {member}: base {base}, bill {amount}"
        );
        assert_eq!(*amount, monthly_dues(*base));
    }
    // Again: every bill is kept, none added.
    let (_, again) = app.post(&caiwu, &bills, json!({"month": "2026-01"})).await;
    assert_eq!(answered(&again), (Some(0), Some(sum), Some(n), Some(without_base), Some(under_min)));
    assert_eq!(stored_bills(&app, union_id, "2026-01").await, stored);

    // The SQL totals: the month's summary and, with a second month billed,
    // the arrears member by member.
    let (s, summary) = app.get(&caiwu, &format!("/api/v1/unions/{u}/dues/2026-01")).await;
    assert_eq!(s, StatusCode::OK, "{summary}");
    assert_eq!((summary["billed"].as_i64(), summary["billed_fen"].as_i64()), (Some(n), Some(sum)));
    let (_, r2) = app.post(&caiwu, &bills, json!({"month": "2026-02"})).await;
    assert_eq!((r2["count"].as_i64(), r2["total_fen"].as_i64()), (Some(n), Some(sum)), "{r2}");
    let (s, arrears) = app.get(&caiwu, &format!("/api/v1/unions/{u}/dues-arrears?per_page=200")).await;
    assert_eq!(s, StatusCode::OK, "{arrears}");
    assert_eq!(arrears["total"].as_i64(), Some(n));
    let items = arrears["items"].as_array().unwrap();
    assert_eq!(items.len(), 200);
    for item in items {
        let member: Uuid = item["member_id"].as_str().unwrap().parse().unwrap();
        assert_eq!(item["months"].as_i64(), Some(2), "{item}");
        assert_eq!(item["amount_fen"].as_i64(), Some(2 * expected[&member].1), "{item}");
    }

    // Collection: one member in cash, then everyone else by payroll; what
    // is paid adds up to the Rust sum.
    let date = format!("{}-15", &domain::time::today(chrono::Utc::now()).to_string()[..7]);
    let collect = format!("/api/v1/unions/{u}/dues/collect");
    let (&one, &(_, one_dues)) = expected.iter().next().unwrap();
    let (s, paid) = app
        .post(&caiwu, &collect, json!({"month": "2026-01", "member_id": one, "method": "cash", "date": date}))
        .await;
    assert_eq!(s, StatusCode::OK, "{paid}");
    assert_eq!((paid["count"].as_i64(), paid["total_fen"].as_i64()), (Some(1), Some(one_dues)));
    let (s, paid) =
        app.post(&caiwu, &collect, json!({"month": "2026-01", "method": "payroll", "date": date})).await;
    assert_eq!(s, StatusCode::OK, "{paid}");
    assert_eq!((paid["count"].as_i64(), paid["total_fen"].as_i64()), (Some(n - 1), Some(sum - one_dues)));
    let (_, summary) = app.get(&caiwu, &format!("/api/v1/unions/{u}/dues/2026-01")).await;
    assert_eq!((summary["paid"].as_i64(), summary["paid_fen"].as_i64()), (Some(n), Some(sum)), "{summary}");
    app.stop().await;
}

crate::both!(dues_bills_agree_with_the_domain_rule, agreement);
