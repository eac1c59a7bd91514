-- Competitions (劳动竞赛, 技能比武, 岗位练兵, 安康杯; DOMAIN.md §9, issue 16):
-- the contest with its scoring rules, its rounds, entrants (members or teams
-- of members), judges (the union's user accounts), the judges' score sheets
-- and the prizes.

CREATE TABLE contests (
    union_id      UUID NOT NULL REFERENCES orgs (id),
    id            UUID NOT NULL,
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    -- 竞赛规则 as the officer wrote it.
    rules         TEXT NOT NULL,
    starts_on     DATE NOT NULL,
    ends_on       DATE NOT NULL,
    -- domain::activity::Criterion list as JSON; every round scores by it.
    criteria      TEXT NOT NULL,
    -- 去掉一个最高分和一个最低分.
    trimmed_mean  BOOLEAN NOT NULL,
    -- The disclosure item of the published result, once published.
    published_at  TIMESTAMPTZ,
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id)
);
CREATE INDEX contests_union_starts ON contests (union_id, starts_on);

-- 初赛, 复赛, 决赛 …: numbered within the contest; 'open' until closed.
CREATE TABLE contest_rounds (
    union_id      UUID NOT NULL,
    contest_id    UUID NOT NULL,
    id            UUID NOT NULL,
    seq           BIGINT NOT NULL,
    name          TEXT NOT NULL,
    status        TEXT NOT NULL,
    closed_at     TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    UNIQUE (union_id, contest_id, seq),
    FOREIGN KEY (union_id, contest_id) REFERENCES contests (union_id, id)
);

-- An individual (member_id set, name the member's at entry) or a team
-- (member_id NULL, name the team's; its people in contest_team_members).
CREATE TABLE contest_entrants (
    union_id      UUID NOT NULL,
    contest_id    UUID NOT NULL,
    id            UUID NOT NULL,
    member_id     UUID,
    name          TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    UNIQUE (union_id, contest_id, member_id),
    FOREIGN KEY (union_id, contest_id) REFERENCES contests (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);
CREATE INDEX contest_entrants_contest ON contest_entrants (union_id, contest_id);

CREATE TABLE contest_team_members (
    union_id      UUID NOT NULL,
    entrant_id    UUID NOT NULL,
    member_id     UUID NOT NULL,
    name          TEXT NOT NULL,
    PRIMARY KEY (union_id, entrant_id, member_id),
    FOREIGN KEY (union_id, entrant_id) REFERENCES contest_entrants (union_id, id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
);

-- Judges are user accounts of the union (officers, or members with a
-- login): a sheet is entered by whoever is signed in, so the account is
-- the judge. The name is the account's display name when added.
CREATE TABLE contest_judges (
    union_id      UUID NOT NULL,
    contest_id    UUID NOT NULL,
    user_id       UUID NOT NULL REFERENCES users (id),
    name          TEXT NOT NULL,
    added_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, contest_id, user_id),
    FOREIGN KEY (union_id, contest_id) REFERENCES contests (union_id, id)
);

-- One row per sheet (judge × entrant × round), the criterion scores as a
-- JSON object {key: hundredths}. Append-only: the primary key refuses a
-- second sheet, and nothing updates or deletes one.
CREATE TABLE contest_sheets (
    union_id      UUID NOT NULL,
    contest_id    UUID NOT NULL,
    round_id      UUID NOT NULL,
    judge_id      UUID NOT NULL,
    entrant_id    UUID NOT NULL,
    scores        TEXT NOT NULL,
    submitted_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, round_id, judge_id, entrant_id),
    FOREIGN KEY (union_id, round_id) REFERENCES contest_rounds (union_id, id),
    FOREIGN KEY (union_id, contest_id, judge_id) REFERENCES contest_judges (union_id, contest_id, user_id),
    FOREIGN KEY (union_id, entrant_id) REFERENCES contest_entrants (union_id, id)
);

-- The prizes of the contest (一等奖 …): one per entrant, the amount per
-- person (each member of a team receives it). Replaced as a whole until
-- the result is published.
CREATE TABLE contest_prizes (
    union_id      UUID NOT NULL,
    contest_id    UUID NOT NULL,
    entrant_id    UUID NOT NULL,
    title         TEXT NOT NULL,
    amount_fen    BIGINT NOT NULL,
    form          TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, contest_id, entrant_id),
    FOREIGN KEY (union_id, contest_id) REFERENCES contests (union_id, id),
    FOREIGN KEY (union_id, entrant_id) REFERENCES contest_entrants (union_id, id)
);
