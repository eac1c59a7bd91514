-- Annual statistics (issue 20): a committee post is held full-time (专职)
-- or beside a job (兼职); the federation's yearly tables count union staff
-- both ways, and no record said which until now. Existing posts are part-time.
ALTER TABLE committee_posts ADD COLUMN full_time BOOLEAN NOT NULL DEFAULT FALSE;
