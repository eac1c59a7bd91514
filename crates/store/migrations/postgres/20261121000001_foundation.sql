-- Foundation: org tree, committees, accounts, sessions, audit log.
-- Ids are UUIDs; times TIMESTAMPTZ in UTC; paths sort byte-wise (COLLATE "C")
-- so a subtree is one index range.

CREATE TABLE orgs (
    id            UUID PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('federation', 'union', 'group')),
    parent_id     UUID REFERENCES orgs (id),
    -- The grassroots union a node belongs to: itself for a union, its union
    -- for a group, NULL for a federation. Tenant tables key on it.
    union_id      UUID REFERENCES orgs (id),
    path          TEXT COLLATE "C" NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    credit_code   TEXT UNIQUE,
    employer_name TEXT,
    employer_type TEXT,
    staff_count   BIGINT,
    founded_on    DATE,
    bank_account  TEXT,
    star_rating   BIGINT,
    honours       TEXT,
    archived_at   TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX orgs_parent ON orgs (parent_id);
CREATE INDEX orgs_union ON orgs (union_id);

CREATE TABLE committee_terms (
    union_id   UUID NOT NULL REFERENCES orgs (id),
    id         UUID NOT NULL,
    number     BIGINT NOT NULL,
    starts_on  DATE NOT NULL,
    years      BIGINT NOT NULL CHECK (years IN (3, 5)),
    ends_on    DATE NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    UNIQUE (union_id, number)
);

CREATE TABLE committee_posts (
    union_id    UUID NOT NULL REFERENCES orgs (id),
    id          UUID NOT NULL,
    term_id     UUID NOT NULL,
    post        TEXT NOT NULL,
    person_name TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, term_id) REFERENCES committee_terms (union_id, id)
);
CREATE INDEX committee_posts_term ON committee_posts (union_id, term_id);

CREATE TABLE users (
    id            UUID PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    -- The node whose managers administer this account; NULL: only admins.
    home_org_id   UUID REFERENCES orgs (id),
    disabled_at   TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX users_home_org ON users (home_org_id);

CREATE TABLE role_grants (
    id         UUID PRIMARY KEY,
    user_id    UUID NOT NULL REFERENCES users (id),
    role       TEXT NOT NULL,
    -- NULL only for admin, whose grant covers everything.
    org_id     UUID REFERENCES orgs (id),
    granted_by UUID REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX role_grants_user ON role_grants (user_id);
CREATE INDEX role_grants_org ON role_grants (org_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      UUID NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,
    flash        TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    token_hash   TEXT PRIMARY KEY,
    user_id      UUID NOT NULL REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    locked_until TIMESTAMPTZ,
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit_log (
    seq       BIGINT PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL,
    actor_id  UUID,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    org_id    UUID,
    -- The org's path when the entry was written, so auditors see their subtree.
    org_path  TEXT COLLATE "C",
    ip        TEXT NOT NULL,
    summary   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_org_path ON audit_log (org_path);
CREATE INDEX audit_log_at ON audit_log (at);

-- The newest entry, updated in the same transaction as each append: it
-- serialises appends and lets verification notice removed newest entries.
CREATE TABLE audit_head (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
