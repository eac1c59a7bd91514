-- Finance (DOMAIN.md §4–§6): vouchers and their lines (the ledger), month
-- close, dues bills and payments, union funds, budgets, welfare payments
-- checked by the spending rules, disclosure statements and audit findings.
-- Money is BIGINT fen. Posted vouchers, payments and welfare records are
-- append-only (triggers below); a correction is a new, reversing voucher.

-- The union's finance settings and the head of its voucher hash chain.
CREATE TABLE fin_settings (
    union_id       BLOB NOT NULL REFERENCES orgs (id) PRIMARY KEY,
    three_person   BOOLEAN NOT NULL DEFAULT FALSE,
    policy_key     TEXT NOT NULL DEFAULT 'custom',
    -- The union's own policy (preset "custom"), as the JSON of the preset file.
    policy_json    TEXT,
    keep_permille  BIGINT NOT NULL DEFAULT 600,
    fund_flow      TEXT NOT NULL DEFAULT 'direct',
    chain_seq      BIGINT NOT NULL DEFAULT 0,
    chain_hash     TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
    updated_at     TEXT NOT NULL
);

-- Sub-accounts a union adds to the shipped chart (domain/data/accounts.csv).
CREATE TABLE fin_accounts (
    union_id   BLOB NOT NULL REFERENCES orgs (id),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (union_id, code)
);

CREATE TABLE fin_vouchers (
    union_id      BLOB NOT NULL REFERENCES orgs (id),
    id            BLOB NOT NULL,
    period        TEXT NOT NULL,
    -- Numbered per union and month when posted, so posted numbers have no gaps.
    number        BIGINT,
    date          TEXT NOT NULL,
    summary       TEXT NOT NULL,
    attachments   BIGINT NOT NULL DEFAULT 0,
    -- draft | reviewed | posted
    status        TEXT NOT NULL,
    -- manual | reversal | dues | fund | welfare
    kind          TEXT NOT NULL,
    -- What generated it (e.g. dues:2026-11), so a batch never posts twice.
    source        TEXT,
    total_fen     BIGINT NOT NULL,
    maker_id      BLOB NOT NULL,
    maker_name    TEXT NOT NULL,
    made_at       TEXT NOT NULL,
    reviewer_id   BLOB,
    reviewer_name TEXT,
    reviewed_at   TEXT,
    poster_id     BLOB,
    poster_name   TEXT,
    posted_at     TEXT,
    reverses      BLOB,
    seq           BIGINT,
    prev_hash     TEXT,
    hash          TEXT,
    PRIMARY KEY (union_id, id)
);
CREATE UNIQUE INDEX fin_vouchers_number ON fin_vouchers (union_id, period, number) WHERE number IS NOT NULL;
CREATE UNIQUE INDEX fin_vouchers_seq ON fin_vouchers (union_id, seq) WHERE seq IS NOT NULL;
CREATE UNIQUE INDEX fin_vouchers_source ON fin_vouchers (union_id, source) WHERE source IS NOT NULL;
CREATE UNIQUE INDEX fin_vouchers_reverses ON fin_vouchers (union_id, reverses) WHERE reverses IS NOT NULL;
CREATE INDEX fin_vouchers_list ON fin_vouchers (union_id, period, status);

CREATE TABLE fin_lines (
    union_id   BLOB NOT NULL,
    voucher_id BLOB NOT NULL,
    line_no    BIGINT NOT NULL,
    period     TEXT NOT NULL,
    account    TEXT NOT NULL,
    summary    TEXT NOT NULL,
    debit_fen  BIGINT NOT NULL,
    credit_fen BIGINT NOT NULL,
    PRIMARY KEY (union_id, voucher_id, line_no),
    FOREIGN KEY (union_id, voucher_id) REFERENCES fin_vouchers (union_id, id)
);
CREATE INDEX fin_lines_period ON fin_lines (union_id, period, account);

CREATE TABLE fin_attachments (
    union_id     BLOB NOT NULL,
    id           BLOB NOT NULL,
    voucher_id   BLOB NOT NULL,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    uploaded_by  TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, voucher_id) REFERENCES fin_vouchers (union_id, id)
);
CREATE INDEX fin_attachments_voucher ON fin_attachments (union_id, voucher_id);

CREATE TABLE fin_periods (
    union_id  BLOB NOT NULL REFERENCES orgs (id),
    period    TEXT NOT NULL,
    closed    BOOLEAN NOT NULL,
    closed_at TEXT,
    closed_by TEXT,
    PRIMARY KEY (union_id, period)
);

-- Every close and reopen, with the reason (the auditor reviews reopens).
CREATE TABLE fin_period_events (
    union_id   BLOB NOT NULL REFERENCES orgs (id),
    id         BLOB NOT NULL,
    period     TEXT NOT NULL,
    action     TEXT NOT NULL,
    reason     TEXT,
    actor_name TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (union_id, id)
);

CREATE TABLE fin_dues_bills (
    union_id   BLOB NOT NULL REFERENCES orgs (id),
    month      TEXT NOT NULL,
    member_id  BLOB NOT NULL,
    base_fen   BIGINT NOT NULL,
    amount_fen BIGINT NOT NULL,
    PRIMARY KEY (union_id, month, member_id)
);
CREATE INDEX fin_dues_bills_member ON fin_dues_bills (union_id, member_id, month);

-- One payment per bill: the key refuses a second.
CREATE TABLE fin_dues_payments (
    union_id   BLOB NOT NULL,
    month      TEXT NOT NULL,
    member_id  BLOB NOT NULL,
    amount_fen BIGINT NOT NULL,
    -- payroll | cash | transfer
    method     TEXT NOT NULL,
    voucher_id BLOB NOT NULL,
    paid_at    TEXT NOT NULL,
    PRIMARY KEY (union_id, month, member_id),
    FOREIGN KEY (union_id, month, member_id) REFERENCES fin_dues_bills (union_id, month, member_id)
);

CREATE TABLE fin_fund_months (
    union_id      BLOB NOT NULL REFERENCES orgs (id),
    month         TEXT NOT NULL,
    payroll_fen   BIGINT NOT NULL,
    due_fen       BIGINT NOT NULL,
    keep_fen      BIGINT NOT NULL,
    up_fen        BIGINT NOT NULL,
    keep_permille BIGINT NOT NULL,
    flow          TEXT NOT NULL,
    declared_by   TEXT NOT NULL,
    declared_at   TEXT NOT NULL,
    PRIMARY KEY (union_id, month)
);

-- Money that moved for a month's funds:
-- employer_paid (direct flow: the 2 % reaches the union),
-- remitted_up (the union pays the upper share),
-- refund_received (tax flow: the upper union refunds the kept share).
CREATE TABLE fin_fund_receipts (
    union_id   BLOB NOT NULL,
    id         BLOB NOT NULL,
    month      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    date       TEXT NOT NULL,
    voucher_id BLOB NOT NULL,
    actor_name TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, month) REFERENCES fin_fund_months (union_id, month)
);
CREATE INDEX fin_fund_receipts_month ON fin_fund_receipts (union_id, month);

CREATE TABLE fin_budget_lines (
    union_id   BLOB NOT NULL REFERENCES orgs (id),
    year       BIGINT NOT NULL,
    account    TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (union_id, year, account)
);

-- Spending past a budget line, with the reason and who approved it.
CREATE TABLE fin_budget_overrides (
    union_id   BLOB NOT NULL,
    id         BLOB NOT NULL,
    voucher_id BLOB NOT NULL,
    year       BIGINT NOT NULL,
    account    TEXT NOT NULL,
    budget_fen BIGINT NOT NULL,
    actual_fen BIGINT NOT NULL,
    reason     TEXT NOT NULL,
    approver   TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, voucher_id) REFERENCES fin_vouchers (union_id, id)
);

-- Every welfare payment or gift, checked against the policy before it was
-- recorded; the per-person yearly caps sum these rows.
CREATE TABLE fin_welfare (
    union_id     BLOB NOT NULL,
    id           BLOB NOT NULL,
    member_id    BLOB NOT NULL,
    year         BIGINT NOT NULL,
    item         TEXT NOT NULL,
    holiday      TEXT,
    form         TEXT NOT NULL,
    amount_fen   BIGINT NOT NULL,
    date         TEXT NOT NULL,
    account      TEXT NOT NULL,
    voucher_id   BLOB NOT NULL,
    exception_id BLOB,
    idem_key     TEXT,
    actor_name   TEXT NOT NULL,
    at           TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE INDEX fin_welfare_member ON fin_welfare (union_id, member_id, year);
CREATE UNIQUE INDEX fin_welfare_idem ON fin_welfare (union_id, idem_key) WHERE idem_key IS NOT NULL;

CREATE TABLE fin_policy_exceptions (
    union_id   BLOB NOT NULL,
    id         BLOB NOT NULL,
    member_id  BLOB NOT NULL,
    item       TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    rule       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    approver   TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (union_id, id)
);

-- The monthly finance statement for members, a snapshot of the ledger when
-- the chair published it.
CREATE TABLE fin_statements (
    union_id       BLOB NOT NULL REFERENCES orgs (id),
    period         TEXT NOT NULL,
    content        TEXT NOT NULL,
    published_by   TEXT NOT NULL,
    published_at   TEXT NOT NULL,
    PRIMARY KEY (union_id, period)
);

-- The funds review committee's (经审) findings and their rectification.
CREATE TABLE fin_findings (
    union_id      BLOB NOT NULL REFERENCES orgs (id),
    id            BLOB NOT NULL,
    title         TEXT NOT NULL,
    detail        TEXT NOT NULL,
    deadline      TEXT,
    -- open | rectifying | closed
    status        TEXT NOT NULL,
    rectification TEXT,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (union_id, id)
);

-- Append-only: a posted voucher and its lines, payments, welfare records.
CREATE TRIGGER fin_vouchers_posted_no_update BEFORE UPDATE ON fin_vouchers WHEN OLD.status = 'posted'
BEGIN SELECT RAISE(ABORT, 'posted vouchers are append-only'); END;
CREATE TRIGGER fin_vouchers_posted_no_delete BEFORE DELETE ON fin_vouchers WHEN OLD.status = 'posted'
BEGIN SELECT RAISE(ABORT, 'posted vouchers are append-only'); END;
CREATE TRIGGER fin_lines_posted_no_update BEFORE UPDATE ON fin_lines
WHEN (SELECT status FROM fin_vouchers WHERE union_id = OLD.union_id AND id = OLD.voucher_id) = 'posted'
BEGIN SELECT RAISE(ABORT, 'posted vouchers are append-only'); END;
CREATE TRIGGER fin_lines_posted_no_delete BEFORE DELETE ON fin_lines
WHEN (SELECT status FROM fin_vouchers WHERE union_id = OLD.union_id AND id = OLD.voucher_id) = 'posted'
BEGIN SELECT RAISE(ABORT, 'posted vouchers are append-only'); END;
CREATE TRIGGER fin_dues_payments_no_update BEFORE UPDATE ON fin_dues_payments BEGIN SELECT RAISE(ABORT, 'fin_dues_payments is append-only'); END;
CREATE TRIGGER fin_dues_payments_no_delete BEFORE DELETE ON fin_dues_payments BEGIN SELECT RAISE(ABORT, 'fin_dues_payments is append-only'); END;
CREATE TRIGGER fin_fund_receipts_no_update BEFORE UPDATE ON fin_fund_receipts BEGIN SELECT RAISE(ABORT, 'fin_fund_receipts is append-only'); END;
CREATE TRIGGER fin_fund_receipts_no_delete BEFORE DELETE ON fin_fund_receipts BEGIN SELECT RAISE(ABORT, 'fin_fund_receipts is append-only'); END;
CREATE TRIGGER fin_welfare_no_update BEFORE UPDATE ON fin_welfare BEGIN SELECT RAISE(ABORT, 'fin_welfare is append-only'); END;
CREATE TRIGGER fin_welfare_no_delete BEFORE DELETE ON fin_welfare BEGIN SELECT RAISE(ABORT, 'fin_welfare is append-only'); END;
CREATE TRIGGER fin_policy_exceptions_no_update BEFORE UPDATE ON fin_policy_exceptions BEGIN SELECT RAISE(ABORT, 'fin_policy_exceptions is append-only'); END;
CREATE TRIGGER fin_policy_exceptions_no_delete BEFORE DELETE ON fin_policy_exceptions BEGIN SELECT RAISE(ABORT, 'fin_policy_exceptions is append-only'); END;
CREATE TRIGGER fin_period_events_no_update BEFORE UPDATE ON fin_period_events BEGIN SELECT RAISE(ABORT, 'fin_period_events is append-only'); END;
CREATE TRIGGER fin_period_events_no_delete BEFORE DELETE ON fin_period_events BEGIN SELECT RAISE(ABORT, 'fin_period_events is append-only'); END;
CREATE TRIGGER fin_budget_overrides_no_update BEFORE UPDATE ON fin_budget_overrides BEGIN SELECT RAISE(ABORT, 'fin_budget_overrides is append-only'); END;
CREATE TRIGGER fin_budget_overrides_no_delete BEFORE DELETE ON fin_budget_overrides BEGIN SELECT RAISE(ABORT, 'fin_budget_overrides is append-only'); END;
