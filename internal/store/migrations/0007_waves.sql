-- A cap on a wave's responses (0: none), for waves reached by a shared
-- link, which anyone holding it can answer more than once.
ALTER TABLE waves ADD COLUMN max_responses INTEGER NOT NULL DEFAULT 0 CHECK (max_responses >= 0);

-- One row the health check rewrites, to prove a write reaches the disk.
CREATE TABLE health (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    checks INTEGER NOT NULL
);
