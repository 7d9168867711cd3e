-- Films looked up on TMDB: which shared film each TMDB id became and when it was last fetched, so a
-- background task refreshes it (daily near a release, monthly otherwise; TMDB's terms allow keeping
-- its data six months without a refresh), and where each can be watched per country (TMDB's watch
-- providers, which come from JustWatch). A film that was in the store before TMDB was asked has no
-- row here and is never overwritten by TMDB.
CREATE TABLE tmdb_films (
    film_id    INTEGER PRIMARY KEY REFERENCES films (id) ON DELETE CASCADE,
    tmdb_id    INTEGER NOT NULL UNIQUE,
    fetched_at TEXT NOT NULL
);
CREATE INDEX tmdb_films_fetched ON tmdb_films (fetched_at);
CREATE TABLE film_offers (
    film_id  INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
    country  TEXT NOT NULL,
    kind     TEXT NOT NULL,  -- flatrate, free, ads, rent or buy
    provider TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (film_id, country, kind, provider)
);
