import pytest

from bot.db import Store
from tests import postgres


@pytest.fixture(params=postgres.backends())
async def store_target(request, tmp_path):
    """Where a test's store lives: a SQLite file, and a fresh PostgreSQL schema when one is configured."""
    if request.param == "sqlite":
        yield tmp_path / "reviewbot.db"
    else:
        async with postgres.fresh_schema() as url:
            yield url


@pytest.fixture
async def store(store_target):
    async with Store.open(store_target) as opened:
        yield opened
