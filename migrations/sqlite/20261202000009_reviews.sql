-- Reviews: after an order is done, its publisher and its solver rate each
-- other once (1-5 and a comment), editable for 7 days after writing.
CREATE TABLE reviews (
    order_id    BIGINT NOT NULL REFERENCES orders (id),
    reviewer_id BIGINT NOT NULL REFERENCES users (id),
    reviewee_id BIGINT NOT NULL REFERENCES users (id),
    rating      BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (order_id, reviewer_id),
    CONSTRAINT reviews_not_self CHECK (reviewer_id <> reviewee_id)
);
CREATE INDEX reviews_reviewee ON reviews (reviewee_id, created_at);
