-- Latchkey schema, version 1 (SQLite).
-- Timestamps are INTEGER UTC ticks (100 ns since 0001-01-01T00:00:00Z, DateTimeOffset.UtcTicks):
-- exact round trip of what the domain gives, and ordered like the instants they stand for.

CREATE TABLE accounts (
    account_id TEXT NOT NULL PRIMARY KEY,
    account_name TEXT NOT NULL,
    alias TEXT NULL,
    password_hash TEXT NULL,
    allow_users_to_manage_own_access_keys INTEGER NOT NULL CHECK (allow_users_to_manage_own_access_keys IN (0, 1)),
    create_date INTEGER NOT NULL,
    update_date INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX accounts_name_uq ON accounts (lower(account_name));
CREATE UNIQUE INDEX accounts_alias_uq ON accounts (lower(alias)) WHERE alias IS NOT NULL;

CREATE TABLE ram_users (
    user_id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (account_id),
    user_name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    comments TEXT NOT NULL,
    email TEXT NOT NULL,
    mobile_phone TEXT NOT NULL,
    create_date INTEGER NOT NULL,
    update_date INTEGER NOT NULL,
    last_login_date INTEGER NULL
) STRICT;

CREATE UNIQUE INDEX ram_users_name_uq ON ram_users (account_id, lower(user_name));
CREATE INDEX ram_users_account_order_ix ON ram_users (account_id, create_date, user_id);

CREATE TABLE login_profiles (
    user_id TEXT NOT NULL PRIMARY KEY REFERENCES ram_users (user_id),
    password_hash TEXT NOT NULL CHECK (length(password_hash) > 0),
    password_reset_required INTEGER NOT NULL CHECK (password_reset_required IN (0, 1)),
    mfa_bind_required INTEGER NOT NULL CHECK (mfa_bind_required IN (0, 1)),
    create_date INTEGER NOT NULL,
    update_date INTEGER NOT NULL
) STRICT;

CREATE TABLE policy_attachments (
    user_id TEXT NOT NULL REFERENCES ram_users (user_id),
    account_id TEXT NOT NULL REFERENCES accounts (account_id),
    policy_name TEXT NOT NULL,
    policy_type TEXT NOT NULL,
    attach_date INTEGER NOT NULL,
    PRIMARY KEY (user_id, policy_name)
) STRICT;

-- One row is one key with its encrypted secret: the secret columns are NOT NULL, so a key
-- never exists without its secret, and a secret never exists without its key.
CREATE TABLE access_keys (
    access_key_id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (account_id),
    user_id TEXT NULL REFERENCES ram_users (user_id),
    status TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
    create_date INTEGER NOT NULL,
    update_date INTEGER NOT NULL,
    key_version INTEGER NOT NULL CHECK (key_version > 0),
    secret_ciphertext BLOB NOT NULL CHECK (length(secret_ciphertext) > 0),
    last_used_date INTEGER NULL,
    last_used_service TEXT NULL,
    last_used_action TEXT NULL,
    last_used_ip TEXT NULL,
    CHECK ((last_used_date IS NULL) = (last_used_service IS NULL)
       AND (last_used_date IS NULL) = (last_used_action IS NULL)
       AND (last_used_date IS NULL) = (last_used_ip IS NULL))
) STRICT;

CREATE INDEX access_keys_owner_ix ON access_keys (account_id, user_id, create_date);
CREATE INDEX access_keys_user_ix ON access_keys (user_id) WHERE user_id IS NOT NULL;

CREATE TABLE audit_events (
    seq INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL,
    time INTEGER NOT NULL,
    actor_principal_id TEXT NOT NULL,
    actor_access_key_id TEXT NULL,
    event_name TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_name TEXT NOT NULL,
    source_ip TEXT NOT NULL,
    request_id TEXT NOT NULL,
    details TEXT NOT NULL
);

CREATE INDEX audit_events_time_ix ON audit_events (time, seq);
CREATE INDEX audit_events_account_time_ix ON audit_events (account_id, time, seq);
