-- As ../0003: servers' names, for the operator's command line.
CREATE TABLE guilds (
    guild_id   BIGINT PRIMARY KEY,
    name       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
