"""Where to watch, and every film command asking TMDB: end to end through the loopback Discord and TMDB.

A where-to-watch question is answered from the watch providers TMDB sent for the asked country, with
JustWatch credited; a country with none and a film with no TMDB data are said plainly. ``/film info``,
``/release remind``, ``/release watch`` and a review naming a film the store lacks ask TMDB as
``/release when`` does, and TMDB's attribution is shown where its data is.
"""

from __future__ import annotations

import datetime as dt

from bot.sandbox.tmdb import StoredMovie
from tests.e2e.helpers import answer, published_thread, query, review_file
from tests.e2e.test_releases import bot_replies, reply_to

ATTRIBUTION = "This product uses the TMDB API but is not endorsed or certified by TMDB."
CREDIT = "Where-to-watch data from JustWatch, via TMDB."


def _upcoming(days: int) -> str:
    day = dt.date.today() + dt.timedelta(days=days)
    if (day.month, day.day) == (1, 1):  # TMDB's way of writing "that year only": not a day to test with
        day += dt.timedelta(days=1)
    return day.isoformat()


def _past(days: int) -> str:
    day = dt.date.today() - dt.timedelta(days=days)
    if (day.month, day.day) == (1, 1):
        day -= dt.timedelta(days=1)
    return day.isoformat()


def _moon_garden(tmdb) -> StoredMovie:
    """A film only TMDB knows: streaming and for rent in the UK, on Hulu in the US, nowhere in Germany."""
    return tmdb.add_movie(StoredMovie(
        id=9191, title="Moon Garden", release_date=_past(200), runtime=98,
        releases={"GB": [(3, _past(200), "15", ""), (4, _past(90), "", "")], "US": [(3, _past(205), "R", "")]},
        providers={"GB": {"flatrate": ["Netflix"], "rent": ["Apple TV", "Amazon Video"], "buy": ["Apple TV"]},
                   "US": {"flatrate": ["Hulu"]}},
    ))


async def _general(world):
    general = world.drv.create_text_channel(world.guild, "general")
    await world.drv.wait_for_dispatch("CHANNEL_CREATE", lambda d: d["id"] == general["id"], app=world.app)
    return general


async def test_a_named_service_gets_yes_and_the_countrys_other_services(tmdb_world, tmdb):
    world = tmdb_world
    _moon_garden(tmdb)
    general = await _general(world)
    question = world.drv.post(general, world.member, f"<@{world.app.bot_id}> is Moon Garden on Netflix in the UK?")
    reply = (await reply_to(world, general, question, timeout=10))["content"]
    assert "Moon Garden" in reply and "**Yes**: on Netflix in the UK, with a subscription." in reply
    assert "Rent: Apple TV, Amazon Video" in reply and "Buy: Apple TV" in reply
    assert "Hulu" not in reply  # the US's service, not the asked country's
    assert CREDIT in reply


async def test_the_asked_country_decides_which_services_are_named(tmdb_world, tmdb):
    world = tmdb_world
    _moon_garden(tmdb)
    general = await _general(world)
    question = world.drv.post(general, world.member, f"<@{world.app.bot_id}> is Moon Garden on Netflix in the US?")
    reply = (await reply_to(world, general, question, timeout=10))["content"]
    assert "**No**: not on Netflix in the US." in reply and "Subscription: Hulu" in reply
    assert "Apple TV" not in reply and CREDIT in reply


async def test_a_country_with_no_offers_is_told_so_plainly(tmdb_world, tmdb):
    world = tmdb_world
    _moon_garden(tmdb)
    general = await _general(world)
    question = world.drv.post(general, world.member,
                              f"<@{world.app.bot_id}> where can I stream Moon Garden in Germany?")
    reply = (await reply_to(world, general, question, timeout=10))["content"]
    assert "No service offers it in Germany: not to stream, rent or buy" in reply
    assert "Netflix" not in reply and "Hulu" not in reply and CREDIT in reply


async def test_a_thread_question_about_the_reviews_film_from_tmdb_is_answered_and_chatter_left_alone(tmdb_world, tmdb):
    world = tmdb_world
    _moon_garden(tmdb)
    thread = await published_thread(world, title="Film Review: Moon Garden", film="Moon Garden")
    [(film_id,)] = query(world.db_path, "SELECT film_id FROM reviews")
    assert film_id is not None  # the modal's film was asked of TMDB and the review linked to it
    chatter = world.drv.post(thread, world.member, "I watched it on Netflix last night")
    also = world.drv.post(thread, world.member, "Netflix is expensive though")
    question = world.drv.post(thread, world.member, "where can I rent it in the UK?")
    reply = (await reply_to(world, thread, question, timeout=10))["content"]
    assert reply.index("Rent: Apple TV, Amazon Video") < reply.index("Subscription: Netflix")  # what was asked first
    replied_to = {(m.get("message_reference") or {}).get("message_id") for m in bot_replies(world, thread)}
    assert chatter["id"] not in replied_to and also["id"] not in replied_to


async def test_a_film_without_tmdb_data_says_where_to_watch_is_not_known(tmdb_world, tmdb):
    world = tmdb_world
    thread = await published_thread(world)  # Never Let Me Go: the shipped catalogue's, not TMDB's
    question = world.drv.post(thread, world.member, "is it on Netflix in the UK?")
    reply = (await reply_to(world, thread, question, timeout=10))["content"]
    assert "I don't know where **Never Let Me Go (2010)** can be watched" in reply and "won't guess" in reply
    assert "Netflix" not in reply.split("\n", 1)[1]  # no service named as if it had the film
    assert CREDIT not in reply


async def test_release_watch_answers_for_a_film_only_tmdb_knows_and_then_from_the_store(tmdb_world, tmdb):
    world = tmdb_world
    _moon_garden(tmdb)
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release watch",
                                          {"film": "Moon Garden", "country": "GB"}))
    assert "Subscription: Netflix" in shown["content"] and CREDIT in shown["content"]
    asked = len(tmdb.requests)
    again = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release watch",
                                          {"film": "Moon Garden", "country": "US"}))
    assert "Subscription: Hulu" in again["content"]
    assert len(tmdb.requests) == asked  # the second ask is answered from the store


async def test_a_date_question_about_a_service_keeps_the_release_answer(tmdb_world, tmdb):
    world = tmdb_world
    _moon_garden(tmdb)
    general = await _general(world)
    question = world.drv.post(general, world.member, f"<@{world.app.bot_id}> when is Moon Garden on Netflix in the UK?")
    reply = (await reply_to(world, general, question, timeout=10))["content"]
    day = dt.date.fromisoformat(_past(90))
    assert f"{day.day} {day:%B %Y}" in reply and CREDIT not in reply


async def test_film_info_asks_tmdb_for_a_film_the_store_lacks_and_credits_tmdb(tmdb_world, tmdb):
    world = tmdb_world
    _moon_garden(tmdb)
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "film info",
                                          {"film": "Moon Garden"}))
    assert "**Moon Garden" in shown["content"] and "98 min" in shown["content"]
    assert ATTRIBUTION in shown["content"]
    assert [r.path for r in tmdb.requests if r.path != "/3/movie/changes"] == ["/3/search/movie", "/3/movie/9191"]


async def test_film_info_without_tmdb_shows_no_attribution(world):
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "film info",
                                          {"film": "Never Let Me Go"}))
    assert "Never Let Me Go" in shown["content"] and ATTRIBUTION not in shown["content"]


async def test_release_remind_asks_tmdb_for_a_film_the_store_lacks(tmdb_world, tmdb):
    world = tmdb_world
    tmdb.add_movie(StoredMovie(id=9292, title="The Salt Road", release_date=_upcoming(30),
                               releases={"GB": [(3, _upcoming(30), "12A", "")]}))
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release remind",
                                          {"film": "The Salt Road", "country": "GB", "format": "cinema"}))
    day = dt.date.fromisoformat(_upcoming(30))
    assert "The Salt Road" in shown["content"] and f"{day.day} {day:%B %Y}" in shown["content"]
    [(film_id,)] = query(world.db_path, "SELECT film_id FROM reminders")
    assert query(world.db_path, "SELECT tmdb_id FROM tmdb_films WHERE film_id = ?", film_id) == [(9292,)]


async def test_a_review_file_naming_a_film_only_tmdb_knows_is_linked_to_it(tmdb_world, tmdb):
    world = tmdb_world
    tmdb.add_movie(StoredMovie(id=9393, title="Harbour Lights", release_date="2024-03-08",
                               releases={"GB": [(3, "2024-03-08", "12A", "")]}))
    handle = world.drv.invoke(world.guild, world.reviews, world.owner, "review publish", {
        "channel": world.reviews["id"],
        "file": review_file("Harbour Lights, reviewed", "Harbour Lights", "Luminous.", year=2024)})
    assert "Published" in (await answer(handle))["content"]
    [(film_id, year)] = query(world.db_path, "SELECT film_id, film_year FROM reviews")
    assert film_id is not None and year == 2024
    assert query(world.db_path, "SELECT tmdb_id FROM tmdb_films WHERE film_id = ?", film_id) == [(9393,)]


async def test_help_carries_tmdbs_attribution_when_tmdb_is_on(tmdb_world):
    from tests.e2e.test_help import help_text

    text = await help_text(tmdb_world, tmdb_world.member)
    assert ATTRIBUTION in text and "`/release watch`" in text


async def test_a_title_tmdb_has_twice_asks_which_and_the_pick_answers_where_to_watch(tmdb_world, tmdb):
    world = tmdb_world
    tmdb.add_movie(StoredMovie(id=9494, title="Tidewater", release_date="1998-05-06", popularity=2.0,
                               providers={"GB": {"flatrate": ["MUBI"]}}))
    tmdb.add_movie(StoredMovie(id=9495, title="Tidewater", release_date="2024-09-13",
                               providers={"GB": {"rent": ["Apple TV"]}}))
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release watch",
                                          {"film": "Tidewater", "country": "GB"}))
    buttons = {c["label"]: c for row in shown["components"] for c in row["components"]}
    assert sorted(buttons) == ["Tidewater (1998)", "Tidewater (2024)"]
    message = bot_replies(world, world.reviews)[-1]
    click = world.drv.click(message, buttons["Tidewater (1998)"]["custom_id"], world.member)
    picked = (await click.response())["data"]["content"]
    assert "Subscription: MUBI" in picked and "Apple TV" not in picked and CREDIT in picked


async def test_a_thread_question_the_release_parser_does_not_take_is_still_answered(tmdb_world, tmdb):
    world = tmdb_world
    _moon_garden(tmdb)
    thread = await published_thread(world, title="Film Review: Moon Garden", film="Moon Garden")
    question = world.drv.post(thread, world.member, "which services have it in the US?")
    reply = (await reply_to(world, thread, question, timeout=10))["content"]
    assert "Subscription: Hulu" in reply and CREDIT in reply
