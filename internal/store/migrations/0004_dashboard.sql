-- Signed-in sessions of the dashboard, kept only as hashes of their ids.
CREATE TABLE sessions (
    hash       BLOB    PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TEXT    NOT NULL,
    seen_at    TEXT    NOT NULL
) WITHOUT ROWID;

-- Every admin action: who, what, when.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT    NOT NULL,
    actor  TEXT    NOT NULL,
    action TEXT    NOT NULL,
    detail TEXT    NOT NULL
);
