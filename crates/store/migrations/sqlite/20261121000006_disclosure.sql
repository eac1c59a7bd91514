-- The disclosure board (厂务公开, DOMAIN.md §12). What was published is
-- never edited or deleted: an item is only withdrawn, once, with a reason.
-- Members' feedback is append-only.

CREATE TABLE disclosure_items (
    union_id         BLOB NOT NULL REFERENCES orgs (id),
    id               BLOB NOT NULL,
    category         TEXT NOT NULL,
    title            TEXT NOT NULL,
    period           TEXT NOT NULL,
    body             TEXT NOT NULL,
    -- What produced it, e.g. "care_aid:2026" or "ballot:<id>"; NULL when typed.
    source           TEXT,
    published_by     TEXT NOT NULL,
    published_at     TEXT NOT NULL,
    withdrawn_by     TEXT,
    withdrawn_at     TEXT,
    withdraw_reason  TEXT,
    PRIMARY KEY (union_id, id)
);
CREATE INDEX disclosure_items_board ON disclosure_items (union_id, published_at);

CREATE TABLE disclosure_feedback (
    union_id  BLOB NOT NULL,
    id        BLOB NOT NULL,
    item_id   BLOB NOT NULL,
    user_id   BLOB NOT NULL REFERENCES users (id),
    author    TEXT NOT NULL,
    body      TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (union_id, id),
    FOREIGN KEY (union_id, item_id) REFERENCES disclosure_items (union_id, id)
);
CREATE INDEX disclosure_feedback_item ON disclosure_feedback (union_id, item_id, at);

CREATE TRIGGER disclosure_items_no_delete BEFORE DELETE ON disclosure_items
BEGIN SELECT RAISE(ABORT, 'disclosure_items are never deleted'); END;
CREATE TRIGGER disclosure_items_published_text BEFORE UPDATE ON disclosure_items
WHEN OLD.withdrawn_at IS NOT NULL
  OR NEW.category IS NOT OLD.category OR NEW.title IS NOT OLD.title OR NEW.period IS NOT OLD.period
  OR NEW.body IS NOT OLD.body OR NEW.source IS NOT OLD.source
  OR NEW.published_by IS NOT OLD.published_by OR NEW.published_at IS NOT OLD.published_at
BEGIN SELECT RAISE(ABORT, 'a published disclosure item is only withdrawn, once'); END;
CREATE TRIGGER disclosure_feedback_no_update BEFORE UPDATE ON disclosure_feedback
BEGIN SELECT RAISE(ABORT, 'disclosure_feedback is append-only'); END;
CREATE TRIGGER disclosure_feedback_no_delete BEFORE DELETE ON disclosure_feedback
BEGIN SELECT RAISE(ABORT, 'disclosure_feedback is append-only'); END;
