//! `gonghui audit verify`: walks the audit chain and names the first entry
//! that was changed or removed.

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
