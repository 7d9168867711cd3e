-- The shared catalogue's title index moves out of the store into a SQLite file of its own
-- (bot/db/title_index.py): derived from the films, it needs no backup, a PostgreSQL store can keep one
-- too, and the store's other writes no longer make its readers map the file again. The tables of 0012
-- go; the bot builds the file at its first start after this migration (before ready for a small
-- catalogue, in the background for a large one). TMDB's listed titles keep their tables (0014).
DROP TABLE title_entries;
DROP TABLE title_keys;
DROP TABLE title_tokens;
DROP TABLE title_vocab;
DROP TABLE title_deletes;
DELETE FROM meta WHERE key IN ('title_index_mark', 'title_index_building');
