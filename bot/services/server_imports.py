"""``/film import`` for one server: bounded in size, parsed off the event loop, all or nothing.

Anyone can create a server and is then its curator, so a server's import is a stranger's file: one
8 MB file of 340,000 films once held the bot's only event loop long enough for other servers'
commands to expire, and every film imported is indexed again at each start. So a server's import is
held to the limits below (refused in words before anything is written), and the file is parsed in a
worker (:func:`bot.services.workers.run_heavy`). The writing happens in the store's batches, in one
transaction, as for the operator's ``reviewbot films import`` (which has no such limits).
"""

from __future__ import annotations

from bot.db import Store
from bot.db.films import ImportReport
from bot.domain.film_import import parse_films
from bot.errors import UserFacingError
from bot.services.film_files import is_csv
from bot.services.workers import run_heavy

#: The largest file a server may import (bytes); Discord would let a member attach far more.
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Films and releases in one import.
MAX_FILMS = 5_000
MAX_RELEASES = 50_000
#: Films of a server's own (added or imported there) it may hold; the shared catalogue is not counted.
MAX_SERVER_FILMS = 5_000
#: Imports per server: (imports, per seconds).
IMPORT_RATE = (2, 60.0)


def check_file_size(size: int) -> None:
    """Refuse a file over :data:`MAX_FILE_BYTES` before downloading it."""
    if size > MAX_FILE_BYTES:
        raise UserFacingError(
            "That file is too large ({size} MB); a server may import at most {limit} MB at a time. Split it "
            "into smaller files.", size=f"{size / 1_048_576:.1f}", limit=MAX_FILE_BYTES // 1_048_576,
        )


async def check_room(store: Store, guild_id: int) -> None:
    """Refuse one more film of the server's own (``/film add``) when it already holds the most it may."""
    held = len(await store.films.titles(guild_id=guild_id))
    if held >= MAX_SERVER_FILMS:
        raise UserFacingError(
            "This server already has {held} films of its own, the most a server may hold; nothing was added.",
            held=lambda _: _.number(held),
        )


async def import_server_file(store: Store, data: bytes, *, filename: str | None, guild_id: int) -> ImportReport:
    """Parse *data* off the loop, check it against the server's limits, then import it (all or nothing).

    Raises FilmImportError for a bad file and UserFacingError for one over a limit; either way nothing
    is written.
    """
    check_file_size(len(data))
    films = await run_heavy(len(data), parse_films, data, filename=filename)
    releases = sum(len(film.releases) for film in films)
    if len(films) > MAX_FILMS or releases > MAX_RELEASES:
        raise UserFacingError(
            "Nothing was imported: the file has {films} films and {releases} releases, and one import may hold "
            "at most {max_films} films and {max_releases} releases. Split it into smaller files.",
            films=lambda _: _.number(len(films)), releases=lambda _: _.number(releases),
            max_films=lambda _: _.number(MAX_FILMS), max_releases=lambda _: _.number(MAX_RELEASES),
        )
    own = await store.films.titles(guild_id=guild_id)
    known = {(film.title.casefold(), film.year) for film in own}
    new = {(film.title.casefold(), film.year) for film in films} - known
    if len(own) + len(new) > MAX_SERVER_FILMS:
        raise UserFacingError(
            "Nothing was imported: this server has {own} films of its own and the file would add {new}, over "
            "the {limit} a server may hold. Remove some, or import fewer.",
            own=lambda _: _.number(len(own)), new=lambda _: _.number(len(new)),
            limit=lambda _: _.number(MAX_SERVER_FILMS),
        )
    return await store.films.import_films(films, guild_id=guild_id, releases_only=is_csv(data, filename))
