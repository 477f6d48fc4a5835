-- Latchkey schema (SQLite), key guard 0090: per-key network policy, canary flag and leak
-- restriction (read with the key into every node's cache; each change appends to
-- access_key_changes), the leak reports, and the usage counters written in batches.
-- Rows of a deleted key stay until pruned (usage) or are never read again (guards, reports).

CREATE TABLE access_key_guards (
    access_key_id TEXT NOT NULL PRIMARY KEY,
    network_policy TEXT,
    canary INTEGER NOT NULL DEFAULT 0 CHECK (canary IN (0, 1)),
    canary_tripped_at INTEGER,
    restricted_at INTEGER,
    update_date INTEGER NOT NULL
) STRICT;

CREATE TABLE access_key_leak_reports (
    report_id TEXT NOT NULL PRIMARY KEY,
    access_key_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    reported_at INTEGER NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    action TEXT NOT NULL
) STRICT;

CREATE INDEX access_key_leak_reports_account_ix ON access_key_leak_reports (account_id, reported_at);

CREATE TABLE access_key_usage_hours (
    access_key_id TEXT NOT NULL,
    hour INTEGER NOT NULL,
    calls INTEGER NOT NULL,
    refusals INTEGER NOT NULL,
    outside_policy INTEGER NOT NULL,
    PRIMARY KEY (access_key_id, hour)
) STRICT;

CREATE INDEX access_key_usage_hours_hour_ix ON access_key_usage_hours (hour);

CREATE TABLE access_key_usage_sources (
    access_key_id TEXT NOT NULL,
    day INTEGER NOT NULL,
    source_ip TEXT NOT NULL,
    calls INTEGER NOT NULL,
    outside_policy INTEGER NOT NULL,
    PRIMARY KEY (access_key_id, day, source_ip)
) STRICT;

CREATE INDEX access_key_usage_sources_day_ix ON access_key_usage_sources (day);
