//! `ledger verify`: every union's chain of posted vouchers re-hashed, the
//! unions side by side — each read in a transaction of its own, the hashing
//! on the blocking pool, one job per core.

use domain::UnionId;
use domain::finance::ledger::ChainBreak;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::par;

/// The vouchers checked in all unions, or the first break (in the order of
/// the unions' ids, as the one-by-one check reports it) with its union.
pub async fn verify_all(db: &store::Db) -> AppResult<Result<i64, (Uuid, ChainBreak)>> {
    let books = {
        let mut tx = db.read().await?;
        store::finance::unions_with_books(&mut tx).await?
    };
    let results = par::each(books, par::parts_at_once(db), |(union_id, head_seq, head_hash)| {
        let db = db.clone();
        async move {
            let chain = {
                let mut tx = db.read().await?;
                store::finance::posted_chain(&mut tx, UnionId(union_id)).await?
            };
            let checked =
                par::cpu(move || store::finance::verify_chain(&chain, head_seq, &head_hash)).await?;
            Ok::<_, AppError>((union_id, checked))
        }
    })
    .await?;
    let mut total = 0;
    for (union_id, checked) in results {
        match checked {
            Ok(n) => total += n,
            Err(b) => return Ok(Err((union_id, b))),
        }
    }
    Ok(Ok(total))
}
