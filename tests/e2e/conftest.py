import pytest

from bot.sandbox.server import LoopbackDiscord
from tests import postgres
from tests.e2e.harness import World, build_world
from tests.spec_conformance import assert_conforms


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test on a running bot runs on SQLite, and on PostgreSQL too when REVIEWBOT_TEST_POSTGRES is set;
    a test marked ``sqlite_only`` (it opens the SQLite file itself, or tests SQLite's own failures) on SQLite,
    and so does one marked ``one_store`` (it is about wording or languages, which no store changes)."""
    if "db_backend" in metafunc.fixturenames:
        marks = ("sqlite_only", "one_store")
        only_sqlite = any(metafunc.definition.get_closest_marker(mark) is not None for mark in marks)
        metafunc.parametrize("db_backend", ["sqlite"] if only_sqlite else postgres.backends())


@pytest.fixture
async def db_target(db_backend, tmp_path):
    """Where the bot's store lives: a SQLite file, or a fresh PostgreSQL schema."""
    if db_backend == "sqlite":
        yield tmp_path / "reviewbot.db"
    else:
        async with postgres.fresh_schema() as url:
            yield url


@pytest.fixture
async def server():
    async with LoopbackDiscord() as loopback:
        yield loopback
        assert loopback.unknown_routes == [], f"the bot called routes Discord does not have: {loopback.unknown_routes}"
        assert loopback.errors == [], f"the server could not handle some requests: {loopback.errors}"
        assert_conforms(loopback)


@pytest.fixture
async def world(server, db_target) -> World:
    """The standard guild, with Reviewbot running and ready."""
    w = build_world(server, db_target)
    await w.start_bot()
    yield w
    await w.stop_bot()


@pytest.fixture
async def stopped_world(server, db_target) -> World:
    """The standard guild with the bot not started (tests start and stop it themselves)."""
    w = build_world(server, db_target)
    yield w
    await w.stop_bot()


@pytest.fixture
async def tmdb():
    """A loopback TMDB (see bot/sandbox/tmdb.py), empty until a test adds films."""
    from bot.sandbox.tmdb import LoopbackTmdb

    async with LoopbackTmdb() as loopback:
        yield loopback


@pytest.fixture
async def tmdb_world(server, db_target, tmdb) -> World:
    """The standard guild, with Reviewbot running and TMDB turned on (pointed at the loopback TMDB)."""
    w = build_world(server, db_target)
    w.tmdb = tmdb
    await w.start_bot()
    yield w
    await w.stop_bot()
