-- The id → union directory: objects reached by id alone (a ballot's
-- /ballots/{id} routes) find their union here first, with one read by
-- primary key, and are then read with `union_id = … AND id = …`, so a
-- request never scans every tenant. Distributed by its own key (id); its
-- union column is not named union_id because this is not a tenant table,
-- and it has no foreign keys to tenant tables. Written in the transaction
-- that creates the object.
CREATE TABLE union_directory (
    id             BLOB PRIMARY KEY,
    -- What the id names: 'ballot'.
    kind           TEXT NOT NULL,
    owner_union_id BLOB NOT NULL
);

INSERT INTO union_directory (id, kind, owner_union_id)
SELECT id, 'ballot', union_id FROM ballots;
