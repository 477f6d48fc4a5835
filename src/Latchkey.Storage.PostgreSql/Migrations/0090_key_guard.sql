-- Latchkey schema (PostgreSQL), key guard 0090: per-key network policy, canary flag and leak
-- restriction (read with the key into every node's cache; each change appends to
-- access_key_changes), the leak reports, and the usage counters written in batches.
-- Rows of a deleted key stay until pruned (usage) or are never read again (guards, reports).

CREATE TABLE access_key_guards (
    access_key_id text COLLATE "C" NOT NULL PRIMARY KEY,
    network_policy text,
    canary boolean NOT NULL DEFAULT false,
    canary_tripped_at bigint,
    restricted_at bigint,
    update_date bigint NOT NULL
);

CREATE TABLE access_key_leak_reports (
    report_id text COLLATE "C" NOT NULL PRIMARY KEY,
    access_key_id text COLLATE "C" NOT NULL,
    account_id text COLLATE "C" NOT NULL,
    reported_at bigint NOT NULL,
    source text NOT NULL,
    url text NOT NULL,
    action text NOT NULL
);

CREATE INDEX access_key_leak_reports_account_ix ON access_key_leak_reports (account_id, reported_at);

CREATE TABLE access_key_usage_hours (
    access_key_id text COLLATE "C" NOT NULL,
    hour bigint NOT NULL,
    calls bigint NOT NULL,
    refusals bigint NOT NULL,
    outside_policy bigint NOT NULL,
    PRIMARY KEY (access_key_id, hour)
);

CREATE INDEX access_key_usage_hours_hour_ix ON access_key_usage_hours (hour);

CREATE TABLE access_key_usage_sources (
    access_key_id text COLLATE "C" NOT NULL,
    day bigint NOT NULL,
    source_ip text NOT NULL,
    calls bigint NOT NULL,
    outside_policy bigint NOT NULL,
    PRIMARY KEY (access_key_id, day, source_ip)
);

CREATE INDEX access_key_usage_sources_day_ix ON access_key_usage_sources (day);
