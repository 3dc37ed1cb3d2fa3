-- Public questions on an order: a signed-in user asks under an open order,
-- its publisher answers once and may hide a question. Markdown is kept as
-- written and as the sanitised HTML rendered at write time. Deleting an
-- (open) order deletes its questions.
CREATE TABLE order_questions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id    BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    asker_id    BIGINT NOT NULL REFERENCES users (id),
    body        TEXT NOT NULL,
    body_html   TEXT NOT NULL,
    answer      TEXT,                 -- NULL: not answered
    answer_html TEXT,
    answered_at BIGINT,
    hidden_at   BIGINT,               -- NULL: shown to everyone
    created_at  BIGINT NOT NULL,
    CONSTRAINT order_questions_answer_whole CHECK (
        (answer IS NULL) = (answer_html IS NULL) AND (answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX order_questions_order ON order_questions (order_id, id);
