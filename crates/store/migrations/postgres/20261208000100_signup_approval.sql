-- Sign-up approval (issue 16: an activity that needs approval): a member's
-- own sign-up is 'pending' until an officer approves it (then 'confirmed' or
-- 'waiting') or turns it down ('rejected', with the reason the member sees).
-- Who decided and when; cleared when a turned-down member applies again.
ALTER TABLE activity_signups ADD COLUMN decided_at TIMESTAMPTZ;
ALTER TABLE activity_signups ADD COLUMN decided_by TEXT;
ALTER TABLE activity_signups ADD COLUMN reason TEXT;
