-- "You said, we did": what was done about what staff said in a wave.
CREATE TABLE actions (
    id         INTEGER PRIMARY KEY,
    wave_id    INTEGER NOT NULL REFERENCES waves (id),
    theme      TEXT    NOT NULL DEFAULT '',
    question   TEXT    NOT NULL DEFAULT '',
    title      TEXT    NOT NULL,
    staff_said TEXT    NOT NULL,
    we_did     TEXT    NOT NULL,
    owner      TEXT    NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('planned', 'in progress', 'done')),
    due        TEXT    NOT NULL DEFAULT '',
    published  INTEGER NOT NULL DEFAULT 0,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
CREATE INDEX actions_wave ON actions (wave_id, published);
