-- Roster search keys (issue 12): every text a member is found by, as a
-- prefix — each suffix of the name (so "contains" is a prefix), the full
-- pinyin and initials of every reading of the name (surname readings,
-- polyphonic given names), the mobile forwards and backwards, the end of
-- the ID number backwards. A search is one range scan of this index,
-- whatever the roster's size. Keys compare byte-wise (SQLite's BINARY).
CREATE TABLE member_keys (
    union_id   BLOB NOT NULL,
    key        TEXT NOT NULL,
    member_id  BLOB NOT NULL,
    PRIMARY KEY (union_id, key, member_id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
) WITHOUT ROWID;
CREATE INDEX member_keys_member ON member_keys (union_id, member_id);

-- Which rules the member's keys (and name_pinyin / name_initials) were
-- computed by; the server recomputes older ones once at start (the rules
-- live in Rust, which a migration cannot run).
ALTER TABLE members ADD COLUMN search_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX members_search_version ON members (search_version);

-- The roster's count of held memberships without reading the rows.
CREATE INDEX members_union_status ON members (union_id, status);
