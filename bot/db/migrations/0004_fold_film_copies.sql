-- One film, one entry. Before imports matched across scopes, `/film import` of a film the shared
-- catalogue had added a server's own copy beside it, which made the title ambiguous. Fold each such
-- copy (same TMDB id, else same title and year) into the shared film, as imports now do: the copy's
-- dates become the server's own dates of the shared film for their (country, type), and its reviews
-- and reminders follow. Titles differing beyond ASCII case are folded by the server's next import.

CREATE TEMP TABLE film_copies AS
SELECT c.id AS copy_id, c.guild_id AS guild_id, coalesce(
    (SELECT min(s.id) FROM films AS s WHERE s.guild_id IS NULL AND s.tmdb_id = c.tmdb_id),
    (SELECT min(s.id) FROM films AS s
     WHERE s.guild_id IS NULL AND s.title = c.title COLLATE NOCASE AND s.year IS c.year)
) AS shared_id
FROM films AS c
WHERE c.guild_id IS NOT NULL;

DELETE FROM film_copies WHERE shared_id IS NULL;

DELETE FROM releases WHERE id IN (
    SELECT own.id FROM releases AS own
    JOIN film_copies AS f ON own.film_id = f.shared_id AND own.guild_id = f.guild_id
    WHERE EXISTS (
        SELECT 1 FROM releases AS moved
        WHERE moved.film_id = f.copy_id AND moved.country = own.country AND moved.type = own.type
    )
);

UPDATE releases SET film_id = (SELECT shared_id FROM film_copies WHERE copy_id = releases.film_id)
WHERE film_id IN (SELECT copy_id FROM film_copies);

UPDATE reviews SET film_id = (SELECT shared_id FROM film_copies WHERE copy_id = reviews.film_id)
WHERE film_id IN (SELECT copy_id FROM film_copies);

UPDATE reminders SET film_id = (SELECT shared_id FROM film_copies WHERE copy_id = reminders.film_id)
WHERE film_id IN (SELECT copy_id FROM film_copies);

DELETE FROM films WHERE id IN (SELECT copy_id FROM film_copies);

DROP TABLE film_copies;
