-- Notifications: every transition of an order (and a withdrawal's
-- decision) tells the other party, written in the transaction of the
-- transition itself; unread until the user marks them read.
CREATE TABLE notifications (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    order_id   BIGINT REFERENCES orders (id) ON DELETE CASCADE,
    actor_id   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    read_at    BIGINT                       -- NULL: unread
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);

-- Whether the important notifications are also mailed (1) or not (0), and
-- in which language (the one the user last chose it in).
ALTER TABLE users ADD COLUMN mail_notifications BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN mail_locale TEXT NOT NULL DEFAULT 'en';
