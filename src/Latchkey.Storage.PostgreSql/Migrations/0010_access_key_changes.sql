-- Latchkey schema (PostgreSQL), resilience 0010: the change log of AccessKeys (an outbox written
-- in the transaction of each change, read by every node so a revocation is never lost when the
-- change feed is down) and the nodes that use this database (heartbeats).
-- Writers take an advisory transaction lock before appending, so sequences commit in order.

CREATE TABLE access_key_changes (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    access_key_id text COLLATE "C" NOT NULL,
    changed_at bigint NOT NULL
);

CREATE INDEX access_key_changes_changed_at_ix ON access_key_changes (changed_at);

CREATE TABLE cluster_nodes (
    node_id text COLLATE "C" NOT NULL PRIMARY KEY,
    host_name text NOT NULL,
    process_id integer NOT NULL,
    shares_state boolean NOT NULL,
    started_at bigint NOT NULL,
    heartbeats bigint NOT NULL,
    last_heartbeat bigint NOT NULL
);
