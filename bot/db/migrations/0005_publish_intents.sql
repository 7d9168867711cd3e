-- A publish in progress: written before anything is posted, updated as each message and the thread
-- are posted, and removed in the same transaction that records the review. A row left here means the
-- bot stopped half-way; the next start removes what it names from Discord.
CREATE TABLE publish_intents (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    message_ids TEXT NOT NULL DEFAULT '[]',
    thread_id   INTEGER,
    started_at  TEXT NOT NULL
);
