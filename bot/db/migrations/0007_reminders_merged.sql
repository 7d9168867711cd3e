-- One open reminder per member, film, country and kind of release. Asking again for the same release
-- merges into the reminder already open (it moves to the channel asked in) instead of adding a
-- second one that would ping again on every date change; duplicates made before are folded now.
DELETE FROM reminders WHERE done_at IS NULL AND id NOT IN (
    SELECT min(id) FROM reminders WHERE done_at IS NULL GROUP BY guild_id, user_id, film_id, country, format
);
CREATE UNIQUE INDEX reminders_one_open ON reminders (guild_id, user_id, film_id, country, format)
    WHERE done_at IS NULL;
-- The cap on a member's reminders counts them across every server.
CREATE INDEX reminders_user_open ON reminders (user_id) WHERE done_at IS NULL;
