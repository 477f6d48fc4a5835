-- Latchkey schema, version 2 (PostgreSQL): failed console log ons per logon key, shared by every
-- node, so a restart or another node behind a load balancer does not reset a lockout.
-- logon_key is a SHA-256 hex digest of the case-folded logon name (no attacker-chosen text stored).

CREATE TABLE logon_throttles (
    logon_key text COLLATE "C" NOT NULL PRIMARY KEY,
    failures integer NOT NULL CHECK (failures > 0),
    window_end bigint NOT NULL,
    locked_until bigint NULL
);

CREATE INDEX logon_throttles_window_end_ix ON logon_throttles (window_end);
