-- Storing a message advances its conversation (last_seq, last_at) and the
-- sender's read cursor in the same statement, so sending a text message is
-- one INSERT ... SELECT ... FOR UPDATE (the row lock queues concurrent
-- senders to one conversation, each then reading the seq the one before
-- stored). Neither value ever moves back.
CREATE FUNCTION messages_advance_conversation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE conversations SET last_seq = NEW.seq, last_at = NEW.created_at
        WHERE id = NEW.conversation_id AND last_seq < NEW.seq;
    UPDATE conversation_members SET read_seq = NEW.seq
        WHERE conversation_id = NEW.conversation_id AND user_id = NEW.sender_id
          AND read_seq < NEW.seq;
    RETURN NULL;
END;
$$;
CREATE TRIGGER messages_advance_conversation AFTER INSERT ON messages
    FOR EACH ROW EXECUTE FUNCTION messages_advance_conversation();
