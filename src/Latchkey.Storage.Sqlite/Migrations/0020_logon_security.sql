-- Latchkey schema, version 20 (SQLite): the password policy and security preference of each
-- account (JSON documents by name), RAM users' password history (salted hashes only, for reuse
-- prevention and password age) and virtual MFA devices (TOTP seeds encrypted like secrets).

CREATE TABLE account_settings (
    account_id TEXT NOT NULL REFERENCES accounts (account_id),
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    update_date INTEGER NOT NULL,
    PRIMARY KEY (account_id, name)
) STRICT;

CREATE TABLE password_history (
    seq INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    principal_id TEXT NOT NULL,
    password_hash TEXT NOT NULL CHECK (length(password_hash) > 0),
    set_date INTEGER NOT NULL,
    initial INTEGER NOT NULL CHECK (initial IN (0, 1))
);

CREATE INDEX password_history_principal_ix ON password_history (principal_id, seq);

-- principal_id: the UserId of the bound RAM user, or the AccountId for the account itself; NULL
-- while unbound. last_step: the newest TOTP step accepted (a code is accepted once).
CREATE TABLE mfa_devices (
    account_id TEXT NOT NULL REFERENCES accounts (account_id),
    serial_number TEXT NOT NULL,
    device_name TEXT NOT NULL,
    key_version INTEGER NOT NULL CHECK (key_version > 0),
    seed_ciphertext BLOB NOT NULL CHECK (length(seed_ciphertext) > 0),
    principal_id TEXT NULL,
    activate_date INTEGER NULL,
    last_step INTEGER NOT NULL,
    create_date INTEGER NOT NULL,
    PRIMARY KEY (account_id, serial_number),
    CHECK ((principal_id IS NULL) = (activate_date IS NULL))
) STRICT;

CREATE UNIQUE INDEX mfa_devices_name_uq ON mfa_devices (account_id, lower(device_name));
CREATE UNIQUE INDEX mfa_devices_principal_uq ON mfa_devices (account_id, principal_id) WHERE principal_id IS NOT NULL;
