-- Sealed previews commit to a solution without revealing it (issue 23):
-- each submitted version gets 32 random bytes of salt (hex) and the salted
-- commitment to its digest that the publisher sees before opening it
-- (the construction is documented in src/server/services/orders/seal.rs).
-- Versions submitted before this migration keep both NULL: they show no
-- digests and no counts until they are opened, since their only digests
-- are unsalted and would confirm a guessed answer.
ALTER TABLE submissions ADD COLUMN salt TEXT;
ALTER TABLE submissions ADD COLUMN commitment TEXT;
