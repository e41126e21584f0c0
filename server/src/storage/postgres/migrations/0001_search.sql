-- Full-text search (console search, GET /api/v1/search), as SQLite's FTS5 tables (0003/0007) index it:
-- messages' body, and visitors' name and e-mail. Generated stored tsvector columns, so no code path can
-- forget to index and a message is searchable once its transaction commits; GIN indexes over them.
-- The columns are not in schema.ts: row types stay equal to SQLite's, and selects never fetch them.
--
-- The `atendo` configuration is `simple` (no stemming, no stopwords: conversations mix languages, and
-- FTS5's unicode61 does not stem either) with `unaccent` first, so case and accents fold as with
-- unicode61 remove_diacritics 2: `nao` finds "Não", `привет` finds "ПРИВЕТ", `acucar cafe` finds
-- "Café com açúcar". Every run of punctuation becomes a space before parsing, so an e-mail address
-- is the words `ana souza example com` as in unicode61 (PostgreSQL's parser would keep it as one
-- `email` token otherwise). Not `[^[:alnum:]]`: under an lc_ctype of C that class is ASCII only and
-- would erase "ПРИВЕТ". Case folding of non-ASCII letters needs a UTF-8 lc_ctype (C.UTF-8,
-- en_US.UTF-8…), the default of initdb on a UTF-8 system; with lc_ctype C, "ПРИВЕТ" stays upper case.
-- unaccent is a trusted extension since PostgreSQL 13: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION atendo (COPY = simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION atendo
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
  WITH unaccent, simple;
--> statement-breakpoint
-- Letters outside ASCII are letters, and fold, only in a database whose LC_CTYPE is a UTF-8 locale
-- (C.UTF-8, en_US.UTF-8…). Under LC_CTYPE=C, `[[:alnum:]]` is ASCII only ("Não" would be indexed as
-- `n o`) and `ПРИВЕТ` would not be lowered: search would quietly miss accented and Cyrillic words.
-- Refuse such a database here, with the fix, rather than index every message wrongly.
DO $$
BEGIN
  IF to_tsvector('atendo', regexp_replace('Não, ПРИВЕТ!', '[^[:alnum:]]+', ' ', 'g'))::text <> '''nao'':1 ''привет'':2' THEN
    RAISE EXCEPTION 'Atendo''s search needs a database whose LC_CTYPE is a UTF-8 locale; this one''s is "%". Create it with e.g. CREATE DATABASE atendo TEMPLATE template0 ENCODING ''UTF8'' LC_COLLATE ''C.UTF-8'' LC_CTYPE ''C.UTF-8''.', current_setting('lc_ctype');
  END IF;
END $$;
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "search_vector" tsvector
  GENERATED ALWAYS AS (to_tsvector('atendo', regexp_replace("body", '[[:punct:]]+', ' ', 'g'))) STORED;
--> statement-breakpoint
CREATE INDEX "messages_search_idx" ON "messages" USING gin ("search_vector");
--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "search_vector" tsvector
  GENERATED ALWAYS AS (to_tsvector('atendo', regexp_replace(coalesce("name", '') || ' ' || coalesce("email", ''), '[[:punct:]]+', ' ', 'g'))) STORED;
--> statement-breakpoint
CREATE INDEX "visitors_search_idx" ON "visitors" USING gin ("search_vector");
