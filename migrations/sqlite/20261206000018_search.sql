-- Full-text search in the hall (issue 27): the order's plain text beside
-- its title, and an FTS5 index over both with the trigram tokenizer, which
-- finds any substring of three or more characters in any script (Chinese
-- has no spaces between words, so word tokenizers cannot). Shorter terms
-- are checked with LIKE on the rows (src/server/db/hall_search.rs).
--
-- The index is an external-content table: it stores only the trigrams and
-- reads the text from `orders`, kept in step by the triggers below inside
-- the statement that writes the order, so a publish, edit or delete and its
-- index change commit or roll back together.

-- All text blocks' plain text, as written (cased); NOT NULL so the index
-- never sees a missing column. Orders published before this migration get
-- their excerpt (the first lines) until they are next edited.
ALTER TABLE orders ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE orders SET search_text = excerpt;

CREATE VIRTUAL TABLE orders_search USING fts5(
    title_folded, search_text,
    content = 'orders', content_rowid = 'id',
    tokenize = 'trigram'
);
INSERT INTO orders_search (orders_search) VALUES ('rebuild');

CREATE TRIGGER orders_search_insert AFTER INSERT ON orders BEGIN
    INSERT INTO orders_search (rowid, title_folded, search_text)
    VALUES (new.id, new.title_folded, new.search_text);
END;

CREATE TRIGGER orders_search_delete AFTER DELETE ON orders BEGIN
    INSERT INTO orders_search (orders_search, rowid, title_folded, search_text)
    VALUES ('delete', old.id, old.title_folded, old.search_text);
END;

-- Only an edit of the text re-indexes; state changes leave the index alone.
CREATE TRIGGER orders_search_update AFTER UPDATE OF title_folded, search_text ON orders BEGIN
    INSERT INTO orders_search (orders_search, rowid, title_folded, search_text)
    VALUES ('delete', old.id, old.title_folded, old.search_text);
    INSERT INTO orders_search (rowid, title_folded, search_text)
    VALUES (new.id, new.title_folded, new.search_text);
END;

-- A search of only one- or two-character terms has no trigram: its title
-- part reads this narrow index instead of every order's row.
CREATE INDEX orders_title_folded ON orders (title_folded);
