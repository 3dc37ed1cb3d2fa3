-- Agreements between the two parties of a taken order.
-- A proposal to cancel it (while nothing was submitted): who proposed;
-- the other party's acceptance cancels the order and refunds the escrow.
ALTER TABLE orders ADD COLUMN cancel_proposed_by BIGINT REFERENCES users (id);
-- A negotiable reward the publisher fixed, waiting for the solver to
-- accept it; accepted, it becomes `reward_minor` and may be funded.
ALTER TABLE orders ADD COLUMN reward_proposed_minor BIGINT CHECK (reward_proposed_minor > 0);
