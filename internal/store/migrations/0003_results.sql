-- Each wave's response count, kept in the transaction that stores
-- responses, so the count is exact without counting rows.
ALTER TABLE waves ADD COLUMN responses INTEGER NOT NULL DEFAULT 0;
UPDATE waves SET responses = (SELECT count(*) FROM responses r WHERE r.wave_id = waves.id);

-- The results last published for a wave. While a wave is open, results
-- move only in steps of at least k responses, so the published state is
-- kept across restarts.
CREATE TABLE snapshots (
    wave_id      INTEGER PRIMARY KEY REFERENCES waves (id),
    responses    INTEGER NOT NULL,
    state        BLOB    NOT NULL,
    published_on TEXT    NOT NULL
);
