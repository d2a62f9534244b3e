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

-- A response's id is random, so neither it nor the table's order says
-- anything of when it came; its date is the day only; it holds no address,
-- agent or cookie. wave_id has no foreign key: the batch that inserts
-- responses checks their wave in the same transaction (and waves are never
-- deleted), and a per-row foreign key check would make every batch INSERT
-- keep a statement journal, which costs more than the rest of the insert.
CREATE TABLE responses (
    id           INTEGER PRIMARY KEY,
    wave_id      INTEGER NOT NULL,
    submitted_on TEXT    NOT NULL,
    answers      BLOB    NOT NULL
);
CREATE INDEX responses_wave ON responses (wave_id);
