-- Latchkey schema (PostgreSQL), lifecycle 0080: the AccessKey recycle bin. A deleted key keeps
-- its row (and its encrypted secret, so master-key rotation still covers it) with the time it was
-- recycled and the time it is purged; a key with recycle_date set is in the bin: it never
-- verifies, is not listed with the live keys and does not count against the owner's limit.

ALTER TABLE access_keys ADD COLUMN recycle_date bigint NULL;
ALTER TABLE access_keys ADD COLUMN purge_date bigint NULL;
ALTER TABLE access_keys ADD CONSTRAINT access_keys_recycle_ck CHECK ((purge_date IS NULL) = (recycle_date IS NULL));

CREATE INDEX access_keys_purge_ix ON access_keys (purge_date) WHERE purge_date IS NOT NULL;
