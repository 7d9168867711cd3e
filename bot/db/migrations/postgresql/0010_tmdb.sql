-- As ../0010_tmdb.sql: films looked up on TMDB, and where each can be watched per country.
CREATE TABLE tmdb_films (
    film_id    BIGINT PRIMARY KEY REFERENCES films (id) ON DELETE CASCADE,
    tmdb_id    BIGINT NOT NULL UNIQUE,
    fetched_at TEXT NOT NULL
);
CREATE INDEX tmdb_films_fetched ON tmdb_films (fetched_at);
CREATE TABLE film_offers (
    film_id  BIGINT NOT NULL REFERENCES films (id) ON DELETE CASCADE,
    country  TEXT NOT NULL,
    kind     TEXT NOT NULL,
    provider TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (film_id, country, kind, provider)
);
