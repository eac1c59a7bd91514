-- gonghui on PostgreSQL: a role for the application that cannot change or
-- remove what the rules say is never changed.
--
-- The append-only rules are kept by triggers that look at their own row
-- (they travel with each shard on a distributed engine). Anyone who owns a
-- table can drop its trigger, though; the application's role should not own
-- the tables. Run the migrations as the owner (`gonghui migrate` with the
-- owner's URL), then this script as the owner, in the gonghui database, and
-- serve with the role it creates:
--
--   psql -v ON_ERROR_STOP=1 -d gonghui -f docs/sql/app-role.sql
--   psql -d gonghui -c "ALTER ROLE gonghui_app PASSWORD '…'"
--   gonghui serve --database postgres://gonghui_app:…@host/gonghui
--
-- Run it again after every upgrade: privileges are per table, and a new
-- migration may add tables. It is safe to run more than once.
--
-- What the role cannot do:
--   * UPDATE or DELETE the tables whose every row is final (the list below),
--   * TRUNCATE anything, ALTER or DROP any table, drop or disable a trigger
--     (only the owner can), or write the migration bookkeeping.
-- What privileges cannot say, so the own-row triggers and the application's
-- checks keep it:
--   * fin_vouchers and fin_lines: a draft is edited and deleted, a posted
--     voucher and its lines never (triggers on the row's status / posted
--     mark); ledger verify catches a change made past them.
--   * ballots: changed until closed, never after (trigger on the row).
--   * ballot_box: emptied into ballot_papers when the ballot closes, only
--     by the close (the application's check); tally verify compares the
--     papers with the roll of those who voted.
--   * disclosure_items: the guard trigger on the row.
--   * audit_heads: rewritten at every append; audit verify compares each
--     chain with its head.

DO $$
BEGIN
    CREATE ROLE gonghui_app LOGIN;
EXCEPTION
    -- Roles are shared by every database of the server: the role may exist
    -- from another database's run (or one running at the same moment).
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

-- CREATE on the schema: at start-up the server checks the migrations, which
-- runs CREATE TABLE IF NOT EXISTS on the bookkeeping table. Creating its own
-- tables gives the role no power over the owner's.
GRANT USAGE, CREATE ON SCHEMA public TO gonghui_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO gonghui_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO gonghui_app;
REVOKE INSERT, UPDATE, DELETE ON _sqlx_migrations FROM gonghui_app;

-- Every row final: written once, never changed or removed.
REVOKE UPDATE, DELETE ON
    audit_log,
    ballot_voters, ballot_cast, ballot_papers, ballot_count_entries,
    fin_dues_payments, fin_fund_receipts, fin_welfare, fin_policy_exceptions,
    fin_period_events, fin_budget_overrides,
    care_assistance, care_consents, care_file_log, care_documents, care_enrolments,
    disclosure_feedback,
    proposal_log, proposal_cosigns
FROM gonghui_app;
