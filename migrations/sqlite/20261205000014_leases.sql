-- Leases: one instance at a time runs a periodic job (the upload sweep,
-- payment reconciliation). A lease is held by `holder` until `until_ms`;
-- the holder renews it on each run, and another instance takes it only
-- once it has run out (its holder stopped or died).
CREATE TABLE leases (
    name     TEXT PRIMARY KEY NOT NULL,
    holder   TEXT NOT NULL,
    until_ms BIGINT NOT NULL
);
