-- Servers' names, so the operator's command line can say which server a review belongs to.
-- Recorded when the bot joins a server or sees it at start-up, and updated when it is renamed;
-- a server the bot has not seen since this migration has no row (shown as "unknown").

CREATE TABLE guilds (
    guild_id   INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
