-- The shared catalogue's title index, kept beside the films instead of rebuilt in memory at every
-- start (at a million films that took 21-35 s and 1-2.4 GB). The rows are what bot.domain.titles
-- derives from a title (normalised keys, their words, the one-letter deletions of each word), so
-- they are written by Python (bot/db/title_index.py), not by triggers: an installation's index is
-- built on its first start after this migration, and follows the films through film_changes (0008).
-- The meta row 'title_index_mark' says up to which film change the index is current; no row: not built.
CREATE TABLE title_entries (
    film_id INTEGER PRIMARY KEY,
    title   TEXT NOT NULL,
    year    INTEGER,
    keys    TEXT NOT NULL  -- the film's look-up keys, one a line
);
CREATE TABLE title_keys (
    key     TEXT NOT NULL,
    film_id INTEGER NOT NULL,
    PRIMARY KEY (key, film_id)
) WITHOUT ROWID;
CREATE TABLE title_tokens (
    token   TEXT NOT NULL,
    film_id INTEGER NOT NULL,
    PRIMARY KEY (token, film_id)
) WITHOUT ROWID;
CREATE TABLE title_vocab (
    token TEXT PRIMARY KEY,
    films INTEGER NOT NULL  -- how many indexed films hold the word
) WITHOUT ROWID;
CREATE TABLE title_deletes (
    variant TEXT NOT NULL,  -- a word with one letter taken out
    token   TEXT NOT NULL,
    PRIMARY KEY (variant, token)
) WITHOUT ROWID;
