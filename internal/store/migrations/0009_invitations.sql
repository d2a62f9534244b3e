-- Invitations by email. While a wave is open, the addresses its invitations
-- went to, each with the hash of its current code, so that reminders reach
-- only those whose code is unused. No date and no order of answering is kept:
-- whether an address has answered is only whether its code is used, and
-- nothing ties a code to a response. Deleted when the wave closes, or
-- keep_days after it opened.
CREATE TABLE invitations (
    id        INTEGER PRIMARY KEY,
    wave_id   INTEGER NOT NULL REFERENCES waves (id),
    address   TEXT    NOT NULL,
    code_hash BLOB    UNIQUE, -- null until a code is minted for the address
    status    TEXT    NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'bounced')),
    UNIQUE (wave_id, address)
);

-- Each wave's invitation email, reminder schedule and counts of what was sent.
CREATE TABLE invitation_settings (
    wave_id        INTEGER PRIMARY KEY REFERENCES waves (id),
    organisation   TEXT    NOT NULL DEFAULT '',
    subject        TEXT    NOT NULL DEFAULT '',
    message        TEXT    NOT NULL DEFAULT '',
    remind_after   TEXT    NOT NULL DEFAULT '', -- days after opening, like "7,14"
    remind_before  TEXT    NOT NULL DEFAULT '', -- days before closing, like "2"
    keep_days      INTEGER NOT NULL DEFAULT 0 CHECK (keep_days >= 0), -- 0: until the wave closes
    reminders_sent INTEGER NOT NULL DEFAULT 0,
    forgotten      INTEGER NOT NULL DEFAULT 0 -- the addresses have been deleted
);

-- The days of a wave's reminder schedule already handled.
CREATE TABLE reminder_runs (
    wave_id INTEGER NOT NULL REFERENCES waves (id),
    due_on  TEXT    NOT NULL,
    PRIMARY KEY (wave_id, due_on)
) WITHOUT ROWID;

-- Codes a reminder replaced, so that the old code is refused with a reason.
-- Deleted with the addresses.
CREATE TABLE replaced_codes (
    hash    BLOB    PRIMARY KEY,
    wave_id INTEGER NOT NULL REFERENCES waves (id)
) WITHOUT ROWID;
