-- The disclosure board (厂务公开, DOMAIN.md §12). What was published is
-- never edited or deleted: an item is only withdrawn, once, with a reason.
-- Members' feedback is append-only.

CREATE TABLE disclosure_items (
    union_id         UUID NOT NULL REFERENCES orgs (id),
    id               UUID NOT NULL,
    category         TEXT NOT NULL,
    title            TEXT NOT NULL,
    period           TEXT NOT NULL,
    body             TEXT NOT NULL,
    -- What produced it, e.g. "care_aid:2026" or "ballot:<id>"; NULL when typed.
    source           TEXT,
    published_by     TEXT NOT NULL,
    published_at     TIMESTAMPTZ NOT NULL,
    withdrawn_by     TEXT,
    withdrawn_at     TIMESTAMPTZ,
    withdraw_reason  TEXT,
    PRIMARY KEY (union_id, id)
);
CREATE INDEX disclosure_items_board ON disclosure_items (union_id, published_at);

CREATE TABLE disclosure_feedback (
    union_id  UUID NOT NULL,
    id        UUID NOT NULL,
    item_id   UUID NOT NULL,
    user_id   UUID NOT NULL REFERENCES users (id),
    author    TEXT NOT NULL,
    body      TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, item_id) REFERENCES disclosure_items (union_id, id)
);
CREATE INDEX disclosure_feedback_item ON disclosure_feedback (union_id, item_id, at);

CREATE FUNCTION disclosure_items_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'disclosure_items are never deleted';
    END IF;
    IF OLD.withdrawn_at IS NOT NULL
       OR (NEW.category, NEW.title, NEW.period, NEW.body, NEW.published_by, NEW.published_at)
          IS DISTINCT FROM (OLD.category, OLD.title, OLD.period, OLD.body, OLD.published_by, OLD.published_at)
       OR NEW.source IS DISTINCT FROM OLD.source THEN
        RAISE EXCEPTION 'a published disclosure item is only withdrawn, once';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER disclosure_items_guard BEFORE UPDATE OR DELETE ON disclosure_items
    FOR EACH ROW EXECUTE FUNCTION disclosure_items_guard();

CREATE FUNCTION disclosure_feedback_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'disclosure_feedback is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER disclosure_feedback_append_only BEFORE UPDATE OR DELETE ON disclosure_feedback
    FOR EACH ROW EXECUTE FUNCTION disclosure_feedback_append_only();
