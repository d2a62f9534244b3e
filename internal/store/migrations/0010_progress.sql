-- A respondent's unfinished answers, sealed with a key only they hold (in
-- their cookie or resume link). id is a one-way hash of their secret, not
-- the key; nothing here can be read without the secret. A row lives until
-- the response is submitted, the wave closes or expires_on passes.
CREATE TABLE progress (
    id         BLOB    NOT NULL PRIMARY KEY,
    wave_id    INTEGER NOT NULL REFERENCES waves (id),
    expires_on TEXT    NOT NULL,
    sealed     BLOB    NOT NULL
) WITHOUT ROWID;
CREATE INDEX progress_by_wave ON progress (wave_id);
CREATE INDEX progress_by_expiry ON progress (expires_on);

-- One-time submission tokens, as hashes: a form's final submission spends
-- its token in the transaction that stores the response, so a double click
-- or a replay stores one response. Nothing ties a token to a response or
-- to saved progress.
CREATE TABLE submission_tokens (
    hash       BLOB    NOT NULL PRIMARY KEY,
    wave_id    INTEGER NOT NULL REFERENCES waves (id),
    expires_on TEXT    NOT NULL,
    used       INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX submission_tokens_by_wave ON submission_tokens (wave_id);
CREATE INDEX submission_tokens_by_expiry ON submission_tokens (expires_on);
