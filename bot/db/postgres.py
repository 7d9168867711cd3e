"""The store on PostgreSQL: an asyncpg pool behind the same interface as the SQLite database.

The store modules write their SQL once, in SQLite's spelling where the two dialects agree (``?``
placeholders, ``INSERT OR IGNORE``, ``ON CONFLICT … excluded``, ``RETURNING``), and per dialect where
they do not (see :meth:`PostgresDatabase.sql`). This module turns the shared spelling into
PostgreSQL's and gives the store modules a connection with the few methods they use of aiosqlite's
(``execute`` as an awaitable and a context manager, ``executemany``, cursors with ``fetchone``,
``fetchall``, ``rowcount`` and iteration), so no business logic is written twice.

Several processes may share one database. Migrations take a transaction-scoped advisory lock, so two
processes starting at once apply each migration exactly once; the schema version lives in a table.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import socket
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import asyncpg

from bot.db.database import DatabaseError, is_postgres_url, read_migrations, redact_url

__all__ = ["PostgresDatabase", "is_postgres_url", "redact_url", "to_postgres"]

log = logging.getLogger(__name__)

#: The advisory lock migrations hold (any constant shared by every Reviewbot process; "RVWB").
MIGRATION_LOCK = 0x52565742
#: How long connecting may take before start-up says the server is unreachable.
CONNECT_TIMEOUT = 10.0
POOL_MIN, POOL_MAX = 1, 10

# ---------------------------------------------------------------------------------------------- SQL


_IS_PARAM = re.compile(r"\bIS(\s+NOT)?\s+\?", re.IGNORECASE)


def _outside_literals(sql: str) -> list[tuple[bool, str]]:
    """*sql* in pieces, each marked whether it is inside a quoted literal or identifier."""
    pieces: list[tuple[bool, str]] = []
    start, quote = 0, None
    for i, ch in enumerate(sql):
        if quote is None and ch in "'\"":
            pieces.append((False, sql[start:i]))
            start, quote = i, ch
        elif quote is not None and ch == quote:
            pieces.append((True, sql[start:i + 1]))
            start, quote = i + 1, None
    pieces.append((quote is not None, sql[start:]))
    return pieces


@lru_cache(maxsize=1024)
def to_postgres(sql: str) -> str:
    """The shared spelling in PostgreSQL's, outside literals: ``?`` → ``$n``; ``IS ?`` → ``IS NOT
    DISTINCT FROM $n`` (SQLite's null-safe comparison); ``INSERT OR IGNORE`` → ``ON CONFLICT DO NOTHING``."""
    n = 0

    def number(_: re.Match[str]) -> str:
        nonlocal n
        n += 1
        return f"${n}"

    out = []
    for literal, piece in _outside_literals(sql):
        if not literal:
            piece = _IS_PARAM.sub(lambda m: "IS DISTINCT FROM ?" if m.group(1) else "IS NOT DISTINCT FROM ?", piece)
            piece = re.sub(r"\?", number, piece)
        out.append(piece)
    text = "".join(out)
    if re.match(r"\s*INSERT\s+OR\s+IGNORE\s+INTO\b", text, re.IGNORECASE):
        text = re.sub(r"INSERT\s+OR\s+IGNORE\s+INTO", "INSERT INTO", text, count=1, flags=re.IGNORECASE)
        returning = re.search(r"\sRETURNING\s", text, re.IGNORECASE)
        if returning:
            text = f"{text[:returning.start()]} ON CONFLICT DO NOTHING{text[returning.start():]}"
        else:
            text = f"{text} ON CONFLICT DO NOTHING"
    return text


_ROWS = re.compile(r"^\s*(SELECT|WITH|VALUES|SHOW)\b|\sRETURNING\s", re.IGNORECASE)


def _returns_rows(sql: str) -> bool:
    return bool(_ROWS.search(sql))


def _rowcount(status: str) -> int:
    """Rows affected, from a command tag such as ``UPDATE 3`` or ``INSERT 0 1``."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else -1


class Cursor:
    """What a store module reads back from one statement: rows, or how many rows it changed."""

    def __init__(self, rows: Sequence[asyncpg.Record], rowcount: int) -> None:
        self._rows = list(rows)
        self._next = 0
        self.rowcount = rowcount

    @property
    def lastrowid(self) -> int:
        raise DatabaseError("lastrowid is SQLite's; use INSERT … RETURNING id on both dialects")

    async def fetchone(self) -> asyncpg.Record | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    async def fetchall(self) -> list[asyncpg.Record]:
        rows, self._next = self._rows[self._next:], len(self._rows)
        return rows

    def __aiter__(self) -> Cursor:
        return self

    async def __anext__(self) -> asyncpg.Record:
        row = await self.fetchone()
        if row is None:
            raise StopAsyncIteration
        return row

    async def close(self) -> None:
        self._rows = []


class _Pending:
    """``conn.execute(...)``: awaited for a cursor, or used as ``async with`` (as aiosqlite allows)."""

    def __init__(self, conn: Connection, sql: str, params: Sequence[Any]) -> None:
        self._conn, self._sql, self._params = conn, sql, params
        self._cursor: Cursor | None = None

    def __await__(self) -> Iterator[Any]:
        return self._conn._run(self._sql, self._params).__await__()

    async def __aenter__(self) -> Cursor:
        self._cursor = await self._conn._run(self._sql, self._params)
        return self._cursor

    async def __aexit__(self, *exc: object) -> None:
        if self._cursor is not None:
            await self._cursor.close()


class Connection:
    """One pooled connection, in a transaction, with the aiosqlite methods the store modules use."""

    def __init__(self, raw: asyncpg.Connection) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Pending:
        return _Pending(self, sql, params)

    async def _run(self, sql: str, params: Sequence[Any]) -> Cursor:
        text = to_postgres(sql)
        try:
            if _returns_rows(text):
                rows = await self.raw.fetch(text, *params)
                return Cursor(rows, len(rows))
            status = await self.raw.execute(text, *params)
        except asyncpg.PostgresError as exc:
            raise _sql_error(exc, text) from exc
        return Cursor((), _rowcount(status))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = [tuple(row) for row in rows]
        if not batch:
            return
        text = to_postgres(sql)
        try:
            await self.raw.executemany(text, batch)
        except asyncpg.PostgresError as exc:
            raise _sql_error(exc, text) from exc

    async def execute_fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[asyncpg.Record]:
        cursor = await self._run(sql, params)
        return await cursor.fetchall()


class SqlError(DatabaseError):
    """A statement PostgreSQL refused; ``sqlstate`` says why (``23505`` a unique violation, …)."""

    def __init__(self, message: str, sqlstate: str | None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def _sql_error(exc: asyncpg.PostgresError, sql: str) -> SqlError:
    return SqlError(f"{exc.__class__.__name__}: {exc} (in: {sql[:200]})", getattr(exc, "sqlstate", None))


# ----------------------------------------------------------------------------------------- database


def _statements(sql: str) -> list[str]:
    """Split a migration into statements; ``$$``-quoted bodies (functions) keep their semicolons."""
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    statements, pending, in_body = [], [], False
    for part in re.split(r"(\$\$|;)", "\n".join(lines)):
        if part == "$$":
            in_body = not in_body
            pending.append(part)
        elif part == ";" and not in_body:
            statement = "".join(pending).strip()
            if statement:
                statements.append(statement)
            pending = []
        else:
            pending.append(part)
    tail = "".join(pending).strip()
    if tail:
        statements.append(tail)
    return statements


def _unreachable(exc: OSError | TimeoutError) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(exc, TimeoutError):
        return f"no answer within {CONNECT_TIMEOUT:.0f} s"
    if isinstance(exc, socket.gaierror):
        return "the host name does not resolve"
    return exc.strerror or type(exc).__name__


class PostgresDatabase:
    """An open PostgreSQL database, shaped like :class:`bot.db.database.Database`."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = redact_url(url)  # what messages name: never the password
        self._pool: asyncpg.Pool | None = None
        # Writes in one process stay serialised as on SQLite (the store modules read-then-write inside a
        # transaction); other processes are kept right by PostgreSQL's own locks and constraints.
        self._write_lock = asyncio.Lock()
        self._listener: asyncpg.Connection | None = None

    @staticmethod
    def sql(*, sqlite: str, postgresql: str) -> str:
        return postgresql

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, url: str, *, migrate: bool = True) -> AsyncIterator[PostgresDatabase]:
        db = cls(url)
        await db.connect(migrate=migrate)
        try:
            yield db
        finally:
            await db.close()

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise DatabaseError("the database is not open")
        return self._pool

    async def connect(self, *, migrate: bool = True) -> None:
        try:
            self._pool = await asyncpg.create_pool(
                self.url, min_size=POOL_MIN, max_size=POOL_MAX, timeout=CONNECT_TIMEOUT, command_timeout=60,
            )
        except asyncpg.InvalidPasswordError as exc:
            raise DatabaseError(f"PostgreSQL at {self.path} refused the password for its user ({exc}): correct "
                                "the password in REVIEWBOT_DB", kind="server") from exc
        except asyncpg.InvalidCatalogNameError as exc:
            raise DatabaseError(f"PostgreSQL at {self.path} has no such database ({exc}): create it (createdb) "
                                "or correct REVIEWBOT_DB", kind="server") from exc
        except asyncpg.PostgresError as exc:
            raise DatabaseError(f"PostgreSQL at {self.path} refused the connection ({exc}): check the user "
                                "and options in REVIEWBOT_DB", kind="server") from exc
        except (OSError, TimeoutError) as exc:
            raise DatabaseError(f"cannot reach PostgreSQL at {self.path} ({_unreachable(exc)}): start the server, "
                                "or correct the host and port in REVIEWBOT_DB", kind="server") from exc
        except ValueError as exc:  # asyncpg's own parse of the DSN
            raise DatabaseError(f"REVIEWBOT_DB is not a usable PostgreSQL URL ({self.path}): {exc}",
                                kind="server") from exc
        if migrate:
            try:
                await self.migrate()
            except BaseException:
                await self.close()
                raise

    async def notify(self, conn: Connection, channel: str, payload: str) -> None:
        await conn.execute("SELECT pg_notify(?, ?)", (channel, payload))  # delivered when the transaction commits

    async def listen(self, channel: str, callback: Callable[[str], None]) -> None:
        """LISTEN on a connection of its own (a pooled one would be handed to queries)."""
        if self._listener is None:
            self._listener = await asyncpg.connect(self.url, timeout=CONNECT_TIMEOUT)

        def deliver(_conn: object, _pid: int, _channel: str, payload: str) -> None:
            try:
                callback(payload)
            except Exception:
                log.exception("A change notice on %s could not be handled", channel)

        await self._listener.add_listener(channel, deliver)

    async def close(self) -> None:
        if self._listener is not None:
            listener, self._listener = self._listener, None
            with contextlib.suppress(Exception):
                await listener.close(timeout=5)
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    async def schema_version(self) -> int:
        async with self.pool.acquire() as raw:
            exists = await raw.fetchval("SELECT to_regclass('reviewbot_schema') IS NOT NULL")
            if not exists:
                return 0
            return int(await raw.fetchval("SELECT coalesce(max(version), 0) FROM reviewbot_schema"))

    async def migrate(self) -> list[int]:
        """Apply every newer migration, each in its own transaction under the migration lock."""
        migrations = read_migrations("postgresql")
        latest = migrations[-1][0]
        applied: list[int] = []
        async with self.pool.acquire() as raw:
            async with raw.transaction():  # IF NOT EXISTS alone races when two processes start at once
                await raw.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
                await raw.execute(
                    "CREATE TABLE IF NOT EXISTS reviewbot_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                    " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            for version, name, sql in migrations:
                async with raw.transaction():
                    # Two processes starting at once: the second waits here, then sees the version applied.
                    await raw.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
                    current = int(await raw.fetchval("SELECT coalesce(max(version), 0) FROM reviewbot_schema"))
                    if current > latest:
                        raise DatabaseError(
                            f"the database at {self.path} has schema version {current}, newer than this "
                            f"Reviewbot knows ({latest}); upgrade Reviewbot")
                    if version <= current:
                        continue
                    for statement in _statements(sql):
                        await raw.execute(statement)
                    await raw.execute("INSERT INTO reviewbot_schema (version, name) VALUES ($1, $2)", version, name)
                log.info("Applied migration %s", name)
                applied.append(version)
        return applied

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        async with self._write_lock, self.pool.acquire() as raw, raw.transaction():
            yield Connection(raw)

    @contextlib.asynccontextmanager
    async def row_locks(self) -> AsyncIterator[Connection]:
        """A transaction outside the process's write lock, for holding a few rows while doing slow work
        (delivering a reminder): the rest of the process keeps writing meanwhile."""
        async with self.pool.acquire() as raw, raw.transaction():
            yield Connection(raw)

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> asyncpg.Record | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[asyncpg.Record]:
        text = to_postgres(sql)
        try:
            return list(await self.pool.fetch(text, *params))
        except asyncpg.PostgresError as exc:
            raise _sql_error(exc, text) from exc

    async def integrity_check(self) -> str:
        return "ok"  # PostgreSQL checks its own pages; there is no whole-database check to run

    async def backup(self, target: object) -> None:
        raise DatabaseError("backups of a PostgreSQL database are pg_dump's job: "
                            f"pg_dump --format=custom --file=reviewbot.dump '{self.path}'")
