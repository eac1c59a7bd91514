-- Notifications (issue 19, item 4): the member's inbox in gonghui, and the
-- outbox of deliveries beyond it (email through SMTP, the union's webhook
-- for its SMS gateway or WeChat service account), retried with backoff
-- (domain::me::notify) and never deleted: a sender that is down leaves its
-- rows queued with the error, for the administrator to see.

-- ---------------------------------------------------------------------------
-- The inbox: one row per person told. A tenant table (the union whose news
-- it is); a person's inbox spans the unions that told them, so it is read
-- by user_id (a non-unique index, which a distributed engine allows).
CREATE TABLE notifications (
    union_id    UUID NOT NULL REFERENCES orgs (id),
    id          UUID NOT NULL,
    user_id     UUID NOT NULL REFERENCES users (id),
    -- domain::me::notify::Kind::as_str.
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    -- The page where the matter is (a path such as /ballots/{id}).
    link        TEXT NOT NULL,
    -- Set for news told once per period (dues overdue: dues:2026-12):
    -- the same key is not told the same person twice.
    once_key    TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    read_at     TIMESTAMPTZ,
    PRIMARY KEY (union_id, id)
);
-- A person's unread first, newest first; the unread count.
CREATE INDEX notifications_inbox ON notifications (user_id, read_at, created_at);
CREATE UNIQUE INDEX notifications_once ON notifications (union_id, user_id, once_key);

-- ---------------------------------------------------------------------------
-- The outbox: one row per delivery of a notification on one channel.
CREATE TABLE outbox (
    union_id         UUID NOT NULL REFERENCES orgs (id),
    id               UUID NOT NULL,
    notification_id  UUID NOT NULL,
    user_id          UUID NOT NULL REFERENCES users (id),
    -- domain::me::notify::Channel::as_str: email | webhook.
    channel          TEXT NOT NULL,
    -- The email address, or the address the member chose on the webhook.
    address          TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    -- domain::me::notify::Status::as_str: queued | sent | failed.
    status           TEXT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    -- While a drain sends it: no other drain takes it before this time.
    claimed_until    TIMESTAMPTZ,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    sent_at          TIMESTAMPTZ,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, notification_id) REFERENCES notifications (union_id, id)
);
-- The drain's scan for what is due, across unions.
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
-- The administrator's list of one union's outbox.
CREATE INDEX outbox_union ON outbox (union_id, status, created_at);
-- The administrator's retry names a delivery by id alone.
CREATE INDEX outbox_id ON outbox (id);

-- ---------------------------------------------------------------------------
-- A person's channels (a reference table keyed by the account: a person
-- may belong to no union, or be told by several).
CREATE TABLE notify_prefs (
    user_id          UUID PRIMARY KEY REFERENCES users (id),
    email            TEXT,
    email_on         BOOLEAN NOT NULL DEFAULT FALSE,
    -- The address on the union's webhook: a mobile number for the SMS
    -- gateway, an openid for the WeChat service account.
    webhook_address  TEXT,
    webhook_on       BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at       TIMESTAMPTZ NOT NULL
);

-- ---------------------------------------------------------------------------
-- A union's webhook: where its SMS gateway or WeChat service account takes
-- notifications (JSON POST), signed with the secret (HMAC-SHA256 header).
CREATE TABLE notify_settings (
    union_id        UUID NOT NULL REFERENCES orgs (id),
    -- sms | wechat: what the webhook is, for the officers' page.
    webhook_kind    TEXT NOT NULL,
    webhook_url     TEXT,
    webhook_secret  TEXT,
    enabled         BOOLEAN NOT NULL DEFAULT FALSE,
    updated_by      TEXT NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id)
);
