-- Latchkey schema, version 20 (PostgreSQL): the password policy and security preference of each
-- account (JSON documents by name), RAM users' password history (salted hashes only, for reuse
-- prevention and password age) and virtual MFA devices (TOTP seeds encrypted like secrets).

CREATE TABLE account_settings (
    account_id text COLLATE "C" NOT NULL REFERENCES accounts (account_id),
    name text COLLATE "C" NOT NULL,
    value text NOT NULL,
    update_date bigint NOT NULL,
    PRIMARY KEY (account_id, name)
);

CREATE TABLE password_history (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    principal_id text COLLATE "C" NOT NULL,
    password_hash text NOT NULL CHECK (length(password_hash) > 0),
    set_date bigint NOT NULL,
    initial boolean NOT NULL
);

CREATE INDEX password_history_principal_ix ON password_history (principal_id, seq);

-- principal_id: the UserId of the bound RAM user, or the AccountId for the account itself; NULL
-- while unbound. last_step: the newest TOTP step accepted (a code is accepted once).
CREATE TABLE mfa_devices (
    account_id text COLLATE "C" NOT NULL REFERENCES accounts (account_id),
    serial_number text COLLATE "C" NOT NULL,
    device_name text NOT NULL,
    key_version integer NOT NULL CHECK (key_version > 0),
    seed_ciphertext bytea NOT NULL CHECK (length(seed_ciphertext) > 0),
    principal_id text COLLATE "C" NULL,
    activate_date bigint NULL,
    last_step bigint NOT NULL,
    create_date bigint NOT NULL,
    PRIMARY KEY (account_id, serial_number),
    CHECK ((principal_id IS NULL) = (activate_date IS NULL))
);

CREATE UNIQUE INDEX mfa_devices_name_uq ON mfa_devices (account_id, lower(device_name));
CREATE UNIQUE INDEX mfa_devices_principal_uq ON mfa_devices (account_id, principal_id) WHERE principal_id IS NOT NULL;
