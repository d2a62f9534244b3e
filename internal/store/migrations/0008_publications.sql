-- The ledger of what has been published of each wave's results. A
-- publication is never changed or removed; a new one is added only when it
-- passes the anonymity audit together with every earlier one. Every process
-- reads the same ledger, so the server, `sayso report` and any other command
-- show the same figures.
CREATE TABLE publications (
    wave_id      INTEGER NOT NULL REFERENCES waves (id),
    seq          INTEGER NOT NULL,
    responses    INTEGER NOT NULL,
    final        INTEGER NOT NULL,
    published_on TEXT    NOT NULL,
    state        BLOB    NOT NULL,
    PRIMARY KEY (wave_id, seq)
) WITHOUT ROWID;

-- Snapshots were each process's own view of the results; the ledger
-- replaces them.
DROP TABLE snapshots;
