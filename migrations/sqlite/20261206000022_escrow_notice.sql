-- The chat's escrow notice ("what you send here is not protected by the
-- escrow"), once dismissed by a member, stays dismissed for the order the
-- conversation was about when they dismissed it; a conversation opened
-- again from another unsecured order shows it again.
ALTER TABLE conversation_members ADD COLUMN escrow_notice_order BIGINT;
