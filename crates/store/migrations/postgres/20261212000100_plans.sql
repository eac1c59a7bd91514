-- Work plans (issue 20, DOMAIN.md §11): a plan of an org (a union, or a
-- federation for its subtree) for a year or half-year, its sections, tasks
-- and targets read from its text. Tenant tables keyed by union_id first:
-- the owning org, as the employer register is. Metrics are computed from
-- the records on demand and never stored; a manual target's typed progress
-- is kept, append-only, in plan_target_entries.

CREATE TABLE work_plans (
    union_id        UUID NOT NULL REFERENCES orgs (id),
    id              UUID NOT NULL,
    title           TEXT NOT NULL,
    year            INTEGER NOT NULL,
    -- NULL for the whole year, 1 or 2 for a half-year.
    half            INTEGER,
    period_from     DATE NOT NULL,
    period_to       DATE NOT NULL,
    -- The plan's text as pasted (at most domain::plan::extract::MAX_CHARS).
    body            TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id)
);
CREATE INDEX work_plans_year ON work_plans (union_id, year);

-- The plan's sections (一、组织建设 …), in the order of its text.
CREATE TABLE plan_sections (
    union_id        UUID NOT NULL REFERENCES orgs (id),
    id              UUID NOT NULL,
    plan_id         UUID NOT NULL,
    position        INTEGER NOT NULL,
    title           TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, plan_id) REFERENCES work_plans (union_id, id)
);
CREATE INDEX plan_sections_plan ON plan_sections (union_id, plan_id, position);

-- A task of the plan: who, in which month, done or not with a note.
CREATE TABLE plan_tasks (
    union_id        UUID NOT NULL REFERENCES orgs (id),
    id              UUID NOT NULL,
    plan_id         UUID NOT NULL,
    section_id      UUID,
    position        INTEGER NOT NULL,
    title           TEXT NOT NULL,
    owner           TEXT NOT NULL,
    -- 1..12, or NULL for all year.
    month           INTEGER,
    done            BOOLEAN NOT NULL DEFAULT FALSE,
    note            TEXT NOT NULL DEFAULT '',
    done_at         TIMESTAMPTZ,
    updated_by      TEXT NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, plan_id) REFERENCES work_plans (union_id, id)
);
CREATE INDEX plan_tasks_plan ON plan_tasks (union_id, plan_id, position);

-- A target: the sentence as written, comparator, value and unit read from
-- it, the metric (and its scope, JSON of domain::plan::metric::Scope) it is
-- bound to. `status`: suggested (read from the text, not yet looked at),
-- confirmed (bound to its metric by an officer), manual (progress typed).
CREATE TABLE plan_targets (
    union_id        UUID NOT NULL REFERENCES orgs (id),
    id              UUID NOT NULL,
    plan_id         UUID NOT NULL,
    section_id      UUID,
    position        INTEGER NOT NULL,
    sentence        TEXT NOT NULL,
    comparator      TEXT NOT NULL,
    value           DOUBLE PRECISION NOT NULL,
    unit            TEXT NOT NULL,
    upper           DOUBLE PRECISION,
    metric          TEXT,
    scope           TEXT,
    status          TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, plan_id) REFERENCES work_plans (union_id, id)
);
CREATE INDEX plan_targets_plan ON plan_targets (union_id, plan_id, position);

-- A manual target's progress as typed, one row per entry (append-only):
-- the latest is its current value, the rows are its trend.
CREATE TABLE plan_target_entries (
    union_id        UUID NOT NULL REFERENCES orgs (id),
    id              UUID NOT NULL,
    target_id       UUID NOT NULL,
    value           DOUBLE PRECISION NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    entered_on      DATE NOT NULL,
    entered_by      TEXT NOT NULL,
    entered_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, target_id) REFERENCES plan_targets (union_id, id)
);
CREATE INDEX plan_target_entries_target ON plan_target_entries (union_id, target_id, entered_on);
