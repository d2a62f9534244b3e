-- How many staff are in each group of a breakdown, entered by an admin for
-- a wave, so that each group shown has a response rate. breakdown is the
-- breakdown's questions joined by commas, value the group's answers.
CREATE TABLE group_headcounts (
    wave_id   INTEGER NOT NULL REFERENCES waves (id),
    breakdown TEXT    NOT NULL,
    value     TEXT    NOT NULL,
    headcount INTEGER NOT NULL CHECK (headcount BETWEEN 1 AND 1000000),
    PRIMARY KEY (wave_id, breakdown, value)
) WITHOUT ROWID;

-- Benchmark files: the figures of other councils or of a national survey
-- that a wave's scores are set beside. The file is kept as it was given,
-- and read again with the benchmark format's rules.
CREATE TABLE benchmarks (
    id        INTEGER PRIMARY KEY,
    name      TEXT    NOT NULL UNIQUE,
    survey    TEXT    NOT NULL,
    file      BLOB    NOT NULL,
    added_on  TEXT    NOT NULL
);
