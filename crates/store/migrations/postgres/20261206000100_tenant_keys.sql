-- Tenant-first keys (issue 15): every key of a tenant table starts with
-- union_id, so a distributed engine (Citus) can place each union's rows on
-- one shard. What crosses unions moves to directory tables, each keyed by
-- its own look-up key (their distribution column), whose union column is
-- deliberately not named union_id, and none of which points at a tenant
-- table.

-- The nationwide one-membership rule (an ID number is 在籍 or 保留会籍 in
-- at most one union) was a global unique index on members (id_hash); it
-- becomes a directory keyed by the ID hash, written in the same
-- transaction as every membership change.
CREATE TABLE member_registry (
    id_hash          TEXT PRIMARY KEY,
    holder_union_id  UUID NOT NULL REFERENCES orgs (id),
    member_id        UUID NOT NULL
);
INSERT INTO member_registry (id_hash, holder_union_id, member_id)
    SELECT id_hash, union_id, id FROM members WHERE status IN ('active', 'retained');
DROP INDEX members_one_membership;
-- Inside one union the rule still holds by the union's own index.
CREATE UNIQUE INDEX members_one_membership_here ON members (union_id, id_hash)
    WHERE status IN ('active', 'retained');

-- The public join link /join/{token} finds its union through the token.
CREATE TABLE join_token_registry (
    join_token       TEXT PRIMARY KEY,
    holder_union_id  UUID NOT NULL REFERENCES orgs (id)
);
INSERT INTO join_token_registry (join_token, holder_union_id)
    SELECT join_token, union_id FROM member_settings WHERE join_token IS NOT NULL;
ALTER TABLE member_settings DROP CONSTRAINT member_settings_join_token_key;
ALTER TABLE member_settings ADD CONSTRAINT member_settings_union_join_token UNIQUE (union_id, join_token);

-- A login is linked to at most one member anywhere: the directory keyed by
-- user id says where, so "my member record" is one look-up.
CREATE TABLE user_member_registry (
    user_id          UUID PRIMARY KEY REFERENCES users (id),
    holder_union_id  UUID NOT NULL REFERENCES orgs (id),
    member_id        UUID NOT NULL
);
INSERT INTO user_member_registry (user_id, holder_union_id, member_id)
    SELECT user_id, union_id, member_id FROM user_members;
ALTER TABLE user_members DROP CONSTRAINT user_members_pkey;
ALTER TABLE user_members ADD PRIMARY KEY (union_id, user_id);

-- A transfer belongs to the releasing union (union_id = from_union_id); the
-- receiving union sees it through a row in its own inbox.
ALTER TABLE member_transfers ADD COLUMN union_id UUID;
UPDATE member_transfers SET union_id = from_union_id;
ALTER TABLE member_transfers ALTER COLUMN union_id SET NOT NULL;
ALTER TABLE member_transfers ADD CONSTRAINT member_transfers_releasing CHECK (union_id = from_union_id);
ALTER TABLE member_transfers DROP CONSTRAINT member_transfers_pkey;
ALTER TABLE member_transfers ADD PRIMARY KEY (union_id, id);
ALTER TABLE member_transfers DROP CONSTRAINT member_transfers_from_union_id_from_member_id_fkey;
ALTER TABLE member_transfers ADD CONSTRAINT member_transfers_member
    FOREIGN KEY (union_id, from_member_id) REFERENCES members (union_id, id);
-- One open request per person: the person is held by one union only (the
-- registry), so one per (releasing union, person) is the same rule.
DROP INDEX member_transfers_open;
CREATE UNIQUE INDEX member_transfers_open ON member_transfers (union_id, id_hash) WHERE status = 'requested';
DROP INDEX member_transfers_from;
DROP INDEX member_transfers_to;
CREATE INDEX member_transfers_union ON member_transfers (union_id, requested_at);

CREATE TABLE member_transfer_inbox (
    union_id       UUID NOT NULL REFERENCES orgs (id),
    transfer_id    UUID NOT NULL,
    from_union_id  UUID NOT NULL REFERENCES orgs (id),
    requested_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, transfer_id)
);
INSERT INTO member_transfer_inbox (union_id, transfer_id, from_union_id, requested_at)
    SELECT to_union_id, id, from_union_id, requested_at FROM member_transfers;
CREATE INDEX member_transfer_inbox_time ON member_transfer_inbox (union_id, requested_at);
