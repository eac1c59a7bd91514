//! The audit log is a set of hash chains, one per org (a union, a
//! federation, or the system chain for actions that concern no org): each
//! entry's hash covers its own fields, its chain and the previous entry's
//! hash, so changing or removing any entry breaks every hash after it in its
//! chain, and moving an entry into another chain breaks its own.

use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The chain of entries that concern no org (system actions, an
/// administrator's login, …): the nil UUID, which no org ever has. The
/// entries written before the log was split into chains are this chain's
/// history, hashed as they were (without a chain id).
pub const SYSTEM_CHAIN: Uuid = Uuid::nil();

/// The fields of one entry that the hash covers, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFields<'a> {
    /// The chain (the org whose log this is), see [`SYSTEM_CHAIN`].
    pub chain: Uuid,
    pub seq: i64,
    /// RFC 3339 in UTC with microseconds, exactly as stored.
    pub at: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub org_id: &'a str,
    pub ip: &'a str,
    pub summary: &'a str,
}

/// SHA-256 over the previous hash and the length-prefixed fields, hex.
/// Length prefixes keep `("ab","c")` and `("a","bc")` apart. An org's chain
/// id is the last field; the system chain hashes no chain id, so that the
/// entries written before the split (all in the system chain now) verify
/// unchanged, and an entry moved between the system chain and an org's
/// chain no longer fits either.
pub fn entry_hash(prev_hash: &str, f: &AuditFields<'_>) -> String {
    let mut h = Sha256::new();
    let seq = f.seq.to_string();
    let chain = if f.chain == SYSTEM_CHAIN { None } else { Some(f.chain.to_string()) };
    for part in [prev_hash, &seq, f.at, f.actor, f.action, f.target, f.org_id, f.ip, f.summary]
        .into_iter()
        .chain(chain.as_deref())
    {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// One stored entry as read back for verification.
#[derive(Debug, Clone)]
pub struct StoredEntry {
    pub chain: Uuid,
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub org_id: String,
    pub ip: String,
    pub summary: String,
    pub prev_hash: String,
    pub hash: String,
}

impl StoredEntry {
    pub fn fields(&self) -> AuditFields<'_> {
        AuditFields {
            chain: self.chain,
            seq: self.seq,
            at: &self.at,
            actor: &self.actor,
            action: &self.action,
            target: &self.target,
            org_id: &self.org_id,
            ip: &self.ip,
            summary: &self.summary,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    /// The first entry that does not fit (or the seq where one is missing).
    pub seq: i64,
    pub reason: String,
}

/// The running state of a verification, fed entries in `seq` order.
pub struct Verifier {
    expected_seq: i64,
    prev_hash: String,
}

impl Default for Verifier {
    fn default() -> Self {
        Self { expected_seq: 1, prev_hash: GENESIS.to_owned() }
    }
}

impl Verifier {
    pub fn check(&mut self, e: &StoredEntry) -> Result<(), ChainBreak> {
        if e.seq != self.expected_seq {
            return Err(ChainBreak {
                seq: self.expected_seq,
                reason: format!("第{}条记录缺失（下一条是第{}条）", self.expected_seq, e.seq),
            });
        }
        if e.prev_hash != self.prev_hash {
            return Err(ChainBreak {
                seq: e.seq,
                reason: format!("第{}条记录的前序哈希与上一条不符", e.seq),
            });
        }
        if entry_hash(&e.prev_hash, &e.fields()) != e.hash {
            return Err(ChainBreak {
                seq: e.seq,
                reason: format!("第{}条记录的内容已被修改（哈希不符）", e.seq),
            });
        }
        self.expected_seq += 1;
        self.prev_hash = e.hash.clone();
        Ok(())
    }

    /// Checks the chain's end against the head the store keeps, so that
    /// removing the newest entries is caught too.
    pub fn finish(&self, head_seq: i64, head_hash: &str) -> Result<i64, ChainBreak> {
        let last = self.expected_seq - 1;
        if head_seq != last || (last > 0 && head_hash != self.prev_hash) {
            return Err(ChainBreak {
                seq: last + 1,
                reason: format!("日志应有{head_seq}条记录，实际只连续到第{last}条"),
            });
        }
        Ok(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chain(summaries: &[String]) -> Vec<StoredEntry> {
        let mut prev = GENESIS.to_owned();
        let mut out = Vec::new();
        for (i, s) in summaries.iter().enumerate() {
            let mut e = StoredEntry {
                chain: SYSTEM_CHAIN,
                seq: i as i64 + 1,
                at: "2026-11-21T06:00:00.000000Z".into(),
                actor: "admin".into(),
                action: "org.create".into(),
                target: "org:1".into(),
                org_id: String::new(),
                ip: "127.0.0.1".into(),
                summary: s.clone(),
                prev_hash: prev.clone(),
                hash: String::new(),
            };
            e.hash = entry_hash(&prev, &e.fields());
            prev = e.hash.clone();
            out.push(e);
        }
        out
    }

    fn verify(entries: &[StoredEntry], head: (i64, &str)) -> Result<i64, ChainBreak> {
        let mut v = Verifier::default();
        for e in entries {
            v.check(e)?;
        }
        v.finish(head.0, head.1)
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let c = chain(&["a".into(), "b".into(), "c".into()]);
        assert_eq!(verify(&c, (3, &c[2].hash)), Ok(3));
        assert_eq!(verify(&[], (0, GENESIS)), Ok(0));
    }

    /// The system chain hashes exactly the fields hashed before the log was
    /// split into chains (a fixed hash of the old scheme), so old entries
    /// still verify; an org's chain id is hashed, so an entry copied from one
    /// chain into another does not fit.
    #[test]
    fn the_chain_id_is_hashed_except_for_the_system_chain() {
        let mut f = AuditFields {
            chain: SYSTEM_CHAIN,
            seq: 1,
            at: "2026-11-21T06:00:00.000000Z",
            actor: "admin",
            action: "org.create",
            target: "org:1",
            org_id: "",
            ip: "127.0.0.1",
            summary: "a",
        };
        let mut old = Sha256::new();
        for part in [GENESIS, "1", f.at, f.actor, f.action, f.target, f.org_id, f.ip, f.summary] {
            old.update((part.len() as u64).to_be_bytes());
            old.update(part.as_bytes());
        }
        assert_eq!(entry_hash(GENESIS, &f), hex::encode(old.finalize()));
        let system = entry_hash(GENESIS, &f);
        f.chain = Uuid::from_u128(1);
        let one = entry_hash(GENESIS, &f);
        f.chain = Uuid::from_u128(2);
        assert_ne!(one, system);
        assert_ne!(one, entry_hash(GENESIS, &f));
    }

    #[test]
    fn removing_the_newest_entry_is_caught_by_the_head() {
        let c = chain(&["a".into(), "b".into()]);
        let err = verify(&c[..1], (2, &c[1].hash)).unwrap_err();
        assert_eq!(err.seq, 2);
    }

    proptest! {
        #[test]
        fn any_edit_or_removal_names_the_first_bad_entry(
            summaries in proptest::collection::vec(".{0,8}", 2..8),
            pick in any::<proptest::sample::Index>(),
            remove in any::<bool>(),
        ) {
            let mut c = chain(&summaries);
            let head = (c.len() as i64, c.last().unwrap().hash.clone());
            let i = pick.index(c.len());
            if remove {
                c.remove(i);
            } else {
                c[i].summary.push('!');
            }
            let err = verify(&c, (head.0, &head.1)).unwrap_err();
            prop_assert_eq!(err.seq, i as i64 + 1);
        }
    }
}
