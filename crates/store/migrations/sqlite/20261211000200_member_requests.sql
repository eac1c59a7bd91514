-- What members ask for themselves (issue 19): applications with progress
-- (hardship, mutual-aid claim, condolence, transfer), their documents, the
-- progress log, and correction requests on the member's record. Tenant
-- tables keyed by union_id first; the rules are in domain::me::application.

-- An application. `details` holds what the member gave that is not
-- sensitive (JSON); household, income and health of a hardship application
-- are in `sealed`, encrypted as care files are. `target_kind`/`target_id`
-- name the record it became: care_file | care_claim | care_event | transfer.
CREATE TABLE member_applications (
    union_id        BLOB NOT NULL,
    id              BLOB NOT NULL,
    member_id       BLOB NOT NULL,
    user_id         BLOB NOT NULL,
    -- hardship | claim | condolence | transfer.
    kind            TEXT NOT NULL,
    -- submitted | in_progress | approved | rejected | withdrawn.
    status          TEXT NOT NULL,
    details         TEXT NOT NULL,
    sealed          BLOB,
    target_kind     TEXT,
    target_id       BLOB,
    decision_note   TEXT,
    decided_by      TEXT,
    decided_at      TEXT,
    -- The day officers should have handled it by (working days).
    due_on          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE INDEX member_applications_member ON member_applications (union_id, member_id, created_at);
CREATE INDEX member_applications_queue ON member_applications (union_id, status, created_at);
CREATE INDEX member_applications_target ON member_applications (union_id, target_id);

-- Documents of an application: images or PDFs, at most 10 MB, the type
-- read from the bytes.
CREATE TABLE member_application_files (
    union_id        BLOB NOT NULL,
    id              BLOB NOT NULL,
    application_id  BLOB NOT NULL,
    file_name       TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size            BIGINT NOT NULL,
    sha256          TEXT NOT NULL,
    content         BLOB NOT NULL,
    uploaded_by     TEXT NOT NULL,
    uploaded_at     TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, application_id) REFERENCES member_applications (union_id, id)
);
CREATE INDEX member_application_files_owner ON member_application_files (union_id, application_id);

-- The progress of an application, step by step.
CREATE TABLE member_application_log (
    union_id        BLOB NOT NULL,
    id              BLOB NOT NULL,
    application_id  BLOB NOT NULL,
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    status          TEXT NOT NULL,
    note            TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, application_id) REFERENCES member_applications (union_id, id)
);
CREATE INDEX member_application_log_owner ON member_application_log (union_id, application_id, at);

-- A member asks for a field of their record to be corrected (PIPL §46);
-- an officer makes the change on the record and notes what changed, or
-- refuses with a reason.
CREATE TABLE correction_requests (
    union_id        BLOB NOT NULL,
    id              BLOB NOT NULL,
    member_id       BLOB NOT NULL,
    user_id         BLOB NOT NULL,
    -- domain::me::application::Field::as_str.
    field           TEXT NOT NULL,
    value           TEXT NOT NULL,
    reason          TEXT NOT NULL,
    -- open | done | rejected.
    status          TEXT NOT NULL,
    decision_note   TEXT,
    decided_by      TEXT,
    decided_at      TEXT,
    due_on          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE INDEX correction_requests_member ON correction_requests (union_id, member_id, created_at);
CREATE INDEX correction_requests_queue ON correction_requests (union_id, status, created_at);

-- Documents and the progress log are append-only.
CREATE TRIGGER member_application_files_no_update BEFORE UPDATE ON member_application_files BEGIN SELECT RAISE(ABORT, 'member_application_files is append-only'); END;
CREATE TRIGGER member_application_files_no_delete BEFORE DELETE ON member_application_files BEGIN SELECT RAISE(ABORT, 'member_application_files is append-only'); END;
CREATE TRIGGER member_application_log_no_update BEFORE UPDATE ON member_application_log BEGIN SELECT RAISE(ABORT, 'member_application_log is append-only'); END;
CREATE TRIGGER member_application_log_no_delete BEFORE DELETE ON member_application_log BEGIN SELECT RAISE(ABORT, 'member_application_log is append-only'); END;

-- The member's access log (who viewed their ID number, health and income)
-- reads the entries about one record in the union's chain.
CREATE INDEX audit_log_target ON audit_log (union_id, target);
