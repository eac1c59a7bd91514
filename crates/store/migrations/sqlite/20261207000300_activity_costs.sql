-- Activity costs (issue 16 item 4): the cost plan (预算) checked against the
-- union's spending policy before approval, the payment posted as a voucher,
-- photos and the short report afterwards.

-- One plan per activity. Editing it after approval takes the approval back;
-- after payment it is closed.
CREATE TABLE activity_cost_plans (
    union_id             BLOB NOT NULL,
    activity_id          BLOB NOT NULL,
    per_head_fen         BIGINT NOT NULL,
    total_fen            BIGINT NOT NULL,
    -- Uniforms (文体服装) bought for the activity, per person, if any.
    uniform_per_head_fen BIGINT,
    -- The expenditure account (预算科目) paid from, e.g. 510102 文体活动费.
    budget_line          TEXT NOT NULL,
    -- For an outing: where to, and whether that lies in the province.
    destination          TEXT NOT NULL,
    in_province          BOOLEAN NOT NULL,
    -- The rules the check named, one per line (shown beside the plan).
    rules                TEXT NOT NULL,
    -- A policy exception (where the policy allows one): the rule broken,
    -- why, and the approving account (not the one entering the plan).
    exception_rule       TEXT,
    exception_reason     TEXT,
    exception_approver_id BLOB,
    exception_approver   TEXT,
    -- 'draft' or 'approved'.
    status               TEXT NOT NULL,
    approved_by_id       BLOB,
    approved_by          TEXT,
    approved_at          TEXT,
    updated_by_id        BLOB NOT NULL,
    updated_by           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    PRIMARY KEY (union_id, activity_id),
    FOREIGN KEY (union_id, activity_id) REFERENCES activities (union_id, id)
);

-- The payment: at most one per activity (the key refuses a second), with
-- the voucher it posted on 职工活动支出.
CREATE TABLE activity_payments (
    union_id     BLOB NOT NULL,
    activity_id  BLOB NOT NULL,
    amount_fen   BIGINT NOT NULL,
    account      TEXT NOT NULL,
    pay_date     TEXT NOT NULL,
    -- 'bank' or 'cash'.
    form         TEXT NOT NULL,
    voucher_id   BLOB NOT NULL,
    approver     TEXT NOT NULL,
    paid_by      TEXT NOT NULL,
    paid_at      TEXT NOT NULL,
    PRIMARY KEY (union_id, activity_id),
    FOREIGN KEY (union_id, activity_id) REFERENCES activities (union_id, id),
    FOREIGN KEY (union_id, voucher_id) REFERENCES fin_vouchers (union_id, id)
);

-- Photos of the activity: images only, checked by their bytes.
CREATE TABLE activity_photos (
    union_id     BLOB NOT NULL,
    id           BLOB NOT NULL,
    activity_id  BLOB NOT NULL,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    uploaded_by  TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, activity_id) REFERENCES activities (union_id, id)
);
CREATE INDEX activity_photos_activity ON activity_photos (union_id, activity_id, uploaded_at);

-- The short report afterwards (活动总结): rewritten in place, who and when kept.
CREATE TABLE activity_reports (
    union_id     BLOB NOT NULL,
    activity_id  BLOB NOT NULL,
    body         TEXT NOT NULL,
    written_by   TEXT NOT NULL,
    written_at   TEXT NOT NULL,
    PRIMARY KEY (union_id, activity_id),
    FOREIGN KEY (union_id, activity_id) REFERENCES activities (union_id, id)
);
