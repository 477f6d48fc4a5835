-- Latchkey schema (SQLite), lifecycle 0081: scheduled jobs (idle-key disabling, recycle-bin
-- purge, rotations) run on one node of many: a node takes a job's lease row before running it.

CREATE TABLE job_leases (
    job_name TEXT NOT NULL PRIMARY KEY,
    lease_holder TEXT NULL,
    lease_until INTEGER NOT NULL,
    last_completed INTEGER NULL
) STRICT;
