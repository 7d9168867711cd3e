import pytest

from bot.sandbox.server import LoopbackDiscord
from tests.e2e.harness import World, build_world
from tests.spec_conformance import assert_conforms


@pytest.fixture
async def server():
    async with LoopbackDiscord() as loopback:
        yield loopback
        assert loopback.unknown_routes == [], f"the bot called routes Discord does not have: {loopback.unknown_routes}"
        assert loopback.errors == [], f"the server could not handle some requests: {loopback.errors}"
        assert_conforms(loopback)


@pytest.fixture
async def world(server, tmp_path) -> World:
    """The standard guild, with Reviewbot running and ready."""
    w = build_world(server, tmp_path / "reviewbot.db")
    await w.start_bot()
    yield w
    await w.stop_bot()


@pytest.fixture
async def stopped_world(server, tmp_path) -> World:
    """The standard guild with the bot not started (tests start and stop it themselves)."""
    w = build_world(server, tmp_path / "reviewbot.db")
    yield w
    await w.stop_bot()
