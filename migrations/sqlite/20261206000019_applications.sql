-- Applications (issue 27): a publisher may choose the solver from
-- applicants instead of letting the first taker win.
--
-- choose_applicants: 1 when a plain take is refused and the publisher
-- picks among applications; 0 is "first to take".
-- applicant_count: the order's active applications, changed by the same
-- conditional UPDATE that checks the order is open and under the limit, so
-- the per-order limit holds under concurrent applies and an apply racing a
-- pick is decided on the order's row.
ALTER TABLE orders ADD COLUMN choose_applicants BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN applicant_count BIGINT NOT NULL DEFAULT 0;

-- One row per (order, applicant), ever: applying again after withdrawing
-- (or after the order reopened) revives it. status: active, withdrawn,
-- chosen, declined.
CREATE TABLE applications (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id      BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    applicant_id  BIGINT NOT NULL REFERENCES users (id),
    pitch         TEXT NOT NULL,
    reward_minor  BIGINT,
    delivery_day  BIGINT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'active',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    CONSTRAINT applications_once UNIQUE (order_id, applicant_id),
    CONSTRAINT applications_status CHECK (status IN ('active', 'withdrawn', 'chosen', 'declined'))
);
CREATE INDEX applications_order_status ON applications (order_id, status);
CREATE INDEX applications_applicant ON applications (applicant_id);
