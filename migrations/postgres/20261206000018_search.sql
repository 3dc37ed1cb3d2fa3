-- Full-text search in the hall (issue 27): the order's plain text beside
-- its title, and a pg_trgm GIN index over both that answers LIKE '%term%'
-- for any term of three or more characters in any script. A text-search
-- configuration was not chosen: PostgreSQL ships no Chinese parser (its
-- parsers split on spaces, which Chinese does not have), and the agreed
-- semantics are substrings, which tsvector words are not.
--
-- pg_trgm takes trigrams from what the database's LC_CTYPE counts as
-- alphanumeric: with C.UTF-8 or en_US.UTF-8 (glibc) Chinese characters
-- count; with LC_CTYPE = C they do not and a Chinese search reads every
-- open order (correct, only slower). src/server/db/hall_search.rs.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- All text blocks' plain text, as written (cased). Orders published before
-- this migration get their excerpt (the first lines) until next edited.
ALTER TABLE orders ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE orders SET search_text = excerpt;

-- One index over title and text: a term never holds a space, so it cannot
-- match across the joining space.
CREATE INDEX orders_search_trgm ON orders
    USING gin ((title_folded || ' ' || lower(search_text)) gin_trgm_ops);

-- Title matches rank first and are read as their own part of a search:
-- a title-only index keeps that part small when few titles hold the word.
CREATE INDEX orders_title_trgm ON orders USING gin (title_folded gin_trgm_ops);
