"""Importing a film file (JSON or CSV) into the store, for the CLI and ``/film import`` alike."""

from __future__ import annotations

from collections.abc import Callable

from bot.db import Store
from bot.db.films import ImportReport
from bot.domain.film_import import parse_films


def is_csv(data: bytes, filename: str | None) -> bool:
    if filename and filename.lower().endswith((".csv", ".json")):
        return filename.lower().endswith(".csv")
    return data.lstrip()[:1] not in (b"{", b"[")


async def import_film_file(
    store: Store,
    data: bytes,
    *,
    filename: str | None,
    guild_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Parse and import; raises FilmImportError (nothing imported) for a bad file.

    A CSV holds release rows only, so it updates the releases it names and keeps the rest; a JSON
    file describes whole films and replaces them.
    """
    films = parse_films(data, filename=filename)
    return await store.films.import_films(
        films, guild_id=guild_id, releases_only=is_csv(data, filename), progress=progress
    )
