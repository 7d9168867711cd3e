"""film_info_pages: a film's details over its release table, paged within Discord's 2,000 characters."""

from __future__ import annotations

import itertools
import re

from bot.domain.film_info import film_details, film_info_pages
from bot.domain.models import Film, PartialDate, Release, ReleaseType

NEVER_LET_ME_GO = Film(
    1, "Never Let Me Go", 2010, director="Mark Romanek", runtime_minutes=103, imdb_id="tt1334260",
    cast=("Carey Mulligan", "Andrew Garfield", "Keira Knightley"),
    releases=(
        Release("GB", ReleaseType.THEATRICAL, PartialDate.parse("2011-02-11")),
        Release("US", ReleaseType.PREMIERE, PartialDate.parse("2010-09-03"), note="Telluride"),
    ),
)


def test_the_details_come_first_then_the_table() -> None:
    [page] = film_info_pages(NEVER_LET_ME_GO)
    assert page.startswith("**Never Let Me Go (2010)**\nDirected by Mark Romanek · 103 min\n"
                           "Starring Carey Mulligan, Andrew Garfield, Keira Knightley\n"
                           "IMDb: <https://www.imdb.com/title/tt1334260/>\n```\n")
    assert page.index("3 Sep 2010") < page.index("11 Feb 2011")  # earliest first
    assert "Telluride" in page and page.count("```") == 2


def test_details_not_on_record_are_left_out() -> None:
    assert film_details(Film(2, "Heat", None)) == ["**Heat**"]
    assert film_info_pages(Film(2, "Heat", 1995)) == ["**Heat (1995)**\nNo release dates on record."]


def test_a_long_cast_shows_the_first_names_and_how_many_more() -> None:
    film = Film(3, "Crowd", 2001, cast=tuple(f"Actor Number {i}" for i in range(40)))
    [line] = [line for line in film_details(film) if line.startswith("Starring")]
    assert line.startswith("Starring Actor Number 0, Actor Number 1") and line.endswith(" more")


def test_a_hostile_film_released_everywhere_fits_every_page() -> None:
    countries = ["".join(pair) for pair in itertools.product("ABCDEFGHIJKLMNOPQRSTUVWXYZ", repeat=2)][:250]
    releases = tuple(
        Release(code, kind, PartialDate.parse(f"2011-{int(kind):02d}-{n % 28 + 1:02d}"), note="映画🎬*`_" * 20)
        for n, code in enumerate(countries) for kind in ReleaseType
    )
    film = Film(4, "*" * 300, 2011, original_title="_" * 300, director="|" * 200, runtime_minutes=999,
                cast=tuple("~" * 60 for _ in range(40)), imdb_id="tt0000001", releases=releases)
    pages = film_info_pages(film)
    assert all(len(page) <= 2000 for page in pages)
    assert all(page.count("```") == 2 and "Where" in page for page in pages)
    rows = [line for page in pages for line in page.splitlines() if re.match(r"^[A-Z]{2}  ", line)]
    assert len(rows) == len(releases)
    assert pages[-1].endswith(f"-# Page {len(pages)} of {len(pages)}")
