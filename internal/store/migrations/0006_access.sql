-- Access that can be taken away: accounts can be disabled, and API tokens
-- have an id to list and revoke them by, an expiry and their last use.
ALTER TABLE accounts ADD COLUMN disabled_at TEXT;

CREATE TABLE tokens_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, so the audit log names one token
    hash         BLOB    NOT NULL UNIQUE,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL,
    last_used_at TEXT
);

-- Tokens made before expiry existed get the default 90 days from now, so
-- that no integration stops on the day of the upgrade.
INSERT INTO tokens_new (hash, account_id, created_at, expires_at)
SELECT hash, account_id, created_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+90 days') FROM tokens ORDER BY created_at;

DROP TABLE tokens;
ALTER TABLE tokens_new RENAME TO tokens;
CREATE INDEX tokens_account ON tokens (account_id);
