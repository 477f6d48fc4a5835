-- Latchkey schema 0070 (SQLite): RAM roles and their policy attachments. Role names are unique
-- per account case-insensitively; sessions_not_before (ticks, NULL = none) refuses every STS
-- session of the role issued before it.

CREATE TABLE ram_roles (
    role_id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (account_id),
    role_name TEXT NOT NULL,
    description TEXT NOT NULL,
    trust_policy TEXT NOT NULL CHECK (length(trust_policy) > 0),
    max_session_duration INTEGER NOT NULL CHECK (max_session_duration BETWEEN 3600 AND 43200),
    sessions_not_before INTEGER,
    create_date INTEGER NOT NULL,
    update_date INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX ram_roles_name_uq ON ram_roles (account_id, lower(role_name));
CREATE INDEX ram_roles_account_order_ix ON ram_roles (account_id, create_date);

CREATE TABLE role_policy_attachments (
    role_id TEXT NOT NULL REFERENCES ram_roles (role_id),
    account_id TEXT NOT NULL REFERENCES accounts (account_id),
    policy_name TEXT NOT NULL,
    policy_type TEXT NOT NULL CHECK (policy_type IN ('System', 'Custom')),
    attach_date INTEGER NOT NULL,
    PRIMARY KEY (role_id, policy_name)
) STRICT;

CREATE INDEX role_policy_attachments_policy_ix ON role_policy_attachments (account_id, policy_type, policy_name);
