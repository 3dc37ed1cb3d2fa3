-- Money: the double-entry ledger, payment intents and the provider's events.
-- Balances are the sums of entries; `balance_minor` caches that sum and is
-- updated in the transaction that adds the entries (`bounty ledger check`
-- verifies both). Transactions and entries are append-only.
CREATE TABLE ledger_accounts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_key   TEXT NOT NULL,               -- "user:7:available", "order:3:escrow", ...
    kind          TEXT NOT NULL CHECK (kind IN ('available', 'held', 'escrow', 'fees', 'clearing')),
    user_id       BIGINT REFERENCES users (id),
    order_id      BIGINT REFERENCES orders (id), -- no cascade: an order with money history is never deleted
    balance_minor BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    CONSTRAINT ledger_accounts_key UNIQUE (account_key),
    CONSTRAINT ledger_accounts_not_negative CHECK (kind = 'clearing' OR balance_minor >= 0)
);

CREATE TABLE ledger_transactions (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('top_up', 'fund', 'release', 'refund')),
    idempotency_key TEXT NOT NULL,             -- a retried command finds its first result here
    user_id         BIGINT REFERENCES users (id), -- who asked
    order_id        BIGINT REFERENCES orders (id),
    reference       TEXT,                      -- e.g. the payment intent
    created_at      BIGINT NOT NULL,
    CONSTRAINT ledger_transactions_idempotency_key UNIQUE (idempotency_key)
);
CREATE INDEX ledger_transactions_order ON ledger_transactions (order_id, id);

CREATE TABLE ledger_entries (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id BIGINT NOT NULL REFERENCES ledger_transactions (id),
    account_id     BIGINT NOT NULL REFERENCES ledger_accounts (id),
    amount_minor   BIGINT NOT NULL CHECK (amount_minor <> 0),
    created_at     BIGINT NOT NULL
);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id, id);
CREATE INDEX ledger_entries_transaction ON ledger_entries (transaction_id);

CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger rows are append-only';
END;
$$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- A payment started with the provider; `order_id` set when the payment
-- tops up a shortfall and should fund that order once it succeeds.
CREATE TABLE payment_intents (
    id              TEXT PRIMARY KEY NOT NULL, -- random; the provider's reference to us
    user_id         BIGINT NOT NULL REFERENCES users (id),
    order_id        BIGINT REFERENCES orders (id) ON DELETE SET NULL,
    amount_minor    BIGINT NOT NULL CHECK (amount_minor > 0),
    state           TEXT NOT NULL CHECK (state IN ('pending', 'succeeded', 'declined', 'abandoned')),
    idempotency_key TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    CONSTRAINT payment_intents_idempotency_key UNIQUE (user_id, idempotency_key)
);
CREATE INDEX payment_intents_user ON payment_intents (user_id, created_at);

-- Every provider event taken in, so a redelivered one changes nothing.
CREATE TABLE payment_events (
    event_id    TEXT PRIMARY KEY NOT NULL,
    intent_id   TEXT NOT NULL REFERENCES payment_intents (id),
    kind        TEXT NOT NULL,
    received_at BIGINT NOT NULL
);

-- When the reward was escrowed (NULL: not funded); the amount is the
-- order's escrow account. Kept after a refund as the record.
ALTER TABLE orders ADD COLUMN funded_at BIGINT;
-- When the escrow is released by itself unless the publisher confirms,
-- asks for changes or disputes first (NULL: no countdown running). Set at
-- the first opening of a submitted version.
ALTER TABLE orders ADD COLUMN release_due_at BIGINT;
-- How many times the publisher asked for changes (at most 3).
ALTER TABLE orders ADD COLUMN change_rounds BIGINT NOT NULL DEFAULT 0;
CREATE INDEX orders_release_due ON orders (release_due_at);

-- Reveal receipts: the first opening of each submitted version by the
-- publisher, with the digest that was opened.
CREATE TABLE reveals (
    order_id     BIGINT NOT NULL REFERENCES orders (id),
    version      BIGINT NOT NULL,
    publisher_id BIGINT NOT NULL REFERENCES users (id),
    digest       TEXT NOT NULL,
    revealed_at  BIGINT NOT NULL,
    PRIMARY KEY (order_id, version)
);
