-- One audit hash chain per org instead of one for the whole system, so that
-- audited writes of different unions never wait for each other (the single
-- head row was a lock every write in the system queued on) and the log
-- distributes by union like every other tenant table.
--
-- union_id is the chain: the grassroots union of the org an entry concerns
-- (a group's union), the federation itself for a federation's own actions,
-- or the system chain (the nil UUID, no org has it) for actions that concern
-- no org. seq counts within the chain.
--
-- The entries written so far form one chain already; they are kept as the
-- system chain's history, unchanged (their hashes cover no chain id, and the
-- system chain's hash still covers none), so `gonghui audit verify` accepts
-- them as before. New entries go to their org's chain.
--
-- SQLite cannot change a primary key in place: the table is copied. DROP
-- TABLE removes the append-only triggers before it empties the table, so
-- they do not fire; they are created again below.
CREATE TABLE audit_log_chains (
    union_id  BLOB NOT NULL,
    seq       INTEGER NOT NULL,
    at        TEXT NOT NULL,
    actor_id  BLOB,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    org_id    BLOB,
    -- The org's path when the entry was written, so auditors see their subtree.
    org_path  TEXT,
    ip        TEXT NOT NULL,
    summary   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL,
    PRIMARY KEY (union_id, seq)
);
INSERT INTO audit_log_chains (union_id, seq, at, actor_id, actor, action, target, org_id, org_path, ip,
    summary, prev_hash, hash)
SELECT X'00000000000000000000000000000000', seq, at, actor_id, actor, action, target, org_id, org_path, ip,
    summary, prev_hash, hash
FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_chains RENAME TO audit_log;
CREATE INDEX audit_log_org_path ON audit_log (org_path);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Each chain's newest entry, updated in the same transaction as each append:
-- what lets verification notice removed newest entries.
CREATE TABLE audit_heads (
    union_id BLOB PRIMARY KEY,
    seq      BIGINT NOT NULL,
    hash     TEXT NOT NULL
);
INSERT INTO audit_heads (union_id, seq, hash)
SELECT X'00000000000000000000000000000000', seq, hash FROM audit_head;
-- Every union and federation has a chain from now on (an empty one until its
-- first entry), created with the org: a registered org without a head is a
-- chain deleted whole.
INSERT INTO audit_heads (union_id, seq, hash)
SELECT id, 0, '0000000000000000000000000000000000000000000000000000000000000000'
FROM orgs WHERE kind IN ('union', 'federation');
DROP TABLE audit_head;
