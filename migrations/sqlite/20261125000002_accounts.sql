-- Accounts and their server-side sessions.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT NOT NULL,           -- trimmed, lower-case
    nickname      TEXT NOT NULL,
    password_hash TEXT NOT NULL,           -- argon2id PHC string
    role          TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    intro         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    avatar_key    TEXT,
    banned_reason TEXT,                    -- NULL: not banned
    created_at    BIGINT NOT NULL,         -- Unix milliseconds
    updated_at    BIGINT NOT NULL,
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY NOT NULL, -- random, named in the session token
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    revoked_at   BIGINT                     -- NULL: live
);

CREATE INDEX sessions_user_id ON sessions (user_id);
