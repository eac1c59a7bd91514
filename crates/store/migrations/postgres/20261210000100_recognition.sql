-- Recognition (DOMAIN.md §9, issue 18): rationalisation suggestions
-- (合理化建议, 金点子) from idea to reward, the honours register (荣誉) with
-- nomination and public notice, and training (培训): courses on top of the
-- activities' sign-up and check-in, hours credited per person, and
-- certificates with their validity. Every table is a tenant table keyed by
-- union_id first; the rules are in domain::recognition.

-- ---------------------------------------------------------------------------
-- Suggestions.
CREATE TABLE suggestions (
    union_id            UUID NOT NULL REFERENCES orgs (id),
    id                  UUID NOT NULL,
    -- 第N号 within the union, in order of submission.
    number              BIGINT NOT NULL,
    -- The year it was submitted in (the statistics and the 金点子 ranking
    -- count by it).
    year                BIGINT NOT NULL,
    -- domain::recognition::suggestion::Category::as_str.
    category            TEXT NOT NULL,
    title               TEXT NOT NULL,
    current_state       TEXT NOT NULL,
    proposal            TEXT NOT NULL,
    expected_benefit    TEXT NOT NULL,
    -- The submitter: the member linked to the account that submitted it,
    -- or the member an officer registered it for.
    member_id           UUID NOT NULL,
    submitted_by_user   UUID,
    -- Co-submitters of a team suggestion, names as typed (、-separated).
    team                TEXT NOT NULL,
    -- domain::recognition::suggestion::Status::as_str.
    status              TEXT NOT NULL,
    -- The assessment (部门评估): adopt | revise | reject, with the reason.
    decision            TEXT,
    decision_reason     TEXT,
    assessed_by         TEXT,
    assessed_on         DATE,
    -- Implementation: the department and its deadline.
    implementer         TEXT,
    implement_by        DATE,
    -- Acceptance (验收): value created per year, in fen, and the evidence.
    value_fen_per_year  BIGINT,
    acceptance_note     TEXT,
    accepted_by         TEXT,
    accepted_on         DATE,
    -- The reward and its voucher (the spending rules decided the cap).
    reward_fen          BIGINT,
    reward_voucher_id   UUID,
    rewarded_on         DATE,
    -- Merged into another suggestion of the same union (a duplicate).
    merged_into_id      UUID,
    -- Turned into a congress proposal.
    proposal_id         UUID,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE UNIQUE INDEX suggestions_number ON suggestions (union_id, number);
CREATE INDEX suggestions_year ON suggestions (union_id, year, status);
CREATE INDEX suggestions_member ON suggestions (union_id, member_id);

-- Every step, append-only.
CREATE TABLE suggestion_log (
    union_id        UUID NOT NULL,
    id              UUID NOT NULL,
    suggestion_id   UUID NOT NULL,
    action          TEXT NOT NULL,
    note            TEXT NOT NULL,
    actor           TEXT NOT NULL,
    at              TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, suggestion_id) REFERENCES suggestions (union_id, id)
);
CREATE INDEX suggestion_log_suggestion ON suggestion_log (union_id, suggestion_id, at);

-- ---------------------------------------------------------------------------
-- Honours (荣誉): a person (member_id) or a collective (collective_name,
-- with its kind and, for a group, the group's org id).
CREATE TABLE honours (
    union_id            UUID NOT NULL REFERENCES orgs (id),
    id                  UUID NOT NULL,
    member_id           UUID,
    collective_name     TEXT,
    -- 'group' | 'department' | 'union' for a collective.
    collective_kind     TEXT,
    group_id            UUID,
    -- domain::recognition::honour::Title::as_str ('model_worker', …) and
    -- the title as written (a title outside the list is 'other').
    title_kind          TEXT NOT NULL,
    title               TEXT NOT NULL,
    -- national | provincial | city | district | unit.
    level               TEXT NOT NULL,
    awarding_body       TEXT NOT NULL,
    year                BIGINT NOT NULL,
    citation            TEXT NOT NULL,
    -- domain::recognition::honour::Status::as_str: nominated → notice →
    -- recorded, or withdrawn / rejected.
    status              TEXT NOT NULL,
    -- Who nominated: 'union' | 'contest' | 'group'; for a contest, its id
    -- and the entrant's.
    source              TEXT NOT NULL,
    contest_id          UUID,
    entrant_id          UUID,
    -- The public notice (公示) on the disclosure board.
    notice_days         BIGINT,
    notice_from         DATE,
    notice_until        DATE,
    disclosure_item_id  UUID,
    decided_by          TEXT,
    decided_on          DATE,
    decision_note       TEXT,
    created_by          TEXT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE INDEX honours_year ON honours (union_id, year, status);
CREATE INDEX honours_member ON honours (union_id, member_id);

-- The yearly care of a model worker (劳模): which year's visit task and
-- 疗休养 offer were made, so the "due for care" list is a join.
CREATE TABLE model_worker_care (
    union_id        UUID NOT NULL,
    member_id       UUID NOT NULL,
    year            BIGINT NOT NULL,
    -- The care visit (care area) and the 疗休养 activity offered.
    visit_id        UUID,
    activity_id     UUID,
    recorded_by     TEXT NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, member_id, year),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);

-- ---------------------------------------------------------------------------
-- Training (培训). A course is an activity of kind 'training' (its sign-up,
-- waiting list and check-in are the activities'); this row adds what a
-- course has besides.
CREATE TABLE courses (
    union_id        UUID NOT NULL REFERENCES orgs (id),
    id              UUID NOT NULL,
    activity_id     UUID NOT NULL,
    title           TEXT NOT NULL,
    organiser       TEXT NOT NULL,
    -- Held by an outside body (上级工会, a school …) rather than the union.
    external        BOOLEAN NOT NULL,
    -- 工会干部业务培训: counted apart (the plans' "组织1—2期工会干部业务培训").
    for_cadres      BOOLEAN NOT NULL,
    -- 学时 in tenths of an hour (4.5 学时 = 45).
    tenth_hours     BIGINT NOT NULL,
    starts_on       DATE NOT NULL,
    ends_on         DATE NOT NULL,
    year            BIGINT NOT NULL,
    -- The certificate or qualification the course leads to, if any.
    certificate     TEXT NOT NULL,
    -- 'open' | 'completed' (hours credited) | 'cancelled'.
    status          TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, activity_id) REFERENCES activities (union_id, id)
);
CREATE UNIQUE INDEX courses_activity ON courses (union_id, activity_id);
CREATE INDEX courses_year ON courses (union_id, year);

-- Hours credited per person per course (one 人次 each): from the
-- check-ins when the course is completed, or typed for an external course.
CREATE TABLE training_credits (
    union_id        UUID NOT NULL,
    course_id       UUID NOT NULL,
    member_id       UUID NOT NULL,
    tenth_hours     BIGINT NOT NULL,
    -- Copied from the course so the statistics read one table.
    year            BIGINT NOT NULL,
    for_cadres      BOOLEAN NOT NULL,
    credited_by     TEXT NOT NULL,
    credited_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, course_id, member_id),
    FOREIGN KEY (union_id, course_id) REFERENCES courses (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE INDEX training_credits_year ON training_credits (union_id, year);
CREATE INDEX training_credits_member ON training_credits (union_id, member_id);

-- Certificates and qualifications (证书, 资格) with their validity.
CREATE TABLE certificates (
    union_id        UUID NOT NULL REFERENCES orgs (id),
    id              UUID NOT NULL,
    member_id       UUID NOT NULL,
    name            TEXT NOT NULL,
    issuer          TEXT NOT NULL,
    number          TEXT NOT NULL,
    issued_on       DATE NOT NULL,
    -- NULL: valid without limit.
    valid_until     DATE,
    course_id       UUID,
    recorded_by     TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE INDEX certificates_valid ON certificates (union_id, valid_until);
CREATE INDEX certificates_member ON certificates (union_id, member_id);

-- ---------------------------------------------------------------------------
-- Evidence files of suggestions (验收材料), honours (证书扫描件) and
-- certificates: images and PDFs, kept in the database like care documents.
CREATE TABLE recognition_files (
    union_id      UUID NOT NULL,
    id            UUID NOT NULL,
    -- 'suggestion' | 'honour' | 'certificate'.
    owner_kind    TEXT NOT NULL,
    owner_id      UUID NOT NULL,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    content       BYTEA NOT NULL,
    uploaded_by   TEXT NOT NULL,
    uploaded_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id)
);
CREATE INDEX recognition_files_owner ON recognition_files (union_id, owner_kind, owner_id);

-- The log is append-only: a correction is a new entry.
CREATE FUNCTION recognition_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER suggestion_log_append_only BEFORE UPDATE OR DELETE ON suggestion_log
    FOR EACH ROW EXECUTE FUNCTION recognition_append_only();
