-- Latchkey schema (SQLite), lifecycle 0082: warnings given to idle AccessKeys before the daily
-- job disables them (MaxIdleDaysForAccessKeys). A warning holds while the key stays idle since
-- idle_since; it goes with its key.

CREATE TABLE access_key_idle_warnings (
    access_key_id TEXT NOT NULL PRIMARY KEY REFERENCES access_keys (access_key_id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    idle_since INTEGER NOT NULL,
    warned_at INTEGER NOT NULL
) STRICT;

CREATE INDEX access_key_idle_warnings_account_ix ON access_key_idle_warnings (account_id);
