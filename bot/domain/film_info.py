"""What ``/film info`` shows: a film's details, then every release on record as a table, in pages.

The details (director, running time, cast, original title, IMDb link) head every page with the
table's column heads, so each page reads on its own and its code block is whole; the rows are paged
by :func:`bot.domain.paging.paginate`, so a film released in every country still fits Discord.
Each detail is clipped before it is escaped, which keeps the heading small enough to leave most of a
page for rows whatever the catalogue holds.
"""

from __future__ import annotations

from bot.domain.models import Film
from bot.domain.paging import MESSAGE_CONTENT, paginate
from bot.domain.release_answers import TABLE_NOTE, release_table_rows
from bot.domain.review_render import clean_single_line, escape_markdown

__all__ = ["film_details", "film_info_pages", "imdb_url"]

TITLE_CHARS = 200
DIRECTOR_CHARS = 100
CAST_CHARS = 150
CAST_NAME_CHARS = 60
CAST_SHOWN = 8


def imdb_url(imdb_id: str) -> str:
    return f"https://www.imdb.com/title/{imdb_id}/"


def film_details(film: Film) -> list[str]:
    """The heading line, then one line per known detail (none for details not on record)."""
    title = clean_single_line(film.title, TITLE_CHARS) or "Untitled"
    lines = [f"**{escape_markdown(f'{title} ({film.year})' if film.year else title)}**"]
    if film.original_title and film.original_title != film.title:
        lines.append(f"Original title: *{escape_markdown(clean_single_line(film.original_title, TITLE_CHARS))}*")
    facts = []
    if film.director:
        facts.append(f"Directed by {escape_markdown(clean_single_line(film.director, DIRECTOR_CHARS))}")
    if film.runtime_minutes:
        facts.append(f"{film.runtime_minutes} min")
    if facts:
        lines.append(" · ".join(facts))
    cast = [name for name in (clean_single_line(n, CAST_NAME_CHARS) for n in film.cast) if name]
    if cast:
        lines.append(f"Starring {escape_markdown(_names(cast))}")
    if film.imdb_id:
        lines.append(f"IMDb: <{imdb_url(film.imdb_id)}>")
    return lines


def _names(cast: list[str]) -> str:
    """The first few names that fit ``CAST_CHARS``, then how many more there are."""
    shown: list[str] = []
    for name in cast[:CAST_SHOWN]:
        if shown and len(", ".join([*shown, name])) > CAST_CHARS:
            break
        shown.append(name)
    more = len(cast) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def film_info_pages(film: Film, *, limit: int = MESSAGE_CONTENT, footer: str | None = None) -> list[str]:
    """The details and the release table as pages of at most *limit* characters each.

    *footer* (TMDB's attribution, where its data is shown) ends every page, so each page shown alone
    still carries it.
    """
    details = "\n".join(film_details(film))
    end = f"\n-# {footer}" if footer else ""
    if not film.releases:
        return [f"{details}\nNo release dates on record.{end}"]
    head, *rows = release_table_rows(film)
    return paginate(rows, limit=limit, header=f"{details}\n```\n{head}\n", trailer=f"\n```\n{TABLE_NOTE}{end}")
