-- As ../0008: which films changed, in order, whoever changed them (one row per film, its latest change).
-- The sequence comes from a PostgreSQL sequence rather than max(seq) + 1: two processes importing at
-- once must not hand out the same number.
CREATE SEQUENCE film_changes_seq_source;
CREATE TABLE film_changes (
    film_id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL
);
CREATE INDEX film_changes_seq ON film_changes (seq);
CREATE FUNCTION note_film_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed BIGINT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := OLD.id;
    ELSE
        changed := NEW.id;
    END IF;
    INSERT INTO film_changes (film_id, seq) VALUES (changed, nextval('film_changes_seq_source'))
        ON CONFLICT (film_id) DO UPDATE SET seq = excluded.seq;
    RETURN NULL;
END;
$$;
CREATE TRIGGER films_changed_insert AFTER INSERT ON films FOR EACH ROW EXECUTE FUNCTION note_film_change();
CREATE TRIGGER films_changed_update AFTER UPDATE OF guild_id, title, year, aliases ON films
    FOR EACH ROW EXECUTE FUNCTION note_film_change();
CREATE TRIGGER films_changed_delete AFTER DELETE ON films FOR EACH ROW EXECUTE FUNCTION note_film_change();
