-- Append-only rules without triggers that read another table: a distributed
-- engine (Citus) runs a trigger on the shard of its row, where reading
-- another table can deadlock or see stale rows. Every remaining trigger
-- looks at its own row only.

-- The box of an electronic ballot was emptied only if the ballot (another
-- table) was closed: the one place that empties it, the close of a ballot,
-- now does so only after its own UPDATE closed the ballot, in the same
-- transaction (store::democracy::close). ballot_box_no_update stays.
DROP TRIGGER ballot_box_open ON ballot_box;
DROP FUNCTION ballot_box_emptied();

-- A line of a posted voucher was fixed by reading the voucher's status:
-- the line now carries the mark itself, set when the voucher is posted (in
-- the same transaction, store::finance::set_posted, or at insert for
-- vouchers written posted), and its own trigger reads only that. The
-- replacement of a draft's lines checks the voucher is a draft first, with
-- the voucher row written (locked) before its lines.
DROP TRIGGER fin_lines_posted_fixed ON fin_lines;
DROP FUNCTION fin_posted_line_fixed();
ALTER TABLE fin_lines ADD COLUMN posted BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE fin_lines l SET posted = TRUE
FROM fin_vouchers v
WHERE v.union_id = l.union_id AND v.id = l.voucher_id AND v.status = 'posted';
CREATE FUNCTION fin_line_fixed() RETURNS trigger AS $$
BEGIN
    IF OLD.posted THEN
        RAISE EXCEPTION 'posted vouchers are append-only';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER fin_lines_posted_fixed BEFORE UPDATE OR DELETE ON fin_lines
    FOR EACH ROW EXECUTE FUNCTION fin_line_fixed();
