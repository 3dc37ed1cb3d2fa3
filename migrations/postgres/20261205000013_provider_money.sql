-- Money through a real provider (issue 24).
--
-- An intent remembers which provider took it and that provider's id for it
-- (a Stripe Checkout Session), so reconciliation can look it up and a
-- refund goes back through the provider that was paid.
ALTER TABLE payment_intents ADD COLUMN provider TEXT NOT NULL DEFAULT 'sandbox';
ALTER TABLE payment_intents ADD COLUMN provider_ref TEXT;
CREATE INDEX payment_intents_pending ON payment_intents (state, created_at);

-- A withdrawal goes to an account of the user's ('account': the existing
-- free-text payout account, plus the holder's name an Alipay transfer
-- needs) or back to one payment ('refund': `intent_id`). `payout_state`
-- is NULL until an approved withdrawal is sent through the provider, then
-- 'sending' until the provider's word settles it (paid or rejected).
ALTER TABLE withdrawals ADD COLUMN destination TEXT NOT NULL DEFAULT 'account'
    CHECK (destination IN ('account', 'refund'));
ALTER TABLE withdrawals ADD COLUMN holder TEXT;
ALTER TABLE withdrawals ADD COLUMN intent_id TEXT REFERENCES payment_intents (id);
ALTER TABLE withdrawals ADD COLUMN payout_state TEXT CHECK (payout_state IN ('sending'));
ALTER TABLE withdrawals ADD COLUMN payout_sent_at BIGINT;
-- A payment is refunded at most once (a rejected refund may be asked again).
CREATE UNIQUE INDEX withdrawals_one_refund ON withdrawals (intent_id)
    WHERE intent_id IS NOT NULL AND state <> 'rejected';
CREATE INDEX withdrawals_sending ON withdrawals (payout_state) WHERE payout_state IS NOT NULL;
