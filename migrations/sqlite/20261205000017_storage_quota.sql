-- The per-user storage quota (`rates.storage_quota_bytes`) counts the
-- user's files (their `size_bytes`) and their avatar's stored pictures,
-- whose size is kept here (0: no avatar, or one set before this column).
ALTER TABLE users ADD COLUMN avatar_bytes BIGINT NOT NULL DEFAULT 0;
