-- Members (会员): the roster of each grassroots union, its dated history,
-- transfers between unions, and per-union roster settings.
-- ID numbers are stored only encrypted (id_cipher) beside a keyed hash
-- (id_hash) for uniqueness and look-up, the masked form shown everywhere and
-- the last four characters for "search by the last digits".

CREATE TABLE members (
    union_id       BLOB NOT NULL REFERENCES orgs (id),
    id             BLOB NOT NULL,
    name           TEXT NOT NULL,
    name_pinyin    TEXT NOT NULL,
    name_initials  TEXT NOT NULL,
    gender         TEXT,
    ethnicity      TEXT,
    birth_date     TEXT,
    doc_type       TEXT NOT NULL,
    id_cipher      BLOB NOT NULL,
    id_hash        TEXT NOT NULL,
    id_masked      TEXT NOT NULL,
    id_tail        TEXT NOT NULL,
    mobile         TEXT,
    education      TEXT,
    political      TEXT,
    employment     TEXT,
    post           TEXT,
    group_id       BLOB REFERENCES orgs (id),
    dues_base_fen  BIGINT,
    join_date      TEXT,
    card_number    TEXT,
    status         TEXT NOT NULL,
    status_date    TEXT,
    status_reason  TEXT,
    model_worker   BOOLEAN NOT NULL DEFAULT FALSE,
    hardship       BOOLEAN NOT NULL DEFAULT FALSE,
    -- Six months of unpaid dues: a candidate for review (set by finance).
    dues_review    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (union_id, id)
);
-- One membership per person nationwide: the one unique key not led by
-- union_id, because the rule itself crosses unions.
CREATE UNIQUE INDEX members_one_membership ON members (id_hash) WHERE status IN ('active', 'retained');
CREATE UNIQUE INDEX members_one_application ON members (union_id, id_hash) WHERE status = 'applying';
CREATE UNIQUE INDEX members_card ON members (union_id, card_number) WHERE card_number IS NOT NULL;
-- SQLite's LIKE cannot use an index on BINARY text, so name, pinyin,
-- mobile and ID-suffix searches scan one union's rows (a union has at most
-- tens of thousands); indexes for them would only slow every insert.
-- (PostgreSQL keeps prefix indexes: see its migration.) The roster's order
-- (pinyin) comes from an index, so a page or an export sorts nothing.
CREATE INDEX members_union_order ON members (union_id, name_pinyin, id);
CREATE INDEX members_union_hash ON members (union_id, id_hash);
CREATE INDEX members_union_group ON members (union_id, group_id);

CREATE TABLE member_history (
    union_id       BLOB NOT NULL REFERENCES orgs (id),
    id             BLOB NOT NULL,
    member_id      BLOB NOT NULL,
    at             TEXT NOT NULL,
    -- created | status | group | dues_base | transfer_in | transfer_out | merged | edited
    kind           TEXT NOT NULL,
    from_value     TEXT,
    to_value       TEXT,
    effective_date TEXT,
    reason         TEXT,
    actor          TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE INDEX member_history_member ON member_history (union_id, member_id, at);

CREATE TABLE member_transfers (
    id             BLOB PRIMARY KEY,
    from_union_id  BLOB NOT NULL REFERENCES orgs (id),
    to_union_id    BLOB NOT NULL REFERENCES orgs (id),
    from_member_id BLOB NOT NULL,
    id_hash        TEXT NOT NULL,
    -- The receiving union's record of the person (JSON), ID number apart.
    draft          TEXT NOT NULL,
    id_cipher      BLOB NOT NULL,
    -- requested | confirmed | declined
    status         TEXT NOT NULL,
    reason         TEXT,
    requested_by   TEXT NOT NULL,
    requested_at   TEXT NOT NULL,
    decided_by     TEXT,
    decided_at     TEXT,
    to_member_id   BLOB,
    FOREIGN KEY (from_union_id, from_member_id) REFERENCES members (union_id, id)
);
CREATE UNIQUE INDEX member_transfers_open ON member_transfers (id_hash) WHERE status = 'requested';
CREATE INDEX member_transfers_from ON member_transfers (from_union_id, status);
CREATE INDEX member_transfers_to ON member_transfers (to_union_id, status);

CREATE TABLE member_settings (
    union_id     BLOB PRIMARY KEY REFERENCES orgs (id),
    -- 会员证号 pattern, e.g. HY{YYYY}{SEQ:5}; the sequence restarts each year.
    card_pattern TEXT,
    card_year    BIGINT,
    card_seq     BIGINT NOT NULL DEFAULT 0,
    -- The public join page's secret link; NULL while joining online is off.
    join_token   TEXT UNIQUE
);
