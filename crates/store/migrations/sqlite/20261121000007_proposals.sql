-- Proposals (提案, DOMAIN.md §8): co-signatures, review, assignment,
-- answer, rating; every step in an append-only log.

CREATE TABLE proposals (
    union_id          BLOB NOT NULL REFERENCES orgs (id),
    id                BLOB NOT NULL,
    -- 第N号 within the union, given at 立案.
    number            BIGINT,
    -- The congress session it is for, if any.
    session_id        BLOB,
    title             TEXT NOT NULL,
    reason            TEXT NOT NULL,
    suggestion        TEXT NOT NULL,
    proposer_id       BLOB NOT NULL REFERENCES users (id),
    proposer_name     TEXT NOT NULL,
    status            TEXT NOT NULL,
    round             BIGINT NOT NULL,
    review_note       TEXT,
    department        TEXT,
    deadline          TEXT,
    answer            TEXT,
    answered_by       TEXT,
    answered_at       TEXT,
    rating            TEXT,
    rating_note       TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    PRIMARY KEY (union_id, id)
);
CREATE INDEX proposals_union ON proposals (union_id, created_at);
CREATE UNIQUE INDEX proposals_number ON proposals (union_id, number);

-- Whether members who are not delegates may propose and co-sign. A union
-- without delegates (a meeting of all staff) always lets members.
CREATE TABLE proposal_settings (
    union_id             BLOB PRIMARY KEY REFERENCES orgs (id),
    members_may_propose  BOOLEAN NOT NULL,
    set_by               TEXT NOT NULL,
    set_at               TEXT NOT NULL
);

CREATE TABLE proposal_cosigns (
    union_id     BLOB NOT NULL,
    proposal_id  BLOB NOT NULL,
    user_id      BLOB NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    at           TEXT NOT NULL,
    PRIMARY KEY (union_id, proposal_id, user_id),
    FOREIGN KEY (union_id, proposal_id) REFERENCES proposals (union_id, id)
);

CREATE TABLE proposal_log (
    union_id     BLOB NOT NULL,
    id           BLOB NOT NULL,
    proposal_id  BLOB NOT NULL,
    action       TEXT NOT NULL,
    note         TEXT NOT NULL,
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, proposal_id) REFERENCES proposals (union_id, id)
);
CREATE INDEX proposal_log_proposal ON proposal_log (union_id, proposal_id, at);

CREATE TRIGGER proposal_log_no_update BEFORE UPDATE ON proposal_log BEGIN SELECT RAISE(ABORT, 'proposal_log is append-only'); END;
CREATE TRIGGER proposal_log_no_delete BEFORE DELETE ON proposal_log BEGIN SELECT RAISE(ABORT, 'proposal_log is append-only'); END;
CREATE TRIGGER proposal_cosigns_no_update BEFORE UPDATE ON proposal_cosigns BEGIN SELECT RAISE(ABORT, 'proposal_cosigns is append-only'); END;
CREATE TRIGGER proposal_cosigns_no_delete BEFORE DELETE ON proposal_cosigns BEGIN SELECT RAISE(ABORT, 'proposal_cosigns is append-only'); END;
