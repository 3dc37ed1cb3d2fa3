-- Saved searches with alerts (issue 27 item 3).
--
-- A saved search is a user's hall filter under a name, stored as the hall's
-- query string (without the page cursor), so it links back to the hall and
-- is parsed by the same code. `digest` = 1: its new matches also go into
-- the user's daily e-mail digest.
CREATE TABLE saved_searches (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    digest     BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX saved_searches_user ON saved_searches (user_id, id);

-- New orders waiting to be matched against every saved search, written in
-- the publish transaction (an edit writes none, so it never re-alerts).
-- A matcher claims a row by a conditional UPDATE until `claimed_until_ms`;
-- a matcher that dies leaves the claim to run out and another takes it.
-- The row is deleted in the transaction that records its alerts.
CREATE TABLE search_match_queue (
    order_id         BIGINT PRIMARY KEY NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    queued_ms        BIGINT NOT NULL,
    claimed_by       TEXT,
    claimed_until_ms BIGINT
);

-- One row per (saved search, order) that matched: the unique key makes a
-- second matching of one order (a retry after a crash) notify nobody again.
-- `digested_ms` is set when the match went out in a daily digest mail
-- (rows of searches without the digest are written with it set to 0).
CREATE TABLE search_alerts (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    saved_search_id BIGINT NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
    order_id        BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_ms      BIGINT NOT NULL,
    digested_ms     BIGINT,
    CONSTRAINT search_alerts_once UNIQUE (saved_search_id, order_id)
);
-- The digest's question: which users have matches not yet mailed?
CREATE INDEX search_alerts_undigested ON search_alerts (user_id, created_ms)
    WHERE digested_ms IS NULL;
