-- Rights protection (维权, DOMAIN.md §10, issue 17): petitions and the
-- chair's mailbox, labour-dispute mediation, collective contracts,
-- labour-protection inspections and the employer register. Every table is
-- a tenant table keyed by union_id first; the rules are in domain::rights.

-- A union's rights settings, each part as the JSON of its domain settings
-- struct (domain::rights::petition::PetitionSettings, mediation::
-- MediationSettings, contract::ContractSettings, the inspection checklist
-- template as inspection::ChecklistItem[]). A union without a row uses the
-- defaults.
CREATE TABLE rights_settings (
    union_id           UUID PRIMARY KEY REFERENCES orgs (id),
    -- Whether members may write to the chair's mailbox anonymously.
    anonymous_allowed  BOOLEAN NOT NULL,
    petition           TEXT NOT NULL,
    mediation          TEXT NOT NULL,
    contract           TEXT NOT NULL,
    checklist          TEXT NOT NULL,
    set_by             TEXT NOT NULL,
    set_at             TIMESTAMPTZ NOT NULL
);

-- ---------------------------------------------------------------------------
-- Petitions (来信来访, 主席信箱): the work order.
--
-- An anonymous petition stores no writer: writer_* and writer_user_id are
-- NULL, and only writer_seal (a keyed hash of the filing account, made with
-- the installation's secret; never shown, never exported) lets the writer
-- find and rate their own petition. Officers read no column that names them.
CREATE TABLE petitions (
    union_id            UUID NOT NULL REFERENCES orgs (id),
    id                  UUID NOT NULL,
    -- 第N号 within the union, in order of registration.
    number              BIGINT NOT NULL,
    -- domain::rights::petition::Channel::as_str.
    channel             TEXT NOT NULL,
    subject             TEXT NOT NULL,
    content             TEXT NOT NULL,
    received_on         DATE NOT NULL,
    anonymous           BOOLEAN NOT NULL,
    writer_name         TEXT,
    writer_contact      TEXT,
    writer_department   TEXT,
    writer_member_id    UUID,
    -- The account that filed it themselves (a member on the phone); NULL
    -- for letters registered at the desk and for anonymous petitions.
    writer_user_id      UUID,
    writer_seal         TEXT,
    -- domain::rights::petition::Status::as_str, and the round (2 after 不满意).
    status              TEXT NOT NULL,
    round               BIGINT NOT NULL,
    dispatch_by         DATE NOT NULL,
    -- The answer deadline (the API's due_date); in round 2 the second
    -- round's deadline.
    answer_by           DATE NOT NULL,
    dispatched_on       DATE,
    reject_reason       TEXT,
    answer              TEXT,
    answered_by         TEXT,
    answered_on         DATE,
    -- Whether the first answer came by its deadline (for 按时答复率).
    answered_in_time    BOOLEAN,
    -- domain::rights::petition::Rating::as_str of the last rating.
    rating              TEXT,
    rating_note         TEXT,
    closed_on           DATE,
    -- What it turned into, keeping its history: 'mediation_case' or
    -- 'proposal', and that record's id.
    turned_into_kind    TEXT,
    turned_into_id      UUID,
    -- Who typed it in: an officer's name, or '主席信箱' for a member's own
    -- (anonymous or not) — never the anonymous writer.
    registered_by       TEXT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, writer_member_id) REFERENCES members (union_id, id)
);
CREATE UNIQUE INDEX petitions_number ON petitions (union_id, number);
CREATE INDEX petitions_received ON petitions (union_id, received_on);
CREATE INDEX petitions_open ON petitions (union_id, status, answer_by);
CREATE INDEX petitions_writer ON petitions (union_id, writer_user_id);
CREATE INDEX petitions_seal ON petitions (union_id, writer_seal);

-- Who handles it (承办人): one leading (主办), others assisting (协办).
-- Replaced on re-dispatch; the log keeps every dispatch.
CREATE TABLE petition_handlers (
    union_id      UUID NOT NULL,
    petition_id   UUID NOT NULL,
    user_id       UUID NOT NULL REFERENCES users (id),
    name          TEXT NOT NULL,
    leads         BOOLEAN NOT NULL,
    PRIMARY KEY (union_id, petition_id, user_id),
    FOREIGN KEY (union_id, petition_id) REFERENCES petitions (union_id, id)
);

-- Every step, append-only. actor is a name as shown ('来信人' for the
-- writer's own steps, so an anonymous writer stays anonymous here too).
CREATE TABLE petition_log (
    union_id      UUID NOT NULL,
    id            UUID NOT NULL,
    petition_id   UUID NOT NULL,
    round         BIGINT NOT NULL,
    action        TEXT NOT NULL,
    note          TEXT NOT NULL,
    actor         TEXT NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, petition_id) REFERENCES petitions (union_id, id)
);
CREATE INDEX petition_log_petition ON petition_log (union_id, petition_id, at);

-- ---------------------------------------------------------------------------
-- Labour-dispute mediation (劳动争议调解).

-- The committee: worker and employer members, chaired by a union member.
CREATE TABLE mediation_committee (
    union_id      UUID NOT NULL REFERENCES orgs (id),
    id            UUID NOT NULL,
    name          TEXT NOT NULL,
    -- 'worker' (职工代表) or 'employer' (企业代表).
    side          TEXT NOT NULL,
    chair         BOOLEAN NOT NULL,
    member_id     UUID,
    title         TEXT NOT NULL,
    appointed_on  DATE NOT NULL,
    left_on       DATE,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);

CREATE TABLE mediation_cases (
    union_id          UUID NOT NULL REFERENCES orgs (id),
    id                UUID NOT NULL,
    number            BIGINT NOT NULL,
    -- The type of dispute, for counts by type (劳动报酬, 社会保险, 劳动合同,
    -- 工伤, 休息休假, 其他).
    dispute_type      TEXT NOT NULL,
    respondent        TEXT NOT NULL,
    common_claim      BOOLEAN NOT NULL,
    facts             TEXT NOT NULL,
    claimed_fen       BIGINT NOT NULL,
    applied_on        DATE NOT NULL,
    acceptance_due    DATE NOT NULL,
    -- domain::rights::mediation::Status::as_str.
    status            TEXT NOT NULL,
    accepted_on       DATE,
    refused_reason    TEXT,
    extension_days    BIGINT NOT NULL,
    mediator_id       UUID,
    closed_on         DATE,
    outcome           TEXT,
    -- The agreement's terms (调解协议书), or the note of a withdrawal or
    -- referral.
    outcome_text      TEXT,
    agreed_fen        BIGINT,
    -- The petition it came from, if any.
    petition_id       UUID,
    created_by        TEXT NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, mediator_id) REFERENCES mediation_committee (union_id, id),
    FOREIGN KEY (union_id, petition_id) REFERENCES petitions (union_id, id)
);
CREATE UNIQUE INDEX mediation_cases_number ON mediation_cases (union_id, number);
CREATE INDEX mediation_cases_applied ON mediation_cases (union_id, applied_on);
CREATE INDEX mediation_cases_status ON mediation_cases (union_id, status);

CREATE TABLE mediation_applicants (
    union_id         UUID NOT NULL,
    case_id          UUID NOT NULL,
    seq              BIGINT NOT NULL,
    name             TEXT NOT NULL,
    representative   BOOLEAN NOT NULL,
    member_id        UUID,
    PRIMARY KEY (union_id, case_id, seq),
    FOREIGN KEY (union_id, case_id) REFERENCES mediation_cases (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);

CREATE TABLE mediation_claims (
    union_id      UUID NOT NULL,
    case_id       UUID NOT NULL,
    seq           BIGINT NOT NULL,
    item          TEXT NOT NULL,
    amount_fen    BIGINT,
    PRIMARY KEY (union_id, case_id, seq),
    FOREIGN KEY (union_id, case_id) REFERENCES mediation_cases (union_id, id)
);

-- Sessions with their minutes (调查笔录, 调解记录), append-only.
CREATE TABLE mediation_sessions (
    union_id      UUID NOT NULL,
    id            UUID NOT NULL,
    case_id       UUID NOT NULL,
    -- 'investigation' (调查笔录) or 'mediation' (调解记录).
    kind          TEXT NOT NULL,
    held_on       DATE NOT NULL,
    place         TEXT NOT NULL,
    attendees     TEXT NOT NULL,
    minutes       TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, case_id) REFERENCES mediation_cases (union_id, id)
);
CREATE INDEX mediation_sessions_case ON mediation_sessions (union_id, case_id, held_on);

CREATE TABLE mediation_log (
    union_id      UUID NOT NULL,
    id            UUID NOT NULL,
    case_id       UUID NOT NULL,
    action        TEXT NOT NULL,
    note          TEXT NOT NULL,
    actor         TEXT NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, case_id) REFERENCES mediation_cases (union_id, id)
);
CREATE INDEX mediation_log_case ON mediation_log (union_id, case_id, at);

-- ---------------------------------------------------------------------------
-- The employer register (企业名录). Its tenant is the org that keeps it
-- (usually a federation: 街道 / 区总工会); the union covering an employer
-- (its own, or a 联合工会 covering several) is named by covered_by_union_id,
-- an org id of any tenant, so it is no foreign key to a tenant table.
CREATE TABLE employers (
    union_id              UUID NOT NULL REFERENCES orgs (id),
    id                    UUID NOT NULL,
    -- 统一社会信用代码, normalised (domain::org::parse_credit_code).
    credit_code           TEXT NOT NULL,
    name                  TEXT NOT NULL,
    -- domain::rights::employer::Ownership::as_str.
    ownership             TEXT NOT NULL,
    staff                 BIGINT NOT NULL,
    women                 BIGINT NOT NULL,
    migrant_workers       BIGINT NOT NULL,
    covered_by_union_id   UUID REFERENCES orgs (id),
    created_by            TEXT NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id)
);
CREATE UNIQUE INDEX employers_credit_code ON employers (union_id, credit_code);
CREATE INDEX employers_covered ON employers (union_id, covered_by_union_id);

-- ---------------------------------------------------------------------------
-- Collective contracts (集体合同), wage agreements (工资专项集体协议) and
-- women-worker special contracts (女职工权益保护专项集体合同).
CREATE TABLE collective_contracts (
    union_id            UUID NOT NULL REFERENCES orgs (id),
    id                  UUID NOT NULL,
    -- domain::rights::contract::ContractKind::as_str.
    kind                TEXT NOT NULL,
    title               TEXT NOT NULL,
    -- The employer in a register (its register's org and id), if linked.
    employer_org_id     UUID,
    employer_id         UUID,
    employer_name       TEXT NOT NULL,
    -- The employer's staff when recorded: the ceiling of workers_covered.
    employer_staff      BIGINT,
    union_negotiator    TEXT NOT NULL,
    employer_negotiator TEXT NOT NULL,
    -- The congress ballot (democracy area) that approved the draft, or the
    -- counts typed from a paper vote.
    ballot_id           UUID,
    congress_delegates  BIGINT,
    congress_present    BIGINT,
    congress_in_favour  BIGINT,
    signed_on           DATE,
    term_months         BIGINT NOT NULL,
    workers_covered     BIGINT NOT NULL,
    -- Wage agreements: last year's average wage and this year's adjustment
    -- in basis points (350 = 3.5%).
    average_wage_fen    BIGINT,
    adjustment_bp       BIGINT,
    filed_on            DATE,
    -- 'pending', 'no_objection' or 'objection' (domain::rights::contract::Review).
    review              TEXT NOT NULL,
    reviewed_on         DATE,
    review_opinion      TEXT,
    published_on        DATE,
    -- The disclosure board item that published it to staff.
    disclosure_id       UUID,
    -- The contract this one renews.
    renews_id           UUID,
    created_by          TEXT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, renews_id) REFERENCES collective_contracts (union_id, id)
);
CREATE INDEX collective_contracts_signed ON collective_contracts (union_id, kind, signed_on);
CREATE INDEX collective_contracts_employer ON collective_contracts (union_id, employer_org_id, employer_id);

-- The negotiation record (协商记录): rounds with their minutes, append-only.
CREATE TABLE contract_negotiations (
    union_id      UUID NOT NULL,
    id            UUID NOT NULL,
    contract_id   UUID NOT NULL,
    held_on       DATE NOT NULL,
    summary       TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, contract_id) REFERENCES collective_contracts (union_id, id)
);
CREATE INDEX contract_negotiations_contract ON contract_negotiations (union_id, contract_id, held_on);

-- ---------------------------------------------------------------------------
-- Labour-protection inspections (劳动保护监督).
CREATE TABLE safety_inspections (
    union_id        UUID NOT NULL REFERENCES orgs (id),
    id              UUID NOT NULL,
    inspected_on    DATE NOT NULL,
    -- Where, what (车间, 项目, or an employer's name).
    scope           TEXT NOT NULL,
    inspectors      TEXT NOT NULL,
    -- The checklist as used, with each item's result: JSON.
    checklist       TEXT NOT NULL,
    note            TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id)
);
CREATE INDEX safety_inspections_on ON safety_inspections (union_id, inspected_on);

-- Hazards found, each with its rectification notice and deadline.
CREATE TABLE safety_findings (
    union_id        UUID NOT NULL,
    id              UUID NOT NULL,
    inspection_id   UUID NOT NULL,
    -- The notice number (整改通知书 第N号) within the union.
    number          BIGINT NOT NULL,
    item_code       TEXT NOT NULL,
    description     TEXT NOT NULL,
    -- domain::rights::inspection::Severity::as_str / FindingStatus::as_str.
    severity        TEXT NOT NULL,
    deadline        DATE NOT NULL,
    status          TEXT NOT NULL,
    closed_on       DATE,
    closing_note    TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, inspection_id) REFERENCES safety_inspections (union_id, id)
);
CREATE UNIQUE INDEX safety_findings_number ON safety_findings (union_id, number);
CREATE INDEX safety_findings_open ON safety_findings (union_id, status, deadline);
CREATE INDEX safety_findings_inspection ON safety_findings (union_id, inspection_id);

-- Follow-up visits (复查), append-only.
CREATE TABLE safety_followups (
    union_id      UUID NOT NULL,
    id            UUID NOT NULL,
    finding_id    UUID NOT NULL,
    checked_on    DATE NOT NULL,
    note          TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, finding_id) REFERENCES safety_findings (union_id, id)
);
CREATE INDEX safety_followups_finding ON safety_followups (union_id, finding_id, checked_on);

-- Logs and minutes are append-only: a correction is a new entry.
CREATE FUNCTION rights_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER petition_log_append_only BEFORE UPDATE OR DELETE ON petition_log
    FOR EACH ROW EXECUTE FUNCTION rights_append_only();
CREATE TRIGGER mediation_sessions_append_only BEFORE UPDATE OR DELETE ON mediation_sessions
    FOR EACH ROW EXECUTE FUNCTION rights_append_only();
CREATE TRIGGER mediation_log_append_only BEFORE UPDATE OR DELETE ON mediation_log
    FOR EACH ROW EXECUTE FUNCTION rights_append_only();
CREATE TRIGGER contract_negotiations_append_only BEFORE UPDATE OR DELETE ON contract_negotiations
    FOR EACH ROW EXECUTE FUNCTION rights_append_only();
CREATE TRIGGER safety_followups_append_only BEFORE UPDATE OR DELETE ON safety_followups
    FOR EACH ROW EXECUTE FUNCTION rights_append_only();
