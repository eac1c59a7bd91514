-- Participation (参与面) kept as tallies written with each check-in, so that
-- a union of 30,000 members with 200,000 check-ins a year is counted from
-- 30,000 rows, not 200,000 (issue 16: under 200 ms).

-- How many members checked in to the activity (one check-in per member).
ALTER TABLE activities ADD COLUMN attended_count BIGINT NOT NULL DEFAULT 0;
UPDATE activities SET attended_count = (
    SELECT COUNT(*) FROM activity_checkins k WHERE k.union_id = activities.union_id AND k.activity_id = activities.id);

-- Per member and year (the Beijing-time year the activity starts in): how
-- many activities, not called off, they checked in to. A member with no row
-- took part in nothing that year.
CREATE TABLE member_activity_years (
    union_id          BLOB NOT NULL,
    year              INTEGER NOT NULL,
    member_id         BLOB NOT NULL,
    activities        BIGINT NOT NULL,
    PRIMARY KEY (union_id, year, member_id),
    FOREIGN KEY (union_id, member_id) REFERENCES members (union_id, id)
) WITHOUT ROWID;
INSERT INTO member_activity_years (union_id, year, member_id, activities)
SELECT k.union_id, CAST(strftime('%Y', a.starts_at, '+8 hours') AS INTEGER), k.member_id, COUNT(*)
FROM activity_checkins k JOIN activities a ON a.union_id = k.union_id AND a.id = k.activity_id
WHERE a.status <> 'cancelled'
GROUP BY 1, 2, 3;
