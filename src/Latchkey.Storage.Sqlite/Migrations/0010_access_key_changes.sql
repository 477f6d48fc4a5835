-- Latchkey schema (SQLite), resilience 0010: the change log of AccessKeys (an outbox written in
-- the transaction of each change, read by every node so a revocation is never lost when the
-- change feed is down) and the nodes that use this store (heartbeats).

CREATE TABLE access_key_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    access_key_id TEXT NOT NULL,
    changed_at INTEGER NOT NULL
) STRICT;

CREATE INDEX access_key_changes_changed_at_ix ON access_key_changes (changed_at);

CREATE TABLE cluster_nodes (
    node_id TEXT NOT NULL PRIMARY KEY,
    host_name TEXT NOT NULL,
    process_id INTEGER NOT NULL,
    shares_state INTEGER NOT NULL CHECK (shares_state IN (0, 1)),
    started_at INTEGER NOT NULL,
    heartbeats INTEGER NOT NULL,
    last_heartbeat INTEGER NOT NULL
) STRICT;
