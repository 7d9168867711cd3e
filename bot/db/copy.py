"""Moving an installation from its SQLite file to PostgreSQL (`reviewbot db copy --to postgresql://…`).

Everything is copied in one PostgreSQL transaction, so a failure half-way leaves the target as empty as
it was; the target must hold no rows, so a copy can never mix two installations. Row counts are
compared table by table before the transaction commits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.db.database import Database, DatabaseError, redact_url
from bot.db.postgres import PostgresDatabase

log = logging.getLogger(__name__)

#: Parents before children, so foreign keys hold at every row; any other table follows.
TABLE_ORDER = ("meta", "guild_settings", "member_settings", "guilds", "films", "releases", "reviews",
               "comments", "comment_history", "reminders", "publish_intents", "mirror_gaps", "thread_reads")
#: Rebuilt by triggers as films are copied: emptied and then copied as it was, sequence numbers and all.
TRIGGER_FED = ("film_changes",)
#: Rows per COPY batch: bounded memory for a million-comment store.
BATCH = 20_000


class CopyError(Exception):
    """The copy cannot be done; the message says why in one line, and the target is unchanged."""


@dataclass(frozen=True)
class CopyReport:
    tables: int
    rows: int
    target: str


_CONVERT: dict[str, Callable[[Any], Any]] = {
    "bigint": int, "integer": int, "smallint": int, "double precision": float, "real": float, "text": str,
}


async def copy_database(
    source: Path, url: str, *, progress: Callable[[str, int], None] | None = None
) -> CopyReport:
    """Copy every table of the SQLite database at *source* into the empty PostgreSQL database at *url*."""
    shown = redact_url(url)
    try:
        async with Database.open(source) as sqlite, PostgresDatabase.open(url) as pg:
            return await _copy(sqlite, pg, shown, progress)
    except DatabaseError as exc:
        raise CopyError(str(exc)) from None


async def _copy(
    sqlite: Database, pg: PostgresDatabase, shown: str, progress: Callable[[str, int], None] | None
) -> CopyReport:
    if await sqlite.schema_version() != await pg.schema_version():
        raise CopyError(f"the two schemas differ (SQLite {await sqlite.schema_version()}, PostgreSQL "
                        f"{await pg.schema_version()}); upgrade Reviewbot and run `reviewbot db migrate` on both")
    source_tables = {row[0] for row in await sqlite.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    async with pg.pool.acquire() as raw, raw.transaction():
        columns = await _pg_columns(raw)
        missing = sorted(set(columns) - source_tables)
        if missing:
            raise CopyError(f"the SQLite database lacks table(s) {', '.join(missing)}; run `reviewbot db migrate`")
        occupied = [(table, n) for table in columns if (n := await raw.fetchval(f'SELECT count(*) FROM "{table}"'))]
        if occupied:
            what = ", ".join(f"{table} ({n:,})" for table, n in occupied)
            raise CopyError(f"{shown} is not empty: {what}. Copy into a new, empty database (createdb), so that "
                            "two installations are never mixed")
        ordered = [t for t in TABLE_ORDER if t in columns] + sorted(set(columns) - set(TABLE_ORDER))
        total = 0
        for table in ordered:
            names = list(columns[table])
            copied = await _copy_table(sqlite, raw, table, names, columns[table])
            theirs = await raw.fetchval(f'SELECT count(*) FROM "{table}"')
            ours = (await sqlite.fetchone(f'SELECT count(*) FROM "{table}"'))[0]
            if theirs != ours or copied != ours:
                raise CopyError(f"table {table}: {ours:,} row(s) in SQLite but {theirs:,} after the copy; "
                                "nothing was kept")
            total += ours
            if progress is not None:
                progress(table, ours)
        await _advance_sequences(raw, columns)
    log.info("Copied %d row(s) in %d table(s) to %s", total, len(ordered), shown)
    return CopyReport(len(ordered), total, shown)


async def _pg_columns(raw: Any) -> dict[str, dict[str, str]]:
    """table → column → data type, for the store's tables in the target's schema."""
    rows = await raw.fetch(
        "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns AS c"
        " JOIN information_schema.tables AS t ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
        " WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
        " AND c.table_name <> 'reviewbot_schema' ORDER BY c.table_name, c.ordinal_position")
    found: dict[str, dict[str, str]] = {}
    for row in rows:
        found.setdefault(row["table_name"], {})[row["column_name"]] = row["data_type"]
    return found


async def _copy_table(sqlite: Database, raw: Any, table: str, names: list[str], types: dict[str, str]) -> int:
    if table in TRIGGER_FED:
        await raw.execute(f'DELETE FROM "{table}"')
    convert = [_CONVERT.get(types[name], lambda v: v) for name in names]
    select = ", ".join(f'"{name}"' for name in names)
    copied, last = 0, 0
    while True:
        # Keyset pages on SQLite's rowid (every store table has one): bounded memory at any size.
        rows = await sqlite.fetchall(
            f'SELECT rowid, {select} FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT {BATCH}', (last,))
        if not rows:
            return copied
        records = [tuple(None if value is None else fn(value) for fn, value in zip(convert, row[1:], strict=True))
                   for row in rows]
        await raw.copy_records_to_table(table, records=records, columns=names)
        copied += len(records)
        last = rows[-1][0]
        if len(rows) < BATCH:
            return copied


async def _advance_sequences(raw: Any, columns: dict[str, dict[str, str]]) -> None:
    """Identity columns and the change log's sequence continue after the copied rows."""
    for table in columns:
        sequence = await raw.fetchval("SELECT pg_get_serial_sequence($1, 'id')", table) if "id" in columns[table] \
            else None
        if sequence:
            top = await raw.fetchval(f'SELECT coalesce(max(id), 0) FROM "{table}"')
            await raw.execute("SELECT setval($1, $2, $3)", sequence, max(top, 1), top > 0)
    if "film_changes" in columns:
        top = await raw.fetchval("SELECT coalesce(max(seq), 0) FROM film_changes")
        await raw.execute("SELECT setval('film_changes_seq_source', $1, $2)", max(top, 1), top > 0)
