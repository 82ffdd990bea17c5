-- Each release's record document (the record file's YAML) at its current version.
CREATE TABLE releases (
    id         TEXT PRIMARY KEY,
    version    BIGINT NOT NULL CHECK (version >= 1),
    document   TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Every version of every release: the document and the change that made it.
CREATE TABLE release_history (
    release_id TEXT NOT NULL REFERENCES releases (id),
    version    BIGINT NOT NULL,
    document   TEXT NOT NULL,
    change     TEXT NOT NULL,
    actor      TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (release_id, version)
);
CREATE INDEX release_history_at ON release_history (at);

CREATE TABLE proposals (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    release_id   TEXT NOT NULL REFERENCES releases (id),
    base_version BIGINT NOT NULL,
    author       TEXT NOT NULL,
    change       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
    created_at   TEXT NOT NULL
);
CREATE INDEX proposals_status ON proposals (status, id);

-- One review per proposal: the UNIQUE key is what makes a second review a conflict.
CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id     BIGINT NOT NULL UNIQUE REFERENCES proposals (id),
    maintainer      TEXT NOT NULL,
    decision        TEXT NOT NULL CHECK (decision IN ('accept', 'reject')),
    reason          TEXT,
    release_version BIGINT,
    at              TEXT NOT NULL
);

-- Maintainer tokens: only the SHA-256 of the token is kept.
CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT,
    last_used_at TEXT
);
CREATE UNIQUE INDEX tokens_active_name ON tokens (name) WHERE revoked_at IS NULL;

-- Every write, appended in the writing transaction; the triggers refuse edits and deletions.
CREATE TABLE audit (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    before  TEXT,
    after   TEXT
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
