-- Care (DOMAIN.md §7): hardship files, assistance and condolences with
-- their campaigns, life events and 五必访 visits, mutual-aid insurance.
-- Payments, consents, file history and documents are append-only.

-- The member record of a signed-in user: lets a member see their own file.
CREATE TABLE user_members (
    user_id    BLOB PRIMARY KEY REFERENCES users (id),
    union_id   BLOB NOT NULL,
    member_id  BLOB NOT NULL,
    linked_by  TEXT NOT NULL,
    linked_at  TEXT NOT NULL,
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE UNIQUE INDEX user_members_member ON user_members (union_id, member_id);

CREATE TABLE care_policies (
    union_id                 BLOB NOT NULL REFERENCES orgs (id),
    effective_from           TEXT NOT NULL,
    dibao_monthly_fen        BIGINT NOT NULL,
    province_avg_income_fen  BIGINT NOT NULL,
    set_by                   TEXT NOT NULL,
    set_at                   TEXT NOT NULL,
    PRIMARY KEY (union_id, effective_from)
);

-- One file per household. Incomes, household members and health sit in
-- `sealed` (encrypted JSON); the category is plain for lists and filters.
CREATE TABLE care_files (
    union_id           BLOB NOT NULL,
    id                 BLOB NOT NULL,
    member_id          BLOB NOT NULL,
    status             TEXT NOT NULL,
    computed_category  TEXT NOT NULL,
    category           TEXT NOT NULL,
    override_reason    TEXT,
    main_cause         TEXT NOT NULL,
    secondary_causes   TEXT NOT NULL,
    exclusions         TEXT NOT NULL,
    accident           BOOLEAN NOT NULL,
    household_size     BIGINT NOT NULL,
    sealed             BLOB NOT NULL,
    assessed_on        TEXT NOT NULL,
    next_review        TEXT,
    approved_by        TEXT,
    approved_at        TEXT,
    close_reason       TEXT,
    closed_on          TEXT,
    retain_until       TEXT,
    created_by         TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE UNIQUE INDEX care_files_open ON care_files (union_id, member_id) WHERE status <> 'closed';
CREATE INDEX care_files_status ON care_files (union_id, status, next_review);

CREATE TABLE care_file_log (
    union_id  BLOB NOT NULL,
    id        BLOB NOT NULL,
    file_id   BLOB NOT NULL,
    action    TEXT NOT NULL,
    note      TEXT NOT NULL,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, file_id) REFERENCES care_files (union_id, id)
);
CREATE INDEX care_file_log_file ON care_file_log (union_id, file_id, at);

-- Evidence, signed receipts and sign-off sheets, claim documents.
CREATE TABLE care_documents (
    union_id      BLOB NOT NULL,
    id            BLOB NOT NULL,
    owner_kind    TEXT NOT NULL,
    owner_id      BLOB NOT NULL,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    content       BLOB NOT NULL,
    uploaded_by   TEXT NOT NULL,
    uploaded_at   TEXT NOT NULL,
    PRIMARY KEY (union_id, id)
);
CREATE INDEX care_documents_owner ON care_documents (union_id, owner_kind, owner_id);

CREATE TABLE care_campaigns (
    union_id     BLOB NOT NULL REFERENCES orgs (id),
    id           BLOB NOT NULL,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    year         BIGINT NOT NULL,
    holiday      TEXT,
    form         TEXT NOT NULL,
    amount_fen   BIGINT NOT NULL,
    goods        TEXT,
    account      TEXT,
    pay_date     TEXT NOT NULL,
    filter       TEXT NOT NULL,
    status       TEXT NOT NULL,
    voucher_id   BLOB,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    reviewed_by  TEXT,
    reviewed_at  TEXT,
    paid_by      TEXT,
    paid_at      TEXT,
    PRIMARY KEY (union_id, id)
);

CREATE TABLE care_recipients (
    union_id     BLOB NOT NULL,
    campaign_id  BLOB NOT NULL,
    member_id    BLOB NOT NULL,
    amount_fen   BIGINT NOT NULL,
    PRIMARY KEY (union_id, campaign_id, member_id),
    FOREIGN KEY (union_id, campaign_id) REFERENCES care_campaigns (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);

-- Every payment or gift to a person (帮扶, 慰问, 节日慰问品, 春送岗位).
CREATE TABLE care_assistance (
    union_id      BLOB NOT NULL,
    id            BLOB NOT NULL,
    member_id     BLOB NOT NULL,
    kind          TEXT NOT NULL,
    item          TEXT NOT NULL,
    reason        TEXT NOT NULL,
    amount_fen    BIGINT NOT NULL,
    goods         TEXT,
    form          TEXT NOT NULL,
    date          TEXT NOT NULL,
    year          BIGINT NOT NULL,
    approved_by   TEXT NOT NULL,
    delivered_by  TEXT,
    campaign_id   BLOB,
    event_id      BLOB,
    welfare_id    BLOB,
    voucher_id    BLOB,
    idem_key      TEXT,
    actor_name    TEXT NOT NULL,
    at            TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE INDEX care_assistance_member ON care_assistance (union_id, member_id, year);
CREATE INDEX care_assistance_year ON care_assistance (union_id, year);
CREATE INDEX care_assistance_campaign ON care_assistance (union_id, campaign_id);
CREATE UNIQUE INDEX care_assistance_idem ON care_assistance (union_id, idem_key) WHERE idem_key IS NOT NULL;

-- Consent to name the person on the disclosure board (PIPL §25); the
-- latest record wins.
CREATE TABLE care_consents (
    union_id     BLOB NOT NULL,
    id           BLOB NOT NULL,
    member_id    BLOB NOT NULL,
    consent      BOOLEAN NOT NULL,
    recorded_by  TEXT NOT NULL,
    at           TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE INDEX care_consents_member ON care_consents (union_id, member_id, at);

CREATE TABLE care_events (
    union_id            BLOB NOT NULL,
    id                  BLOB NOT NULL,
    member_id           BLOB NOT NULL,
    kind                TEXT NOT NULL,
    date                TEXT NOT NULL,
    note                TEXT,
    item                TEXT NOT NULL,
    due_fen             BIGINT,
    due_rule            TEXT NOT NULL,
    condolence_status   TEXT NOT NULL,
    assistance_id       BLOB,
    created_by          TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);

CREATE TABLE care_visits (
    union_id     BLOB NOT NULL,
    id           BLOB NOT NULL,
    member_id    BLOB NOT NULL,
    event_id     BLOB,
    kind         TEXT NOT NULL,
    due_date     TEXT NOT NULL,
    status       TEXT NOT NULL,
    visited_on   TEXT,
    visitors     TEXT,
    notes        TEXT,
    follow_up    TEXT,
    recorded_by  TEXT,
    recorded_at  TEXT,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE INDEX care_visits_open ON care_visits (union_id, status, due_date);

CREATE TABLE care_plans (
    union_id           BLOB NOT NULL REFERENCES orgs (id),
    id                 BLOB NOT NULL,
    kind               TEXT NOT NULL,
    name               TEXT NOT NULL,
    premium_fen        BIGINT NOT NULL,
    term_months        BIGINT NOT NULL,
    payout_pct         BIGINT NOT NULL,
    per_claim_cap_fen  BIGINT NOT NULL,
    yearly_cap_fen     BIGINT NOT NULL,
    women_only         BOOLEAN NOT NULL,
    max_age            BIGINT,
    created_at         TEXT NOT NULL,
    PRIMARY KEY (union_id, id)
);

CREATE TABLE care_enrolments (
    union_id     BLOB NOT NULL,
    id           BLOB NOT NULL,
    plan_id      BLOB NOT NULL,
    member_id    BLOB NOT NULL,
    term_start   TEXT NOT NULL,
    term_end     TEXT NOT NULL,
    premium_fen  BIGINT NOT NULL,
    voucher_id   BLOB NOT NULL,
    at           TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, plan_id) REFERENCES care_plans (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE UNIQUE INDEX care_enrolments_term ON care_enrolments (union_id, plan_id, member_id, term_start);
CREATE INDEX care_enrolments_end ON care_enrolments (union_id, term_end);

CREATE TABLE care_claims (
    union_id       BLOB NOT NULL,
    id             BLOB NOT NULL,
    plan_id        BLOB NOT NULL,
    enrolment_id   BLOB NOT NULL,
    member_id      BLOB NOT NULL,
    event_date     TEXT NOT NULL,
    claimed_fen    BIGINT NOT NULL,
    description    TEXT NOT NULL,
    status         TEXT NOT NULL,
    approved_fen   BIGINT,
    assessment     TEXT,
    assessed_by    TEXT,
    voucher_id     BLOB,
    filed_by       TEXT NOT NULL,
    filed_at       TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, enrolment_id) REFERENCES care_enrolments (union_id, id)
);
CREATE INDEX care_claims_enrolment ON care_claims (union_id, enrolment_id);

CREATE TRIGGER care_assistance_no_update BEFORE UPDATE ON care_assistance BEGIN SELECT RAISE(ABORT, 'care_assistance is append-only'); END;
CREATE TRIGGER care_assistance_no_delete BEFORE DELETE ON care_assistance BEGIN SELECT RAISE(ABORT, 'care_assistance is append-only'); END;
CREATE TRIGGER care_consents_no_update BEFORE UPDATE ON care_consents BEGIN SELECT RAISE(ABORT, 'care_consents is append-only'); END;
CREATE TRIGGER care_consents_no_delete BEFORE DELETE ON care_consents BEGIN SELECT RAISE(ABORT, 'care_consents is append-only'); END;
CREATE TRIGGER care_file_log_no_update BEFORE UPDATE ON care_file_log BEGIN SELECT RAISE(ABORT, 'care_file_log is append-only'); END;
CREATE TRIGGER care_file_log_no_delete BEFORE DELETE ON care_file_log BEGIN SELECT RAISE(ABORT, 'care_file_log is append-only'); END;
CREATE TRIGGER care_documents_no_update BEFORE UPDATE ON care_documents BEGIN SELECT RAISE(ABORT, 'care_documents is append-only'); END;
CREATE TRIGGER care_documents_no_delete BEFORE DELETE ON care_documents BEGIN SELECT RAISE(ABORT, 'care_documents is append-only'); END;
CREATE TRIGGER care_enrolments_no_update BEFORE UPDATE ON care_enrolments BEGIN SELECT RAISE(ABORT, 'care_enrolments is append-only'); END;
CREATE TRIGGER care_enrolments_no_delete BEFORE DELETE ON care_enrolments BEGIN SELECT RAISE(ABORT, 'care_enrolments is append-only'); END;
