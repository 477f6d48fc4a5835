-- Latchkey schema 0070 (PostgreSQL): RAM roles and their policy attachments. Role names are
-- unique per account case-insensitively; sessions_not_before (ticks, NULL = none) refuses every
-- STS session of the role issued before it.

CREATE TABLE ram_roles (
    role_id text COLLATE "C" NOT NULL PRIMARY KEY,
    account_id text COLLATE "C" NOT NULL REFERENCES accounts (account_id),
    role_name text NOT NULL,
    description text NOT NULL,
    trust_policy text NOT NULL CHECK (length(trust_policy) > 0),
    max_session_duration bigint NOT NULL CHECK (max_session_duration BETWEEN 3600 AND 43200),
    sessions_not_before bigint,
    create_date bigint NOT NULL,
    update_date bigint NOT NULL
);

CREATE UNIQUE INDEX ram_roles_name_uq ON ram_roles (account_id, lower(role_name));
CREATE INDEX ram_roles_account_order_ix ON ram_roles (account_id, create_date);

CREATE TABLE role_policy_attachments (
    role_id text COLLATE "C" NOT NULL REFERENCES ram_roles (role_id),
    account_id text COLLATE "C" NOT NULL REFERENCES accounts (account_id),
    policy_name text NOT NULL,
    policy_type text NOT NULL CHECK (policy_type IN ('System', 'Custom')),
    attach_date bigint NOT NULL,
    PRIMARY KEY (role_id, policy_name)
);

CREATE INDEX role_policy_attachments_policy_ix ON role_policy_attachments (account_id, policy_type, policy_name);
