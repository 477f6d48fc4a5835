-- Latchkey schema (PostgreSql), lifecycle 0083: the newest credential report of each account (IMS
-- GenerateCredentialReport / GetCredentialReport): the CSV of identities, their passwords, MFA
-- and AccessKeys (never a secret or a hash), kept so it can be read page by page.

CREATE TABLE credential_reports (
    account_id text COLLATE "C" NOT NULL PRIMARY KEY REFERENCES accounts (account_id),
    generated_at bigint NOT NULL,
    content text NOT NULL
);
