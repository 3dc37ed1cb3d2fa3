-- The gram index (issue 27): every distinct one- and two-character piece of
-- an order's folded title and text, so a term too short for a trigram
-- (翻译, "ui": most Chinese words are two characters) is looked up in a GIN
-- index instead of read off every order (measured before: 228 ms for 翻译
-- at 100,000 orders). PostgreSQL computes the pieces itself, so the
-- indexes need no column and no code to stay in step.
--
-- Built of C functions only, so it costs about 23 us for a 130-character
-- text (a first version with unnest, lead() and DISTINCT took 165 us): the
-- single characters, then every pair, made by doubling each character
-- around a space ("abc" -> "a ab bc c") and splitting on spaces, so no
-- pair holds a space (a term never does); repeats, the space itself and an
-- empty piece are harmless to GIN.
-- src/server/db/order_grams.rs.
CREATE FUNCTION search_grams(t TEXT) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT string_to_array(t, NULL)
        || string_to_array(regexp_replace(t, '(.)', '\1 \1', 'g'), ' ')
$$;

CREATE INDEX orders_search_grams ON orders
    USING gin (search_grams(title_folded || ' ' || lower(search_text)));
CREATE INDEX orders_title_grams ON orders USING gin (search_grams(title_folded));
