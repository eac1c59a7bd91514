-- Issue 13: a password set by someone else (bulk-created one-time
-- passwords, an administrator's reset) must be changed at the next sign-in;
-- until then every page leads to the change-password page and the API
-- answers 403 password_change_required. An account created with a chosen
-- password works at once (FALSE).
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
