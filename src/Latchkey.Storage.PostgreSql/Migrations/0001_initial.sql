-- Latchkey schema, version 1 (PostgreSQL).
-- Timestamps are bigint UTC ticks (100 ns since 0001-01-01T00:00:00Z, DateTimeOffset.UtcTicks):
-- exact round trip of what the domain gives, and ordered like the instants they stand for.
-- Identifiers use the "C" collation: byte order, the same order on every server and in SQLite.

CREATE TABLE accounts (
    account_id text COLLATE "C" NOT NULL PRIMARY KEY,
    account_name text NOT NULL,
    alias text NULL,
    password_hash text NULL,
    allow_users_to_manage_own_access_keys boolean NOT NULL,
    create_date bigint NOT NULL,
    update_date bigint NOT NULL
);

CREATE UNIQUE INDEX accounts_name_uq ON accounts (lower(account_name));
CREATE UNIQUE INDEX accounts_alias_uq ON accounts (lower(alias)) WHERE alias IS NOT NULL;

CREATE TABLE ram_users (
    user_id text COLLATE "C" NOT NULL PRIMARY KEY,
    account_id text COLLATE "C" NOT NULL REFERENCES accounts (account_id),
    user_name text NOT NULL,
    display_name text NOT NULL,
    comments text NOT NULL,
    email text NOT NULL,
    mobile_phone text NOT NULL,
    create_date bigint NOT NULL,
    update_date bigint NOT NULL,
    last_login_date bigint NULL
);

CREATE UNIQUE INDEX ram_users_name_uq ON ram_users (account_id, lower(user_name));
CREATE INDEX ram_users_account_order_ix ON ram_users (account_id, create_date, user_id);

CREATE TABLE login_profiles (
    user_id text COLLATE "C" NOT NULL PRIMARY KEY REFERENCES ram_users (user_id),
    password_hash text NOT NULL CHECK (length(password_hash) > 0),
    password_reset_required boolean NOT NULL,
    mfa_bind_required boolean NOT NULL,
    create_date bigint NOT NULL,
    update_date bigint NOT NULL
);

CREATE TABLE policy_attachments (
    user_id text COLLATE "C" NOT NULL REFERENCES ram_users (user_id),
    account_id text COLLATE "C" NOT NULL REFERENCES accounts (account_id),
    policy_name text NOT NULL,
    policy_type text NOT NULL,
    attach_date bigint NOT NULL,
    PRIMARY KEY (user_id, policy_name)
);

-- One row is one key with its encrypted secret: the secret columns are NOT NULL, so a key
-- never exists without its secret, and a secret never exists without its key.
CREATE TABLE access_keys (
    access_key_id text COLLATE "C" NOT NULL PRIMARY KEY,
    account_id text COLLATE "C" NOT NULL REFERENCES accounts (account_id),
    user_id text COLLATE "C" NULL REFERENCES ram_users (user_id),
    status text NOT NULL CHECK (status IN ('Active', 'Inactive')),
    create_date bigint NOT NULL,
    update_date bigint NOT NULL,
    key_version integer NOT NULL CHECK (key_version > 0),
    secret_ciphertext bytea NOT NULL CHECK (octet_length(secret_ciphertext) > 0),
    last_used_date bigint NULL,
    last_used_service text NULL,
    last_used_action text NULL,
    last_used_ip text NULL,
    CHECK ((last_used_date IS NULL) = (last_used_service IS NULL)
       AND (last_used_date IS NULL) = (last_used_action IS NULL)
       AND (last_used_date IS NULL) = (last_used_ip IS NULL))
);

CREATE INDEX access_keys_owner_ix ON access_keys (account_id, user_id, create_date);
CREATE INDEX access_keys_user_ix ON access_keys (user_id) WHERE user_id IS NOT NULL;

CREATE TABLE audit_events (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id text COLLATE "C" NOT NULL UNIQUE,
    account_id text COLLATE "C" NOT NULL,
    time bigint NOT NULL,
    actor_principal_id text NOT NULL,
    actor_access_key_id text NULL,
    event_name text NOT NULL,
    resource_type text NOT NULL,
    resource_name text NOT NULL,
    source_ip text NOT NULL,
    request_id text NOT NULL,
    details text NOT NULL
);

CREATE INDEX audit_events_time_ix ON audit_events (time, seq);
CREATE INDEX audit_events_account_time_ix ON audit_events (account_id, time, seq);
