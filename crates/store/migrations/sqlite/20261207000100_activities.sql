-- Activities (文体活动, 疗休养, 志愿服务, 讲座 …, DOMAIN.md §9, issue 16):
-- the activity with its audience, places and sign-up window; the sign-ups
-- with the waiting list; the check-ins at the door.

CREATE TABLE activities (
    union_id          BLOB NOT NULL REFERENCES orgs (id),
    id                BLOB NOT NULL,
    kind              TEXT NOT NULL,
    title             TEXT NOT NULL,
    place             TEXT NOT NULL,
    description       TEXT NOT NULL,
    -- The 工会小组 organising it; NULL: the union itself.
    organiser_group_id BLOB,
    starts_at         TEXT NOT NULL,
    ends_at           TEXT NOT NULL,
    -- domain::activity::Audience as JSON: {"scope": …, "group_ids": […], "with_family": …}.
    audience          TEXT NOT NULL,
    places            BIGINT NOT NULL,
    signup_opens_at   TEXT NOT NULL,
    signup_closes_at  TEXT NOT NULL,
    cancel_until      TEXT NOT NULL,
    -- An officer approves each sign-up (default: no).
    needs_approval    BOOLEAN NOT NULL,
    -- The QR check-in code (32 hex characters, random).
    checkin_code      TEXT NOT NULL,
    -- 'open' or 'cancelled' (the whole activity called off).
    status            TEXT NOT NULL,
    -- Counters kept on the row that every sign-up locks, so that a sign-up
    -- reads one row rather than the whole list: places taken, people
    -- waiting, and the last arrival number given.
    confirmed_count   BIGINT NOT NULL,
    waiting_count     BIGINT NOT NULL,
    last_seq          BIGINT NOT NULL,
    created_by        TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    PRIMARY KEY (union_id, id)
);
CREATE INDEX activities_union_starts ON activities (union_id, starts_at);

-- One row per member per activity; a member who cancels and signs up again
-- reuses the row with a new arrival number.
CREATE TABLE activity_signups (
    union_id          BLOB NOT NULL,
    activity_id       BLOB NOT NULL,
    member_id         BLOB NOT NULL,
    -- 'confirmed', 'waiting' or 'cancelled'.
    status            TEXT NOT NULL,
    -- Arrival order within the activity (1, 2, 3 …, never reused): the
    -- waiting list is ordered by it.
    seq               BIGINT NOT NULL,
    signed_up_at      TEXT NOT NULL,
    -- Who pressed the button: the member, or the officer who signed them up.
    signed_up_by      TEXT NOT NULL,
    cancelled_at      TEXT,
    -- When a cancellation moved this member up from the waiting list.
    promoted_at       TEXT,
    PRIMARY KEY (union_id, activity_id, member_id),
    FOREIGN KEY (union_id, activity_id) REFERENCES activities (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE INDEX activity_signups_seq ON activity_signups (union_id, activity_id, status, seq);
CREATE INDEX activity_signups_member ON activity_signups (union_id, member_id);

-- Who came: by the QR code, or ticked by an officer; walk-ins (no confirmed
-- place) recorded as such. One row per member per activity.
CREATE TABLE activity_checkins (
    union_id          BLOB NOT NULL,
    activity_id       BLOB NOT NULL,
    member_id         BLOB NOT NULL,
    -- 'code' or 'officer'.
    method            TEXT NOT NULL,
    walk_in           BOOLEAN NOT NULL,
    at                TEXT NOT NULL,
    by_name           TEXT NOT NULL,
    PRIMARY KEY (union_id, activity_id, member_id),
    FOREIGN KEY (union_id, activity_id) REFERENCES activities (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
-- Participation reads a union's check-ins of a year by member.
CREATE INDEX activity_checkins_member ON activity_checkins (union_id, member_id, at);
