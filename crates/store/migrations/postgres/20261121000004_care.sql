-- Care (DOMAIN.md §7): hardship files, assistance and condolences with
-- their campaigns, life events and 五必访 visits, mutual-aid insurance.
-- Payments, consents, file history and documents are append-only.

-- The member record of a signed-in user: lets a member see their own file.
CREATE TABLE user_members (
    user_id    UUID PRIMARY KEY REFERENCES users (id),
    union_id   UUID NOT NULL,
    member_id  UUID NOT NULL,
    linked_by  TEXT NOT NULL,
    linked_at  TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE UNIQUE INDEX user_members_member ON user_members (union_id, member_id);

CREATE TABLE care_policies (
    union_id                 UUID NOT NULL REFERENCES orgs (id),
    effective_from           DATE NOT NULL,
    dibao_monthly_fen        BIGINT NOT NULL,
    province_avg_income_fen  BIGINT NOT NULL,
    set_by                   TEXT NOT NULL,
    set_at                   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, effective_from)
);

-- One file per household. Incomes, household members and health sit in
-- `sealed` (encrypted JSON); the category is plain for lists and filters.
CREATE TABLE care_files (
    union_id           UUID NOT NULL,
    id                 UUID NOT NULL,
    member_id          UUID NOT NULL,
    status             TEXT NOT NULL,
    computed_category  TEXT NOT NULL,
    category           TEXT NOT NULL,
    override_reason    TEXT,
    main_cause         TEXT NOT NULL,
    secondary_causes   TEXT NOT NULL,
    exclusions         TEXT NOT NULL,
    accident           BOOLEAN NOT NULL,
    household_size     BIGINT NOT NULL,
    sealed             BYTEA NOT NULL,
    assessed_on        DATE NOT NULL,
    next_review        DATE,
    approved_by        TEXT,
    approved_at        TIMESTAMPTZ,
    close_reason       TEXT,
    closed_on          DATE,
    retain_until       DATE,
    created_by         TEXT NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE UNIQUE INDEX care_files_open ON care_files (union_id, member_id) WHERE status <> 'closed';
CREATE INDEX care_files_status ON care_files (union_id, status, next_review);

CREATE TABLE care_file_log (
    union_id  UUID NOT NULL,
    id        UUID NOT NULL,
    file_id   UUID NOT NULL,
    action    TEXT NOT NULL,
    note      TEXT NOT NULL,
    actor     TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, file_id) REFERENCES care_files (union_id, id)
);
CREATE INDEX care_file_log_file ON care_file_log (union_id, file_id, at);

-- Evidence, signed receipts and sign-off sheets, claim documents.
CREATE TABLE care_documents (
    union_id      UUID NOT NULL,
    id            UUID NOT NULL,
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
CREATE INDEX care_documents_owner ON care_documents (union_id, owner_kind, owner_id);

CREATE TABLE care_campaigns (
    union_id     UUID NOT NULL REFERENCES orgs (id),
    id           UUID NOT NULL,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    year         BIGINT NOT NULL,
    holiday      TEXT,
    form         TEXT NOT NULL,
    amount_fen   BIGINT NOT NULL,
    goods        TEXT,
    account      TEXT,
    pay_date     DATE NOT NULL,
    filter       TEXT NOT NULL,
    status       TEXT NOT NULL,
    voucher_id   UUID,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    reviewed_by  TEXT,
    reviewed_at  TIMESTAMPTZ,
    paid_by      TEXT,
    paid_at      TIMESTAMPTZ,
    PRIMARY KEY (union_id, id)
);

CREATE TABLE care_recipients (
    union_id     UUID NOT NULL,
    campaign_id  UUID NOT NULL,
    member_id    UUID NOT NULL,
    amount_fen   BIGINT NOT NULL,
    PRIMARY KEY (union_id, campaign_id, member_id),
    FOREIGN KEY (union_id, campaign_id) REFERENCES care_campaigns (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);

-- Every payment or gift to a person (帮扶, 慰问, 节日慰问品, 春送岗位).
CREATE TABLE care_assistance (
    union_id      UUID NOT NULL,
    id            UUID NOT NULL,
    member_id     UUID NOT NULL,
    kind          TEXT NOT NULL,
    item          TEXT NOT NULL,
    reason        TEXT NOT NULL,
    amount_fen    BIGINT NOT NULL,
    goods         TEXT,
    form          TEXT NOT NULL,
    date          DATE NOT NULL,
    year          BIGINT NOT NULL,
    approved_by   TEXT NOT NULL,
    delivered_by  TEXT,
    campaign_id   UUID,
    event_id      UUID,
    welfare_id    UUID,
    voucher_id    UUID,
    idem_key      TEXT,
    actor_name    TEXT NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
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
    union_id     UUID NOT NULL,
    id           UUID NOT NULL,
    member_id    UUID NOT NULL,
    consent      BOOLEAN NOT NULL,
    recorded_by  TEXT NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE INDEX care_consents_member ON care_consents (union_id, member_id, at);

CREATE TABLE care_events (
    union_id            UUID NOT NULL,
    id                  UUID NOT NULL,
    member_id           UUID NOT NULL,
    kind                TEXT NOT NULL,
    date                DATE NOT NULL,
    note                TEXT,
    item                TEXT NOT NULL,
    due_fen             BIGINT,
    due_rule            TEXT NOT NULL,
    condolence_status   TEXT NOT NULL,
    assistance_id       UUID,
    created_by          TEXT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);

CREATE TABLE care_visits (
    union_id     UUID NOT NULL,
    id           UUID NOT NULL,
    member_id    UUID NOT NULL,
    event_id     UUID,
    kind         TEXT NOT NULL,
    due_date     DATE NOT NULL,
    status       TEXT NOT NULL,
    visited_on   DATE,
    visitors     TEXT,
    notes        TEXT,
    follow_up    TEXT,
    recorded_by  TEXT,
    recorded_at  TIMESTAMPTZ,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE INDEX care_visits_open ON care_visits (union_id, status, due_date);

CREATE TABLE care_plans (
    union_id           UUID NOT NULL REFERENCES orgs (id),
    id                 UUID NOT NULL,
    kind               TEXT NOT NULL,
    name               TEXT NOT NULL,
    premium_fen        BIGINT NOT NULL,
    term_months        BIGINT NOT NULL,
    payout_pct         BIGINT NOT NULL,
    per_claim_cap_fen  BIGINT NOT NULL,
    yearly_cap_fen     BIGINT NOT NULL,
    women_only         BOOLEAN NOT NULL,
    max_age            BIGINT,
    created_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id)
);

CREATE TABLE care_enrolments (
    union_id     UUID NOT NULL,
    id           UUID NOT NULL,
    plan_id      UUID NOT NULL,
    member_id    UUID NOT NULL,
    term_start   DATE NOT NULL,
    term_end     DATE NOT NULL,
    premium_fen  BIGINT NOT NULL,
    voucher_id   UUID NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, plan_id) REFERENCES care_plans (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE UNIQUE INDEX care_enrolments_term ON care_enrolments (union_id, plan_id, member_id, term_start);
CREATE INDEX care_enrolments_end ON care_enrolments (union_id, term_end);

CREATE TABLE care_claims (
    union_id       UUID NOT NULL,
    id             UUID NOT NULL,
    plan_id        UUID NOT NULL,
    enrolment_id   UUID NOT NULL,
    member_id      UUID NOT NULL,
    event_date     DATE NOT NULL,
    claimed_fen    BIGINT NOT NULL,
    description    TEXT NOT NULL,
    status         TEXT NOT NULL,
    approved_fen   BIGINT,
    assessment     TEXT,
    assessed_by    TEXT,
    voucher_id     UUID,
    filed_by       TEXT NOT NULL,
    filed_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, enrolment_id) REFERENCES care_enrolments (union_id, id)
);
CREATE INDEX care_claims_enrolment ON care_claims (union_id, enrolment_id);

CREATE FUNCTION care_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER care_assistance_append_only BEFORE UPDATE OR DELETE ON care_assistance
    FOR EACH ROW EXECUTE FUNCTION care_append_only();
CREATE TRIGGER care_consents_append_only BEFORE UPDATE OR DELETE ON care_consents
    FOR EACH ROW EXECUTE FUNCTION care_append_only();
CREATE TRIGGER care_file_log_append_only BEFORE UPDATE OR DELETE ON care_file_log
    FOR EACH ROW EXECUTE FUNCTION care_append_only();
CREATE TRIGGER care_documents_append_only BEFORE UPDATE OR DELETE ON care_documents
    FOR EACH ROW EXECUTE FUNCTION care_append_only();
CREATE TRIGGER care_enrolments_append_only BEFORE UPDATE OR DELETE ON care_enrolments
    FOR EACH ROW EXECUTE FUNCTION care_append_only();
