-- As ../0015: each server's language, for the operator's command line.
ALTER TABLE guilds ADD COLUMN locale TEXT;
