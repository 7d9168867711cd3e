"""The SQLite connection: WAL, foreign keys, migrations, transactions and online backup.

Two aiosqlite connections serve the whole bot: one for writes and one for reads. Writes go through
:meth:`Database.transaction`, which serialises them with a lock (one connection cannot hold two
transactions) and retries the ``BEGIN`` while another process holds the write lock, so a locked
database delays writes instead of dropping them. Reads use the other connection, so that (thanks to
WAL) the bot keeps answering from committed data while a write waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable
from importlib import resources
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)

#: How long one attempt blocks in SQLite's own thread before we retry from the event loop.
WRITE_BUSY_TIMEOUT_MS = 250
READ_BUSY_TIMEOUT_MS = 5_000
LOCK_RETRY_SECONDS = 60.0


class DatabaseError(Exception):
    """The database cannot be used (newer schema, unreadable file, ...).

    ``kind`` says which, so that the frame can say what to do without knowing SQLite's messages:
    ``"unopenable"`` (the path cannot be created or opened), ``"locked"`` (another process holds a
    lock), ``"damaged"`` (the file is not a database, or is corrupt), ``"server"`` (a PostgreSQL server
    cannot be reached, refuses the login or lacks the database), ``"index"`` (the title index file
    cannot be created or opened; the message ends with what to do), or ``"other"``.
    """

    def __init__(self, message: str, *, kind: str = "other") -> None:
        super().__init__(message)
        self.kind = kind


def sqlite_error_kind(exc: sqlite3.Error) -> str:
    """Which :class:`DatabaseError` kind an SQLite error is, from its message (SQLite gives no codes here)."""
    text = str(exc).lower()
    if is_locked_error(exc):
        return "locked"
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return "unopenable"
    if "not a database" in text or "malformed" in text:
        return "damaged"
    return "other"


def is_postgres_url(target: object) -> bool:
    """Whether REVIEWBOT_DB names a PostgreSQL server (``postgresql://`` or ``postgres://``), not a file."""
    return isinstance(target, str) and target.lower().startswith(("postgresql://", "postgres://"))


def redact_url(url: str) -> str:
    """A database URL with any password replaced by ``***``, for messages and logs."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"


def read_migrations(*subfolder: str) -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every numbered migration, in order: SQLite's in ``migrations/``,
    another dialect's in a folder of its own beneath it (``read_migrations("postgresql")``)."""
    folder = resources.files("bot.db").joinpath("migrations", *subfolder)
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def schema_version_latest() -> int:
    return max(version for version, _, _ in read_migrations())


def is_locked_error(exc: BaseException) -> bool:
    """Another writer holds what this write needs; trying again shortly will do (SQLite's busy database,
    PostgreSQL's serialization failures, deadlocks and lock time-outs)."""
    if getattr(exc, "sqlstate", None) in ("40001", "40P01", "55P03"):
        return True
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower()


#: SQLite's primary result codes for a full disk and an I/O failure (extended codes keep these low bits).
_SQLITE_FULL, _SQLITE_IOERR = 13, 10


def is_storage_error(exc: BaseException) -> bool:
    """A write failed because of the disk (full, or an I/O error), not because of the data.

    Such a failure is expected to pass (space is freed, the disk comes back), so callers keep what
    they meant to write and try again instead of dropping it. On PostgreSQL the same holds for a lost
    or refused connection, a full disk and a server shutting down (SQLSTATE classes 08, 53 and 57).
    """
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF in (_SQLITE_FULL, _SQLITE_IOERR)
        text = str(exc).lower()
        return "disk is full" in text or "disk i/o error" in text
    sqlstate = getattr(exc, "sqlstate", None)
    if isinstance(sqlstate, str):
        return sqlstate[:2] in ("08", "53", "57")
    return isinstance(exc, ConnectionError | OSError) or type(exc).__name__ in _LOST_CONNECTION


#: asyncpg's errors for a connection that went away mid-statement (they carry no SQLSTATE).
_LOST_CONNECTION = frozenset({"ConnectionDoesNotExistError", "InterfaceError", "ConnectionFailureError"})


class Database:
    """An open database. Use :meth:`open` (an async context manager) or :meth:`connect`/:meth:`close`.

    :meth:`open` with a ``postgresql://`` URL opens :class:`bot.db.postgres.PostgresDatabase` instead,
    which has the same interface; the store modules only ever see that interface.
    """

    dialect = "sqlite"

    @staticmethod
    def sql(*, sqlite: str, postgresql: str) -> str:
        """The statement in this database's dialect, where the two cannot share one spelling."""
        return sqlite

    async def notify(self, conn: aiosqlite.Connection, channel: str, payload: str) -> None:
        """Tell other processes sharing the store that something changed (on commit). SQLite serves one
        bot process, and the command line changes nothing that the bot caches, so there is no one to tell."""

    async def listen(self, channel: str, callback: Callable[[str], None]) -> None:
        """Call *callback* with each payload other processes :meth:`notify` on *channel* (none on SQLite)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else path
        self._conn: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise DatabaseError("the database is not open")
        return self._conn

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, path: Path | str, *, migrate: bool = True) -> AsyncIterator[Database]:
        if is_postgres_url(path):
            from bot.db.postgres import PostgresDatabase

            async with PostgresDatabase.open(str(path), migrate=migrate) as pg:
                yield pg  # type: ignore[misc]  # the same interface, duck-typed
            return
        db = cls(path)
        await db.connect(migrate=migrate)
        try:
            yield db
        finally:
            await db.close()

    async def connect(self, *, migrate: bool = True) -> None:
        if isinstance(self.path, Path):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(
                    f"cannot create the folder {self.path.parent} for the database at {self.path}: {exc.strerror}",
                    kind="unopenable",
                ) from exc
        try:
            conn = await aiosqlite.connect(str(self.path), isolation_level=None)
            self._conn = conn
            conn.row_factory = aiosqlite.Row
            await conn.execute(f"PRAGMA busy_timeout = {READ_BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute(f"PRAGMA busy_timeout = {WRITE_BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA synchronous = NORMAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            reader = await aiosqlite.connect(str(self.path), isolation_level=None)
            self._reader = reader
            reader.row_factory = aiosqlite.Row
            await reader.execute(f"PRAGMA busy_timeout = {READ_BUSY_TIMEOUT_MS}")
            await reader.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            await self.close()
            raise DatabaseError(f"cannot open the database at {self.path}: {exc}",
                                kind=sqlite_error_kind(exc)) from exc
        if migrate:
            try:
                await self.migrate()
            except DatabaseError:
                await self.close()
                raise
            except sqlite3.Error as exc:
                await self.close()
                raise DatabaseError(f"cannot migrate the database at {self.path}: {exc}",
                                    kind=sqlite_error_kind(exc)) from exc

    async def close(self) -> None:
        if self._reader is not None:
            await self._reader.close()
            self._reader = None
        if self._conn is not None:
            async with self._write_lock:
                with contextlib.suppress(sqlite3.Error):
                    await self._conn.execute("PRAGMA optimize")
                await self._conn.close()
            self._conn = None

    async def schema_version(self) -> int:
        async with self.conn.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0])

    async def migrate(self) -> list[int]:
        """Apply every migration newer than ``PRAGMA user_version``, each in its own transaction."""
        current = await self.schema_version()
        migrations = read_migrations()
        latest = migrations[-1][0]
        if current > latest:
            raise DatabaseError(
                f"the database at {self.path} has schema version {current}, newer than this "
                f"Reviewbot knows ({latest}); upgrade Reviewbot"
            )
        applied = []
        for version, name, sql in migrations:
            if version <= current:
                continue
            async with self.transaction() as conn:
                # executescript would COMMIT on its own; run the statements one by one instead.
                for statement in _statements(sql):
                    await conn.execute(statement)
                await conn.execute(f"PRAGMA user_version = {version:d}")
            log.info("Applied migration %s", name)
            applied.append(version)
        return applied

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error; waits while another process writes."""
        async with self._write_lock:
            conn = self.conn
            await self._begin(conn)
            try:
                yield conn
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    await conn.execute("ROLLBACK")
                raise
            else:
                await self._commit(conn)

    async def _begin(self, conn: aiosqlite.Connection) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + LOCK_RETRY_SECONDS
        delay = 0.05
        while True:
            try:
                await conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not is_locked_error(exc) or loop.time() > deadline:
                    raise
                log.warning("The database is locked by another process; retrying in %.2fs", delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)

    async def _commit(self, conn: aiosqlite.Connection) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + LOCK_RETRY_SECONDS
        while True:
            try:
                await conn.execute("COMMIT")
                return
            except sqlite3.OperationalError as exc:
                if not is_locked_error(exc) or loop.time() > deadline:
                    with contextlib.suppress(sqlite3.Error):
                        await conn.execute("ROLLBACK")
                    raise
                await asyncio.sleep(0.1)

    @property
    def reader(self) -> aiosqlite.Connection:
        if self._reader is None:
            raise DatabaseError("the database is not open")
        return self._reader

    async def fetchone(self, sql: str, params: tuple | dict = ()) -> aiosqlite.Row | None:
        """Read committed data (never blocked by a pending write); for queries of one row."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: tuple | dict = ()) -> list[aiosqlite.Row]:
        """Run and fetch in one trip to the reader's thread.

        Why one trip: a statement that has started but not finished keeps the reader connection's read
        transaction, and so its WAL snapshot, open. With ``execute`` and ``fetch`` as two awaits, another
        coroutine's read between them would see the database as it was before the latest commits.
        """
        return list(await self.reader.execute_fetchall(sql, params))

    async def integrity_check(self) -> str:
        row = await self.fetchone("PRAGMA integrity_check")
        return str(row[0])

    async def backup(self, target: Path) -> None:
        """Copy the live database to *target* with SQLite's online backup (safe while the bot runs)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            async with aiosqlite.connect(str(target)) as dest:
                await self.conn.backup(dest)
        except sqlite3.Error as exc:  # the target cannot be written as a database: say so in one line
            raise DatabaseError(f"cannot write the backup to {target}: {exc}") from exc


def _statements(sql: str) -> list[str]:
    """Split a migration file into statements (they hold no semicolons inside literals).

    A trigger body holds semicolons of its own: pieces are joined until SQLite calls them complete.
    """
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    statements: list[str] = []
    pending = ""
    for part in "\n".join(lines).split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                statements.append(pending.strip()[:-1].strip())
            pending = ""
    if pending.strip(" \n;"):
        statements.append(pending.strip(" \n;"))
    return statements
