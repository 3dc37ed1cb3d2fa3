-- The gram index (issue 27): every distinct one- and two-character piece of
-- an order's folded title and text, so a term too short for the trigram
-- index (翻译, "ui") is looked up, not read off every order. The server
-- writes the grams (src/server/db/order_grams.rs): SQLite cannot cut text
-- into pieces inside a trigger.
--
-- Contentless (the index only, no copy of the text), contentless_delete so
-- a row is removed by its rowid (SQLite 3.43+; the bundled one is 3.46),
-- detail=column (no positions: every query is one token, with or without a
-- column filter). The ascii tokenizer keeps non-ASCII characters and, with
-- these token characters, every printable ASCII character but the quotes,
-- so each space-separated gram is one token.
CREATE VIRTUAL TABLE orders_grams USING fts5(
    title, body,
    content = '', contentless_delete = 1, detail = column,
    tokenize = "ascii tokenchars '!#$%&()*+,-./:;<=>?@[\]^_`{|}~'"
);

-- Orders whose grams are missing or stale; the server indexes them
-- (`order_grams::drain`, run after every migration).
CREATE TABLE orders_grams_backlog (order_id INTEGER PRIMARY KEY);
INSERT INTO orders_grams_backlog (order_id) SELECT id FROM orders;

CREATE TRIGGER orders_grams_insert AFTER INSERT ON orders BEGIN
    INSERT OR IGNORE INTO orders_grams_backlog (order_id) VALUES (new.id);
END;

CREATE TRIGGER orders_grams_update AFTER UPDATE OF title_folded, search_text ON orders BEGIN
    DELETE FROM orders_grams WHERE rowid = old.id;
    INSERT OR IGNORE INTO orders_grams_backlog (order_id) VALUES (new.id);
END;

CREATE TRIGGER orders_grams_delete AFTER DELETE ON orders BEGIN
    DELETE FROM orders_grams WHERE rowid = old.id;
    DELETE FROM orders_grams_backlog WHERE order_id = old.id;
END;

-- The narrow title index served searches of only short terms; the gram
-- index does now (the previous release only loses speed without it).
DROP INDEX orders_title_folded;

-- A trigram index of titles alone for the title part of a search: the
-- column filter on `orders_search` read the trigrams' lists of title and
-- text alike (a common word's thousands of text matches), this one holds
-- the short titles only. Kept like `orders_search`, by triggers.
CREATE VIRTUAL TABLE orders_title_search USING fts5(
    title_folded,
    content = 'orders', content_rowid = 'id',
    tokenize = 'trigram'
);
INSERT INTO orders_title_search (orders_title_search) VALUES ('rebuild');

CREATE TRIGGER orders_title_search_insert AFTER INSERT ON orders BEGIN
    INSERT INTO orders_title_search (rowid, title_folded) VALUES (new.id, new.title_folded);
END;

CREATE TRIGGER orders_title_search_delete AFTER DELETE ON orders BEGIN
    INSERT INTO orders_title_search (orders_title_search, rowid, title_folded)
    VALUES ('delete', old.id, old.title_folded);
END;

CREATE TRIGGER orders_title_search_update AFTER UPDATE OF title_folded ON orders BEGIN
    INSERT INTO orders_title_search (orders_title_search, rowid, title_folded)
    VALUES ('delete', old.id, old.title_folded);
    INSERT INTO orders_title_search (rowid, title_folded) VALUES (new.id, new.title_folded);
END;
