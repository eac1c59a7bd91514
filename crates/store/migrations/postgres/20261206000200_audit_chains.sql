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
ALTER TABLE audit_log ADD COLUMN union_id UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';
ALTER TABLE audit_log ALTER COLUMN union_id DROP DEFAULT;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey;
ALTER TABLE audit_log ADD PRIMARY KEY (union_id, seq);

-- Each chain's newest entry, updated in the same transaction as each append:
-- the row an append locks (its chain's only), and what lets verification
-- notice removed newest entries.
CREATE TABLE audit_heads (
    union_id UUID PRIMARY KEY,
    seq      BIGINT NOT NULL,
    hash     TEXT NOT NULL
);
INSERT INTO audit_heads (union_id, seq, hash)
SELECT '00000000-0000-0000-0000-000000000000', seq, hash FROM audit_head;
-- Every union and federation has a chain from now on (an empty one until its
-- first entry), created with the org: a registered org without a head is a
-- chain deleted whole.
INSERT INTO audit_heads (union_id, seq, hash)
SELECT id, 0, '0000000000000000000000000000000000000000000000000000000000000000'
FROM orgs WHERE kind IN ('union', 'federation');
DROP TABLE audit_head;
