-- Latchkey schema (PostgreSQL), 0100: server-side AccessKey rotations (docs/access-keys.md, "Rotation").
-- One row per rotation, kept after it ends (the console shows the outcome; the rotation job forgets
-- rows 30 days after they finished). No foreign key to access_keys: deleting a key by hand ends
-- its rotation (the job sees it gone) instead of deleting the rotation's record. A key is in at
-- most one open rotation (Waiting or Disabled) as the old key and at most one as the new key.

CREATE TABLE access_key_rotations (
    rotation_id text COLLATE "C" NOT NULL PRIMARY KEY,
    account_id text COLLATE "C" NOT NULL,
    user_id text COLLATE "C" NULL,
    old_access_key_id text COLLATE "C" NOT NULL,
    new_access_key_id text COLLATE "C" NOT NULL,
    grace_ticks bigint NOT NULL,
    recycle_hold_ticks bigint NOT NULL,
    started_at bigint NOT NULL,
    started_by text NOT NULL,
    state text NOT NULL CHECK (state IN ('Waiting', 'Disabled', 'Recycled', 'Cancelled', 'Ended')),
    state_changed_at bigint NOT NULL,
    last_seen_use bigint NOT NULL,
    observed_calls bigint NOT NULL,
    end_reason text NULL
);

CREATE UNIQUE INDEX access_key_rotations_open_old_ux ON access_key_rotations (old_access_key_id) WHERE state IN ('Waiting', 'Disabled');
CREATE UNIQUE INDEX access_key_rotations_open_new_ux ON access_key_rotations (new_access_key_id) WHERE state IN ('Waiting', 'Disabled');
CREATE INDEX access_key_rotations_account_ix ON access_key_rotations (account_id, state_changed_at);
CREATE INDEX access_key_rotations_state_ix ON access_key_rotations (state, started_at);
