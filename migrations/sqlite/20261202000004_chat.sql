-- Conversations between two users, each member's cursors, messages and
-- blocks. A message's seq is unique in its conversation and assigned from
-- conversations.last_seq inside the transaction that stores the message.
CREATE TABLE conversations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_low   BIGINT NOT NULL REFERENCES users (id),
    user_high  BIGINT NOT NULL REFERENCES users (id),
    order_id   BIGINT REFERENCES orders (id) ON DELETE SET NULL, -- the order it was last opened from
    last_seq   BIGINT NOT NULL DEFAULT 0,
    last_at    BIGINT NOT NULL,                                  -- Unix ms of the newest message (or creation)
    created_at BIGINT NOT NULL,
    CONSTRAINT conversations_pair_key UNIQUE (user_low, user_high),
    CONSTRAINT conversations_two_people CHECK (user_low < user_high)
);
CREATE INDEX conversations_high ON conversations (user_high);

CREATE TABLE conversation_members (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         BIGINT NOT NULL REFERENCES users (id),
    read_seq        BIGINT NOT NULL DEFAULT 0,   -- messages up to here are read
    hidden_seq      BIGINT,                      -- hidden from my list until a message after this seq
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_user ON conversation_members (user_id);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             BIGINT NOT NULL,
    sender_id       BIGINT NOT NULL REFERENCES users (id),
    client_id       TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('text', 'image', 'file')),
    body_text       TEXT,                        -- text messages
    file_id         TEXT REFERENCES files (id),  -- image and file messages
    created_at      BIGINT NOT NULL,
    CONSTRAINT messages_seq_key UNIQUE (conversation_id, seq),
    CONSTRAINT messages_client_key UNIQUE (sender_id, client_id),
    CONSTRAINT messages_kind_content CHECK ((kind = 'text') = (body_text IS NOT NULL AND file_id IS NULL))
);

CREATE TABLE blocks (
    blocker_id BIGINT NOT NULL REFERENCES users (id),
    blocked_id BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);

-- A chat file belongs to the conversation it was sent in; only its two
-- members may download it.
ALTER TABLE files ADD COLUMN conversation_id BIGINT REFERENCES conversations (id) ON DELETE CASCADE;
