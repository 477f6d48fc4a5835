-- Latchkey schema 0030 (PostgreSQL): custom policies with versions, user groups, memberships and
-- group policy attachments. Names are unique per account case-insensitively; policy_attachments
-- (0001) now also holds Custom attachments of users.

CREATE TABLE policies (
    account_id text COLLATE "C" NOT NULL REFERENCES accounts (account_id),
    policy_name text NOT NULL,
    description text NOT NULL,
    default_version text NOT NULL,
    next_version bigint NOT NULL CHECK (next_version > 1),
    create_date bigint NOT NULL,
    update_date bigint NOT NULL,
    PRIMARY KEY (account_id, policy_name)
);

CREATE UNIQUE INDEX policies_name_uq ON policies (account_id, lower(policy_name));
CREATE INDEX policies_account_order_ix ON policies (account_id, create_date);

CREATE TABLE policy_versions (
    account_id text COLLATE "C" NOT NULL,
    policy_name text NOT NULL,
    version_id text COLLATE "C" NOT NULL,
    version_number bigint NOT NULL CHECK (version_number > 0),
    document text NOT NULL CHECK (length(document) > 0),
    create_date bigint NOT NULL,
    PRIMARY KEY (account_id, policy_name, version_id),
    FOREIGN KEY (account_id, policy_name) REFERENCES policies (account_id, policy_name)
);

CREATE TABLE ram_groups (
    group_id text COLLATE "C" NOT NULL PRIMARY KEY,
    account_id text COLLATE "C" NOT NULL REFERENCES accounts (account_id),
    group_name text NOT NULL,
    comments text NOT NULL,
    create_date bigint NOT NULL,
    update_date bigint NOT NULL
);

CREATE UNIQUE INDEX ram_groups_name_uq ON ram_groups (account_id, lower(group_name));

CREATE TABLE group_members (
    group_id text COLLATE "C" NOT NULL REFERENCES ram_groups (group_id),
    user_id text COLLATE "C" NOT NULL REFERENCES ram_users (user_id),
    account_id text COLLATE "C" NOT NULL REFERENCES accounts (account_id),
    join_date bigint NOT NULL,
    PRIMARY KEY (group_id, user_id)
);

CREATE INDEX group_members_user_ix ON group_members (user_id);

CREATE TABLE group_policy_attachments (
    group_id text COLLATE "C" NOT NULL REFERENCES ram_groups (group_id),
    account_id text COLLATE "C" NOT NULL REFERENCES accounts (account_id),
    policy_name text NOT NULL,
    policy_type text NOT NULL CHECK (policy_type IN ('System', 'Custom')),
    attach_date bigint NOT NULL,
    PRIMARY KEY (group_id, policy_name)
);

CREATE INDEX group_policy_attachments_policy_ix ON group_policy_attachments (account_id, policy_type, policy_name);
CREATE INDEX policy_attachments_policy_ix ON policy_attachments (account_id, policy_type, policy_name);
