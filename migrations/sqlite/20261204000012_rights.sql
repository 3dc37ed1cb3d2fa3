-- Amounts the database refuses on its own, behind the services' validation
-- (issue 23): a fixed reward is positive (NULL is a negotiable one), and a
-- dispute decision's shares are never negative.
--
-- SQLite cannot add a CHECK to an existing table, so triggers stand in for
-- the PostgreSQL constraints. Each aborts with exactly the name of the
-- PostgreSQL constraint as its message (a trigger has no other name to
-- report), which is how src/server/error.rs maps it to a 4xx.
CREATE TRIGGER orders_reward_positive_insert
BEFORE INSERT ON orders
WHEN NEW.reward_minor IS NOT NULL AND NEW.reward_minor <= 0
BEGIN
    SELECT RAISE(ABORT, 'orders_reward_positive');
END;

CREATE TRIGGER orders_reward_positive_update
BEFORE UPDATE OF reward_minor ON orders
WHEN NEW.reward_minor IS NOT NULL AND NEW.reward_minor <= 0
BEGIN
    SELECT RAISE(ABORT, 'orders_reward_positive');
END;

CREATE TRIGGER disputes_shares_not_negative_insert
BEFORE INSERT ON disputes
WHEN NEW.to_solver_minor < 0 OR NEW.to_publisher_minor < 0 OR NEW.fee_minor < 0
BEGIN
    SELECT RAISE(ABORT, 'disputes_shares_not_negative');
END;

CREATE TRIGGER disputes_shares_not_negative_update
BEFORE UPDATE OF to_solver_minor, to_publisher_minor, fee_minor ON disputes
WHEN NEW.to_solver_minor < 0 OR NEW.to_publisher_minor < 0 OR NEW.fee_minor < 0
BEGIN
    SELECT RAISE(ABORT, 'disputes_shares_not_negative');
END;
