-- Waves, invitation codes and responses.
CREATE TABLE waves (
    id              INTEGER PRIMARY KEY,
    survey_id       TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    access          TEXT    NOT NULL CHECK (access IN ('link', 'codes', 'both')),
    link_code       TEXT    UNIQUE,
    headcount       INTEGER NOT NULL DEFAULT 0 CHECK (headcount >= 0),
    opened_on       TEXT    NOT NULL,
    closes_on       TEXT,
    closed          INTEGER NOT NULL DEFAULT 0,
    definition      BLOB    NOT NULL,
    definition_hash TEXT    NOT NULL
);

-- Invitation codes are kept only as SHA-256 hashes. A used code is marked,
-- never dated, and nothing links it to the response it let in.
CREATE TABLE codes (
    hash    BLOB    PRIMARY KEY,
    wave_id INTEGER NOT NULL REFERENCES waves (id),
    used    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX codes_wave ON codes (wave_id, used);

-- A response's key is random, so the table's order says nothing of when it
-- came; its date is the day only; it holds no address, agent or cookie.
CREATE TABLE responses (
    id           BLOB    PRIMARY KEY,
    wave_id      INTEGER NOT NULL REFERENCES waves (id),
    submitted_on TEXT    NOT NULL,
    answers      BLOB    NOT NULL
) WITHOUT ROWID;
CREATE INDEX responses_wave ON responses (wave_id);
