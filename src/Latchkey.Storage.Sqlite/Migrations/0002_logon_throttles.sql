-- Latchkey schema, version 2 (SQLite): failed console log ons per logon key, shared by every
-- process using the file, so a restart does not reset a lockout.
-- logon_key is a SHA-256 hex digest of the case-folded logon name (no attacker-chosen text stored).

CREATE TABLE logon_throttles (
    logon_key TEXT NOT NULL PRIMARY KEY,
    failures INTEGER NOT NULL CHECK (failures > 0),
    window_end INTEGER NOT NULL,
    locked_until INTEGER NULL
) STRICT;

CREATE INDEX logon_throttles_window_end_ix ON logon_throttles (window_end);
