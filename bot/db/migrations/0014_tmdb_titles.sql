-- TMDB's daily list of every film id (movie_ids_MM_DD_YYYY.json.gz, loaded by
-- `reviewbot films import-tmdb-ids`): a title per id, so autocomplete and title matching know about
-- a million films without asking TMDB; a film's details are fetched from TMDB when it is first chosen.
CREATE TABLE tmdb_titles (
    tmdb_id    INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    popularity REAL NOT NULL DEFAULT 0,
    listed_at  TEXT NOT NULL  -- when an import last saw it in TMDB's list (ids gone from the list stay)
);
-- Their title index, the same shape as the shared catalogue's (0012) but apart from it, keyed by TMDB
-- id: the store's own films are searched first and never crowded out by a million listed titles, and
-- a listed title leaves this index once its film is stored (the stored film answers from then on).
-- Written by bot/db/tmdb_titles.py with each batch of the list.
CREATE TABLE listed_entries (
    film_id INTEGER PRIMARY KEY,  -- the TMDB id
    title   TEXT NOT NULL,
    year    INTEGER,
    keys    TEXT NOT NULL
);
CREATE TABLE listed_keys (
    key     TEXT NOT NULL,
    film_id INTEGER NOT NULL,
    PRIMARY KEY (key, film_id)
) WITHOUT ROWID;
CREATE TABLE listed_tokens (
    token   TEXT NOT NULL,
    film_id INTEGER NOT NULL,
    PRIMARY KEY (token, film_id)
) WITHOUT ROWID;
CREATE TABLE listed_vocab (
    token TEXT PRIMARY KEY,
    films INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE listed_deletes (
    variant TEXT NOT NULL,
    token   TEXT NOT NULL,
    PRIMARY KEY (variant, token)
) WITHOUT ROWID;
