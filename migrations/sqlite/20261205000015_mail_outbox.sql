-- The mail outbox: every mail is first a row, written in the transaction of
-- the change it reports (a rolled-back step mails nobody), then sent by a
-- background worker (server::mail::worker) with retries and backoff, at
-- least once. A worker claims a row (claimed_by, claimed_until_ms) before
-- sending it, so two instances never send one row at the same time; a claim
-- of a worker that died runs out and the row is sent by another.
-- `content` is the mail to render (JSON); it is emptied once the mail is
-- sent, so a mailed code does not stay in the database.
CREATE TABLE mail_outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id       TEXT NOT NULL UNIQUE,
    content          TEXT NOT NULL,
    created_ms       BIGINT NOT NULL,
    due_ms           BIGINT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    claimed_by       TEXT,
    claimed_until_ms BIGINT,
    sent_ms          BIGINT,
    failed_ms        BIGINT,
    last_error       TEXT
);

-- The worker's question ("what is due?") and the outbox depth.
CREATE INDEX mail_outbox_waiting ON mail_outbox (due_ms)
    WHERE sent_ms IS NULL AND failed_ms IS NULL;
