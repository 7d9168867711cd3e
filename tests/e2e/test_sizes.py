"""Listed and paged views at real sizes: every page Discord accepts, nothing lost between pages.

Each view is driven at ten times the size that once broke it (and at the extremes the issue names),
against the loopback server, which refuses over-long content as Discord does (400, code 50035).
"""

from __future__ import annotations

import json
import re

import pytest

from bot.db.reviews import NewReview
from bot.sandbox.interactions import Attachment
from tests.e2e.helpers import answer, comment_rows, is_ephemeral, published_thread, query

CONTENT_LIMIT = 2000
# Text that is long in bytes and in UTF-16 but counted by code points, as Discord counts it.
MULTI_BYTE = "Ça tourne — 映画の夜 🎬 «Zoë» ✓ "
PAGE_MARK = re.compile(r"-# Page (\d+) of (\d+)$")


def text_of(length: int, seed: str = "") -> str:
    """*length* code points of mixed multi-byte prose beginning with *seed*."""
    body = seed + MULTI_BYTE * (length // len(MULTI_BYTE) + 1)
    return body[:length]


async def all_pages(world, handle, member) -> list[str]:
    """Every page of a paged answer, walked with its Next button; each checked against Discord's limit."""
    first = await answer(handle)
    assert is_ephemeral(first), first
    pages = [first["content"]]
    buttons = {c["label"]: c for row in first.get("components") or [] for c in row["components"] if "label" in c}
    if "Next" not in buttons:
        return pages
    total = int(PAGE_MARK.search(pages[0]).group(2))
    for _ in range(total - 1):
        click = world.drv.click(handle.message, buttons["Next"]["custom_id"], member)
        shown = (await click.response())["data"]
        pages.append(shown["content"])
    for number, page in enumerate(pages, start=1):
        assert len(page) <= CONTENT_LIMIT
        assert PAGE_MARK.search(page).groups() == (str(number), str(total))
    return pages


def no_failure(pages: list[str]) -> None:
    assert not any("went wrong" in page for page in pages), pages[0][:300]


@pytest.mark.parametrize(("count", "length"), [(180, 80), (500, 1000)])
async def test_comments_show_pages_every_comment_within_discords_limit(world, count, length):
    thread = await published_thread(world)
    for i in range(count):
        world.drv.post(thread, world.member, text_of(length, f"c{i} "))
    await comment_rows(world, count, timeout=60)
    [(review_id,)] = query(world.db_path, "SELECT id FROM reviews")
    handle = world.drv.invoke(world.guild, world.reviews, world.member, "comments show", {"review": str(review_id)})
    pages = await all_pages(world, handle, world.member)
    no_failure(pages)
    shown = "\n".join(pages)
    numbers = re.findall(r"^\*\*(\d+)\*\* ", shown, re.MULTILINE)
    assert numbers == [str(i) for i in range(1, count + 1)]  # each comment once, in order, across pages
    assert all(page.startswith(f"**{count} thoughts on ") for page in pages)


async def _store_reviews(world, count: int, title_length: int) -> None:
    store = world.bot.store
    for i in range(count):
        new = NewReview(guild_id=int(world.guild.id), title=text_of(title_length, f"R{i} "),
                        film_title=text_of(200, "*Film* "), film_year=2010, film_id=None,
                        author_id=int(world.reviewer.id), byline=text_of(80, "_by_ "), rating=4.0, body="b")
        await store.reviews.create(new, channel_id=int(world.reviews["id"]), message_ids=[10**18 + i],
                                   thread_id=None)


@pytest.mark.parametrize(("count", "title_length"), [(80, 140), (200, 256)])
async def test_review_list_pages_every_review_within_discords_limit(world, count, title_length):
    await _store_reviews(world, count, title_length)
    handle = world.drv.invoke(world.guild, world.reviews, world.member, "review list")
    pages = await all_pages(world, handle, world.member)
    no_failure(pages)
    shown = "\n".join(pages)
    listed = re.findall(r"^`#(\d+)` ", shown, re.MULTILINE)
    assert listed == [str(i) for i in range(count, 0, -1)]  # newest first, each once
    assert f"({count})" in pages[-1]


async def test_release_reminders_list_the_most_a_member_may_have_with_the_longest_titles(world):
    for i in range(25):
        title = text_of(300, f"F{i} ")
        added = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film add",
                                              {"title": title, "year": 2030}))
        assert "Added" in added["content"], added
        [(film_id,)] = query(world.db_path, "SELECT id FROM films WHERE title = ?", title.strip())
        done = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release remind",
                                             {"film": str(film_id), "country": "GB", "format": "dvd"}))
        assert "ping you" in done["content"], done
    handle = world.drv.invoke(world.guild, world.reviews, world.member, "release reminders")
    pages = await all_pages(world, handle, world.member)
    no_failure(pages)
    listed = re.findall(r"^`(\d+)` F(\d+) ", "\n".join(pages), re.MULTILINE)
    assert [film for _, film in listed] == [str(i) for i in range(25)]
    first = await answer(handle)
    select = next(c for row in first["components"] for c in row["components"] if c["type"] == 3)
    assert len(select["options"]) == 25  # every reminder can still be cancelled from any page


def _film_file(countries: list[str]) -> Attachment:
    releases = [
        {"iso_3166_1": code, "release_dates": [
            {"type": kind, "release_date": f"2011-{kind:02d}-{(n % 28) + 1:02d}", "note": text_of(60, f"{code}{kind} ")}
            for kind in range(1, 7)
        ]}
        for n, code in enumerate(countries)
    ]
    film = {"title": "Everywhere At Once", "year": 2011, "director": text_of(200, "Dir "),
            "cast": [text_of(60, f"Actor {i} ") for i in range(40)], "runtime_minutes": 139,
            "imdb_id": "tt1234567", "release_dates": {"results": releases}}
    return Attachment("films.json", json.dumps({"films": [film]}).encode(), "application/json")


async def test_film_info_pages_every_release_of_a_film_released_everywhere(world):
    import pycountry

    countries = sorted(c.alpha_2 for c in pycountry.countries)[:80]  # 480 releases: 10× what broke it
    imported = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film import",
                                             {"file": _film_file(countries)}))
    assert "1 film added" in imported["content"], imported
    [(film_id,)] = query(world.db_path, "SELECT id FROM films WHERE title = 'Everywhere At Once'")
    handle = world.drv.invoke(world.guild, world.reviews, world.member, "film info", {"film": str(film_id)})
    pages = await all_pages(world, handle, world.member)
    no_failure(pages)
    rows = [line for page in pages for line in page.splitlines() if re.match(r"^[A-Z]{2}  ", line)]
    assert len(rows) == len(countries) * 6
    assert all(page.count("```") == 2 for page in pages)  # each page's table is a whole code block
    assert all("Everywhere At Once (2011)" in page for page in pages)


async def test_film_info_shows_the_details_given_to_film_add(world):
    added = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film add",
                                          {"title": "Club Home Movie", "year": 2024, "director": "Ada Lovelace",
                                           "runtime": 97, "imdb_id": "tt7654321"}))
    assert "Added" in added["content"]
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "film info",
                                          {"film": "Club Home Movie"}))
    text = shown["content"]
    assert is_ephemeral(shown) and "could mean" not in text, text
    assert "Club Home Movie (2024)" in text
    assert "Ada Lovelace" in text and "97 min" in text
    assert "https://www.imdb.com/title/tt7654321/" in text


async def test_film_info_shows_cast_from_an_imported_file(world):
    film = {"title": "Cast Party", "year": 2019, "director": "Bea Director", "cast": ["Ann One", "Ben Two"],
            "runtime_minutes": 88, "imdb_id": "tt0000123"}
    file = Attachment("films.json", json.dumps({"films": [film]}).encode(), "application/json")
    await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film import", {"file": file}))
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "film info",
                                          {"film": "Cast Party"}))
    assert "Ann One, Ben Two" in shown["content"] and "Bea Director" in shown["content"]


async def test_settings_show_fits_and_pings_nobody(world):
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "settings show"))
    assert is_ephemeral(shown) and len(shown["content"]) <= CONTENT_LIMIT
    assert "Review channel" in shown["content"]
    assert shown["allowed_mentions"]["parse"] == []




async def test_a_near_miss_after_film_add_is_offered_as_one_film_not_as_several(world):
    await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film add",
                                  {"title": "Club Home Movie", "year": 2024}))
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "film info",
                                          {"film": "Club Home"}))
    assert is_ephemeral(shown)
    assert "several" not in shown["content"]
    assert "Did you mean *Club Home Movie (2024)*?" in shown["content"]


async def test_several_films_with_the_longest_titles_are_named_within_discords_limit(world):
    title = ("Zo*_ " * 60).strip()  # 300 characters, 120 of them escaped when shown
    for year in range(2020, 2025):
        added = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film add",
                                              {"title": title, "year": year}))
        assert "Added" in added["content"], added
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "film info", {"film": title}))
    assert is_ephemeral(shown) and "went wrong" not in shown["content"], shown["content"][:200]
    assert "could mean several films" in shown["content"] and len(shown["content"]) <= CONTENT_LIMIT
    assert all(f"({year})" in shown["content"] for year in range(2020, 2025))
