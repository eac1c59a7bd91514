-- Append-only rules without triggers that read another table (as on
-- PostgreSQL, where a distributed engine runs a trigger on the shard of its
-- row): every remaining trigger looks at its own row only.

-- The box is emptied only by the close of a ballot, after its own UPDATE
-- closed the ballot, in the same transaction (store::democracy::close).
DROP TRIGGER ballot_box_open;

-- A line of a posted voucher carries the mark itself, set when the voucher
-- is posted; its own triggers read only that.
DROP TRIGGER fin_lines_posted_no_update;
DROP TRIGGER fin_lines_posted_no_delete;
ALTER TABLE fin_lines ADD COLUMN posted BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE fin_lines SET posted = TRUE
WHERE EXISTS (SELECT 1 FROM fin_vouchers v
    WHERE v.union_id = fin_lines.union_id AND v.id = fin_lines.voucher_id AND v.status = 'posted');
CREATE TRIGGER fin_lines_posted_no_update BEFORE UPDATE ON fin_lines WHEN OLD.posted
BEGIN SELECT RAISE(ABORT, 'posted vouchers are append-only'); END;
CREATE TRIGGER fin_lines_posted_no_delete BEFORE DELETE ON fin_lines WHEN OLD.posted
BEGIN SELECT RAISE(ABORT, 'posted vouchers are append-only'); END;
