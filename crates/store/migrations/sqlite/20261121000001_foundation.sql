-- Foundation: org tree, committees, accounts, sessions, audit log.
-- Ids are UUIDs stored as 16-byte BLOBs; times RFC 3339 text in UTC; dates
-- YYYY-MM-DD text. Paths compare byte-wise (BINARY), so a subtree is one
-- index range.

CREATE TABLE orgs (
    id            BLOB PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('federation', 'union', 'group')),
    parent_id     BLOB REFERENCES orgs (id),
    -- The grassroots union a node belongs to: itself for a union, its union
    -- for a group, NULL for a federation. Tenant tables key on it.
    union_id      BLOB REFERENCES orgs (id),
    path          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    credit_code   TEXT UNIQUE,
    employer_name TEXT,
    employer_type TEXT,
    staff_count   BIGINT,
    founded_on    TEXT,
    bank_account  TEXT,
    star_rating   BIGINT,
    honours       TEXT,
    archived_at   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX orgs_parent ON orgs (parent_id);
CREATE INDEX orgs_union ON orgs (union_id);

CREATE TABLE committee_terms (
    union_id   BLOB NOT NULL REFERENCES orgs (id),
    id         BLOB NOT NULL,
    number     BIGINT NOT NULL,
    starts_on  TEXT NOT NULL,
    years      BIGINT NOT NULL CHECK (years IN (3, 5)),
    ends_on    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    UNIQUE (union_id, number)
);

CREATE TABLE committee_posts (
    union_id    BLOB NOT NULL REFERENCES orgs (id),
    id          BLOB NOT NULL,
    term_id     BLOB NOT NULL,
    post        TEXT NOT NULL,
    person_name TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, term_id) REFERENCES committee_terms (union_id, id)
);
CREATE INDEX committee_posts_term ON committee_posts (union_id, term_id);

CREATE TABLE users (
    id            BLOB PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    -- The node whose managers administer this account; NULL: only admins.
    home_org_id   BLOB REFERENCES orgs (id),
    disabled_at   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX users_home_org ON users (home_org_id);

CREATE TABLE role_grants (
    id         BLOB PRIMARY KEY,
    user_id    BLOB NOT NULL REFERENCES users (id),
    role       TEXT NOT NULL,
    -- NULL only for admin, whose grant covers everything.
    org_id     BLOB REFERENCES orgs (id),
    granted_by BLOB REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX role_grants_user ON role_grants (user_id);
CREATE INDEX role_grants_org ON role_grants (org_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      BLOB NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,
    flash        TEXT,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    token_hash   TEXT PRIMARY KEY,
    user_id      BLOB NOT NULL REFERENCES users (id),
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    locked_until TEXT,
    updated_at   TEXT NOT NULL
);

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
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
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_org_path ON audit_log (org_path);
CREATE INDEX audit_log_at ON audit_log (at);

-- The newest entry, updated in the same transaction as each append: it
-- serialises appends and lets verification notice removed newest entries.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
