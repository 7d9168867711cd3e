-- New blog comments posted into the review's Discord thread as quoted messages, when the server asks
-- for it (off by default). A blog comment found by a poll after its post's first read is queued
-- (pending), claimed by the one process that posts it (posting), then posted; the claim is never
-- taken over, so a process that dies mid-post leaves that quote unposted rather than posted twice.
-- Each Discord message of a quote is remembered against its blog comment, so a Discord reply to it
-- nests under the blog comment and the quote itself is never mirrored as a comment.
ALTER TABLE guild_settings ADD COLUMN blog_comments_to_discord INTEGER NOT NULL DEFAULT 0;
-- 1 once a post's blog comments have been read: what that first read finds is imported, not posted.
ALTER TABLE feed_entries ADD COLUMN comments_read INTEGER NOT NULL DEFAULT 0;
CREATE TABLE blog_quotes (
    comment_id INTEGER PRIMARY KEY REFERENCES comments (message_id) ON DELETE CASCADE,
    review_id  INTEGER NOT NULL,
    state      TEXT NOT NULL,  -- pending, posting, posted
    queued_at  TEXT NOT NULL,
    claimed_at TEXT
);
CREATE INDEX blog_quotes_pending ON blog_quotes (review_id, state);
CREATE TABLE blog_quote_messages (
    message_id INTEGER PRIMARY KEY,  -- a Discord message the bot posted quoting the blog comment
    comment_id INTEGER NOT NULL REFERENCES blog_quotes (comment_id) ON DELETE CASCADE
);
