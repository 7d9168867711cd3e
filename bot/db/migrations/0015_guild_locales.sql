-- Each server's language (Discord's preferred_locale, e.g. "fr"), kept beside its name so the operator's
-- command line writes a server's exports and static site in that language without asking Discord.
-- Recorded with the name; a server not seen since this migration has none (US English is used).
ALTER TABLE guilds ADD COLUMN locale TEXT;
