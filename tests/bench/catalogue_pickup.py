"""The other process of the catalogue benchmark: imports films into a database a bot has open.

``python -m tests.bench.catalogue_pickup DB COUNT`` stands for ``reviewbot films import`` run beside
the bot: a process of its own, sharing nothing with the bot but the database (a SQLite file, or a
PostgreSQL URL). Its films are new
("Newfilm COUNT N"), so each one is a change the bot's title index has to take in.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.db import Store
from bot.domain.models import Film


async def main(path: Path | str, count: int) -> None:
    async with Store.open(path) as store:
        await store.films.import_films([Film(id=None, title=f"Newfilm {count} {n}", year=2020) for n in range(count)])


if __name__ == "__main__":
    target = sys.argv[1]
    asyncio.run(main(target if target.startswith("postgresql://") else Path(target), int(sys.argv[2])))
