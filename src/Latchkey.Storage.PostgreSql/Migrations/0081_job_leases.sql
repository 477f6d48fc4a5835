-- Latchkey schema (PostgreSQL), lifecycle 0081: scheduled jobs (idle-key disabling, recycle-bin
-- purge, rotations) run on one node of many: a node takes a job's lease row before running it.

CREATE TABLE job_leases (
    job_name text COLLATE "C" NOT NULL PRIMARY KEY,
    lease_holder text NULL,
    lease_until bigint NOT NULL,
    last_completed bigint NULL
);
