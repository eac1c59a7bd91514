//! `gonghui bench load`: the server under a crowd, over HTTP on loopback
//! against the real router. First `viewers` people open the roster page at
//! once, repeatedly (the burst that used to stop the pool); then `clients`
//! clients run a mix of page views, searches, look-ups and writes (new
//! members, edits) at the same time. Prints throughput, errors by status and
//! latency percentiles, with the data size, cores, database and pool.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::crypto::Keys;
use store::Db;
use uuid::Uuid;

use super::{
    api_token, bench_setup, http_get, new_union, percentile, person, serve_loopback, synthetic_member,
};

pub struct Sizes {
    /// Members of the union whose roster is viewed.
    pub members: usize,
    /// Roster viewers at once in the first phase.
    pub viewers: usize,
    /// Mixed clients at once in the second phase.
    pub clients: usize,
    /// Length of each phase.
    pub seconds: u64,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    RosterPage,
    Search,
    Member,
    Create,
    Update,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::RosterPage => "roster page (HTML)",
            Kind::Search => "API search by name",
            Kind::Member => "API one member",
            Kind::Create => "API new member (write)",
            Kind::Update => "API edit member (write)",
        }
    }

    /// The mix of the second phase: out of 20 requests, 6 page views, 6
    /// searches, 4 look-ups, 2 new members and 2 edits.
    fn of(i: usize) -> Kind {
        match i % 20 {
            0..=5 => Kind::RosterPage,
            6..=11 => Kind::Search,
            12..=15 => Kind::Member,
            16 | 17 => Kind::Create,
            _ => Kind::Update,
        }
    }
}

struct Sample {
    kind: Kind,
    status: u16,
    latency: Duration,
}

pub async fn load(db: Db, sizes: Sizes) -> anyhow::Result<()> {
    let keys = Arc::new(Keys::from_secret(&rand::random::<[u8; 32]>()));
    let (state, p, fed) = bench_setup(&db, &keys).await?;
    let union = new_union(&state, &p, fed, &format!("负载基准工会{}", Uuid::now_v7())).await?;
    let now = store::now();
    let t0 = Instant::now();
    let mut ids = Vec::with_capacity(sizes.members);
    // People numbered from a random start, so that runs on one database do not
    // meet (one membership per person); born 1960–1990, so IDs are valid.
    let base = rand::random::<u32>() as usize % 10_000 * 1000;
    for chunk in (0..sizes.members).collect::<Vec<_>>().chunks(5000) {
        let rows: Vec<_> = chunk.iter().map(|&n| synthetic_member(&keys, union, base + n, now)).collect();
        ids.extend(rows.iter().map(|m| m.id));
        let mut tx = db.write().await?;
        store::member::insert_many(&mut tx, &rows).await?;
        tx.commit().await?;
    }
    let token = api_token(&db, p.user_id).await?;
    println!(
        "data: one union of {} members ({:.1} s to write); {} cores; database {}; pool {}",
        sizes.members,
        t0.elapsed().as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        db.backend(),
        db.pool_size(),
    );

    let (addr, server) = serve_loopback(&state)?;
    let next_person = base + sizes.members;
    let ctx = Arc::new(Ctx {
        addr,
        token,
        union,
        ids,
        next_person,
        created: std::sync::atomic::AtomicUsize::new(0),
    });

    let samples = phase(&ctx, sizes.viewers, sizes.seconds, |_| Kind::RosterPage).await;
    report(&format!("{} roster viewers at once", sizes.viewers), &samples, sizes.seconds);
    let samples = phase(&ctx, sizes.clients, sizes.seconds, Kind::of).await;
    report(&format!("{} mixed clients at once (writes meanwhile)", sizes.clients), &samples, sizes.seconds);
    server.abort();
    Ok(())
}

struct Ctx {
    addr: std::net::SocketAddr,
    token: String,
    union: Uuid,
    ids: Vec<Uuid>,
    next_person: usize,
    created: std::sync::atomic::AtomicUsize,
}

/// `clients` loops, each sending one request after another until the time
/// is up; client c's i-th request is of kind `kind(c + i)`.
async fn phase(ctx: &Arc<Ctx>, clients: usize, seconds: u64, kind: fn(usize) -> Kind) -> Vec<Sample> {
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = tokio::task::JoinSet::new();
    for c in 0..clients {
        let ctx = Arc::clone(ctx);
        tasks.spawn(async move {
            let mut out = Vec::new();
            let mut i = 0;
            while Instant::now() < until {
                let k = kind(c + i);
                let t = Instant::now();
                let status = request(&ctx, k, c * 7919 + i).await.unwrap_or(0);
                out.push(Sample { kind: k, status, latency: t.elapsed() });
                i += 1;
            }
            out
        });
    }
    let mut all = Vec::new();
    while let Some(r) = tasks.join_next().await {
        all.extend(r.unwrap_or_default());
    }
    all
}

async fn request(ctx: &Ctx, kind: Kind, n: usize) -> anyhow::Result<u16> {
    let (u, member) = (ctx.union, ctx.ids[n % ctx.ids.len()]);
    let api = format!("/api/v1/unions/{u}/members");
    Ok(match kind {
        Kind::RosterPage => http_get(ctx.addr, &format!("/unions/{u}/members"), &ctx.token).await?.0,
        // "王" and "李" are the commonest surnames of the synthetic roster.
        Kind::Search => {
            let q = if n.is_multiple_of(2) { "%E7%8E%8B" } else { "%E6%9D%8E" };
            http_get(ctx.addr, &format!("{api}?q={q}"), &ctx.token).await?.0
        }
        Kind::Member => http_get(ctx.addr, &format!("{api}/{member}"), &ctx.token).await?.0,
        Kind::Create => {
            // New people, numbered after the roster's (unique ID numbers).
            let k = ctx.created.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let (name, id, mobile) = person(ctx.next_person + k);
            let body = format!(r#"{{"name":"{name}","id_number":"{id}","mobile":"{mobile}"}}"#);
            http_send(ctx, "POST", &api, &body).await?
        }
        Kind::Update => {
            let body = format!(r#"{{"name":"会员{}","post":"岗位{}"}}"#, n % 1000, n % 50);
            http_send(ctx, "PATCH", &format!("{api}/{member}"), &body).await?
        }
    })
}

/// A JSON request with a body; returns the status code.
async fn http_send(ctx: &Ctx, method: &str, path: &str, body: &str) -> anyhow::Result<u16> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(ctx.addr).await?;
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        ctx.addr,
        ctx.token,
        body.len()
    );
    s.write_all(req.as_bytes()).await?;
    let mut buf = Vec::with_capacity(1024);
    s.read_to_end(&mut buf).await?;
    let head = String::from_utf8_lossy(&buf[..buf.len().min(16)]).into_owned();
    head.split(' ').nth(1).and_then(|c| c.parse().ok()).ok_or_else(|| anyhow::anyhow!("bad response: {head}"))
}

fn report(title: &str, samples: &[Sample], seconds: u64) {
    let ok = |s: u16| (200..300).contains(&s);
    let errors: BTreeMap<u16, usize> =
        samples.iter().filter(|s| !ok(s.status)).fold(BTreeMap::new(), |mut m, s| {
            *m.entry(s.status).or_default() += 1;
            m
        });
    let mut all: Vec<Duration> = samples.iter().map(|s| s.latency).collect();
    all.sort();
    println!(
        "{title}: {} requests in {seconds} s = {:.0} req/s; errors {} {:?}; p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        samples.len(),
        samples.len() as f64 / seconds as f64,
        errors.values().sum::<usize>(),
        errors,
        if all.is_empty() { 0.0 } else { percentile(&all, 0.5) },
        if all.is_empty() { 0.0 } else { percentile(&all, 0.99) },
        if all.is_empty() { 0.0 } else { percentile(&all, 1.0) },
    );
    let kinds: std::collections::BTreeSet<Kind> = samples.iter().map(|s| s.kind).collect();
    if kinds.len() > 1 {
        for k in kinds {
            let mut l: Vec<Duration> = samples.iter().filter(|s| s.kind == k).map(|s| s.latency).collect();
            l.sort();
            println!(
                "  {:<26} {:>6} requests, p50 {:>7.1} ms, p99 {:>7.1} ms",
                k.label(),
                l.len(),
                percentile(&l, 0.5),
                percentile(&l, 0.99)
            );
        }
    }
}
