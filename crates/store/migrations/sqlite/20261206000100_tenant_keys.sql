-- Tenant-first keys (issue 15): the same directory tables and columns as
-- on PostgreSQL (see its migration of this version for why). SQLite does
-- not distribute, so the keys of existing tables are reshaped only where
-- the code needs it: the global one-membership index goes (the registry
-- holds the rule), the rest of the old keys stay as they are.

CREATE TABLE member_registry (
    id_hash          TEXT PRIMARY KEY,
    holder_union_id  BLOB NOT NULL REFERENCES orgs (id),
    member_id        BLOB NOT NULL
);
INSERT INTO member_registry (id_hash, holder_union_id, member_id)
    SELECT id_hash, union_id, id FROM members WHERE status IN ('active', 'retained');
DROP INDEX members_one_membership;
CREATE UNIQUE INDEX members_one_membership_here ON members (union_id, id_hash)
    WHERE status IN ('active', 'retained');

CREATE TABLE join_token_registry (
    join_token       TEXT PRIMARY KEY,
    holder_union_id  BLOB NOT NULL REFERENCES orgs (id)
);
INSERT INTO join_token_registry (join_token, holder_union_id)
    SELECT join_token, union_id FROM member_settings WHERE join_token IS NOT NULL;

CREATE TABLE user_member_registry (
    user_id          BLOB PRIMARY KEY REFERENCES users (id),
    holder_union_id  BLOB NOT NULL REFERENCES orgs (id),
    member_id        BLOB NOT NULL
);
INSERT INTO user_member_registry (user_id, holder_union_id, member_id)
    SELECT user_id, union_id, member_id FROM user_members;

ALTER TABLE member_transfers ADD COLUMN union_id BLOB;
UPDATE member_transfers SET union_id = from_union_id;
DROP INDEX member_transfers_open;
CREATE UNIQUE INDEX member_transfers_open ON member_transfers (union_id, id_hash) WHERE status = 'requested';
DROP INDEX member_transfers_from;
DROP INDEX member_transfers_to;
CREATE INDEX member_transfers_union ON member_transfers (union_id, requested_at);

CREATE TABLE member_transfer_inbox (
    union_id       BLOB NOT NULL REFERENCES orgs (id),
    transfer_id    BLOB NOT NULL,
    from_union_id  BLOB NOT NULL REFERENCES orgs (id),
    requested_at   TEXT NOT NULL,
    PRIMARY KEY (union_id, transfer_id)
);
INSERT INTO member_transfer_inbox (union_id, transfer_id, from_union_id, requested_at)
    SELECT to_union_id, id, from_union_id, requested_at FROM member_transfers;
CREATE INDEX member_transfer_inbox_time ON member_transfer_inbox (union_id, requested_at);
