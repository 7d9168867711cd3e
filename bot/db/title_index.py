"""The shared catalogue's title index, kept in the database (migration 0012).

Why in the database: built in memory, a million-film index cost every start 21-35 s and 1-2.4 GB.
Here it is written once and then follows the films through the change log (``film_changes``), so a
start only opens it, and memory stays SQLite's page cache.

The look-up rules are :class:`bot.domain.titles.TitleSearch`'s; this module only answers its
primitive questions with SQL (:class:`StoredTitleIndex`, synchronous reads on a connection of its
own: each is an index probe of microseconds, cheaper than a hop to a thread) and keeps the rows up to
date (:class:`TitleIndexStore`). Only the shared catalogue is indexed here; a server's own films are
few and stay in memory. A PostgreSQL store would answer the same primitives (with pg_trgm or the
same tables) as a second implementation of these two classes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import sqlite3
import uuid
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from bot.db._util import loads
from bot.db.database import Database
from bot.domain.titles import TitleEntry, TitleSearch, deletions, title_keys, typo_token

log = logging.getLogger(__name__)

MARK_KEY = "title_index_mark"
BUILDING_KEY = "title_index_building"
#: Films read, indexed and written per transaction while building: big enough to be quick, small
#: enough that another process's write waits well under its lock timeout.
BUILD_BATCH = 20_000
#: Changed films applied per transaction when following the change log.
CATCH_UP_BATCH = 500
#: Changes a worker process applies (in batches of CATCH_UP_BATCH) before the bot forgets what it remembered.
PROCESS_SLICE = 5_000
#: How long an index write waits for another writer (in its worker thread: the event loop never waits).
WRITE_WAIT_SECONDS = 60.0
#: Entries a reader remembers (about 200 bytes each).
ENTRY_CACHE = 10_000
#: How much of the database file a reader maps (SQLite maps at most the file's size).
MMAP_BYTES = 1 << 30
#: Look-up results (a key's films, a word's count, typo table rows, short posting lists) remembered.
MEMO_SIZE = 5_000
#: A word's films are remembered up to this many: at a million films a word of two syllables is held by
#: 3,500 films and the commonest words by 33,000, and questions that name only such words read them all.
POSTING_MEMO_IDS = 40_000
POSTING_MEMO_TOTAL = 1_000_000  # ids in all remembered posting lists, 8 bytes each (an array, not ints)
_IN_CHUNK = 500  # parameters per ``IN (...)``
_PAGE = 2_000  # ids read per page of a long posting list
_WHOLE_POSTING = 10_000  # a list read lazily is read whole (and remembered) up to this long
_VOCAB_PAGE = 64  # words read per page of the words starting with a prefix
_CHUNK_ROWS = 256  # films read per statement while walking the words starting with a prefix
_FREE_SLICE = 500  # remembered items freed per look-up after the catalogue changed
_HOLDER_SET = 20_000  # films read into memory to tell which hold every finished word of an autocomplete
_SPREAD_WORDS = 200  # words starting with a prefix counted to see whether few films hold one
_TABLES = ("title_entries", "title_keys", "title_tokens", "title_vocab", "title_deletes")


#: The tables of TMDB's listed titles (migration 0014): the same shape, another prefix.
LISTED = "listed"


class _Renamed:
    """A connection whose SQL is about another set of index tables of the same shape (``listed_*``
    for TMDB's list of titles, migration 0014), so one implementation serves both indexes. Each
    statement is rewritten once and remembered."""

    def __init__(self, conn: sqlite3.Connection, prefix: str) -> None:
        self._conn = conn
        self._names = [(table, prefix + table.removeprefix("title")) for table in _TABLES]
        self._memo: dict[str, str] = {}

    def _sql(self, sql: str) -> str:
        renamed = self._memo.get(sql)
        if renamed is None:
            renamed = sql
            for old, new in self._names:
                renamed = renamed.replace(old, new)
            self._memo[sql] = renamed
        return renamed

    def execute(self, sql: str, params: Sequence | dict = ()) -> sqlite3.Cursor:
        return self._conn.execute(self._sql(sql), params)

    def executemany(self, sql: str, rows: Iterable[Sequence]) -> sqlite3.Cursor:
        return self._conn.executemany(self._sql(sql), rows)

    def close(self) -> None:
        self._conn.close()


def listed_tables(conn: sqlite3.Connection) -> sqlite3.Connection:
    """*conn*, speaking of TMDB's listed titles' index instead of the shared catalogue's."""
    return _Renamed(conn, LISTED)  # type: ignore[return-value]


def _chunks(items: Sequence, size: int = _IN_CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(count: int) -> str:
    return ",".join("?" * count)


def _holds(alias: str, count: int) -> str:
    """SQL: the film ``alias.film_id`` holds *count* words (parameters, in sorted order); true for none."""
    return " AND ".join(
        f"EXISTS (SELECT 1 FROM title_tokens w WHERE w.token = ? AND w.film_id = {alias}.film_id)"
        for _ in range(count)
    ) or "1"


def _prefix_end(prefix: str) -> str:
    """The smallest string above every string starting with *prefix* (SQLite compares UTF-8 bytes,
    which orders like Python's code points)."""
    return prefix + "\U0010ffff"


@dataclass(frozen=True)
class IndexState:
    built: bool
    mark: int  # the film change the index is current with (0 when not built)
    pending: int  # changes after the mark (built), or shared films to index (not built)


@dataclass
class _Rows:
    """What a batch of films adds to the index tables."""

    entries: list[tuple[int, str, int | None, str]]
    keys: list[tuple[str, int]]
    tokens: list[tuple[str, int]]
    words: Counter[str]


def _index_rows(films: Iterable[tuple[int, str, int | None, tuple[str, ...]]]) -> _Rows:
    """Pure CPU work (normalising titles): run in a thread for big batches."""
    rows = _Rows([], [], [], Counter())
    for film_id, title, year, aliases in films:
        keys = title_keys(title, aliases)
        rows.entries.append((film_id, title, year, "\n".join(keys)))
        rows.keys.extend((key, film_id) for key in keys)
        tokens = {tok for key in keys for tok in key.split()}
        rows.tokens.extend((tok, film_id) for tok in tokens)
        rows.words.update(tokens)
    rows.keys.sort()
    rows.tokens.sort()
    return rows


def _deletion_rows(words: Iterable[str]) -> list[tuple[str, str]]:
    return sorted((variant, word) for word in words if typo_token(word) for variant in deletions(word))


def _film_row(row: Sequence) -> tuple[int, str, int | None, tuple[str, ...]]:
    """``(id, title, year, aliases JSON)`` as the index takes it."""
    return row[0], row[1], row[2], tuple(loads(row[3], []))


_FIELD = "\x1f"  # never in a key (normalised words, spaces and line breaks) nor in a year


def _packed(title: str, year: int | None, keys: str) -> str:
    """An entry as one string, for the reader's cache of entries.

    Why not a tuple: every new tuple starts out tracked by the garbage collector, and tuples reused from
    CPython's free list do not count towards the next collection, so the ones a busy minute of questions
    remembered piled up unseen and the next young collection walked ten to twenty thousand of them at once
    (5-14 ms inside a look-up). Strings are never tracked. The title goes last, so whatever it holds is
    kept whole.
    """
    return f"{'' if year is None else year}{_FIELD}{keys}{_FIELD}{title}"


def _unpacked(packed: str) -> TitleEntry:
    year, keys, title = packed.split(_FIELD, 2)
    return TitleEntry(title, int(year) if year else None, tuple(keys.split("\n")))


class StoredTitleIndex(TitleSearch):
    """The shared catalogue's titles as stored by :class:`TitleIndexStore`, read synchronously.

    A read-only connection of its own: in WAL mode it reads committed data and never waits for a
    writer, so a big import elsewhere does not slow autocomplete.
    """

    def __init__(self, path: Path, *, cache_mib: int = 32, tables: str = "title") -> None:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, isolation_level=None)
        # The shared catalogue's tables are read as written; TMDB's listed titles' through the renamer.
        self._conn = conn if tables == "title" else listed_tables(conn)
        self._conn.execute("PRAGMA busy_timeout = 1000")
        self._conn.execute(f"PRAGMA cache_size = -{cache_mib * 1024:d}")
        # Read the file through a memory map: a look-up touches a few hundred scattered pages, and without
        # the map each is a read() call (at a million films that doubled question p99). The mapped pages
        # show in RSS once touched, but they are the file's page cache, which the kernel may reclaim.
        self._conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES:d}")
        # What was read lately: one question searches the same words several times (the whole stretch,
        # then shorter ones), and questions about common words read the same films again and again.
        # Oldest first, dropped a few at a time. An entry is kept as one string (see _packed), which the
        # garbage collector never looks at; see _remember for the memos' tuples.
        self._cache: OrderedDict[int, str] = OrderedDict()
        # Film ids as arrays and words as one string, for the reason _packed gives: nothing here is tracked.
        self._keys_memo: OrderedDict[str, array[int]] = OrderedDict()
        self._sizes_memo: OrderedDict[str, int] = OrderedDict()
        self._spelt_memo: OrderedDict[str, str] = OrderedDict()  # words one line each
        self._postings_memo: OrderedDict[tuple[str, int | None], array[int]] = OrderedDict()
        self._posting_ids = 0
        #: What :meth:`forget` set aside, freed a slice per look-up: clearing it all at once (tens of
        #: thousands of objects) held the event loop for 20 ms when another process's import was noticed.
        self._stale: list[OrderedDict] = []

    def forget(self) -> None:
        """Drop what was remembered: call when the catalogue changed (a renamed film must not linger).

        Nothing remembered is answered from afterwards; it is freed a little at a time by later look-ups.
        """
        self._stale.extend(memo for memo in (self._cache, self._keys_memo, self._sizes_memo, self._spelt_memo,
                                             self._postings_memo) if memo)
        self._cache, self._keys_memo, self._sizes_memo = OrderedDict(), OrderedDict(), OrderedDict()
        self._spelt_memo, self._postings_memo = OrderedDict(), OrderedDict()
        self._posting_ids = 0

    def _free_some(self) -> None:
        """Free up to :data:`_FREE_SLICE` of what :meth:`forget` set aside."""
        budget = _FREE_SLICE
        stale = self._stale
        while stale and budget > 0:
            memo = stale[-1]
            count = min(budget, len(memo))
            for _ in range(count):
                memo.popitem()
            budget -= count
            if not memo:
                stale.pop()

    def close(self) -> None:
        self._conn.close()

    def __len__(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM title_entries").fetchone()[0])

    def __contains__(self, film_id: object) -> bool:
        if not isinstance(film_id, int):
            return False
        return self._conn.execute("SELECT 1 FROM title_entries WHERE film_id = ?", (film_id,)).fetchone() is not None

    def _exact_ids(self, key: str) -> list[int]:
        found = self._keys_memo.get(key)
        if found is None:
            rows = self._conn.execute("SELECT film_id FROM title_keys WHERE key = ? ORDER BY film_id", (key,))
            found = self._remember(self._keys_memo, key, array("q", [row[0] for row in rows]))
        return found.tolist()

    def _remember(self, memo: OrderedDict, key: object, value: object) -> object:
        memo[key] = value
        if len(memo) > MEMO_SIZE:
            memo.popitem(last=False)  # the oldest: a few at a time, never a long clear inside a look-up
        return value

    def _entries(self, ids: Iterable[int]) -> dict[int, TitleEntry]:
        if self._stale:
            self._free_some()
        cache = self._cache
        found: dict[int, TitleEntry] = {}
        wanted = []
        for film_id in ids:
            remembered = cache.get(film_id)
            if remembered is None:
                wanted.append(film_id)
            else:
                found[film_id] = _unpacked(remembered)
        if not wanted:
            return found
        for chunk in _chunks(wanted):
            rows = self._conn.execute(
                f"SELECT film_id, title, year, keys FROM title_entries WHERE film_id IN ({_marks(len(chunk))})",
                tuple(chunk),
            )
            for film_id, title, year, keys in rows:
                cache[film_id] = _packed(title, year, keys)
                found[film_id] = TitleEntry(title, year, tuple(keys.split("\n")))
        while len(cache) > ENTRY_CACHE:
            cache.popitem(last=False)
        return found

    def _sizes(self, tokens: Iterable[str]) -> dict[str, int]:
        memo = self._sizes_memo
        found: dict[str, int] = {}
        wanted = []
        for token in dict.fromkeys(tokens):
            size = memo.get(token)
            if size is None:
                wanted.append(token)
            elif size:
                found[token] = size
        for chunk in _chunks(wanted):
            rows = dict(self._conn.execute(
                f"SELECT token, films FROM title_vocab WHERE token IN ({_marks(len(chunk))})", tuple(chunk)
            ))
            found.update(rows)
            for token in chunk:
                self._remember(memo, token, rows.get(token, 0))
        return found

    def _spelt_from(self, variants: Iterable[str]) -> set[str]:
        memo = self._spelt_memo
        found: set[str] = set()
        wanted = []
        for variant in dict.fromkeys(variants):
            words = memo.get(variant)
            if words is None:
                wanted.append(variant)
            elif words:
                found.update(words.split("\n"))
        for chunk in _chunks(wanted):
            spelt: dict[str, list[str]] = {variant: [] for variant in chunk}
            rows = self._conn.execute(
                f"SELECT variant, token FROM title_deletes WHERE variant IN ({_marks(len(chunk))})", tuple(chunk)
            )
            for variant, token in rows:
                spelt[variant].append(token)
                found.add(token)
            for variant, words in spelt.items():
                self._remember(memo, variant, "\n".join(words))
        return found

    def _posting(self, token: str, limit: int | None = None) -> list[int]:
        memo = self._postings_memo
        remembered = memo.get((token, None))  # the whole list serves any limit
        if remembered is None and limit is not None:
            remembered = memo.get((token, limit))
        if remembered is not None:
            return remembered.tolist() if limit is None else remembered[:limit].tolist()
        rows = self._conn.execute(
            "SELECT film_id FROM title_tokens WHERE token = ? ORDER BY film_id LIMIT ?",
            (token, -1 if limit is None else limit),
        )
        found = [row[0] for row in rows]
        if len(found) <= POSTING_MEMO_IDS:
            memo[(token, limit)] = array("q", found)
            self._posting_ids += len(found)
            while self._posting_ids > POSTING_MEMO_TOTAL or len(memo) > MEMO_SIZE:
                self._posting_ids -= len(memo.popitem(last=False)[1])
        return found

    def _holders(self, token: str, words: set[str], limit: int | None = None) -> tuple[list[int], set[int]]:
        if not words:
            posting = self._posting(token, limit)
            return posting, set(posting)
        # Each further word is a primary-key probe per film: far cheaper than reading every entry.
        rows = self._conn.execute(
            f"SELECT p.film_id, {_holds('p', len(words))} FROM (SELECT film_id FROM title_tokens WHERE token = ?"
            f" ORDER BY film_id LIMIT ?) p ORDER BY p.film_id",
            (*sorted(words), token, -1 if limit is None else limit),
        ).fetchall()
        return [row[0] for row in rows], {row[0] for row in rows if row[1]}

    def _holders_starting(self, token: str, words: set[str], start: str, limit: int) -> list[int]:
        # One statement instead of reading every candidate's entry into Python (2,500 entries were the
        # slowest autocompletes). "A word starts with *start*": keys are normalised words separated by
        # single spaces (one key a line), so it is " " + start inside " " + the keys on one line.
        size = self._sizes([token]).get(token, 0)
        end = _prefix_end(start)
        spread = [row[0] for row in self._conn.execute(
            "SELECT films FROM title_vocab WHERE token >= ? AND token < ? LIMIT ?", (start, end, _SPREAD_WORDS))]
        if len(spread) < _SPREAD_WORDS and 2 * sum(spread) < size:
            # Few films hold a word starting with *start*: go from their side.
            rows = self._conn.execute(
                f"SELECT DISTINCT u.film_id FROM title_tokens u WHERE u.token >= ? AND u.token < ?"
                f" AND EXISTS (SELECT 1 FROM title_tokens t WHERE t.token = ? AND t.film_id = u.film_id)"
                f" AND {_holds('u', len(words))}"
                f" AND EXISTS (SELECT 1 FROM title_entries e WHERE e.film_id = u.film_id) ORDER BY u.film_id LIMIT ?",
                (start, end, token, *sorted(words), limit),
            )
        else:
            rows = self._conn.execute(
                f"SELECT p.film_id FROM title_tokens p JOIN title_entries e ON e.film_id = p.film_id"
                f" WHERE p.token = ? AND {_holds('p', len(words))}"
                f" AND instr(' ' || replace(e.keys, char(10), ' '), ' ' || ?) > 0 ORDER BY p.film_id LIMIT ?",
                (token, *sorted(words), start, limit),
            )
        return [row[0] for row in rows]

    def _prefixed_holders(self, prefix: str, words: set[str], per_word: int) -> Iterator[tuple[str, int, bool]]:
        # A few hundred films per statement, not one statement per word (a hundred of them were the slowest
        # autocompletes at a million films); lazily, since the caller usually stops after the first.
        # Films holding every word of *words*, when those words' films are few enough to hold in memory:
        # a set look-up per film instead of a probe per film and word (two common words were 13 ms).
        holders = self._holding_all(words)
        asked = set() if holders is not None else words
        after, end, op = prefix, _prefix_end(prefix), ">="
        while True:
            page = self._conn.execute(
                f"SELECT token, films FROM title_vocab WHERE token {op} ? AND token < ? ORDER BY token LIMIT ?",
                (after, end, _VOCAB_PAGE),
            ).fetchall()
            chunk: list[str] = []
            rows = 0
            for n, (token, films) in enumerate(page, 1):
                chunk.append(token)
                rows += min(films, per_word)
                if rows >= _CHUNK_ROWS or n == len(page):
                    found = self._first_films(chunk, asked, per_word)
                    if holders is None:
                        yield from found
                    else:
                        yield from ((token, film_id, film_id in holders) for token, film_id, _ in found)
                    chunk, rows = [], 0
            if len(page) < _VOCAB_PAGE:
                return
            after, op = page[-1][0], ">"

    def _holding_all(self, words: set[str]) -> set[int] | None:
        """The films holding every word of *words*, or None when there are none to ask about or their lists
        are too long to read (then each film is probed instead)."""
        if not words:
            return None
        sizes = self._sizes(words)
        if len(sizes) < len(words):
            return set()
        if sum(sizes.values()) > _HOLDER_SET:
            return None
        rarest, *others = sorted(words, key=lambda w: sizes[w])
        held = set(self._posting(rarest))
        for word in others:
            held.intersection_update(self._posting(word))
        return held

    def _first_films(self, tokens: list[str], words: set[str], per_word: int) -> list[tuple[str, int, bool]]:
        """Each of *tokens*' first *per_word* films, in (word, film) order, and whether it holds *words*."""
        parts = " UNION ALL ".join(
            "SELECT * FROM (SELECT token, film_id FROM title_tokens WHERE token = ? ORDER BY film_id LIMIT ?)"
            for _ in tokens
        )
        rows = self._conn.execute(
            f"SELECT t.token, t.film_id, {_holds('t', len(words))} FROM ({parts}) t ORDER BY t.token, t.film_id",
            (*sorted(words), *(value for token in tokens for value in (token, per_word))),
        )
        return [(token, film_id, bool(holds)) for token, film_id, holds in rows]

    def _iter_posting(self, token: str) -> Iterator[int]:
        if (token, None) in self._postings_memo or self._sizes([token]).get(token, 0) <= _WHOLE_POSTING:
            yield from self._posting(token)  # read whole once, remembered for the next question
            return
        after = -1
        while True:
            page = [row[0] for row in self._conn.execute(
                "SELECT film_id FROM title_tokens WHERE token = ? AND film_id > ? ORDER BY film_id LIMIT ?",
                (token, after, _PAGE),
            )]
            yield from page
            if len(page) < _PAGE:
                return
            after = page[-1]

    def _keys_from(self, prefix: str, start: tuple[str, int] | None, limit: int) -> list[tuple[str, int]]:
        if start is None:
            sql = "SELECT key, film_id FROM title_keys WHERE key >= ? AND key < ? ORDER BY key, film_id LIMIT ?"
            params: tuple = (prefix, _prefix_end(prefix), limit)
        else:
            sql = ("SELECT key, film_id FROM title_keys WHERE (key, film_id) > (?, ?) AND key < ?"
                   " ORDER BY key, film_id LIMIT ?")
            params = (*start, _prefix_end(prefix), limit)
        return [(row[0], row[1]) for row in self._conn.execute(sql, params)]

    def _vocab_prefixed(self, prefix: str) -> Iterator[str]:
        after, end = prefix, _prefix_end(prefix)
        first = True
        while True:
            op = ">=" if first else ">"
            page = [row[0] for row in self._conn.execute(
                f"SELECT token FROM title_vocab WHERE token {op} ? AND token < ? ORDER BY token LIMIT 64",
                (after, end),
            )]
            yield from page
            if len(page) < 64:
                return
            after, first = page[-1], False


class TitleIndexStore:
    """Writes the shared catalogue's title index and opens readers of it."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._readers: list[StoredTitleIndex] = []

    @property
    def available(self) -> bool:
        """Whether the index can be read from its own connection (not for an in-memory database)."""
        return isinstance(self.db.path, Path)

    def reader(self, *, listed: bool = False) -> StoredTitleIndex:
        """A reader of the index (with *listed*, of TMDB's listed titles, whose ids are TMDB's); closed
        with the store."""
        if not isinstance(self.db.path, Path):
            raise ValueError("an in-memory database has no stored title index")
        reader = StoredTitleIndex(self.db.path, cache_mib=8 if listed else 32, tables=LISTED if listed else "title")
        self._readers.append(reader)
        return reader

    def close(self) -> None:
        for reader in self._readers:
            reader.close()
        self._readers.clear()

    async def state(self) -> IndexState:
        row = await self.db.fetchone("SELECT value FROM meta WHERE key = ?", (MARK_KEY,))
        if row is None:
            count = await self.db.fetchone("SELECT count(*) FROM films WHERE ifnull(guild_id, 0) = 0")
            return IndexState(False, 0, int(count[0]))
        mark = int(row[0])
        pending = await self.db.fetchone("SELECT count(*) FROM film_changes WHERE seq > ?", (mark,))
        return IndexState(True, mark, int(pending[0]))

    # ------------------------------------------------------------------ building
    async def build(self, *, progress: Callable[[int], None] | None = None) -> bool:
        """Index every shared film from scratch, in batches of :data:`BUILD_BATCH` films.

        For an installation that has films but no index yet (its first start after migration 0012).
        All of it runs in a worker thread on a connection of its own, so the event loop only waits.
        The change-log mark is read first, so films changed while the build runs are applied again
        by :meth:`catch_up` (applying a change twice is harmless). Returns False when another process
        took the build over, or it was already built.
        """
        return await asyncio.to_thread(_build, self._path(), progress)

    async def catch_up(self, limit: int = CATCH_UP_BATCH) -> int:
        """Apply up to *limit* film changes after the index's mark, in one transaction; return how many.

        In a worker thread on a connection of its own: normalising titles is CPU work, and at a
        million films it held the event loop for a quarter of a second a batch. Safe beside other
        processes doing the same (shards): the mark is read and moved inside the write transaction,
        so each change is applied once. Nothing happens before the index is built.
        """
        return await asyncio.to_thread(_catch_up, self._path(), limit)

    async def catch_up_all(self, *, between: Callable[[], None] | None = None) -> int:
        """Apply every pending film change, in a process of its own; return how many were applied.

        For a big import by another process (a hundred thousand films). A worker thread normalising
        titles holds the interpreter's lock, and on a busy machine the system descheduled it while it
        held the lock: the event loop then stood still for 50-300 ms. A process shares no lock with the
        loop. Each batch is still one transaction of :data:`CATCH_UP_BATCH` films (other writers go in
        between); *between* is called after every :data:`PROCESS_SLICE` changes, so look-ups stop
        answering from what they remembered before. Up to :data:`PROCESS_SLICE` pending changes (a
        server's import, say) are applied in a worker thread instead, as is everything when no process
        can be started.
        """
        path = self._path()
        if (await self.state()).pending <= PROCESS_SLICE:  # a few thousand: not worth starting a process
            applied = await asyncio.to_thread(_catch_up_many, path, PROCESS_SLICE)
            if between is not None:
                between()
            return applied
        loop = asyncio.get_running_loop()
        try:
            pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_background_priority)
        except (OSError, NotImplementedError) as exc:  # no processes here (a sandboxed host)
            log.warning("Applying the film changes in a thread: no worker process (%s)", exc)
            pool = None
        total = 0
        try:
            while True:
                if pool is not None:
                    try:
                        applied = await loop.run_in_executor(pool, _catch_up_many, path, PROCESS_SLICE)
                    except BrokenProcessPool:
                        log.warning("The title index's worker process died; applying the film changes in a thread")
                        pool = None
                        continue
                else:
                    applied = await asyncio.to_thread(_catch_up_many, path, PROCESS_SLICE)
                total += applied
                if between is not None:
                    between()
                if applied < PROCESS_SLICE:
                    return total
        finally:
            if pool is not None:
                # The worker has finished its slice (or is finishing it); wait for it off the event loop.
                await asyncio.shield(asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True))

    def _path(self) -> Path:
        if not isinstance(self.db.path, Path):
            raise ValueError("an in-memory database has no stored title index")
        return self.db.path


@contextlib.contextmanager
def _writing(path: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction on a connection of the calling (worker) thread; waits for other writers."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=WRITE_WAIT_SECONDS)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _still_building(conn: sqlite3.Connection, token: str) -> bool:
    if _meta(conn, BUILDING_KEY) != token:
        log.info("Another process took over building the title index")
        return False
    return True


def _build(path: Path, progress: Callable[[int], None] | None) -> bool:
    token = uuid.uuid4().hex
    with _writing(path) as conn:
        if _meta(conn, MARK_KEY) is not None:
            return False
        mark = int(conn.execute("SELECT ifnull(max(seq), 0) FROM film_changes").fetchone()[0])
        for table in _TABLES:
            conn.execute(f"DELETE FROM {table}")  # a fixed table name
        _set_meta(conn, BUILDING_KEY, token)
    words: Counter[str] = Counter()
    last, done = 0, 0
    reader = sqlite3.connect(path, isolation_level=None, timeout=WRITE_WAIT_SECONDS)
    try:
        while True:
            rows = reader.execute(
                "SELECT id, title, year, aliases FROM films WHERE ifnull(guild_id, 0) = 0 AND id > ?"
                " ORDER BY id LIMIT ?", (last, BUILD_BATCH),
            ).fetchall()
            if not rows:
                break
            films = [_film_row(row) for row in rows]
            batch = _index_rows(films)
            with _writing(path) as conn:
                if not _still_building(conn, token):
                    return False
                _insert_rows(conn, batch)
            words.update(batch.words)
            last, done = films[-1][0], done + len(films)
            if progress is not None:
                progress(done)
    finally:
        reader.close()
    deletes = _deletion_rows(words)
    with _writing(path) as conn:
        if not _still_building(conn, token):
            return False
        conn.executemany("INSERT INTO title_vocab (token, films) VALUES (?, ?)", sorted(words.items()))
        conn.executemany("INSERT OR IGNORE INTO title_deletes (variant, token) VALUES (?, ?)", deletes)
        conn.execute("DELETE FROM meta WHERE key = ?", (BUILDING_KEY,))
        _set_meta(conn, MARK_KEY, str(mark))
    log.info("Built the title index of %d shared films", done)
    return True


def _catch_up(path: Path, limit: int) -> int:
    with _writing(path) as conn:
        mark = _meta(conn, MARK_KEY)
        if mark is None:
            return 0
        changes = conn.execute(
            "SELECT c.seq, c.film_id, f.id, f.guild_id, f.title, f.year, f.aliases"
            " FROM film_changes c LEFT JOIN films f ON f.id = c.film_id"
            " WHERE c.seq > ? ORDER BY c.seq LIMIT ?", (int(mark), limit),
        ).fetchall()
        if not changes:
            return 0
        _remove(conn, [change[1] for change in changes])
        # (seq, film, id if it still exists, guild, title, year, aliases): shared films are indexed again
        _add(conn, [_film_row((c[2], *c[4:])) for c in changes if c[2] is not None and not c[3]])
        _set_meta(conn, MARK_KEY, str(changes[-1][0]))
    return len(changes)


def _background_priority() -> None:
    """A worker process yields the CPU to the bot: on a machine with fewer free cores than runnable
    processes, the event loop waits for the system's scheduler otherwise."""
    with contextlib.suppress(OSError, AttributeError):  # not every system lets a process be niced
        os.nice(10)


def _catch_up_many(path: Path, limit: int) -> int:
    """Apply up to *limit* changes, :data:`CATCH_UP_BATCH` per transaction (run in a worker process)."""
    total = 0
    while total < limit:
        applied = _catch_up(path, min(CATCH_UP_BATCH, limit - total))
        if not applied:
            break
        total += applied
    return total


def _insert_rows(conn: sqlite3.Connection, rows: _Rows) -> None:
    conn.executemany("INSERT OR REPLACE INTO title_entries (film_id, title, year, keys) VALUES (?, ?, ?, ?)",
                     rows.entries)
    conn.executemany("INSERT OR IGNORE INTO title_keys (key, film_id) VALUES (?, ?)", rows.keys)
    conn.executemany("INSERT OR IGNORE INTO title_tokens (token, film_id) VALUES (?, ?)", rows.tokens)


def _remove(conn: sqlite3.Connection, film_ids: list[int]) -> None:
    """Take these films out of the index (those it holds), dropping words no film holds any more."""
    old: list[tuple[int, tuple[str, ...]]] = []
    for chunk in _chunks(list(dict.fromkeys(film_ids))):
        rows = conn.execute(
            f"SELECT film_id, keys FROM title_entries WHERE film_id IN ({_marks(len(chunk))})", tuple(chunk)
        )
        old.extend((row[0], tuple(row[1].split("\n"))) for row in rows)
    if not old:
        return
    words: Counter[str] = Counter()
    keys, tokens = [], []
    for film_id, film_keys in old:
        keys.extend((key, film_id) for key in film_keys)
        film_tokens = {tok for key in film_keys for tok in key.split()}
        tokens.extend((tok, film_id) for tok in film_tokens)
        words.update(film_tokens)
    conn.executemany("DELETE FROM title_entries WHERE film_id = ?", [(film_id,) for film_id, _ in old])
    conn.executemany("DELETE FROM title_keys WHERE key = ? AND film_id = ?", keys)
    conn.executemany("DELETE FROM title_tokens WHERE token = ? AND film_id = ?", tokens)
    conn.executemany("UPDATE title_vocab SET films = films - ? WHERE token = ?", [(n, w) for w, n in words.items()])
    gone: list[str] = []
    for chunk in _chunks(list(words)):
        rows = conn.execute(
            f"SELECT token FROM title_vocab WHERE films <= 0 AND token IN ({_marks(len(chunk))})", tuple(chunk)
        )
        gone.extend(row[0] for row in rows)
    if gone:
        conn.executemany("DELETE FROM title_vocab WHERE token = ?", [(word,) for word in gone])
        conn.executemany("DELETE FROM title_deletes WHERE variant = ? AND token = ?", _deletion_rows(gone))


def _add(conn: sqlite3.Connection, films: list[tuple[int, str, int | None, tuple[str, ...]]]) -> None:
    """Index these films (not indexed yet), adding the typo table rows of words new to the index."""
    if not films:
        return
    rows = _index_rows(films)
    _insert_rows(conn, rows)
    known: set[str] = set()
    words = list(rows.words)
    for chunk in _chunks(words):
        found = conn.execute(f"SELECT token FROM title_vocab WHERE token IN ({_marks(len(chunk))})", tuple(chunk))
        known.update(row[0] for row in found)
    conn.executemany(
        "INSERT INTO title_vocab (token, films) VALUES (?, ?)"
        " ON CONFLICT (token) DO UPDATE SET films = films + excluded.films",
        sorted(rows.words.items()),
    )
    conn.executemany("INSERT OR IGNORE INTO title_deletes (variant, token) VALUES (?, ?)",
                     _deletion_rows(w for w in words if w not in known))
