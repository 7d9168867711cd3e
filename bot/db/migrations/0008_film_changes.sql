-- Which films changed, in order, whoever changed them: the bot's title index applies only these
-- after another process (`reviewbot films import`) changes the catalogue, instead of re-reading and
-- re-indexing every film (at a million films that stalled commands for seconds and doubled memory).
-- One row per film (its latest change), so the log never outgrows the catalogue.
CREATE TABLE film_changes (
    film_id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL
);
CREATE INDEX film_changes_seq ON film_changes (seq);
CREATE TRIGGER films_changed_insert AFTER INSERT ON films BEGIN
    INSERT OR REPLACE INTO film_changes (film_id, seq)
        VALUES (NEW.id, (SELECT ifnull(max(seq), 0) + 1 FROM film_changes));
END;
CREATE TRIGGER films_changed_update AFTER UPDATE OF guild_id, title, year, aliases ON films BEGIN
    INSERT OR REPLACE INTO film_changes (film_id, seq)
        VALUES (NEW.id, (SELECT ifnull(max(seq), 0) + 1 FROM film_changes));
END;
CREATE TRIGGER films_changed_delete AFTER DELETE ON films BEGIN
    INSERT OR REPLACE INTO film_changes (film_id, seq)
        VALUES (OLD.id, (SELECT ifnull(max(seq), 0) + 1 FROM film_changes));
END;
