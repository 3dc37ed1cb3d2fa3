-- Storing a message advances its conversation (last_seq, last_at) and the
-- sender's read cursor in the same statement, so sending a text message is
-- one INSERT ... SELECT: one round trip to the single SQLite writer instead
-- of a transaction of six. Neither value ever moves back.
CREATE TRIGGER messages_advance_conversation AFTER INSERT ON messages
BEGIN
    UPDATE conversations SET last_seq = NEW.seq, last_at = NEW.created_at
        WHERE id = NEW.conversation_id AND last_seq < NEW.seq;
    UPDATE conversation_members SET read_seq = NEW.seq
        WHERE conversation_id = NEW.conversation_id AND user_id = NEW.sender_id
          AND read_seq < NEW.seq;
END;
