-- Facts about this installation, written once and read at start-up.
CREATE TABLE app_info (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    created_at BIGINT NOT NULL -- Unix milliseconds
);
