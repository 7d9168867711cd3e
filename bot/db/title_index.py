"""The shared catalogue's title index, kept in a SQLite file of its own beside the store.

Why stored: built in memory, a million-film index cost every start 21-35 s and 1-2.4 GB. Here it is
written once and then follows the films through the store's change log (``film_changes``), so a start
only opens it, and memory stays SQLite's page cache. Why a file of its own (not tables of the store,
as migration 0012 had it): a PostgreSQL store gets the same instant start, the index needs no backup
(it is rebuilt from the films), and the bot's other writes never touch the file its readers map.

The look-up rules are :class:`bot.domain.titles.TitleSearch`'s; this module only answers its
primitive questions with SQL (:class:`StoredTitleIndex`, synchronous reads on a connection of its
own: each is an index probe of microseconds, cheaper than a hop to a thread) and keeps the rows up to
date (:class:`TitleIndexStore`). Only the shared catalogue is indexed here; a server's own films are
few and stay in memory. TMDB's listed titles (migration 0014) have an index of the same shape in a
SQLite store's own file (tables ``listed_*``), written with the list.
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
from bot.db.database import Database, DatabaseError, sqlite_error_kind
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


#: The index file's own schema: a file written by another version is rebuilt, never migrated (it is
#: derived from the films, so rebuilding loses nothing).
INDEX_SCHEMA = "1"
SCHEMA_KEY = "schema"
#: Which store the file indexes: a file moved to another store, or kept across a restore from an older
#: backup, would answer with films that are not there.
STORE_KEY = "store_id"
_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS title_entries (
    film_id INTEGER PRIMARY KEY, title TEXT NOT NULL, year INTEGER, keys TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS title_keys (key TEXT NOT NULL, film_id INTEGER NOT NULL,
    PRIMARY KEY (key, film_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS title_tokens (token TEXT NOT NULL, film_id INTEGER NOT NULL,
    PRIMARY KEY (token, film_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS title_vocab (token TEXT PRIMARY KEY, films INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS title_deletes (variant TEXT NOT NULL, token TEXT NOT NULL,
    PRIMARY KEY (variant, token)) WITHOUT ROWID;
"""
#: A change as the index takes it: (seq, film id, present, guild id, title, year, aliases as JSON).
Change = tuple[int, int, bool, int | None, str | None, int | None, str | None]
_CHANGES_SQL = (
    "SELECT c.seq, c.film_id, f.id IS NOT NULL AS present, f.guild_id, f.title, f.year, f.aliases"
    " FROM film_changes c LEFT JOIN films f ON f.id = c.film_id WHERE c.seq > ? ORDER BY c.seq LIMIT ?"
)


# By id, not through the scope index: a build walks every film once, in order.
_SHARED_FILMS_SQL = ("SELECT id, title, year, aliases FROM films WHERE id > ? AND coalesce(guild_id, 0) = 0"
                     " ORDER BY id LIMIT ?")


def index_path_for(db_path: Path) -> Path:
    """Where a SQLite store keeps its title index by default: beside it, ``reviewbot.db`` →
    ``reviewbot.titles.db``."""
    return db_path.with_name(f"{db_path.stem}.titles{db_path.suffix or '.db'}")


class TitleIndexStore:
    """Writes the shared catalogue's title index and opens readers of it.

    The index lives in a SQLite file of its own (:attr:`path`), whichever database holds the films:
    beside a SQLite store by default, wherever ``REVIEWBOT_TITLE_INDEX`` says for PostgreSQL. Why its
    own file: it is derived from the films, so it needs no backup and can be rebuilt; a PostgreSQL
    store gets the same instant start; and the bot's other writes (every mirrored comment) never touch
    it, so its readers keep their memory map of it (SQLite drops a reader's map when the file it maps
    is written). It follows the films through the store's change log (``film_changes``), read with the
    store's own connection, and applies the changes in a worker thread or process.

    TMDB's listed titles (migration 0014) keep their index in a SQLite store's own file, written in the
    same transaction as the list.
    """

    def __init__(self, db: Database, path: Path | None = None) -> None:
        self.db = db
        if path is None and db.dialect == "sqlite" and isinstance(db.path, Path):
            path = index_path_for(db.path)
        #: The index file; None: no file to keep it in (an in-memory SQLite, PostgreSQL without
        #: ``REVIEWBOT_TITLE_INDEX``), and the bot indexes the catalogue in memory at start.
        self.path = path
        self._readers: list[StoredTitleIndex] = []
        self._checked = False

    @property
    def available(self) -> bool:
        """Whether the shared catalogue has an index file."""
        return self.path is not None

    @property
    def listed_available(self) -> bool:
        """Whether TMDB's listed titles are indexed (a SQLite store's file holds that index)."""
        return self.db.dialect == "sqlite" and isinstance(self.db.path, Path)

    def reader(self, *, listed: bool = False) -> StoredTitleIndex:
        """A reader of the index (with *listed*, of TMDB's listed titles, whose ids are TMDB's); closed
        with the store. Call :meth:`state` first: it creates the file."""
        if listed:
            if not self.listed_available:
                raise ValueError("only a SQLite store file indexes TMDB's listed titles")
            reader = StoredTitleIndex(self.db.path, cache_mib=8, tables=LISTED)  # type: ignore[arg-type]
        else:
            if not self._checked:
                raise RuntimeError("open the title index with state() before reading it")
            reader = StoredTitleIndex(self._path(), cache_mib=32)
        self._readers.append(reader)
        return reader

    def close(self) -> None:
        for reader in self._readers:
            reader.close()
        self._readers.clear()

    async def state(self) -> IndexState:
        """Whether the index is built, the change it is current with, and how much is left to do.

        The first call opens the file, creating it when missing, and starts it afresh when it was
        written by another version, belongs to another store, or is ahead of the store's change log
        (the store was restored from an older backup).
        """
        path = await self._open()
        mark = await asyncio.to_thread(_read_mark, path)
        if mark is None:
            count = await self.db.fetchone(self.db.sql(
                sqlite="SELECT count(*) FROM films WHERE ifnull(guild_id, 0) = 0",
                postgresql="SELECT count(*) FROM films WHERE coalesce(guild_id, 0) = 0"))
            return IndexState(False, 0, int(count[0]))
        pending = await self.db.fetchone("SELECT count(*) FROM film_changes WHERE seq > ?", (mark,))
        return IndexState(True, mark, int(pending[0]))

    async def _open(self) -> Path:
        """The index file, created or started afresh on first use (see :meth:`state`)."""
        path = self._path()
        if not self._checked:
            store_id = await self._store_id()
            newest = await self._newest_change()
            await asyncio.to_thread(_open_index_file, path, store_id, newest)
            self._checked = True
        return path

    async def _store_id(self) -> str:
        async with self.db.transaction() as conn:
            await conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                               (STORE_KEY, uuid.uuid4().hex))
        row = await self.db.fetchone("SELECT value FROM meta WHERE key = ?", (STORE_KEY,))
        return str(row[0])

    async def _newest_change(self) -> int:
        row = await self.db.fetchone("SELECT coalesce(max(seq), 0) FROM film_changes")
        return int(row[0])

    async def _changes(self, mark: int, limit: int) -> list[Change]:
        rows = await self.db.fetchall(_CHANGES_SQL, (mark, limit))
        return [(int(r[0]), int(r[1]), bool(r[2]), r[3], r[4], r[5], r[6]) for r in rows]

    # ------------------------------------------------------------------ building
    async def build(self, *, progress: Callable[[int], None] | None = None) -> bool:
        """Index every shared film from scratch, :data:`BUILD_BATCH` films per transaction.

        For a new index file (an installation's first start with it, or one started afresh). The films
        are read with the store's connection and indexed in a worker thread, so the event loop only
        waits. The change-log mark is read first, so films changed while the build runs are applied
        again by :meth:`catch_up` (applying a change twice is harmless). Returns False when another
        process took the build over, or it was already built.
        """
        path = await self._open()
        mark = await self._newest_change()
        token = await asyncio.to_thread(_begin_build, path)
        if token is None:
            return False
        words: Counter[str] = Counter()
        last, done = 0, 0
        while True:
            rows = await self.db.fetchall(_SHARED_FILMS_SQL, (last, BUILD_BATCH))
            if not rows:
                break
            films = [(int(r[0]), r[1], r[2], r[3]) for r in rows]
            batch_words = await asyncio.to_thread(_build_batch, path, token, films)
            if batch_words is None:
                return False
            words.update(batch_words)
            last, done = films[-1][0], done + len(films)
            if progress is not None:
                progress(done)
        if not await asyncio.to_thread(_finish_build, path, token, words, mark):
            return False
        log.info("Built the title index of %d shared films", done)
        return True

    async def catch_up(self, limit: int = CATCH_UP_BATCH) -> int:
        """Apply up to *limit* film changes after the index's mark, in one transaction; return how many.

        The changes are read here and applied in a worker thread (normalising titles is CPU work: at a
        million films a batch held the event loop for a quarter of a second). Safe beside other
        processes doing the same (shards): the mark is read again and moved inside the index's write
        transaction, so each change is applied once. Nothing happens before the index is built.
        """
        path = await self._open()
        mark = await asyncio.to_thread(_read_mark, path)
        if mark is None:
            return 0
        changes = await self._changes(mark, limit)
        if not changes:
            return 0
        await asyncio.to_thread(_apply_changes, path, changes)
        return len(changes)

    async def catch_up_all(self, *, between: Callable[[], None] | None = None) -> int:
        """Apply every pending film change; return how many were applied.

        For a big import by another process (a hundred thousand films), the changes are applied in a
        process of its own: a worker thread normalising titles holds the interpreter's lock, and on a
        busy machine the system descheduled it while it held the lock: the event loop then stood still
        for 50-300 ms. A process shares no lock with the loop. Each batch is one transaction of
        :data:`CATCH_UP_BATCH` films (other writers go in between); *between* is called after every
        :data:`PROCESS_SLICE` changes and at the end, so look-ups stop answering from what they
        remembered before. Up to :data:`PROCESS_SLICE` pending changes (a server's import, say) are
        applied in a worker thread instead, as is everything when no process can be started.
        """
        path = await self._open()
        state = await self.state()
        if not state.built:
            return 0
        loop = asyncio.get_running_loop()
        pool: ProcessPoolExecutor | None = None
        if state.pending > PROCESS_SLICE:
            try:
                pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                           initializer=_background_priority)
            except (OSError, NotImplementedError) as exc:  # no processes here (a sandboxed host)
                log.warning("Applying the film changes in a thread: no worker process (%s)", exc)
        total, since_forget, mark = 0, 0, state.mark
        try:
            while True:
                changes = await self._changes(mark, CATCH_UP_BATCH)
                if not changes:
                    break
                if pool is not None:
                    try:
                        mark = await loop.run_in_executor(pool, _apply_changes, path, changes)
                    except BrokenProcessPool:
                        log.warning("The title index's worker process died; applying the film changes in a thread")
                        pool = None
                        continue
                else:
                    mark = await asyncio.to_thread(_apply_changes, path, changes)
                total += len(changes)
                since_forget += len(changes)
                if since_forget >= PROCESS_SLICE and between is not None:
                    between()
                    since_forget = 0
        finally:
            if pool is not None:
                # The worker has finished its batch (or is finishing it); wait for it off the event loop.
                await asyncio.shield(asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True))
        if between is not None and (since_forget or not total):
            between()
        return total

    def _path(self) -> Path:
        if self.path is None:
            raise ValueError("this store has no title index file")
        return self.path


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


def _open_index_file(path: Path, store_id: str, newest_change: int) -> None:
    """:func:`_prepare`, with what can go wrong said plainly. The file holds nothing that cannot be
    derived again, so a damaged one is replaced; one that cannot be created or is locked stops the start
    with a :class:`DatabaseError` naming the setting to change."""
    try:
        try:
            _prepare(path, store_id, newest_change)
        except sqlite3.DatabaseError as exc:
            if sqlite_error_kind(exc) != "damaged":
                raise
            log.warning("The title index at %s is damaged (%s); replacing it (it is rebuilt from the films)", path, exc)
            for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)
            _prepare(path, store_id, newest_change)
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if isinstance(exc, sqlite3.Error) and sqlite_error_kind(exc) == "locked":
            raise DatabaseError(f"the title index at {path} is locked by another program ({reason})",
                                kind="locked") from exc
        raise DatabaseError(
            f"cannot create or open the title index at {path} ({reason}): check that this user may create and "
            "write it, or set REVIEWBOT_TITLE_INDEX to another file", kind="index") from exc


def _prepare(path: Path, store_id: str, newest_change: int) -> None:
    """Create the index file if missing; start it afresh if it is not this store's current index."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, timeout=WRITE_WAIT_SECONDS)
    try:
        conn.execute("PRAGMA journal_mode = WAL")  # kept by the file: readers never wait for the writer
    finally:
        conn.close()
    with _writing(path) as conn:
        for statement in _SCHEMA_SQL.split(";"):
            if statement.strip():
                conn.execute(statement)
        mark = _meta(conn, MARK_KEY)
        why = None
        if _meta(conn, SCHEMA_KEY) not in (None, INDEX_SCHEMA):
            why = "it was written by another version"
        elif _meta(conn, STORE_KEY) not in (None, store_id):
            why = "it indexes another store's films"
        elif mark is not None and int(mark) > newest_change:
            why = "it is ahead of the store's films (restored from a backup?)"
        if why is not None:
            log.warning("Starting the title index at %s afresh: %s", path, why)
            for table in ("meta", *_TABLES):
                conn.execute(f"DELETE FROM {table}")  # a fixed table name
        _set_meta(conn, SCHEMA_KEY, INDEX_SCHEMA)
        _set_meta(conn, STORE_KEY, store_id)


def _read_mark(path: Path) -> int | None:
    """The change the index is current with; None while it is not built."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, timeout=WRITE_WAIT_SECONDS)
    try:
        if _meta(conn, BUILDING_KEY) is not None:
            return None
        mark = _meta(conn, MARK_KEY)
        return None if mark is None else int(mark)
    finally:
        conn.close()


def _still_building(conn: sqlite3.Connection, token: str) -> bool:
    if _meta(conn, BUILDING_KEY) != token:
        log.info("Another process took over building the title index")
        return False
    return True


def _begin_build(path: Path) -> str | None:
    """Claim the build of an index that is not built (emptying it); None if it is built already."""
    token = uuid.uuid4().hex
    with _writing(path) as conn:
        if _meta(conn, MARK_KEY) is not None:
            return None
        for table in _TABLES:
            conn.execute(f"DELETE FROM {table}")  # a fixed table name
        _set_meta(conn, BUILDING_KEY, token)
    return token


def _build_batch(path: Path, token: str, films: list[tuple[int, str, int | None, str | None]]) -> Counter[str] | None:
    """Index one batch of films (id, title, year, aliases JSON); their words, or None if the build was
    taken over by another process."""
    batch = _index_rows([_film_row(film) for film in films])
    with _writing(path) as conn:
        if not _still_building(conn, token):
            return None
        _insert_rows(conn, batch)
    return batch.words


def _finish_build(path: Path, token: str, words: Counter[str], mark: int) -> bool:
    deletes = _deletion_rows(words)
    with _writing(path) as conn:
        if not _still_building(conn, token):
            return False
        conn.executemany("INSERT INTO title_vocab (token, films) VALUES (?, ?)", sorted(words.items()))
        conn.executemany("INSERT OR IGNORE INTO title_deletes (variant, token) VALUES (?, ?)", deletes)
        conn.execute("DELETE FROM meta WHERE key = ?", (BUILDING_KEY,))
        _set_meta(conn, MARK_KEY, str(mark))
    return True


def _apply_changes(path: Path, changes: list[Change]) -> int:
    """Apply *changes* (read after the mark, oldest first) in one transaction; return the new mark.

    Those another process applied meanwhile (the mark moved past them) are skipped, so every change is
    applied once however many processes follow the log.
    """
    with _writing(path) as conn:
        mark = _meta(conn, MARK_KEY)
        if mark is None or _meta(conn, BUILDING_KEY) is not None:
            return changes[-1][0]
        fresh = [change for change in changes if change[0] > int(mark)]
        if not fresh:
            return int(mark)
        _remove(conn, [change[1] for change in fresh])
        # a film still there and shared is indexed again; a server's own film or a deleted one only leaves
        _add(conn, [_film_row((c[1], c[4], c[5], c[6])) for c in fresh if c[2] and not c[3]])
        _set_meta(conn, MARK_KEY, str(fresh[-1][0]))
        return fresh[-1][0]


def _background_priority() -> None:
    """A worker process yields the CPU to the bot: on a machine with fewer free cores than runnable
    processes, the event loop waits for the system's scheduler otherwise."""
    with contextlib.suppress(OSError, AttributeError):  # not every system lets a process be niced
        os.nice(10)


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
