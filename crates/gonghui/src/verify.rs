//! `gonghui audit verify`: walks every org's audit chain and names the org
//! and the first entry that was changed or removed.

use domain::UnionId;
use domain::audit::{SYSTEM_CHAIN, Verifier};
use store::Db;
use uuid::Uuid;

/// A broken audit chain: whose it is and where it breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainFault {
    /// The chain (the org's id; the nil UUID for the system chain).
    pub union_id: Uuid,
    /// The org's name as registered, 系统 for the system chain.
    pub org: String,
    /// The first entry that does not fit (or the seq where one is missing).
    pub seq: i64,
    pub reason: String,
}

/// Verifies every chain, several at once: the number of entries checked, or
/// every broken chain (system chain first, then by org name). Each chain is
/// one task with its own read transaction, taken after the previous
/// chain's is dropped, so no task holds two connections.
pub async fn audit(db: &Db) -> anyhow::Result<Result<i64, Vec<ChainFault>>> {
    let chains = {
        let mut tx = db.read().await?;
        store::audit::chains(&mut tx).await?
    };
    let queue = std::sync::Arc::new(std::sync::Mutex::new(chains.into_iter().collect::<Vec<_>>()));
    let workers =
        std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, db.pool_size() as usize);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..workers {
        let (db, queue) = (db.clone(), queue.clone());
        tasks.spawn(store::one_connection_at_a_time(async move {
            let mut out: Vec<Result<i64, ChainFault>> = Vec::new();
            loop {
                let next = queue.lock().expect("queue").pop();
                let Some(chain) = next else { break };
                out.push(verify_chain(&db, &chain).await?);
            }
            anyhow::Ok(out)
        }));
    }
    let (mut total, mut faults) = (0, Vec::new());
    while let Some(done) = tasks.join_next().await {
        for r in done?? {
            match r {
                Ok(n) => total += n,
                Err(f) => faults.push(f),
            }
        }
    }
    if faults.is_empty() {
        return Ok(Ok(total));
    }
    faults.sort_by(|a, b| {
        (a.union_id != SYSTEM_CHAIN, &a.org, a.union_id).cmp(&(
            b.union_id != SYSTEM_CHAIN,
            &b.org,
            b.union_id,
        ))
    });
    Ok(Err(faults))
}

/// One chain, in its own read transaction: its head first, then its entries
/// up to the head in batches, so appends made meanwhile are not mistaken
/// for a break.
async fn verify_chain(db: &Db, chain: &store::audit::Chain) -> anyhow::Result<Result<i64, ChainFault>> {
    let org = match (&chain.name, chain.union_id == SYSTEM_CHAIN) {
        (_, true) => "系统".to_owned(),
        (Some(name), _) => name.clone(),
        (None, _) => "（未登记的组织）".to_owned(),
    };
    let fault = |seq: i64, reason: String| {
        Ok(Err(ChainFault { union_id: chain.union_id, org: org.clone(), seq, reason }))
    };
    let id = UnionId(chain.union_id);
    let mut tx = db.read().await?;
    let head = store::audit::head(&mut tx, id).await?;
    let upto = head.as_ref().map_or(i64::MAX, |(seq, _)| *seq);
    let mut v = Verifier::default();
    let mut after = 0;
    loop {
        let batch = store::audit::batch(&mut tx, id, after, upto, 1000).await?;
        let Some(last) = batch.last() else { break };
        after = last.seq;
        // The hashing is the work: off the async threads, batch by batch.
        let (checked, broken) = tokio::task::spawn_blocking(move || {
            let broken = batch.iter().find_map(|e| v.check(&e.stored()).err());
            (v, broken)
        })
        .await?;
        v = checked;
        if let Some(b) = broken {
            return fault(b.seq, b.reason);
        }
    }
    // Entries past the head: either appended since the head was read (then
    // the head, read again, has caught up, as an append moves both in one
    // transaction) or a head set back by hand to hide them.
    if let Some((seq, _)) = &head
        && let Some(last) = store::audit::last_seq(&mut tx, id).await?
        && last > *seq
        && store::audit::head(&mut tx, id).await?.is_none_or(|(now, _)| now < last)
    {
        return fault(seq + 1, format!("链上有第{last}条记录，但链头只记到第{seq}条（链头被改动）"));
    }
    drop(tx);
    match head {
        Some((seq, hash)) => Ok(v.finish(seq, &hash).map_err(|b| ChainFault {
            union_id: chain.union_id,
            org: org.clone(),
            seq: b.seq,
            reason: b.reason,
        })),
        None if after > 0 => fault(after + 1, format!("审计链的链头记录已被删除（链上尚有{after}条记录）")),
        None if chain.kind.is_some() => {
            fault(1, "组织登记在册，但其审计链（链头和全部记录）已被整条删除".to_owned())
        }
        None => Ok(Ok(0)),
    }
}

/// One ballot's recount: where the published papers and the recorded result
/// disagree, in words; empty when they agree.
#[derive(Debug, Clone)]
pub struct Recount {
    pub ballot_id: uuid::Uuid,
    pub union_id: uuid::Uuid,
    pub title: String,
    pub papers: usize,
    pub problems: Vec<String>,
}

/// `gonghui tally verify`: recounts every closed ballot (or one) from its
/// published papers, independently of the result recorded at close, and
/// checks the papers against the roll of those who voted.
pub async fn tallies(db: &Db, only: Option<uuid::Uuid>) -> anyhow::Result<Vec<Recount>> {
    use domain::democracy::ballot::{self, Counts, Mode, Paper, Spec};
    let mut tx = db.read().await?;
    let ballots = store::democracy::closed_ballots(&mut tx).await?;
    let mut out = Vec::new();
    for b in ballots.into_iter().filter(|b| only.is_none_or(|id| id == b.id)) {
        let mut problems = Vec::new();
        let spec: Spec = match serde_json::from_str(&b.spec) {
            Ok(s) => s,
            Err(_) => {
                problems.push("投票内容（候选人、事项）无法读取".to_owned());
                out.push(Recount {
                    ballot_id: b.id,
                    union_id: b.union_id,
                    title: b.title,
                    papers: 0,
                    problems,
                });
                continue;
            }
        };
        let recorded: Option<Counts> = b.result.as_deref().and_then(|r| serde_json::from_str(r).ok());
        if recorded.is_none() {
            problems.push("已结束的投票没有记录计票结果".to_owned());
        }
        let mut n = 0;
        if Mode::parse(&b.mode) == Some(Mode::Paper) {
            // Paper: the result must be what two people entered alike.
            let entries = store::democracy::count_entries(&mut tx, UnionId(b.union_id), b.id).await?;
            let agreeing = entries.iter().any(|e1| {
                entries.iter().any(|e2| {
                    e1.entered_by_id != e2.entered_by_id
                        && e1.counts == e2.counts
                        && serde_json::from_str::<Counts>(&e1.counts).ok() == recorded
                })
            });
            if !agreeing {
                problems.push("计票结果不是两人分别录入一致的结果".to_owned());
            }
        } else {
            let papers = store::democracy::papers(&mut tx, UnionId(b.union_id), b.id).await?;
            n = papers.len();
            let mut read = Vec::with_capacity(papers.len());
            for p in &papers {
                if domain::democracy::receipt::normalize(&p.receipt).as_deref() != Some(p.receipt.as_str()) {
                    problems.push(format!("回执码{}格式不正确", p.receipt));
                }
                match Paper::decode(&spec, &p.marks) {
                    Ok(paper) => read.push(paper),
                    Err(e) => problems.push(format!(
                        "回执码{}的选票无效：{e}",
                        domain::democracy::receipt::display(&p.receipt)
                    )),
                }
            }
            let recount = ballot::count(&spec, &read);
            if let Some(r) = &recorded
                && r != &recount
            {
                problems.push(format!(
                    "按公布的选票重新计票与记录的结果不符：{}",
                    ballot::differences(r, &recount).join("；")
                ));
            }
            let voted = store::democracy::cast_count(&mut tx, UnionId(b.union_id), b.id).await?;
            if voted != papers.len() as i64 {
                problems.push(format!("公布的选票{}张，投票名单记录{}人已投票", papers.len(), voted));
            }
            if papers.len() as i64 > b.entitled {
                problems.push(format!("公布的选票{}张，多于有投票权的{}人", papers.len(), b.entitled));
            }
        }
        out.push(Recount { ballot_id: b.id, union_id: b.union_id, title: b.title, papers: n, problems });
    }
    Ok(out)
}

/// Recounts a published tally as downloaded from
/// `GET /api/v1/ballots/{id}/tally`, with nothing but the file: the papers'
/// marks are counted again and compared with the counts, the decisions
/// worked out again from the entitled and present.
pub fn tally_file(json: &str) -> anyhow::Result<Vec<String>> {
    use domain::democracy::ballot::{self, BallotKind, Counts, Paper, Row, Spec};
    use domain::democracy::outcome;
    let v: serde_json::Value =
        serde_json::from_str(json).map_err(|e| anyhow::anyhow!("文件不是合法的 JSON：{e}"))?;
    let kind =
        v["kind"].as_str().and_then(BallotKind::parse).ok_or_else(|| anyhow::anyhow!("缺少投票类型 kind"))?;
    if v["status"] != "closed" {
        anyhow::bail!("投票尚未结束，没有公布的选票");
    }
    let items = v["items"].as_array().ok_or_else(|| anyhow::anyhow!("缺少计票结果 items"))?;
    let spec = Spec {
        kind,
        items: items
            .iter()
            .filter(|i| !i["write_in"].as_bool().unwrap_or(false))
            .filter_map(|i| i["name"].as_str().map(str::to_owned))
            .collect(),
        seats: v["seats"].as_u64().unwrap_or(0) as u32,
        write_in: kind == BallotKind::Election,
    };
    let stated = Counts {
        cast: v["cast"].as_u64().unwrap_or(0),
        invalid: 0,
        rows: items
            .iter()
            .map(|i| Row {
                name: i["name"].as_str().unwrap_or_default().to_owned(),
                counts: i["counts"]
                    .as_array()
                    .map(|c| c.iter().filter_map(|x| x.as_u64()).collect())
                    .unwrap_or_default(),
                write_in: i["write_in"].as_bool().unwrap_or(false),
            })
            .collect(),
    };
    let mut problems = Vec::new();
    let mut papers = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (n, p) in v["ballots"].as_array().map(Vec::as_slice).unwrap_or_default().iter().enumerate() {
        let receipt = p["receipt"].as_str().unwrap_or_default();
        if !seen.insert(receipt.to_owned()) {
            problems.push(format!("回执码{receipt}出现两次"));
        }
        let marks: Vec<String> = p["marks"]
            .as_array()
            .map(|m| m.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        match Paper::from_marks(&spec, &marks) {
            Ok(paper) => papers.push(paper),
            Err(e) => problems.push(format!("第{}张选票（{receipt}）无效：{e}", n + 1)),
        }
    }
    let recount = ballot::count(&spec, &papers);
    if recount != stated {
        problems
            .push(format!("重新计票与公布的结果不符：{}", ballot::differences(&stated, &recount).join("；")));
    }
    let entitled = v["entitled"].as_u64().unwrap_or(0);
    let present = v["present"].as_u64().unwrap_or(recount.cast);
    let o = outcome::decide(&spec, entitled, present, &recount);
    for (row, item) in o.rows.iter().zip(items) {
        let said = item["passed"].as_bool();
        if row.decided != said && kind != BallotKind::Appraisal {
            problems.push(format!(
                "“{}”：按规则应{}，公布为{}",
                row.name,
                if row.decided == Some(true) { "通过（当选）" } else { "未通过（未当选）" },
                if said == Some(true) { "通过（当选）" } else { "未通过（未当选）" }
            ));
        }
    }
    Ok(problems)
}
