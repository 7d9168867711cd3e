-- Blogs' feeds that publish reviews into a server (the blog bridge), and every entry seen in each:
-- an entry is recorded when it is first seen (so adding a feed never floods a channel), claimed
-- before it is published (so two processes, or a restart mid-publish, publish it once), and linked
-- to its review, with the entry's own "updated" time so an edit on the blog re-renders the review.
CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL,
    channel_id    INTEGER NOT NULL,
    url           TEXT NOT NULL,
    title         TEXT,
    added_by      INTEGER NOT NULL,
    paused        INTEGER NOT NULL DEFAULT 0,
    etag          TEXT,
    last_modified TEXT,
    wordpress_api TEXT,
    created_at    TEXT NOT NULL,
    polled_at     TEXT,
    ok_at         TEXT,
    next_poll_at  TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    UNIQUE (guild_id, url)
);
CREATE INDEX feeds_due ON feeds (paused, next_poll_at);
CREATE TABLE feed_entries (
    feed_id           INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    entry_key         TEXT NOT NULL,
    state             TEXT NOT NULL,  -- seen (not to publish), claimed (being published), published
    review_id         INTEGER REFERENCES reviews (id) ON DELETE SET NULL,
    link              TEXT,
    entry_updated     TEXT,
    wordpress_post_id INTEGER,
    digest            TEXT,  -- of the entry's title and text: RSS 2.0 has no "updated" time
    seen_at           TEXT NOT NULL,
    PRIMARY KEY (feed_id, entry_key)
);
CREATE INDEX feed_entries_review ON feed_entries (review_id);
-- Comments read from the blog (WordPress's REST API) live in the same tree as Discord's replies:
-- source says where each came from ('discord' or 'blog'), url links a blog comment to its page.
ALTER TABLE comments ADD COLUMN source TEXT NOT NULL DEFAULT 'discord';
ALTER TABLE comments ADD COLUMN url TEXT;
