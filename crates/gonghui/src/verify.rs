//! `gonghui audit verify`: walks the audit chain and names the first entry
//! that was changed or removed.

use domain::UnionId;
use domain::audit::{ChainBreak, Verifier};
use store::Db;

/// The number of entries checked, or where the chain breaks.
pub async fn audit(db: &Db) -> anyhow::Result<Result<i64, ChainBreak>> {
    let mut tx = db.read().await?;
    let (head_seq, head_hash) = store::audit::head(&mut tx).await?;
    let mut v = Verifier::default();
    let mut after = 0;
    loop {
        let batch = store::audit::batch(&mut tx, after, 1000).await?;
        let Some(last) = batch.last() else { break };
        after = last.seq;
        for e in &batch {
            if let Err(b) = v.check(&e.stored()) {
                return Ok(Err(b));
            }
        }
    }
    Ok(v.finish(head_seq, &head_hash))
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
