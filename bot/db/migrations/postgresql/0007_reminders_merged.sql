-- As ../0007: one open reminder per member, film, country and kind of release.
DELETE FROM reminders WHERE done_at IS NULL AND id NOT IN (
    SELECT min(id) FROM reminders WHERE done_at IS NULL GROUP BY guild_id, user_id, film_id, country, format
);
CREATE UNIQUE INDEX reminders_one_open ON reminders (guild_id, user_id, film_id, country, format)
    WHERE done_at IS NULL;
CREATE INDEX reminders_user_open ON reminders (user_id) WHERE done_at IS NULL;
