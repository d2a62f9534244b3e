-- Responses are kept in one tree ordered by wave, then by their random id,
-- instead of a table ordered by id and an index by wave: storing a response
-- then writes one page at a random place, not two, and a wave's responses
-- are read in one sweep. The order still says nothing of when they came.
CREATE TABLE responses_by_wave (
    wave_id      INTEGER NOT NULL,
    id           INTEGER NOT NULL,
    submitted_on TEXT    NOT NULL,
    answers      BLOB    NOT NULL,
    PRIMARY KEY (wave_id, id)
) WITHOUT ROWID;
INSERT INTO responses_by_wave (wave_id, id, submitted_on, answers)
    SELECT wave_id, id, submitted_on, answers FROM responses;
DROP TABLE responses;
ALTER TABLE responses_by_wave RENAME TO responses;
