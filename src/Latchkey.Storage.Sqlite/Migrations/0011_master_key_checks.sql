-- Latchkey schema (SQLite), resilience 0011: a key-check value per master key version (a fixed
-- text sealed under that version, so a node with another key refuses to start), and the format
-- of each stored secret: 1 = associated data is the AccessKeyId alone (rewritten at start-up),
-- 2 = the AccessKeyId, AccountId and UserId.

CREATE TABLE master_key_checks (
    key_version INTEGER NOT NULL PRIMARY KEY CHECK (key_version > 0),
    check_value BLOB NOT NULL CHECK (length(check_value) > 0)
) STRICT;

ALTER TABLE access_keys ADD COLUMN secret_format INTEGER NOT NULL DEFAULT 1 CHECK (secret_format IN (1, 2));

CREATE INDEX access_keys_legacy_secret_ix ON access_keys (access_key_id) WHERE secret_format = 1;
CREATE INDEX access_keys_key_version_ix ON access_keys (key_version);
