"""What ``/film info`` shows: a film's details, then every release on record as a table, in pages.

The details (director, running time, cast, original title, IMDb link) head every page with the
table's column heads, so each page reads on its own and its code block is whole; the rows are paged
by :func:`bot.domain.paging.paginate`, so a film released in every country still fits Discord.
Each detail is clipped before it is escaped, which keeps the heading small enough to leave most of a
page for rows whatever the catalogue holds.
"""

from __future__ import annotations

from bot.domain.models import Film
from bot.domain.paging import MESSAGE_CONTENT, page_footer_in, paginate
from bot.domain.release_answers import release_table_rows, table_note
from bot.domain.review_render import clean_single_line, escape_markdown
from bot.domain.translations import ENGLISH, Phrasebook, phrasebook

__all__ = ["film_details", "film_info_pages", "imdb_url"]

TITLE_CHARS = 200
DIRECTOR_CHARS = 100
CAST_CHARS = 150
CAST_NAME_CHARS = 60
CAST_SHOWN = 8


def imdb_url(imdb_id: str) -> str:
    return f"https://www.imdb.com/title/{imdb_id}/"


def film_details(film: Film, book: Phrasebook | None = None) -> list[str]:
    """The heading line, then one line per known detail (none for details not on record)."""
    _ = book or phrasebook(ENGLISH)
    title = clean_single_line(film.title, TITLE_CHARS) or _("Untitled")
    lines = [f"**{escape_markdown(f'{title} ({film.year})' if film.year else title)}**"]
    if film.original_title and film.original_title != film.title:
        original = escape_markdown(clean_single_line(film.original_title, TITLE_CHARS))
        lines.append(_("Original title: *{title}*", title=original))
    facts = []
    if film.director:
        facts.append(_("Directed by {name}", name=escape_markdown(clean_single_line(film.director, DIRECTOR_CHARS))))
    if film.runtime_minutes:
        facts.append(_("{n} min", n=film.runtime_minutes))
    if facts:
        lines.append(" · ".join(facts))
    cast = [name for name in (clean_single_line(n, CAST_NAME_CHARS) for n in film.cast) if name]
    if cast:
        lines.append(_("Starring {names}", names=escape_markdown(_names(cast, _))))
    if film.imdb_id:
        lines.append(f"IMDb: <{imdb_url(film.imdb_id)}>")
    return lines


def _names(cast: list[str], _: Phrasebook) -> str:
    """The first few names that fit ``CAST_CHARS``, then how many more there are."""
    shown: list[str] = []
    for name in cast[:CAST_SHOWN]:
        if shown and len(", ".join([*shown, name])) > CAST_CHARS:
            break
        shown.append(name)
    more = len(cast) - len(shown)
    listed = ", ".join(shown)
    return _.plural("{names} and {n} more", "{names} and {n} more", more, names=listed) if more else listed


def film_info_pages(
    film: Film, *, limit: int = MESSAGE_CONTENT, footer: str | None = None, book: Phrasebook | None = None,
) -> list[str]:
    """The details and the release table as pages of at most *limit* characters each.

    *footer* (TMDB's attribution, where its data is shown) ends every page, so each page shown alone
    still carries it.
    """
    _ = book or phrasebook(ENGLISH)
    details = "\n".join(film_details(film, _))
    end = f"\n-# {footer}" if footer else ""
    if not film.releases:
        return [details + "\n" + _("No release dates on record.") + end]
    head, *rows = release_table_rows(film, _)
    return paginate(rows, limit=limit, header=f"{details}\n```\n{head}\n", trailer=f"\n```\n{table_note(_)}{end}",
                    footer=page_footer_in(_))
