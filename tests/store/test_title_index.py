"""The shared catalogue's title index, kept in a SQLite file of its own beside the store.

It must answer exactly as the in-memory index does, persist across restarts (a start opens it, never
rebuilds it), follow changes made by any process through the change log, be built on the first start
with a new file, and start afresh when the file is not the store's. Every test runs on SQLite, and on
PostgreSQL when one is configured (``REVIEWBOT_TEST_POSTGRES``): the index file is the same either way.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3

import asyncpg
import pytest

from bot.db import DatabaseError, Store
from bot.db import title_index as stored_index
from bot.domain import titles as titles_module
from bot.domain.models import Film
from bot.domain.titles import TitleIndex, find_titles_in_text
from bot.services import release_desk
from bot.services.release_desk import ReleaseDesk
from tests import postgres
from tests.bench_titles import synthetic_titles
from tests.unit.test_titles import FILMS

GUILD = 1


@pytest.fixture
def index_file(tmp_path):
    return tmp_path / "index" / "titles.db"


@pytest.fixture
async def store(store_target, index_file):
    async with Store.open(store_target, title_index=index_file) as opened:
        yield opened


on_postgresql = pytest.mark.skipif(not postgres.configured(), reason=f"PostgreSQL only: set {postgres.ENV}")


@pytest.fixture
async def pg_target():
    async with postgres.fresh_schema() as url:
        yield url


def reopen(store_target, index_file):
    """The same store and index file opened again: another process, or the bot after a restart."""
    return Store.open(store_target, title_index=index_file)


def index_rows(store: Store, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of the index file itself (the store's tables do not hold it)."""
    conn = sqlite3.connect(store.title_index.path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def typo(rng: random.Random, text: str) -> str:
    chars = list(text)
    chars[rng.randrange(len(chars))] = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return "".join(chars)


async def catalogue(store: Store, extra: int = 0) -> list[str]:
    """The title tests' films, then *extra* synthetic ones; returns every title."""
    films = [Film(id=None, title=title, year=year, aliases=aliases) for _, title, year, aliases in FILMS]
    films += [Film(id=None, title=t, year=1950 + n % 75) for n, t in enumerate(synthetic_titles(extra))]
    await store.films.import_films(films)
    return [f.title for f in films]


def in_memory(titles) -> TitleIndex:
    index = TitleIndex()
    index.add_many((t.film_id, t.title, t.year, t.aliases) for t in titles)
    return index


async def test_the_stored_index_answers_as_the_in_memory_one(store):
    titles = await catalogue(store, extra=3_000)
    desk = ReleaseDesk(store)
    await desk.load()
    stored = desk.shared
    assert not isinstance(stored, TitleIndex)
    memory = in_memory(await store.films.titles())
    assert len(stored) == len(memory) >= len(titles) - 5  # an import folds same title and year into one
    rng = random.Random(5)
    queries = ["dune 2021", "the dune", "irishman", "i heard you paint houses", "amelie", "le fabuleux destin",
               "never let me goo", "A quiet plcae", "it", "heat", "brazil 1985", "captain america", "the love",
               "of the", "mo", "du", "nev", "the", "x"]
    for title in rng.sample(titles, 200):
        queries += [title, typo(rng, title), title[: rng.randint(1, len(title))], typo(rng, title)[:6]]
    for query in queries:
        assert stored.search(query) == memory.search(query), query
        assert stored.prefix_choices(query) == memory.prefix_choices(query), query
        assert stored.exact(query) == memory.exact(query), query
    for title in rng.sample(titles, 100):
        text = f"when is {typo(rng, title)} out on DVD in the UK?"
        assert find_titles_in_text(text, stored) == find_titles_in_text(text, memory), text


@pytest.mark.parametrize("budget", [titles_module._POSTING_BUDGET, 40])
async def test_word_prefix_autocomplete_answers_as_the_in_memory_one(store, monkeypatch, budget):
    # With a small budget the common words of 3,000 films count as common, so both ways of finding
    # titles with a word starting with the last one are compared: from the rarest finished word, and
    # word by word through the words starting with the last one.
    monkeypatch.setattr(titles_module, "_POSTING_BUDGET", budget)
    titles = await catalogue(store, extra=3_000)
    desk = ReleaseDesk(store)
    await desk.load()
    stored = desk.shared
    memory = in_memory(await store.films.titles())
    rng = random.Random(11)
    queries = ["the l", "the lo", "love v", "of the m", "a ni", "the love ci", "night da", "zzz the l", "the zzz",
               "return house ni", "the night man d", "dark q"]
    for title in rng.sample([t for t in titles if len(t.split()) >= 2], 150):
        words = title.split()
        last = words[-1][: rng.randint(1, len(words[-1]))]
        queries += [" ".join([*words[:-1], last]), " ".join([typo(rng, words[0]), *words[1:-1], last]),
                    f"the {last}", f"{words[0]} {rng.choice('abcdefghijklmnopqrstuvwxyz')}"]
    for query in queries:
        assert stored.prefix_choices(query) == memory.prefix_choices(query), query
        assert stored.prefix_choices(query, limit=5) == memory.prefix_choices(query, limit=5), query


@pytest.mark.parametrize("held_in_memory", [stored_index._HOLDER_SET, 0])
async def test_the_word_prefix_primitives_answer_as_the_in_memory_ones(store, monkeypatch, held_in_memory):
    # The stored index answers these with one statement each way (from the word's films, or from the
    # films of the words starting with the prefix), telling which films hold the other words from their
    # lists in memory or by a probe per film; whichever it picks, the films and their order match.
    monkeypatch.setattr(stored_index, "_HOLDER_SET", held_in_memory)
    await catalogue(store, extra=3_000)
    desk = ReleaseDesk(store)
    await desk.load()
    stored = desk.shared
    memory = in_memory(await store.films.titles())
    rng = random.Random(3)
    vocab = sorted(memory._postings)
    starts = ["l", "lo", "v", "ni", "zz", *(w[: rng.randint(2, len(w))] for w in rng.sample(vocab, 40))]
    for token in ("the", "love", "night", "a", "of", *rng.sample(vocab, 5)):
        for start in starts:
            for others in (set(), {"the"} - {token}, {"love", "of"} - {token}):
                for limit in (1, 3, 25, 10_000):
                    assert (stored._holders_starting(token, others, start, limit)
                            == memory._holders_starting(token, others, start, limit)), (token, start, others, limit)
    for start in starts[:12]:
        for others in (set(), {"the"}, {"love", "night"}):
            assert list(stored._prefixed_holders(start, others, 7)) == list(memory._prefixed_holders(start, others, 7))


async def test_a_restart_opens_the_index_without_building_it(store_target, index_file, monkeypatch):
    async with reopen(store_target, index_file) as store:
        await catalogue(store)
        await ReleaseDesk(store).load()  # the first start builds it
        assert (await store.title_index.state()).built

    async def no_rebuild(self, **kwargs):
        raise AssertionError("the index was rebuilt at a restart")

    monkeypatch.setattr(stored_index.TitleIndexStore, "build", no_rebuild)
    async with reopen(store_target, index_file) as store:
        desk = ReleaseDesk(store)
        await desk.load()
        assert [m.title for m in desk.search("Dune: Part One", GUILD, min_score=90)] == ["Dune"]
        assert [m.label for m in desk.autocomplete("moonl", GUILD)] == ["Moonlight (2016)"]


async def test_changes_made_while_the_bot_was_away_are_applied_at_start(store_target, index_file):
    async with reopen(store_target, index_file) as store:
        await catalogue(store)
        await ReleaseDesk(store).load()
    async with Store.open(store_target) as other:  # `reviewbot films import` while the bot is stopped
        await other.films.import_films([Film(id=None, title="Paddington 2", year=2017)])
    async with reopen(store_target, index_file) as store:
        desk = ReleaseDesk(store)
        await desk.load()
        assert [m.title for m in desk.search("Padington 2", GUILD, min_score=80)] == ["Paddington 2"]
        assert (await store.title_index.state()).pending == 0


async def test_a_missing_index_file_is_built_at_start(store_target, index_file):
    async with reopen(store_target, index_file) as store:
        await catalogue(store)
        await ReleaseDesk(store).load()
    for leftover in index_file.parent.iterdir():  # the file deleted while the bot was stopped
        leftover.unlink()
    async with reopen(store_target, index_file) as store:
        assert not (await store.title_index.state()).built
        desk = ReleaseDesk(store)
        await desk.load()
        assert (await store.title_index.state()).built
        assert [m.title for m in desk.search("Moonlihgt", GUILD, min_score=80)] == ["Moonlight"]


async def test_an_index_file_of_another_store_is_started_afresh(store_target, index_file, tmp_path):
    async with reopen(store_target, index_file) as store:
        await catalogue(store)
        await ReleaseDesk(store).load()
    # Another store pointed at the same file: its films, not the first store's, must be found.
    async with Store.open(tmp_path / "other.db", title_index=index_file) as other:
        await other.films.import_films([Film(id=None, title="Only Elsewhere", year=2001)])
        desk = ReleaseDesk(other)
        await desk.load()
        assert [m.title for m in desk.search("Only Elsewhere", GUILD, min_score=90)] == ["Only Elsewhere"]
        assert desk.search("Moonlight", GUILD, min_score=90) == []
        assert len(desk.shared) == 1


async def test_an_index_ahead_of_its_store_is_started_afresh(store_target, index_file):
    # A store restored from an older backup: the index has changes the store no longer has.
    async with reopen(store_target, index_file) as store:
        await catalogue(store)
        await ReleaseDesk(store).load()
        await store.films.import_films([Film(id=None, title="Made After The Backup", year=2030)])
        desk = ReleaseDesk(store)
        await desk.load()
        assert desk.search("Made After The Backup", GUILD, min_score=90)
        async with store.db.transaction() as conn:  # what the restored backup lacks
            await conn.execute("DELETE FROM films WHERE title = ?", ("Made After The Backup",))
            await conn.execute("DELETE FROM film_changes WHERE seq > (SELECT min(seq) FROM film_changes)")
    async with reopen(store_target, index_file) as store:
        desk = ReleaseDesk(store)
        await desk.load()
        assert desk.search("Made After The Backup", GUILD, min_score=90) == []
        assert [m.title for m in desk.search("Moonlight", GUILD, min_score=90)] == ["Moonlight"]


async def test_an_index_file_of_another_version_is_started_afresh(store_target, index_file):
    async with reopen(store_target, index_file) as store:
        await catalogue(store)
        await ReleaseDesk(store).load()
        conn = sqlite3.connect(index_file)
        conn.execute("UPDATE meta SET value = '0' WHERE key = ?", (stored_index.SCHEMA_KEY,))
        conn.execute("DELETE FROM title_entries")  # what an older layout would not answer from
        conn.commit()
        conn.close()
    async with reopen(store_target, index_file) as store:
        desk = ReleaseDesk(store)
        await desk.load()
        assert [m.title for m in desk.search("Moonlight", GUILD, min_score=90)] == ["Moonlight"]
        assert index_rows(store, "SELECT value FROM meta WHERE key = ?", (stored_index.SCHEMA_KEY,)) == [
            (stored_index.INDEX_SCHEMA,)]


async def test_a_big_catalogue_is_indexed_in_the_background_at_first_start(store, monkeypatch):
    monkeypatch.setattr(release_desk, "INLINE_BUILD", 5)
    monkeypatch.setattr(stored_index, "BUILD_BATCH", 4)
    await catalogue(store, extra=20)
    desk = ReleaseDesk(store)
    await desk.load()
    assert desk._building is not None
    await desk._building
    assert (await store.title_index.state()).built
    assert len(desk.shared) == len(FILMS) + 20
    assert [m.title for m in desk.search("Extraktion", GUILD, min_score=80)] == ["Extraction"]


async def test_words_no_film_holds_any_more_leave_the_index(store, store_target, monkeypatch):
    monkeypatch.setattr(release_desk, "VERSION_CHECK_SECONDS", 0.0)
    await store.films.import_films([Film(id=None, title="Zyxwvut Heat", year=1995, tmdb_id=9),
                                    Film(id=None, title="Heat", year=1995)])
    desk = ReleaseDesk(store)
    await desk.load()
    assert desk.search("Zyxwvut Heat", GUILD, min_score=90)
    async with Store.open(store_target) as other:
        await other.films.import_films([Film(id=None, title="Plain Heat", year=1995, tmdb_id=9)])
    await desk.film(10**9, GUILD)
    assert [m.title for m in desk.search("Zyxwvu Heat", GUILD, min_score=90)] == []
    assert [m.title for m in desk.search("Plain Heat", GUILD, min_score=90)] == ["Plain Heat"]
    assert index_rows(store, "SELECT count(*) FROM title_vocab WHERE token = 'zyxwvut'") == [(0,)]
    assert index_rows(store, "SELECT count(*) FROM title_deletes WHERE token = 'zyxwvut'") == [(0,)]
    assert index_rows(store, "SELECT films FROM title_vocab WHERE token = 'heat'") == [(2,)]


async def test_emptying_the_catalogue_empties_every_index_table(store):
    await catalogue(store, extra=50)
    await ReleaseDesk(store).load()
    async with store.db.transaction() as conn:
        await conn.execute("DELETE FROM films")
    while await store.title_index.catch_up():
        pass
    for table in ("title_entries", "title_keys", "title_tokens", "title_vocab", "title_deletes"):
        assert index_rows(store, f"SELECT count(*) FROM {table}") == [(0,)], table


async def test_a_big_catch_up_is_applied_in_a_worker_process_slice_by_slice(store, monkeypatch):
    await catalogue(store)
    desk = ReleaseDesk(store)
    await desk.load()
    await store.films.import_films([Film(id=None, title=f"Pickup {n} Zebra", year=2020) for n in range(1_200)])
    monkeypatch.setattr(stored_index, "PROCESS_SLICE", 500)  # fewer pending than a slice stay in a thread
    slices = []
    assert await store.title_index.catch_up_all(between=lambda: slices.append(len(slices))) == 1_200
    assert slices == [0, 1, 2]  # after 500, 1,000 and the last 200
    assert (await store.title_index.state()).pending == 0
    assert [m.title for m in desk.shared.search("Pickup 1199 Zebra", limit=1)] == ["Pickup 1199 Zebra"]


async def test_a_small_catch_up_is_applied_in_one_go(store):
    await catalogue(store)
    desk = ReleaseDesk(store)
    await desk.load()
    await store.films.import_films([Film(id=None, title=f"Small {n} Yak", year=2020) for n in range(30)])
    slices = []
    assert await store.title_index.catch_up_all(between=lambda: slices.append(1)) == 30
    assert slices == [1]
    assert [m.title for m in desk.shared.search("Small 29 Yak", limit=1)] == ["Small 29 Yak"]


async def test_a_catch_up_applies_each_change_once_beside_another_process(store, store_target, index_file):
    await catalogue(store)
    await ReleaseDesk(store).load()
    await store.films.import_films([Film(id=None, title=f"Sequel {n}", year=2000) for n in range(30)])
    async with reopen(store_target, index_file) as other:
        assert await other.title_index.catch_up(limit=20) == 20
    assert await store.title_index.catch_up(limit=20) == 10
    assert await store.title_index.catch_up() == 0
    assert index_rows(store, "SELECT films FROM title_vocab WHERE token = 'sequel'") == [(30,)]


async def test_servers_own_films_stay_in_memory_beside_the_stored_index(store):
    await catalogue(store)
    await store.films.import_films([Film(id=None, title="Our Local Premiere", year=2024)], guild_id=GUILD)
    desk = ReleaseDesk(store)
    await desk.load()
    assert "Our Local Premiere" not in [m.title for m in desk.shared.search("Our Local Premiere")]
    assert [m.title for m in desk.search("Our Local Premiere", GUILD, min_score=90)] == ["Our Local Premiere"]
    assert desk.search("Our Local Premiere", GUILD + 1, min_score=90) == []


async def test_a_remembered_entry_reads_back_whole_whatever_its_title_holds(store):
    # The reader remembers an entry as one string (so the collector never walks it); a title holding
    # the separator, line breaks or nothing of a year must come back exactly as stored.
    odd = ["Tab\x1fbed\x1f title", "Two\nlines", "\x1fLeading", "Trailing\x1f", "Ünïcødé 🎬 ｆｕｌｌ"]
    films = [Film(id=None, title=title, year=None if n % 2 else 1990 + n) for n, title in enumerate(odd)]
    await store.films.import_films(films)
    desk = ReleaseDesk(store)
    await desk.load()
    stored = desk.shared
    memory = in_memory(await store.films.titles())
    ids = sorted(t.film_id for t in await store.films.titles())
    first = {i: stored.get(i) for i in ids}  # read from the database
    again = {i: stored.get(i) for i in ids}  # from what the reader remembered
    assert first == again == {i: memory.get(i) for i in ids}
    assert sorted(m.title for m in again.values()) == sorted(odd)
    assert {m.year for m in again.values()} == {1990, None, 1992, 1994}
    assert stored._entries(ids) == memory._entries(ids)


@on_postgresql
async def test_a_long_import_overtaken_by_a_quick_change_is_still_indexed(pg_target, index_file):
    # PostgreSQL hands out a change's seq when the film is written but shows it at commit: without
    # writers taking turns, a quick change committed during a long import would be applied first, the
    # index's mark would pass the import's seqs, and the import would never be indexed. (SQLite has
    # one writer at a time: its seqs commit in order.)
    async with reopen(pg_target, index_file) as store:
        await _overtaken(store, pg_target)


async def _overtaken(store: Store, store_target: str) -> None:
    await catalogue(store)
    desk = ReleaseDesk(store)
    await desk.load()
    slow = await asyncpg.connect(store_target)
    quick = await asyncpg.connect(store_target)
    try:
        importing = slow.transaction()
        await importing.start()
        await slow.execute("INSERT INTO films (title, year, updated_at) VALUES ('Slow Import', 2001, 'x')")
        change = asyncio.create_task(
            quick.execute("INSERT INTO films (title, year, updated_at) VALUES ('Quick Change', 2002, 'x')"))
        await asyncio.sleep(0.3)
        waited = not change.done()  # for the import's turn
        await store.title_index.catch_up()  # a follower catching up meanwhile
        await importing.commit()
        await asyncio.wait_for(change, 10)
    finally:
        await slow.close()
        await quick.close()
    while await store.title_index.catch_up():
        pass
    desk.shared.forget()
    assert [m.title for m in desk.shared.search("Slow Import", limit=1)] == ["Slow Import"]
    assert [m.title for m in desk.shared.search("Quick Change", limit=1)] == ["Quick Change"]
    assert waited


async def test_a_sqlite_store_keeps_its_index_beside_it_and_not_inside(tmp_path):
    path = tmp_path / "reviewbot.db"
    async with Store.open(path) as store:
        await catalogue(store)
        desk = ReleaseDesk(store)
        await desk.load()
        assert store.title_index.path == tmp_path / "reviewbot.titles.db"
        assert [m.title for m in desk.search("Moonlight", GUILD, min_score=90)] == ["Moonlight"]
        tables = {row[0] for row in await store.db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert not {t for t in tables if t.startswith("title_")}  # migration 0016 took them out of the store
    assert (tmp_path / "reviewbot.titles.db").exists()
    assert stored_index.index_path_for(tmp_path / "films") == tmp_path / "films.titles.db"


@on_postgresql
async def test_a_postgresql_store_without_an_index_file_indexes_in_memory(pg_target):
    async with Store.open(pg_target) as store:  # a SQLite store always has one, beside it
        await catalogue(store)
        desk = ReleaseDesk(store)
        await desk.load()
        assert isinstance(desk.shared, TitleIndex)
        assert [m.title for m in desk.search("Moonlight", GUILD, min_score=90)] == ["Moonlight"]


async def test_a_damaged_index_file_is_replaced_and_rebuilt(store_target, index_file):
    async with reopen(store_target, index_file) as store:
        await catalogue(store)
        await ReleaseDesk(store).load()
    for leftover in index_file.parent.iterdir():
        leftover.unlink()
    index_file.write_bytes(bytes(range(256)) * 16)  # not a database: the index holds nothing underivable
    async with reopen(store_target, index_file) as store:
        desk = ReleaseDesk(store)
        await desk.load()
        assert [m.title for m in desk.search("Moonlight", GUILD, min_score=90)] == ["Moonlight"]


async def test_an_index_file_that_cannot_be_created_says_which_setting_to_change(store_target, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    async with Store.open(store_target, title_index=tmp_path / "a-file" / "titles.db") as store:
        with pytest.raises(DatabaseError) as failure:
            await store.title_index.state()
    assert failure.value.kind == "index"
    assert "a-file" in str(failure.value) and "REVIEWBOT_TITLE_INDEX" in str(failure.value)
