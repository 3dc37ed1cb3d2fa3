-- Withdrawals and disputes. The ledger learns three movements for
-- withdrawals (hold, paid out, hold returned).
ALTER TABLE ledger_transactions DROP CONSTRAINT ledger_transactions_kind_check;
ALTER TABLE ledger_transactions ADD CONSTRAINT ledger_transactions_kind_check
    CHECK (kind IN ('top_up', 'fund', 'release', 'refund',
                    'withdraw_hold', 'withdraw_paid', 'withdraw_return'));

-- A user's request to be paid out: the amount moves from available to held
-- when it is made, and leaves the platform (paid) or returns (rejected)
-- when an admin decides. `held` of a user always equals the sum of their
-- pending withdrawals (`bounty ledger check` verifies it).
CREATE TABLE withdrawals (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id        BIGINT NOT NULL REFERENCES users (id),
    amount_minor   BIGINT NOT NULL CHECK (amount_minor > 0),
    payout_account TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('pending', 'paid', 'rejected')),
    reference      TEXT,                        -- the payout's reference (paid) or the reason (rejected)
    decided_by     BIGINT REFERENCES users (id),
    created_at     BIGINT NOT NULL,
    decided_at     BIGINT,
    CONSTRAINT withdrawals_decided CHECK ((state = 'pending') = (decided_at IS NULL))
);
CREATE INDEX withdrawals_user ON withdrawals (user_id, id);
CREATE INDEX withdrawals_state ON withdrawals (state, id);

-- At most one dispute per order. While it is undecided the order is frozen
-- (`orders.disputed_at` set: no confirmation, changes, submission, return
-- or automatic release); an admin's decision moves the escrow and closes it.
CREATE TABLE disputes (
    order_id           BIGINT PRIMARY KEY NOT NULL REFERENCES orders (id),
    opened_by          BIGINT NOT NULL REFERENCES users (id),
    reason             TEXT NOT NULL,
    opened_at          BIGINT NOT NULL,
    outcome            TEXT CHECK (outcome IN ('release', 'refund', 'split')),
    to_solver_minor    BIGINT,                  -- of the escrow, before the fee
    to_publisher_minor BIGINT,
    fee_minor          BIGINT,                  -- taken from the solver's share
    decision_reason    TEXT,
    decided_by         BIGINT REFERENCES users (id),
    decided_at         BIGINT,
    CONSTRAINT disputes_decided CHECK ((outcome IS NULL) = (decided_at IS NULL))
);
CREATE INDEX disputes_open ON disputes (decided_at, opened_at);

ALTER TABLE orders ADD COLUMN disputed_at BIGINT;
