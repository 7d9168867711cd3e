import pytest

from bot.db import Store


@pytest.fixture
async def store(tmp_path):
    async with Store.open(tmp_path / "reviewbot.db") as opened:
        yield opened
