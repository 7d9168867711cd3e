-- As ../0013_blog_quotes.sql: new blog comments posted into Discord as quotes, and their messages.
ALTER TABLE guild_settings ADD COLUMN blog_comments_to_discord INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feed_entries ADD COLUMN comments_read INTEGER NOT NULL DEFAULT 0;
CREATE TABLE blog_quotes (
    comment_id BIGINT PRIMARY KEY REFERENCES comments (message_id) ON DELETE CASCADE,
    review_id  BIGINT NOT NULL,
    state      TEXT NOT NULL,
    queued_at  TEXT NOT NULL,
    claimed_at TEXT
);
CREATE INDEX blog_quotes_pending ON blog_quotes (review_id, state);
CREATE TABLE blog_quote_messages (
    message_id BIGINT PRIMARY KEY,
    comment_id BIGINT NOT NULL REFERENCES blog_quotes (comment_id) ON DELETE CASCADE
);
