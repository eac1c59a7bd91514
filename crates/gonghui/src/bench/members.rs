//! The roster of one large union (issue 12): API search by every kind of
//! text people type, and the roster page with many viewers at once, over
//! HTTP on loopback against the real router and guard (as `bench democracy`
//! does).

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::crypto::Keys;
use domain::member::pinyin_keys;
use store::Db;
use store::member::Member;
use uuid::Uuid;

use super::{api_token, http_get, percentile, person, serve_loopback, synthetic_member};

/// The text typed to find a person from (name, ID number, mobile).
type SearchText = fn(&str, &str, &str) -> String;

pub struct LargeSizes {
    /// Members of the one union.
    pub members: usize,
    /// Searches of each kind.
    pub queries: usize,
    /// API searches in flight at once.
    pub concurrency: usize,
    /// Roster page viewers at once.
    pub viewers: usize,
}

/// Where the large union's people are numbered from (clear of the other
/// parts of `bench members`, so their ID numbers differ).
const OFFSET: usize = 5_000_000;

/// Builds a union of `sizes.members` and measures search and the roster page.
pub async fn large_union(
    db: &Db,
    keys: &Arc<Keys>,
    state: &app::AppState,
    p: &app::auth::Principal,
    fed: Uuid,
    sizes: &LargeSizes,
) -> anyhow::Result<()> {
    let n = sizes.members;
    let union = super::new_union(state, p, fed, &format!("大型基层工会{}", Uuid::now_v7())).await?;
    let t0 = Instant::now();
    let mut made = 0;
    while made < n {
        let chunk = (n - made).min(10_000);
        let k = Arc::clone(keys);
        let batch: Vec<Member> = tokio::task::spawn_blocking(move || {
            let now = store::now();
            (made..made + chunk).map(|i| synthetic_member(&k, union, OFFSET + i, now)).collect()
        })
        .await?;
        let mut tx = db.write().await?;
        store::member::insert_many(&mut tx, &batch).await?;
        tx.commit().await?;
        made += chunk;
    }
    match db {
        Db::Pg(pool) => {
            // The steady state autovacuum keeps a live database in (visibility
            // map set, so counts are index-only).
            sqlx::query("VACUUM ANALYZE members").execute(pool).await?;
            sqlx::query("VACUUM ANALYZE member_keys").execute(pool).await?;
        }
        Db::Sqlite(pool) => {
            sqlx::query("ANALYZE").execute(pool).await?;
        }
    }
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    println!(
        "large union: {n} members in one union, built in {:.1} s; {cores} cores; database {}",
        t0.elapsed().as_secs_f64(),
        db.backend()
    );

    let token = api_token(db, p.user_id).await?;

    // The real application on loopback.
    let (addr, server) = serve_loopback(state)?;

    // API search, each kind of text, `concurrency` in flight.
    let api = format!("/api/v1/unions/{union}/members");
    let kinds: [(&str, SearchText); 5] = [
        ("name (2 chars)", |name, _, _| {
            name.chars().rev().take(2).collect::<Vec<_>>().into_iter().rev().collect()
        }),
        ("pinyin initials", |name, _, _| pinyin_keys(name).1),
        ("full pinyin", |name, _, _| pinyin_keys(name).0),
        ("mobile (7 digits)", |_, _, mobile| mobile[..7].to_owned()),
        ("ID last four", |_, id, _| id[14..].to_owned()),
    ];
    let mut rng = rand::rng();
    for (label, text) in kinds {
        let paths: Vec<String> = (0..sizes.queries)
            .map(|_| {
                let (name, id, mobile) = person(OFFSET + rand::Rng::random_range(&mut rng, 0..n));
                format!("{api}?q={}", encode(&text(&name, &id, &mobile)))
            })
            .collect();
        let r = load(addr, &token, paths, sizes.concurrency).await;
        r.print(&format!("API search by {label:<18}"), sizes.concurrency);
    }

    // The roster page: first page, and a search, with `viewers` at once.
    let page = format!("/unions/{union}/members");
    for (label, with_search) in [("first page", false), ("a search (name)", true)] {
        let paths: Vec<String> = (0..sizes.viewers * 10)
            .map(|i| {
                if with_search {
                    let (name, _, _) = person(OFFSET + rand::Rng::random_range(&mut rng, 0..n));
                    let q: String =
                        name.chars().rev().take(2).collect::<Vec<_>>().into_iter().rev().collect();
                    format!("{page}?q={}", encode(&q))
                } else if i % 2 == 0 {
                    page.clone()
                } else {
                    format!("{page}?page={}", 2 + i % 50)
                }
            })
            .collect();
        // Viewers read what they loaded (0.5–1.5 s) before the next page.
        let r = viewers(addr, &token, paths.clone(), sizes.viewers).await;
        r.print(&format!("roster page, {label:<16} viewers reading"), sizes.viewers);
        // And the same pages back to back (saturation: p99 is the queue).
        let r = load(addr, &token, paths, sizes.viewers).await;
        r.print(&format!("roster page, {label:<16} back to back  "), sizes.viewers);
    }
    server.abort();
    Ok(())
}

/// Percent-encodes a query value.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

struct Outcome {
    requests: usize,
    errors: usize,
    wall: Duration,
    latencies: Vec<Duration>,
}

impl Outcome {
    fn print(&self, label: &str, concurrency: usize) {
        println!(
            "{label} {} requests, {concurrency} at once: {:.0} req/s, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, errors {}",
            self.requests,
            self.requests as f64 / self.wall.as_secs_f64(),
            percentile(&self.latencies, 0.5),
            percentile(&self.latencies, 0.99),
            percentile(&self.latencies, 1.0),
            self.errors
        );
    }
}

/// `n` viewers share the paths, each loading its pages one after another
/// with 0.5–1.5 s of reading between them.
async fn viewers(addr: std::net::SocketAddr, token: &str, paths: Vec<String>, n: usize) -> Outcome {
    let n = n.max(1);
    let requests = paths.len();
    let mut mine: Vec<Vec<String>> = vec![Vec::new(); n];
    for (i, p) in paths.into_iter().enumerate() {
        mine[i % n].push(p);
    }
    let t0 = Instant::now();
    let mut tasks = Vec::with_capacity(n);
    for (v, list) in mine.into_iter().enumerate() {
        let token = token.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::with_capacity(list.len());
            for (i, path) in list.into_iter().enumerate() {
                // A fixed spread of reading times per viewer and page.
                let think = 500 + ((v * 7919 + i * 104_729) % 1000) as u64;
                tokio::time::sleep(Duration::from_millis(think)).await;
                let t = Instant::now();
                let code = http_get(addr, &path, &token).await.map(|(c, _)| c).unwrap_or(0);
                out.push((code, t.elapsed()));
            }
            out
        }));
    }
    let mut latencies = Vec::with_capacity(requests);
    let mut errors = 0;
    for t in tasks {
        for (code, d) in t.await.unwrap_or_default() {
            errors += usize::from(code != 200);
            latencies.push(d);
        }
    }
    let wall = t0.elapsed();
    latencies.sort();
    Outcome { requests, errors, wall, latencies }
}

/// GETs every path, `concurrency` at a time; latency per request.
async fn load(addr: std::net::SocketAddr, token: &str, paths: Vec<String>, concurrency: usize) -> Outcome {
    let gate = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let requests = paths.len();
    let t0 = Instant::now();
    let mut tasks = Vec::with_capacity(requests);
    for path in paths {
        let (gate, token) = (Arc::clone(&gate), token.to_owned());
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire().await.expect("semaphore open");
            let t = Instant::now();
            let r = http_get(addr, &path, &token).await;
            (r.map(|(code, _)| code).unwrap_or(0), t.elapsed())
        }));
    }
    let mut latencies = Vec::with_capacity(requests);
    let mut errors = 0;
    for t in tasks {
        let (code, d) = t.await.unwrap_or((0, Duration::ZERO));
        errors += usize::from(code != 200);
        latencies.push(d);
    }
    let wall = t0.elapsed();
    latencies.sort();
    Outcome { requests, errors, wall, latencies }
}
