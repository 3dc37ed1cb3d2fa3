-- Amounts the database refuses on its own, behind the services' validation
-- (issue 23): a fixed reward is positive (NULL is a negotiable one), and a
-- dispute decision's shares are never negative. Services map a violation
-- to a 4xx by these constraint names (src/server/error.rs); the SQLite
-- migration of the same number raises the same names from triggers.
ALTER TABLE orders
    ADD CONSTRAINT orders_reward_positive CHECK (reward_minor IS NULL OR reward_minor > 0);
ALTER TABLE disputes
    ADD CONSTRAINT disputes_shares_not_negative CHECK (
        (to_solver_minor IS NULL OR to_solver_minor >= 0)
        AND (to_publisher_minor IS NULL OR to_publisher_minor >= 0)
        AND (fee_minor IS NULL OR fee_minor >= 0)
    );
