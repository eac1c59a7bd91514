-- Democratic management (DOMAIN.md §8): the worker congress (terms,
-- delegates, sessions, agenda, check-in) and one ballot machinery for
-- motions, elections and appraisals.
--
-- Secret ballot: who may vote (ballot_voters) and who has voted
-- (ballot_cast) are keyed by user; what was voted (ballot_box while open,
-- ballot_papers after close) is keyed by a random receipt code. No table
-- holds both, none holds a time or a sequence, and every one of them is a
-- WITHOUT ROWID table ordered by its key, so neither a column nor the
-- stored order joins a voter to a paper. A vote writes its roll row and its
-- paper in one transaction: the roll's primary key refuses a second vote
-- and takes the paper down with it.

CREATE TABLE congress_terms (
    union_id    BLOB NOT NULL REFERENCES orgs (id),
    id          BLOB NOT NULL,
    number      BIGINT NOT NULL,
    -- delegates (职工代表大会) | all_staff (职工大会)
    form        TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    years       BIGINT NOT NULL CHECK (years BETWEEN 3 AND 5),
    ends_on     TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    UNIQUE (union_id, number)
);

CREATE TABLE congress_delegates (
    union_id    BLOB NOT NULL,
    id          BLOB NOT NULL,
    term_id     BLOB NOT NULL,
    member_id   BLOB,
    -- The delegate's account, for voting in the browser.
    user_id     BLOB REFERENCES users (id),
    name        TEXT NOT NULL,
    gender      TEXT,
    manager     BOOLEAN NOT NULL,
    frontline   BOOLEAN NOT NULL,
    presidium   BOOLEAN NOT NULL,
    -- elected (by a delegate election here) | entered
    source      TEXT NOT NULL,
    ballot_id   BLOB,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, term_id) REFERENCES congress_terms (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE INDEX congress_delegates_term ON congress_delegates (union_id, term_id);
CREATE UNIQUE INDEX congress_delegates_member ON congress_delegates (union_id, term_id, member_id)
    WHERE member_id IS NOT NULL;
CREATE UNIQUE INDEX congress_delegates_user ON congress_delegates (union_id, term_id, user_id)
    WHERE user_id IS NOT NULL;

CREATE TABLE congress_sessions (
    union_id        BLOB NOT NULL,
    id              BLOB NOT NULL,
    term_id         BLOB NOT NULL,
    number          BIGINT NOT NULL,
    title           TEXT NOT NULL,
    meets_on        TEXT NOT NULL,
    place           TEXT,
    papers_sent_on  TEXT,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    UNIQUE (union_id, term_id, number),
    FOREIGN KEY (union_id, term_id) REFERENCES congress_terms (union_id, id)
);

CREATE TABLE congress_agenda (
    union_id    BLOB NOT NULL,
    id          BLOB NOT NULL,
    session_id  BLOB NOT NULL,
    position    BIGINT NOT NULL,
    title       TEXT NOT NULL,
    note        TEXT,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, session_id) REFERENCES congress_sessions (union_id, id)
);
CREATE INDEX congress_agenda_session ON congress_agenda (union_id, session_id, position);

CREATE TABLE congress_checkins (
    union_id       BLOB NOT NULL,
    session_id     BLOB NOT NULL,
    delegate_id    BLOB NOT NULL,
    checked_in_by  TEXT NOT NULL,
    at             TEXT NOT NULL,
    PRIMARY KEY (union_id, session_id, delegate_id),
    FOREIGN KEY (union_id, session_id) REFERENCES congress_sessions (union_id, id),
    FOREIGN KEY (union_id, delegate_id) REFERENCES congress_delegates (union_id, id)
);

CREATE TABLE ballots (
    union_id     BLOB NOT NULL REFERENCES orgs (id),
    id           BLOB NOT NULL,
    session_id   BLOB,
    -- motion | election | appraisal
    kind         TEXT NOT NULL,
    -- general | committee | audit_committee | women_committee | delegates
    purpose      TEXT NOT NULL,
    -- electronic | paper
    mode         TEXT NOT NULL,
    title        TEXT NOT NULL,
    -- JSON: the items (resolutions, candidates, cadres), seats, write-ins.
    spec         TEXT NOT NULL,
    round        BIGINT NOT NULL,
    previous_id  BLOB,
    entitled     BIGINT NOT NULL,
    present      BIGINT,
    -- draft | open | closed; paper ballots pass through counting (closed
    -- to voters, counts being entered) before closed.
    status       TEXT NOT NULL,
    -- JSON: the counts, written once at close.
    result       TEXT,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    opened_at    TEXT,
    closed_at    TEXT,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, session_id) REFERENCES congress_sessions (union_id, id)
);
-- /ballots/{id} names no union: found by id (not unique on its own, so the
-- table can still be distributed by union_id).
CREATE INDEX ballots_by_id ON ballots (id);
CREATE INDEX ballots_union ON ballots (union_id, status, created_at);
CREATE INDEX ballots_session ON ballots (union_id, session_id);

CREATE TABLE ballot_voters (
    union_id   BLOB NOT NULL,
    ballot_id  BLOB NOT NULL,
    user_id    BLOB NOT NULL,
    PRIMARY KEY (union_id, ballot_id, user_id),
    FOREIGN KEY (union_id, ballot_id) REFERENCES ballots (union_id, id)
) WITHOUT ROWID;
-- A voter's own open ballots, across unions.
CREATE INDEX ballot_voters_user ON ballot_voters (user_id);

CREATE TABLE ballot_cast (
    union_id   BLOB NOT NULL,
    ballot_id  BLOB NOT NULL,
    user_id    BLOB NOT NULL,
    PRIMARY KEY (union_id, ballot_id, user_id),
    FOREIGN KEY (union_id, ballot_id, user_id) REFERENCES ballot_voters (union_id, ballot_id, user_id)
) WITHOUT ROWID;

CREATE TABLE ballot_box (
    union_id   BLOB NOT NULL,
    ballot_id  BLOB NOT NULL,
    receipt    TEXT NOT NULL,
    marks      TEXT NOT NULL,
    PRIMARY KEY (union_id, ballot_id, receipt),
    FOREIGN KEY (union_id, ballot_id) REFERENCES ballots (union_id, id)
) WITHOUT ROWID;

CREATE TABLE ballot_papers (
    union_id   BLOB NOT NULL,
    ballot_id  BLOB NOT NULL,
    receipt    TEXT NOT NULL,
    marks      TEXT NOT NULL,
    PRIMARY KEY (union_id, ballot_id, receipt),
    FOREIGN KEY (union_id, ballot_id) REFERENCES ballots (union_id, id)
) WITHOUT ROWID;

-- Counts of paper ballots, each entry by one officer; a result stands when
-- two entries by two people agree.
CREATE TABLE ballot_count_entries (
    union_id       BLOB NOT NULL,
    ballot_id      BLOB NOT NULL,
    entry          BIGINT NOT NULL,
    present        BIGINT NOT NULL,
    counts         TEXT NOT NULL,
    entered_by_id  BLOB NOT NULL,
    entered_by     TEXT NOT NULL,
    at             TEXT NOT NULL,
    PRIMARY KEY (union_id, ballot_id, entry),
    FOREIGN KEY (union_id, ballot_id) REFERENCES ballots (union_id, id)
);

-- Voting records are append-only; the box is emptied only into the papers
-- of a closed ballot, and a closed ballot is final.
CREATE TRIGGER ballot_voters_no_update BEFORE UPDATE ON ballot_voters BEGIN SELECT RAISE(ABORT, 'ballot_voters is append-only'); END;
CREATE TRIGGER ballot_voters_no_delete BEFORE DELETE ON ballot_voters BEGIN SELECT RAISE(ABORT, 'ballot_voters is append-only'); END;
CREATE TRIGGER ballot_cast_no_update BEFORE UPDATE ON ballot_cast BEGIN SELECT RAISE(ABORT, 'ballot_cast is append-only'); END;
CREATE TRIGGER ballot_cast_no_delete BEFORE DELETE ON ballot_cast BEGIN SELECT RAISE(ABORT, 'ballot_cast is append-only'); END;
CREATE TRIGGER ballot_papers_no_update BEFORE UPDATE ON ballot_papers BEGIN SELECT RAISE(ABORT, 'ballot_papers is append-only'); END;
CREATE TRIGGER ballot_papers_no_delete BEFORE DELETE ON ballot_papers BEGIN SELECT RAISE(ABORT, 'ballot_papers is append-only'); END;
CREATE TRIGGER ballot_count_entries_no_update BEFORE UPDATE ON ballot_count_entries BEGIN SELECT RAISE(ABORT, 'ballot_count_entries is append-only'); END;
CREATE TRIGGER ballot_count_entries_no_delete BEFORE DELETE ON ballot_count_entries BEGIN SELECT RAISE(ABORT, 'ballot_count_entries is append-only'); END;
CREATE TRIGGER ballot_box_no_update BEFORE UPDATE ON ballot_box BEGIN SELECT RAISE(ABORT, 'ballot_box papers cannot be changed'); END;
CREATE TRIGGER ballot_box_open BEFORE DELETE ON ballot_box
WHEN (SELECT status FROM ballots WHERE union_id = OLD.union_id AND id = OLD.ballot_id) <> 'closed'
BEGIN SELECT RAISE(ABORT, 'ballot_box is emptied only when the ballot closes'); END;
CREATE TRIGGER ballots_final BEFORE UPDATE ON ballots WHEN OLD.status = 'closed'
BEGIN SELECT RAISE(ABORT, 'a closed ballot is final'); END;
CREATE TRIGGER ballots_no_delete BEFORE DELETE ON ballots
BEGIN SELECT RAISE(ABORT, 'ballots are never removed'); END;
