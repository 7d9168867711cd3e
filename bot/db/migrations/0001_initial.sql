-- Reviewbot's first schema. Snowflakes are INTEGER (they fit in SQLite's 64-bit integers);
-- times are ISO 8601 UTC text; lists are JSON text.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE guild_settings (
    guild_id          INTEGER PRIMARY KEY,
    review_channel_id INTEGER,
    reviewer_role_id  INTEGER,
    answer_questions  INTEGER NOT NULL DEFAULT 1,
    country           TEXT
);

CREATE TABLE member_settings (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    country  TEXT,
    PRIMARY KEY (guild_id, user_id)
);

-- Films with guild_id NULL form the shared catalogue (shipped data and `reviewbot films import`);
-- a guild's curators add films of their own, seen by that guild only.
CREATE TABLE films (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER,
    title           TEXT NOT NULL,
    year            INTEGER,
    original_title  TEXT,
    aliases         TEXT NOT NULL DEFAULT '[]',
    director        TEXT,
    cast_members    TEXT NOT NULL DEFAULT '[]',
    runtime_minutes INTEGER,
    tmdb_id         INTEGER,
    imdb_id         TEXT,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX films_scope_tmdb ON films (ifnull(guild_id, 0), tmdb_id) WHERE tmdb_id IS NOT NULL;
CREATE INDEX films_scope_title ON films (ifnull(guild_id, 0), title COLLATE NOCASE, year);

-- A release row with guild_id NULL is shared; a guild's own rows for a (country, type) replace the
-- shared ones for that guild, and a guild row with date NULL hides them.
CREATE TABLE releases (
    id            INTEGER PRIMARY KEY,
    film_id       INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
    guild_id      INTEGER,
    country       TEXT NOT NULL,
    type          INTEGER NOT NULL CHECK (type BETWEEN 1 AND 6),
    date          TEXT,
    certification TEXT,
    note          TEXT
);
CREATE INDEX releases_film ON releases (film_id, guild_id);

CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    film_id     INTEGER REFERENCES films (id) ON DELETE SET NULL,
    film_title  TEXT NOT NULL,
    film_year   INTEGER,
    author_id   INTEGER,
    byline      TEXT NOT NULL,
    rating      REAL CHECK (rating IS NULL OR (rating >= 0 AND rating <= 5)),
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    channel_id  INTEGER,
    message_ids TEXT NOT NULL DEFAULT '[]',
    thread_id   INTEGER,
    deleted_at  TEXT
);
CREATE INDEX reviews_guild ON reviews (guild_id, deleted_at, created_at DESC);
CREATE UNIQUE INDEX reviews_thread ON reviews (thread_id) WHERE thread_id IS NOT NULL;

CREATE TABLE comments (
    message_id  INTEGER PRIMARY KEY,
    review_id   INTEGER NOT NULL REFERENCES reviews (id),
    guild_id    INTEGER NOT NULL,
    thread_id   INTEGER NOT NULL,
    author_id   INTEGER NOT NULL,
    author_name TEXT NOT NULL,
    content     TEXT,
    attachments TEXT NOT NULL DEFAULT '[]',
    created_at  TEXT NOT NULL,
    edited_at   TEXT,
    parent_id   INTEGER,
    is_bot      INTEGER NOT NULL DEFAULT 0,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comments_thread ON comments (thread_id, message_id);
CREATE INDEX comments_review ON comments (review_id, message_id);

CREATE TABLE comment_history (
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES comments (message_id) ON DELETE CASCADE,
    content     TEXT,
    edited_at   TEXT,
    replaced_at TEXT NOT NULL
);
CREATE INDEX comment_history_message ON comment_history (message_id, id);

CREATE TABLE reminders (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    film_id     INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
    country     TEXT NOT NULL,
    format      TEXT NOT NULL,
    known_date  TEXT,
    created_at  TEXT NOT NULL,
    done_at     TEXT
);
CREATE INDEX reminders_open ON reminders (done_at, film_id);
CREATE INDEX reminders_member ON reminders (guild_id, user_id);
