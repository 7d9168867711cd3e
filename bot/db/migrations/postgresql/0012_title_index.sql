-- ../0012_title_index.sql keeps the shared catalogue's title index in SQLite, read through a memory map
-- of the file. A PostgreSQL store has no such file: its bots build the index in memory at start, as
-- every store did before 0012 (pg_trgm would be the counterpart). The version is recorded, nothing else.
SELECT 1;
