-- As ../0016: the title index moves to a SQLite file of its own (REVIEWBOT_TITLE_INDEX names it for a
-- PostgreSQL store); 0012 created no tables here, so there is nothing to drop.
--
-- An index file follows film_changes by seq, keeping the newest seq it applied. On PostgreSQL a
-- transaction takes its seq when it writes and becomes visible when it commits, so a long import
-- (seqs 10-100,009, committed at the end) could be overtaken by a quick change (seq 100,010) that a
-- follower applied first: it would then never look below 100,010 again, and the import would be
-- missing from its index. So a statement that changes films first takes a transaction-level advisory
-- lock: writers of films take turns, and seqs become visible in the order they were handed out
-- (SQLite's single writer gives that order for free). The lock is taken before the statement touches
-- a row (a statement trigger, BEFORE), so a writer never holds a film row while waiting for it.
-- Other tables' writers are not held up.
CREATE FUNCTION take_film_change_turn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7312630001);  -- the film change log's turn (a fixed key of its own)
    RETURN NULL;
END;
$$;
CREATE TRIGGER films_change_turn BEFORE INSERT OR DELETE OR UPDATE OF guild_id, title, year, aliases
    ON films FOR EACH STATEMENT EXECUTE FUNCTION take_film_change_turn();
