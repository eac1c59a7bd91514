-- Hash-partitioned PostgreSQL (issue 15, 5b): a stand-in for Citus on one
-- server. Run after the normal migrations when the operator selects it
-- (`--partitioned`, GONGHUI_PARTITIONED=1); once a database has run it, every
-- later start runs it again, so tables that later migrations add are
-- partitioned too. The unique-key rule of a hash-partitioned table (every
-- primary and unique key contains the partition key) is the rule Citus
-- applies to distributed tables, so a schema that passes here distributes.
--
-- This file only defines the procedure; the application CALLs it after
-- every migration run (it converts only tables not yet partitioned). Like a
-- migration it is append-only and checksummed (migrations/CHECKSUMS): a
-- change is a new file in this folder that replaces the procedure.

-- What was converted, and when (the procedure adds a row per table).
CREATE TABLE IF NOT EXISTS _gonghui_partitioned (
    table_name TEXT PRIMARY KEY,
    partitions INTEGER NOT NULL,
    partitioned_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Turns every tenant table of the current schema (a table with a union_id
-- column, except orgs, whose union_id is a federation's union: a reference
-- table) that is not yet partitioned into PARTITION BY HASH (union_id) with
-- `partitions` partitions named <table>_p0 … The tables named in `skip` are
-- left as they are. Generic, from the catalog: foreign keys from and to the
-- table, its keys, indexes, triggers, privileges, owner and comment are read
-- before and re-created after, with their names.
CREATE OR REPLACE PROCEDURE gonghui_partition_by_union(partitions INTEGER, skip TEXT[])
LANGUAGE plpgsql AS $proc$
DECLARE
    schema_oid OID := (SELECT oid FROM pg_namespace WHERE nspname = current_schema());
    tables OID[];
    t RECORD;
    r RECORD;
    problems TEXT := '';
    fk_add TEXT[] := '{}';
    after TEXT[];
    stmt TEXT;
    old_name TEXT;
    cols TEXT;
    i INTEGER;
BEGIN
    IF partitions IS NULL OR partitions < 2 THEN
        RAISE EXCEPTION 'gonghui_partition_by_union: partitions must be at least 2, got %', partitions;
    END IF;
    SELECT coalesce(array_agg(c.oid ORDER BY c.relname), '{}') INTO tables
    FROM pg_class c
    WHERE c.relnamespace = schema_oid AND c.relkind = 'r' AND NOT c.relispartition
      AND c.relname <> 'orgs' AND NOT (c.relname = ANY (coalesce(skip, '{}')))
      AND EXISTS (SELECT 1 FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attname = 'union_id' AND a.attnum > 0 AND NOT a.attisdropped);
    IF cardinality(tables) = 0 THEN
        RETURN;
    END IF;

    -- Refuse before changing anything, naming every key that cannot hold on
    -- a partitioned table: a unique index (primary key, unique constraint or
    -- unique index) whose key columns lack union_id, and what this procedure
    -- does not carry over (identity columns, row security policies).
    FOR r IN
        SELECT c.relname, ix.indexrelid::regclass::text AS idx, pg_get_indexdef(ix.indexrelid) AS def
        FROM pg_index ix JOIN pg_class c ON c.oid = ix.indrelid
        WHERE ix.indrelid = ANY (tables) AND ix.indisunique
          AND NOT EXISTS (
              SELECT 1 FROM pg_attribute a
              WHERE a.attrelid = ix.indrelid AND a.attname = 'union_id'
                AND a.attnum = ANY ((ix.indkey::int2[])[0:ix.indnkeyatts - 1]))
        ORDER BY 1, 2
    LOOP
        problems := problems || format(E'\n  table %s: unique key %s lacks union_id: %s', r.relname, r.idx, r.def);
    END LOOP;
    FOR r IN
        SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE a.attrelid = ANY (tables) AND a.attidentity <> '' AND NOT a.attisdropped
    LOOP
        problems := problems || format(E'\n  table %s: identity column %s is not carried over', r.relname, r.attname);
    END LOOP;
    FOR r IN SELECT DISTINCT c.relname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
             WHERE p.polrelid = ANY (tables)
    LOOP
        problems := problems || format(E'\n  table %s: row security policies are not carried over', r.relname);
    END LOOP;
    IF problems <> '' THEN
        RAISE EXCEPTION 'cannot partition by union_id:%', problems
            USING HINT = 'every primary and unique key of a tenant table must contain union_id (as on Citus)';
    END IF;

    -- Foreign keys from or to any table converted here are dropped first
    -- and re-added at the end, when every table has its new keys.
    FOR r IN
        SELECT k.conrelid::regclass::text AS tab, k.conname, pg_get_constraintdef(k.oid) AS def
        FROM pg_constraint k
        WHERE k.contype = 'f' AND k.conparentid = 0
          AND (k.conrelid = ANY (tables) OR k.confrelid = ANY (tables))
        ORDER BY 1, 2
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tab, r.conname);
        fk_add := fk_add || format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tab, r.conname, r.def);
    END LOOP;

    FOR t IN
        SELECT c.oid, c.relname::text AS name, pg_get_userbyid(c.relowner) AS owner,
               obj_description(c.oid, 'pg_class') AS comment
        FROM pg_class c WHERE c.oid = ANY (tables) ORDER BY c.relname
    LOOP
        after := '{}';
        -- Primary keys, unique and exclusion constraints, by name.
        FOR r IN SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
                 WHERE conrelid = t.oid AND contype IN ('p', 'u', 'x') ORDER BY contype, conname
        LOOP
            after := after || format('ALTER TABLE %I ADD CONSTRAINT %I %s', t.name, r.conname, r.def);
        END LOOP;
        -- Other indexes, unique or not (their definitions name the table,
        -- which by then is the new one).
        FOR r IN SELECT pg_get_indexdef(ix.indexrelid) AS def FROM pg_index ix
                 WHERE ix.indrelid = t.oid
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = ix.indexrelid AND k.conrelid = t.oid)
                 ORDER BY ix.indexrelid
        LOOP
            after := after || r.def;
        END LOOP;
        -- Triggers, and whether each was disabled.
        FOR r IN SELECT tgname, pg_get_triggerdef(oid) AS def, tgenabled FROM pg_trigger
                 WHERE tgrelid = t.oid AND NOT tgisinternal ORDER BY tgname
        LOOP
            after := after || r.def;
            IF r.tgenabled = 'D' THEN
                after := after || format('ALTER TABLE %I DISABLE TRIGGER %I', t.name, r.tgname);
            END IF;
        END LOOP;
        -- Privileges (an application role without UPDATE or DELETE on the
        -- append-only tables keeps exactly what it had) and the owner.
        FOR r IN SELECT a.privilege_type, a.grantee, a.is_grantable
                 FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = t.oid AND a.grantee <> c.relowner
        LOOP
            after := after || format('GRANT %s ON %I TO %s%s', r.privilege_type, t.name,
                CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r.grantee)) END,
                CASE WHEN r.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
        END LOOP;
        IF t.owner <> current_user THEN
            after := after || format('ALTER TABLE %I OWNER TO %I', t.name, t.owner);
        END IF;
        IF t.comment IS NOT NULL THEN
            after := after || format('COMMENT ON TABLE %I IS %L', t.name, t.comment);
        END IF;
        -- Sequences owned by a column (serial) would go with the old table.
        FOR r IN SELECT d.objid::regclass::text AS seq, a.attname
                 FROM pg_depend d
                 JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                 JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                 WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                   AND d.refobjid = t.oid AND d.deptype = 'a'
        LOOP
            EXECUTE format('ALTER SEQUENCE %s OWNED BY NONE', r.seq);
            after := after || format('ALTER SEQUENCE %s OWNED BY %I.%I', r.seq, t.name, r.attname);
        END LOOP;
        SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols FROM pg_attribute
        WHERE attrelid = t.oid AND attnum > 0 AND NOT attisdropped AND attgenerated = '';

        old_name := format('_gonghui_unpartitioned_%s', t.oid);
        EXECUTE format('ALTER TABLE %I RENAME TO %I', t.name, old_name);
        EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED '
                       'INCLUDING STORAGE INCLUDING COMPRESSION INCLUDING COMMENTS) PARTITION BY HASH (union_id)',
                       t.name, old_name);
        FOR i IN 0 .. partitions - 1 LOOP
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS %s, REMAINDER %s)',
                           t.name || '_p' || i, t.name, partitions, i);
        END LOOP;
        -- Rows move before the triggers exist: the append-only ones would
        -- not refuse an INSERT, but nothing else fires on the copy either.
        EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM %I', t.name, cols, cols, old_name);
        EXECUTE format('DROP TABLE %I', old_name);
        FOREACH stmt IN ARRAY after LOOP
            EXECUTE stmt;
        END LOOP;
        INSERT INTO _gonghui_partitioned (table_name, partitions) VALUES (t.name, partitions)
        ON CONFLICT (table_name) DO UPDATE SET partitions = EXCLUDED.partitions, partitioned_at = now();
    END LOOP;

    FOREACH stmt IN ARRAY fk_add LOOP
        EXECUTE stmt;
    END LOOP;
END
$proc$;
