-- A response's key becomes its wave's id above 40 random bits (see
-- waveKeys), so that one wave's responses lie together: reading a wave
-- needs no index, and storing a response writes one page, not two. The
-- wave_id column and its index go. Each response keeps the low 40 bits of
-- its random key; the rare one that meets another in its wave draws anew.
CREATE TEMP TABLE rekeyed (old INTEGER PRIMARY KEY, new INTEGER NOT NULL UNIQUE);
INSERT OR IGNORE INTO rekeyed SELECT id, (wave_id << 40) | (id & 1099511627775) FROM responses;
INSERT OR IGNORE INTO rekeyed SELECT id, (wave_id << 40) | (random() & 1099511627775) FROM responses WHERE id NOT IN (SELECT old FROM rekeyed);
INSERT OR IGNORE INTO rekeyed SELECT id, (wave_id << 40) | (random() & 1099511627775) FROM responses WHERE id NOT IN (SELECT old FROM rekeyed);
INSERT OR IGNORE INTO rekeyed SELECT id, (wave_id << 40) | (random() & 1099511627775) FROM responses WHERE id NOT IN (SELECT old FROM rekeyed);
-- The upgrade stops, changing nothing, unless every response has a key
-- and every wave id fits above the random bits.
CREATE TEMP TABLE rekeyed_all (complete INTEGER NOT NULL CHECK (complete));
INSERT INTO rekeyed_all SELECT (SELECT count(*) FROM rekeyed) = (SELECT count(*) FROM responses)
    AND coalesce((SELECT max(wave_id) FROM responses), 0) < 8388608
    AND coalesce((SELECT max(id) FROM waves), 0) < 8388608;
CREATE TABLE responses_by_wave (
    id           INTEGER PRIMARY KEY,
    submitted_on TEXT    NOT NULL,
    answers      BLOB    NOT NULL
);
-- Written in key order, so the new table's pages keep no arrival order.
INSERT INTO responses_by_wave (id, submitted_on, answers)
    SELECT k.new, r.submitted_on, r.answers FROM responses r JOIN rekeyed k ON k.old = r.id ORDER BY k.new;
DROP TABLE rekeyed;
DROP TABLE rekeyed_all;
DROP TABLE responses;
ALTER TABLE responses_by_wave RENAME TO responses;
