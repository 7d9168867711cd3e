-- As ../0014_tmdb_titles.sql: TMDB's list of film ids and titles. Only the list: on PostgreSQL title
-- indexes are built in memory (bot/services/release_desk.py), and the listed titles are not indexed.
CREATE TABLE tmdb_titles (
    tmdb_id    BIGINT PRIMARY KEY,
    title      TEXT NOT NULL,
    popularity DOUBLE PRECISION NOT NULL DEFAULT 0,
    listed_at  TEXT NOT NULL
);
